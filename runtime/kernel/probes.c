// SPDX-License-Identifier: GPL-2.0
/*
 * Interception of the exported DMA API: an entry-and-exit probe on the calls
 * that create a mapping or an allocation (the handle is their return
 * value), an entry probe on the calls that use or end one (checked before
 * the real work is done, so that a bounce buffer has not been copied back
 * yet).  fprobe where the kernel has it (6.12); elsewhere (6.1) an ftrace
 * callback for the entry probes and kretprobes for the others.  Every
 * driver is seen without being rebuilt.
 *
 * 6.1 exports dma_sync_single_for_cpu() and friends; since 6.10 they are
 * inlines that call __dma_sync_*() only for devices that need syncing
 * (dev->dma_skip_sync), so the tracker clears that flag on the devices it
 * tracks (dmatrack_see_syncs()).  Each probe names both spellings and
 * registers whichever the running kernel has.
 */
#include <linux/dma-mapping.h>
#include <linux/dmapool.h>
#include <linux/kernel.h>
#include <linux/fprobe.h>
#include <linux/ftrace.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/ptrace.h>
#include <linux/scatterlist.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>

#include "dmatrack.h"

static unsigned long arg(struct pt_regs *regs, unsigned int n)
{
	return regs_get_kernel_argument(regs, n);
}

bool dmatrack_own_call(unsigned long ip)
{
	return within_module(ip, THIS_MODULE);
}

/* A call the tracker should look at: not its own, core ready. */
static bool interesting(unsigned long ip)
{
	return dmatrack_core && !dmatrack_own_call(ip);
}

/* The device of a new mapping, if the tracker should follow it; else NULL. */
static struct device *tracked_device(struct pt_regs *regs, unsigned long ip)
{
	struct device *dev = (struct device *)arg(regs, 0);

	return interesting(ip) && dmatrack_wants(dev) ? dev : NULL;
}

static unsigned long long handle_of(dma_addr_t addr)
{
	return addr == DMA_MAPPING_ERROR ? DMT_MAPPING_ERROR : (unsigned long long)addr;
}

static unsigned int attr_flags(unsigned long attrs)
{
	return (attrs & DMA_ATTR_SKIP_CPU_SYNC) ? DMT_CALL_SKIP_CPU_SYNC : 0;
}

/* The bytes of the first n DMA segments, for messages. */
static unsigned long sg_bytes(struct scatterlist *sg, unsigned int n)
{
	unsigned long bytes = 0;

	for (; sg && n; sg = sg_next(sg), n--)
		bytes += sg_dma_len(sg);
	return bytes;
}

/* ------------------------------------------------------------ map_page */

struct map_page_data {
	struct device *dev;
	struct page *page;
	unsigned long offset, size, attrs, ip;
	enum dma_data_direction dir;
	enum dmt_mem mem;
};

static int map_page_entry(struct pt_regs *regs, unsigned long ip, void *data)
{
	struct map_page_data *d = data;

	d->ip = ip;
	d->dev = tracked_device(regs, ip);
	if (!d->dev)
		return 1;
	d->page = (struct page *)arg(regs, 1);
	d->offset = arg(regs, 2);
	d->size = arg(regs, 3);
	d->dir = arg(regs, 4);
	d->attrs = arg(regs, 5);
	d->mem = dmatrack_classify_page(d->page);
	dmatrack_see_syncs(d->dev);
	return 0;
}

static void map_page_ret(struct pt_regs *regs, void *data)
{
	struct map_page_data *d = data;
	dma_addr_t addr = regs_return_value(regs);
	struct dmt_call c;

	dmatrack_call_init(&c, d->dev, d->ip);
	c.addr = handle_of(addr);
	c.paddr = page_to_phys(d->page) + d->offset;
	c.size = d->size;
	c.dir = dmatrack_dir(d->dir);
	c.family = DMT_FAM_SINGLE;
	c.mem = d->mem;
	c.flags = attr_flags(d->attrs) | dmatrack_bounced(d->dev, c.addr, c.paddr);
	dmt_map(dmatrack_core, &c);
}

