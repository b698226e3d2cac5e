// SPDX-License-Identifier: GPL-2.0
/*
 * The dataflow engine: runs path states through a function's CFG, applies
 * each element's effect on ownership (transfer functions), refines states
 * at branches, and hands the rules their events.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "context.h"
#include "fieldfacts.h"
#include "flow.h"
#include "rules/rules.h"
#include "summary.h"
#include "util.h"

/* Paths kept apart at one block before the rest are dropped (and said so). */
#define MAX_STATES_PER_BLOCK 48
/* Blocks processed per function before giving up on it (and saying so). */
#define STEP_BUDGET 60000UL
#define MAX_PENDING 24

struct work {
	unsigned block;
	struct state *st;
};

struct block_states {
	struct state **items;
	unsigned n;
};

struct run {
	struct flow_fn *f;
	struct work *stack;
	size_t nstack;
	size_t capstack;
	struct block_states *at;	/* per block */
};

static const struct value no_value = { .kind = VAL_UNKNOWN, .obj = -1 };


static int hold_stored_use(struct state *st, int k, enum use_kind use, unsigned site);

/* ----------------------------------------------------------------- objects */

int flow_add_object(struct flow_fn *f, const struct object *o)
{
	if (f->nobjs == f->capobjs) {
		f->capobjs = f->capobjs ? f->capobjs * 2 : 16;
		f->objs = dmc_xrealloc(f->objs, f->capobjs * sizeof(*f->objs));
	}
	f->objs[f->nobjs] = *o;
	return (int)f->nobjs++;
}

/* The object a call site made before (paths reach a site more than once). */
static int object_at(struct flow_fn *f, unsigned site, const void *tag)
{
	for (unsigned i = 0; i < f->nobjs; i++)
		if (f->objs[i].site == site && f->objs[i].api == tag)
			return (int)i;
	return -1;
}

static struct obj_state *os_of(struct state *st, int k)
{
	return &st->objs[k];
}

/* ------------------------------------------------------------------ events */

void flow_emit(struct flow_fn *f, const struct state *st, struct event *ev)
{
	if (!f->rules_on)
		return;
	ev->o = ev->obj >= 0 ? &f->objs[ev->obj] : NULL;
	ev->os = ev->obj >= 0 ? &st->objs[ev->obj] : NULL;
	for (unsigned i = 0; i < f->an->nrules; i++)
		f->an->rules[i]->on_event(f, st, ev);
}

struct event flow_event(enum event_kind kind, int obj, CXCursor where, unsigned site)
{
	struct event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = kind;
	ev.obj = obj;
	ev.where = where;
	ev.site = site;
	ev.dir = -1;
	ev.value = no_value;
	ev.call = clang_getNullCursor();
	ev.value_expr = clang_getNullCursor();
	return ev;
}

static unsigned site_of(struct flow_fn *f, CXCursor c, const char *what)
{
	return analysis_site(f->an, c, what, f->name);
}

static const char *call_what(CXTranslationUnit tu, CXCursor call)
{
	char *name = ast_written_callee(tu, call);
	const char *what = name ? flow_intern("%s()", name) : "the call";

	free(name);
	return what;
}

/* ------------------------------------------------------------------ stores */

static int is_param_root(struct flow_fn *f, const char *path)
{
	int n = clang_Cursor_getNumArguments(f->fn);

	if (path[0] == '$')
		return 1;
	for (int i = 0; i < n; i++) {
		const char *name = flow_decl_name(f, clang_Cursor_getArgument(f->fn, (unsigned)i));
		size_t len = strlen(name);

		if (strncmp(path, name, len) == 0 && (path[len] == '-' || path[len] == '.' ||
						     path[len] == '['))
			return 1;
	}
	return 0;
}

/* Where the handle of obj now also lives: the caller's reach, or a local's memory. */
static void note_escape(struct flow_fn *f, struct state *st, int k, const char *path)
{
	struct obj_state *os = os_of(st, k);

	if (!path || path[0] == ':' || is_param_root(f, path))
		os->flags |= OS_ESCAPED;
	else if (!flow_path_is_local(path))
		os->flags |= OS_STORED;
}

static int tracks_object(const struct value *v)
{
	return (v->kind == VAL_HANDLE || v->kind == VAL_CPU) && v->obj >= 0;
}

void flow_escape_held_under(struct state *st, const char *path)
{
	size_t len = strlen(path);

	for (unsigned j = 0; j < st->nenv; j++) {
		const struct value *held = &st->env[j].v;

		if (tracks_object(held) && strncmp(st->env[j].key, path, len) == 0)
			st->objs[held->obj].flags |= OS_ESCAPED;
	}
}

unsigned flow_release_kind(const struct api_fn *api)
{
	return api->op == API_UNMAP ? RELEASES_UNMAP : api->op == API_FREE ? RELEASES_FREE : 0;
}

int flow_held_in_aggregate(const struct state *st, int k, int arrays_only)
{
	if (arrays_only && (st->objs[k].flags & OS_IN_LOCAL_ARRAY))
		return 1;
	for (unsigned j = 0; j < st->nenv; j++)
		if (tracks_object(&st->env[j].v) && st->env[j].v.obj == k &&
		    !flow_path_is_variable(st->env[j].key) &&
		    (!arrays_only || strchr(st->env[j].key, '[')))
			return 1;
	return 0;
}

/* The kind of release that can end object o. */
static unsigned object_release_kind(const struct object *o)
{
	return o->kind == OBJ_MAPPING ? RELEASES_UNMAP : o->kind == OBJ_COHERENT ? RELEASES_FREE : 0;
}

/* Whether object k's handle or CPU address sits in memory: a field, a ring, a local array. */
static int held_in_memory(const struct state *st, int k)
{
	return (st->objs[k].flags & (OS_STORED | OS_ESCAPED | OS_IN_LOCAL_ARRAY)) ||
	       flow_held_in_aggregate(st, k, 0);
}

/* Whether object k is passed to call, by value or inside memory whose address is passed. */
static int passed_to(struct flow_fn *f, struct state *st, int k, CXCursor call)
{
	if (ast_is_null(call))
		return 0;
	for (int i = 0; i < ast_num_args(call); i++) {
		struct value v = flow_eval(f, st, ast_arg(call, i));

		if (tracks_object(&v) && v.obj == k)
			return 1;
		if (v.kind == VAL_ADDR && v.path) {
			size_t len = strlen(v.path);

			for (unsigned j = 0; j < st->nenv; j++)
				if (tracks_object(&st->env[j].v) && st->env[j].v.obj == k &&
				    strncmp(st->env[j].key, v.path, len) == 0)
					return 1;
		}
	}
	return 0;
}

void flow_blur_released(struct flow_fn *f, struct state *st, unsigned kinds, int except,
			CXCursor call)
{
	for (unsigned k = 0; k < f->nobjs && k < st->nobjs; k++) {
		if ((int)k == except || !(object_release_kind(&f->objs[k]) & kinds) ||
		    st->objs[k].life != LIFE_LIVE)
			continue;
		if (held_in_memory(st, (int)k) || passed_to(f, st, (int)k, call))
			st->objs[k].flags |= OS_MAYBE_RELEASED;
	}
}

/*
 * dma_map_sg()'s count stored away or passed on: a use of the mappings it
 * counts, which must be checked for 0 first.
 */
void flow_count_used(struct flow_fn *f, struct state *st, const struct value *v, CXCursor where,
		     unsigned site, enum use_kind use)
{
	if (v->kind != VAL_STATUS || status_is_check(v->polarity))
		return;
	for (unsigned k = 0; k < f->nobjs && k < st->nobjs; k++) {
		const struct object *o = &f->objs[k];
		struct event ev;

		if (o->group != (unsigned)v->obj || o->kind != OBJ_MAPPING || !o->api ||
		    (o->api->family != FAM_SG && o->api->family != FAM_SGTABLE) ||
		    st->objs[k].life != LIFE_LIVE)
			continue;
		if (!(st->objs[k].flags & OS_USED))
			st->objs[k].use_site = site;
		st->objs[k].flags |= OS_USED;
		if (hold_stored_use(st, (int)k, use, site))
			continue;
		ev = flow_event(EV_USE, (int)k, where, site);
		ev.use = use;
		flow_emit(f, st, &ev);
	}
}

/* An unchecked live mapping's handle or count stored away: held until something can act on it. */
static int hold_stored_use(struct state *st, int k, enum use_kind use, unsigned site)
{
	struct obj_state *os = &st->objs[k];

	if (use != USE_STORE || os->life != LIFE_LIVE || (os->flags & OS_CHECKED))
		return 0;
	if (!os->stored_use_site)
		os->stored_use_site = site;
	return 1;
}

void flow_stored_use_checked(struct state *st, int k)
{
	if (k >= 0 && (unsigned)k < st->nobjs)
		st->objs[k].stored_use_site = 0;
}

void flow_settle_stored_uses(struct flow_fn *f, struct state *st, CXCursor where)
{
	for (unsigned k = 0; k < f->nobjs && k < st->nobjs; k++) {
		struct obj_state *os = &st->objs[k];
		struct event ev;

		if (!os->stored_use_site)
			continue;
		ev = flow_event(EV_USE, (int)k, where, os->stored_use_site);
		ev.use = USE_STORE;
		os->stored_use_site = 0;
		if (os->life == LIFE_LIVE && !(os->flags & OS_CHECKED))
			flow_emit(f, st, &ev);
	}
}

/* The last field a path names: "dma" of "ring->buf->[i].dma". */
static const char *last_field(const char *path)
{
	const char *arrow = strrchr(path, '>'), *dot = strrchr(path, '.');
	const char *at = dot && (!arrow || dot > arrow) ? dot + 1 : arrow ? arrow + 1 : NULL;

	return at && *at && !strpbrk(at, "[]*") ? at : NULL;
}

/* "rx_desc" of "rx_desc->ds_cc", "ring->[i]" of "ring->[i].len": what holds the field. */
static const char *entry_of(const char *path)
{
	const char *field = last_field(path);
	size_t n;

	if (!field)
		return NULL;
	n = (size_t)(field - path);
	n -= n >= 2 && path[n - 1] == '>' ? 2 : 1;
	return n ? flow_intern("%.*s", (int)n, path) : NULL;
}

