/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Rules: one file per rule (rules/<slug>.c), each a handler for the
 * dataflow's events, listed in registry.c.  A rule looks at the event and
 * the state before it and may report; it never changes what the analysis
 * knows.  Adding a rule is adding its file and its line in registry.c.
 */
#ifndef DMC_RULES_H
#define DMC_RULES_H

#include "flow/context.h"
#include "flow/flow.h"

struct rule {
	const char *slug;		/* as in reports/rules.def */
	void (*on_event)(struct flow_fn *f, const struct state *st, const struct event *ev);
};

/* Every rule the analyzer implements. */
extern const struct rule *const analyzer_rules[];
extern const unsigned analyzer_rule_count;

/* The rule of that slug, or NULL. */
const struct rule *rule_by_slug(const char *slug);

/* ---------------------------------------------------- helpers for rules */

/* The site of the event's object's ownership transfer: the map or last sync. */
unsigned rule_transfer_site(const struct event *ev);
/* "dma_map_single()" / "foo_map() (which calls dma_map_single())": how a site reads. */
const char *rule_site_what(struct flow_fn *f, unsigned site);
/* The line of a site, 0 if unknown. */
unsigned rule_site_line(struct flow_fn *f, unsigned site);
const char *rule_dir_name(int dir);
/* Whether the object may be reported on: made or handed over with certainty. */
int rule_object_certain(const struct event *ev);

#endif
