// SPDX-License-Identifier: GPL-2.0
/*
 * api-mismatch for coherent rings, status blocks, scatterlists and MMIO
 * resources: a descriptor ring from dma_alloc_coherent() given back with
 * kfree() at teardown, a coherent status block's handle unmapped as if it
 * were streaming, scatterlist segments unmapped one by one as single
 * mappings, and a peer doorbell mapped as a resource unmapped as a page.
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
	priv->status = dma_alloc_coherent(priv->dev, sizeof(*priv->status), &priv->status_dma,
					  GFP_KERNEL);
	if (!priv->status)
		return -ENOMEM;
	return 0;
}
EXPORT_SYMBOL_GPL(cfs_open);

void cfs_free_rings(struct cfs_priv *priv)
{
	kfree(priv->tx_ring); /* expect: api-mismatch */
	priv->tx_ring = NULL;
	dma_unmap_single(priv->dev, priv->status_dma, sizeof(*priv->status), /* expect: api-mismatch */
			 DMA_BIDIRECTIONAL);
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
	dma_unmap_page(priv->dev, priv->peer_db, sizeof(u32), DMA_BIDIRECTIONAL); /* expect: api-mismatch */
}
EXPORT_SYMBOL_GPL(cfs_unmap_peer);

void cfs_unmap_request(struct cfs_priv *priv, struct scatterlist *sgl, int count)
{
	struct scatterlist *sg;
	int i;

	for_each_sg(sgl, sg, count, i)
		dma_unmap_single(priv->dev, sg_dma_address(sg), sg_dma_len(sg), /* expect: api-mismatch */
				 DMA_TO_DEVICE);
}
EXPORT_SYMBOL_GPL(cfs_unmap_request);

MODULE_LICENSE("GPL");
