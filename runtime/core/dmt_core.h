/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ownership core of the dmatrack runtime tracker.
 *
 * It keeps one entry per live DMA mapping or allocation, follows who owns
 * each streaming buffer (the device after map and sync_for_device, the CPU
 * after sync_for_cpu and unmap), and reports every call that breaks the
 * rules of Documentation/core-api/dma-api.rst.  It knows nothing of how the
 * calls were seen (kprobes, the wrap header, a unit test): callers describe
 * each call in a struct dmt_call.  Memory is allocated once, at creation;
 * when every entry is in use new mappings are counted as dropped, never
 * tracked half-way.
 *
 * Plain C without kernel or libc headers: dmt_env.h is its whole world.
 */
#ifndef DMT_CORE_H
#define DMT_CORE_H

/* The values of enum dma_data_direction. */
enum dmt_dir {
	DMT_BIDIRECTIONAL = 0,
	DMT_TO_DEVICE = 1,
	DMT_FROM_DEVICE = 2,
	DMT_DIR_NONE = 3,
};

/* API families: a mapping must be undone by its own family. */
enum dmt_family {
	DMT_FAM_SINGLE,		/* dma_map_single/page, unmap_single/page */
	DMT_FAM_SG,		/* dma_map_sg/sgtable */
	DMT_FAM_RESOURCE,	/* dma_map_resource */
	DMT_FAM_COHERENT,	/* dma_alloc_attrs/coherent */
	DMT_FAM_PAGES,		/* dma_alloc_pages/noncoherent */
	DMT_FAM_POOL,		/* dma_pool_alloc/free */
	DMT_FAM_NONCONTIG,	/* dma_alloc/free_noncontiguous */
	DMT_FAM_COUNT,
};

/* Where the CPU memory of a mapping lives, as the caller classified it. */
enum dmt_mem {
	DMT_MEM_OK,
	DMT_MEM_STACK,
	DMT_MEM_VMALLOC,
	DMT_MEM_KERNEL_IMAGE,	/* kernel text, rodata, data or bss */
	DMT_MEM_MODULE_IMAGE,
};

/* Modes, as bits: they can change while the tracker runs. */
enum dmt_mode {
	DMT_MODE_PLAIN = 0,
	DMT_MODE_CHECKSUM = 1u << 0,	/* checksum at hand-over, verify at hand-back */
	DMT_MODE_POISON = 1u << 1,	/* poison bounced device-owned FROM_DEVICE buffers */
};

/* dmt_call.flags */
enum dmt_call_flags {
	DMT_CALL_WRAPPED = 1u << 0,	/* seen through the wrap header: map errors are visible */
	DMT_CALL_SKIP_CPU_SYNC = 1u << 1, /* DMA_ATTR_SKIP_CPU_SYNC */
	DMT_CALL_BOUNCED = 1u << 2,	/* the device works on a bounce copy (swiotlb) */
	/*
	 * The kernel refused the map before any exported function ran
	 * (dma_map_single() of vmalloc memory): size and direction are unknown.
	 */
	DMT_CALL_REFUSED = 1u << 3,
};

#define DMT_MAPPING_ERROR (~0ULL)
#define DMT_NO_PADDR (~0ULL)

/* A call site in the source, known exactly in wrap mode. */
struct dmt_src {
	const char *file;
	const char *function;
	unsigned int line;
};

/* A call site: the return address, and the source when wrap mode knows it. */
struct dmt_site {
	unsigned long ip;
	const struct dmt_src *src;
};

/* One DMA API call, as the caller saw it. */
struct dmt_call {
	const void *dev;
	const void *driver;		/* the device's driver at the call, or NULL */
	unsigned long long addr;	/* the DMA handle */
	unsigned long long paddr;	/* CPU physical address, DMT_NO_PADDR if none */
	unsigned long size;
	enum dmt_dir dir;
	enum dmt_family family;
	enum dmt_mem mem;		/* map only */
	unsigned int nents;		/* sg: the nents passed to the call */
	unsigned int flags;		/* DMT_CALL_* */
	/*
	 * Allocations: the CPU address (or struct page, or sg_table) the
	 * allocation returned, or the one the free was given; 0 if unknown.
	 */
	unsigned long long cpu;
	/* map_sg: the device's dma_get_max_seg_size() and dma_get_seg_boundary(); 0: not checked. */
	unsigned int max_seg;
	unsigned long long seg_boundary;
	struct dmt_site site;
	/* The caller's call chain, innermost first, when the report cannot take it itself; or NULL. */
	const unsigned long *stack;
	unsigned int nr_stack;
};

