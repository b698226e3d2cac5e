// SPDX-License-Identifier: GPL-2.0
/*
 * Computing and applying summaries.  At each exit of a helper the analysis
 * notes what is left for the caller: mappings and allocations reachable
 * from the parameters or the return value, parameters' handles unmapped or
 * synced; and whether that exit reports success.  An effect every exit has
 * is unconditional; one that every successful exit has and no failing exit
 * has happens "on success", and at the call site it is tied to the call's
 * result, so that `if (foo_alloc_ring(priv, &priv->rx)) return err;` knows
 * the ring was not allocated on that path.  Anything less consistent is
 * left out: the call then only makes what is passed to it escape.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "context.h"
#include "summary.h"
#include "util.h"

enum outcome { OUT_OK, OUT_FAIL, OUT_UNKNOWN };

struct summaries {
	struct summary *items;
	unsigned n;
};

/* What an exit says about a parameter's handle the function checked. */
struct check_seen {
	int param;
	int failed;		/* the check said it failed on this path */
	int ret;		/* 1: returns non-zero, 0: zero, -1: returns the check itself */
	enum status_polarity polarity;	/* ret == -1 */
};

struct exit_seen {
	enum outcome outcome;
	struct effect *effects;
	unsigned n;
	struct env_entry *consts;	/* the constants left in the parameters' storage */
	unsigned nconsts;
	struct check_seen *checks;
	unsigned nchecks;
	const char **null_paths;	/* parameters' storage known to be zero (NULL) here */
	unsigned nnull;
};

struct collect {
	struct exit_seen *exits;
	unsigned n;
};

struct summaries *summaries_new(void)
{
	return dmc_xcalloc(1, sizeof(struct summaries));
}

void summaries_free(struct summaries *s)
{
	if (!s)
		return;
	for (unsigned i = 0; i < s->n; i++) {
		free(s->items[i].effects);
		free(s->items[i].written);
		free(s->items[i].written_const);
		free(s->items[i].written_known);
	}
	free(s->items);
	free(s);
}

const struct summary *summaries_find(const struct summaries *s, const char *name)
{
	for (unsigned i = 0; i < s->n; i++)
		if (s->items[i].name == name)
			return &s->items[i];
	return NULL;
}

/* ---------------------------------------------------------------- compute */

static int returns_pointer(struct flow_fn *f)
{
	return ast_type_is_pointer(clang_getResultType(clang_getCursorType(f->fn)));
}

static int returns_void(struct flow_fn *f)
{
	return clang_getResultType(clang_getCursorType(f->fn)).kind == CXType_Void;
}

static enum outcome outcome_of(struct flow_fn *f, const struct state *st)
{
	const struct value *r = &st->ret;
	int ptr = returns_pointer(f), zero;

	if (returns_void(f))
		return OUT_OK;
	switch (r->kind) {
	case VAL_CONST:
		return (r->num == 0) == !ptr ? OUT_OK : OUT_FAIL;
	case VAL_HANDLE:
	case VAL_CPU:
		return st->objs[r->obj].life == LIFE_LIVE ? OUT_OK : OUT_FAIL;
	case VAL_ADDR:
		return OUT_OK;
	case VAL_STATUS:
		for (unsigned k = 0; k < f->nobjs && k < st->nobjs; k++) {
			if (f->objs[k].group != (unsigned)r->obj)
				continue;
			if (st->objs[k].life == LIFE_LIVE && (st->objs[k].flags & OS_CHECKED))
				return OUT_OK;
			if (st->objs[k].life == LIFE_FAILED || st->objs[k].life == LIFE_NONE)
				return OUT_FAIL;
		}
		return OUT_UNKNOWN;
	case VAL_PATH:
		if (fact_get(st, r->path, &zero))
			return zero == !ptr ? OUT_OK : OUT_FAIL;
		return OUT_UNKNOWN;
	default:
		return OUT_UNKNOWN;
	}
}

static int param_relative(const char *s)
{
	return flow_path_param_relative(s);
}

/* Where the caller finds obj's value of this kind: a parameter's field, or the result. */
static const char *destination(const struct state *st, int k, enum value_kind kind)
{
	if (st->ret.kind == kind && st->ret.obj == k)
		return "$ret";
	for (unsigned i = 0; i < st->nenv; i++)
		if (st->env[i].v.kind == kind && st->env[i].v.obj == k &&
		    param_relative(st->env[i].key))
			return st->env[i].key;
	return NULL;
}

static void add_effect(struct exit_seen *e, const struct effect *eff)
{
	e->effects = dmc_xrealloc(e->effects, (e->n + 1) * sizeof(*e->effects));
	e->effects[e->n++] = *eff;
}