/*
 * ravb's way of handling a failed map: the failure branch sets the
 * descriptor's length to 0, so the address written beside it is never used
 * by the device.  A 0 stored into an entry after a mapping failed marks
 * that entry.
 */
static void note_zeroed_entry(struct flow_fn *f, struct state *st, const char *path,
			      const struct value *v)
{
	const char *entry;

	if (v->kind != VAL_CONST || v->num != 0 || flow_path_is_local(path) ||
	    !(entry = entry_of(path)))
		return;
	for (unsigned k = 0; k < f->nobjs && k < st->nobjs; k++)
		if (st->objs[k].life == LIFE_FAILED)
			st->objs[k].zeroed_entry = entry;
}

/*
 * The parameter whose value an expression text is computed from ("($2 &
 * -64)"; not "$2->len"), or -1.  Whatever it is, a handle passed there is
 * what the helper computes with.
 */
static int param_in_text(struct flow_fn *f, const char *text)
{
	int depth = 0;

	for (const char *p = text; p && *p; p++) {
		char *end;
		long n;

		depth += *p == '[' ? 1 : *p == ']' ? -1 : 0;
		if (*p != '$' || depth > 0)	/* "$0->[$1]": an index names where, not what */
			continue;
		n = strtol(p + 1, &end, 10);
		if (end == p + 1 || *end == '-' || *end == '.' || *end == '[' || n < 0 || n >= 32 ||
		    n >= clang_Cursor_getNumArguments(f->fn))
			continue;
		return (int)n;
	}
	return -1;
}

/*
 * The parameter an expression is computed from in a summary
 * (`lower_32_bits(dma)`, `dma + off`, `cpu_to_le64(dma)`, a local set to
 * `dma & ~ALIGN`), or -1.
 */
static int derived_param(struct flow_fn *f, struct state *st, CXCursor e)
{
	struct value v = flow_eval(f, st, e);
	CXCursor kids[2];
	int n;

	if (flow_param_of(&v) >= 0 || v.kind == VAL_EXPR)
		return param_in_text(f, v.path);
	e = ast_strip_casts(e);
	if (clang_getCursorKind(e) == CXCursor_ParenExpr)
		return derived_param(f, st, ast_child(e, 0));
	if (clang_getCursorKind(e) == CXCursor_CallExpr && ast_num_args(e) == 1) {
		/* cpu_to_be64(tmp) is __builtin_bswap64(tmp) on x86 */
		char *name = ast_callee_name(e) ?: ast_spelling(e);	/* builtins: no declaration */
		int swab = name && (strstr(name, "bswap") || strstr(name, "swab"));

		free(name);
		return swab ? derived_param(f, st, ast_arg(e, 0)) : -1;
	}
	if (clang_getCursorKind(e) != CXCursor_BinaryOperator)
		return -1;
	n = ast_children(e, kids, 2);
	for (int i = 0; i < n; i++) {
		int p = derived_param(f, st, kids[i]);

		if (p >= 0)
			return p;
	}
	return -1;
}

/*
 * In a summary: &local passed on while the local holds a value computed
 * from a parameter (`__le64 tmp = cpu_to_le64(dma); put(buf, &tmp)`): the
 * helper keeps that parameter.
 */
void flow_note_param_held_under(struct flow_fn *f, struct state *st, const char *path)
{
	size_t len = path ? strlen(path) : 0;

	if (!f->summary_mode || !path || !flow_path_is_local(path))
		return;
	for (unsigned j = 0; j < st->nenv; j++) {
		const struct value *held = &st->env[j].v;
		int n;

		if (strncmp(st->env[j].key, path, len) != 0 ||
		    (held->kind != VAL_PATH && held->kind != VAL_EXPR))
			continue;
		n = param_in_text(f, held->path);
		if (n >= 0)
			f->param_escapes |= 1u << n;
	}
}

struct flow_at {
	struct flow_fn *f;
	struct state *st;
};

static enum CXChildVisitResult escape_local_aggregate(CXCursor c, CXCursor parent, void *data)
{
	struct flow_at *at = data;
	CXCursor decl;
	CXType type;

	(void)parent;
	if (clang_getCursorKind(c) != CXCursor_DeclRefExpr)
		return CXChildVisit_Recurse;
	decl = clang_getCursorReferenced(c);
	type = clang_getCanonicalType(clang_getCursorType(decl));
	if (clang_getCursorKind(decl) == CXCursor_VarDecl &&
	    clang_Cursor_hasVarDeclGlobalStorage(decl) == 0 &&
	    (type.kind == CXType_ConstantArray || type.kind == CXType_Record)) {
		const char *name = flow_decl_name(at->f, decl);

		flow_escape_held_under(at->st, flow_intern("%s[", name));
		flow_escape_held_under(at->st, flow_intern("%s.", name));
	}
	return CXChildVisit_Continue;
}

/*
 * A value stored into memory the caller reaches: when it is read from what a
 * parameter points to ("$1->dma"), a summary's callers learn that the
 * helper keeps what that parameter points to; when it is read from a local
 * array or struct (`ring[i].dma = map[i]` after a loop of maps), whatever
 * that array held is kept, whichever element this is.
 */
static void keep_what_is_read(struct flow_fn *f, struct state *st, const struct value *v,
			      CXCursor rhs)
{
	/* desc->addr_lo = cpu_to_le32(lower_32_bits(dma)): a setter keeps its dma parameter */
	int from = f->summary_mode && !ast_is_null(rhs) &&
		   clang_getCursorKind(rhs) != CXCursor_VarDecl ? derived_param(f, st, rhs) : -1;

	if (from >= 0)
		f->param_escapes |= f->param_uses |= 1u << from;
	if (v->kind == VAL_PATH && v->path[0] == '$' && strpbrk(v->path, "-.[")) {
		char *end;
		long n = strtol(v->path + 1, &end, 10);

		if (end != v->path + 1 && n >= 0 && n < 32)
			f->param_escapes |= 1u << n;
	}
	if (!ast_is_null(rhs) && clang_getCursorKind(rhs) != CXCursor_VarDecl) {
		struct flow_at at = { f, st };

		if (clang_getCursorKind(rhs) == CXCursor_DeclRefExpr)
			escape_local_aggregate(rhs, rhs, &at);
		else
			clang_visitChildren(rhs, escape_local_aggregate, &at);
	}
}

static void store(struct flow_fn *f, struct state *st, const char *path, struct value v,
		  CXType type, CXCursor rhs, CXCursor where)
{
	struct event ev = flow_event(EV_STORE, -1, where, site_of(f, where, "the store"));

	ev.type = type;
	ev.value = v;
	ev.value_expr = rhs;
	ev.dest = path;
	flow_emit(f, st, &ev);
	if (tracks_object(&v)) {
		struct obj_state *os = os_of(st, v.obj);

		if (os->flags & OS_FRESH) {
			os->flags &= ~OS_FRESH;		/* where the map's result goes: its home */
		} else if ((!path || !flow_path_is_local(path)) &&
			   (!ast_type_is_dma_addr(type) || os->life == LIFE_FAILED) &&
			   !(os->life == LIFE_FAILED && path && os->zeroed_entry &&
			     os->zeroed_entry == entry_of(path))) {
			/*
			 * into a descriptor (__le64, u64); the driver's own bookkeeping
			 * (a dma_addr_t field) only once the check said it failed
			 */
			struct event use = flow_event(EV_USE, v.obj, where, ev.site);

			use.use = USE_STORE;
			if (!hold_stored_use(st, v.obj, USE_STORE, ev.site))
				flow_emit(f, st, &use);
			if (!(os->flags & OS_USED))
				os->use_site = ev.site;
			os->flags |= OS_USED;
		}
		if (!path || !flow_path_is_local(path)) {
			note_escape(f, st, v.obj, path);
			analysis_note_store(f, v.obj, where);
		} else if (strchr(path, '['))
			os->flags |= OS_IN_LOCAL_ARRAY;
		if (path && !flow_path_is_local(path) && !os->stored_field)
			os->stored_field = last_field(path);
	}
	if (flow_param_of(&v) >= 0 && (!path || !flow_path_is_local(path)))
		f->param_escapes |= f->param_uses |= 1u << flow_param_of(&v);
	if (!path || !flow_path_is_local(path))
		keep_what_is_read(f, st, &v, rhs);
	if (!path || !flow_path_is_local(path))
		flow_count_used(f, st, &v, where, ev.site, USE_STORE);
	if (f->an->facts && path && !f->rules_on)
		field_facts_note_store(f, st, path, where, &v);
	if (!path)
		return;
	note_zeroed_entry(f, st, path, &v);
	flow_note_written(f, path);
	state_invalidate(st, path, flow_path_is_variable(path));
	/* p = p->next: the old p is gone, so is what it pointed to */
	if ((v.kind == VAL_PATH || v.kind == VAL_ADDR || v.kind == VAL_EXPR) &&
	    strstr(v.path, path) && (v.path == path || strncmp(v.path, path, strlen(path)) == 0))
		return;
	if (v.kind != VAL_UNKNOWN)
		env_set(st, path, v);
}

static CXType lvalue_type(CXCursor lhs)
{
	return clang_getCursorType(lhs);
}

static void do_init(struct flow_fn *f, struct state *st, CXCursor var)
{
	CXCursor init = clang_Cursor_getVarDeclInitializer(var);
	const char *path = flow_decl_name(f, var);

	store(f, st, path, flow_eval(f, st, init), clang_getCursorType(var), init, var);
}

/*
 * What `lhs op= rhs` leaves in lhs, as far as where handles go matters:
 * `tmp |= val` with val a handle is the handle with other bits; in a
 * summary, `val <<= shift` keeps saying it is computed from parameter val
 * (__mlxsw_item_set64() shifts and masks the address into a descriptor).
 */
static struct value compound_value(struct flow_fn *f, struct state *st, CXCursor kids[2])
{
	struct value r = flow_eval(f, st, kids[1]), l;
	const char *lt, *rt;

