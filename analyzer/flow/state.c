// SPDX-License-Identifier: GPL-2.0
/*
 * Path states: objects, the environment, branch facts and pending
 * accesses, and how two of them are compared and merged.  Paths stay
 * apart while they know different things about objects (their property);
 * environments of paths that agree on it are merged by keeping what both
 * say (the ESP approach: path-sensitive where the property needs it,
 * polynomial elsewhere).
 */
#include <stdlib.h>
#include <string.h>

#include "flow.h"
#include "util.h"

struct state *state_new(unsigned nobjs)
{
	struct state *st = dmc_xcalloc(1, sizeof(*st));

	state_reserve(st, nobjs);
	st->arm.kind = VAL_UNKNOWN;
	st->ret.kind = VAL_UNKNOWN;
	return st;
}

void state_reserve(struct state *st, unsigned nobjs)
{
	if (nobjs <= st->nobjs)
		return;
	st->objs = dmc_xrealloc(st->objs, nobjs * sizeof(*st->objs));
	memset(st->objs + st->nobjs, 0, (nobjs - st->nobjs) * sizeof(*st->objs));
	st->nobjs = nobjs;
}

static void *dup(const void *p, size_t n, size_t size)
{
	void *out;

	if (!n)
		return NULL;
	out = dmc_xmalloc(n * size);
	memcpy(out, p, n * size);
	return out;
}

struct state *state_copy(const struct state *st)
{
	struct state *c = dmc_xmalloc(sizeof(*c));

	*c = *st;
	c->objs = dup(st->objs, st->nobjs, sizeof(*st->objs));
	c->env = dup(st->env, st->nenv, sizeof(*st->env));
	c->facts = dup(st->facts, st->nfacts, sizeof(*st->facts));
	c->conds = dup(st->conds, st->nconds, sizeof(*st->conds));
	c->pending = dup(st->pending, st->npending, sizeof(*st->pending));
	c->calls = dup(st->calls, st->ncalls, sizeof(*st->calls));
	return c;
}

void state_free(struct state *st)
{
	if (!st)
		return;
	free(st->objs);
	free(st->env);
	free(st->facts);
	free(st->conds);
	free(st->pending);
	free(st->calls);
	free(st);
}

/* ------------------------------------------------------------ environment */

const struct value *env_get(const struct state *st, const char *path)
{
	for (unsigned i = 0; i < st->nenv; i++)
		if (st->env[i].key == path)
			return &st->env[i].v;
	return NULL;
}

void env_set(struct state *st, const char *path, struct value v)
{
	for (unsigned i = 0; i < st->nenv; i++) {
		if (st->env[i].key == path) {
			st->env[i].v = v;
			return;
		}
	}
	st->env = dmc_xrealloc(st->env, (st->nenv + 1) * sizeof(*st->env));
	st->env[st->nenv++] = (struct env_entry){ path, v };
}

static int name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '$' || c == ':';
}

/* s is path, or storage below it ("p" -> "p->f", "p.x", "p[1]"). */
static int below(const char *s, const char *path)
{
	size_t n = strlen(path);

	if (!s || strncmp(s, path, n) != 0)
		return 0;
	return s[n] == '\0' || s[n] == '-' || s[n] == '.' || s[n] == '[';
}

/* The variable appears in s as a variable (not as a field of the same name). */
static int mentions(const char *s, const char *var)
{
	size_t n = strlen(var);

	if (!s)
		return 0;
	for (const char *p = strstr(s, var); p; p = strstr(p + 1, var)) {
		/* not a field (".dma", "->dma") nor a pseudo-field ("->@sg") */
		int starts = p == s || (!name_char(p[-1]) && p[-1] != '.' && p[-1] != '>' &&
					p[-1] != '@');

		if (starts && !name_char(p[n]))
			return 1;
	}
	return 0;
}

/* path appears inside an index of s: "buf->[priv->next]" names priv->next. */
static int indexes_with(const char *s, const char *path)
{
	size_t n = strlen(path);

	if (!s || !strchr(s, '['))
		return 0;
	for (const char *p = strstr(s, path); p; p = strstr(p + 1, path))
		if (p > s && (p[-1] == '[' || p[-1] == ' ' || p[-1] == '(') && !name_char(p[n]) &&
		    p[n] != '-' && p[n] != '.')
			return 1;
	return 0;
}

/*
 * Whether the text of a condition reads storage path or what is below it:
 * "(areq->dst == areq->src)" reads areq->dst, areq->src and areq, not
 * areq->dst->length nor a field `dst` of something else.
 */
