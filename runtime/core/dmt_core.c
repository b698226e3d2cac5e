// SPDX-License-Identifier: GPL-2.0
/*
 * The ownership core: live entries, their states, and the rules.
 *
 * Every entry is in one of two hash tables' chains at once: by (device, DMA
 * page) for unmaps and syncs, and by CPU physical page for the cacheline
 * check.  Both are keyed by the page an entry starts in, so a lookup of an
 * address inside a mapping walks back over at most `span` pages, the size
 * of the largest mapping seen (capped at DMT_SCAN_PAGES).
 *
 * One lock covers everything; every operation is a bounded walk.  Unmapped
 * handles are remembered in a ring (the history, dmt_history.c, indexed by
 * (device, page) as the live entries are) so that a second unmap or
 * a sync after unmap can name the first unmap, while an unmap of a handle
 * the tracker never saw mapped (made before it was loaded) stays silent.
 */
#include "dmt_internal.h"

#define DMT_SCAN_PAGES 64UL

/* The catalogue, from the one source of truth. */
#define ERROR DMT_SEV_ERROR
#define WARNING DMT_SEV_WARNING
#define NOTE DMT_SEV_NOTE
static const struct {
	int id;
	const char *slug;
	enum dmt_severity severity;
} catalogue[] = {
#define DMA_RULE(id, slug, sev, engines, summary) { id, slug, sev },
#include "rules.def"
#undef DMA_RULE
};
#undef ERROR
#undef WARNING
#undef NOTE

static const char *const rule_slugs[DMT_R_COUNT] = {
	[DMT_R_UNCHECKED_MAPPING_ERROR] = "unchecked-mapping-error",
	[DMT_R_MAPPING_LEAK] = "mapping-leak",
	[DMT_R_COHERENT_LEAK] = "coherent-leak",
	[DMT_R_DOUBLE_UNMAP] = "double-unmap",
	[DMT_R_DIRECTION_MISMATCH] = "direction-mismatch",
	[DMT_R_SIZE_MISMATCH] = "size-mismatch",
	[DMT_R_API_MISMATCH] = "api-mismatch",
	[DMT_R_SG_NENTS_MISUSE] = "sg-nents-misuse",
	[DMT_R_CPU_WRITE_WHILE_DEVICE_OWNED] = "cpu-write-while-device-owned",
	[DMT_R_CPU_READ_WHILE_DEVICE_OWNED] = "cpu-read-while-device-owned",
	[DMT_R_MISSING_SYNC_FOR_DEVICE] = "missing-sync-for-device",
	[DMT_R_SYNC_AFTER_UNMAP] = "sync-after-unmap",
	[DMT_R_INVALID_DMA_MEMORY] = "invalid-dma-memory",
	[DMT_R_CACHELINE_SHARING] = "cacheline-sharing",
	[DMT_R_SG_SEGMENT_LIMITS] = "sg-segment-limits",
};

/* Catalogue index of each rule, resolved once. */
static int rule_index[DMT_R_COUNT];
static int rules_resolved;

static int resolve_rules(void)
{
	unsigned int r, i;

	if (rules_resolved)
		return 0;
	for (r = 0; r < DMT_R_COUNT; r++) {
		rule_index[r] = -1;
		for (i = 0; i < sizeof(catalogue) / sizeof(catalogue[0]); i++)
			if (dmt_strcmp(catalogue[i].slug, rule_slugs[r]) == 0)
				rule_index[r] = (int)i;
		if (rule_index[r] < 0)
			return -1;
	}
	rules_resolved = 1;
	return 0;
}

const char *dmt_rule_slug(enum dmt_rule rule)
{
	return rule_slugs[rule];
}

int dmt_rule_id(enum dmt_rule rule)
{
	return rules_resolved ? catalogue[rule_index[rule]].id : 0;
}

enum dmt_severity dmt_rule_severity(enum dmt_rule rule)
{
	return rules_resolved ? catalogue[rule_index[rule]].severity : DMT_SEV_ERROR;
}

const char *dmt_dir_name(enum dmt_dir dir)
{
	static const char *const names[] = { "DMA_BIDIRECTIONAL", "DMA_TO_DEVICE",
					     "DMA_FROM_DEVICE", "DMA_NONE" };

	return (unsigned int)dir < 4 ? names[dir] : "DMA_?";
}

const char *dmt_family_name(enum dmt_family family)
{
	static const char *const names[] = {
		[DMT_FAM_SINGLE] = "single/page", [DMT_FAM_SG] = "scatter-gather",
		[DMT_FAM_RESOURCE] = "resource", [DMT_FAM_COHERENT] = "coherent",
		[DMT_FAM_PAGES] = "noncoherent pages", [DMT_FAM_POOL] = "dma_pool block",
		[DMT_FAM_NONCONTIG] = "noncontiguous",
	};

	return (unsigned int)family < DMT_FAM_COUNT ? names[family] : "?";
}

int dmt_is_streaming(unsigned int family)
{
	return family == DMT_FAM_SINGLE || family == DMT_FAM_SG || family == DMT_FAM_RESOURCE;
}

#define is_streaming dmt_is_streaming

/*
 * Non-coherent allocations are synced like streaming mappings, but start
 * out owned by the CPU: dma_sync_*_for_device() gives them to the device
 * (Documentation/core-api/dma-api.rst, dma_alloc_pages()).
 */
static int is_noncoherent_alloc(unsigned int family)
{
	return family == DMT_FAM_PAGES || family == DMT_FAM_NONCONTIG;
}

/* Families whose ownership moves with syncs. */
static int is_synced(unsigned int family)
{
	return is_streaming(family) || is_noncoherent_alloc(family);
}

/* ------------------------------------------------------------ setup */

struct dmt_tracker *dmt_create(const struct dmt_config *cfg, const char **why)
{
	struct dmt_tracker *t;
	unsigned long i;

