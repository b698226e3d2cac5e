// SPDX-License-Identifier: GPL-2.0
/*
 * Which C files make one module, from kbuild's composite objects:
 *
 *   obj-$(CONFIG_FOO) += foo.o
 *   foo-y := foo_main.o foo_ring.o
 *   foo-$(CONFIG_FOO_PTP) += foo_ptp.o
 *   bar-objs := bar_core.o bar_hw.o          (the older spelling)
 *
 * Only the lists are read, not evaluated: every object any configuration
 * adds is a member (a fact from a file the configuration leaves out costs
 * nothing; a fact missed would cost a finding).  kbuild's own variables
 * (obj-y, ccflags-y, ...) are not modules.
 */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "facts/facts.h"
#include "util.h"

/* kbuild's variables of the `name-suffix` form that are not composite objects. */
static const char *const not_modules[] = {
	"obj", "lib", "extra", "always", "hostprogs", "targets", "subdir", "ccflags", "asflags",
	"ldflags", "cflags", "subdir-ccflags", "userprogs", "header-test", "clean-files",
	"clean-dirs", "real-obj", "multi-obj", "no-clean-files", "dtb", "zobjs",
};

static int is_kbuild_variable(const char *name)
{
	for (size_t i = 0; i < sizeof(not_modules) / sizeof(not_modules[0]); i++)
		if (strcmp(name, not_modules[i]) == 0)
			return 1;
	return strncmp(name, "CFLAGS_", 7) == 0 || strncmp(name, "AFLAGS_", 7) == 0 ||
	       strncmp(name, "KBUILD_", 7) == 0 || strncmp(name, "OBJECT_FILES_", 13) == 0;
}

/* Joins `\`-continued lines and drops comments; malloc'ed. */
static char *logical_text(const char *text)
{
	char *out = dmc_xmalloc(strlen(text) + 1), *o = out;
	int comment = 0;

	for (const char *p = text; *p; p++) {
		if (*p == '\\' && p[1] == '\n') {
			*o++ = ' ';
			p++;
			continue;
		}
		if (*p == '\n') {
			comment = 0;
			*o++ = '\n';
			continue;
		}
		if (*p == '#')
			comment = 1;
		if (!comment)
			*o++ = *p;
	}
	*o = '\0';
	return out;
}

/*
 * `name-SUFFIX OP value` where SUFFIX is y, m, objs or $(CONFIG_...):
 * copies name into out (size n) and returns the value, else NULL.
 */
static char *composite_value(char *line, char *name, size_t n)
{
	char *op = strstr(line, "=");
	char *lhs_end, *dash;

	if (!op || op == line)
		return NULL;
	lhs_end = op;
	if (lhs_end[-1] == ':' || lhs_end[-1] == '+' || lhs_end[-1] == '?')
		lhs_end--;
	while (lhs_end > line && isspace((unsigned char)lhs_end[-1]))
		lhs_end--;
	while (isspace((unsigned char)*line))
		line++;
	*lhs_end = '\0';
	dash = strrchr(line, '-');
	if (strchr(line, '$') && strstr(line, "-$(") )
		dash = strstr(line, "-$(");
	if (!dash || dash == line || (size_t)(dash - line) >= n)
		return NULL;
	if (strcmp(dash, "-y") != 0 && strcmp(dash, "-m") != 0 && strcmp(dash, "-objs") != 0 &&
	    !(strncmp(dash, "-$(CONFIG_", 10) == 0 && dash[strlen(dash) - 1] == ')'))
		return NULL;
	memcpy(name, line, (size_t)(dash - line));
	name[dash - line] = '\0';
	for (char *c = name; *c; c++)
		if (!isalnum((unsigned char)*c) && *c != '_' && *c != '-' && *c != '/')
			return NULL;
	return is_kbuild_variable(name) ? NULL : op + 1;
}