static int text_mentions(const char *text, const char *path)
{
	size_t n = strlen(path);

	for (const char *p = strstr(text, path); p; p = strstr(p + 1, path)) {
		int starts = p == text || (!name_char(p[-1]) && p[-1] != '.' && p[-1] != '>' &&
					   p[-1] != '@');

		if (starts && !name_char(p[n]))
			return 1;
	}
	return 0;
}

static int stale(const char *s, const char *path, int is_variable)
{
	return below(s, path) || (is_variable ? mentions(s, path) : indexes_with(s, path));
}

static int value_stale(const struct value *v, const char *path, int is_variable)
{
	return (v->kind == VAL_PATH || v->kind == VAL_ADDR || v->kind == VAL_EXPR) &&
	       stale(v->path, path, is_variable);
}

void state_invalidate(struct state *st, const char *path, int is_variable)
{
	unsigned out = 0;

	for (unsigned i = 0; i < st->nenv; i++)
		if (!stale(st->env[i].key, path, is_variable) &&
		    !value_stale(&st->env[i].v, path, is_variable))
			st->env[out++] = st->env[i];
	st->nenv = out;
	out = 0;
	for (unsigned i = 0; i < st->nfacts; i++)
		if (!stale(st->facts[i].path, path, is_variable))
			st->facts[out++] = st->facts[i];
	st->nfacts = out;
	out = 0;
	for (unsigned i = 0; i < st->nconds; i++)
		if (!text_mentions(st->conds[i].key, path))
			st->conds[out++] = st->conds[i];
	st->nconds = out;
	out = 0;
	for (unsigned i = 0; i < st->npending; i++)
		if (!stale(st->pending[i].mem, path, is_variable))
			st->pending[out++] = st->pending[i];
	st->npending = out;
	for (unsigned i = 0; i < st->nobjs; i++)
		if (stale(st->objs[i].buffer, path, is_variable))
			st->objs[i].buffer = NULL;
	if (value_stale(&st->arm, path, is_variable))
		st->arm.kind = VAL_UNKNOWN;
}

static int starts(const char *s, const char *prefix, size_t n)
{
	return s && strncmp(s, prefix, n) == 0;
}

void state_invalidate_pointee(struct state *st, const char *pointer)
{
	char *prefix = dmc_xasprintf("%s->", pointer);
	size_t n = strlen(prefix);
	unsigned out = 0;

	for (unsigned i = 0; i < st->nenv; i++) {
		const struct value *v = &st->env[i].v;

		if (!starts(st->env[i].key, prefix, n) &&
		    !((v->kind == VAL_PATH || v->kind == VAL_ADDR || v->kind == VAL_EXPR) &&
		      starts(v->path, prefix, n)))
			st->env[out++] = st->env[i];
	}
	st->nenv = out;
	out = 0;
	for (unsigned i = 0; i < st->nfacts; i++)
		if (!starts(st->facts[i].path, prefix, n))
			st->facts[out++] = st->facts[i];
	st->nfacts = out;
	out = 0;
	for (unsigned i = 0; i < st->nconds; i++)
		if (!strstr(st->conds[i].key, prefix))
			st->conds[out++] = st->conds[i];
	st->nconds = out;
	out = 0;
	for (unsigned i = 0; i < st->npending; i++)
		if (!starts(st->pending[i].mem, prefix, n))
			st->pending[out++] = st->pending[i];
	st->npending = out;
	free(prefix);
}

/* Drops the pending writes to object k no sync for the device has handed over. */
static void drop_unsynced(struct state *st, int k)
{
	unsigned out = 0;

	for (unsigned i = 0; i < st->npending; i++)
		if (st->pending[i].kind != PENDING_UNSYNCED || st->pending[i].obj != k)
			st->pending[out++] = st->pending[i];
	st->npending = out;
}

/* Drops the accesses to mem waiting for a hand-back. */
static void drop_pending_of(struct state *st, const char *mem)
{
	unsigned out = 0;

	for (unsigned i = 0; i < st->npending; i++)
		if (!mem || st->pending[i].mem != mem)
			st->pending[out++] = st->pending[i];
	st->npending = out;
}

void state_forget_object(struct state *st, int k)
{
	unsigned out = 0;

	if (k < 0 || (unsigned)k >= st->nobjs)
		return;
	drop_unsynced(st, k);
	memset(&st->objs[k], 0, sizeof(st->objs[k]));
	for (unsigned i = 0; i < st->nenv; i++) {
		const struct value *v = &st->env[i].v;

		if (!((v->kind == VAL_HANDLE || v->kind == VAL_CPU) && v->obj == k))
			st->env[out++] = st->env[i];
	}
	st->nenv = out;
}