static void made_effect(struct flow_fn *f, const struct state *st, int k, struct exit_seen *e)
{
	const struct object *o = &f->objs[k];
	struct effect eff = { .kind = EFF_MAKE, .api = o->api, .dir = o->dir,
			      .api_site = o->api_site, .has_size = o->has_size,
			      .size_const = o->size_const, .buffer_origin = o->buffer_origin,
			      .buffer_site = o->buffer_site };

	eff.handle = destination(st, k, VAL_HANDLE);
	eff.cpu = destination(st, k, VAL_CPU);
	if (!eff.handle && !eff.cpu)
		return;		/* nothing the caller can reach */
	if ((eff.handle && strcmp(eff.handle, "$ret") && !param_relative(eff.handle)) ||
	    (eff.cpu && strcmp(eff.cpu, "$ret") && !param_relative(eff.cpu)))
		return;		/* kept where only the helper's locals lead */
	eff.checked = (st->objs[k].flags & OS_CHECKED) != 0;
	eff.buffer = param_relative(st->objs[k].buffer) ? st->objs[k].buffer : NULL;
	eff.size_text = param_relative(o->size_text) || o->has_size ? o->size_text : NULL;
	add_effect(e, &eff);
}

static void foreign_effect(struct flow_fn *f, const struct state *st, int k, struct exit_seen *e)
{
	const struct object *o = &f->objs[k];
	const struct obj_state *os = &st->objs[k];
	const struct op_record *op;
	struct effect eff = { .handle = o->home, .dir = -1 };

	if (!param_relative(o->home) && !(o->home && o->home[0] == '$' && !strpbrk(o->home, "-.[")))
		return;
	if (os->life == LIFE_RELEASED) {
		eff.kind = EFF_RELEASE;
		op = flow_op_at(f, os->release_site);
	} else if (os->life == LIFE_LIVE && os->transfer_site) {
		op = flow_op_at(f, os->transfer_site);
		if (!op)
			return;
		eff.kind = op->api->op == API_SYNC_FOR_CPU ? EFF_SYNC_FOR_CPU : EFF_SYNC_FOR_DEVICE;
	} else {
		return;
	}
	if (!op)
		return;
	eff.api = op->api;
	eff.api_site = op->site;
	if (eff.kind == EFF_RELEASE)
		eff.cpu = op->cpu_path;
	eff.dir = op->dir;
	eff.size_text = op->size_text;
	eff.has_size = op->has_size;
	eff.size_const = op->size_const;
	add_effect(e, &eff);
}

/* A handle passed in and checked: does what it returns say how the check went? */
static void note_check(struct flow_fn *f, const struct state *st, int k, struct exit_seen *e)
{
	const struct object *o = &f->objs[k];
	const struct obj_state *os = &st->objs[k];
	struct check_seen c = { .ret = 2 };
	struct value pv = { .kind = VAL_PATH, .path = o->home };

	if (o->kind != OBJ_FOREIGN || !o->home || (c.param = flow_param_of(&pv)) < 0 ||
	    !os->check_site || (os->life != LIFE_FAILED && !(os->flags & OS_CHECKED)))
		return;
	c.failed = os->life == LIFE_FAILED;
	if (st->ret.kind == VAL_CONST)
		c.ret = st->ret.num != 0;
	else if (st->ret.kind == VAL_STATUS && st->ret.obj == k && status_is_check(st->ret.polarity)) {
		c.ret = -1;
		c.polarity = st->ret.polarity;
	}
	if (c.ret == 2)
		return;
	e->checks = dmc_xrealloc(e->checks, (e->nchecks + 1) * sizeof(*e->checks));
	e->checks[e->nchecks++] = c;
}

static void note_exit(struct flow_fn *f, const struct state *st, CXCursor where, void *ctx)
{
	struct collect *c = ctx;
	struct exit_seen e = { .outcome = outcome_of(f, st) };

	for (unsigned i = 0; i < st->nenv; i++) {
		if (st->env[i].key[0] != '$' || st->env[i].v.kind != VAL_CONST)
			continue;
		e.consts = dmc_xrealloc(e.consts, (e.nconsts + 1) * sizeof(*e.consts));
		e.consts[e.nconsts++] = st->env[i];
	}

	for (unsigned i = 0; i < st->nfacts; i++) {
		if (!st->facts[i].zero || st->facts[i].path[0] != '$')
			continue;
		e.null_paths = dmc_xrealloc(e.null_paths, (e.nnull + 1) * sizeof(char *));
		e.null_paths[e.nnull++] = st->facts[i].path;
		/* tested NULL and left so: NULL on the way out, as if set to NULL */
		if (!env_get(st, st->facts[i].path)) {
			e.consts = dmc_xrealloc(e.consts, (e.nconsts + 1) * sizeof(*e.consts));
			e.consts[e.nconsts++] = (struct env_entry){ st->facts[i].path,
				{ .kind = VAL_CONST, .obj = -1, .num = 0 } };
		}
	}
	for (unsigned k = 0; k < f->nobjs && k < st->nobjs; k++) {
		if (f->objs[k].kind == OBJ_FOREIGN)
			foreign_effect(f, st, (int)k, &e);
		else if (st->objs[k].life == LIFE_LIVE && !(f->objs[k].flags & OBJ_MANAGED))
			made_effect(f, st, (int)k, &e);
		note_check(f, st, (int)k, &e);
	}
	c->exits = dmc_xrealloc(c->exits, (c->n + 1) * sizeof(*c->exits));
	c->exits[c->n++] = e;
}