/* The segments of a scatterlist call, one after another. */
struct dmt_seg {
	unsigned long long addr;
	unsigned long long paddr;
	unsigned long size;		/* sg_dma_len() */
	unsigned long cpu_len;		/* the CPU entry's sg->length, 0 if unknown */
};

struct dmt_seg_iter {
	/* Fills *seg and returns 1, or returns 0 after the last segment. */
	int (*next)(void *ctx, struct dmt_seg *seg);
	void *ctx;
};

/* The rules the core reports, by their catalogue slugs (reports/rules.def). */
enum dmt_rule {
	DMT_R_UNCHECKED_MAPPING_ERROR,
	DMT_R_MAPPING_LEAK,
	DMT_R_COHERENT_LEAK,
	DMT_R_DOUBLE_UNMAP,
	DMT_R_DIRECTION_MISMATCH,
	DMT_R_SIZE_MISMATCH,
	DMT_R_API_MISMATCH,
	DMT_R_SG_NENTS_MISUSE,
	DMT_R_CPU_WRITE_WHILE_DEVICE_OWNED,
	DMT_R_CPU_READ_WHILE_DEVICE_OWNED,
	DMT_R_MISSING_SYNC_FOR_DEVICE,
	DMT_R_SYNC_AFTER_UNMAP,
	DMT_R_INVALID_DMA_MEMORY,
	DMT_R_CACHELINE_SHARING,
	DMT_R_SG_SEGMENT_LIMITS,
	DMT_R_COUNT,
};

enum dmt_severity { DMT_SEV_NOTE = 1, DMT_SEV_WARNING = 2, DMT_SEV_ERROR = 3 };

/* One step of a mapping's history, for the ownership timeline of a report. */
struct dmt_step {
	struct dmt_site site;
	const char *what;		/* names the API call: "dma_sync_*_for_cpu(): ..." */
};

#define DMT_FLOW_MAX 6
#define DMT_STACK_MAX 16

struct dmt_violation {
	enum dmt_rule rule;
	int id;				/* catalogue id, DMA<id> */
	const char *slug;
	enum dmt_severity severity;
	const void *dev;
	const void *driver;
	unsigned long long addr;	/* the mapping's handle */
	unsigned long size;		/* the mapping's size */
	enum dmt_dir dir;		/* the mapping's direction */
	enum dmt_family family;
	struct dmt_site site;		/* the violating call */
	struct dmt_site map_site;	/* where the mapping was made, if known */
	struct dmt_site related;	/* the ownership transfer that makes it one */
	const char *related_what;	/* "mapped here", "unmapped here", ... */
	int has_related;
	char message[200];
	/* The mapping's history up to the violation and after it, oldest first. */
	struct dmt_step flow[DMT_FLOW_MAX];
	unsigned int nflow;
	/*
	 * The call chain of an access the caller observed (innermost first),
	 * when the report is not made from that context; NULL otherwise.
	 */
	const unsigned long *stack;
	unsigned int nr_stack;
};

/* A snapshot of one live entry, for listings. */
struct dmt_entry_info {
	const void *dev;
	const void *driver;
	unsigned long long addr;
	unsigned long long paddr;
	unsigned long size;
	enum dmt_dir dir;
	enum dmt_family family;
	int device_owned;
	unsigned int nents;		/* sg: nents of the map call (first segment only) */
	struct dmt_site map_site;
};

enum dmt_op {
	DMT_OP_MAP,
	DMT_OP_UNMAP,
	DMT_OP_SYNC_FOR_CPU,
	DMT_OP_SYNC_FOR_DEVICE,
	DMT_OP_ALLOC,
	DMT_OP_FREE,
	DMT_OP_MAPPING_ERROR,
	DMT_OP_COUNT,
};

