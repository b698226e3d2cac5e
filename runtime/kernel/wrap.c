// SPDX-License-Identifier: GPL-2.0
/*
 * The functions behind runtime/dmatrack_wrap.h.  Each tells the core about
 * the call, with its exact source location, and makes the real call; the
 * probes skip calls made from here.  Checks that must see the buffer before
 * the DMA layer touches it (unmap, sync) run before the real call, the
 * rest after it.
 */
#include <linux/dma-mapping.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/scatterlist.h>
#include <linux/stddef.h>

#include "dmatrack_wrap.h"
/* The real functions from here on. */
#undef dma_map_single_attrs
#undef dma_unmap_single_attrs
#undef dma_map_page_attrs
#undef dma_unmap_page_attrs
#undef dma_mapping_error
#undef dma_sync_single_for_cpu
#undef dma_sync_single_for_device
#undef dma_sync_single_range_for_cpu
#undef dma_sync_single_range_for_device
#undef dma_map_sg_attrs
#undef dma_unmap_sg_attrs
#undef dma_sync_sg_for_cpu
#undef dma_sync_sg_for_device
#undef dma_map_sgtable
#undef dma_unmap_sgtable
#undef dma_sync_sgtable_for_cpu
#undef dma_sync_sgtable_for_device
#undef dma_alloc_attrs
#undef dma_free_attrs
#undef dma_alloc_coherent
#undef dma_free_coherent

#include "dmatrack.h"

static_assert(sizeof(struct dmatrack_src) == sizeof(struct dmt_src));
static_assert(offsetof(struct dmatrack_src, file) == offsetof(struct dmt_src, file));
static_assert(offsetof(struct dmatrack_src, function) == offsetof(struct dmt_src, function));
static_assert(offsetof(struct dmatrack_src, line) == offsetof(struct dmt_src, line));

static void wrapped_call(struct dmt_call *c, const struct dmatrack_src *src, struct device *dev,
			 unsigned long ip)
{
	dmatrack_call_init(c, dev, ip);
	c->site.src = (const struct dmt_src *)src;
	c->flags = DMT_CALL_WRAPPED;
}

/* The DMA layer refuses these itself (with a WARN); so do we, with a report. */
static bool refused_memory(enum dmt_mem mem)
{
	return mem == DMT_MEM_VMALLOC || mem == DMT_MEM_MODULE_IMAGE ||
	       (mem == DMT_MEM_STACK && IS_ENABLED(CONFIG_VMAP_STACK));
}

static void track_map(struct dmt_call *c, dma_addr_t addr, phys_addr_t paddr, size_t size,
		      enum dma_data_direction dir, unsigned long attrs)
{
	c->addr = addr == DMA_MAPPING_ERROR ? DMT_MAPPING_ERROR : addr;
	c->paddr = paddr;
	c->size = size;
	c->dir = dmatrack_dir(dir);
	c->family = DMT_FAM_SINGLE;
	if (attrs & DMA_ATTR_SKIP_CPU_SYNC)
		c->flags |= DMT_CALL_SKIP_CPU_SYNC;
	c->flags |= dmatrack_bounced((struct device *)c->dev, c->addr, paddr);
	dmt_map(dmatrack_core, c);
}

dma_addr_t dmatrack_map_single(const struct dmatrack_src *src, struct device *dev, void *ptr,
			       size_t size, enum dma_data_direction dir, unsigned long attrs)
{
	struct dmt_call c;
	dma_addr_t addr;

	if (!dmatrack_wants(dev))
		return dma_map_single_attrs(dev, ptr, size, dir, attrs);
	wrapped_call(&c, src, dev, _RET_IP_);
	c.mem = dmatrack_classify_ptr(ptr);
	if (refused_memory(c.mem)) {
		track_map(&c, DMA_MAPPING_ERROR, DMT_NO_PADDR, size, dir, attrs);
		return DMA_MAPPING_ERROR;
	}
	dmatrack_see_syncs(dev);
	addr = dma_map_single_attrs(dev, ptr, size, dir, attrs);
	track_map(&c, addr, virt_to_phys(ptr), size, dir, attrs);
	return addr;
}
EXPORT_SYMBOL_GPL(dmatrack_map_single);

