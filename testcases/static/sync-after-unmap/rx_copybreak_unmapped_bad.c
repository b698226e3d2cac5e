// SPDX-License-Identifier: GPL-2.0
/*
 * sync-after-unmap: a receive path that unmaps the buffer and then syncs
 * it for the CPU anyway; a ring slot unmapped by a helper and synced
 * afterwards; a teardown that syncs a command buffer it already unmapped.
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/skbuff.h>

struct rcu_rx_buf {
	struct sk_buff *skb;
	dma_addr_t dma;
};

struct rcu_priv {
	struct device *dev;
	struct rcu_rx_buf rx[16];
	void *cmd;
	dma_addr_t cmd_dma;
};

static struct sk_buff *rcu_rx_one(struct rcu_priv *p, unsigned int i, unsigned int len)
{
	struct rcu_rx_buf *rb = &p->rx[i];
	struct sk_buff *skb = rb->skb;

	dma_unmap_single(p->dev, rb->dma, 2048, DMA_FROM_DEVICE);
	dma_sync_single_for_cpu(p->dev, rb->dma, len, DMA_FROM_DEVICE); /* expect: sync-after-unmap */
	rb->skb = NULL;
	skb_put(skb, len);
	return skb;
}

static void rcu_release_slot(struct rcu_priv *p, struct rcu_rx_buf *rb)
{
	dma_unmap_single(p->dev, rb->dma, 2048, DMA_FROM_DEVICE);
}

static void rcu_recycle(struct rcu_priv *p, unsigned int i)
{
	struct rcu_rx_buf *rb = &p->rx[i];

	rcu_release_slot(p, rb);
	dma_sync_single_for_device(p->dev, rb->dma, 2048, DMA_FROM_DEVICE); /* expect[analyzer]: sync-after-unmap (through a helper; cocci does not follow it) */
}

static void rcu_cmd_done(struct rcu_priv *p)
{
	dma_unmap_single(p->dev, p->cmd_dma, 512, DMA_BIDIRECTIONAL);
	dma_sync_single_for_cpu(p->dev, p->cmd_dma, 512, DMA_BIDIRECTIONAL); /* expect: sync-after-unmap */
}

int rcu_demo(struct rcu_priv *p)
{
	rcu_rx_one(p, 0, 64);
	rcu_recycle(p, 1);
	rcu_cmd_done(p);
	return 0;
}
EXPORT_SYMBOL_GPL(rcu_demo);

MODULE_LICENSE("GPL");