	if (r.kind == VAL_HANDLE || r.kind == VAL_PHYS)
		return r;
	if (!f->summary_mode)
		return no_value;
	l = flow_eval(f, st, kids[0]);
	lt = l.kind == VAL_PATH || l.kind == VAL_EXPR ? l.path : NULL;
	rt = r.kind == VAL_PATH || r.kind == VAL_EXPR ? r.path : NULL;
	if ((lt && param_in_text(f, lt) >= 0) || (rt && param_in_text(f, rt) >= 0))
		return (struct value){ .kind = VAL_EXPR, .obj = -1,
				       .path = flow_intern("(%s op %s)", lt ? lt : "?",
							   rt ? rt : "?") };
	return no_value;
}

static void do_assign(struct flow_fn *f, struct state *st, CXCursor op)
{
	CXCursor kids[2];
	const char *path;
	struct value v = no_value;

	if (ast_children(op, kids, 2) != 2)
		return;
	path = flow_lvalue(f, st, kids[0]);
	if (clang_getCursorKind(op) == CXCursor_CompoundAssignOperator) {
		const struct value *old = path ? env_get(st, path) : NULL;

		/* paddr |= RX_WRAP, dma += off: still the handle, for where it goes */
		if (old && (old->kind == VAL_HANDLE || old->kind == VAL_PHYS || old->kind == VAL_CPU))
			return;
		v = compound_value(f, st, kids);
	} else {
		v = flow_eval(f, st, kids[1]);
	}
	store(f, st, path, v, lvalue_type(kids[0]), kids[1], op);
}

static void do_inc_dec(struct flow_fn *f, struct state *st, CXCursor op)
{
	const char *path = flow_lvalue(f, st, ast_child(op, 0));

	if (path)
		state_invalidate(st, path, flow_path_is_variable(path));
}

/* --------------------------------------------------------------- accesses */

/* The memory an access element touches. */
static const char *accessed_memory(struct flow_fn *f, struct state *st, CXCursor c)
{
	CXCursor base = ast_child(c, 0);
	struct value v;

	if (clang_getCursorKind(c) == CXCursor_ArraySubscriptExpr) {
		CXCursor array = ast_strip(base);
		CXType t = clang_getCanonicalType(clang_getCursorType(array));

		if (t.kind == CXType_ConstantArray || t.kind == CXType_IncompleteArray) {
			const char *p = flow_lvalue(f, st, array);
			struct value addr = { .kind = VAL_ADDR, .obj = -1, .path = p };

			return p ? flow_mem_of(&addr) : NULL;
		}
	}
	v = flow_eval(f, st, base);
	return flow_mem_of(&v);
}

/* Whether this path has mapped, synced or released anything yet. */
static int handed_over_nothing(const struct flow_fn *f, const struct state *st)
{
	for (unsigned k = 0; k < f->nobjs && k < st->nobjs; k++) {
		const struct obj_state *os = &st->objs[k];

		if (f->objs[k].kind != OBJ_FOREIGN ? os->life != LIFE_NONE :
		    os->life != LIFE_LIVE || os->transfer_site || (os->flags & OS_CPU))
			return 0;
	}
	return 1;
}

/* "$2->*" or "$2->[...]": the memory parameter 2 points to; its number, else -1. */
static int param_pointee(const char *mem)
{
	char *end;
	long i;

	if (mem[0] != '$' || mem[1] < '0' || mem[1] > '9')
		return -1;
	i = strtol(mem + 1, &end, 10);
	if (strcmp(end, "->*") != 0 && strncmp(end, "->[", 3) != 0)
		return -1;
	return i < 32 ? (int)i : -1;
}

/*
 * Summary mode: the CPU touches what a parameter points to before anything
 * is handed over on this path.  Whether the caller still let the device own
 * that memory decides if it is a violation, at the call (summary.c).
 */
static void note_param_access(struct flow_fn *f, const struct state *st, const char *mem,
			      enum cpu_effect effect, unsigned here)
{
	int param = param_pointee(mem);

	if (!f->summary_mode || param < 0 || !handed_over_nothing(f, st))
		return;
	for (unsigned i = 0; i < f->nparam_accesses; i++)
		if (f->param_accesses[i].param == param && f->param_accesses[i].effect == effect)
			return;		/* the first one is the one to show */
	if (f->nparam_accesses >= MAX_PARAM_ACCESSES)
		return;
	f->param_accesses = dmc_xrealloc(f->param_accesses,
					 (f->nparam_accesses + 1) * sizeof(*f->param_accesses));
	f->param_accesses[f->nparam_accesses++] = (struct param_access){ param, effect, here };
}

/*
 * Whether an access to part of a struct misses what obj maps: the map
 * starts at a struct of the same type and covers fewer bytes than the
 * field's offset (ps3_gelic_net maps the 32 bytes of a descriptor the
 * hardware reads, not the driver's fields behind them).  Any element of an
 * array of such structs is then outside too: the field lies past the
 * mapped bytes of its own element and before the next element's.
 */
static int part_unmapped(const struct object *o, const struct cpu_part *part)
{
	if (!part)
		return 0;
	/*
	 * A map that starts inside the struct by byte arithmetic covers
	 * [start, start + size): a header field before it, or past it, is the
	 * CPU's; where the start is not known, no field can be placed in it.
	 */
	if (o->start == START_UNKNOWN)
		return 1;
	if (o->start == START_AT)
		return (part->size > 0 && part->offset + part->size <= o->start_bytes) ||
		       (o->has_size && o->size_const > 0 &&
			part->offset >= o->start_bytes + o->size_const);
	return o->buffer_record && part->record == o->buffer_record && o->has_size &&
	       o->size_const > 0 && part->offset >= o->size_const;
}

/* A CPU write to a buffer the device owns: a violation unless a sync for the device follows. */
static void note_unsynced_write(struct flow_fn *f, struct state *st, int k, CXCursor where,
				unsigned site)
{
	struct event ev;

	if (st->npending < MAX_PENDING) {
		pending_add(st, PENDING_UNSYNCED, NULL, site, k);
		return;
	}
	/* no room to wait for the sync: judged at once, as if none came */
	ev = flow_event(EV_UNSYNCED_WRITE, k, where, site);
	ev.access_site = site;
	flow_emit(f, st, &ev);
}

int flow_cpu_touch(struct flow_fn *f, struct state *st, const char *mem,
		   const struct cpu_part *part, enum cpu_effect effect, CXCursor where,
		   unsigned site, unsigned here)
{
	int matched = 0;

	if (!mem)
		return 0;
	note_param_access(f, st, mem, effect, here);
	for (unsigned k = 0; k < f->nobjs && k < st->nobjs; k++) {
		struct event ev;

		if (st->objs[k].buffer != mem || st->objs[k].life == LIFE_NONE)
			continue;
		matched = 1;
		if (part_unmapped(&f->objs[k], part))
			continue;
		ev = flow_event(effect == CPU_FREE ? EV_FREE_BUFFER : EV_ACCESS, (int)k, where, site);
		ev.effect = effect;
		flow_emit(f, st, &ev);
		if (effect == CPU_FREE && st->objs[k].life == LIFE_LIVE && !st->objs[k].free_site)
			st->objs[k].free_site = site;
		if (effect == CPU_WRITE && flow_device_owns(&f->objs[k], &st->objs[k]))
			note_unsynced_write(f, st, (int)k, where, site);
	}

	/* Memory this function did not map may be a ring buffer handed back later. */
	if (!matched && !flow_path_is_local(mem) && st->npending < MAX_PENDING &&
	    field_facts_may_be_buffer(f->an->facts, mem))
		pending_add(st, effect == CPU_FREE ? PENDING_FREE :
			    effect == CPU_WRITE ? PENDING_WRITE : PENDING_READ, mem, site, -1);
	return matched;
}

void flow_judge_unsynced_writes(struct flow_fn *f, struct state *st, int k, CXCursor where,
				unsigned site)
{
	unsigned out = 0;

	for (unsigned i = 0; i < st->npending; i++) {
		struct pending p = st->pending[i];
		struct event ev;

		if (p.kind != PENDING_UNSYNCED || (k >= 0 && p.obj != k)) {
			st->pending[out++] = p;
			continue;
		}
		ev = flow_event(EV_UNSYNCED_WRITE, p.obj, where, site);
		ev.access_site = p.site;
		flow_emit(f, st, &ev);
	}
	st->npending = out;
}

/*
 * The field `p->f` (or `p->a.b`, `p->arr[i]`: the access is at `p->a`)
 * touches, as a part of the struct p points to; NULL if not such a field.
 */
static const struct cpu_part *accessed_part(CXCursor c, struct cpu_part *part)
{
	CXCursor base = ast_child(c, 0), field = clang_getCursorReferenced(c);
	CXType pointee;
	long long bits;
	CXString name;

	if (clang_getCursorKind(c) != CXCursor_MemberRefExpr || ast_is_null(base) ||
	    clang_getCursorKind(field) != CXCursor_FieldDecl)
		return NULL;
	pointee = clang_getCanonicalType(clang_getPointeeType(clang_getCursorType(base)));
	bits = clang_Cursor_getOffsetOfField(field);
	if (pointee.kind != CXType_Record || bits < 0)
		return NULL;
	name = clang_getTypeSpelling(pointee);
	part->record = ast_intern(clang_getCString(name));
	clang_disposeString(name);
	part->offset = bits / 8;
	part->size = clang_Type_getSizeOf(clang_getCursorType(field));
	if (part->size < 0)
		part->size = 0;
	return part;
}

static void do_access(struct flow_fn *f, struct state *st, const struct cfg_elem *e)
{
	const char *mem = accessed_memory(f, st, e->cursor);
	struct cpu_part storage;
	const struct cpu_part *part = accessed_part(e->cursor, &storage);
	unsigned site;

	if (!mem)
		return;
	site = site_of(f, e->cursor, "the access");
	/*
	 * A read-modify-write (`d->cmd &= ~EL`, `d->len++`) is judged as the
	 * write it is: the CPU updating a word it hands over again, which
	 * cpu-write-while-device-owned and a following sync for the device decide.
	 */
	if ((e->flags & ACCESS_READ) && !(e->flags & ACCESS_WRITE))
		flow_cpu_touch(f, st, mem, part, CPU_READ, e->cursor, site, site);
	if (e->flags & ACCESS_WRITE)
		flow_cpu_touch(f, st, mem, part, CPU_WRITE, e->cursor, site, site);
}

