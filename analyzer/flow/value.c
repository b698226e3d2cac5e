// SPDX-License-Identifier: GPL-2.0
/*
 * Values and storage paths of expressions.
 *
 * A storage path names where a value lives, in a syntax that keeps what
 * matters for ownership: "rb->dma" (through a pointer), "cmd.sg" (inside a
 * struct), "ring->buf->[i].dma" (an element behind a pointer: `->[i]`),
 * "stack_buf[2]" (an array element), "p->*" (what p points to).  Locals
 * are named by their names, globals "::name", and parameters "$0", "$1" in
 * summaries, so that a helper's effects can be replayed at a call site.
 * Local pointers are followed through the environment: after
 * `rb = &priv->rx.buf[i]`, `rb->dma` is "priv->rx.buf->[i].dma".
 *
 * A memory designator says which memory an access or mapping touches: the
 * storage a pointer points into, "skb->data->*" for what skb->data points
 * to, "page->@mem" for a page's memory, whatever the offset.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "context.h"
#include "flow.h"
#include "util.h"

#define MAX_TEXT 160

const char *flow_intern(const char *fmt, ...)
{
	va_list ap;
	char *s;
	const char *out;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		dmc_die_oom(strlen(fmt));
	va_end(ap);
	out = ast_intern(s);
	free(s);
	return out;
}

enum status_polarity status_negate(enum status_polarity p)
{
	static const enum status_polarity negated[] = { STATUS_NONZERO_OK, STATUS_ZERO_OK,
							STATUS_ZERO_FAILED, STATUS_NONZERO_FAILED };

	return negated[p];
}

int status_is_check(enum status_polarity p)
{
	return p == STATUS_NONZERO_FAILED || p == STATUS_ZERO_FAILED;
}

int value_equal(const struct value *a, const struct value *b)
{
	if (a->kind != b->kind)
		return 0;
	switch (a->kind) {
	case VAL_CONST:
		return a->num == b->num;
	case VAL_PATH:
	case VAL_ADDR:
	case VAL_EXPR:
		return a->path == b->path;
	case VAL_HANDLE:
	case VAL_CPU:
		return a->obj == b->obj;
	case VAL_STATUS:
		return a->obj == b->obj && a->polarity == b->polarity;
	case VAL_PHYS:
		return a->site == b->site;
	default:
		return 1;
	}
}

static struct value unknown(void)
{
	return (struct value){ .kind = VAL_UNKNOWN, .obj = -1 };
}

static struct value constant(long long n)
{
	return (struct value){ .kind = VAL_CONST, .obj = -1, .num = n };
}

static struct value at_path(enum value_kind kind, const char *path, enum mem_origin origin)
{
	return (struct value){ .kind = kind, .obj = -1, .path = path, .origin = origin };
}

static int is_kind(CXCursor c, enum CXCursorKind k)
{
	return clang_getCursorKind(c) == k;
}

static int is_array_type(CXType t)
{
	enum CXTypeKind k = clang_getCanonicalType(t).kind;

	return k == CXType_ConstantArray || k == CXType_IncompleteArray ||
	       k == CXType_VariableArray || k == CXType_DependentSizedArray;
}

const char *flow_decl_name(struct flow_fn *f, CXCursor decl)
{
	char *name = ast_spelling(decl);
	const char *out;

	if (is_kind(decl, CXCursor_ParmDecl) && f->summary_mode) {
		int n = clang_Cursor_getNumArguments(f->fn);

		for (int i = 0; i < n; i++) {
			if (clang_equalCursors(clang_Cursor_getArgument(f->fn, (unsigned)i), decl)) {
				free(name);
				return flow_intern("$%d", i);
			}
		}
	}
	if (is_kind(decl, CXCursor_VarDecl) && clang_Cursor_hasVarDeclGlobalStorage(decl))
		out = flow_intern("::%s", name);
	else
		out = ast_intern(name);
	free(name);
	return out;
}

/* Where a variable's storage is: the stack, the module image, read-only. */
static enum mem_origin decl_origin(CXCursor decl)
{
	if (!is_kind(decl, CXCursor_VarDecl) && !is_kind(decl, CXCursor_ParmDecl))
		return ORIGIN_NONE;
	if (is_kind(decl, CXCursor_VarDecl) && clang_Cursor_hasVarDeclGlobalStorage(decl)) {
		CXType t = clang_getCursorType(decl);

		while (is_array_type(t))
			t = clang_getElementType(t);
		return clang_isConstQualifiedType(t) ? ORIGIN_RODATA : ORIGIN_DATA;
	}
	return ORIGIN_STACK;
}