dma_addr_t dmatrack_map_page(const struct dmatrack_src *src, struct device *dev,
			     struct page *page, size_t offset, size_t size,
			     enum dma_data_direction dir, unsigned long attrs)
{
	struct dmt_call c;
	dma_addr_t addr;

	if (!dmatrack_wants(dev))
		return dma_map_page_attrs(dev, page, offset, size, dir, attrs);
	wrapped_call(&c, src, dev, _RET_IP_);
	c.mem = dmatrack_classify_page(page);
	dmatrack_see_syncs(dev);
	addr = dma_map_page_attrs(dev, page, offset, size, dir, attrs);
	track_map(&c, addr, page_to_phys(page) + offset, size, dir, attrs);
	return addr;
}
EXPORT_SYMBOL_GPL(dmatrack_map_page);

void dmatrack_unmap_page(const struct dmatrack_src *src, struct device *dev, dma_addr_t addr,
			 size_t size, enum dma_data_direction dir, unsigned long attrs)
{
	struct dmt_call c;

	wrapped_call(&c, src, dev, _RET_IP_);
	c.addr = addr == DMA_MAPPING_ERROR ? DMT_MAPPING_ERROR : addr;
	c.size = size;
	c.dir = dmatrack_dir(dir);
	c.family = DMT_FAM_SINGLE;
	dmt_unmap(dmatrack_core, &c);
	dma_unmap_page_attrs(dev, addr, size, dir, attrs);
}
EXPORT_SYMBOL_GPL(dmatrack_unmap_page);

int dmatrack_mapping_error(const struct dmatrack_src *src, struct device *dev, dma_addr_t addr)
{
	struct dmt_call c;

	wrapped_call(&c, src, dev, _RET_IP_);
	c.addr = addr;
	dmt_mapping_error(dmatrack_core, &c);
	return dma_mapping_error(dev, addr);
}
EXPORT_SYMBOL_GPL(dmatrack_mapping_error);

void dmatrack_sync_single(const struct dmatrack_src *src, struct device *dev, dma_addr_t addr,
			  size_t size, enum dma_data_direction dir, int for_device)
{
	struct dmt_call c;

	wrapped_call(&c, src, dev, _RET_IP_);
	c.addr = addr;
	c.size = size;
	c.dir = dmatrack_dir(dir);
	c.family = DMT_FAM_SINGLE;
	dmt_sync(dmatrack_core, &c, for_device);
	if (for_device)
		dma_sync_single_for_device(dev, addr, size, dir);
	else
		dma_sync_single_for_cpu(dev, addr, size, dir);
}
EXPORT_SYMBOL_GPL(dmatrack_sync_single);

/* A mapped list to the core; a failed map returns 0 or an errno, not an error handle. */
static void track_map_sg(struct dmt_call *c, struct device *dev, struct scatterlist *sg,
			 int nents, unsigned int mapped, enum dma_data_direction dir)
{
	struct dmatrack_sg_walk walk = { sg, mapped, dmatrack_direct(dev) };
	struct dmt_seg_iter it = { dmatrack_sg_next, &walk };

	c->addr = sg_dma_address(sg);
	c->nents = nents;
	c->dir = dmatrack_dir(dir);
	c->family = DMT_FAM_SG;
	c->mem = dmatrack_classify_page(sg_page(sg));
	c->flags &= ~DMT_CALL_WRAPPED;
	c->max_seg = dma_get_max_seg_size(dev);
	c->seg_boundary = dma_get_seg_boundary(dev);
	dmt_map_sg(dmatrack_core, c, &it);
}

unsigned int dmatrack_map_sg(const struct dmatrack_src *src, struct device *dev,
			     struct scatterlist *sg, int nents, enum dma_data_direction dir,
			     unsigned long attrs)
{
	struct dmt_call c;
	int mapped;

	if (!dmatrack_wants(dev))
		return dma_map_sg_attrs(dev, sg, nents, dir, attrs);
	dmatrack_see_syncs(dev);
	mapped = dma_map_sg_attrs(dev, sg, nents, dir, attrs);
	if (mapped <= 0)
		return mapped;
	wrapped_call(&c, src, dev, _RET_IP_);
	track_map_sg(&c, dev, sg, nents, mapped, dir);
	return mapped;
}
EXPORT_SYMBOL_GPL(dmatrack_map_sg);

