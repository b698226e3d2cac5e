/* SPDX-License-Identifier: GPL-2.0 */
/* The analysis of one parsed file: every rule over every function. */
#ifndef DMC_ANALYSIS_H
#define DMC_ANALYSIS_H

#include <clang-c/Index.h>

#include "finding.h"
#include "facts/facts.h"
#include "frontend/tu.h"

/*
 * Analyses the functions defined in the main file of tu (named `file` in
 * findings), leaving out those with parse errors.
 */
void analysis_run(CXTranslationUnit tu, const char *file, const struct tu_errors *errors,
		  struct dmc_findings *out, struct dmc_diags *diags);

/* The same, with what the other files of the file's module establish (NULL: nothing). */
void analysis_run_in_module(CXTranslationUnit tu, const char *file, const struct tu_errors *errors,
			    const struct module_facts *module, struct dmc_findings *out,
			    struct dmc_diags *diags);

#endif
