// SPDX-License-Identifier: GPL-2.0
/*
 * api-mismatch, clean twin: coherent memory goes back with
 * dma_free_coherent() (and a kmalloc()ed shadow ring with kfree()), the
 * doorbell with dma_unmap_resource(), and the scatterlist with
 * dma_unmap_sg() over the entries that were passed to dma_map_sg().
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

struct cfs_status {
	__le32 tx_done;
	__le32 rx_done;
};

struct cfs_priv {
	struct device *dev;
	void *tx_ring;
	dma_addr_t tx_ring_dma;
	size_t tx_ring_bytes;
	void *tx_shadow;
	struct cfs_status *status;
	dma_addr_t status_dma;
	dma_addr_t peer_db;
};

int cfs_open(struct cfs_priv *priv)
{
	priv->tx_ring_bytes = 256 * 16;
	priv->tx_ring = dma_alloc_coherent(priv->dev, priv->tx_ring_bytes, &priv->tx_ring_dma,
					   GFP_KERNEL);
	if (!priv->tx_ring)
		return -ENOMEM;
	priv->tx_shadow = kzalloc(priv->tx_ring_bytes, GFP_KERNEL);
	if (!priv->tx_shadow)
		return -ENOMEM;
	priv->status = dma_alloc_coherent(priv->dev, sizeof(*priv->status), &priv->status_dma,
					  GFP_KERNEL);
	if (!priv->status)
		return -ENOMEM;
	return 0;
}
EXPORT_SYMBOL_GPL(cfs_open);

void cfs_free_rings(struct cfs_priv *priv)
{
	kfree(priv->tx_shadow);
	dma_free_coherent(priv->dev, priv->tx_ring_bytes, priv->tx_ring, priv->tx_ring_dma);
	priv->tx_ring = NULL;
	dma_free_coherent(priv->dev, sizeof(*priv->status), priv->status, priv->status_dma);
}
EXPORT_SYMBOL_GPL(cfs_free_rings);

int cfs_map_peer(struct cfs_priv *priv, phys_addr_t db)
{
	priv->peer_db = dma_map_resource(priv->dev, db, sizeof(u32), DMA_BIDIRECTIONAL, 0);
	if (dma_mapping_error(priv->dev, priv->peer_db))
		return -EIO;
	return 0;
}
EXPORT_SYMBOL_GPL(cfs_map_peer);

void cfs_unmap_peer(struct cfs_priv *priv)
{
	dma_unmap_resource(priv->dev, priv->peer_db, sizeof(u32), DMA_BIDIRECTIONAL, 0);
}
EXPORT_SYMBOL_GPL(cfs_unmap_peer);

void cfs_unmap_request(struct cfs_priv *priv, struct scatterlist *sgl, int nents)
{
	dma_unmap_sg(priv->dev, sgl, nents, DMA_TO_DEVICE);
}
EXPORT_SYMBOL_GPL(cfs_unmap_request);

MODULE_LICENSE("GPL");