int dmatrack_map_sgtable(const struct dmatrack_src *src, struct device *dev, struct sg_table *sgt,
			 enum dma_data_direction dir, unsigned long attrs)
{
	struct dmt_call c;
	int err;

	if (!dmatrack_wants(dev))
		return dma_map_sgtable(dev, sgt, dir, attrs);
	dmatrack_see_syncs(dev);
	err = dma_map_sgtable(dev, sgt, dir, attrs);
	if (err)
		return err;
	wrapped_call(&c, src, dev, _RET_IP_);
	track_map_sg(&c, dev, sgt->sgl, sgt->orig_nents, sgt->nents, dir);
	return 0;
}
EXPORT_SYMBOL_GPL(dmatrack_map_sgtable);

void dmatrack_unmap_sg(const struct dmatrack_src *src, struct device *dev, struct scatterlist *sg,
		       int nents, enum dma_data_direction dir, unsigned long attrs)
{
	struct dmt_call c;

	wrapped_call(&c, src, dev, _RET_IP_);
	c.addr = sg_dma_address(sg);
	c.size = sg_dma_len(sg);
	c.nents = nents;
	c.dir = dmatrack_dir(dir);
	c.family = DMT_FAM_SG;
	dmt_unmap_sg(dmatrack_core, &c);
	dma_unmap_sg_attrs(dev, sg, nents, dir, attrs);
}
EXPORT_SYMBOL_GPL(dmatrack_unmap_sg);

void dmatrack_sync_sg(const struct dmatrack_src *src, struct device *dev, struct scatterlist *sg,
		      int nelems, enum dma_data_direction dir, int for_device)
{
	struct dmatrack_sg_walk walk = { sg, nelems, false };
	struct dmt_seg_iter it = { dmatrack_sg_next, &walk };
	struct dmt_call c;

	wrapped_call(&c, src, dev, _RET_IP_);
	c.addr = sg_dma_address(sg);
	c.nents = nelems;
	c.dir = dmatrack_dir(dir);
	c.family = DMT_FAM_SG;
	dmt_sync_sg(dmatrack_core, &c, &it, for_device);
	if (for_device)
		dma_sync_sg_for_device(dev, sg, nelems, dir);
	else
		dma_sync_sg_for_cpu(dev, sg, nelems, dir);
}
EXPORT_SYMBOL_GPL(dmatrack_sync_sg);

void *dmatrack_alloc(const struct dmatrack_src *src, struct device *dev, size_t size,
		     dma_addr_t *handle, gfp_t gfp, unsigned long attrs)
{
	void *cpu = dma_alloc_attrs(dev, size, handle, gfp, attrs);
	struct dmt_call c;

	if (!cpu || !dmatrack_wants(dev))
		return cpu;
	wrapped_call(&c, src, dev, _RET_IP_);
	c.flags = 0;
	c.addr = *handle;
	c.size = size;
	c.dir = DMT_BIDIRECTIONAL;
	c.family = DMT_FAM_COHERENT;
	c.cpu = (unsigned long)cpu;
	dmt_alloc(dmatrack_core, &c);
	return cpu;
}
EXPORT_SYMBOL_GPL(dmatrack_alloc);

void dmatrack_free(const struct dmatrack_src *src, struct device *dev, size_t size, void *cpu,
		   dma_addr_t handle, unsigned long attrs)
{
	struct dmt_call c;

	wrapped_call(&c, src, dev, _RET_IP_);
	c.flags = 0;
	c.addr = handle;
	c.size = size;
	c.dir = DMT_BIDIRECTIONAL;
	c.family = DMT_FAM_COHERENT;
	c.cpu = (unsigned long)cpu;
	dmt_free(dmatrack_core, &c);
	dma_free_attrs(dev, size, cpu, handle, attrs);
}
EXPORT_SYMBOL_GPL(dmatrack_free);