/* A variable's address, with where it lives and where it is declared. */
static struct value variable_address(struct flow_fn *f, const char *path, CXCursor decl)
{
	struct value v = at_path(VAL_ADDR, path, decl_origin(decl));

	if (v.origin != ORIGIN_NONE)
		v.site = analysis_site(f->an, decl, "declared here", f->name);
	return v;
}

static CXCursor referenced_var(CXCursor ref)
{
	CXCursor d = clang_getCursorReferenced(ref);

	if (is_kind(d, CXCursor_VarDecl) || is_kind(d, CXCursor_ParmDecl))
		return d;
	return clang_getNullCursor();
}

/* The address of storage, with where it lives when that is a variable of its own (&x, x.f, x[2]). */
static struct value address_of(struct flow_fn *f, CXCursor e, const char *path)
{
	CXCursor s = ast_strip(e);

	if (strstr(path, "->"))	/* behind a pointer: not the variable's own storage */
		return at_path(VAL_ADDR, path, ORIGIN_NONE);
	while (is_kind(s, CXCursor_MemberRefExpr) || is_kind(s, CXCursor_ArraySubscriptExpr))
		s = ast_strip(ast_child(s, 0));
	if (is_kind(s, CXCursor_DeclRefExpr) && !ast_is_null(referenced_var(s)))
		return variable_address(f, path, referenced_var(s));
	return at_path(VAL_ADDR, path, ORIGIN_NONE);
}

/*
 * Indices are named by the variables in them ("[i]", "[(i + 1)]"), not by
 * their values: a ring slot keeps one name across loop iterations, and any
 * assignment to i forgets what was known about slot [i].
 */
const char *flow_index_text(struct flow_fn *f, struct state *st, CXCursor idx)
{
	long long v;
	CXCursor s = ast_strip_casts(idx), kids[2];
	const char *a, *b;

	if (ast_eval_int(idx, &v))
		return flow_intern("%lld", v);
	switch (clang_getCursorKind(s)) {
	case CXCursor_DeclRefExpr:
		s = referenced_var(s);
		return ast_is_null(s) ? "?" : flow_decl_name(f, s);
	case CXCursor_BinaryOperator:
		if (ast_children(s, kids, 2) != 2)
			return "?";
		a = flow_index_text(f, st, kids[0]);
		b = flow_index_text(f, st, kids[1]);
		return flow_intern("(%s %s %s)", a, ast_op_spelling(ast_operator(f->tu, s)), b);
	default:
		a = flow_lvalue(f, st, s);
		return a ? a : "?";
	}
}

static const char *member_path(struct flow_fn *f, struct state *st, CXCursor e)
{
	CXCursor base = ast_child(e, 0);
	char *field;
	const char *out = NULL;

	if (ast_is_null(base))
		return NULL;
	field = ast_spelling(e);
	if (ast_type_is_pointer(clang_getCursorType(base))) {
		struct value v = flow_eval(f, st, base);

		if (v.kind == VAL_PATH)
			out = flow_intern("%s->%s", v.path, field);
		else if (v.kind == VAL_ADDR)
			out = flow_intern(*field ? "%s.%s" : "%s%s", v.path, field);
	} else {
		const char *b = flow_lvalue(f, st, base);

		/* a member of an anonymous struct or union: p->(anonymous).f is p->f */
		if (b && !*field)
			out = b;
		else if (b && (strlen(b) < 2 || strcmp(b + strlen(b) - 2, "->")))
			out = flow_intern("%s.%s", b, field);
		else if (b)
			out = flow_intern("%s%s", b, field);
	}
	free(field);
	return out;
}

