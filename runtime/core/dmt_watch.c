// SPDX-License-Identifier: GPL-2.0
/*
 * Watching device-owned buffers: which bytes of which buffer each of the
 * caller's hardware watchpoints covers, who owns those bytes as the state
 * machine moves them, and the reports of the CPU accesses the watchpoints
 * see.
 *
 * There are only a few slots (x86 has four debug registers), so buffers
 * are sampled, as KFENCE samples allocations, but by how likely the CPU is
 * to touch them next: the buffers wholly the device's wait in one queue
 * per device and direction, in the order they were handed over, and a
 * free slot takes the oldest of the queue fewest slots watch.  A driver
 * hands a ring's buffers over in the order the device fills them, and
 * reads them back in that order, so the oldest hand-over is the next
 * read; one busy device cannot take every slot from another.  A slot
 * keeps its buffer through every hand-back and hand-over until it is
 * unmapped or the caller moves the slot to a better pick
 * (dmt_watch_better()): a buffer handed over again went to the back of
 * the ring.  A hit is reported when the buffer is handed back, so that
 * the report carries the hand-over's whole history: the map or
 * sync_for_device that gave the device the buffer, the access, and the
 * sync_for_cpu or unmap that came after it.
 *
 * Everything here runs with the core's lock held.
 */
#include "dmt_internal.h"

static const char step_taken[] = "dma_sync_*_for_cpu(): the CPU owns the buffer";
static const char step_handback_sync[] =
	"dma_sync_*_for_cpu(): handed back to the CPU, after the access";

enum { HIT_READ, HIT_WRITE };

static struct dmt_watch_slot *slot_of(struct dmt_tracker *t, const struct dmt_entry *e)
{
	return e->watch ? &t->watch[e->watch - 1] : DMT_NULL;
}

static unsigned int slot_index(struct dmt_tracker *t, const struct dmt_watch_slot *s)
{
	return (unsigned int)(s - t->watch);
}

/* The bytes to watch: the first aligned word that lies wholly inside the buffer. */
static int watch_word(const struct dmt_entry *e, unsigned long long *paddr, unsigned int *len)
{
	unsigned long long end = e->paddr + e->size, a;
	unsigned int l;

	for (l = 8; l; l >>= 1) {
		a = (e->paddr + l - 1) & ~(unsigned long long)(l - 1);
		if (a + l <= end) {
			*paddr = a;
			*len = l;
			return 1;
		}
	}
	return 0;
}

/*
 * Worth one of the few slots: a buffer the device writes (any CPU access
 * to it is a violation), whose owner the driver follows with syncs.
 */
static int watchable(const struct dmt_tracker *t, const struct dmt_entry *e)
{
	unsigned long long paddr;
	unsigned int len;

	return t->cfg.watch_slots && (e->family == DMT_FAM_SINGLE || e->family == DMT_FAM_SG) &&
	       dmt_has_paddr(e) && (e->dir == DMT_FROM_DEVICE || e->dir == DMT_BIDIRECTIONAL) &&
	       !(e->flags & (E_SKIP_SYNC | E_SYNC_OPTIONAL)) && watch_word(e, &paddr, &len);
}

/* Who owns the watched bytes: the CPU as soon as a sync gave it any of them. */
static enum dmt_watch_state owner_of_watched(const struct dmt_entry *e, const struct dmt_watch *w)
{
	unsigned long off = (unsigned long)(w->paddr - e->paddr);

	if (e->cpu_lo < e->cpu_hi && off < e->cpu_hi && e->cpu_lo < off + w->len)
		return DMT_WATCH_CPU;
	return DMT_WATCH_DEVICE;
}

static void tell(struct dmt_tracker *t, struct dmt_watch_slot *s)
{
	if (t->cfg.watch_changed)
		t->cfg.watch_changed(t->cfg.report_ctx, slot_index(t, s), &s->w);
}

static void want(struct dmt_tracker *t)
{
	if (t->cfg.watch_wanted)
		t->cfg.watch_wanted(t->cfg.report_ctx);
}

/* ------------------------------------------------------------ the queues */

