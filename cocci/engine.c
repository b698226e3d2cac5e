// SPDX-License-Identifier: GPL-2.0
/*
 * The Coccinelle engine: runs each rule's semantic patch (cocci/<slug>.cocci)
 * in report mode, the way the kernel's coccicheck does (the rule's
 * "Options:" line, the kernel's include options, --jobs), and turns its
 * report lines into findings (spatch_output.h describes the protocol).
 *
 * The rules run together: cocci/combine.py makes one semantic patch of the
 * rule files that share their Options, so that spatch parses each C file
 * once for the whole pack, and puts each rule's slug before its report
 * lines.  DMACHECK_COCCI_SEPARATE=1 runs each rule file in a spatch of its
 * own instead (what the combined run is compared with).  A scan of fewer
 * files than jobs (a lint gate's one file) splits the pack among the jobs,
 * run side by side, since spatch cannot share one file among its --jobs.
 * spatch's files, --jobs' temporary directories included, live in a scratch
 * directory that is removed afterwards, so that a killed run leaves nothing
 * behind.
 *
 * Nothing spatch skips goes unreported: a file it could not parse in part
 * or in whole, a file it gave up on (time limit, exception), and a run that
 * failed become diagnostics naming the file and the reason.  A parse error
 * is an error when the lines spatch dropped contain the DMA calls of the
 * rules (their "Keywords:" line), and a warning when they do not.
 */
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "catalogue.h"
#include "cocci_engine.h"
#include "spatch_output.h"
#include "subprocess.h"
#include "util.h"

#define SPATCH "spatch"
/* Generous: spatch on a large driver tree takes minutes, a hang takes forever. */
#define SPATCH_TIMEOUT_S 1800
/*
 * Per file: a pathological file is abandoned (and reported), not waited
 * for.  $DMACHECK_COCCI_TIMEOUT overrides it (seconds), for slow machines
 * and for the tests that prove a time-out is reported.  Both limits are per
 * rule: a pack of N rules does the work of N runs and gets N times as long.
 */
#define SPATCH_FILE_TIMEOUT 300

struct argv_list {
	char **v;
	size_t n, cap;
};

static void arg(struct argv_list *a, const char *s)
{
	dmc_grow((void **)&a->v, &a->cap, a->n + 2, sizeof(char *));
	a->v[a->n++] = dmc_xstrdup(s);
	a->v[a->n] = NULL;
}

static void args_free(struct argv_list *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->v[i]);
	free(a->v);
	memset(a, 0, sizeof(*a));
}

/* Splits s at blanks and appends the words. */
static void args_split(struct argv_list *a, const char *s)
{
	char *copy = dmc_xstrdup(s), *save = NULL;

	for (char *w = strtok_r(copy, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save))
		arg(a, w);
	free(copy);
}

struct rule_run {
	const struct dmc_rule *rule;
	char *sp_file;
	char *options;		/* the rule's "// Options:" line */
	char *keywords;		/* the rule's "// Keywords:" line, comma-separated */
};

/* A "// Name: value" header line of a semantic patch, or "" if absent. */
static char *header_field(const char *sp_file, const char *name)
{
	FILE *fp = fopen(sp_file, "r");
	char *line = NULL, *value = NULL, prefix[64];
	size_t cap = 0;

	snprintf(prefix, sizeof(prefix), "// %s:", name);
	while (fp && !value && getline(&line, &cap, fp) > 0) {
		if (strncmp(line, prefix, strlen(prefix)) == 0) {
			value = dmc_xstrdup(line + strlen(prefix));
			value[strcspn(value, "\n")] = '\0';
		}
	}
	free(line);
	if (fp)
		fclose(fp);
	return value ? value : dmc_xstrdup("");
}

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
static size_t rule_runs(struct rule_run **out, struct dmc_diags *diags)
{
	size_t nrules, n = 0;
	const struct dmc_rule *rules = dmc_rules(&nrules);
	struct rule_run *runs = dmc_xcalloc(nrules, sizeof(*runs));

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
		runs[n].rule = &rules[i];
		runs[n].sp_file = path;
		runs[n].options = header_field(path, "Options");
		runs[n].keywords = header_field(path, "Keywords");
		n++;
	}
	*out = runs;
	return n;
}

