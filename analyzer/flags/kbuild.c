// SPDX-License-Identifier: GPL-2.0
/*
 * Compile flags from kbuild itself.
 *
 * Kernel code only parses with the flags kbuild gives it: the config
 * headers, -include'd compiler headers, per-directory ccflags-y, per-object
 * CFLAGS_foo.o, KBUILD_MODNAME.  Guessing them is how checkers end up
 * parsing a different program than the one that ships.  So each directory of
 * the scan is built by kbuild against the kernel build directory, in a
 * scratch mirror (symlinks to the sources: the user's tree is never written),
 * asking for the preprocessed file of every C file (`make M=mirror foo.i`)
 * with CPP set to a small recorder that writes down the exact arguments and
 * an empty output instead of preprocessing.  That is as fast as make can
 * walk the Makefiles, and it works for out-of-tree drivers (their Makefile
 * or Kbuild), for directories of a kernel source tree, and for loose files
 * (a generated Kbuild makes each file a module).  A directory of a source
 * tree without a Makefile (mlx5's core/en/) is built by its nearest
 * ancestor's, which names its files and gives them their ccflags-y.
 *
 * The arguments are cleaned (clang_args.c) and cached per kernel and
 * directory under $DMACHECK_CACHE/kbuild, keyed by the kernel's config and
 * the directory's Makefiles, so a second scan does not run make at all.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <jansson.h>
#include <xxhash.h>

#include "flags.h"
#include "subprocess.h"
#include "util.h"
#include "version.h"

/* Bump when the cached arguments would come out differently. */
#define KBUILD_CACHE_SCHEMA 3
/* Walking Makefiles takes seconds; a wedged make must not wedge the scan. */
#define KBUILD_TIMEOUT_S 900

/* Stands in for $(CPP): records kbuild's arguments, writes empty outputs. */
static const char recorder_script[] =
	"#!/bin/sh\n"
	"# dmacheck: records the arguments kbuild passes to the preprocessor.\n"
	"out= dep= prev= src=\n"
	"for a in \"$@\"; do\n"
	"\t[ \"$prev\" = -o ] && out=$a\n"
	"\tcase $a in -Wp,-MMD,*|-Wp,-MD,*) dep=${a#-Wp,-M*D,} ;; esac\n"
	"\tprev=$a\n"
	"\tsrc=$a\n"
	"done\n"
	"[ -n \"$out\" ] || exit 1\n"
	"printf '%s\\0' \"$@\" > \"$out.dmacheck-args\" || exit 1\n"
	"[ -z \"$dep\" ] || printf '%s: %s\\n' \"$out\" \"$src\" > \"$dep\"\n"
	": > \"$out\"\n";

/* The C files of one directory of the scan. */
struct dir_group {
	char *dir;		/* realpath */
	char *build_dir;	/* where kbuild runs: dir, or the ancestor whose Makefile builds it */
	char *rel;		/* dir below build_dir ("en/" for mlx5/core/en), or "" */
	char **names;		/* every *.c of the directory: one kbuild run serves them all */
	size_t nnames;
	size_t *members;	/* indexes of the requested files in this directory */
	size_t nmembers;
};

/* Arguments kbuild used for each name of a directory (NULL: it failed). */
struct dir_flags {
	char ***args;
	size_t *nargs;
	char **why;		/* what make said about a file it did not build */
};

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* ------------------------------------------------------------ default kdir */

static int configured_kdir(const char *dir)
{
	char *makefile = dmc_xasprintf("%s/Makefile", dir);
	char *autoconf = dmc_xasprintf("%s/include/generated/autoconf.h", dir);
	int ok = is_file(makefile) && is_file(autoconf);

	free(makefile);
	free(autoconf);
	return ok;
}

