/* SPDX-License-Identifier: GPL-2.0 */
/* Ranking the likely root causes of what a log shows. */
#ifndef DMC_RANK_H
#define DMC_RANK_H

#include "finding.h"

/*
 * Moves `runtime` (reports from the log, merged) and `statics` (what the
 * static engines found in the code those reports point at) into `ranked`,
 * most likely root cause first:
 *   1. a runtime report that a static finding explains (same rule, same line,
 *      or same rule in the same function for the same mapping): one finding
 *      naming every engine;
 *   2. other runtime reports;
 *   3. static findings in the functions the runtime reports involve.
 * Within a tier: severity, then how often it was reported, then place.
 * Static findings about other functions are dropped: they do not explain
 * this log.
 */
void dmc_rank(struct dmc_findings *runtime, struct dmc_findings *statics,
	      struct dmc_findings *ranked);

#endif
