// SPDX-License-Identifier: GPL-2.0
/*
 * Interception: kretprobes on the exported calls that create a mapping or
 * an allocation (the handle is their return value), kprobes on the calls
 * that use or end one (checked before the real work is done, so that a
 * bounce buffer has not been copied back yet).  Every driver is seen
 * without being rebuilt.
 *
 * 6.1 exports dma_sync_single_for_cpu() and friends; since 6.10 they are
 * inlines that call __dma_sync_*() only for devices that need syncing
 * (dev->dma_skip_sync), so the tracker clears that flag on the devices it
 * tracks (dmatrack_see_syncs()).  Each probe names both spellings and
 * registers whichever the running kernel has.
 */
#include <linux/dma-mapping.h>
#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/ptrace.h>
#include <linux/scatterlist.h>

#include "dmatrack.h"

/* At a function's first instruction the stack pointer points at the return address. */
static unsigned long caller_ip(struct pt_regs *regs)
{
	return *(unsigned long *)kernel_stack_pointer(regs);
}

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

static unsigned long long handle_of(dma_addr_t addr)
{
	return addr == DMA_MAPPING_ERROR ? DMT_MAPPING_ERROR : (unsigned long long)addr;
}

static unsigned int attr_flags(unsigned long attrs)
{
	return (attrs & DMA_ATTR_SKIP_CPU_SYNC) ? DMT_CALL_SKIP_CPU_SYNC : 0;
}

/* ------------------------------------------------------------ scatterlists */

struct sg_walk {
	struct scatterlist *sg;
	unsigned int left;
	bool with_paddr;
};

static int sg_next_seg(void *ctx, struct dmt_seg *seg)
{
	struct sg_walk *w = ctx;

	if (!w->sg || !w->left || !sg_dma_len(w->sg))
		return 0;
	seg->addr = sg_dma_address(w->sg);
	seg->size = sg_dma_len(w->sg);
	/* Behind an IOMMU segments merge: the i-th CPU segment is not the i-th DMA one. */
	seg->paddr = w->with_paddr ? sg_phys(w->sg) : DMT_NO_PADDR;
	w->sg = sg_next(w->sg);
	w->left--;
	return 1;
}

/* ------------------------------------------------------------ map_page */

struct map_page_data {
	struct device *dev;
	struct page *page;
	unsigned long offset, size, attrs, ip;
	enum dma_data_direction dir;
	enum dmt_mem mem;
};

static int map_page_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct map_page_data *d = (void *)ri->data;

	d->ip = caller_ip(regs);
	d->dev = (struct device *)arg(regs, 0);
	if (!interesting(d->ip) || !dmatrack_wants(d->dev))
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

static int map_page_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct map_page_data *d = (void *)ri->data;
	dma_addr_t addr = regs_return_value(regs);
	struct dmt_call c;

	dmatrack_call_init(&c, d->dev, d->ip);
	c.addr = handle_of(addr);
	c.paddr = page_to_phys(d->page) + d->offset;
	c.size = d->size;
	c.dir = dmatrack_dir(d->dir);
	c.family = DMT_FAM_SINGLE;
	c.mem = d->mem;
	c.flags = attr_flags(d->attrs);
	if (dmatrack_direct(d->dev) && c.addr != DMT_MAPPING_ERROR && c.addr != c.paddr)
		c.flags |= DMT_CALL_BOUNCED;
	dmt_map(dmatrack_core, &c);
	return 0;
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

static int map_sg_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct map_sg_data *d = (void *)ri->data;

	d->ip = caller_ip(regs);
	d->dev = (struct device *)arg(regs, 0);
	if (!interesting(d->ip) || !dmatrack_wants(d->dev))
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

static int map_sgtable_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct map_sg_data *d = (void *)ri->data;

	d->ip = caller_ip(regs);
	d->dev = (struct device *)arg(regs, 0);
	if (!interesting(d->ip) || !dmatrack_wants(d->dev))
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

