// SPDX-License-Identifier: GPL-2.0
/*
 * A scatter-gather transfer on QEMU's edu device that unmaps with the nents
 * it gave dma_map_sg(), not with what dma_map_sg() returned, even behind an
 * IOMMU that merges the pages into fewer segments (dmatrack-test: iommu).
 */
#include <linux/gfp.h>
#include <linux/scatterlist.h>

#include "../harness/rt_edu.h"

#define SG_PAGES	4

struct sgxfer {
	struct page *pages;
	struct scatterlist sgl[SG_PAGES];
	int count;
};

static int sgxfer_probe(struct rt_edu *edu)
{
	struct sgxfer *x = devm_kzalloc(edu->dev, sizeof(*x), GFP_KERNEL);
	int i;

	if (!x)
		return -ENOMEM;
	x->pages = alloc_pages(GFP_KERNEL | __GFP_ZERO, get_order(SG_PAGES * PAGE_SIZE));
	if (!x->pages)
		return -ENOMEM;
	sg_init_table(x->sgl, SG_PAGES);
	for (i = 0; i < SG_PAGES; i++)
		sg_set_page(&x->sgl[i], x->pages + i, PAGE_SIZE, 0);
	x->count = dma_map_sg(edu->dev, x->sgl, SG_PAGES, DMA_FROM_DEVICE);
	if (!x->count) {
		__free_pages(x->pages, get_order(SG_PAGES * PAGE_SIZE));
		return -ENOMEM;
	}
	edu->priv = x;
	return 0;
}

static void sgxfer_remove(struct rt_edu *edu)
{
	struct sgxfer *x = edu->priv;

	dma_unmap_sg(edu->dev, x->sgl, SG_PAGES, DMA_FROM_DEVICE);
	__free_pages(x->pages, get_order(SG_PAGES * PAGE_SIZE));
}

RT_EDU_MODULE(sgxfer_probe, sgxfer_remove);