static const char *subscript_path(struct flow_fn *f, struct state *st, CXCursor e)
{
	CXCursor kids[2], array;
	const char *idx;

	if (ast_children(e, kids, 2) != 2)
		return NULL;
	idx = flow_index_text(f, st, kids[1]);
	array = ast_strip(kids[0]);
	if (is_array_type(clang_getCursorType(array))) {
		const char *b = flow_lvalue(f, st, array);

		return b ? flow_intern("%s[%s]", b, idx) : NULL;
	}
	{
		struct value v = flow_eval(f, st, kids[0]);

		if (v.kind == VAL_PATH)
			return flow_intern("%s->[%s]", v.path, idx);
		if (v.kind == VAL_ADDR)
			return flow_intern("%s[%s]", v.path, idx);
	}
	return NULL;
}

const char *flow_lvalue(struct flow_fn *f, struct state *st, CXCursor e)
{
	struct value v;
	CXCursor var;

	e = ast_strip(e);
	switch (clang_getCursorKind(e)) {
	case CXCursor_DeclRefExpr:
		var = referenced_var(e);
		return ast_is_null(var) ? NULL : flow_decl_name(f, var);
	case CXCursor_MemberRefExpr:
		return member_path(f, st, e);
	case CXCursor_ArraySubscriptExpr:
		return subscript_path(f, st, e);
	case CXCursor_UnaryOperator:
		if (ast_operator(f->tu, e) != OP_DEREF)
			return NULL;
		v = flow_eval(f, st, ast_child(e, 0));
		if (v.kind == VAL_PATH)
			return flow_intern("%s->*", v.path);
		if (v.kind == VAL_ADDR)
			return v.path;
		return NULL;
	default:
		return NULL;
	}
}

/*
 * The value stored at path on this path, or its unknown contents.  A local
 * that holds "the contents of rb->dma" holds whatever is now known to be in
 * rb->dma: a store to rb->dma since would have forgotten the local's value.
 */
static struct value load(struct state *st, const char *path, enum mem_origin origin)
{
	const struct value *v = env_get(st, path);

	for (int depth = 0; v && v->kind == VAL_PATH && depth < 4; depth++) {
		const struct value *behind = env_get(st, v->path);

		if (!behind || behind->kind == VAL_PATH)
			break;
		v = behind;
	}
	return v ? *v : at_path(VAL_PATH, path, origin);
}

static struct value eval_lvalue(struct flow_fn *f, struct state *st, CXCursor e)
{
	const char *path = flow_lvalue(f, st, e);

	if (!path)
		return unknown();
	if (is_array_type(clang_getCursorType(e)))	/* arrays decay to their address */
		return address_of(f, e, path);
	return load(st, path, ORIGIN_NONE);
}

static struct value eval_unary(struct flow_fn *f, struct state *st, CXCursor e)
{
	long long n;
	const char *path;

	switch (ast_operator(f->tu, e)) {
	case OP_DEREF:
		return eval_lvalue(f, st, e);
	case OP_ADDR_OF:
		path = flow_lvalue(f, st, ast_child(e, 0));
		return path ? address_of(f, ast_child(e, 0), path) : unknown();
	case OP_NOT: {
		struct value inner = flow_eval(f, st, ast_child(e, 0));

		if (inner.kind == VAL_STATUS) {
			inner.polarity = status_negate(inner.polarity);
			return inner;
		}
		return ast_eval_int(e, &n) ? constant(n) : unknown();
	}
	default:
		if (ast_eval_int(e, &n))
			return constant(n);
		return unknown();
	}
}

/* Arithmetic that keeps an address an address: lower_32_bits(), dma + off, pa >> 12. */
static int keeps_address(enum ast_op op)
{
	return op == OP_ADD || op == OP_SUB || op == OP_ARITH;
}

static struct value eval_binary(struct flow_fn *f, struct state *st, CXCursor e)
{
	CXCursor kids[2];
	long long n;
	const char *text;

