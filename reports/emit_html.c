// SPDX-License-Identifier: GPL-2.0
/*
 * HTML output: one self-contained page (inline CSS and SVG, no scripts, no
 * network) that opens offline.  Each finding shows the source around it with
 * the violating line and the ownership-transfer lines marked, the path
 * between them, and, when the finding has a path, the ownership timeline of
 * the mapping drawn as a picture: who owned the buffer between the steps.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "source.h"
#include "version.h"

/* Lines of context around each marked line. */
#define CONTEXT 3
/* Marked lines closer than this share one excerpt. */
#define JOIN_GAP (2 * CONTEXT + 2)

static void escape(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '&': fputs("&amp;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		case '\t': fputs("        ", out); break;
		default: fputc(*s, out);
		}
	}
}

static void escape_n(FILE *out, const char *s, size_t n)
{
	char buf[2] = { 0 };

	for (size_t i = 0; i < n; i++) {
		buf[0] = s[i];
		escape(out, buf);
	}
}

static const char style[] =
	"body{font:14px/1.45 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1d2330}"
	"header{background:#1d2330;color:#fff;padding:16px 24px}"
	"header h1{margin:0 0 4px;font-size:20px}main{padding:16px 24px;max-width:1200px}"
	".summary span{margin-right:16px}"
	".finding{background:#fff;border:1px solid #d8dce3;border-left:6px solid #888;"
	"border-radius:6px;margin:16px 0;padding:12px 16px}"
	".finding.error{border-left-color:#c62828}.finding.warning{border-left-color:#ef8f00}"
	".finding.note{border-left-color:#1e6fd9}"
	".finding h2{font-size:16px;margin:0 0 6px}.slug{font-family:monospace;color:#555}"
	".meta{color:#555;font-size:12px;margin-bottom:8px}"
	"pre.src{background:#fbfbfc;border:1px solid #e4e7ec;padding:6px 0;overflow-x:auto;"
	"font:12px/1.5 ui-monospace,monospace;margin:6px 0}"
	"pre.src span{display:block;padding:0 10px;white-space:pre}"
	"pre.src .ln{display:inline;color:#99a;padding:0 10px 0 0}"
	"pre.src .violation{background:#fde2e1;font-weight:600}"
	"pre.src .transfer{background:#e1effd}.gap{color:#99a}"
	"ol.path{margin:6px 0 6px 18px;padding:0}.tag{font-size:11px;padding:1px 6px;"
	"border-radius:8px;margin-left:6px;color:#fff}.tag.violation{background:#c62828}"
	".tag.transfer{background:#1e6fd9}svg.timeline{display:block;margin:8px 0}"
	"table.diags{border-collapse:collapse}table.diags td{border:1px solid #ddd;padding:4px 8px}";

static void print_header(FILE *out, const struct dmc_report *report)
{
	size_t by_sev[DMC_SEV_ERROR + 1] = { 0 };
	char engines[64];

	for (size_t i = 0; i < report->findings.count; i++)
		by_sev[report->findings.items[i].severity]++;
	fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		     "<title>dmacheck report</title><style>%s</style></head><body>\n", style);
	fprintf(out, "<header><h1>dmacheck report</h1><div class=\"summary\">"
		     "<span id=\"count\">%zu findings</span><span>%zu error</span><span>%zu warning</span>"
		     "<span>%zu note</span><span>%zu files</span><span>engines: %s</span>",
		report->findings.count, by_sev[DMC_SEV_ERROR], by_sev[DMC_SEV_WARNING],
		by_sev[DMC_SEV_NOTE], report->files_scanned,
		dmc_engine_mask_str(report->engines, engines, sizeof(engines)));
	if (report->baselined)
		fprintf(out, "<span>%zu hidden by the baseline</span>", report->baselined);
	fputs("</div>", out);
	if (report->configuration) {
		fputs("<div class=\"meta\" style=\"color:#bbc\">", out);
		escape(out, report->configuration);
		fprintf(out, " &middot; %s %s</div>", DMC_NAME, DMC_VERSION);
	}
	fputs("</header><main>\n", out);
}

static void print_place(FILE *out, const struct dmc_loc *loc)
{
	if (loc->file) {
		escape(out, loc->file);
		if (loc->line)
			fprintf(out, ":%u", loc->line);
	} else {
		escape(out, loc->function ? loc->function : "unknown site");
	}
}