static unsigned int queue_index(struct dmt_tracker *t, const struct dmt_watch_queue *q)
{
	return (unsigned int)(q - t->queues);
}

/* The queue of (dev, dir), taking an unused one if there is none; NULL when all are in use. */
static struct dmt_watch_queue *queue_for(struct dmt_tracker *t, const void *dev,
					 unsigned char dir)
{
	struct dmt_watch_queue *unused = DMT_NULL;
	unsigned int i;

	for (i = 0; i < DMT_WATCH_QUEUES; i++) {
		struct dmt_watch_queue *q = &t->queues[i];

		if (q->dev == dev && q->dir == dir)
			return q;
		if (!q->dev && !unused)
			unused = q;
	}
	if (unused) {
		unused->dev = dev;
		unused->dir = dir;
	}
	return unused;
}

/* An empty queue no slot counts on is free for another device. */
static void maybe_free_queue(struct dmt_watch_queue *q)
{
	if (!q->len && !q->watched)
		*q = (struct dmt_watch_queue){ 0 };
}

static void dequeue(struct dmt_tracker *t, struct dmt_entry *e)
{
	struct dmt_watch_queue *q;

	if (!e->queue)
		return;
	q = &t->queues[e->queue - 1];
	if (e->qprev)
		e->qprev->qnext = e->qnext;
	else
		q->head = e->qnext;
	if (e->qnext)
		e->qnext->qprev = e->qprev;
	else
		q->tail = e->qprev;
	e->qprev = e->qnext = DMT_NULL;
	e->queue = 0;
	q->len--;
	maybe_free_queue(q);
}

/* The device was just given the whole buffer: it goes to the back of its queue. */
static void enqueue(struct dmt_tracker *t, struct dmt_entry *e)
{
	struct dmt_watch_queue *q;

	dequeue(t, e);
	q = queue_for(t, e->dev, e->dir);
	if (!q) {
		t->stats.watch_unqueued++;
		return;
	}
	e->handover_seq = ++t->handover_seq;
	e->qprev = q->tail;
	e->qnext = DMT_NULL;
	if (q->tail)
		q->tail->qnext = e;
	else
		q->head = e;
	q->tail = e;
	q->len++;
	e->queue = (unsigned char)(queue_index(t, q) + 1);
}

/* The oldest buffer of the queue that no slot watches yet (at most a slot per slot to skip). */
static struct dmt_entry *first_waiting(const struct dmt_watch_queue *q)
{
	struct dmt_entry *e;

	for (e = q->head; e && e->watch; e = e->qnext)
		;
	return e;
}

/* How good a pick is: fewer slots on its queue first, then the older hand-over. */
struct pick_rank {
	unsigned int watched;
	unsigned long long seq;
};

static int ranks_before(const struct pick_rank *a, const struct pick_rank *b)
{
	return a->watched < b->watched || (a->watched == b->watched && a->seq < b->seq);
}

/*
 * The buffer a slot should take, with its rank; `leaving`, the queue the
 * slot watches now, is counted without it.  NULL when nothing waits.
 */
static struct dmt_entry *best_waiting(struct dmt_tracker *t, const struct dmt_watch_queue *leaving,
				      struct pick_rank *rank)
{
	struct dmt_entry *best = DMT_NULL;
	unsigned int i;

	for (i = 0; i < DMT_WATCH_QUEUES; i++) {
		const struct dmt_watch_queue *q = &t->queues[i];
		struct dmt_entry *e = q->len ? first_waiting(q) : DMT_NULL;
		struct pick_rank r;

		if (!e)
			continue;
		r.watched = q->watched - (q == leaving);
		r.seq = e->handover_seq;
		if (!best || ranks_before(&r, rank)) {
			best = e;
			*rank = r;
		}
	}
	return best;
}

static int has_free_slot(const struct dmt_tracker *t)
{
	unsigned int i;

	for (i = 0; i < t->cfg.watch_slots; i++)
		if (!t->watch[i].e)
			return 1;
	return 0;
}

static int same_site(const struct dmt_site *a, const struct dmt_site *b)
{
	return a->ip == b->ip && a->src == b->src;
}