char *kbuild_default_kdir(void)
{
	struct utsname u;
	char *best = NULL, *running;
	DIR *d;
	struct dirent *e;

	if (uname(&u) == 0) {
		running = dmc_xasprintf("/lib/modules/%s/build", u.release);
		if (configured_kdir(running))
			return running;
		free(running);
	}
	d = opendir("/usr/src");
	while (d && (e = readdir(d))) {
		char *path;

		if (strncmp(e->d_name, "linux-headers-", 14) != 0)
			continue;
		path = dmc_xasprintf("/usr/src/%s", e->d_name);
		if (configured_kdir(path) && (!best || strverscmp(path, best) > 0)) {
			free(best);
			best = path;
		} else {
			free(path);
		}
	}
	if (d)
		closedir(d);
	return best;
}

/* ------------------------------------------------------------------ groups */

/* The kernel source tree that contains dir, if any (it has Kbuild, Makefile, include/linux/). */
static char *source_tree_of(const char *dir)
{
	char *path = dmc_xstrdup(dir);

	for (char *slash; (slash = strrchr(path, '/')) && slash != path;) {
		char *kbuild = dmc_xasprintf("%s/Kbuild", path);
		char *kernel_h = dmc_xasprintf("%s/include/linux/kernel.h", path);
		int found = is_file(kbuild) && is_file(kernel_h);

		free(kbuild);
		free(kernel_h);
		if (found)
			return path;
		*slash = '\0';
	}
	free(path);
	return NULL;
}

static int has_makefile(const char *dir)
{
	char *makefile = dmc_xasprintf("%s/Makefile", dir), *kbuild = dmc_xasprintf("%s/Kbuild", dir);
	int yes = is_file(makefile) || is_file(kbuild);

	free(makefile);
	free(kbuild);
	return yes;
}

/*
 * Where kbuild builds dir's files: dir itself when it has a Makefile (or
 * outside a source tree), else the nearest ancestor below the tree's top
 * that has one.  *rel is dir relative to it, with a trailing slash, or "".
 */
static char *makefile_dir(const char *dir, char **rel)
{
	char *tree = has_makefile(dir) ? NULL : source_tree_of(dir);
	char *up = dmc_xstrdup(dir), *slash;

	*rel = dmc_xstrdup("");
	while (tree && (slash = strrchr(up, '/')) && slash > up) {
		*slash = '\0';
		if (strcmp(up, tree) == 0)
			break;
		if (has_makefile(up)) {
			free(*rel);
			*rel = dmc_xasprintf("%s/", dir + strlen(up) + 1);
			free(tree);
			return up;
		}
	}
	free(tree);
	free(up);
	return dmc_xstrdup(dir);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_c_files(struct dir_group *g)
{
	DIR *d = opendir(g->dir);
	struct dirent *e;
	size_t cap = 0;

	while (d && (e = readdir(d))) {
		char *path;

		if (e->d_name[0] == '.' || !ends_with(e->d_name, ".c") || ends_with(e->d_name, ".mod.c"))
			continue;
		path = dmc_xasprintf("%s/%s", g->dir, e->d_name);
		if (is_file(path)) {
			dmc_grow((void **)&g->names, &cap, g->nnames, sizeof(char *));
			g->names[g->nnames++] = dmc_xstrdup(e->d_name);
		}
		free(path);
	}
	if (d)
		closedir(d);
	qsort(g->names, g->nnames, sizeof(char *), compare_names);
}

static struct dir_group *group_files(const char *const *files, size_t nfiles, size_t *ngroups,
				     struct dmc_diags *diags)
{
	struct dir_group *groups = NULL;
	size_t n = 0, cap = 0;

	for (size_t i = 0; i < nfiles; i++) {
		char real[PATH_MAX], *slash;
		struct dir_group *g = NULL;

		if (!realpath(files[i], real)) {
			dmc_diags_add(diags, DMC_SEV_ERROR, DMC_ENGINE_ANALYZER, files[i], 0,
				      "not analysed: %s", strerror(errno));
			continue;
		}
		slash = strrchr(real, '/');
		*slash = '\0';
		for (size_t j = 0; j < n && !g; j++)
			if (strcmp(groups[j].dir, real) == 0)
				g = &groups[j];
		if (!g) {
			dmc_grow((void **)&groups, &cap, n, sizeof(*groups));
			g = &groups[n++];
			memset(g, 0, sizeof(*g));
			g->dir = dmc_xstrdup(real);
			g->build_dir = makefile_dir(g->dir, &g->rel);
			list_c_files(g);
		}
		g->members = dmc_xrealloc(g->members, (g->nmembers + 1) * sizeof(size_t));
		g->members[g->nmembers++] = i;
	}
	*ngroups = n;
	return groups;
}

static void free_groups(struct dir_group *groups, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < groups[i].nnames; j++)
			free(groups[i].names[j]);
		free(groups[i].names);
		free(groups[i].members);
		free(groups[i].dir);
		free(groups[i].build_dir);
		free(groups[i].rel);
	}
	free(groups);
}

