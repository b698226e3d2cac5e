// SPDX-License-Identifier: GPL-2.0
/*
 * One coherent area holds the device's status block and, after it, the
 * descriptor ring.  The driver keeps the ring's CPU pointer and the area's
 * handle, and at teardown frees the ring pointer with the area's handle.
 * dma_free_coherent() must get the CPU address the allocation returned:
 * where coherent memory is remapped (or allocated from a pool) it unmaps or
 * frees the wrong range.
 */
#include "../harness/rt_platform.h"

#define STATUS_BYTES	64
#define RING_BYTES	1024
#define AREA_BYTES	(STATUS_BYTES + RING_BYTES)

struct ring {
	dma_addr_t area_dma;	/* the allocation's handle */
	__le32 *status;		/* the allocation's start */
	void *desc;		/* STATUS_BYTES in */
	dma_addr_t desc_dma;
};

static int ring_alloc(struct device *dev, struct ring *r)
{
	void *area = dma_alloc_coherent(dev, AREA_BYTES, &r->area_dma, GFP_KERNEL); /* related: api-mismatch */

	if (!area)
		return -ENOMEM;
	r->status = area;
	r->desc = area + STATUS_BYTES;
	r->desc_dma = r->area_dma + STATUS_BYTES;
	return 0;
}

static void ring_free(struct device *dev, struct ring *r)
{
	dma_free_coherent(dev, AREA_BYTES, r->desc, r->area_dma); /* expect: api-mismatch */
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