/* How a source line is marked in an excerpt. */
static const char *mark_of(const struct dmc_finding *f, unsigned line)
{
	if (line == f->loc.line)
		return "violation";
	for (size_t i = 0; i < f->nrelated; i++)
		if (f->related[i].line == line && f->related[i].file &&
		    strcmp(f->related[i].file, f->loc.file) == 0)
			return "transfer";
	return NULL;
}

static int cmp_unsigned(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;

	return (x > y) - (x < y);
}

/* Source excerpts of the finding's file: one around each group of marked lines. */
static void print_source(FILE *out, const struct dmc_finding *f)
{
	unsigned marks[64], n = 0, total;

	if (!f->loc.file || !f->loc.line || !(total = dmc_source_line_count(f->loc.file)))
		return;
	marks[n++] = f->loc.line;
	for (size_t i = 0; i < f->nrelated && n < 64; i++)
		if (f->related[i].file && f->related[i].line &&
		    strcmp(f->related[i].file, f->loc.file) == 0)
			marks[n++] = f->related[i].line;
	qsort(marks, n, sizeof(marks[0]), cmp_unsigned);
	fputs("<pre class=\"src\">", out);
	for (unsigned i = 0; i < n;) {
		unsigned first = marks[i] > CONTEXT ? marks[i] - CONTEXT : 1, last;

		while (i + 1 < n && marks[i + 1] - marks[i] <= JOIN_GAP)
			i++;
		last = marks[i] + CONTEXT < total ? marks[i] + CONTEXT : total;
		for (unsigned l = first; l <= last; l++) {
			size_t len;
			const char *text = dmc_source_line(f->loc.file, l, &len);
			const char *mark = mark_of(f, l);

			fprintf(out, "<span%s%s%s data-line=\"%u\"><span class=\"ln\">%5u</span>",
				mark ? " class=\"" : "", mark ? mark : "", mark ? "\"" : "", l, l);
			if (text)
				escape_n(out, text, len);
			fputs("</span>", out);
		}
		i++;
		if (i < n)
			fputs("<span class=\"gap\">      &hellip;</span>", out);
	}
	fputs("</pre>\n", out);
}

enum owner { OWNER_CPU, OWNER_DEVICE, OWNER_UNMAPPED };

/*
 * Who owns the buffer after a step, read from the step's description: the
 * engines describe steps with the API call they saw ("dma_map_single()",
 * "dma_sync_single_for_cpu()", ...).
 */
static enum owner owner_after(const char *what, enum owner before)
{
	if (!what)
		return before;
	if (strstr(what, "for_device") || strstr(what, "dma_map") || strstr(what, "mapped"))
		return OWNER_DEVICE;
	if (strstr(what, "for_cpu"))
		return OWNER_CPU;
	if (strstr(what, "unmap") || strstr(what, "free"))
		return OWNER_UNMAPPED;
	return before;
}

/* A step's label, shortened to fit above its marker; the full text is its tooltip. */
static void print_step_label(FILE *out, unsigned x, unsigned y, const char *text)
{
	size_t len = text ? strlen(text) : 0;

	fprintf(out, "<text x=\"%u\" y=\"%u\" text-anchor=\"middle\"><title>", x, y);
	escape(out, text);
	fputs("</title>", out);
	if (len > 24) {
		escape_n(out, text, 22);
		fputs("&hellip;", out);
	} else {
		escape(out, text ? text : "step");
	}
	fputs("</text>", out);
}

/*
 * The ownership timeline: one marker per step of the path (the violation in
 * red), and between markers a band coloured by who owned the buffer then
 * (device, CPU, nobody).  Labels alternate between two rows so they never
 * overlap.
 */