/* --------------------------------------------------------------- API calls */

static int const_arg(CXCursor call, int index, long long *v)
{
	return index >= 0 && ast_eval_int(ast_arg(call, index), v);
}

static struct value status(int group, enum status_polarity pol)
{
	return (struct value){ .kind = VAL_STATUS, .obj = group, .polarity = pol };
}

/* Size and direction of a call, as an event carries them. */
static void call_size_dir(struct flow_fn *f, struct state *st, CXCursor call,
			  const struct api_fn *api, struct event *ev)
{
	long long v;

	ev->api = api;
	ev->call = call;
	if (const_arg(call, api->dir, &v))
		ev->dir = (int)v;
	if (api->size >= 0) {
		ev->size = flow_eval(f, st, ast_arg(call, api->size));
		ev->size_text = flow_expr_text(f, st, ast_arg(call, api->size));
		ev->has_size = const_arg(call, api->size, &ev->size_const);
	}
}

struct phys_search {
	CXCursor found;
};

static enum CXChildVisitResult find_phys_call(CXCursor c, CXCursor parent, CXClientData data)
{
	struct phys_search *ps = data;
	char *name;

	if (clang_getCursorKind(c) != CXCursor_CallExpr)
		return CXChildVisit_Recurse;
	name = ast_callee_name(c);
	if (cpu_origin(name) == ORIGIN_PHYS)
		ps->found = c;
	free(name);
	return ast_is_null(ps->found) ? CXChildVisit_Recurse : CXChildVisit_Break;
}

/* virt_to_page(buf) is arithmetic around __pa(buf): the page of what buf points to. */
static struct value page_of_address(struct flow_fn *f, struct state *st, CXCursor page)
{
	struct phys_search ps = { clang_getNullCursor() };
	char *written = ast_written_name(f->tu, ast_strip_casts(page));
	int zero_page = written && strcmp(written, "ZERO_PAGE") == 0;

	/*
	 * ZERO_PAGE() is the architecture's page of zeroes, made to be
	 * mapped (arm64 reaches its image symbol through __pa_symbol()):
	 * not module image memory, whatever symbol x86 spells it with.
	 */
	free(written);
	if (zero_page)
		return no_value;

	clang_visitChildren(page, find_phys_call, &ps);
	if (ast_is_null(ps.found))
		return no_value;
	return flow_eval(f, st, ast_arg(ps.found, 0));
}

/* The struct type a pointer argument points to, before the cast to void *; NULL if none. */
static const char *record_pointed_to(CXCursor arg)
{
	CXType t = clang_getCanonicalType(clang_getCursorType(ast_strip_casts(arg)));
	CXString name;
	const char *out;

	if (t.kind != CXType_Pointer)
		return NULL;
	t = clang_getCanonicalType(clang_getPointeeType(t));
	if (t.kind != CXType_Record)
		return NULL;
	name = clang_getTypeSpelling(t);
	out = ast_intern(clang_getCString(name));
	clang_disposeString(name);
	return out;
}

/* Whether a pointer type points to bytes (char, u8, void): arithmetic on it counts bytes. */
static int points_to_bytes(CXType t)
{
	CXType pointee = clang_getCanonicalType(clang_getPointeeType(clang_getCanonicalType(t)));

	return pointee.kind == CXType_Void || clang_Type_getSizeOf(pointee) == 1;
}

static int points_to_record(CXType t)
{
	CXType pointee = clang_getCanonicalType(clang_getPointeeType(clang_getCanonicalType(t)));

	return pointee.kind == CXType_Record;
}

/*
 * Where a mapped pointer starts in the struct its memory is: `(u8 *)info +
 * info_len` (written in the call, or kept in a byte pointer such as
 * info->in_buffer, whose value is then "info->[info_len]").
 */
static void map_start(struct flow_fn *f, struct state *st, CXCursor arg, const struct value *v,
		      struct object *o)
{
	CXCursor e = ast_strip_casts(arg), kids[2];
	const char *idx;
	long long n;

	if (clang_getCursorKind(e) == CXCursor_BinaryOperator && ast_children(e, kids, 2) == 2 &&
	    ast_operator(f->tu, e) == OP_ADD && ast_type_is_pointer(clang_getCursorType(kids[0])) &&
	    points_to_bytes(clang_getCursorType(kids[0])) &&
	    points_to_record(clang_getCursorType(ast_strip_casts(kids[0])))) {
		if (!ast_eval_int(kids[1], &n))
			o->start = START_UNKNOWN;
		else if (n > 0) {
			o->start = START_AT;
			o->start_bytes = n;
		}
		return;
	}
	if (v->kind != VAL_ADDR || !v->path || !points_to_bytes(clang_getCursorType(e)))
		return;
	idx = strrchr(v->path, '[');
	if (!idx || idx < v->path + 2 || idx[-1] != '>' || idx[-2] != '-' ||
	    strchr(idx, ']') != v->path + strlen(v->path) - 1 || strcmp(idx, "[0]") == 0)
		return;
	o->start = START_UNKNOWN;	/* a kept byte pointer: its element count is not known */
}

static void make_object_record(struct flow_fn *f, struct state *st, CXCursor call,
			       const struct api_fn *api, unsigned site, struct object *o)
{
	long long v;
	struct value buf = no_value;

	memset(o, 0, sizeof(*o));
	o->kind = api->op == API_MAP ? OBJ_MAPPING : OBJ_COHERENT;
	o->api = api;
	o->site = site;
	o->api_site = site;
	o->group = site;
	o->dir = const_arg(call, api->dir, &v) ? (int)v : -1;
	if (api->size >= 0) {
		o->size = flow_eval(f, st, ast_arg(call, api->size));
		o->size_text = flow_expr_text(f, st, ast_arg(call, api->size));
		o->has_size = const_arg(call, api->size, &o->size_const);
	}
	if (api->buf >= 0) {
		buf = flow_eval(f, st, ast_arg(call, api->buf));
		o->buffer = flow_mem_arg(f, st, ast_arg(call, api->buf), api->buf_form);
		/* where a pointer points is what is mapped; an sg list only lists it */
		if (api->buf_form == MEM_SG)	/* what sg_init_one() put in the list, if known */
			buf = o->buffer && env_get(st, o->buffer) ? *env_get(st, o->buffer) : no_value;
		else if (api->buf_form == MEM_PAGE)
			buf = page_of_address(f, st, ast_arg(call, api->buf));
		if (api->buf_form == MEM_PTR) {
			o->buffer_record = record_pointed_to(ast_arg(call, api->buf));
			map_start(f, st, ast_arg(call, api->buf), &buf, o);
		}
		if (api->buf_form == MEM_PTR || api->buf_form == MEM_SG ||
		    api->buf_form == MEM_PAGE) {
			o->buffer_origin = buf.kind == VAL_ADDR ? buf.origin : ORIGIN_NONE;
			o->buffer_site = buf.site;
		}
	}
	if (api->flags & API_MANAGED)
		o->flags |= OBJ_MANAGED;
}

/* A second path through the same map may see other sizes: then none is trusted. */
static void reconcile_record(struct object *o, const struct object *now)
{
	if (o->size_text != now->size_text)
		o->size_text = NULL;
	if (o->has_size != now->has_size || o->size_const != now->size_const)
		o->has_size = 0;
	if (o->dir != now->dir)
		o->dir = -1;
	if (o->buffer_record != now->buffer_record)
		o->buffer_record = NULL;
	if (o->start != now->start || o->start_bytes != now->start_bytes)
		o->start = START_UNKNOWN;
}

static void api_make(struct flow_fn *f, struct state *st, CXCursor call, const struct api_fn *api,
		     unsigned site, int discarded)
{
	struct object rec;
	int k = object_at(f, site, api);
	struct obj_state *os;
	struct event ev;

	make_object_record(f, st, call, api, site, &rec);
	if (k < 0)
		k = flow_add_object(f, &rec);
	else
		reconcile_record(&f->objs[k], &rec);
	state_reserve(st, f->nobjs);
	/* made again (a loop): the last one's writes were never synced for the device */
	flow_judge_unsynced_writes(f, st, k, call, site);
	/* what the last one was stored in is no longer this one */
	state_forget_object(st, k);
	os = os_of(st, k);
	os->life = LIFE_LIVE;
	os->flags = OS_FRESH;
	os->transfer_site = site;
	cond_pin(st, k);
	os->buffer = rec.buffer;
	if (api->family == FAM_SG || api->family == FAM_SGTABLE)
		call_value_set(st, call, status((int)site, api->flags & API_RET_COUNT ?
						STATUS_NONZERO_OK : STATUS_ZERO_OK));
	else
		call_value_set(st, call, (struct value){ .kind = api->op == API_MAP ? VAL_HANDLE : VAL_CPU,
							 .obj = k });
	if (api->handle_out >= 0) {
		struct value out = flow_eval(f, st, ast_arg(call, api->handle_out));

		if (out.kind == VAL_ADDR)
			store(f, st, out.path, (struct value){ .kind = VAL_HANDLE, .obj = k },
			      clang_getPointeeType(clang_getCursorType(ast_arg(call, api->handle_out))),
			      call, call);
		else
			os->flags |= OS_ESCAPED;	/* written where we cannot follow */
		os->flags |= OS_FRESH;	/* the CPU address still has its first store to come */
	}
	trail_add(st, site, api->op == API_MAP ? "mapped here" : "allocated here");
	ev = flow_event(EV_MAP, k, call, site);
	call_size_dir(f, st, call, api, &ev);
	ev.discarded = discarded;
	flow_emit(f, st, &ev);
}