/* ------------------------------------------------------------ map_sg, map_sgtable */

struct map_sg_data {
	struct device *dev;
	struct scatterlist *sg;
	struct sg_table *sgt;
	unsigned long attrs, ip;
	unsigned int nents;
	enum dma_data_direction dir;
	enum dmt_mem mem;
};

static int map_sg_entry(struct pt_regs *regs, unsigned long ip, void *data)
{
	struct map_sg_data *d = data;

	d->ip = ip;
	d->dev = tracked_device(regs, ip);
	if (!d->dev)
		return 1;
	d->sgt = NULL;
	d->sg = (struct scatterlist *)arg(regs, 1);
	d->nents = arg(regs, 2);
	d->dir = arg(regs, 3);
	d->attrs = arg(regs, 4);
	d->mem = d->sg ? dmatrack_classify_page(sg_page(d->sg)) : DMT_MEM_OK;
	dmatrack_see_syncs(d->dev);
	return 0;
}

static int map_sgtable_entry(struct pt_regs *regs, unsigned long ip, void *data)
{
	struct map_sg_data *d = data;

	d->ip = ip;
	d->dev = tracked_device(regs, ip);
	if (!d->dev)
		return 1;
	d->sgt = (struct sg_table *)arg(regs, 1);
	d->sg = d->sgt->sgl;
	d->nents = d->sgt->orig_nents;
	d->dir = arg(regs, 2);
	d->attrs = arg(regs, 3);
	d->mem = d->sg ? dmatrack_classify_page(sg_page(d->sg)) : DMT_MEM_OK;
	dmatrack_see_syncs(d->dev);
	return 0;
}

/*
 * A mapped scatterlist (or a non-contiguous allocation, which is one) to the
 * core: mapped DMA segments, the nents given, the device's segment limits.
 */
static void track_sg(struct device *dev, struct scatterlist *sg,
		     unsigned int mapped, unsigned int nents, enum dma_data_direction dir,
		     enum dmt_family family, struct dmt_call *c)
{
	struct dmatrack_sg_walk walk = { sg, mapped, dmatrack_direct(dev) };
	struct dmt_seg_iter it = { dmatrack_sg_next, &walk };

	c->addr = sg_dma_address(sg);
	if (!c->size)
		c->size = sg_bytes(sg, mapped);
	c->dir = dmatrack_dir(dir);
	c->family = family;
	c->nents = nents;
	c->max_seg = dma_get_max_seg_size(dev);
	c->seg_boundary = dma_get_seg_boundary(dev);
	dmt_map_sg(dmatrack_core, c, &it);
}

static void map_sg_ret(struct pt_regs *regs, void *data)
{
	struct map_sg_data *d = data;
	long ret = (int)regs_return_value(regs);
	unsigned int mapped;
	struct dmt_call c;

	if (d->sgt)
		mapped = ret == 0 ? d->sgt->nents : 0;
	else
		mapped = ret > 0 ? ret : 0;
	if (!mapped)
		return;	/* failed: nothing mapped */
	dmatrack_call_init(&c, d->dev, d->ip);
	c.mem = d->mem;
	c.flags = attr_flags(d->attrs);
	track_sg(d->dev, d->sg, mapped, d->nents, d->dir, DMT_FAM_SG, &c);
}

/* ------------------------------------------------------------ non-contiguous allocations */

static bool begin(struct pt_regs *regs, unsigned long ip, struct dmt_call *c);

struct noncontig_data {
	struct device *dev;
	unsigned long size, ip;
	enum dma_data_direction dir;
};

/* dma_alloc_noncontiguous(dev, size, dir, gfp, attrs) */
static int noncontig_entry(struct pt_regs *regs, unsigned long ip, void *data)
{
	struct noncontig_data *d = data;

	d->ip = ip;
	d->dev = tracked_device(regs, ip);
	if (!d->dev)
		return 1;
	d->size = arg(regs, 1);
	d->dir = arg(regs, 2);
	dmatrack_see_syncs(d->dev);
	return 0;
}

