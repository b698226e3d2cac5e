// SPDX-License-Identifier: GPL-2.0
/*
 * cpu-write-while-device-owned: the CPU writes a DMA_TO_DEVICE (or
 * bidirectional) buffer while the device owns it: after the map or a sync
 * for the device, before a sync for the CPU or the unmap.  The device may
 * already be reading it (and on non-coherent systems it reads memory the
 * cache has not written back).  As for reads, a write to a ring buffer
 * before this function's own sync for the CPU or unmap of it counts.
 */
#include "ownership_common.h"

extern const struct rule rule_cpu_write_while_device_owned;

static void on_event(struct flow_fn *f, const struct state *st, const struct event *ev)
{
	unsigned dirs;

	if ((ev->kind != EV_ACCESS && ev->kind != EV_LATE_ACCESS) || ev->effect != CPU_WRITE ||
	    !rule_object_certain(ev))
		return;
	dirs = mapped_directions(ev);
	if (!only(dirs, (1u << DIR_TO_DEVICE) | (1u << DIR_BIDI)))
		return;
	if (ev->kind == EV_ACCESS && !device_owns(ev))
		return;
	analysis_report(f, &rule_cpu_write_while_device_owned, st,
			ev->kind == EV_LATE_ACCESS ? ev->access_site : ev->site,
			given_to_device_at(ev), "the device was given the buffer here",
			"the CPU writes a buffer the device owns (%s): sync it for the CPU first, "
			"or write before mapping", rule_dir_name(__builtin_ctz(dirs)));
}

const struct rule rule_cpu_write_while_device_owned = { "cpu-write-while-device-owned", on_event };
