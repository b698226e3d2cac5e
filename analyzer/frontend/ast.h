/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the rest of the analyzer needs from libclang's cursors, in one
 * place: children, operators (libclang 14 has no API for them), callees,
 * constants, types and source positions.
 */
#ifndef DMC_AST_H
#define DMC_AST_H

#include <stddef.h>

#include <clang-c/Index.h>

enum ast_op {
	OP_NONE,
	/* binary */
	OP_ASSIGN, OP_COMPOUND_ASSIGN, OP_COMMA, OP_LAND, OP_LOR,
	OP_EQ, OP_NE, OP_LT, OP_GT, OP_LE, OP_GE,
	OP_ADD, OP_SUB, OP_ARITH,	/* ARITH: * / % << >> & | ^ */
	OP_COMPARE_UNKNOWN,		/* a comparison or logical operator we could not name */
	/* unary */
	OP_NOT, OP_DEREF, OP_ADDR_OF, OP_NEG, OP_BIT_NOT, OP_PLUS, OP_INC_DEC,
	OP_UNKNOWN,
};

/* Fills out[0..max) with the children; returns how many there are. */
unsigned ast_children(CXCursor c, CXCursor *out, unsigned max);
unsigned ast_child_count(CXCursor c);
/* All children in a malloc'ed array; *n receives how many. */
CXCursor *ast_children_alloc(CXCursor c, unsigned *n);
/* The n-th child, or a null cursor. */
CXCursor ast_child(CXCursor c, unsigned n);
CXCursor ast_last_child(CXCursor c);
int ast_is_null(CXCursor c);

/* Skips parentheses and implicit conversions (libclang's one-child UnexposedExpr). */
CXCursor ast_strip(CXCursor c);
/* Also skips explicit casts. */
CXCursor ast_strip_casts(CXCursor c);
/*
 * GNU "a ?: b", which libclang 14 does not expose: its children are a, a
 * twice more (the condition and the value), and b.  Returns 1 and a and b.
 */
int ast_binary_conditional(CXCursor c, CXCursor *common, CXCursor *other);

/* The operator of a BinaryOperator, CompoundAssignOperator or UnaryOperator. */
enum ast_op ast_operator(CXTranslationUnit tu, CXCursor c);
/*
 * Between these two, ast_operator() remembers each cursor's operator: the
 * analysis of one translation unit asks for the same operators once per
 * path, and reading them from tokens was a fifth of the whole analysis.
 */
void ast_operators_remember(CXTranslationUnit tu);
void ast_operators_forget(void);
/* How an operator is written ("#" for the arithmetic ones it does not tell apart). */
const char *ast_op_spelling(enum ast_op op);

/* The called function's name when the call names it directly, else NULL (malloc'ed). */
char *ast_callee_name(CXCursor call);
/* The called function's declaration (null cursor for calls through pointers). */
CXCursor ast_callee(CXCursor call);
/*
 * The name the call is written with in the file: "dma_map_single" for a
 * call that the macro expands to dma_map_single_attrs().  Malloc'ed; falls
 * back to the callee's name, NULL for calls through pointers.
 */
char *ast_written_callee(CXTranslationUnit tu, CXCursor call);
/* The identifier written where the cursor starts in the file (a macro's name), or NULL. */
char *ast_written_name(CXTranslationUnit tu, CXCursor c);
int ast_num_args(CXCursor call);
CXCursor ast_arg(CXCursor call, int i);
/* Whether the call never returns (noreturn type, BUG(), panic()). */
int ast_call_is_noreturn(CXCursor call, const char *name);

/* The value of an integer constant expression; 0 if it is not one. */
int ast_eval_int(CXCursor c, long long *value);
/* Whether the expression is a null pointer or integer 0 constant. */
int ast_is_zero(CXCursor c);

/* Strings: malloc'ed, from libclang. */
char *ast_spelling(CXCursor c);
char *ast_type_spelling(CXType t);

/* Types */
int ast_type_is_pointer(CXType t);
/* Whether the type is (a typedef chain through) dma_addr_t. */
int ast_type_is_dma_addr(CXType t);
/* Width in bits, 0 when unknown (incomplete, void). */
unsigned ast_type_bits(CXType t);
/* "struct foo" for a struct, a pointer to one or an array of them; else NULL. */
char *ast_record_name(CXType t);
int ast_type_is_const_qualified_pointee(CXType t);

/* Where a cursor is, in the file the user wrote (macros: where they are used). */
struct ast_loc {
	const char *file;	/* interned: compare pointers */
	unsigned line;
	unsigned column;
	unsigned offset;
};

void ast_location(CXCursor c, struct ast_loc *out);
int ast_in_main_file(CXCursor c);

/* One copy of each string for the life of the process (file names, names). */
const char *ast_intern(const char *s);

/* A cursor's identity, for hash tables of statements and declarations. */
unsigned ast_hash(CXCursor c);

#endif
