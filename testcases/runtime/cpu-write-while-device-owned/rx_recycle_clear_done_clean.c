// SPDX-License-Identifier: GPL-2.0
/*
 * The clean twin of rx_recycle_clear_done_bad.c: the recycle path takes the
 * "done" word for the CPU with dma_sync_single_for_cpu() before it clears it,
 * then hands the buffer back.
 */
#include <linux/delay.h>
#include <linux/slab.h>

#include "../harness/rt_platform.h"

#define RX_LEN		2048

struct rx_buf {
	__le32 done;
	u8 frame[RX_LEN - sizeof(__le32)];
};

struct rx_slot {
	struct rx_buf *buf;
	dma_addr_t dma;
};

static void rx_recycle(struct device *dev, struct rx_slot *s)
{
	dma_sync_single_for_cpu(dev, s->dma, sizeof(s->buf->done), DMA_FROM_DEVICE);
	s->buf->done = 0;
	dma_sync_single_for_device(dev, s->dma, RX_LEN, DMA_FROM_DEVICE);
}

static int rxrecycle_probe(struct platform_device *pdev)
{
	struct rx_slot *s = devm_kzalloc(&pdev->dev, sizeof(*s), GFP_KERNEL);

	if (!s)
		return -ENOMEM;
	s->buf = kzalloc(RX_LEN, GFP_KERNEL);
	if (!s->buf)
		return -ENOMEM;
	s->dma = dma_map_single(&pdev->dev, s->buf, RX_LEN, DMA_FROM_DEVICE);
	if (dma_mapping_error(&pdev->dev, s->dma)) {
		kfree(s->buf);
		return -ENOMEM;
	}
	platform_set_drvdata(pdev, s);
	msleep(50);
	rx_recycle(&pdev->dev, s);
	return 0;
}

static void rxrecycle_remove(struct platform_device *pdev)
{
	struct rx_slot *s = platform_get_drvdata(pdev);

	dma_unmap_single(&pdev->dev, s->dma, RX_LEN, DMA_FROM_DEVICE);
	kfree(s->buf);
}

RT_PLATFORM_MODULE(rxrecycle_probe, rxrecycle_remove);