static int same_effect(const struct effect *a, const struct effect *b)
{
	return a->kind == b->kind && a->api_site == b->api_site && a->handle == b->handle &&
	       a->cpu == b->cpu;
}

/* `if (nic->mem) dma_free_coherent(..., nic->mem, ...)`: where it is NULL there is nothing to free. */
static int exit_has(const struct exit_seen *e, const struct effect *eff)
{
	for (unsigned i = 0; i < e->n; i++)
		if (same_effect(&e->effects[i], eff))
			return 1;
	for (unsigned i = 0; eff->kind == EFF_RELEASE && i < e->nnull; i++)
		if (e->null_paths[i] == eff->handle || (eff->cpu && e->null_paths[i] == eff->cpu))
			return 1;
	return 0;
}

/* Whether the effect is on every exit, or on exactly the successful ones. */
static int effect_when(const struct collect *c, const struct effect *eff, enum effect_when *when)
{
	unsigned ok = 0, ok_with = 0, other_with = 0, all_with = 0;

	for (unsigned i = 0; i < c->n; i++) {
		int has = exit_has(&c->exits[i], eff);

		all_with += has;
		if (c->exits[i].outcome == OUT_OK) {
			ok++;
			ok_with += has;
		} else {
			other_with += has;
		}
	}
	if (all_with == c->n) {
		*when = WHEN_ALWAYS;
		return 1;
	}
	for (unsigned i = 0; i < c->n; i++)
		if (c->exits[i].outcome == OUT_UNKNOWN)
			return 0;
	if (ok && ok_with == ok && other_with == 0) {
		*when = WHEN_SUCCESS;
		return 1;
	}
	return 0;
}

static enum ret_kind ret_kind_of(struct flow_fn *f, const struct collect *c)
{
	for (unsigned i = 0; i < c->n; i++)
		if (c->exits[i].outcome == OUT_FAIL)
			return returns_pointer(f) ? RET_POINTER : RET_ERRNO;
	return RET_NONE;
}

/*
 * An unmap or free of a handle the helper did not make that did not become
 * an effect of its summary (made on some paths only, of a slot its loop
 * walks, of a handle the caller cannot name): its callers learn that it
 * releases something.
 */
static void note_unnamed_releases(struct flow_fn *f, struct summary *sum)
{
	for (unsigned i = 0; i < f->nops; i++) {
		unsigned kind = flow_release_kind(f->ops[i].api);
		int named = 0;

		for (unsigned j = 0; j < sum->neffects && !named; j++)
			named = sum->effects[j].kind == EFF_RELEASE &&
				sum->effects[j].api_site == f->ops[i].site;
		if (kind && !named && f->ops[i].foreign)
			f->releases_unnamed |= kind;
	}
}

/* Whatever the helper does afterwards, it maps what "$i" points to: callers passing the stack are wrong. */
static void note_param_maps(struct flow_fn *f, struct summary *sum)
{
	for (unsigned k = 0; k < f->nobjs; k++) {
		const struct object *o = &f->objs[k];
		struct effect eff = { .kind = EFF_MAPS_PARAM, .api = o->api, .api_site = o->api_site,
				      .dir = o->dir, .buffer = o->buffer };
		int dup = 0;

		if (o->kind != OBJ_MAPPING || !o->buffer || o->buffer[0] != '$' ||
		    !strstr(o->buffer, "->*") || strcmp(strstr(o->buffer, "->*"), "->*") ||
		    strpbrk(o->buffer + 1, "-.[") != strstr(o->buffer, "->*"))
			continue;
		for (unsigned i = 0; i < sum->neffects && !dup; i++)
			dup = sum->effects[i].kind == EFF_MAPS_PARAM &&
			      sum->effects[i].api_site == eff.api_site;
		if (dup)
			continue;
		sum->effects = dmc_xrealloc(sum->effects, (sum->neffects + 1) * sizeof(*sum->effects));
		sum->effects[sum->neffects++] = eff;
	}
}

/* How an exit's result tells a parameter's check: non-zero for failure, or for success. */
static int exit_check_polarity(const struct exit_seen *e, int param, enum status_polarity *pol)
{
	for (unsigned i = 0; i < e->nchecks; i++) {
		const struct check_seen *c = &e->checks[i];

		if (c->param != param)
			continue;
		if (c->ret == -1)
			*pol = c->polarity;
		else
			*pol = c->ret == c->failed ? STATUS_NONZERO_FAILED : STATUS_ZERO_FAILED;
		return 1;
	}
	return 0;
}

/* Every exit agrees on how its result reports the parameter's check: a check helper. */
static void note_param_checks(const struct collect *c, struct summary *sum)
{
	for (int param = 0; param < 32 && c->n; param++) {
		enum status_polarity first, pol;
		int all = exit_check_polarity(&c->exits[0], param, &first);
		struct effect eff = { .kind = EFF_CHECKS_PARAM };

		for (unsigned i = 1; all && i < c->n; i++)
			all = exit_check_polarity(&c->exits[i], param, &pol) && pol == first;
		if (!all)
			continue;
		eff.handle = flow_intern("$%d", param);
		eff.dir = (int)first;
		sum->effects = dmc_xrealloc(sum->effects, (sum->neffects + 1) * sizeof(*sum->effects));
		sum->effects[sum->neffects++] = eff;
	}
}

