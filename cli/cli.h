/* SPDX-License-Identifier: GPL-2.0 */
/* The dmacheck command: subcommands and what they share. */
#ifndef DMC_CLI_H
#define DMC_CLI_H

#include <stddef.h>
#include <stdio.h>

/* Exit statuses: a CI gate can tell "found something" from "could not look". */
enum dmc_exit {
	DMC_EXIT_CLEAN = 0,		/* nothing at or above --fail-on */
	DMC_EXIT_FINDINGS = 1,		/* findings at or above --fail-on */
	DMC_EXIT_USAGE = 2,		/* bad command line or bad input: nothing was scanned */
	DMC_EXIT_INCOMPLETE = 3,	/* scanned, but some input could not be analysed */
};

int dmc_cmd_scan(int argc, char **argv);
int dmc_cmd_report(int argc, char **argv);
int dmc_cmd_triage(int argc, char **argv);
int dmc_cmd_rules(int argc, char **argv);
int dmc_cmd_explain(int argc, char **argv);

struct dmc_report;

enum dmc_format { DMC_FORMAT_TEXT, DMC_FORMAT_JSON, DMC_FORMAT_SARIF, DMC_FORMAT_HTML };

/* Parses text|json|sarif|html; on error prints why and returns DMC_EXIT_USAGE. */
int dmc_parse_format(const char *name, enum dmc_format *format);
/*
 * Opens the report's destination before any work is done, so that a bad -o
 * costs nothing: stdout when path is NULL; NULL after printing why.
 */
FILE *dmc_open_output(const char *path);
/* Writes the report to out (opened for path) and closes it; -1 after printing why. */
int dmc_write_report(FILE *out, const char *path, enum dmc_format format,
		     const struct dmc_report *report);

/* Static engines, options and input checks shared by scan and triage. */
unsigned dmc_all_static_engines(void);
int dmc_parse_engines(const char *list, unsigned *mask);
int dmc_parse_jobs(const char *text, unsigned *jobs);
int dmc_check_kdir(const char *kdir);
int dmc_check_compdb(const char *path);
int dmc_check_engines(unsigned mask);
/* Runs the static engines in `engines` over the files; findings and input problems go to report. */
void dmc_run_static_engines(unsigned engines, const char *const *files, size_t nfiles,
			    const char *kdir, const char *compdb, unsigned jobs,
			    struct dmc_report *report);

/* Prints "dmacheck: <message>" and a pointer to --help; returns DMC_EXIT_USAGE. */
int dmc_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Collects the C files named by paths (files, or directories searched
 * recursively), sorted.  On a missing or unusable path prints why and
 * returns -1.
 */
int dmc_collect_files(char *const *paths, size_t npaths, char ***files, size_t *nfiles);
void dmc_free_files(char **files, size_t nfiles);
/*
 * Keeps of *files those git says changed since rev (asked in the repository
 * holding first_path), and the C files that include a changed header.
 * On a bad revision or no repository prints why and returns -1.
 */
int dmc_filter_changed(const char *rev, const char *first_path, char ***files, size_t *nfiles);

/* Progress on a terminal; silent when stderr is not a tty or in CI. */
struct dmc_progress;
struct dmc_progress *dmc_progress_start(void);
void dmc_progress_update(void *ctx, unsigned engine, size_t done, size_t total);
void dmc_progress_end(struct dmc_progress *p);

#endif
