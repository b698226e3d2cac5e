// SPDX-License-Identifier: GPL-2.0
/* dmacheck's own JSON: the report, one finding, and reading them back. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "util.h"
#include "version.h"

void dmc_report_init(struct dmc_report *report)
{
	memset(report, 0, sizeof(*report));
	dmc_findings_init(&report->findings);
	dmc_diags_init(&report->diags);
}

void dmc_report_free(struct dmc_report *report)
{
	dmc_findings_free(&report->findings);
	dmc_diags_free(&report->diags);
	free(report->configuration);
	dmc_report_init(report);
}

static json_t *engines_to_json(unsigned mask)
{
	json_t *arr = json_array();

	for (unsigned bit = 1; bit & DMC_ENGINE_ALL; bit <<= 1)
		if (mask & bit)
			json_array_append_new(arr, json_string(dmc_engine_name(bit)));
	return arr;
}

static void set_opt_string(json_t *obj, const char *key, const char *value)
{
	if (value)
		json_object_set_new(obj, key, json_string(value));
}

static json_t *loc_to_json(const struct dmc_loc *loc)
{
	json_t *obj = json_object();

	set_opt_string(obj, "file", loc->file);
	json_object_set_new(obj, "line", json_integer(loc->line));
	json_object_set_new(obj, "column", json_integer(loc->column));
	set_opt_string(obj, "function", loc->function);
	set_opt_string(obj, "message", loc->message);
	return obj;
}

static json_t *locs_to_json(const struct dmc_loc *locs, size_t n)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, loc_to_json(&locs[i]));
	return arr;
}

json_t *dmc_finding_to_json(const struct dmc_finding *f)
{
	json_t *obj = json_object();
	char id[16];

	snprintf(id, sizeof(id), "DMA%03d", f->rule->id);
	json_object_set_new(obj, "rule", json_string(f->rule->slug));
	json_object_set_new(obj, "id", json_string(id));
	json_object_set_new(obj, "severity", json_string(dmc_severity_name(f->severity)));
	set_opt_string(obj, "file", f->loc.file);
	json_object_set_new(obj, "line", json_integer(f->loc.line));
	json_object_set_new(obj, "column", json_integer(f->loc.column));
	set_opt_string(obj, "function", f->loc.function);
	set_opt_string(obj, "message", f->loc.message);
	json_object_set_new(obj, "engines", engines_to_json(f->engines));
	json_object_set_new(obj, "count", json_integer(f->count));
	if (f->fingerprint[0])
		json_object_set_new(obj, "fingerprint", json_string(f->fingerprint));
	json_object_set_new(obj, "related", locs_to_json(f->related, f->nrelated));
	json_object_set_new(obj, "flow", locs_to_json(f->flow, f->nflow));
	return obj;
}

json_t *dmc_report_to_json(const struct dmc_report *report)
{
	json_t *root = json_object(), *findings = json_array(), *diags = json_array();
	json_t *summary = json_object();

	json_object_set_new(root, "tool", json_pack("{s:s,s:s}", "name", DMC_NAME,
						    "version", DMC_VERSION));
	set_opt_string(root, "configuration", report->configuration);
	json_object_set_new(root, "engines", engines_to_json(report->engines));
	json_object_set_new(root, "files_scanned", json_integer((json_int_t)report->files_scanned));
	json_object_set_new(root, "baselined", json_integer((json_int_t)report->baselined));
	for (size_t i = 0; i < report->findings.count; i++)
		json_array_append_new(findings, dmc_finding_to_json(&report->findings.items[i]));
	json_object_set_new(root, "findings", findings);
	for (size_t i = 0; i < report->diags.count; i++) {
		const struct dmc_diag *d = &report->diags.items[i];
		json_t *obj = json_object();

		json_object_set_new(obj, "severity", json_string(dmc_severity_name(d->severity)));
		if (d->engine)
			json_object_set_new(obj, "engine", json_string(dmc_engine_name(d->engine)));
		set_opt_string(obj, "file", d->file);
		json_object_set_new(obj, "line", json_integer(d->line));
		json_object_set_new(obj, "message", json_string(d->message));
		json_array_append_new(diags, obj);
	}
	json_object_set_new(root, "diagnostics", diags);
	for (enum dmc_severity s = DMC_SEV_NOTE; s <= DMC_SEV_ERROR; s++) {
		size_t n = 0;

		for (size_t i = 0; i < report->findings.count; i++)
			n += report->findings.items[i].severity == s;
		json_object_set_new(summary, dmc_severity_name(s), json_integer((json_int_t)n));
	}
	json_object_set_new(root, "summary", summary);
	return root;
}

int dmc_emit_json(FILE *out, const struct dmc_report *report)
{
	json_t *root = dmc_report_to_json(report);
	int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	json_decref(root);
	if (rc == 0 && fputc('\n', out) == EOF)
		rc = -1;
	return rc;
}

/* ------------------------------------------------------------------ reading */

