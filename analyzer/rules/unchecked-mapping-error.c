// SPDX-License-Identifier: GPL-2.0
/*
 * unchecked-mapping-error: a streaming mapping whose handle is used (stored
 * beside its home, written to a descriptor or register, passed on, synced
 * or unmapped) on a path where dma_mapping_error() has not said it
 * succeeded, or where it said it failed (the failure branch goes on using
 * the address); a mapping kept for later without any check; a
 * dma_map_sg() whose count is thrown away.  A check whose result is
 * ignored, or a comparison of the handle with 0, is no check.
 */
#include "rules.h"

extern const struct rule rule_unchecked_mapping_error;

static int checkable(const struct object *o)
{
	return o && o->kind == OBJ_MAPPING && o->api &&
	       (o->api->family == FAM_SINGLE || o->api->family == FAM_PAGE ||
		o->api->family == FAM_RESOURCE);
}

static int is_sg_count(const struct object *o)
{
	return o && o->kind == OBJ_MAPPING && o->api && o->api->family == FAM_SG;
}

static void report_use(struct flow_fn *f, const struct state *st, const struct event *ev)
{
	const struct object *o = ev->o;
	unsigned map_line = analysis_site_get(f->an, o->site)->loc.line;

	if (is_sg_count(o))
		analysis_report(f, &rule_unchecked_mapping_error, st, o->site, ev->site,
				"the count is used here",
				"%s returns 0 when it fails, and its count is used before it is "
				"checked for 0", rule_site_what(f, o->site));
	else if (ev->os->life == LIFE_FAILED)
		analysis_report(f, &rule_unchecked_mapping_error, st, o->site, ev->site,
				"the address is used here although the mapping failed",
				"the mapping at line %u is checked, but the failure branch still "
				"uses the address", map_line);
	else
		analysis_report(f, &rule_unchecked_mapping_error, st, o->site, ev->site,
				"first use of the handle",
				"%s can fail, and its result is used before dma_mapping_error() "
				"says it succeeded%s", rule_site_what(f, o->site),
				ev->os->check_site ? " (a dma_mapping_error() result is ignored)" : "");
}

/* Checked and then found to be 0: a valid address the driver does not want, not a failure. */
static int unchecked(const struct obj_state *os)
{
	return (os->life == LIFE_LIVE && !(os->flags & OS_CHECKED)) ||
	       (os->life == LIFE_FAILED &&
		(os->flags & (OS_ZERO | OS_CHECKED)) != (OS_ZERO | OS_CHECKED));
}

static void on_event(struct flow_fn *f, const struct state *st, const struct event *ev)
{
	const struct object *o = ev->o;

	switch (ev->kind) {
	case EV_RELEASE:
		/* unmapping a failed mapping is double-unmap's */
		if (checkable(o) && ev->os->life == LIFE_LIVE && !(ev->os->flags & OS_CHECKED))
			report_use(f, st, ev);
		break;
	case EV_USE:
	case EV_SYNC:
		if ((checkable(o) || (ev->kind == EV_USE && is_sg_count(o))) && unchecked(ev->os))
			report_use(f, st, ev);
		break;
	case EV_MAP:
		/* dma_map_sg() says it failed by returning 0: throwing that away is no check */
		if (o && o->api && (o->api->flags & (API_RET_COUNT | API_RET_ERRNO)) &&
		    !ev->through_helper && clang_getCursorKind(ev->call) == CXCursor_CallExpr &&
		    ev->discarded)
			analysis_report(f, &rule_unchecked_mapping_error, st, ev->site, 0, NULL,
					"the value %s returns is ignored, so a failed mapping "
					"goes unnoticed", rule_site_what(f, o->site));
		break;
	case EV_EXIT:
		/* kept for later (stored in a ring) without any check */
		for (unsigned k = 0; k < f->nobjs && k < st->nobjs; k++) {
			const struct obj_state *os = &st->objs[k];

			/* a helper that kept it unchecked is reported in the helper */
			if (!checkable(&f->objs[k]) || f->objs[k].helper || os->life != LIFE_LIVE ||
			    (os->flags & (OS_CHECKED | OS_USED)) ||
			    !(os->flags & (OS_STORED | OS_ESCAPED)) ||
			    ((st->ret.kind == VAL_HANDLE) && st->ret.obj == (int)k))
				continue;
			analysis_report(f, &rule_unchecked_mapping_error, st, f->objs[k].site, 0, NULL,
					"%s can fail, and the handle is kept without a "
					"dma_mapping_error() check", rule_site_what(f, f->objs[k].site));
		}
		break;
	default:
		break;
	}
}

const struct rule rule_unchecked_mapping_error = { "unchecked-mapping-error", on_event };