static void rule_runs_free(struct rule_run *runs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(runs[i].sp_file);
		free(runs[i].options);
		free(runs[i].keywords);
	}
	free(runs);
}

/* Each file its own group: spatch then reports and recovers per file. */
static char *write_file_groups(const char *scratch, const struct dmc_scan_request *req,
			       struct dmc_diags *diags)
{
	char *path = dmc_xasprintf("%s/files", scratch);
	FILE *fp = fopen(path, "w");

	if (!fp) {
		dmc_diags_add(diags, DMC_SEV_ERROR, DMC_ENGINE_COCCI, NULL, 0,
			      "cannot write spatch's file list: %s", strerror(errno));
		free(path);
		return NULL;
	}
	for (size_t i = 0; i < req->nfiles; i++)
		fprintf(fp, "%s\n\n", req->files[i]);
	if (fclose(fp) != 0) {
		free(path);
		return NULL;
	}
	return path;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	remove(path);
	return 0;
}

/* The scratch directory and whatever a killed spatch left in it. */
static void remove_scratch(const char *dir)
{
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static char *make_scratch(struct dmc_diags *diags)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = dmc_xasprintf("%s/dmacheck-cocci-XXXXXX", tmp && *tmp ? tmp : "/tmp");

	if (!mkdtemp(dir)) {
		dmc_diags_add(diags, DMC_SEV_ERROR, DMC_ENGINE_COCCI, NULL, 0,
			      "cannot make a scratch directory for spatch (%s): %s", dir,
			      strerror(errno));
		free(dir);
		return NULL;
	}
	return dir;
}

/*
 * The include options coccicheck passes: kbuild's LINUXINCLUDE for the
 * kernel in kdir, with -I DIR and --include FILE spelled the spatch way.
 * Asked from kbuild itself, so split Debian header packages work too.
 */
static void kernel_includes(const char *kdir, struct argv_list *out, struct dmc_diags *diags)
{
	char dir[] = "/tmp/dmacheck-kinc-XXXXXX", *kbuild, *mdir, *line;
	char *argv[] = { "make", "-s", "-C", (char *)kdir, NULL, "modules", NULL };
	struct dmc_run_result res = { 0 };
	FILE *fp;

	if (!kdir || !mkdtemp(dir))
		return;
	kbuild = dmc_xasprintf("%s/Kbuild", dir);
	mdir = dmc_xasprintf("M=%s", dir);
	argv[4] = mdir;
	fp = fopen(kbuild, "w");
	if (fp) {
		fputs("$(info DMACHECK_LINUXINCLUDE=$(LINUXINCLUDE))\nobj-m :=\n", fp);
		fclose(fp);
		dmc_run(argv, NULL, 120, &res);
	}
	line = res.out ? strstr(res.out, "DMACHECK_LINUXINCLUDE=") : NULL;
	if (line && strchr(line, '\n'))
		*strchr(line, '\n') = '\0';
	if (!line)
		dmc_diags_add(diags, DMC_SEV_WARNING, DMC_ENGINE_COCCI, kdir, 0,
			      "could not ask kbuild for the kernel's include options; spatch runs "
			      "without them: %s", dmc_tail(res.err, 300));
	for (char *save = NULL, *w = line ? strtok_r(line + 22, " \n", &save) : NULL; w;
	     w = strtok_r(NULL, " \n", &save)) {
		int is_inc = strcmp(w, "-include") == 0;

		if (is_inc || strncmp(w, "-I", 2) == 0) {
			const char *path = is_inc ? strtok_r(NULL, " \n", &save) : w + 2;
			char *abs;

			if (!path)
				break;
			abs = path[0] == '/' ? dmc_xstrdup(path) : dmc_xasprintf("%s/%s", kdir, path);
			arg(out, is_inc ? "--include" : "-I");
			arg(out, abs);
			free(abs);
		}
	}
	dmc_run_free(&res);
	unlink(kbuild);
	rmdir(dir);
	free(kbuild);
	free(mdir);
}