	if (ast_children(e, kids, 2) != 2)
		return unknown();
	switch (ast_operator(f->tu, e)) {
	case OP_ASSIGN:
	case OP_COMMA:
		return flow_eval(f, st, kids[1]);
	case OP_ADD:
	case OP_SUB:
		/* p + n is &p[n]: an element of what p points into */
		if (ast_type_is_pointer(clang_getCursorType(e))) {
			int left = ast_type_is_pointer(clang_getCursorType(kids[0]));
			struct value base = flow_eval(f, st, left ? kids[0] : kids[1]);
			const char *idx = flow_index_text(f, st, left ? kids[1] : kids[0]);
			int minus = ast_operator(f->tu, e) == OP_SUB;

			if (base.kind == VAL_PATH)
				return at_path(VAL_ADDR, flow_intern("%s->[%s%s]", base.path,
								     minus ? "-" : "", idx),
					       base.origin);
			/* an array member decays to its address: mp->txq + i is &mp->txq[i] */
			if (base.kind == VAL_ADDR && base.path && base.path[0] != '@')
				return at_path(VAL_ADDR, flow_intern("%s[%s%s]", base.path,
								     minus ? "-" : "", idx),
					       base.origin);
			return base;
		}
		break;
	default:
		break;
	}
	if (ast_eval_int(e, &n))
		return constant(n);
	if (keeps_address(ast_operator(f->tu, e))) {
		struct value a = flow_eval(f, st, kids[0]), b = flow_eval(f, st, kids[1]);

		if (a.kind == VAL_PHYS || a.kind == VAL_HANDLE)
			return a;
		if (b.kind == VAL_PHYS || b.kind == VAL_HANDLE)
			return b;
	}
	text = flow_expr_text(f, st, e);
	return text ? at_path(VAL_EXPR, text, ORIGIN_NONE) : unknown();
}

static struct value eval_call(struct flow_fn *f, struct state *st, CXCursor e)
{
	const struct value *known = call_value_get(st, e);
	char *name;
	struct value v = unknown();

	if (known)
		return *known;
	name = ast_callee_name(e);
	if (!name) {
		/* builtins have no declaration: likely(x) is __builtin_expect(!!(x), 1) */
		char *spelled = ast_spelling(e);

		if (strcmp(spelled, "__builtin_expect") == 0)
			v = flow_eval(f, st, ast_arg(e, 0));
		free(spelled);
		return v;
	}
	switch (cpu_origin(name)) {
	case ORIGIN_PAGE_ADDRESS:
		v = flow_eval(f, st, ast_arg(e, 0));
		v = v.kind == VAL_PATH ? at_path(VAL_ADDR, flow_intern("%s->@mem", v.path), ORIGIN_NONE)
				       : unknown();
		break;
	case ORIGIN_ERR_PTR:
		v = flow_eval(f, st, ast_arg(e, 0));
		break;
	default:
		break;
	}
	free(name);
	return v;
}

static struct value eval_decl_ref(struct flow_fn *f, struct state *st, CXCursor e)
{
	CXCursor var = referenced_var(e);
	long long n;
	const char *name;

	if (ast_is_null(var))
		return ast_eval_int(e, &n) ? constant(n) : unknown();	/* enumerators */
	name = flow_decl_name(f, var);
	if (is_array_type(clang_getCursorType(var)))
		return variable_address(f, name, var);
	return load(st, name, ORIGIN_NONE);
}

/* page_to_phys() and __pa() are macros of plain arithmetic: known by the name written. */
static int written_as_phys(struct flow_fn *f, CXCursor e, unsigned *site)
{
	static const char *const macros[] = { "page_to_phys", "__pa", "__pa_symbol", "virt_to_bus",
					      "page_to_bus" };
	char *name = ast_written_name(f->tu, e);
	int found = 0;

	for (size_t i = 0; name && i < sizeof(macros) / sizeof(macros[0]); i++)
		found |= strcmp(name, macros[i]) == 0;
	if (found)
		*site = analysis_site(f->an, e, flow_intern("%s()", name), f->name);
	free(name);
	return found;
}

struct value flow_eval(struct flow_fn *f, struct state *st, CXCursor e)
{
	long long n;
	char *s;
	struct value v;
	unsigned site;

