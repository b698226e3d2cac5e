// SPDX-License-Identifier: GPL-2.0
/*
 * direction-mismatch within one function: a command buffer mapped
 * DMA_BIDIRECTIONAL and unmapped DMA_TO_DEVICE on the error path (the
 * firmware's reply is never handed back), and a scatterlist mapped for a
 * device read but synced and unmapped as if the device had been written to.
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

struct ldh_dev {
	struct device *dev;
	void __iomem *regs;
};

int ldh_exec(struct ldh_dev *ld, void *cmd, size_t len)
{
	dma_addr_t dma;
	int ret;

	dma = dma_map_single(ld->dev, cmd, len, DMA_BIDIRECTIONAL);
	if (dma_mapping_error(ld->dev, dma))
		return -ENOMEM;
	writel(lower_32_bits(dma), ld->regs + 0x10);
	writel(upper_32_bits(dma), ld->regs + 0x14);
	ret = (readl(ld->regs + 0x18) & 1) ? 0 : -EIO;
	if (ret) {
		dma_unmap_single(ld->dev, dma, len, DMA_TO_DEVICE); /* expect: direction-mismatch */
		return ret;
	}
	dma_unmap_single(ld->dev, dma, len, DMA_BIDIRECTIONAL);
	return 0;
}
EXPORT_SYMBOL_GPL(ldh_exec);

int ldh_read_blocks(struct ldh_dev *ld, struct scatterlist *sgl, int nents)
{
	int count;

	count = dma_map_sg(ld->dev, sgl, nents, DMA_FROM_DEVICE);
	if (!count)
		return -EIO;
	writel(count, ld->regs + 0x20);
	dma_sync_sg_for_cpu(ld->dev, sgl, nents, DMA_TO_DEVICE); /* expect: direction-mismatch */
	dma_unmap_sg(ld->dev, sgl, nents, DMA_TO_DEVICE); /* expect: direction-mismatch */
	return 0;
}
EXPORT_SYMBOL_GPL(ldh_read_blocks);

MODULE_LICENSE("GPL");