/*
 * One spatch run: a rule's own semantic patch, or the pack combined from
 * several, whose report lines then begin with the rule's slug and a tab.
 */
struct spatch_run {
	char *sp_file;
	const char *options;
	const struct rule_run **rules;
	size_t nrules;
	int combined;
	unsigned jobs;		/* spatch --jobs */
	char *what;		/* for messages: the slug, or "the rules a, b, c" */
};

/* What went wrong with which file, over all rules, reported once per file. */
struct file_problems {
	char **parse_failed;	/* files with parse errors */
	size_t nparse;
	struct dmc_diags *diags;
	const struct spatch_run *run;
	const struct dmc_scan_request *req;
};

static int scanned(const struct dmc_scan_request *req, const char *file)
{
	for (size_t i = 0; i < req->nfiles; i++)
		if (strcmp(req->files[i], file) == 0)
			return 1;
	return 0;
}

static void record_problem(const struct dmc_cocci_problem *p, void *ctx)
{
	struct file_problems *fp = ctx;

	/* Headers given with --include (kconfig.h) are the kernel's, not the user's. */
	if (!scanned(fp->req, p->file))
		return;
	if (!p->parse_error) {
		dmc_diags_add(fp->diags, DMC_SEV_ERROR, DMC_ENGINE_COCCI, p->file, 0,
			      "spatch gave up on this file (%s) running %s; its findings for "
			      "%s are missing", p->reason, fp->run->what,
			      fp->run->nrules > 1 ? "those rules" : "that rule");
		return;
	}
	for (size_t i = 0; i < fp->nparse; i++)
		if (strcmp(fp->parse_failed[i], p->file) == 0)
			return;
	fp->parse_failed = dmc_xrealloc(fp->parse_failed, (fp->nparse + 1) * sizeof(char *));
	fp->parse_failed[fp->nparse++] = dmc_xstrdup(p->file);
}

static void add_finding(const struct dmc_cocci_report *r, const struct dmc_rule *rule,
			struct dmc_findings *out)
{
	struct dmc_finding *f = dmc_findings_add(out, rule, DMC_ENGINE_COCCI, r->file, r->line,
						 r->column, r->function, r->message);

	for (size_t i = 0; i < r->nrelated; i++)
		dmc_finding_add_related(f, r->file, r->related[i].line, r->related[i].column,
					r->related[i].message);
}

/*
 * The rule a report line of this run belongs to, and the line without its
 * slug; NULL for lines of a combined run that no rule of the run begins.
 */
static const struct dmc_rule *report_rule(const struct spatch_run *run, char **line)
{
	char *tab;

	if (!run->combined)
		return run->rules[0]->rule;
	tab = strchr(*line, '\t');
	if (!tab)
		return NULL;
	for (size_t i = 0; i < run->nrules; i++) {
		const char *slug = run->rules[i]->rule->slug;

		if ((size_t)(tab - *line) == strlen(slug) && strncmp(*line, slug, strlen(slug)) == 0) {
			*line = tab + 1;
			return run->rules[i]->rule;
		}
	}
	return NULL;
}

static void parse_reports(const char *out, const struct spatch_run *run,
			  struct dmc_findings *findings)
{
	char *copy = dmc_xstrdup(out ? out : ""), *save = NULL;

	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		const struct dmc_rule *rule = report_rule(run, &line);
		struct dmc_cocci_report r;

		if (rule && dmc_cocci_parse_report(line, &r) == 0) {
			add_finding(&r, rule, findings);
			dmc_cocci_report_free(&r);
		}
	}
	free(copy);
}

