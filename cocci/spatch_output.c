// SPDX-License-Identifier: GPL-2.0
/* Readers of spatch's output; see spatch_output.h for the formats. */
#include "spatch_output.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "util.h"

static char *group(const char *s, const regmatch_t *m)
{
	return strndup(s + m->rm_so, (size_t)(m->rm_eo - m->rm_so));
}

static unsigned number(const char *s, const regmatch_t *m)
{
	return (unsigned)strtoul(s + m->rm_so, NULL, 10);
}

static void add_related(struct dmc_cocci_report *r, unsigned line, unsigned column,
			const char *message)
{
	r->related = dmc_xrealloc(r->related, (r->nrelated + 1) * sizeof(*r->related));
	r->related[r->nrelated++] = (struct dmc_cocci_related){ line, column,
								 dmc_xstrdup(message) };
}

/* "WARNING: text" -> "text": the level is the catalogue's, not the script's. */
static const char *strip_level(const char *msg)
{
	static const char *const levels[] = { "WARNING: ", "ERROR: ", "INFO: ", "NOTE: " };

	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		if (strncmp(msg, levels[i], strlen(levels[i])) == 0)
			return msg + strlen(levels[i]);
	return msg;
}

/* The structured tail dmacheck's rules print under DMACHECK_COCCI=1. */
static int parse_details(const char *json, struct dmc_cocci_report *r)
{
	json_t *root = json_loads(json, 0, NULL), *fn, *rel, *item;
	size_t i;

	if (!json_is_object(root)) {
		json_decref(root);
		return -1;
	}
	fn = json_object_get(root, "function");
	if (json_is_string(fn) && *json_string_value(fn))
		r->function = dmc_xstrdup(json_string_value(fn));
	rel = json_object_get(root, "related");
	json_array_foreach(rel, i, item) {
		json_t *line = json_object_get(item, "line"), *col = json_object_get(item, "column");
		json_t *msg = json_object_get(item, "message");

		if (json_is_integer(line) && json_integer_value(line) > 0)
			add_related(r, (unsigned)json_integer_value(line),
				    json_is_integer(col) ? (unsigned)json_integer_value(col) : 0,
				    json_is_string(msg) ? json_string_value(msg) : "");
	}
	json_decref(root);
	return 0;
}

/* Kernel-style messages name their related calls as "NAME() on line N". */
static void parse_related_text(struct dmc_cocci_report *r)
{
	regex_t re;
	regmatch_t m[3];
	const char *msg = r->message;

	regcomp(&re, "([A-Za-z_][A-Za-z_0-9]*)\\(\\) on line ([0-9]+)", REG_EXTENDED);
	while (regexec(&re, msg, 3, m, 0) == 0) {
		char *call = group(msg, &m[1]);
		char *note = dmc_xasprintf("%s() called here", call);

		add_related(r, number(msg, &m[2]), 0, note);
		free(note);
		free(call);
		msg += m[0].rm_eo;
	}
	regfree(&re);
}

int dmc_cocci_parse_report(const char *line, struct dmc_cocci_report *out)
{
	regex_t re;
	regmatch_t m[6];
	char *text, *tab;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	regcomp(&re, "^(.+):([0-9]+):([0-9]+)-([0-9]+): (.*)$", REG_EXTENDED);
	if (regexec(&re, line, 6, m, 0) == 0) {
		out->file = group(line, &m[1]);
		out->line = number(line, &m[2]);
		out->column = number(line, &m[3]) + 1;	/* spatch counts columns from 0 */
		text = group(line, &m[5]);
		tab = strchr(text, '\t');
		if (tab)
			*tab++ = '\0';
		out->message = dmc_xstrdup(strip_level(text));
		if (!tab || parse_details(tab, out) != 0)
			parse_related_text(out);
		free(text);
		rc = 0;
	}
	regfree(&re);
	return rc;
}

void dmc_cocci_report_free(struct dmc_cocci_report *r)
{
	for (size_t i = 0; i < r->nrelated; i++)
		free(r->related[i].message);
	free(r->related);
	free(r->file);
	free(r->function);
	free(r->message);
	memset(r, 0, sizeof(*r));
}

/* Calls fn for each line of text (a modifiable copy). */
static void each_line(const char *text, void (*fn)(char *line, void *ctx), void *ctx)
{
	char *copy = dmc_xstrdup(text ? text : ""), *save = NULL;

	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		fn(line, ctx);
	free(copy);
}

struct problem_scan {
	regex_t parse_re, exn_re;
	void (*found)(const struct dmc_cocci_problem *p, void *ctx);
	void *ctx;
};

