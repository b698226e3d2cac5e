// SPDX-License-Identifier: GPL-2.0
/* The DMA masks a file sets: a fact of the file that the whole module answers to. */
#include <stdlib.h>
#include <string.h>

#include "facts/facts.h"
#include "frontend/ast.h"

static enum CXChildVisitResult find_masks(CXCursor c, CXCursor parent, CXClientData data)
{
	struct dma_masks *out = data;
	char *name;
	long long mask;

	if (clang_getCursorKind(c) != CXCursor_CallExpr)
		return CXChildVisit_Recurse;
	name = ast_callee_name(c);
	if (name && strstr(name, "set_") && strstr(name, "mask") && strstr(name, "dma") &&
	    ast_eval_int(ast_arg(c, 1), &mask)) {
		int bits = 64 - __builtin_clzll((unsigned long long)mask | 1);
		int coherent = strstr(name, "coherent") != NULL;
		int streaming = !coherent || strstr(name, "and_coherent") != NULL;

		if (streaming && bits > out->stream_bits)
			out->stream_bits = bits;
		if (coherent && bits > out->coherent_bits)
			out->coherent_bits = bits;
	}
	free(name);
	return CXChildVisit_Recurse;
}

void facts_find_masks(CXTranslationUnit tu, struct dma_masks *out)
{
	memset(out, 0, sizeof(*out));
	clang_visitChildren(clang_getTranslationUnitCursor(tu), find_masks, out);
}
