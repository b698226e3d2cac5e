/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Running the analysis of many files: which files need it (prefilter.c),
 * forked workers with a time limit each (pool.c), and the JSON lines a
 * worker sends back (transport.c).  A worker that crashes or hangs costs its
 * own file, never the scan: the parent turns it into a diagnostic naming the
 * file.
 */
#ifndef DMC_WORKERS_H
#define DMC_WORKERS_H

#include <stddef.h>

#include "finding.h"

/* ---------------------------------------------------------------- pool.c */

struct pool_result {
	char *output;		/* everything the job wrote to its descriptor, NUL-terminated */
	size_t length;
	int exit_status;	/* the job's return value, or 128 + signal */
	int signal;		/* the signal that ended it, 0 if it exited */
	int timed_out;		/* killed at the time limit */
	double seconds;		/* wall time */
};

/*
 * Runs job(index, fd, ctx) for index 0..njobs-1, each in a forked child that
 * writes its results to fd and whose return value is its exit status; at
 * most `parallel` at a time, each killed after timeout_s seconds (0: no
 * limit).  done(index, result, ctx) is called in the calling process, in
 * completion order.
 */
typedef int (*pool_job_fn)(size_t index, int fd, void *ctx);
typedef void (*pool_done_fn)(size_t index, const struct pool_result *res, void *ctx);

int pool_run(size_t njobs, unsigned parallel, unsigned timeout_s, pool_job_fn job,
	     pool_done_fn done, void *ctx);

/* ----------------------------------------------------------- prefilter.c */

/*
 * Whether the file, or a header it includes with "..." from beside it,
 * mentions the DMA API (or the CPU-address functions a rule looks for).
 * Files that do not are not parsed.
 */
int prefilter_mentions_dma(const char *path);

/* ----------------------------------------------------------- transport.c */

/* Writes every finding and diagnostic as one JSON object per line; 0 or -1. */
int transport_write(int fd, const struct dmc_findings *findings, const struct dmc_diags *diags);

/*
 * Reads what transport_write() wrote.  Returns 0, or -1 with a message in
 * err when a line is not one of ours (the worker died mid-line, say); what
 * was read before stays in the lists.
 */
int transport_read(const char *text, struct dmc_findings *findings, struct dmc_diags *diags,
		   char *err, size_t errlen);

#endif
