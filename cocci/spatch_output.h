/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading what spatch prints: the report lines of dmacheck's semantic
 * patches, the per-file problems it reports on stderr, and the parse
 * errors of `spatch --parse-c`.  Kept apart from running spatch so that
 * each reader is unit-tested on recorded output.
 */
#ifndef DMC_SPATCH_OUTPUT_H
#define DMC_SPATCH_OUTPUT_H

#include <stddef.h>

/* A location a report line refers to besides the violating one. */
struct dmc_cocci_related {
	unsigned line;
	unsigned column;	/* 1-based, 0 = unknown */
	char *message;
};

/*
 * One report line, in the kernel's coccicheck form
 *
 *   FILE:LINE:COL-ENDCOL: WARNING: MESSAGE
 *
 * optionally followed (when spatch runs with DMACHECK_COCCI=1) by a tab and
 * a JSON object {"function": ..., "related": [{"line", "column",
 * "message"}]}.  Without the JSON, every "NAME() on line N" in the message
 * is a related location, as in the kernel's own scripts.
 */
struct dmc_cocci_report {
	char *file;
	unsigned line;
	unsigned column;	/* 1-based (spatch counts from 0) */
	char *function;		/* NULL when not known */
	char *message;		/* without the WARNING: level */
	struct dmc_cocci_related *related;
	size_t nrelated;
};

/*
 * Parses one line; returns 0 and fills *out, or -1 when the line is not a
 * report line (spatch's other output).  Free with dmc_cocci_report_free().
 */
int dmc_cocci_parse_report(const char *line, struct dmc_cocci_report *out);
void dmc_cocci_report_free(struct dmc_cocci_report *r);

/*
 * A file spatch did not fully analyse, from its stderr under --quiet
 * --parse-error-msg: "error in FILE; set verbose_parsing" (part or all of
 * the file did not parse: spatch skips what it cannot parse) and
 * "EXN: EXCEPTION in FILE" (the file was abandoned, e.g. on --timeout).
 */
struct dmc_cocci_problem {
	char *file;
	int parse_error;	/* else an exception, named in reason */
	char *reason;
};

/* Calls found() for every problem in spatch's stderr, in order. */
void dmc_cocci_scan_problems(const char *err,
			     void (*found)(const struct dmc_cocci_problem *p, void *ctx), void *ctx);

/*
 * One region `spatch --parse-c --verbose-parsing` could not parse: the
 * lines spatch dropped ("bad:" and "BAD:" lines), and where it stopped.
 * Some errors ("semantic error seems this is not a function") come without
 * a position: error_line, first_line and last_line are then 0.
 */
struct dmc_cocci_parse_region {
	char *file;
	unsigned error_line;
	unsigned first_line;
	unsigned last_line;
	char *token;		/* the token spatch stopped at, may be empty */
	char *dropped;		/* the dropped lines, newline-separated */
	char *stopped_at;	/* the line spatch stopped at (the BAD: line) */
};

void dmc_cocci_scan_parse_regions(const char *out,
				  void (*found)(const struct dmc_cocci_parse_region *r, void *ctx),
				  void *ctx);

#endif
