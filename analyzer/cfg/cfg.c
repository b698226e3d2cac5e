// SPDX-License-Identifier: GPL-2.0
/*
 * Building CFGs from cursors.  Statements become blocks and edges;
 * expressions become elements in evaluation order, and the control flow
 * hidden in expressions (&&, ||, ?:, statement expressions) becomes blocks
 * and edges too.  Conditions are reduced to atoms: !, likely(), unlikely(),
 * comparisons with zero and assignments in conditions are folded into the
 * branch, and constant conditions (the `while (0)` of every macro) into a
 * plain jump.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg.h"
#include "frontend/ast.h"
#include "util.h"

/* How an expression's value is used, which decides what its accesses are. */
enum use {
	USE_READ,	/* its value is read */
	USE_DISCARD,	/* evaluated for its effects (an expression statement) */
	USE_WRITE,	/* it is assigned to */
	USE_READ_WRITE,	/* ++, +=: read and written */
	USE_ADDRESS,	/* its address is taken: no access */
};

struct label {
	char *name;
	unsigned block;
};

struct pending_goto {
	unsigned from;
	CXCursor label;
};

struct jump_targets {
	int brk;
	int cont;
};

struct builder {
	CXTranslationUnit tu;
	struct cfg *cfg;
	size_t cap;
	int cur;		/* the block being filled; -1 after a jump (dead code follows) */
	struct jump_targets targets;
	int switch_block;	/* the enclosing switch's block, -1 outside */
	int switch_has_default;
	struct label *labels;
	size_t nlabels;
	struct pending_goto *gotos;
	size_t ngotos;
};

static void build_stmt(struct builder *b, CXCursor c);
static void build_expr(struct builder *b, CXCursor c, enum use use);
static void build_cond(struct builder *b, CXCursor c, unsigned on_true, unsigned on_false);

/* ----------------------------------------------------------------- blocks */

static unsigned new_block(struct builder *b)
{
	struct cfg *cfg = b->cfg;
	struct cfg_block *blk;

	dmc_grow((void **)&cfg->blocks, &b->cap, cfg->nblocks, sizeof(*cfg->blocks));
	blk = &cfg->blocks[cfg->nblocks];
	memset(blk, 0, sizeof(*blk));
	blk->id = (unsigned)cfg->nblocks;
	blk->term = TERM_JUMP;
	blk->cond = clang_getNullCursor();
	blk->stmt = clang_getNullCursor();
	return (unsigned)cfg->nblocks++;
}

static struct cfg_block *block(struct builder *b, unsigned id)
{
	return &b->cfg->blocks[id];
}

/* The block to emit into; code after a jump starts a block nobody reaches. */
static unsigned current(struct builder *b)
{
	if (b->cur < 0)
		b->cur = (int)new_block(b);
	return (unsigned)b->cur;
}

static void add_succ(struct cfg_block *blk, unsigned to)
{
	blk->succs = dmc_xrealloc(blk->succs, (blk->nsuccs + 1) * sizeof(unsigned));
	blk->succs[blk->nsuccs++] = to;
}

static void emit(struct builder *b, enum cfg_elem_kind kind, unsigned flags, CXCursor c)
{
	struct cfg_block *blk = block(b, current(b));

	dmc_grow((void **)&blk->elems, &blk->cap, blk->nelems, sizeof(*blk->elems));
	blk->elems[blk->nelems++] = (struct cfg_elem){ kind, flags, c };
}

/* Ends the current block with a jump to `to`; nothing is current afterwards. */
static void jump(struct builder *b, unsigned to)
{
	if (b->cur >= 0) {
		struct cfg_block *blk = block(b, (unsigned)b->cur);

		blk->term = TERM_JUMP;
		add_succ(blk, to);
	}
	b->cur = -1;
}

static void end_block(struct builder *b, enum cfg_term term, CXCursor stmt)
{
	struct cfg_block *blk = block(b, current(b));

	blk->term = term;
	blk->stmt = stmt;
	if (term == TERM_RETURN)
		add_succ(blk, b->cfg->exit);
	b->cur = -1;
}

static void branch(struct builder *b, CXCursor atom, unsigned on_true, unsigned on_false)
{
	struct cfg_block *blk = block(b, current(b));

	blk->term = TERM_BRANCH;
	blk->cond = atom;
	add_succ(blk, on_true);
	add_succ(blk, on_false);
	b->cur = -1;
}

