// SPDX-License-Identifier: GPL-2.0
/*
 * `dmacheck triage`: from runtime evidence to "this line, this mapping, this
 * reason".  Reads the logs, resolves call sites through the modules' DWARF,
 * runs the static engines on the code the reports point at, and ranks what
 * it found, runtime and static agreement first.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "rank.h"
#include "report.h"
#include "symbolize.h"
#include "triage.h"
#include "util.h"

static const char triage_usage[] =
	"usage: dmacheck triage --log FILE [--ko MODULE.ko] [--src DIR] [options]\n"
	"\n"
	"Turns runtime evidence into source lines: a dmesg or journal log with the kernel's\n"
	"DMA-API debugging warnings or dmatrack reports, or dmatrack's violations file.\n"
	"\n"
	"  --log FILE         the log (repeatable)\n"
	"  --ko MODULE.ko     a module with debug info, to resolve call sites (repeatable)\n"
	"  --src DIR          the driver's source tree, where resolved files are looked up\n"
	"  --kdir DIR         kernel build or headers directory for the static engines\n"
	"  --compdb FILE      compile_commands.json for the static engines\n"
	"  --engines LIST     static engines to run on the code involved, or 'none'\n"
	"  --format FMT       text (default), json, sarif or html\n"
	"  -o, --output FILE  write the report to FILE\n"
	"  --fail-on SEV      exit 1 when a finding is at least SEV (default warning)\n"
	"  -j, --jobs N       parallel workers for the static engines\n";

struct triage_options {
	char **logs;
	size_t nlogs;
	char **modules;
	size_t nmodules;
	const char *src;
	const char *kdir;
	const char *compdb;
	unsigned engines;
	enum dmc_format format;
	const char *output;
	enum dmc_severity fail_on;
	unsigned jobs;
};

static void push(char ***list, size_t *n, char *item)
{
	*list = dmc_xrealloc(*list, (*n + 1) * sizeof(char *));
	(*list)[(*n)++] = item;
}

static int parse_options(int argc, char **argv, struct triage_options *opt)
{
	static const struct option options[] = {
		{ "log", required_argument, NULL, 'L' }, { "ko", required_argument, NULL, 'M' },
		{ "src", required_argument, NULL, 'D' }, { "kdir", required_argument, NULL, 'K' },
		{ "compdb", required_argument, NULL, 'C' },
		{ "engines", required_argument, NULL, 'E' },
		{ "format", required_argument, NULL, 'F' },
		{ "output", required_argument, NULL, 'o' },
		{ "fail-on", required_argument, NULL, 'S' },
		{ "jobs", required_argument, NULL, 'j' }, { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int c, rc = 0;

	*opt = (struct triage_options){ .engines = dmc_all_static_engines(),
					.fail_on = DMC_SEV_WARNING,
					.jobs = cpus > 0 ? (unsigned)cpus : 1 };
	opterr = 0;
	while (rc == 0 && (c = getopt_long(argc, argv, ":o:j:h", options, NULL)) != -1) {
		switch (c) {
		case 'L': push(&opt->logs, &opt->nlogs, optarg); break;
		case 'M': push(&opt->modules, &opt->nmodules, optarg); break;
		case 'D': opt->src = optarg; break;
		case 'K': opt->kdir = optarg; break;
		case 'C': opt->compdb = optarg; break;
		case 'E':
			if (strcmp(optarg, "none") == 0)
				opt->engines = 0;
			else
				rc = dmc_parse_engines(optarg, &opt->engines);
			break;
		case 'F': rc = dmc_parse_format(optarg, &opt->format); break;
		case 'o': opt->output = optarg; break;
		case 'S':
			if (dmc_severity_parse(optarg, &opt->fail_on) != 0)
				rc = dmc_usage_error("--fail-on takes error, warning, note or none, not '%s'",
						     optarg);
			break;
		case 'j': rc = dmc_parse_jobs(optarg, &opt->jobs); break;
		case 'h': fputs(triage_usage, stdout); return -1;
		case ':': rc = dmc_usage_error("option '%s' needs an argument", argv[optind - 1]); break;
		default: rc = dmc_usage_error("unknown option '%s' for 'triage'", argv[optind - 1]); break;
		}
	}
	if (rc == 0 && optind < argc)
		rc = dmc_usage_error("triage takes no PATH arguments (got '%s'); use --src", argv[optind]);
	if (rc == 0 && opt->nlogs == 0)
		rc = dmc_usage_error("triage needs --log FILE (dmesg, journal or dmatrack violations)");
	return rc;
}

static int check_inputs(const struct triage_options *opt)
{
	struct stat st;
	int rc = 0;

	for (size_t i = 0; i < opt->nlogs && rc == 0; i++)
		if (access(opt->logs[i], R_OK) != 0)
			rc = dmc_usage_error("--log %s: %s", opt->logs[i], strerror(errno));
	if (rc == 0 && opt->src && (stat(opt->src, &st) != 0 || !S_ISDIR(st.st_mode)))
		rc = dmc_usage_error("--src %s: not a directory", opt->src);
	if (rc == 0 && opt->kdir)
		rc = dmc_check_kdir(opt->kdir);
	if (rc == 0 && opt->compdb)
		rc = dmc_check_compdb(opt->compdb);
	if (rc == 0)
		rc = dmc_check_engines(opt->engines);
	return rc;
}

static int load_modules(const struct triage_options *opt, struct dmc_symbolizer *sym)
{
	char err[1024];

	for (size_t i = 0; i < opt->nmodules; i++)
		if (dmc_symbolizer_add_module(sym, opt->modules[i], err, sizeof(err)) != 0)
			return dmc_usage_error("--ko %s", err);
	return 0;
}

static void read_logs(const struct triage_options *opt, struct dmc_findings *runtime,
		      struct dmc_diags *diags, struct dmc_log_stats *total)
{
	memset(total, 0, sizeof(*total));
	for (size_t i = 0; i < opt->nlogs; i++) {
		struct dmc_log_stats st;

		dmc_read_log(opt->logs[i], runtime, diags, &st);
		total->lines += st.lines;
		total->dma_debug += st.dma_debug;
		total->dmatrack += st.dmatrack;
		total->not_classified += st.not_classified;
	}
}

static int listed(char **files, size_t n, const char *file)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(files[i], file) == 0)
			return 1;
	return 0;
}

/* The C files the resolved reports point at: what the static engines read. */
static size_t involved_files(const struct dmc_findings *runtime, char ***out)
{
	char **files = NULL;
	size_t n = 0;

	for (size_t i = 0; i < runtime->count; i++) {
		const struct dmc_finding *f = &runtime->items[i];
		const struct dmc_loc *locs[2] = { &f->loc, f->nrelated ? &f->related[0] : NULL };

		for (int k = 0; k < 2; k++) {
			const char *file = locs[k] ? locs[k]->file : NULL;
			size_t len = file ? strlen(file) : 0;

			if (!file || len < 3 || strcmp(file + len - 2, ".c") != 0 ||
			    access(file, R_OK) != 0 || listed(files, n, file))
				continue;
			push(&files, &n, dmc_xstrdup(file));
		}
	}
	*out = files;
	return n;
}

