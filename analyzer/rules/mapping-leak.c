// SPDX-License-Identifier: GPL-2.0
/*
 * mapping-leak: at a return, a streaming mapping made on this path is
 * still mapped and its handle reaches nobody: not unmapped, not stored
 * where the caller or a later function finds it, not returned, not passed
 * to a function that keeps it.  A failed mapping is not a leak.  The
 * finding is on the return; the related location is the map.
 */
#include "leak_common.h"

extern const struct rule rule_mapping_leak;

static int is_mapping_list(const struct object *o)
{
	return o->api && (o->api->family == FAM_SG || o->api->family == FAM_SGTABLE);
}

static void on_event(struct flow_fn *f, const struct state *st, const struct event *ev)
{
	if (ev->kind != EV_EXIT)
		return;
	for (unsigned k = 0; k < f->nobjs && k < st->nobjs; k++) {
		const struct object *o = &f->objs[k];

		if (o->kind != OBJ_MAPPING || !leak_lost_at_exit(f, st, ev, k))
			continue;
		/*
		 * an sg list kept outside this function is the handle, and it is
		 * kept (`chunk->sg`, also once the local `chunk` moved on)
		 */
		if (is_mapping_list(o) && !flow_path_is_local(st->objs[k].buffer ?: o->buffer ?: ""))
			continue;
		/* never stored on this path: judged once the other paths are known */
		analysis_defer_report(f, &rule_mapping_leak, st,
				      (st->objs[k].flags & OS_STORED) ? -1 : (int)k, ev->site,
				      o->site, "mapped here",
				      "the mapping made by %s at line %u is still mapped when the "
				      "function returns here, and nothing keeps its handle",
				      rule_site_what(f, o->site),
				      analysis_site_get(f->an, o->site)->loc.line);
	}
}

const struct rule rule_mapping_leak = { "mapping-leak", on_event };
