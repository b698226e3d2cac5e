// SPDX-License-Identifier: GPL-2.0
/*
 * unchecked-mapping-error, clean twin: every mapping is checked with
 * dma_mapping_error() before its handle is used, in the forms drivers
 * use: the check in the condition, through a variable, under unlikely(),
 * in a helper that maps, checks and reports failure to its caller, and a
 * dma_map_sg() count tested for 0.
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/scatterlist.h>
#include <linux/skbuff.h>

#define RPU_RING_SIZE	64
#define RPU_BUF_LEN	1536

struct rpu_desc {
	__le64 addr;
	__le32 len;
	__le32 flags;
};

struct rpu_slot {
	struct sk_buff *skb;
	dma_addr_t dma;
};

struct rpu_ring {
	struct device *dev;
	struct rpu_desc *desc;
	struct rpu_slot slot[RPU_RING_SIZE];
	unsigned int head;
};

static netdev_tx_t rpu_xmit(struct rpu_ring *ring, struct sk_buff *skb)
{
	struct rpu_desc *desc = &ring->desc[ring->head];
	dma_addr_t dma;

	dma = dma_map_single(ring->dev, skb->data, skb_headlen(skb), DMA_TO_DEVICE);
	if (dma_mapping_error(ring->dev, dma)) {
		dev_kfree_skb_any(skb);
		return NETDEV_TX_OK;
	}
	ring->slot[ring->head].skb = skb;
	ring->slot[ring->head].dma = dma;
	desc->addr = cpu_to_le64(dma);
	desc->len = cpu_to_le32(skb_headlen(skb));
	ring->head = (ring->head + 1) % RPU_RING_SIZE;
	return NETDEV_TX_OK;
}

static int rpu_refill_one(struct rpu_ring *ring, unsigned int i, struct sk_buff *skb)
{
	ring->slot[i].dma = dma_map_single(ring->dev, skb->data, RPU_BUF_LEN, DMA_FROM_DEVICE);
	if (unlikely(dma_mapping_error(ring->dev, ring->slot[i].dma)))
		return -ENOMEM;
	ring->slot[i].skb = skb;
	return 0;
}

static int rpu_post_checked(struct rpu_ring *ring, void *buf, size_t len)
{
	dma_addr_t dma = dma_map_single(ring->dev, buf, len, DMA_TO_DEVICE);
	int err = dma_mapping_error(ring->dev, dma);

	if (err)
		return err;
	ring->desc[0].addr = cpu_to_le64(dma);
	return 0;
}

static int rpu_post_page(struct rpu_ring *ring, struct page *page)
{
	dma_addr_t dma = dma_map_page(ring->dev, page, 0, PAGE_SIZE, DMA_FROM_DEVICE);

	if (dma_mapping_error(ring->dev, dma))
		return -ENOMEM;
	ring->desc[2].addr = cpu_to_le64(dma);
	return 0;
}

/* The helper checks; its caller only has to look at what it returns. */
static int rpu_map_frame(struct device *dev, struct sk_buff *skb, dma_addr_t *dma)
{
	*dma = dma_map_single(dev, skb->data, skb->len, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, *dma))
		return -ENOMEM;
	return 0;
}

static int rpu_post_through_helper(struct rpu_ring *ring, struct sk_buff *skb)
{
	dma_addr_t dma;
	int err = rpu_map_frame(ring->dev, skb, &dma);

	if (err)
		return err;
	ring->desc[3].addr = cpu_to_le64(dma);
	return 0;
}

static int rpu_post_sg(struct rpu_ring *ring, struct scatterlist *sgl, int nents)
{
	int count = dma_map_sg(ring->dev, sgl, nents, DMA_TO_DEVICE);

	if (!count)
		return -EIO;
	ring->desc[4].addr = cpu_to_le64(sg_dma_address(sgl));
	return 0;
}

int rpu_demo(struct rpu_ring *ring, struct sk_buff *skb, struct page *page,
	     struct scatterlist *sgl)
{
	rpu_xmit(ring, skb);
	rpu_refill_one(ring, 0, skb);
	rpu_post_checked(ring, skb->data, 64);
	rpu_post_through_helper(ring, skb);
	rpu_post_sg(ring, sgl, 1);
	return rpu_post_page(ring, page);
}
EXPORT_SYMBOL_GPL(rpu_demo);

MODULE_LICENSE("GPL");
