/* SPDX-License-Identifier: GPL-2.0 */
/* Running a helper program (spatch, clang, make) and capturing its output. */
#ifndef DMC_SUBPROCESS_H
#define DMC_SUBPROCESS_H

#include <stddef.h>

struct dmc_run_result {
	char *out;		/* everything written to stdout, NUL-terminated */
	size_t out_len;
	char *err;		/* everything written to stderr */
	size_t err_len;
	int exit_status;	/* exit code, or 128 + signal */
	int timed_out;		/* killed after the time limit */
	int spawn_errno;	/* non-zero when the program could not be started */
};

/*
 * Runs argv[0] (searched in PATH) with argv, in cwd when not NULL, with
 * stdin from /dev/null.  timeout_s = 0 means no limit; on timeout the whole
 * process group is killed.  Always fills *res; free it with dmc_run_free().
 * Returns 0 when the program ran and exited 0, -1 otherwise.
 */
int dmc_run(char *const argv[], const char *cwd, unsigned timeout_s, struct dmc_run_result *res);
void dmc_run_free(struct dmc_run_result *res);

/* The last `max` bytes of s, starting at a line boundary: for messages. */
const char *dmc_tail(const char *s, size_t max);

#endif