/*
 * Labels are matched by name: a goto's LabelRef leads to the LabelStmt, but
 * not to a cursor that compares equal to the one met in the body.
 */
static unsigned label_block(struct builder *b, CXCursor label)
{
	char *name = ast_spelling(label);
	unsigned id;

	for (size_t i = 0; i < b->nlabels; i++) {
		if (strcmp(b->labels[i].name, name) == 0) {
			free(name);
			return b->labels[i].block;
		}
	}
	id = new_block(b);
	b->labels = dmc_xrealloc(b->labels, (b->nlabels + 1) * sizeof(*b->labels));
	b->labels[b->nlabels++] = (struct label){ name, id };
	return id;
}

/* ------------------------------------------------------------ expressions */

static int is_kind(CXCursor c, enum CXCursorKind k)
{
	return clang_getCursorKind(c) == k;
}

static void children(struct builder *b, CXCursor c, enum use use)
{
	unsigned n;
	CXCursor *kids = ast_children_alloc(c, &n);

	for (unsigned i = 0; i < n; i++)
		build_expr(b, kids[i], use);
	free(kids);
}

static unsigned access_flags(enum use use)
{
	return use == USE_WRITE ? ACCESS_WRITE :
	       use == USE_READ_WRITE ? ACCESS_READ | ACCESS_WRITE : ACCESS_READ;
}

static void call_expr(struct builder *b, CXCursor c, enum use use)
{
	char *name = ast_callee_name(c);

	children(b, c, USE_READ);
	emit(b, ELEM_CALL, use == USE_DISCARD ? CALL_DISCARDED : 0, c);
	if (ast_call_is_noreturn(c, name))
		end_block(b, TERM_DEAD, c);
	free(name);
}

static void member_expr(struct builder *b, CXCursor c, enum use use)
{
	CXCursor base = ast_child(c, 0);

	if (ast_is_null(base))
		return;
	if (ast_type_is_pointer(clang_getCursorType(base))) {
		build_expr(b, base, USE_READ);
		if (use != USE_ADDRESS)
			emit(b, ELEM_ACCESS, access_flags(use), c);
	} else {
		/* s.f: whatever happens to s.f happens to s */
		build_expr(b, base, use);
	}
}

static void subscript_expr(struct builder *b, CXCursor c, enum use use)
{
	CXCursor kids[2];
	CXCursor array;

	if (ast_children(c, kids, 2) != 2)
		return;
	array = ast_strip(kids[0]);
	/* p->arr[i]: the access is to the array inside *p, done where p->arr is. */
	if (clang_getCanonicalType(clang_getCursorType(array)).kind == CXType_ConstantArray)
		build_expr(b, array, use == USE_DISCARD ? USE_READ : use);
	else
		build_expr(b, kids[0], USE_READ);
	build_expr(b, kids[1], USE_READ);
	if (use != USE_ADDRESS)
		emit(b, ELEM_ACCESS, access_flags(use), c);
}

static void unary_expr(struct builder *b, CXCursor c, enum use use)
{
	CXCursor operand = ast_child(c, 0);

	switch (ast_operator(b->tu, c)) {
	case OP_DEREF:
		build_expr(b, operand, USE_READ);
		if (use != USE_ADDRESS)
			emit(b, ELEM_ACCESS, access_flags(use), c);
		break;
	case OP_ADDR_OF:
		build_expr(b, operand, USE_ADDRESS);
		break;
	case OP_INC_DEC:
		build_expr(b, operand, USE_READ_WRITE);
		emit(b, ELEM_INC_DEC, 0, c);
		break;
	default:
		build_expr(b, operand, USE_READ);
		break;
	}
}

static void binary_expr(struct builder *b, CXCursor c, enum use use)
{
	CXCursor kids[2];
	unsigned join;

	if (ast_children(c, kids, 2) != 2)
		return;
	switch (ast_operator(b->tu, c)) {
	case OP_ASSIGN:
		build_expr(b, kids[1], USE_READ);
		build_expr(b, kids[0], USE_WRITE);
		emit(b, ELEM_ASSIGN, 0, c);
		break;
	case OP_COMPOUND_ASSIGN:
		build_expr(b, kids[1], USE_READ);
		build_expr(b, kids[0], USE_READ_WRITE);
		emit(b, ELEM_ASSIGN, 0, c);
		break;
	case OP_LAND:
	case OP_LOR:
		/* Its value is a truth value; what matters is what runs. */
		join = new_block(b);
		build_cond(b, c, join, join);
		b->cur = (int)join;
		break;
	case OP_COMMA:
		build_expr(b, kids[0], USE_DISCARD);
		build_expr(b, kids[1], use);
		break;
	default:
		build_expr(b, kids[0], USE_READ);
		build_expr(b, kids[1], USE_READ);
		break;
	}
}