static int name_index(const struct dir_group *g, const char *name)
{
	for (size_t i = 0; i < g->nnames; i++)
		if (strcmp(g->names[i], name) == 0)
			return (int)i;
	return -1;
}

static void free_dir_flags(struct dir_flags *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (f->args[i])
			clang_args_free(f->args[i], f->nargs[i]);
		free(f->why[i]);
	}
	free(f->args);
	free(f->nargs);
	free(f->why);
}

static void alloc_dir_flags(struct dir_flags *f, size_t n)
{
	f->args = dmc_xcalloc(n + 1, sizeof(char **));
	f->nargs = dmc_xcalloc(n + 1, sizeof(size_t));
	f->why = dmc_xcalloc(n + 1, sizeof(char *));
}

/* ------------------------------------------------------------------- cache */

static void stamp_file(FILE *out, const char *path)
{
	struct stat st;

	if (stat(path, &st) == 0)
		fprintf(out, "%s:%lld:%lld;", path, (long long)st.st_mtime, (long long)st.st_size);
	else
		fprintf(out, "%s:-;", path);
}

/* What the flags depend on: the kernel's config, the directory's Makefiles and C files. */
static char *make_stamp(const char *kdir, const struct dir_group *g)
{
	static const char *const kernel_files[] = { "Makefile", "include/config/auto.conf",
						    "include/generated/autoconf.h" };
	static const char *const dir_files[] = { "Makefile", "Kbuild" };
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	fprintf(out, "schema %d dmacheck %s;", KBUILD_CACHE_SCHEMA, DMC_VERSION);
	for (size_t i = 0; i < sizeof(kernel_files) / sizeof(kernel_files[0]); i++) {
		char *p = dmc_xasprintf("%s/%s", kdir, kernel_files[i]);

		stamp_file(out, p);
		free(p);
	}
	for (size_t i = 0; i < sizeof(dir_files) / sizeof(dir_files[0]); i++) {
		char *p = dmc_xasprintf("%s/%s", g->build_dir, dir_files[i]);

		stamp_file(out, p);
		free(p);
	}
	for (size_t i = 0; i < g->nnames; i++)
		fprintf(out, "%s;", g->names[i]);
	fclose(out);
	return buf;
}

static char *cache_path(const char *kdir, const char *dir)
{
	char *key = dmc_xasprintf("%s%c%s", kdir, '\n', dir), *root = flags_cache_dir();
	char *path = dmc_xasprintf("%s/kbuild/%016llx.json", root,
				   (unsigned long long)XXH64(key, strlen(key), 0));

	free(key);
	free(root);
	return path;
}

/* Fills f from the cache when it is current and complete; returns 0 then. */
static int cache_load(const char *path, const char *stamp, const struct dir_group *g,
		      struct dir_flags *f)
{
	json_t *root = json_load_file(path, 0, NULL), *files;
	int rc = -1;

	if (!root)
		return -1;
	files = json_object_get(root, "files");
	if (json_is_string(json_object_get(root, "stamp")) &&
	    strcmp(json_string_value(json_object_get(root, "stamp")), stamp) == 0 &&
	    json_is_object(files) && json_object_size(files) == g->nnames) {
		rc = 0;
		for (size_t i = 0; i < g->nnames && rc == 0; i++) {
			json_t *arr = json_object_get(files, g->names[i]), *a;
			size_t j;

			if (!json_is_array(arr)) {
				rc = -1;
				break;
			}
			f->args[i] = dmc_xcalloc(json_array_size(arr) + 1, sizeof(char *));
			json_array_foreach(arr, j, a)
				f->args[i][f->nargs[i]++] = dmc_xstrdup(json_string_value(a) ?: "");
		}
	}
	json_decref(root);
	return rc;
}