	if (resolve_rules() != 0) {
		*why = "a rule the core reports is missing from reports/rules.def";
		return DMT_NULL;
	}
	if (!cfg->report || cfg->max_entries == 0 || cfg->max_entries > (1UL << 24) ||
	    cfg->history > (1u << 24) ||
	    cfg->cacheline == 0 || (cfg->cacheline & (cfg->cacheline - 1)) ||
	    cfg->watch_slots > DMT_WATCH_SLOTS) {
		*why = "max_entries must be 1..16777216, history at most 16777216, cacheline a power of two, watch slots at most 4, report set";
		return DMT_NULL;
	}
	t = dmt_env_zalloc(sizeof(*t));
	if (!t)
		goto nomem;
	t->cfg = *cfg;
	for (t->nbuckets = 64; t->nbuckets < cfg->max_entries / 2; t->nbuckets <<= 1)
		;
	t->lock = dmt_lock_create();
	t->entries = dmt_env_zalloc(cfg->max_entries * sizeof(*t->entries));
	t->by_addr = dmt_env_zalloc(t->nbuckets * sizeof(*t->by_addr));
	t->by_paddr = dmt_env_zalloc(t->nbuckets * sizeof(*t->by_paddr));
	if (!t->lock || !t->entries || !t->by_addr || !t->by_paddr ||
	    dmt_history_init(&t->history, cfg->history) != 0) {
		dmt_destroy(t);
		goto nomem;
	}
	for (i = 0; i < cfg->max_entries; i++) {
		t->entries[i].next = t->free_list;
		t->free_list = &t->entries[i];
	}
	t->span = 1;
	t->stats.capacity = cfg->max_entries;
	t->stats.table_bytes = sizeof(*t) + cfg->max_entries * sizeof(*t->entries) +
			       2 * t->nbuckets * sizeof(*t->by_addr) +
			       dmt_history_bytes(&t->history);
	return t;
nomem:
	*why = "out of memory for the tracking tables (lower max_entries)";
	return DMT_NULL;
}

void dmt_destroy(struct dmt_tracker *t)
{
	if (!t)
		return;
	if (t->lock)
		dmt_lock_destroy(t->lock);
	dmt_env_free(t->entries);
	dmt_env_free(t->by_addr);
	dmt_env_free(t->by_paddr);
	dmt_history_free(&t->history);
	dmt_env_free(t);
}

void dmt_set_mode(struct dmt_tracker *t, unsigned int mode)
{
	unsigned long flags = dmt_lock_acquire(t->lock);

	t->cfg.mode = mode;
	dmt_lock_release(t->lock, flags);
}

unsigned int dmt_get_mode(struct dmt_tracker *t)
{
	return t->cfg.mode;
}

/* ------------------------------------------------------------ tables */

#define page_of dmt_page_of

static unsigned long pages_spanned(unsigned long long addr, unsigned long size)
{
	return page_of(addr + (size ? size - 1 : 0)) - page_of(addr) + 1;
}

static unsigned long bucket(const struct dmt_tracker *t, const void *dev, unsigned long page)
{
	return dmt_hash_page(dev, page) & (t->nbuckets - 1);
}

int dmt_has_paddr(const struct dmt_entry *e)
{
	return e->paddr != DMT_NO_PADDR && e->family != DMT_FAM_RESOURCE;
}

#define has_paddr dmt_has_paddr

static void link_entry(struct dmt_tracker *t, struct dmt_entry *e)
{
	unsigned long b = bucket(t, e->dev, page_of(e->addr));
	unsigned long span = pages_spanned(e->addr, e->size);

	e->next = t->by_addr[b];
	t->by_addr[b] = e;
	if (has_paddr(e)) {
		b = bucket(t, DMT_NULL, page_of(e->paddr));
		e->pnext = t->by_paddr[b];
		t->by_paddr[b] = e;
		if (pages_spanned(e->paddr, e->size) > span)
			span = pages_spanned(e->paddr, e->size);
	}
	if (span > t->span)
		t->span = span < DMT_SCAN_PAGES ? span : DMT_SCAN_PAGES;
	if (++t->stats.live > t->stats.peak)
		t->stats.peak = t->stats.live;
}

static void unlink_from(struct dmt_entry **head, struct dmt_entry *e, int phys)
{
	struct dmt_entry **pp;

	for (pp = head; *pp; pp = phys ? &(*pp)->pnext : &(*pp)->next) {
		if (*pp == e) {
			*pp = phys ? e->pnext : e->next;
			return;
		}
	}
}

/*
 * The entry goes: unmapped or freed at site, or, with site NULL, released by
 * a leak check.
 */
static void release_entry(struct dmt_tracker *t, struct dmt_entry *e, const struct dmt_site *site)
{
	if (e->watch || e->queue)
		dmt_watch_entry_gone(t, e, site, site ? "dma_unmap_*(): handed back to the CPU, after the access" : DMT_NULL);
	e->gen++;
	unlink_from(&t->by_addr[bucket(t, e->dev, page_of(e->addr))], e, 0);
	if (has_paddr(e))
		unlink_from(&t->by_paddr[bucket(t, DMT_NULL, page_of(e->paddr))], e, 1);
	e->next = t->free_list;
	t->free_list = e;
	t->stats.live--;
}

static struct dmt_entry *take_entry(struct dmt_tracker *t)
{
	struct dmt_entry *e = t->free_list;

	if (!e) {
		t->stats.dropped++;
		if (!t->told_full && t->cfg.full)
			t->cfg.full(t->cfg.report_ctx);
		t->told_full = 1;
		return DMT_NULL;
	}
	t->free_list = e->next;
	*e = (struct dmt_entry){ .gen = e->gen + 1 };
	return e;
}

/* How well an entry fits a call: the best fit wins among equal handles. */
static int fit(const struct dmt_entry *e, const struct dmt_call *c)
{
	return (e->family == c->family) * 4 + (e->size == c->size) * 2 + (e->dir == c->dir);
}

/* The entry mapped at exactly (dev, addr), best fit first. */
static struct dmt_entry *find_exact(struct dmt_tracker *t, const struct dmt_call *c)
{
	struct dmt_entry *e, *best = DMT_NULL;

	for (e = t->by_addr[bucket(t, c->dev, page_of(c->addr))]; e; e = e->next)
		if (e->dev == c->dev && e->addr == c->addr && (!best || fit(e, c) > fit(best, c)))
			best = e;
	return best;
}

/* The entry of dev that contains addr, a streaming one if there is one. */
static struct dmt_entry *find_containing(struct dmt_tracker *t, const void *dev,
					 unsigned long long addr)
{
	unsigned long page = page_of(addr), k;
	struct dmt_entry *e, *other = DMT_NULL;

	for (k = 0; k < t->span && k <= page; k++) {
		for (e = t->by_addr[bucket(t, dev, page - k)]; e; e = e->next) {
			if (e->dev != dev || page_of(e->addr) != page - k || e->addr > addr ||
			    addr - e->addr >= (e->size ? e->size : 1))
				continue;
			if (is_streaming(e->family))
				return e;
			other = e;
		}
	}
	return other;
}

