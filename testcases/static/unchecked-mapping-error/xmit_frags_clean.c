// SPDX-License-Identifier: GPL-2.0
/*
 * unchecked-mapping-error, clean twin: every handle is tested before it
 * reaches a descriptor, the failure branches drop the packet or unwind the
 * fragments already mapped (the goto-label unwinding real drivers use).
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#define TXF_RING_SIZE	64
#define TXF_DESC_OWN	BIT(31)
#define TXF_DESC_LAST	BIT(30)

struct txf_desc {
	__le64 addr;
	__le32 opts;
	__le32 rsvd;
};

struct txf_slot {
	struct sk_buff *skb;
	dma_addr_t dma;
	unsigned int len;
};

struct txf_priv {
	struct device *dev;
	struct txf_desc *ring;
	struct txf_slot slot[TXF_RING_SIZE];
	unsigned int head;
};

static void txf_fill(struct txf_priv *priv, unsigned int i, dma_addr_t dma, unsigned int len,
		     bool last)
{
	struct txf_desc *desc = &priv->ring[i];

	desc->addr = cpu_to_le64(dma);
	dma_wmb();
	desc->opts = cpu_to_le32(len | TXF_DESC_OWN | (last ? TXF_DESC_LAST : 0));
}

netdev_tx_t txf_start_xmit(struct sk_buff *skb, struct net_device *ndev)
{
	struct txf_priv *priv = netdev_priv(ndev);
	unsigned int nfrags = skb_shinfo(skb)->nr_frags;
	unsigned int i = priv->head, first = priv->head, f;
	unsigned int len = skb_headlen(skb);
	dma_addr_t mapping;

	mapping = dma_map_single(priv->dev, skb->data, len, DMA_TO_DEVICE);
	if (unlikely(dma_mapping_error(priv->dev, mapping)))
		goto drop;
	priv->slot[i].skb = skb;
	priv->slot[i].dma = mapping;
	priv->slot[i].len = len;

	for (f = 0; f < nfrags; f++) {
		const skb_frag_t *frag = &skb_shinfo(skb)->frags[f];
		unsigned int flen = skb_frag_size(frag);
		dma_addr_t dma;

		i = (i + 1) % TXF_RING_SIZE;
		dma = skb_frag_dma_map(priv->dev, frag, 0, flen, DMA_TO_DEVICE);
		if (dma_mapping_error(priv->dev, dma))
			goto unwind;
		priv->slot[i].dma = dma;
		priv->slot[i].len = flen;
		txf_fill(priv, i, dma, flen, f == nfrags - 1);
	}
	txf_fill(priv, first, mapping, len, nfrags == 0);
	priv->head = (i + 1) % TXF_RING_SIZE;
	return NETDEV_TX_OK;

unwind:
	while (i != first) {
		i = (i + TXF_RING_SIZE - 1) % TXF_RING_SIZE;
		if (i == first)
			break;
		dma_unmap_page(priv->dev, priv->slot[i].dma, priv->slot[i].len, DMA_TO_DEVICE);
	}
	dma_unmap_single(priv->dev, mapping, len, DMA_TO_DEVICE);
drop:
	dev_kfree_skb_any(skb);
	ndev->stats.tx_dropped++;
	return NETDEV_TX_OK;
}
EXPORT_SYMBOL_GPL(txf_start_xmit);

MODULE_LICENSE("GPL");
