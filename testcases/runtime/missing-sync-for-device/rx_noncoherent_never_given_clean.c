// SPDX-License-Identifier: GPL-2.0
/*
 * The clean twin of rx_noncoherent_never_given_bad.c: the status buffer is
 * given to the device with dma_sync_single_for_device() before the device
 * writes it, and taken back with dma_sync_single_for_cpu() before it is read.
 */
#include "../harness/rt_platform.h"

#define STATUS_BYTES	256

struct stat_buf {
	void *cpu;
	dma_addr_t dma;
};

static u8 stat_read(struct device *dev, struct stat_buf *sb)
{
	dma_sync_single_for_device(dev, sb->dma, STATUS_BYTES, DMA_FROM_DEVICE);
	/* ... the device writes its statistics ... */
	dma_sync_single_for_cpu(dev, sb->dma, STATUS_BYTES, DMA_FROM_DEVICE);
	return *(u8 *)sb->cpu;
}

static int statbuf_probe(struct platform_device *pdev)
{
	struct stat_buf *sb = devm_kzalloc(&pdev->dev, sizeof(*sb), GFP_KERNEL);

	if (!sb)
		return -ENOMEM;
	sb->cpu = dma_alloc_noncoherent(&pdev->dev, STATUS_BYTES, &sb->dma, DMA_FROM_DEVICE, GFP_KERNEL);
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
