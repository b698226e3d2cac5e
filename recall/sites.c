// SPDX-License-Identifier: GPL-2.0
/*
 * recall-sites: the DMA API calls of one driver file, found by libclang with
 * the file's real kbuild flags, as JSON lines for the misuse injector
 * (recall/inject.py).
 *
 * Regular expressions over kernel C find calls in comments and strings, miss
 * calls split over lines, and cannot tell a statement from a condition or an
 * error path from the success path.  The parser can: each line names a call
 * the file writes itself (not one a driver macro hides), where it starts and
 * ends in the file, where each of its written arguments is, which argument is
 * the size, direction, handle and buffer (from the analyzer's DMA API model),
 * whether it stands alone as a statement, what a map is assigned to, and
 * whether it lies on an error path of its function.
 *
 *   recall-sites --kdir DIR FILE.c      one JSON object per call, then one per function
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <clang-c/Index.h>
#include <jansson.h>

#include "flags/flags.h"
#include "frontend/ast.h"
#include "frontend/tu.h"
#include "model/dma_api.h"
#include "util.h"

#define MAX_DEPTH 256

struct walk {
	CXTranslationUnit tu;
	CXCursor stack[MAX_DEPTH];	/* ancestors of the cursor being visited */
	unsigned depth;
	CXCursor function;		/* the function definition being walked */
	json_t *calls;
};

static unsigned file_offset(CXSourceLocation loc)
{
	unsigned off = 0;

	clang_getFileLocation(loc, NULL, NULL, NULL, &off);
	return off;
}

static unsigned file_line(CXSourceLocation loc)
{
	unsigned line = 0;

	clang_getFileLocation(loc, NULL, &line, NULL, NULL);
	return line;
}

/*
 * The written tokens of a cursor's extent, in file terms.  A call the driver
 * writes as a macro (dma_unmap_single() over dma_unmap_single_attrs()) has
 * its end inside the macro's body, so when `open` is set the tokens run from
 * the start to well past it and split_call() finds the closing parenthesis.
 */
static CXToken *tokens_of(CXTranslationUnit tu, CXCursor c, int open, unsigned *n)
{
	CXSourceRange r = clang_getCursorExtent(c);
	CXFile file;
	unsigned start, end;
	size_t size = 0;
	CXToken *toks = NULL;

	clang_getFileLocation(clang_getRangeStart(r), &file, NULL, NULL, &start);
	clang_getFileLocation(clang_getRangeEnd(r), NULL, NULL, NULL, &end);
	*n = 0;
	if (!file)
		return NULL;
	if (open) {
		clang_getFileContents(tu, file, &size);
		end = start + 8192 < size ? start + 8192 : (unsigned)size;
	}
	if (end < start)
		return NULL;
	clang_tokenize(tu, clang_getRange(clang_getLocationForOffset(tu, file, start),
					  clang_getLocationForOffset(tu, file, end)), &toks, n);
	return toks;
}

static char *token_text(CXTranslationUnit tu, CXToken t)
{
	CXString s = clang_getTokenSpelling(tu, t);
	char *text = dmc_xstrdup(clang_getCString(s));

	clang_disposeString(s);
	return text;
}

/* The text of a cursor as written: its tokens joined by single spaces. */
static char *written_text(CXTranslationUnit tu, CXCursor c)
{
	unsigned n;
	CXToken *toks = tokens_of(tu, c, 0, &n);
	size_t len = 0, cap = 64;
	char *out = dmc_xcalloc(cap, 1);

	for (unsigned i = 0; i < n; i++) {
		char *t = token_text(tu, toks[i]);
		size_t tl = strlen(t);

		while (len + tl + 2 > cap)
			out = dmc_xrealloc(out, cap *= 2);
		if (i)
			out[len++] = ' ';
		memcpy(out + len, t, tl + 1);
		len += tl;
		free(t);
	}
	clang_disposeTokens(tu, toks, n);
	return out;
}

