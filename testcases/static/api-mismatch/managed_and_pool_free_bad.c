// SPDX-License-Identifier: GPL-2.0
/*
 * api-mismatch beyond dma_alloc_coherent(): a ring from
 * dmam_alloc_coherent() is freed with dma_free_coherent() on remove, so
 * devres frees it a second time on detach; and a descriptor block from
 * the device's dma_pool is released with dma_free_coherent(), which hands
 * the pool's page back piecemeal to an allocator that never gave it out.
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
	dma_free_coherent(priv->dev, 64, priv->desc, priv->desc_dma); /* expect: api-mismatch */
	dma_free_coherent(priv->dev, priv->ring_size, priv->ring, priv->ring_dma); /* expect: api-mismatch */
}
EXPORT_SYMBOL_GPL(mpf_remove);

MODULE_LICENSE("GPL");
