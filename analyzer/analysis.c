// SPDX-License-Identifier: GPL-2.0
/*
 * The analysis of one file: find the functions it defines (and the inline
 * helpers of the driver's own headers), summarise them callees first
 * (collecting field facts on the way), then run the rules over each
 * function of the file with everything the file taught.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "catalogue.h"
#include "flow/context.h"
#include "flow/fieldfacts.h"
#include "flow/summary.h"
#include "rules/rules.h"
#include "util.h"

struct function {
	CXCursor cursor;
	const char *name;
	struct cfg *cfg;
	unsigned *callees;	/* indexes into the function list */
	unsigned ncallees;
	int state;		/* ordering: 0 new, 1 in progress, 2 done */
	int in_header;		/* a driver header's inline helper: summarised, not checked */
};

struct tu_scan {
	struct analysis *an;
	const struct tu_errors *errors;
	struct function *fns;
	unsigned n;
	const char **skipped;	/* functions left out for parse errors */
	unsigned nskipped;
	char *driver_root;	/* headers below it are the driver's own ("/src/drivers/net/x/") */
};

/* ------------------------------------------------------------ rule choice */

/*
 * The rules the catalogue says the analyzer implements; DMACHECK_ANALYZER_RULES
 * ("all", or slugs separated by commas) runs others too, for measuring them.
 */
static void choose_rules(struct analysis *an)
{
	static const struct rule *chosen[64];
	const char *env = getenv("DMACHECK_ANALYZER_RULES");
	unsigned n = 0;

	for (unsigned i = 0; i < analyzer_rule_count && n < 64; i++) {
		const struct rule *r = analyzer_rules[i];
		const struct dmc_rule *cat = dmc_rule_by_slug(r->slug);
		int on = cat && (cat->engines & DMC_ENGINE_ANALYZER);

		if (env && *env) {
			char *list = dmc_xasprintf(",%s,", env), *want = dmc_xasprintf(",%s,", r->slug);

			on = strcmp(env, "all") == 0 || strstr(list, want) != NULL;
			free(list);
			free(want);
		}
		if (on)
			chosen[n++] = r;
	}
	an->rules = chosen;
	an->nrules = n;
}

/* ---------------------------------------------------------- what is here */

static int has_error_inside(const struct tu_errors *errors, CXCursor fn)
{
	CXSourceRange r = clang_getCursorExtent(fn);
	unsigned first, last;

	clang_getFileLocation(clang_getRangeStart(r), NULL, &first, NULL, NULL);
	clang_getFileLocation(clang_getRangeEnd(r), NULL, &last, NULL, NULL);
	return tu_errors_within(errors, first, last);
}

/*
 * The directory above the file's: a driver's headers sit beside its C
 * files or one level up (mlx5's core/en/ includes core/en.h).
 */
static char *driver_root_of(const char *file)
{
	char real[PATH_MAX], *slash;

	if (!realpath(file, real))
		return NULL;
	for (int up = 0; up < 2; up++) {
		slash = strrchr(real, '/');
		if (!slash || slash == real)
			return NULL;
		*slash = '\0';
	}
	return dmc_xasprintf("%s/", real);
}

/* An inline helper of the driver's own headers (enic.h's enic_dma_map_check()). */
static int in_driver_header(const struct tu_scan *ts, CXCursor c)
{
	CXFile file;
	CXString real;
	const char *path;
	int yes;

	if (!ts->driver_root)
		return 0;
	clang_getExpansionLocation(clang_getCursorLocation(c), &file, NULL, NULL, NULL);
	if (!file)
		return 0;
	real = clang_File_tryGetRealPathName(file);
	path = clang_getCString(real);
	yes = path && strncmp(path, ts->driver_root, strlen(ts->driver_root)) == 0 &&
	      !strstr(path + strlen(ts->driver_root), "include/") &&
	      !strstr(path + strlen(ts->driver_root), "arch/");
	clang_disposeString(real);
	return yes;
}

static enum CXChildVisitResult collect_function(CXCursor c, CXCursor parent, CXClientData data)
{
	struct tu_scan *ts = data;
	struct function *fn;
	int in_header = 0;

