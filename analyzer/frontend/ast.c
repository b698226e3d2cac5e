// SPDX-License-Identifier: GPL-2.0
/*
 * Cursor helpers.
 *
 * The delicate part is operators: libclang 14 cannot say which operator a
 * BinaryOperator or UnaryOperator is, and kernel code is macros all the
 * way down (likely(), dma_unmap_addr_set(), WRITE_ONCE()), where cursor
 * extents point at the macro's use.  clang_tokenize() maps a range through
 * the spelling of its start, so the tokens from an operator expression's
 * start up to its right operand's start end with "<op> <first token of the
 * right operand>", whether the expression is spelled in the driver or in a
 * macro body.  When that cannot be checked (operands from different macro
 * levels), the operator is told from the shape of the tree: an assignment's
 * left operand is an lvalue with no conversion, and so on.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "util.h"

/* ---------------------------------------------------------------- children */

struct child_collector {
	CXCursor *out;
	unsigned max;
	unsigned count;
};

static enum CXChildVisitResult collect(CXCursor c, CXCursor parent, CXClientData data)
{
	struct child_collector *cc = data;

	if (cc->count < cc->max)
		cc->out[cc->count] = c;
	cc->count++;
	return CXChildVisit_Continue;
}

unsigned ast_children(CXCursor c, CXCursor *out, unsigned max)
{
	struct child_collector cc = { out, max, 0 };

	clang_visitChildren(c, collect, &cc);
	return cc.count;
}

CXCursor *ast_children_alloc(CXCursor c, unsigned *n)
{
	unsigned count = ast_child_count(c);
	CXCursor *out = dmc_xcalloc(count + 1, sizeof(CXCursor));

	*n = ast_children(c, out, count);
	return out;
}

unsigned ast_child_count(CXCursor c)
{
	return ast_children(c, NULL, 0);
}

struct nth {
	unsigned want;
	unsigned at;
	CXCursor found;
};

static enum CXChildVisitResult pick(CXCursor c, CXCursor parent, CXClientData data)
{
	struct nth *n = data;