/*
 * The call as written: `name ( a , b )`.  Fills the call's end offset and the
 * [start, end) offsets of each top-level argument.  0 when the tokens are not
 * a plain call of that name (a driver macro around the API).
 */
static int split_call(CXTranslationUnit tu, CXCursor call, const char *name, unsigned *call_end,
		      json_t *args)
{
	unsigned n, depth = 0, arg_start = 0, arg_end = 0, i;
	CXToken *toks = tokens_of(tu, call, 1, &n);
	int ok = 0, empty = 1;

	if (n < 3)
		goto out;
	{
		char *first = token_text(tu, toks[0]), *paren = token_text(tu, toks[1]);

		ok = strcmp(first, name) == 0 && strcmp(paren, "(") == 0;
		free(first);
		free(paren);
	}
	if (!ok)
		goto out;
	ok = 0;
	for (i = 2; i < n; i++) {
		char *t = token_text(tu, toks[i]);
		CXSourceRange r = clang_getTokenExtent(tu, toks[i]);
		unsigned ts = file_offset(clang_getRangeStart(r)), te = file_offset(clang_getRangeEnd(r));
		int open = strcmp(t, "(") == 0 || strcmp(t, "[") == 0 || strcmp(t, "{") == 0;
		int close = strcmp(t, ")") == 0 || strcmp(t, "]") == 0 || strcmp(t, "}") == 0;

		if (depth == 0 && (strcmp(t, ",") == 0 || strcmp(t, ")") == 0)) {
			if (!empty)
				json_array_append_new(args, json_pack("[ii]", arg_start, arg_end));
			empty = 1;
			if (strcmp(t, ")") == 0) {
				*call_end = te;
				ok = 1;
				free(t);
				break;
			}
		} else {
			if (empty)
				arg_start = ts;
			arg_end = te;
			empty = 0;
			if (open)
				depth++;
			else if (close && depth)
				depth--;
		}
		free(t);
	}
out:
	clang_disposeTokens(tu, toks, n);
	return ok;
}

static int is_statement_parent(CXCursor parent, CXCursor child)
{
	switch (clang_getCursorKind(parent)) {
	case CXCursor_CompoundStmt:
	case CXCursor_LabelStmt:
	case CXCursor_CaseStmt:
	case CXCursor_DefaultStmt:
		return 1;
	case CXCursor_IfStmt:
		/* the branches, not the condition */
		return !clang_equalCursors(ast_child(parent, 0), child);
	default:
		return 0;
	}
}

/* Whether a block leaves its function or jumps: `{ ...; goto err; }`, `{ ...; return -ENOMEM; }`, `break`. */
static int block_exits(CXCursor block)
{
	unsigned n;
	CXCursor *kids = ast_children_alloc(block, &n);
	int exits = 0;

	for (unsigned i = 0; i < n && !exits; i++) {
		enum CXCursorKind k = clang_getCursorKind(kids[i]);

		exits = k == CXCursor_GotoStmt || k == CXCursor_ReturnStmt || k == CXCursor_BreakStmt;
	}
	free(kids);
	return exits;
}

/*
 * On an error path: under a branch of an if that then leaves the function
 * or jumps away, or under a label of the function's body (the unwinding
 * ladder of `goto err_unmap`).
 */
static int on_error_path(const struct walk *w)
{
	for (unsigned i = w->depth; i-- > 1;) {
		CXCursor c = w->stack[i], parent = w->stack[i - 1];
		enum CXCursorKind pk = clang_getCursorKind(parent);

		if (clang_getCursorKind(c) == CXCursor_CompoundStmt && pk == CXCursor_IfStmt &&
		    !clang_equalCursors(ast_child(parent, 0), c) && block_exits(c))
			return 1;
		if (clang_getCursorKind(c) == CXCursor_LabelStmt)
			return 1;
	}
	return 0;
}