static void noncontig_ret(struct pt_regs *regs, void *data)
{
	struct noncontig_data *d = data;
	struct sg_table *sgt = (struct sg_table *)regs_return_value(regs);
	struct dmt_call c;

	if (!sgt || !sgt->nents)
		return;
	dmatrack_call_init(&c, d->dev, d->ip);
	c.size = d->size;
	c.cpu = (unsigned long)sgt;
	track_sg(d->dev, sgt->sgl, sgt->nents, sgt->orig_nents, d->dir, DMT_FAM_NONCONTIG, &c);
}

/* dma_free_noncontiguous(dev, size, sgt, dir) */
static int noncontig_free_pre(struct pt_regs *regs, unsigned long ip, void *data)
{
	struct sg_table *sgt = (struct sg_table *)arg(regs, 2);
	struct dmt_call c;

	if (!sgt || !sgt->sgl || !begin(regs, ip, &c))
		return 0;
	c.addr = sg_dma_address(sgt->sgl);
	c.size = arg(regs, 1);
	c.dir = dmatrack_dir(arg(regs, 3));
	c.family = DMT_FAM_NONCONTIG;
	c.cpu = (unsigned long)sgt;
	dmt_free(dmatrack_core, &c);
	return 0;
}

/* ------------------------------------------------------------ dma_need_sync */

struct need_sync_data {
	struct device *dev;
	dma_addr_t addr;
	unsigned long ip;
};

/* dma_need_sync(dev, addr) (6.1), __dma_need_sync(dev, addr) (6.10+) */
static int need_sync_entry(struct pt_regs *regs, unsigned long ip, void *data)
{
	struct need_sync_data *d = data;

	d->ip = ip;
	d->dev = (struct device *)arg(regs, 0);
	d->addr = arg(regs, 1);
	return !interesting(ip) || !d->dev;
}

/* Told the syncs are not needed, the driver may skip them and read at will. */
static void need_sync_ret(struct pt_regs *regs, void *data)
{
	struct need_sync_data *d = data;
	struct dmt_call c;

	if (regs_return_value(regs) & 0xff)
		return;
	dmatrack_call_init(&c, d->dev, d->ip);
	c.addr = d->addr;
	dmt_sync_not_needed(dmatrack_core, &c);
}

/* ------------------------------------------------------------ map_resource */

struct map_resource_data {
	struct device *dev;
	unsigned long long phys;
	unsigned long size, attrs, ip;
	enum dma_data_direction dir;
};

static int map_resource_entry(struct pt_regs *regs, unsigned long ip, void *data)
{
	struct map_resource_data *d = data;

	d->ip = ip;
	d->dev = tracked_device(regs, ip);
	if (!d->dev)
		return 1;
	d->phys = arg(regs, 1);
	d->size = arg(regs, 2);
	d->dir = arg(regs, 3);
	d->attrs = arg(regs, 4);
	return 0;
}

static void map_resource_ret(struct pt_regs *regs, void *data)
{
	struct map_resource_data *d = data;
	struct dmt_call c;

	dmatrack_call_init(&c, d->dev, d->ip);
	c.addr = handle_of(regs_return_value(regs));
	c.size = d->size;
	c.dir = dmatrack_dir(d->dir);
	c.family = DMT_FAM_RESOURCE;
	dmt_map(dmatrack_core, &c);
}

/* ------------------------------------------------------------ allocations */

struct alloc_data {
	struct device *dev;
	unsigned long size, ip;
	dma_addr_t *handle;
	enum dmt_family family;
	enum dma_data_direction dir;
};

static int alloc_entry(struct pt_regs *regs, unsigned long ip, void *data)
{
	struct alloc_data *d = data;

	d->ip = ip;
	d->dev = tracked_device(regs, ip);
	if (!d->dev)
		return 1;
	d->size = arg(regs, 1);
	d->handle = (dma_addr_t *)arg(regs, 2);
	d->family = DMT_FAM_COHERENT;
	d->dir = DMA_BIDIRECTIONAL;
	return 0;
}

