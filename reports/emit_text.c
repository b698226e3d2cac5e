// SPDX-License-Identifier: GPL-2.0
/*
 * Text output in the compiler's form, which editors and CI annotate:
 *   file:line:col: warning: message [slug]
 *   file:line:col: note: the related map, sync or unmap
 */
#include <stdio.h>
#include <string.h>

#include "report.h"

static void print_place(FILE *out, const struct dmc_loc *loc)
{
	if (!loc->file) {
		fprintf(out, "%s: ", loc->function ? loc->function : "<unknown>");
		return;
	}
	fprintf(out, "%s:", loc->file);
	if (loc->line)
		fprintf(out, "%u:", loc->line);
	if (loc->line && loc->column)
		fprintf(out, "%u:", loc->column);
	fputc(' ', out);
}

static void print_finding(FILE *out, const struct dmc_finding *f)
{
	print_place(out, &f->loc);
	fprintf(out, "%s: %s", dmc_severity_name(f->severity),
		f->loc.message ? f->loc.message : f->rule->summary);
	if (f->count > 1)
		fprintf(out, " (reported %u times)", f->count);
	fprintf(out, " [%s]\n", f->rule->slug);
	for (size_t i = 0; i < f->nrelated; i++) {
		print_place(out, &f->related[i]);
		fprintf(out, "note: %s\n", f->related[i].message ? f->related[i].message : "related");
	}
}

static int same_function(const struct dmc_finding *a, const struct dmc_finding *b)
{
	return a && a->loc.file && a->loc.function && b->loc.function &&
	       strcmp(a->loc.file, b->loc.file) == 0 && strcmp(a->loc.function, b->loc.function) == 0;
}

static void print_summary(FILE *out, const struct dmc_report *report)
{
	size_t by_sev[DMC_SEV_ERROR + 1] = { 0 };
	size_t failed = dmc_diags_count_at_least(&report->diags, DMC_SEV_ERROR);

	for (size_t i = 0; i < report->findings.count; i++)
		by_sev[report->findings.items[i].severity]++;
	fprintf(out, "dmacheck: %zu finding%s (%zu error, %zu warning, %zu note) in %zu file%s",
		report->findings.count, report->findings.count == 1 ? "" : "s",
		by_sev[DMC_SEV_ERROR], by_sev[DMC_SEV_WARNING], by_sev[DMC_SEV_NOTE],
		report->files_scanned, report->files_scanned == 1 ? "" : "s");
	if (report->baselined)
		fprintf(out, ", %zu in the baseline not shown", report->baselined);
	if (failed)
		fprintf(out, "; %zu input problem%s: the scan is incomplete", failed,
			failed == 1 ? "" : "s");
	fputc('\n', out);
}

int dmc_emit_text(FILE *out, const struct dmc_report *report)
{
	const struct dmc_finding *prev = NULL;

	for (size_t i = 0; i < report->findings.count; i++) {
		const struct dmc_finding *f = &report->findings.items[i];

		/* gcc's form: a function header line before its group of findings. */
		if (f->loc.file && f->loc.function && !same_function(prev, f))
			fprintf(out, "%s: In function '%s':\n", f->loc.file, f->loc.function);
		print_finding(out, f);
		prev = f;
	}
	for (size_t i = 0; i < report->diags.count; i++) {
		const struct dmc_diag *d = &report->diags.items[i];

		if (d->file)
			fprintf(out, d->line ? "%s:%u: " : "%s: ", d->file, d->line);
		else
			fprintf(out, "dmacheck: ");
		fprintf(out, "%s: %s", d->severity == DMC_SEV_ERROR ? "error" : dmc_severity_name(d->severity),
			d->message);
		if (d->engine)
			fprintf(out, " [%s engine]", dmc_engine_name(d->engine));
		fputc('\n', out);
	}
	print_summary(out, report);
	return ferror(out) ? -1 : 0;
}
