// SPDX-License-Identifier: GPL-2.0
/* Turning PATH arguments into the list of C files to scan. */
/* FTW_ACTIONRETVAL (to skip hidden directories) needs _GNU_SOURCE, set by the Makefile. */
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "util.h"

struct file_list {
	char **items;
	size_t count;
	size_t cap;
};

/* nftw has no context argument. */
static struct file_list *collecting;

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static void add(struct file_list *list, const char *path)
{
	dmc_grow((void **)&list->items, &list->cap, list->count, sizeof(char *));
	list->items[list->count++] = dmc_xstrdup(path);
}

static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	const char *base = path + ftw->base;

	/* .git, .tmp_versions and friends are never driver sources. */
	if (type == FTW_D && ftw->level > 0 && base[0] == '.')
		return FTW_SKIP_SUBTREE;
	if (type == FTW_F && S_ISREG(st->st_mode) && has_suffix(base, ".c") &&
	    !has_suffix(base, ".mod.c"))
		add(collecting, path);
	return FTW_CONTINUE;
}

static int compare_paths(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "dir/" and "dir" name the same tree; keep paths as the user wrote them otherwise. */
static char *trim_trailing_slashes(const char *path)
{
	char *p = dmc_xstrdup(path);
	size_t n = strlen(p);

	while (n > 1 && p[n - 1] == '/')
		p[--n] = '\0';
	return p;
}

int dmc_collect_files(char *const *paths, size_t npaths, char ***files, size_t *nfiles)
{
	struct file_list list = { 0 };

	for (size_t i = 0; i < npaths; i++) {
		char *path = trim_trailing_slashes(paths[i]);
		struct stat st;
		size_t before = list.count;

		if (stat(path, &st) != 0) {
			fprintf(stderr, "dmacheck: %s: %s\n", paths[i], strerror(errno));
			goto fail;
		}
		if (S_ISDIR(st.st_mode)) {
			collecting = &list;
			if (nftw(path, visit, 32, FTW_PHYS | FTW_ACTIONRETVAL) != 0) {
				fprintf(stderr, "dmacheck: %s: cannot read the directory: %s\n",
					paths[i], strerror(errno));
				goto fail;
			}
			if (list.count == before) {
				fprintf(stderr, "dmacheck: %s: no C files (*.c) under this directory\n",
					paths[i]);
				goto fail;
			}
		} else if (S_ISREG(st.st_mode) && (has_suffix(path, ".c") || has_suffix(path, ".h"))) {
			add(&list, path);
		} else {
			fprintf(stderr, "dmacheck: %s: not a C source file or a directory\n", paths[i]);
			goto fail;
		}
		free(path);
		continue;
fail:
		free(path);
		dmc_free_files(list.items, list.count);
		return -1;
	}
	qsort(list.items, list.count, sizeof(char *), compare_paths);
	/* The same file named twice (a file and its directory) is scanned once. */
	size_t out = 0;

	for (size_t i = 0; i < list.count; i++) {
		if (out && strcmp(list.items[out - 1], list.items[i]) == 0)
			free(list.items[i]);
		else
			list.items[out++] = list.items[i];
	}
	*files = list.items;
	*nfiles = out;
	return 0;
}

void dmc_free_files(char **files, size_t nfiles)
{
	for (size_t i = 0; i < nfiles; i++)
		free(files[i]);
	free(files);
}
