/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the parts of the ownership core share: the entries, the tracker, and
 * the hooks between the state machine (dmt_core.c) and the watching of
 * device-owned buffers (dmt_watch.c).  Not for callers of the core.
 */
#ifndef DMT_INTERNAL_H
#define DMT_INTERNAL_H

#include "dmt_core.h"
#include "dmt_env.h"

enum entry_flags {
	E_ERR_TRACKED = 1u << 0,	/* mapped through the wrap header */
	E_ERR_CHECKED = 1u << 1,	/* dma_mapping_error() was asked, or it was reported */
	E_SUMMED = 1u << 2,		/* checksum holds the bytes at the hand-over */
	E_POISONED = 1u << 3,		/* filled with poison at the hand-over */
	E_SKIP_SYNC = 1u << 4,		/* DMA_ATTR_SKIP_CPU_SYNC: the driver shares lines knowingly */
	E_BOUNCED = 1u << 5,
	E_SG_FIRST = 1u << 6,		/* first segment of a dma_map_sg() */
	E_HOLDS_LEAK = 1u << 7,		/* a coherent page kept only by leaked pool blocks */
	E_SYNC_OPTIONAL = 1u << 8,	/* dma_need_sync() said no: reads without a sync are legal */
	E_CPU_SINCE_ALLOC = 1u << 9,	/* non-coherent memory never given to the device yet */
};

struct dmt_entry {
	struct dmt_entry *next;		/* DMA hash chain, or free list */
	struct dmt_entry *pnext;	/* physical hash chain */
	struct dmt_entry *group;	/* next segment of the same dma_map_sg() */
	const void *dev;
	const void *driver;
	unsigned long long addr;
	unsigned long long paddr;
	unsigned long size;
	union {
		unsigned long long checksum;	/* streaming: the bytes at the hand-over */
		unsigned long long cpu;		/* allocations: what the allocation returned */
	};
	/* The part the CPU owns after sync_for_cpu, as offsets; empty when lo == hi. */
	unsigned long cpu_lo, cpu_hi;
	struct dmt_site map_site;
	struct dmt_site handover_site;	/* the map or last sync_for_device */
	struct dmt_site cpu_site;	/* the last sync_for_cpu */
	unsigned int nents;		/* sg: nents passed to the map (first segment) */
	unsigned int gen;		/* changes whenever the entry is taken or released */
	unsigned char family;
	unsigned char dir;
	unsigned short flags;
	unsigned char watch;		/* watch slot + 1, 0 when not watched */
	unsigned char queue;		/* watch queue + 1 while it waits for a slot, else 0 */
	/* The watch queue, oldest hand-over first; dmt_watch.c. */
	struct dmt_entry *qprev, *qnext;
	unsigned long long handover_seq;	/* orders hand-overs: larger is newer */
};

/* An unmapped handle, remembered for the diagnosis of later calls on it. */
struct dmt_gone {
	const void *dev;		/* NULL: an empty slot */
	unsigned long long addr;
	unsigned long size;
	struct dmt_site unmap_site;
	struct dmt_site map_site;
	unsigned long long seq;		/* orders unmaps: larger is newer */
	unsigned int next, prev;	/* the index's chain, as ring index + 1; 0 ends it */
	unsigned char family;
	unsigned char dir;
};

/* The ring of the last unmaps and its index by (device, page); dmt_history.c. */
struct dmt_history {
	struct dmt_gone *ring;
	unsigned int *heads;		/* bucket heads, as ring index + 1 */
	unsigned int size;		/* slots in the ring */
	unsigned int nbuckets;		/* a power of two */
	unsigned int next;		/* the slot the next unmap takes */
	unsigned long long seq;
};

/*
 * One hand-over of a watched buffer: from the call that gave the device the
 * watched bytes to the call that gave them back.
 */
struct dmt_watch_period {
	struct dmt_step handover;	/* the map or sync_for_device that began it */
	struct dmt_step taken;		/* the sync_for_cpu before it, if it began with a sync */
	int has_taken;
	struct dmt_step handback;	/* the sync_for_cpu or unmap that ended it */
	int handed_back;
};

struct dmt_watch_slot {
	struct dmt_entry *e;		/* the buffer watched, NULL when free */
	unsigned int queue;		/* the queue (device, direction) it was picked from */
	struct dmt_watch w;		/* what the caller was told last */
	struct dmt_entry_info buf;	/* the buffer, kept after it is gone, for late hits */
	struct dmt_watch_period cur, prev;
	/* A read and a write seen in the current period, waiting for its end. */
	int pending[2];
	struct dmt_watch_hit hit[2];
};

/*
 * The buffers of one device and direction that wait for a slot, wholly
 * the device's, oldest hand-over first: in a ring the device fills, and
 * the CPU reads, the buffers in the order they were handed over.
 */
struct dmt_watch_queue {
	const void *dev;		/* NULL: unused */
	unsigned char dir;
	unsigned int len;
	unsigned int watched;		/* slots now on a buffer picked from here */
	struct dmt_entry *head, *tail;
};


