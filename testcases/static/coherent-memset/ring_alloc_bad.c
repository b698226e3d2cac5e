// SPDX-License-Identifier: GPL-2.0
/*
 * coherent-memset: descriptor rings cleared right after dma_alloc_coherent(),
 * in the forms drivers use: a local pointer, a ring field, the managed
 * dmam_ variant, and a memset behind an unlikely() NULL check.
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/slab.h>

struct demo_ring {
	void *desc;
	dma_addr_t desc_dma;
	size_t size;
};

static int demo_ring_alloc(struct device *dev, struct demo_ring *ring, unsigned int count)
{
	ring->size = ALIGN(count * 16, 4096);
	ring->desc = dma_alloc_coherent(dev, ring->size, &ring->desc_dma, GFP_KERNEL);
	if (!ring->desc)
		return -ENOMEM;
	memset(ring->desc, 0, ring->size); /* expect: coherent-memset */
	return 0;
}

static void *demo_status_block(struct device *dev, dma_addr_t *dma)
{
	void *blk;

	blk = dmam_alloc_coherent(dev, PAGE_SIZE, dma, GFP_KERNEL);
	if (unlikely(!blk))
		return NULL;
	memset(blk, 0, PAGE_SIZE); /* expect: coherent-memset */
	return blk;
}

static u32 *demo_counters(struct device *dev, dma_addr_t *dma)
{
	u32 *ctr = dma_alloc_coherent(dev, 64 * sizeof(u32), dma, GFP_KERNEL);

	if (ctr == NULL)
		return NULL;

	/* Start from zero. */
	memset(ctr, 0, 64 * sizeof(u32)); /* expect: coherent-memset */
	return ctr;
}

int demo_setup(struct device *dev, struct demo_ring *ring, dma_addr_t *a, dma_addr_t *b,
	       u32 **counters)
{
	if (demo_ring_alloc(dev, ring, 256))
		return -ENOMEM;
	if (!demo_status_block(dev, a))
		return -ENOMEM;
	*counters = demo_counters(dev, b);
	if (!*counters)
		return -ENOMEM;
	return 0;
}
EXPORT_SYMBOL_GPL(demo_setup);

MODULE_LICENSE("GPL");