/* ------------------------------------------------------------ reports */

/*
 * The frame to report: the innermost one in the driver, or, once the
 * buffer was handed back, the frame in the function that handed it back,
 * where the hand-back should have come before the access (a helper that
 * reads the buffer for its caller is not where the order is wrong).
 */
static unsigned int access_frame(struct dmt_tracker *t, const struct dmt_watch_period *p,
				 const struct dmt_watch_hit *h)
{
	unsigned int i;

	if (p->handed_back && p->handback.site.ip && t->cfg.same_function)
		for (i = h->driver_frame; i < h->nr_stack; i++)
			if (t->cfg.same_function(t->cfg.report_ctx, h->stack[i],
						 p->handback.site.ip))
				return i;
	return h->driver_frame;
}

static void emit_hit(struct dmt_tracker *t, struct dmt_watch_slot *s,
		     const struct dmt_watch_period *p, const struct dmt_watch_hit *h)
{
	struct dmt_violation v = { 0 };
	struct dmt_site site = { .ip = h->stack[access_frame(t, p, h)] };

	dmt_fill_from_info(&v, &s->buf);
	dmt_snprintf(v.message, sizeof(v.message),
		     "the CPU %s a %s %s buffer of %lu bytes while the device owned it (%s, watched bytes %lu..%lu)",
		     h->write ? "wrote" : "read", dmt_family_name(v.family), dmt_dir_name(v.dir),
		     s->buf.size, h->how, (unsigned long)(s->w.paddr - s->buf.paddr),
		     (unsigned long)(s->w.paddr - s->buf.paddr) + s->w.len - 1);
	if (!same_site(&p->handover.site, &s->buf.map_site))
		dmt_flow_add(&v, &s->buf.map_site, dmt_step_map[s->buf.family]);
	if (p->has_taken)
		dmt_flow_add(&v, &p->taken.site, p->taken.what);
	dmt_flow_add(&v, &p->handover.site, p->handover.what);
	dmt_flow_add(&v, &site, h->write ? "the CPU writes the buffer while the device owns it" :
			 "the CPU reads the buffer while the device owns it");
	if (p->handed_back)
		dmt_flow_add(&v, &p->handback.site, p->handback.what);
	v.stack = h->stack;
	v.nr_stack = h->nr_stack;
	dmt_emit(t, &v, h->write ? DMT_R_CPU_WRITE_WHILE_DEVICE_OWNED :
		 DMT_R_CPU_READ_WHILE_DEVICE_OWNED, &site, &p->handover.site,
		 "the device was given the buffer here");
}

static void emit_pending(struct dmt_tracker *t, struct dmt_watch_slot *s)
{
	int k;

	for (k = HIT_READ; k <= HIT_WRITE; k++) {
		if (s->pending[k])
			emit_hit(t, s, &s->cur, &s->hit[k]);
		s->pending[k] = 0;
	}
}

/* ------------------------------------------------------------ hand-overs */

static void begin_period(struct dmt_tracker *t, struct dmt_watch_slot *s,
			 const struct dmt_site *site, const char *what)
{
	s->prev = s->cur;
	s->cur = (struct dmt_watch_period){ .handover = { *site, what } };
	if (s->prev.handed_back) {
		s->cur.taken = (struct dmt_step){ s->prev.handback.site, step_taken };
		s->cur.has_taken = 1;
	}
	s->w.handovers++;
	s->w.state = DMT_WATCH_DEVICE;
	tell(t, s);
}

/* The watched bytes go back to the CPU at site: what waited is reported. */
static void end_period(struct dmt_tracker *t, struct dmt_watch_slot *s,
		       const struct dmt_site *site, const char *what)
{
	s->cur.handback = (struct dmt_step){ *site, what };
	s->cur.handed_back = 1;
	emit_pending(t, s);
}

void dmt_watch_handed_over(struct dmt_tracker *t, struct dmt_entry *e, const struct dmt_site *site,
			   const char *what)
{
	struct dmt_watch_slot *s = slot_of(t, e);

	if (watchable(t, e))
		enqueue(t, e);
	if (!s) {
		if (e->queue && has_free_slot(t))
			want(t);
		return;
	}
	/* A sync_for_device of bytes the device owned already begins nothing. */
	if (s->w.state != DMT_WATCH_DEVICE)
		begin_period(t, s, site, what);
}

