// SPDX-License-Identifier: GPL-2.0
/*
 * CFGs built from cursors, one test per construct: the dump of each graph
 * (cfg_dump: blocks in the order a walk from the entry meets them, their
 * elements, and where they go) is compared with the graph the code means.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cfg/cfg.h"
#include "snippet.h"

static void expect_cfg(const char *code, const char *function, const char *expected)
{
	struct snippet s;
	struct cfg *cfg;
	char *dump;

	snippet_parse(&s, code);
	cfg = cfg_build(s.tu, snippet_function(&s, function));
	ck_assert_ptr_nonnull(cfg);
	dump = cfg_dump(cfg);
	ck_assert_msg(strcmp(dump, expected) == 0, "%s: got\n%s\nwanted\n%s", function, dump,
		      expected);
	free(dump);
	cfg_free(cfg);
	snippet_free(&s);
}

START_TEST(if_and_return)
{
	expect_cfg("int f(struct device *dev, void *buf)\n"
		   "{\n"
		   "	dma_addr_t dma = dma_map_single(dev, buf, 64, DMA_TO_DEVICE);\n"
		   "	if (dma_mapping_error(dev, dma))\n"
		   "		return -ENOMEM;\n"
		   "	keep_dma(dma);\n"
		   "	return 0;\n"
		   "}\n", "f",
		   "B0: call(dma_map_single_attrs) init(dma) call(dma_mapping_error) | branch(dma_mapping_error) B1 B2\n"
		   "B1: return(return - ENOMEM) | return\n"
		   "B2: call(keep_dma) return(return 0) | return\n"
		   "B3: | exit\n");
}
END_TEST

START_TEST(if_else_joins)
{
	expect_cfg("int f(int k)\n"
		   "{\n"
		   "	int r;\n"
		   "	if (k > 2)\n"
		   "		r = work();\n"
		   "	else\n"
		   "		r = 0;\n"
		   "	return r;\n"
		   "}\n", "f",
		   "B0: | branch(k > 2) B1 B2\n"
		   "B1: call(work) assign(r = work ( )) | jump B3\n"
		   "B2: assign(r = 0) | jump B3\n"
		   "B3: return(return r) | return\n"
		   "B4: | exit\n");
}
END_TEST

/* Kernel error paths: goto labels in reverse order of setup. */
START_TEST(goto_error_labels)
{
	expect_cfg("int f(struct device *dev, void *a, void *b)\n"
		   "{\n"
		   "	dma_addr_t x, y;\n"
		   "	int err = -ENOMEM;\n"
		   "\n"
		   "	x = dma_map_single(dev, a, 64, DMA_TO_DEVICE);\n"
		   "	if (unlikely(dma_mapping_error(dev, x)))\n"
		   "		goto out;\n"
		   "	y = dma_map_single(dev, b, 64, DMA_FROM_DEVICE);\n"
		   "	if (dma_mapping_error(dev, y))\n"
		   "		goto unmap_x;\n"
		   "	return 0;\n"
		   "unmap_x:\n"
		   "	dma_unmap_single(dev, x, 64, DMA_TO_DEVICE);\n"
		   "out:\n"
		   "	return err;\n"
		   "}\n", "f",
		   "B0: init(err) call(dma_map_single_attrs) assign(x = dma_map_single ( dev , a , 64 , DMA_TO_DEVICE) call(dma_mapping_error) | branch(dma_mapping_error) B1 B2\n"
		   "B1: return(return err) | return\n"
		   "B2: call(dma_map_single_attrs) assign(y = dma_map_single ( dev , b , 64 , DMA_FROM_DEVICE) call(dma_mapping_error) | branch(dma_mapping_error) B4 B5\n"
		   "B3: | exit\n"
		   "B4: call(dma_unmap_single_attrs) | jump B1\n"
		   "B5: return(return 0) | return\n");
}
END_TEST

