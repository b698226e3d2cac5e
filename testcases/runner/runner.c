// SPDX-License-Identifier: GPL-2.0
/*
 * The testcase runner.  Testcases are small drivers that mark every line
 * where a finding must appear:
 *
 *     dma = dma_map_single(dev, buf, len, DMA_TO_DEVICE); / * expect: unchecked-mapping-error * /
 *
 * (several slugs separated by commas; `expect[analyzer]:` binds only the named
 * engines, for a case documented as beyond another engine's reach).  Every
 * NAME_bad.c has a clean twin NAME_clean.c that must produce nothing.
 *
 * Each engine the catalogue lists for a rule scans every testcase; an
 * expectation binds to exactly those engines.  A finding on a line without a
 * matching expectation is a false positive, a missing one a false negative;
 * either fails the (file, engine) test.  The output ends "N passed, N failed".
 *
 * usage: runner --dmacheck BIN [--kdir DIR] DIR...
 */
#include <errno.h>
#include <stdarg.h>
#include <getopt.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "catalogue.h"
#include "report.h"
#include "subprocess.h"
#include "util.h"

struct expectation {
	unsigned line;
	const struct dmc_rule *rule;
	unsigned engines;	/* 0 = every engine the catalogue lists */
	int matched;
};

struct testcase {
	char *path;
	int is_bad;		/* NAME_bad.c, else NAME_clean.c */
	struct expectation *expect;
	size_t nexpect;
};

struct tally {
	unsigned tp, fp, fn;
};

static unsigned passed, failed;
/* tallies[rule index][engine index] */
static struct tally tallies[64][3];

