// SPDX-License-Identifier: GPL-2.0
/*
 * mapping-leak, clean twin: handles kept the ways drivers keep them, none
 * lost.  A descriptor setter that splits the address into two words after
 * a flag was OR'd into it (macb's gem_rx_refill()); a local descriptor
 * struct handed to a ring-push helper (mtk_star_emac's xmit); a local array
 * of handles copied into the ring after the loop that mapped them
 * (pasemi_mac_start_tx()); and an open() whose error path calls the
 * teardown that unmaps every filled ring slot (axienet_dma_bd_init()).
 */
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#define RH_RING		64
#define RH_BUF		1536
#define RH_RX_WRAP	0x2ULL
#define RH_MAX_FRAGS	4

struct rh_desc {
	__le32 addr_lo;
	__le32 addr_hi;
	__le32 ctrl;
};

struct rh_push {
	dma_addr_t dma;
	unsigned int len;
	struct sk_buff *skb;
};

struct rh_priv {
	struct device *dev;
	struct net_device *ndev;
	struct rh_desc *rx_desc;
	struct sk_buff *rx_skb[RH_RING];
	dma_addr_t rx_dma[RH_RING];
	dma_addr_t tx_dma[RH_RING];
	struct sk_buff *tx_skb[RH_RING];
	unsigned int tx_len[RH_RING];
	unsigned int tx_head;
};

static void rh_desc_set_addr(struct rh_desc *d, dma_addr_t addr)
{
	d->addr_lo = cpu_to_le32(lower_32_bits(addr));
	d->addr_hi = cpu_to_le32(upper_32_bits(addr));
}

static int rh_rx_refill(struct rh_priv *p, unsigned int entry)
{
	struct sk_buff *skb = netdev_alloc_skb(p->ndev, RH_BUF);
	dma_addr_t paddr;

	if (!skb)
		return -ENOMEM;
	paddr = dma_map_single(p->dev, skb->data, RH_BUF, DMA_FROM_DEVICE);
	if (dma_mapping_error(p->dev, paddr)) {
		dev_kfree_skb(skb);
		return -ENOMEM;
	}
	if (entry == RH_RING - 1)
		paddr |= RH_RX_WRAP;
	p->rx_skb[entry] = skb;
	rh_desc_set_addr(&p->rx_desc[entry], paddr);
	return 0;
}

static void rh_ring_push(struct rh_priv *p, const struct rh_push *e)
{
	unsigned int h = p->tx_head;

	p->tx_dma[h] = e->dma;
	p->tx_len[h] = e->len;
	p->tx_skb[h] = e->skb;
	p->tx_head = (h + 1) % RH_RING;
}

static netdev_tx_t rh_xmit(struct sk_buff *skb, struct net_device *ndev)
{
	struct rh_priv *p = netdev_priv(ndev);
	struct rh_push e;

	e.dma = dma_map_single(p->dev, skb->data, skb_headlen(skb), DMA_TO_DEVICE);
	if (dma_mapping_error(p->dev, e.dma)) {
		dev_kfree_skb_any(skb);
		return NETDEV_TX_OK;
	}
	e.len = skb_headlen(skb);
	e.skb = skb;
	rh_ring_push(p, &e);
	return NETDEV_TX_OK;
}

static int rh_xmit_frags(struct rh_priv *p, struct sk_buff *skb)
{
	dma_addr_t map[RH_MAX_FRAGS + 1];
	unsigned int len[RH_MAX_FRAGS + 1];
	int i, nfrags = skb_shinfo(skb)->nr_frags;

	if (nfrags > RH_MAX_FRAGS)
		return -EINVAL;
	len[0] = skb_headlen(skb);
	map[0] = dma_map_single(p->dev, skb->data, len[0], DMA_TO_DEVICE);
	if (dma_mapping_error(p->dev, map[0]))
		return -ENOMEM;
	for (i = 0; i < nfrags; i++) {
		const skb_frag_t *frag = &skb_shinfo(skb)->frags[i];

		len[i + 1] = skb_frag_size(frag);
		map[i + 1] = dma_map_single(p->dev, skb_frag_address(frag), len[i + 1],
					    DMA_TO_DEVICE);
		if (dma_mapping_error(p->dev, map[i + 1]))
			goto unmap;
	}
	for (i = 0; i <= nfrags; i++) {
		unsigned int h = (p->tx_head + i) % RH_RING;

		p->tx_dma[h] = map[i];
		p->tx_len[h] = len[i];
		p->tx_skb[h] = i == nfrags ? skb : NULL;
	}
	p->tx_head = (p->tx_head + nfrags + 1) % RH_RING;
	return 0;
unmap:
	while (i--)
		dma_unmap_single(p->dev, map[i + 1], len[i + 1], DMA_TO_DEVICE);
	dma_unmap_single(p->dev, map[0], len[0], DMA_TO_DEVICE);
	return -ENOMEM;
}

static void rh_rx_release(struct rh_priv *p)
{
	unsigned int i;

	for (i = 0; i < RH_RING; i++) {
		if (!p->rx_skb[i])
			continue;
		dma_unmap_single(p->dev, p->rx_dma[i], RH_BUF, DMA_FROM_DEVICE);
		dev_kfree_skb(p->rx_skb[i]);
		p->rx_skb[i] = NULL;
	}
}

static int rh_open(struct net_device *ndev)
{
	struct rh_priv *p = netdev_priv(ndev);
	unsigned int i;

	for (i = 0; i < RH_RING; i++) {
		struct sk_buff *skb = netdev_alloc_skb(ndev, RH_BUF);
		dma_addr_t dma;

		if (!skb)
			goto out;
		dma = dma_map_single(p->dev, skb->data, RH_BUF, DMA_FROM_DEVICE);
		if (dma_mapping_error(p->dev, dma)) {
			dev_kfree_skb(skb);
			goto out;
		}
		p->rx_skb[i] = skb;
		p->rx_dma[i] = dma;
		p->rx_desc[i].ctrl = cpu_to_le32(RH_BUF);
	}
	return 0;
out:
	rh_rx_release(p);
	return -ENOMEM;
}

static const struct net_device_ops rh_netdev_ops = {
	.ndo_open = rh_open,
	.ndo_start_xmit = rh_xmit,
};

int rh_demo(struct rh_priv *p, struct sk_buff *skb)
{
	p->ndev->netdev_ops = &rh_netdev_ops;
	return rh_rx_refill(p, 0) ?: rh_xmit_frags(p, skb);
}
EXPORT_SYMBOL_GPL(rh_demo);

MODULE_LICENSE("GPL");
