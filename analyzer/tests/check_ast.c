// SPDX-License-Identifier: GPL-2.0
/*
 * Cursor helpers: operators (which libclang 14 cannot name) in plain code,
 * in macro arguments and in macro bodies; callees; constants; types.
 */
#include <stdio.h>
#include <stdlib.h>

#include "snippet.h"

struct op_walk {
	CXTranslationUnit tu;
	char *seen;
};

static const char *op_name(enum ast_op op)
{
	static const char *const names[] = {
		"none", "=", "op=", ",", "&&", "||", "==", "!=", "<", ">", "<=", ">=", "+", "-",
		"arith", "cmp?", "!", "*", "&", "neg", "~", "plus", "++", "?",
	};

	return names[op];
}

static enum CXChildVisitResult collect_ops(CXCursor c, CXCursor parent, CXClientData data)
{
	struct op_walk *w = data;
	enum CXCursorKind k = clang_getCursorKind(c);

	if (k == CXCursor_BinaryOperator || k == CXCursor_UnaryOperator ||
	    k == CXCursor_CompoundAssignOperator) {
		char *more = dmc_xasprintf("%s%s%s", w->seen, *w->seen ? " " : "",
					   op_name(ast_operator(w->tu, c)));

		free(w->seen);
		w->seen = more;
	}
	return CXChildVisit_Recurse;
}

static void expect_ops(const char *code, const char *expected)
{
	struct snippet s;
	struct op_walk w;

	snippet_parse(&s, code);
	w.tu = s.tu;
	w.seen = dmc_xstrdup("");
	clang_visitChildren(snippet_function(&s, "f"), collect_ops, &w);
	ck_assert_str_eq(w.seen, expected);
	free(w.seen);
	snippet_free(&s);
}

START_TEST(operators_in_plain_code)
{
	expect_ops("int f(int *q, int x)\n"
		   "{\n"
		   "	*q = !x;\n"
		   "	q += x << 2 | ~x;\n"
		   "	x++;\n"
		   "	return -x >= 3 && x != 1 || q == &x;\n"
		   "}\n",
		   "= * ! op= arith arith ~ ++ || && >= neg != == &");
}
END_TEST

/* dma_unmap_addr_set() and friends assign inside a macro body. */
START_TEST(operators_in_macro_bodies)
{
	expect_ops("#define SET(b, f, v) ((b)->f = (v))\n"
		   "#define NOTZ(x) ((x) != 0)\n"
		   "struct s { int f; };\n"
		   "int f(struct s *p, int x)\n"
		   "{\n"
		   "	SET(p, f, x + 1);\n"
		   "	return NOTZ(x);\n"
		   "}\n",
		   "= + !=");
}
END_TEST

/* likely(p == NULL): an operator in a macro argument, with a macro operand. */
START_TEST(operators_in_macro_arguments)
{
	expect_ops("int f(void *p, int x)\n"
		   "{\n"
		   "	if (unlikely(p == NULL))\n"
		   "		return 1;\n"
		   "	return likely(!x);\n"
		   "}\n",
		   "! ! == ! ! !");
}
END_TEST

static enum CXChildVisitResult find_call(CXCursor c, CXCursor parent, CXClientData data)
{
	if (clang_getCursorKind(c) != CXCursor_CallExpr)
		return CXChildVisit_Recurse;
	*(CXCursor *)data = c;
	return CXChildVisit_Break;
}

/* for_each_sg(): assignments whose left operand is a macro argument, in a comma list. */
START_TEST(operators_with_arguments_on_the_left)
{
	expect_ops("#define for_each_item(list, it, n, i) \\\n"
		   "	for ((i) = 0, it = (list); (i) < (n); (i)++, it = it + 1)\n"
		   "int f(int *list, int n)\n"
		   "{\n"
		   "	int *it, i, s = 0;\n"
		   "	for_each_item(list, it, n, i)\n"
		   "		s += *it;\n"
		   "	return s;\n"
		   "}\n",
		   ", = = < , ++ = + op= *");
}
END_TEST

START_TEST(callees_constants_and_types)
{
	struct snippet s;
	CXCursor f, call, arg;
	long long v;
	char *name;

	snippet_parse(&s, "void f(struct device *dev, void *buf, u32 narrow)\n"
			  "{\n"
			  "	dma_map_single(dev, buf, 2 * 1024, DMA_FROM_DEVICE);\n"
			  "}\n");
	f = snippet_function(&s, "f");
	call = clang_getNullCursor();
	clang_visitChildren(f, find_call, &call);
	ck_assert_int_eq(clang_getCursorKind(call), CXCursor_CallExpr);
	name = ast_callee_name(call);
	ck_assert_str_eq(name, "dma_map_single_attrs");	/* the macro's expansion */
	free(name);
	ck_assert_int_eq(ast_num_args(call), 5);
	ck_assert(ast_eval_int(ast_arg(call, 2), &v) && v == 2048);
	ck_assert(ast_eval_int(ast_arg(call, 3), &v) && v == 2);
	ck_assert(!ast_eval_int(ast_arg(call, 1), &v));
	ck_assert(ast_is_zero(ast_arg(call, 4)));
	ck_assert(ast_type_is_dma_addr(clang_getCursorType(call)));
	arg = ast_child(f, 2);
	ck_assert_int_eq(clang_getCursorKind(arg), CXCursor_ParmDecl);
	ck_assert(!ast_type_is_dma_addr(clang_getCursorType(arg)));
	ck_assert_uint_eq(ast_type_bits(clang_getCursorType(arg)), 32);
	snippet_free(&s);
}
END_TEST

START_TEST(record_names_and_locations)
{
	struct snippet s;
	CXCursor f, p;
	char *name;
	struct ast_loc loc;

	snippet_parse(&s, "struct ring { int n; };\n"
			  "void f(const struct ring *r, struct ring rings[4])\n"
			  "{\n"
			  "}\n");
	f = snippet_function(&s, "f");
	p = ast_child(f, 0);
	name = ast_record_name(clang_getCursorType(p));
	ck_assert_str_eq(name, "struct ring");
	free(name);
	name = ast_record_name(clang_getCursorType(ast_child(f, 1)));
	ck_assert_str_eq(name, "struct ring");
	free(name);
	ast_location(p, &loc);
	ck_assert_str_eq(loc.file, "snippet.c");
	ck_assert_ptr_eq(loc.file, ast_intern("snippet.c"));
	ck_assert_uint_eq(loc.line, snippet_line(2));
	snippet_free(&s);
}
END_TEST

static Suite *ast_suite(void)
{
	Suite *s = suite_create("ast");
	TCase *tc = tcase_create("helpers");

	tcase_add_test(tc, operators_in_plain_code);
	tcase_add_test(tc, operators_in_macro_bodies);
	tcase_add_test(tc, operators_in_macro_arguments);
	tcase_add_test(tc, operators_with_arguments_on_the_left);
	tcase_add_test(tc, callees_constants_and_types);
	tcase_add_test(tc, record_names_and_locations);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return dmc_run_suite(ast_suite());
}
