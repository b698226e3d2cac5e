// SPDX-License-Identifier: GPL-2.0
/*
 * The Coccinelle engine: runs each rule's semantic patch (cocci/<slug>.cocci)
 * in report mode and turns spatch's kernel-style report lines
 *
 *   file:line:col-endcol: WARNING: <message> ... dma_map_single() on line 42
 *
 * into findings.  By convention a rule names the ownership-transfer call it
 * relates to as "<call>() on line <n>"; that becomes the related location.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalogue.h"
#include "cocci_engine.h"
#include "subprocess.h"
#include "util.h"

#define SPATCH "spatch"
/* Generous: spatch on a large driver tree takes minutes, a hang takes forever. */
#define SPATCH_TIMEOUT_S 1800

static int cocci_available(char *why, size_t len)
{
	char *argv[] = { SPATCH, "--version", NULL };
	struct dmc_run_result res;
	int rc = dmc_run(argv, NULL, 60, &res);

	if (rc != 0)
		snprintf(why, len, "spatch (Coccinelle) %s; run `make deps`",
			 res.spawn_errno ? "is not installed" : "does not run");
	dmc_run_free(&res);
	return rc;
}

/* The rules this engine implements today, by the catalogue. */
static size_t rule_files(char ***paths_out, const struct dmc_rule ***rules_out,
			 struct dmc_diags *diags)
{
	size_t nrules, n = 0;
	const struct dmc_rule *rules = dmc_rules(&nrules);
	char **paths = dmc_xcalloc(nrules, sizeof(char *));
	const struct dmc_rule **which = dmc_xcalloc(nrules, sizeof(*which));

	for (size_t i = 0; i < nrules; i++) {
		char *path;

		if (!(rules[i].engines & DMC_ENGINE_COCCI))
			continue;
		path = dmc_xasprintf("%s/cocci/%s.cocci", dmc_datadir(), rules[i].slug);
		if (access(path, R_OK) != 0) {
			dmc_diags_add(diags, DMC_SEV_ERROR, DMC_ENGINE_COCCI, path, 0,
				      "the catalogue says Coccinelle implements %s, but its "
				      "semantic patch cannot be read: %s", rules[i].slug,
				      strerror(errno));
			free(path);
			continue;
		}
		which[n] = &rules[i];
		paths[n++] = path;
	}
	*paths_out = paths;
	*rules_out = which;
	return n;
}

/* Each file its own group: spatch then reports and recovers per file. */
static char *write_file_groups(const struct dmc_scan_request *req, struct dmc_diags *diags)
{
	char *path = dmc_xstrdup("/tmp/dmacheck-cocci-XXXXXX");
	int fd = mkstemp(path);
	FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;

	if (!fp) {
		dmc_diags_add(diags, DMC_SEV_ERROR, DMC_ENGINE_COCCI, NULL, 0,
			      "cannot write spatch's file list: %s", strerror(errno));
		free(path);
		return NULL;
	}
	for (size_t i = 0; i < req->nfiles; i++)
		fprintf(fp, "%s\n\n", req->files[i]);
	if (fclose(fp) != 0) {
		unlink(path);
		free(path);
		return NULL;
	}
	return path;
}

struct report_line {
	regex_t line_re;	/* file:line:col-endcol: message */
	regex_t related_re;	/* call() on line N */
};

static void compile_patterns(struct report_line *pat)
{
	regcomp(&pat->line_re, "^(.+):([0-9]+):([0-9]+)-([0-9]+): (.*)$", REG_EXTENDED);
	regcomp(&pat->related_re, "([A-Za-z_][A-Za-z_0-9]*)\\(\\) on line ([0-9]+)", REG_EXTENDED);
}

static void free_patterns(struct report_line *pat)
{
	regfree(&pat->line_re);
	regfree(&pat->related_re);
}

