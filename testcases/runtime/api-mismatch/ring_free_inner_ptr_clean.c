// SPDX-License-Identifier: GPL-2.0
/*
 * The clean twin of ring_free_inner_ptr_bad.c: the area is freed with the
 * CPU address dma_alloc_coherent() returned, its start.
 */
#include "../harness/rt_platform.h"

#define STATUS_BYTES	64
#define RING_BYTES	1024
#define AREA_BYTES	(STATUS_BYTES + RING_BYTES)

struct ring {
	dma_addr_t area_dma;
	__le32 *status;
	void *desc;
	dma_addr_t desc_dma;
};

static int ring_alloc(struct device *dev, struct ring *r)
{
	void *area = dma_alloc_coherent(dev, AREA_BYTES, &r->area_dma, GFP_KERNEL);

	if (!area)
		return -ENOMEM;
	r->status = area;
	r->desc = area + STATUS_BYTES;
	r->desc_dma = r->area_dma + STATUS_BYTES;
	return 0;
}

static void ring_free(struct device *dev, struct ring *r)
{
	dma_free_coherent(dev, AREA_BYTES, r->status, r->area_dma);
	r->status = NULL;
	r->desc = NULL;
}

static int ringarea_probe(struct platform_device *pdev)
{
	struct ring *r = devm_kzalloc(&pdev->dev, sizeof(*r), GFP_KERNEL);

	if (!r)
		return -ENOMEM;
	platform_set_drvdata(pdev, r);
	return ring_alloc(&pdev->dev, r);
}

static void ringarea_remove(struct platform_device *pdev)
{
	ring_free(&pdev->dev, platform_get_drvdata(pdev));
}

RT_PLATFORM_MODULE(ringarea_probe, ringarea_remove);
