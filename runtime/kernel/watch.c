// SPDX-License-Identifier: GPL-2.0
/*
 * Hardware watchpoints on device-owned buffers: the CPU reads and writes
 * that no DMA API call reveals (docs/runtime.md, "Watching CPU accesses").
 * The core (core/dmt_watch.c) picks the buffers and follows their owner;
 * this file owns the x86 debug registers, through the kernel's
 * hw_breakpoint API.
 *
 * - A worker arms and disarms the slots: registering a breakpoint may
 *   sleep, so it runs in process context, on the buffer the core picks
 *   (the oldest hand-over: the next a ring gives back), and moves a slot
 *   when it has watched its buffer for watch_ms and the core would pick
 *   another (the buffer went to the back of its ring, or another device
 *   has no slot).
 * - A slot is a pair of wide breakpoints on the same word, one for stores
 *   and one for any access, registered in that order so that the store
 *   one gets the lower debug register: when both match, QEMU reports only
 *   the lower one, hardware may report both.  Either way a store is seen
 *   as one.
 * - The handler runs in the debug exception, which is NMI-like: it reads
 *   the slot's owner from a seqcount-protected mirror the core keeps
 *   current, and only if the device owned the word does it queue the hit,
 *   with its call chain, for an irq_work on the same CPU.
 * - The irq_work drops the DMA layer's own copies (swiotlb bouncing the
 *   buffer it is handing over), finds the driver's frame, and reports the
 *   hit through the core.
 */
#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/hw_breakpoint.h>
#include <linux/io.h>
#include <linux/irq_work.h>
#include <linux/kallsyms.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/perf_event.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "dmatrack.h"

#define MAX_SLOTS 2		/* four debug registers, two per slot */
#define HITS_PER_CPU 8

unsigned int dmatrack_watch_slots = MAX_SLOTS;
module_param_named(watch, dmatrack_watch_slots, uint, 0400);
MODULE_PARM_DESC(watch, "buffers watched at once for CPU accesses, two debug registers each (0-2, 0: off)");

static unsigned int watch_ms = 20;
module_param(watch_ms, uint, 0600);
MODULE_PARM_DESC(watch_ms, "how long a buffer keeps its watchpoint at least, when a likelier one waits (ms)");

struct slot {
	/* The core's view of the slot: written under its lock, read by the handler. */
	unsigned int seq;		/* odd while being written */
	struct dmt_watch w;
	/* (binding, hand-over) in which the handler saw a store, bit 63 set. */
	u64 stored;
	/* The worker's. */
	struct perf_event * __percpu *bp_store;
	struct perf_event * __percpu *bp_access;
	unsigned long armed_at;		/* jiffies */
};

static struct slot slots[MAX_SLOTS];

struct hit_record {
	const struct pt_regs *regs;	/* with ip: which exception it came from */
	unsigned long ip;
	struct dmt_watch_hit hit;
};

/* Filled by the handler, emptied by the irq_work, on the same CPU. */
struct hit_ring {
	unsigned int head, tail;
	struct hit_record rec[HITS_PER_CPU];
};

static DEFINE_PER_CPU(struct hit_ring, rings);
static DEFINE_PER_CPU(struct irq_work, drain_work);
/* Symbol names, for the irq_work and the core's same_function() (both with interrupts off). */
static DEFINE_PER_CPU(char [2][KSYM_SYMBOL_LEN], names);

static struct {
	atomic_long_t armed, arm_failed, hits, dropped, torn, stale, legal, own, dma_layer;
} count;

static void arm_worker(struct work_struct *work);
static DECLARE_DELAYED_WORK(arm_work, arm_worker);
static unsigned long arm_queued;
static bool stopping;

static unsigned int slot_index(const struct slot *s)
{
	return (unsigned int)(s - slots);
}

static u64 store_key(unsigned int binding, unsigned int handovers)
{
	return BIT_ULL(63) | ((u64)(binding & 0x7fffffff) << 32) | handovers;
}

/* ------------------------------------------------------------ the core's callbacks */

void dmatrack_watch_changed(void *ctx, unsigned int slot, const struct dmt_watch *w)
{
	struct slot *s = &slots[slot];

	WRITE_ONCE(s->seq, s->seq + 1);
	smp_wmb();
	s->w = *w;
	smp_wmb();
	WRITE_ONCE(s->seq, s->seq + 1);
}

void dmatrack_watch_wanted(void *ctx)
{
	if (!READ_ONCE(stopping) && !test_and_set_bit(0, &arm_queued))
		mod_delayed_work(system_unbound_wq, &arm_work, 0);
}

int dmatrack_watch_saw_write(void *ctx, unsigned int slot, unsigned int handovers)
{
	struct slot *s = &slots[slot];

	return READ_ONCE(s->stored) == store_key(s->w.binding, handovers);
}

int dmatrack_same_function(void *ctx, unsigned long a, unsigned long b)
{
	char (*name)[KSYM_SYMBOL_LEN] = *this_cpu_ptr(&names);

	sprint_symbol_no_offset(name[0], a);
	sprint_symbol_no_offset(name[1], b);
	return strcmp(name[0], name[1]) == 0;
}

