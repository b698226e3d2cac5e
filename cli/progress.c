// SPDX-License-Identifier: GPL-2.0
/*
 * Progress of a long scan, on a terminal only: CI logs and pipes stay clean.
 * One line on stderr, redrawn in place at most a few times a second.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "catalogue.h"
#include "cli.h"
#include "util.h"

struct dmc_progress {
	double start;
	double last_draw;
	int drawn;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct dmc_progress *dmc_progress_start(void)
{
	struct dmc_progress *p;

	if (!isatty(STDERR_FILENO) || getenv("CI") || getenv("DMACHECK_NO_PROGRESS"))
		return NULL;
	p = dmc_xcalloc(1, sizeof(*p));
	p->start = now_s();
	return p;
}

void dmc_progress_update(void *ctx, unsigned engine, size_t done, size_t total)
{
	struct dmc_progress *p = ctx;
	double t = now_s();

	if (!p || (t - p->last_draw < 0.2 && done < total))
		return;
	p->last_draw = t;
	p->drawn = 1;
	fprintf(stderr, "\r\033[K[%s] %zu/%zu files done, %zu left, %.0fs", dmc_engine_name(engine),
		done, total, total - done, t - p->start);
	fflush(stderr);
}

void dmc_progress_end(struct dmc_progress *p)
{
	if (!p)
		return;
	if (p->drawn)
		fprintf(stderr, "\r\033[K");
	free(p);
}
