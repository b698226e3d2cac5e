// SPDX-License-Identifier: GPL-2.0
/* dmacheck: finds DMA API misuse in Linux device drivers. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "version.h"

static const char usage[] =
	"usage: dmacheck <command> [options]\n"
	"\n"
	"Finds DMA API misuse in Linux device drivers.\n"
	"\n"
	"commands:\n"
	"  scan [options] PATH...   scan driver sources (files or directories)\n"
	"  rules [--format text|markdown|json]\n"
	"                           list the rule catalogue\n"
	"  explain [--api] SLUG     show a rule's documentation (--api: the DMA API calls it judges)\n"
	"  report [options] REPORT...\n"
	"                           merge saved reports (json, sarif, runtime violations)\n"
	"                           and write them as text, json, sarif or html\n"
	"  triage --log FILE [--ko MODULE.ko] [--src DIR] [options]\n"
	"                           turn a kernel log (DMA-API debugging, dmatrack) into\n"
	"                           ranked source lines\n"
	"\n"
	"  --help, -h               this help; `dmacheck scan --help` for scan options\n"
	"  --version                print the version\n"
	"\n"
	"exit status: 0 nothing found at or above --fail-on, 1 findings,\n"
	"             2 usage or input error, 3 scan incomplete (input not analysed)\n";

int dmc_usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("dmacheck: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'dmacheck --help' for more information.\n", stderr);
	return DMC_EXIT_USAGE;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(int argc, char **argv);
	} commands[] = {
		{ "scan", dmc_cmd_scan },
		{ "rules", dmc_cmd_rules },
		{ "explain", dmc_cmd_explain },
		{ "report", dmc_cmd_report },
		{ "triage", dmc_cmd_triage },
	};

	if (argc < 2)
		return dmc_usage_error("no command given");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		fputs(usage, stdout);
		return DMC_EXIT_CLEAN;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("%s %s\n", DMC_NAME, DMC_VERSION);
		return DMC_EXIT_CLEAN;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	if (argv[1][0] == '-')
		return dmc_usage_error("unknown option '%s'", argv[1]);
	return dmc_usage_error("unknown command '%s'", argv[1]);
}
