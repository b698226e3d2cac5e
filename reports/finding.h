/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The findings model: what every engine (Coccinelle, the libclang analyzer,
 * the dmatrack runtime tracker) reports, and what every output prints.
 */
#ifndef DMC_FINDING_H
#define DMC_FINDING_H

#include <stdarg.h>
#include <stddef.h>

#include "catalogue.h"

/*
 * A place in the source.  file may be NULL for runtime events that are not
 * resolved to source yet; function then holds the symbolised call site
 * ("rx_clean+0x4c/0x120 [mydrv]").  line and column are 1-based, 0 = unknown.
 */
struct dmc_loc {
	char *file;
	unsigned line;
	unsigned column;
	char *function;
	char *message;
};

struct dmc_finding {
	const struct dmc_rule *rule;
	enum dmc_severity severity;
	struct dmc_loc loc;		/* the violating line */
	struct dmc_loc *related;	/* the map, sync or unmap that makes it one */
	size_t nrelated;
	struct dmc_loc *flow;		/* path from the transfer to the violation */
	size_t nflow;
	unsigned engines;		/* DMC_ENGINE_* bits that reported it */
	unsigned count;			/* reports folded into this one (runtime repeats) */
	char fingerprint[17];		/* 64-bit hex, see dmc_findings_fingerprint */
};

struct dmc_findings {
	struct dmc_finding *items;
	size_t count;
	size_t cap;
};

/* A problem of the tool itself with an input: a file that was not analysed. */
struct dmc_diag {
	enum dmc_severity severity;	/* ERROR: the file was not (fully) analysed */
	unsigned engine;		/* DMC_ENGINE_* bit, 0 for the driver itself */
	char *file;			/* may be NULL */
	unsigned line;
	char *message;
};

struct dmc_diags {
	struct dmc_diag *items;
	size_t count;
	size_t cap;
};

void dmc_findings_init(struct dmc_findings *list);
void dmc_findings_free(struct dmc_findings *list);

/*
 * Adds a finding at the rule's default severity and returns it, so that
 * related locations and the flow can be added.  Strings are copied.
 */
struct dmc_finding *dmc_findings_add(struct dmc_findings *list, const struct dmc_rule *rule,
				     unsigned engine, const char *file, unsigned line,
				     unsigned column, const char *function, const char *message);
void dmc_finding_add_related(struct dmc_finding *f, const char *file, unsigned line,
			     unsigned column, const char *message);
void dmc_finding_add_flow(struct dmc_finding *f, const char *file, unsigned line,
			  unsigned column, const char *message);

/*
 * Folds `from` into `into` (engines, severity, related locations, the longer
 * path, the report count) and frees what is left of `from`.
 */
void dmc_finding_absorb(struct dmc_finding *into, struct dmc_finding *from);

/* Frees what a finding owns (for findings taken out of a list). */
void dmc_finding_free(struct dmc_finding *f);

/* Moves every finding of src to the end of dst; src is left empty. */
void dmc_findings_move(struct dmc_findings *dst, struct dmc_findings *src);

/*
 * Sorts by file, line, column and rule, and merges the findings of one rule
 * on one line into one: several engines (or one engine twice) agreeing is a
 * single finding that names every engine, keeps the richest path and the
 * union of the related locations.
 */
void dmc_findings_merge(struct dmc_findings *list);

/* Removes the findings for which keep() returns 0; returns how many went. */
size_t dmc_findings_filter(struct dmc_findings *list,
			   int (*keep)(const struct dmc_finding *f, void *ctx), void *ctx);

/*
 * Gives every finding a fingerprint that survives unrelated edits: it hashes
 * the rule, the file, the function and the whitespace-normalised text of the
 * violating and related lines (not their numbers), plus an ordinal among
 * findings that share all of those.  Call after dmc_findings_merge().
 */
void dmc_findings_fingerprint(struct dmc_findings *list);

/* Counts findings at or above a severity. */
size_t dmc_findings_count_at_least(const struct dmc_findings *list, enum dmc_severity sev);

void dmc_diags_init(struct dmc_diags *list);
void dmc_diags_free(struct dmc_diags *list);
void dmc_diags_add(struct dmc_diags *list, enum dmc_severity severity, unsigned engine,
		   const char *file, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
void dmc_diags_move(struct dmc_diags *dst, struct dmc_diags *src);
size_t dmc_diags_count_at_least(const struct dmc_diags *list, enum dmc_severity sev);

#endif
