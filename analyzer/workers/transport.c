// SPDX-License-Identifier: GPL-2.0
/*
 * What a worker sends back: one JSON object per line, {"finding": ...} in
 * the findings model's own JSON form (report.h), or {"diagnostic": ...}.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "report.h"
#include "util.h"
#include "workers.h"

static int write_all(int fd, const char *s, size_t len)
{
	while (len) {
		ssize_t n = write(fd, s, len);

		if (n <= 0)
			return -1;
		s += n;
		len -= (size_t)n;
	}
	return 0;
}

static int write_line(int fd, const char *key, json_t *value)
{
	json_t *obj = json_object();
	char *text;
	int rc;

	json_object_set_new(obj, key, value);
	text = json_dumps(obj, JSON_COMPACT);
	json_decref(obj);
	if (!text)
		return -1;
	rc = write_all(fd, text, strlen(text));
	if (rc == 0)
		rc = write_all(fd, "\n", 1);
	free(text);
	return rc;
}

static json_t *diag_to_json(const struct dmc_diag *d)
{
	return json_pack("{s:s,s:s?,s:I,s:s}", "severity", dmc_severity_name(d->severity),
			 "file", d->file, "line", (json_int_t)d->line, "message", d->message);
}

int transport_write(int fd, const struct dmc_findings *findings, const struct dmc_diags *diags)
{
	for (size_t i = 0; i < findings->count; i++)
		if (write_line(fd, "finding", dmc_finding_to_json(&findings->items[i])) != 0)
			return -1;
	for (size_t i = 0; i < diags->count; i++)
		if (write_line(fd, "diagnostic", diag_to_json(&diags->items[i])) != 0)
			return -1;
	return 0;
}

static void read_diag(json_t *obj, struct dmc_diags *diags)
{
	enum dmc_severity sev = DMC_SEV_ERROR;
	const char *s = json_string_value(json_object_get(obj, "severity"));
	json_int_t line = json_integer_value(json_object_get(obj, "line"));

	if (s)
		dmc_severity_parse(s, &sev);
	dmc_diags_add(diags, sev, DMC_ENGINE_ANALYZER,
		      json_string_value(json_object_get(obj, "file")), line > 0 ? (unsigned)line : 0,
		      "%s", json_string_value(json_object_get(obj, "message")) ?: "");
}

int transport_read(const char *text, struct dmc_findings *findings, struct dmc_diags *diags,
		   char *err, size_t errlen)
{
	char *copy = dmc_xstrdup(text), *save = NULL;
	unsigned lineno = 0;
	int rc = 0;

	for (char *line = strtok_r(copy, "\n", &save); line && rc == 0;
	     line = strtok_r(NULL, "\n", &save)) {
		json_t *obj = json_loads(line, 0, NULL), *v;
		char why[256];

		lineno++;
		if ((v = json_object_get(obj, "finding"))) {
			if (dmc_finding_from_json(v, findings, why, sizeof(why)) != 0) {
				snprintf(err, errlen, "line %u: %s", lineno, why);
				rc = -1;
			}
		} else if ((v = json_object_get(obj, "diagnostic"))) {
			read_diag(v, diags);
		} else {
			snprintf(err, errlen, "line %u is not a finding or diagnostic", lineno);
			rc = -1;
		}
		json_decref(obj);
	}
	free(copy);
	return rc;
}
