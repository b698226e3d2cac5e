/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Compile flags: how each driver file is really compiled, as clang 14
 * arguments.  They come from a compile database (compdb.c, read through
 * libclang's CXCompilationDatabase) or from a kbuild run of the driver
 * against a kernel build directory (kbuild.c); either way clang_args.c turns
 * the compiler's command line into arguments libclang accepts.
 */
#ifndef DMC_FLAGS_H
#define DMC_FLAGS_H

#include <stddef.h>

#include "finding.h"

/* How one file is compiled: libclang's arguments, without compiler and source. */
struct flags_cmd {
	char *file;		/* the file as the scan request names it */
	char *directory;	/* the compile's working directory */
	char **args;
	size_t nargs;
};

/* One entry per requested file, in the same order; args == NULL: no flags (see diags). */
struct flags_set {
	struct flags_cmd *cmds;
	size_t count;
	char *origin;		/* "compdb FILE" or "kbuild KDIR": for messages */
};

void flags_set_free(struct flags_set *set);
struct flags_cmd *flags_set_find(struct flags_set *set, const char *file);
/*
 * Writes the commands that have flags as a compile database (clang as the
 * compiler): what the scan parsed, for clangd, clang-tidy, or measuring
 * `clang -fsyntax-only` on the same files.  0, or -1 with errno.
 */
int flags_set_write_compdb(const struct flags_set *set, const char *path);

/* Drops from every command the options clang 14 rejects (one probe for all). */
void flags_set_drop_rejected(struct flags_set *set);

/*
 * The compile commands of files from the compile database `path`.  A file the
 * database does not list gets a diagnostic.  Returns 0, or -1 with a diagnostic
 * when the database cannot be loaded at all.
 */
int compdb_flags(const char *path, const char *const *files, size_t nfiles,
		 struct flags_set *out, struct dmc_diags *diags);

/*
 * The compile commands of files from a kbuild run against kdir: each
 * directory is built in a scratch mirror with a preprocessor stand-in that
 * records kbuild's exact arguments.  Results are cached per kernel and
 * directory (see kbuild.c).  Returns 0, or -1 when kbuild cannot run at all.
 */
int kbuild_flags(const char *kdir, const char *const *files, size_t nfiles, unsigned jobs,
		 struct flags_set *out, struct dmc_diags *diags);

/*
 * The kernel build directory used when neither --kdir nor --compdb is
 * given: the running kernel's /lib/modules/$(uname -r)/build, else the
 * newest /usr/src/linux-headers-* with a Makefile.  NULL if there is none.
 * The result is malloc'ed.
 */
char *kbuild_default_kdir(void);

/* Where dmacheck keeps caches: $DMACHECK_CACHE, else ~/.cache/dmacheck. */
char *flags_cache_dir(void);

/* ----------------------------------------------------------- clang_args.c */

/*
 * Turns a compiler command line (argv[0] is the compiler) into libclang
 * arguments: drops the compiler, the source, outputs and dependency-file
 * options, warnings (and adds -w), and makes relative paths in include
 * options absolute against directory.  Returns a NULL-terminated malloc'ed
 * vector; *n receives its length.
 */
char **clang_args_from_command(char *const *argv, size_t argc, const char *directory,
			       const char *source, size_t *n);

/*
 * The options among args that clang 14 rejects (gcc-only ones such as
 * -fconserve-stack or -mindirect-branch=thunk-extern), found by letting
 * libclang parse an empty file with them.  A malloc'ed NULL-terminated list.
 */
char **clang_args_rejected(char *const *args, size_t n);

/* Removes, in place, every argument that `rejected` lists. */
void clang_args_remove(char **args, size_t *n, char *const *rejected);
void clang_args_free_list(char **list);

void clang_args_free(char **args, size_t n);

#endif