static const char *get_string(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

static unsigned get_uint(json_t *obj, const char *key)
{
	json_int_t v = json_integer_value(json_object_get(obj, key));

	return v > 0 ? (unsigned)v : 0;
}

static unsigned engines_from_json(json_t *obj)
{
	json_t *arr = json_object_get(obj, "engines"), *item;
	const char *one = get_string(obj, "engine");
	unsigned mask = one ? dmc_engine_parse(one) : 0;
	size_t i;

	json_array_foreach(arr, i, item)
		if (json_is_string(item))
			mask |= dmc_engine_parse(json_string_value(item));
	return mask;
}

/* A related location or step keeps its function: a runtime site is only that until resolved. */
static void set_loc_function(struct dmc_loc *loc, json_t *obj)
{
	const char *function = get_string(obj, "function");

	if (function)
		loc->function = dmc_xstrdup(function);
}

int dmc_finding_from_json(json_t *obj, struct dmc_findings *list, char *err, size_t errlen)
{
	const char *slug = get_string(obj, "rule"), *sev;
	const struct dmc_rule *rule;
	struct dmc_finding *f;
	json_t *loc;
	size_t i;

	if (!json_is_object(obj)) {
		snprintf(err, errlen, "a finding is not a JSON object");
		return -1;
	}
	if (!slug) {
		snprintf(err, errlen, "a finding has no \"rule\"");
		return -1;
	}
	rule = dmc_rule_by_slug(slug);
	if (!rule) {
		snprintf(err, errlen, "unknown rule \"%s\"", slug);
		return -1;
	}
	f = dmc_findings_add(list, rule, engines_from_json(obj), get_string(obj, "file"),
			     get_uint(obj, "line"), get_uint(obj, "column"),
			     get_string(obj, "function"), get_string(obj, "message"));
	sev = get_string(obj, "severity");
	if (sev && dmc_severity_parse(sev, &f->severity) != 0)
		f->severity = rule->severity;
	if (get_uint(obj, "count") > 1)
		f->count = get_uint(obj, "count");
	if (get_string(obj, "fingerprint"))
		snprintf(f->fingerprint, sizeof(f->fingerprint), "%s", get_string(obj, "fingerprint"));
	json_array_foreach(json_object_get(obj, "related"), i, loc) {
		dmc_finding_add_related(f, get_string(loc, "file"), get_uint(loc, "line"),
					get_uint(loc, "column"), get_string(loc, "message"));
		set_loc_function(&f->related[f->nrelated - 1], loc);
	}
	json_array_foreach(json_object_get(obj, "flow"), i, loc) {
		dmc_finding_add_flow(f, get_string(loc, "file"), get_uint(loc, "line"),
				     get_uint(loc, "column"), get_string(loc, "message"));
		set_loc_function(&f->flow[f->nflow - 1], loc);
	}
	return 0;
}

static int load_report_object(json_t *root, struct dmc_report *report, char *err, size_t errlen)
{
	json_t *item;
	size_t i;

	json_array_foreach(json_object_get(root, "findings"), i, item) {
		char why[256];

		if (dmc_finding_from_json(item, &report->findings, why, sizeof(why)) != 0) {
			snprintf(err, errlen, "finding %zu: %s", i, why);
			return -1;
		}
	}
	json_array_foreach(json_object_get(root, "diagnostics"), i, item) {
		enum dmc_severity sev = DMC_SEV_ERROR;
		const char *s = get_string(item, "severity");

		if (s)
			dmc_severity_parse(s, &sev);
		dmc_diags_add(&report->diags, sev, dmc_engine_parse(get_string(item, "engine") ?: ""),
			      get_string(item, "file"), get_uint(item, "line"), "%s",
			      get_string(item, "message") ?: "");
	}
	report->files_scanned = get_uint(root, "files_scanned");
	report->baselined = get_uint(root, "baselined");
	report->engines = engines_from_json(root);
	return 0;
}

/* SARIF results written by dmc_emit_sarif(): ruleId, first location, fingerprint. */
static int load_sarif_object(json_t *root, struct dmc_report *report, char *err, size_t errlen)
{
	json_t *run, *result;
	size_t i, j;

	json_array_foreach(json_object_get(root, "runs"), i, run) {
		json_array_foreach(json_object_get(run, "results"), j, result) {
			const char *slug = get_string(result, "ruleId");
			const struct dmc_rule *rule = slug ? dmc_rule_by_slug(slug) : NULL;
			json_t *phys = json_object_get(json_array_get(json_object_get(result, "locations"), 0),
						       "physicalLocation");
			json_t *region = json_object_get(phys, "region");
			const char *fp = get_string(json_object_get(result, "partialFingerprints"),
						    "dmacheck/v1");
			struct dmc_finding *f;

			if (!rule) {
				snprintf(err, errlen, "run %zu result %zu: unknown ruleId \"%s\"", i, j,
					 slug ? slug : "(none)");
				return -1;
			}
			f = dmc_findings_add(&report->findings, rule, 0,
					     get_string(json_object_get(phys, "artifactLocation"), "uri"),
					     get_uint(region, "startLine"), get_uint(region, "startColumn"),
					     NULL, get_string(json_object_get(result, "message"), "text"));
			if (fp)
				snprintf(f->fingerprint, sizeof(f->fingerprint), "%s", fp);
		}
	}
	return 0;
}

/* One finding per line: the runtime tracker's `violations` file. */
static int load_json_lines(const char *path, struct dmc_report *report, char *err, size_t errlen)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	unsigned lineno = 0;
	int rc = 0;

	if (!fp) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (rc == 0 && getline(&line, &cap, fp) > 0) {
		json_error_t jerr;
		json_t *obj;
		char why[256];

		lineno++;
		if (line[strspn(line, " \t\r\n")] == '\0')
			continue;
		obj = json_loads(line, 0, &jerr);
		if (!obj) {
			snprintf(err, errlen, "%s:%u: not JSON: %s", path, lineno, jerr.text);
			rc = -1;
		} else if (dmc_finding_from_json(obj, &report->findings, why, sizeof(why)) != 0) {
			snprintf(err, errlen, "%s:%u: %s", path, lineno, why);
			rc = -1;
		}
		json_decref(obj);
	}
	free(line);
	fclose(fp);
	return rc;
}