/* ------------------------------------------------------------ history */

static void remember_gone(struct dmt_tracker *t, const struct dmt_entry *e,
			  const struct dmt_site *site)
{
	struct dmt_gone g = {
		.dev = e->dev, .addr = e->addr, .size = e->size, .unmap_site = *site,
		.map_site = e->map_site, .family = e->family, .dir = e->dir,
	};

	dmt_history_add(&t->history, &g);
}

/* A handle is mapped again: earlier unmaps of it no longer say anything. */
static void forget_gone(struct dmt_tracker *t, const void *dev, unsigned long long addr)
{
	dmt_history_forget(&t->history, dev, addr);
}

/*
 * The latest unmap of the handle, or with `containing` of a mapping around
 * addr; unmaps start where live entries did, so the same span is walked.
 */
static const struct dmt_gone *find_gone(struct dmt_tracker *t, const void *dev,
					unsigned long long addr, int containing)
{
	if (containing)
		return dmt_history_find_containing(&t->history, dev, addr, t->span);
	return dmt_history_find_handle(&t->history, dev, addr);
}

/* ------------------------------------------------------------ reporting */

void dmt_fill_from_info(struct dmt_violation *v, const struct dmt_entry_info *info)
{
	v->dev = info->dev;
	v->driver = info->driver;
	v->addr = info->addr;
	v->size = info->size;
	v->dir = info->dir;
	v->family = info->family;
	v->map_site = info->map_site;
}

static void fill_from_entry(struct dmt_violation *v, const struct dmt_entry *e)
{
	struct dmt_entry_info info;

	dmt_info_of(e, &info);
	dmt_fill_from_info(v, &info);
}

static void fill_from_call(struct dmt_violation *v, const struct dmt_call *c)
{
	v->dev = c->dev;
	v->driver = c->driver;
	v->addr = c->addr;
	v->size = c->size;
	v->dir = c->dir;
	v->family = c->family;
	v->map_site = c->site;
}

void dmt_flow_add(struct dmt_violation *v, const struct dmt_site *site, const char *what)
{
	if (v->nflow < DMT_FLOW_MAX) {
		v->flow[v->nflow].site = *site;
		v->flow[v->nflow].what = what;
		v->nflow++;
	}
}

void dmt_emit(struct dmt_tracker *t, struct dmt_violation *v, enum dmt_rule rule,
	      const struct dmt_site *site, const struct dmt_site *related, const char *what)
{
	v->rule = rule;
	v->id = dmt_rule_id(rule);
	v->slug = dmt_rule_slug(rule);
	v->severity = dmt_rule_severity(rule);
	v->site = *site;
	v->has_related = related != DMT_NULL;
	if (related)
		v->related = *related;
	v->related_what = what;
	t->stats.violations[rule]++;
	t->cfg.report(t->cfg.report_ctx, v);
}

static void report_entry(struct dmt_tracker *t, enum dmt_rule rule, const struct dmt_entry *e,
			 const struct dmt_site *site, const struct dmt_site *related,
			 const char *what, const char *message)
{
	struct dmt_violation v = { 0 };

	fill_from_entry(&v, e);
	dmt_snprintf(v.message, sizeof(v.message), "%s", message);
	dmt_emit(t, &v, rule, site, related, what);
}

/* ------------------------------------------------------------ ownership */

static int must_checksum(const struct dmt_tracker *t, const struct dmt_entry *e)
{
	/*
	 * Only bytes the device cannot change: a TO_DEVICE buffer, or any
	 * buffer the device only sees through a bounce copy.
	 */
	return (t->cfg.mode & DMT_MODE_CHECKSUM) && has_paddr(e) && is_streaming(e->family) &&
	       (e->dir == DMT_TO_DEVICE || (e->flags & E_BOUNCED));
}

static int must_poison(const struct dmt_tracker *t, const struct dmt_entry *e)
{
	/* Poison only what the device's data will overwrite on the way back. */
	return (t->cfg.mode & DMT_MODE_POISON) && has_paddr(e) && is_streaming(e->family) &&
	       e->dir == DMT_FROM_DEVICE && (e->flags & E_BOUNCED);
}

/* Steps of a mapping's history, as the ownership timeline names them. */
const char *const dmt_step_map[DMT_FAM_COUNT] = {
	[DMT_FAM_SINGLE] = "dma_map_single()/dma_map_page(): the device owns the buffer",
	[DMT_FAM_SG] = "dma_map_sg(): the device owns the buffer",
};
const char dmt_step_sync_for_device[] =
	"dma_sync_*_for_device(): the device owns the buffer again";

/* The device gets the whole buffer (map or sync_for_device). */
static void hand_to_device(struct dmt_tracker *t, struct dmt_entry *e, const struct dmt_site *site,
			   const char *what)
{
	e->handover_site = *site;
	e->cpu_lo = e->cpu_hi = 0;
	e->flags &= ~(E_SUMMED | E_POISONED | E_CPU_SINCE_ALLOC);
	if (must_poison(t, e)) {
		dmt_mem_poison(e->paddr, e->size);
		e->flags |= E_POISONED;
	} else if (must_checksum(t, e)) {
		e->checksum = dmt_mem_checksum(e->paddr, e->size);
		e->flags |= E_SUMMED;
	}
	dmt_watch_handed_over(t, e, site, what);
}

/* The CPU takes the buffer back: were its bytes left alone meanwhile? */
static void verify_untouched(struct dmt_tracker *t, struct dmt_entry *e,
			     const struct dmt_site *site, const char *how)
{
	struct dmt_violation v = { 0 };
	int changed = 0;

	if (e->flags & E_POISONED)
		changed = !dmt_mem_poison_intact(e->paddr, e->size);
	else if (e->flags & E_SUMMED)
		changed = dmt_mem_checksum(e->paddr, e->size) != e->checksum;
	e->flags &= ~(E_SUMMED | E_POISONED);
	/* A watchpoint that saw the store has reported it, at the store. */
	if (!changed || dmt_watch_saw_write(t, e))
		return;
	fill_from_entry(&v, e);
	dmt_snprintf(v.message, sizeof(v.message),
		     "the CPU wrote to a %s %s buffer of %lu bytes while the device owned it (found at %s)",
		     dmt_family_name((enum dmt_family)e->family), dmt_dir_name((enum dmt_dir)e->dir),
		     e->size, how);
	dmt_flow_add(&v, &e->handover_site, e->handover_site.ip == e->map_site.ip &&
		     e->handover_site.src == e->map_site.src && dmt_step_map[e->family] ?
		     dmt_step_map[e->family] : dmt_step_sync_for_device);
	dmt_flow_add(&v, site, "the CPU's store found when the buffer is handed back");
	dmt_emit(t, &v, DMT_R_CPU_WRITE_WHILE_DEVICE_OWNED, site, &e->handover_site,
		 "the device was given the buffer here");
}

