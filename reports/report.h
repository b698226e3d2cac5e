/* SPDX-License-Identifier: GPL-2.0 */
/* A scan's result as the outputs see it, and the outputs themselves. */
#ifndef DMC_REPORT_H
#define DMC_REPORT_H

#include <stdio.h>

#include <jansson.h>

#include "finding.h"

struct dmc_report {
	struct dmc_findings findings;
	struct dmc_diags diags;
	unsigned engines;		/* DMC_ENGINE_* bits that ran */
	size_t files_scanned;
	size_t baselined;		/* findings suppressed by --baseline */
	char *configuration;		/* what the findings were computed under */
};

void dmc_report_init(struct dmc_report *report);
void dmc_report_free(struct dmc_report *report);

/* Outputs.  Each returns 0, or -1 with errno set when writing failed. */
int dmc_emit_text(FILE *out, const struct dmc_report *report);
int dmc_emit_json(FILE *out, const struct dmc_report *report);
int dmc_emit_sarif(FILE *out, const struct dmc_report *report);
/* One self-contained page: source excerpts, paths and ownership timelines. */
int dmc_emit_html(FILE *out, const struct dmc_report *report);

/*
 * The JSON form of one finding; the same object is one line of the runtime
 * tracker's `violations` file, so both sides share a reader.
 */
json_t *dmc_finding_to_json(const struct dmc_finding *f);
/*
 * Adds the finding described by obj to list.  Returns 0, or -1 with a
 * message in err naming the problem (unknown rule, missing field).
 */
int dmc_finding_from_json(json_t *obj, struct dmc_findings *list, char *err, size_t errlen);

json_t *dmc_report_to_json(const struct dmc_report *report);
/*
 * Reads findings and diagnostics from dmacheck's JSON report, a SARIF log
 * written by dmacheck, or a file of one JSON finding per line (the runtime
 * tracker's `violations`).  Returns 0, or -1 with err naming the problem.
 */
int dmc_report_load(const char *path, struct dmc_report *report, char *err, size_t errlen);

#endif