static int map_sg_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct map_sg_data *d = (void *)ri->data;
	long ret = (int)regs_return_value(regs);
	struct sg_walk walk = { d->sg, 0, dmatrack_direct(d->dev) };
	struct dmt_seg_iter it = { sg_next_seg, &walk };
	struct dmt_call c;

	if (d->sgt)
		walk.left = ret == 0 ? d->sgt->nents : 0;
	else
		walk.left = ret > 0 ? ret : 0;
	if (!walk.left)
		return 0;	/* failed: nothing mapped */
	dmatrack_call_init(&c, d->dev, d->ip);
	c.addr = sg_dma_address(d->sg);
	c.dir = dmatrack_dir(d->dir);
	c.family = DMT_FAM_SG;
	c.nents = d->nents;
	c.mem = d->mem;
	c.flags = attr_flags(d->attrs);
	dmt_map_sg(dmatrack_core, &c, &it);
	return 0;
}

/* ------------------------------------------------------------ map_resource */

struct map_resource_data {
	struct device *dev;
	unsigned long long phys;
	unsigned long size, attrs, ip;
	enum dma_data_direction dir;
};

static int map_resource_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct map_resource_data *d = (void *)ri->data;

	d->ip = caller_ip(regs);
	d->dev = (struct device *)arg(regs, 0);
	if (!interesting(d->ip) || !dmatrack_wants(d->dev))
		return 1;
	d->phys = arg(regs, 1);
	d->size = arg(regs, 2);
	d->dir = arg(regs, 3);
	d->attrs = arg(regs, 4);
	return 0;
}

static int map_resource_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct map_resource_data *d = (void *)ri->data;
	struct dmt_call c;

	dmatrack_call_init(&c, d->dev, d->ip);
	c.addr = handle_of(regs_return_value(regs));
	c.size = d->size;
	c.dir = dmatrack_dir(d->dir);
	c.family = DMT_FAM_RESOURCE;
	dmt_map(dmatrack_core, &c);
	return 0;
}

/* ------------------------------------------------------------ allocations */

struct alloc_data {
	struct device *dev;
	unsigned long size, ip;
	dma_addr_t *handle;
	enum dmt_family family;
	enum dma_data_direction dir;
};

static int alloc_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct alloc_data *d = (void *)ri->data;

	d->ip = caller_ip(regs);
	d->dev = (struct device *)arg(regs, 0);
	if (!interesting(d->ip) || !dmatrack_wants(d->dev))
		return 1;
	d->size = arg(regs, 1);
	d->handle = (dma_addr_t *)arg(regs, 2);
	d->family = DMT_FAM_COHERENT;
	d->dir = DMA_BIDIRECTIONAL;
	return 0;
}

static int alloc_pages_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct alloc_data *d = (void *)ri->data;
	int skip = alloc_entry(ri, regs);

	d->family = DMT_FAM_PAGES;
	d->dir = arg(regs, 3);
	return skip;
}

static int alloc_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct alloc_data *d = (void *)ri->data;
	struct dmt_call c;

	if (!regs_return_value(regs) || !d->handle)
		return 0;
	dmatrack_call_init(&c, d->dev, d->ip);
	c.addr = *d->handle;
	c.size = d->size;
	c.dir = dmatrack_dir(d->dir);
	c.family = d->family;
	dmt_alloc(dmatrack_core, &c);
	return 0;
}

/* ------------------------------------------------------------ kprobes: use and end */

/* The common head of every kprobe handler: who called, on which device. */
static bool begin(struct pt_regs *regs, struct dmt_call *c)
{
	unsigned long ip = caller_ip(regs);
	struct device *dev = (struct device *)arg(regs, 0);

	if (!interesting(ip) || !dev)
		return false;
	dmatrack_call_init(c, dev, ip);
	return true;
}

static int unmap_page_pre(struct kprobe *p, struct pt_regs *regs)
{
	struct dmt_call c;

	if (!begin(regs, &c))
		return 0;
	c.addr = handle_of(arg(regs, 1));
	c.size = arg(regs, 2);
	c.dir = dmatrack_dir(arg(regs, 3));
	c.family = DMT_FAM_SINGLE;
	dmt_unmap(dmatrack_core, &c);
	return 0;
}

