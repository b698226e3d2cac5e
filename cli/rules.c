// SPDX-License-Identifier: GPL-2.0
/* `dmacheck rules` and `dmacheck explain`: the catalogue for people and tools. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "api_model.h"
#include "catalogue.h"
#include "cli.h"

static void print_text(const struct dmc_rule *rules, size_t n)
{
	char engines[64];

	printf("%-6s %-29s %-8s %-23s %s\n", "ID", "RULE", "SEVERITY", "ENGINES", "SUMMARY");
	for (size_t i = 0; i < n; i++)
		printf("DMA%03d %-29s %-8s %-23s %s\n", rules[i].id, rules[i].slug,
		       dmc_severity_name(rules[i].severity),
		       dmc_engine_mask_str(rules[i].engines, engines, sizeof(engines)),
		       rules[i].summary);
}

/* The table README.md carries; `make check` fails when they differ. */
static void print_markdown(const struct dmc_rule *rules, size_t n)
{
	char engines[64];

	printf("| ID | Rule | Severity | Engines | Summary |\n");
	printf("|----|------|----------|---------|---------|\n");
	for (size_t i = 0; i < n; i++)
		printf("| DMA%03d | [%s](docs/rules/%s.md) | %s | %s | %s |\n", rules[i].id,
		       rules[i].slug, rules[i].slug, dmc_severity_name(rules[i].severity),
		       dmc_engine_mask_str(rules[i].engines, engines, sizeof(engines)),
		       rules[i].summary);
}

static void print_json(const struct dmc_rule *rules, size_t n)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < n; i++) {
		json_t *engines = json_array();
		char id[16];

		for (unsigned bit = 1; bit & DMC_ENGINE_ALL; bit <<= 1)
			if (rules[i].engines & bit)
				json_array_append_new(engines, json_string(dmc_engine_name(bit)));
		snprintf(id, sizeof(id), "DMA%03d", rules[i].id);
		json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:o,s:s}", "id", id,
						     "rule", rules[i].slug, "severity",
						     dmc_severity_name(rules[i].severity),
						     "engines", engines, "summary", rules[i].summary));
	}
	json_dumpf(arr, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	putchar('\n');
	json_decref(arr);
}

int dmc_cmd_rules(int argc, char **argv)
{
	static const struct option options[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *format = "text";
	size_t n;
	const struct dmc_rule *rules = dmc_rules(&n);
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:h", options, NULL)) != -1) {
		switch (c) {
		case 'f':
			format = optarg;
			break;
		case 'h':
			puts("usage: dmacheck rules [--format text|markdown|json]");
			return DMC_EXIT_CLEAN;
		case ':':
			return dmc_usage_error("option '%s' needs an argument", argv[optind - 1]);
		default:
			return dmc_usage_error("unknown option '%s' for 'rules'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return dmc_usage_error("'rules' takes no arguments (got '%s')", argv[optind]);
	if (strcmp(format, "text") == 0)
		print_text(rules, n);
	else if (strcmp(format, "markdown") == 0)
		print_markdown(rules, n);
	else if (strcmp(format, "json") == 0)
		print_json(rules, n);
	else
		return dmc_usage_error("unknown format '%s' (text, markdown or json)", format);
	return DMC_EXIT_CLEAN;
}

/*
 * `dmacheck explain SLUG` prints the rule's page; `dmacheck explain --api SLUG`
 * only the section that lists the DMA API calls it judges, from the model,
 * which scripts/update-rule-api.sh writes into the page.
 */
int dmc_cmd_explain(int argc, char **argv)
{
	const struct dmc_rule *rule;
	int api = argc == 3 && strcmp(argv[1], "--api") == 0;
	const char *slug = argv[argc - 1];

	if ((argc != 2 && !api) || slug[0] == '-') {
		if (argc == 2 && strcmp(argv[1], "--help") == 0) {
			puts("usage: dmacheck explain [--api] SLUG   (see `dmacheck rules` for the slugs)");
			return DMC_EXIT_CLEAN;
		}
		return dmc_usage_error("usage: dmacheck explain [--api] SLUG");
	}
	rule = dmc_rule_by_slug(slug);
	if (!rule)
		return dmc_usage_error("no rule named '%s'; `dmacheck rules` lists them", slug);
	if (!api) {
		fputs(dmc_rule_doc(rule), stdout);
		return DMC_EXIT_CLEAN;
	}
	if (dmc_rule_api_markdown(rule->slug, stdout) != 0)
		printf("## API functions it judges\n\nNone: it judges no DMA API call itself.\n");
	return DMC_EXIT_CLEAN;
}