	if (n->at++ == n->want) {
		n->found = c;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Continue;
}

CXCursor ast_child(CXCursor c, unsigned index)
{
	struct nth n = { index, 0, clang_getNullCursor() };

	clang_visitChildren(c, pick, &n);
	return n.found;
}

static enum CXChildVisitResult keep_last(CXCursor c, CXCursor parent, CXClientData data)
{
	*(CXCursor *)data = c;
	return CXChildVisit_Continue;
}

CXCursor ast_last_child(CXCursor c)
{
	CXCursor last = clang_getNullCursor();

	clang_visitChildren(c, keep_last, &last);
	return last;
}

int ast_is_null(CXCursor c)
{
	return clang_Cursor_isNull(c);
}

/* ------------------------------------------------------------ stripping */

static int is_implicit(CXCursor c)
{
	return clang_getCursorKind(c) == CXCursor_UnexposedExpr && ast_child_count(c) == 1;
}

CXCursor ast_strip(CXCursor c)
{
	for (;;) {
		enum CXCursorKind k = clang_getCursorKind(c);

		if (k == CXCursor_ParenExpr || is_implicit(c))
			c = ast_child(c, 0);
		else
			return c;
	}
}

int ast_binary_conditional(CXCursor c, CXCursor *common, CXCursor *other)
{
	CXCursor kids[5];
	CXSourceRange r0, r;

	if (clang_getCursorKind(c) != CXCursor_UnexposedExpr || ast_children(c, kids, 5) != 4)
		return 0;
	r0 = clang_getCursorExtent(kids[0]);
	for (int i = 1; i < 3; i++) {
		r = clang_getCursorExtent(kids[i]);
		if (!clang_equalRanges(r0, r))
			return 0;
	}
	*common = kids[0];
	*other = kids[3];
	return 1;
}

CXCursor ast_strip_casts(CXCursor c)
{
	for (;;) {
		c = ast_strip(c);
		if (clang_getCursorKind(c) != CXCursor_CStyleCastExpr)
			return c;
		/* A cast's children: the TypeRef (when named) and the operand, last. */
		c = ast_last_child(c);
	}
}

/* ------------------------------------------------------------- operators */

static enum ast_op binary_from_token(const char *t)
{
	static const struct {
		const char *tok;
		enum ast_op op;
	} ops[] = {
		{ "=", OP_ASSIGN }, { ",", OP_COMMA }, { "&&", OP_LAND }, { "||", OP_LOR },
		{ "==", OP_EQ }, { "!=", OP_NE }, { "<", OP_LT }, { ">", OP_GT }, { "<=", OP_LE },
		{ ">=", OP_GE }, { "+", OP_ADD }, { "-", OP_SUB }, { "*", OP_ARITH },
		{ "/", OP_ARITH }, { "%", OP_ARITH }, { "<<", OP_ARITH }, { ">>", OP_ARITH },
		{ "&", OP_ARITH }, { "|", OP_ARITH }, { "^", OP_ARITH },
	};

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (strcmp(t, ops[i].tok) == 0)
			return ops[i].op;
	return OP_NONE;
}

static enum ast_op unary_from_token(const char *t)
{
	static const struct {
		const char *tok;
		enum ast_op op;
	} ops[] = {
		{ "!", OP_NOT }, { "*", OP_DEREF }, { "&", OP_ADDR_OF }, { "-", OP_NEG },
		{ "~", OP_BIT_NOT }, { "+", OP_PLUS }, { "++", OP_INC_DEC }, { "--", OP_INC_DEC },
	};

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (strcmp(t, ops[i].tok) == 0)
			return ops[i].op;
	return OP_NONE;
}

/* The first token of a cursor, as spelled (in the driver or in a macro body). */
static int first_token(CXTranslationUnit tu, CXCursor c, CXSourceLocation *loc)
{
	CXSourceLocation start = clang_getRangeStart(clang_getCursorExtent(c));
	CXToken *toks;
	unsigned n;

	clang_tokenize(tu, clang_getRange(start, start), &toks, &n);
	if (n)
		*loc = clang_getTokenLocation(tu, toks[0]);
	clang_disposeTokens(tu, toks, n);
	return n != 0;
}

/* Where a cursor starts in the file (a macro argument: where it is written). */
static void file_start(CXCursor c, CXFile *file, unsigned *offset)
{
	clang_getFileLocation(clang_getRangeStart(clang_getCursorExtent(c)), file, NULL, NULL,
			      offset);
}

/*
 * The token just before `right` in the file text from `left` to `right`:
 * works when both are written in the file (plain code, macro arguments).
 */
static int token_between(CXTranslationUnit tu, CXCursor left, CXCursor right, char **tok)
{
	CXFile lf, rf;
	unsigned lo, ro, n, last_off;
	CXToken *toks;
	int ok = 0;

	file_start(left, &lf, &lo);
	file_start(right, &rf, &ro);
	if (!lf || !clang_File_isEqual(lf, rf) || lo >= ro || ro - lo > 65536)
		return 0;
	clang_tokenize(tu, clang_getRange(clang_getLocationForOffset(tu, lf, lo),
					  clang_getLocationForOffset(tu, lf, ro)), &toks, &n);
	if (n >= 2) {
		clang_getFileLocation(clang_getTokenLocation(tu, toks[n - 1]), NULL, NULL, NULL,
				      &last_off);
		if (last_off == ro) {
			CXString s = clang_getTokenSpelling(tu, toks[n - 2]);

			*tok = dmc_xstrdup(clang_getCString(s));
			clang_disposeString(s);
			ok = 1;
		}
	}
	clang_disposeTokens(tu, toks, n);
	return ok;
}

/*
 * The same inside a macro body: the tokens from `whole`'s start up to
 * `right`'s start, as spelled in the macro's definition, end with the
 * operator and right's first token.  0 if that cannot be checked.
 */
static int token_before(CXTranslationUnit tu, CXCursor whole, CXCursor right, char **tok)
{
	CXSourceRange range = clang_getRange(clang_getRangeStart(clang_getCursorExtent(whole)),
					     clang_getRangeStart(clang_getCursorExtent(right)));
	CXSourceLocation right_loc;
	CXToken *toks;
	unsigned n;
	int ok = 0;

	if (!first_token(tu, right, &right_loc))
		return 0;
	clang_tokenize(tu, range, &toks, &n);
	/* Operands of one expression sit close together; a long run is a mismatch. */
	if (n >= 2 && n < 4096 &&
	    clang_equalLocations(clang_getTokenLocation(tu, toks[n - 1]), right_loc)) {
		CXString s = clang_getTokenSpelling(tu, toks[n - 2]);

		*tok = dmc_xstrdup(clang_getCString(s));
		clang_disposeString(s);
		ok = 1;
	}
	clang_disposeTokens(tu, toks, n);
	return ok;
}

/*
 * The token after `left`'s tokens, when left's extent is a plain range of
 * the file and `right` starts right after that token: a macro argument's
 * neighbour in the invocation is a comma, not the operator.
 */
static int token_after(CXTranslationUnit tu, CXCursor whole, CXCursor left, CXCursor right,
		       char **tok)
{
	CXToken *all, *lefts;
	unsigned n, nl;
	CXSourceLocation right_loc;
	int ok = 0;

	if (!first_token(tu, right, &right_loc))
		return 0;
	clang_tokenize(tu, clang_getCursorExtent(whole), &all, &n);
	clang_tokenize(tu, clang_getCursorExtent(left), &lefts, &nl);
	if (nl && nl + 1 < n && n < 4096 &&
	    clang_equalLocations(clang_getTokenLocation(tu, all[0]),
				 clang_getTokenLocation(tu, lefts[0])) &&
	    clang_equalLocations(clang_getTokenLocation(tu, all[nl - 1]),
				 clang_getTokenLocation(tu, lefts[nl - 1])) &&
	    clang_equalLocations(clang_getTokenLocation(tu, all[nl + 1]), right_loc)) {
		CXString s = clang_getTokenSpelling(tu, all[nl]);

		*tok = dmc_xstrdup(clang_getCString(s));
		clang_disposeString(s);
		ok = 1;
	}
	clang_disposeTokens(tu, all, n);
	clang_disposeTokens(tu, lefts, nl);
	return ok;
}

static int is_lvalue_kind(CXTranslationUnit tu, CXCursor c)
{
	switch (clang_getCursorKind(c)) {
	case CXCursor_DeclRefExpr:
	case CXCursor_MemberRefExpr:
	case CXCursor_ArraySubscriptExpr:
		return 1;
	case CXCursor_ParenExpr:
		return is_lvalue_kind(tu, ast_child(c, 0));
	case CXCursor_UnaryOperator:
		return ast_operator(tu, c) == OP_DEREF;
	default:
		return 0;
	}
}

static enum ast_op binary_by_shape(CXTranslationUnit tu, CXCursor c, CXCursor left)
{
	CXType t = clang_getCanonicalType(clang_getCursorType(c));

