// SPDX-License-Identifier: GPL-2.0
/*
 * unchecked-mapping-error, clean twin: the same indirections, checked.  The
 * handle is tested through the ring slot it was stored in, through the
 * local it came from after a dma_unmap_addr_set(), by the driver's own
 * rxh_dma_failed() helper, and the mapping helper passes the handle up for
 * its callers to check.
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#define RXH_BUF_SIZE	2048

struct rxh_desc {
	__le64 addr;
	__le32 len;
	__le32 status;
};

struct rxh_buf {
	struct page *page;
	dma_addr_t dma;
	DEFINE_DMA_UNMAP_ADDR(mapping);
};

struct rxh_ring {
	struct device *dev;
	struct rxh_desc *desc;
	struct rxh_buf *buf;
	unsigned int next;
	dma_addr_t peer_db;
	u64 map_failed;
};

static dma_addr_t rxh_map_page(struct rxh_ring *ring, struct page *page)
{
	return dma_map_page(ring->dev, page, 0, PAGE_SIZE, DMA_FROM_DEVICE);
}

static bool rxh_dma_failed(struct rxh_ring *ring, dma_addr_t dma)
{
	if (likely(!dma_mapping_error(ring->dev, dma)))
		return false;
	ring->map_failed++;
	return true;
}

int rxh_refill_one(struct rxh_ring *ring, unsigned int i)
{
	struct rxh_buf *rx_buf = &ring->buf[i];
	struct page *page = dev_alloc_page();

	if (!page)
		return -ENOMEM;
	rx_buf->page = page;
	rx_buf->dma = dma_map_page_attrs(ring->dev, page, 0, PAGE_SIZE, DMA_FROM_DEVICE,
					 DMA_ATTR_SKIP_CPU_SYNC);
	if (dma_mapping_error(ring->dev, rx_buf->dma)) {
		__free_page(page);
		rx_buf->page = NULL;
		return -ENOMEM;
	}
	ring->desc[i].addr = cpu_to_le64(rx_buf->dma);
	return 0;
}
EXPORT_SYMBOL_GPL(rxh_refill_one);

int rxh_refill_helper(struct rxh_ring *ring, unsigned int i)
{
	struct rxh_buf *rx_buf = &ring->buf[i];
	struct page *page = dev_alloc_page();
	dma_addr_t dma;

	if (!page)
		return -ENOMEM;
	dma = rxh_map_page(ring, page);
	rx_buf->page = page;
	dma_unmap_addr_set(rx_buf, mapping, dma);
	if (rxh_dma_failed(ring, dma)) {
		__free_page(page);
		rx_buf->page = NULL;
		return -ENOMEM;
	}
	ring->desc[i].addr = cpu_to_le64(dma);
	return 0;
}
EXPORT_SYMBOL_GPL(rxh_refill_helper);

int rxh_map_peer_doorbell(struct rxh_ring *ring, phys_addr_t db)
{
	dma_addr_t dma = dma_map_resource(ring->dev, db, sizeof(u32), DMA_BIDIRECTIONAL, 0);

	if (dma_mapping_error(ring->dev, dma))
		return -EIO;
	ring->peer_db = dma;
	ring->desc[0].addr = cpu_to_le64(ring->peer_db);
	return 0;
}
EXPORT_SYMBOL_GPL(rxh_map_peer_doorbell);

int rxh_post_header(struct rxh_ring *ring, unsigned int i, struct sk_buff *skb)
{
	dma_addr_t dma = dma_map_single(ring->dev, skb->data, skb_headlen(skb), DMA_TO_DEVICE);

	if (rxh_dma_failed(ring, dma))
		return -ENOMEM;
	ring->desc[i].addr = cpu_to_le64(dma);
	return 0;
}
EXPORT_SYMBOL_GPL(rxh_post_header);

MODULE_LICENSE("GPL");