static void make_parents(const char *path)
{
	char *copy = dmc_xstrdup(path);

	for (char *p = copy + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(copy, 0755);
		*p = '/';
	}
	free(copy);
}

/* Only complete results are cached: a directory with failures is tried again. */
static void cache_store(const char *path, const char *kdir, const char *stamp,
			const struct dir_group *g, const struct dir_flags *f)
{
	json_t *root = json_object(), *files = json_object();
	char *tmp = dmc_xasprintf("%s.%d.tmp", path, (int)getpid());

	for (size_t i = 0; i < g->nnames; i++) {
		json_t *arr = json_array();

		if (!f->args[i])
			goto out;
		for (size_t j = 0; j < f->nargs[i]; j++)
			json_array_append_new(arr, json_string(f->args[i][j]));
		json_object_set_new(files, g->names[i], arr);
	}
	json_object_set_new(root, "kdir", json_string(kdir));
	json_object_set_new(root, "dir", json_string(g->dir));
	json_object_set_new(root, "stamp", json_string(stamp));
	json_object_set(root, "files", files);
	make_parents(path);
	if (json_dump_file(root, tmp, JSON_COMPACT) == 0 && rename(tmp, path) != 0)
		unlink(tmp);
out:
	json_decref(files);
	json_decref(root);
	free(tmp);
}

/* ------------------------------------------------------------- kbuild run */

static int write_text(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	size_t len = strlen(text);
	int ok = fd >= 0 && write(fd, text, len) == (ssize_t)len;

	if (fd >= 0)
		close(fd);
	return ok ? 0 : -1;
}

/* Entries a mirror may hold: a Makefile's subtree, not a whole kernel. */
#define MIRROR_MAX_ENTRIES 20000

/*
 * mirror/NAME -> dir/NAME for every file of dir; subdirectories become real
 * directories of links when `recurse`, so that kbuild's outputs stay in the
 * mirror.  *has_makefile: dir has a Makefile or Kbuild.
 */
static int mirror_dir(const char *mirror, const char *dir, int recurse, unsigned *budget,
		      int *has_makefile)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int rc = 0;

	if (!d || mkdir(mirror, 0755) != 0) {
		if (d)
			closedir(d);
		return -1;
	}
	while (rc == 0 && (e = readdir(d))) {
		char *from, *to;

		if (e->d_name[0] == '.')
			continue;
		from = dmc_xasprintf("%s/%s", dir, e->d_name);
		to = dmc_xasprintf("%s/%s", mirror, e->d_name);
		if (*budget && is_file(from)) {
			--*budget;
			if (has_makefile && (strcmp(e->d_name, "Makefile") == 0 ||
					     strcmp(e->d_name, "Kbuild") == 0))
				*has_makefile = 1;
			rc = symlink(from, to);
		} else if (*budget && recurse && is_dir(from)) {
			--*budget;
			rc = mirror_dir(to, from, recurse, budget, NULL);
		}
		free(from);
		free(to);
	}
	closedir(d);
	return rc;
}

/* The mirror of g's build directory; a Kbuild listing g's files when asked. */
static int make_mirror(const char *mirror, const struct dir_group *g, int generate_kbuild)
{
	unsigned budget = MIRROR_MAX_ENTRIES;
	int has_makefile = 0;

	if (mirror_dir(mirror, g->build_dir, *g->rel != '\0', &budget, &has_makefile) != 0)
		return -1;
	if (generate_kbuild || !has_makefile) {
		char *kbuild = dmc_xasprintf("%s/Kbuild", mirror), *text = dmc_xstrdup(
			"# generated by dmacheck: every C file is a module of its own\n");
		int rc;

		unlink(kbuild);
		for (size_t i = 0; i < g->nnames; i++) {
			char *more = dmc_xasprintf("%sobj-m += %s%.*s.o\n", text, g->rel,
						   (int)(strlen(g->names[i]) - 2), g->names[i]);

			free(text);
			text = more;
		}
		rc = write_text(kbuild, text, 0644);
		free(kbuild);
		free(text);
		return rc;
	}
	return 0;
}

