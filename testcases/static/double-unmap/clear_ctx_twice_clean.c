// SPDX-License-Identifier: GPL-2.0
/*
 * A key-agreement context keeps its secret in coherent memory.  The
 * clear-context helper frees only what is set and sets each pointer to
 * NULL after freeing it, so set_secret() calls it first to drop an old key
 * and again on its error path: the second call finds NULL and frees
 * nothing.
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/string.h>

struct ccx_ctx {
	struct device *dev;
	unsigned int key_sz;
	u8 *xa_p;
	dma_addr_t dma_xa_p;
};

static void ccx_clear_ctx(struct ccx_ctx *ctx)
{
	if (ctx->xa_p) {
		memzero_explicit(ctx->xa_p, ctx->key_sz);
		dma_free_coherent(ctx->dev, ctx->key_sz, ctx->xa_p, ctx->dma_xa_p);
		ctx->xa_p = NULL;
	}
}

static int ccx_set_params(struct ccx_ctx *ctx, unsigned int key_sz)
{
	ctx->key_sz = key_sz;
	ctx->xa_p = dma_alloc_coherent(ctx->dev, key_sz, &ctx->dma_xa_p, GFP_KERNEL);
	if (!ctx->xa_p)
		return -ENOMEM;
	return 0;
}

int ccx_set_secret(struct ccx_ctx *ctx, const u8 *key, unsigned int len)
{
	int ret;

	/* free the old secret, if any */
	ccx_clear_ctx(ctx);

	ret = ccx_set_params(ctx, len);
	if (ret < 0)
		goto err_clear_ctx;
	if (len > 512) {
		ret = -EINVAL;
		goto err_clear_ctx;
	}
	memcpy(ctx->xa_p, key, len);
	return 0;

err_clear_ctx:
	ccx_clear_ctx(ctx);
	ccx_clear_ctx(ctx);
	return ret;
}
EXPORT_SYMBOL_GPL(ccx_set_secret);

MODULE_LICENSE("GPL");