/* A handle this function did not make: a ring entry, a parameter's field. */
static int materialize_foreign(struct flow_fn *f, struct state *st, CXCursor call,
			       const struct api_fn *api, unsigned site, const char *home,
			       CXCursor handle_expr)
{
	int k = object_at(f, site, NULL);
	struct object rec;
	struct obj_state *os;

	if (k < 0) {
		memset(&rec, 0, sizeof(rec));
		rec.kind = OBJ_FOREIGN;
		rec.api = NULL;
		rec.site = site;
		rec.api_site = site;
		rec.group = site;
		rec.dir = -1;
		rec.home = home;
		if (f->an->facts)
			rec.fact = field_facts_lookup(f, home, handle_expr);
		k = flow_add_object(f, &rec);
	}
	state_reserve(st, f->nobjs);
	os = os_of(st, k);
	memset(os, 0, sizeof(*os));
	os->life = LIFE_LIVE;
	os->flags = OS_ESCAPED;
	if (f->objs[k].fact) {
		os->buffer = field_fact_buffer(f->objs[k].fact, home);
		os->transfer_site = f->objs[k].fact->map_site;
	}
	env_set(st, home, (struct value){ .kind = VAL_HANDLE, .obj = k });
	return k;
}

const struct op_record *flow_op_at(const struct flow_fn *f, unsigned site)
{
	for (unsigned i = 0; i < f->nops; i++)
		if (f->ops[i].site == site)
			return &f->ops[i];
	return NULL;
}

static void record_op(struct flow_fn *f, struct state *st, unsigned site, const struct event *ev)
{
	struct value cpu = no_value;

	if (!f->summary_mode || flow_op_at(f, site))
		return;
	if (ev->api->cpu >= 0)
		cpu = flow_eval(f, st, ast_arg(ev->call, ev->api->cpu));
	f->ops = dmc_xrealloc(f->ops, (f->nops + 1) * sizeof(*f->ops));
	f->ops[f->nops++] = (struct op_record){ site, ev->api, ev->size_text, ev->has_size,
						ev->size_const, ev->dir,
						cpu.kind == VAL_PATH ? cpu.path : NULL,
						ev->obj >= 0 && f->objs[ev->obj].kind == OBJ_FOREIGN };
}

void flow_fn_release(struct flow_fn *f)
{
	free(f->objs);
	free(f->ops);
	free(f->written);
	free(f->param_accesses);
	f->objs = NULL;
	f->ops = NULL;
	f->written = NULL;
	f->param_accesses = NULL;
	f->nobjs = f->capobjs = f->nops = f->nwritten = f->nparam_accesses = 0;
}

/*
 * A summary notes the parameters' storage the function changes, cut where
 * an index names a local of its own: "$0->ring->[i].len" is "$0->ring".
 */
void flow_note_written(struct flow_fn *f, const char *path)
{
	char *copy;
	const char *w;

	if (!f->summary_mode || !path || path[0] != '$')
		return;
	copy = dmc_xstrdup(path);
	while (!flow_path_param_relative(copy)) {
		char *cut = strrchr(copy, '[');

		if (!cut)
			break;
		if (cut > copy + 1 && cut[-1] == '>' && cut[-2] == '-')
			cut -= 2;
		*cut = '\0';
	}
	w = ast_intern(copy);
	free(copy);
	for (unsigned i = 0; i < f->nwritten; i++)
		if (f->written[i] == w)
			return;
	f->written = dmc_xrealloc(f->written, (f->nwritten + 1) * sizeof(char *));
	f->written[f->nwritten++] = w;
}

/* An access made before, now known to have been while the device owned the buffer. */
static void judge_pending(struct flow_fn *f, struct state *st, int k, CXCursor where,
			  unsigned site)
{
	const char *mem = st->objs[k].buffer;
	unsigned out = 0;

	if (!mem)
		return;
	for (unsigned i = 0; i < st->npending; i++) {
		struct pending p = st->pending[i];
		struct event ev;

		if (p.mem != mem) {
			st->pending[out++] = p;
			continue;
		}
		ev = flow_event(EV_LATE_ACCESS, k, where, site);
		ev.effect = p.kind == PENDING_FREE ? CPU_FREE :
			    p.kind == PENDING_WRITE ? CPU_WRITE : CPU_READ;
		ev.access_site = p.site;
		flow_emit(f, st, &ev);
	}
	st->npending = out;
}

static int find_target(struct flow_fn *f, struct state *st, CXCursor call, const struct api_fn *api,
		       unsigned site)
{
	struct value v = no_value;
	CXCursor handle = clang_getNullCursor();

	if (api->family == FAM_SG || api->family == FAM_SGTABLE) {
		const char *mem = flow_mem_arg(f, st, ast_arg(call, api->handle),
					       api->family == FAM_SG ? MEM_SG : MEM_SGTABLE);

		for (unsigned k = 0; mem && k < st->nobjs; k++)
			if (st->objs[k].buffer == mem && st->objs[k].life != LIFE_NONE)
				return (int)k;
		/* a list mapped elsewhere: the list is its own handle */
		if (mem && !flow_path_is_local(mem)) {
			int k = materialize_foreign(f, st, call, api, site, mem, clang_getNullCursor());

			st->objs[k].buffer = mem;
			return k;
		}
		return -1;
	}
	if (api->cpu >= 0) {
		v = flow_eval(f, st, ast_arg(call, api->cpu));
		if (tracks_object(&v))
			return v.obj;
	}
	if (api->handle >= 0) {
		handle = ast_arg(call, api->handle);
		v = flow_eval(f, st, handle);
	}
	if (tracks_object(&v))
		return v.obj;
	if (v.kind == VAL_PATH && !flow_path_is_local(v.path))
		return materialize_foreign(f, st, call, api, site, v.path, handle);
	if (v.kind == VAL_PATH && f->summary_mode && v.path[0] == '$')
		return materialize_foreign(f, st, call, api, site, v.path, handle);
	return -1;
}

/* "off+size" of a sync, as text, to tell a repeated sync from one of another part. */
static const char *sync_range(struct flow_fn *f, struct state *st, CXCursor call,
			      const struct api_fn *api)
{
	const char *off = api->off >= 0 ? flow_expr_text(f, st, ast_arg(call, api->off)) : "0";
	const char *size = api->size >= 0 ? flow_expr_text(f, st, ast_arg(call, api->size)) : "all";

	return off && size ? flow_intern("%s+%s", off, size) : NULL;
}

static void api_release_or_sync(struct flow_fn *f, struct state *st, CXCursor call,
				const struct api_fn *api, unsigned site)
{
	int k = find_target(f, st, call, api, site);
	struct event ev;
	int hand_back = api->op == API_UNMAP || api->op == API_SYNC_FOR_CPU ||
			(api->op == API_FREE && api->family == FAM_NONCOHERENT);
	unsigned kind = flow_release_kind(api);

	/* a handle read back from somewhere this analysis does not follow */
	if (kind && (k < 0 || f->objs[k].kind == OBJ_FOREIGN)) {
		flow_blur_released(f, st, kind, k, clang_getNullCursor());
		if (f->summary_mode && (k < 0 || !flow_path_param_relative(f->objs[k].home)))
			f->releases_unnamed |= kind;
	}
	if (k < 0)
		return;
	if (hand_back && f->objs[k].kind == OBJ_FOREIGN && !(st->objs[k].flags & OS_CPU))
		judge_pending(f, st, k, call, site);
	if (hand_back)
		flow_judge_unsynced_writes(f, st, k, call, site);
	ev = flow_event(api->op == API_UNMAP || api->op == API_FREE ? EV_RELEASE : EV_SYNC, k, call,
		      site);
	call_size_dir(f, st, call, api, &ev);
	if (ev.kind == EV_SYNC)
		ev.sync_range = sync_range(f, st, call, api);
	flow_emit(f, st, &ev);
	record_op(f, st, site, &ev);
	if (api->op == API_UNMAP || api->op == API_FREE) {
		long long attrs;
		int stale = api->op == API_UNMAP && !(st->objs[k].flags & OS_CPU) &&
			    const_arg(call, api->attrs, &attrs) &&
			    api_attrs_skip_cpu_sync((unsigned long long)attrs);

		state_release(st, k, site, api->op == API_UNMAP ? "unmapped here" : "freed here");
		if (stale)
			st->objs[k].flags |= OS_STALE_FOR_CPU;
	} else if (api->op == API_SYNC_FOR_CPU || api->op == API_SYNC_FOR_DEVICE)
		state_sync(st, k, api->op == API_SYNC_FOR_CPU, site, ev.sync_range);
}

static void api_check(struct flow_fn *f, struct state *st, const struct cfg_elem *e,
		      unsigned site)
{
	struct value v = flow_eval(f, st, ast_arg(e->cursor, 1));

	/* a helper that checks the handle it is given: its summary will say so */
	if (!tracks_object(&v) && f->summary_mode && flow_param_of(&v) >= 0) {
		v.obj = materialize_foreign(f, st, e->cursor, NULL, site, v.path,
					    ast_arg(e->cursor, 1));
		v.kind = VAL_HANDLE;
	}
	if (!tracks_object(&v))
		return;
	st->objs[v.obj].check_site = site;
	/* whichever way it goes, nothing acted on a store of the handle before it */
	if (!(e->flags & CALL_DISCARDED))
		flow_stored_use_checked(st, v.obj);
	/* A check whose result is thrown away checks nothing. */
	if (!(e->flags & CALL_DISCARDED))
		call_value_set(st, e->cursor, (struct value){ .kind = VAL_STATUS, .obj = v.obj,
							      .polarity = STATUS_NONZERO_FAILED });
}

static void api_call(struct flow_fn *f, struct state *st, const struct cfg_elem *e,
		     const struct api_fn *api, unsigned site)
{
	switch (api->op) {
	case API_MAP:
	case API_ALLOC:
		api_make(f, st, e->cursor, api, site, (e->flags & CALL_DISCARDED) != 0);
		break;
	case API_UNMAP:
	case API_FREE:
	case API_SYNC_FOR_CPU:
	case API_SYNC_FOR_DEVICE:
		api_release_or_sync(f, st, e->cursor, api, site);
		break;
	case API_MAPPING_ERROR:
		api_check(f, st, e, site);
		break;
	case API_POOL_HANDLE:
	case API_MASK:		/* api_lookup() returns neither */
	case API_MMAP:
		break;
	}
	/* The handle given to a sync or unmap is used too (for the check rule). */
	if (api->op != API_MAPPING_ERROR && api->op != API_MAP && api->op != API_ALLOC &&
	    api->handle >= 0) {
		struct value v = flow_eval(f, st, ast_arg(e->cursor, api->handle));

		if (tracks_object(&v) && !(st->objs[v.obj].flags & OS_USED)) {
			st->objs[v.obj].flags |= OS_USED;
			st->objs[v.obj].use_site = site;
		}
	}
}