static char **read_recorded_args(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "r");
	char *data = NULL, **argv;
	size_t len = 0, cap = 0, count = 0;
	int c;

	if (!fp)
		return NULL;
	while ((c = fgetc(fp)) != EOF) {
		dmc_grow((void **)&data, &cap, len + 1, 1);
		data[len++] = (char)c;
	}
	fclose(fp);
	for (size_t i = 0; i < len; i++)
		count += data[i] == '\0';
	/* argv[0] stands for the compiler, as in a compile database. */
	argv = dmc_xcalloc(count + 2, sizeof(char *));
	argv[0] = dmc_xstrdup("cc");
	for (size_t i = 0, start = 0, k = 1; i < len; i++) {
		if (data[i] != '\0')
			continue;
		argv[k++] = dmc_xstrdup(data + start);
		start = i + 1;
	}
	free(data);
	*n = count + 1;
	return argv;
}

/* The lines of make's error output that name the file: why it was not built. */
static char *why_not_built(const char *err, const char *name)
{
	char *copy = dmc_xstrdup(err), *save = NULL, *out = NULL;
	char *stem = dmc_xasprintf("%.*s", (int)(strlen(name) - 2), name);

	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!strstr(line, stem))
			continue;
		char *more = dmc_xasprintf("%s%s%s", out ? out : "", out ? "; " : "", line);

		free(out);
		out = more;
		if (strlen(out) > 600)
			break;
	}
	free(copy);
	free(stem);
	return out ? out : dmc_xstrdup(*err ? dmc_tail(err, 600) : "make produced no flags for it");
}

struct kbuild_run {
	const char *kdir;
	const char *scratch;	/* per scan */
	const char *recorder;
	unsigned jobs;
	unsigned mirrors;	/* mirrors made so far, for unique names */
};

static char *mirror_to_source(const char *arg, const char *mirror, const char *dir)
{
	const char *at = strstr(arg, mirror);
	size_t n = strlen(mirror);

	if (!at || (at[n] != '/' && at[n] != '\0'))
		return NULL;
	return dmc_xasprintf("%.*s%s%s", (int)(at - arg), arg, dir, at + n);
}

/* Runs kbuild for the names whose args are still missing. */
static void run_kbuild(struct kbuild_run *run, const struct dir_group *g, int generate_kbuild,
		       struct dir_flags *f, char **make_error)
{
	char *mirror = dmc_xasprintf("%s/m%u", run->scratch, run->mirrors++);
	char *m_arg = dmc_xasprintf("M=%s", mirror), *cpp_arg = dmc_xasprintf("CPP=%s", run->recorder);
	char jobs[32];
	char **argv = dmc_xcalloc(g->nnames + 32, sizeof(char *));
	size_t a = 0, wanted = 0;
	struct dmc_run_result res;

