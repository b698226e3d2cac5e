// SPDX-License-Identifier: GPL-2.0
/*
 * free-while-mapped: the CPU frees memory (kfree, put_page,
 * dev_kfree_skb...) that is still DMA-mapped, and the mapping is then
 * either never unmapped on that path (the device may still use memory
 * that has a new owner), or unmapped later with DMA_FROM_DEVICE or
 * DMA_BIDIRECTIONAL, whose unmap writes into the buffer (a swiotlb
 * copy-back or a cache invalidate) after it has a new owner.  Freeing a
 * DMA_TO_DEVICE buffer just before its unmap is left alone: that unmap
 * writes nothing.  A mapping stored in a ring entry's field that an unwind
 * loop of the same function unmaps entries from is not judged at the exit:
 * which entries the loop reaches is not followed; nor is a mapping whose
 * handle went into memory before an unmap (here or in a helper) of a handle
 * read back from a descriptor or ring slot.  The finding is on the free;
 * related is the map.
 */
#include "ownership_common.h"

extern const struct rule rule_free_while_mapped;

static const unsigned writing_unmap = (1u << DIR_FROM_DEVICE) | (1u << DIR_BIDI);

static void freed_then_unmapped(struct flow_fn *f, const struct state *st, const struct event *ev)
{
	if (!ev->os->free_site || ev->os->life != LIFE_LIVE ||
	    !only(mapped_directions(ev), writing_unmap))
		return;
	analysis_report(f, &rule_free_while_mapped, st, ev->os->free_site, ev->o->api_site,
			"mapped here", "this frees memory that is still DMA-mapped (mapped with %s "
			"at line %u); the unmap at line %u then writes into memory that is no "
			"longer the driver's", rule_dir_name(ev->o->dir), rule_site_line(f, ev->o->api_site),
			rule_site_line(f, ev->site));
}

static void freed_never_unmapped(struct flow_fn *f, const struct state *st, const struct event *ev)
{
	for (unsigned k = 0; k < f->nobjs && k < st->nobjs; k++) {
		const struct obj_state *os = &st->objs[k];
		const struct object *o = &f->objs[k];

		if (!os->free_site || os->life != LIFE_LIVE || o->kind != OBJ_MAPPING ||
		    (os->flags & OS_UNSURE) || flow_maybe_released(f, st, (int)k) ||
		    flow_unmaps_field(f, os->stored_field))
			continue;
		analysis_report(f, &rule_free_while_mapped, st, os->free_site, o->api_site,
				"mapped here", "this frees memory that is still DMA-mapped (mapped "
				"at line %u) and never unmapped on this path",
				rule_site_line(f, o->api_site));
	}
}

static void on_event(struct flow_fn *f, const struct state *st, const struct event *ev)
{
	if (ev->kind == EV_EXIT) {
		freed_never_unmapped(f, st, ev);
		return;
	}
	if (!rule_object_certain(ev) || ev->o->kind == OBJ_COHERENT)
		return;
	if (ev->kind == EV_RELEASE)
		freed_then_unmapped(f, st, ev);
	else if (ev->kind == EV_LATE_ACCESS && ev->effect == CPU_FREE &&
		 only(mapped_directions(ev), writing_unmap))
		analysis_report(f, &rule_free_while_mapped, st, ev->access_site,
				given_to_device_at(ev), "mapped here",
				"this frees memory that is still DMA-mapped (%s); the unmap later in "
				"this function then writes into memory that is no longer the driver's",
				rule_dir_name(__builtin_ctz(mapped_directions(ev))));
}

const struct rule rule_free_while_mapped = { "free-while-mapped", on_event };