int dmc_report_load(const char *path, struct dmc_report *report, char *err, size_t errlen)
{
	json_error_t jerr;
	json_t *root = json_load_file(path, 0, &jerr);
	int rc;

	if (!root) {
		FILE *probe = fopen(path, "r");

		if (!probe) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			return -1;
		}
		fclose(probe);
		/* Not one JSON document: maybe one finding per line. */
		if (jerr.line > 1 || strstr(jerr.text, "end of file expected"))
			return load_json_lines(path, report, err, errlen);
		snprintf(err, errlen, "%s:%d:%d: not valid JSON: %s", path, jerr.line, jerr.column,
			 jerr.text);
		return -1;
	}
	if (json_is_object(root) && json_object_get(root, "runs"))
		rc = load_sarif_object(root, report, err, errlen);
	else if (json_is_object(root) && json_object_get(root, "findings"))
		rc = load_report_object(root, report, err, errlen);
	else if (json_is_object(root) && json_object_get(root, "rule"))
		rc = dmc_finding_from_json(root, &report->findings, err, errlen);
	else {
		snprintf(err, errlen, "%s: neither a dmacheck report, a SARIF log nor a finding", path);
		rc = -1;
	}
	if (rc != 0 && strncmp(err, path, strlen(path)) != 0) {
		char inner[512];

		snprintf(inner, sizeof(inner), "%s", err);
		snprintf(err, errlen, "%s: %s", path, inner);
	}
	json_decref(root);
	return rc;
}
