// SPDX-License-Identifier: GPL-2.0
/* sync-after-unmap: a dma_sync_*() of a handle already unmapped on this path. */
#include "rules.h"

extern const struct rule rule_sync_after_unmap;

static void on_event(struct flow_fn *f, const struct state *st, const struct event *ev)
{
	if (ev->kind != EV_SYNC || !rule_object_certain(ev) || ev->os->life != LIFE_RELEASED)
		return;
	analysis_report(f, &rule_sync_after_unmap, st, ev->site, ev->os->release_site,
			"unmapped here", "this syncs a handle that was unmapped at line %u",
			analysis_site_get(f->an, ev->os->release_site) ?
			analysis_site_get(f->an, ev->os->release_site)->loc.line : 0);
}

const struct rule rule_sync_after_unmap = { "sync-after-unmap", on_event };
