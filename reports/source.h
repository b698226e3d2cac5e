/* SPDX-License-Identifier: GPL-2.0 */
/* Line-oriented access to source files, cached, for fingerprints and excerpts. */
#ifndef DMC_SOURCE_H
#define DMC_SOURCE_H

#include <stddef.h>

/*
 * Returns line `line` (1-based) of `file` without its newline, or NULL when
 * the file cannot be read or is shorter.  The pointer stays valid until
 * dmc_source_cache_clear().  length receives the line's length.
 */
const char *dmc_source_line(const char *file, unsigned line, size_t *length);
/* Number of lines of the file, 0 if it cannot be read. */
unsigned dmc_source_line_count(const char *file);
void dmc_source_cache_clear(void);

#endif
