// SPDX-License-Identifier: GPL-2.0
/*
 * invalid-dma-memory: a streaming map of memory the DMA API cannot map:
 * the stack (a local variable or array), vmalloc or kvmalloc memory, a
 * kmap() address, or the module image (global and static variables,
 * const data, string literals).  Through a helper that maps its
 * parameter, the finding is on the call that passes such memory.
 */
#include "rules.h"

extern const struct rule rule_invalid_dma_memory;

static const char *describe(enum mem_origin origin)
{
	switch (origin) {
	case ORIGIN_STACK:
		return "is on the stack (a local variable)";
	case ORIGIN_VMALLOC:
		return "comes from vmalloc() (or kvmalloc(), which may use it)";
	case ORIGIN_KMAP:
		return "is a kmap() address";
	case ORIGIN_DATA:
		return "is in the module image (a global or static variable)";
	case ORIGIN_RODATA:
		return "is read-only data in the module image";
	default:
		return NULL;
	}
}

static void on_event(struct flow_fn *f, const struct state *st, const struct event *ev)
{
	const char *why;

	if (ev->kind != EV_MAP || !ev->o || ev->o->kind != OBJ_MAPPING ||
	    !(why = describe(ev->o->buffer_origin)))
		return;
	analysis_report(f, &rule_invalid_dma_memory, st, ev->o->site, ev->o->buffer_site,
			ev->o->buffer_origin == ORIGIN_VMALLOC || ev->o->buffer_origin == ORIGIN_KMAP ?
			"allocated here" : "declared here",
			"the memory %s maps %s; map a kmalloc()ed or page-allocator buffer instead",
			rule_site_what(f, ev->o->site), why);
}

const struct rule rule_invalid_dma_memory = { "invalid-dma-memory", on_event };
