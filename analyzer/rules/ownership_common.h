/* SPDX-License-Identifier: GPL-2.0 */
/* What the CPU-access rules share: who owns a buffer, and in which direction it moves. */
#ifndef DMC_OWNERSHIP_COMMON_H
#define DMC_OWNERSHIP_COMMON_H

#include "flow/fieldfacts.h"
#include "rules.h"

enum { DIR_BIDI = 0, DIR_TO_DEVICE = 1, DIR_FROM_DEVICE = 2 };

/* Whether the device owns obj's buffer here: mapped (or synced back) and not synced for the CPU. */
static inline int device_owns(const struct event *ev)
{
	return flow_device_owns(ev->o, ev->os);
}

/*
 * The directions the buffer may be mapped with, as bits: the mapping's own,
 * or, for a handle from a struct field, every mapping stored there.  0 when
 * not known for sure.
 */
static inline unsigned mapped_directions(const struct event *ev)
{
	if (ev->o->kind != OBJ_FOREIGN)
		return ev->o->dir >= 0 && ev->o->dir < 3 ? 1u << ev->o->dir : 0;
	if (!ev->o->fact || (ev->o->fact->dirs & (1u << FACT_DIR_UNKNOWN)))
		return 0;
	return ev->o->fact->dirs;
}

/* Only these directions, and at least one of them. */
static inline int only(unsigned dirs, unsigned allowed)
{
	return dirs && !(dirs & ~allowed);
}

/* The map or sync_for_device that gave the device the buffer. */
static inline unsigned given_to_device_at(const struct event *ev)
{
	if (ev->o->kind == OBJ_FOREIGN && ev->o->fact)
		return ev->o->fact->map_site;
	return ev->os->transfer_site ? ev->os->transfer_site : ev->o->api_site;
}

#endif