/* memcpy(dst, buf, len) before the helper syncs anything: the caller must own buf. */
static void note_param_touches(struct flow_fn *f, struct summary *sum)
{
	for (unsigned i = 0; i < f->nparam_accesses; i++) {
		const struct param_access *a = &f->param_accesses[i];
		struct effect eff = { .kind = EFF_TOUCHES_PARAM, .dir = -1, .api_site = a->site,
				      .effect = a->effect, .handle = flow_intern("$%d", a->param) };

		sum->effects = dmc_xrealloc(sum->effects, (sum->neffects + 1) * sizeof(*sum->effects));
		sum->effects[sum->neffects++] = eff;
	}
}

static int exit_const(const struct exit_seen *e, const char *path, long long *v)
{
	for (unsigned i = 0; i < e->nconsts; i++) {
		if (e->consts[i].key == path) {
			*v = e->consts[i].v.num;
			return 1;
		}
	}
	return 0;
}

/* dev->descs = NULL on every way out: the caller knows it is NULL afterwards. */
static void note_constants(struct flow_fn *f, const struct collect *c, struct summary *sum)
{
	sum->written_const = dmc_xcalloc(f->nwritten + 1, sizeof(long long));
	sum->written_known = dmc_xcalloc(f->nwritten + 1, 1);
	for (unsigned w = 0; w < f->nwritten && c->n; w++) {
		long long first = 0, v;
		int all = exit_const(&c->exits[0], f->written[w], &first);

		for (unsigned i = 1; all && i < c->n; i++)
			all = exit_const(&c->exits[i], f->written[w], &v) && v == first;
		sum->written_known[w] = (unsigned char)all;
		sum->written_const[w] = first;
	}
}

void summary_compute(struct flow_fn *f, struct summaries *s)
{
	struct collect c = { NULL, 0 };
	struct summary sum = { .name = f->name };

	f->on_exit = note_exit;
	f->exit_ctx = &c;
	flow_run(f);
	f->on_exit = NULL;
	sum.ret = ret_kind_of(f, &c);
	for (unsigned i = 0; i < c.n; i++) {
		for (unsigned j = 0; j < c.exits[i].n; j++) {
			struct effect eff = c.exits[i].effects[j];
			int dup = 0;

			for (unsigned d = 0; d < sum.neffects && !dup; d++)
				dup = same_effect(&sum.effects[d], &eff);
			if (dup || !effect_when(&c, &eff, &eff.when))
				continue;
			for (unsigned x = 0; x < c.n; x++)
				for (unsigned y = 0; y < c.exits[x].n; y++)
					if (same_effect(&c.exits[x].effects[y], &eff))
						eff.checked &= c.exits[x].effects[y].checked;
			if (eff.when == WHEN_SUCCESS && sum.ret == RET_NONE)
				continue;
			sum.effects = dmc_xrealloc(sum.effects, (sum.neffects + 1) * sizeof(*sum.effects));
			sum.effects[sum.neffects++] = eff;
		}
	}
	note_unnamed_releases(f, &sum);
	note_param_maps(f, &sum);
	note_param_checks(&c, &sum);
	note_param_touches(f, &sum);
	note_constants(f, &c, &sum);
	for (unsigned i = 0; i < c.n; i++) {
		free(c.exits[i].effects);
		free(c.exits[i].consts);
		free(c.exits[i].checks);
		free(c.exits[i].null_paths);
	}
	free(c.exits);
	/* Parameters' handles it keeps or uses matter to callers even without effects. */
	if (!sum.neffects && !f->param_escapes && !f->param_uses && !f->nwritten &&
	    !f->releases_unnamed) {
		free(sum.written_const);
		free(sum.written_known);
		return;
	}
	sum.escapes = f->param_escapes;
	sum.uses = f->param_uses;
	sum.releases_unnamed = f->releases_unnamed;
	if (f->nwritten) {
		sum.written = dmc_xcalloc(f->nwritten, sizeof(char *));
		memcpy(sum.written, f->written, f->nwritten * sizeof(char *));
		sum.nwritten = f->nwritten;
	} else {
		free(sum.written_const);
		free(sum.written_known);
		sum.written_const = NULL;
		sum.written_known = NULL;
	}
	s->items = dmc_xrealloc(s->items, (s->n + 1) * sizeof(*s->items));
	s->items[s->n++] = sum;
}

/* ------------------------------------------------------------------ apply */

/*
 * $k inside indices: "$0->buf->[$1]" with $1 = entry is "...[entry]", and
 * "[$0->next]" with $0 = ring is "[ring->next]" written as the caller's
 * paths write it (through what ring holds).
 */
