/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the ownership core's Check tests share: a tracker that records what
 * it reports, buffers to map, calls to make, and expectations on the reports.
 */
#ifndef DMT_TEST_H
#define DMT_TEST_H

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dmt_core.h"
#include "testutil.h"

#define DEV_A ((const void *)0x1000)
#define DEV_B ((const void *)0x2000)

/* What the tracker reported, in order. */
static struct dmt_violation seen[64];
static unsigned int nseen;
static pthread_mutex_t seen_lock = PTHREAD_MUTEX_INITIALIZER;

static inline void record(void *ctx, const struct dmt_violation *v)
{
	(void)ctx;
	pthread_mutex_lock(&seen_lock);
	if (nseen < 64)
		seen[nseen] = *v;
	nseen++;
	pthread_mutex_unlock(&seen_lock);
}

static unsigned int told_full;

static inline void full(void *ctx)
{
	(void)ctx;
	told_full++;
}

static inline struct dmt_tracker *tracker_with(struct dmt_config *cfg)
{
	const char *why = NULL;
	struct dmt_tracker *t;

	if (cfg->history == 0)
		cfg->history = 16;
	cfg->cacheline = 64;
	cfg->report = record;
	cfg->full = full;
	t = dmt_create(cfg, &why);
	ck_assert_msg(t, "dmt_create: %s", why);
	nseen = 0;
	told_full = 0;
	return t;
}

static inline struct dmt_tracker *tracker(unsigned long max_entries, unsigned int mode)
{
	struct dmt_config cfg = { .max_entries = max_entries, .mode = mode };

	return tracker_with(&cfg);
}

/* Buffers the tests "map": their addresses are the physical addresses. */
static inline unsigned char *buffer(size_t size)
{
	unsigned char *p = aligned_alloc(4096, (size + 4095) & ~4095UL);

	ck_assert_ptr_nonnull(p);
	memset(p, 0x11, size);
	return p;
}

static inline struct dmt_call call(const void *dev, unsigned long long addr, unsigned long size,
			    enum dmt_dir dir, enum dmt_family family, unsigned long ip)
{
	return (struct dmt_call){
		.dev = dev, .addr = addr, .paddr = DMT_NO_PADDR, .size = size, .dir = dir,
		.family = family, .site = { .ip = ip },
	};
}

static inline struct dmt_call buf_call(const void *dev, const void *buf, unsigned long size,
				enum dmt_dir dir, unsigned long ip)
{
	struct dmt_call c = call(dev, (uintptr_t)buf, size, dir, DMT_FAM_SINGLE, ip);

	c.paddr = (uintptr_t)buf;
	return c;
}

static inline void expect_nothing(void)
{
	ck_assert_msg(nseen == 0, "unexpected %s: %s", nseen ? seen[0].slug : "",
		      nseen ? seen[0].message : "");
}

/* Exactly one violation of `slug`, at site ip, related to related_ip (0: none). */
static inline void expect_one(const char *slug, unsigned long ip, unsigned long related_ip)
{
	ck_assert_msg(nseen == 1, "expected one %s, got %u (first %s)", slug, nseen,
		      nseen ? seen[0].slug : "none");
	ck_assert_str_eq(seen[0].slug, slug);
	ck_assert_uint_eq(seen[0].site.ip, ip);
	ck_assert_int_eq(seen[0].has_related, related_ip != 0);
	if (related_ip)
		ck_assert_uint_eq(seen[0].related.ip, related_ip);
	ck_assert_uint_gt(strlen(seen[0].message), 10);
	nseen = 0;
}

/* A scatterlist's segments, one after another, as the core walks them. */
struct segs {
	const struct dmt_seg *seg;
	unsigned int n, i;
};

static inline int next_seg(void *ctx, struct dmt_seg *out)
{
	struct segs *s = ctx;

	if (s->i >= s->n)
		return 0;
	*out = s->seg[s->i++];
	return 1;
}

#endif
