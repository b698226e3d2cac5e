// SPDX-License-Identifier: GPL-2.0
#include "analysis.h"

void analysis_run(CXTranslationUnit tu, const char *file, const struct tu_errors *errors,
		  struct dmc_findings *out, struct dmc_diags *diags)
{
}
