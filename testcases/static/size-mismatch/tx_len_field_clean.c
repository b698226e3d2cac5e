// SPDX-License-Identifier: GPL-2.0
/*
 * size-mismatch, clean twin: the completion unmaps with the length kept
 * in the slot; the receive buffer is unmapped with the size it was mapped
 * with; and syncing only the part the device wrote (the header, the
 * received length) is fine.
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#define TLF_RING	64
#define TLF_RX_LEN	2048
#define TLF_HDR_LEN	256

struct tlf_slot {
	struct sk_buff *skb;
	dma_addr_t dma;
	unsigned int len;
};

struct tlf_priv {
	struct device *dev;
	struct tlf_slot tx[TLF_RING];
	__le64 *txd;
	unsigned int tx_head;
	unsigned int tx_tail;
};

static int tlf_xmit(struct tlf_priv *p, struct sk_buff *skb)
{
	struct tlf_slot *slot = &p->tx[p->tx_head];
	unsigned int len = skb_headlen(skb);
	dma_addr_t dma;

	dma = dma_map_single(p->dev, skb->data, len, DMA_TO_DEVICE);
	if (dma_mapping_error(p->dev, dma))
		return -ENOMEM;
	slot->skb = skb;
	slot->dma = dma;
	slot->len = len;
	p->txd[p->tx_head] = cpu_to_le64(dma);
	p->tx_head = (p->tx_head + 1) % TLF_RING;
	return 0;
}

static void tlf_tx_complete(struct tlf_priv *p)
{
	while (p->tx_tail != p->tx_head) {
		struct tlf_slot *slot = &p->tx[p->tx_tail];

		dma_unmap_single(p->dev, slot->dma, slot->len, DMA_TO_DEVICE);
		dev_consume_skb_any(slot->skb);
		slot->skb = NULL;
		p->tx_tail = (p->tx_tail + 1) % TLF_RING;
	}
}

static int tlf_rx_peek(struct tlf_priv *p, void *buf, unsigned int got)
{
	dma_addr_t dma = dma_map_single(p->dev, buf, TLF_RX_LEN, DMA_FROM_DEVICE);

	if (dma_mapping_error(p->dev, dma))
		return -ENOMEM;
	dma_sync_single_range_for_cpu(p->dev, dma, 0, TLF_HDR_LEN, DMA_FROM_DEVICE);
	dma_sync_single_for_cpu(p->dev, dma, got, DMA_FROM_DEVICE);
	dma_unmap_single(p->dev, dma, TLF_RX_LEN, DMA_FROM_DEVICE);
	return 0;
}

int tlf_demo(struct tlf_priv *p, struct sk_buff *skb, void *buf)
{
	int err = tlf_xmit(p, skb);

	tlf_tx_complete(p);
	return err ?: tlf_rx_peek(p, buf, 128);
}
EXPORT_SYMBOL_GPL(tlf_demo);

MODULE_LICENSE("GPL");
