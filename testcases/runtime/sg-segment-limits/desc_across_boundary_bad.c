// SPDX-License-Identifier: GPL-2.0
/*
 * A command whose response buffer is carved out of a larger allocation at a
 * fixed offset and mapped as one scatterlist entry, for a controller whose
 * descriptors cannot cross a 4 KiB boundary (dma_set_seg_boundary()).  At
 * this offset the entry straddles the boundary, so the device would wrap to
 * the start of the 4 KiB window.
 */
#include <linux/mm.h>
#include <linux/scatterlist.h>

#include "../harness/rt_platform.h"

#define AREA_ORDER	1
#define RESP_OFFSET	(SZ_4K - 256)
#define RESP_LEN	512
#define DEV_BOUNDARY	(SZ_4K - 1)

struct cmd {
	struct page *area;
	struct scatterlist sg;
	bool mapped;
};

static int cmd_map_response(struct device *dev, struct cmd *c)
{
	sg_init_table(&c->sg, 1);
	sg_set_page(&c->sg, c->area, RESP_LEN, RESP_OFFSET);
	if (!dma_map_sg(dev, &c->sg, 1, DMA_FROM_DEVICE)) /* expect: sg-segment-limits */
		return -EIO;
	c->mapped = true;
	return 0;
}

static int cmdseg_probe(struct platform_device *pdev)
{
	struct cmd *c = devm_kzalloc(&pdev->dev, sizeof(*c), GFP_KERNEL);
	int err;

	if (!c)
		return -ENOMEM;
	dma_set_seg_boundary(&pdev->dev, DEV_BOUNDARY);	/* platform devices have dma_parms */
	c->area = alloc_pages(GFP_KERNEL | __GFP_ZERO, AREA_ORDER);
	if (!c->area)
		return -ENOMEM;
	platform_set_drvdata(pdev, c);
	err = cmd_map_response(&pdev->dev, c);
	if (err)
		__free_pages(c->area, AREA_ORDER);
	return err;
}

static void cmdseg_remove(struct platform_device *pdev)
{
	struct cmd *c = platform_get_drvdata(pdev);

	if (c->mapped)
		dma_unmap_sg(&pdev->dev, &c->sg, 1, DMA_FROM_DEVICE);
	__free_pages(c->area, AREA_ORDER);
}

RT_PLATFORM_MODULE(cmdseg_probe, cmdseg_remove);