	*make_error = NULL;
	if (make_mirror(mirror, g, generate_kbuild) != 0) {
		*make_error = dmc_xasprintf("cannot set up the scratch copy %s: %s", mirror,
					    strerror(errno));
		goto out;
	}
	snprintf(jobs, sizeof(jobs), "-j%u", run->jobs ? run->jobs : 1);
	/* The outer make's jobserver and options must not leak into this one. */
	for (const char *const *p = (const char *const[]){ "env", "-u", "MAKEFLAGS", "-u", "MFLAGS",
			     "-u", "MAKELEVEL", "-u", "KBUILD_OUTPUT", "-u", "O", "-u", "C", "make",
			     "-C", NULL }; *p; p++)
		argv[a++] = (char *)*p;
	argv[a++] = (char *)run->kdir;
	argv[a++] = m_arg;
	argv[a++] = cpp_arg;
	argv[a++] = "-k";
	argv[a++] = "-s";
	argv[a++] = jobs;
	for (size_t i = 0; i < g->nnames; i++) {
		if (f->args[i])
			continue;
		argv[a++] = dmc_xasprintf("%s%.*s.i", g->rel, (int)(strlen(g->names[i]) - 2),
					  g->names[i]);
		wanted++;
	}
	dmc_run(argv, NULL, KBUILD_TIMEOUT_S, &res);
	for (size_t i = 0; i < g->nnames; i++) {
		char *recorded;
		char **raw;
		size_t nraw;

		if (f->args[i])
			continue;
		recorded = dmc_xasprintf("%s/%s%.*s.i.dmacheck-args", mirror, g->rel,
					 (int)(strlen(g->names[i]) - 2), g->names[i]);
		raw = read_recorded_args(recorded, &nraw);
		free(recorded);
		if (!raw) {
			free(f->why[i]);
			f->why[i] = res.timed_out ? dmc_xstrdup("kbuild timed out")
						  : why_not_built(res.err, g->names[i]);
			continue;
		}
		for (size_t k = 0; k < nraw; k++) {
			char *fixed = mirror_to_source(raw[k], mirror, g->build_dir);

			if (fixed) {
				free(raw[k]);
				raw[k] = fixed;
			}
		}
		f->args[i] = raw;	/* still the compiler's argv; cleaned later */
		f->nargs[i] = nraw;
	}
	if (res.exit_status && !res.timed_out)
		*make_error = dmc_xstrdup(dmc_tail(res.err, 600));
	dmc_run_free(&res);
	for (size_t i = a - wanted; i < a; i++)
		free(argv[i]);
out:
	free(argv);
	free(m_arg);
	free(cpp_arg);
	free(mirror);
}

/* ------------------------------------------------------ argument cleanup */

/*
 * An in-tree Makefile's -I$(srctree)/drivers/... points into the headers
 * package, which has no drivers/: point it at the source tree the driver
 * comes from.  prefixes are the kernel's srctree and objtree.  Returns the
 * directory to name instead, or NULL to keep the path.
 */
static char *rebased_dir(const char *path, const char *tree, char *const *prefixes)
{
	const char *twice = strstr(path, "//");

	if (!*path || is_dir(path))
		return NULL;
	/* -I$(srctree)/$(src) of an external build: "<kdir>//<the directory>" */
	if (twice && is_dir(twice + 1))
		return dmc_xstrdup(twice + 1);
	for (size_t p = 0; tree && prefixes[p]; p++) {
		size_t plen = strlen(prefixes[p]);
		char *candidate;

		if (strncmp(path, prefixes[p], plen) != 0 || path[plen] != '/')
			continue;
		candidate = dmc_xasprintf("%s%s", tree, path + plen);
		if (is_dir(candidate))
			return candidate;
		free(candidate);
		return NULL;
	}
	return NULL;
}

static void rebase_into_tree(char **args, size_t n, const char *tree, char *const *prefixes)
{
	static const char *const opts[] = { "-I", "-isystem", "-iquote", "-idirafter" };

	for (size_t i = 0; i < n; i++) {
		for (size_t o = 0; o < sizeof(opts) / sizeof(opts[0]); o++) {
			size_t olen = strlen(opts[o]);
			char *fixed;

			if (strncmp(args[i], opts[o], olen) != 0)
				continue;
			if (args[i][olen]) {		/* -Ipath */
				fixed = rebased_dir(args[i] + olen, tree, prefixes);
				if (fixed) {
					free(args[i]);
					args[i] = dmc_xasprintf("%s%s", opts[o], fixed);
					free(fixed);
				}
			} else if (i + 1 < n) {		/* -I path */
				fixed = rebased_dir(args[++i], tree, prefixes);
				if (fixed) {
					free(args[i]);
					args[i] = fixed;
				}
			}
			break;
		}
	}
}

