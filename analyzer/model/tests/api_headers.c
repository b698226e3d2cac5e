// SPDX-License-Identifier: GPL-2.0
/*
 * api_headers: what a kernel's own headers declare of the DMA API, for the
 * test that holds reports/dma_api.def to them (api_headers_test.py).
 *
 *   api_headers COMPILE_COMMANDS.json
 *
 * Parses the one file the compile database lists, with its arguments (the
 * kernel's include directories and config, as kbuild gave them), and prints
 * one line per function and function-like macro whose name starts with dma_
 * or dmam_, or is one of the names given on stdin (wrappers the model
 * describes), tab-separated:
 *
 *   F  name  inline|extern  return-type  param;param;...  header  callees
 *   M  name  nparams        first-identifier-of-body      header
 *
 * where callees are the functions an inline definition calls (comma-separated,
 * "-" for none): the runtime sees an inline function only through them.
 *
 * Types are spelled as the header spells them (dma_addr_t, size_t), with
 * runs of white space folded.  Exit status 2 for bad input, 3 when the file
 * does not parse.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <clang-c/Index.h>
#include <jansson.h>

static char **wanted;
static size_t nwanted;

static int is_wanted(const char *name)
{
	if (!strncmp(name, "dma_", 4) || !strncmp(name, "dmam_", 5))
		return 1;
	for (size_t i = 0; i < nwanted; i++)
		if (!strcmp(wanted[i], name))
			return 1;
	return 0;
}

/* The type's spelling with white space folded to single blanks. */
static void print_type(CXType t)
{
	CXString s = clang_getTypeSpelling(t);
	const char *p = clang_getCString(s);
	int blank = 0;

	for (; *p; p++) {
		if (isspace((unsigned char)*p)) {
			blank = 1;
			continue;
		}
		if (blank)
			putchar(' ');
		blank = 0;
		putchar(*p);
	}
	clang_disposeString(s);
}

/* The header a cursor lies in, from include/ on ("include/linux/dma-mapping.h"). */
static void print_file(CXCursor c)
{
	CXFile file;
	CXString s;
	const char *path, *inc;

	clang_getSpellingLocation(clang_getCursorLocation(c), &file, NULL, NULL, NULL);
	s = clang_getFileName(file);
	path = clang_getCString(s) ? clang_getCString(s) : "?";
	inc = strstr(path, "/include/");
	printf("%s", inc ? inc + 1 : path);
	clang_disposeString(s);
}

struct seen {
	char **names;
	size_t n;
};

static int seen_before(struct seen *seen, const char *kind, const char *name)
{
	char key[256];

	snprintf(key, sizeof(key), "%s:%s", kind, name);
	for (size_t i = 0; i < seen->n; i++)
		if (!strcmp(seen->names[i], key))
			return 1;
	seen->names = realloc(seen->names, (seen->n + 1) * sizeof(*seen->names));
	seen->names[seen->n++] = strdup(key);
	return 0;
}

/* The functions a body calls, once each. */
static enum CXChildVisitResult collect_callee(CXCursor c, CXCursor parent, CXClientData data)
{
	struct seen *callees = data;

	if (clang_getCursorKind(c) == CXCursor_CallExpr) {
		CXCursor ref = clang_getCursorReferenced(c);
		CXString s = clang_getCursorSpelling(ref);
		const char *name = clang_getCString(s);

		if (!clang_Cursor_isNull(ref) && name && *name && !seen_before(callees, "", name))
			printf("%s%s", callees->n > 2 ? "," : "", name);
		clang_disposeString(s);
	}
	return CXChildVisit_Recurse;
}

static void print_function(CXCursor c, const char *name)
{
	/* a static function in a header is its inline definition */
	int inline_def = clang_Cursor_getStorageClass(c) == CX_SC_Static;
	int n = clang_Cursor_getNumArguments(c);

	printf("F\t%s\t%s\t", name, inline_def ? "inline" : "extern");
	print_type(clang_getResultType(clang_getCursorType(c)));
	putchar('\t');
	for (int i = 0; i < n; i++) {
		if (i)
			putchar(';');
		print_type(clang_getCursorType(clang_Cursor_getArgument(c, (unsigned)i)));
	}
	if (n == 0)
		printf("void");
	putchar('\t');
	print_file(c);
	putchar('\t');
	if (inline_def && clang_isCursorDefinition(c)) {
		struct seen callees = { 0 };

		seen_before(&callees, "", "");	/* so that the first callee prints no comma */
		clang_visitChildren(c, collect_callee, &callees);
		if (callees.n == 1)
			putchar('-');
		for (size_t i = 0; i < callees.n; i++)
			free(callees.names[i]);
		free(callees.names);
	} else {
		putchar('-');
	}
	putchar('\n');
}

