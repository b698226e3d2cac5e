/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the analysis of one file shares between its functions: the sites
 * findings point at, the helpers' summaries, what each function did with
 * which struct field (the field facts), the rules that run, and the output.
 */
#ifndef DMC_CONTEXT_H
#define DMC_CONTEXT_H

#include <stdarg.h>

#include "flow.h"

struct rule;
struct summaries;
struct field_facts;

struct reported {
	int rule;
	unsigned line;
	unsigned column;
};

struct analysis {
	CXTranslationUnit tu;
	const char *file;
	struct site *sites;
	unsigned nsites;
	size_t capsites;
	unsigned *site_index;		/* open-addressing table of site ids */
	unsigned site_index_cap;
	struct summaries *summaries;
	struct field_facts *facts;
	const char **probe_like;	/* functions the bus or net core calls to set up */
	unsigned nprobe_like;
	const struct rule *const *rules;	/* the rules that run */
	unsigned nrules;
	int stream_mask_bits;		/* widest constant streaming DMA mask the file sets, 0 if none */
	int coherent_mask_bits;		/* the same for the coherent mask */
	struct dmc_findings *out;
	struct dmc_diags *diags;
	struct reported *reported;
	unsigned nreported;
};

/* The site of a cursor (deduplicated; 0 is no site); `what` names it in messages. */
unsigned analysis_site(struct analysis *an, CXCursor c, const char *what, const char *function);
/* The same for a position given directly. */
unsigned analysis_site_at(struct analysis *an, const struct ast_loc *loc, const char *what,
			  const char *function);
const struct site *analysis_site_get(const struct analysis *an, unsigned id);

/*
 * Reports a finding of rule r at `site`, with `related` (0: none) as the
 * ownership transfer that makes it one, and the path the state went
 * through as its flow.  One finding per rule and position.
 */
void analysis_report(struct flow_fn *f, const struct rule *r, const struct state *st,
		     unsigned site, unsigned related, const char *related_what,
		     const char *fmt, ...) __attribute__((format(printf, 7, 8)));

#endif
