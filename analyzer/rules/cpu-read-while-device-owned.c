// SPDX-License-Identifier: GPL-2.0
/*
 * cpu-read-while-device-owned: the CPU reads a DMA_FROM_DEVICE (or
 * bidirectional) buffer while the device owns it: after the map or a
 * sync for the device, before dma_sync_*_for_cpu() or the unmap.  For a
 * ring buffer mapped in another function, a read that comes before this
 * function's own sync or unmap of the handle is one: that hand-back says
 * the device owned it until then.  memcpy(), skb_copy_*() and handing the
 * frame to the stack count as reads.  An unmap with DMA_ATTR_SKIP_CPU_SYNC
 * hands nothing back: a read after it needs a sync for the CPU before it.
 */
#include "ownership_common.h"

extern const struct rule rule_cpu_read_while_device_owned;

static void on_event(struct flow_fn *f, const struct state *st, const struct event *ev)
{
	unsigned dirs;

	if ((ev->kind != EV_ACCESS && ev->kind != EV_LATE_ACCESS) || ev->effect != CPU_READ ||
	    !rule_object_certain(ev))
		return;
	dirs = mapped_directions(ev);
	if (!only(dirs, (1u << DIR_FROM_DEVICE) | (1u << DIR_BIDI)))
		return;
	if (ev->kind == EV_ACCESS && (ev->os->flags & OS_STALE_FOR_CPU)) {
		/* DMA_ATTR_SKIP_CPU_SYNC: the unmap did not hand the device's writes back */
		analysis_report(f, &rule_cpu_read_while_device_owned, st, ev->site,
				ev->os->release_site, "unmapped here with DMA_ATTR_SKIP_CPU_SYNC",
				"the CPU reads a buffer the device wrote (%s) that was unmapped with "
				"DMA_ATTR_SKIP_CPU_SYNC and never synced for the CPU",
				rule_dir_name(__builtin_ctz(dirs)));
		return;
	}
	if (ev->kind == EV_ACCESS && !device_owns(ev))
		return;
	analysis_report(f, &rule_cpu_read_while_device_owned, st,
			ev->kind == EV_LATE_ACCESS ? ev->access_site : ev->site,
			given_to_device_at(ev), "the device was given the buffer here",
			"the CPU reads a buffer the device owns (%s, not yet synced for the CPU "
			"or unmapped%s)", rule_dir_name(__builtin_ctz(dirs)),
			ev->kind == EV_LATE_ACCESS ? "; the sync or unmap comes later" : "");
}

const struct rule rule_cpu_read_while_device_owned = { "cpu-read-while-device-owned", on_event };
