// SPDX-License-Identifier: GPL-2.0
/*
 * The host side of the runtime rig: holds what dmatrack.ko reported in the
 * guest (its `violations` file) to the `expect:` annotations of the test
 * modules, exactly: every expected (rule, line) reported, nothing else, and
 * clean twins silent; and where a line says "related: SLUG", the report's
 * related location (the ownership transfer) must be that line.
 *
 * The file is read twice: through the reports library (dmc_report_load, the
 * same reader `dmacheck` uses, so the round trip is tested) and as JSON for
 * the runtime fields.  A violation seen through a probe names its call site
 * as "function+0xoff/0xlen [module]"; it is resolved to a line through the
 * module's DWARF by triage's symbolizer, exactly as `dmacheck triage` would
 * (the innermost line in the module's source, a CPU access in a helper at
 * the helper's call).  Several reports of one line (a loop the compiler
 * unrolled) are one match.
 *
 * usage: dmtrack-rig-assert --violations FILE --modules DIR [--only LIST] [--label TEXT]
 *        dmtrack-rig-assert --claims testcases/runtime
 * Ends with "runtime-assert: N passed, N failed".
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "report.h"
#include "symbolize.h"
#include "util.h"

struct expect {
	char slug[64];
	unsigned int line;
	int matched;
	int related;		/* a "related:" line, not an "expect:" one */
};

struct module {
	char *name;		/* txring_teardown_bad */
	char *source;		/* DIR/double-unmap/txring_teardown_bad.c */
	char *ko;
	struct expect *expect;
	size_t nexpect;
	int seen;		/* violations attributed to it */
	int ok;
};

static unsigned int passed, failed;
static const char *label = "";