	/* Every operand of other operators is converted to an rvalue first. */
	if (is_lvalue_kind(tu, left))
		return OP_ASSIGN;
	if (t.kind == CXType_Int)
		return OP_COMPARE_UNKNOWN;
	/* a pointer result is pointer arithmetic: p + n (or p - n, told apart only by tokens) */
	if (t.kind == CXType_Pointer)
		return OP_ADD;
	return OP_ARITH;
}

static enum ast_op unary_by_shape(CXTranslationUnit tu, CXCursor c, CXCursor operand)
{
	CXType t = clang_getCanonicalType(clang_getCursorType(c));
	CXType ot = clang_getCanonicalType(clang_getCursorType(operand));

	if (is_lvalue_kind(tu, operand)) {
		if (clang_equalTypes(t, ot))
			return OP_INC_DEC;
		if (t.kind == CXType_Pointer)
			return OP_ADDR_OF;
	}
	if (ot.kind == CXType_Pointer &&
	    clang_equalTypes(clang_getCanonicalType(clang_getPointeeType(ot)), t))
		return OP_DEREF;
	return OP_UNKNOWN;
}

/* The operator token of a prefix operator written in the file, if it is. */
static enum ast_op unary_in_file(CXTranslationUnit tu, CXCursor c, CXCursor operand)
{
	char *tok;
	enum ast_op op;

	if (!token_between(tu, c, operand, &tok))
		return OP_NONE;
	op = unary_from_token(tok);
	free(tok);
	return op;
}

static enum ast_op unary_operator(CXTranslationUnit tu, CXCursor c)
{
	CXCursor operand = ast_child(c, 0);
	CXSourceLocation start = clang_getRangeStart(clang_getCursorExtent(c));
	CXSourceLocation operand_loc, first;
	CXToken *toks;
	unsigned n;
	enum ast_op op;