static void print_ranking(FILE *out, const struct triage_options *opt,
			  const struct dmc_log_stats *st, const struct dmc_report *report)
{
	size_t resolved = 0;

	for (size_t i = 0; i < report->findings.count; i++)
		resolved += (report->findings.items[i].engines & DMC_ENGINE_RUNTIME) &&
			    report->findings.items[i].loc.file;
	fprintf(out, "dmacheck triage: %u DMA-API debugging warnings and %u dmatrack reports in "
		     "%zu log%s; %zu resolved to source\n", st->dma_debug, st->dmatrack, opt->nlogs,
		opt->nlogs == 1 ? "" : "s", resolved);
	if (report->findings.count == 0) {
		fputs("No DMA API violations in the log.\n", out);
		return;
	}
	fputs("Likely root causes, most likely first:\n", out);
	for (size_t i = 0; i < report->findings.count; i++) {
		const struct dmc_finding *f = &report->findings.items[i];
		char engines[64];

		fprintf(out, "%3zu. ", i + 1);
		if (f->loc.file)
			fprintf(out, "%s:%u", f->loc.file, f->loc.line);
		else
			fputs(f->loc.function ? f->loc.function : "unknown site", out);
		fprintf(out, " %s", f->rule->slug);
		if (f->engines & DMC_ENGINE_RUNTIME)
			fprintf(out, ": reported %u time%s at runtime", f->count, f->count == 1 ? "" : "s");
		if (f->engines & ~(unsigned)DMC_ENGINE_RUNTIME)
			fprintf(out, "%s found by %s", f->engines & DMC_ENGINE_RUNTIME ? "; also" : ":",
				dmc_engine_mask_str(f->engines & ~(unsigned)DMC_ENGINE_RUNTIME, engines,
						    sizeof(engines)));
		if (f->nrelated && f->related[0].file)
			fprintf(out, " (mapping at %s:%u)", f->related[0].file, f->related[0].line);
		fputc('\n', out);
	}
	fputc('\n', out);
}

