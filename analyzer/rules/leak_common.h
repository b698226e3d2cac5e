/* SPDX-License-Identifier: GPL-2.0 */
/* What mapping-leak and coherent-leak share: when an object is lost at an exit. */
#ifndef DMC_LEAK_COMMON_H
#define DMC_LEAK_COMMON_H

#include "rules.h"

/*
 * Whether object k is lost at this exit: still live, not managed, and
 * reachable by nobody who will release it, nor perhaps released by an
 * unmap or free of a handle read back from memory (OS_MAYBE_RELEASED: a
 * leak checker that cannot follow every way a handle is kept must not guess
 * on those).  Stored in memory reached
 * through a local pointer counts as kept, except when a setup function
 * (probe, open) fails: nobody calls its teardown then.
 */
static inline int leak_lost_at_exit(const struct flow_fn *f, const struct state *st,
				    const struct event *ev, unsigned k)
{
	const struct object *o = &f->objs[k];
	const struct obj_state *os = &st->objs[k];

	if (o->kind == OBJ_FOREIGN || (o->flags & OBJ_MANAGED) || os->life != LIFE_LIVE ||
	    (os->flags & (OS_ESCAPED | OS_UNSURE)) || flow_maybe_released(f, st, (int)k))
		return 0;
	if (os->flags & OS_STORED)
		return f->probe_like && ev->error_return;
	/*
	 * Still in a local array when the function succeeds: copied
	 * out by a loop the analysis did not follow to its end (the ring fill
	 * after pasemi_mac_start_tx()'s map loop), most likely.
	 */
	if (!ev->error_return && flow_held_in_aggregate(st, (int)k, 1))
		return 0;
	return 1;
}

#endif