	if (ast_is_null(operand))
		return OP_UNKNOWN;
	op = unary_in_file(tu, c, operand);
	if (op != OP_NONE)
		return op;
	/* In a macro body: the first token as spelled there. */
	clang_tokenize(tu, clang_getRange(start, start), &toks, &n);
	if (n && first_token(tu, operand, &operand_loc)) {
		first = clang_getTokenLocation(tu, toks[0]);
		if (clang_equalLocations(first, operand_loc)) {
			op = OP_INC_DEC;	/* x++: the operand comes first */
		} else {
			CXString s = clang_getTokenSpelling(tu, toks[0]);

			op = unary_from_token(clang_getCString(s));
			clang_disposeString(s);
		}
	}
	clang_disposeTokens(tu, toks, n);
	return op != OP_NONE ? op : unary_by_shape(tu, c, operand);
}

/* Operators already read, by cursor, while one translation unit is analysed. */
struct op_memo {
	CXTranslationUnit tu;	/* NULL: nothing is remembered */
	struct op_slot {
		CXCursor cursor;
		enum ast_op op;
		int used;
	} *slots;
	size_t cap, count;
};

static struct op_memo op_memo;

void ast_operators_forget(void)
{
	free(op_memo.slots);
	memset(&op_memo, 0, sizeof(op_memo));
}

void ast_operators_remember(CXTranslationUnit tu)
{
	ast_operators_forget();
	op_memo.tu = tu;
}

static struct op_slot *op_slot(CXCursor c)
{
	size_t at = clang_hashCursor(c) & (op_memo.cap - 1);

	while (op_memo.slots[at].used && !clang_equalCursors(op_memo.slots[at].cursor, c))
		at = (at + 1) & (op_memo.cap - 1);
	return &op_memo.slots[at];
}

static void op_memo_grow(void)
{
	struct op_slot *old = op_memo.slots;
	size_t old_cap = op_memo.cap;

	op_memo.cap = old_cap ? old_cap * 2 : 1024;
	op_memo.slots = dmc_xcalloc(op_memo.cap, sizeof(*op_memo.slots));
	for (size_t i = 0; i < old_cap; i++)
		if (old[i].used)
			*op_slot(old[i].cursor) = old[i];
	free(old);
}

static enum ast_op operator_of(CXTranslationUnit tu, CXCursor c);

enum ast_op ast_operator(CXTranslationUnit tu, CXCursor c)
{
	struct op_slot *slot;
	enum ast_op op;

	if (!op_memo.tu || op_memo.tu != tu)
		return operator_of(tu, c);
	if ((op_memo.count + 1) * 2 > op_memo.cap)
		op_memo_grow();
	slot = op_slot(c);
	if (slot->used)
		return slot->op;
	op = operator_of(tu, c);
	/* operator_of() may have remembered others and moved the table. */
	if ((op_memo.count + 1) * 2 > op_memo.cap)
		op_memo_grow();
	slot = op_slot(c);
	if (!slot->used) {
		slot->cursor = c;
		slot->op = op;
		slot->used = 1;
		op_memo.count++;
	}
	return op;
}

static enum ast_op operator_of(CXTranslationUnit tu, CXCursor c)
{
	CXCursor kids[2];
	char *tok = NULL;
	enum ast_op op = OP_NONE;

