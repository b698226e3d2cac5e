/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Baselines: the findings a team has accepted for now.  A baseline is any
 * earlier dmacheck JSON report or SARIF log; its fingerprints are matched,
 * so findings survive line moves and a baseline only hides what it names.
 */
#ifndef DMC_BASELINE_H
#define DMC_BASELINE_H

#include <stddef.h>

#include "finding.h"

struct dmc_baseline;

/* Returns NULL with err naming the file and the problem. */
struct dmc_baseline *dmc_baseline_load(const char *path, char *err, size_t errlen);
void dmc_baseline_free(struct dmc_baseline *baseline);
size_t dmc_baseline_size(const struct dmc_baseline *baseline);
int dmc_baseline_contains(const struct dmc_baseline *baseline, const char *fingerprint);
/* Removes the findings the baseline names (needs fingerprints); returns how many. */
size_t dmc_baseline_apply(const struct dmc_baseline *baseline, struct dmc_findings *list);

#endif
