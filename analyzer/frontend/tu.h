/* SPDX-License-Identifier: GPL-2.0 */
/* Parsing one file with libclang, and saying clearly when that went wrong. */
#ifndef DMC_TU_H
#define DMC_TU_H

#include <stddef.h>

#include <clang-c/Index.h>

#include "finding.h"

struct tu_errors {
	unsigned *lines;	/* lines of the main file with errors */
	size_t count;
};

/*
 * Parses file with the given clang arguments.  Errors become diagnostics
 * naming the file (a missing header is named as such); `errors` receives
 * the main-file lines with errors, so that the functions around them are
 * left alone.  Returns NULL when nothing could be parsed.
 */
CXTranslationUnit tu_parse(CXIndex index, const char *file, char *const *args, size_t nargs,
			   const struct CXUnsavedFile *unsaved, unsigned nunsaved,
			   struct dmc_diags *diags, struct tu_errors *errors);

void tu_errors_free(struct tu_errors *errors);
/* Whether an error lies between the two lines (inclusive). */
int tu_errors_within(const struct tu_errors *errors, unsigned first, unsigned last);

#endif