/*
 * Trace headers: <trace/define_trace.h> includes "TRACE_INCLUDE_PATH/x.h",
 * a path relative to the kernel's include/trace ("../../drivers/net/...").
 * The headers package has no drivers/: let the source tree's answer it.
 */
static void trace_include_path(char ***args, size_t *n, const char *tree)
{
	char *dir = dmc_xasprintf("%s/include/trace", tree);

	if (!is_dir(dir)) {
		free(dir);
		return;
	}
	*args = dmc_xrealloc(*args, (*n + 3) * sizeof(char *));
	(*args)[(*n)++] = dmc_xstrdup("-idirafter");
	(*args)[(*n)++] = dir;
	(*args)[*n] = NULL;
}

/* The kernel's srctree: the directory whose include/ the arguments name first. */
static char *srctree_of(char **args, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(args[i]);
		char *probe;
		int found;

		if (strncmp(args[i], "-I/", 3) != 0 || len < 11 || strcmp(args[i] + len - 8, "/include"))
			continue;
		probe = dmc_xasprintf("%.*s/linux/kernel.h", (int)(len - 2), args[i] + 2);
		found = is_file(probe);
		free(probe);
		if (found)
			return dmc_xasprintf("%.*s", (int)(len - 10), args[i] + 2);
	}
	return NULL;
}

static void clean_dir_flags(const char *kdir, const struct dir_group *g, struct dir_flags *f)
{
	char *tree = source_tree_of(g->dir);
	char **all, **rejected;
	size_t total = 0, at = 0;

	for (size_t i = 0; i < g->nnames; i++) {
		char **clean, *source, *srctree;
		size_t nclean;

		if (!f->args[i])
			continue;
		source = dmc_xasprintf("%s/%s", g->dir, g->names[i]);
		clean = clang_args_from_command(f->args[i], f->nargs[i], kdir, source, &nclean);
		srctree = srctree_of(clean, nclean);
		rebase_into_tree(clean, nclean, tree, (char *const[]){ srctree ?: (char *)kdir,
								       (char *)kdir, NULL });
		if (tree)
			trace_include_path(&clean, &nclean, tree);
		clang_args_free(f->args[i], f->nargs[i]);
		f->args[i] = clean;
		f->nargs[i] = nclean;
		total += nclean;
		free(srctree);
		free(source);
	}
	all = dmc_xcalloc(total + 1, sizeof(char *));
	for (size_t i = 0; i < g->nnames; i++)
		for (size_t a = 0; f->args[i] && a < f->nargs[i]; a++)
			all[at++] = f->args[i][a];
	rejected = clang_args_rejected(all, total);
	for (size_t i = 0; i < g->nnames; i++)
		if (f->args[i])
			clang_args_remove(f->args[i], &f->nargs[i], rejected);
	clang_args_free_list(rejected);
	free(all);
	free(tree);
}

static int any_missing(const struct dir_group *g, const struct dir_flags *f)
{
	for (size_t i = 0; i < g->nnames; i++)
		if (!f->args[i])
			return 1;
	return 0;
}

/* Flags for every C file of the directory, from the cache or from kbuild. */
static void dir_flags_for(struct kbuild_run *run, const struct dir_group *g, struct dir_flags *f,
			  char **make_error)
{
	char *stamp = make_stamp(run->kdir, g), *cache = cache_path(run->kdir, g->dir);

	alloc_dir_flags(f, g->nnames);
	*make_error = NULL;
	if (g->nnames && cache_load(cache, stamp, g, f) == 0)
		goto out;
	free_dir_flags(f, g->nnames);
	alloc_dir_flags(f, g->nnames);
	if (g->nnames) {
		run_kbuild(run, g, 0, f, make_error);
		/* Files the Makefile does not build, or a Makefile kbuild cannot read. */
		if (any_missing(g, f)) {
			free(*make_error);
			run_kbuild(run, g, 1, f, make_error);
		}
	}
	clean_dir_flags(run->kdir, g, f);
	if (!any_missing(g, f))
		cache_store(cache, run->kdir, stamp, g, f);
out:
	free(stamp);
	free(cache);
}

