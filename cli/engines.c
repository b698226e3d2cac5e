// SPDX-License-Identifier: GPL-2.0
/* The static engines `dmacheck scan` can run, in the order they run. */
#include "analyzer_engine.h"
#include "cocci_engine.h"
#include "engines.h"

const struct dmc_engine *const dmc_static_engines[] = {
	&dmc_cocci_engine,
	&dmc_analyzer_engine,
};
const size_t dmc_static_engine_count = sizeof(dmc_static_engines) / sizeof(dmc_static_engines[0]);