/* What a call's value is stored in: `x = call` or `T x = call`, else NULL. */
static char *assigned_to(const struct walk *w)
{
	for (unsigned i = w->depth; i-- > 0;) {
		CXCursor p = w->stack[i];
		enum CXCursorKind k = clang_getCursorKind(p);

		if (k == CXCursor_UnexposedExpr || k == CXCursor_ParenExpr ||
		    k == CXCursor_CStyleCastExpr)
			continue;
		if (k == CXCursor_VarDecl)
			return ast_spelling(p);
		if (k == CXCursor_BinaryOperator && ast_operator(w->tu, p) == OP_ASSIGN)
			return written_text(w->tu, ast_child(p, 0));
		return NULL;
	}
	return NULL;
}

/* Where the call is written, macros included (ast_in_main_file() asks where they were defined). */
static int written_in_main_file(CXTranslationUnit tu, CXCursor c)
{
	CXFile file;
	CXString main_name = clang_getTranslationUnitSpelling(tu);
	int yes;

	clang_getFileLocation(clang_getCursorLocation(c), &file, NULL, NULL, NULL);
	yes = file && clang_File_isEqual(file, clang_getFile(tu, clang_getCString(main_name)));
	clang_disposeString(main_name);
	return yes;
}

static const char *op_name(enum api_op op)
{
	switch (op) {
	case API_MAP: return "map";
	case API_UNMAP: return "unmap";
	case API_SYNC_FOR_CPU: return "sync_for_cpu";
	case API_SYNC_FOR_DEVICE: return "sync_for_device";
	case API_MAPPING_ERROR: return "mapping_error";
	default: return NULL;
	}
}

static void record_call(struct walk *w, CXCursor call)
{
	char *name = ast_written_callee(w->tu, call), *fn_name, *lhs;
	const struct api_fn *api = name ? api_lookup(name) : NULL;
	const char *op = api ? op_name(api->op) : NULL;
	json_t *args, *obj;
	unsigned end = 0;
	CXCursor parent = w->stack[w->depth - 1];

	if (!op || !written_in_main_file(w->tu, call)) {
		free(name);
		return;
	}
	args = json_array();
	if (!split_call(w->tu, call, name, &end, args)) {
		json_decref(args);
		free(name);
		return;
	}
	fn_name = ast_spelling(w->function);
	lhs = api->op == API_MAP ? assigned_to(w) : NULL;
	obj = json_pack("{s:s,s:s,s:s,s:s,s:i,s:i,s:i,s:o,s:b,s:b,s:i,s:i,s:i,s:i,s:s?}",
			"kind", "call", "function", fn_name, "name", name, "op", op,
			"line", file_line(clang_getCursorLocation(call)),
			"start", file_offset(clang_getRangeStart(clang_getCursorExtent(call))),
			"end", end, "args", args,
			"statement", is_statement_parent(parent, call),
			"error_path", on_error_path(w),
			"size_arg", api->size, "dir_arg", api->dir,
			"handle_arg", api->handle, "buf_arg", api->buf, "assigned_to", lhs);
	json_object_set_new(obj, "family", json_string(api_family_name(api->family)));
	json_array_append_new(w->calls, obj);
	free(fn_name);
	free(lhs);
	free(name);
}

static enum CXChildVisitResult visit(CXCursor c, CXCursor parent, CXClientData data)
{
	struct walk *w = data;

	if (clang_getCursorKind(c) == CXCursor_CallExpr && w->depth)
		record_call(w, c);
	if (w->depth + 1 >= MAX_DEPTH)
		return CXChildVisit_Continue;
	w->stack[w->depth++] = c;
	clang_visitChildren(c, visit, w);
	w->depth--;
	return CXChildVisit_Continue;
}