static void conditional_expr(struct builder *b, CXCursor c, enum use use)
{
	CXCursor kids[3];
	unsigned on_true, on_false, join;

	if (ast_children(c, kids, 3) != 3) {
		children(b, c, USE_READ);
		return;
	}
	on_true = new_block(b);
	on_false = new_block(b);
	join = new_block(b);
	build_cond(b, kids[0], on_true, on_false);
	b->cur = (int)on_true;
	build_expr(b, kids[1], use);
	emit(b, ELEM_VALUE, 0, kids[1]);
	jump(b, join);
	b->cur = (int)on_false;
	build_expr(b, kids[2], use);
	emit(b, ELEM_VALUE, 0, kids[2]);
	jump(b, join);
	b->cur = (int)join;
}

/* a ?: b: a runs once and is the value when it is true; else b runs. */
static void binary_conditional_expr(struct builder *b, CXCursor common, CXCursor other,
				    enum use use)
{
	unsigned on_false = new_block(b), join = new_block(b);

	build_expr(b, common, USE_READ);
	emit(b, ELEM_VALUE, 0, common);
	branch(b, common, join, on_false);
	b->cur = (int)on_false;
	build_expr(b, other, use);
	emit(b, ELEM_VALUE, 0, other);
	jump(b, join);
	b->cur = (int)join;
}

/* ({ s1; s2; value; }): the statements run, the last one is the value. */
static void stmt_expr(struct builder *b, CXCursor c, enum use use)
{
	unsigned n;
	CXCursor *stmts = ast_children_alloc(ast_child(c, 0), &n);

	for (unsigned i = 0; i < n; i++) {
		if (i + 1 == n && clang_isExpression(clang_getCursorKind(stmts[i])))
			build_expr(b, stmts[i], use);
		else
			build_stmt(b, stmts[i]);
	}
	free(stmts);
}

static void build_expr(struct builder *b, CXCursor c, enum use use)
{
	CXCursor common, other;

	switch (clang_getCursorKind(c)) {
	case CXCursor_ParenExpr:
		build_expr(b, ast_child(c, 0), use);
		break;
	case CXCursor_CallExpr:
		call_expr(b, c, use);
		break;
	case CXCursor_MemberRefExpr:
		member_expr(b, c, use);
		break;
	case CXCursor_ArraySubscriptExpr:
		subscript_expr(b, c, use);
		break;
	case CXCursor_UnaryOperator:
		unary_expr(b, c, use);
		break;
	case CXCursor_BinaryOperator:
	case CXCursor_CompoundAssignOperator:
		binary_expr(b, c, use);
		break;
	case CXCursor_ConditionalOperator:
		conditional_expr(b, c, use);
		break;
	case CXCursor_StmtExpr:
		stmt_expr(b, c, use);
		break;
	case CXCursor_UnaryExpr:		/* sizeof, alignof: not evaluated */
	case CXCursor_DeclRefExpr:
	case CXCursor_IntegerLiteral:
	case CXCursor_FloatingLiteral:
	case CXCursor_StringLiteral:
	case CXCursor_CharacterLiteral:
	case CXCursor_TypeRef:
		break;
	case CXCursor_UnexposedExpr:
		if (ast_binary_conditional(c, &common, &other)) {
			binary_conditional_expr(b, common, other, use);
			break;
		}
		/* An implicit conversion keeps the lvalue's fate (array decay of p->arr). */
		children(b, c, ast_child_count(c) == 1 && use != USE_DISCARD ? use : USE_READ);
		break;
	default:
		children(b, c, USE_READ);
		break;
	}
}

/* ------------------------------------------------------------- conditions */

static int is_builtin_expect(CXCursor c)
{
	char *name;
	int yes;

	if (!is_kind(c, CXCursor_CallExpr))
		return 0;
	name = ast_callee_name(c);
	if (!name) {
		/* Builtins have no FunctionDecl; their DeclRefExpr carries the name. */
		name = ast_spelling(c);
	}
	yes = strcmp(name, "__builtin_expect") == 0;
	free(name);
	return yes;
}

