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