static const char *substitute_indices(struct flow_fn *f, struct state *st, CXCursor call,
				      const char *rest)
{
	char *out = dmc_xstrdup("");
	const char *interned;

	while (*rest) {
		const char *dollar = strchr(rest, '$'), *name;
		char *end, *more;
		long k;
		struct value v = { .kind = VAL_UNKNOWN };

		if (!dollar) {
			more = dmc_xasprintf("%s%s", out, rest);
			free(out);
			out = more;
			break;
		}
		k = strtol(dollar + 1, &end, 10);
		if (k < 0 || k >= ast_num_args(call)) {
			name = "?";
		} else if (strncmp(end, "->", 2) == 0) {
			v = flow_eval(f, st, ast_arg(call, (int)k));
			name = v.kind == VAL_PATH || v.kind == VAL_ADDR ? v.path : "?";
			if (v.kind == VAL_ADDR) {
				end += 2;	/* &x then ->f is x.f */
				name = flow_intern("%s.", name);
			}
		} else {
			name = flow_index_text(f, st, ast_arg(call, (int)k));
		}
		more = dmc_xasprintf("%s%.*s%s", out, (int)(dollar - rest), rest, name);
		free(out);
		out = more;
		rest = end;
	}
	interned = ast_intern(out);
	free(out);
	return interned;
}

/*
 * "$1->desc" with $1 = &priv->tx is "priv->tx.desc"; with $1 = ring, it is
 * "ring->desc".  NULL when the argument is nothing we can name.
 */
static const char *instantiate(struct flow_fn *f, struct state *st, CXCursor call, const char *rel)
{
	char *end;
	long i;
	struct value v;
	const char *rest;

	if (!rel || rel[0] != '$' || strcmp(rel, "$ret") == 0)
		return NULL;
	i = strtol(rel + 1, &end, 10);
	if (i < 0 || i >= ast_num_args(call))
		return NULL;
	rest = substitute_indices(f, st, call, end);
	v = flow_eval(f, st, ast_arg(call, (int)i));
	if (v.kind == VAL_PATH)
		return flow_intern("%s%s", v.path, rest);
	if (v.kind != VAL_ADDR)
		return NULL;
	if (*rest == '\0')
		return NULL;	/* the address itself is no storage */
	if (strcmp(rest, "->*") == 0)
		return v.path;
	if (strncmp(rest, "->[", 3) == 0)
		return flow_intern("%s%s", v.path, rest + 2);
	if (strncmp(rest, "->", 2) == 0)
		return flow_intern("%s.%s", v.path, rest + 2);
	return NULL;
}

/* The value an effect's handle has at the call: the argument itself, or its field. */
static struct value handle_at_call(struct flow_fn *f, struct state *st, CXCursor call,
				   const char *rel, const char **path)
{
	char *end;
	long i = rel[0] == '$' ? strtol(rel + 1, &end, 10) : -1;
	const struct value *held;

	*path = NULL;
	if (i >= 0 && *end == '\0' && i < ast_num_args(call))
		return flow_eval(f, st, ast_arg(call, (int)i));
	*path = instantiate(f, st, call, rel);
	if (!*path)
		return (struct value){ .kind = VAL_UNKNOWN, .obj = -1 };
	held = env_get(st, *path);
	return held ? *held : (struct value){ .kind = VAL_PATH, .obj = -1, .path = *path };
}

static const char *instantiate_text(struct flow_fn *f, struct state *st, CXCursor call,
				    const char *text, int has_const)
{
	if (has_const || !text)
		return text;
	return param_relative(text) ? instantiate(f, st, call, text) : NULL;
}

static int apply_make(struct flow_fn *f, struct state *st, CXCursor call, const struct summary *sum,
		      unsigned idx, unsigned call_site)
{
	const struct effect *eff = &sum->effects[idx];
	struct object rec = { .kind = eff->api && eff->api->op == API_MAP ? OBJ_MAPPING : OBJ_COHERENT,
			      .api = eff->api, .site = call_site, .api_site = eff->api_site,
			      .group = call_site, .dir = eff->dir, .has_size = eff->has_size,
			      .size_const = eff->size_const, .helper = sum->name,
			      .buffer_origin = eff->buffer_origin, .buffer_site = eff->buffer_site };
	struct obj_state *os;
	int k = -1;
	struct value handle = { .kind = VAL_HANDLE }, cpu = { .kind = VAL_CPU };
	const char *dest;

	rec.size_text = instantiate_text(f, st, call, eff->size_text, eff->has_size);
	rec.buffer = eff->buffer ? instantiate(f, st, call, eff->buffer) : NULL;
	for (unsigned i = 0; i < f->nobjs; i++)
		if (f->objs[i].site == call_site && f->objs[i].api_site == eff->api_site &&
		    f->objs[i].helper == sum->name)
			k = (int)i;
	if (k < 0)
		k = flow_add_object(f, &rec);
	state_reserve(st, f->nobjs);
	/* made again: the last one's writes were never synced, its storage is not this one's */
	flow_judge_unsynced_writes(f, st, k, call, call_site);
	state_forget_object(st, k);
	os = &st->objs[k];
	os->life = LIFE_LIVE;
	os->flags = OS_FRESH | (eff->checked ? OS_CHECKED : 0);
	os->transfer_site = call_site;
	os->buffer = rec.buffer;
	handle.obj = cpu.obj = k;
	if (eff->handle && strcmp(eff->handle, "$ret") == 0)
		call_value_set(st, call, handle);
	else if (eff->cpu && strcmp(eff->cpu, "$ret") == 0)
		call_value_set(st, call, cpu);
	else if (eff->when == WHEN_SUCCESS)
		call_value_set(st, call, (struct value){ .kind = VAL_STATUS, .obj = (int)call_site,
							 .polarity = sum->ret == RET_ERRNO ?
							 STATUS_ZERO_OK : STATUS_NONZERO_OK });
	/* Stored into the caller's memory by the helper: that is its home, not a use. */
	for (int pass = 0; pass < 2; pass++) {
		const char *rel = pass ? eff->cpu : eff->handle;

		if (!rel || strcmp(rel, "$ret") == 0)
			continue;
		if (!(dest = instantiate(f, st, call, rel))) {
			os->flags |= OS_ESCAPED;	/* into memory this function cannot name */
			os->flags &= ~OS_FRESH;
			continue;
		}
		state_invalidate(st, dest, flow_path_is_variable(dest));
		env_set(st, dest, pass ? cpu : handle);
		if (!flow_path_is_local(dest))
			os->flags |= dest[0] == ':' ? OS_ESCAPED : OS_STORED;
		os->flags &= ~OS_FRESH;
	}
	trail_add(st, call_site, eff->api && eff->api->op == API_MAP ? "mapped here" :
							      "allocated here");
	return k;
}