void dmt_watch_owner_changed(struct dmt_tracker *t, struct dmt_entry *e,
			     const struct dmt_site *site)
{
	struct dmt_watch_slot *s = slot_of(t, e);
	enum dmt_watch_state now;

	if (e->cpu_lo < e->cpu_hi)
		dequeue(t, e);		/* no longer wholly the device's */
	if (!s)
		return;
	now = owner_of_watched(e, &s->w);
	if (now == s->w.state)
		return;
	if (now == DMT_WATCH_DEVICE) {
		begin_period(t, s, site, dmt_step_sync_for_device);
		return;
	}
	end_period(t, s, site, step_handback_sync);
	s->w.state = DMT_WATCH_CPU;
	tell(t, s);
}

static void unbind(struct dmt_tracker *t, struct dmt_watch_slot *s)
{
	struct dmt_watch_queue *q = &t->queues[s->queue];

	if (s->e) {
		s->e->watch = 0;
		q->watched--;
		maybe_free_queue(q);
	}
	s->e = DMT_NULL;
	s->w.state = DMT_WATCH_FREE;
	tell(t, s);
	want(t);
}

void dmt_watch_entry_gone(struct dmt_tracker *t, struct dmt_entry *e, const struct dmt_site *site,
			  const char *what)
{
	struct dmt_watch_slot *s = slot_of(t, e);

	dequeue(t, e);
	if (!s)
		return;
	if (site && s->w.state == DMT_WATCH_DEVICE) {
		end_period(t, s, site, what);
	} else if (!site) {
		/* Released by a leak check: never handed back, and the device may go away. */
		emit_pending(t, s);
		s->buf.dev = DMT_NULL;
		s->buf.driver = DMT_NULL;
	}
	unbind(t, s);
}

void dmt_watch_drop(struct dmt_tracker *t, struct dmt_entry *e)
{
	struct dmt_watch_slot *s = slot_of(t, e);

	dequeue(t, e);
	if (!s)
		return;
	s->pending[HIT_READ] = s->pending[HIT_WRITE] = 0;
	unbind(t, s);
}

int dmt_watch_saw_write(struct dmt_tracker *t, const struct dmt_entry *e)
{
	struct dmt_watch_slot *s = slot_of(t, e);

	if (!s)
		return 0;
	return s->pending[HIT_WRITE] ||
	       (t->cfg.watch_saw_write &&
		t->cfg.watch_saw_write(t->cfg.report_ctx, slot_index(t, s), s->w.handovers));
}

/* ------------------------------------------------------------ the caller's side */

static void bind(struct dmt_tracker *t, struct dmt_watch_slot *s, struct dmt_entry *e)
{
	const char *what = same_site(&e->handover_site, &e->map_site) ? dmt_step_map[e->family] :
			   dmt_step_sync_for_device;

	s->e = e;
	s->queue = e->queue - 1;
	t->queues[s->queue].watched++;
	e->watch = (unsigned char)(slot_index(t, s) + 1);
	dmt_info_of(e, &s->buf);
	watch_word(e, &s->w.paddr, &s->w.len);
	s->w.binding++;
	s->w.handovers = 0;
	s->w.state = DMT_WATCH_DEVICE;
	s->prev = (struct dmt_watch_period){ 0 };
	s->cur = (struct dmt_watch_period){ .handover = { e->handover_site, what } };
	if (what == dmt_step_sync_for_device && e->cpu_site.ip) {
		s->cur.taken = (struct dmt_step){ e->cpu_site, step_taken };
		s->cur.has_taken = 1;
	}
	s->pending[HIT_READ] = s->pending[HIT_WRITE] = 0;
	t->stats.watch_picks++;
	tell(t, s);
}

