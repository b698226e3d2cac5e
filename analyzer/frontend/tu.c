// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing with libclang.  A kernel file that does not parse is reported,
 * never skipped: one diagnostic per missing header (named, with where it is
 * included from), one for the other errors (how many, and the first few).
 * Parsing keeps going past errors, so the functions that did parse are
 * still analysed; those around an error are not (see tu_errors_within).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "tu.h"
#include "util.h"

#define SHOWN_ERRORS 3

static char *diag_position(CXDiagnostic d, unsigned *line, int *in_main)
{
	CXSourceLocation loc = clang_getDiagnosticLocation(d);
	CXFile file;
	unsigned col;
	CXString name;
	char *out;

	clang_getFileLocation(loc, &file, line, &col, NULL);
	*in_main = clang_Location_isFromMainFile(loc);
	if (!file)
		return dmc_xstrdup("(command line)");
	name = clang_getFileName(file);
	out = dmc_xasprintf("%s:%u:%u", clang_getCString(name), *line, col);
	clang_disposeString(name);
	return out;
}

/* "'linux/foo.h' file not found" -> linux/foo.h */
static char *missing_header(const char *text)
{
	const char *open = strchr(text, '\''), *close;

	if (!strstr(text, "file not found") || !open || !(close = strchr(open + 1, '\'')))
		return NULL;
	return dmc_xasprintf("%.*s", (int)(close - open - 1), open + 1);
}

static void add_error_line(struct tu_errors *errors, unsigned line)
{
	errors->lines = dmc_xrealloc(errors->lines, (errors->count + 1) * sizeof(unsigned));
	errors->lines[errors->count++] = line;
}

static void report(CXTranslationUnit tu, const char *file, struct dmc_diags *diags,
		   struct tu_errors *errors)
{
	unsigned n = clang_getNumDiagnostics(tu), nerrors = 0;
	char *shown = dmc_xstrdup("");

	for (unsigned i = 0; i < n; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);
		enum CXDiagnosticSeverity sev = clang_getDiagnosticSeverity(d);
		CXString text;
		char *where, *header;
		unsigned line = 0;
		int in_main = 0;

		if (sev < CXDiagnostic_Error) {
			clang_disposeDiagnostic(d);
			continue;
		}
		text = clang_getDiagnosticSpelling(d);
		where = diag_position(d, &line, &in_main);
		header = missing_header(clang_getCString(text));
		if (in_main)
			add_error_line(errors, line);
		if (header) {
			dmc_diags_add(diags, DMC_SEV_ERROR, DMC_ENGINE_ANALYZER, file, in_main ? line : 0,
				      "cannot parse: header '%s' not found (included from %s); check "
				      "--kdir or the compile flags", header, where);
		} else if (nerrors++ < SHOWN_ERRORS) {
			char *more = dmc_xasprintf("%s%s%s: %s", shown, *shown ? "; " : "", where,
						   clang_getCString(text));

			free(shown);
			shown = more;
		}
		free(header);
		free(where);
		clang_disposeString(text);
		clang_disposeDiagnostic(d);
	}
	if (nerrors)
		dmc_diags_add(diags, DMC_SEV_ERROR, DMC_ENGINE_ANALYZER, file, 0,
			      "libclang reports %u parse error%s, so the functions around them are "
			      "not analysed: %s%s", nerrors, nerrors == 1 ? "" : "s", shown,
			      nerrors > SHOWN_ERRORS ? "; ..." : "");
	free(shown);
}

CXTranslationUnit tu_parse(CXIndex index, const char *file, char *const *args, size_t nargs,
			   const struct CXUnsavedFile *unsaved, unsigned nunsaved,
			   struct dmc_diags *diags, struct tu_errors *errors)
{
	CXTranslationUnit tu = NULL;
	enum CXErrorCode rc;
	const char **all = dmc_xcalloc(nargs + 1, sizeof(char *));

	/*
	 * Every error, not clang's first 20: an error past the limit goes
	 * unreported, and the function it breaks (a store into a struct whose
	 * header is missing, dropped) would be analysed as if it were whole.
	 */
	memcpy(all, args, nargs * sizeof(char *));
	all[nargs] = "-ferror-limit=0";
	memset(errors, 0, sizeof(*errors));
	rc = clang_parseTranslationUnit2(index, file, all, (int)nargs + 1,
					 (struct CXUnsavedFile *)unsaved, nunsaved,
					 CXTranslationUnit_KeepGoing, &tu);
	free(all);
	if (rc != CXError_Success || !tu) {
		dmc_diags_add(diags, DMC_SEV_ERROR, DMC_ENGINE_ANALYZER, file, 0,
			      "not analysed: libclang could not parse it (%s)",
			      rc == CXError_Crashed ? "libclang crashed" :
			      rc == CXError_InvalidArguments ? "invalid arguments" :
			      rc == CXError_ASTReadError ? "AST read error" : "failure");
		return NULL;
	}
	report(tu, file, diags, errors);
	return tu;
}

void tu_errors_free(struct tu_errors *errors)
{
	free(errors->lines);
	memset(errors, 0, sizeof(*errors));
}

int tu_errors_within(const struct tu_errors *errors, unsigned first, unsigned last)
{
	for (size_t i = 0; i < errors->count; i++)
		if (errors->lines[i] >= first && errors->lines[i] <= last)
			return 1;
	return 0;
}
