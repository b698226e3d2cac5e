// SPDX-License-Identifier: GPL-2.0
/*
 * SARIF 2.1.0: the catalogue as tool.driver.rules (with the doc page as
 * help), one result per finding (ruleId = slug), related locations for the
 * ownership transfers, a code flow when the engine gave a path, and the
 * input problems as tool execution notifications.
 */
#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report.h"
#include "util.h"
#include "version.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define SRCROOT "SRCROOT"

/* RFC 3986: keep unreserved characters and '/', percent-encode the rest. */
static char *uri_encode(const char *prefix, const char *path)
{
	size_t plen = strlen(prefix), n = strlen(path);
	char *out = dmc_xmalloc(plen + 3 * n + 1), *p = out;

	memcpy(p, prefix, plen);
	p += plen;
	for (const unsigned char *s = (const unsigned char *)path; *s; s++) {
		if (isalnum(*s) || strchr("-._~/", *s))
			*p++ = (char)*s;
		else
			p += sprintf(p, "%%%02X", *s);
	}
	*p = '\0';
	return out;
}

static json_t *artifact_location(const char *file)
{
	char *uri;
	json_t *obj;

	if (file[0] == '/') {
		uri = uri_encode("file://", file);
		obj = json_pack("{s:s}", "uri", uri);
	} else {
		uri = uri_encode("", strncmp(file, "./", 2) == 0 ? file + 2 : file);
		obj = json_pack("{s:s,s:s}", "uri", uri, "uriBaseId", SRCROOT);
	}
	free(uri);
	return obj;
}

static json_t *physical_location(const struct dmc_loc *loc)
{
	json_t *phys = json_object(), *region;

	json_object_set_new(phys, "artifactLocation", artifact_location(loc->file));
	if (loc->line) {
		region = json_pack("{s:i}", "startLine", (json_int_t)loc->line);
		if (loc->column)
			json_object_set_new(region, "startColumn", json_integer(loc->column));
		json_object_set_new(phys, "region", region);
	}
	return phys;
}

/* A location; without a file (unresolved runtime site) only its logical part. */
static json_t *location(const struct dmc_loc *loc, int with_message)
{
	json_t *obj = json_object();

	if (loc->file)
		json_object_set_new(obj, "physicalLocation", physical_location(loc));
	if (loc->function)
		json_object_set_new(obj, "logicalLocations",
				    json_pack("[{s:s,s:s}]", "name", loc->function, "kind", "function"));
	if (with_message && loc->message)
		json_object_set_new(obj, "message", json_pack("{s:s}", "text", loc->message));
	return obj;
}

static const char *sarif_level(enum dmc_severity sev)
{
	return sev == DMC_SEV_ERROR ? "error" : sev == DMC_SEV_WARNING ? "warning" : "note";
}

static json_t *engine_names(unsigned mask)
{
	json_t *arr = json_array();

	for (unsigned bit = 1; bit & DMC_ENGINE_ALL; bit <<= 1)
		if (mask & bit)
			json_array_append_new(arr, json_string(dmc_engine_name(bit)));
	return arr;
}

/* "unchecked-mapping-error" -> "UncheckedMappingError", SARIF's rule name form. */
static char *camel_name(const char *slug)
{
	char *name = dmc_xmalloc(strlen(slug) + 1), *p = name;
	int upper = 1;

	for (; *slug; slug++) {
		if (*slug == '-') {
			upper = 1;
			continue;
		}
		*p++ = upper ? (char)toupper((unsigned char)*slug) : *slug;
		upper = 0;
	}
	*p = '\0';
	return name;
}

static json_t *rule_descriptor(const struct dmc_rule *rule)
{
	char id[16], *name = camel_name(rule->slug);
	char *help = dmc_xasprintf("%s. See docs/rules/%s.md or `dmacheck explain %s`.",
				   rule->summary, rule->slug, rule->slug);
	json_t *obj;

	snprintf(id, sizeof(id), "DMA%03d", rule->id);
	obj = json_pack("{s:s,s:s,s:{s:s},s:{s:s},s:{s:s,s:s},s:{s:s},s:{s:s,s:o,s:[s]}}",
			"id", rule->slug, "name", name,
			"shortDescription", "text", rule->summary,
			"fullDescription", "text", rule->summary,
			"help", "text", help, "markdown", dmc_rule_doc(rule),
			"defaultConfiguration", "level", sarif_level(rule->severity),
			"properties", "dmacheckId", id, "engines", engine_names(rule->engines),
			"tags", "dma");
	free(name);
	free(help);
	return obj;
}

