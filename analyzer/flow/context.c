// SPDX-License-Identifier: GPL-2.0
/* Sites and findings of the analysis of one file. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue.h"
#include "context.h"
#include "rules/rules.h"
#include "util.h"

static unsigned site_hash(const struct ast_loc *loc, const char *what, const char *function)
{
	uintptr_t h = (uintptr_t)loc->file * 31u + loc->line * 131u + loc->column * 7u +
		      (uintptr_t)what * 17u + (uintptr_t)function;

	return (unsigned)(h ^ (h >> 16) ^ (h >> 32));
}

static int same_site(const struct site *s, const struct ast_loc *loc, const char *what,
		     const char *function)
{
	return s->loc.file == loc->file && s->loc.line == loc->line &&
	       s->loc.column == loc->column && s->what == what && s->function == function;
}

static void index_site(struct analysis *an, unsigned id)
{
	const struct site *s = &an->sites[id];
	unsigned mask = an->site_index_cap - 1;
	unsigned at = site_hash(&s->loc, s->what, s->function) & mask;

	while (an->site_index[at])
		at = (at + 1) & mask;
	an->site_index[at] = id;
}

static void grow_site_index(struct analysis *an)
{
	free(an->site_index);
	an->site_index_cap = an->site_index_cap ? an->site_index_cap * 2 : 1024;
	an->site_index = dmc_xcalloc(an->site_index_cap, sizeof(unsigned));
	for (unsigned i = 1; i < an->nsites; i++)
		index_site(an, i);
}

unsigned analysis_site_at(struct analysis *an, const struct ast_loc *loc, const char *what,
			  const char *function)
{
	unsigned mask, at;

	if (an->nsites == 0)
		an->nsites = 1;		/* site 0 is "none" */
	if ((an->nsites + 1) * 2 > an->site_index_cap)
		grow_site_index(an);
	mask = an->site_index_cap - 1;
	for (at = site_hash(loc, what, function) & mask; an->site_index[at]; at = (at + 1) & mask)
		if (same_site(&an->sites[an->site_index[at]], loc, what, function))
			return an->site_index[at];
	dmc_grow((void **)&an->sites, &an->capsites, an->nsites, sizeof(*an->sites));
	an->sites[an->nsites] = (struct site){ *loc, what, function };
	an->site_index[at] = an->nsites;
	return an->nsites++;
}

unsigned analysis_site(struct analysis *an, CXCursor c, const char *what, const char *function)
{
	struct ast_loc loc;

	ast_location(c, &loc);
	return analysis_site_at(an, &loc, ast_intern(what), function);
}

const struct site *analysis_site_get(const struct analysis *an, unsigned id)
{
	return id && id < an->nsites ? &an->sites[id] : NULL;
}

static int already_reported(struct analysis *an, int rule, const struct site *s)
{
	for (unsigned i = 0; i < an->nreported; i++)
		if (an->reported[i].rule == rule && an->reported[i].line == s->loc.line &&
		    an->reported[i].column == s->loc.column)
			return 1;
	an->reported = dmc_xrealloc(an->reported, (an->nreported + 1) * sizeof(*an->reported));
	an->reported[an->nreported++] = (struct reported){ rule, s->loc.line, s->loc.column };
	return 0;
}

static void add_flow(struct dmc_finding *fd, const struct analysis *an, const struct state *st,
		     const struct site *at, const char *message)
{
	for (unsigned i = 0; st && i < st->ntrail; i++) {
		const struct site *s = analysis_site_get(an, st->trail[i].site);

		if (s && s->loc.file)
			dmc_finding_add_flow(fd, s->loc.file, s->loc.line, s->loc.column,
					     st->trail[i].what);
	}
	dmc_finding_add_flow(fd, at->loc.file, at->loc.line, at->loc.column, message);
}

void analysis_report(struct flow_fn *f, const struct rule *r, const struct state *st,
		     unsigned site, unsigned related, const char *related_what, const char *fmt, ...)
{
	struct analysis *an = f->an;
	const struct dmc_rule *cat = dmc_rule_by_slug(r->slug);
	const struct site *s = analysis_site_get(an, site), *rel = analysis_site_get(an, related);
	struct dmc_finding *fd;
	va_list ap;
	char *message;

	if (!cat || !s || !s->loc.file || already_reported(an, cat->id, s))
		return;
	va_start(ap, fmt);
	if (vasprintf(&message, fmt, ap) < 0)
		dmc_die_oom(strlen(fmt));
	va_end(ap);
	fd = dmc_findings_add(an->out, cat, DMC_ENGINE_ANALYZER, s->loc.file, s->loc.line,
			      s->loc.column, f->name, message);
	if (rel && rel->loc.file)
		dmc_finding_add_related(fd, rel->loc.file, rel->loc.line, rel->loc.column,
					related_what ? related_what : rel->what);
	add_flow(fd, an, st, s, message);
	free(message);
}

