// SPDX-License-Identifier: GPL-2.0
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void dmc_die_oom(size_t size)
{
	fprintf(stderr, "dmacheck: out of memory (allocating %zu bytes)\n", size);
	exit(2);
}

void *dmc_xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		dmc_die_oom(size);
	return p;
}

void *dmc_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		dmc_die_oom(n * size);
	return p;
}

void *dmc_xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);

	if (!p)
		dmc_die_oom(size);
	return p;
}

char *dmc_xstrdup(const char *s)
{
	char *p;

	if (!s)
		return NULL;
	p = strdup(s);
	if (!p)
		dmc_die_oom(strlen(s) + 1);
	return p;
}

char *dmc_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		dmc_die_oom(strlen(fmt));
	return s;
}

void dmc_grow(void **items, size_t *cap, size_t need, size_t elem_size)
{
	size_t ncap;

	if (need < *cap)
		return;
	ncap = *cap ? *cap * 2 : 8;
	while (ncap <= need)
		ncap *= 2;
	*items = dmc_xrealloc(*items, ncap * elem_size);
	*cap = ncap;
}

#ifndef DMC_SRCDIR
#define DMC_SRCDIR "."
#endif

static int is_datadir(const char *dir)
{
	char *probe = dmc_xasprintf("%s/reports/rules.def", dir);
	int found = access(probe, R_OK) == 0;

	free(probe);
	return found;
}

const char *dmc_datadir(void)
{
	static char dir[4096];
	const char *env = getenv("DMACHECK_DATADIR");
	ssize_t n;

	if (dir[0])
		return dir;
	if (env && *env) {
		snprintf(dir, sizeof(dir), "%s", env);
		return dir;
	}
	n = readlink("/proc/self/exe", dir, sizeof(dir) - 1);
	if (n > 0) {
		dir[n] = '\0';
		for (int up = 0; up < 3; up++) {
			char *slash = strrchr(dir, '/');

			if (slash)
				*slash = '\0';
		}
		if (is_datadir(dir))
			return dir;
	}
	snprintf(dir, sizeof(dir), "%s", DMC_SRCDIR);
	return dir;
}