/* "#define dma_map_single(d, a, s, r) dma_map_single_attrs(d, a, s, r, 0)" */
static void print_macro(CXTranslationUnit tu, CXCursor c, const char *name)
{
	CXToken *toks;
	unsigned ntoks, i, nparams = 0, params_open = 0;
	const char *via = "-";
	CXString via_s = { 0 };

	clang_tokenize(tu, clang_getCursorExtent(c), &toks, &ntoks);
	for (i = 1; i < ntoks; i++) {
		CXString s = clang_getTokenSpelling(tu, toks[i]);
		const char *t = clang_getCString(s);

		if (i == 1 && !strcmp(t, "("))
			params_open = 1;
		else if (params_open && !strcmp(t, ")")) {
			params_open = 0;
			clang_disposeString(s);
			i++;
			break;
		} else if (params_open && clang_getTokenKind(toks[i]) == CXToken_Identifier)
			nparams++;
		clang_disposeString(s);
	}
	for (; i < ntoks; i++) {
		if (clang_getTokenKind(toks[i]) == CXToken_Identifier) {
			via_s = clang_getTokenSpelling(tu, toks[i]);
			via = clang_getCString(via_s);
			break;
		}
	}
	printf("M\t%s\t%u\t%s\t", name, nparams, via);
	print_file(c);
	putchar('\n');
	if (via_s.data)
		clang_disposeString(via_s);
	clang_disposeTokens(tu, toks, ntoks);
}

struct walk {
	CXTranslationUnit tu;
	struct seen seen;
};

static enum CXChildVisitResult visit(CXCursor c, CXCursor parent, CXClientData data)
{
	struct walk *w = data;
	enum CXCursorKind kind = clang_getCursorKind(c);
	CXString s;
	const char *name;

	if (kind != CXCursor_FunctionDecl && kind != CXCursor_MacroDefinition)
		return CXChildVisit_Continue;
	if (kind == CXCursor_MacroDefinition && !clang_Cursor_isMacroFunctionLike(c))
		return CXChildVisit_Continue;
	s = clang_getCursorSpelling(c);
	name = clang_getCString(s);
	if (name && is_wanted(name)) {
		if (kind == CXCursor_MacroDefinition) {
			if (!seen_before(&w->seen, "M", name))
				print_macro(w->tu, c, name);
		} else if (clang_isCursorDefinition(c) || !clang_getCursorDefinition(c).data[0]) {
			/* the definition when there is one, else the declaration */
			if (!seen_before(&w->seen, "F", name))
				print_function(c, name);
		}
	}
	clang_disposeString(s);
	return CXChildVisit_Continue;
}

int main(int argc, char **argv)
{
	json_error_t jerr;
	json_t *db, *entry, *args;
	const char **cargs;
	size_t nargs = 0, i;
	const char *file;
	char line[256];
	CXIndex index;
	CXTranslationUnit tu;
	struct walk w = { 0 };
	int errors = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: api_headers COMPILE_COMMANDS.json < WRAPPER_NAMES\n");
		return 2;
	}
	db = json_load_file(argv[1], 0, &jerr);
	entry = db ? json_array_get(db, 0) : NULL;
	args = entry ? json_object_get(entry, "arguments") : NULL;
	file = entry ? json_string_value(json_object_get(entry, "file")) : NULL;
	if (!json_is_array(args) || !file) {
		fprintf(stderr, "api_headers: %s: not a compile database with arguments (%s)\n", argv[1],
			db ? "no entry" : jerr.text);
		return 2;
	}
	while (fgets(line, sizeof(line), stdin)) {
		line[strcspn(line, "\r\n")] = 0;
		if (!*line)
			continue;
		wanted = realloc(wanted, (nwanted + 1) * sizeof(*wanted));
		wanted[nwanted++] = strdup(line);
	}
	cargs = calloc(json_array_size(args), sizeof(*cargs));
	/* the compiler's name and the file are not arguments for libclang */
	for (i = 1; i < json_array_size(args); i++) {
		const char *a = json_string_value(json_array_get(args, i));

		if (a && strcmp(a, file) != 0)
			cargs[nargs++] = a;
	}
	index = clang_createIndex(0, 0);
	tu = clang_parseTranslationUnit(index, file, cargs, (int)nargs, NULL, 0,
					CXTranslationUnit_DetailedPreprocessingRecord);
	if (!tu) {
		fprintf(stderr, "api_headers: %s: libclang could not parse it\n", file);
		return 3;
	}
	for (unsigned d = 0; d < clang_getNumDiagnostics(tu); d++) {
		CXDiagnostic diag = clang_getDiagnostic(tu, d);

		if (clang_getDiagnosticSeverity(diag) >= CXDiagnostic_Error) {
			CXString s = clang_formatDiagnostic(diag, clang_defaultDiagnosticDisplayOptions());

			fprintf(stderr, "api_headers: %s\n", clang_getCString(s));
			clang_disposeString(s);
			errors++;
		}
		clang_disposeDiagnostic(diag);
	}
	if (errors) {
		fprintf(stderr, "api_headers: %s: %d errors; the headers were not read whole\n", file,
			errors);
		return 3;
	}
	w.tu = tu;
	clang_visitChildren(clang_getTranslationUnitCursor(tu), visit, &w);
	clang_disposeTranslationUnit(tu);
	clang_disposeIndex(index);
	json_decref(db);
	return 0;
}