START_TEST(loops_break_continue)
{
	expect_cfg("int f(int n, int *p)\n"
		   "{\n"
		   "	int i, s = 0;\n"
		   "	for (i = 0; i < n; i++) {\n"
		   "		if (p[i] < 0)\n"
		   "			continue;\n"
		   "		if (p[i] == 99)\n"
		   "			break;\n"
		   "		s += p[i];\n"
		   "	}\n"
		   "	while (n--)\n"
		   "		s++;\n"
		   "	do {\n"
		   "		s--;\n"
		   "	} while (0);\n"
		   "	for (;;) {\n"
		   "		if (work())\n"
		   "			break;\n"
		   "	}\n"
		   "	return s;\n"
		   "}\n", "f",
		   "B0: init(s) assign(i = 0) | jump B1\n"
		   "B1: | branch(i < n) B2 B3\n"
		   "B2: access(p [ i ]) | branch(p [ i ] < 0) B4 B5\n"
		   "B3: incdec(n --) | branch(n --) B6 B7\n"
		   "B4: incdec(i ++) | jump B1(back)\n"
		   "B5: access(p [ i ]) | branch(p [ i ] == 99) B3 B8\n"
		   "B6: incdec(s ++) | jump B3(back)\n"
		   "B7: incdec(s --) | jump B9\n"
		   "B8: access(p [ i ]) assign(s += p [ i ]) | jump B4\n"
		   "B9: call(work) | branch(work) B10 B9(back)\n"
		   "B10: return(return s) | return\n"
		   "B11: | exit\n");
}
END_TEST

/* A loop written with a label: the goto back to it closes the loop. */
START_TEST(goto_loops_back)
{
	expect_cfg("int poll_busy(int n);\n"
		   "int f(int n)\n"
		   "{\n"
		   "retry:\n"
		   "	if (poll_busy(n))\n"
		   "		goto retry;\n"
		   "	return 0;\n"
		   "}\n", "f",
		   "B0: | jump B1\n"
		   "B1: call(poll_busy) | branch(poll_busy) B1(back) B2\n"
		   "B2: return(return 0) | return\n"
		   "B3: | exit\n");
}
END_TEST

START_TEST(do_while_loops_back)
{
	expect_cfg("void f(int n)\n"
		   "{\n"
		   "	do {\n"
		   "		if (work())\n"
		   "			continue;\n"
		   "		n--;\n"
		   "	} while (n > 0);\n"
		   "}\n", "f",
		   "B0: | jump B1\n"
		   "B1: call(work) | branch(work) B2 B3\n"
		   "B2: | branch(n > 0) B1(back) B4\n"
		   "B3: incdec(n --) | jump B2\n"
		   "B4: | return\n"
		   "B5: | exit\n");
}
END_TEST

/* libclang leaves out a for statement's missing parts; which is which still counts. */
START_TEST(for_with_missing_parts)
{
	expect_cfg("int f(int n, int *p)\n"
		   "{\n"
		   "	int i = 0;\n"
		   "	for (; i < n;)\n"
		   "		i += p[i];\n"
		   "	for (i = 0;; i++)\n"
		   "		if (p[i])\n"
		   "			return i;\n"
		   "}\n", "f",
		   "B0: init(i) | jump B1\n"
		   "B1: | branch(i < n) B2 B3\n"
		   "B2: access(p [ i ]) assign(i += p [ i ]) | jump B1(back)\n"
		   "B3: assign(i = 0) | jump B4\n"
		   "B4: access(p [ i ]) | branch(p [ i ]) B5 B6\n"
		   "B5: return(return i) | return\n"
		   "B6: incdec(i ++) | jump B4(back)\n"
		   "B7: | exit\n");
}
END_TEST

START_TEST(nested_loops_break_the_inner_one)
{
	expect_cfg("void f(int n, int m)\n"
		   "{\n"
		   "	for (int i = 0; i < n; i++) {\n"
		   "		while (m) {\n"
		   "			if (work())\n"
		   "				continue;\n"
		   "			if (work())\n"
		   "				break;\n"
		   "			m--;\n"
		   "		}\n"
		   "		if (m)\n"
		   "			break;\n"
		   "	}\n"
		   "}\n", "f",
		   "B0: init(i) | jump B1\n"
		   "B1: | branch(i < n) B2 B3\n"
		   "B2: | branch(m) B4 B5\n"
		   "B3: | return\n"
		   "B4: call(work) | branch(work) B2(back) B7\n"
		   "B5: | branch(m) B3 B8\n"
		   "B6: | exit\n"
		   "B7: call(work) | branch(work) B5 B9\n"
		   "B8: incdec(i ++) | jump B1(back)\n"
		   "B9: incdec(m --) | jump B2(back)\n");
}
END_TEST