static int constant_truth(CXCursor c, int *truth)
{
	long long v;
	CXCursor s = ast_strip_casts(c);

	switch (clang_getCursorKind(s)) {
	case CXCursor_IntegerLiteral:
	case CXCursor_CharacterLiteral:
	case CXCursor_BinaryOperator:
	case CXCursor_UnaryOperator:
	case CXCursor_DeclRefExpr:	/* enumerators; a variable does not evaluate */
	case CXCursor_ParenExpr:
	case CXCursor_UnaryExpr:
		break;
	default:
		return 0;
	}
	if (!ast_eval_int(c, &v))
		return 0;
	*truth = v != 0;
	return 1;
}

static void binary_cond(struct builder *b, CXCursor c, unsigned on_true, unsigned on_false)
{
	CXCursor kids[2];
	unsigned mid;
	enum ast_op op = ast_operator(b->tu, c);

	ast_children(c, kids, 2);
	switch (op) {
	case OP_LAND:
		mid = new_block(b);
		build_cond(b, kids[0], mid, on_false);
		b->cur = (int)mid;
		build_cond(b, kids[1], on_true, on_false);
		return;
	case OP_LOR:
		mid = new_block(b);
		build_cond(b, kids[0], on_true, mid);
		b->cur = (int)mid;
		build_cond(b, kids[1], on_true, on_false);
		return;
	case OP_COMMA:
		build_expr(b, kids[0], USE_DISCARD);
		build_cond(b, kids[1], on_true, on_false);
		return;
	case OP_EQ:
	case OP_NE:
		/* x == 0 is !x; x != NULL is x */
		if (ast_is_zero(kids[1]) || ast_is_zero(kids[0])) {
			CXCursor other = ast_is_zero(kids[1]) ? kids[0] : kids[1];

			if (op == OP_EQ)
				build_cond(b, other, on_false, on_true);
			else
				build_cond(b, other, on_true, on_false);
			return;
		}
		break;
	case OP_ASSIGN:
		/* if ((x = f())): the assignment runs, then x is tested */
		build_expr(b, c, USE_DISCARD);
		branch(b, kids[0], on_true, on_false);
		return;
	default:
		break;
	}
	build_expr(b, c, USE_READ);
	branch(b, c, on_true, on_false);
}

static void build_cond(struct builder *b, CXCursor c, unsigned on_true, unsigned on_false)
{
	int truth;

	c = ast_strip(c);
	if (constant_truth(c, &truth)) {
		jump(b, truth ? on_true : on_false);
		return;
	}
	switch (clang_getCursorKind(c)) {
	case CXCursor_BinaryOperator:
		binary_cond(b, c, on_true, on_false);
		return;
	case CXCursor_UnaryOperator:
		if (ast_operator(b->tu, c) == OP_NOT) {
			build_cond(b, ast_child(c, 0), on_false, on_true);
			return;
		}
		break;
	case CXCursor_CallExpr:
		if (is_builtin_expect(c)) {
			build_cond(b, ast_arg(c, 0), on_true, on_false);
			return;
		}
		break;
	case CXCursor_StmtExpr: {
		unsigned n;
		CXCursor *stmts = ast_children_alloc(ast_child(c, 0), &n);

		for (unsigned i = 0; i + 1 < n; i++)
			build_stmt(b, stmts[i]);
		if (n) {
			CXCursor last = stmts[n - 1];

			free(stmts);
			build_cond(b, last, on_true, on_false);
			return;
		}
		free(stmts);
		break;
	}
	default:
		break;
	}
	build_expr(b, c, USE_READ);
	branch(b, c, on_true, on_false);
}

/* ------------------------------------------------------------- statements */

static void if_stmt(struct builder *b, CXCursor c)
{
	CXCursor kids[3];
	unsigned n = ast_children(c, kids, 3);
	unsigned then_b = new_block(b), join = new_block(b);
	unsigned else_b = n == 3 ? new_block(b) : join;

	if (n < 2)
		return;
	build_cond(b, kids[0], then_b, else_b);
	b->cur = (int)then_b;
	build_stmt(b, kids[1]);
	jump(b, join);
	if (n == 3) {
		b->cur = (int)else_b;
		build_stmt(b, kids[2]);
		jump(b, join);
	}
	b->cur = (int)join;
}

