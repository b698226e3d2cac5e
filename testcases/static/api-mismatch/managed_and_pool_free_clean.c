// SPDX-License-Identifier: GPL-2.0
/*
 * The fixed twin of managed_and_pool_free_bad.c: the pool block goes back
 * to its pool, and the managed ring is left to devres.
 */
#include <linux/dma-mapping.h>
#include <linux/dmapool.h>
#include <linux/module.h>
#include <linux/platform_device.h>

struct mpf_priv {
	struct device *dev;
	struct dma_pool *pool;
	void *ring;
	dma_addr_t ring_dma;
	size_t ring_size;
	void *desc;
	dma_addr_t desc_dma;
};

int mpf_probe(struct mpf_priv *priv)
{
	priv->ring = dmam_alloc_coherent(priv->dev, priv->ring_size, &priv->ring_dma, GFP_KERNEL);
	if (!priv->ring)
		return -ENOMEM;
	priv->desc = dma_pool_alloc(priv->pool, GFP_KERNEL, &priv->desc_dma);
	if (!priv->desc)
		return -ENOMEM;
	return 0;
}
EXPORT_SYMBOL_GPL(mpf_probe);

void mpf_remove(struct mpf_priv *priv)
{
	dma_pool_free(priv->pool, priv->desc, priv->desc_dma);
}
EXPORT_SYMBOL_GPL(mpf_remove);

MODULE_LICENSE("GPL");
