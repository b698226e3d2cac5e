// SPDX-License-Identifier: GPL-2.0
/*
 * double-unmap: an unmap or free of a handle that is not mapped at that
 * point of the path: already unmapped or freed, or its mapping failed.
 * The finding is on the second release; related is the first (or the
 * check that said the mapping failed).
 */
#include "rules.h"

extern const struct rule rule_double_unmap;

static void on_event(struct flow_fn *f, const struct state *st, const struct event *ev)
{
	if (ev->kind != EV_RELEASE || !rule_object_certain(ev))
		return;
	if (ev->os->life == LIFE_RELEASED)
		analysis_report(f, &rule_double_unmap, st, ev->site, ev->os->release_site,
				"first released here",
				"this handle was already %s at line %u on this path",
				ev->api && ev->api->op == API_FREE ? "freed" : "unmapped",
				analysis_site_get(f->an, ev->os->release_site) ?
				analysis_site_get(f->an, ev->os->release_site)->loc.line : 0);
	/* 0 is a DMA address like any other (mlx5 maps again and unmaps the 0 one) */
	else if (ev->os->life == LIFE_FAILED && ev->o->kind == OBJ_MAPPING &&
		 !(ev->os->flags & OS_ZERO))
		analysis_report(f, &rule_double_unmap, st, ev->site,
				ev->os->check_site ? ev->os->check_site : ev->o->site,
				"the mapping failed here",
				"this unmaps a mapping that failed: nothing is mapped");
}

const struct rule rule_double_unmap = { "double-unmap", on_event };