static void print_timeline(FILE *out, const struct dmc_finding *f)
{
	static const char *const colour[] = { "#2e9d57", "#e0a400", "#9aa3b2" };
	static const char *const label[] = { "CPU owns", "device owns", "unmapped" };
	const unsigned step = 170, left = 90;
	unsigned width = left + step * (unsigned)(f->nflow - 1) + 110, x;
	enum owner owner = OWNER_CPU;

	if (f->nflow < 2)
		return;
	fprintf(out, "<svg class=\"timeline\" role=\"img\" aria-label=\"ownership timeline\" "
		     "xmlns=\"http://www.w3.org/2000/svg\" width=\"%u\" height=\"118\" "
		     "viewBox=\"0 0 %u 118\" font-family=\"sans-serif\" font-size=\"11\">", width, width);
	for (size_t i = 0; i < f->nflow; i++) {
		const struct dmc_loc *s = &f->flow[i];
		int violation = s->line == f->loc.line && s->file && f->loc.file &&
				strcmp(s->file, f->loc.file) == 0;

		x = left + step * (unsigned)i;
		owner = owner_after(s->message, owner);
		if (i + 1 == f->nflow)	/* who owns it after the last step */
			fprintf(out, "<rect x=\"%u\" y=\"50\" width=\"60\" height=\"10\" fill=\"%s\" "
				     "opacity=\"0.5\"><title>%s</title></rect>", x, colour[owner], label[owner]);
		else
			fprintf(out, "<rect x=\"%u\" y=\"50\" width=\"%u\" height=\"10\" fill=\"%s\">"
				     "<title>%s</title></rect><text x=\"%u\" y=\"76\" "
				     "text-anchor=\"middle\" fill=\"#555\">%s</text>",
				x, step, colour[owner], label[owner], x + step / 2, label[owner]);
		fprintf(out, "<circle cx=\"%u\" cy=\"55\" r=\"7\" fill=\"%s\" stroke=\"#1d2330\"/>",
			x, violation ? "#c62828" : "#fff");
		print_step_label(out, x, i % 2 ? 34 : 18, s->message);
		fprintf(out, "<text x=\"%u\" y=\"%u\" text-anchor=\"middle\" fill=\"#555\">", x,
			i % 2 ? 110 : 94);
		if (s->line)
			fprintf(out, "line %u", s->line);
		else
			escape(out, s->function);
		fputs("</text>", out);
	}
	fputs("</svg>\n", out);
}

static void print_path(FILE *out, const struct dmc_finding *f)
{
	if (f->nflow == 0)
		return;
	fputs("<div>Path:</div><ol class=\"path\">", out);
	for (size_t i = 0; i < f->nflow; i++) {
		fputs("<li>", out);
		print_place(out, &f->flow[i]);
		fputs(": ", out);
		escape(out, f->flow[i].message);
		fputs("</li>", out);
	}
	fputs("</ol>\n", out);
}

static void print_finding(FILE *out, const struct dmc_finding *f, size_t index)
{
	char engines[64];

	fprintf(out, "<section class=\"finding %s\" id=\"f%zu\" data-rule=\"%s\">",
		dmc_severity_name(f->severity), index, f->rule->slug);
	fprintf(out, "<h2>%s <span class=\"slug\">[%s]</span></h2><div class=\"meta\">",
		dmc_severity_name(f->severity), f->rule->slug);
	print_place(out, &f->loc);
	if (f->loc.function && f->loc.file) {
		fputs(" in ", out);
		escape(out, f->loc.function);
		fputs("()", out);
	}
	fprintf(out, " &middot; %s", dmc_engine_mask_str(f->engines, engines, sizeof(engines)));
	if (f->fingerprint[0])
		fprintf(out, " &middot; fingerprint %s", f->fingerprint);
	fputs("</div><div class=\"message\">", out);
	escape(out, f->loc.message ? f->loc.message : f->rule->summary);
	fputs("<span class=\"tag violation\">violation</span></div>", out);
	for (size_t i = 0; i < f->nrelated; i++) {
		fputs("<div class=\"related\">", out);
		print_place(out, &f->related[i]);
		fputs(": ", out);
		escape(out, f->related[i].message);
		fputs("<span class=\"tag transfer\">ownership transfer</span></div>", out);
	}
	print_source(out, f);
	print_timeline(out, f);
	print_path(out, f);
	fputs("</section>\n", out);
}

static void print_diags(FILE *out, const struct dmc_report *report)
{
	if (report->diags.count == 0)
		return;
	fputs("<h2>Input problems</h2><table class=\"diags\">", out);
	for (size_t i = 0; i < report->diags.count; i++) {
		const struct dmc_diag *d = &report->diags.items[i];

		fprintf(out, "<tr><td>%s</td><td>", dmc_severity_name(d->severity));
		escape(out, d->file ? d->file : "");
		fputs("</td><td>", out);
		escape(out, d->message);
		fputs("</td></tr>", out);
	}
	fputs("</table>\n", out);
}

int dmc_emit_html(FILE *out, const struct dmc_report *report)
{
	print_header(out, report);
	if (report->findings.count == 0)
		fputs("<p>No findings.</p>\n", out);
	for (size_t i = 0; i < report->findings.count; i++)
		print_finding(out, &report->findings.items[i], i + 1);
	print_diags(out, report);
	fputs("</main></body></html>\n", out);
	return ferror(out) ? -1 : 0;
}