static void common_options(struct argv_list *a, const struct spatch_run *run,
			   const struct argv_list *includes, const char *scratch)
{
	const char *env = getenv("DMACHECK_COCCI_TIMEOUT");
	long per_rule = env && *env ? strtol(env, NULL, 10) : 0;
	char jobs[16], timeout[32];
	char *tmp = dmc_xasprintf("%s/jobs", scratch);

	snprintf(jobs, sizeof(jobs), "%u", run->jobs);
	snprintf(timeout, sizeof(timeout), "%ld",
		 (per_rule > 0 ? per_rule : SPATCH_FILE_TIMEOUT) * (long)run->nrules);
	args_split(a, "--quiet --parse-error-msg --no-show-diff --timeout");
	arg(a, timeout);
	arg(a, "--jobs");
	arg(a, jobs);
	arg(a, "--chunksize");
	arg(a, "1");
	/* --jobs makes its directories here, not in the current directory. */
	arg(a, "--tmp-dir");
	arg(a, tmp);
	free(tmp);
	for (size_t i = 0; i < includes->n; i++)
		arg(a, includes->v[i]);
}

static void spatch_argv(struct argv_list *a, const struct spatch_run *run, const char *groups,
			const char *scratch, const struct dmc_scan_request *req,
			const struct argv_list *includes)
{
	arg(a, SPATCH);
	arg(a, "--sp-file");
	arg(a, run->sp_file);
	args_split(a, "-D report");
	common_options(a, run, includes, scratch);
	args_split(a, run->options);
	arg(a, "--file-groups");
	arg(a, groups);
}

/* What one spatch run found, and what it could not do. */
static void take_result(const struct spatch_run *run, struct dmc_run_result *res, int failed,
			struct dmc_findings *out, struct file_problems *problems)
{
	if (failed)
		dmc_diags_add(problems->diags, DMC_SEV_ERROR, DMC_ENGINE_COCCI, run->sp_file, 0,
			      "spatch %s running %s; its findings are missing from this scan: %s",
			      res->timed_out ? "timed out" : res->spawn_errno ? strerror(res->spawn_errno) :
			      "failed", run->what, dmc_tail(res->err, 600));
	parse_reports(res->out, run, out);
	problems->run = run;
	dmc_cocci_scan_problems(res->err, record_problem, problems);
}

static void run_spatch(const struct spatch_run *run, const char *groups, const char *scratch,
		       const struct dmc_scan_request *req, const struct argv_list *includes,
		       struct dmc_findings *out, struct file_problems *problems);

/*
 * A pack that spatch could not run at all (one rule file it cannot read
 * breaks the whole pack) runs again rule by rule: the others still find,
 * and the failure names the rule that has it.
 */
static int rerun_alone(const struct spatch_run *run, const struct dmc_run_result *res, int failed,
		       const char *groups, const char *scratch, const struct dmc_scan_request *req,
		       const struct argv_list *includes, struct dmc_findings *out,
		       struct file_problems *problems)
{
	if (!failed || !run->combined || res->timed_out || res->spawn_errno)
		return 0;
	for (size_t i = 0; i < run->nrules; i++) {
		struct spatch_run one = {
			.sp_file = run->rules[i]->sp_file, .options = run->rules[i]->options,
			.rules = &run->rules[i], .nrules = 1, .jobs = req->jobs,
			.what = (char *)run->rules[i]->rule->slug,
		};

		run_spatch(&one, groups, scratch, req, includes, out, problems);
	}
	return 1;
}

static void run_spatch(const struct spatch_run *run, const char *groups, const char *scratch,
		       const struct dmc_scan_request *req, const struct argv_list *includes,
		       struct dmc_findings *out, struct file_problems *problems)
{
	struct argv_list a = { 0 };
	struct dmc_run_result res;
	int failed;