/* First use of a handle mapped through the wrap header without a check. */
static void check_error_checked(struct dmt_tracker *t, struct dmt_entry *e,
				const struct dmt_site *use)
{
	char msg[160];

	if (!(e->flags & E_ERR_TRACKED) || (e->flags & E_ERR_CHECKED))
		return;
	e->flags |= E_ERR_CHECKED;
	dmt_snprintf(msg, sizeof(msg),
		     "the %s mapping of %lu bytes is used without dma_mapping_error() having been called on it",
		     dmt_family_name((enum dmt_family)e->family), e->size);
	report_entry(t, DMT_R_UNCHECKED_MAPPING_ERROR, e, &e->map_site, use,
		     "first use of the handle", msg);
}

static const char *memory_name(enum dmt_mem mem)
{
	switch (mem) {
	case DMT_MEM_STACK:
		return "the stack";
	case DMT_MEM_VMALLOC:
		return "vmalloc memory";
	case DMT_MEM_KERNEL_IMAGE:
		return "the kernel image (text, rodata, data or bss)";
	case DMT_MEM_MODULE_IMAGE:
		return "a module image";
	default:
		return "valid memory";
	}
}

static void check_memory(struct dmt_tracker *t, const struct dmt_call *c)
{
	struct dmt_violation v = { 0 };

	if (c->mem == DMT_MEM_OK)
		return;
	fill_from_call(&v, c);
	if (c->flags & DMT_CALL_REFUSED)
		dmt_snprintf(v.message, sizeof(v.message),
			     "dma_map_single() of %s (a vmalloc() or vmap() buffer, or the stack, which is vmapped): the kernel refused it with DMA_MAPPING_ERROR and a warning, once per file",
			     memory_name(c->mem));
	else
		dmt_snprintf(v.message, sizeof(v.message), "%lu bytes of %s are mapped for DMA (%s)",
			     c->size, memory_name(c->mem), dmt_dir_name(c->dir));
	v.stack = c->stack;
	v.nr_stack = c->nr_stack;
	dmt_emit(t, &v, DMT_R_INVALID_DMA_MEMORY, &c->site, DMT_NULL, DMT_NULL);
}

static int shares_lines(const struct dmt_tracker *t, const struct dmt_entry *a,
			const struct dmt_entry *b)
{
	unsigned long long mask = ~((unsigned long long)t->cfg.cacheline - 1);
	unsigned long long a_lo = a->paddr & mask, a_hi = (a->paddr + a->size - 1) & mask;
	unsigned long long b_lo = b->paddr & mask, b_hi = (b->paddr + b->size - 1) & mask;

	return a_lo <= b_hi && b_lo <= a_hi;
}

static int device_writes(const struct dmt_entry *e)
{
	return is_streaming(e->family) && has_paddr(e) && e->dir != DMT_TO_DEVICE &&
	       !(e->flags & E_SKIP_SYNC) && e->size;
}

/*
 * Two live mappings the device may write, sharing a cache line: the CPU's
 * cache maintenance for one destroys the other's data on non-coherent
 * systems.  Every line of the new mapping counts, not only its first.
 */
static void check_cachelines(struct dmt_tracker *t, const struct dmt_entry *n)
{
	unsigned long first = page_of(n->paddr), last = page_of(n->paddr + n->size - 1), p;
	struct dmt_entry *e;
	char msg[180];

	if (!device_writes(n))
		return;
	if (last - first > DMT_SCAN_PAGES) {
		t->stats.overlap_scan_capped++;
		last = first + DMT_SCAN_PAGES;
	}
	for (p = first >= t->span ? first - t->span : 0; p <= last; p++) {
		for (e = t->by_paddr[bucket(t, DMT_NULL, p)]; e; e = e->pnext) {
			if (e == n || page_of(e->paddr) != p || !device_writes(e) ||
			    !shares_lines(t, e, n))
				continue;
			dmt_snprintf(msg, sizeof(msg),
				     "%s mapping of %lu bytes shares a %u-byte cache line with a live %s mapping of %lu bytes",
				     dmt_dir_name((enum dmt_dir)n->dir), n->size, t->cfg.cacheline,
				     dmt_dir_name((enum dmt_dir)e->dir), e->size);
			report_entry(t, DMT_R_CACHELINE_SHARING, n, &n->map_site, &e->map_site,
				     "the other mapping was made here", msg);
			return;
		}
	}
}

/* ------------------------------------------------------------ map */

static void setup_entry(struct dmt_tracker *t, struct dmt_entry *e, const struct dmt_call *c,
			unsigned long long addr, unsigned long long paddr, unsigned long size)
{
	e->dev = c->dev;
	e->driver = c->driver;
	e->addr = addr;
	e->paddr = paddr;
	e->size = size;
	e->family = (unsigned char)c->family;
	e->dir = (unsigned char)c->dir;
	e->map_site = c->site;
	if (c->flags & DMT_CALL_WRAPPED)
		e->flags |= E_ERR_TRACKED;
	if (c->flags & DMT_CALL_SKIP_CPU_SYNC)
		e->flags |= E_SKIP_SYNC;
	if (c->flags & DMT_CALL_BOUNCED)
		e->flags |= E_BOUNCED;
	if (!is_streaming(c->family))
		e->cpu = c->cpu;
	forget_gone(t, c->dev, addr);
	link_entry(t, e);
}

/* Who owns a new entry: the device after a map, the CPU after a non-coherent allocation. */
static void begin_ownership(struct dmt_tracker *t, struct dmt_entry *e, const struct dmt_call *c)
{
	if (is_streaming(e->family)) {
		check_cachelines(t, e);
		hand_to_device(t, e, &c->site, dmt_step_map[e->family]);
	} else if (is_noncoherent_alloc(e->family)) {
		e->cpu_lo = 0;
		e->cpu_hi = e->size;
		e->cpu_site = c->site;
		e->flags |= E_CPU_SINCE_ALLOC;
	}
}

