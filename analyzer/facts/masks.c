// SPDX-License-Identifier: GPL-2.0
/*
 * The DMA masks a file sets: a fact of the file that the whole module answers to.
 * Which calls set which mask, and where the mask argument is, is the DMA API
 * model's (reports/dma_api.def).
 */
#include <stdlib.h>
#include <string.h>

#include "facts/facts.h"
#include "frontend/ast.h"
#include "model/dma_api.h"

static enum CXChildVisitResult find_masks(CXCursor c, CXCursor parent, CXClientData data)
{
	struct dma_masks *out = data;
	const struct api_fn *api;
	char *name;
	long long mask;

	if (clang_getCursorKind(c) != CXCursor_CallExpr)
		return CXChildVisit_Recurse;
	name = ast_callee_name(c);
	api = api_describe(name);
	if (api && api->op == API_MASK && ast_eval_int(ast_arg(c, api->dev + 1), &mask)) {
		int bits = 64 - __builtin_clzll((unsigned long long)mask | 1);
		int coherent = (api->flags & API_MASK_COHERENT) != 0;
		int streaming = (api->flags & API_MASK_STREAMING) != 0;

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
