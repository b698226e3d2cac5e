// SPDX-License-Identifier: GPL-2.0
/*
 * From a compiler command line to arguments libclang 14 accepts.
 *
 * Kernel builds are made with gcc, and kbuild passes options clang 14 does
 * not know (-fconserve-stack, -mindirect-branch=thunk-extern,
 * -fno-allow-store-data-races, -mrecord-mcount, ...).  Rather than keep a
 * list that goes stale with every kernel, clang_args_drop_rejected() asks
 * libclang itself: it parses an empty file with the options and drops every
 * option its diagnostics name.
 */
#include <stdlib.h>
#include <string.h>

#include <clang-c/Index.h>

#include "flags.h"
#include "util.h"

struct argv_builder {
	char **items;
	size_t count;
	size_t cap;
};

static void push(struct argv_builder *b, char *arg)
{
	dmc_grow((void **)&b->items, &b->cap, b->count + 1, sizeof(char *));
	b->items[b->count++] = arg;
	b->items[b->count] = NULL;
}

static int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Options whose value is the next argument, and that name a path. */
static const char *const path_options[] = {
	"-I", "-include", "-imacros", "-isystem", "-iquote", "-idirafter", "-isysroot", "--sysroot",
};

/* Options whose value is the next argument and that are kept as they are. */
static const char *const value_options[] = {
	"-D", "-U", "-x", "-target", "-Xclang", "-mllvm", "-arch",
};

/* Options (with their separate value) that only concern outputs. */
static const char *const dropped_value_options[] = { "-o", "-MF", "-MT", "-MQ" };

static int in_list(const char *arg, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(arg, list[i]) == 0)
			return 1;
	return 0;
}

#define IN(arg, list) in_list(arg, list, sizeof(list) / sizeof(list[0]))

static char *absolute(const char *path, const char *directory)
{
	if (path[0] == '/' || !directory || !*directory)
		return dmc_xstrdup(path);
	if (strcmp(path, ".") == 0)
		return dmc_xstrdup(directory);
	if (starts_with(path, "./"))
		path += 2;
	return dmc_xasprintf("%s/%s", directory, path);
}

/* Arguments that only matter for outputs, warnings or code generation aids. */
static int is_dropped(const char *arg)
{
	static const char *const exact[] = { "-c", "-E", "-S", "-MD", "-MMD", "-MP", "-M", "-MM",
					     "-pipe", "-v", "-w" };

	if (IN(arg, exact))
		return 1;
	/* Warnings only cost time; -W also covers -Wp,-MMD,file and -Wa,... */
	if (starts_with(arg, "-W") || starts_with(arg, "-o"))
		return 1;
	/* gcc plugins cannot load into clang. */
	return starts_with(arg, "-fplugin");
}

static int is_source(const char *arg, const char *source)
{
	if (source && strcmp(arg, source) == 0)
		return 1;
	return arg[0] != '-' && (ends_with(arg, ".c") || ends_with(arg, ".S") ||
				 ends_with(arg, ".i") || ends_with(arg, ".h"));
}

/* -I/path, -Ipath: joined path options. */
static char *joined_path_option(const char *arg, const char *directory)
{
	static const char *const joined[] = { "-I", "-isystem", "-iquote", "-idirafter" };

	for (size_t i = 0; i < sizeof(joined) / sizeof(joined[0]); i++) {
		size_t n = strlen(joined[i]);
		char *path, *out;

		if (strncmp(arg, joined[i], n) != 0 || arg[n] == '\0')
			continue;
		path = absolute(arg + n, directory);
		out = dmc_xasprintf("%s%s", joined[i], path);
		free(path);
		return out;
	}
	return NULL;
}

char **clang_args_from_command(char *const *argv, size_t argc, const char *directory,
			       const char *source, size_t *n)
{
	struct argv_builder b = { 0 };
	char *joined;

	for (size_t i = 1; i < argc; i++) {
		const char *arg = argv[i];

		if (IN(arg, dropped_value_options)) {
			i++;
			continue;
		}
		if (strcmp(arg, "--") == 0)
			break;		/* only inputs follow */
		if (IN(arg, path_options) && i + 1 < argc) {
			push(&b, dmc_xstrdup(arg));
			push(&b, absolute(argv[++i], directory));
			continue;
		}
		if (IN(arg, value_options) && i + 1 < argc) {
			push(&b, dmc_xstrdup(arg));
			push(&b, dmc_xstrdup(argv[++i]));
			continue;
		}
		if (is_dropped(arg) || is_source(arg, source))
			continue;
		joined = joined_path_option(arg, directory);
		push(&b, joined ? joined : dmc_xstrdup(arg));
	}
	push(&b, dmc_xstrdup("-w"));	/* once, last: no warning is worth parsing for */
	*n = b.count;
	return b.items;
}