	e = ast_strip(e);
	switch (clang_getCursorKind(e)) {
	case CXCursor_BinaryOperator:
	case CXCursor_CStyleCastExpr:
	case CXCursor_ParenExpr:
		if (written_as_phys(f, e, &site))
			return (struct value){ .kind = VAL_PHYS, .obj = -1, .site = site };
		break;
	default:
		break;
	}
	switch (clang_getCursorKind(e)) {
	case CXCursor_IntegerLiteral:
	case CXCursor_CharacterLiteral:
	case CXCursor_UnaryExpr:	/* sizeof */
		return ast_eval_int(e, &n) ? constant(n) : unknown();
	case CXCursor_StringLiteral:
		s = ast_spelling(e);
		v = at_path(VAL_ADDR, ast_intern(s), ORIGIN_RODATA);
		free(s);
		return v;
	case CXCursor_CStyleCastExpr:
		return flow_eval(f, st, ast_last_child(e));
	case CXCursor_DeclRefExpr:
		return eval_decl_ref(f, st, e);
	case CXCursor_MemberRefExpr:
	case CXCursor_ArraySubscriptExpr:
		return eval_lvalue(f, st, e);
	case CXCursor_UnaryOperator:
		return eval_unary(f, st, e);
	case CXCursor_BinaryOperator:
		return eval_binary(f, st, e);
	case CXCursor_CallExpr:
		return eval_call(f, st, e);
	case CXCursor_StmtExpr: {
		CXCursor last = ast_last_child(ast_child(e, 0));

		if (!ast_is_null(last) && clang_isExpression(clang_getCursorKind(last)))
			return flow_eval(f, st, last);
		return unknown();
	}
	case CXCursor_ConditionalOperator:
		return st->arm;
	case CXCursor_UnexposedExpr: {
		CXCursor common, other;

		if (ast_binary_conditional(e, &common, &other))
			return st->arm;
		return ast_eval_int(e, &n) ? constant(n) : unknown();
	}
	default:
		return ast_eval_int(e, &n) ? constant(n) : unknown();
	}
}

/* ----------------------------------------------------------- designators */

/* x[2] is part of x; p->[i] is part of what p points to. */
static const char *normalize_mem(const char *path)
{
	size_t n = strlen(path);
	char *copy;
	const char *out;

	if (n == 0 || path[n - 1] != ']')
		return path;
	copy = dmc_xstrdup(path);
	while (n && copy[n - 1] == ']') {
		size_t depth = 0, i = n;

		while (i > 0) {
			i--;
			if (copy[i] == ']')
				depth++;
			else if (copy[i] == '[' && --depth == 0)
				break;
		}
		if (i >= 2 && copy[i - 1] == '>' && copy[i - 2] == '-') {
			strcpy(copy + i, "*");
			break;
		}
		copy[i] = '\0';
		n = i;
	}
	out = ast_intern(copy);
	free(copy);
	return out;
}

const char *flow_mem_of(const struct value *v)
{
	if (v->kind == VAL_PATH)
		return normalize_mem(flow_intern("%s->*", v->path));
	if (v->kind == VAL_ADDR)
		return normalize_mem(v->path);
	return NULL;
}

const char *flow_mem_arg(struct flow_fn *f, struct state *st, CXCursor arg, enum mem_form form)
{
	struct value v;

	if (ast_is_null(arg))
		return NULL;
	v = flow_eval(f, st, arg);
	if (v.kind != VAL_PATH && v.kind != VAL_ADDR)
		return NULL;
	switch (form) {
	case MEM_PTR:
		return flow_mem_of(&v);
	case MEM_PAGE:
		return v.kind == VAL_PATH ? flow_intern("%s->@mem", v.path) : NULL;
	case MEM_SKB:
		return flow_intern(v.kind == VAL_PATH ? "%s->data->*" : "%s.data->*", v.path);
	case MEM_FRAG:
		return flow_intern(v.kind == VAL_PATH ? "%s->@mem" : "%s.@mem", v.path);
	case MEM_SG:
	case MEM_SGTABLE:
		return flow_intern(v.kind == VAL_PATH ? "%s->@sg" : "%s.@sg", normalize_mem(v.path));
	default:
		return NULL;
	}
}

