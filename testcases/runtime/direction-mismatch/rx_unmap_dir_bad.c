// SPDX-License-Identifier: GPL-2.0
/*
 * A receive ring whose clean-up path was copied from the transmit path: the
 * buffers are mapped DMA_FROM_DEVICE, but the copybreak sync and the unmap
 * say DMA_TO_DEVICE.
 */
#include <linux/slab.h>
#include <linux/string.h>

#include "../harness/rt_platform.h"

#define RXQ_SLOTS	4
#define RXQ_BUF_LEN	1536
#define RXQ_COPYBREAK	128

struct rxq {
	struct device *dev;
	void *buf[RXQ_SLOTS];
	dma_addr_t dma[RXQ_SLOTS];
	u8 copy[RXQ_COPYBREAK];
};

static int rxq_fill(struct rxq *q)
{
	unsigned int i;

	for (i = 0; i < RXQ_SLOTS; i++) {
		q->buf[i] = kmalloc(RXQ_BUF_LEN, GFP_KERNEL);
		if (!q->buf[i])
			return -ENOMEM;
		q->dma[i] = dma_map_single(q->dev, q->buf[i], RXQ_BUF_LEN, DMA_FROM_DEVICE); /* related: direction-mismatch */
		if (dma_mapping_error(q->dev, q->dma[i])) {
			kfree(q->buf[i]);
			q->buf[i] = NULL;
			return -ENOMEM;
		}
	}
	return 0;
}

/* A short frame arrived in slot i: copy it out and leave the buffer mapped. */
static void rxq_copybreak(struct rxq *q, unsigned int i, unsigned int len)
{
	dma_sync_single_for_cpu(q->dev, q->dma[i], len, DMA_TO_DEVICE); /* expect: direction-mismatch */
	memcpy(q->copy, q->buf[i], len);
	dma_sync_single_for_device(q->dev, q->dma[i], len, DMA_FROM_DEVICE);
}

static void rxq_free(struct rxq *q)
{
	unsigned int i;

	for (i = 0; i < RXQ_SLOTS; i++) {
		if (!q->buf[i])
			continue;
		dma_unmap_single(q->dev, q->dma[i], RXQ_BUF_LEN, DMA_TO_DEVICE); /* expect: direction-mismatch */
		kfree(q->buf[i]);
	}
}

static int rxq_probe(struct platform_device *pdev)
{
	struct rxq *q = devm_kzalloc(&pdev->dev, sizeof(*q), GFP_KERNEL);

	if (!q)
		return -ENOMEM;
	q->dev = &pdev->dev;
	platform_set_drvdata(pdev, q);
	if (rxq_fill(q) == 0)
		rxq_copybreak(q, 1, 60);
	return 0;
}

static void rxq_remove(struct platform_device *pdev)
{
	rxq_free(platform_get_drvdata(pdev));
}

RT_PLATFORM_MODULE(rxq_probe, rxq_remove);