void state_release(struct state *st, int k, unsigned site, const char *what)
{
	struct obj_state *os = &st->objs[k];

	if (os->life == LIFE_LIVE || os->life == LIFE_FAILED)
		os->release_site = site;
	os->life = LIFE_RELEASED;
	os->flags &= ~OS_HANDED_BACK;
	drop_unsynced(st, k);	/* judged by the caller (flow_judge_unsynced_writes()) */
	trail_add(st, site, what);
}

void state_sync(struct state *st, int k, int for_cpu, unsigned site, const char *range)
{
	struct obj_state *os = &st->objs[k];

	if (for_cpu) {
		os->flags |= OS_CPU;
		drop_unsynced(st, k);	/* judged by the caller (flow_judge_unsynced_writes()) */
	} else {
		os->flags &= ~OS_CPU;
		/*
		 * The CPU's writes reach the device now; and whoever syncs a
		 * buffer for the device owned it until then, so what this
		 * path did to it before was no access to a device-owned buffer.
		 */
		drop_unsynced(st, k);
		drop_pending_of(st, os->buffer);
	}
	os->transfer_site = site;
	os->flags &= ~OS_HANDED_BACK;
	if (for_cpu)
		os->cpu_sync_range = range;
	trail_add(st, site, for_cpu ? "synced for the CPU here" : "synced for the device here");
}

/* ------------------------------------------------------------------ facts */

int fact_get(const struct state *st, const char *path, int *zero)
{
	for (unsigned i = 0; i < st->nfacts; i++) {
		if (st->facts[i].path == path) {
			*zero = st->facts[i].zero;
			return 1;
		}
	}
	return 0;
}

void fact_set(struct state *st, const char *path, int zero)
{
	for (unsigned i = 0; i < st->nfacts; i++) {
		if (st->facts[i].path == path) {
			st->facts[i].zero = zero;
			return;
		}
	}
	st->facts = dmc_xrealloc(st->facts, (st->nfacts + 1) * sizeof(*st->facts));
	st->facts[st->nfacts++] = (struct fact){ path, zero };
}

/* ------------------------------------------------------------- conditions */

int cond_get(const struct state *st, const char *key, int *truth)
{
	for (unsigned i = 0; i < st->nconds; i++) {
		if (st->conds[i].key == key) {
			*truth = st->conds[i].truth;
			return 1;
		}
	}
	return 0;
}

/*
 * Bounded: a path remembers MAX_CONDS conditions; a new one pushes out the
 * oldest that no object depends on, or is not remembered when all do.
 */
void cond_set(struct state *st, const char *key, int truth)
{
	unsigned i;

	for (i = 0; i < st->nconds; i++) {
		if (st->conds[i].key == key) {
			st->conds[i].truth = truth;
			return;
		}
	}
	if (st->nconds == MAX_CONDS) {
		for (i = 0; i < st->nconds && st->conds[i].pins; i++)
			;
		if (i == st->nconds)
			return;
		memmove(st->conds + i, st->conds + i + 1, (st->nconds - i - 1) * sizeof(*st->conds));
		st->nconds--;
	}
	st->conds = dmc_xrealloc(st->conds, (st->nconds + 1) * sizeof(*st->conds));
	st->conds[st->nconds++] = (struct cond){ key, truth, 0 };
}

void cond_pin(struct state *st, int k)
{
	if (k < 0 || k >= 64)
		return;
	for (unsigned i = 0; i < st->nconds; i++)
		st->conds[i].pins |= 1ull << k;
}

/* Whether a pinned condition of a, with an object made under it still live, differs in b. */
static int pinned_conds_differ(const struct state *a, const struct state *b)
{
	for (unsigned i = 0; i < a->nconds; i++) {
		const struct cond *c = &a->conds[i];
		int truth, live = 0;

		for (unsigned k = 0; k < a->nobjs && k < 64 && !live; k++)
			live = (c->pins & (1ull << k)) && a->objs[k].life == LIFE_LIVE;
		if (live && (!cond_get(b, c->key, &truth) || truth != c->truth))
			return 1;
	}
	return 0;
}

/* ---------------------------------------------------------------- pending */

static int pending_before(const struct pending *p, enum pending_kind kind, unsigned site, int obj)
{
	if (p->site != site)
		return p->site < site;
	return p->kind != kind ? p->kind < kind : p->obj < obj;
}