START_TEST(switch_fallthrough_and_default)
{
	expect_cfg("int f(int k)\n"
		   "{\n"
		   "	int r = 0;\n"
		   "	switch (k) {\n"
		   "	case 1:\n"
		   "		r = 1;\n"
		   "	case 2:\n"
		   "		r += 2;\n"
		   "		break;\n"
		   "	default:\n"
		   "		r = work();\n"
		   "	}\n"
		   "	return r;\n"
		   "}\n", "f",
		   "B0: init(r) | switch B1 B2 B3\n"
		   "B1: assign(r = 1) | jump B2\n"
		   "B2: assign(r += 2) | jump B4\n"
		   "B3: call(work) assign(r = work ( )) | jump B4\n"
		   "B4: return(return r) | return\n"
		   "B5: | exit\n");
}
END_TEST

/* Without a default, a switch can also go straight past its body. */
START_TEST(switch_without_default)
{
	expect_cfg("int f(int k)\n"
		   "{\n"
		   "	switch (k) {\n"
		   "	case 1:\n"
		   "	case 2:\n"
		   "		return work();\n"
		   "	}\n"
		   "	return 0;\n"
		   "}\n", "f",
		   "B0: | switch B1 B1 B2\n"
		   "B1: call(work) return(return work ( )) | return\n"
		   "B2: return(return 0) | return\n"
		   "B3: | exit\n");
}
END_TEST

/* a && b || !c: each operand is its own decision, evaluated only when reached. */
START_TEST(short_circuit_conditions)
{
	expect_cfg("int f(void *p, int k)\n"
		   "{\n"
		   "	if (p && k > 3 || !k)\n"
		   "		return 1;\n"
		   "	return 0;\n"
		   "}\n", "f",
		   "B0: | branch(p) B1 B2\n"
		   "B1: | branch(k > 3) B3 B2\n"
		   "B2: | branch(k) B4 B3\n"
		   "B3: return(return 1) | return\n"
		   "B4: return(return 0) | return\n"
		   "B5: | exit\n");
}
END_TEST

/* A call in the right operand of && runs only when the left one holds. */
START_TEST(short_circuit_in_values)
{
	expect_cfg("int f(void *p)\n"
		   "{\n"
		   "	int ok = p && work();\n"
		   "	return ok;\n"
		   "}\n", "f",
		   "B0: | branch(p) B1 B2\n"
		   "B1: call(work) | branch(work) B2 B2\n"
		   "B2: init(ok) return(return ok) | return\n"
		   "B3: | exit\n");
}
END_TEST

START_TEST(conditional_operator)
{
	expect_cfg("int f(int k)\n"
		   "{\n"
		   "	return k ? work() : 0;\n"
		   "}\n", "f",
		   "B0: | branch(k) B1 B2\n"
		   "B1: call(work) value(work) | jump B3\n"
		   "B2: value(0) | jump B3\n"
		   "B3: return(return k ? work ( ) : 0) | return\n"
		   "B4: | exit\n");
}
END_TEST

/* Macros such as min() and readx_poll_timeout() are statement expressions. */
/* GNU a ?: b: a is called once, and is the value when it is true. */
START_TEST(conditional_operator_without_middle)
{
	expect_cfg("int f(int k)\n"
		   "{\n"
		   "	return first(k) ?: second(k);\n"
		   "}\n", "f",
		   "B0: call(first) value(first) | branch(first) B1 B2\n"
		   "B1: return(return first ( k ) ? : second ( k )) | return\n"
		   "B2: call(second) value(second) | jump B1\n"
		   "B3: | exit\n");
}
END_TEST

START_TEST(statement_expressions)
{
	expect_cfg("int f(int a)\n"
		   "{\n"
		   "	int v = ({ int t = work(); t > a ? t : a; });\n"
		   "	return v;\n"
		   "}\n", "f",
		   "B0: call(work) init(t) | branch(t > a) B1 B2\n"
		   "B1: value(t) | jump B3\n"
		   "B2: value(a) | jump B3\n"
		   "B3: init(v) return(return v) | return\n"
		   "B4: | exit\n");
}
END_TEST

/* likely()/unlikely() and comparisons with zero or NULL fold into the branch. */
START_TEST(likely_and_null_comparisons)
{
	expect_cfg("int f(void *p, int k)\n"
		   "{\n"
		   "	if (unlikely(p == NULL))\n"
		   "		return -1;\n"
		   "	if (likely(k != 0))\n"
		   "		return 1;\n"
		   "	return 0;\n"
		   "}\n", "f",
		   "B0: | branch(p) B1 B2\n"
		   "B1: | branch(k) B3 B4\n"
		   "B2: return(return - 1) | return\n"
		   "B3: return(return 1) | return\n"
		   "B4: return(return 0) | return\n"
		   "B5: | exit\n");
}
END_TEST

