// SPDX-License-Identifier: GPL-2.0
/*
 * A capture buffer allocated with dma_alloc_noncontiguous() and released as
 * if it had been mapped: dma_unmap_sgtable(), then the table freed by hand.
 * The memory was allocated by the DMA layer and must go back to it with
 * dma_free_noncontiguous(); as written, its pages (and, behind an IOMMU,
 * its IOVA) leak.
 */
#include <linux/scatterlist.h>
#include <linux/slab.h>

#include "../harness/rt_platform.h"

#define CAPTURE_BYTES	(3 * PAGE_SIZE)

struct capture {
	struct sg_table *sgt;
};

static void capture_release(struct device *dev, struct capture *cap)
{
	dma_unmap_sgtable(dev, cap->sgt, DMA_FROM_DEVICE, 0); /* expect: api-mismatch */
	sg_free_table(cap->sgt);
	kfree(cap->sgt);
}

static int capture_probe(struct platform_device *pdev)
{
	struct capture *cap = devm_kzalloc(&pdev->dev, sizeof(*cap), GFP_KERNEL);

	if (!cap)
		return -ENOMEM;
	cap->sgt = dma_alloc_noncontiguous(&pdev->dev, CAPTURE_BYTES, DMA_FROM_DEVICE, GFP_KERNEL, 0); /* related: api-mismatch */
	if (!cap->sgt)
		return -ENOMEM;
	platform_set_drvdata(pdev, cap);
	return 0;
}

static void capture_remove(struct platform_device *pdev)
{
	capture_release(&pdev->dev, platform_get_drvdata(pdev));
}

RT_PLATFORM_MODULE(capture_probe, capture_remove);