/* ------------------------------------------------------ other known calls */

static void cpu_calls(struct flow_fn *f, struct state *st, CXCursor call, const char *name,
		      unsigned site)
{
	unsigned n;
	const struct cpu_access *acc = cpu_accesses(name, &n);

	for (unsigned i = 0; i < n; i++) {
		const char *mem = flow_mem_arg(f, st, ast_arg(call, acc[i].arg), acc[i].form);
		size_t n = mem ? strlen(mem) : 0;

		/* memset() and friends change what was known about that memory */
		if (acc[i].effect == CPU_WRITE && n > 3 && strcmp(mem + n - 3, "->*") == 0) {
			const char *pointer = flow_intern("%.*s", (int)n - 3, mem);

			state_invalidate_pointee(st, pointer);
			flow_note_written(f, mem);
		}
		flow_cpu_touch(f, st, mem, NULL, acc[i].effect, call, site, site);
	}
}

/* vmalloc(), kmap(), virt_to_phys(): what the returned value is. */
static void origin_call(struct flow_fn *f, struct state *st, CXCursor call, const char *name,
			unsigned site)
{
	enum mem_origin origin = cpu_origin(name);
	struct value v = no_value;

	switch (origin) {
	case ORIGIN_VMALLOC:
	case ORIGIN_KMAP:
		v = (struct value){ .kind = VAL_ADDR, .obj = -1, .origin = origin, .site = site,
				    .path = flow_intern("@%s#%u", name, site) };
		break;
	case ORIGIN_PHYS:
		v = (struct value){ .kind = VAL_PHYS, .obj = -1, .site = site };
		break;
	default:
		return;
	}
	call_value_set(st, call, v);
}

static CXType param_type(CXCursor call, int i)
{
	CXCursor callee = ast_callee(call);

	if (!ast_is_null(callee) && i < clang_Cursor_getNumArguments(callee))
		return clang_getCursorType(clang_Cursor_getArgument(callee, (unsigned)i));
	return clang_getCursorType(ast_arg(call, i));
}

static void pass_args(struct flow_fn *f, struct state *st, CXCursor call, const char *name,
		      unsigned site, int keeps)
{
	int n = ast_num_args(call);

	for (int i = 0; i < n; i++) {
		CXCursor arg = ast_arg(call, i);
		struct value v = flow_eval(f, st, arg);
		struct event ev = flow_event(EV_ARG, -1, call, site);
		int from;

		ev.value = v;
		ev.value_expr = arg;
		ev.callee = name;
		ev.arg_index = i;
		ev.type = param_type(call, i);
		flow_emit(f, st, &ev);
		if (flow_param_of(&v) >= 0 && keeps)
			f->param_escapes |= 1u << flow_param_of(&v);
		if (keeps)
			flow_count_used(f, st, &v, call, site, USE_CALL);
		if (flow_param_of(&v) >= 0 && (keeps || cpu_is_mmio_write(name)))
			f->param_uses |= 1u << flow_param_of(&v);
		else if (f->summary_mode && cpu_is_mmio_write(name) &&
			 (from = derived_param(f, st, arg)) >= 0)
			f->param_uses |= 1u << from;
		if (tracks_object(&v)) {
			struct event use = flow_event(EV_USE, v.obj, call, site);
			struct obj_state *os = os_of(st, v.obj);

			use.use = cpu_is_mmio_write(name) ? USE_DEVICE : USE_CALL;
			if (keeps || cpu_is_mmio_write(name))
				flow_emit(f, st, &use);
			if ((keeps || cpu_is_mmio_write(name)) && !(os->flags & OS_USED)) {
				os->flags |= OS_USED;
				os->use_site = site;
			}
			if (keeps)
				os->flags |= OS_ESCAPED;
			if (keeps && (os->flags & OS_CPU))
				os->flags |= OS_HANDED_BACK;
		} else if (v.kind == VAL_ADDR && keeps) {
			/* foo(&dma), foo(&local_struct): what is stored there may be kept */
			flow_escape_held_under(st, v.path);
			flow_note_param_held_under(f, st, v.path);
			if (flow_path_is_local(v.path))	/* foo(&len) may set len */
				state_invalidate(st, v.path, flow_path_is_variable(v.path));
			flow_note_written(f, v.path);
		}
	}
}

static void do_call(struct flow_fn *f, struct state *st, const struct cfg_elem *e)
{
	char *name = ast_callee_name(e->cursor);
	const struct api_fn *api = api_lookup(name);
	const struct summary *sum;
	unsigned site = site_of(f, e->cursor, call_what(f->tu, e->cursor));

	if (!api && (cpu_is_mmio_write(name) || !cpu_keeps_nothing(name)))
		flow_settle_stored_uses(f, st, e->cursor);
	if (api) {
		api_call(f, st, e, api, site);
	} else if (name && f->an->summaries &&
		   (sum = summaries_find(f->an->summaries, ast_intern(name))) &&
		   summary_apply(f, st, e->cursor, sum, site)) {
		;
	} else {
		unsigned n;
		int sg_arg, buf_arg;

		if (cpu_sg_fill(name, &sg_arg, &buf_arg)) {
			const char *list = flow_mem_arg(f, st, ast_arg(e->cursor, sg_arg), MEM_SG);

			if (list)
				env_set(st, list, flow_eval(f, st, ast_arg(e->cursor, buf_arg)));
			free(name);
			return;
		}
		cpu_calls(f, st, e->cursor, name, site);
		origin_call(f, st, e->cursor, name, site);
		pass_args(f, st, e->cursor, name, site,
			  !cpu_keeps_nothing(name) && !cpu_accesses(name, &n) &&
			  cpu_origin(name) == ORIGIN_NONE);
	}
	free(name);
}

static void do_return(struct flow_fn *f, struct state *st, CXCursor ret)
{
	CXCursor value = ast_child(ret, 0);

	st->ret = ast_is_null(value) ? no_value : flow_eval(f, st, value);
	if (tracks_object(&st->ret))
		st->objs[st->ret.obj].flags |= OS_ESCAPED;
}

static void transfer(struct flow_fn *f, struct state *st, const struct cfg_elem *e)
{
	switch (e->kind) {
	case ELEM_CALL:
		do_call(f, st, e);
		break;
	case ELEM_ASSIGN:
		do_assign(f, st, e->cursor);
		break;
	case ELEM_INIT:
		do_init(f, st, e->cursor);
		break;
	case ELEM_INC_DEC:
		do_inc_dec(f, st, e->cursor);
		break;
	case ELEM_ACCESS:
		do_access(f, st, e);
		break;
	case ELEM_VALUE:
		st->arm = flow_eval(f, st, e->cursor);
		break;
	case ELEM_RETURN:
		do_return(f, st, e->cursor);
		break;
	}
}

/* ---------------------------------------------------------------- branches */

/* What succeeded or failed, for every object one call made. */
static void settle_group(struct flow_fn *f, struct state *st, int group, int ok)
{
	for (unsigned k = 0; k < f->nobjs && k < st->nobjs; k++) {
		struct obj_state *os = &st->objs[k];

		if (f->objs[k].group != (unsigned)group || os->life != LIFE_LIVE)
			continue;
		os->stored_use_site = 0;	/* a stored count was harmless until now */
		if (ok)
			os->flags |= OS_CHECKED;
		else
			os->life = f->objs[k].helper ? LIFE_NONE : LIFE_FAILED;
	}
}

/* Refines st for the atom being `truth`; returns 0 if that cannot happen. */
static int refine_value(struct flow_fn *f, struct state *st, const struct value *v, int truth)
{
	struct obj_state *os;

	switch (v->kind) {
	case VAL_CONST:
		return (v->num != 0) == truth;
	case VAL_STATUS:
		if (status_is_check(v->polarity)) {
			int failed = truth == (v->polarity == STATUS_NONZERO_FAILED);

			os = os_of(st, v->obj);
			/* checked again (b44's `if (!dma_mapping_error(...)) unmap`): the same answer */
			if ((!failed && os->life == LIFE_FAILED) ||
			    (failed && os->life == LIFE_LIVE && (os->flags & OS_CHECKED)))
				return 0;
			if (failed && os->life == LIFE_LIVE) {
				os->life = LIFE_FAILED;
				trail_add(st, os->check_site, "the mapping failed");
			} else if (!failed) {
				os->flags |= OS_CHECKED;
			}
		} else {
			settle_group(f, st, v->obj, (v->polarity == STATUS_ZERO_OK) != truth);
		}
		return 1;
	case VAL_HANDLE:
	case VAL_CPU:
		/* a zero handle or NULL address: nothing was made (not a real check) */
		os = os_of(st, v->obj);
		if (!truth && os->life == LIFE_LIVE) {
			os->life = LIFE_FAILED;
			os->flags |= OS_ZERO;
		}
		return 1;
	case VAL_ADDR:
		return truth;	/* an address is never NULL */
	default:
		return 1;
	}
}

/*
 * A count compared with a positive constant c: `count == 1` (BUG_ON(count
 * != 1)) and `count >= c` say it is not 0, so the map succeeded; `count < 1`
 * says it failed.  The other answers say nothing.
 */
static int refine_count(struct flow_fn *f, struct state *st, const struct value *v,
			enum ast_op op, long long c, int truth)
{
	int ok = -1;

	if (v->polarity != STATUS_NONZERO_OK)
		return 1;
	if ((op == OP_EQ && truth) || (op == OP_NE && !truth) || (op == OP_GE && truth) ||
	    (op == OP_LT && !truth) || (op == OP_GT && truth) || (op == OP_LE && !truth))
		ok = 1;
	else if (c == 1 && ((op == OP_LT && truth) || (op == OP_GE && !truth)))
		ok = 0;
	if (ok >= 0)
		settle_group(f, st, v->obj, ok);
	return 1;
}