static void loop_body(struct builder *b, CXCursor body, unsigned brk, unsigned cont)
{
	struct jump_targets saved = b->targets;

	b->targets = (struct jump_targets){ (int)brk, (int)cont };
	build_stmt(b, body);
	b->targets = saved;
}

static void while_stmt(struct builder *b, CXCursor c)
{
	CXCursor kids[2];
	unsigned head = new_block(b), body = new_block(b), after = new_block(b);

	if (ast_children(c, kids, 2) != 2)
		return;
	jump(b, head);
	b->cur = (int)head;
	build_cond(b, kids[0], body, after);
	b->cur = (int)body;
	loop_body(b, kids[1], after, head);
	jump(b, head);
	b->cur = (int)after;
}

static void do_stmt(struct builder *b, CXCursor c)
{
	CXCursor kids[2];
	unsigned body = new_block(b), cond = new_block(b), after = new_block(b);

	if (ast_children(c, kids, 2) != 2)
		return;
	jump(b, body);
	b->cur = (int)body;
	loop_body(b, kids[0], after, cond);
	jump(b, cond);
	b->cur = (int)cond;
	build_cond(b, kids[1], body, after);
	b->cur = (int)after;
}

/*
 * libclang leaves out the missing parts of for (init; cond; inc), so which
 * child is which is read off the header's semicolons when the loop is
 * spelled in the file, and guessed from the children's kinds otherwise.
 */
static void for_parts(struct builder *b, CXCursor c, CXCursor parts[3], CXCursor *body)
{
	CXCursor kids[4];
	unsigned n = ast_children(c, kids, 4), semis[2], nsemi = 0, depth = 0;
	CXToken *toks;
	unsigned ntok;

	parts[0] = parts[1] = parts[2] = clang_getNullCursor();
	*body = kids[n - 1];
	if (n == 4) {
		parts[0] = kids[0];
		parts[1] = kids[1];
		parts[2] = kids[2];
		return;
	}
	clang_tokenize(b->tu, clang_getCursorExtent(c), &toks, &ntok);
	for (unsigned i = 0; i < ntok && nsemi < 2; i++) {
		CXString s = clang_getTokenSpelling(b->tu, toks[i]);
		const char *t = clang_getCString(s);

		if (strcmp(t, "(") == 0)
			depth++;
		else if (strcmp(t, ")") == 0)
			depth--;
		else if (strcmp(t, ";") == 0 && depth == 1)
			clang_getFileLocation(clang_getTokenLocation(b->tu, toks[i]), NULL, NULL, NULL,
					      &semis[nsemi++]);
		clang_disposeString(s);
	}
	clang_disposeTokens(b->tu, toks, ntok);
	for (unsigned i = 0; i + 1 < n; i++) {
		struct ast_loc loc;
		unsigned part;

		ast_location(kids[i], &loc);
		if (nsemi == 2)
			part = loc.offset < semis[0] ? 0 : loc.offset < semis[1] ? 1 : 2;
		else	/* a declaration or assignment starts, a comparison tests */
			part = is_kind(kids[i], CXCursor_DeclStmt) ? 0 : i == 0 && n == 3 ? 0 :
			       n == 3 ? i : ast_operator(b->tu, kids[i]) == OP_INC_DEC ? 2 : 1;
		parts[part] = kids[i];
	}
}

static void for_stmt(struct builder *b, CXCursor c)
{
	CXCursor parts[3], body;
	unsigned head, body_b, inc, after;

	if (ast_child_count(c) == 0)
		return;
	for_parts(b, c, parts, &body);
	if (!ast_is_null(parts[0])) {
		if (is_kind(parts[0], CXCursor_DeclStmt))
			build_stmt(b, parts[0]);
		else
			build_expr(b, parts[0], USE_DISCARD);
	}
	head = new_block(b);
	body_b = new_block(b);
	inc = new_block(b);
	after = new_block(b);
	jump(b, head);
	b->cur = (int)head;
	if (!ast_is_null(parts[1]))
		build_cond(b, parts[1], body_b, after);
	else
		jump(b, body_b);
	b->cur = (int)body_b;
	loop_body(b, body, after, inc);
	jump(b, inc);
	b->cur = (int)inc;
	if (!ast_is_null(parts[2]))
		build_expr(b, parts[2], USE_DISCARD);
	jump(b, head);
	b->cur = (int)after;
}