/* One line per function definition of the main file: its extent, its body, its labels. */
static json_t *function_info(CXTranslationUnit tu, CXCursor fn, CXCursor body)
{
	CXSourceRange r = clang_getCursorExtent(fn);
	char *name = ast_spelling(fn);
	json_t *labels = json_array(), *obj;
	unsigned n;
	CXCursor *kids = ast_children_alloc(body, &n);

	for (unsigned i = 0; i < n; i++)
		if (clang_getCursorKind(kids[i]) == CXCursor_LabelStmt)
			json_array_append_new(labels, json_integer(file_offset(
				clang_getCursorLocation(kids[i]))));
	free(kids);
	obj = json_pack("{s:s,s:s,s:i,s:i,s:i,s:i,s:o}", "kind", "function", "function", name,
			"first_line", file_line(clang_getRangeStart(r)),
			"last_line", file_line(clang_getRangeEnd(r)),
			"body_start", file_offset(clang_getRangeStart(clang_getCursorExtent(body))),
			"body_end", file_offset(clang_getRangeEnd(clang_getCursorExtent(body))),
			"labels", labels);
	(void)tu;
	free(name);
	return obj;
}

static int emit_sites(CXTranslationUnit tu)
{
	unsigned n;
	CXCursor *top = ast_children_alloc(clang_getTranslationUnitCursor(tu), &n);
	json_t *out = json_array();

	for (unsigned i = 0; i < n; i++) {
		CXCursor fn = top[i], body;
		struct walk w = { .tu = tu, .function = fn };

		if (clang_getCursorKind(fn) != CXCursor_FunctionDecl || !clang_isCursorDefinition(fn) ||
		    !ast_in_main_file(fn))
			continue;
		body = ast_last_child(fn);
		if (clang_getCursorKind(body) != CXCursor_CompoundStmt)
			continue;
		w.calls = out;
		w.stack[w.depth++] = fn;
		w.stack[w.depth++] = body;
		clang_visitChildren(body, visit, &w);
		json_array_append_new(out, function_info(tu, fn, body));
	}
	free(top);
	for (size_t i = 0; i < json_array_size(out); i++) {
		char *line = json_dumps(json_array_get(out, i), JSON_COMPACT | JSON_SORT_KEYS);

		puts(line);
		free(line);
	}
	json_decref(out);
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: recall-sites --kdir DIR FILE.c\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kdir", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *kdir = NULL, *file;
	struct flags_set flags;
	struct dmc_diags diags;
	struct tu_errors errors;
	CXIndex index;
	CXTranslationUnit tu;
	int c, rc = 0;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'k') {
			kdir = optarg;
		} else {
			usage(c == 'h' ? stdout : stderr);
			return c == 'h' ? 0 : 2;
		}
	}
	if (!kdir || optind + 1 != argc) {
		usage(stderr);
		return 2;
	}
	file = argv[optind];
	dmc_diags_init(&diags);
	if (kbuild_flags(kdir, &file, 1, 1, &flags, &diags) != 0 || !flags.count ||
	    !flags.cmds[0].args) {
		for (size_t i = 0; i < diags.count; i++)
			fprintf(stderr, "recall-sites: %s: %s\n", file, diags.items[i].message);
		fprintf(stderr, "recall-sites: %s: no compile flags\n", file);
		flags_set_free(&flags);
		dmc_diags_free(&diags);
		return 3;
	}
	flags_set_drop_rejected(&flags);
	index = clang_createIndex(0, 0);
	tu = tu_parse(index, file, flags.cmds[0].args, flags.cmds[0].nargs, NULL, 0, &diags, &errors);
	for (size_t i = 0; i < diags.count; i++)
		fprintf(stderr, "recall-sites: %s: %s\n", file, diags.items[i].message);
	if (!tu || diags.count) {
		rc = 3;
	} else {
		rc = emit_sites(tu);
	}
	if (tu)
		clang_disposeTranslationUnit(tu);
	tu_errors_free(&errors);
	clang_disposeIndex(index);
	flags_set_free(&flags);
	dmc_diags_free(&diags);
	return rc;
}
