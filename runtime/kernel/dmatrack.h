/* SPDX-License-Identifier: GPL-2.0 */
/* What the parts of dmatrack.ko share. */
#ifndef DMATRACK_H
#define DMATRACK_H

#include <linux/device.h>
#include <linux/dma-direction.h>
#include <linux/percpu-defs.h>
#include <linux/types.h>

#include "dmt_core.h"

/* main.c: the tracker and its settings. */
extern struct dmt_tracker *dmatrack_core;
extern bool dmatrack_enabled;
extern unsigned int dmatrack_ratelimit_burst;
extern unsigned long dmatrack_max_violations;

/* Should a new mapping of this device be tracked (enabled, filters)? */
bool dmatrack_wants(struct device *dev);
/* A call describing dev, with the driver bound to it now. */
void dmatrack_call_init(struct dmt_call *call, struct device *dev, unsigned long ip);
/* The device reaches memory directly: no IOMMU, no DMA ops. */
bool dmatrack_direct(struct device *dev);
/* DMT_CALL_BOUNCED when the device works on a bounce copy of the buffer. */
unsigned int dmatrack_bounced(struct device *dev, unsigned long long addr,
			      unsigned long long paddr);
/* Makes the syncs of a tracked device visible on kernels that skip them. */
void dmatrack_see_syncs(struct device *dev);
/*
 * The current call chain from the frame at ip outwards, innermost first,
 * at most DMT_STACK_MAX frames (just ip if it is not on the stack).
 */
unsigned int dmatrack_chain_from(unsigned long *out, unsigned long ip);

/* The DMA segments of a scatterlist, as the core walks them (memclass.c). */
struct scatterlist;
struct dmatrack_sg_walk {
	struct scatterlist *sg;
	unsigned int left;		/* segments still to give */
	bool with_paddr;		/* CPU and DMA segments match (no IOMMU merging) */
};
int dmatrack_sg_next(void *walk, struct dmt_seg *seg);

/* memclass.c: where a buffer lives. */
int dmatrack_memclass_init(void);
enum dmt_mem dmatrack_classify_page(struct page *page);
enum dmt_mem dmatrack_classify_ptr(const void *ptr);

/* probes.c: interception of the exported DMA API. */
int dmatrack_probes_register(void);
void dmatrack_probes_unregister(void);
unsigned long dmatrack_probes_missed(void);
struct seq_file;
void dmatrack_probes_show(struct seq_file *m);
/* A call made from dmatrack itself (wrap mode) was reported already. */
bool dmatrack_own_call(unsigned long ip);

/* refused.c: the dma_map_single() of vmalloc memory the kernel refuses. */
struct pt_regs;
int dmatrack_refused_warn(struct pt_regs *regs, unsigned long ip, void *data);
void dmatrack_refused_flush(void);
void dmatrack_refused_stop(void);
void dmatrack_refused_show(struct seq_file *m);

/* lifecycle.c: leak checks at driver unbind and module unload. */
int dmatrack_lifecycle_register(void);
void dmatrack_lifecycle_unregister(void);

/* report.c: violations, in dmesg and in the `violations` file. */
int dmatrack_report_init(void);
void dmatrack_report_exit(void);
void dmatrack_report(void *ctx, const struct dmt_violation *v);
void dmatrack_report_full(void *ctx);
void dmatrack_report_clear(void);
void dmatrack_report_show(struct seq_file *m);
void dmatrack_report_stats(struct seq_file *m);

/* watch.c: hardware watchpoints on device-owned buffers. */
extern unsigned int dmatrack_watch_slots;
DECLARE_PER_CPU(bool, dmatrack_in_core);	/* env.c: this CPU holds the core's lock */
int dmatrack_watch_init(void);
void dmatrack_watch_stop(void);
void dmatrack_watch_flush(void);
void dmatrack_watch_show(struct seq_file *m);
void dmatrack_watch_changed(void *ctx, unsigned int slot, const struct dmt_watch *w);
void dmatrack_watch_wanted(void *ctx);
int dmatrack_watch_saw_write(void *ctx, unsigned int slot, unsigned int handovers);
int dmatrack_same_function(void *ctx, unsigned long a, unsigned long b);

/* debugfs.c */
int dmatrack_debugfs_init(void);
void dmatrack_debugfs_exit(void);

static inline enum dmt_dir dmatrack_dir(enum dma_data_direction dir)
{
	return (enum dmt_dir)dir;
}

#endif