static char *group(const char *s, const regmatch_t *m)
{
	char *out = dmc_xmalloc((size_t)(m->rm_eo - m->rm_so) + 1);

	memcpy(out, s + m->rm_so, (size_t)(m->rm_eo - m->rm_so));
	out[m->rm_eo - m->rm_so] = '\0';
	return out;
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

static void add_related(struct dmc_finding *f, const struct report_line *pat, const char *file,
			const char *msg)
{
	regmatch_t m[3];

	while (regexec(&pat->related_re, msg, 3, m, 0) == 0) {
		char *call = group(msg, &m[1]), *line = group(msg, &m[2]);
		char *note = dmc_xasprintf("%s() called here", call);

		dmc_finding_add_related(f, file, (unsigned)strtoul(line, NULL, 10), 0, note);
		free(note);
		free(call);
		free(line);
		msg += m[0].rm_eo;
	}
}

static void parse_report(const char *out, const struct dmc_rule *rule, const struct report_line *pat,
			 struct dmc_findings *findings)
{
	char *copy = dmc_xstrdup(out), *save = NULL;

	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		regmatch_t m[6];
		char *file, *lineno, *col, *msg;
		struct dmc_finding *f;

		if (regexec(&pat->line_re, line, 6, m, 0) != 0)
			continue;
		file = group(line, &m[1]);
		lineno = group(line, &m[2]);
		col = group(line, &m[3]);
		msg = group(line, &m[5]);
		/* spatch counts columns from 0, compilers and SARIF from 1. */
		f = dmc_findings_add(findings, rule, DMC_ENGINE_COCCI, file,
				     (unsigned)strtoul(lineno, NULL, 10),
				     (unsigned)strtoul(col, NULL, 10) + 1, NULL, strip_level(msg));
		add_related(f, pat, file, msg);
		free(file);
		free(lineno);
		free(col);
		free(msg);
	}
	free(copy);
}

static void run_rule(const char *sp_file, const struct dmc_rule *rule, const char *groups,
		     const struct dmc_scan_request *req, const struct report_line *pat,
		     struct dmc_findings *out, struct dmc_diags *diags)
{
	char jobs[16];
	char *argv[] = { SPATCH, "--sp-file", (char *)sp_file, "-D", "report", "--very-quiet",
			 "--no-show-diff", "--jobs", jobs, "--file-groups", (char *)groups, NULL };
	struct dmc_run_result res;

	snprintf(jobs, sizeof(jobs), "%u", req->jobs);
	if (dmc_run(argv, NULL, SPATCH_TIMEOUT_S, &res) != 0) {
		dmc_diags_add(diags, DMC_SEV_ERROR, DMC_ENGINE_COCCI, sp_file, 0,
			      "spatch %s (%s); its findings are missing from this scan: %s",
			      res.timed_out ? "timed out" : "failed",
			      res.spawn_errno ? strerror(res.spawn_errno) : "non-zero exit",
			      dmc_tail(res.err, 600));
	}
	parse_report(res.out, rule, pat, out);
	dmc_run_free(&res);
}

static int cocci_scan(const struct dmc_scan_request *req, struct dmc_findings *out,
		      struct dmc_diags *diags)
{
	char **sp_files, *groups;
	const struct dmc_rule **rules;
	size_t n = rule_files(&sp_files, &rules, diags);
	struct report_line pat;

	groups = n && req->nfiles ? write_file_groups(req, diags) : NULL;
	compile_patterns(&pat);
	for (size_t i = 0; groups && i < n; i++) {
		run_rule(sp_files[i], rules[i], groups, req, &pat, out, diags);
		if (req->progress)
			req->progress(req->progress_ctx, DMC_ENGINE_COCCI, (i + 1) * req->nfiles / n,
				      req->nfiles);
	}
	free_patterns(&pat);
	if (groups)
		unlink(groups);
	free(groups);
	for (size_t i = 0; i < n; i++)
		free(sp_files[i]);
	free(sp_files);
	free(rules);
	return 0;
}

const struct dmc_engine dmc_cocci_engine = {
	.name = "cocci",
	.bit = DMC_ENGINE_COCCI,
	.available = cocci_available,
	.scan = cocci_scan,
};
