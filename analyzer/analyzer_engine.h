/* SPDX-License-Identifier: GPL-2.0 */
#ifndef DMC_ANALYZER_ENGINE_H
#define DMC_ANALYZER_ENGINE_H

#include "engine.h"

/* The libclang engine: path-sensitive DMA ownership analysis of each file. */
extern const struct dmc_engine dmc_analyzer_engine;

#endif