	spatch_argv(&a, run, groups, scratch, req, includes);
	failed = dmc_run(a.v, NULL, SPATCH_TIMEOUT_S * (unsigned)run->nrules, &res) != 0;
	if (!rerun_alone(run, &res, failed, groups, scratch, req, includes, out, problems))
		take_result(run, &res, failed, out, problems);
	dmc_run_free(&res);
	args_free(&a);
}

/* ------------------------------------------------- runs side by side */

static char *result_path(const char *scratch, size_t i, const char *what)
{
	return dmc_xasprintf("%s/run%zu.%s", scratch, i, what);
}

static void write_text(const char *path, const char *text, size_t len)
{
	FILE *fp = fopen(path, "w");

	if (fp) {
		fwrite(text, 1, len, fp);
		fclose(fp);
	}
}

static char *read_text(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *buf = NULL;
	size_t cap = 0, len = 0, n;
	char chunk[65536];

	while (fp && (n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		dmc_grow((void **)&buf, &cap, len + n + 1, 1);
		memcpy(buf + len, chunk, n);
		len += n;
	}
	if (fp)
		fclose(fp);
	if (!buf)
		return dmc_xstrdup("");
	buf[len] = '\0';
	return buf;
}

/* In a forked child: one run through dmc_run(), its result left in files. */
static void __attribute__((noreturn)) run_in_child(const struct spatch_run *run, size_t i,
						    const char *groups, const char *scratch,
						    const struct dmc_scan_request *req,
						    const struct argv_list *includes)
{
	struct argv_list a = { 0 };
	struct dmc_run_result res;
	int failed;
	char *path, status[64];

	spatch_argv(&a, run, groups, scratch, req, includes);
	failed = dmc_run(a.v, NULL, SPATCH_TIMEOUT_S * (unsigned)run->nrules, &res) != 0;
	path = result_path(scratch, i, "out");
	write_text(path, res.out, res.out_len);
	free(path);
	path = result_path(scratch, i, "err");
	write_text(path, res.err, res.err_len);
	free(path);
	snprintf(status, sizeof(status), "%d %d %d", failed, res.timed_out, res.spawn_errno);
	path = result_path(scratch, i, "status");
	write_text(path, status, strlen(status));
	_exit(0);
}

/*
 * The runs at once, each in a process of its own: a scan of fewer files
 * than jobs splits the pack so that the spare CPUs share its rules.
 */
static void run_side_by_side(const struct spatch_run *runs, size_t n, const char *groups,
			     const char *scratch, const struct dmc_scan_request *req,
			     const struct argv_list *includes, struct dmc_findings *out,
			     struct file_problems *problems)
{
	pid_t *pids = dmc_xcalloc(n, sizeof(*pids));

	fflush(NULL);
	for (size_t i = 0; i < n; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			run_in_child(&runs[i], i, groups, scratch, req, includes);
	}
	for (size_t i = 0; i < n; i++) {
		struct dmc_run_result res = { 0 };
		char *path = result_path(scratch, i, "status"), *status;
		int failed = 1;

		if (pids[i] < 0) {
			res.spawn_errno = errno;
		} else {
			while (waitpid(pids[i], NULL, 0) < 0 && errno == EINTR)
				;
		}
		status = read_text(path);
		if (sscanf(status, "%d %d %d", &failed, &res.timed_out, &res.spawn_errno) != 3)
			failed = 1;
		free(status);
		free(path);
		path = result_path(scratch, i, "out");
		res.out = read_text(path);
		free(path);
		path = result_path(scratch, i, "err");
		res.err = read_text(path);
		free(path);
		if (!rerun_alone(&runs[i], &res, failed, groups, scratch, req, includes, out, problems))
			take_result(&runs[i], &res, failed, out, problems);
		dmc_run_free(&res);
	}
	free(pids);
}

static int separate_runs(void)
{
	const char *v = getenv("DMACHECK_COCCI_SEPARATE");

	return v && *v && strcmp(v, "0") != 0;
}

/*
 * The pack of the rules that share rules[0]'s Options, combined into one
 * semantic patch in the scratch directory; NULL (and a warning) when it
 * cannot be, and its rules then run one by one.
 */
static char *combine_rules(const struct rule_run **rules, size_t n, const char *scratch,
			   unsigned index, struct dmc_diags *diags)
{
	struct argv_list a = { 0 };
	struct dmc_run_result res;
	char *script = dmc_xasprintf("%s/cocci/combine.py", dmc_datadir());
	char *pack = dmc_xasprintf("%s/pack%u.cocci", scratch, index);

	arg(&a, "python3");
	arg(&a, script);
	arg(&a, "-o");
	arg(&a, pack);
	for (size_t i = 0; i < n; i++)
		arg(&a, rules[i]->sp_file);
	if (dmc_run(a.v, NULL, 120, &res) != 0) {
		dmc_diags_add(diags, DMC_SEV_WARNING, DMC_ENGINE_COCCI, script, 0,
			      "could not combine the rule files into one semantic patch, so each "
			      "runs in a spatch of its own (slower): %s",
			      res.spawn_errno ? strerror(res.spawn_errno) : dmc_tail(res.err, 600));
		free(pack);
		pack = NULL;
	}
	dmc_run_free(&res);
	args_free(&a);
	free(script);
	return pack;
}

static void add_spatch_run(struct spatch_run **runs, size_t *n, char *sp_file, int combined,
			   const struct rule_run **rules, size_t nrules, unsigned jobs)
{
	struct spatch_run *r;
	char *what = dmc_xstrdup(nrules == 1 ? rules[0]->rule->slug : "the rules");

	*runs = dmc_xrealloc(*runs, (*n + 1) * sizeof(**runs));
	r = &(*runs)[(*n)++];
	r->sp_file = sp_file;
	r->options = rules[0]->options;
	r->rules = dmc_xcalloc(nrules, sizeof(*r->rules));
	memcpy(r->rules, rules, nrules * sizeof(*rules));
	r->nrules = nrules;
	r->combined = combined;
	r->jobs = jobs;
	for (size_t i = 0; nrules > 1 && i < nrules; i++) {
		char *more = dmc_xasprintf("%s%s %s", what, i ? "," : "", rules[i]->rule->slug);

		free(what);
		what = more;
	}
	r->what = what;
}

static off_t file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? st.st_size : 0;
}

