// SPDX-License-Identifier: GPL-2.0
/* Report formats and writing a report: shared by scan, report and triage. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "report.h"

static const char *const format_names[] = {
	[DMC_FORMAT_TEXT] = "text",
	[DMC_FORMAT_JSON] = "json",
	[DMC_FORMAT_SARIF] = "sarif",
	[DMC_FORMAT_HTML] = "html",
};

int dmc_parse_format(const char *name, enum dmc_format *format)
{
	for (size_t i = 0; i < sizeof(format_names) / sizeof(format_names[0]); i++) {
		if (strcmp(name, format_names[i]) == 0) {
			*format = (enum dmc_format)i;
			return 0;
		}
	}
	return dmc_usage_error("unknown format '%s' (text, json, sarif or html)", name);
}

FILE *dmc_open_output(const char *path)
{
	FILE *out;

	if (!path)
		return stdout;
	out = fopen(path, "w");
	if (!out)
		fprintf(stderr, "dmacheck: -o %s: %s\n", path, strerror(errno));
	return out;
}

int dmc_write_report(FILE *out, const char *path, enum dmc_format format,
		     const struct dmc_report *report)
{
	int rc;

	switch (format) {
	case DMC_FORMAT_JSON: rc = dmc_emit_json(out, report); break;
	case DMC_FORMAT_SARIF: rc = dmc_emit_sarif(out, report); break;
	case DMC_FORMAT_HTML: rc = dmc_emit_html(out, report); break;
	default: rc = dmc_emit_text(out, report); break;
	}
	if (out != stdout ? fclose(out) != 0 : fflush(out) != 0)
		rc = -1;	/* a full disk shows here */
	if (rc != 0)
		fprintf(stderr, "dmacheck: writing the report to %s failed: %s\n",
			path ? path : "standard output", strerror(errno));
	return rc;
}
