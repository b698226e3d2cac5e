// SPDX-License-Identifier: GPL-2.0
/*
 * The analyzer engine: finds each file's compile flags (flags/), skips
 * files that never mention the DMA API (workers/prefilter.c), and analyses
 * the rest in forked workers (workers/pool.c), each of which parses its
 * file with libclang and runs the ownership analysis (analysis.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <clang-c/Index.h>

#include "analysis.h"
#include "analyzer_engine.h"
#include "flags/flags.h"
#include "frontend/tu.h"
#include "util.h"
#include "workers/workers.h"

/* A file that takes longer than this is reported, not waited for. */
#define DEFAULT_FILE_TIMEOUT_S 300

struct scan {
	const struct dmc_scan_request *req;
	struct flags_set flags;
	size_t *todo;		/* indexes into req->files of the files to analyse */
	size_t ntodo;
	size_t done;
	struct dmc_findings *out;
	struct dmc_diags *diags;
};

static int analyzer_available(char *why, size_t len)
{
	CXString version = clang_getClangVersion();
	int ok = clang_getCString(version) && *clang_getCString(version);

	if (!ok)
		snprintf(why, len, "libclang does not work; run `make deps`");
	clang_disposeString(version);
	return ok ? 0 : -1;
}

static unsigned file_timeout(void)
{
	const char *env = getenv("DMACHECK_FILE_TIMEOUT");
	long v = env ? strtol(env, NULL, 10) : 0;

	return v > 0 ? (unsigned)v : DEFAULT_FILE_TIMEOUT_S;
}

/* In the worker: parse, analyse, send everything back. */
static int analyze_job(size_t index, int fd, void *ctx)
{
	struct scan *scan = ctx;
	struct flags_cmd *cmd = &scan->flags.cmds[index];
	struct dmc_findings findings;
	struct dmc_diags diags;
	struct tu_errors errors;
	CXIndex cx = clang_createIndex(0, 0);
	CXTranslationUnit tu;
	int rc;

	dmc_findings_init(&findings);
	dmc_diags_init(&diags);
	tu = tu_parse(cx, cmd->file, cmd->args, cmd->nargs, NULL, 0, &diags, &errors);
	if (tu) {
		analysis_run(tu, cmd->file, &errors, &findings, &diags);
		clang_disposeTranslationUnit(tu);
	}
	clang_disposeIndex(cx);
	rc = transport_write(fd, &findings, &diags) == 0 ? 0 : 1;
	tu_errors_free(&errors);
	dmc_findings_free(&findings);
	dmc_diags_free(&diags);
	return rc;
}

static void progress(struct scan *scan)
{
	const struct dmc_scan_request *req = scan->req;

	scan->done++;
	if (req->progress)
		req->progress(req->progress_ctx, DMC_ENGINE_ANALYZER, scan->done, req->nfiles);
}

/* In the parent: what came back, and what it means when nothing sensible did. */
static void job_done(size_t index, const struct pool_result *res, void *ctx)
{
	struct scan *scan = ctx;
	const char *file = scan->flags.cmds[index].file;
	char err[256];

	if (transport_read(res->output, scan->out, scan->diags, err, sizeof(err)) != 0 &&
	    !res->signal && !res->timed_out)
		dmc_diags_add(scan->diags, DMC_SEV_ERROR, DMC_ENGINE_ANALYZER, file, 0,
			      "the analyzer's worker sent garbled results (%s); findings may be "
			      "missing", err);
	if (res->timed_out)
		dmc_diags_add(scan->diags, DMC_SEV_ERROR, DMC_ENGINE_ANALYZER, file, 0,
			      "not analysed: stopped after the time limit of %u s "
			      "(DMACHECK_FILE_TIMEOUT)", file_timeout());
	else if (res->signal)
		dmc_diags_add(scan->diags, DMC_SEV_ERROR, DMC_ENGINE_ANALYZER, file, 0,
			      "not analysed: the analyzer crashed on this file (signal %d: %s)",
			      res->signal, strsignal(res->signal));
	else if (res->exit_status)
		dmc_diags_add(scan->diags, DMC_SEV_ERROR, DMC_ENGINE_ANALYZER, file, 0,
			      "not analysed: the analyzer's worker failed (exit status %d)",
			      res->exit_status);
	progress(scan);
}

/* Only files with flags go to workers; the others already have their diagnostic. */
static void compact_to_parsable(struct scan *scan)
{
	size_t out = 0;

	for (size_t i = 0; i < scan->flags.count; i++) {
		if (scan->flags.cmds[i].args) {
			scan->flags.cmds[out++] = scan->flags.cmds[i];
			continue;
		}
		free(scan->flags.cmds[i].file);
		free(scan->flags.cmds[i].directory);
		progress(scan);
	}
	scan->flags.count = out;
}

/* DMACHECK_ANALYZER_COMPDB=FILE: the commands the scan parses with, as a compile database. */
static void write_commands(struct scan *scan)
{
	const char *path = getenv("DMACHECK_ANALYZER_COMPDB");

	if (path && *path && flags_set_write_compdb(&scan->flags, path) != 0)
		dmc_diags_add(scan->diags, DMC_SEV_WARNING, DMC_ENGINE_ANALYZER, path, 0,
			      "cannot write the compile database (DMACHECK_ANALYZER_COMPDB): %s",
			      strerror(errno));
}

static int find_flags(struct scan *scan, const char **files)
{
	const struct dmc_scan_request *req = scan->req;
	char *kdir;
	int rc;

	if (req->compdb)
		return compdb_flags(req->compdb, files, scan->ntodo, &scan->flags, scan->diags);
	kdir = req->kdir ? dmc_xstrdup(req->kdir) : kbuild_default_kdir();
	if (!kdir) {
		dmc_diags_add(scan->diags, DMC_SEV_ERROR, DMC_ENGINE_ANALYZER, NULL, 0,
			      "no kernel build directory: pass --kdir (for example "
			      "/lib/modules/VERSION/build) or --compdb; none is installed under "
			      "/lib/modules/$(uname -r)/build or /usr/src/linux-headers-*");
		return -1;
	}
	rc = kbuild_flags(kdir, files, scan->ntodo, req->jobs, &scan->flags, scan->diags);
	free(kdir);
	return rc;
}

static int analyzer_scan(const struct dmc_scan_request *req, struct dmc_findings *out,
			 struct dmc_diags *diags)
{
	struct scan scan = { .req = req, .out = out, .diags = diags };
	const char **files = dmc_xcalloc(req->nfiles + 1, sizeof(char *));
	int rc = 0;

	for (size_t i = 0; i < req->nfiles; i++) {
		if (prefilter_mentions_dma(req->files[i]))
			files[scan.ntodo++] = req->files[i];
		else
			progress(&scan);
	}
	if (scan.ntodo && find_flags(&scan, files) != 0)
		rc = -1;
	if (rc == 0 && scan.ntodo) {
		compact_to_parsable(&scan);
		write_commands(&scan);
		pool_run(scan.flags.count, req->jobs, file_timeout(), analyze_job, job_done, &scan);
	}
	flags_set_free(&scan.flags);
	free(files);
	return rc;
}

const struct dmc_engine dmc_analyzer_engine = {
	.name = "analyzer",
	.bit = DMC_ENGINE_ANALYZER,
	.available = analyzer_available,
	.scan = analyzer_scan,
};