/*
 * The rules of a group dealt into k packs of about equal work, the largest
 * rule files first, each to the lightest pack so far (a rule file's size is
 * the measure of its work at hand).
 */
static void deal_rules(const struct rule_run **group, size_t n, size_t k, size_t *pack_of)
{
	off_t *load = dmc_xcalloc(k, sizeof(*load));
	char *dealt = dmc_xcalloc(n, 1);

	for (size_t round = 0; round < n; round++) {
		size_t big = n, light = 0;

		for (size_t i = 0; i < n; i++)
			if (!dealt[i] && (big == n ||
					  file_size(group[i]->sp_file) > file_size(group[big]->sp_file)))
				big = i;
		for (size_t p = 1; p < k; p++)
			if (load[p] < load[light])
				light = p;
		dealt[big] = 1;
		pack_of[big] = light;
		load[light] += file_size(group[big]->sp_file);
	}
	free(load);
	free(dealt);
}

/* Packs per group: CPUs the files leave idle share the rules (a one-file gate). */
static size_t packs_for(const struct dmc_scan_request *req, size_t ngroup)
{
	size_t k = req->nfiles ? req->jobs / req->nfiles : 1;

	return k < 1 ? 1 : k > ngroup ? ngroup : k;
}

/*
 * The spatch runs of a scan: one per distinct Options line, each running
 * the pack of the rules that share it (split in several packs run side by
 * side when there are fewer files than jobs), or one per rule when asked
 * or when the pack cannot be combined.  Returns the number of runs; *apart
 * says whether they run side by side.
 */
