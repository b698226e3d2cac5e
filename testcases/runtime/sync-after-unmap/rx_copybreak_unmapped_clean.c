// SPDX-License-Identifier: GPL-2.0
/*
 * A receive path that reads the frame's status word through a partial sync
 * while the buffer is still mapped, and only then unmaps it.
 */
#include <linux/slab.h>

#include "../harness/rt_platform.h"

#define RX_BUF_LEN	2048
#define RX_STATUS_OFF	2044

struct rx_slot {
	void *buf;
	dma_addr_t dma;
};

struct rxdev {
	struct device *dev;
	struct rx_slot slot;
	u32 last_status;
};

static int rx_refill(struct rxdev *rd)
{
	rd->slot.buf = kzalloc(RX_BUF_LEN, GFP_KERNEL);
	if (!rd->slot.buf)
		return -ENOMEM;
	rd->slot.dma = dma_map_single(rd->dev, rd->slot.buf, RX_BUF_LEN, DMA_FROM_DEVICE);
	if (dma_mapping_error(rd->dev, rd->slot.dma)) {
		kfree(rd->slot.buf);
		rd->slot.buf = NULL;
		return -ENOMEM;
	}
	return 0;
}

static void rx_frame_done(struct rxdev *rd)
{
	struct rx_slot *s = &rd->slot;

	dma_sync_single_range_for_cpu(rd->dev, s->dma, RX_STATUS_OFF, sizeof(u32), DMA_FROM_DEVICE);
	rd->last_status = *(u32 *)(s->buf + RX_STATUS_OFF);
	dma_unmap_single(rd->dev, s->dma, RX_BUF_LEN, DMA_FROM_DEVICE);
	kfree(s->buf);
	s->buf = NULL;
}

static int rxdev_probe(struct platform_device *pdev)
{
	struct rxdev *rd = devm_kzalloc(&pdev->dev, sizeof(*rd), GFP_KERNEL);

	if (!rd)
		return -ENOMEM;
	rd->dev = &pdev->dev;
	platform_set_drvdata(pdev, rd);
	if (rx_refill(rd) == 0)
		rx_frame_done(rd);
	return 0;
}

static void rxdev_remove(struct platform_device *pdev)
{
}

RT_PLATFORM_MODULE(rxdev_probe, rxdev_remove);
