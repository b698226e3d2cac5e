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

/*
 * The same, for a leak of object obj at an exit where it was never stored:
 * reported when the function's paths are all done (analysis_flush_deferred()),
 * unless another path stored it inside a loop that this exit comes after
 * (or is in a later round of a loop around it), the object made before that
 * loop.  This path then went through the loop
 * without storing it: the loop ran zero times, which the analysis cannot
 * rule out but the driver can (gianfar and s2io fill every queue's ring
 * from one allocation; a device has at least one queue).  A leak on a path
 * that fails before the store is reached (the second map fails, the first
 * was to be stored at the end) is reported.
 */
void analysis_defer_report(struct flow_fn *f, const struct rule *r, const struct state *st,
			   int obj, unsigned site, unsigned related, const char *related_what,
			   const char *fmt, ...) __attribute__((format(printf, 8, 9)));
/* A path stored object k's handle or address into memory at `where`. */
void analysis_note_store(struct flow_fn *f, int k, CXCursor where);
/* Reports the deferred findings that still hold, and forgets them all. */
void analysis_flush_deferred(struct flow_fn *f);

#endif
