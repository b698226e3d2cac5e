/* SPDX-License-Identifier: GPL-2.0 */
/* What reports/dma_api.def says a rule judges, for `dmacheck explain` and the rule pages. */
#ifndef DMC_API_MODEL_H
#define DMC_API_MODEL_H

#include <stdio.h>

/*
 * Writes the markdown section that lists the DMA API calls the rule judges
 * (its DMA_COVERS line), grouped by operation.  Returns 0, or -1 when the
 * model gives the rule no such line (it judges no DMA API call itself).
 */
int dmc_rule_api_markdown(const char *slug, FILE *out);

#endif
