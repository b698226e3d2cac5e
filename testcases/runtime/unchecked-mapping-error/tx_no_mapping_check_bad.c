// SPDX-License-Identifier: GPL-2.0
/*
 * A transmit path that writes the mapped address into the descriptor
 * without asking dma_mapping_error() first (dmatrack-test: wrap: the check
 * is an inline only the wrap header sees).
 */
#include <linux/slab.h>

#include "../harness/rt_platform.h"

#define TX_LEN		128

struct txdesc {
	__le64 addr;
	__le32 len;
};

struct txdev {
	struct device *dev;
	struct txdesc desc;
	void *buf;
	dma_addr_t dma;
};

static int tx_post(struct txdev *td)
{
	td->buf = kzalloc(TX_LEN, GFP_KERNEL);
	if (!td->buf)
		return -ENOMEM;
	td->dma = dma_map_single(td->dev, td->buf, TX_LEN, DMA_TO_DEVICE); /* expect: unchecked-mapping-error */
	td->desc.addr = cpu_to_le64(td->dma);
	td->desc.len = cpu_to_le32(TX_LEN);
	return 0;
}

static void tx_done(struct txdev *td)
{
	dma_unmap_single(td->dev, td->dma, TX_LEN, DMA_TO_DEVICE); /* related: unchecked-mapping-error */
	kfree(td->buf);
	td->buf = NULL;
}

static int txdev_probe(struct platform_device *pdev)
{
	struct txdev *td = devm_kzalloc(&pdev->dev, sizeof(*td), GFP_KERNEL);

	if (!td)
		return -ENOMEM;
	td->dev = &pdev->dev;
	platform_set_drvdata(pdev, td);
	return tx_post(td);
}

static void txdev_remove(struct platform_device *pdev)
{
	struct txdev *td = platform_get_drvdata(pdev);

	if (td->buf)
		tx_done(td);
}

RT_PLATFORM_MODULE(txdev_probe, txdev_remove);
