/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dmatrack wrap mode.  Add to a driver's Kbuild file
 *
 *     ccflags-y += -include /path/to/dmacheck/runtime/dmatrack_wrap.h
 *     KBUILD_EXTRA_SYMBOLS += /path/to/dmatrack/Module.symvers
 *
 * and its DMA API calls go through dmatrack.ko, which then sees what a probe
 * on the exported functions cannot: dma_mapping_error() (an inline), the
 * pointer given to dma_map_single() (stack, vmalloc and module memory), and
 * syncs that a 6.10+ kernel skips on coherent devices.  Every event carries
 * the exact file, line and function of the call.  The driver then needs
 * dmatrack.ko loaded first (modprobe resolves that through the symbols).
 */
#ifndef DMATRACK_WRAP_H
#define DMATRACK_WRAP_H

#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>

/* A call site; the same layout as struct dmt_src of the tracker's core. */
struct dmatrack_src {
	const char *file;
	const char *function;
	unsigned int line;
};

#define DMATRACK_HERE ({							\
	static const struct dmatrack_src dmatrack_here_ = {			\
		__FILE__, __func__, __LINE__ };					\
	&dmatrack_here_; })

dma_addr_t dmatrack_map_single(const struct dmatrack_src *src, struct device *dev, void *ptr,
			       size_t size, enum dma_data_direction dir, unsigned long attrs);
dma_addr_t dmatrack_map_page(const struct dmatrack_src *src, struct device *dev,
			     struct page *page, size_t offset, size_t size,
			     enum dma_data_direction dir, unsigned long attrs);
void dmatrack_unmap_page(const struct dmatrack_src *src, struct device *dev, dma_addr_t addr,
			 size_t size, enum dma_data_direction dir, unsigned long attrs);
int dmatrack_mapping_error(const struct dmatrack_src *src, struct device *dev, dma_addr_t addr);
void dmatrack_sync_single(const struct dmatrack_src *src, struct device *dev, dma_addr_t addr,
			  size_t size, enum dma_data_direction dir, int for_device);
unsigned int dmatrack_map_sg(const struct dmatrack_src *src, struct device *dev,
			     struct scatterlist *sg, int nents, enum dma_data_direction dir,
			     unsigned long attrs);
int dmatrack_map_sgtable(const struct dmatrack_src *src, struct device *dev, struct sg_table *sgt,
			 enum dma_data_direction dir, unsigned long attrs);
void dmatrack_unmap_sg(const struct dmatrack_src *src, struct device *dev, struct scatterlist *sg,
		       int nents, enum dma_data_direction dir, unsigned long attrs);
void dmatrack_sync_sg(const struct dmatrack_src *src, struct device *dev, struct scatterlist *sg,
		      int nelems, enum dma_data_direction dir, int for_device);
void *dmatrack_alloc(const struct dmatrack_src *src, struct device *dev, size_t size,
		     dma_addr_t *handle, gfp_t gfp, unsigned long attrs);
void dmatrack_free(const struct dmatrack_src *src, struct device *dev, size_t size, void *cpu,
		   dma_addr_t handle, unsigned long attrs);

/*
 * dma_map_single(), dma_map_page(), dma_map_sg() and their unmaps are
 * macros over these names in <linux/dma-mapping.h>, so they follow; the
 * sg_table helpers are inlines there, replaced here.
 */
#define dma_map_single_attrs(d, p, s, r, a) dmatrack_map_single(DMATRACK_HERE, d, p, s, r, a)
#define dma_unmap_single_attrs(d, h, s, r, a) dmatrack_unmap_page(DMATRACK_HERE, d, h, s, r, a)
#define dma_map_page_attrs(d, p, o, s, r, a) dmatrack_map_page(DMATRACK_HERE, d, p, o, s, r, a)
#define dma_unmap_page_attrs(d, h, s, r, a) dmatrack_unmap_page(DMATRACK_HERE, d, h, s, r, a)
#define dma_mapping_error(d, h) dmatrack_mapping_error(DMATRACK_HERE, d, h)
#define dma_sync_single_for_cpu(d, h, s, r) dmatrack_sync_single(DMATRACK_HERE, d, h, s, r, 0)
#define dma_sync_single_for_device(d, h, s, r) dmatrack_sync_single(DMATRACK_HERE, d, h, s, r, 1)
#define dma_sync_single_range_for_cpu(d, h, o, s, r) \
	dmatrack_sync_single(DMATRACK_HERE, d, (h) + (o), s, r, 0)
#define dma_sync_single_range_for_device(d, h, o, s, r) \
	dmatrack_sync_single(DMATRACK_HERE, d, (h) + (o), s, r, 1)
#define dma_map_sg_attrs(d, sg, n, r, a) dmatrack_map_sg(DMATRACK_HERE, d, sg, n, r, a)
#define dma_unmap_sg_attrs(d, sg, n, r, a) dmatrack_unmap_sg(DMATRACK_HERE, d, sg, n, r, a)
#define dma_sync_sg_for_cpu(d, sg, n, r) dmatrack_sync_sg(DMATRACK_HERE, d, sg, n, r, 0)
#define dma_sync_sg_for_device(d, sg, n, r) dmatrack_sync_sg(DMATRACK_HERE, d, sg, n, r, 1)
/* The sg_table helpers pass orig_nents, the CPU entries, as the API asks. */
#define dma_map_sgtable(d, t, r, a) dmatrack_map_sgtable(DMATRACK_HERE, d, t, r, a)
#define dma_unmap_sgtable(d, t, r, a) \
	dmatrack_unmap_sg(DMATRACK_HERE, d, (t)->sgl, (t)->orig_nents, r, a)
#define dma_sync_sgtable_for_cpu(d, t, r) \
	dmatrack_sync_sg(DMATRACK_HERE, d, (t)->sgl, (t)->orig_nents, r, 0)
#define dma_sync_sgtable_for_device(d, t, r) \
	dmatrack_sync_sg(DMATRACK_HERE, d, (t)->sgl, (t)->orig_nents, r, 1)
#define dma_alloc_attrs(d, s, h, g, a) dmatrack_alloc(DMATRACK_HERE, d, s, h, g, a)
#define dma_free_attrs(d, s, c, h, a) dmatrack_free(DMATRACK_HERE, d, s, c, h, a)
#define dma_alloc_coherent(d, s, h, g) dmatrack_alloc(DMATRACK_HERE, d, s, h, g, 0)
#define dma_free_coherent(d, s, c, h) dmatrack_free(DMATRACK_HERE, d, s, c, h, 0)

#endif
