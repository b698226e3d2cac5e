/* SPDX-License-Identifier: GPL-2.0 */
#ifndef DMC_ENGINES_H
#define DMC_ENGINES_H

#include <stddef.h>

#include "engine.h"

extern const struct dmc_engine *const dmc_static_engines[];
extern const size_t dmc_static_engine_count;

#endif