struct dmt_stats {
	unsigned long long ops[DMT_OP_COUNT];
	unsigned long long violations[DMT_R_COUNT];
	unsigned long long dropped;	/* mappings not tracked: every entry was in use */
	unsigned long long untracked;	/* unmaps, syncs, frees of handles never seen mapped */
	unsigned long long overlap_scan_capped;	/* cacheline scans cut short */
	unsigned long long watch_picks;	/* buffers given to a watch slot */
	unsigned long long watch_late;	/* hits reported after their slot had moved on: dropped */
	unsigned long long watch_unqueued;	/* buffers not queued for a slot: every queue in use */
	unsigned long live;
	unsigned long peak;
	unsigned long capacity;
	unsigned long long table_bytes;	/* the tables, all allocated at creation */
};

/*
 * Watching device-owned buffers.  The caller has a few hardware data
 * watchpoints (x86 debug registers); the core says which bytes of which
 * device-owned buffer each one covers, keeps the caller's view of their
 * owner current (cfg->watch_changed), and turns the caller's hits into
 * violations.  Only buffers the device writes are watched (DMA_FROM_DEVICE,
 * DMA_BIDIRECTIONAL), whose CPU reads and writes are both violations.
 */
#define DMT_WATCH_SLOTS 4
/* Devices and directions whose buffers wait for a slot at once; the rest are counted. */
#define DMT_WATCH_QUEUES 16

enum dmt_watch_state {
	DMT_WATCH_FREE,		/* nothing watched (disarm) */
	DMT_WATCH_DEVICE,	/* the device owns the watched bytes: every access is a violation */
	DMT_WATCH_CPU,		/* the CPU owns them: accesses are legal */
};

struct dmt_watch {
	enum dmt_watch_state state;
	unsigned long long paddr;	/* the watched bytes, inside the buffer */
	unsigned int len;		/* 1, 2, 4 or 8; paddr is aligned to it */
	unsigned int binding;		/* which buffer: counts the slot's picks */
	unsigned int handovers;		/* which hand-over of that buffer */
};

struct dmt_config {
	unsigned long max_entries;	/* live mappings tracked at most */
	unsigned int history;		/* unmapped handles remembered, for double unmaps */
	unsigned int cacheline;		/* bytes, a power of two */
	unsigned int mode;		/* DMT_MODE_* */
	/*
	 * Called for every violation, with the core's lock held: copy what is
	 * needed and return; never call back into the core.
	 */
	void (*report)(void *ctx, const struct dmt_violation *v);
	void *report_ctx;
	/*
	 * Called once, under the lock, the first time a mapping cannot be
	 * tracked because every entry is in use (may be NULL).
	 */
	void (*full)(void *ctx);
	/* Watch slots (see dmt_watch_pick()); 0 watches nothing. */
	unsigned int watch_slots;
	/*
	 * Called under the lock whenever what a watch slot covers or its
	 * owner changes: the caller mirrors it for its hardware handler.
	 */
	void (*watch_changed)(void *ctx, unsigned int slot, const struct dmt_watch *w);
	/* Called under the lock when a buffer waits for a free slot, or a slot became free. */
	void (*watch_wanted)(void *ctx);
	/* Did the watchpoint of slot see a CPU store during hand-over `handovers`? */
	int (*watch_saw_write)(void *ctx, unsigned int slot, unsigned int handovers);
	/* Are the two code addresses in the same function (may be NULL: never)? */
	int (*same_function)(void *ctx, unsigned long a, unsigned long b);
};

struct dmt_tracker;

/*
 * Creates a tracker, allocating everything it will ever use.  Returns NULL
 * and a reason in *why when the configuration is unusable or memory is short.
 */
struct dmt_tracker *dmt_create(const struct dmt_config *cfg, const char **why);
void dmt_destroy(struct dmt_tracker *t);
void dmt_set_mode(struct dmt_tracker *t, unsigned int mode);
unsigned int dmt_get_mode(struct dmt_tracker *t);