void dmt_map(struct dmt_tracker *t, const struct dmt_call *c)
{
	unsigned long flags = dmt_lock_acquire(t->lock);
	struct dmt_entry *e;

	t->stats.ops[DMT_OP_MAP]++;
	check_memory(t, c);
	if (c->addr != DMT_MAPPING_ERROR) {
		e = take_entry(t);
		if (e) {
			setup_entry(t, e, c, c->addr, c->paddr, c->size);
			begin_ownership(t, e, c);
		}
	}
	dmt_lock_release(t->lock, flags);
}

/*
 * A DMA segment the device cannot take as one: longer than its
 * dma_get_max_seg_size() (the CPU entry, as kernel/dma/debug.c checks it)
 * or crossing its dma_get_seg_boundary().  Returns 1 if it reported.
 */
static int check_segment_limits(struct dmt_tracker *t, const struct dmt_call *c,
				const struct dmt_seg *seg, unsigned int index)
{
	unsigned long long last = seg->addr + (seg->size ? seg->size - 1 : 0);
	struct dmt_violation v = { 0 };

	fill_from_call(&v, c);
	if (c->max_seg && seg->cpu_len > c->max_seg) {
		dmt_snprintf(v.message, sizeof(v.message),
			     "scatterlist entry %u is %lu bytes, longer than the device's maximum segment of %u bytes (dma_get_max_seg_size)",
			     index, seg->cpu_len, c->max_seg);
	} else if (c->seg_boundary && ((seg->addr ^ last) & ~c->seg_boundary)) {
		dmt_snprintf(v.message, sizeof(v.message),
			     "DMA segment %u (0x%llx..0x%llx) crosses the device's segment boundary (mask 0x%llx, dma_get_seg_boundary)",
			     index, seg->addr, last, c->seg_boundary);
	} else {
		return 0;
	}
	dmt_emit(t, &v, DMT_R_SG_SEGMENT_LIMITS, &c->site, DMT_NULL, DMT_NULL);
	return 1;
}

/* dma_map_sg(), dma_map_sgtable(), and dma_alloc_noncontiguous() (call->family says which). */
void dmt_map_sg(struct dmt_tracker *t, const struct dmt_call *c, struct dmt_seg_iter *segs)
{
	unsigned long flags = dmt_lock_acquire(t->lock);
	struct dmt_entry *first = DMT_NULL, *prev = DMT_NULL, *e;
	struct dmt_seg seg;
	unsigned int index = 0;
	int limits_reported = 0;

	t->stats.ops[c->family == DMT_FAM_SG ? DMT_OP_MAP : DMT_OP_ALLOC]++;
	check_memory(t, c);
	while (segs->next(segs->ctx, &seg)) {
		/* One report per call: the list was built the same way throughout. */
		if (!limits_reported)
			limits_reported = check_segment_limits(t, c, &seg, index);
		index++;
		e = take_entry(t);
		if (!e)
			continue;
		setup_entry(t, e, c, seg.addr, seg.paddr, seg.size);
		if (!first) {
			first = e;
			e->flags |= E_SG_FIRST;
			e->nents = c->nents;
		} else {
			prev->group = e;
		}
		prev = e;
		begin_ownership(t, e, c);
	}
	dmt_lock_release(t->lock, flags);
}

/* ------------------------------------------------------------ unmap and free */

static void report_untracked(struct dmt_tracker *t, const struct dmt_call *c, const char *verb)
{
	const struct dmt_gone *g = find_gone(t, c->dev, c->addr, 0);
	struct dmt_violation v = { 0 };

	if (c->addr == DMT_MAPPING_ERROR) {
		fill_from_call(&v, c);
		dmt_snprintf(v.message, sizeof(v.message),
			     "%s of DMA_MAPPING_ERROR: the handle of a failed mapping", verb);
		dmt_emit(t, &v, DMT_R_DOUBLE_UNMAP, &c->site, DMT_NULL, DMT_NULL);
		return;
	}
	if (!g) {
		/* Mapped before the tracker saw it: not ours to judge. */
		t->stats.untracked++;
		return;
	}
	fill_from_call(&v, c);
	v.size = g->size;
	v.dir = (enum dmt_dir)g->dir;
	v.family = (enum dmt_family)g->family;
	v.map_site = g->map_site;
	dmt_snprintf(v.message, sizeof(v.message), "%s of a %s handle (%lu bytes) that is no longer mapped",
		     verb, dmt_family_name((enum dmt_family)g->family), g->size);
	dmt_emit(t, &v, DMT_R_DOUBLE_UNMAP, &c->site, &g->unmap_site, "first unmapped or freed here");
}

/*
 * A free given another CPU address (or page, or sg_table) than the
 * allocation returned: kernel/dma/debug.c's "frees DMA memory with
 * different CPU address".  The handle matched, so the free itself goes
 * ahead on memory the driver does not mean.
 */
static void check_cpu_address(struct dmt_tracker *t, struct dmt_entry *e, const struct dmt_call *c,
			      const char *verb)
{
	char msg[200];

	if (is_streaming(e->family) || !e->cpu || !c->cpu || e->cpu == c->cpu)
		return;
	dmt_snprintf(msg, sizeof(msg),
		     "%s of a %s allocation of %lu bytes with a different CPU address than the allocation returned (freed with different CPU address)",
		     verb, dmt_family_name((enum dmt_family)e->family), e->size);
	report_entry(t, DMT_R_API_MISMATCH, e, &c->site, &e->map_site, "allocated here", msg);
}

/* size, direction, family and CPU address of an unmap or free against its entry. */
static void check_release_args(struct dmt_tracker *t, struct dmt_entry *e, const struct dmt_call *c,
			       const char *verb)
{
	char msg[180];

	if (e->family != c->family) {
		/* Size and direction mean something else in another family's call. */
		dmt_snprintf(msg, sizeof(msg), "%s mapping of %lu bytes is released with the %s API (%s)",
			     dmt_family_name((enum dmt_family)e->family), e->size,
			     dmt_family_name(c->family), verb);
		report_entry(t, DMT_R_API_MISMATCH, e, &c->site, &e->map_site, "mapped here", msg);
		return;
	}
	/* A list's size is its segments'; a non-contiguous one's DMA segment is page-rounded. */
	if (e->size != c->size && e->family != DMT_FAM_SG && e->family != DMT_FAM_NONCONTIG) {
		dmt_snprintf(msg, sizeof(msg), "%s of %lu bytes, but %lu bytes were mapped", verb,
			     c->size, e->size);
		report_entry(t, DMT_R_SIZE_MISMATCH, e, &c->site, &e->map_site, "mapped here", msg);
	}
	if (is_synced(e->family) && e->dir != c->dir) {
		dmt_snprintf(msg, sizeof(msg), "%s with %s, but the buffer was mapped %s", verb,
			     dmt_dir_name(c->dir), dmt_dir_name((enum dmt_dir)e->dir));
		report_entry(t, DMT_R_DIRECTION_MISMATCH, e, &c->site, &e->map_site, "mapped here",
			     msg);
	}
	check_cpu_address(t, e, c, verb);
}