static size_t plan_runs(const struct rule_run *rules, size_t n, const char *scratch,
			const struct dmc_scan_request *req, struct spatch_run **out, int *apart,
			struct dmc_diags *diags)
{
	const struct rule_run **group = dmc_xcalloc(n ? n : 1, sizeof(*group));
	const struct rule_run **pack = dmc_xcalloc(n ? n : 1, sizeof(*pack));
	size_t *pack_of = dmc_xcalloc(n ? n : 1, sizeof(*pack_of));
	char *done = dmc_xcalloc(n ? n : 1, 1);
	struct spatch_run *runs = NULL;
	size_t nruns = 0;

	*apart = 0;
	for (size_t i = 0; i < n; i++) {
		size_t ngroup = 0, k;

		if (done[i])
			continue;
		for (size_t j = i; j < n; j++)
			if (!done[j] && strcmp(rules[j].options, rules[i].options) == 0) {
				group[ngroup++] = &rules[j];
				done[j] = 1;
			}
		k = separate_runs() ? ngroup : packs_for(req, ngroup);
		deal_rules(group, ngroup, k, pack_of);
		*apart |= k > 1 && !separate_runs();
		for (size_t p = 0; p < k; p++) {
			size_t npack = 0;
			char *sp = NULL;
			unsigned jobs = req->jobs / k ? req->jobs / k : 1;

			for (size_t g = 0; g < ngroup; g++)
				if (pack_of[g] == p)
					pack[npack++] = group[g];
			if (npack > 1 && !separate_runs())
				sp = combine_rules(pack, npack, scratch, (unsigned)nruns, diags);
			if (sp) {
				add_spatch_run(&runs, &nruns, sp, 1, pack, npack, jobs);
				continue;
			}
			for (size_t r = 0; r < npack; r++)
				add_spatch_run(&runs, &nruns, dmc_xstrdup(pack[r]->sp_file), 0,
					       &pack[r], 1, separate_runs() ? req->jobs : jobs);
		}
	}
	free(group);
	free(pack);
	free(pack_of);
	free(done);
	*out = runs;
	return nruns;
}

static void spatch_runs_free(struct spatch_run *runs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(runs[i].sp_file);
		free(runs[i].rules);
		free(runs[i].what);
	}
	free(runs);
}

/* Does text name one of the comma-separated words? */
static int mentions(const char *text, const char *words)
{
	char *copy = dmc_xstrdup(words), *save = NULL;
	int found = 0;

	for (char *w = strtok_r(copy, ", ", &save); w && !found; w = strtok_r(NULL, ", ", &save))
		found = strstr(text, w) != NULL;
	free(copy);
	return found;
}

struct region_ctx {
	struct dmc_diags *diags;
	const char *keywords;
	const struct dmc_scan_request *req;
	char **reported;	/* files with at least one region diagnostic */
	size_t nreported;
};

static void report_region(const struct dmc_cocci_parse_region *r, void *ctx)
{
	struct region_ctx *c = ctx;
	int matters = mentions(r->dropped, c->keywords);
	char *where = r->error_line ?
		dmc_xasprintf("lines %u-%u (stopped at '%s')", r->first_line, r->last_line, r->token) :
		dmc_xasprintf("a region ending at '%s'", r->stopped_at);

	if (!scanned(c->req, r->file)) {
		free(where);
		return;
	}
	dmc_diags_add(c->diags, matters ? DMC_SEV_ERROR : DMC_SEV_WARNING, DMC_ENGINE_COCCI,
		      r->file, r->error_line, "spatch could not parse %s and skipped it; %s", where,
		      matters ? "the DMA API calls there were not checked" :
				"it contains no DMA API calls the rules look for");
	free(where);
	c->reported = dmc_xrealloc(c->reported, (c->nreported + 1) * sizeof(char *));
	c->reported[c->nreported++] = dmc_xstrdup(r->file);
}

/*
 * spatch's report names only the file; a second, single-process parse of
 * the files it named says which lines were dropped, so that the diagnostic
 * can say whether DMA code was among them.
 */