/* Streaming mappings.  A map whose addr is DMT_MAPPING_ERROR failed. */
void dmt_map(struct dmt_tracker *t, const struct dmt_call *call);
/* call->nents is what the driver passed; segs walks the mapped segments. */
void dmt_map_sg(struct dmt_tracker *t, const struct dmt_call *call, struct dmt_seg_iter *segs);
void dmt_unmap(struct dmt_tracker *t, const struct dmt_call *call);
/* call->addr is the first segment's DMA address, call->nents the nents passed. */
void dmt_unmap_sg(struct dmt_tracker *t, const struct dmt_call *call);
void dmt_sync(struct dmt_tracker *t, const struct dmt_call *call, int for_device);
void dmt_sync_sg(struct dmt_tracker *t, const struct dmt_call *call, struct dmt_seg_iter *segs,
		 int for_device);
/* dma_mapping_error() was asked about call->addr (wrap mode). */
void dmt_mapping_error(struct dmt_tracker *t, const struct dmt_call *call);

/* Coherent and non-coherent allocations (call->family says which). */
void dmt_alloc(struct dmt_tracker *t, const struct dmt_call *call);
void dmt_free(struct dmt_tracker *t, const struct dmt_call *call);

/*
 * Leak check: reports every live entry for which match() returns non-zero
 * as mapping-leak or coherent-leak and forgets it.  `when` says what ended
 * the entries' lifetime ("driver unbind", "module unload").  Returns how
 * many entries were reported.
 */
unsigned long dmt_release(struct dmt_tracker *t,
			  int (*match)(const struct dmt_entry_info *e, void *ctx), void *ctx,
			  const char *when);

/*
 * Drops every reference to source locations and drivers for which gone()
 * returns non-zero: their module is about to be unloaded.
 */
void dmt_forget_sources(struct dmt_tracker *t, int (*gone)(const void *p, void *ctx), void *ctx);

/*
 * The driver asked dma_need_sync() about call->addr and was told the syncs
 * are not needed: reading the buffer without them is then legal.
 */
void dmt_sync_not_needed(struct dmt_tracker *t, const struct dmt_call *call);

/*
 * Binds the free watch slot to the buffer the CPU is likeliest to touch
 * next: among the buffers wholly the device's, the oldest hand-over of the
 * device and direction fewest slots watch.  Returns 1 and what to watch in
 * *w, or 0 when none waits.  Called from process context.
 */
int dmt_watch_pick(struct dmt_tracker *t, unsigned int slot, struct dmt_watch *w);
/*
 * Unbinds a slot (to watch another buffer, or because it could not be
 * armed).  Returns 0, keeping the slot, while a hit waits for the buffer's
 * hand-back.
 */
int dmt_watch_release(struct dmt_tracker *t, unsigned int slot);
/*
 * Would dmt_watch_pick() choose another buffer for the slot than the one it
 * watches (a free slot: any buffer)?  The caller moves it when it has
 * watched long enough.
 */
int dmt_watch_better(struct dmt_tracker *t, unsigned int slot);

/* A CPU access the watchpoint of a slot saw, while its owner was the device. */
struct dmt_watch_hit {
	unsigned int slot;
	unsigned int binding;		/* struct dmt_watch as the handler saw it */
	unsigned int handovers;
	int write;
	/* The access's call chain, innermost first: stack[0] is the access itself. */
	unsigned long stack[DMT_STACK_MAX];
	unsigned int nr_stack;
	unsigned int driver_frame;	/* index of the innermost frame in the driver */
	char how[96];			/* "read by crc32_body+0x2f/0x120" */
};
/*
 * Reports the hit once the buffer is handed back (so that its history is
 * complete), or at once if it was handed back already.
 */
void dmt_watch_hit(struct dmt_tracker *t, const struct dmt_watch_hit *hit);

void dmt_get_stats(struct dmt_tracker *t, struct dmt_stats *out);
/* Copies up to max live entries, starting after `skip`; returns how many. */
unsigned long dmt_snapshot(struct dmt_tracker *t, struct dmt_entry_info *out, unsigned long max,
			   unsigned long skip);

/* Names, for messages and listings. */
const char *dmt_dir_name(enum dmt_dir dir);
const char *dmt_family_name(enum dmt_family family);
const char *dmt_rule_slug(enum dmt_rule rule);
int dmt_rule_id(enum dmt_rule rule);
enum dmt_severity dmt_rule_severity(enum dmt_rule rule);

#endif