/* A header gets the flags of a C file beside it. */
static char **sibling_args(const struct dir_group *g, const struct dir_flags *f, size_t *n)
{
	for (size_t i = 0; i < g->nnames; i++) {
		if (!f->args[i])
			continue;
		char **copy = dmc_xcalloc(f->nargs[i] + 1, sizeof(char *));

		for (size_t a = 0; a < f->nargs[i]; a++)
			copy[a] = dmc_xstrdup(f->args[i][a]);
		*n = f->nargs[i];
		return copy;
	}
	return NULL;
}

static void assign_group(const struct dir_group *g, struct dir_flags *f, const char *make_error,
			 const char *kdir, struct flags_set *out, struct dmc_diags *diags)
{
	for (size_t m = 0; m < g->nmembers; m++) {
		struct flags_cmd *cmd = &out->cmds[g->members[m]];
		const char *base = strrchr(cmd->file, '/') ? strrchr(cmd->file, '/') + 1 : cmd->file;
		int i = name_index(g, base);

		cmd->directory = dmc_xstrdup(kdir);
		if (i >= 0 && f->args[i]) {
			cmd->args = f->args[i];
			cmd->nargs = f->nargs[i];
			f->args[i] = NULL;
		} else if (i < 0) {
			cmd->args = sibling_args(g, f, &cmd->nargs);
		}
		if (!cmd->args)
			dmc_diags_add(diags, DMC_SEV_ERROR, DMC_ENGINE_ANALYZER, cmd->file, 0,
				      "not analysed: kbuild (make -C %s M=...) gave no compile flags "
				      "for it: %s", kdir,
				      i >= 0 && f->why[i] ? f->why[i] :
				      make_error ? make_error : "no C file beside this header to take flags from");
	}
}

static void remove_tree(const char *path)
{
	char *argv[] = { "rm", "-rf", (char *)path, NULL };
	struct dmc_run_result res;

	dmc_run(argv, NULL, 120, &res);
	dmc_run_free(&res);
}

int kbuild_flags(const char *kdir, const char *const *files, size_t nfiles, unsigned jobs,
		 struct flags_set *out, struct dmc_diags *diags)
{
	char real_kdir[PATH_MAX], scratch[] = "/tmp/dmacheck-kbuild-XXXXXX", *recorder;
	struct kbuild_run run = { .jobs = jobs };
	struct dir_group *groups;
	size_t ngroups;

	memset(out, 0, sizeof(*out));
	out->origin = dmc_xasprintf("kbuild against %s", kdir);
	out->cmds = dmc_xcalloc(nfiles + 1, sizeof(*out->cmds));
	out->count = nfiles;
	for (size_t i = 0; i < nfiles; i++)
		out->cmds[i].file = dmc_xstrdup(files[i]);
	if (!realpath(kdir, real_kdir) || !mkdtemp(scratch)) {
		dmc_diags_add(diags, DMC_SEV_ERROR, DMC_ENGINE_ANALYZER, kdir, 0,
			      "cannot run kbuild: %s", strerror(errno));
		return -1;
	}
	recorder = dmc_xasprintf("%s/dmacheck-cpp", scratch);
	if (write_text(recorder, recorder_script, 0755) != 0) {
		dmc_diags_add(diags, DMC_SEV_ERROR, DMC_ENGINE_ANALYZER, recorder, 0,
			      "cannot write the kbuild helper: %s", strerror(errno));
		remove_tree(scratch);
		free(recorder);
		return -1;
	}
	run.kdir = real_kdir;
	run.scratch = scratch;
	run.recorder = recorder;
	groups = group_files(files, nfiles, &ngroups, diags);
	for (size_t i = 0; i < ngroups; i++) {
		struct dir_flags f;
		char *make_error;

		dir_flags_for(&run, &groups[i], &f, &make_error);
		assign_group(&groups[i], &f, make_error, real_kdir, out, diags);
		free_dir_flags(&f, groups[i].nnames);
		free(make_error);
	}
	free_groups(groups, ngroups);
	remove_tree(scratch);
	free(recorder);
	return 0;
}
