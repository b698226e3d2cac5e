// SPDX-License-Identifier: GPL-2.0
/*
 * unchecked-mapping-error in a transmit path shaped like the small NIC
 * drivers' (8139cp, r8169, stmmac): the linear part with dma_map_single(),
 * the page fragments with skb_frag_dma_map(), each handle written into a
 * descriptor.  The head is not checked at all; the fragments are checked,
 * but only after the handle went into the descriptor.
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
	unsigned int i = priv->head, f;
	unsigned int len = skb_headlen(skb);
	dma_addr_t mapping;

	mapping = dma_map_single(priv->dev, skb->data, len, DMA_TO_DEVICE); /* expect: unchecked-mapping-error */
	priv->slot[i].skb = skb;
	priv->slot[i].dma = mapping;
	priv->slot[i].len = len;
	txf_fill(priv, i, mapping, len, nfrags == 0);

	for (f = 0; f < nfrags; f++) {
		const skb_frag_t *frag = &skb_shinfo(skb)->frags[f];
		unsigned int flen = skb_frag_size(frag);
		dma_addr_t dma;

		i = (i + 1) % TXF_RING_SIZE;
		dma = skb_frag_dma_map(priv->dev, frag, 0, flen, DMA_TO_DEVICE); /* expect: unchecked-mapping-error */
		txf_fill(priv, i, dma, flen, f == nfrags - 1);
		if (dma_mapping_error(priv->dev, dma))
			break;
		priv->slot[i].dma = dma;
		priv->slot[i].len = flen;
	}
	priv->head = (i + 1) % TXF_RING_SIZE;
	return NETDEV_TX_OK;
}
EXPORT_SYMBOL_GPL(txf_start_xmit);

MODULE_LICENSE("GPL");