	if (clang_getCursorKind(c) != CXCursor_FunctionDecl || !clang_isCursorDefinition(c))
		return CXChildVisit_Continue;
	if (!ast_in_main_file(c) && !(in_header = in_driver_header(ts, c)))
		return CXChildVisit_Continue;
	if (!in_header && has_error_inside(ts->errors, c)) {
		char *name = ast_spelling(c);

		ts->skipped = dmc_xrealloc(ts->skipped, (ts->nskipped + 1) * sizeof(char *));
		ts->skipped[ts->nskipped++] = ast_intern(name);
		free(name);
		return CXChildVisit_Continue;
	}
	ts->fns = dmc_xrealloc(ts->fns, (ts->n + 1) * sizeof(*ts->fns));
	fn = &ts->fns[ts->n++];
	memset(fn, 0, sizeof(*fn));
	fn->cursor = c;
	fn->in_header = in_header;
	{
		char *name = ast_spelling(c);

		fn->name = ast_intern(name);
		free(name);
	}
	return CXChildVisit_Continue;
}

static int find_function(const struct tu_scan *ts, const char *name)
{
	for (unsigned i = 0; i < ts->n; i++)
		if (ts->fns[i].name == name)
			return (int)i;
	return -1;
}

static void note_callees(struct tu_scan *ts, struct function *fn)
{
	for (size_t b = 0; b < fn->cfg->nblocks; b++) {
		const struct cfg_block *blk = &fn->cfg->blocks[b];

		for (size_t e = 0; e < blk->nelems; e++) {
			char *name;
			int callee;

			if (blk->elems[e].kind != ELEM_CALL ||
			    !(name = ast_callee_name(blk->elems[e].cursor)))
				continue;
			callee = find_function(ts, ast_intern(name));
			free(name);
			if (callee < 0)
				continue;
			fn->callees = dmc_xrealloc(fn->callees, (fn->ncallees + 1) * sizeof(unsigned));
			fn->callees[fn->ncallees++] = (unsigned)callee;
		}
	}
}

/* Functions the core calls to bring a device or interface up: nobody undoes their failure. */
struct setup_search {
	struct analysis *an;
	const char *last_member;
};

static enum CXChildVisitResult find_setup(CXCursor c, CXCursor parent, CXClientData data)
{
	static const char *const members[] = { "probe", "ndo_open", "open" };
	struct setup_search *ss = data;
	enum CXCursorKind k = clang_getCursorKind(c);

	if (k == CXCursor_MemberRef) {
		char *name = ast_spelling(c);

		ss->last_member = ast_intern(name);
		free(name);
		return CXChildVisit_Continue;
	}
	if (k == CXCursor_DeclRefExpr && ss->last_member) {
		CXCursor ref = clang_getCursorReferenced(c);

		for (size_t i = 0; i < sizeof(members) / sizeof(members[0]); i++) {
			if (strcmp(ss->last_member, members[i]) != 0 ||
			    clang_getCursorKind(ref) != CXCursor_FunctionDecl)
				continue;
			char *name = ast_spelling(ref);
			struct analysis *an = ss->an;

			an->probe_like = dmc_xrealloc(an->probe_like,
						      (an->nprobe_like + 1) * sizeof(char *));
			an->probe_like[an->nprobe_like++] = ast_intern(name);
			free(name);
		}
		ss->last_member = NULL;
	}
	return CXChildVisit_Recurse;
}

static int is_probe_like(const struct analysis *an, const char *name)
{
	size_t n = strlen(name);

	for (unsigned i = 0; i < an->nprobe_like; i++)
		if (an->probe_like[i] == name)
			return 1;
	return n > 6 && strcmp(name + n - 6, "_probe") == 0;
}

/*
 * The widest constant masks passed to dma_set_mask() (streaming),
 * dma_set_coherent_mask() (coherent) and dma_set_mask_and_coherent() (both).
 */
static enum CXChildVisitResult find_masks(CXCursor c, CXCursor parent, CXClientData data)
{
	struct analysis *an = data;
	const struct api_fn *api;
	char *name;
	long long mask;

	if (clang_getCursorKind(c) != CXCursor_CallExpr)
		return CXChildVisit_Recurse;
	name = ast_callee_name(c);
	api = api_describe(name);
	if (api && api->op == API_MASK && ast_eval_int(ast_arg(c, api->dev + 1), &mask)) {
		int bits = 64 - __builtin_clzll((unsigned long long)mask | 1);
		int coherent = (api->flags & API_MASK_COHERENT) != 0;
		int streaming = (api->flags & API_MASK_STREAMING) != 0;

		if (streaming && bits > an->stream_mask_bits)
			an->stream_mask_bits = bits;
		if (coherent && bits > an->coherent_mask_bits)
			an->coherent_mask_bits = bits;
	}
	free(name);
	return CXChildVisit_Recurse;
}