/* Unmapped or freed: the entry, and the other segments when it heads a scatterlist, go. */
static void retire(struct dmt_tracker *t, struct dmt_entry *e, const struct dmt_site *site)
{
	struct dmt_entry *seg = (e->flags & E_SG_FIRST) ? e->group : DMT_NULL, *next;

	for (; seg; seg = next) {
		next = seg->group;
		release_entry(t, seg, site);
	}
	remember_gone(t, e, site);
	release_entry(t, e, site);
}

/* A segment inside a scatterlist stays with its list, which is unmapped as a whole. */
static int heads_its_mapping(const struct dmt_entry *e)
{
	return e->family != DMT_FAM_SG || (e->flags & E_SG_FIRST);
}

void dmt_unmap(struct dmt_tracker *t, const struct dmt_call *c)
{
	unsigned long flags = dmt_lock_acquire(t->lock);
	struct dmt_entry *e;

	t->stats.ops[DMT_OP_UNMAP]++;
	e = find_exact(t, c);
	if (!e) {
		report_untracked(t, c, "unmap");
	} else if (!heads_its_mapping(e)) {
		/* A segment of a scatterlist unmapped as a single mapping. */
		check_release_args(t, e, c, "unmap");
	} else {
		check_error_checked(t, e, &c->site);
		if (e->cpu_lo == e->cpu_hi)
			verify_untouched(t, e, &c->site, "unmap");
		check_release_args(t, e, c, "unmap");
		retire(t, e, &c->site);
	}
	dmt_lock_release(t->lock, flags);
}

void dmt_unmap_sg(struct dmt_tracker *t, const struct dmt_call *c)
{
	unsigned long flags = dmt_lock_acquire(t->lock);
	struct dmt_entry *e, *seg;
	char msg[160];

	t->stats.ops[DMT_OP_UNMAP]++;
	e = find_exact(t, c);
	if (!e) {
		report_untracked(t, c, "dma_unmap_sg");
		goto out;
	}
	if (e->family != DMT_FAM_SG || !(e->flags & E_SG_FIRST)) {
		check_release_args(t, e, c, "dma_unmap_sg");
		if (heads_its_mapping(e))
			retire(t, e, &c->site);
		goto out;
	}
	if (e->nents != c->nents) {
		dmt_snprintf(msg, sizeof(msg),
			     "dma_unmap_sg with nents %u, but dma_map_sg was given %u (pass the nents given to dma_map_sg, not its return value)",
			     c->nents, e->nents);
		report_entry(t, DMT_R_SG_NENTS_MISUSE, e, &c->site, &e->map_site, "mapped here", msg);
	}
	if (e->dir != c->dir) {
		dmt_snprintf(msg, sizeof(msg), "dma_unmap_sg with %s, but the list was mapped %s",
			     dmt_dir_name(c->dir), dmt_dir_name((enum dmt_dir)e->dir));
		report_entry(t, DMT_R_DIRECTION_MISMATCH, e, &c->site, &e->map_site, "mapped here",
			     msg);
	}
	for (seg = e; seg; seg = seg->group)
		if (seg->cpu_lo == seg->cpu_hi)
			verify_untouched(t, seg, &c->site, "dma_unmap_sg");
	retire(t, e, &c->site);
out:
	dmt_lock_release(t->lock, flags);
}

void dmt_alloc(struct dmt_tracker *t, const struct dmt_call *c)
{
	unsigned long flags = dmt_lock_acquire(t->lock);
	struct dmt_entry *e;

	t->stats.ops[DMT_OP_ALLOC]++;
	if (c->addr != DMT_MAPPING_ERROR) {
		e = take_entry(t);
		if (e) {
			setup_entry(t, e, c, c->addr, c->paddr, c->size);
			begin_ownership(t, e, c);
		}
	}
	dmt_lock_release(t->lock, flags);
}

void dmt_free(struct dmt_tracker *t, const struct dmt_call *c)
{
	unsigned long flags = dmt_lock_acquire(t->lock);
	struct dmt_entry *e;

	t->stats.ops[DMT_OP_FREE]++;
	e = find_exact(t, c);
	if (!e) {
		report_untracked(t, c, "free");
	} else {
		check_release_args(t, e, c, "free");
		if (heads_its_mapping(e))
			retire(t, e, &c->site);
	}
	dmt_lock_release(t->lock, flags);
}

void dmt_sync_not_needed(struct dmt_tracker *t, const struct dmt_call *c)
{
	unsigned long flags = dmt_lock_acquire(t->lock);
	struct dmt_entry *e = find_containing(t, c->dev, c->addr);

	if (e && !(e->flags & E_SYNC_OPTIONAL)) {
		e->flags |= E_SYNC_OPTIONAL;
		dmt_watch_drop(t, e);
	}
	dmt_lock_release(t->lock, flags);
}

void dmt_mapping_error(struct dmt_tracker *t, const struct dmt_call *c)
{
	unsigned long flags = dmt_lock_acquire(t->lock);
	struct dmt_entry *e;

	t->stats.ops[DMT_OP_MAPPING_ERROR]++;
	e = find_exact(t, c);
	if (e)
		e->flags |= E_ERR_CHECKED;
	dmt_lock_release(t->lock, flags);
}

/* ------------------------------------------------------------ sync */

static void report_sync_untracked(struct dmt_tracker *t, const struct dmt_call *c)
{
	const struct dmt_gone *g = find_gone(t, c->dev, c->addr, 1);
	struct dmt_violation v = { 0 };

	if (!g) {
		t->stats.untracked++;
		return;
	}
	fill_from_call(&v, c);
	v.addr = g->addr;
	v.size = g->size;
	v.dir = (enum dmt_dir)g->dir;
	v.family = (enum dmt_family)g->family;
	v.map_site = g->map_site;
	dmt_snprintf(v.message, sizeof(v.message), "sync of %lu bytes of a %s mapping that is already unmapped",
		     c->size, dmt_family_name((enum dmt_family)g->family));
	dmt_emit(t, &v, DMT_R_SYNC_AFTER_UNMAP, &c->site, &g->unmap_site, "unmapped here");
}