static void switch_stmt(struct builder *b, CXCursor c)
{
	CXCursor kids[2];
	struct jump_targets saved = b->targets;
	int saved_switch = b->switch_block, saved_default = b->switch_has_default;
	unsigned after, sw;

	if (ast_children(c, kids, 2) != 2)
		return;
	build_expr(b, kids[0], USE_READ);
	sw = current(b);
	block(b, sw)->term = TERM_SWITCH;
	block(b, sw)->stmt = c;
	after = new_block(b);
	b->cur = -1;
	b->targets.brk = (int)after;
	b->switch_block = (int)sw;
	b->switch_has_default = 0;
	build_stmt(b, kids[1]);
	jump(b, after);
	if (!b->switch_has_default)
		add_succ(block(b, sw), after);
	b->targets = saved;
	b->switch_block = saved_switch;
	b->switch_has_default = saved_default;
	b->cur = (int)after;
}

static void case_stmt(struct builder *b, CXCursor c, int is_default)
{
	unsigned target = new_block(b);

	jump(b, target);	/* fall through from the case above */
	if (b->switch_block >= 0)
		add_succ(block(b, (unsigned)b->switch_block), target);
	if (is_default)
		b->switch_has_default = 1;
	b->cur = (int)target;
	build_stmt(b, ast_last_child(c));
}

static void goto_stmt(struct builder *b, CXCursor c)
{
	CXCursor label = clang_getCursorReferenced(ast_child(c, 0));

	current(b);
	if (!ast_is_null(label)) {
		b->gotos = dmc_xrealloc(b->gotos, (b->ngotos + 1) * sizeof(*b->gotos));
		b->gotos[b->ngotos++] = (struct pending_goto){ (unsigned)b->cur, label };
	}
	block(b, (unsigned)b->cur)->stmt = c;
	b->cur = -1;
}

static void return_stmt(struct builder *b, CXCursor c)
{
	CXCursor value = ast_child(c, 0);

	if (!ast_is_null(value))
		build_expr(b, value, USE_READ);
	emit(b, ELEM_RETURN, 0, c);
	end_block(b, TERM_RETURN, c);
}

static void decl_stmt(struct builder *b, CXCursor c)
{
	unsigned n;
	CXCursor *vars = ast_children_alloc(c, &n);

	for (unsigned i = 0; i < n; i++) {
		CXCursor var = vars[i], init;

		if (!is_kind(var, CXCursor_VarDecl) ||
		    clang_Cursor_getStorageClass(var) == CX_SC_Static ||
		    clang_Cursor_getStorageClass(var) == CX_SC_Extern)
			continue;
		init = clang_Cursor_getVarDeclInitializer(var);
		if (ast_is_null(init))
			continue;
		build_expr(b, init, USE_READ);
		emit(b, ELEM_INIT, 0, var);
	}
	free(vars);
}

static void build_stmt(struct builder *b, CXCursor c)
{
	enum CXCursorKind k = clang_getCursorKind(c);
	unsigned target;

	switch (k) {
	case CXCursor_CompoundStmt: {
		unsigned n;
		CXCursor *stmts = ast_children_alloc(c, &n);

		for (unsigned i = 0; i < n; i++)
			build_stmt(b, stmts[i]);
		free(stmts);
		break;
	}
	case CXCursor_DeclStmt:
		decl_stmt(b, c);
		break;
	case CXCursor_IfStmt:
		if_stmt(b, c);
		break;
	case CXCursor_WhileStmt:
		while_stmt(b, c);
		break;
	case CXCursor_DoStmt:
		do_stmt(b, c);
		break;
	case CXCursor_ForStmt:
		for_stmt(b, c);
		break;
	case CXCursor_SwitchStmt:
		switch_stmt(b, c);
		break;
	case CXCursor_CaseStmt:
		case_stmt(b, c, 0);
		break;
	case CXCursor_DefaultStmt:
		case_stmt(b, c, 1);
		break;
	case CXCursor_BreakStmt:
		if (b->targets.brk >= 0)
			jump(b, (unsigned)b->targets.brk);
		break;
	case CXCursor_ContinueStmt:
		if (b->targets.cont >= 0)
			jump(b, (unsigned)b->targets.cont);
		break;
	case CXCursor_ReturnStmt:
		return_stmt(b, c);
		break;
	case CXCursor_GotoStmt:
		goto_stmt(b, c);
		break;
	case CXCursor_IndirectGotoStmt:
		end_block(b, TERM_DEAD, c);	/* goto *p: nowhere we can follow */
		break;
	case CXCursor_LabelStmt:
		target = label_block(b, c);
		jump(b, target);
		b->cur = (int)target;
		build_stmt(b, ast_last_child(c));
		break;
	case CXCursor_NullStmt:
	case CXCursor_GCCAsmStmt:
		break;
	default:
		if (clang_isExpression(k))
			build_expr(b, c, USE_DISCARD);
		break;
	}
}

