// SPDX-License-Identifier: GPL-2.0
/*
 * free-while-mapped: a receive ring drain that frees each skb before it
 * unmaps its DMA_FROM_DEVICE buffer (the unmap then invalidates, or
 * copies a bounce buffer into, memory that has a new owner); an error
 * path that frees a mapped page and never unmaps it; and a firmware
 * command buffer kfree()d while mapped, its unmap forgotten.
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

static void rdf_drain(struct rdf_priv *p)
{
	unsigned int i;

	for (i = 0; i < 32; i++) {
		struct rdf_buf *b = &p->rx[i];

		if (!b->skb)
			continue;
		dev_kfree_skb_any(b->skb); /* expect: free-while-mapped */
		dma_unmap_single(p->dev, b->dma, 2048, DMA_FROM_DEVICE);
		b->skb = NULL;
	}
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
		__free_page(page); /* expect: free-while-mapped */
		return -EAGAIN; /* expect: mapping-leak */
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
	kfree(cmd); /* expect: free-while-mapped */
	return 0; /* expect: mapping-leak */
}

int rdf_demo(struct rdf_priv *p, struct sk_buff *skb, const void *args)
{
	int err = rdf_refill(p, 0, skb) ?: rdf_add_page(p, false) ?: rdf_fw_cmd(p, args, 16);

	rdf_drain(p);
	return err;
}
EXPORT_SYMBOL_GPL(rdf_demo);

MODULE_LICENSE("GPL");