/* if ((x = f()) == NULL): the assignment runs, then x is what is tested. */
START_TEST(assignment_in_condition)
{
	expect_cfg("struct sk_buff *f(struct sk_buff *(*get)(void))\n"
		   "{\n"
		   "	struct sk_buff *skb;\n"
		   "	if ((skb = get()) == NULL)\n"
		   "		return NULL;\n"
		   "	return skb;\n"
		   "}\n", "f",
		   "B0: call(get) assign(skb = get ( )) | branch(skb) B1 B2\n"
		   "B1: return(return skb) | return\n"
		   "B2: return(return NULL) | return\n"
		   "B3: | exit\n");
}
END_TEST

/* BUG() and noreturn functions end a path without reaching the exit. */
START_TEST(noreturn_calls_end_paths)
{
	expect_cfg("int f(int v, int w)\n"
		   "{\n"
		   "	if (v == 0)\n"
		   "		BUG();\n"
		   "	if (w)\n"
		   "		panic(\"w\");\n"
		   "	return v;\n"
		   "}\n", "f",
		   "B0: | branch(v) B1 B2\n"
		   "B1: | branch(w) B3 B4\n"
		   "B2: call(__builtin_unreachable) | dead\n"
		   "B3: call(panic) | dead\n"
		   "B4: return(return v) | return\n"
		   "B5: | exit\n");
}
END_TEST

/* Elements in evaluation order; accesses through pointers; sizeof is not evaluated. */
START_TEST(elements_in_evaluation_order)
{
	expect_cfg("struct rx_buf { dma_addr_t dma; struct sk_buff *skb; };\n"
		   "void f(struct device *dev, struct rx_buf *rb, struct sk_buff *skb)\n"
		   "{\n"
		   "	rb->dma = dma_map_single(dev, skb->data, sizeof(*skb), DMA_FROM_DEVICE);\n"
		   "	rb->skb = skb;\n"
		   "}\n", "f",
		   "B0: access(skb -> data) call(dma_map_single_attrs) access(rb -> dma) assign(rb -> dma = dma_map_single ( dev , skb ->) access(rb -> skb) assign(rb -> skb = skb) | return\n"
		   "B1: | exit\n");
}
END_TEST

/* The falling-off return is the function's closing brace. */
START_TEST(implicit_return_at_the_end)
{
	struct snippet s;
	struct cfg *cfg;
	unsigned returns = 0;

	snippet_parse(&s, "void f(int k)\n{\n	if (k)\n		work();\n}\n");
	cfg = cfg_build(s.tu, snippet_function(&s, "f"));
	for (size_t i = 0; i < cfg->nblocks; i++) {
		struct cfg_block *blk = &cfg->blocks[i];

		if (blk->term != TERM_RETURN)
			continue;
		returns++;
		ck_assert_int_eq(clang_getCursorKind(blk->stmt), CXCursor_CompoundStmt);
		ck_assert_uint_eq(blk->nsuccs, 1);
		ck_assert_uint_eq(blk->succs[0], cfg->exit);
	}
	ck_assert_uint_eq(returns, 1);
	cfg_free(cfg);
	snippet_free(&s);
}
END_TEST

static Suite *cfg_suite(void)
{
	Suite *s = suite_create("cfg");
	TCase *tc = tcase_create("constructs");

	tcase_add_test(tc, if_and_return);
	tcase_add_test(tc, if_else_joins);
	tcase_add_test(tc, goto_error_labels);
	tcase_add_test(tc, loops_break_continue);
	tcase_add_test(tc, do_while_loops_back);
	tcase_add_test(tc, goto_loops_back);
	tcase_add_test(tc, for_with_missing_parts);
	tcase_add_test(tc, nested_loops_break_the_inner_one);
	tcase_add_test(tc, switch_fallthrough_and_default);
	tcase_add_test(tc, switch_without_default);
	tcase_add_test(tc, short_circuit_conditions);
	tcase_add_test(tc, short_circuit_in_values);
	tcase_add_test(tc, conditional_operator);
	tcase_add_test(tc, conditional_operator_without_middle);
	tcase_add_test(tc, statement_expressions);
	tcase_add_test(tc, likely_and_null_comparisons);
	tcase_add_test(tc, assignment_in_condition);
	tcase_add_test(tc, noreturn_calls_end_paths);
	tcase_add_test(tc, elements_in_evaluation_order);
	tcase_add_test(tc, implicit_return_at_the_end);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return dmc_run_suite(cfg_suite());
}
