// SPDX-License-Identifier: GPL-2.0
/* `dmacheck scan`: run the static engines over driver sources and report. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "baseline.h"
#include "cli.h"
#include "engines.h"
#include "report.h"
#include "util.h"

static const char scan_usage[] =
	"usage: dmacheck scan [options] PATH...\n"
	"\n"
	"Scans driver sources (files or directories, searched for *.c) for DMA API misuse.\n"
	"\n"
	"  --kdir DIR         kernel build or headers directory (e.g. /lib/modules/VERSION/build)\n"
	"  --compdb FILE      compile_commands.json with the files' real compile flags\n"
	"  --engines LIST     comma-separated engines to run (default: all static engines: %s)\n"
	"  --format FMT       text (default), json, sarif or html\n"
	"  -o, --output FILE  write the report to FILE instead of standard output\n"
	"  --baseline FILE    hide findings recorded in FILE (an earlier json or sarif report)\n"
	"  --changed-since REV  scan only the files git says changed since REV (and the C\n"
	"                     files that include a changed header): a patch series' lint gate\n"
	"  --fail-on SEV      exit 1 when a finding is at least SEV: error, warning (default),\n"
	"                     note, or none\n"
	"  -j, --jobs N       parallel workers (default: the number of CPUs)\n"
	"  -h, --help         this help\n"
	"\n"
	"exit status: 0 nothing found at or above --fail-on, 1 findings,\n"
	"             2 usage or input error, 3 scan incomplete (input not analysed)\n";

struct scan_options {
	const char *kdir;
	const char *compdb;
	unsigned engines;
	enum dmc_format format;
	const char *output;
	const char *baseline;
	const char *changed_since;
	enum dmc_severity fail_on;
	unsigned jobs;
};

static int parse_options(int argc, char **argv, struct scan_options *opt)
{
	static const struct option options[] = {
		{ "kdir", required_argument, NULL, 'K' },
		{ "compdb", required_argument, NULL, 'C' },
		{ "engines", required_argument, NULL, 'E' },
		{ "format", required_argument, NULL, 'F' },
		{ "output", required_argument, NULL, 'o' },
		{ "baseline", required_argument, NULL, 'B' },
		{ "changed-since", required_argument, NULL, 'G' },
		{ "fail-on", required_argument, NULL, 'S' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int c, rc = 0;

	*opt = (struct scan_options){ .engines = dmc_all_static_engines(), .fail_on = DMC_SEV_WARNING,
				      .jobs = cpus > 0 ? (unsigned)cpus : 1 };
	opterr = 0;
	while (rc == 0 && (c = getopt_long(argc, argv, ":o:j:h", options, NULL)) != -1) {
		switch (c) {
		case 'K': opt->kdir = optarg; break;
		case 'C': opt->compdb = optarg; break;
		case 'E': rc = dmc_parse_engines(optarg, &opt->engines); break;
		case 'F': rc = dmc_parse_format(optarg, &opt->format); break;
		case 'o': opt->output = optarg; break;
		case 'B': opt->baseline = optarg; break;
		case 'G': opt->changed_since = optarg; break;
		case 'S':
			if (dmc_severity_parse(optarg, &opt->fail_on) != 0)
				rc = dmc_usage_error("--fail-on takes error, warning, note or none, not '%s'",
						     optarg);
			break;
		case 'j': rc = dmc_parse_jobs(optarg, &opt->jobs); break;
		case 'h':
			printf(scan_usage, dmc_engine_mask_str(dmc_all_static_engines(), (char[64]){ 0 }, 64));
			return -1;
		case ':':
			rc = dmc_usage_error("option '%s' needs an argument", argv[optind - 1]);
			break;
		default:
			rc = dmc_usage_error("unknown option '%s' for 'scan'", argv[optind - 1]);
			break;
		}
	}
	if (rc == 0 && optind >= argc)
		rc = dmc_usage_error("scan needs at least one PATH (a driver file or directory)");
	return rc;
}

static char *describe_configuration(const struct scan_options *opt)
{
	char engines[64];

	dmc_engine_mask_str(opt->engines, engines, sizeof(engines));
	return dmc_xasprintf("engines=%s kdir=%s compdb=%s%s%s", engines,
			     opt->kdir ? opt->kdir : "none", opt->compdb ? opt->compdb : "none",
			     opt->changed_since ? " changed-since=" : "",
			     opt->changed_since ? opt->changed_since : "");
}

/* Input problems go to stderr too when the report itself is not text on a terminal. */
static void echo_diags(const struct scan_options *opt, const struct dmc_report *report)
{
	if (opt->format == DMC_FORMAT_TEXT && !opt->output)
		return;
	for (size_t i = 0; i < report->diags.count; i++) {
		const struct dmc_diag *d = &report->diags.items[i];

		fprintf(stderr, "dmacheck: %s%s%s: %s\n", d->file ? d->file : "",
			d->file ? ": " : "", dmc_severity_name(d->severity), d->message);
	}
}

int dmc_cmd_scan(int argc, char **argv)
{
	struct scan_options opt;
	struct dmc_baseline *baseline = NULL;
	struct dmc_report report;
	char **files = NULL, err[1024];
	size_t nfiles = 0;
	FILE *out;
	int rc = parse_options(argc, argv, &opt);

	if (rc)
		return rc < 0 ? DMC_EXIT_CLEAN : rc;
	if ((opt.kdir && (rc = dmc_check_kdir(opt.kdir))) || (opt.compdb && (rc = dmc_check_compdb(opt.compdb))) ||
	    (rc = dmc_check_engines(opt.engines)))
		return rc;
	if (opt.baseline && !(baseline = dmc_baseline_load(opt.baseline, err, sizeof(err))))
		return dmc_usage_error("--baseline: %s", err);
	if (dmc_collect_files(argv + optind, (size_t)(argc - optind), &files, &nfiles) != 0) {
		dmc_baseline_free(baseline);
		return DMC_EXIT_USAGE;
	}
	if (opt.changed_since &&
	    dmc_filter_changed(opt.changed_since, argv[optind], &files, &nfiles) != 0) {
		dmc_baseline_free(baseline);
		dmc_free_files(files, nfiles);
		return DMC_EXIT_USAGE;
	}
	if (opt.changed_since && nfiles == 0)
		fprintf(stderr, "dmacheck: no C file under the given paths changed since %s\n",
			opt.changed_since);
	if (!(out = dmc_open_output(opt.output))) {
		dmc_baseline_free(baseline);
		dmc_free_files(files, nfiles);
		return DMC_EXIT_USAGE;
	}

	dmc_report_init(&report);
	report.configuration = describe_configuration(&opt);
	if (nfiles)
		dmc_run_static_engines(opt.engines, (const char *const *)files, nfiles, opt.kdir,
				       opt.compdb, opt.jobs, &report);
	dmc_findings_merge(&report.findings);
	dmc_findings_fingerprint(&report.findings);
	if (baseline)
		report.baselined = dmc_baseline_apply(baseline, &report.findings);

	if (dmc_write_report(out, opt.output, opt.format, &report) != 0)
		rc = DMC_EXIT_USAGE;
	else if (dmc_diags_count_at_least(&report.diags, DMC_SEV_ERROR))
		rc = DMC_EXIT_INCOMPLETE;
	else if (dmc_findings_count_at_least(&report.findings, opt.fail_on))
		rc = DMC_EXIT_FINDINGS;
	echo_diags(&opt, &report);

	dmc_report_free(&report);
	dmc_baseline_free(baseline);
	dmc_free_files(files, nfiles);
	return rc;
}