const char *flow_path_c(const char *path)
{
	char *out = dmc_xstrdup(path ? path : "?"), *w = out;
	const char *interned;

	for (const char *r = out; *r;) {
		if (strncmp(r, "->[", 3) == 0) {
			*w++ = '[';
			r += 3;
		} else if (strncmp(r, "->*", 3) == 0 && r[3] == '\0') {
			r += 3;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
	interned = ast_intern(out);
	free(out);
	return interned;
}

int flow_param_of(const struct value *v)
{
	char *end;
	long n;

	if (v->kind != VAL_PATH || v->path[0] != '$')
		return -1;
	n = strtol(v->path + 1, &end, 10);
	return *end == '\0' && n >= 0 && n < 32 ? (int)n : -1;
}

int flow_path_param_relative(const char *path)
{
	int depth = 0;

	if (!path || path[0] != '$')
		return 0;
	for (const char *p = path; *p; p++) {
		int ident = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_';

		if (*p == '[')
			depth++;
		else if (*p == ']')
			depth--;
		else if (depth && ident && p[-1] != '$' && p[-1] != '.' && p[-1] != '>' &&
			 !((p[-1] >= 'a' && p[-1] <= 'z') || (p[-1] >= 'A' && p[-1] <= 'Z') ||
			   (p[-1] >= '0' && p[-1] <= '9') || p[-1] == '_'))
			return 0;	/* a variable of the helper's own */
	}
	return 1;
}

int flow_path_is_local(const char *path)
{
	/* globals, literals and allocations ("@vmalloc#12") are not the frame's */
	return path && path[0] != ':' && path[0] != '"' && path[0] != '@' && !strstr(path, "->");
}

int flow_path_is_variable(const char *path)
{
	return path && !strpbrk(path, ".[-");
}

/* ------------------------------------------------------------------ texts */

static const char *call_text(struct flow_fn *f, struct state *st, CXCursor e)
{
	char *name = ast_callee_name(e), *buf;
	int n = ast_num_args(e);
	const char *out;

	if (!name)
		return NULL;
	buf = dmc_xasprintf("%s(", name);
	for (int i = 0; i < n; i++) {
		const char *a = flow_expr_text(f, st, ast_arg(e, i));
		char *more = dmc_xasprintf("%s%s%s", buf, i ? "," : "", a ? a : "?");

		free(buf);
		buf = more;
	}
	out = strlen(buf) < MAX_TEXT ? flow_intern("%s)", buf) : NULL;
	free(buf);
	free(name);
	return out;
}

static const char *value_text(const struct value *v, const char *path)
{
	switch (v->kind) {
	case VAL_CONST:
		return flow_intern("%lld", v->num);
	case VAL_EXPR:
	case VAL_PATH:
		return v->path;
	case VAL_ADDR:
		return flow_intern("&%s", v->path);
	default:
		return path;
	}
}

const char *flow_expr_text(struct flow_fn *f, struct state *st, CXCursor e)
{
	long long n;
	const char *path, *a, *b;
	CXCursor kids[2];

	e = ast_strip_casts(e);
	if (ast_eval_int(e, &n))
		return flow_intern("%lld", n);
	switch (clang_getCursorKind(e)) {
	case CXCursor_DeclRefExpr:
	case CXCursor_MemberRefExpr:
	case CXCursor_ArraySubscriptExpr:
		path = flow_lvalue(f, st, e);
		if (!path)
			return NULL;
		{
			const struct value *v = env_get(st, path);

			return v ? value_text(v, path) : path;
		}
	case CXCursor_CallExpr:
		return call_text(f, st, e);
	case CXCursor_BinaryOperator:
		if (ast_children(e, kids, 2) != 2)
			return NULL;
		a = flow_expr_text(f, st, kids[0]);
		b = flow_expr_text(f, st, kids[1]);
		if (!a || !b || strlen(a) + strlen(b) > MAX_TEXT)
			return NULL;
		return flow_intern("(%s %s %s)", a, ast_op_spelling(ast_operator(f->tu, e)), b);
	case CXCursor_UnaryOperator:
		if (ast_operator(f->tu, e) == OP_DEREF)
			return flow_lvalue(f, st, e);
		a = flow_expr_text(f, st, ast_child(e, 0));
		return a ? flow_intern("%s%s", ast_op_spelling(ast_operator(f->tu, e)), a) : NULL;
	default:
		return NULL;
	}
}
