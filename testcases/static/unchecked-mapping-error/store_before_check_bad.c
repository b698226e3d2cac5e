// SPDX-License-Identifier: GPL-2.0
/*
 * A crypto request keeps what it maps in its context and fills the
 * hardware descriptor as it goes, but rings the doorbell after writing the
 * IV's handle into the descriptor and before dma_mapping_error() tests it:
 * the device may fetch DMA_MAPPING_ERROR as an address.  The single-entry
 * key list is only tested for more than one entry, which lets a failed map
 * (0) through.
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
	ctx->iv_dma = dma_map_single(ctx->dev, iv, ivsize, DMA_TO_DEVICE); /* expect[analyzer]: unchecked-mapping-error (the store or test is not a form cocci matches) */
	desc->iv = cpu_to_le64(ctx->iv_dma);
	writel(lower_32_bits(ctx->desc_dma), ctx->regs + 0x40);
	if (dma_mapping_error(ctx->dev, ctx->iv_dma)) {
		dma_unmap_sg(ctx->dev, src, nents, DMA_TO_DEVICE);
		return -ENOMEM;
	}
	desc->src = cpu_to_le64(sg_dma_address(src));
	desc->nents = cpu_to_le32(ctx->src_nents);
	return 0;
}
EXPORT_SYMBOL_GPL(sbc_queue);

int sbc_key(struct sbc_ctx *ctx, struct scatterlist *key)
{
	int count = dma_map_sg(ctx->dev, key, 1, DMA_TO_DEVICE); /* expect[analyzer]: unchecked-mapping-error (the store or test is not a form cocci matches) */

	BUG_ON(count > 1);
	ctx->desc->nents = cpu_to_le32(count);
	writel(lower_32_bits(sg_dma_address(key)), ctx->regs + 0x48);
	dma_unmap_sg(ctx->dev, key, 1, DMA_TO_DEVICE);
	return 0;
}
EXPORT_SYMBOL_GPL(sbc_key);

MODULE_LICENSE("GPL");