/* The helper maps what this argument points to: the stack, a global? */
static void apply_param_map(struct flow_fn *f, struct state *st, CXCursor call,
			    const struct summary *sum, const struct effect *eff, unsigned call_site)
{
	struct object rec = { .kind = OBJ_MAPPING, .api = eff->api, .site = call_site,
			      .api_site = eff->api_site, .group = call_site, .dir = eff->dir,
			      .helper = sum->name };
	struct value v = flow_eval(f, st, ast_arg(call, atoi(eff->buffer + 1)));
	struct event ev;
	int k = -1;

	if (v.kind != VAL_ADDR || v.origin == ORIGIN_NONE)
		return;
	for (unsigned i = 0; i < f->nobjs; i++)
		if (f->objs[i].site == call_site && f->objs[i].api_site == eff->api_site &&
		    f->objs[i].kind == OBJ_MAPPING && f->objs[i].helper == sum->name)
			k = (int)i;
	rec.buffer_origin = v.origin;
	rec.buffer_site = v.site;
	if (k < 0)
		k = flow_add_object(f, &rec);
	state_reserve(st, f->nobjs);
	ev = flow_event(EV_MAP, k, call, call_site);
	ev.call = call;
	ev.api = eff->api;
	ev.through_helper = 1;
	flow_emit(f, st, &ev);	/* the object itself is not followed: the helper released it */
}

/*
 * The helper releases a handle found through its parameters that names none
 * of this function's objects (the caller's index reads differently): any of
 * them that went into memory may be the one.
 */
static void blur_unresolved(struct flow_fn *f, struct state *st, const struct effect *eff, int k,
			    CXCursor call)
{
	unsigned kind = eff->api ? flow_release_kind(eff->api) : RELEASES_UNMAP | RELEASES_FREE;

	flow_blur_released(f, st, kind, k, call);
	if (f->summary_mode)
		f->releases_unnamed |= kind;
}

/* Unmaps and syncs of a parameter's handle happen to the caller's object. */
static void apply_handover(struct flow_fn *f, struct state *st, CXCursor call,
			   const struct effect *eff, unsigned call_site, struct event *ev)
{
	const char *path;
	struct value v = handle_at_call(f, st, call, eff->handle, &path);
	struct obj_state *os;
	int k;

	if (v.kind == VAL_HANDLE || v.kind == VAL_CPU) {
		k = v.obj;
	} else if (path && v.kind == VAL_PATH) {
		struct object rec = { .kind = OBJ_FOREIGN, .site = call_site, .api_site = eff->api_site,
				      .group = call_site, .dir = -1, .home = path };

		k = -1;
		for (unsigned i = 0; i < f->nobjs; i++)
			if (f->objs[i].site == call_site && f->objs[i].kind == OBJ_FOREIGN &&
			    f->objs[i].api_site == eff->api_site)
				k = (int)i;
		if (k < 0)
			k = flow_add_object(f, &rec);
		state_reserve(st, f->nobjs);
		os = &st->objs[k];
		memset(os, 0, sizeof(*os));
		os->life = LIFE_LIVE;
		os->flags = OS_ESCAPED;
		env_set(st, path, (struct value){ .kind = VAL_HANDLE, .obj = k });
		if (eff->kind == EFF_RELEASE)
			blur_unresolved(f, st, eff, k, call);
	} else {
		if (eff->kind == EFF_RELEASE)
			blur_unresolved(f, st, eff, -1, call);
		return;
	}
	ev->obj = k;
	ev->api = eff->api;
	ev->dir = eff->dir;
	ev->size_text = instantiate_text(f, st, call, eff->size_text, eff->has_size);
	ev->has_size = eff->has_size;
	ev->size_const = eff->size_const;
}

