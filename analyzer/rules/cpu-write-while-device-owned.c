// SPDX-License-Identifier: GPL-2.0
/*
 * cpu-write-while-device-owned: the CPU writes a DMA_TO_DEVICE (or
 * bidirectional) buffer while the device owns it: after the map or a sync
 * for the device, before a sync for the CPU or the unmap, and no
 * dma_sync_*_for_device() of the buffer follows on the path before it
 * ends, the buffer is unmapped, synced for the CPU or mapped again.  The
 * device may already be reading it (and on non-coherent systems it reads
 * memory the cache has not written back).  Writing and then syncing for
 * the device is the documented way to change a buffer whose contents the
 * CPU fills (dma-api.rst: DMA_TO_DEVICE synchronisation "after the last
 * modification of the memory region by the software"); the dataflow
 * holds such a write until the path shows whether the sync comes
 * (EV_UNSYNCED_WRITE when it does not).  As for reads, a write to a ring
 * buffer before this function's own sync for the CPU or unmap of it
 * counts (EV_LATE_ACCESS).
 */
#include "ownership_common.h"

extern const struct rule rule_cpu_write_while_device_owned;

static void on_event(struct flow_fn *f, const struct state *st, const struct event *ev)
{
	unsigned dirs;

	if (!((ev->kind == EV_UNSYNCED_WRITE) ||
	      (ev->kind == EV_LATE_ACCESS && ev->effect == CPU_WRITE)) ||
	    !rule_object_certain(ev))
		return;
	dirs = mapped_directions(ev);
	if (!only(dirs, (1u << DIR_TO_DEVICE) | (1u << DIR_BIDI)))
		return;
	if (ev->kind == EV_LATE_ACCESS)
		analysis_report(f, &rule_cpu_write_while_device_owned, st, ev->access_site,
				given_to_device_at(ev), "the device was given the buffer here",
				"the CPU writes a buffer the device owns (%s; %s at line %u takes it "
				"back only later): sync it for the CPU first, or write before mapping",
				rule_dir_name(__builtin_ctz(dirs)), rule_site_what(f, ev->site),
				rule_site_line(f, ev->site));
	else
		analysis_report(f, &rule_cpu_write_while_device_owned, st, ev->access_site,
				given_to_device_at(ev), "the device was given the buffer here",
				"the CPU writes a buffer the device owns (%s), and no "
				"dma_sync_*_for_device() hands the write over before %s at line %u: "
				"sync it for the device after writing, or write before mapping",
				rule_dir_name(__builtin_ctz(dirs)), rule_site_what(f, ev->site),
				rule_site_line(f, ev->site));
}

const struct rule rule_cpu_write_while_device_owned = { "cpu-write-while-device-owned", on_event };
