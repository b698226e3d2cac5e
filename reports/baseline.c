// SPDX-License-Identifier: GPL-2.0
#include "baseline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "util.h"

struct dmc_baseline {
	char **fingerprints;	/* sorted, for bsearch */
	size_t count;
};

static int compare_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct dmc_baseline *dmc_baseline_load(const char *path, char *err, size_t errlen)
{
	struct dmc_report report;
	struct dmc_baseline *bl;

	dmc_report_init(&report);
	if (dmc_report_load(path, &report, err, errlen) != 0) {
		dmc_report_free(&report);
		return NULL;
	}
	bl = dmc_xcalloc(1, sizeof(*bl));
	bl->fingerprints = dmc_xcalloc(report.findings.count, sizeof(char *));
	for (size_t i = 0; i < report.findings.count; i++) {
		const struct dmc_finding *f = &report.findings.items[i];

		if (!f->fingerprint[0]) {
			snprintf(err, errlen, "%s: finding %zu (%s at line %u) has no fingerprint; "
				 "write baselines with `dmacheck scan --format json`", path, i,
				 f->rule->slug, f->loc.line);
			dmc_report_free(&report);
			dmc_baseline_free(bl);
			return NULL;
		}
		bl->fingerprints[bl->count++] = dmc_xstrdup(f->fingerprint);
	}
	qsort(bl->fingerprints, bl->count, sizeof(char *), compare_str);
	dmc_report_free(&report);
	return bl;
}

void dmc_baseline_free(struct dmc_baseline *baseline)
{
	if (!baseline)
		return;
	for (size_t i = 0; i < baseline->count; i++)
		free(baseline->fingerprints[i]);
	free(baseline->fingerprints);
	free(baseline);
}

size_t dmc_baseline_size(const struct dmc_baseline *baseline)
{
	return baseline->count;
}

int dmc_baseline_contains(const struct dmc_baseline *baseline, const char *fingerprint)
{
	return bsearch(&fingerprint, baseline->fingerprints, baseline->count, sizeof(char *),
		       compare_str) != NULL;
}

static int not_in_baseline(const struct dmc_finding *f, void *ctx)
{
	return !dmc_baseline_contains(ctx, f->fingerprint);
}

size_t dmc_baseline_apply(const struct dmc_baseline *baseline, struct dmc_findings *list)
{
	return dmc_findings_filter(list, not_in_baseline, (void *)baseline);
}
