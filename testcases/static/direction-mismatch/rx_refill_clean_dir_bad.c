// SPDX-License-Identifier: GPL-2.0
/*
 * direction-mismatch: a receive ring refilled with DMA_FROM_DEVICE and
 * cleaned with DMA_TO_DEVICE (the map and the unmap in different
 * functions, through the ring entry's field); a copybreak sync with the
 * wrong direction; a command buffer mapped and unmapped in one function
 * with different directions; and the same through an unmap helper.
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/skbuff.h>

#define RRC_RING	32
#define RRC_BUF_LEN	2048

struct rrc_rx_buf {
	struct sk_buff *skb;
	dma_addr_t dma;
};

struct rrc_ring {
	struct device *dev;
	struct rrc_rx_buf buf[RRC_RING];
	__le64 *desc;
	unsigned int next;
};

static int rrc_refill(struct rrc_ring *ring, unsigned int i, struct sk_buff *skb)
{
	struct rrc_rx_buf *rb = &ring->buf[i];

	rb->dma = dma_map_single(ring->dev, skb->data, RRC_BUF_LEN, DMA_FROM_DEVICE);
	if (dma_mapping_error(ring->dev, rb->dma))
		return -ENOMEM;
	rb->skb = skb;
	ring->desc[i] = cpu_to_le64(rb->dma);
	return 0;
}

static struct sk_buff *rrc_clean_one(struct rrc_ring *ring, unsigned int len)
{
	struct rrc_rx_buf *rb = &ring->buf[ring->next];
	struct sk_buff *skb = rb->skb;

	if (len < 128) {
		dma_sync_single_for_cpu(ring->dev, rb->dma, len, DMA_TO_DEVICE); /* expect: direction-mismatch */
		return NULL;
	}
	dma_unmap_single(ring->dev, rb->dma, RRC_BUF_LEN, DMA_TO_DEVICE); /* expect: direction-mismatch */
	rb->skb = NULL;
	return skb;
}

static void rrc_unmap_cmd(struct device *dev, dma_addr_t dma)
{
	dma_unmap_single(dev, dma, 512, DMA_TO_DEVICE);
}

static int rrc_read_status(struct device *dev, void *status, void *cmd)
{
	dma_addr_t st_dma, cmd_dma;

	st_dma = dma_map_single(dev, status, 64, DMA_FROM_DEVICE);
	if (dma_mapping_error(dev, st_dma))
		return -ENOMEM;
	cmd_dma = dma_map_single(dev, cmd, 512, DMA_FROM_DEVICE);
	if (dma_mapping_error(dev, cmd_dma)) {
		dma_unmap_single(dev, st_dma, 64, DMA_FROM_DEVICE);
		return -ENOMEM;
	}
	dma_unmap_single(dev, st_dma, 64, DMA_BIDIRECTIONAL); /* expect: direction-mismatch */
	rrc_unmap_cmd(dev, cmd_dma); /* expect[analyzer]: direction-mismatch (through a helper; cocci does not follow it) */
	return 0;
}

int rrc_demo(struct rrc_ring *ring, struct sk_buff *skb, void *status, void *cmd)
{
	rrc_refill(ring, 0, skb);
	rrc_clean_one(ring, 64);
	return rrc_read_status(ring->dev, status, cmd);
}
EXPORT_SYMBOL_GPL(rrc_demo);

MODULE_LICENSE("GPL");
