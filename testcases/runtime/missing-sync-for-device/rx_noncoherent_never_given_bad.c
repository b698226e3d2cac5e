// SPDX-License-Identifier: GPL-2.0
/*
 * A status buffer in non-coherent memory (dma_alloc_noncoherent()) that the
 * driver lets the device write without first giving it to the device with
 * dma_sync_single_for_device(): only dma_sync_single_for_cpu() is called,
 * before reading.  Non-coherent allocations start out owned by the CPU; on
 * a non-coherent machine the CPU's dirty lines (the allocator zeroed the
 * pages) can be written back over what the device wrote.
 */
#include "../harness/rt_platform.h"

#define STATUS_BYTES	256

struct stat_buf {
	void *cpu;
	dma_addr_t dma;
};

static u8 stat_read(struct device *dev, struct stat_buf *sb)
{
	/* ... the device has written its statistics ... */
	dma_sync_single_for_cpu(dev, sb->dma, STATUS_BYTES, DMA_FROM_DEVICE); /* expect: missing-sync-for-device */
	return *(u8 *)sb->cpu;
}

static int statbuf_probe(struct platform_device *pdev)
{
	struct stat_buf *sb = devm_kzalloc(&pdev->dev, sizeof(*sb), GFP_KERNEL);

	if (!sb)
		return -ENOMEM;
	sb->cpu = dma_alloc_noncoherent(&pdev->dev, STATUS_BYTES, &sb->dma, DMA_FROM_DEVICE, GFP_KERNEL); /* related: missing-sync-for-device */
	if (!sb->cpu)
		return -ENOMEM;
	platform_set_drvdata(pdev, sb);
	dev_info(&pdev->dev, "first statistic 0x%02x\n", stat_read(&pdev->dev, sb));
	return 0;
}

static void statbuf_remove(struct platform_device *pdev)
{
	struct stat_buf *sb = platform_get_drvdata(pdev);

	dma_free_noncoherent(&pdev->dev, STATUS_BYTES, sb->cpu, sb->dma, DMA_FROM_DEVICE);
}

RT_PLATFORM_MODULE(statbuf_probe, statbuf_remove);
