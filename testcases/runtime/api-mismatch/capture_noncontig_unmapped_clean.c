// SPDX-License-Identifier: GPL-2.0
/*
 * The clean twin of capture_noncontig_unmapped_bad.c: a full capture cycle
 * on non-contiguous memory (given to the device with
 * dma_sync_sgtable_for_device(), taken back with dma_sync_sgtable_for_cpu()
 * before it is read) and the buffer returned with dma_free_noncontiguous().
 */
#include <linux/scatterlist.h>
#include <linux/slab.h>

#include "../harness/rt_platform.h"

#define CAPTURE_BYTES	(3 * PAGE_SIZE)

struct capture {
	struct sg_table *sgt;
};

static u8 capture_first_byte(struct device *dev, struct capture *cap)
{
	dma_sync_sgtable_for_device(dev, cap->sgt, DMA_FROM_DEVICE);
	/* ... the device fills the buffer ... */
	dma_sync_sgtable_for_cpu(dev, cap->sgt, DMA_FROM_DEVICE);
	return *(u8 *)sg_virt(cap->sgt->sgl);
}

static int capture_probe(struct platform_device *pdev)
{
	struct capture *cap = devm_kzalloc(&pdev->dev, sizeof(*cap), GFP_KERNEL);

	if (!cap)
		return -ENOMEM;
	cap->sgt = dma_alloc_noncontiguous(&pdev->dev, CAPTURE_BYTES, DMA_FROM_DEVICE, GFP_KERNEL, 0);
	if (!cap->sgt)
		return -ENOMEM;
	platform_set_drvdata(pdev, cap);
	dev_info(&pdev->dev, "first captured byte 0x%02x\n", capture_first_byte(&pdev->dev, cap));
	return 0;
}

static void capture_remove(struct platform_device *pdev)
{
	struct capture *cap = platform_get_drvdata(pdev);

	dma_free_noncontiguous(&pdev->dev, CAPTURE_BYTES, cap->sgt, DMA_FROM_DEVICE);
}

RT_PLATFORM_MODULE(capture_probe, capture_remove);
