// SPDX-License-Identifier: GPL-2.0
/*
 * A crypto request keeps what it maps in its context and fills the
 * hardware descriptor as it goes: the sg count is stored in the context
 * on the line before it is tested, and the IV's handle is written into the
 * descriptor on the line before dma_mapping_error().  Nothing can act on
 * either store before the check right after it (the device is told about
 * the descriptor only at the end), so neither is a use of an unchecked
 * mapping.  A single-entry list is checked with BUG_ON(count != 1).
 */
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/scatterlist.h>

struct sbc_desc {
	__le64 src;
	__le64 iv;
	__le32 nents;
};

struct sbc_ctx {
	struct device *dev;
	void __iomem *regs;
	struct sbc_desc *desc;
	dma_addr_t desc_dma;
	int src_nents;
	dma_addr_t iv_dma;
};

int sbc_queue(struct sbc_ctx *ctx, struct scatterlist *src, int nents, u8 *iv, int ivsize)
{
	struct sbc_desc *desc = ctx->desc;

	ctx->src_nents = dma_map_sg(ctx->dev, src, nents, DMA_TO_DEVICE);
	if (!ctx->src_nents)
		return -ENOMEM;
	ctx->iv_dma = dma_map_single(ctx->dev, iv, ivsize, DMA_TO_DEVICE);
	desc->iv = cpu_to_le64(ctx->iv_dma);
	if (dma_mapping_error(ctx->dev, ctx->iv_dma)) {
		dma_unmap_sg(ctx->dev, src, nents, DMA_TO_DEVICE);
		return -ENOMEM;
	}
	desc->src = cpu_to_le64(sg_dma_address(src));
	desc->nents = cpu_to_le32(ctx->src_nents);
	writel(lower_32_bits(ctx->desc_dma), ctx->regs + 0x40);
	return 0;
}
EXPORT_SYMBOL_GPL(sbc_queue);

int sbc_key(struct sbc_ctx *ctx, struct scatterlist *key)
{
	int count = dma_map_sg(ctx->dev, key, 1, DMA_TO_DEVICE);

	BUG_ON(count != 1);
	ctx->desc->nents = cpu_to_le32(count);
	writel(lower_32_bits(sg_dma_address(key)), ctx->regs + 0x48);
	dma_unmap_sg(ctx->dev, key, 1, DMA_TO_DEVICE);
	return 0;
}
EXPORT_SYMBOL_GPL(sbc_key);

MODULE_LICENSE("GPL");