	switch (clang_getCursorKind(c)) {
	case CXCursor_CompoundAssignOperator:
		return OP_COMPOUND_ASSIGN;
	case CXCursor_UnaryOperator:
		return unary_operator(tu, c);
	case CXCursor_BinaryOperator:
		break;
	default:
		return OP_NONE;
	}
	if (ast_children(c, kids, 2) != 2)
		return OP_UNKNOWN;
	if (token_between(tu, kids[0], kids[1], &tok) || token_before(tu, c, kids[1], &tok) ||
	    token_after(tu, c, kids[0], kids[1], &tok)) {
		op = binary_from_token(tok);
		free(tok);
	}
	return op != OP_NONE ? op : binary_by_shape(tu, c, kids[0]);
}

const char *ast_op_spelling(enum ast_op op)
{
	static const char *const names[] = {
		"", "=", "op=", ",", "&&", "||", "==", "!=", "<", ">", "<=", ">=", "+", "-", "#",
		"?", "!", "*", "&", "-", "~", "+", "++", "?",
	};

	return op < sizeof(names) / sizeof(names[0]) ? names[op] : "?";
}

/* ------------------------------------------------------------------ calls */

CXCursor ast_callee(CXCursor call)
{
	CXCursor ref = clang_getCursorReferenced(call);

	if (clang_getCursorKind(ref) == CXCursor_FunctionDecl)
		return ref;
	return clang_getNullCursor();
}

char *ast_callee_name(CXCursor call)
{
	CXCursor callee = ast_callee(call);

	return ast_is_null(callee) ? NULL : ast_spelling(callee);
}

char *ast_written_name(CXTranslationUnit tu, CXCursor c)
{
	CXFile file;
	unsigned offset;
	CXSourceLocation at;
	CXToken *toks;
	unsigned n;
	char *written = NULL;

	clang_getFileLocation(clang_getRangeStart(clang_getCursorExtent(c)), &file, NULL, NULL,
			      &offset);
	if (!file)
		return NULL;
	at = clang_getLocationForOffset(tu, file, offset);
	clang_tokenize(tu, clang_getRange(at, at), &toks, &n);
	if (n && clang_getTokenKind(toks[0]) == CXToken_Identifier) {
		CXString s = clang_getTokenSpelling(tu, toks[0]);

		written = dmc_xstrdup(clang_getCString(s));
		clang_disposeString(s);
	}
	clang_disposeTokens(tu, toks, n);
	return written;
}

char *ast_written_callee(CXTranslationUnit tu, CXCursor call)
{
	char *name = ast_callee_name(call), *written;

	if (!name)
		return NULL;
	written = ast_written_name(tu, call);
	/* dma_map_single for dma_map_single_attrs, not an unrelated macro around the call */
	if (written && strncmp(name, written, strlen(written)) == 0) {
		free(name);
		return written;
	}
	free(written);
	return name;
}

int ast_num_args(CXCursor call)
{
	return clang_Cursor_getNumArguments(call);
}

CXCursor ast_arg(CXCursor call, int i)
{
	if (i < 0 || i >= clang_Cursor_getNumArguments(call))
		return clang_getNullCursor();
	return clang_Cursor_getArgument(call, (unsigned)i);
}

int ast_call_is_noreturn(CXCursor call, const char *name)
{
	static const char *const names[] = {
		"__builtin_unreachable", "__builtin_trap", "panic", "do_exit", "make_task_dead",
		"kthread_exit", "__stack_chk_fail", "usercopy_abort", "BUG",
	};
	CXCursor callee = ast_callee(call);
	char *type;
	int noreturn;

	for (size_t i = 0; name && i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i]) == 0)
			return 1;
	if (ast_is_null(callee))
		return 0;
	type = ast_type_spelling(clang_getCursorType(callee));
	noreturn = strstr(type, "noreturn") != NULL;
	free(type);
	return noreturn;
}

/* -------------------------------------------------------------- constants */

int ast_eval_int(CXCursor c, long long *value)
{
	CXEvalResult r;
	int ok = 0;

	if (ast_is_null(c) || !clang_isExpression(clang_getCursorKind(c)))
		return 0;
	r = clang_Cursor_Evaluate(c);
	if (!r)
		return 0;
	if (clang_EvalResult_getKind(r) == CXEval_Int) {
		*value = clang_EvalResult_getAsLongLong(r);
		ok = 1;
	}
	clang_EvalResult_dispose(r);
	return ok;
}

int ast_is_zero(CXCursor c)
{
	long long v;
	CXCursor s = ast_strip_casts(c);

	if (clang_getCursorKind(s) == CXCursor_IntegerLiteral)
		return ast_eval_int(s, &v) && v == 0;
	return ast_eval_int(c, &v) && v == 0;
}

/* ---------------------------------------------------------------- strings */

char *ast_spelling(CXCursor c)
{
	CXString s = clang_getCursorSpelling(c);
	char *out = dmc_xstrdup(clang_getCString(s));

	clang_disposeString(s);
	return out;
}

