// SPDX-License-Identifier: GPL-2.0
/*
 * sync-after-unmap, clean twin: the error branch recycles the buffer
 * without unmapping it, sync_for_cpu comes before the unmap, and a slot
 * unmapped and refilled with a fresh mapping is synced through the new
 * handle; a ring walk syncs one slot after unmapping the previous one.
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/scatterlist.h>
#include <linux/skbuff.h>

#define RRA_BUF_LEN	2048
#define RRA_STAT_ERR	BIT(0)

struct rra_buf {
	struct sk_buff *skb;
	dma_addr_t dma;
};

struct rra_priv {
	struct device *dev;
	struct net_device *ndev;
	__le64 *rx_desc;
	struct rra_buf rx[128];
};

int rra_rx_one(struct rra_priv *priv, unsigned int idx, u32 status, unsigned int len)
{
	struct rra_buf *buf = &priv->rx[idx];

	if (unlikely(status & RRA_STAT_ERR)) {
		priv->ndev->stats.rx_errors++;
		goto rearm;
	}
	dma_unmap_single(priv->dev, buf->dma, RRA_BUF_LEN, DMA_FROM_DEVICE);
	netif_receive_skb(buf->skb);
	buf->skb = NULL;
	return 1;

rearm:
	dma_sync_single_for_device(priv->dev, buf->dma, RRA_BUF_LEN, DMA_FROM_DEVICE);
	priv->rx_desc[idx] = cpu_to_le64(buf->dma);
	return 0;
}
EXPORT_SYMBOL_GPL(rra_rx_one);

struct sk_buff *rra_rx_copy(struct rra_priv *priv, unsigned int idx, unsigned int len)
{
	struct rra_buf *buf = &priv->rx[idx];
	struct sk_buff *skb = netdev_alloc_skb(priv->ndev, len);
	dma_addr_t dma = buf->dma;

	if (!skb)
		return NULL;
	dma_sync_single_for_cpu(priv->dev, dma, len, DMA_FROM_DEVICE);
	dma_unmap_single(priv->dev, dma, RRA_BUF_LEN, DMA_FROM_DEVICE);
	skb_put_data(skb, buf->skb->data, len);
	return skb;
}
EXPORT_SYMBOL_GPL(rra_rx_copy);

int rra_replace(struct rra_priv *priv, unsigned int idx, struct sk_buff *nskb)
{
	struct rra_buf *buf = &priv->rx[idx];

	dma_unmap_single(priv->dev, buf->dma, RRA_BUF_LEN, DMA_FROM_DEVICE);
	buf->dma = dma_map_single(priv->dev, nskb->data, RRA_BUF_LEN, DMA_FROM_DEVICE);
	if (dma_mapping_error(priv->dev, buf->dma))
		return -ENOMEM;
	buf->skb = nskb;
	dma_sync_single_for_device(priv->dev, buf->dma, RRA_BUF_LEN, DMA_FROM_DEVICE);
	return 0;
}
EXPORT_SYMBOL_GPL(rra_replace);

void rra_ring_walk(struct rra_priv *priv, unsigned int n)
{
	unsigned int i;

	for (i = 1; i < n; i++) {
		dma_unmap_single(priv->dev, priv->rx[i - 1].dma, RRA_BUF_LEN, DMA_FROM_DEVICE);
		dma_sync_single_for_cpu(priv->dev, priv->rx[i].dma, RRA_BUF_LEN, DMA_FROM_DEVICE);
	}
}
EXPORT_SYMBOL_GPL(rra_ring_walk);

void rra_finish_sg(struct rra_priv *priv, struct scatterlist *sgl, int nents)
{
	dma_sync_sg_for_cpu(priv->dev, sgl, nents, DMA_FROM_DEVICE);
	dma_unmap_sg(priv->dev, sgl, nents, DMA_FROM_DEVICE);
}
EXPORT_SYMBOL_GPL(rra_finish_sg);

MODULE_LICENSE("GPL");