static int unmap_resource_pre(struct kprobe *p, struct pt_regs *regs)
{
	struct dmt_call c;

	if (!begin(regs, &c))
		return 0;
	c.addr = handle_of(arg(regs, 1));
	c.size = arg(regs, 2);
	c.dir = dmatrack_dir(arg(regs, 3));
	c.family = DMT_FAM_RESOURCE;
	dmt_unmap(dmatrack_core, &c);
	return 0;
}

static int unmap_sg_pre(struct kprobe *p, struct pt_regs *regs)
{
	struct scatterlist *sg = (struct scatterlist *)arg(regs, 1);
	struct dmt_call c;

	if (!sg || !begin(regs, &c))
		return 0;
	c.addr = sg_dma_address(sg);
	c.size = sg_dma_len(sg);
	c.nents = arg(regs, 2);
	c.dir = dmatrack_dir(arg(regs, 3));
	c.family = DMT_FAM_SG;
	dmt_unmap_sg(dmatrack_core, &c);
	return 0;
}

static void sync_single(struct pt_regs *regs, int for_device)
{
	struct dmt_call c;

	if (!begin(regs, &c))
		return;
	c.addr = arg(regs, 1);
	c.size = arg(regs, 2);
	c.dir = dmatrack_dir(arg(regs, 3));
	c.family = DMT_FAM_SINGLE;
	dmt_sync(dmatrack_core, &c, for_device);
}

static int sync_single_cpu_pre(struct kprobe *p, struct pt_regs *regs)
{
	sync_single(regs, 0);
	return 0;
}

static int sync_single_dev_pre(struct kprobe *p, struct pt_regs *regs)
{
	sync_single(regs, 1);
	return 0;
}

static void sync_sg(struct pt_regs *regs, int for_device)
{
	struct scatterlist *sg = (struct scatterlist *)arg(regs, 1);
	struct sg_walk walk = { sg, arg(regs, 2), false };
	struct dmt_seg_iter it = { sg_next_seg, &walk };
	struct dmt_call c;

	if (!sg || !begin(regs, &c))
		return;
	c.addr = sg_dma_address(sg);
	c.nents = walk.left;
	c.dir = dmatrack_dir(arg(regs, 3));
	c.family = DMT_FAM_SG;
	dmt_sync_sg(dmatrack_core, &c, &it, for_device);
}

static int sync_sg_cpu_pre(struct kprobe *p, struct pt_regs *regs)
{
	sync_sg(regs, 0);
	return 0;
}

static int sync_sg_dev_pre(struct kprobe *p, struct pt_regs *regs)
{
	sync_sg(regs, 1);
	return 0;
}

static int free_attrs_pre(struct kprobe *p, struct pt_regs *regs)
{
	struct dmt_call c;

	if (!begin(regs, &c))
		return 0;
	c.size = arg(regs, 1);
	c.addr = arg(regs, 3);
	c.dir = DMT_BIDIRECTIONAL;
	c.family = DMT_FAM_COHERENT;
	dmt_free(dmatrack_core, &c);
	return 0;
}

static int free_pages_pre(struct kprobe *p, struct pt_regs *regs)
{
	struct dmt_call c;

	if (!begin(regs, &c))
		return 0;
	c.size = arg(regs, 1);
	c.addr = arg(regs, 3);
	c.dir = dmatrack_dir(arg(regs, 4));
	c.family = DMT_FAM_PAGES;
	dmt_free(dmatrack_core, &c);
	return 0;
}

/* ------------------------------------------------------------ the tables */

#define MAXACTIVE 256

#define RETPROBE(sym, entry, ret, data) {					\
	.kp.symbol_name = sym, .entry_handler = entry, .handler = ret,	\
	.data_size = sizeof(struct data), .maxactive = MAXACTIVE,	\
}