char *ast_type_spelling(CXType t)
{
	CXString s = clang_getTypeSpelling(t);
	char *out = dmc_xstrdup(clang_getCString(s));

	clang_disposeString(s);
	return out;
}

/* ------------------------------------------------------------------ types */

int ast_type_is_pointer(CXType t)
{
	return clang_getCanonicalType(t).kind == CXType_Pointer;
}

int ast_type_is_dma_addr(CXType t)
{
	for (int depth = 0; depth < 16; depth++) {
		if (t.kind == CXType_Elaborated) {
			t = clang_Type_getNamedType(t);
			continue;
		}
		if (t.kind != CXType_Typedef)
			return 0;
		CXCursor decl = clang_getTypeDeclaration(t);
		char *name = ast_spelling(decl);
		int found = strcmp(name, "dma_addr_t") == 0;

		free(name);
		if (found)
			return 1;
		t = clang_getTypedefDeclUnderlyingType(decl);
	}
	return 0;
}

unsigned ast_type_bits(CXType t)
{
	long long size = clang_Type_getSizeOf(t);

	return size > 0 ? (unsigned)(size * 8) : 0;
}

char *ast_record_name(CXType t)
{
	t = clang_getCanonicalType(t);
	while (t.kind == CXType_Pointer || t.kind == CXType_ConstantArray ||
	       t.kind == CXType_IncompleteArray)
		t = clang_getCanonicalType(t.kind == CXType_Pointer ? clang_getPointeeType(t)
								    : clang_getArrayElementType(t));
	if (t.kind != CXType_Record)
		return NULL;
	t = clang_getCanonicalType(t);
	{
		char *name = ast_type_spelling(t);
		/* const struct foo and struct foo are the same record. */
		if (strncmp(name, "const ", 6) == 0)
			memmove(name, name + 6, strlen(name + 6) + 1);
		if (strncmp(name, "volatile ", 9) == 0)
			memmove(name, name + 9, strlen(name + 9) + 1);
		return name;
	}
}

int ast_type_is_const_qualified_pointee(CXType t)
{
	t = clang_getCanonicalType(t);
	return t.kind == CXType_Pointer && clang_isConstQualifiedType(clang_getPointeeType(t));
}

/* -------------------------------------------------------------- locations */

void ast_location(CXCursor c, struct ast_loc *out)
{
	CXFile file;
	unsigned line = 0, col = 0, off = 0;
	CXString name;

	clang_getFileLocation(clang_getCursorLocation(c), &file, &line, &col, &off);
	out->line = line;
	out->column = col;
	out->offset = off;
	out->file = NULL;
	if (!file)
		return;
	name = clang_getFileName(file);
	out->file = ast_intern(clang_getCString(name));
	clang_disposeString(name);
}

int ast_in_main_file(CXCursor c)
{
	return clang_Location_isFromMainFile(clang_getCursorLocation(c));
}

/* ---------------------------------------------------------------- intern */

struct intern_table {
	char **slots;
	size_t cap;
	size_t count;
};

static struct intern_table interned;

static uint64_t hash_string(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

static void intern_grow(void)
{
	struct intern_table old = interned;

	interned.cap = old.cap ? old.cap * 2 : 256;
	interned.slots = dmc_xcalloc(interned.cap, sizeof(char *));
	for (size_t i = 0; i < old.cap; i++) {
		if (!old.slots[i])
			continue;
		size_t at = hash_string(old.slots[i]) & (interned.cap - 1);

		while (interned.slots[at])
			at = (at + 1) & (interned.cap - 1);
		interned.slots[at] = old.slots[i];
	}
	free(old.slots);
}

const char *ast_intern(const char *s)
{
	size_t at;

	if (!s)
		return NULL;
	if ((interned.count + 1) * 2 > interned.cap)
		intern_grow();
	at = hash_string(s) & (interned.cap - 1);
	while (interned.slots[at]) {
		if (strcmp(interned.slots[at], s) == 0)
			return interned.slots[at];
		at = (at + 1) & (interned.cap - 1);
	}
	interned.slots[at] = dmc_xstrdup(s);
	interned.count++;
	return interned.slots[at];
}

unsigned ast_hash(CXCursor c)
{
	return clang_hashCursor(c);
}
