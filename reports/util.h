/* SPDX-License-Identifier: GPL-2.0 */
/* Small allocation helpers shared by every userspace part of dmacheck. */
#ifndef DMC_UTIL_H
#define DMC_UTIL_H

#include <stddef.h>

/* Out of memory in a command-line tool is fatal: print and exit(2). */
void dmc_die_oom(size_t size) __attribute__((noreturn));
void *dmc_xmalloc(size_t size);
void *dmc_xcalloc(size_t n, size_t size);
void *dmc_xrealloc(void *ptr, size_t size);
char *dmc_xstrdup(const char *s);	/* NULL stays NULL */
char *dmc_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grows *items (of elem_size bytes each) so that index `need` fits. */
void dmc_grow(void **items, size_t *cap, size_t need, size_t elem_size);



/*
 * The dmacheck source tree, where cocci/ and docs/ live: $DMACHECK_DATADIR,
 * else two levels above the running executable (build/bin/), else the
 * directory the binary was built from.
 */
const char *dmc_datadir(void);
#endif
