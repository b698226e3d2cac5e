// SPDX-License-Identifier: GPL-2.0
/*
 * direction-mismatch: an unmap or sync with another DMA direction than the
 * mapping, when both are constants: the mapping in this function, or, for
 * a handle kept in a struct field, every mapping other functions of the
 * file store in that field (refill maps DMA_FROM_DEVICE, clean unmaps
 * DMA_TO_DEVICE).  A sync of a DMA_BIDIRECTIONAL mapping may name any
 * direction, as the kernel's DMA debugging allows.
 */
#include "flow/fieldfacts.h"
#include "rules.h"

extern const struct rule rule_direction_mismatch;

static int allowed(int map_dir, int dir, int is_sync)
{
	return map_dir == dir || (is_sync && map_dir == 0);
}

static void on_event(struct flow_fn *f, const struct state *st, const struct event *ev)
{
	const struct object *o = ev->o;
	int is_sync = ev->kind == EV_SYNC;
	unsigned dirs, related;

	if ((ev->kind != EV_RELEASE && ev->kind != EV_SYNC) || ev->dir < 0 || ev->dir > 3 ||
	    !rule_object_certain(ev) || ev->os->life != LIFE_LIVE)
		return;
	if (o->kind != OBJ_FOREIGN) {
		if (o->dir < 0 || o->kind == OBJ_COHERENT || allowed(o->dir, ev->dir, is_sync))
			return;
		analysis_report(f, &rule_direction_mismatch, st, ev->site, o->api_site, "mapped here",
				"%s with %s, but the buffer was mapped with %s at line %u",
				is_sync ? "synced" : "unmapped", rule_dir_name(ev->dir),
				rule_dir_name(o->dir), analysis_site_get(f->an, o->api_site)->loc.line);
		return;
	}
	if (!o->fact || (o->fact->dirs & (1u << FACT_DIR_UNKNOWN)))
		return;
	dirs = o->fact->dirs;
	if ((dirs & (1u << ev->dir)) || (is_sync && (dirs & 1u)))
		return;
	related = o->fact->map_site;
	analysis_report(f, &rule_direction_mismatch, st, ev->site, related, "mapped here",
			"%s with %s, but every mapping stored in this field (%s) uses %s%s%s, as "
			"at line %u", is_sync ? "synced" : "unmapped", rule_dir_name(ev->dir),
			flow_path_c(o->home), rule_dir_name(__builtin_ctz(dirs)),
			__builtin_popcount(dirs) > 1 ? " or " : "",
			__builtin_popcount(dirs) > 1 ? rule_dir_name(31 - __builtin_clz(dirs)) : "",
			analysis_site_get(f->an, related) ? analysis_site_get(f->an, related)->loc.line : 0);
}

const struct rule rule_direction_mismatch = { "direction-mismatch", on_event };
