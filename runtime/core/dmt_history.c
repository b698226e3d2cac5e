// SPDX-License-Identifier: GPL-2.0
/*
 * The history of unmapped handles: a ring of the last `size` unmaps, and an
 * index over it so that no call has to read the whole ring.
 *
 * Every map asks the history to forget earlier unmaps of its handle, and
 * every unmap or sync of a handle the tracker does not hold asks whether it
 * was unmapped before: with a linear scan of a 4096-slot ring those two
 * questions were almost all of the tracker's cost per call.  The index is a
 * hash of bucket heads keyed by (device, page of the handle), as the live
 * entries' by_addr table is; each remembered unmap sits in the doubly linked
 * chain of its bucket, by ring index + 1 (0 ends a chain, so zeroed memory
 * is an empty index), and leaves it when forgotten or overwritten.  New
 * unmaps go to the head of their chain, and a sequence number orders
 * candidates that come from different buckets: the newest unmap explains a
 * call best.
 */
#include "dmt_internal.h"

int dmt_history_init(struct dmt_history *h, unsigned int size)
{
	*h = (struct dmt_history){ .size = size ? size : 1 };
	for (h->nbuckets = 64; h->nbuckets < h->size; h->nbuckets <<= 1)
		;
	h->ring = dmt_env_zalloc((unsigned long)h->size * sizeof(*h->ring));
	h->heads = dmt_env_zalloc((unsigned long)h->nbuckets * sizeof(*h->heads));
	if (!h->ring || !h->heads) {
		dmt_history_free(h);
		return -1;
	}
	return 0;
}

void dmt_history_free(struct dmt_history *h)
{
	dmt_env_free(h->ring);
	dmt_env_free(h->heads);
	h->ring = DMT_NULL;
	h->heads = DMT_NULL;
}

unsigned long long dmt_history_bytes(const struct dmt_history *h)
{
	return (unsigned long long)h->size * sizeof(*h->ring) +
	       (unsigned long long)h->nbuckets * sizeof(*h->heads);
}

static unsigned int *head_of(struct dmt_history *h, const void *dev, unsigned long page)
{
	return &h->heads[dmt_hash_page(dev, page) & (h->nbuckets - 1)];
}

/* The slot a link (ring index + 1) names; NULL for 0, the end of a chain. */
static struct dmt_gone *slot(struct dmt_history *h, unsigned int link)
{
	return link ? &h->ring[link - 1] : DMT_NULL;
}

static unsigned int link_of(const struct dmt_history *h, const struct dmt_gone *g)
{
	return (unsigned int)(g - h->ring) + 1;
}

static void link_gone(struct dmt_history *h, struct dmt_gone *g)
{
	unsigned int *head = head_of(h, g->dev, dmt_page_of(g->addr));

	g->prev = 0;
	g->next = *head;
	if (*head)
		slot(h, *head)->prev = link_of(h, g);
	*head = link_of(h, g);
}

/* Takes g out of its chain and marks its slot empty (dev NULL). */
static void unlink_gone(struct dmt_history *h, struct dmt_gone *g)
{
	if (g->prev)
		slot(h, g->prev)->next = g->next;
	else
		*head_of(h, g->dev, dmt_page_of(g->addr)) = g->next;
	if (g->next)
		slot(h, g->next)->prev = g->prev;
	g->dev = DMT_NULL;
	g->next = 0;
	g->prev = 0;
}

/*
 * Takes the oldest slot for a new unmap.  An unmap without a device is
 * kept out of the index: no call could ever ask for it (the ring always
 * treated a slot without a device as empty).
 */
void dmt_history_add(struct dmt_history *h, const struct dmt_gone *gone)
{
	struct dmt_gone *g = &h->ring[h->next];

	h->next = (h->next + 1) % h->size;
	if (g->dev)
		unlink_gone(h, g);
	*g = *gone;
	g->seq = ++h->seq;
	g->next = 0;
	g->prev = 0;
	if (g->dev)
		link_gone(h, g);
}

/* A handle is mapped again: its earlier unmaps, all in one chain, go. */
void dmt_history_forget(struct dmt_history *h, const void *dev, unsigned long long addr)
{
	struct dmt_gone *g = slot(h, *head_of(h, dev, dmt_page_of(addr))), *next;

	for (; g; g = next) {
		next = slot(h, g->next);
		if (g->dev == dev && g->addr == addr)
			unlink_gone(h, g);
	}
}

const struct dmt_gone *dmt_history_find_handle(struct dmt_history *h, const void *dev,
					       unsigned long long addr)
{
	struct dmt_gone *g = slot(h, *head_of(h, dev, dmt_page_of(addr)));

	/* Chains are newest first: the first match is the latest unmap. */
	for (; g; g = slot(h, g->next))
		if (g->dev == dev && g->addr == addr)
			return g;
	return DMT_NULL;
}

static int contains(const struct dmt_gone *g, unsigned long long addr)
{
	return g->addr <= addr && addr - g->addr < (g->size ? g->size : 1);
}

/* The newest unmap of dev that started in page and contains addr. */
static const struct dmt_gone *newest_in_page(struct dmt_history *h, const void *dev,
					     unsigned long page, unsigned long long addr)
{
	struct dmt_gone *g = slot(h, *head_of(h, dev, page));

	for (; g; g = slot(h, g->next))
		if (g->dev == dev && dmt_page_of(g->addr) == page && contains(g, addr))
			return g;
	return DMT_NULL;
}

/*
 * Unmaps start in their first page's bucket, so an address inside one is
 * found by walking back over the pages, at most `span` of them, as live
 * entries are found; among the candidates the newest unmap wins.
 */
const struct dmt_gone *dmt_history_find_containing(struct dmt_history *h, const void *dev,
						   unsigned long long addr, unsigned long span)
{
	unsigned long page = dmt_page_of(addr), k;
	const struct dmt_gone *best = DMT_NULL, *g;

	for (k = 0; k < span && k <= page; k++) {
		g = newest_in_page(h, dev, page - k, addr);
		if (g && (!best || g->seq > best->seq))
			best = g;
	}
	return best;
}

void dmt_history_forget_sources(struct dmt_history *h,
				int (*gone)(const void *p, void *ctx), void *ctx)
{
	unsigned int i;

	for (i = 0; i < h->size; i++) {
		dmt_forget_site(&h->ring[i].unmap_site, gone, ctx);
		dmt_forget_site(&h->ring[i].map_site, gone, ctx);
	}
}
