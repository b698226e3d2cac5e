/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Control-flow graphs of function bodies, built from libclang cursors.
 *
 * A block holds elements in evaluation order (calls after their arguments,
 * an assignment after its right-hand side) and ends in a terminator: a jump,
 * a two-way branch on a condition, a switch, a return, or a dead end
 * (noreturn calls).  Conditions are taken apart: `a && b`, `a || b`, `!a`,
 * likely()/unlikely(), `x == 0` become branches on their atoms, so that the
 * dataflow sees every decision it can refine.  Statement expressions from
 * macros, `?:`, loops, switch, goto and labels are all control flow.
 */
#ifndef DMC_CFG_H
#define DMC_CFG_H

#include <stddef.h>

#include <clang-c/Index.h>

enum cfg_elem_kind {
	ELEM_CALL,	/* a call; its arguments were evaluated before */
	ELEM_ASSIGN,	/* `=` or a compound assignment (the operator's cursor) */
	ELEM_INIT,	/* a variable declaration with an initializer (the VarDecl) */
	ELEM_INC_DEC,	/* ++ or -- (the operator) */
	ELEM_ACCESS,	/* memory access through a pointer: p->f, p[i], *p */
	ELEM_VALUE,	/* the value an arm of ?: hands to the enclosing expression */
	ELEM_RETURN,	/* the return statement; its value was evaluated before */
};

/* ELEM_ACCESS flags */
#define ACCESS_READ	1u
#define ACCESS_WRITE	2u
/* ELEM_CALL flag: the call's value is not used (an expression statement) */
#define CALL_DISCARDED	4u

struct cfg_elem {
	enum cfg_elem_kind kind;
	unsigned flags;
	CXCursor cursor;
};

enum cfg_term {
	TERM_JUMP,	/* to succs[0] */
	TERM_BRANCH,	/* on cond: succs[0] when it is true (non-zero), succs[1] when false */
	TERM_SWITCH,	/* to any of succs */
	TERM_RETURN,	/* to the exit block */
	TERM_DEAD,	/* a noreturn call: nothing follows */
	TERM_EXIT,	/* the exit block itself */
};

struct cfg_block {
	unsigned id;
	struct cfg_elem *elems;
	size_t nelems;
	size_t cap;
	enum cfg_term term;
	CXCursor cond;		/* TERM_BRANCH: the atom tested */
	CXCursor stmt;		/* the statement that ends the block (if, return, ...), for locations */
	unsigned *succs;
	size_t nsuccs;
	unsigned back_edges;	/* bit i: succs[i] closes a loop (goes back to a block on the way here) */
};

struct cfg {
	CXTranslationUnit tu;
	CXCursor function;
	struct cfg_block *blocks;
	size_t nblocks;
	unsigned entry;
	unsigned exit;
};

/* The CFG of a function definition; NULL if the cursor has no body. */
struct cfg *cfg_build(CXTranslationUnit tu, CXCursor function);
void cfg_free(struct cfg *cfg);

/*
 * A readable form, one block a line, for tests and debugging:
 *   B0: call(dma_map_single_attrs) assign | branch(dma_mapping_error) -> B1 B2
 * and "B1(back)" for an edge that closes a loop.
 */
char *cfg_dump(const struct cfg *cfg);

#endif