/* ------------------------------------------------------------ the handler (NMI-like) */

/* The slot as the core last left it; false if it was being written. */
static bool read_slot(const struct slot *s, struct dmt_watch *w)
{
	unsigned int seq = READ_ONCE(s->seq);

	smp_rmb();
	*w = s->w;
	smp_rmb();
	return !(seq & 1) && READ_ONCE(s->seq) == seq;
}

static void on_hit(struct slot *s, struct perf_event *bp, struct pt_regs *regs, bool store)
{
	struct hit_ring *r = this_cpu_ptr(&rings);
	struct hit_record *rec;
	struct dmt_watch w;
	unsigned int head = r->head;

	if (this_cpu_read(dmatrack_in_core)) {
		atomic_long_inc(&count.own);	/* the core's own checksum or poison */
		return;
	}
	if (!read_slot(s, &w)) {
		atomic_long_inc(&count.torn);
		return;
	}
	/*
	 * A breakpoint still set on the slot's previous buffer (its memory may
	 * be anybody's by now) says nothing about the buffer the slot holds.
	 */
	if (bp->attr.bp_addr != (unsigned long)phys_to_virt(w.paddr)) {
		atomic_long_inc(&count.stale);
		return;
	}
	if (w.state != DMT_WATCH_DEVICE) {
		atomic_long_inc(&count.legal);
		return;
	}
	if (store)
		WRITE_ONCE(s->stored, store_key(w.binding, w.handovers));
	/* The other breakpoint of the pair, in the same exception: one access. */
	if (head != r->tail) {
		rec = &r->rec[(head - 1) % HITS_PER_CPU];
		if (rec->regs == regs && rec->ip == regs->ip && rec->hit.slot == slot_index(s) &&
		    rec->hit.binding == w.binding) {
			rec->hit.write |= store;
			return;
		}
	}
	if (head - r->tail >= HITS_PER_CPU) {
		atomic_long_inc(&count.dropped);
		return;
	}
	rec = &r->rec[head % HITS_PER_CPU];
	rec->regs = regs;
	rec->ip = regs->ip;
	rec->hit.slot = slot_index(s);
	rec->hit.binding = w.binding;
	rec->hit.handovers = w.handovers;
	rec->hit.write = store;
	rec->hit.nr_stack = dmatrack_chain_from(rec->hit.stack, regs->ip);
	barrier();
	WRITE_ONCE(r->head, head + 1);
	atomic_long_inc(&count.hits);
	irq_work_queue(this_cpu_ptr(&drain_work));
}

static void store_hit(struct perf_event *bp, struct perf_sample_data *data, struct pt_regs *regs)
{
	on_hit(bp->overflow_handler_context, bp, regs, true);
}

static void access_hit(struct perf_event *bp, struct perf_sample_data *data,
		       struct pt_regs *regs)
{
	on_hit(bp->overflow_handler_context, bp, regs, false);
}

/* ------------------------------------------------------------ the irq_work */

static bool in_driver(const char *symbol)
{
	const char *mod = strstr(symbol, " [");

	return mod && strncmp(mod, " [dmatrack]", 11) != 0;
}

/* The DMA layer copying a buffer it is handing over (swiotlb) is no driver access. */
static bool in_dma_layer(const char *symbol)
{
	static const char *const prefixes[] = { "dma_", "__dma_", "swiotlb_", "iommu_dma_" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(prefixes); i++)
		if (strncmp(symbol, prefixes[i], strlen(prefixes[i])) == 0)
			return true;
	return false;
}

static void report_hit(struct dmt_watch_hit *hit)
{
	char *name = (*this_cpu_ptr(&names))[0];
	unsigned int i;

	hit->driver_frame = 0;	/* no driver frame: the access itself */
	for (i = 0; i < hit->nr_stack; i++) {
		sprint_symbol(name, hit->stack[i]);
		if (in_driver(name)) {
			hit->driver_frame = i;
			break;
		}
		if (in_dma_layer(name)) {
			atomic_long_inc(&count.dma_layer);
			return;
		}
	}
	sprint_symbol(name, hit->stack[0]);
	snprintf(hit->how, sizeof(hit->how), "%s by %s", hit->write ? "written" : "read", name);
	dmt_watch_hit(dmatrack_core, hit);
}

static void drain_hits(struct irq_work *work)
{
	struct hit_ring *r = this_cpu_ptr(&rings);
	struct dmt_watch_hit hit;

	while (r->tail != READ_ONCE(r->head)) {
		hit = r->rec[r->tail % HITS_PER_CPU].hit;
		barrier();
		WRITE_ONCE(r->tail, r->tail + 1);
		report_hit(&hit);
	}
}

/* ------------------------------------------------------------ the worker */

static int bp_len(unsigned int len)
{
	switch (len) {
	case 1:
		return HW_BREAKPOINT_LEN_1;
	case 2:
		return HW_BREAKPOINT_LEN_2;
	case 4:
		return HW_BREAKPOINT_LEN_4;
	default:
		return HW_BREAKPOINT_LEN_8;
	}
}

