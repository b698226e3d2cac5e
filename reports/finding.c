// SPDX-License-Identifier: GPL-2.0
#include "finding.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "source.h"
#include "util.h"

void dmc_findings_init(struct dmc_findings *list)
{
	memset(list, 0, sizeof(*list));
}

static void loc_set(struct dmc_loc *loc, const char *file, unsigned line, unsigned column,
		    const char *function, const char *message)
{
	loc->file = dmc_xstrdup(file);
	loc->line = line;
	loc->column = column;
	loc->function = dmc_xstrdup(function);
	loc->message = dmc_xstrdup(message);
}

static void loc_free(struct dmc_loc *loc)
{
	free(loc->file);
	free(loc->function);
	free(loc->message);
}

void dmc_finding_free(struct dmc_finding *f)
{
	loc_free(&f->loc);
	for (size_t i = 0; i < f->nrelated; i++)
		loc_free(&f->related[i]);
	for (size_t i = 0; i < f->nflow; i++)
		loc_free(&f->flow[i]);
	free(f->related);
	free(f->flow);
}

void dmc_findings_free(struct dmc_findings *list)
{
	for (size_t i = 0; i < list->count; i++)
		dmc_finding_free(&list->items[i]);
	free(list->items);
	dmc_findings_init(list);
}

struct dmc_finding *dmc_findings_add(struct dmc_findings *list, const struct dmc_rule *rule,
				     unsigned engine, const char *file, unsigned line,
				     unsigned column, const char *function, const char *message)
{
	struct dmc_finding *f;

	dmc_grow((void **)&list->items, &list->cap, list->count, sizeof(*f));
	f = &list->items[list->count++];
	memset(f, 0, sizeof(*f));
	f->rule = rule;
	f->severity = rule->severity;
	f->engines = engine;
	f->count = 1;
	loc_set(&f->loc, file, line, column, function, message);
	return f;
}

/* Appends to a location array whose length is *n (capacity is always *n). */
static void locs_append(struct dmc_loc **locs, size_t *n, const char *file, unsigned line,
			unsigned column, const char *function, const char *message)
{
	*locs = dmc_xrealloc(*locs, (*n + 1) * sizeof(**locs));
	loc_set(&(*locs)[(*n)++], file, line, column, function, message);
}

void dmc_finding_add_related(struct dmc_finding *f, const char *file, unsigned line,
			     unsigned column, const char *message)
{
	locs_append(&f->related, &f->nrelated, file, line, column, NULL, message);
}

void dmc_finding_add_flow(struct dmc_finding *f, const char *file, unsigned line,
			  unsigned column, const char *message)
{
	locs_append(&f->flow, &f->nflow, file, line, column, NULL, message);
}

void dmc_findings_move(struct dmc_findings *dst, struct dmc_findings *src)
{
	for (size_t i = 0; i < src->count; i++) {
		dmc_grow((void **)&dst->items, &dst->cap, dst->count, sizeof(dst->items[0]));
		dst->items[dst->count++] = src->items[i];
	}
	free(src->items);
	dmc_findings_init(src);
}