static void explain_parse_errors(struct file_problems *fp, const struct dmc_scan_request *req,
				 const struct argv_list *includes, const char *options,
				 const char *keywords)
{
	struct argv_list a = { 0 };
	struct dmc_run_result res;
	struct region_ctx ctx = { .diags = fp->diags, .keywords = keywords, .req = req };

	if (!fp->nparse)
		return;
	arg(&a, SPATCH);
	args_split(&a, "--parse-c --verbose-parsing");
	for (size_t i = 0; i < includes->n; i++)
		arg(&a, includes->v[i]);
	args_split(&a, options);
	for (size_t i = 0; i < fp->nparse; i++)
		arg(&a, fp->parse_failed[i]);
	dmc_run(a.v, NULL, SPATCH_TIMEOUT_S, &res);
	dmc_cocci_scan_parse_regions(res.out, report_region, &ctx);
	dmc_cocci_scan_parse_regions(res.err, report_region, &ctx);
	for (size_t i = 0; i < fp->nparse; i++) {
		int explained = 0;

		for (size_t j = 0; j < ctx.nreported && !explained; j++)
			explained = strcmp(ctx.reported[j], fp->parse_failed[i]) == 0;
		if (!explained)
			dmc_diags_add(fp->diags, DMC_SEV_ERROR, DMC_ENGINE_COCCI, fp->parse_failed[i], 0,
				      "spatch could not parse part of this file and skipped it; "
				      "the DMA API calls there may not have been checked");
	}
	for (size_t j = 0; j < ctx.nreported; j++)
		free(ctx.reported[j]);
	free(ctx.reported);
	dmc_run_free(&res);
	args_free(&a);
}

static int cocci_scan(const struct dmc_scan_request *req, struct dmc_findings *out,
		      struct dmc_diags *diags)
{
	struct rule_run *rules;
	size_t n = rule_runs(&rules, diags), nruns = 0, done = 0;
	int apart = 0;
	char *scratch = n && req->nfiles ? make_scratch(diags) : NULL;
	char *groups = scratch ? write_file_groups(scratch, req, diags) : NULL;
	struct spatch_run *runs = NULL;
	struct argv_list includes = { 0 };
	struct file_problems problems = { .diags = diags, .req = req };
	char *keywords = dmc_xstrdup("");

	for (size_t i = 0; i < n; i++) {
		char *more = dmc_xasprintf("%s,%s", keywords, rules[i].keywords);

		free(keywords);
		keywords = more;
	}
	if (groups)
		nruns = plan_runs(rules, n, scratch, req, &runs, &apart, diags);
	kernel_includes(groups ? req->kdir : NULL, &includes, diags);
	/* The rules add function names and related locations to their reports. */
	setenv("DMACHECK_COCCI", "1", 1);
	if (apart)
		run_side_by_side(runs, nruns, groups, scratch, req, &includes, out, &problems);
	for (size_t i = 0; i < nruns; i++) {
		if (!apart)
			run_spatch(&runs[i], groups, scratch, req, &includes, out, &problems);
		done += runs[i].nrules;
		if (req->progress)
			req->progress(req->progress_ctx, DMC_ENGINE_COCCI, done * req->nfiles / n,
				      req->nfiles);
	}
	unsetenv("DMACHECK_COCCI");
	if (groups && n)
		explain_parse_errors(&problems, req, &includes, rules[0].options, keywords);
	for (size_t i = 0; i < problems.nparse; i++)
		free(problems.parse_failed[i]);
	free(problems.parse_failed);
	if (scratch)
		remove_scratch(scratch);
	free(scratch);
	free(groups);
	free(keywords);
	args_free(&includes);
	spatch_runs_free(runs, nruns);
	rule_runs_free(rules, n);
	return 0;
}

const struct dmc_engine dmc_cocci_engine = {
	.name = "cocci",
	.bit = DMC_ENGINE_COCCI,
	.available = cocci_available,
	.scan = cocci_scan,
};
