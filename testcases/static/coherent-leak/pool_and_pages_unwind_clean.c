// SPDX-License-Identifier: GPL-2.0
/*
 * The fixed twin of pool_and_pages_unwind_bad.c: the dma_pool descriptor
 * and the dma_alloc_pages() ring are given back on every error path.
 */
#include <linux/dma-mapping.h>
#include <linux/dmapool.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/slab.h>

struct pq_desc {
	__le64 addr;
	__le32 len;
	__le32 flags;
};

struct pq_dev {
	struct device *dev;
	struct dma_pool *desc_pool;
	void __iomem *regs;
	struct page *rx_pages;
	dma_addr_t rx_dma;
	size_t rx_size;
};

int pq_submit(struct pq_dev *pq, size_t len)
{
	struct pq_desc *desc;
	dma_addr_t desc_dma;
	void *data;

	desc = dma_pool_zalloc(pq->desc_pool, GFP_KERNEL, &desc_dma);
	if (!desc)
		return -ENOMEM;
	data = kmalloc(len, GFP_KERNEL);
	if (!data) {
		dma_pool_free(pq->desc_pool, desc, desc_dma);
		return -ENOMEM;
	}
	desc->len = cpu_to_le32(len);
	writeq(desc_dma, pq->regs);
	kfree(data);
	dma_pool_free(pq->desc_pool, desc, desc_dma);
	return 0;
}
EXPORT_SYMBOL_GPL(pq_submit);

int pq_rx_setup(struct pq_dev *pq, int (*doorbell)(struct pq_dev *pq))
{
	struct page *pages;
	dma_addr_t dma;

	pages = dma_alloc_pages(pq->dev, pq->rx_size, &dma, DMA_FROM_DEVICE, GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	if (doorbell(pq)) {
		dma_free_pages(pq->dev, pq->rx_size, pages, dma, DMA_FROM_DEVICE);
		return -EIO;
	}
	pq->rx_pages = pages;
	pq->rx_dma = dma;
	return 0;
}
EXPORT_SYMBOL_GPL(pq_rx_setup);

MODULE_LICENSE("GPL");
