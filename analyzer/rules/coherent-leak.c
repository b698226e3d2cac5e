// SPDX-License-Identifier: GPL-2.0
/*
 * coherent-leak: at a return, coherent (or pool, or non-coherent) memory
 * allocated on this path is neither freed nor kept anywhere: not stored
 * where the caller or teardown finds it, not returned, not handed to a
 * function that keeps it (gen_pool_add_virt() and the like), not
 * dmam_-managed.  A probe or open that fails after storing it in its own
 * private data loses it too: nobody calls the teardown of a failed probe.
 */
#include "leak_common.h"

extern const struct rule rule_coherent_leak;

static void on_event(struct flow_fn *f, const struct state *st, const struct event *ev)
{
	if (ev->kind != EV_EXIT)
		return;
	for (unsigned k = 0; k < f->nobjs && k < st->nobjs; k++) {
		const struct object *o = &f->objs[k];

		if (o->kind != OBJ_COHERENT || !leak_lost_at_exit(f, st, ev, k))
			continue;
		/* never stored on this path: judged once the other paths are known */
		analysis_defer_report(f, &rule_coherent_leak, st,
				      (st->objs[k].flags & OS_STORED) ? -1 : (int)k, ev->site,
				      o->site, "allocated here",
				      "the memory %s allocated at line %u is not freed when the "
				      "function returns here%s", rule_site_what(f, o->site),
				      analysis_site_get(f->an, o->site)->loc.line,
				      (st->objs[k].flags & OS_STORED) ?
				      ", and a failed setup function is not undone by anyone" : "");
	}
}

const struct rule rule_coherent_leak = { "coherent-leak", on_event };
