// SPDX-License-Identifier: GPL-2.0
/*
 * The clean twin of desc_across_boundary_bad.c: the response buffer is
 * split into two entries at the device's 4 KiB segment boundary.
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
	struct scatterlist sg[2];
	bool mapped;
};

static int cmd_map_response(struct device *dev, struct cmd *c)
{
	unsigned int head = SZ_4K - RESP_OFFSET;

	sg_init_table(c->sg, 2);
	sg_set_page(&c->sg[0], c->area, head, RESP_OFFSET);
	sg_set_page(&c->sg[1], c->area + 1, RESP_LEN - head, 0);
	if (!dma_map_sg(dev, c->sg, 2, DMA_FROM_DEVICE))
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
		dma_unmap_sg(&pdev->dev, c->sg, 2, DMA_FROM_DEVICE);
	__free_pages(c->area, AREA_ORDER);
}

RT_PLATFORM_MODULE(cmdseg_probe, cmdseg_remove);
