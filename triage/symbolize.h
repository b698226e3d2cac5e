/* SPDX-License-Identifier: GPL-2.0 */
/* Resolving symbolic call sites to source lines through a module's DWARF. */
#ifndef DMC_SYMBOLIZE_H
#define DMC_SYMBOLIZE_H

#include <stddef.h>

#include "finding.h"

struct dmc_symbolizer;

struct dmc_source_line {
	char *file;
	unsigned line;
	char *function;
};

struct dmc_symbolizer *dmc_symbolizer_new(void);
void dmc_symbolizer_free(struct dmc_symbolizer *sym);
/* Adds a module (or object) with debug info; -1 with err naming the file and the problem. */
int dmc_symbolizer_add_module(struct dmc_symbolizer *sym, const char *path, char *err,
			      size_t errlen);
/*
 * Resolves "func+0x1c/0x80 [mod]" to the driver source line; return_address
 * says the address is one after a call (every stack frame).  Returns 0 and
 * fills out (strings to free), -1 if the site is unknown to every module.
 */
int dmc_symbolize_site(struct dmc_symbolizer *sym, const char *site, int return_address,
		       struct dmc_source_line *out);
/*
 * Resolves every symbolic location of the findings (file == NULL) that a
 * module knows; files are looked up under src_root when it is not NULL.
 * Returns how many findings now have a source location.
 */
size_t dmc_symbolize_findings(struct dmc_symbolizer *sym, struct dmc_findings *list,
			      const char *src_root);

#endif