static CXCursor function_body(CXCursor function)
{
	unsigned n = ast_child_count(function);

	for (unsigned i = 0; i < n; i++) {
		CXCursor c = ast_child(function, i);

		if (is_kind(c, CXCursor_CompoundStmt))
			return c;
	}
	return clang_getNullCursor();
}

/* Where control really goes from `id`: past empty blocks that only jump on. */
static unsigned forward(const struct cfg *cfg, unsigned id)
{
	for (size_t steps = 0; steps < cfg->nblocks; steps++) {
		const struct cfg_block *blk = &cfg->blocks[id];

		if (blk->nelems || blk->term != TERM_JUMP || blk->nsuccs != 1 || id == cfg->entry ||
		    blk->succs[0] == id)
			return id;
		id = blk->succs[0];
	}
	return id;	/* a loop of empty blocks: for (;;); */
}

/* Empty blocks that only jump on are skipped, which keeps graphs small. */
static void skip_empty_blocks(struct cfg *cfg)
{
	for (size_t i = 0; i < cfg->nblocks; i++)
		for (size_t j = 0; j < cfg->blocks[i].nsuccs; j++)
			cfg->blocks[i].succs[j] = forward(cfg, cfg->blocks[i].succs[j]);
}

/*
 * Edges that close loops, found by a depth-first walk from the entry: an
 * edge to a block still on the walk's stack.  Loops written with goto count.
 */
static void mark_back_edges(struct cfg *cfg)
{
	unsigned char *color = dmc_xcalloc(cfg->nblocks, 1);	/* 0 new, 1 on the stack, 2 done */
	unsigned *stack = dmc_xcalloc(cfg->nblocks + 1, sizeof(unsigned));
	size_t *next = dmc_xcalloc(cfg->nblocks, sizeof(size_t));
	size_t depth = 0;

	stack[depth++] = cfg->entry;
	color[cfg->entry] = 1;
	while (depth) {
		unsigned id = stack[depth - 1];
		struct cfg_block *blk = &cfg->blocks[id];
		unsigned to;

		if (next[id] == blk->nsuccs) {
			color[id] = 2;
			depth--;
			continue;
		}
		to = blk->succs[next[id]++];
		if (color[to] == 1 && next[id] - 1 < 32)
			blk->back_edges |= 1u << (next[id] - 1);
		if (color[to] == 0) {
			color[to] = 1;
			stack[depth++] = to;
		}
	}
	free(color);
	free(stack);
	free(next);
}

struct cfg *cfg_build(CXTranslationUnit tu, CXCursor function)
{
	CXCursor body = function_body(function);
	struct builder b = { .tu = tu, .targets = { -1, -1 }, .switch_block = -1 };
	struct cfg *cfg;

	if (ast_is_null(body))
		return NULL;
	cfg = dmc_xcalloc(1, sizeof(*cfg));
	cfg->tu = tu;
	cfg->function = function;
	b.cfg = cfg;
	cfg->entry = new_block(&b);
	cfg->exit = new_block(&b);
	block(&b, cfg->exit)->term = TERM_EXIT;
	b.cur = (int)cfg->entry;
	build_stmt(&b, body);
	if (b.cur >= 0)	/* falls off the end: an implicit return at the closing brace */
		end_block(&b, TERM_RETURN, body);
	for (size_t i = 0; i < b.ngotos; i++)
		add_succ(block(&b, b.gotos[i].from), label_block(&b, b.gotos[i].label));
	skip_empty_blocks(cfg);
	mark_back_edges(cfg);
	for (size_t i = 0; i < b.nlabels; i++)
		free(b.labels[i].name);
	free(b.labels);
	free(b.gotos);
	return cfg;
}