static int refine_comparison(struct flow_fn *f, struct state *st, CXCursor atom, int truth)
{
	CXCursor kids[2];
	enum ast_op op = ast_operator(f->tu, atom);
	long long c;
	struct value v;
	int fails;

	if (ast_children(atom, kids, 2) != 2 || !ast_eval_int(kids[1], &c) || c < 0)
		return 1;
	v = flow_eval(f, st, kids[0]);
	if (v.kind != VAL_STATUS || status_is_check(v.polarity))
		return 1;
	if (c > 0)
		return refine_count(f, st, &v, op, c, truth);
	/*
	 * ret < 0 (errno style: 0 is success, negative failure); n <= 0 and
	 * n > 0 for dma_map_sg()'s count, where only 0 is failure: n < 0 says
	 * nothing about success.
	 */
	if (v.polarity == STATUS_ZERO_OK && (op == OP_EQ || op == OP_NE))
		fails = (op == OP_EQ) != truth;
	else if (v.polarity == STATUS_NONZERO_OK && (op == OP_EQ || op == OP_NE))
		fails = (op == OP_EQ) == truth;
	else if (v.polarity == STATUS_ZERO_OK && (op == OP_LT || op == OP_LE))
		fails = truth;
	else if (v.polarity == STATUS_ZERO_OK && (op == OP_GE || op == OP_GT))
		fails = !truth;
	else if (v.polarity == STATUS_NONZERO_OK && op == OP_LE)
		fails = truth;
	else if (v.polarity == STATUS_NONZERO_OK && op == OP_GT)
		fails = !truth;
	else
		return 1;
	settle_group(f, st, v.obj, !fails);
	return 1;
}

/* ---------------------------------------------------- correlated conditions */

static enum CXChildVisitResult find_effect(CXCursor c, CXCursor parent, CXClientData data)
{
	enum CXCursorKind k = clang_getCursorKind(c);