static int alloc_pages_entry(struct pt_regs *regs, unsigned long ip, void *data)
{
	struct alloc_data *d = data;
	int skip = alloc_entry(regs, ip, data);

	d->family = DMT_FAM_PAGES;
	d->dir = arg(regs, 3);
	return skip;
}

static void alloc_ret(struct pt_regs *regs, void *data)
{
	struct alloc_data *d = data;
	struct dmt_call c;

	if (!regs_return_value(regs) || !d->handle)
		return;
	dmatrack_call_init(&c, d->dev, d->ip);
	c.addr = *d->handle;
	c.size = d->size;
	c.dir = dmatrack_dir(d->dir);
	c.family = d->family;
	c.cpu = regs_return_value(regs);	/* the CPU address, or the struct page */
	dmt_alloc(dmatrack_core, &c);
}

/* ------------------------------------------------------------ dma pools */

/*
 * struct dma_pool is private to mm/dmapool.c: each pool's device and block
 * size are learnt from dma_pool_create().  Blocks of pools created before
 * the tracker was loaded are not followed (their pages are, as coherent
 * allocations).
 */
#define MAX_POOLS 512

static struct {
	const void *pool;
	struct device *dev;
	size_t size;
} pools[MAX_POOLS];
static DEFINE_SPINLOCK(pools_lock);
static unsigned long pools_untracked;

static void pool_remember(const void *pool, struct device *dev, size_t size)
{
	unsigned long flags;
	size_t i;

	spin_lock_irqsave(&pools_lock, flags);
	for (i = 0; i < MAX_POOLS && pools[i].pool; i++)
		;
	if (i < MAX_POOLS) {
		pools[i].pool = pool;
		pools[i].dev = dev;
		pools[i].size = size;
	} else {
		pools_untracked++;
	}
	spin_unlock_irqrestore(&pools_lock, flags);
}

static bool pool_lookup(const void *pool, struct device **dev, size_t *size, bool forget)
{
	unsigned long flags;
	bool found = false;
	size_t i;

	spin_lock_irqsave(&pools_lock, flags);
	for (i = 0; i < MAX_POOLS && !found; i++) {
		if (pools[i].pool != pool)
			continue;
		*dev = pools[i].dev;
		*size = pools[i].size;
		if (forget)
			pools[i].pool = NULL;
		found = true;
	}
	spin_unlock_irqrestore(&pools_lock, flags);
	return found;
}

struct pool_create_data {
	struct device *dev;
	size_t size;
};

/* dma_pool_create(name, dev, size, align, boundary) */
static int pool_create_entry(struct pt_regs *regs, unsigned long ip, void *data)
{
	struct pool_create_data *d = data;

	d->dev = (struct device *)arg(regs, 1);
	d->size = arg(regs, 2);
	return !dmatrack_core || !d->dev;
}

static void pool_create_ret(struct pt_regs *regs, void *data)
{
	struct pool_create_data *d = data;
	void *pool = (void *)regs_return_value(regs);

	if (pool)
		pool_remember(pool, d->dev, d->size);
}

/* dma_pool_destroy(pool) */
static int pool_destroy_pre(struct pt_regs *regs, unsigned long ip, void *data)
{
	struct device *dev;
	size_t size;

	pool_lookup((void *)arg(regs, 0), &dev, &size, true);
	return 0;
}

struct pool_alloc_data {
	struct device *dev;
	size_t size;
	dma_addr_t *handle;
	unsigned long ip;
};

/* dma_pool_alloc(pool, gfp, &handle) */
static int pool_alloc_entry(struct pt_regs *regs, unsigned long ip, void *data)
{
	struct pool_alloc_data *d = data;

	d->ip = ip;
	if (!interesting(ip) || !pool_lookup((void *)arg(regs, 0), &d->dev, &d->size, false) ||
	    !dmatrack_wants(d->dev))
		return 1;
	d->handle = (dma_addr_t *)arg(regs, 2);
	return 0;
}

