// SPDX-License-Identifier: GPL-2.0
/*
 * unchecked-mapping-error, as NIC drivers get it wrong: a transmit path
 * that writes the handle into the descriptor unchecked, a refill that
 * parks it in the ring unchecked, a check whose result is thrown away, a
 * check whose failure branch only complains and carries on, a handle
 * compared with 0, a mapping helper whose caller never checks, and a
 * dma_map_sg() count that is ignored.
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

	dma = dma_map_single(ring->dev, skb->data, skb_headlen(skb), DMA_TO_DEVICE); /* expect: unchecked-mapping-error */
	ring->slot[ring->head].skb = skb;
	ring->slot[ring->head].dma = dma;
	desc->addr = cpu_to_le64(dma);
	desc->len = cpu_to_le32(skb_headlen(skb));
	ring->head = (ring->head + 1) % RPU_RING_SIZE;
	return NETDEV_TX_OK;
}

/* The handle goes straight into the ring; the clean path will program it. */
static int rpu_refill_one(struct rpu_ring *ring, unsigned int i, struct sk_buff *skb)
{
	ring->slot[i].skb = skb;
	ring->slot[i].dma = dma_map_single(ring->dev, skb->data, RPU_BUF_LEN, DMA_FROM_DEVICE); /* expect: unchecked-mapping-error */
	return 0;
}

/* dma_mapping_error() is called, but nothing looks at what it says. */
static void rpu_post_ignored(struct rpu_ring *ring, void *buf, size_t len)
{
	dma_addr_t dma = dma_map_single(ring->dev, buf, len, DMA_TO_DEVICE); /* expect: unchecked-mapping-error */

	dma_mapping_error(ring->dev, dma);
	ring->desc[0].addr = cpu_to_le64(dma);
}

/* The failure branch warns, then uses the address anyway. */
static void rpu_post_warn_only(struct rpu_ring *ring, void *buf, size_t len)
{
	dma_addr_t dma = dma_map_single(ring->dev, buf, len, DMA_TO_DEVICE); /* expect: unchecked-mapping-error */

	if (dma_mapping_error(ring->dev, dma))
		dev_warn(ring->dev, "mapping failed\n");
	ring->desc[1].addr = cpu_to_le64(dma);
}

/* 0 can be a valid DMA address, and the error value is not 0. */
static int rpu_post_zero_test(struct rpu_ring *ring, struct page *page)
{
	dma_addr_t dma = dma_map_page(ring->dev, page, 0, PAGE_SIZE, DMA_FROM_DEVICE); /* expect: unchecked-mapping-error */

	if (!dma)
		return -ENOMEM;
	ring->desc[2].addr = cpu_to_le64(dma);
	return 0;
}

static dma_addr_t rpu_map_frame(struct device *dev, struct sk_buff *skb)
{
	return dma_map_single(dev, skb->data, skb->len, DMA_TO_DEVICE);
}

static void rpu_post_through_helper(struct rpu_ring *ring, struct sk_buff *skb)
{
	dma_addr_t dma = rpu_map_frame(ring->dev, skb); /* expect: unchecked-mapping-error */

	ring->desc[3].addr = cpu_to_le64(dma);
}

static void rpu_post_sg(struct rpu_ring *ring, struct scatterlist *sgl, int nents)
{
	dma_map_sg(ring->dev, sgl, nents, DMA_TO_DEVICE); /* expect: unchecked-mapping-error */
	ring->desc[4].addr = cpu_to_le64(sg_dma_address(sgl));
}

int rpu_demo(struct rpu_ring *ring, struct sk_buff *skb, struct page *page,
	     struct scatterlist *sgl)
{
	rpu_xmit(ring, skb);
	rpu_refill_one(ring, 0, skb);
	rpu_post_ignored(ring, skb->data, 64);
	rpu_post_warn_only(ring, skb->data, 64);
	rpu_post_through_helper(ring, skb);
	rpu_post_sg(ring, sgl, 1);
	return rpu_post_zero_test(ring, page);
}
EXPORT_SYMBOL_GPL(rpu_demo);

MODULE_LICENSE("GPL");
