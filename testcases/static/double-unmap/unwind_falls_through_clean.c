// SPDX-License-Identifier: GPL-2.0
/*
 * double-unmap, clean twin: each handle is released once on every path;
 * the failure branch of dma_mapping_error() releases nothing; a loop that
 * unmaps every ring slot unmaps each slot once (the index changes), and a
 * slot is unmapped again only after it was mapped again.
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

struct uft_slot {
	struct sk_buff *skb;
	dma_addr_t dma;
	unsigned int len;
};

struct uft_priv {
	struct device *dev;
	struct uft_slot slot[16];
	void *ring;
	dma_addr_t ring_dma;
	__le64 *hw;
};

static int uft_map_pair(struct uft_priv *p, void *hdr, void *payload, size_t len)
{
	dma_addr_t hdr_dma, data_dma;

	hdr_dma = dma_map_single(p->dev, hdr, 64, DMA_TO_DEVICE);
	if (dma_mapping_error(p->dev, hdr_dma))
		return -ENOMEM;
	data_dma = dma_map_single(p->dev, payload, len, DMA_TO_DEVICE);
	if (dma_mapping_error(p->dev, data_dma))
		goto err_hdr;
	p->hw[0] = cpu_to_le64(hdr_dma);
	p->hw[1] = cpu_to_le64(data_dma);
	return 0;

err_hdr:
	dma_unmap_single(p->dev, hdr_dma, 64, DMA_TO_DEVICE);
	return -ENOMEM;
}

static int uft_map_rx(struct uft_priv *p, struct sk_buff *skb, unsigned int i)
{
	dma_addr_t dma = dma_map_single(p->dev, skb->data, 2048, DMA_FROM_DEVICE);

	if (dma_mapping_error(p->dev, dma))
		return -ENOMEM;
	p->slot[i].dma = dma;
	p->slot[i].skb = skb;
	return 0;
}

static void uft_unmap_slot(struct uft_priv *p, struct uft_slot *s)
{
	dma_unmap_single(p->dev, s->dma, s->len, DMA_FROM_DEVICE);
}

static void uft_teardown_all(struct uft_priv *p)
{
	unsigned int i;

	for (i = 0; i < 16; i++) {
		struct uft_slot *s = &p->slot[i];

		if (!s->skb)
			continue;
		uft_unmap_slot(p, s);
		dev_kfree_skb_any(s->skb);
		s->skb = NULL;
	}
}

/* Unmapped, mapped again, unmapped again: that is two mappings. */
static int uft_remap_slot(struct uft_priv *p, unsigned int i)
{
	struct uft_slot *s = &p->slot[i];

	dma_unmap_single(p->dev, s->dma, s->len, DMA_FROM_DEVICE);
	s->dma = dma_map_single(p->dev, s->skb->data, s->len, DMA_FROM_DEVICE);
	if (dma_mapping_error(p->dev, s->dma))
		return -ENOMEM;
	dma_unmap_single(p->dev, s->dma, s->len, DMA_FROM_DEVICE);
	return 0;
}

static void uft_free_ring(struct uft_priv *p)
{
	if (p->ring)
		dma_free_coherent(p->dev, PAGE_SIZE, p->ring, p->ring_dma);
	p->ring = NULL;
}

int uft_demo(struct uft_priv *p, struct sk_buff *skb, void *hdr)
{
	int err = uft_map_pair(p, hdr, skb->data, skb->len) ?: uft_map_rx(p, skb, 0);

	uft_remap_slot(p, 1);
	uft_teardown_all(p);
	uft_free_ring(p);
	return err;
}
EXPORT_SYMBOL_GPL(uft_demo);

MODULE_LICENSE("GPL");
