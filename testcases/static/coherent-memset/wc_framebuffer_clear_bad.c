// SPDX-License-Identifier: GPL-2.0
/*
 * coherent-memset of write-combined memory: a display driver clears the
 * scan-out buffer it just got from dma_alloc_wc(), which, like every
 * dma_alloc_*() since Linux 5.0, returns it zeroed already.
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/string.h>

struct wcd_plane {
	struct device *dev;
	void *vaddr;
	dma_addr_t paddr;
	size_t size;
};

int wcd_plane_alloc(struct wcd_plane *plane)
{
	plane->vaddr = dma_alloc_wc(plane->dev, plane->size, &plane->paddr, GFP_KERNEL);
	if (!plane->vaddr)
		return -ENOMEM;
	memset(plane->vaddr, 0, plane->size); /* expect: coherent-memset */
	return 0;
}
EXPORT_SYMBOL_GPL(wcd_plane_alloc);

void wcd_plane_free(struct wcd_plane *plane)
{
	dma_free_wc(plane->dev, plane->size, plane->vaddr, plane->paddr);
}
EXPORT_SYMBOL_GPL(wcd_plane_free);

MODULE_LICENSE("GPL");
