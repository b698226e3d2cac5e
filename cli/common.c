// SPDX-License-Identifier: GPL-2.0
/* Option checks shared by the commands that run engines (scan, triage). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "cli.h"
#include "engines.h"
#include "report.h"
#include "util.h"

unsigned dmc_all_static_engines(void)
{
	unsigned mask = 0;

	for (size_t i = 0; i < dmc_static_engine_count; i++)
		mask |= dmc_static_engines[i]->bit;
	return mask;
}

int dmc_parse_engines(const char *list, unsigned *mask)
{
	char *copy = dmc_xstrdup(list), *save = NULL;
	int rc = 0;

	*mask = 0;
	for (char *name = strtok_r(copy, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		unsigned bit = dmc_engine_parse(name);

		if (!bit || !(bit & dmc_all_static_engines())) {
			rc = dmc_usage_error("unknown static engine '%s' (available: %s)", name,
					     dmc_engine_mask_str(dmc_all_static_engines(), (char[64]){ 0 }, 64));
			break;
		}
		*mask |= bit;
	}
	free(copy);
	if (rc == 0 && *mask == 0)
		rc = dmc_usage_error("--engines needs at least one engine");
	return rc;
}

int dmc_parse_jobs(const char *text, unsigned *jobs)
{
	char *end;
	unsigned long n = strtoul(text, &end, 10);

	if (*text == '\0' || *end != '\0' || n == 0 || n > 1024)
		return dmc_usage_error("-j needs a number of jobs from 1 to 1024, not '%s'", text);
	*jobs = (unsigned)n;
	return 0;
}

/* A kernel build directory has a top Makefile and include/ (headers packages do too). */
int dmc_check_kdir(const char *kdir)
{
	char path[PATH_MAX];
	struct stat st;

	if (stat(kdir, &st) != 0)
		return dmc_usage_error("--kdir %s: %s", kdir, strerror(errno));
	snprintf(path, sizeof(path), "%s/Makefile", kdir);
	if (!S_ISDIR(st.st_mode) || access(path, R_OK) != 0)
		return dmc_usage_error("--kdir %s: not a kernel build directory (no Makefile); "
				       "try /usr/src/linux-headers-VERSION or /lib/modules/VERSION/build",
				       kdir);
	return 0;
}

/* Validates the shape clang's loader expects, so breakage is named up front. */
int dmc_check_compdb(const char *path)
{
	json_error_t jerr;
	json_t *root = json_load_file(path, 0, &jerr), *entry;
	size_t i;
	int rc = 0;

	if (!root) {
		if (access(path, R_OK) != 0)
			return dmc_usage_error("--compdb %s: %s", path, strerror(errno));
		return dmc_usage_error("%s:%d:%d: broken compile database: %s", path, jerr.line,
				       jerr.column, jerr.text);
	}
	if (!json_is_array(root))
		rc = dmc_usage_error("%s: broken compile database: not a JSON array of entries", path);
	json_array_foreach(root, i, entry) {
		if (rc)
			break;
		if (!json_is_string(json_object_get(entry, "directory")) ||
		    !json_is_string(json_object_get(entry, "file")) ||
		    !(json_is_string(json_object_get(entry, "command")) ||
		      json_is_array(json_object_get(entry, "arguments"))))
			rc = dmc_usage_error("%s: broken compile database: entry %zu needs \"directory\", "
					     "\"file\" and \"command\" or \"arguments\"", path, i);
	}
	if (rc == 0 && json_array_size(root) == 0)
		rc = dmc_usage_error("%s: the compile database has no entries", path);
	json_decref(root);
	return rc;
}

int dmc_check_engines(unsigned mask)
{
	for (size_t i = 0; i < dmc_static_engine_count; i++) {
		const struct dmc_engine *e = dmc_static_engines[i];
		char why[512];

		if ((mask & e->bit) && e->available(why, sizeof(why)) != 0)
			return dmc_usage_error("the %s engine cannot run: %s", e->name, why);
	}
	return 0;
}

void dmc_run_static_engines(unsigned engines, const char *const *files, size_t nfiles,
			    const char *kdir, const char *compdb, unsigned jobs,
			    struct dmc_report *report)
{
	struct dmc_progress *progress = dmc_progress_start();
	struct dmc_scan_request req = {
		.files = files, .nfiles = nfiles, .kdir = kdir, .compdb = compdb, .jobs = jobs,
		.progress = dmc_progress_update, .progress_ctx = progress,
	};

	for (size_t i = 0; i < dmc_static_engine_count; i++) {
		const struct dmc_engine *e = dmc_static_engines[i];
		struct dmc_findings found;

		if (!(engines & e->bit))
			continue;
		dmc_findings_init(&found);
		e->scan(&req, &found, &report->diags);
		dmc_findings_move(&report->findings, &found);
		report->engines |= e->bit;
	}
	dmc_progress_end(progress);
	report->files_scanned += nfiles;
}