struct dmt_tracker {
	struct dmt_lock *lock;
	struct dmt_config cfg;
	struct dmt_entry *entries;
	struct dmt_entry *free_list;
	struct dmt_entry **by_addr;
	struct dmt_entry **by_paddr;
	unsigned long nbuckets;		/* a power of two */
	unsigned long span;		/* pages a lookup walks back */
	struct dmt_history history;
	int told_full;
	struct dmt_stats stats;
	struct dmt_watch_slot watch[DMT_WATCH_SLOTS];
	struct dmt_watch_queue queues[DMT_WATCH_QUEUES];
	unsigned long long handover_seq;
};

#define DMT_PAGE_SHIFT 12

static inline unsigned long dmt_page_of(unsigned long long addr)
{
	return (unsigned long)(addr >> DMT_PAGE_SHIFT);
}

/* Mixes a device and a page into a hash; callers mask it to their table. */
static inline unsigned long dmt_hash_page(const void *dev, unsigned long page)
{
	unsigned long long h = (unsigned long long)page * 0x9E3779B97F4A7C15ULL;

	h ^= (unsigned long long)(unsigned long)dev >> 4;
	h *= 0xff51afd7ed558ccdULL;
	return (unsigned long)(h >> 32);
}

/*
 * dmt_history.c, for dmt_core.c: every call but init and free is made with
 * the lock held.  Add, forget and the finds read one bucket chain per page
 * they look at; only forget_sources (module unload) reads the whole ring.
 */
/* Allocates a ring of size slots (0 counts as 1) and its index; -1 when memory is short. */
int dmt_history_init(struct dmt_history *h, unsigned int size);
void dmt_history_free(struct dmt_history *h);
/* What init allocated, for the stats' table_bytes. */
unsigned long long dmt_history_bytes(const struct dmt_history *h);
/* Remembers an unmap in the oldest slot (its seq and links are set here). */
void dmt_history_add(struct dmt_history *h, const struct dmt_gone *gone);
/* Forgets every unmap of exactly (dev, addr): the handle is mapped again. */
void dmt_history_forget(struct dmt_history *h, const void *dev, unsigned long long addr);
/* The newest unmap of exactly (dev, addr), or NULL. */
const struct dmt_gone *dmt_history_find_handle(struct dmt_history *h, const void *dev,
					       unsigned long long addr);
/* The newest unmap of dev containing addr that began at most span - 1 pages before it. */
const struct dmt_gone *dmt_history_find_containing(struct dmt_history *h, const void *dev,
						   unsigned long long addr, unsigned long span);
void dmt_history_forget_sources(struct dmt_history *h,
				int (*gone)(const void *p, void *ctx), void *ctx);

/* dmt_core.c, for dmt_watch.c and dmt_history.c */
/* The timeline's names of the calls that give the device a buffer. */
extern const char *const dmt_step_map[DMT_FAM_COUNT];
extern const char dmt_step_sync_for_device[];
int dmt_is_streaming(unsigned int family);
int dmt_has_paddr(const struct dmt_entry *e);
void dmt_info_of(const struct dmt_entry *e, struct dmt_entry_info *info);
/* The mapping's fields of a violation, from a snapshot of its entry. */
void dmt_fill_from_info(struct dmt_violation *v, const struct dmt_entry_info *info);
/* Fills the rule's fields and the sites into v and hands it to cfg->report. */
void dmt_emit(struct dmt_tracker *t, struct dmt_violation *v, enum dmt_rule rule,
	      const struct dmt_site *site, const struct dmt_site *related, const char *what);
void dmt_flow_add(struct dmt_violation *v, const struct dmt_site *site, const char *what);
/* Clears a site's source location if gone() says its memory goes away. */
void dmt_forget_site(struct dmt_site *s, int (*gone)(const void *p, void *ctx), void *ctx);

/* dmt_watch.c, for dmt_core.c: every call is made with the lock held. */
/* The device was given the whole buffer (map or sync_for_device). */
void dmt_watch_handed_over(struct dmt_tracker *t, struct dmt_entry *e, const struct dmt_site *site,
			   const char *what);
/* Part of the buffer changed owner (a sync): the watched bytes may have. */
void dmt_watch_owner_changed(struct dmt_tracker *t, struct dmt_entry *e,
			     const struct dmt_site *site);
/*
 * The entry goes away: unmapped or freed (site, handed back), or released by
 * a leak check (site NULL: never handed back).
 */
void dmt_watch_entry_gone(struct dmt_tracker *t, struct dmt_entry *e, const struct dmt_site *site,
			  const char *what);
/* Stops watching the entry without reporting what waits (dma_need_sync() said no). */
void dmt_watch_drop(struct dmt_tracker *t, struct dmt_entry *e);
/* Has a watchpoint already reported the CPU's store into this entry's current hand-over? */
int dmt_watch_saw_write(struct dmt_tracker *t, const struct dmt_entry *e);
void dmt_watch_forget_sources(struct dmt_tracker *t, int (*gone)(const void *p, void *ctx),
			      void *ctx);

#endif
