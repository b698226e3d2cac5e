// SPDX-License-Identifier: GPL-2.0
/*
 * `dmacheck report`: reads saved reports (dmacheck JSON, SARIF logs written
 * by dmacheck, the runtime tracker's violations), merges them, and writes
 * them in any format: a CI job keeps the JSON and renders HTML on demand, or
 * joins the static scan with what the tracker saw.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "report.h"

static const char report_usage[] =
	"usage: dmacheck report [--format text|json|sarif|html] [-o FILE] [--fail-on SEV] REPORT...\n"
	"\n"
	"Merges saved reports (dmacheck JSON or SARIF, runtime violations) and writes them.\n";

int dmc_cmd_report(int argc, char **argv)
{
	static const struct option options[] = {
		{ "format", required_argument, NULL, 'F' },
		{ "output", required_argument, NULL, 'o' },
		{ "fail-on", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum dmc_format format = DMC_FORMAT_TEXT;
	enum dmc_severity fail_on = DMC_SEV_WARNING;
	const char *output = NULL;
	struct dmc_report merged;
	FILE *out;
	int c, rc = 0;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:h", options, NULL)) != -1) {
		switch (c) {
		case 'F':
			if (dmc_parse_format(optarg, &format))
				return DMC_EXIT_USAGE;
			break;
		case 'o': output = optarg; break;
		case 'S':
			if (dmc_severity_parse(optarg, &fail_on) != 0)
				return dmc_usage_error("--fail-on takes error, warning, note or none, not '%s'",
						       optarg);
			break;
		case 'h': fputs(report_usage, stdout); return DMC_EXIT_CLEAN;
		case ':': return dmc_usage_error("option '%s' needs an argument", argv[optind - 1]);
		default: return dmc_usage_error("unknown option '%s' for 'report'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return dmc_usage_error("report needs at least one saved report");
	if (!(out = dmc_open_output(output)))
		return DMC_EXIT_USAGE;
	dmc_report_init(&merged);
	for (int i = optind; i < argc && rc == 0; i++) {
		struct dmc_report one;
		char err[1024];

		dmc_report_init(&one);
		if (dmc_report_load(argv[i], &one, err, sizeof(err)) != 0) {
			rc = dmc_usage_error("%s", err);
		} else {
			dmc_findings_move(&merged.findings, &one.findings);
			dmc_diags_move(&merged.diags, &one.diags);
			merged.engines |= one.engines;
			merged.files_scanned += one.files_scanned;
			merged.baselined += one.baselined;
		}
		dmc_report_free(&one);
	}
	if (rc != 0 && out != stdout)
		fclose(out);
	if (rc == 0) {
		dmc_findings_merge(&merged.findings);
		for (size_t i = 0; i < merged.findings.count; i++)
			merged.engines |= merged.findings.items[i].engines;
		dmc_findings_fingerprint(&merged.findings);
		if (dmc_write_report(out, output, format, &merged) != 0)
			rc = DMC_EXIT_USAGE;
		else if (dmc_diags_count_at_least(&merged.diags, DMC_SEV_ERROR))
			rc = DMC_EXIT_INCOMPLETE;
		else if (dmc_findings_count_at_least(&merged.findings, fail_on))
			rc = DMC_EXIT_FINDINGS;
	}
	dmc_report_free(&merged);
	return rc;
}