static void pool_alloc_ret(struct pt_regs *regs, void *data)
{
	struct pool_alloc_data *d = data;
	struct dmt_call c;

	if (!regs_return_value(regs) || !d->handle)
		return;
	dmatrack_call_init(&c, d->dev, d->ip);
	c.addr = *d->handle;
	c.size = d->size;
	c.dir = DMT_BIDIRECTIONAL;
	c.family = DMT_FAM_POOL;
	c.cpu = regs_return_value(regs);
	dmt_alloc(dmatrack_core, &c);
}

/* dma_pool_free(pool, vaddr, dma) */
static int pool_free_pre(struct pt_regs *regs, unsigned long ip, void *data)
{
	struct device *dev;
	struct dmt_call c;
	size_t size;

	if (!interesting(ip) || !pool_lookup((void *)arg(regs, 0), &dev, &size, false))
		return 0;
	dmatrack_call_init(&c, dev, ip);
	c.addr = arg(regs, 2);
	c.size = size;
	c.dir = DMT_BIDIRECTIONAL;
	c.family = DMT_FAM_POOL;
	c.cpu = arg(regs, 1);
	dmt_free(dmatrack_core, &c);
	return 0;
}

/* ------------------------------------------------------------ uses and ends */

/* The common head of these handlers: who called, on which device. */
static bool begin(struct pt_regs *regs, unsigned long ip, struct dmt_call *c)
{
	struct device *dev = (struct device *)arg(regs, 0);

	if (!interesting(ip) || !dev)
		return false;
	dmatrack_call_init(c, dev, ip);
	return true;
}

static void unmap_one(struct pt_regs *regs, unsigned long ip, enum dmt_family family)
{
	struct dmt_call c;

	if (!begin(regs, ip, &c))
		return;
	c.addr = handle_of(arg(regs, 1));
	c.size = arg(regs, 2);
	c.dir = dmatrack_dir(arg(regs, 3));
	c.family = family;
	dmt_unmap(dmatrack_core, &c);
}

static int unmap_page_pre(struct pt_regs *regs, unsigned long ip, void *data)
{
	unmap_one(regs, ip, DMT_FAM_SINGLE);
	return 0;
}

static int unmap_resource_pre(struct pt_regs *regs, unsigned long ip, void *data)
{
	unmap_one(regs, ip, DMT_FAM_RESOURCE);
	return 0;
}

static int unmap_sg_pre(struct pt_regs *regs, unsigned long ip, void *data)
{
	struct scatterlist *sg = (struct scatterlist *)arg(regs, 1);
	struct dmt_call c;

	if (!sg || !begin(regs, ip, &c))
		return 0;
	c.addr = sg_dma_address(sg);
	c.size = sg_dma_len(sg);
	c.nents = arg(regs, 2);
	c.dir = dmatrack_dir(arg(regs, 3));
	c.family = DMT_FAM_SG;
	dmt_unmap_sg(dmatrack_core, &c);
	return 0;
}

static void sync_single(struct pt_regs *regs, unsigned long ip, int for_device)
{
	struct dmt_call c;

	if (!begin(regs, ip, &c))
		return;
	c.addr = arg(regs, 1);
	c.size = arg(regs, 2);
	c.dir = dmatrack_dir(arg(regs, 3));
	c.family = DMT_FAM_SINGLE;
	dmt_sync(dmatrack_core, &c, for_device);
}

static int sync_single_cpu_pre(struct pt_regs *regs, unsigned long ip, void *data)
{
	sync_single(regs, ip, 0);
	return 0;
}

static int sync_single_dev_pre(struct pt_regs *regs, unsigned long ip, void *data)
{
	sync_single(regs, ip, 1);
	return 0;
}

