// SPDX-License-Identifier: GPL-2.0
/*
 * missing-sync-for-device: a buffer synced for the CPU is handed back to
 * the device (its handle stored in a descriptor, written to a register,
 * passed on) without dma_sync_*_for_device() in between, or the same part
 * of it is synced for the CPU a second time after its handle was passed to
 * a function that gives it to the device.  Related is the sync for the
 * CPU.
 */
#include "rules.h"

extern const struct rule rule_missing_sync_for_device;

static void on_event(struct flow_fn *f, const struct state *st, const struct event *ev)
{
	if (!ev->os || !rule_object_certain(ev) || ev->os->life != LIFE_LIVE ||
	    !(ev->os->flags & OS_CPU) || ev->o->kind == OBJ_COHERENT)
		return;
	/*
	 * A second sync of the same part after the handle was passed on: the
	 * CPU expects new data, so the device had the buffer in between.  A
	 * repeated sync with nothing handed over between is only redundant;
	 * syncing another part (header, then the rest) is fine.
	 */
	if (ev->kind == EV_SYNC && ev->api && ev->api->op == API_SYNC_FOR_CPU &&
	    ev->os->cpu_sync_range && ev->sync_range == ev->os->cpu_sync_range &&
	    (ev->os->flags & OS_HANDED_BACK))
		analysis_report(f, &rule_missing_sync_for_device, st, ev->site,
				ev->os->transfer_site, "first synced for the CPU here",
				"synced for the CPU again (line %u did already), after its handle "
				"was passed on, without a sync for the device in between",
				rule_site_line(f, ev->os->transfer_site));
	else if (ev->kind == EV_USE && (ev->use == USE_STORE || ev->use == USE_DEVICE))
		analysis_report(f, &rule_missing_sync_for_device, st, ev->site,
				ev->os->transfer_site, "synced for the CPU here",
				"the buffer goes back to the device while the CPU owns it (synced "
				"for the CPU at line %u): dma_sync_*_for_device() first",
				rule_site_line(f, ev->os->transfer_site));
}

const struct rule rule_missing_sync_for_device = { "missing-sync-for-device", on_event };