static void result(int ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void result(int ok, const char *fmt, ...)
{
	va_list ap;

	if (ok)
		passed++;
	else
		failed++;
	printf("%s %s: ", ok ? "PASS" : "FAIL", label);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* The slugs after an "expect:" (or "related:") comment mark on a line. */
static void parse_marks(struct module *m, const char *line, unsigned int lineno,
			const char *mark, int related)
{
	const char *p = strstr(line, mark);

	if (!p)
		return;
	for (p += strlen(mark);; p += strspn(p, ", ")) {
		size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyz-");
		struct expect *e;

		if (n == 0)
			break;
		m->expect = dmc_xrealloc(m->expect, (m->nexpect + 1) * sizeof(*m->expect));
		e = &m->expect[m->nexpect++];
		memset(e, 0, sizeof(*e));
		snprintf(e->slug, sizeof(e->slug), "%.*s", (int)n, p);
		e->line = lineno;
		e->related = related;
		p += n;
	}
}

static void parse_expectations(struct module *m)
{
	FILE *fp = fopen(m->source, "r");
	char *line = NULL;
	size_t cap = 0;
	unsigned int lineno = 0;

	if (!fp) {
		result(0, "%s: %s", m->source, strerror(errno));
		return;
	}
	while (getline(&line, &cap, fp) > 0) {
		lineno++;
		parse_marks(m, line, lineno, "/* expect: ", 0);
		parse_marks(m, line, lineno, "/* related: ", 1);
	}
	free(line);
	fclose(fp);
}

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* DIR/<rule>/<idiom>_{bad,clean}.c with the .ko built beside it. */
static struct module *find_modules(const char *dir, size_t *count)
{
	struct module *mods = NULL;
	DIR *top = opendir(dir), *sub;
	struct dirent *d, *f;

	*count = 0;
	if (!top) {
		result(0, "%s: %s", dir, strerror(errno));
		return NULL;
	}
	while ((d = readdir(top))) {
		char path[4096];

		if (d->d_name[0] == '.' || strcmp(d->d_name, "harness") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		sub = opendir(path);
		if (!sub)
			continue;
		while ((f = readdir(sub))) {
			struct module *m;

			if (!has_suffix(f->d_name, "_bad.c") && !has_suffix(f->d_name, "_clean.c"))
				continue;
			mods = dmc_xrealloc(mods, (*count + 1) * sizeof(*mods));
			m = &mods[(*count)++];
			memset(m, 0, sizeof(*m));
			m->name = strndup(f->d_name, strlen(f->d_name) - 2);
			if (asprintf(&m->source, "%s/%s", path, f->d_name) < 0 ||
			    asprintf(&m->ko, "%s/%s.ko", path, m->name) < 0)
				abort();
			m->ok = 1;
			parse_expectations(m);
		}
		closedir(sub);
	}
	closedir(top);
	return mods;
}

/* Keeps the modules named in the file (one name a line): those that ran. */
static void keep_only(struct module *mods, size_t *count, const char *path)
{
	FILE *fp = fopen(path, "r");
	char name[256];
	size_t kept = 0;

	if (!fp) {
		result(0, "%s: %s", path, strerror(errno));
		return;
	}
	while (fscanf(fp, "%255s", name) == 1)
		for (size_t i = kept; i < *count; i++)
			if (strcmp(mods[i].name, name) == 0) {
				struct module tmp = mods[kept];

				mods[kept++] = mods[i];
				mods[i] = tmp;
				break;
			}
	fclose(fp);
	*count = kept;
}

static struct module *module_named(struct module *mods, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(mods[i].name, name) == 0)
			return &mods[i];
	return NULL;
}

/* Every test module's .ko, to resolve "function+0xoff/0xlen [module]" sites. */
static struct dmc_symbolizer *symbolizer;

static void load_modules(struct module *mods, size_t n)
{
	char err[512];

	symbolizer = dmc_symbolizer_new();
	for (size_t i = 0; i < n; i++)
		if (dmc_symbolizer_add_module(symbolizer, mods[i].ko, err, sizeof(err)) != 0)
			result(0, "%s", err);
}

/*
 * The violation as triage sees it: through the findings model, its call
 * sites resolved through the modules' DWARF the way `dmacheck triage` does
 * (the innermost line in the module's source; a CPU access in a helper at
 * the helper's call).  Returns the list (one finding), or an empty one.
 */
static void resolve(json_t *v, struct dmc_findings *out)
{
	char err[256];

	dmc_findings_init(out);
	if (dmc_finding_from_json(v, out, err, sizeof(err)) == 0)
		dmc_symbolize_findings(symbolizer, out, NULL);
}

/* The line of a location in the module's own source, 0 if it is elsewhere. */
static unsigned int line_in(const struct module *m, const struct dmc_loc *loc)
{
	const char *base;

	if (!loc->file || !loc->line)
		return 0;
	base = strrchr(loc->file, '/');
	return strcmp(base ? base + 1 : loc->file, strrchr(m->source, '/') + 1) == 0 ? loc->line : 0;
}

/* Every finding names its related location, except where the design says "—". */
static int needs_related(const char *slug)
{
	return strcmp(slug, "invalid-dma-memory") != 0 && strcmp(slug, "sg-segment-limits") != 0;
}

/* The related location must be on a line marked "related: slug", when there is one. */
static void check_related(struct module *m, const struct dmc_finding *f, const char *slug,
			  unsigned int line)
{
	unsigned int rel_line;
	int marked = 0;

	for (size_t i = 0; i < m->nexpect; i++)
		marked |= m->expect[i].related && strcmp(m->expect[i].slug, slug) == 0;
	if (!marked)
		return;
	rel_line = f->nrelated ? line_in(m, &f->related[0]) : 0;
	for (size_t i = 0; i < m->nexpect; i++)
		if (m->expect[i].related && m->expect[i].line == rel_line &&
		    strcmp(m->expect[i].slug, slug) == 0)
			return;
	printf("  %s:%u: %s points at line %u as its related location, not at a \"related:\" line\n",
	       m->name, line, slug, rel_line);
	m->ok = 0;
}

static void match_violation(struct module *m, json_t *v)
{
	const char *slug = json_string_value(json_object_get(v, "rule"));
	size_t nrelated = json_array_size(json_object_get(v, "related"));
	size_t nstack = json_array_size(json_object_get(v, "stack"));
	const char *device = json_string_value(json_object_get(v, "device"));
	struct dmc_findings resolved;
	unsigned int line;

	resolve(v, &resolved);
	line = resolved.count ? line_in(m, &resolved.items[0].loc) : 0;
	m->seen++;
	for (size_t i = 0; i < m->nexpect; i++) {
		struct expect *e = &m->expect[i];

		if (e->related || e->line != line || strcmp(e->slug, slug) != 0)
			continue;
		e->matched = 1;
		check_related(m, &resolved.items[0], slug, line);
		if (needs_related(slug) && nrelated == 0) {
			printf("  %s:%u: %s without its related location\n", m->name, line, slug);
			m->ok = 0;
		}
		if (nstack == 0 || !device || !*device) {
			printf("  %s:%u: %s without stack or device\n", m->name, line, slug);
			m->ok = 0;
		}
		dmc_findings_free(&resolved);
		return;
	}
	printf("  %s: unexpected %s at line %u (%s): %s\n", m->name, slug, line,
	       json_string_value(json_object_get(v, "function")),
	       json_string_value(json_object_get(v, "message")));
	m->ok = 0;
	dmc_findings_free(&resolved);
}

static size_t count_lines(const char *path)
{
	FILE *fp = fopen(path, "r");
	size_t n = 0;
	int c, last = '\n';

	if (!fp)
		return 0;
	while ((c = fgetc(fp)) != EOF) {
		if (c == '\n' && last != '\n')
			n++;
		last = c;
	}
	fclose(fp);
	return n;
}

/* The findings model reads the file the module wrote. */
static void check_round_trip(const char *path)
{
	struct dmc_report report;
	char err[512];
	size_t lines = count_lines(path), runtime_only = 0;

	dmc_report_init(&report);
	if (lines == 0)
		return;	/* nothing to read back; missing reports fail per module */
	if (dmc_report_load(path, &report, err, sizeof(err)) != 0) {
		result(0, "dmc_report_load: %s", err);
		dmc_report_free(&report);
		return;
	}
	for (size_t i = 0; i < report.findings.count; i++)
		runtime_only += report.findings.items[i].engines == DMC_ENGINE_RUNTIME &&
				report.findings.items[i].loc.function;
	result(report.findings.count == lines && runtime_only == lines,
	       "the reports library reads all %zu violations (%zu findings, %zu runtime with a call site)",
	       lines, report.findings.count, runtime_only);
	dmc_report_free(&report);
}

/*
 * The catalogue's RUNTIME marks and testcases/runtime/ agree: every claimed
 * rule has a buggy module expecting it, every buggy module a clean twin,
 * and no module expects a rule the tracker does not claim.
 */
static void check_claims(const char *dir)
{
	size_t nmods, nrules;
	struct module *mods = find_modules(dir, &nmods);
	const struct dmc_rule *rules = dmc_rules(&nrules);

	for (size_t r = 0; r < nrules; r++) {
		int covered = 0;

		if (!(rules[r].engines & DMC_ENGINE_RUNTIME))
			continue;
		for (size_t i = 0; i < nmods; i++)
			for (size_t k = 0; k < mods[i].nexpect; k++)
				covered |= !mods[i].expect[k].related &&
					   strcmp(mods[i].expect[k].slug, rules[r].slug) == 0;
		result(covered, "the RUNTIME claim on %s has a buggy test module", rules[r].slug);
	}
	for (size_t i = 0; i < nmods; i++) {
		struct module *m = &mods[i];

		if (has_suffix(m->name, "_bad")) {
			char twin[512];

			snprintf(twin, sizeof(twin), "%.*s_clean", (int)(strlen(m->name) - 4), m->name);
			result(module_named(mods, nmods, twin) != NULL, "%s has its clean twin %s",
			       m->name, twin);
		} else if (m->nexpect) {
			result(0, "%s is a clean twin with expectations", m->name);
		}
		for (size_t k = 0; k < m->nexpect; k++) {
			const struct dmc_rule *rule = dmc_rule_by_slug(m->expect[k].slug);

			if (!rule || !(rule->engines & DMC_ENGINE_RUNTIME))
				result(0, "%s:%u expects %s, which reports/rules.def does not mark RUNTIME",
				       m->name, m->expect[k].line, m->expect[k].slug);
		}
	}
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "violations", required_argument, NULL, 'v' },
		{ "modules", required_argument, NULL, 'm' },
		{ "label", required_argument, NULL, 'l' },
		{ "only", required_argument, NULL, 'o' },
		{ "claims", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	const char *violations = NULL, *dir = NULL, *only = NULL;
	struct module *mods;
	size_t nmods;
	FILE *fp;
	char *line = NULL;
	size_t cap = 0;
	int opt;

	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (opt) {
		case 'v':
			violations = optarg;
			break;
		case 'm':
			dir = optarg;
			break;
		case 'l':
			label = optarg;
			break;
		case 'o':
			only = optarg;
			break;
		case 'c':
			check_claims(optarg);
			printf("runtime-assert: %u passed, %u failed\n", passed, failed);
			return failed ? 1 : 0;
		default:
			return 2;
		}
	}
	if (!violations || !dir) {
		fprintf(stderr, "usage: dmtrack-rig-assert --violations FILE --modules DIR [--only LIST] [--label TEXT]\n");
		return 2;
	}
	mods = find_modules(dir, &nmods);
	if (only)
		keep_only(mods, &nmods, only);
	load_modules(mods, nmods);
	check_round_trip(violations);
	fp = fopen(violations, "r");
	if (!fp) {
		result(0, "%s: %s", violations, strerror(errno));
		return 1;
	}
	while (getline(&line, &cap, fp) > 0) {
		json_error_t jerr;
		json_t *v;
		struct module *m;
		const char *driver;

		if (line[strspn(line, " \t\r\n")] == '\0')
			continue;
		v = json_loads(line, 0, &jerr);
		if (!v) {
			result(0, "%s: not JSON: %s: %.80s", violations, jerr.text, line);
			continue;
		}
		driver = json_string_value(json_object_get(v, "driver"));
		m = driver ? module_named(mods, nmods, driver) : NULL;
		if (m)
			match_violation(m, v);
		else
			result(0, "a report outside the test modules (driver %s): %s", driver,
			       json_string_value(json_object_get(v, "message")));
		json_decref(v);
	}
	free(line);
	fclose(fp);
	for (size_t i = 0; i < nmods; i++) {
		struct module *m = &mods[i];

		for (size_t k = 0; k < m->nexpect; k++) {
			if (!m->expect[k].matched && !m->expect[k].related) {
				printf("  %s: missing %s at line %u\n", m->name, m->expect[k].slug,
				       m->expect[k].line);
				m->ok = 0;
			}
		}
		size_t expected = 0;

		for (size_t k = 0; k < m->nexpect; k++)
			expected += !m->expect[k].related;
		result(m->ok, "%s (%zu expected, %d reported)", m->name, expected, m->seen);
	}
	printf("runtime-assert: %u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