static void sync_sg(struct pt_regs *regs, unsigned long ip, int for_device)
{
	struct scatterlist *sg = (struct scatterlist *)arg(regs, 1);
	struct dmatrack_sg_walk walk = { sg, arg(regs, 2), false };
	struct dmt_seg_iter it = { dmatrack_sg_next, &walk };
	struct dmt_call c;

	if (!sg || !begin(regs, ip, &c))
		return;
	c.addr = sg_dma_address(sg);
	c.nents = walk.left;
	c.dir = dmatrack_dir(arg(regs, 3));
	c.family = DMT_FAM_SG;
	dmt_sync_sg(dmatrack_core, &c, &it, for_device);
}

static int sync_sg_cpu_pre(struct pt_regs *regs, unsigned long ip, void *data)
{
	sync_sg(regs, ip, 0);
	return 0;
}

static int sync_sg_dev_pre(struct pt_regs *regs, unsigned long ip, void *data)
{
	sync_sg(regs, ip, 1);
	return 0;
}

/* dma_free_attrs(dev, size, cpu, handle, attrs), dma_free_pages(dev, size, page, handle, dir) */
static void free_one(struct pt_regs *regs, unsigned long ip, enum dmt_family family,
		     enum dmt_dir dir)
{
	struct dmt_call c;

	if (!begin(regs, ip, &c))
		return;
	c.size = arg(regs, 1);
	c.cpu = arg(regs, 2);
	c.addr = arg(regs, 3);
	c.dir = dir;
	c.family = family;
	dmt_free(dmatrack_core, &c);
}

static int free_attrs_pre(struct pt_regs *regs, unsigned long ip, void *data)
{
	free_one(regs, ip, DMT_FAM_COHERENT, DMT_BIDIRECTIONAL);
	return 0;
}

static int free_pages_pre(struct pt_regs *regs, unsigned long ip, void *data)
{
	free_one(regs, ip, DMT_FAM_PAGES, dmatrack_dir(arg(regs, 4)));
	return 0;
}

/* ------------------------------------------------------------ the probes */

/*
 * One probe: entry() sees the arguments and the caller; returning non-zero
 * skips exit().  exit(), when there is one, sees the return value.
 */
struct probe {
	const char *names[2];		/* 6.1 spelling, then 6.10+ */
	int (*entry)(struct pt_regs *regs, unsigned long caller, void *data);
	void (*exit)(struct pt_regs *regs, void *data);
	size_t data_size;
	const char *name;		/* the one registered */
	bool optional;			/* the tracker works without it (it says so) */
	bool live;
	union {
#ifdef CONFIG_FPROBE
		struct fprobe fp;
#else
		struct ftrace_ops ops;
#endif
		struct kretprobe rp;
	};
	unsigned long nmissed;		/* ftrace callbacks dropped by its recursion guard */
};

#define MAXACTIVE 256
#define ENTER(sym, fn) { .names = { sym }, .entry = fn }
#define ENTER2(sym, sym2, fn) { .names = { sym, sym2 }, .entry = fn }
#define ENTER_OPTIONAL(sym, fn) { .names = { sym }, .entry = fn, .optional = true }
#define ENTER_EXIT(sym, in, out, data) \
	{ .names = { sym }, .entry = in, .exit = out, .data_size = sizeof(struct data) }
#define ENTER_EXIT2(sym, sym2, in, out, data) \
	{ .names = { sym, sym2 }, .entry = in, .exit = out, .data_size = sizeof(struct data) }

