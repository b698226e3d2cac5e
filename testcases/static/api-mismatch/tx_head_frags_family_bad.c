// SPDX-License-Identifier: GPL-2.0
/*
 * api-mismatch in a transmit ring: the skb head is mapped with
 * dma_map_single() and the fragments with skb_frag_dma_map() into the same
 * slot field, but completion releases every slot with dma_unmap_page().
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#define THF_RING	256

struct thf_tx_buf {
	struct sk_buff *skb;
	dma_addr_t dma;
	unsigned int len;
};

struct thf_ring {
	struct device *dev;
	struct thf_tx_buf tx_buf[THF_RING];
	unsigned int head, tail;
};

int thf_map_skb(struct thf_ring *ring, struct sk_buff *skb)
{
	unsigned int i = ring->head, f;
	struct thf_tx_buf *buf = &ring->tx_buf[i];

	buf->len = skb_headlen(skb);
	buf->dma = dma_map_single(ring->dev, skb->data, buf->len, DMA_TO_DEVICE);
	if (dma_mapping_error(ring->dev, buf->dma))
		return -ENOMEM;
	for (f = 0; f < skb_shinfo(skb)->nr_frags; f++) {
		const skb_frag_t *frag = &skb_shinfo(skb)->frags[f];

		i = (i + 1) % THF_RING;
		buf = &ring->tx_buf[i];
		buf->len = skb_frag_size(frag);
		buf->dma = skb_frag_dma_map(ring->dev, frag, 0, buf->len, DMA_TO_DEVICE);
		if (dma_mapping_error(ring->dev, buf->dma))
			return -ENOMEM;
	}
	buf->skb = skb;
	ring->head = (i + 1) % THF_RING;
	return 0;
}
EXPORT_SYMBOL_GPL(thf_map_skb);

void thf_tx_complete(struct thf_ring *ring)
{
	while (ring->tail != ring->head) {
		struct thf_tx_buf *buf = &ring->tx_buf[ring->tail];

		dma_unmap_page(ring->dev, buf->dma, buf->len, DMA_TO_DEVICE); /* expect: api-mismatch */
		if (buf->skb)
			dev_consume_skb_any(buf->skb);
		buf->skb = NULL;
		ring->tail = (ring->tail + 1) % THF_RING;
	}
}
EXPORT_SYMBOL_GPL(thf_tx_complete);

MODULE_LICENSE("GPL");
