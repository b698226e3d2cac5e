/* SPDX-License-Identifier: GPL-2.0 */
#ifndef DMC_COCCI_ENGINE_H
#define DMC_COCCI_ENGINE_H

#include "engine.h"

/* Runs the semantic patches of cocci/ (one per rule, <slug>.cocci) with spatch. */
extern const struct dmc_engine dmc_cocci_engine;

#endif