/* What the helper changes in the caller's memory is no longer known there. */
static void forget_written(struct flow_fn *f, struct state *st, CXCursor call,
			   const struct summary *sum)
{
	for (unsigned i = 0; i < sum->nwritten; i++) {
		const char *w = sum->written[i], *p;
		size_t n = strlen(w);

		if (n > 3 && strcmp(w + n - 3, "->*") == 0) {
			char *base = dmc_xasprintf("%.*s", (int)n - 3, w);

			p = instantiate(f, st, call, base);
			if (!p && base[0] == '$' && !strpbrk(base, "-.[")) {
				struct value v = flow_eval(f, st, ast_arg(call, atoi(base + 1)));

				p = v.kind == VAL_PATH ? v.path : NULL;
				/* foo(&read_idx) changes read_idx itself */
				if (v.kind == VAL_ADDR && v.path && v.path[0] != '@') {
					state_invalidate(st, v.path, flow_path_is_variable(v.path));
					flow_note_written(f, v.path);
				}
			}
			if (p) {
				state_invalidate_pointee(st, p);
				flow_note_written(f, flow_intern("%s->*", p));
			}
			free(base);
		} else if ((p = instantiate(f, st, call, w))) {
			state_invalidate(st, p, flow_path_is_variable(p));
			flow_note_written(f, p);
			if (sum->written_known && sum->written_known[i]) {
				env_set(st, p, (struct value){ .kind = VAL_CONST, .obj = -1,
							      .num = sum->written_const[i] });
				fact_set(st, p, sum->written_const[i] == 0);
			}
		}
	}
}

/* The helper reads what an argument points to: at the line in the helper, with the caller's state. */
static void apply_touch(struct flow_fn *f, struct state *st, CXCursor call,
			const struct effect *eff, unsigned call_site)
{
	const char *mem = flow_mem_arg(f, st, ast_arg(call, atoi(eff->handle + 1)), MEM_PTR);

	if (!mem)
		return;
	for (unsigned k = 0; k < st->nobjs; k++) {
		if (st->objs[k].buffer == mem && st->objs[k].life == LIFE_LIVE) {
			trail_add(st, call_site, "passed to the helper here");
			break;
		}
	}
	flow_cpu_touch(f, st, mem, NULL, eff->effect, call, eff->api_site, call_site);
}

/*
 * Whether the caller knows that a release effect frees nothing at this
 * call: its handle or CPU address is NULL here (a clear-context helper that
 * frees only what is set, called again after it set each pointer to NULL).
 * A release the helper makes on every way out counts paths where the
 * pointer was NULL as releasing (see exit_has()); this is their other half.
 */
static int released_nothing(struct flow_fn *f, struct state *st, CXCursor call,
			    const struct effect *eff)
{
	const char *paths[2] = { eff->handle, eff->cpu };

	if (eff->kind != EFF_RELEASE)
		return 0;
	for (int i = 0; i < 2; i++) {
		const char *p = paths[i] ? instantiate(f, st, call, paths[i]) : NULL;
		const struct value *v = p ? env_get(st, p) : NULL;
		int zero;

		if ((v && v->kind == VAL_CONST && v->num == 0) ||
		    (p && fact_get(st, p, &zero) && zero))
			return 1;
	}
	return 0;
}