static void check_sync_args(struct dmt_tracker *t, struct dmt_entry *e, const struct dmt_call *c,
			    const char *verb)
{
	unsigned long long off = c->addr - e->addr;
	char msg[180];

	if (off + c->size > e->size) {
		dmt_snprintf(msg, sizeof(msg), "%s of %lu bytes at offset %llu runs past the %lu-byte mapping",
			     verb, c->size, off, e->size);
		report_entry(t, DMT_R_SIZE_MISMATCH, e, &c->site, &e->map_site, "mapped here", msg);
	}
	/* A BIDIRECTIONAL mapping may be synced in either direction. */
	if (e->dir != DMT_BIDIRECTIONAL && e->dir != c->dir) {
		dmt_snprintf(msg, sizeof(msg), "%s with %s, but the buffer was mapped %s", verb,
			     dmt_dir_name(c->dir), dmt_dir_name((enum dmt_dir)e->dir));
		report_entry(t, DMT_R_DIRECTION_MISMATCH, e, &c->site, &e->map_site, "mapped here",
			     msg);
	}
}

static void sync_for_cpu(struct dmt_tracker *t, struct dmt_entry *e, const struct dmt_call *c,
			 unsigned long lo, unsigned long hi)
{
	char msg[180];

	if ((e->flags & E_CPU_SINCE_ALLOC) && lo < e->cpu_hi && e->cpu_lo < hi) {
		dmt_snprintf(msg, sizeof(msg),
			     "dma_sync_*_for_cpu of bytes %lu..%lu of %s memory no dma_sync_*_for_device() has given to the device since its allocation",
			     lo, hi, dmt_family_name((enum dmt_family)e->family));
		report_entry(t, DMT_R_MISSING_SYNC_FOR_DEVICE, e, &c->site, &e->cpu_site,
			     "allocated here, owned by the CPU", msg);
	} else if (e->cpu_lo < e->cpu_hi && lo < e->cpu_hi && e->cpu_lo < hi) {
		dmt_snprintf(msg, sizeof(msg),
			     "second dma_sync_*_for_cpu of bytes %lu..%lu without a dma_sync_*_for_device in between",
			     lo, hi);
		report_entry(t, DMT_R_MISSING_SYNC_FOR_DEVICE, e, &c->site, &e->cpu_site,
			     "first synced for the CPU here", msg);
	}
	if (e->cpu_lo == e->cpu_hi)
		verify_untouched(t, e, &c->site, "sync_for_cpu");
	if (e->cpu_lo == e->cpu_hi) {
		e->cpu_lo = lo;
		e->cpu_hi = hi;
	} else {
		e->cpu_lo = lo < e->cpu_lo ? lo : e->cpu_lo;
		e->cpu_hi = hi > e->cpu_hi ? hi : e->cpu_hi;
	}
	e->cpu_site = c->site;
	e->flags &= ~E_CPU_SINCE_ALLOC;
	dmt_watch_owner_changed(t, e, &c->site);
}

static void sync_for_device(struct dmt_tracker *t, struct dmt_entry *e, const struct dmt_call *c,
			    unsigned long lo, unsigned long hi)
{
	if (e->cpu_lo == e->cpu_hi) {
		/* Still the device's: CPU writes since the hand-over went unseen by it. */
		verify_untouched(t, e, &c->site, "sync_for_device");
		hand_to_device(t, e, &c->site, dmt_step_sync_for_device);
		return;
	}
	/* Give back what was synced; a hole in the middle gives back everything. */
	if (lo <= e->cpu_lo && hi >= e->cpu_hi)
		e->cpu_lo = e->cpu_hi = 0;
	else if (lo <= e->cpu_lo && hi > e->cpu_lo)
		e->cpu_lo = hi;
	else if (hi >= e->cpu_hi && lo < e->cpu_hi)
		e->cpu_hi = lo;
	else if (lo > e->cpu_lo && hi < e->cpu_hi)
		e->cpu_lo = e->cpu_hi = 0;
	if (e->cpu_lo == e->cpu_hi)
		hand_to_device(t, e, &c->site, dmt_step_sync_for_device);
	else
		dmt_watch_owner_changed(t, e, &c->site);
}

static void sync_one(struct dmt_tracker *t, const struct dmt_call *c, int for_device,
		     const char *verb)
{
	struct dmt_entry *e = find_containing(t, c->dev, c->addr);
	unsigned long lo, hi;
	char msg[160];

	if (!e) {
		report_sync_untracked(t, c);
		return;
	}
	check_error_checked(t, e, &c->site);
	check_sync_args(t, e, c, verb);
	if (!is_synced(e->family) || c->family == DMT_FAM_COHERENT) {
		dmt_snprintf(msg, sizeof(msg), "%s on a %s allocation: only streaming mappings and non-coherent allocations are synced",
			     verb, dmt_family_name((enum dmt_family)e->family));
		report_entry(t, DMT_R_API_MISMATCH, e, &c->site, &e->map_site, "allocated here", msg);
		return;
	}
	lo = (unsigned long)(c->addr - e->addr);
	hi = lo + c->size > e->size ? e->size : lo + c->size;
	if (for_device)
		sync_for_device(t, e, c, lo, hi);
	else
		sync_for_cpu(t, e, c, lo, hi);
}

void dmt_sync(struct dmt_tracker *t, const struct dmt_call *c, int for_device)
{
	unsigned long flags = dmt_lock_acquire(t->lock);

	t->stats.ops[for_device ? DMT_OP_SYNC_FOR_DEVICE : DMT_OP_SYNC_FOR_CPU]++;
	sync_one(t, c, for_device, for_device ? "sync_for_device" : "sync_for_cpu");
	dmt_lock_release(t->lock, flags);
}

