// SPDX-License-Identifier: GPL-2.0
/*
 * sync-after-unmap in receive paths: an error branch unmaps the buffer and
 * then joins the recycle code, which syncs it for the device and re-arms
 * the descriptor; a copybreak path whose sync_for_cpu was placed after the
 * unmap it should precede; a scatterlist synced after dma_unmap_sg().
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
		dma_unmap_single(priv->dev, buf->dma, RRA_BUF_LEN, DMA_FROM_DEVICE);
		dev_kfree_skb_any(buf->skb);
		buf->skb = NULL;
		goto rearm;
	}
	netif_receive_skb(buf->skb);
	return 1;

rearm:
	dma_sync_single_for_device(priv->dev, buf->dma, RRA_BUF_LEN, DMA_FROM_DEVICE); /* expect: sync-after-unmap */
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
	dma_unmap_single(priv->dev, dma, RRA_BUF_LEN, DMA_FROM_DEVICE);
	dma_sync_single_for_cpu(priv->dev, dma, len, DMA_FROM_DEVICE); /* expect: sync-after-unmap */
	skb_put_data(skb, buf->skb->data, len);
	return skb;
}
EXPORT_SYMBOL_GPL(rra_rx_copy);

void rra_finish_sg(struct rra_priv *priv, struct scatterlist *sgl, int nents)
{
	dma_unmap_sg(priv->dev, sgl, nents, DMA_FROM_DEVICE);
	dma_sync_sg_for_cpu(priv->dev, sgl, nents, DMA_FROM_DEVICE); /* expect: sync-after-unmap */
}
EXPORT_SYMBOL_GPL(rra_finish_sg);

MODULE_LICENSE("GPL");