int summary_apply(struct flow_fn *f, struct state *st, CXCursor call, const struct summary *sum,
		  unsigned call_site)
{
	unsigned consumed = 0;

	/*
	 * An unwind or teardown helper that unmaps or frees what it finds in a
	 * ring or a list may release any of this function's objects that went
	 * into memory or are passed to it.
	 */
	if (sum->releases_unnamed) {
		flow_blur_released(f, st, sum->releases_unnamed, -1, call);
		if (f->summary_mode)
			f->releases_unnamed |= sum->releases_unnamed;
	}
	/* Its accesses come before anything it hands over. */
	for (unsigned i = 0; i < sum->neffects; i++)
		if (sum->effects[i].kind == EFF_TOUCHES_PARAM &&
		    atoi(sum->effects[i].handle + 1) < ast_num_args(call))
			apply_touch(f, st, call, &sum->effects[i], call_site);
	/* What it hands back first (with what the caller knew), then what it changes, then what it makes. */
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1)
			forget_written(f, st, call, sum);
		for (unsigned i = 0; i < sum->neffects; i++) {
			const struct effect *eff = &sum->effects[i];
			struct event ev;
			char *end;
			long p;

			if (eff->kind == EFF_TOUCHES_PARAM ||
			    (eff->kind == EFF_MAKE || eff->kind == EFF_MAPS_PARAM ||
			     eff->kind == EFF_CHECKS_PARAM) != (pass == 1))
				continue;
			if (eff->kind == EFF_MAPS_PARAM) {
				apply_param_map(f, st, call, sum, eff, call_site);
				continue;
			}
			if (eff->kind == EFF_CHECKS_PARAM) {
				struct value v = flow_eval(f, st, ast_arg(call, atoi(eff->handle + 1)));

				if (v.kind == VAL_HANDLE && v.obj >= 0) {
					st->objs[v.obj].check_site = call_site;
					call_value_set(st, call, (struct value){ .kind = VAL_STATUS,
						.obj = v.obj, .polarity = (enum status_polarity)eff->dir });
				}
				continue;
			}
			ev = flow_event(EV_MAP, -1, call, call_site);
			ev.call = call;
			ev.through_helper = 1;
			if (eff->kind == EFF_MAKE) {
				ev.kind = EV_MAP;
				ev.obj = apply_make(f, st, call, sum, i, call_site);
				ev.api = eff->api;
				flow_emit(f, st, &ev);
				continue;
			}
			if (eff->when != WHEN_ALWAYS || released_nothing(f, st, call, eff))
				continue;
			ev.obj = -1;
			apply_handover(f, st, call, eff, call_site, &ev);
			if (ev.obj < 0)
				continue;
			p = eff->handle[0] == '$' ? strtol(eff->handle + 1, &end, 10) : -1;
			if (p >= 0 && p < 32 && *end == '\0')
				consumed |= 1u << p;
			ev.kind = eff->kind == EFF_RELEASE ? EV_RELEASE : EV_SYNC;
			if (eff->kind != EFF_SYNC_FOR_DEVICE)
				flow_judge_unsynced_writes(f, st, ev.obj, call, call_site);
			flow_emit(f, st, &ev);
			if (eff->kind == EFF_RELEASE)
				state_release(st, ev.obj, call_site, "unmapped here");
			else
				state_sync(st, ev.obj, eff->kind == EFF_SYNC_FOR_CPU, call_site, NULL);
		}
	}
	/* Handles passed to it that no effect accounts for: kept or used as it says. */
	for (int i = 0; i < ast_num_args(call) && i < 32; i++) {
		struct value v = flow_eval(f, st, ast_arg(call, i));
		struct obj_state *os;

		if (v.kind == VAL_STATUS && (sum->uses & (1u << i)))
			flow_count_used(f, st, &v, call, call_site, USE_CALL);
		/* this function's own parameter, kept or used by the helper it passes it to */
		if (flow_param_of(&v) >= 0 && flow_param_of(&v) < 32) {
			if (sum->escapes & (1u << i))
				f->param_escapes |= 1u << flow_param_of(&v);
			if (sum->uses & (1u << i))
				f->param_uses |= 1u << flow_param_of(&v);
		}
		/* helper(&local_struct) that copies what it points to into a ring */
		if (v.kind == VAL_ADDR && v.path && (sum->escapes & (1u << i)))
			flow_escape_held_under(st, v.path);
		/* put(buf, &tmp) where tmp holds this helper's dma parameter: copied somewhere */
		if (v.kind == VAL_ADDR && v.path)
			flow_note_param_held_under(f, st, v.path);
		if ((v.kind != VAL_HANDLE && v.kind != VAL_CPU) || (consumed & (1u << i)))
			continue;
		os = &st->objs[v.obj];
		if ((sum->uses | sum->escapes) & (1u << i) && (os->flags & OS_CPU))
			os->flags |= OS_HANDED_BACK;
		if (sum->uses & (1u << i)) {
			struct event use = flow_event(EV_USE, v.obj, call, call_site);

			use.use = USE_CALL;
			flow_emit(f, st, &use);
			if (!(os->flags & OS_USED))
				os->use_site = call_site;
			os->flags |= OS_USED;
		}
		if (sum->escapes & (1u << i))
			os->flags |= OS_ESCAPED;
	}
	return 1;
}

void summaries_print(FILE *out, const struct summaries *s)
{
	static const char *const kinds[] = { "makes", "releases", "syncs for the CPU",
					     "syncs for the device", "maps what a parameter points to",
					     "checks a parameter's mapping" };

	for (unsigned i = 0; i < s->n; i++) {
		const struct summary *sum = &s->items[i];

		fprintf(out, "summary %s: returns %s, keeps parameters %#x, uses %#x\n", sum->name,
			sum->ret == RET_ERRNO ? "0 or an error" : sum->ret == RET_POINTER ?
			"a pointer or NULL" : "nothing to check", sum->escapes, sum->uses);
		for (unsigned j = 0; j < sum->neffects; j++) {
			const struct effect *e = &sum->effects[j];

			if (e->kind == EFF_TOUCHES_PARAM) {
				fprintf(out, "  %s what %s points to first\n", e->effect == CPU_READ ?
					"reads" : e->effect == CPU_WRITE ? "writes" : "frees", e->handle);
				continue;
			}

			fprintf(out, "  %s %s%s: handle %s, CPU address %s, buffer %s, size %s, "
				"direction %d%s\n", kinds[e->kind], e->api ? e->api->name : "?",
				e->when == WHEN_SUCCESS ? " on success" : "", e->handle ?: "-",
				e->cpu ?: "-", e->buffer ?: "-", e->size_text ?: "-", e->dir,
				e->checked ? ", checked" : "");
		}
		for (unsigned j = 0; j < sum->nwritten; j++)
			fprintf(out, "  changes %s\n", sum->written[j]);
		if (sum->releases_unnamed)
			fprintf(out, "  %s handles it reads back\n",
				sum->releases_unnamed == RELEASES_UNMAP ? "unmaps" :
				sum->releases_unnamed == RELEASES_FREE ? "frees" : "unmaps and frees");
	}
}
