/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The interface every static engine implements.  Engines never call each
 * other: the command gives each the same request, and their findings meet
 * in the findings model (finding.h), where they are merged.
 */
#ifndef DMC_ENGINE_H
#define DMC_ENGINE_H

#include <stddef.h>

#include "finding.h"

struct dmc_scan_request {
	const char *const *files;	/* the C files to scan, as the user named them */
	size_t nfiles;
	const char *kdir;		/* kernel build/headers dir, or NULL */
	const char *compdb;		/* compile_commands.json, or NULL */
	unsigned jobs;			/* parallel workers, >= 1 */
	/* Called as files complete (from the calling thread); may be NULL. */
	void (*progress)(void *ctx, unsigned engine, size_t done, size_t total);
	void *progress_ctx;
};

struct dmc_engine {
	const char *name;
	unsigned bit;			/* DMC_ENGINE_* */
	/*
	 * Returns 0 if the engine is usable here; otherwise -1 and a message
	 * (e.g. "spatch not found; run `make deps`").
	 */
	int (*available)(char *why, size_t len);
	/*
	 * Scans the request's files.  Findings go to `out`; every file the
	 * engine could not (fully) analyse gets a diagnostic in `diags`: never
	 * a silent skip.  Returns 0, or -1 when the engine could not run at all
	 * (with a diagnostic saying why).
	 */
	int (*scan)(const struct dmc_scan_request *req, struct dmc_findings *out,
		    struct dmc_diags *diags);
};

#endif
