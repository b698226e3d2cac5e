// SPDX-License-Identifier: GPL-2.0
/*
 * The clean twin of sgtable_merged_pages_bad.c: the table is built with
 * sg_alloc_table_from_pages_segment() and the device's maximum segment
 * size, so no entry is longer than the device takes (dmatrack-test: wrap).
 */
#include <linux/mm.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

#include "../harness/rt_platform.h"

#define FB_ORDER	2
#define FB_PAGES	(1 << FB_ORDER)
#define DEV_MAX_SEG	SZ_4K

struct fb {
	struct page *pages;
	struct sg_table sgt;
	bool mapped;
};

static int fb_map(struct device *dev, struct fb *fb)
{
	struct page *pages[FB_PAGES];
	int i, err;

	for (i = 0; i < FB_PAGES; i++)
		pages[i] = fb->pages + i;
	err = sg_alloc_table_from_pages_segment(&fb->sgt, pages, FB_PAGES, 0,
						FB_PAGES * PAGE_SIZE, dma_get_max_seg_size(dev),
						GFP_KERNEL);
	if (err)
		return err;
	err = dma_map_sgtable(dev, &fb->sgt, DMA_TO_DEVICE, 0);
	if (err) {
		sg_free_table(&fb->sgt);
		return err;
	}
	fb->mapped = true;
	return 0;
}

static int fbseg_probe(struct platform_device *pdev)
{
	struct fb *fb = devm_kzalloc(&pdev->dev, sizeof(*fb), GFP_KERNEL);
	int err;

	if (!fb)
		return -ENOMEM;
	dma_set_max_seg_size(&pdev->dev, DEV_MAX_SEG);	/* platform devices have dma_parms */
	fb->pages = alloc_pages(GFP_KERNEL | __GFP_ZERO, FB_ORDER);
	if (!fb->pages)
		return -ENOMEM;
	platform_set_drvdata(pdev, fb);
	err = fb_map(&pdev->dev, fb);
	if (err)
		__free_pages(fb->pages, FB_ORDER);
	return err;
}

static void fbseg_remove(struct platform_device *pdev)
{
	struct fb *fb = platform_get_drvdata(pdev);

	if (fb->mapped) {
		dma_unmap_sgtable(&pdev->dev, &fb->sgt, DMA_TO_DEVICE, 0);
		sg_free_table(&fb->sgt);
	}
	__free_pages(fb->pages, FB_ORDER);
}

RT_PLATFORM_MODULE(fbseg_probe, fbseg_remove);
