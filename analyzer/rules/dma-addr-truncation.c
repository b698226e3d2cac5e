// SPDX-License-Identifier: GPL-2.0
/*
 * dma-addr-truncation: a DMA handle converted implicitly to an integer
 * narrower than dma_addr_t: stored in a u32, passed as a u32 argument.
 * Explicit conversions (lower_32_bits(), cpu_to_le32(), a cast) are taken
 * as meant.  Only a file that sets a DMA mask wider than 32 bits (a
 * constant one) is held to it: without dma_set_mask() a PCI device gets 32
 * bits, and a driver whose masks are 32 bits may keep handles in 32 bits.
 * Coherent memory answers to the coherent mask, mappings to the other.
 */
#include "flow/fieldfacts.h"
#include "rules.h"

extern const struct rule rule_dma_addr_truncation;

static int narrow_integer(CXType t)
{
	CXType c = clang_getCanonicalType(t);

	switch (c.kind) {
	case CXType_Char_U: case CXType_UChar: case CXType_Char_S: case CXType_SChar:
	case CXType_UShort: case CXType_Short: case CXType_UInt: case CXType_Int:
	case CXType_ULong: case CXType_Long:
		return ast_type_bits(c) < 64;
	default:
		return 0;
	}
}

/*
 * Only the handle itself converted implicitly: a cast, a shift or a mask
 * ((u64)dma >> 32, dma & 0xffffffff) splits the address on purpose.
 */
static int explicit_conversion(CXCursor e)
{
	switch (clang_getCursorKind(ast_strip(e))) {
	case CXCursor_DeclRefExpr:
	case CXCursor_MemberRefExpr:
	case CXCursor_ArraySubscriptExpr:
	case CXCursor_CallExpr:
		return 0;
	default:
		return 1;
	}
}

static void on_event(struct flow_fn *f, const struct state *st, const struct event *ev)
{
	const struct object *o;

	if ((ev->kind != EV_STORE && ev->kind != EV_ARG) || ev->value.kind != VAL_HANDLE ||
	    ev->value.obj < 0 || !narrow_integer(ev->type) || ast_is_null(ev->value_expr) ||
	    explicit_conversion(ev->value_expr))
		return;
	/* the narrowing is where a dma_addr_t meets the narrow type, not later copies */
	if (ast_type_bits(clang_getCursorType(ast_strip(ev->value_expr))) <= ast_type_bits(ev->type))
		return;
	o = &f->objs[ev->value.obj];
	/* coherent memory obeys the coherent mask (mvpp2 keeps it at 32 bits) */
	if ((o->kind == OBJ_COHERENT ? f->an->coherent_mask_bits : f->an->stream_mask_bits) <= 32)
		return;
	if (o->kind == OBJ_FOREIGN && !o->fact)
		return;
	analysis_report(f, &rule_dma_addr_truncation, st, ev->site,
			o->kind == OBJ_FOREIGN ? o->fact->map_site : o->api_site,
			"the handle comes from here",
			"a dma_addr_t is %s a %u-bit integer here: addresses above 4 GiB lose their "
			"high bits%s", ev->kind == EV_STORE ? "stored in" : "passed as",
			ast_type_bits(ev->type),
			ev->kind == EV_STORE ? ", and dma_mapping_error() can no longer see a failure" : "");
}

const struct rule rule_dma_addr_truncation = { "dma-addr-truncation", on_event };