/* Uses and ends first, so that no mapping is seen made but not ended. */
static struct probe probes[] = {
	ENTER("dma_unmap_page_attrs", unmap_page_pre),
	ENTER("dma_unmap_sg_attrs", unmap_sg_pre),
	ENTER("dma_unmap_resource", unmap_resource_pre),
	ENTER2("dma_sync_single_for_cpu", "__dma_sync_single_for_cpu", sync_single_cpu_pre),
	ENTER2("dma_sync_single_for_device", "__dma_sync_single_for_device", sync_single_dev_pre),
	ENTER2("dma_sync_sg_for_cpu", "__dma_sync_sg_for_cpu", sync_sg_cpu_pre),
	ENTER2("dma_sync_sg_for_device", "__dma_sync_sg_for_device", sync_sg_dev_pre),
	ENTER("dma_free_attrs", free_attrs_pre),
	ENTER("dma_free_pages", free_pages_pre),
	ENTER("dma_pool_free", pool_free_pre),
	ENTER("dma_pool_destroy", pool_destroy_pre),
	ENTER("dma_free_noncontiguous", noncontig_free_pre),
	/* The warning of the map the kernel refuses (refused.c). */
	ENTER_OPTIONAL("__warn_printk", dmatrack_refused_warn),
	ENTER_EXIT("dma_map_page_attrs", map_page_entry, map_page_ret, map_page_data),
	ENTER_EXIT("dma_map_sg_attrs", map_sg_entry, map_sg_ret, map_sg_data),
	ENTER_EXIT("dma_map_sgtable", map_sgtable_entry, map_sg_ret, map_sg_data),
	ENTER_EXIT("dma_map_resource", map_resource_entry, map_resource_ret, map_resource_data),
	ENTER_EXIT("dma_alloc_attrs", alloc_entry, alloc_ret, alloc_data),
	ENTER_EXIT("dma_alloc_pages", alloc_pages_entry, alloc_ret, alloc_data),
	ENTER_EXIT("dma_pool_create", pool_create_entry, pool_create_ret, pool_create_data),
	ENTER_EXIT("dma_pool_alloc", pool_alloc_entry, pool_alloc_ret, pool_alloc_data),
	ENTER_EXIT("dma_alloc_noncontiguous", noncontig_entry, noncontig_ret, noncontig_data),
	ENTER_EXIT2("dma_need_sync", "__dma_need_sync", need_sync_entry, need_sync_ret,
		    need_sync_data),
};

#ifdef CONFIG_FPROBE
/*
 * fprobe (6.12): ftrace's recursion guard is per context, so a softirq that
 * unmaps while a handler of this CPU runs is still seen.  kprobes drop such
 * nested hits (counted in probe_misses).
 */
static int fprobe_entry(struct fprobe *fp, unsigned long entry_ip, unsigned long ret_ip,
			struct pt_regs *regs, void *data)
{
	struct probe *p = container_of(fp, struct probe, fp);

	return p->entry(regs, ret_ip, data);
}

static void fprobe_exit(struct fprobe *fp, unsigned long entry_ip, unsigned long ret_ip,
			struct pt_regs *regs, void *data)
{
	struct probe *p = container_of(fp, struct probe, fp);

	p->exit(regs, data);
}

static int arm(struct probe *p, const char *sym)
{
	memset(&p->fp, 0, sizeof(p->fp));
	p->fp.entry_handler = fprobe_entry;
	if (p->exit) {
		p->fp.exit_handler = fprobe_exit;
		p->fp.entry_data_size = p->data_size;
		p->fp.nr_maxactive = MAXACTIVE;
	}
	return register_fprobe_syms(&p->fp, &sym, 1);
}

static void disarm(struct probe *p)
{
	unregister_fprobe(&p->fp);
}

static unsigned long missed(struct probe *p)
{
	return p->fp.nmissed;
}
#else
/* At a function's first instruction the stack pointer points at the return address. */
static unsigned long caller_ip(struct pt_regs *regs)
{
	return *(unsigned long *)kernel_stack_pointer(regs);
}

/*
 * The entry probes (unmaps, syncs, frees) are ftrace callbacks, not
 * kprobes: kprobes drop a hit while any kprobe of this CPU is busy, as a
 * kretprobe's return handler is with interrupts on, and a softirq that
 * unmaps at the end of an interrupt then goes unseen and its mapping looks
 * leaked.  ftrace's recursion guard is per context, as fprobe's is on 6.12.
 */
static void ftrace_entry(unsigned long ip, unsigned long parent_ip, struct ftrace_ops *ops,
			 struct ftrace_regs *fregs)
{
	struct probe *p = container_of(ops, struct probe, ops);
	struct pt_regs *regs = ftrace_get_regs(fregs);
	int bit = ftrace_test_recursion_trylock(ip, parent_ip);