void kbuild_composites(const char *text, void (*found)(const char *name, const char *object, void *ctx),
		       void *ctx)
{
	char *all = logical_text(text), *save = NULL;

	for (char *line = strtok_r(all, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char name[256], *value = composite_value(line, name, sizeof(name)), *wsave = NULL;

		if (!value)
			continue;
		for (char *w = strtok_r(value, " \t", &wsave); w; w = strtok_r(NULL, " \t", &wsave)) {
			size_t len = strlen(w);

			if (len > 2 && strcmp(w + len - 2, ".o") == 0)
				found(name, w, ctx);
		}
	}
	free(all);
}

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0, got;

	if (!f)
		return NULL;
	do {
		if (len + 4096 + 1 > cap)
			buf = dmc_xrealloc(buf, cap = cap ? cap * 2 : 8192);
		got = fread(buf + len, 1, cap - len - 1, f);
		len += got;
	} while (got > 0);
	fclose(f);
	buf[len] = '\0';
	return buf;
}

static int is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* What one Makefile says: every (module, object) pair. */
struct pairs {
	char **names;
	char **objects;
	size_t n;
};

static void add_pair(const char *name, const char *object, void *ctx)
{
	struct pairs *p = ctx;

	p->names = dmc_xrealloc(p->names, (p->n + 1) * sizeof(char *));
	p->objects = dmc_xrealloc(p->objects, (p->n + 1) * sizeof(char *));
	p->names[p->n] = dmc_xstrdup(name);
	p->objects[p->n] = dmc_xstrdup(object);
	p->n++;
}

static void free_pairs(struct pairs *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->names[i]);
		free(p->objects[i]);
	}
	free(p->names);
	free(p->objects);
}

/* The module of `object` (relative to dir) in dir's Kbuild or Makefile: 1 and *out filled. */
static int module_in(const char *dir, const char *object, struct kbuild_module *out)
{
	static const char *const names[] = { "Kbuild", "Makefile" };

	for (size_t k = 0; k < 2; k++) {
		char *mk = dmc_xasprintf("%s/%s", dir, names[k]), *text;
		struct pairs p = { 0 };
		const char *module = NULL;

		if (!is_file(mk) || !(text = read_text(mk))) {
			free(mk);
			continue;
		}
		kbuild_composites(text, add_pair, &p);
		free(text);
		for (size_t i = 0; i < p.n && !module; i++)
			if (strcmp(p.objects[i], object) == 0)
				module = p.names[i];
		if (module) {
			out->name = dmc_xstrdup(module);
			out->makefile = mk;
			for (size_t i = 0; i < p.n; i++) {
				char *c;
				size_t len = strlen(p.objects[i]);

				if (strcmp(p.names[i], module) != 0)
					continue;
				c = dmc_xasprintf("%s/%.*s.c", dir, (int)(len - 2), p.objects[i]);
				if (!is_file(c)) {
					free(c);	/* a .S, a generated or a nested composite object */
					continue;
				}
				out->files = dmc_xrealloc(out->files, (out->nfiles + 1) * sizeof(char *));
				out->files[out->nfiles++] = c;
			}
			free_pairs(&p);
			return 1;
		}
		free_pairs(&p);
		free(mk);
	}
	return 0;
}

int kbuild_module_of(const char *cfile, struct kbuild_module *out)
{
	char real[PATH_MAX], *dir, *base, *object;
	size_t depth = 0;

	memset(out, 0, sizeof(*out));
	if (!realpath(cfile, real))
		return -1;
	base = strrchr(real, '/') + 1;
	dir = dmc_xstrdup(real);
	dir[base - real - 1] = '\0';
	object = dmc_xasprintf("%.*s.o", (int)(strlen(base) - 2), base);
	/* the directory's own Makefile, else up to two levels up (`en/foo.o`) */
	while (depth++ < 3) {
		char *slash;

		if (module_in(dir, object, out))
			break;
		slash = strrchr(dir, '/');
		if (!slash || slash == dir)
			break;
		{
			char *up_object = dmc_xasprintf("%s/%s", slash + 1, object);

			free(object);
			object = up_object;
		}
		*slash = '\0';
	}
	free(dir);
	free(object);
	if (!out->name) {
		out->name = dmc_xasprintf("%.*s", (int)(strlen(base) - 2), base);
		out->files = dmc_xcalloc(1, sizeof(char *));
		out->files[out->nfiles++] = dmc_xstrdup(real);
	}
	return 0;
}

void kbuild_module_free(struct kbuild_module *m)
{
	for (size_t i = 0; i < m->nfiles; i++)
		free(m->files[i]);
	free(m->files);
	free(m->name);
	free(m->makefile);
	memset(m, 0, sizeof(*m));
}