static void pass(void)
{
	passed++;
}

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fail(const char *fmt, ...)
{
	va_list ap;

	failed++;
	fputs("FAIL ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static int engine_index(unsigned bit)
{
	return bit == DMC_ENGINE_COCCI ? 0 : bit == DMC_ENGINE_ANALYZER ? 1 : 2;
}

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Parses "expect[eng,eng]: slug, slug" annotations of one file. */
static int parse_expectations(struct testcase *tc)
{
	regex_t re;
	FILE *fp = fopen(tc->path, "r");
	char *line = NULL;
	size_t cap = 0;
	unsigned lineno = 0;
	int ok = 1;

	if (!fp) {
		fail("%s: %s", tc->path, strerror(errno));
		return 0;
	}
	regcomp(&re, "expect(\\[([a-z,]+)\\])?:[ \t]*([a-z0-9, \t-]+)", REG_EXTENDED);
	while (getline(&line, &cap, fp) > 0) {
		regmatch_t m[4];
		char *slugs, *save = NULL;
		unsigned engines = 0;

		lineno++;
		if (regexec(&re, line, 4, m, 0) != 0)
			continue;
		if (m[2].rm_so >= 0) {
			char *names = strndup(line + m[2].rm_so, (size_t)(m[2].rm_eo - m[2].rm_so));

			for (char *n = strtok_r(names, ",", &save); n; n = strtok_r(NULL, ",", &save)) {
				unsigned bit = dmc_engine_parse(n);

				if (!bit) {
					fail("%s:%u: expect names unknown engine '%s'", tc->path, lineno, n);
					ok = 0;
				}
				engines |= bit;
			}
			free(names);
		}
		slugs = strndup(line + m[3].rm_so, (size_t)(m[3].rm_eo - m[3].rm_so));
		for (char *s = strtok_r(slugs, ", \t", &save); s; s = strtok_r(NULL, ", \t", &save)) {
			const struct dmc_rule *rule = dmc_rule_by_slug(s);

			if (!rule) {
				fail("%s:%u: expect names unknown rule '%s'", tc->path, lineno, s);
				ok = 0;
				continue;
			}
			tc->expect = dmc_xrealloc(tc->expect, (tc->nexpect + 1) * sizeof(*tc->expect));
			tc->expect[tc->nexpect++] = (struct expectation){ lineno, rule, engines, 0 };
		}
		free(slugs);
	}
	free(line);
	fclose(fp);
	regfree(&re);
	return ok;
}

static char *twin_of(const char *path, const char *from, const char *to)
{
	size_t stem = strlen(path) - strlen(from);
	char *twin = dmc_xmalloc(stem + strlen(to) + 1);

	memcpy(twin, path, stem);
	strcpy(twin + stem, to);
	return twin;
}

/* Naming, twins, and the annotations each kind of file must (not) carry. */
static void check_structure(struct testcase *tc)
{
	const char *from = tc->is_bad ? "_bad.c" : "_clean.c", *to = tc->is_bad ? "_clean.c" : "_bad.c";
	char *twin = twin_of(tc->path, from, to);

	if (access(twin, R_OK) != 0)
		fail("%s: has no twin %s", tc->path, twin);
	else if (tc->is_bad && tc->nexpect == 0)
		fail("%s: a buggy testcase without any expect annotation", tc->path);
	else if (!tc->is_bad && tc->nexpect != 0)
		fail("%s: a clean twin must not expect findings (line %u)", tc->path, tc->expect[0].line);
	else
		pass();
	free(twin);
}

static int binds(const struct expectation *e, unsigned engine)
{
	return (e->rule->engines & engine) && (!e->engines || (e->engines & engine));
}

static void compare(struct testcase *tc, unsigned engine, const struct dmc_findings *found)
{
	int ok = 1, ei = engine_index(engine);

	for (size_t i = 0; i < tc->nexpect; i++)
		tc->expect[i].matched = 0;
	for (size_t i = 0; i < found->count; i++) {
		const struct dmc_finding *f = &found->items[i];
		int hit = 0;

		if (!f->loc.file || strcmp(f->loc.file, tc->path) != 0)
			continue;
		for (size_t j = 0; j < tc->nexpect; j++) {
			struct expectation *e = &tc->expect[j];

			if (e->line == f->loc.line && e->rule == f->rule && binds(e, engine)) {
				e->matched = hit = 1;
				break;
			}
		}
		if (hit) {
			tallies[f->rule->id][ei].tp++;
			continue;
		}
		tallies[f->rule->id][ei].fp++;
		printf("  %s:%u: false positive [%s] from %s: %s\n", tc->path, f->loc.line,
		       f->rule->slug, dmc_engine_name(engine), f->loc.message ? f->loc.message : "");
		ok = 0;
	}
	for (size_t j = 0; j < tc->nexpect; j++) {
		struct expectation *e = &tc->expect[j];

		if (e->matched || !binds(e, engine))
			continue;
		tallies[e->rule->id][ei].fn++;
		printf("  %s:%u: false negative [%s] from %s\n", tc->path, e->line, e->rule->slug,
		       dmc_engine_name(engine));
		ok = 0;
	}
	if (ok)
		pass();
	else
		fail("%s [%s]", tc->path, dmc_engine_name(engine));
}

/* Runs one engine over every testcase; returns 0 with its findings. */
static int scan(const char *dmacheck, const char *kdir, unsigned engine, struct testcase *tcs,
		size_t n, struct dmc_report *report)
{
	char out[] = "/tmp/dmacheck-runner-XXXXXX", err[512];
	int fd = mkstemp(out);
	char **argv = dmc_xcalloc(n + 16, sizeof(char *));
	size_t a = 0;
	struct dmc_run_result res;
	int rc;

	close(fd);
	argv[a++] = (char *)dmacheck;
	argv[a++] = "scan";
	argv[a++] = "--engines";
	argv[a++] = (char *)dmc_engine_name(engine);
	argv[a++] = "--format";
	argv[a++] = "json";
	argv[a++] = "--fail-on";
	argv[a++] = "none";
	argv[a++] = "-o";
	argv[a++] = out;
	if (kdir) {
		argv[a++] = "--kdir";
		argv[a++] = (char *)kdir;
	}
	for (size_t i = 0; i < n; i++)
		argv[a++] = tcs[i].path;
	rc = dmc_run(argv, NULL, 0, &res);
	if (rc != 0) {
		fail("dmacheck scan --engines %s exited %d: %s", dmc_engine_name(engine),
		     res.exit_status, dmc_tail(res.err, 2000));
	} else if (dmc_report_load(out, report, err, sizeof(err)) != 0) {
		fail("reading the %s report: %s", dmc_engine_name(engine), err);
		rc = -1;
	}
	dmc_run_free(&res);
	unlink(out);
	free(argv);
	return rc;
}

static void collect(const char *dir, struct testcase **tcs, size_t *n);

static void add_path(const char *path, struct testcase **tcs, size_t *n)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		collect(path, tcs, n);
		return;
	}
	if (!has_suffix(path, ".c") || has_suffix(path, ".mod.c"))
		return;
	if (!has_suffix(path, "_bad.c") && !has_suffix(path, "_clean.c")) {
		fail("%s: testcases are named NAME_bad.c or NAME_clean.c", path);
		return;
	}
	*tcs = dmc_xrealloc(*tcs, (*n + 1) * sizeof(**tcs));
	(*tcs)[*n] = (struct testcase){ .path = dmc_xstrdup(path),
					.is_bad = has_suffix(path, "_bad.c") };
	(*n)++;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void collect(const char *dir, struct testcase **tcs, size_t *n)
{
	char *cmd = dmc_xasprintf("find '%s' -name '*.c' -type f", dir), *line = NULL, **names = NULL;
	FILE *p = popen(cmd, "r");
	size_t cap = 0, count = 0;

	while (p && getline(&line, &cap, p) > 0) {
		line[strcspn(line, "\n")] = '\0';
		names = dmc_xrealloc(names, (count + 1) * sizeof(char *));
		names[count++] = dmc_xstrdup(line);
	}
	if (p)
		pclose(p);
	qsort(names, count, sizeof(char *), compare_names);
	for (size_t i = 0; i < count; i++) {
		add_path(names[i], tcs, n);
		free(names[i]);
	}
	free(names);
	free(line);
	free(cmd);
}

static void print_tallies(unsigned engines_run)
{
	size_t nrules;
	const struct dmc_rule *rules = dmc_rules(&nrules);

	printf("\n%-29s %-9s %4s %4s %4s\n", "rule", "engine", "TP", "FP", "FN");
	for (size_t i = 0; i < nrules; i++) {
		for (unsigned bit = DMC_ENGINE_COCCI; bit <= DMC_ENGINE_ANALYZER; bit <<= 1) {
			struct tally *t = &tallies[rules[i].id][engine_index(bit)];

			if (!(engines_run & bit) || !((rules[i].engines & bit) || t->fp))
				continue;
			printf("%-29s %-9s %4u %4u %4u\n", rules[i].slug, dmc_engine_name(bit), t->tp,
			       t->fp, t->fn);
		}
	}
}

int main(int argc, char **argv)
{
	const char *dmacheck = NULL, *kdir = NULL;
	struct testcase *tcs = NULL;
	size_t n = 0, nrules;
	const struct dmc_rule *rules = dmc_rules(&nrules);
	unsigned claimed = 0, ran = 0;
	int c;

	static const struct option options[] = {
		{ "dmacheck", required_argument, NULL, 'd' },
		{ "kdir", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (c == 'd')
			dmacheck = optarg;
		else if (c == 'k')
			kdir = optarg;
		else
			return 2;
	}
	if (!dmacheck || optind >= argc) {
		fprintf(stderr, "usage: runner --dmacheck BIN [--kdir DIR] DIR...\n");
		return 2;
	}
	for (int i = optind; i < argc; i++)
		add_path(argv[i], &tcs, &n);
	for (size_t i = 0; i < n; i++) {
		parse_expectations(&tcs[i]);
		check_structure(&tcs[i]);
	}
	for (size_t i = 0; i < nrules; i++)
		claimed |= rules[i].engines & (DMC_ENGINE_COCCI | DMC_ENGINE_ANALYZER);

	for (unsigned bit = DMC_ENGINE_COCCI; bit <= DMC_ENGINE_ANALYZER; bit <<= 1) {
		struct dmc_report report;

		if (!(claimed & bit))
			continue;
		dmc_report_init(&report);
		if (scan(dmacheck, kdir, bit, tcs, n, &report) == 0) {
			ran |= bit;
			for (size_t i = 0; i < n; i++)
				compare(&tcs[i], bit, &report.findings);
		}
		dmc_report_free(&report);
	}
	print_tallies(ran);
	for (size_t i = 0; i < n; i++) {
		free(tcs[i].path);
		free(tcs[i].expect);
	}
	free(tcs);
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