void clang_args_free(char **args, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(args[i]);
	free(args);
}

/* The options worth asking about: not paths, macros or separate values. */
static size_t probe_candidates(char **args, size_t n, const char **out)
{
	size_t count = 0;

	for (size_t i = 0; i < n; i++) {
		if (IN(args[i], path_options) || IN(args[i], value_options)) {
			i++;
			continue;
		}
		if (args[i][0] != '-' || starts_with(args[i], "-I") || starts_with(args[i], "-D") ||
		    starts_with(args[i], "-U"))
			continue;
		out[count++] = args[i];
	}
	return count;
}

/* Adds to `drop` every candidate quoted in the diagnostic's text ('-fconserve-stack'). */
static void note_quoted(const char *text, const char **candidates, size_t n, int *drop)
{
	for (const char *q = strchr(text, '\''); q; q = strchr(q + 1, '\'')) {
		const char *end = strchr(q + 1, '\'');

		if (!end)
			return;
		for (size_t i = 0; i < n; i++)
			if (strlen(candidates[i]) == (size_t)(end - q - 1) &&
			    strncmp(candidates[i], q + 1, (size_t)(end - q - 1)) == 0)
				drop[i] = 1;
		q = end;
	}
}

/* One libclang parse of an empty file; marks the candidates it complains about. */
static int probe_once(const char **candidates, size_t n, int *drop)
{
	static const char probe_name[] = "dmacheck-flag-probe.c";
	struct CXUnsavedFile empty = { probe_name, "int dmacheck_flag_probe;\n", 25 };
	const char **args = dmc_xcalloc(n + 1, sizeof(char *));
	CXIndex index = clang_createIndex(0, 0);
	CXTranslationUnit tu = NULL;
	size_t nargs = 0;
	int found = 0;

	for (size_t i = 0; i < n; i++)
		if (!drop[i])
			args[nargs++] = candidates[i];
	if (clang_parseTranslationUnit2(index, probe_name, args, (int)nargs, &empty, 1, 0, &tu) ==
	    CXError_Success) {
		for (unsigned d = 0; d < clang_getNumDiagnostics(tu); d++) {
			CXDiagnostic diag = clang_getDiagnostic(tu, d);
			CXString text = clang_getDiagnosticSpelling(diag);
			int before = 0;

			for (size_t i = 0; i < n; i++)
				before += drop[i];
			note_quoted(clang_getCString(text), candidates, n, drop);
			for (size_t i = 0; i < n; i++)
				before -= drop[i];
			found |= before != 0;
			clang_disposeString(text);
			clang_disposeDiagnostic(diag);
		}
		clang_disposeTranslationUnit(tu);
	}
	clang_disposeIndex(index);
	free(args);
	return found;
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

char **clang_args_rejected(char *const *args, size_t n)
{
	const char **candidates = dmc_xcalloc(n + 1, sizeof(char *));
	size_t ncand = probe_candidates((char **)args, n, candidates), unique = 0, out = 0;
	int *drop;
	char **rejected;

	/* The union of many files' options repeats most of them: ask once each. */
	qsort(candidates, ncand, sizeof(char *), compare_strings);
	for (size_t i = 0; i < ncand; i++)
		if (unique == 0 || strcmp(candidates[unique - 1], candidates[i]) != 0)
			candidates[unique++] = candidates[i];
	drop = dmc_xcalloc(unique + 1, sizeof(int));
	/* Another round catches options a first error hid; rarely needed. */
	for (int round = 0; round < 3 && probe_once(candidates, unique, drop); round++)
		;
	rejected = dmc_xcalloc(unique + 1, sizeof(char *));
	for (size_t i = 0; i < unique; i++)
		if (drop[i])
			rejected[out++] = dmc_xstrdup(candidates[i]);
	free(drop);
	free(candidates);
	return rejected;
}

void clang_args_remove(char **args, size_t *n, char *const *rejected)
{
	size_t out = 0;

	for (size_t i = 0; i < *n; i++) {
		int gone = 0;

		for (size_t r = 0; rejected && rejected[r] && !gone; r++)
			gone = strcmp(args[i], rejected[r]) == 0;
		if (gone)
			free(args[i]);
		else
			args[out++] = args[i];
	}
	args[out] = NULL;
	*n = out;
}

void clang_args_free_list(char **list)
{
	for (size_t i = 0; list && list[i]; i++)
		free(list[i]);
	free(list);
}
