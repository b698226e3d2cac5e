// SPDX-License-Identifier: GPL-2.0
/*
 * `dmacheck scan --changed-since REV`: the lint gate on a patch series.
 * Of the files the PATHs name, only those git says differ from REV (in the
 * working tree, staged or not, and new files git does not ignore) are
 * scanned.  A changed header brings in the scanned C files that include it
 * by name, since their analysis depends on it.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "subprocess.h"
#include "util.h"

struct path_set {
	char **items;
	size_t count, cap;
};

static void set_add(struct path_set *set, char *path)
{
	dmc_grow((void **)&set->items, &set->cap, set->count, sizeof(char *));
	set->items[set->count++] = path;
}

static void set_free(struct path_set *set)
{
	for (size_t i = 0; i < set->count; i++)
		free(set->items[i]);
	free(set->items);
}

static int set_has(const struct path_set *set, const char *path)
{
	for (size_t i = 0; i < set->count; i++)
		if (strcmp(set->items[i], path) == 0)
			return 1;
	return 0;
}

/* Runs git in dir; on failure prints git's own words and returns -1. */
static int git(const char *dir, char **args, struct dmc_run_result *res)
{
	char *argv[16] = { "git", "-C", (char *)dir };
	size_t n = 3;

	while (*args && n < 15)
		argv[n++] = *args++;
	argv[n] = NULL;
	if (dmc_run(argv, NULL, 120, res) == 0)
		return 0;
	if (res->spawn_errno)
		fprintf(stderr, "dmacheck: --changed-since needs git, which cannot be run: %s\n",
			strerror(res->spawn_errno));
	return -1;
}

/* The directory git is asked in: the first PATH, or the one holding it. */
static char *repo_dir(const char *path)
{
	struct stat st;
	char *dir = dmc_xstrdup(path), *slash;

	if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
		return dir;
	slash = strrchr(dir, '/');
	if (!slash) {
		free(dir);
		return dmc_xstrdup(".");
	}
	if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	return dir;
}

/* Adds the NUL-separated, top-relative names in out to set as absolute paths. */
static void add_names(struct path_set *set, const char *top, const char *out, size_t len)
{
	for (size_t i = 0; i < len; i += strlen(out + i) + 1)
		if (out[i])
			set_add(set, dmc_xasprintf("%s/%s", top, out + i));
}

/* Every file that differs from rev, or is new and not ignored, as absolute paths. */
static int changed_files(const char *dir, const char *rev, struct path_set *changed)
{
	char *verify = dmc_xasprintf("%s^{commit}", rev), *top;
	char *top_args[] = { "rev-parse", "--show-toplevel", NULL };
	char *verify_args[] = { "rev-parse", "--verify", "--quiet", verify, NULL };
	char *diff_args[] = { "diff", "--name-only", "-z", "--no-renames", "--diff-filter=d",
			      (char *)rev, "--", NULL };
	char *new_args[] = { "ls-files", "-z", "--others", "--exclude-standard", "--full-name",
			     NULL };
	struct dmc_run_result res = { 0 };
	int rc = -1;

	if (git(dir, top_args, &res) != 0) {
		if (!res.spawn_errno)
			fprintf(stderr, "dmacheck: --changed-since: %s is not in a git repository\n",
				dir);
		goto out;
	}
	top = dmc_xstrdup(res.out);
	top[strcspn(top, "\n")] = '\0';
	dmc_run_free(&res);
	if (git(dir, verify_args, &res) != 0) {
		if (!res.spawn_errno)
			fprintf(stderr, "dmacheck: --changed-since: '%s' is not a commit of the "
				"repository at %s\n", rev, top);
		free(top);
		goto out;
	}
	dmc_run_free(&res);
	/* git diff and ls-files name files relative to the top when run there. */
	if (git(top, diff_args, &res) != 0) {
		fprintf(stderr, "dmacheck: --changed-since: git diff failed: %s\n",
			dmc_tail(res.err, 300));
		free(top);
		goto out;
	}
	add_names(changed, top, res.out, res.out_len);
	dmc_run_free(&res);
	if (git(top, new_args, &res) != 0) {
		fprintf(stderr, "dmacheck: --changed-since: git ls-files failed: %s\n",
			dmc_tail(res.err, 300));
		free(top);
		goto out;
	}
	add_names(changed, top, res.out, res.out_len);
	free(top);
	rc = 0;
out:
	dmc_run_free(&res);
	free(verify);
	return rc;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* Does the C file include a header named like one of the changed headers? */
static int includes_changed_header(const char *file, const struct path_set *headers)
{
	FILE *fp = fopen(file, "r");
	char *line = NULL;
	size_t cap = 0;
	int found = 0;

	while (fp && !found && getline(&line, &cap, fp) > 0) {
		const char *p = line, *name, *end;

		while (*p == ' ' || *p == '\t')
			p++;
		if (*p++ != '#')
			continue;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncmp(p, "include", 7) != 0 || !(name = strpbrk(p + 7, "\"<")))
			continue;
		end = strpbrk(name + 1, "\">");
		if (!end)
			continue;
		for (size_t i = 0; i < headers->count && !found; i++) {
			const char *h = base_name(headers->items[i]);
			size_t n = strlen(h);

			/* "foo.h", "sub/foo.h" and <linux/foo.h> all end in foo.h. */
			found = (size_t)(end - name - 1) >= n && strncmp(end - n, h, n) == 0 &&
				(end - n == name + 1 || end[-(long)n - 1] == '/');
		}
	}
	free(line);
	if (fp)
		fclose(fp);
	return found;
}

static int is_header(const char *path)
{
	size_t n = strlen(path);

	return n > 2 && strcmp(path + n - 2, ".h") == 0;
}

int dmc_filter_changed(const char *rev, const char *first_path, char ***files, size_t *nfiles)
{
	struct path_set changed = { 0 }, headers = { 0 };
	char *dir = repo_dir(first_path), real[PATH_MAX];
	size_t kept = 0;

	if (changed_files(dir, rev, &changed) != 0) {
		free(dir);
		set_free(&changed);
		return -1;
	}
	free(dir);
	/* git names files by their real path: compare real paths. */
	for (size_t i = 0; i < changed.count; i++) {
		if (realpath(changed.items[i], real)) {
			free(changed.items[i]);
			changed.items[i] = dmc_xstrdup(real);
		}
		if (is_header(changed.items[i]))
			set_add(&headers, dmc_xstrdup(changed.items[i]));
	}
	for (size_t i = 0; i < *nfiles; i++) {
		char *file = (*files)[i];
		int keep = realpath(file, real) && set_has(&changed, real);

		if (!keep && headers.count && !is_header(file))
			keep = includes_changed_header(file, &headers);
		if (keep)
			(*files)[kept++] = file;
		else
			free(file);
	}
	*nfiles = kept;
	set_free(&changed);
	set_free(&headers);
	return 0;
}
