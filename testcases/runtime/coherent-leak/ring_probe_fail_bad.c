// SPDX-License-Identifier: GPL-2.0
/*
 * A probe that allocates its descriptor rings in coherent memory and, when
 * the second ring does not fit the device's limits, fails without freeing
 * the first.  The leak shows when the driver core releases the device after
 * the failed probe.
 */
#include "../harness/rt_platform.h"

#define RING_DESCS	64
#define DESC_SIZE	16
#define RING_MAX_BYTES	2048

struct ring {
	void *desc;
	dma_addr_t dma;
	size_t size;
};

struct ringdev {
	struct device *dev;
	struct ring tx, rx;
};

static int ring_alloc(struct ringdev *rd, struct ring *r, unsigned int descs)
{
	r->size = descs * DESC_SIZE;
	if (r->size > RING_MAX_BYTES)
		return -EINVAL;
	r->desc = dma_alloc_coherent(rd->dev, r->size, &r->dma, GFP_KERNEL); /* expect: coherent-leak */
	return r->desc ? 0 : -ENOMEM;
}

static void ring_free(struct ringdev *rd, struct ring *r)
{
	dma_free_coherent(rd->dev, r->size, r->desc, r->dma);
	r->desc = NULL;
}

static int ringdev_probe(struct platform_device *pdev)
{
	struct ringdev *rd = devm_kzalloc(&pdev->dev, sizeof(*rd), GFP_KERNEL);
	int err;

	if (!rd)
		return -ENOMEM;
	rd->dev = &pdev->dev;
	err = ring_alloc(rd, &rd->tx, RING_DESCS);
	if (err)
		return err;
	err = ring_alloc(rd, &rd->rx, 4 * RING_DESCS);	/* more than the device takes */
	if (err)
		return err;
	platform_set_drvdata(pdev, rd);
	return 0;
}

static void ringdev_remove(struct platform_device *pdev)
{
	struct ringdev *rd = platform_get_drvdata(pdev);

	ring_free(rd, &rd->rx);
	ring_free(rd, &rd->tx);
}

RT_PLATFORM_MODULE(ringdev_probe, ringdev_remove);
