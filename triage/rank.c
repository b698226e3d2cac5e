// SPDX-License-Identifier: GPL-2.0
#include "rank.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

static int same_str(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* The mapping a finding is about: its first related location (the map). */
static const struct dmc_loc *mapping_of(const struct dmc_finding *f)
{
	return f->nrelated ? &f->related[0] : NULL;
}

static int explains(const struct dmc_finding *s, const struct dmc_finding *r)
{
	const struct dmc_loc *sm = mapping_of(s), *rm = mapping_of(r);

	if (s->rule != r->rule || !same_str(s->loc.file, r->loc.file))
		return 0;
	if (s->loc.line == r->loc.line)
		return 1;
	/* The runtime saw the call, the analyzer the access before it: same map. */
	return same_str(s->loc.function, r->loc.function) && sm && rm &&
	       same_str(sm->file, rm->file) && sm->line == rm->line;
}

static int involved(const struct dmc_finding *s, const struct dmc_findings *runtime)
{
	for (size_t i = 0; i < runtime->count; i++) {
		const struct dmc_finding *r = &runtime->items[i];

		if (same_str(r->loc.file, s->loc.file) && same_str(r->loc.function, s->loc.function))
			return 1;
		for (size_t j = 0; j < r->nrelated; j++)
			if (same_str(r->related[j].file, s->loc.file) &&
			    same_str(r->related[j].function, s->loc.function))
				return 1;
	}
	return 0;
}

static int tier(const struct dmc_finding *f)
{
	if (!(f->engines & DMC_ENGINE_RUNTIME))
		return 3;
	return (f->engines & ~(unsigned)DMC_ENGINE_RUNTIME) ? 1 : 2;
}

static int by_likelihood(const void *pa, const void *pb)
{
	const struct dmc_finding *a = pa, *b = pb;
	int c;

	if ((c = tier(a) - tier(b)))
		return c;
	if (a->severity != b->severity)
		return (int)b->severity - (int)a->severity;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	if ((c = strcmp(a->loc.file ? a->loc.file : "", b->loc.file ? b->loc.file : "")))
		return c;
	return (a->loc.line > b->loc.line) - (a->loc.line < b->loc.line);
}

void dmc_rank(struct dmc_findings *runtime, struct dmc_findings *statics,
	      struct dmc_findings *ranked)
{
	struct dmc_findings kept;

	dmc_findings_init(&kept);
	for (size_t i = 0; i < statics->count; i++) {
		struct dmc_finding *s = &statics->items[i], *r = NULL;

		for (size_t j = 0; j < runtime->count && !r; j++)
			if (explains(s, &runtime->items[j]))
				r = &runtime->items[j];
		if (r) {
			unsigned count = r->count;

			dmc_finding_absorb(r, s);
			r->count = count;	/* a static finding is not a report */
		} else if (involved(s, runtime)) {
			dmc_grow((void **)&kept.items, &kept.cap, kept.count, sizeof(*s));
			kept.items[kept.count++] = *s;
		} else {
			dmc_finding_free(s);	/* not about this log */
		}
	}
	free(statics->items);
	dmc_findings_init(statics);
	dmc_findings_move(ranked, runtime);
	dmc_findings_move(ranked, &kept);
	qsort(ranked->items, ranked->count, sizeof(ranked->items[0]), by_likelihood);
}
