// SPDX-License-Identifier: GPL-2.0
/*
 * size-mismatch: an unmap with another size than the mapping, or a sync
 * that reaches past its end.  Reported only when the sizes are known to
 * differ: both constants; or, for a handle kept in a struct field whose
 * mappings keep their size in a field beside it (rb->len), an unmap that
 * takes its size from another field of the same entry (rb->skb->len).
 * Syncing part of a mapping is fine.
 */
#include <string.h>

#include "flow/fieldfacts.h"
#include "rules.h"

extern const struct rule rule_size_mismatch;

/* The range syncs' offset plus size, when both are constants. */
static int sync_end(const struct event *ev, long long *end)
{
	long long off = 0;

	if (!ev->has_size)
		return 0;
	if (ev->api && (ev->api->flags & API_RANGE) &&
	    !ast_eval_int(ast_arg(ev->call, ev->api->off), &off))
		return 0;
	*end = off + ev->size_const;
	return 1;
}

static void in_function(struct flow_fn *f, const struct state *st, const struct event *ev)
{
	const struct object *o = ev->o;
	long long end;

	if (!o->has_size || o->kind == OBJ_COHERENT)
		return;
	if (ev->kind == EV_RELEASE && ev->has_size && ev->size_const != o->size_const)
		analysis_report(f, &rule_size_mismatch, st, ev->site, o->api_site, "mapped here",
				"unmapped with size %lld, but %lld bytes were mapped at line %u",
				ev->size_const, o->size_const, rule_site_line(f, o->api_site));
	else if (ev->kind == EV_SYNC && sync_end(ev, &end) && end > o->size_const)
		analysis_report(f, &rule_size_mismatch, st, ev->site, o->api_site, "mapped here",
				"syncs up to byte %lld of a mapping of %lld bytes (line %u)", end,
				o->size_const, rule_site_line(f, o->api_site));
}

/* rb->skb->len for a mapping whose size lives in rb->len: same entry, other field. */
static int other_field_of_entry(const char *size, const char *expected)
{
	const char *cut = strrchr(expected, '.');
	const char *arrow = strstr(expected, "->") ? expected + strlen(expected) : NULL;
	size_t n;

	/* the entry is expected without its last member */
	for (const char *p = expected; (p = strstr(p, "->")); p += 2)
		arrow = p;
	if (!cut || (arrow && arrow > cut))
		cut = arrow;
	if (!cut)
		return 0;
	n = (size_t)(cut - expected);
	return size && strcmp(size, expected) != 0 && strncmp(size, expected, n) == 0 &&
	       (size[n] == '.' || (size[n] == '-' && size[n + 1] == '>'));
}

static void across_functions(struct flow_fn *f, const struct state *st, const struct event *ev)
{
	const struct field_fact *fact = ev->o->fact;
	const char *expected;
	long long end;

	if (!fact || !fact->sizes_known)
		return;
	if (fact->has_size_const) {
		if (ev->kind == EV_RELEASE && ev->has_size && ev->size_const != fact->size_const)
			analysis_report(f, &rule_size_mismatch, st, ev->site, fact->map_site,
					"mapped here", "unmapped with size %lld, but the mappings "
					"kept in %s are %lld bytes (line %u)", ev->size_const,
					flow_path_c(ev->o->home), fact->size_const, rule_site_line(f, fact->map_site));
		else if (ev->kind == EV_SYNC && sync_end(ev, &end) && end > fact->size_const)
			analysis_report(f, &rule_size_mismatch, st, ev->site, fact->map_site,
					"mapped here", "syncs up to byte %lld of a mapping of %lld "
					"bytes (line %u)", end, fact->size_const,
					rule_site_line(f, fact->map_site));
		return;
	}
	expected = field_fact_size_path(fact, ev->o->home);
	if (ev->kind == EV_RELEASE && expected && other_field_of_entry(ev->size_text, expected))
		analysis_report(f, &rule_size_mismatch, st, ev->site, fact->map_site, "mapped here",
				"unmapped with the size in %s, but the mapping's size is kept in %s "
				"(mapped at line %u)", flow_path_c(ev->size_text), flow_path_c(expected),
				rule_site_line(f, fact->map_site));
}

static void on_event(struct flow_fn *f, const struct state *st, const struct event *ev)
{
	if ((ev->kind != EV_RELEASE && ev->kind != EV_SYNC) || !rule_object_certain(ev) ||
	    ev->os->life != LIFE_LIVE)
		return;
	if (ev->o->kind == OBJ_FOREIGN)
		across_functions(f, st, ev);
	else
		in_function(f, st, ev);
}

const struct rule rule_size_mismatch = { "size-mismatch", on_event };
