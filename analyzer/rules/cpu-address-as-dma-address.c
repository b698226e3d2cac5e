// SPDX-License-Identifier: GPL-2.0
/*
 * cpu-address-as-dma-address: a CPU physical address (virt_to_phys(),
 * __pa(), page_to_phys()) given to the device as a DMA address: written to
 * a register, stored in a dma_addr_t or a little- or big-endian descriptor
 * field, passed as a dma_addr_t.  Behind an IOMMU, or with a DMA offset,
 * the device then reaches other memory.  A pointer cast to dma_addr_t is
 * the same mistake.
 */
#include <stdlib.h>
#include <string.h>

#include "rules.h"

extern const struct rule rule_cpu_address_as_dma_address;

/* __le64, __be32, dma_addr_t: the types device-visible addresses are kept in. */
static int device_address_type(CXType t)
{
	char *name;
	int yes;

	if (ast_type_is_dma_addr(t))
		return 1;
	name = ast_type_spelling(t);
	yes = strstr(name, "__le") || strstr(name, "__be");
	free(name);
	return yes;
}

static int pointer_cast_to_dma(CXCursor e)
{
	CXCursor s = ast_strip(e);

	return clang_getCursorKind(s) == CXCursor_CStyleCastExpr &&
	       ast_type_is_dma_addr(clang_getCursorType(s)) &&
	       ast_type_is_pointer(clang_getCursorType(ast_strip(ast_last_child(s))));
}

static void on_event(struct flow_fn *f, const struct state *st, const struct event *ev)
{
	int to_device;

	if (ev->kind == EV_STORE)
		to_device = device_address_type(ev->type);
	else if (ev->kind == EV_ARG)
		to_device = cpu_is_mmio_write(ev->callee) ? ev->arg_index == 0 :
			    ast_type_is_dma_addr(ev->type);
	else
		return;
	if (!to_device || ast_is_null(ev->value_expr))
		return;
	if (ev->value.kind == VAL_PHYS)
		analysis_report(f, &rule_cpu_address_as_dma_address, st, ev->site, ev->value.site,
				"the CPU physical address comes from here",
				"a CPU physical address is given to the device as a DMA address; "
				"map the buffer with the DMA API (or use dma_alloc_coherent()) and "
				"use the handle it returns");
	else if (pointer_cast_to_dma(ev->value_expr))
		analysis_report(f, &rule_cpu_address_as_dma_address, st, ev->site, 0, NULL,
				"a CPU pointer is cast to dma_addr_t and given to the device; use "
				"the handle the DMA API returns");
}

const struct rule rule_cpu_address_as_dma_address = { "cpu-address-as-dma-address", on_event };