static void disarm(struct slot *s)
{
	if (s->bp_access)
		unregister_wide_hw_breakpoint(s->bp_access);
	if (s->bp_store)
		unregister_wide_hw_breakpoint(s->bp_store);
	s->bp_access = NULL;
	s->bp_store = NULL;
}

static struct perf_event * __percpu *watch_word(unsigned long va, unsigned int len, int type,
						 perf_overflow_handler_t handler, struct slot *s)
{
	struct perf_event * __percpu *bp;
	struct perf_event_attr attr;

	hw_breakpoint_init(&attr);
	attr.bp_addr = va;
	attr.bp_len = bp_len(len);
	attr.bp_type = type;
	bp = register_wide_hw_breakpoint(&attr, handler, s);
	return IS_ERR((void __force *)bp) ? NULL : bp;
}

static int arm(struct slot *s, const struct dmt_watch *w)
{
	unsigned long pfn = PHYS_PFN(w->paddr), va;

	/* Watchpoints compare virtual addresses: the linear map's is the one drivers use. */
	if (!pfn_valid(pfn) || PageHighMem(pfn_to_page(pfn)))
		return -EINVAL;
	va = (unsigned long)phys_to_virt(w->paddr);
	s->bp_store = watch_word(va, w->len, HW_BREAKPOINT_W, store_hit, s);
	if (s->bp_store)
		s->bp_access = watch_word(va, w->len, HW_BREAKPOINT_W | HW_BREAKPOINT_R,
					  access_hit, s);
	if (!s->bp_access) {
		disarm(s);
		return -EBUSY;
	}
	s->armed_at = jiffies;
	return 0;
}

/* Has the slot watched its buffer long enough, with a likelier one waiting? */
static bool should_move(struct slot *s)
{
	return time_after_eq(jiffies, s->armed_at + msecs_to_jiffies(READ_ONCE(watch_ms))) &&
	       dmt_watch_better(dmatrack_core, slot_index(s)) &&
	       dmt_watch_release(dmatrack_core, slot_index(s));
}

static void arm_worker(struct work_struct *work)
{
	bool busy = false;
	unsigned int i;
	struct dmt_watch w;

	clear_bit(0, &arm_queued);
	for (i = 0; i < dmatrack_watch_slots && !READ_ONCE(stopping); i++) {
		struct slot *s = &slots[i];

		if (s->bp_access && (READ_ONCE(s->w.state) == DMT_WATCH_FREE || should_move(s)))
			disarm(s);
		if (!s->bp_access && dmt_watch_pick(dmatrack_core, i, &w)) {
			if (arm(s, &w) == 0) {
				atomic_long_inc(&count.armed);
			} else {
				atomic_long_inc(&count.arm_failed);
				dmt_watch_release(dmatrack_core, i);
			}
		}
		busy |= s->bp_access != NULL;
	}
	/* Look again later: a watched buffer may have to make room for newer ones. */
	if (busy && !READ_ONCE(stopping))
		mod_delayed_work(system_unbound_wq, &arm_work,
				 msecs_to_jiffies(READ_ONCE(watch_ms)));
}

/* ------------------------------------------------------------ bring-up, tear-down */

int dmatrack_watch_init(void)
{
	int cpu;

	if (dmatrack_watch_slots > MAX_SLOTS) {
		pr_err("dmatrack: watch=%u: at most %d buffers can be watched (two debug registers each)\n",
		       dmatrack_watch_slots, MAX_SLOTS);
		return -EINVAL;
	}
	for_each_possible_cpu(cpu)
		init_irq_work(per_cpu_ptr(&drain_work, cpu), drain_hits);
	return 0;
}

/* Every hit queued so far has reached the core. */
void dmatrack_watch_flush(void)
{
	int cpu;

	for_each_possible_cpu(cpu)
		irq_work_sync(per_cpu_ptr(&drain_work, cpu));
}

void dmatrack_watch_stop(void)
{
	unsigned int i;

	WRITE_ONCE(stopping, true);
	cancel_delayed_work_sync(&arm_work);
	for (i = 0; i < MAX_SLOTS; i++)
		disarm(&slots[i]);
	dmatrack_watch_flush();
}

void dmatrack_watch_show(struct seq_file *m)
{
	seq_printf(m, "watch_slots %u\nwatch_armed %ld\nwatch_arm_failed %ld\n",
		   dmatrack_watch_slots, atomic_long_read(&count.armed),
		   atomic_long_read(&count.arm_failed));
	seq_printf(m, "watch_hits %ld\nwatch_hits_dropped %ld\nwatch_hits_torn %ld\n"
		   "watch_hits_stale %ld\n",
		   atomic_long_read(&count.hits), atomic_long_read(&count.dropped),
		   atomic_long_read(&count.torn), atomic_long_read(&count.stale));
	seq_printf(m, "watch_cpu_owned %ld\nwatch_own_access %ld\nwatch_dma_layer %ld\n",
		   atomic_long_read(&count.legal), atomic_long_read(&count.own),
		   atomic_long_read(&count.dma_layer));
}
