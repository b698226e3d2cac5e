// SPDX-License-Identifier: GPL-2.0
/*
 * mapping-leak: two ways a helper-heavy driver still loses a mapping.  An
 * open() that fails half-way returns without undoing the ring slots it
 * already mapped: nobody calls stop() after a failed open (arc_emac_open()
 * in Linux 6.1).  And a transmit path that keeps the head's handle in a
 * local until every fragment is mapped, whose unwind helper unmaps only
 * the ring slots, so a fragment failure loses the head (cp_start_xmit()).
 */
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#define RH_RING		64
#define RH_BUF		1536

struct rh_desc {
	__le32 addr_lo;
	__le32 addr_hi;
	__le32 ctrl;
};

struct rh_priv {
	struct device *dev;
	struct net_device *ndev;
	struct rh_desc *rx_desc;
	struct sk_buff *rx_skb[RH_RING];
	dma_addr_t rx_dma[RH_RING];
	dma_addr_t tx_dma[RH_RING];
	unsigned int tx_len[RH_RING];
	unsigned int tx_head;
};

static int rh_open(struct net_device *ndev)
{
	struct rh_priv *p = netdev_priv(ndev);
	unsigned int i;

	for (i = 0; i < RH_RING; i++) {
		struct sk_buff *skb = netdev_alloc_skb(ndev, RH_BUF);
		dma_addr_t dma;

		if (!skb)
			return -ENOMEM; /* expect: mapping-leak */
		dma = dma_map_single(p->dev, skb->data, RH_BUF, DMA_FROM_DEVICE); /* related: mapping-leak */
		if (dma_mapping_error(p->dev, dma)) {
			dev_kfree_skb(skb);
			return -ENOMEM;
		}
		p->rx_skb[i] = skb;
		p->rx_dma[i] = dma;
		p->rx_desc[i].ctrl = cpu_to_le32(RH_BUF);
	}
	return 0;
}

static void rh_unwind_frags(struct rh_priv *p, unsigned int first, int n)
{
	int j;

	for (j = 0; j < n; j++) {
		unsigned int h = (first + j) % RH_RING;

		dma_unmap_single(p->dev, p->tx_dma[h], p->tx_len[h], DMA_TO_DEVICE);
	}
}

static int rh_xmit_sg(struct rh_priv *p, struct sk_buff *skb)
{
	unsigned int first = p->tx_head;
	dma_addr_t head;
	int i;

	head = dma_map_single(p->dev, skb->data, skb_headlen(skb), DMA_TO_DEVICE);
	if (dma_mapping_error(p->dev, head))
		return -ENOMEM;
	for (i = 0; i < skb_shinfo(skb)->nr_frags; i++) {
		const skb_frag_t *frag = &skb_shinfo(skb)->frags[i];
		unsigned int h = (first + 1 + i) % RH_RING;
		dma_addr_t dma = dma_map_single(p->dev, skb_frag_address(frag),
						  skb_frag_size(frag), DMA_TO_DEVICE);

		if (dma_mapping_error(p->dev, dma)) {
			rh_unwind_frags(p, first + 1, i);
			return -ENOMEM; /* expect: mapping-leak */
		}
		p->tx_dma[h] = dma;
		p->tx_len[h] = skb_frag_size(frag);
	}
	p->tx_dma[first] = head;
	p->tx_len[first] = skb_headlen(skb);
	p->tx_head = (first + 1 + i) % RH_RING;
	return 0;
}

static const struct net_device_ops rh_netdev_ops = {
	.ndo_open = rh_open,
};

int rh_demo(struct rh_priv *p, struct sk_buff *skb)
{
	p->ndev->netdev_ops = &rh_netdev_ops;
	return rh_xmit_sg(p, skb);
}
EXPORT_SYMBOL_GPL(rh_demo);

MODULE_LICENSE("GPL");
