// SPDX-License-Identifier: GPL-2.0
/*
 * A block-style request mapped with dma_map_sg() whose completion unmaps
 * each segment with dma_unmap_page(), as if the segments had been mapped
 * one by one.
 */
#include <linux/scatterlist.h>
#include <linux/slab.h>

#include "../harness/rt_platform.h"

#define REQ_SEGS	3
#define SEG_LEN		512

struct req {
	struct device *dev;
	struct scatterlist sgl[REQ_SEGS];
	void *seg[REQ_SEGS];
	int nents;
	int mapped;
};

static int req_map(struct req *r)
{
	int i;

	sg_init_table(r->sgl, REQ_SEGS);
	for (i = 0; i < REQ_SEGS; i++) {
		r->seg[i] = kzalloc(SEG_LEN, GFP_KERNEL);
		if (!r->seg[i])
			return -ENOMEM;
		sg_set_buf(&r->sgl[i], r->seg[i], SEG_LEN);
	}
	r->nents = REQ_SEGS;
	r->mapped = dma_map_sg(r->dev, r->sgl, r->nents, DMA_TO_DEVICE); /* related: api-mismatch */
	return r->mapped ? 0 : -EIO;
}

static void req_complete(struct req *r)
{
	struct scatterlist *sg;
	int i;

	for_each_sg(r->sgl, sg, r->mapped, i)
		dma_unmap_page(r->dev, sg_dma_address(sg), sg_dma_len(sg), DMA_TO_DEVICE); /* expect: api-mismatch */
}

static int req_probe(struct platform_device *pdev)
{
	struct req *r = devm_kzalloc(&pdev->dev, sizeof(*r), GFP_KERNEL);

	if (!r)
		return -ENOMEM;
	r->dev = &pdev->dev;
	platform_set_drvdata(pdev, r);
	if (req_map(r) == 0)
		req_complete(r);
	return 0;
}

static void req_remove(struct platform_device *pdev)
{
	struct req *r = platform_get_drvdata(pdev);
	int i;

	for (i = 0; i < REQ_SEGS; i++)
		kfree(r->seg[i]);
}

RT_PLATFORM_MODULE(req_probe, req_remove);
