// SPDX-License-Identifier: GPL-2.0
/*
 * Compile flags from a compile database (compile_commands.json, as written
 * by the kernel's scripts/clang-tools/gen_compile_commands.py or by bear),
 * read through libclang's own CXCompilationDatabase.
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <clang-c/CXCompilationDatabase.h>

#include "flags.h"
#include "util.h"

/*
 * libclang loads "compile_commands.json" from a directory; a database under
 * another name is linked into a scratch directory under that name.
 */
static char *database_directory(const char *path, char **scratch)
{
	char real[PATH_MAX], *copy, *dir;

	*scratch = NULL;
	if (!realpath(path, real))
		return NULL;
	copy = dmc_xstrdup(real);
	if (strcmp(basename(copy), "compile_commands.json") == 0) {
		dir = dmc_xstrdup(dirname(copy));
		free(copy);
		return dir;
	}
	free(copy);
	dir = dmc_xstrdup("/tmp/dmacheck-compdb-XXXXXX");
	if (!mkdtemp(dir)) {
		free(dir);
		return NULL;
	}
	*scratch = dmc_xasprintf("%s/compile_commands.json", dir);
	if (symlink(real, *scratch) != 0) {
		rmdir(dir);
		free(dir);
		free(*scratch);
		*scratch = NULL;
		return NULL;
	}
	return dir;
}

static void remove_scratch(char *dir, char *scratch)
{
	if (scratch) {
		unlink(scratch);
		rmdir(dir);
	}
	free(scratch);
	free(dir);
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The files the database really lists (libclang guesses commands for others). */
static char **listed_files(CXCompilationDatabase db, size_t *n)
{
	CXCompileCommands all = clang_CompilationDatabase_getAllCompileCommands(db);
	size_t count = all ? clang_CompileCommands_getSize(all) : 0;
	char **files = dmc_xcalloc(count + 1, sizeof(char *));

	for (size_t i = 0; i < count; i++) {
		CXCompileCommand c = clang_CompileCommands_getCommand(all, (unsigned)i);
		CXString dir = clang_CompileCommand_getDirectory(c);
		CXString name = clang_CompileCommand_getFilename(c);
		char *path = clang_getCString(name)[0] == '/' ?
			     dmc_xstrdup(clang_getCString(name)) :
			     dmc_xasprintf("%s/%s", clang_getCString(dir), clang_getCString(name));
		char real[PATH_MAX];

		files[i] = realpath(path, real) ? dmc_xstrdup(real) : dmc_xstrdup(path);
		free(path);
		clang_disposeString(dir);
		clang_disposeString(name);
	}
	if (all)
		clang_CompileCommands_dispose(all);
	*n = count;
	return files;
}

static int is_listed(char **listed, size_t n, const char *file)
{
	char real[PATH_MAX];

	if (!realpath(file, real))
		snprintf(real, sizeof(real), "%s", file);
	for (size_t i = 0; i < n; i++)
		if (strcmp(listed[i], real) == 0)
			return 1;
	return 0;
}

/* The first command the database has for the file, as libclang arguments. */
static int command_for(CXCompilationDatabase db, const char *file, struct flags_cmd *cmd)
{
	char real[PATH_MAX];
	CXCompileCommands cmds;
	CXCompileCommand c;
	char **argv;
	size_t argc;
	CXString dir, name;

	if (!realpath(file, real))
		snprintf(real, sizeof(real), "%s", file);
	cmds = clang_CompilationDatabase_getCompileCommands(db, real);
	if (!cmds || clang_CompileCommands_getSize(cmds) == 0) {
		if (cmds)
			clang_CompileCommands_dispose(cmds);
		return -1;
	}
	c = clang_CompileCommands_getCommand(cmds, 0);
	argc = clang_CompileCommand_getNumArgs(c);
	argv = dmc_xcalloc(argc + 1, sizeof(char *));
	for (size_t i = 0; i < argc; i++) {
		CXString arg = clang_CompileCommand_getArg(c, (unsigned)i);

		argv[i] = dmc_xstrdup(clang_getCString(arg));
		clang_disposeString(arg);
	}
	dir = clang_CompileCommand_getDirectory(c);
	name = clang_CompileCommand_getFilename(c);
	cmd->directory = dmc_xstrdup(clang_getCString(dir));
	cmd->args = clang_args_from_command(argv, argc, cmd->directory, clang_getCString(name),
					    &cmd->nargs);
	clang_disposeString(dir);
	clang_disposeString(name);
	for (size_t i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
	clang_CompileCommands_dispose(cmds);
	return 0;
}

int compdb_flags(const char *path, const char *const *files, size_t nfiles,
		 struct flags_set *out, struct dmc_diags *diags)
{
	CXCompilationDatabase_Error err = CXCompilationDatabase_NoError;
	CXCompilationDatabase db = NULL;
	char *scratch, *dir = database_directory(path, &scratch), **listed;
	size_t nlisted;

	memset(out, 0, sizeof(*out));
	out->origin = dmc_xasprintf("compile database %s", path);
	if (dir)
		db = clang_CompilationDatabase_fromDirectory(dir, &err);
	if (!dir || !db || err != CXCompilationDatabase_NoError) {
		dmc_diags_add(diags, DMC_SEV_ERROR, DMC_ENGINE_ANALYZER, path, 0,
			      "libclang cannot load this compile database%s%s",
			      dir ? "" : ": ", dir ? "" : strerror(errno));
		if (db)
			clang_CompilationDatabase_dispose(db);
		remove_scratch(dir, scratch);
		return -1;
	}
	listed = listed_files(db, &nlisted);
	out->cmds = dmc_xcalloc(nfiles + 1, sizeof(*out->cmds));
	out->count = nfiles;
	for (size_t i = 0; i < nfiles; i++) {
		/* A header is never compiled itself: libclang's guess from its neighbours will do. */
		int guess_ok = ends_with(files[i], ".h");

		out->cmds[i].file = dmc_xstrdup(files[i]);
		if ((!guess_ok && !is_listed(listed, nlisted, files[i])) ||
		    command_for(db, files[i], &out->cmds[i]) != 0)
			dmc_diags_add(diags, DMC_SEV_ERROR, DMC_ENGINE_ANALYZER, files[i], 0,
				      "not analysed: the compile database %s has no command for "
				      "this file", path);
	}
	for (size_t i = 0; i < nlisted; i++)
		free(listed[i]);
	free(listed);
	clang_CompilationDatabase_dispose(db);
	remove_scratch(dir, scratch);
	flags_set_drop_rejected(out);
	return 0;
}
