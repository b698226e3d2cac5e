// SPDX-License-Identifier: GPL-2.0
/*
 * free-while-mapped, clean twin: buffers are unmapped before they are
 * freed; a buffer whose mapping failed is simply freed; and freeing a
 * DMA_TO_DEVICE frame right before its unmap, as transmit completions do,
 * is left alone: that unmap writes nothing into the buffer.
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/slab.h>

struct rdf_buf {
	struct sk_buff *skb;
	dma_addr_t dma;
};

struct rdf_priv {
	struct device *dev;
	struct rdf_buf rx[32];
	struct rdf_buf tx[32];
	struct page *page;
	dma_addr_t page_dma;
};

static int rdf_refill(struct rdf_priv *p, unsigned int i, struct sk_buff *skb)
{
	p->rx[i].dma = dma_map_single(p->dev, skb->data, 2048, DMA_FROM_DEVICE);
	if (dma_mapping_error(p->dev, p->rx[i].dma))
		return -ENOMEM;
	p->rx[i].skb = skb;
	return 0;
}

static int rdf_xmit(struct rdf_priv *p, unsigned int i, struct sk_buff *skb)
{
	p->tx[i].dma = dma_map_single(p->dev, skb->data, skb->len, DMA_TO_DEVICE);
	if (dma_mapping_error(p->dev, p->tx[i].dma))
		return -ENOMEM;
	p->tx[i].skb = skb;
	return 0;
}

static void rdf_drain(struct rdf_priv *p)
{
	unsigned int i;

	for (i = 0; i < 32; i++) {
		struct rdf_buf *b = &p->rx[i];

		if (!b->skb)
			continue;
		dma_unmap_single(p->dev, b->dma, 2048, DMA_FROM_DEVICE);
		dev_kfree_skb_any(b->skb);
		b->skb = NULL;
	}
}

static void rdf_tx_complete(struct rdf_priv *p, unsigned int i)
{
	struct rdf_buf *b = &p->tx[i];
	unsigned int len = b->skb->len;

	dev_consume_skb_any(b->skb);
	dma_unmap_single(p->dev, b->dma, len, DMA_TO_DEVICE);
	b->skb = NULL;
}

static int rdf_add_page(struct rdf_priv *p, bool ready)
{
	struct page *page = alloc_page(GFP_KERNEL);
	dma_addr_t dma;

	if (!page)
		return -ENOMEM;
	dma = dma_map_page(p->dev, page, 0, PAGE_SIZE, DMA_FROM_DEVICE);
	if (dma_mapping_error(p->dev, dma)) {
		__free_page(page);
		return -ENOMEM;
	}
	if (!ready) {
		dma_unmap_page(p->dev, dma, PAGE_SIZE, DMA_FROM_DEVICE);
		__free_page(page);
		return -EAGAIN;
	}
	p->page = page;
	p->page_dma = dma;
	return 0;
}

static int rdf_fw_cmd(struct rdf_priv *p, const void *args, size_t len)
{
	void *cmd = kmemdup(args, len, GFP_KERNEL);
	dma_addr_t dma;

	if (!cmd)
		return -ENOMEM;
	dma = dma_map_single(p->dev, cmd, len, DMA_BIDIRECTIONAL);
	if (dma_mapping_error(p->dev, dma)) {
		kfree(cmd);
		return -ENOMEM;
	}
	dma_unmap_single(p->dev, dma, len, DMA_BIDIRECTIONAL);
	kfree(cmd);
	return 0;
}

int rdf_demo(struct rdf_priv *p, struct sk_buff *skb, struct sk_buff *frame, const void *args)
{
	int err = rdf_refill(p, 0, skb) ?: rdf_xmit(p, 0, frame) ?: rdf_add_page(p, false) ?:
		  rdf_fw_cmd(p, args, 16);

	rdf_tx_complete(p, 0);
	rdf_drain(p);
	return err;
}
EXPORT_SYMBOL_GPL(rdf_demo);

MODULE_LICENSE("GPL");