static int write_output(FILE *out, const struct triage_options *opt,
			const struct dmc_log_stats *st, const struct dmc_report *report)
{
	if (opt->format != DMC_FORMAT_TEXT)
		return dmc_write_report(out, opt->output, opt->format, report);
	print_ranking(out, opt, st, report);
	return dmc_write_report(out, opt->output, DMC_FORMAT_TEXT, report);
}

static void note_unresolved(const struct triage_options *opt, struct dmc_report *report)
{
	size_t symbolic = 0;

	for (size_t i = 0; i < report->findings.count; i++)
		symbolic += !report->findings.items[i].loc.file;
	if (!symbolic)
		return;
	if (opt->nmodules == 0)
		dmc_diags_add(&report->diags, DMC_SEV_NOTE, 0, NULL, 0,
			      "%zu report%s left as symbolic call sites: pass --ko MODULE.ko (built "
			      "with debug info) to resolve them to source lines", symbolic,
			      symbolic == 1 ? " is" : "s are");
	else
		dmc_diags_add(&report->diags, DMC_SEV_NOTE, 0, NULL, 0,
			      "%zu report%s in code none of the --ko modules contains (the kernel "
			      "itself, or another module)", symbolic, symbolic == 1 ? " is" : "s are");
}

int dmc_cmd_triage(int argc, char **argv)
{
	struct triage_options opt;
	struct dmc_symbolizer *sym = dmc_symbolizer_new();
	struct dmc_findings runtime;
	struct dmc_report statics, report;
	struct dmc_log_stats st;
	char **files = NULL;
	size_t nfiles;
	FILE *out = NULL;
	int rc = parse_options(argc, argv, &opt);

	if (rc == 0)
		rc = check_inputs(&opt);
	if (rc == 0)
		rc = load_modules(&opt, sym);
	if (rc == 0 && !(out = dmc_open_output(opt.output)))
		rc = DMC_EXIT_USAGE;
	if (rc != 0)
		goto out;

	dmc_report_init(&report);
	dmc_report_init(&statics);
	dmc_findings_init(&runtime);
	read_logs(&opt, &runtime, &report.diags, &st);
	dmc_symbolize_findings(sym, &runtime, opt.src);
	dmc_findings_merge(&runtime);

	nfiles = involved_files(&runtime, &files);
	if (nfiles && opt.engines)
		dmc_run_static_engines(opt.engines, (const char *const *)files, nfiles, opt.kdir,
				       opt.compdb, opt.jobs, &statics);
	dmc_findings_merge(&statics.findings);
	dmc_diags_move(&report.diags, &statics.diags);
	report.engines = DMC_ENGINE_RUNTIME | statics.engines;
	report.files_scanned = statics.files_scanned;
	report.configuration = dmc_xasprintf("triage of %zu log(s) with %zu module(s); static: %s",
					     opt.nlogs, opt.nmodules,
					     nfiles && opt.engines ? "run on the code involved" :
					     "not run");
	dmc_rank(&runtime, &statics.findings, &report.findings);
	note_unresolved(&opt, &report);
	dmc_findings_fingerprint(&report.findings);

	if (write_output(out, &opt, &st, &report) != 0)
		rc = DMC_EXIT_USAGE;
	else if (dmc_diags_count_at_least(&report.diags, DMC_SEV_ERROR))
		rc = DMC_EXIT_INCOMPLETE;
	else if (dmc_findings_count_at_least(&report.findings, opt.fail_on))
		rc = DMC_EXIT_FINDINGS;
	for (size_t i = 0; i < nfiles; i++)
		free(files[i]);
	free(files);
	dmc_report_free(&statics);
	dmc_report_free(&report);
out:
	dmc_symbolizer_free(sym);
	free(opt.logs);
	free(opt.modules);
	return rc < 0 ? DMC_EXIT_CLEAN : rc;
}