	if (bit < 0 || !regs) {
		p->nmissed++;
		if (bit >= 0)
			ftrace_test_recursion_unlock(bit);
		return;
	}
	p->entry(regs, parent_ip, NULL);
	ftrace_test_recursion_unlock(bit);
}

static int kretprobe_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct probe *p = container_of(get_kretprobe(ri), struct probe, rp);

	return p->entry(regs, caller_ip(regs), ri->data);
}

/*
 * The return handler runs from kretprobe's trampoline with interrupts on
 * and this CPU's kprobe busy: a softirq run at the end of an interrupt
 * meanwhile would unmap unseen.  Interrupts off close that window.
 */
static int kretprobe_exit(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct probe *p = container_of(get_kretprobe(ri), struct probe, rp);
	unsigned long flags;

	local_irq_save(flags);
	p->exit(regs, ri->data);
	local_irq_restore(flags);
	return 0;
}

static int arm(struct probe *p, const char *sym)
{
	int err;

	if (!p->exit) {
		memset(&p->ops, 0, sizeof(p->ops));
		p->ops.func = ftrace_entry;
		p->ops.flags = FTRACE_OPS_FL_SAVE_REGS | FTRACE_OPS_FL_RECURSION;
		err = ftrace_set_filter(&p->ops, (unsigned char *)sym, strlen(sym), 0);
		if (!err)
			err = register_ftrace_function(&p->ops);
		if (err)
			ftrace_free_filter(&p->ops);
		return err;
	}
	memset(&p->rp, 0, sizeof(p->rp));
	p->rp.kp.symbol_name = sym;
	p->rp.entry_handler = kretprobe_entry;
	p->rp.handler = kretprobe_exit;
	p->rp.data_size = p->data_size;
	p->rp.maxactive = MAXACTIVE;
	return register_kretprobe(&p->rp);
}

static void disarm(struct probe *p)
{
	if (p->exit) {
		unregister_kretprobe(&p->rp);
		return;
	}
	unregister_ftrace_function(&p->ops);
	ftrace_free_filter(&p->ops);
}

static unsigned long missed(struct probe *p)
{
	return p->exit ? p->rp.nmissed + p->rp.kp.nmissed : READ_ONCE(p->nmissed);
}
#endif

static int register_probe(struct probe *p)
{
	int err = -ENOENT;
	size_t n;

	for (n = 0; n < ARRAY_SIZE(p->names) && p->names[n]; n++) {
		err = arm(p, p->names[n]);
		if (!err) {
			p->name = p->names[n];
			p->live = true;
			return 0;
		}
	}
	if (p->optional) {
		pr_warn("dmatrack: cannot probe %s (error %d): going without it\n", p->names[0], err);
		return 0;
	}
	pr_err("dmatrack: cannot probe %s: error %d\n", p->names[0], err);
	return err;
}

int dmatrack_probes_register(void)
{
	size_t i;
	int err;

	for (i = 0; i < ARRAY_SIZE(probes); i++) {
		err = register_probe(&probes[i]);
		if (err) {
			dmatrack_probes_unregister();
			return err;
		}
	}
	return 0;
}

void dmatrack_probes_unregister(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(probes); i++) {
		if (probes[i].live)
			disarm(&probes[i]);
		probes[i].live = false;
	}
}

unsigned long dmatrack_probes_missed(void)
{
	unsigned long total = 0;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(probes); i++)
		if (probes[i].live)
			total += missed(&probes[i]);
	return total;
}

void dmatrack_probes_show(struct seq_file *m)
{
	size_t i;

	seq_printf(m, "probe_kind %s\n", IS_ENABLED(CONFIG_FPROBE) ? "fprobe" : "ftrace+kretprobe");
	seq_printf(m, "pools_untracked %lu\n", READ_ONCE(pools_untracked));
	for (i = 0; i < ARRAY_SIZE(probes); i++)
		if (probes[i].live && missed(&probes[i]))
			seq_printf(m, "probe_misses.%s %lu\n", probes[i].name, missed(&probes[i]));
}