void dmt_sync_sg(struct dmt_tracker *t, const struct dmt_call *c, struct dmt_seg_iter *segs,
		 int for_device)
{
	unsigned long flags = dmt_lock_acquire(t->lock);
	const char *verb = for_device ? "dma_sync_sg_for_device" : "dma_sync_sg_for_cpu";
	struct dmt_call one = *c;
	struct dmt_entry *first;
	struct dmt_seg seg;
	int index = 0;
	char msg[160];

	t->stats.ops[for_device ? DMT_OP_SYNC_FOR_DEVICE : DMT_OP_SYNC_FOR_CPU]++;
	while (segs->next(segs->ctx, &seg)) {
		one.addr = seg.addr;
		one.size = seg.size;
		if (index++ == 0) {
			first = find_exact(t, &one);
			if (first && (first->flags & E_SG_FIRST) && first->nents != c->nents) {
				dmt_snprintf(msg, sizeof(msg),
					     "%s with nents %u, but dma_map_sg was given %u", verb,
					     c->nents, first->nents);
				report_entry(t, DMT_R_SG_NENTS_MISUSE, first, &c->site,
					     &first->map_site, "mapped here", msg);
			}
			if (!first) {
				report_sync_untracked(t, &one);
				break;
			}
		}
		sync_one(t, &one, for_device, verb);
	}
	dmt_lock_release(t->lock, flags);
}

/* ------------------------------------------------------------ leaks, listings */

void dmt_info_of(const struct dmt_entry *e, struct dmt_entry_info *info)
{
	info->dev = e->dev;
	info->driver = e->driver;
	info->addr = e->addr;
	info->paddr = e->paddr;
	info->size = e->size;
	info->dir = (enum dmt_dir)e->dir;
	info->family = (enum dmt_family)e->family;
	info->device_owned = e->cpu_lo == e->cpu_hi;
	info->nents = e->nents;
	info->map_site = e->map_site;
}

static void report_leak(struct dmt_tracker *t, struct dmt_entry *e, const char *when)
{
	int coherent = !is_streaming(e->family);
	char msg[180];

	if (e->family == DMT_FAM_SG && !(e->flags & E_SG_FIRST))
		return;	/* reported with its first segment */
	dmt_snprintf(msg, sizeof(msg), "%s %s of %lu bytes (%s) is still %s at %s",
		     dmt_family_name((enum dmt_family)e->family), coherent ? "allocation" : "mapping",
		     e->size, dmt_dir_name((enum dmt_dir)e->dir), coherent ? "allocated" : "mapped", when);
	report_entry(t, coherent ? DMT_R_COHERENT_LEAK : DMT_R_MAPPING_LEAK, e, &e->map_site,
		     &e->map_site, coherent ? "allocated here" : "mapped here", msg);
	if ((e->flags & E_ERR_TRACKED) && !(e->flags & E_ERR_CHECKED)) {
		e->flags |= E_ERR_CHECKED;
		dmt_snprintf(msg, sizeof(msg),
			     "the %s mapping of %lu bytes was never checked with dma_mapping_error()",
			     dmt_family_name((enum dmt_family)e->family), e->size);
		report_entry(t, DMT_R_UNCHECKED_MAPPING_ERROR, e, &e->map_site, DMT_NULL, DMT_NULL,
			     msg);
	}
}

/*
 * A leaked dma_pool block keeps its pool's coherent page allocated (the
 * pool's destroy leaves busy pages alone): the block is the leak to report,
 * not the page, whose allocation site is inside mm/dmapool.c.
 */
static void mark_pool_pages(struct dmt_tracker *t, const struct dmt_entry *block)
{
	unsigned long page = page_of(block->addr), k;
	struct dmt_entry *e;

	for (k = 0; k < t->span && k <= page; k++)
		for (e = t->by_addr[bucket(t, block->dev, page - k)]; e; e = e->next)
			if (e->dev == block->dev && e->family == DMT_FAM_COHERENT &&
			    e->addr <= block->addr && block->addr - e->addr < e->size)
				e->flags |= E_HOLDS_LEAK;
}

unsigned long dmt_release(struct dmt_tracker *t,
			  int (*match)(const struct dmt_entry_info *e, void *ctx), void *ctx,
			  const char *when)
{
	unsigned long flags = dmt_lock_acquire(t->lock), b, count = 0;
	struct dmt_entry *e, *next;
	struct dmt_entry_info info;

	for (b = 0; b < t->nbuckets; b++) {
		for (e = t->by_addr[b]; e; e = e->next) {
			dmt_info_of(e, &info);
			if (e->family == DMT_FAM_POOL && match(&info, ctx))
				mark_pool_pages(t, e);
		}
	}
	for (b = 0; b < t->nbuckets; b++) {
		for (e = t->by_addr[b]; e; e = next) {
			next = e->next;
			dmt_info_of(e, &info);
			if (!match(&info, ctx))
				continue;
			if (!(e->flags & E_HOLDS_LEAK) &&
			    !(e->family == DMT_FAM_SG && !(e->flags & E_SG_FIRST))) {
				count++;
				report_leak(t, e, when);
			}
			release_entry(t, e, DMT_NULL);
		}
	}
	dmt_lock_release(t->lock, flags);
	return count;
}

void dmt_forget_site(struct dmt_site *s, int (*gone)(const void *p, void *ctx), void *ctx)
{
	if (s->src && gone(s->src, ctx))
		s->src = DMT_NULL;
}

#define forget_site dmt_forget_site

void dmt_forget_sources(struct dmt_tracker *t, int (*gone)(const void *p, void *ctx), void *ctx)
{
	unsigned long flags = dmt_lock_acquire(t->lock), i;

	for (i = 0; i < t->cfg.max_entries; i++) {
		if (t->entries[i].driver && gone(t->entries[i].driver, ctx))
			t->entries[i].driver = DMT_NULL;
		forget_site(&t->entries[i].map_site, gone, ctx);
		forget_site(&t->entries[i].handover_site, gone, ctx);
		forget_site(&t->entries[i].cpu_site, gone, ctx);
	}
	dmt_history_forget_sources(&t->history, gone, ctx);
	dmt_watch_forget_sources(t, gone, ctx);
	dmt_lock_release(t->lock, flags);
}

void dmt_get_stats(struct dmt_tracker *t, struct dmt_stats *out)
{
	unsigned long flags = dmt_lock_acquire(t->lock);

	*out = t->stats;
	dmt_lock_release(t->lock, flags);
}

unsigned long dmt_snapshot(struct dmt_tracker *t, struct dmt_entry_info *out, unsigned long max,
			   unsigned long skip)
{
	unsigned long flags = dmt_lock_acquire(t->lock), b, n = 0, seen = 0;
	struct dmt_entry *e;

	for (b = 0; b < t->nbuckets && n < max; b++)
		for (e = t->by_addr[b]; e && n < max; e = e->next)
			if (seen++ >= skip)
				dmt_info_of(e, &out[n++]);
	dmt_lock_release(t->lock, flags);
	return n;
}
