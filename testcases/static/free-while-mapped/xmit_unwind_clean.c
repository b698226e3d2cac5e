// SPDX-License-Identifier: GPL-2.0
/*
 * free-while-mapped, clean twin: transmit error paths that unmap the head
 * before they free the skb, through the ways drivers find the head again:
 * an unwind helper that unmaps every ring slot from the first one, the
 * head's included (tg3_tx_skb_unmap(), bnad_tx_buff_unmap()); and an
 * unmap of the address read back from the head's descriptor
 * (xgmac_xmit()'s desc_get_buf_addr(first)).
 */
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#define XU_RING	64

struct xu_desc {
	__le64 addr;
	__le32 len;
	__le32 ctrl;
};

struct xu_priv {
	struct device *dev;
	struct xu_desc *tx_desc;
	dma_addr_t tx_dma[XU_RING];
	unsigned int tx_len[XU_RING];
	unsigned int tx_head;
};

static void xu_unwind(struct xu_priv *p, unsigned int first, int last)
{
	int j;

	dma_unmap_single(p->dev, p->tx_dma[first], p->tx_len[first], DMA_TO_DEVICE);
	for (j = 0; j < last; j++) {
		unsigned int h = (first + 1 + j) % XU_RING;

		dma_unmap_page(p->dev, p->tx_dma[h], p->tx_len[h], DMA_TO_DEVICE);
	}
}

static netdev_tx_t xu_xmit(struct xu_priv *p, struct sk_buff *skb)
{
	unsigned int entry = p->tx_head;
	dma_addr_t mapping;
	int i;

	mapping = dma_map_single(p->dev, skb->data, skb_headlen(skb), DMA_TO_DEVICE);
	if (dma_mapping_error(p->dev, mapping))
		goto drop;
	p->tx_dma[entry] = mapping;
	p->tx_len[entry] = skb_headlen(skb);
	for (i = 0; i < skb_shinfo(skb)->nr_frags; i++) {
		const skb_frag_t *frag = &skb_shinfo(skb)->frags[i];
		unsigned int h = (p->tx_head + 1 + i) % XU_RING;

		mapping = skb_frag_dma_map(p->dev, frag, 0, skb_frag_size(frag), DMA_TO_DEVICE);
		if (dma_mapping_error(p->dev, mapping))
			goto dma_error;
		p->tx_dma[h] = mapping;
		p->tx_len[h] = skb_frag_size(frag);
	}
	p->tx_head = (p->tx_head + 1 + i) % XU_RING;
	return NETDEV_TX_OK;

dma_error:
	xu_unwind(p, p->tx_head, i);
drop:
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

static netdev_tx_t xu_xmit_desc(struct xu_priv *p, struct sk_buff *skb)
{
	struct xu_desc *first = &p->tx_desc[p->tx_head], *d = first;
	dma_addr_t paddr;
	int i;

	paddr = dma_map_single(p->dev, skb->data, skb_headlen(skb), DMA_TO_DEVICE);
	if (dma_mapping_error(p->dev, paddr))
		goto drop;
	first->addr = cpu_to_le64(paddr);
	first->len = cpu_to_le32(skb_headlen(skb));
	for (i = 0; i < skb_shinfo(skb)->nr_frags; i++) {
		const skb_frag_t *frag = &skb_shinfo(skb)->frags[i];

		d = &p->tx_desc[(p->tx_head + 1 + i) % XU_RING];
		paddr = skb_frag_dma_map(p->dev, frag, 0, skb_frag_size(frag), DMA_TO_DEVICE);
		if (dma_mapping_error(p->dev, paddr))
			goto dma_err;
		d->addr = cpu_to_le64(paddr);
		d->len = cpu_to_le32(skb_frag_size(frag));
	}
	p->tx_head = (p->tx_head + 1 + i) % XU_RING;
	return NETDEV_TX_OK;

dma_err:
	while (i--) {
		d = &p->tx_desc[(p->tx_head + 1 + i) % XU_RING];
		dma_unmap_page(p->dev, le64_to_cpu(d->addr), le32_to_cpu(d->len), DMA_TO_DEVICE);
	}
	dma_unmap_single(p->dev, le64_to_cpu(first->addr), skb_headlen(skb), DMA_TO_DEVICE);
drop:
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

int xu_demo(struct xu_priv *p, struct sk_buff *a, struct sk_buff *b)
{
	xu_xmit(p, a);
	xu_xmit_desc(p, b);
	return 0;
}
EXPORT_SYMBOL_GPL(xu_demo);

MODULE_LICENSE("GPL");