static void problem_line(char *line, void *ctx)
{
	struct problem_scan *s = ctx;
	struct dmc_cocci_problem p = { 0 };
	regmatch_t m[3];

	if (regexec(&s->parse_re, line, 2, m, 0) == 0) {
		p.file = group(line, &m[1]);
		p.parse_error = 1;
		p.reason = dmc_xstrdup("parse error");
	} else if (regexec(&s->exn_re, line, 3, m, 0) == 0) {
		char *exn = group(line, &m[1]);

		p.file = group(line, &m[2]);
		p.reason = dmc_xstrdup(strstr(exn, "Timeout") ? "timed out" : exn);
		free(exn);
	} else {
		return;
	}
	s->found(&p, s->ctx);
	free(p.file);
	free(p.reason);
}

void dmc_cocci_scan_problems(const char *err,
			     void (*found)(const struct dmc_cocci_problem *p, void *ctx), void *ctx)
{
	struct problem_scan s = { .found = found, .ctx = ctx };

	regcomp(&s.parse_re, "error in (.+); set verbose_parsing for more info", REG_EXTENDED);
	regcomp(&s.exn_re, "^EXN: ?(.+) in (.+)$", REG_EXTENDED);
	each_line(err, problem_line, &s);
	regfree(&s.parse_re);
	regfree(&s.exn_re);
}

/*
 * Walks `spatch --parse-c` output: "PARSING: FILE", then per error an
 * optional ' = File "FILE", line N' and "around = 'TOKEN'", "badcount: K",
 * and the dropped lines as "bad:" (and one "BAD:") lines.
 */
struct region_scan {
	regex_t parsing_re, file_re, around_re;
	char *parsing;			/* the file being parsed */
	struct dmc_cocci_parse_region cur;
	unsigned before, after;
	int in_region, seen_bad;
	void (*found)(const struct dmc_cocci_parse_region *r, void *ctx);
	void *ctx;
};

static void append_line(char **text, const char *line)
{
	char *more = dmc_xasprintf("%s%s\n", *text ? *text : "", line);

	free(*text);
	*text = more;
}

static void region_reset(struct region_scan *s)
{
	free(s->cur.file);
	free(s->cur.token);
	free(s->cur.dropped);
	free(s->cur.stopped_at);
	memset(&s->cur, 0, sizeof(s->cur));
	s->before = s->after = 0;
	s->in_region = s->seen_bad = 0;
}

static void region_flush(struct region_scan *s)
{
	if (s->in_region) {
		if (!s->cur.file)
			s->cur.file = dmc_xstrdup(s->parsing ? s->parsing : "");
		if (!s->cur.token)
			s->cur.token = dmc_xstrdup("");
		if (!s->cur.stopped_at)
			s->cur.stopped_at = dmc_xstrdup("");
		if (!s->cur.dropped)
			s->cur.dropped = dmc_xstrdup("");
		if (s->cur.error_line) {
			s->cur.first_line = s->cur.error_line > s->before ?
					    s->cur.error_line - s->before : 1;
			s->cur.last_line = s->cur.error_line + s->after;
		}
		s->found(&s->cur, s->ctx);
	}
	region_reset(s);
}

static void region_line(char *line, void *ctx)
{
	struct region_scan *s = ctx;
	regmatch_t m[3];

	if (s->seen_bad && strncmp(line, "bad:", 4) != 0) {
		region_flush(s);
	}
	if (regexec(&s->parsing_re, line, 2, m, 0) == 0) {
		region_reset(s);
		free(s->parsing);
		s->parsing = group(line, &m[1]);
	} else if (regexec(&s->file_re, line, 3, m, 0) == 0) {
		region_reset(s);
		s->cur.file = group(line, &m[1]);
		s->cur.error_line = number(line, &m[2]);
	} else if (regexec(&s->around_re, line, 2, m, 0) == 0) {
		free(s->cur.token);
		s->cur.token = group(line, &m[1]);
	} else if (strncmp(line, "badcount:", 9) == 0) {
		s->in_region = 1;
	} else if (s->in_region && strncmp(line, "BAD:", 4) == 0) {
		s->seen_bad = 1;
		s->cur.stopped_at = dmc_xstrdup(line + 4 + strspn(line + 4, "! \t"));
		append_line(&s->cur.dropped, s->cur.stopped_at);
	} else if (s->in_region && strncmp(line, "bad:", 4) == 0) {
		if (s->seen_bad)
			s->after++;
		else
			s->before++;
		append_line(&s->cur.dropped, line + 4);
	}
}

void dmc_cocci_scan_parse_regions(const char *out,
				  void (*found)(const struct dmc_cocci_parse_region *r, void *ctx),
				  void *ctx)
{
	struct region_scan s = { .found = found, .ctx = ctx };

	regcomp(&s.parsing_re, "^PARSING: (.+)$", REG_EXTENDED);
	regcomp(&s.file_re, "^ = File \"(.+)\", line ([0-9]+), column", REG_EXTENDED);
	regcomp(&s.around_re, "^ +around = '(.*)',$", REG_EXTENDED);
	each_line(out, region_line, &s);
	region_flush(&s);
	free(s.parsing);
	regfree(&s.parsing_re);
	regfree(&s.file_re);
	regfree(&s.around_re);
}