void cfg_free(struct cfg *cfg)
{
	if (!cfg)
		return;
	for (size_t i = 0; i < cfg->nblocks; i++) {
		free(cfg->blocks[i].elems);
		free(cfg->blocks[i].succs);
	}
	free(cfg->blocks);
	free(cfg);
}

/* ------------------------------------------------------------------- dump */

static const char *elem_name(enum cfg_elem_kind k)
{
	static const char *const names[] = { "call", "assign", "init", "incdec", "access", "value",
					     "return" };

	return names[k];
}

/* The source text of a cursor (macro uses as written), shortened: for dumps. */
static char *text_of(CXTranslationUnit tu, CXCursor c)
{
	CXToken *toks;
	unsigned n;
	char *out = dmc_xstrdup("");

	clang_tokenize(tu, clang_getCursorExtent(c), &toks, &n);
	for (unsigned i = 0; i < n && strlen(out) < 40; i++) {
		CXString s = clang_getTokenSpelling(tu, toks[i]);
		char *more = dmc_xasprintf("%s%s%s", out, i ? " " : "", clang_getCString(s));

		clang_disposeString(s);
		free(out);
		out = more;
	}
	clang_disposeTokens(tu, toks, n);
	return out;
}

/* A call's callee, a declaration's name, else the source text. */
static char *label_of(CXTranslationUnit tu, CXCursor c)
{
	CXCursor s = ast_strip(c);
	char *name;

	if (is_kind(s, CXCursor_CallExpr) && (name = ast_callee_name(s)))
		return name;
	if (is_kind(s, CXCursor_VarDecl) || is_kind(s, CXCursor_CallExpr))
		return ast_spelling(s);
	return text_of(tu, s);
}

/* Blocks numbered in the order a walk from the entry finds them; dead ones left out. */
static unsigned *number_blocks(const struct cfg *cfg)
{
	unsigned *num = dmc_xcalloc(cfg->nblocks, sizeof(unsigned));
	unsigned *queue = dmc_xcalloc(cfg->nblocks + 1, sizeof(unsigned));
	unsigned head = 0, tail = 0, next = 1;

	queue[tail++] = cfg->entry;
	num[cfg->entry] = next++;
	while (head < tail) {
		const struct cfg_block *blk = &cfg->blocks[queue[head++]];

		for (size_t i = 0; i < blk->nsuccs; i++)
			if (!num[blk->succs[i]]) {
				num[blk->succs[i]] = next++;
				queue[tail++] = blk->succs[i];
			}
	}
	free(queue);
	return num;	/* 0: unreachable; else number + 1 */
}

static void dump_block(FILE *out, const struct cfg *cfg, const struct cfg_block *blk,
		       const unsigned *num)
{
	static const char *const terms[] = { "jump", "branch", "switch", "return", "dead", "exit" };

	fprintf(out, "B%u:", num[blk->id] - 1);
	for (size_t i = 0; i < blk->nelems; i++) {
		char *what = label_of(cfg->tu, blk->elems[i].cursor);

		fprintf(out, " %s(%s)", elem_name(blk->elems[i].kind), what);
		free(what);
	}
	fprintf(out, " | %s", terms[blk->term]);
	if (blk->term == TERM_BRANCH) {
		char *what = label_of(cfg->tu, blk->cond);

		fprintf(out, "(%s)", what);
		free(what);
	}
	if (blk->term != TERM_RETURN)
		for (size_t i = 0; i < blk->nsuccs; i++)
			fprintf(out, " B%u%s", num[blk->succs[i]] - 1,
				i < 32 && (blk->back_edges & (1u << i)) ? "(back)" : "");
	fputc('\n', out);
}

char *cfg_dump(const struct cfg *cfg)
{
	unsigned *num = number_blocks(cfg), *order;
	char *buf = NULL;
	size_t len = 0, count = 0;
	FILE *out = open_memstream(&buf, &len);

	order = dmc_xcalloc(cfg->nblocks + 1, sizeof(unsigned));
	for (size_t i = 0; i < cfg->nblocks; i++)
		if (num[i]) {
			order[num[i] - 1] = (unsigned)i;
			count++;
		}
	for (size_t i = 0; i < count; i++)
		dump_block(out, cfg, &cfg->blocks[order[i]], num);
	fclose(out);
	free(order);
	free(num);
	return buf;
}