/* ------------------------------------------------------------------ passes */

static void init_fn(struct flow_fn *f, struct analysis *an, const struct function *fn, int summary)
{
	memset(f, 0, sizeof(*f));
	f->an = an;
	f->cfg = fn->cfg;
	f->tu = an->tu;
	f->fn = fn->cursor;
	f->name = fn->name;
	f->summary_mode = summary;
	f->rules_on = !summary;
	f->probe_like = is_probe_like(an, fn->name);
	f->nloops = -1;
}

static void summarise(struct tu_scan *ts, unsigned i)
{
	struct function *fn = &ts->fns[i];
	struct flow_fn f;

	if (fn->state || !fn->cfg)
		return;		/* done, or recursion: the cycle goes without */
	fn->state = 1;
	for (unsigned c = 0; c < fn->ncallees; c++)
		summarise(ts, fn->callees[c]);
	init_fn(&f, ts->an, fn, 1);
	summary_compute(&f, ts->an->summaries);
	field_facts_finish_function(&f);
	flow_fn_release(&f);
	fn->state = 2;
}

static void check_function(struct tu_scan *ts, struct function *fn)
{
	struct flow_fn f;

	init_fn(&f, ts->an, fn, 0);
	flow_run(&f);
	analysis_flush_deferred(&f);
	if (f.incomplete)
		dmc_diags_add(ts->an->diags, DMC_SEV_WARNING, DMC_ENGINE_ANALYZER, ts->an->file, 0,
			      "%s() has more paths than the analysis follows; some of them were "
			      "not checked", fn->name);
	flow_fn_release(&f);
}

void analysis_run(CXTranslationUnit tu, const char *file, const struct tu_errors *errors,
		  struct dmc_findings *out, struct dmc_diags *diags)
{
	struct analysis an = { .tu = tu, .file = file, .out = out, .diags = diags };
	struct tu_scan ts = { .an = &an, .errors = errors, .driver_root = driver_root_of(file) };
	struct setup_search ss = { &an, NULL };

	choose_rules(&an);
	an.summaries = summaries_new();
	an.facts = field_facts_new();
	clang_visitChildren(clang_getTranslationUnitCursor(tu), collect_function, &ts);
	clang_visitChildren(clang_getTranslationUnitCursor(tu), find_setup, &ss);
	clang_visitChildren(clang_getTranslationUnitCursor(tu), find_masks, &an);
	for (unsigned i = 0; i < ts.n; i++)
		ts.fns[i].cfg = cfg_build(tu, ts.fns[i].cursor);
	for (unsigned i = 0; i < ts.n; i++)
		if (ts.fns[i].cfg)
			note_callees(&ts, &ts.fns[i]);
	for (unsigned i = 0; i < ts.n; i++)
		if (ts.fns[i].cfg)
			summarise(&ts, i);
	if (getenv("DMACHECK_ANALYZER_TRACE") && !strcmp(getenv("DMACHECK_ANALYZER_TRACE"), "summaries")) {
		summaries_print(stderr, an.summaries);
		field_facts_print(stderr, an.facts);
	}
	for (unsigned i = 0; i < ts.n && an.nrules; i++)
		if (ts.fns[i].cfg && !ts.fns[i].in_header)
			check_function(&ts, &ts.fns[i]);
	if (ts.nskipped)
		dmc_diags_add(diags, DMC_SEV_ERROR, DMC_ENGINE_ANALYZER, file, 0,
			      "%u function%s with parse errors not analysed (first: %s)",
			      ts.nskipped, ts.nskipped == 1 ? "" : "s", ts.skipped[0]);
	for (unsigned i = 0; i < ts.n; i++) {
		cfg_free(ts.fns[i].cfg);
		free(ts.fns[i].callees);
	}
	free(ts.fns);
	free(ts.skipped);
	free(ts.driver_root);
	summaries_free(an.summaries);
	field_facts_free(an.facts);
	free(an.sites);
	free(an.site_index);
	free(an.reported);
	free(an.probe_like);
}