struct deferred_report {
	const struct rule *rule;
	int obj;
	unsigned site, related;
	const char *related_what;
	char *message;
	struct trail_step trail[TRAIL_MAX];
	unsigned ntrail;
};

void analysis_defer_report(struct flow_fn *f, const struct rule *r, const struct state *st,
			   int obj, unsigned site, unsigned related, const char *related_what,
			   const char *fmt, ...)
{
	struct deferred_report *d;
	va_list ap;

	f->deferred = dmc_xrealloc(f->deferred, (f->ndeferred + 1) * sizeof(*f->deferred));
	d = &f->deferred[f->ndeferred++];
	*d = (struct deferred_report){ .rule = r, .obj = obj, .site = site, .related = related,
				       .related_what = related_what, .ntrail = st->ntrail };
	memcpy(d->trail, st->trail, sizeof(d->trail));
	va_start(ap, fmt);
	if (vasprintf(&d->message, fmt, ap) < 0)
		dmc_die_oom(strlen(fmt));
	va_end(ap);
}

struct loop_extent {
	const char *file;
	unsigned start, end;	/* file offsets */
};

static enum CXChildVisitResult collect_loop(CXCursor c, CXCursor parent, CXClientData data)
{
	struct flow_fn *f = data;
	enum CXCursorKind k = clang_getCursorKind(c);

	(void)parent;
	if (k == CXCursor_ForStmt || k == CXCursor_WhileStmt || k == CXCursor_DoStmt) {
		struct ast_loc start;
		unsigned end;

		ast_location(c, &start);
		clang_getFileLocation(clang_getRangeEnd(clang_getCursorExtent(c)), NULL, NULL, NULL,
				      &end);
		f->loops = dmc_xrealloc(f->loops, (size_t)(f->nloops + 1) * sizeof(*f->loops));
		f->loops[f->nloops++] = (struct loop_extent){ start.file, start.offset, end };
	}
	return CXChildVisit_Recurse;
}

static int inside(const struct loop_extent *l, const struct ast_loc *at)
{
	return at->file == l->file && at->offset >= l->start && at->offset < l->end;
}

void analysis_note_store(struct flow_fn *f, int k, CXCursor where)
{
	const struct site *made;
	struct ast_loc at;
	unsigned past = 0;

	if (!f->rules_on || k < 0 || !(made = analysis_site_get(f->an, f->objs[k].site)))
		return;
	if (f->nloops < 0) {
		f->nloops = 0;
		clang_visitChildren(f->fn, collect_loop, f);
	}
	ast_location(where, &at);
	/* the innermost loop around the store that the object was made before */
	for (int i = 0; i < f->nloops; i++)
		if (inside(&f->loops[i], &at) && !inside(&f->loops[i], &made->loc) &&
		    (!past || f->loops[i].end - f->loops[i].start <
			      f->loops[past - 1].end - f->loops[past - 1].start))
			past = (unsigned)i + 1;
	if (!past)
		return;
	if (f->nstored_past <= (unsigned)k) {
		f->stored_past = dmc_xrealloc(f->stored_past, f->nobjs * sizeof(unsigned));
		memset(f->stored_past + f->nstored_past, 0,
		       (f->nobjs - f->nstored_past) * sizeof(unsigned));
		f->nstored_past = f->nobjs;
	}
	f->stored_past[k] = past;
}

/*
 * Whether an exit comes after the loop (index+1) that stored an object on
 * another path: after its end, or in a later round of a loop around it.
 */
static int exit_went_past(const struct flow_fn *f, unsigned loop, const struct ast_loc *exit)
{
	const struct loop_extent *l = &f->loops[loop - 1];

	if (exit->file == l->file && exit->offset >= l->end)
		return 1;
	for (int i = 0; i < f->nloops; i++) {
		const struct loop_extent *m = &f->loops[i];

		if (m != l && inside(m, exit) && m->file == l->file && m->start <= l->start &&
		    m->end >= l->end)
			return 1;
	}
	return 0;
}

void analysis_flush_deferred(struct flow_fn *f)
{
	for (unsigned i = 0; i < f->ndeferred; i++) {
		struct deferred_report *d = &f->deferred[i];
		struct state trail = { .ntrail = d->ntrail };
		const struct site *at = analysis_site_get(f->an, d->site);
		unsigned past = d->obj >= 0 && (unsigned)d->obj < f->nstored_past ?
				f->stored_past[d->obj] : 0;

		memcpy(trail.trail, d->trail, sizeof(trail.trail));
		if (!past || !at || !exit_went_past(f, past, &at->loc))
			analysis_report(f, d->rule, &trail, d->site, d->related, d->related_what,
					"%s", d->message);
		free(d->message);
	}
	free(f->deferred);
	free(f->stored_past);
	free(f->loops);
	f->deferred = NULL;
	f->stored_past = NULL;
	f->loops = NULL;
	f->ndeferred = f->nstored_past = 0;
	f->nloops = -1;
}
