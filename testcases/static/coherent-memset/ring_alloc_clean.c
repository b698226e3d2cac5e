// SPDX-License-Identifier: GPL-2.0
/*
 * coherent-memset, clean twin: no memset of fresh coherent memory.  The
 * cases here look alike but are not redundant: a buffer written first and
 * then cleared again, a memset of kmalloc'ed memory, and a ring reset that
 * clears coherent memory reused after the device has written it.
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/slab.h>

struct demo_ring {
	void *desc;
	dma_addr_t desc_dma;
	size_t size;
	void *shadow;
};

static int demo_ring_alloc(struct device *dev, struct demo_ring *ring, unsigned int count)
{
	ring->size = ALIGN(count * 16, 4096);
	ring->desc = dma_alloc_coherent(dev, ring->size, &ring->desc_dma, GFP_KERNEL);
	if (!ring->desc)
		return -ENOMEM;
	ring->shadow = kmalloc(ring->size, GFP_KERNEL);
	if (!ring->shadow) {
		dma_free_coherent(dev, ring->size, ring->desc, ring->desc_dma);
		return -ENOMEM;
	}
	memset(ring->shadow, 0, ring->size);
	return 0;
}

/* Called on ifdown/ifup: the device has used the ring since allocation. */
static void demo_ring_reset(struct demo_ring *ring)
{
	memset(ring->desc, 0, ring->size);
}

static u32 *demo_counters(struct device *dev, dma_addr_t *dma)
{
	u32 *ctr = dma_alloc_coherent(dev, 64 * sizeof(u32), dma, GFP_KERNEL);

	if (!ctr)
		return NULL;
	ctr[0] = 0xfeedf00d;	/* a signature the firmware checks, then cleared */
	memset(ctr, 0, 64 * sizeof(u32));
	return ctr;
}

int demo_setup(struct device *dev, struct demo_ring *ring, dma_addr_t *b, u32 **counters)
{
	if (demo_ring_alloc(dev, ring, 256))
		return -ENOMEM;
	demo_ring_reset(ring);
	*counters = demo_counters(dev, b);
	if (!*counters)
		return -ENOMEM;
	return 0;
}
EXPORT_SYMBOL_GPL(demo_setup);

MODULE_LICENSE("GPL");
