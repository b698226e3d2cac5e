/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Triage: from runtime evidence (a dmesg or journal log with the kernel's
 * DMA-API debugging warnings or dmatrack's reports, or dmatrack's
 * `violations` dump) to "this line, this mapping, this reason".
 *
 *   log.c        reads the log into runtime findings (sites still symbolic)
 *   symbolize.c  resolves "func+0x1c/0x80 [mod]" to file:line through DWARF
 *   rank.c       groups by mapping site, joins static findings, ranks
 */
#ifndef DMC_TRIAGE_H
#define DMC_TRIAGE_H

#include <stddef.h>

#include "finding.h"

struct dmc_log_stats {
	unsigned lines;			/* lines read */
	unsigned dma_debug;		/* DMA-API debugging warnings */
	unsigned dmatrack;		/* dmatrack reports (JSON objects) */
	unsigned not_classified;	/* DMA-API warnings without a rule */
};

/*
 * Reads a log and adds one runtime finding per warning.  Call sites stay
 * symbolic (loc.file == NULL, loc.function == "func+0x1c/0x80 [mod]") until
 * dmc_symbolize() resolves them.  What is not a violation but changes what
 * the log can tell (the kernel's DMA-API debugging switching itself off, a
 * full swiotlb) becomes a diagnostic.  Returns 0, or -1 with a diagnostic
 * when the file cannot be read.
 */
int dmc_read_log(const char *path, struct dmc_findings *out, struct dmc_diags *diags,
		 struct dmc_log_stats *stats);

/* The catalogue rule for a DMA-API debugging warning's text, NULL if none. */
const struct dmc_rule *dmc_dma_debug_rule(const char *text);

/*
 * Splits "func+0x1c/0x80 [mod]" (also without " [mod]" or the "/0x80").
 * Returns 0 and fills the parts (module "" when absent), -1 if s is not a
 * symbolic call site.
 */
int dmc_parse_site(const char *s, char *func, size_t func_len, unsigned long *offset,
		   char *module, size_t module_len);

#endif
