// SPDX-License-Identifier: GPL-2.0
/*
 * The fixed twin of wc_framebuffer_clear_bad.c: the scan-out buffer from
 * dma_alloc_wc() is used as it comes, zeroed like every
 * dma_alloc_*() since Linux 5.0.
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>

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
	return 0;
}
EXPORT_SYMBOL_GPL(wcd_plane_alloc);

void wcd_plane_free(struct wcd_plane *plane)
{
	dma_free_wc(plane->dev, plane->size, plane->vaddr, plane->paddr);
}
EXPORT_SYMBOL_GPL(wcd_plane_free);

MODULE_LICENSE("GPL");