static struct kretprobe retprobes[] = {
	RETPROBE("dma_map_page_attrs", map_page_entry, map_page_ret, map_page_data),
	RETPROBE("dma_map_sg_attrs", map_sg_entry, map_sg_ret, map_sg_data),
	RETPROBE("dma_map_sgtable", map_sgtable_entry, map_sg_ret, map_sg_data),
	RETPROBE("dma_map_resource", map_resource_entry, map_resource_ret, map_resource_data),
	RETPROBE("dma_alloc_attrs", alloc_entry, alloc_ret, alloc_data),
	RETPROBE("dma_alloc_pages", alloc_pages_entry, alloc_ret, alloc_data),
};

struct probe_spec {
	const char *names[2];		/* 6.1 spelling, then 6.10+ */
	kprobe_pre_handler_t pre;
};

static const struct probe_spec probe_specs[] = {
	{ { "dma_unmap_page_attrs" }, unmap_page_pre },
	{ { "dma_unmap_sg_attrs" }, unmap_sg_pre },
	{ { "dma_unmap_resource" }, unmap_resource_pre },
	{ { "dma_sync_single_for_cpu", "__dma_sync_single_for_cpu" }, sync_single_cpu_pre },
	{ { "dma_sync_single_for_device", "__dma_sync_single_for_device" }, sync_single_dev_pre },
	{ { "dma_sync_sg_for_cpu", "__dma_sync_sg_for_cpu" }, sync_sg_cpu_pre },
	{ { "dma_sync_sg_for_device", "__dma_sync_sg_for_device" }, sync_sg_dev_pre },
	{ { "dma_free_attrs" }, free_attrs_pre },
	{ { "dma_free_pages" }, free_pages_pre },
};

static bool retprobe_live[ARRAY_SIZE(retprobes)];
static struct kprobe kprobes[ARRAY_SIZE(probe_specs)];
static bool kprobe_live[ARRAY_SIZE(probe_specs)];

static int register_one_kprobe(size_t i)
{
	const struct probe_spec *spec = &probe_specs[i];
	int err = -ENOENT;
	size_t n;

	for (n = 0; n < ARRAY_SIZE(spec->names) && spec->names[n]; n++) {
		memset(&kprobes[i], 0, sizeof(kprobes[i]));
		kprobes[i].symbol_name = spec->names[n];
		kprobes[i].pre_handler = spec->pre;
		err = register_kprobe(&kprobes[i]);
		if (!err) {
			kprobe_live[i] = true;
			return 0;
		}
	}
	pr_err("dmatrack: cannot probe %s: error %d\n", spec->names[0], err);
	return err;
}

int dmatrack_probes_register(void)
{
	size_t i;
	int err;

	/* Uses and ends first, so that no mapping is seen made but not ended. */
	for (i = 0; i < ARRAY_SIZE(probe_specs); i++) {
		err = register_one_kprobe(i);
		if (err)
			goto fail;
	}
	for (i = 0; i < ARRAY_SIZE(retprobes); i++) {
		err = register_kretprobe(&retprobes[i]);
		if (err) {
			pr_err("dmatrack: cannot probe %s: error %d\n",
			       retprobes[i].kp.symbol_name, err);
			goto fail;
		}
		retprobe_live[i] = true;
	}
	return 0;
fail:
	dmatrack_probes_unregister();
	return err;
}

void dmatrack_probes_unregister(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(retprobes); i++) {
		if (retprobe_live[i])
			unregister_kretprobe(&retprobes[i]);
		retprobe_live[i] = false;
	}
	for (i = 0; i < ARRAY_SIZE(kprobes); i++) {
		if (kprobe_live[i])
			unregister_kprobe(&kprobes[i]);
		kprobe_live[i] = false;
	}
}

unsigned long dmatrack_probes_missed(void)
{
	unsigned long missed = 0;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(retprobes); i++)
		missed += retprobes[i].nmissed + retprobes[i].kp.nmissed;
	for (i = 0; i < ARRAY_SIZE(kprobes); i++)
		missed += kprobes[i].nmissed;
	return missed;
}