	if (k == CXCursor_CallExpr || k == CXCursor_CompoundAssignOperator ||
	    k == CXCursor_StmtExpr || (k == CXCursor_UnaryOperator &&
					 ast_operator(((struct flow_fn *)data)->tu, c) == OP_INC_DEC) ||
	    (k == CXCursor_BinaryOperator &&
	     ast_operator(((struct flow_fn *)data)->tu, c) == OP_ASSIGN)) {
		((struct flow_fn *)data)->cond_effect = 1;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

/* The text of an operand of a tested condition: reads storage only, named without `#`. */
static const char *cond_operand(struct flow_fn *f, struct state *st, CXCursor e)
{
	const char *text;

	f->cond_effect = 0;
	if (clang_getCursorKind(ast_strip(e)) == CXCursor_CallExpr)
		return NULL;
	clang_visitChildren(e, find_effect, f);
	if (f->cond_effect)
		return NULL;
	text = flow_expr_text(f, st, e);
	return text && !strchr(text, '#') && !strchr(text, '?') ? text : NULL;
}

static int integer_text(const char *t, long long *n)
{
	char *end;

	*n = strtoll(t, &end, 10);
	return *t && *end == '\0';
}

/*
 * The canonical text of a comparison, so that `a != b`, `b == a` and `!(a
 * == b)` are one condition: == with its operands in order, and every
 * ordering as `<` (a > b is b < a; a <= b is !(b < a)).  *flip: the atom
 * is true when the canonical condition is false.  NULL if the atom is no
 * comparison of side-effect free operands.  *decided: both operands are
 * integers, and *flip says whether the atom then holds (1: it does not).
 */
static const char *cond_key(struct flow_fn *f, struct state *st, CXCursor s, int *flip,
			    int *decided)
{
	CXCursor kids[2];
	enum ast_op op;
	const char *a, *b, *t;
	long long x, y;
	int holds;

	*flip = 0;
	*decided = 0;
	if (clang_getCursorKind(s) != CXCursor_BinaryOperator || ast_children(s, kids, 2) != 2)
		return NULL;
	op = ast_operator(f->tu, s);
	if (op != OP_EQ && op != OP_NE && op != OP_LT && op != OP_GT && op != OP_LE && op != OP_GE)
		return NULL;
	a = cond_operand(f, st, kids[0]);
	b = a ? cond_operand(f, st, kids[1]) : NULL;
	if (!a || !b)
		return NULL;
	if (integer_text(a, &x) && integer_text(b, &y)) {
		holds = op == OP_EQ ? x == y : op == OP_NE ? x != y : op == OP_LT ? x < y :
			op == OP_GT ? x > y : op == OP_LE ? x <= y : x >= y;
		*decided = 1;
		*flip = !holds;
		return NULL;
	}
	switch (op) {
	case OP_NE:
		*flip = 1;
		/* fall through */
	case OP_EQ:
		if (strcmp(a, b) > 0) {
			t = a;
			a = b;
			b = t;
		}
		return flow_intern("(%s == %s)", a, b);
	case OP_GE:	/* a >= b: !(a < b) */
		*flip = 1;
		/* fall through */
	case OP_LT:
		return flow_intern("(%s < %s)", a, b);
	case OP_LE:	/* a <= b: !(b < a) */
		*flip = 1;
		/* fall through */
	default:	/* a > b: b < a */
		return flow_intern("(%s < %s)", b, a);
	}
}

/*
 * A comparison tested before over values not written since: 0 when this
 * branch disagrees with how it went (the path cannot take it), else the
 * path remembers it.  Integers compared are decided.
 */
static int refine_correlated(struct flow_fn *f, struct state *st, CXCursor s, int truth)
{
	int flip, decided, held;
	const char *key = cond_key(f, st, s, &flip, &decided);

	if (decided)
		return truth != flip;
	if (!key)
		return 1;
	if (cond_get(st, key, &held))
		return held == (truth != flip);
	cond_set(st, key, truth != flip);
	return 1;
}

static int refine(struct flow_fn *f, struct state *st, CXCursor atom, int truth)
{
	CXCursor s = ast_strip(atom);
	const struct value *known = clang_getCursorKind(s) == CXCursor_CallExpr ?
					    call_value_get(st, s) : NULL;
	struct value v = known ? *known : flow_eval(f, st, s);
	const char *path;
	int zero;

	if (!refine_correlated(f, st, s, truth))
		return 0;
	if (clang_getCursorKind(s) == CXCursor_BinaryOperator &&
	    ast_operator(f->tu, s) != OP_ASSIGN && ast_operator(f->tu, s) != OP_COMMA)
		return refine_comparison(f, st, s, truth);
	if (!refine_value(f, st, &v, truth))
		return 0;
	path = flow_lvalue(f, st, s);
	if (!path)
		return 1;
	if (fact_get(st, path, &zero))
		return zero != truth;
	fact_set(st, path, !truth);
	return 1;
}

/* ------------------------------------------------------------------- exits */

static int error_return(struct flow_fn *f, const struct state *st)
{
	const struct value *r = &st->ret;
	int zero;

	switch (r->kind) {
	case VAL_CONST:
		return r->num < 0 || (r->num == 0 && ast_type_is_pointer(
			clang_getResultType(clang_getCursorType(f->fn))));
	case VAL_STATUS:
		for (unsigned k = 0; k < f->nobjs && k < st->nobjs; k++)
			if (f->objs[k].group == (unsigned)r->obj)
				return st->objs[k].life == LIFE_FAILED || st->objs[k].life == LIFE_NONE;
		return 0;
	case VAL_PATH:
		return fact_get(st, r->path, &zero) && !zero &&
		       !ast_type_is_pointer(clang_getResultType(clang_getCursorType(f->fn)));
	default:
		return 0;
	}
}

/* A return statement, or the closing brace when the function falls off its end. */
static unsigned exit_site(struct flow_fn *f, CXCursor where, int is_return)
{
	struct ast_loc loc;
	CXFile file;
	CXString name;

	if (is_return)
		return site_of(f, where, "return");
	ast_location(where, &loc);
	clang_getFileLocation(clang_getRangeEnd(clang_getCursorExtent(where)), &file, &loc.line,
			      &loc.column, &loc.offset);
	if (loc.column > 1)
		loc.column--;	/* the range ends after the brace */
	if (file) {
		name = clang_getFileName(file);
		loc.file = ast_intern(clang_getCString(name));
		clang_disposeString(name);
	}
	return analysis_site_at(f->an, &loc, "the end of the function", f->name);
}

static void at_exit(struct flow_fn *f, struct state *st, const struct cfg_block *blk)
{
	CXCursor where = blk->stmt;
	int is_return = clang_getCursorKind(where) == CXCursor_ReturnStmt;
	struct event ev;

	if (!is_return)
		st->ret = no_value;
	flow_settle_stored_uses(f, st, where);
	ev = flow_event(EV_EXIT, -1, where, exit_site(f, where, is_return));
	flow_judge_unsynced_writes(f, st, -1, where, ev.site);
	ev.error_return = error_return(f, st);
	flow_emit(f, st, &ev);
	if (f->on_exit)
		f->on_exit(f, st, where, f->exit_ctx);
}

/* ------------------------------------------------------------------- trace */

/*
 * DMACHECK_ANALYZER_TRACE=function prints, for that function, each block's
 * state as it is processed: for finding out why the analysis concluded
 * what it did.
 */
static int tracing(const struct flow_fn *f)
{
	const char *want = getenv("DMACHECK_ANALYZER_TRACE");

	return want && f->rules_on && strcmp(want, f->name) == 0;
}

static void trace_state(const struct flow_fn *f, unsigned block, const struct state *st)
{
	fprintf(stderr, "B%u:", block);
	for (unsigned k = 0; k < st->nobjs && k < f->nobjs; k++)
		if (st->objs[k].life)
			fprintf(stderr, " obj%u(%s life=%u flags=%x buf=%s)", k,
				f->objs[k].kind == OBJ_FOREIGN ? f->objs[k].home : "made",
				st->objs[k].life, st->objs[k].flags,
				st->objs[k].buffer ? st->objs[k].buffer : "-");
	for (unsigned i = 0; i < st->nenv; i++) {
		const struct value *v = &st->env[i].v;

		fprintf(stderr, "\n    %s = %d:%s%d", st->env[i].key, v->kind,
			v->kind == VAL_PATH || v->kind == VAL_ADDR || v->kind == VAL_EXPR ? v->path : "",
			v->kind == VAL_HANDLE || v->kind == VAL_CPU || v->kind == VAL_STATUS ? v->obj : 0);
	}
	for (unsigned i = 0; i < st->npending; i++)
		fprintf(stderr, "\n    pending %d %s obj%d", st->pending[i].kind,
			st->pending[i].mem ? st->pending[i].mem : "-", st->pending[i].obj);
	fputc('\n', stderr);
}

/* ------------------------------------------------------------------ driver */

static void push(struct run *r, unsigned block, struct state *st)
{
	dmc_grow((void **)&r->stack, &r->capstack, r->nstack, sizeof(*r->stack));
	r->stack[r->nstack++] = (struct work){ block, st };
}

/* Keeps st at the block, merged with a state of the same property; 0 if nothing new. */
static int admit(struct run *r, unsigned block, struct state **stp)
{
	struct block_states *bs = &r->at[block];
	struct state *st = *stp;

	state_reserve(st, r->f->nobjs);
	for (unsigned i = 0; i < bs->n; i++) {
		state_reserve(bs->items[i], r->f->nobjs);
		if (!state_same_property(bs->items[i], st))
			continue;
		if (!state_merge(bs->items[i], st))
			return 0;
		state_free(st);
		*stp = state_copy(bs->items[i]);
		return 1;
	}
	if (bs->n >= MAX_STATES_PER_BLOCK) {
		r->f->incomplete = 1;
		return 0;
	}
	bs->items = dmc_xrealloc(bs->items, (bs->n + 1) * sizeof(*bs->items));
	bs->items[bs->n++] = state_copy(st);
	return 1;
}

/*
 * A ring entry this iteration unmapped is, on the next one, the entry the
 * device filled in the meantime (or another one the same path names): what
 * the loop knows about handles it did not make does not go round.
 */
static void forget_released_foreign(struct flow_fn *f, struct state *st)
{
	for (unsigned k = 0; k < f->nobjs && k < st->nobjs; k++)
		if (f->objs[k].kind == OBJ_FOREIGN && st->objs[k].life == LIFE_RELEASED)
			state_forget_object(st, (int)k);
}

static void push_edge(struct run *r, const struct cfg_block *blk, size_t i, struct state *st)
{
	if (i < 32 && (blk->back_edges & (1u << i)))
		forget_released_foreign(r->f, st);
	push(r, blk->succs[i], st);
}

static void follow(struct run *r, const struct cfg_block *blk, struct state *st)
{
	struct flow_fn *f = r->f;
	struct state *other;

	switch (blk->term) {
	case TERM_JUMP:
		if (blk->nsuccs) {
			push_edge(r, blk, 0, st);
			return;
		}
		break;
	case TERM_BRANCH:
		other = state_copy(st);
		if (refine(f, st, blk->cond, 1))
			push_edge(r, blk, 0, st);
		else
			state_free(st);
		if (refine(f, other, blk->cond, 0))
			push_edge(r, blk, 1, other);
		else
			state_free(other);
		return;
	case TERM_SWITCH:
		for (size_t i = 0; i < blk->nsuccs; i++)
			push_edge(r, blk, i, i + 1 == blk->nsuccs ? st : state_copy(st));
		if (blk->nsuccs)
			return;
		break;
	case TERM_RETURN:
		at_exit(f, st, blk);
		break;
	default:
		break;
	}
	state_free(st);
}

/*
 * Whether the function, on some path, unmaps or frees what it reads back
 * from memory (an argument other than a plain variable), or calls a helper
 * that does: f->body_releases_unnamed.  A loop that unwinds ring slots may
 * be taken zero times on a path the analysis cannot rule out (`while (i--
 * > 0)` after the first slot was filled), so the leak rules look at this,
 * not only at what the path itself did.
 */
#define MAX_READ_BACK 16

/* Locals the function sets from memory (`dma = desc->addr_lo; dma |= (u64)desc->addr_hi << 32`). */
struct read_back {
	CXCursor vars[MAX_READ_BACK];
	unsigned n;
};

static int is_memory_read(CXTranslationUnit tu, CXCursor e)
{
	e = ast_strip_casts(e);
	switch (clang_getCursorKind(e)) {
	case CXCursor_MemberRefExpr:
	case CXCursor_ArraySubscriptExpr:
		return 1;
	case CXCursor_UnaryOperator:
		return ast_operator(tu, e) == OP_DEREF;
	case CXCursor_CallExpr: {
		char *name = ast_callee_name(e);
		int api = name && api_lookup(name);

		free(name);
		return !api;	/* le64_to_cpu(), desc_get_addr(): not a map */
	}
	default:
		return 0;
	}
}

static void note_read_back_var(struct flow_fn *f, const struct cfg_elem *el, struct read_back *rb)
{
	CXCursor var = clang_getNullCursor(), kids[2];

	if (el->kind == ELEM_INIT) {
		CXCursor init = clang_Cursor_getVarDeclInitializer(el->cursor);

		if (!ast_is_null(init) && is_memory_read(f->tu, init))
			var = el->cursor;
	} else if (el->kind == ELEM_ASSIGN && ast_children(el->cursor, kids, 2) == 2 &&
		   clang_getCursorKind(ast_strip(kids[0])) == CXCursor_DeclRefExpr &&
		   (clang_getCursorKind(el->cursor) == CXCursor_CompoundAssignOperator ||
		    is_memory_read(f->tu, kids[1]))) {
		var = clang_getCursorReferenced(ast_strip(kids[0]));
	}
	if (!ast_is_null(var) && rb->n < MAX_READ_BACK)
		rb->vars[rb->n++] = var;
}

static int is_read_back(const struct read_back *rb, CXCursor arg)
{
	CXCursor var;

	if (clang_getCursorKind(arg) != CXCursor_DeclRefExpr)
		return 1;	/* an expression: ring->buf[i].dma, le64_to_cpu(d->addr) */
	var = clang_getCursorReferenced(arg);
	for (unsigned i = 0; i < rb->n; i++)
		if (clang_equalCursors(rb->vars[i], var))
			return 1;
	return 0;
}

static void note_unnamed_release_in_body(struct flow_fn *f, CXCursor call, const char *name,
					 const struct api_fn *api, const struct read_back *rb)
{
	const struct summary *sum;

	if (api) {
		int arg = api->op == API_FREE && api->cpu >= 0 ? api->cpu : api->handle;
		unsigned kind = flow_release_kind(api);

		if (kind && arg >= 0 && arg < ast_num_args(call) &&
		    is_read_back(rb, ast_strip_casts(ast_arg(call, arg))))
			f->body_releases_unnamed |= kind;
		return;
	}
	if (f->an->summaries && (sum = summaries_find(f->an->summaries, ast_intern(name))))
		f->body_releases_unnamed |= sum->releases_unnamed;
}

int flow_maybe_released(const struct flow_fn *f, const struct state *st, int k)
{
	if (st->objs[k].flags & OS_MAYBE_RELEASED)
		return 1;
	return (f->body_releases_unnamed & object_release_kind(&f->objs[k])) &&
	       held_in_memory(st, k);
}

/*
 * The fields unmapped handles are read from anywhere in the function
 * ("dma" of `dma_unmap_page(dev, dma_unmap_addr(tx_buf, dma), ...)`).
 */
static void note_unmapped_fields(struct flow_fn *f)
{
	struct read_back rb = { .n = 0 };

	for (size_t b = 0; b < f->cfg->nblocks; b++)
		for (size_t e = 0; e < f->cfg->blocks[b].nelems; e++)
			note_read_back_var(f, &f->cfg->blocks[b].elems[e], &rb);
	for (size_t b = 0; b < f->cfg->nblocks; b++) {
		const struct cfg_block *blk = &f->cfg->blocks[b];

		for (size_t e = 0; e < blk->nelems; e++) {
			const struct api_fn *api;
			CXCursor arg;
			char *name;

			if (blk->elems[e].kind != ELEM_CALL ||
			    !(name = ast_callee_name(blk->elems[e].cursor)))
				continue;
			api = api_lookup(name);
			note_unnamed_release_in_body(f, blk->elems[e].cursor, name, api, &rb);
			free(name);
			if (!api || api->op != API_UNMAP || api->handle < 0)
				continue;
			arg = ast_strip_casts(ast_arg(blk->elems[e].cursor, api->handle));
			if (clang_getCursorKind(arg) != CXCursor_MemberRefExpr ||
			    f->nunmapped_fields >= MAX_UNMAPPED_FIELDS)
				continue;
			name = ast_spelling(arg);
			f->unmapped_fields[f->nunmapped_fields++] = ast_intern(name);
			free(name);
		}
	}
}

int flow_unmaps_field(const struct flow_fn *f, const char *field)
{
	for (unsigned i = 0; field && i < f->nunmapped_fields; i++)
		if (strcmp(f->unmapped_fields[i], field) == 0)
			return 1;
	return 0;
}

void flow_run(struct flow_fn *f)
{
	struct run r = { .f = f };
	struct cfg *cfg = f->cfg;

	r.at = dmc_xcalloc(cfg->nblocks, sizeof(*r.at));
	f->nunmapped_fields = 0;
	f->body_releases_unnamed = 0;
	note_unmapped_fields(f);
	push(&r, cfg->entry, state_new(f->nobjs));
	while (r.nstack) {
		struct work w = r.stack[--r.nstack];
		const struct cfg_block *blk = &cfg->blocks[w.block];

		if (++f->steps > STEP_BUDGET) {
			f->incomplete = 1;
			state_free(w.st);
			continue;
		}
		if (!admit(&r, w.block, &w.st)) {
			state_free(w.st);
			continue;
		}
		w.st->ncalls = 0;
		if (tracing(f))
			trace_state(f, w.block, w.st);
		for (size_t i = 0; i < blk->nelems; i++) {
			state_reserve(w.st, f->nobjs);
			transfer(f, w.st, &blk->elems[i]);
		}
		state_reserve(w.st, f->nobjs);
		follow(&r, blk, w.st);
	}
	for (size_t b = 0; b < cfg->nblocks; b++) {
		for (unsigned i = 0; i < r.at[b].n; i++)
			state_free(r.at[b].items[i]);
		free(r.at[b].items);
	}
	free(r.at);
	free(r.stack);
}