static json_t *code_flow(const struct dmc_finding *f)
{
	json_t *locations = json_array();

	for (size_t i = 0; i < f->nflow; i++)
		json_array_append_new(locations,
				      json_pack("{s:o}", "location", location(&f->flow[i], 1)));
	return json_pack("[{s:[{s:o}]}]", "threadFlows", "locations", locations);
}

static json_t *result(const struct dmc_finding *f, size_t rule_index)
{
	json_t *res = json_object(), *related = json_array();

	json_object_set_new(res, "ruleId", json_string(f->rule->slug));
	json_object_set_new(res, "ruleIndex", json_integer((json_int_t)rule_index));
	json_object_set_new(res, "level", json_string(sarif_level(f->severity)));
	json_object_set_new(res, "message",
			    json_pack("{s:s}", "text", f->loc.message ? f->loc.message : f->rule->summary));
	json_object_set_new(res, "locations", json_pack("[o]", location(&f->loc, 0)));
	for (size_t i = 0; i < f->nrelated; i++) {
		json_t *loc = location(&f->related[i], 1);

		json_object_set_new(loc, "id", json_integer((json_int_t)i + 1));
		json_array_append_new(related, loc);
	}
	json_object_set_new(res, "relatedLocations", related);
	if (f->nflow)
		json_object_set_new(res, "codeFlows", code_flow(f));
	if (f->count > 1)
		json_object_set_new(res, "occurrenceCount", json_integer(f->count));
	if (f->fingerprint[0])
		json_object_set_new(res, "partialFingerprints",
				    json_pack("{s:s}", "dmacheck/v1", f->fingerprint));
	json_object_set_new(res, "properties", json_pack("{s:o}", "engines", engine_names(f->engines)));
	return res;
}

static json_t *notification(const struct dmc_diag *d)
{
	json_t *obj = json_pack("{s:s,s:{s:s}}", "level", sarif_level(d->severity),
				"message", "text", d->message);

	if (d->file) {
		struct dmc_loc loc = { .file = d->file, .line = d->line };

		json_object_set_new(obj, "locations", json_pack("[o]", location(&loc, 0)));
	}
	if (d->engine)
		json_object_set_new(obj, "properties",
				    json_pack("{s:s}", "engine", dmc_engine_name(d->engine)));
	return obj;
}

static json_t *invocation(const struct dmc_report *report)
{
	json_t *notes = json_array();
	int ok = dmc_diags_count_at_least(&report->diags, DMC_SEV_ERROR) == 0;

	for (size_t i = 0; i < report->diags.count; i++)
		json_array_append_new(notes, notification(&report->diags.items[i]));
	return json_pack("{s:b,s:o}", "executionSuccessful", ok, "toolExecutionNotifications", notes);
}

static json_t *srcroot(void)
{
	char cwd[PATH_MAX], *uri;
	json_t *obj;

	if (!getcwd(cwd, sizeof(cwd) - 1))
		strcpy(cwd, "/");
	if (cwd[strlen(cwd) - 1] != '/')
		strcat(cwd, "/");
	uri = uri_encode("file://", cwd);
	obj = json_pack("{s:{s:s}}", SRCROOT, "uri", uri);
	free(uri);
	return obj;
}

int dmc_emit_sarif(FILE *out, const struct dmc_report *report)
{
	size_t nrules;
	const struct dmc_rule *rules = dmc_rules(&nrules);
	json_t *rule_list = json_array(), *results = json_array(), *run, *root;
	int rc;

	for (size_t i = 0; i < nrules; i++)
		json_array_append_new(rule_list, rule_descriptor(&rules[i]));
	for (size_t i = 0; i < report->findings.count; i++) {
		const struct dmc_finding *f = &report->findings.items[i];

		json_array_append_new(results, result(f, (size_t)(f->rule - rules)));
	}
	run = json_pack("{s:{s:{s:s,s:s,s:s,s:o}},s:[o],s:o,s:o}",
			"tool", "driver", "name", DMC_NAME, "version", DMC_VERSION,
			"semanticVersion", DMC_VERSION, "rules", rule_list,
			"invocations", invocation(report),
			"originalUriBaseIds", srcroot(),
			"results", results);
	json_object_set_new(run, "properties",
			    json_pack("{s:s?,s:o,s:I,s:I}", "configuration", report->configuration,
				      "engines", engine_names(report->engines),
				      "filesScanned", (json_int_t)report->files_scanned,
				      "baselined", (json_int_t)report->baselined));
	root = json_pack("{s:s,s:s,s:[o]}", "$schema", SARIF_SCHEMA, "version", "2.1.0", "runs", run);
	rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (rc == 0 && fputc('\n', out) == EOF)
		rc = -1;
	return rc;
}