/* Kept sorted, so that equal sets compare equal. */
void pending_add(struct state *st, enum pending_kind kind, const char *mem, unsigned site, int obj)
{
	unsigned at = 0;

	for (; at < st->npending; at++) {
		const struct pending *p = &st->pending[at];

		if (p->site == site && p->kind == kind && p->mem == mem && p->obj == obj)
			return;
		if (!pending_before(p, kind, site, obj))
			break;
	}
	st->pending = dmc_xrealloc(st->pending, (st->npending + 1) * sizeof(*st->pending));
	memmove(st->pending + at + 1, st->pending + at, (st->npending - at) * sizeof(*st->pending));
	st->pending[at] = (struct pending){ kind, mem, site, obj };
	st->npending++;
}

void trail_add(struct state *st, unsigned site, const char *what)
{
	if (st->ntrail && st->trail[st->ntrail - 1].site == site)
		return;
	if (st->ntrail == TRAIL_MAX) {
		memmove(st->trail + 1, st->trail + 2, (TRAIL_MAX - 2) * sizeof(st->trail[0]));
		st->ntrail--;	/* the first step (where it began) stays */
	}
	st->trail[st->ntrail++] = (struct trail_step){ site, what };
}

void call_value_set(struct state *st, CXCursor call, struct value v)
{
	for (unsigned i = 0; i < st->ncalls; i++) {
		if (clang_equalCursors(st->calls[i].call, call)) {
			st->calls[i].v = v;
			return;
		}
	}
	st->calls = dmc_xrealloc(st->calls, (st->ncalls + 1) * sizeof(*st->calls));
	st->calls[st->ncalls++] = (struct call_value){ call, v };
}

const struct value *call_value_get(const struct state *st, CXCursor call)
{
	for (unsigned i = 0; i < st->ncalls; i++)
		if (clang_equalCursors(st->calls[i].call, call))
			return &st->calls[i].v;
	return NULL;
}

/* ------------------------------------------------------------------ merge */

int state_same_property(const struct state *a, const struct state *b)
{
	unsigned n = a->nobjs > b->nobjs ? a->nobjs : b->nobjs;

	for (unsigned i = 0; i < n; i++) {
		struct obj_state none = { 0 };
		const struct obj_state *x = i < a->nobjs ? &a->objs[i] : &none;
		const struct obj_state *y = i < b->nobjs ? &b->objs[i] : &none;

		if (x->life != y->life || x->flags != y->flags || x->buffer != y->buffer)
			return 0;
	}
	if (pinned_conds_differ(a, b) || pinned_conds_differ(b, a))
		return 0;
	if (a->npending != b->npending)
		return 0;
	for (unsigned i = 0; i < a->npending; i++)
		if (a->pending[i].site != b->pending[i].site || a->pending[i].kind != b->pending[i].kind ||
		    a->pending[i].mem != b->pending[i].mem || a->pending[i].obj != b->pending[i].obj)
			return 0;
	return 1;
}

int state_merge(struct state *a, const struct state *b)
{
	unsigned out = 0, before = a->nenv + a->nfacts + a->nconds;
	int changed;

	for (unsigned i = 0; i < a->nenv; i++) {
		const struct value *other = env_get(b, a->env[i].key);

		if (other && value_equal(other, &a->env[i].v))
			a->env[out++] = a->env[i];
	}
	a->nenv = out;
	out = 0;
	for (unsigned i = 0; i < a->nfacts; i++) {
		int zero;

		if (fact_get(b, a->facts[i].path, &zero) && zero == a->facts[i].zero)
			a->facts[out++] = a->facts[i];
	}
	a->nfacts = out;
	out = 0;
	for (unsigned i = 0; i < a->nconds; i++) {
		int truth;

		if (cond_get(b, a->conds[i].key, &truth) && truth == a->conds[i].truth)
			a->conds[out++] = a->conds[i];
	}
	a->nconds = out;
	/* a store held as a possible use on either path still is one */
	for (unsigned i = 0; i < a->nobjs && i < b->nobjs; i++)
		if (!a->objs[i].stored_use_site && b->objs[i].stored_use_site)
			a->objs[i].stored_use_site = b->objs[i].stored_use_site;
	changed = a->nenv + a->nfacts + a->nconds != before;
	if (!value_equal(&a->arm, &b->arm) && a->arm.kind != VAL_UNKNOWN) {
		a->arm.kind = VAL_UNKNOWN;
		changed = 1;
	}
	return changed;
}