static int strcmp_null(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int cmp_uint(unsigned a, unsigned b)
{
	return (a > b) - (a < b);
}

static int compare_findings(const void *pa, const void *pb)
{
	const struct dmc_finding *a = pa, *b = pb;
	int c;

	if ((c = strcmp_null(a->loc.file, b->loc.file)))
		return c;
	if ((c = cmp_uint(a->loc.line, b->loc.line)))
		return c;
	if ((c = cmp_uint(a->loc.column, b->loc.column)))
		return c;
	if ((c = cmp_uint((unsigned)a->rule->id, (unsigned)b->rule->id)))
		return c;
	/* Function decides order for unresolved runtime sites (file == NULL). */
	return strcmp_null(a->loc.function, b->loc.function);
}

static int same_place(const struct dmc_finding *a, const struct dmc_finding *b)
{
	return a->rule == b->rule && strcmp_null(a->loc.file, b->loc.file) == 0 &&
	       a->loc.line == b->loc.line &&
	       (a->loc.file || strcmp_null(a->loc.function, b->loc.function) == 0);
}

static int has_related(const struct dmc_finding *f, const struct dmc_loc *loc)
{
	for (size_t i = 0; i < f->nrelated; i++)
		if (f->related[i].line == loc->line && strcmp_null(f->related[i].file, loc->file) == 0)
			return 1;
	return 0;
}

void dmc_finding_absorb(struct dmc_finding *into, struct dmc_finding *from)
{
	into->engines |= from->engines;
	into->count += from->count;
	if (from->severity > into->severity)
		into->severity = from->severity;
	if (!into->loc.function && from->loc.function) {
		into->loc.function = from->loc.function;
		from->loc.function = NULL;
	}
	for (size_t i = 0; i < from->nrelated; i++) {
		struct dmc_loc *r = &from->related[i];

		if (!has_related(into, r))
			locs_append(&into->related, &into->nrelated, r->file, r->line, r->column,
				    r->function, r->message);
	}
	/* The longer path explains more: keep it. */
	if (from->nflow > into->nflow) {
		struct dmc_loc *flow = into->flow;
		size_t nflow = into->nflow;

		into->flow = from->flow;
		into->nflow = from->nflow;
		from->flow = flow;
		from->nflow = nflow;
	}
	dmc_finding_free(from);
}

void dmc_findings_merge(struct dmc_findings *list)
{
	size_t out = 0;

	if (list->count == 0)
		return;
	qsort(list->items, list->count, sizeof(list->items[0]), compare_findings);
	for (size_t i = 1; i < list->count; i++) {
		if (same_place(&list->items[out], &list->items[i]))
			dmc_finding_absorb(&list->items[out], &list->items[i]);
		else
			list->items[++out] = list->items[i];
	}
	list->count = out + 1;
}

size_t dmc_findings_filter(struct dmc_findings *list,
			   int (*keep)(const struct dmc_finding *f, void *ctx), void *ctx)
{
	size_t out = 0, removed;

	for (size_t i = 0; i < list->count; i++) {
		if (keep(&list->items[i], ctx))
			list->items[out++] = list->items[i];
		else
			dmc_finding_free(&list->items[i]);
	}
	removed = list->count - out;
	list->count = out;
	return removed;
}

/* Hashes a line's text with all whitespace removed, or its number if unreadable. */
static void hash_line(XXH3_state_t *st, const char *file, unsigned line)
{
	size_t len;
	const char *text = dmc_source_line(file, line, &len);

	if (!text) {
		XXH3_64bits_update(st, &line, sizeof(line));
		return;
	}
	for (size_t i = 0; i < len; i++)
		if (!isspace((unsigned char)text[i]))
			XXH3_64bits_update(st, &text[i], 1);
	XXH3_64bits_update(st, "\n", 1);
}

static void hash_str(XXH3_state_t *st, const char *s)
{
	if (s)
		XXH3_64bits_update(st, s, strlen(s) + 1);
	else
		XXH3_64bits_update(st, "", 1);
}

static XXH64_hash_t content_hash(const struct dmc_finding *f)
{
	XXH3_state_t *st = XXH3_createState();
	XXH64_hash_t h;

	if (!st)
		dmc_die_oom(0);
	XXH3_64bits_reset(st);
	hash_str(st, f->rule->slug);
	hash_str(st, f->loc.file);
	hash_str(st, f->loc.function);
	hash_line(st, f->loc.file, f->loc.line);
	for (size_t i = 0; i < f->nrelated; i++)
		hash_line(st, f->related[i].file, f->related[i].line);
	h = XXH3_64bits_digest(st);
	XXH3_freeState(st);
	return h;
}

struct keyed {
	XXH64_hash_t hash;
	size_t index;
};

static int compare_keyed(const void *pa, const void *pb)
{
	const struct keyed *a = pa, *b = pb;

	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	return (a->index > b->index) - (a->index < b->index);
}

void dmc_findings_fingerprint(struct dmc_findings *list)
{
	struct keyed *keys = dmc_xcalloc(list->count, sizeof(*keys));

	for (size_t i = 0; i < list->count; i++) {
		keys[i].hash = content_hash(&list->items[i]);
		keys[i].index = i;
	}
	/* Equal content hashes are numbered in source order: the ordinal. */
	qsort(keys, list->count, sizeof(*keys), compare_keyed);
	for (size_t i = 0, ordinal = 0; i < list->count; i++) {
		XXH64_hash_t fp;

		ordinal = (i > 0 && keys[i].hash == keys[i - 1].hash) ? ordinal + 1 : 0;
		fp = XXH3_64bits_withSeed(&ordinal, sizeof(ordinal), keys[i].hash);
		snprintf(list->items[keys[i].index].fingerprint,
			 sizeof(list->items[0].fingerprint), "%016llx", (unsigned long long)fp);
	}
	free(keys);
}

size_t dmc_findings_count_at_least(const struct dmc_findings *list, enum dmc_severity sev)
{
	size_t n = 0;

	if (sev == DMC_SEV_NONE)
		return 0;
	for (size_t i = 0; i < list->count; i++)
		n += list->items[i].severity >= sev;
	return n;
}

void dmc_diags_init(struct dmc_diags *list)
{
	memset(list, 0, sizeof(*list));
}

void dmc_diags_free(struct dmc_diags *list)
{
	for (size_t i = 0; i < list->count; i++) {
		free(list->items[i].file);
		free(list->items[i].message);
	}
	free(list->items);
	dmc_diags_init(list);
}

void dmc_diags_add(struct dmc_diags *list, enum dmc_severity severity, unsigned engine,
		   const char *file, unsigned line, const char *fmt, ...)
{
	struct dmc_diag *d;
	va_list ap;

	dmc_grow((void **)&list->items, &list->cap, list->count, sizeof(*d));
	d = &list->items[list->count++];
	d->severity = severity;
	d->engine = engine;
	d->file = dmc_xstrdup(file);
	d->line = line;
	va_start(ap, fmt);
	if (vasprintf(&d->message, fmt, ap) < 0)
		d->message = dmc_xstrdup(fmt);
	va_end(ap);
}

void dmc_diags_move(struct dmc_diags *dst, struct dmc_diags *src)
{
	for (size_t i = 0; i < src->count; i++) {
		dmc_grow((void **)&dst->items, &dst->cap, dst->count, sizeof(dst->items[0]));
		dst->items[dst->count++] = src->items[i];
	}
	free(src->items);
	dmc_diags_init(src);
}

size_t dmc_diags_count_at_least(const struct dmc_diags *list, enum dmc_severity sev)
{
	size_t n = 0;

	for (size_t i = 0; i < list->count; i++)
		n += list->items[i].severity >= sev;
	return n;
}