int dmt_watch_pick(struct dmt_tracker *t, unsigned int slot, struct dmt_watch *w)
{
	unsigned long flags = dmt_lock_acquire(t->lock);
	struct dmt_watch_slot *s = &t->watch[slot < DMT_WATCH_SLOTS ? slot : 0];
	struct pick_rank rank;
	struct dmt_entry *e;
	int found = 0;

	if (slot < t->cfg.watch_slots && !s->e) {
		e = best_waiting(t, DMT_NULL, &rank);
		if (e) {
			bind(t, s, e);
			*w = s->w;
			found = 1;
		}
	}
	dmt_lock_release(t->lock, flags);
	return found;
}

int dmt_watch_release(struct dmt_tracker *t, unsigned int slot)
{
	unsigned long flags = dmt_lock_acquire(t->lock);
	struct dmt_watch_slot *s = &t->watch[slot < DMT_WATCH_SLOTS ? slot : 0];
	int released = 0;

	/* A hit waiting for its buffer's hand-back keeps the slot. */
	if (slot < t->cfg.watch_slots && !s->pending[HIT_READ] && !s->pending[HIT_WRITE]) {
		if (s->e)
			unbind(t, s);
		released = 1;
	}
	dmt_lock_release(t->lock, flags);
	return released;
}

int dmt_watch_better(struct dmt_tracker *t, unsigned int slot)
{
	unsigned long flags = dmt_lock_acquire(t->lock);
	struct dmt_watch_slot *s = &t->watch[slot < DMT_WATCH_SLOTS ? slot : 0];
	struct dmt_watch_queue *q;
	struct pick_rank now, best;
	int better = 0;

	if (slot < t->cfg.watch_slots && s->e) {
		q = &t->queues[s->queue];
		/* A buffer the CPU holds now went back to the end of the line. */
		now.watched = q->watched - 1;
		now.seq = s->e->queue ? s->e->handover_seq : ~0ULL;
		better = best_waiting(t, q, &best) && ranks_before(&best, &now);
	} else if (slot < t->cfg.watch_slots) {
		better = best_waiting(t, DMT_NULL, &best) != DMT_NULL;
	}
	dmt_lock_release(t->lock, flags);
	return better;
}

void dmt_watch_hit(struct dmt_tracker *t, const struct dmt_watch_hit *h)
{
	unsigned long flags = dmt_lock_acquire(t->lock);
	struct dmt_watch_slot *s;
	struct dmt_watch_period *p = DMT_NULL;
	int kind = h->write ? HIT_WRITE : HIT_READ;

	if (h->slot >= t->cfg.watch_slots || !h->nr_stack || h->driver_frame >= h->nr_stack)
		goto out;
	s = &t->watch[h->slot];
	if (h->binding == s->w.binding && h->handovers == s->w.handovers)
		p = &s->cur;
	else if (h->binding == s->w.binding && h->handovers + 1 == s->w.handovers)
		p = &s->prev;
	if (!p) {
		/* The slot has moved to another buffer since: the history is gone. */
		t->stats.watch_late++;
		goto out;
	}
	if (p->handed_back || !s->e) {
		emit_hit(t, s, p, h);
	} else if (!s->pending[kind]) {
		/* The first read and the first write of a hand-over wait for its end. */
		s->hit[kind] = *h;
		s->pending[kind] = 1;
	}
out:
	dmt_lock_release(t->lock, flags);
}

void dmt_watch_forget_sources(struct dmt_tracker *t, int (*gone)(const void *p, void *ctx),
			      void *ctx)
{
	struct dmt_watch_period *periods[2];
	unsigned int i, k;

	for (i = 0; i < DMT_WATCH_SLOTS; i++) {
		struct dmt_watch_slot *s = &t->watch[i];

		if (s->buf.driver && gone(s->buf.driver, ctx))
			s->buf.driver = DMT_NULL;
		dmt_forget_site(&s->buf.map_site, gone, ctx);
		periods[0] = &s->cur;
		periods[1] = &s->prev;
		for (k = 0; k < 2; k++) {
			dmt_forget_site(&periods[k]->handover.site, gone, ctx);
			dmt_forget_site(&periods[k]->taken.site, gone, ctx);
			dmt_forget_site(&periods[k]->handback.site, gone, ctx);
		}
	}
}
