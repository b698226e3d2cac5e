// SPDX-License-Identifier: GPL-2.0
/*
 * free-while-mapped: a transmit path that keeps the head's handle in a
 * local until every fragment is mapped.  Its unwind on a fragment failure
 * unmaps only the fragments' ring slots, then frees the skb whose head is
 * still mapped (cp_start_xmit() in Linux 6.1; nv_start_xmit() unwinds from
 * the wrong slot the same way).
 */
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#define XU_RING	64

struct xu_priv {
	struct device *dev;
	dma_addr_t tx_dma[XU_RING];
	unsigned int tx_len[XU_RING];
	unsigned int tx_head;
};

static void xu_unwind_frags(struct xu_priv *p, unsigned int first, int n)
{
	int j;

	for (j = 0; j < n; j++) {
		unsigned int h = (first + j) % XU_RING;

		dma_unmap_single(p->dev, p->tx_dma[h], p->tx_len[h], DMA_TO_DEVICE);
	}
}

static netdev_tx_t xu_xmit(struct xu_priv *p, struct sk_buff *skb)
{
	unsigned int first = p->tx_head;
	dma_addr_t first_mapping;
	int i;

	first_mapping = dma_map_single(p->dev, skb->data, skb_headlen(skb), DMA_TO_DEVICE); /* related: free-while-mapped */
	if (dma_mapping_error(p->dev, first_mapping))
		goto drop;
	for (i = 0; i < skb_shinfo(skb)->nr_frags; i++) {
		const skb_frag_t *frag = &skb_shinfo(skb)->frags[i];
		unsigned int h = (first + 1 + i) % XU_RING;
		dma_addr_t mapping = dma_map_single(p->dev, skb_frag_address(frag),
						    skb_frag_size(frag), DMA_TO_DEVICE);

		if (dma_mapping_error(p->dev, mapping))
			goto out_dma_error;
		p->tx_dma[h] = mapping;
		p->tx_len[h] = skb_frag_size(frag);
	}
	p->tx_dma[first] = first_mapping;
	p->tx_len[first] = skb_headlen(skb);
	p->tx_head = (first + 1 + i) % XU_RING;
	return NETDEV_TX_OK;

out_dma_error:
	xu_unwind_frags(p, first + 1, i);
drop:
	dev_kfree_skb_any(skb); /* expect: free-while-mapped */
	return NETDEV_TX_OK; /* expect: mapping-leak */
}

int xu_demo(struct xu_priv *p, struct sk_buff *skb)
{
	return xu_xmit(p, skb);
}
EXPORT_SYMBOL_GPL(xu_demo);

MODULE_LICENSE("GPL");
