// SPDX-License-Identifier: GPL-2.0
/*
 * A device context whose device-written parts each start a cache line of
 * their own (____cacheline_aligned, as in drivers/net/ and drivers/usb/),
 * so the two DMA_FROM_DEVICE mappings never share a line.
 */
#include <linux/cache.h>
#include <linux/slab.h>

#include "../harness/rt_platform.h"

struct ctx {
	u8 rx_header[40] ____cacheline_aligned;	/* written by the device */
	u8 status[24] ____cacheline_aligned;	/* written by the device, a line of its own */
	u32 flags ____cacheline_aligned;
};

struct ctxdev {
	struct device *dev;
	struct ctx *ctx;
	dma_addr_t header_dma, status_dma;
};

static int ctx_map(struct ctxdev *cd)
{
	cd->header_dma = dma_map_single(cd->dev, cd->ctx->rx_header, sizeof(cd->ctx->rx_header), DMA_FROM_DEVICE);
	if (dma_mapping_error(cd->dev, cd->header_dma))
		return -ENOMEM;
	cd->status_dma = dma_map_single(cd->dev, cd->ctx->status, sizeof(cd->ctx->status), DMA_FROM_DEVICE);
	if (dma_mapping_error(cd->dev, cd->status_dma)) {
		dma_unmap_single(cd->dev, cd->header_dma, sizeof(cd->ctx->rx_header), DMA_FROM_DEVICE);
		return -ENOMEM;
	}
	return 0;
}

static int ctxdev_probe(struct platform_device *pdev)
{
	struct ctxdev *cd = devm_kzalloc(&pdev->dev, sizeof(*cd), GFP_KERNEL);
	int err;

	if (!cd)
		return -ENOMEM;
	cd->dev = &pdev->dev;
	cd->ctx = kzalloc(sizeof(*cd->ctx), GFP_KERNEL);
	if (!cd->ctx)
		return -ENOMEM;
	err = ctx_map(cd);
	if (err) {
		kfree(cd->ctx);
		return err;
	}
	platform_set_drvdata(pdev, cd);
	return 0;
}

static void ctxdev_remove(struct platform_device *pdev)
{
	struct ctxdev *cd = platform_get_drvdata(pdev);

	dma_unmap_single(cd->dev, cd->status_dma, sizeof(cd->ctx->status), DMA_FROM_DEVICE);
	dma_unmap_single(cd->dev, cd->header_dma, sizeof(cd->ctx->rx_header), DMA_FROM_DEVICE);
	kfree(cd->ctx);
}

RT_PLATFORM_MODULE(ctxdev_probe, ctxdev_remove);
