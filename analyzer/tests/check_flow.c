// SPDX-License-Identifier: GPL-2.0
/*
 * The ownership dataflow on small snippets: each test runs the whole
 * analysis (summaries, field facts, every rule) over a few functions and
 * compares the findings, as "rule@line" with lines counted from the
 * snippet's first line, with what the code means.
 */
#include <stdio.h>
#include <stdlib.h>

#include "analysis.h"
#include "snippet.h"

static char *findings_of(const char *code)
{
	struct snippet s;
	struct dmc_findings out;
	struct dmc_diags diags;
	char *text = dmc_xstrdup("");
	unsigned base = snippet_line(0);

	setenv("DMACHECK_ANALYZER_RULES", "all", 1);
	snippet_parse(&s, code);
	dmc_findings_init(&out);
	dmc_diags_init(&diags);
	analysis_run(s.tu, "snippet.c", &s.errors, &out, &diags);
	dmc_findings_merge(&out);
	for (size_t i = 0; i < out.count; i++) {
		char *more = dmc_xasprintf("%s%s%s@%u", text, *text ? " " : "",
					   out.items[i].rule->slug, out.items[i].loc.line - base);

		free(text);
		text = more;
	}
	ck_assert_msg(diags.count == 0, "analysis diagnostic: %s",
		      diags.count ? diags.items[0].message : "");
	dmc_findings_free(&out);
	dmc_diags_free(&diags);
	snippet_free(&s);
	return text;
}

static void expect_findings(const char *code, const char *expected)
{
	char *got = findings_of(code);

	ck_assert_msg(strcmp(got, expected) == 0, "got \"%s\", wanted \"%s\"", got, expected);
	free(got);
}

/*
 * body has one %s: filled with clean it must give no finding, with bad
 * exactly bad_findings (a clean idiom and its buggy twin).
 */
static void expect_twins(const char *body, const char *clean, const char *bad,
			 const char *bad_findings)
{
	char *code = dmc_xasprintf(body, clean);

	expect_findings(code, "");
	free(code);
	code = dmc_xasprintf(body, bad);
	expect_findings(code, bad_findings);
	free(code);
}

/* ------------------------------------------------------ mapping life cycle */

/* Line 7 is a return after the first map, line 11 one after the second failed. */
START_TEST(error_branch_kills_the_failed_mapping)
{
	expect_findings("int f(struct device *dev, void *a, void *b, u64 *hw)\n"		/* 1 */
			"{\n"
			"	dma_addr_t x, y;\n"
			"\n"
			"	x = dma_map_single(dev, a, 64, DMA_TO_DEVICE);\n"		/* 5 */
			"	if (dma_mapping_error(dev, x))\n"
			"		return -ENOMEM;\n"
			"	y = dma_map_single(dev, b, 64, DMA_TO_DEVICE);\n"
			"	if (dma_mapping_error(dev, y)) {\n"
			"		dma_unmap_single(dev, x, 64, DMA_TO_DEVICE);\n"	/* 10 */
			"		return -ENOMEM;\n"
			"	}\n"
			"	hw[0] = x;\n"
			"	hw[1] = y;\n"
			"	return 0;\n"							/* 15 */
			"}\n", "");
}
END_TEST

START_TEST(unwinding_with_goto_labels)
{
	expect_findings("int f(struct device *dev, void *a, void *b, u64 *hw)\n"		/* 1 */
			"{\n"
			"	dma_addr_t x, y;\n"
			"	int err = -ENOMEM;\n"
			"\n"								/* 5 */
			"	x = dma_map_single(dev, a, 64, DMA_TO_DEVICE);\n"
			"	if (dma_mapping_error(dev, x))\n"
			"		goto out;\n"
			"	y = dma_map_single(dev, b, 64, DMA_TO_DEVICE);\n"
			"	if (dma_mapping_error(dev, y))\n"				/* 10 */
			"		goto unmap_x;\n"
			"	if (work())\n"
			"		goto unmap_y;\n"
			"	hw[0] = x;\n"
			"	hw[1] = y;\n"							/* 15 */
			"	return 0;\n"
			"unmap_y:\n"
			"	dma_unmap_single(dev, y, 64, DMA_TO_DEVICE);\n"
			"unmap_x:\n"
			"	dma_unmap_single(dev, x, 64, DMA_TO_DEVICE);\n"		/* 20 */
			"out:\n"
			"	return err;\n"
			"}\n", "");
}
END_TEST

/* The same, with the second label forgotten: both ways out of line 22 leak x. */
START_TEST(a_forgotten_unwind_leaks_at_the_return)
{
	expect_findings("int f(struct device *dev, void *a, void *b, u64 *hw)\n"		/* 1 */
			"{\n"
			"	dma_addr_t x, y;\n"
			"	int err = -ENOMEM;\n"
			"\n"								/* 5 */
			"	x = dma_map_single(dev, a, 64, DMA_TO_DEVICE);\n"
			"	if (dma_mapping_error(dev, x))\n"
			"		goto out;\n"
			"	y = dma_map_single(dev, b, 64, DMA_TO_DEVICE);\n"
			"	if (dma_mapping_error(dev, y))\n"				/* 10 */
			"		goto out;\n"
			"	hw[0] = x;\n"
			"	hw[1] = y;\n"
			"	return 0;\n"
			"out:\n"							/* 15 */
			"	return err;\n"
			"}\n", "mapping-leak@16");
}
END_TEST

/* Where a handle goes decides whether losing the local is a leak. */
START_TEST(escapes_are_not_leaks)
{
	expect_findings("struct ring { dma_addr_t dma[8]; };\n"				/* 1 */
			"static dma_addr_t kept;\n"
			"void f_field(struct device *dev, struct ring *r, void *a)\n"
			"{\n"
			"	dma_addr_t d = dma_map_single(dev, a, 64, DMA_TO_DEVICE);\n"	/* 5 */
			"	if (!dma_mapping_error(dev, d))\n"
			"		r->dma[0] = d;\n"
			"}\n"
			"dma_addr_t f_returned(struct device *dev, void *a)\n"
			"{\n"								/* 10 */
			"	return dma_map_single(dev, a, 64, DMA_TO_DEVICE);\n"
			"}\n"
			"void f_global(struct device *dev, void *a)\n"
			"{\n"
			"	dma_addr_t d = dma_map_single(dev, a, 64, DMA_TO_DEVICE);\n"	/* 15 */
			"	if (!dma_mapping_error(dev, d))\n"
			"		kept = d;\n"
			"}\n"
			"void f_passed(struct device *dev, void *a)\n"
			"{\n"								/* 20 */
			"	dma_addr_t d = dma_map_single(dev, a, 64, DMA_TO_DEVICE);\n"
			"	if (!dma_mapping_error(dev, d))\n"
			"		keep_dma(d);\n"
			"}\n"
			"void f_logged(struct device *dev, void *a)\n"			/* 25 */
			"{\n"
			"	dma_addr_t d = dma_map_single(dev, a, 64, DMA_TO_DEVICE);\n"
			"	if (!dma_mapping_error(dev, d))\n"
			"		printk(\"%llx\", d);\n"
			"}\n", "mapping-leak@30");
}
END_TEST

/* if (mapped) unmap(): a flag set on the path that mapped. */
START_TEST(branch_correlation_through_a_flag)
{
	expect_findings("void f(struct device *dev, void *a, int want)\n"			/* 1 */
			"{\n"
			"	dma_addr_t d = 0;\n"
			"	int mapped = 0;\n"
			"\n"								/* 5 */
			"	if (want) {\n"
			"		d = dma_map_single(dev, a, 64, DMA_TO_DEVICE);\n"
			"		if (dma_mapping_error(dev, d))\n"
			"			return;\n"
			"		mapped = 1;\n"						/* 10 */
			"	}\n"
			"	work();\n"
			"	if (mapped)\n"
			"		dma_unmap_single(dev, d, 64, DMA_TO_DEVICE);\n"
			"}\n", "");
}
END_TEST

START_TEST(check_result_through_a_variable)
{
	expect_findings("int f(struct device *dev, void *a, u64 *hw)\n"			/* 1 */
			"{\n"
			"	dma_addr_t d = dma_map_single(dev, a, 64, DMA_TO_DEVICE);\n"
			"	int err = dma_mapping_error(dev, d);\n"
			"\n"								/* 5 */
			"	if (unlikely(err))\n"
			"		return err;\n"
			"	*hw = d;\n"
			"	return 0;\n"
			"}\n", "");
}
END_TEST

/* A slot per iteration: unmapping slot i in a loop is no double unmap. */
START_TEST(loops_over_ring_slots)
{
	expect_findings("struct slot { dma_addr_t dma; void *buf; };\n"			/* 1 */
			"struct ring { struct slot s[8]; };\n"
			"int refill(struct device *dev, struct ring *r)\n"
			"{\n"
			"	for (int i = 0; i < 8; i++) {\n"				/* 5 */
			"		r->s[i].dma = dma_map_single(dev, r->s[i].buf, 64, DMA_FROM_DEVICE);\n"
			"		if (dma_mapping_error(dev, r->s[i].dma))\n"
			"			return -ENOMEM;\n"
			"	}\n"
			"	return 0;\n"							/* 10 */
			"}\n"
			"void drain(struct device *dev, struct ring *r)\n"
			"{\n"
			"	unsigned int i;\n"
			"\n"								/* 15 */
			"	for (i = 0; i < 8; i++)\n"
			"		dma_unmap_single(dev, r->s[i].dma, 64, DMA_FROM_DEVICE);\n"
			"}\n", "");
}
END_TEST

START_TEST(the_same_slot_twice_is_a_double_unmap)
{
	expect_findings("struct slot { dma_addr_t dma; };\n"				/* 1 */
			"void f(struct device *dev, struct slot *ring, unsigned int i)\n"
			"{\n"
			"	struct slot *s = &ring[i];\n"
			"\n"								/* 5 */
			"	dma_unmap_single(dev, s->dma, 64, DMA_TO_DEVICE);\n"
			"	if (work())\n"
			"		dma_unmap_single(dev, ring[i].dma, 64, DMA_TO_DEVICE);\n"
			"}\n", "double-unmap@8");
}
END_TEST

/* ------------------------------------------------------------- summaries */

/* A helper that allocates on success (returns 0) and one that frees. */
START_TEST(summaries_tie_effects_to_the_helpers_result)
{
	expect_findings("struct ring { void *desc; dma_addr_t desc_dma; };\n"		/* 1 */
			"static int ring_alloc(struct device *dev, struct ring *r)\n"
			"{\n"
			"	r->desc = dma_alloc_coherent(dev, 4096, &r->desc_dma, GFP_KERNEL);\n"
			"	if (!r->desc)\n"						/* 5 */
			"		return -ENOMEM;\n"
			"	return 0;\n"
			"}\n"
			"static void ring_free(struct device *dev, struct ring *r)\n"
			"{\n"								/* 10 */
			"	dma_free_coherent(dev, 4096, r->desc, r->desc_dma);\n"
			"}\n"
			"int f_probe(struct device *dev)\n"
			"{\n"
			"	struct ring tx, rx;\n"						/* 15 */
			"\n"
			"	if (ring_alloc(dev, &tx))\n"
			"		return -ENOMEM;\n"
			"	if (ring_alloc(dev, &rx)) {\n"
			"		ring_free(dev, &tx);\n"				/* 20 */
			"		return -ENOMEM;\n"
			"	}\n"
			"	ring_free(dev, &rx);\n"
			"	return 0;\n"
			"}\n", "coherent-leak@24");
}
END_TEST

/* The refill maps DMA_FROM_DEVICE into the slot; the clean unmaps it DMA_TO_DEVICE. */
START_TEST(field_facts_carry_the_direction_across_functions)
{
	expect_findings("struct slot { dma_addr_t dma; struct sk_buff *skb; };\n"		/* 1 */
			"struct ring { struct slot s[8]; struct device *dev; };\n"
			"int refill(struct ring *r, unsigned int i, struct sk_buff *skb)\n"
			"{\n"
			"	struct slot *s = &r->s[i];\n"					/* 5 */
			"\n"
			"	s->dma = dma_map_single(r->dev, skb->data, 2048, DMA_FROM_DEVICE);\n"
			"	if (dma_mapping_error(r->dev, s->dma))\n"
			"		return -ENOMEM;\n"
			"	s->skb = skb;\n"						/* 10 */
			"	return 0;\n"
			"}\n"
			"void clean(struct ring *r, unsigned int i)\n"
			"{\n"
			"	dma_unmap_single(r->dev, r->s[i].dma, 2048, DMA_TO_DEVICE);\n"	/* 15 */
			"	consume(r->s[i].skb);\n"
			"}\n", "direction-mismatch@15");
}
END_TEST

/* Reading the frame before the sync that hands it back: the ring's buffer, known from refill. */
START_TEST(field_facts_carry_the_buffer_across_functions)
{
	expect_findings("struct slot { dma_addr_t dma; struct sk_buff *skb; };\n"		/* 1 */
			"struct ring { struct slot s[8]; struct device *dev; };\n"
			"int refill(struct ring *r, unsigned int i, struct sk_buff *skb)\n"
			"{\n"
			"	r->s[i].dma = dma_map_single(r->dev, skb->data, 2048, DMA_FROM_DEVICE);\n"
			"	if (dma_mapping_error(r->dev, r->s[i].dma))\n"
			"		return -ENOMEM;\n"
			"	r->s[i].skb = skb;\n"
			"	return 0;\n"
			"}\n"								/* 10 */
			"int peek(struct ring *r, unsigned int i)\n"
			"{\n"
			"	struct sk_buff *skb = r->s[i].skb;\n"
			"	int type = skb->data[12];\n"
			"\n"								/* 15 */
			"	dma_sync_single_for_cpu(r->dev, r->s[i].dma, 64, DMA_FROM_DEVICE);\n"
			"	return type + skb->data[13];\n"
			"}\n", "cpu-read-while-device-owned@14");
}
END_TEST

/* ?: hands the mapping made in one arm to the assignment. */
START_TEST(conditional_values)
{
	expect_findings("void f(struct device *dev, void *a, void *b, int which)\n"	/* 1 */
			"{\n"
			"	dma_addr_t d = which ? dma_map_single(dev, a, 64, DMA_TO_DEVICE)\n"
			"			     : dma_map_single(dev, b, 64, DMA_TO_DEVICE);\n"
			"\n"								/* 5 */
			"	if (dma_mapping_error(dev, d))\n"
			"		return;\n"
			"	keep_dma(d);\n"
			"}\n", "");
}
END_TEST

/* A helper that wraps dma_mapping_error(), and a check inside a statement expression. */
START_TEST(checks_through_helpers_and_warn_macros)
{
	expect_findings("#define WARN_ONCE_ON(c) ({ int __r = !!(c); if (__r) printk(\"!\"); __r; })\n"
			"static bool map_failed(struct device *dev, dma_addr_t dma)\n"
			"{\n"
			"	if (likely(!dma_mapping_error(dev, dma)))\n"
			"		return false;\n"					/* 5 */
			"	return true;\n"
			"}\n"
			"int f(struct device *dev, void *a, u64 *hw)\n"
			"{\n"
			"	dma_addr_t d = dma_map_single(dev, a, 64, DMA_TO_DEVICE);\n"	/* 10 */
			"\n"
			"	if (map_failed(dev, d))\n"
			"		return -ENOMEM;\n"
			"	*hw = d;\n"
			"	return 0;\n"						/* 15 */
			"}\n"
			"int g(struct device *dev, void *a, u64 *hw)\n"
			"{\n"
			"	dma_addr_t d = dma_map_single(dev, a, 64, DMA_TO_DEVICE);\n"
			"\n"								/* 20 */
			"	if (WARN_ONCE_ON(dma_mapping_error(dev, d)))\n"
			"		return -EIO;\n"
			"	*hw = d;\n"
			"	return 0;\n"
			"}\n", "");
}
END_TEST

/* dma_map_sg() fails with 0: a count used before that test, or tested with < 0. */
START_TEST(sg_counts_must_be_tested_for_zero)
{
	expect_findings("struct req { struct scatterlist *sgl; int n; int mapped; };\n"	/* 1 */
			"int f(struct device *dev, struct req *r)\n"
			"{\n"
			"	int count = dma_map_sg(dev, r->sgl, r->n, DMA_TO_DEVICE);\n"
			"\n"								/* 5 */
			"	if (count < 0)\n"
			"		return count;\n"
			"	r->mapped = count;\n"
			"	return 0;\n"
			"}\n"								/* 10 */
			"int g(struct device *dev, struct req *r)\n"
			"{\n"
			"	int count = dma_map_sg(dev, r->sgl, r->n, DMA_TO_DEVICE);\n"
			"\n"
			"	if (!count)\n"						/* 15 */
			"		return -EIO;\n"
			"	r->mapped = count;\n"
			"	return 0;\n"
			"}\n", "unchecked-mapping-error@4");
}
END_TEST

/*
 * A helper that reads what it is given before it syncs: the caller still let
 * the device own the buffer (line 5); the same helper after the sync is fine.
 */
START_TEST(helpers_touching_the_callers_buffer)
{
	expect_findings("static u32 sum(const u8 *p) { return get_unaligned_le32(p + 4); }\n"
			"static int rx(struct device *dev, u8 *buf, dma_addr_t dma, int sync_first)\n"
			"{\n"
			"	if (!sync_first)\n"
			"		return sum(buf);\n"					/* 5 */
			"	dma_sync_single_for_cpu(dev, dma, 64, DMA_FROM_DEVICE);\n"
			"	return sum(buf);\n"
			"}\n"
			"int f(struct device *dev, u8 *buf, int sync_first)\n"
			"{\n"								/* 10 */
			"	dma_addr_t dma = dma_map_single(dev, buf, 64, DMA_FROM_DEVICE);\n"
			"	int r;\n"
			"\n"
			"	if (dma_mapping_error(dev, dma))\n"
			"		return -ENOMEM;\n"					/* 15 */
			"	r = rx(dev, buf, dma, sync_first);\n"
			"	dma_unmap_single(dev, dma, 64, DMA_FROM_DEVICE);\n"
			"	return r;\n"
			"}\n", "cpu-read-while-device-owned@5");
}
END_TEST

/*
 * An interrupt loop that unmaps the one transmit buffer whenever the device
 * says it is done: each round's handle is the one mapped since, not the one
 * unmapped before.  Twice in one round is still a double unmap (line 12).
 */
START_TEST(loops_forget_the_entries_they_released)
{
	expect_findings("struct nic { struct device *dev; dma_addr_t tx_dma; unsigned int len;\n"
			"	     void *regs; };\n"
			"void irq(struct nic *n)\n"
			"{\n"
			"	do {\n"						/* 5 */
			"		dma_unmap_single(n->dev, n->tx_dma, n->len, DMA_TO_DEVICE);\n"
			"	} while (ioread16(n->regs) & 1);\n"
			"}\n"
			"void twice(struct nic *n)\n"
			"{\n"								/* 10 */
			"	dma_unmap_single(n->dev, n->tx_dma, n->len, DMA_TO_DEVICE);\n"
			"	dma_unmap_single(n->dev, n->tx_dma, n->len, DMA_TO_DEVICE);\n"
			"}\n", "double-unmap@12");
}
END_TEST

/* A handle given to a helper that gives it to another that stores it: kept. */
START_TEST(helpers_passing_handles_on_keep_them)
{
	expect_findings("struct buf { dma_addr_t dma; struct buf *next; };\n"		/* 1 */
			"struct rq { struct buf *to_use; };\n"
			"static void post(struct rq *rq, dma_addr_t dma)\n"
			"{\n"
			"	struct buf *b = rq->to_use;\n"				/* 5 */
			"\n"
			"	b->dma = dma;\n"
			"	rq->to_use = b->next;\n"
			"}\n"
			"static void queue_desc(struct rq *rq, dma_addr_t dma) { post(rq, dma); }\n"
			"int refill(struct device *dev, struct rq *rq, void *data)\n"
			"{\n"
			"	dma_addr_t dma = dma_map_single(dev, data, 64, DMA_FROM_DEVICE);\n"
			"\n"
			"	if (dma_mapping_error(dev, dma))\n"			/* 15 */
			"		return -ENOMEM;\n"
			"	queue_desc(rq, dma);\n"
			"	return 0;\n"
			"}\n", "");
}
END_TEST

/*
 * A teardown helper that frees only what is there (`if (nic->mem)`) frees it
 * on every path that has it; an allocation helper writing into memory the
 * caller cannot name (container_of()) keeps what it allocates there.
 */
START_TEST(conditional_frees_and_unnamed_destinations)
{
	expect_findings("struct nic { struct device *dev; void *mem; dma_addr_t dma; int up; };\n" /* 1 */
			"struct work { int pending; };\n"
			"struct nic *nic_of(struct work *w);\n"
			"static int nic_alloc(struct nic *nic)\n"
			"{\n"								/* 5 */
			"	nic->mem = dma_alloc_coherent(nic->dev, 64, &nic->dma, GFP_KERNEL);\n"
			"	return nic->mem ? 0 : -ENOMEM;\n"
			"}\n"
			"static void nic_free(struct nic *nic)\n"
			"{\n"								/* 10 */
			"	if (nic->mem) {\n"
			"		dma_free_coherent(nic->dev, 64, nic->mem, nic->dma);\n"
			"		nic->mem = NULL;\n"
			"	}\n"
			"}\n"								/* 15 */
			"int nic_probe(struct nic *nic)\n"
			"{\n"
			"	int err = nic_alloc(nic);\n"
			"\n"
			"	if (err)\n"						/* 20 */
			"		return err;\n"
			"	if (!nic->up) {\n"
			"		nic_free(nic);\n"
			"		return -EIO;\n"
			"	}\n"							/* 25 */
			"	return 0;\n"
			"}\n"
			"void nic_reset(struct work *w)\n"
			"{\n"
			"	nic_alloc(nic_of(w));\n"					/* 30 */
			"}\n", "");
}
END_TEST

/*
 * ixgbe's unwind: the head's mapping lives in first->dma and a loop unmaps
 * ring entries back to first; which entries it reaches is not followed, so
 * freeing the frame after it is no finding.  Without the loop it is (39).
 */
START_TEST(unwind_loops_over_ring_entries)
{
	expect_findings("struct txb { dma_addr_t dma; unsigned int len; void *data; };\n"	/* 1 */
			"struct txr { struct device *dev; struct txb *buf; unsigned int n; };\n"
			"int map_frags(struct txr *r, struct txb *first, unsigned int i, void *frag)\n"
			"{\n"
			"	struct txb *b;\n"						/* 5 */
			"	dma_addr_t dma = dma_map_single(r->dev, first->data, 64, DMA_TO_DEVICE);\n"
			"\n"
			"	if (dma_mapping_error(r->dev, dma))\n"
			"		return -ENOMEM;\n"
			"	first->dma = dma;\n"						/* 10 */
			"	first->len = 64;\n"
			"	dma = dma_map_single(r->dev, frag, 64, DMA_TO_DEVICE);\n"
			"	if (dma_mapping_error(r->dev, dma))\n"
			"		goto unwind;\n"
			"	r->buf[i].dma = dma;\n"					/* 15 */
			"	r->buf[i].len = 64;\n"
			"	return 0;\n"
			"unwind:\n"
			"	for (;;) {\n"
			"		b = &r->buf[i];\n"					/* 20 */
			"		if (b->len)\n"
			"			dma_unmap_single(r->dev, b->dma, b->len, DMA_TO_DEVICE);\n"
			"		if (b == first)\n"
			"			break;\n"
			"		i = i ? i - 1 : r->n - 1;\n"				/* 25 */
			"	}\n"
			"	kfree(first->data);\n"
			"	return -ENOMEM;\n"
			"}\n"
			"int map_frags_no_unwind(struct txr *r, struct txb *first, void *frag)\n"	/* 30 */
			"{\n"
			"	dma_addr_t dma = dma_map_single(r->dev, first->data, 64, DMA_TO_DEVICE);\n"
			"\n"
			"	if (dma_mapping_error(r->dev, dma))\n"
			"		return -ENOMEM;\n"					/* 35 */
			"	first->dma = dma;\n"
			"	dma = dma_map_single(r->dev, frag, 64, DMA_TO_DEVICE);\n"
			"	if (dma_mapping_error(r->dev, dma)) {\n"
			"		kfree(first->data);\n"
			"		return -ENOMEM;\n"					/* 40 */
			"	}\n"
			"	r->buf[0].dma = dma;\n"
			"	return 0;\n"
			"}\n", "free-while-mapped@39");
}
END_TEST

/*
 * ravb's failure branch: the descriptor's length is set to 0, so the
 * address written beside it is never used.  Without that it is a use of a
 * failed mapping (reported at the map, line 13).
 */
START_TEST(a_failed_map_in_a_disabled_descriptor)
{
	expect_findings("struct desc { u16 ds_cc; u32 dptr; };\n"				/* 1 */
			"void format(struct device *dev, struct desc *d, void *data)\n"
			"{\n"
			"	dma_addr_t dma = dma_map_single(dev, data, 64, DMA_FROM_DEVICE);\n"
			"\n"								/* 5 */
			"	d->ds_cc = 64;\n"
			"	if (dma_mapping_error(dev, dma))\n"
			"		d->ds_cc = 0;\n"
			"	d->dptr = (u32)dma;\n"
			"}\n"								/* 10 */
			"void format_bad(struct device *dev, struct desc *d, void *data)\n"
			"{\n"
			"	dma_addr_t dma = dma_map_single(dev, data, 64, DMA_FROM_DEVICE);\n"
			"\n"
			"	if (dma_mapping_error(dev, dma))\n"			/* 15 */
			"		d->ds_cc = 1;\n"
			"	d->dptr = (u32)dma;\n"
			"}\n", "unchecked-mapping-error@13");
}
END_TEST

/*
 * Which ring a field fact speaks for.  bgmac-like: tx and rx rings are the
 * same struct and rx slots are filled through a bare slot pointer, so the
 * tx ring's maps say nothing about what an rx slot holds.  tulip-like: a
 * ring this file never maps into (its maps are in another file) has no
 * fact, whatever another ring of the same struct says.  Rings named by
 * their own fields keep their facts (line 19 of the second snippet).
 */
#define RING_PRELUDE \
	"#define MAP(lv, dir) do { dma_addr_t d_ = dma_map_single(n->dev, data, 64, dir); \\\n" \
	"	if (!dma_mapping_error(n->dev, d_)) lv = d_; } while (0)\n" \
	"struct slot { dma_addr_t dma; };\n" \
	"struct ring { struct slot s[8]; };\n" \
	"struct nic { struct device *dev; struct ring tx, rx; struct slot t[8], r[8]; };\n"

START_TEST(field_facts_know_which_ring_they_speak_for)
{
	expect_findings(RING_PRELUDE							/* 1-5 */
			"void tx_map(struct nic *n, struct ring *ring, void *data)\n"
			"{\n"
			"	MAP(ring->s[0].dma, DMA_TO_DEVICE);\n"
			"}\n"
			"void rx_map(struct nic *n, struct slot *slot, void *data)\n"	/* 10 */
			"{\n"
			"	MAP(slot->dma, DMA_FROM_DEVICE);\n"
			"}\n"
			"void rx_free(struct nic *n, struct ring *ring)\n"
			"{\n"								/* 15 */
			"	dma_unmap_single(n->dev, ring->s[0].dma, 64, DMA_FROM_DEVICE);\n"
			"}\n", "");
	expect_findings(RING_PRELUDE							/* 1-5 */
			"void r_map(struct nic *n, void *data)\n"
			"{\n"
			"	MAP(n->r[0].dma, DMA_FROM_DEVICE);\n"
			"}\n"
			"void t_clean(struct nic *n)\n"					/* 10 */
			"{\n"
			"	dma_unmap_single(n->dev, n->t[0].dma, 64, DMA_TO_DEVICE);\n"
			"}\n"
			"void rx_map(struct nic *n, void *data) { MAP(n->rx.s[1].dma, DMA_FROM_DEVICE); }\n"
			"void tx_map(struct nic *n, void *data) { MAP(n->tx.s[1].dma, DMA_TO_DEVICE); }\n" /* 15 */
			"void rx_clean(struct nic *n)\n"
			"{\n"
			"	dma_unmap_single(n->dev, n->rx.s[1].dma, 64, DMA_FROM_DEVICE);\n"
			"	dma_unmap_single(n->dev, n->tx.s[1].dma, 64, DMA_FROM_DEVICE);\n"
			"}\n", "direction-mismatch@19");
}
END_TEST

/*
 * mv643xx: queues are an array member, set up and torn down through
 * `mp->txq + i` in loops; each element is its own memory (no double free).
 * A mapping at address 0 is valid: a driver whose device cannot take it
 * unmaps it (not a failed mapping).  A frag map in a loop whose previous
 * round's handle went into the ring: failing now says nothing about that
 * one (nfp's unwind unmaps the ring entries).
 */
START_TEST(arrays_zero_addresses_and_rounds_of_a_loop)
{
	expect_findings("struct txq { void *area; dma_addr_t dma; };\n"			/* 1 */
			"struct mp { struct device *dev; struct txq txq[8]; int n; };\n"
			"static int txq_init(struct mp *mp, int i)\n"
			"{\n"
			"	struct txq *q = mp->txq + i;\n"				/* 5 */
			"\n"
			"	q->area = dma_alloc_coherent(mp->dev, 64, &q->dma, GFP_KERNEL);\n"
			"	return q->area ? 0 : -ENOMEM;\n"
			"}\n"
			"static void txq_deinit(struct txq *q, struct device *dev)\n"	/* 10 */
			"{\n"
			"	dma_free_coherent(dev, 64, q->area, q->dma);\n"
			"}\n"
			"int open(struct mp *mp)\n"
			"{\n"								/* 15 */
			"	int i, err;\n"
			"\n"
			"	for (i = 0; i < mp->n; i++) {\n"
			"		err = txq_init(mp, i);\n"
			"		if (err) {\n"					/* 20 */
			"			while (--i >= 0)\n"
			"				txq_deinit(mp->txq + i, mp->dev);\n"
			"			return err;\n"
			"		}\n"
			"	}\n"							/* 25 */
			"	return 0;\n"
			"}\n"
			"int map_nonzero(struct device *dev, void *buf, dma_addr_t *out)\n"
			"{\n"
			"	dma_addr_t addr = dma_map_single(dev, buf, 64, DMA_TO_DEVICE);\n" /* 30 */
			"\n"
			"	if (dma_mapping_error(dev, addr))\n"
			"		return -ENOMEM;\n"
			"	if (!addr) {\n"
			"		dma_unmap_single(dev, addr, 64, DMA_TO_DEVICE);\n"	/* 35 */
			"		return -EIO;\n"
			"	}\n"
			"	*out = addr;\n"
			"	return 0;\n"
			"}\n"								/* 40 */
			"struct ring { struct device *dev; dma_addr_t dma[16]; };\n"
			"int map_frags(struct ring *r, void **frags, int n, int idx)\n"
			"{\n"
			"	int f;\n"
			"\n"
			"	for (f = 0; f < n; f++) {\n"
			"		dma_addr_t d = dma_map_single(r->dev, frags[f], 64, DMA_TO_DEVICE);\n"
			"\n"
			"		if (dma_mapping_error(r->dev, d))\n"
			"			goto unwind;\n"
			"		idx = (idx + 1) % 16;\n"
			"		r->dma[idx] = d;\n"
			"	}\n"
			"	return 0;\n"
			"unwind:\n"
			"	while (--f >= 0) {\n"
			"		dma_unmap_single(r->dev, r->dma[idx], 64, DMA_TO_DEVICE);\n"
			"		idx = idx ? idx - 1 : 15;\n"
			"	}\n"
			"	return -ENOMEM;\n"
			"}\n", "");
}
END_TEST

/* octep: a helper unmaps the entry at *idx and moves idx on; twice is two entries. */
START_TEST(helpers_moving_an_index_through_a_pointer)
{
	expect_findings("struct ring { struct device *dev; dma_addr_t dma[16]; };\n"
			"static void next(struct ring *r, int *idx)\n"
			"{\n"
			"	dma_unmap_single(r->dev, r->dma[*idx], 64, DMA_FROM_DEVICE);\n"
			"	*idx = (*idx + 1) % 16;\n"
			"}\n"
			"void drain_two(struct ring *r, int idx)\n"
			"{\n"
			"	next(r, &idx);\n"
			"	next(r, &idx);\n"
			"}\n", "");
}
END_TEST

/* ------------------------------------------- writes handed over by a sync */

/*
 * A command filled after the map and synced for the device before the
 * doorbell is the documented idiom; the path that skips the sync leaves
 * the write at line 8 unsynced when it rings.
 */
START_TEST(a_write_is_right_when_a_sync_for_the_device_follows)
{
	static const char code[] =
		"struct cmd { u32 op; u32 len; };\n"					/* 1 */
		"struct mbox { struct device *dev; u64 *db; dma_addr_t dma; };\n"
		"int post(struct mbox *m, struct cmd *c, u32 len, int fast)\n"
		"{\n"
		"	m->dma = dma_map_single(m->dev, c, sizeof(*c), DMA_TO_DEVICE);\n"	/* 5 */
		"	if (dma_mapping_error(m->dev, m->dma))\n"
		"		return -ENOMEM;\n"
		"	c->len = len;\n"
		"	if (fast)\n"
		"		%s;\n"							/* 10 */
		"	dma_sync_single_for_device(m->dev, m->dma, sizeof(*c), DMA_TO_DEVICE);\n"
		"%s	*m->db = m->dma;\n"
		"	return 0;\n"
		"}\n";
	char *synced = dmc_xasprintf(code, "len++", "");
	char *skipped = dmc_xasprintf(code, "goto ring", "ring:");

	expect_findings(synced, "");
	expect_findings(skipped, "cpu-write-while-device-owned@8");
	free(synced);
	free(skipped);
}
END_TEST

/* Unmapped, synced for the CPU, or mapped again with the write never synced: each is late. */
START_TEST(an_unsynced_write_is_judged_where_the_buffer_goes_back)
{
	expect_findings("void kick(dma_addr_t d);\n"						/* 1 */
			"void f(struct device *dev, u8 *buf, u8 *other)\n"
			"{\n"
			"	dma_addr_t d = dma_map_single(dev, buf, 64, DMA_TO_DEVICE);\n"
			"	dma_addr_t o;\n"						/* 5 */
			"\n"
			"	if (dma_mapping_error(dev, d))\n"
			"		return;\n"
			"	o = dma_map_single(dev, other, 64, DMA_BIDIRECTIONAL);\n"
			"	if (dma_mapping_error(dev, o))\n"				/* 10 */
			"		goto unmap;\n"
			"	buf[0] = 1;\n"
			"	other[0] = 1;\n"
			"	kick(d);\n"
			"	kick(o);\n"							/* 15 */
			"	dma_sync_single_for_cpu(dev, o, 64, DMA_BIDIRECTIONAL);\n"
			"	other[1] = 2;\n"
			"	dma_sync_single_for_device(dev, o, 64, DMA_BIDIRECTIONAL);\n"
			"	dma_unmap_single(dev, o, 64, DMA_BIDIRECTIONAL);\n"
			"unmap:\n"							/* 20 */
			"	dma_unmap_single(dev, d, 64, DMA_TO_DEVICE);\n"
			"}\n",
			"cpu-write-while-device-owned@12 cpu-write-while-device-owned@13");
}
END_TEST

/*
 * dpaa2's key loop: written and synced each round is right; synced and
 * then written leaves the last round's key unsynced at the unmap.
 */
START_TEST(a_loop_that_syncs_after_each_write)
{
	static const char code[] =
		"void send(struct device *dev, dma_addr_t d);\n"				/* 1 */
		"void f(struct device *dev, u16 *key, int n)\n"
		"{\n"
		"	dma_addr_t d = dma_map_single(dev, key, 16, DMA_TO_DEVICE);\n"
		"\n"									/* 5 */
		"	if (dma_mapping_error(dev, d))\n"
		"		return;\n"
		"	for (int i = 0; i < n; i++) {\n"
		"		%s;\n"
		"		%s;\n"							/* 10 */
		"		send(dev, d);\n"
		"	}\n"
		"	dma_unmap_single(dev, d, 16, DMA_TO_DEVICE);\n"
		"}\n";
	static const char write[] = "*key = i", sync[] = "dma_sync_single_for_device(dev, d, 16, "
							 "DMA_TO_DEVICE)";
	char *after = dmc_xasprintf(code, write, sync), *before = dmc_xasprintf(code, sync, write);

	expect_findings(after, "");
	expect_findings(before, "cpu-write-while-device-owned@10");
	free(after);
	free(before);
}
END_TEST

/*
 * Only the first 32 bytes of the descriptor are mapped: its driver-only
 * fields behind them are the CPU's; the hardware word at offset 8 is not.
 */
START_TEST(fields_past_a_partly_mapped_struct_are_the_cpus)
{
	expect_findings("struct desc { u32 hw[8]; dma_addr_t bus; struct desc *next; };\n"	/* 1 */
			"int init(struct device *dev, struct desc *d, int len)\n"
			"{\n"
			"	dma_addr_t a = dma_map_single(dev, d, 32, DMA_BIDIRECTIONAL);\n"
			"\n"								/* 5 */
			"	if (dma_mapping_error(dev, a))\n"
			"		return -ENOMEM;\n"
			"	d->bus = a;\n"
			"	d->next = d + 1;\n"
			"	d->hw[2] = 5;\n"						/* 10 */
			"	return 0;\n"
			"}\n"
			"int init_all(struct device *dev, struct desc *d, int len)\n"
			"{\n"
			"	dma_addr_t a = dma_map_single(dev, d, len, DMA_BIDIRECTIONAL);\n"	/* 15 */
			"\n"
			"	if (dma_mapping_error(dev, a))\n"
			"		return -ENOMEM;\n"
			"	d->bus = a;\n"
			"	return 0;\n"							/* 20 */
			"}\n",
			"cpu-write-while-device-owned@10 cpu-write-while-device-owned@19");
}
END_TEST

/* ------------------------------------------- handles kept where leaks hide */

/*
 * A helper that unmaps what it reads back from ring slots (no parameter
 * names the handle) may release any mapping whose handle went into memory
 * or is passed to it, but not one that only a local holds (line 21).
 */
START_TEST(unwinding_helpers_release_what_they_can_reach)
{
	expect_findings("struct r { dma_addr_t dma[16]; struct sk_buff *skb; };\n"		/* 1 */
			"static void unwind(struct device *dev, struct r *r, int n)\n"
			"{\n"
			"	for (int j = 0; j < n; j++)\n"
			"		dma_unmap_single(dev, r->dma[j], 64, DMA_TO_DEVICE);\n"	/* 5 */
			"}\n"
			"int kept(struct device *dev, struct r *r, void *a, void *b)\n"
			"{\n"
			"	struct r *q = r;\n"
			"	dma_addr_t x = dma_map_single(dev, a, 64, DMA_TO_DEVICE);\n"	/* 10 */
			"	dma_addr_t y;\n"
			"\n"
			"	if (dma_mapping_error(dev, x))\n"
			"		return -ENOMEM;\n"
			"	q->dma[0] = x;\n"						/* 15 */
			"	y = dma_map_single(dev, b, 64, DMA_TO_DEVICE);\n"
			"	if (dma_mapping_error(dev, y)) {\n"
			"		unwind(dev, r, 1);\n"
			"		kfree(a);\n"
			"		kfree(b);\n"						/* 20 */
			"		return -ENOMEM;\n"
			"	}\n"
			"	q->dma[1] = y;\n"
			"	return 0;\n"
			"}\n"								/* 25 */
			"int lost(struct device *dev, struct r *r, void *a, void *b)\n"
			"{\n"
			"	dma_addr_t x = dma_map_single(dev, a, 64, DMA_TO_DEVICE);\n"
			"	dma_addr_t y;\n"
			"\n"								/* 30 */
			"	if (dma_mapping_error(dev, x))\n"
			"		return -ENOMEM;\n"
			"	y = dma_map_single(dev, b, 64, DMA_TO_DEVICE);\n"
			"	if (dma_mapping_error(dev, y)) {\n"
			"		unwind(dev, r, 1);\n"					/* 35 */
			"		kfree(a);\n"
			"		return -ENOMEM;\n"
			"	}\n"
			"	r->dma[0] = x;\n"
			"	r->dma[1] = y;\n"						/* 40 */
			"	return 0;\n"
			"}\n",
			"free-while-mapped@36 mapping-leak@37");
}
END_TEST

/* An unmap of an address read back from a descriptor may be of any handle stored before. */
START_TEST(unmaps_of_addresses_read_back)
{
	expect_findings("struct d { __le64 addr; };\n"						/* 1 */
			"int f(struct device *dev, struct d *ring, void *a, void *b)\n"
			"{\n"
			"	struct d *first = &ring[0];\n"
			"	dma_addr_t x = dma_map_single(dev, a, 64, DMA_TO_DEVICE);\n"	/* 5 */
			"	dma_addr_t y;\n"
			"\n"
			"	if (dma_mapping_error(dev, x))\n"
			"		return -ENOMEM;\n"
			"	first->addr = cpu_to_le64(x);\n"				/* 10 */
			"	y = dma_map_single(dev, b, 64, DMA_TO_DEVICE);\n"
			"	if (dma_mapping_error(dev, y)) {\n"
			"		dma_unmap_single(dev, le64_to_cpu(first->addr), 64, DMA_TO_DEVICE);\n"
			"		kfree(a);\n"
			"		return -ENOMEM;\n"					/* 15 */
			"	}\n"
			"	ring[1].addr = cpu_to_le64(y);\n"
			"	return 0;\n"
			"}\n", "");
}
END_TEST

/*
 * Kept through a setter after flag bits went in, through a local struct a
 * push helper copies into the ring, and through a local array copied out.
 */
START_TEST(handles_kept_through_setters_structs_and_arrays)
{
	expect_findings("struct d { __le32 lo, hi; };\n"					/* 1 */
			"struct e { dma_addr_t dma; int len; };\n"
			"struct r { dma_addr_t dma[16]; int len[16]; int head; struct d *desc; };\n"
			"static void set_addr(struct d *d, dma_addr_t a)\n"
			"{\n"								/* 5 */
			"	d->lo = cpu_to_le32(lower_32_bits(a));\n"
			"	d->hi = cpu_to_le32(upper_32_bits(a));\n"
			"}\n"
			"static void push(struct r *r, const struct e *e)\n"
			"{\n"								/* 10 */
			"	r->dma[r->head] = e->dma;\n"
			"	r->len[r->head] = e->len;\n"
			"}\n"
			"int setter(struct device *dev, struct r *r, void *a)\n"
			"{\n"								/* 15 */
			"	dma_addr_t p = dma_map_single(dev, a, 64, DMA_FROM_DEVICE);\n"
			"\n"
			"	if (dma_mapping_error(dev, p))\n"
			"		return -ENOMEM;\n"
			"	p |= 2;\n"							/* 20 */
			"	set_addr(&r->desc[0], p);\n"
			"	return 0;\n"
			"}\n"
			"int local_struct(struct device *dev, struct r *r, void *a)\n"
			"{\n"								/* 25 */
			"	struct e e;\n"
			"\n"
			"	e.dma = dma_map_single(dev, a, 64, DMA_TO_DEVICE);\n"
			"	if (dma_mapping_error(dev, e.dma))\n"
			"		return -ENOMEM;\n"					/* 30 */
			"	e.len = 64;\n"
			"	push(r, &e);\n"
			"	return 0;\n"
			"}\n"
			"int local_array(struct device *dev, struct r *r, void *a, void *b)\n"	/* 35 */
			"{\n"
			"	dma_addr_t map[2];\n"
			"	int i;\n"
			"\n"
			"	map[0] = dma_map_single(dev, a, 64, DMA_TO_DEVICE);\n"	/* 40 */
			"	if (dma_mapping_error(dev, map[0]))\n"
			"		return -ENOMEM;\n"
			"	map[1] = dma_map_single(dev, b, 64, DMA_TO_DEVICE);\n"
			"	if (dma_mapping_error(dev, map[1])) {\n"
			"		dma_unmap_single(dev, map[0], 64, DMA_TO_DEVICE);\n"	/* 45 */
			"		return -ENOMEM;\n"
			"	}\n"
			"	for (i = 0; i < 2; i++)\n"
			"		r->dma[i] = map[i];\n"
			"	return 0;\n"							/* 50 */
			"}\n", "");
}
END_TEST

/* A free wrapper taking the handle by pointer frees what the alloc wrapper gave. */
START_TEST(free_wrappers_taking_the_handle_by_pointer)
{
	expect_findings("static void *get(struct device *dev, size_t n, dma_addr_t *dma)\n"	/* 1 */
			"{\n"
			"	return dma_alloc_coherent(dev, n + 64, dma, GFP_KERNEL);\n"
			"}\n"
			"static void put(struct device *dev, size_t n, void *p, dma_addr_t *dma)\n"	/* 5 */
			"{\n"
			"	dma_free_coherent(dev, n + 64, p, *dma);\n"
			"}\n"
			"int send(struct device *dev, void __iomem *reg, const void *src, int fail)\n"
			"{\n"								/* 10 */
			"	dma_addr_t dma;\n"
			"	void *p = get(dev, 128, &dma);\n"
			"\n"
			"	if (!p)\n"
			"		return -ENOMEM;\n"					/* 15 */
			"	memcpy(p, src, 128);\n"
			"	writel(lower_32_bits(dma), reg);\n"
			"	if (fail)\n"
			"		return -EIO;\n"
			"	put(dev, 128, p, &dma);\n"					/* 20 */
			"	return 0;\n"
			"}\n", "coherent-leak@19");
}
END_TEST

/* ------------------------------------------------ CPU and device turns */

/* A read-modify-write of a command word is judged as the write it is. */
START_TEST(read_modify_writes_are_writes)
{
	expect_findings("struct rfd { __le16 status, command; };\n"				/* 1 */
			"int arm(struct device *dev, struct rfd *rfd, dma_addr_t *out)\n"
			"{\n"
			"	dma_addr_t a = dma_map_single(dev, rfd, 64, DMA_BIDIRECTIONAL);\n"
			"\n"								/* 5 */
			"	if (dma_mapping_error(dev, a))\n"
			"		return -ENOMEM;\n"
			"	*out = a;\n"
			"	rfd->command |= cpu_to_le16(0x8000);\n"
			"	dma_sync_single_for_device(dev, a, 64, DMA_BIDIRECTIONAL);\n"	/* 10 */
			"	rfd->command &= ~cpu_to_le16(0x8000);\n"
			"	return rfd->status;\n"
			"}\n",
			"cpu-write-while-device-owned@11 cpu-read-while-device-owned@12");
}
END_TEST

/* Synced for the CPU twice: a bug only when the device was asked to write in between. */
START_TEST(a_second_sync_for_the_cpu_needs_a_hand_back_between)
{
	expect_findings("struct s { dma_addr_t dma; u32 *buf; void __iomem *reg; };\n"	/* 1 */
			"static void kick(struct s *s, dma_addr_t dma)\n"
			"{\n"
			"	writel(lower_32_bits(dma), s->reg);\n"
			"}\n"								/* 5 */
			"u32 redundant(struct device *dev, struct s *s)\n"
			"{\n"
			"	u32 v;\n"
			"\n"
			"	dma_sync_single_for_cpu(dev, s->dma, 64, DMA_FROM_DEVICE);\n"	/* 10 */
			"	v = s->buf[0];\n"
			"	dma_sync_single_for_cpu(dev, s->dma, 64, DMA_FROM_DEVICE);\n"
			"	v += s->buf[1];\n"
			"	dma_sync_single_for_device(dev, s->dma, 64, DMA_FROM_DEVICE);\n"
			"	return v;\n"							/* 15 */
			"}\n"
			"u32 handed_back(struct device *dev, struct s *s)\n"
			"{\n"
			"	u32 v;\n"
			"\n"								/* 20 */
			"	dma_sync_single_for_cpu(dev, s->dma, 64, DMA_FROM_DEVICE);\n"
			"	v = s->buf[0];\n"
			"	kick(s, s->dma);\n"
			"	dma_sync_single_for_cpu(dev, s->dma, 64, DMA_FROM_DEVICE);\n"
			"	v += s->buf[1];\n"						/* 25 */
			"	dma_sync_single_for_device(dev, s->dma, 64, DMA_FROM_DEVICE);\n"
			"	return v;\n"
			"}\n", "missing-sync-for-device@24");
}
END_TEST

/*
 * One block carved into every queue's ring: the path that takes the loop
 * zero times never stores it, but a device has queues (gfar_alloc_skb_resources()).
 * A mapping made inside the loop and lost in the same round is a leak.
 */
START_TEST(a_loop_that_stores_may_not_run_zero_times)
{
	expect_findings("struct q { void *base; dma_addr_t dma; void *skbs; };\n"		/* 1 */
			"struct p { struct q *q[8]; int nq; dma_addr_t rx[8]; };\n"
			"int carve(struct device *dev, struct p *p)\n"
			"{\n"
			"	dma_addr_t addr;\n"						/* 5 */
			"	void *v = dma_alloc_coherent(dev, 4096, &addr, GFP_KERNEL);\n"
			"	int i;\n"
			"\n"
			"	if (!v)\n"
			"		return -ENOMEM;\n"					/* 10 */
			"	for (i = 0; i < p->nq; i++) {\n"
			"		p->q[i]->base = v;\n"
			"		p->q[i]->dma = addr;\n"
			"	}\n"
			"	if (!p->q[0]->skbs)\n"					/* 15 */
			"		return -ENOMEM;\n"
			"	return 0;\n"
			"}\n"
			"int fill(struct device *dev, struct p *p, void **bufs, void *extra)\n"
			"{\n"								/* 20 */
			"	int i;\n"
			"\n"
			"	for (i = 0; i < 8; i++) {\n"
			"		dma_addr_t d = dma_map_single(dev, bufs[i], 64, DMA_FROM_DEVICE);\n"
			"\n"							/* 25 */
			"		if (dma_mapping_error(dev, d))\n"
			"			return -ENOMEM;\n"
			"		if (!extra)\n"
			"			return -EIO;\n"
			"		p->rx[i] = d;\n"					/* 30 */
			"	}\n"
			"	return 0;\n"
			"}\n", "mapping-leak@29");
}
END_TEST

/* A generated setter shifts and masks the address into a big-endian word (mlxsw's items). */
START_TEST(setters_that_shift_and_mask_the_address)
{
	expect_findings("static void item_set64(char *buf, int off, u64 val)\n"		/* 1 */
			"{\n"
			"	u64 *b = (u64 *)buf;\n"
			"	u64 tmp;\n"
			"\n"								/* 5 */
			"	val <<= 4;\n"
			"	val &= 0xfffffffffff0ULL;\n"
			"	tmp = b[off];\n"
			"	tmp &= ~0xfffffffffff0ULL;\n"
			"	tmp |= val;\n"						/* 10 */
			"	b[off] = __builtin_bswap64(tmp);\n"
			"}\n"
			"int frag_map(struct device *dev, char *wqe, void *data, int len)\n"
			"{\n"
			"	dma_addr_t a = dma_map_single(dev, data, len, DMA_TO_DEVICE);\n"	/* 15 */
			"\n"
			"	if (dma_mapping_error(dev, a))\n"
			"		return -EIO;\n"
			"	item_set64(wqe, 2, a);\n"
			"	return 0;\n"							/* 20 */
			"}\n", "");
}
END_TEST

/*
 * The direction is chosen by a test of values not written since, and the
 * release tests it again (a cipher mapping in place or apart): each path
 * takes the agreeing branch.  The twin tests a different condition.
 */
START_TEST(a_condition_tested_again_follows_its_first_answer)
{
	static const char *const body =
		"struct req { struct scatterlist *src, *dst; }; int run(struct device *, struct req *, int, int);"
		"int f(struct device *dev, struct req *r, int ns, int nd)\n"		/* 1 */
		"{\n"
		"	int nr_sgs, nr_sgd = 0, err = 0;\n"
		"\n"
		"	if (r->src == r->dst) {\n"						/* 5 */
		"		nr_sgs = dma_map_sg(dev, r->src, ns, DMA_BIDIRECTIONAL);\n"
		"		if (nr_sgs <= 0)\n"
		"			return -EIO;\n"
		"	} else {\n"
		"		nr_sgs = dma_map_sg(dev, r->src, ns, DMA_TO_DEVICE);\n"	/* 10 */
		"		if (nr_sgs <= 0)\n"
		"			return -EIO;\n"
		"		nr_sgd = dma_map_sg(dev, r->dst, nd, DMA_FROM_DEVICE);\n"
		"		if (nr_sgd <= 0) {\n"
		"			err = -EIO;\n"					/* 15 */
		"			goto unmap_src;\n"
		"		}\n"
		"	}\n"
		"	err = run(dev, r, nr_sgs, nr_sgd);\n"
		"	if (r->dst != r->src)\n"						/* 20 */
		"		dma_unmap_sg(dev, r->dst, nd, DMA_FROM_DEVICE);\n"
		"unmap_src:\n"
		"	if (%s)\n"
		"		dma_unmap_sg(dev, r->src, ns, DMA_BIDIRECTIONAL);\n"
		"	else\n"								/* 25 */
		"		dma_unmap_sg(dev, r->src, ns, DMA_TO_DEVICE);\n"
		"	return err;\n"
		"}\n";
	expect_twins(body, "r->dst == r->src", "ns == nd", "direction-mismatch@24 direction-mismatch@26");
}
END_TEST

/*
 * A guard on the shared exit compares a progress variable with the value
 * only the failing path left in it: the success path, which released the
 * mapping itself, skips the guarded release.  The twin's guard also admits
 * the success path.
 */
START_TEST(an_error_guard_excludes_the_success_release)
{
	static const char *const body =
		"int submit(u64 *hw, int nents);"
		"int f(struct device *dev, struct scatterlist *sg, int n, u64 *hw)\n"	/* 1 */
		"{\n"
		"	int nents, ret, stage = 0;\n"
		"\n"
		"	nents = dma_map_sg(dev, sg, n, DMA_TO_DEVICE);\n"			/* 5 */
		"	if (!nents)\n"
		"		return -ENOMEM;\n"
		"	stage = 1;\n"
		"	ret = submit(hw, nents);\n"
		"	if (ret < 0)\n"							/* 10 */
		"		goto out;\n"
		"	dma_unmap_sg(dev, sg, n, DMA_TO_DEVICE);\n"
		"	stage = 2;\n"
		"out:\n"
		"	if (%s)\n"								/* 15 */
		"		dma_unmap_sg(dev, sg, n, DMA_TO_DEVICE);\n"
		"	return ret;\n"
		"}\n";
	expect_twins(body, "stage == 1", "stage >= 1", "double-unmap@16");
}
END_TEST

/*
 * What is stored before the check lets nothing act on the mapping when the
 * check comes next: the sg count kept in the request, the handle written
 * into a descriptor the device has not been told about.  A call between
 * the store and the check (a doorbell) makes the store a use; the twin
 * rings it first.
 */
START_TEST(a_store_the_check_right_after_makes_harmless_is_no_use)
{
	static const char *const body =
		"struct rq { int nents; __le64 addr; };"
		"void ring(struct rq *rq);"
		"int f(struct device *dev, struct scatterlist *sg, int n, struct rq *rq, void *b)\n" /* 1 */
		"{\n"
		"	dma_addr_t d;\n"
		"\n"
		"	rq->nents = dma_map_sg(dev, sg, n, DMA_TO_DEVICE);\n"		/* 5 */
		"	if (!rq->nents)\n"
		"		return -ENOMEM;\n"
		"	d = dma_map_single(dev, b, 64, DMA_TO_DEVICE);\n"
		"	rq->addr = cpu_to_le64(d);\n"
		"	%s\n"								/* 10 */
		"	if (dma_mapping_error(dev, d)) {\n"
		"		dma_unmap_sg(dev, sg, n, DMA_TO_DEVICE);\n"
		"		return -ENOMEM;\n"
		"	}\n"
		"	ring(rq);\n"							/* 15 */
		"	return 0;\n"
		"}\n";
	expect_twins(body, "", "ring(rq);", "unchecked-mapping-error@8");
}
END_TEST

/* BUG_ON(count != 1) stops the path on which the single-entry map failed. */
START_TEST(bug_on_a_count_is_a_check)
{
	static const char *const body =
		"void go(u64 *hw, int n);"
		"int f(struct device *dev, struct scatterlist *sg, u64 *hw)\n"	/* 1 */
		"{\n"
		"	int count = dma_map_sg(dev, sg, 1, DMA_TO_DEVICE);\n"
		"\n"
		"	if (%s)\n"							/* 5 */
		"		BUG();\n"
		"	go(hw, count);\n"
		"	dma_unmap_sg(dev, sg, 1, DMA_TO_DEVICE);\n"
		"	return 0;\n"
		"}\n";
	expect_twins(body, "count != 1", "count > 1", "unchecked-mapping-error@3");
}
END_TEST

/*
 * A clear-context helper frees only what is set and sets it to NULL: called
 * on entry and again on the error path, the second call frees nothing.  The
 * twin forgets the NULL, so the second call frees the key again.
 */
START_TEST(null_after_free_is_state)
{
	static const char *const body =
		"struct kctx { struct device *dev; void *key; dma_addr_t key_dma; };"
		"int load(struct kctx *c);"
		"static void clear_ctx(struct kctx *c)\n"				/* 1 */
		"{\n"
		"	if (c->key) {\n"
		"		dma_free_coherent(c->dev, 64, c->key, c->key_dma);\n"
		"		%s\n"							/* 5 */
		"	}\n"
		"}\n"
		"int set_key(struct kctx *c)\n"
		"{\n"
		"	int ret;\n"							/* 10 */
		"\n"
		"	clear_ctx(c);\n"
		"	c->key = dma_alloc_coherent(c->dev, 64, &c->key_dma, GFP_KERNEL);\n"
		"	if (!c->key)\n"
		"		return -ENOMEM;\n"					/* 15 */
		"	ret = load(c);\n"
		"	if (ret)\n"
		"		goto err;\n"
		"	return 0;\n"
		"err:\n"								/* 20 */
		"	clear_ctx(c);\n"
		"	clear_ctx(c);\n"
		"	return ret;\n"
		"}\n";
	expect_twins(body, "c->key = NULL;", "", "double-unmap@22");
}
END_TEST

/*
 * The map covers the bytes behind a request header, reached by byte
 * arithmetic on the header's pointer: the header's fields stay the CPU's
 * (the offset known, or only kept in a byte pointer).  The twins write
 * into the mapped bytes.
 */
START_TEST(a_mapping_covers_its_byte_range)
{
	static const char *const body =
		"struct info { u32 dlen; u8 *in_buffer; void *req; unsigned long t; };"
		"void post(dma_addr_t a);"
		"int f(struct device *dev, struct info *info, u32 info_len, u32 dlen, void *req)\n" /* 1 */
		"{\n"
		"	dma_addr_t a;\n"
		"\n"
		"	info->in_buffer = (u8 *)info + info_len;\n"			/* 5 */
		"	a = dma_map_single(dev, %s, dlen, DMA_BIDIRECTIONAL);\n"
		"	if (dma_mapping_error(dev, a))\n"
		"		return -ENOMEM;\n"
		"	info->req = req;\n"
		"	info->t = 1;\n"							/* 10 */
		"	%s\n"
		"	post(a);\n"
		"	return 0;\n"
		"}\n";
	char *kept = dmc_xasprintf(body, "info->in_buffer", "");
	char *known = dmc_xasprintf(body, "(u8 *)info + sizeof(*info)", "");
	char *bad = dmc_xasprintf(body, "info->in_buffer", "info->in_buffer[0] = 1;");
	char *past = dmc_xasprintf(body, "(u8 *)info + 8", "");

	expect_findings(kept, "");
	expect_findings(known, "");
	expect_findings(bad, "cpu-write-while-device-owned@11");
	expect_findings(past, "cpu-write-while-device-owned@9 cpu-write-while-device-owned@10");
	free(kept);
	free(known);
	free(bad);
	free(past);
}
END_TEST

/*
 * ZERO_PAGE() spells the zero page through a symbol of the kernel image,
 * but it is made to be mapped; a page of the module's own static data is
 * not.
 */
START_TEST(the_zero_page_is_no_image_memory)
{
	static const char *const body =
		"extern unsigned long empty_zero_page[512]; static unsigned long pad_page[512];"
		"struct page *pfn_to_page(unsigned long pfn);\n"			/* 1 */
		"#define virt_to_page(k) pfn_to_page(virt_to_phys(k) >> 12)\n"
		"#define ZERO_PAGE(v) ((void)(v), virt_to_page(empty_zero_page))\n"
		"int f(struct device *dev, u64 *hw)\n"
		"{\n"								/* 5 */
		"	dma_addr_t d = dma_map_page(dev, %s, 0, 4096, DMA_TO_DEVICE);\n"
		"\n"
		"	if (dma_mapping_error(dev, d))\n"
		"		return -ENOMEM;\n"
		"	hw[0] = d;\n"							/* 10 */
		"	return 0;\n"
		"}\n";
	expect_twins(body, "ZERO_PAGE(0)", "virt_to_page(pad_page)", "invalid-dma-memory@6");
}
END_TEST

static Suite *flow_suite(void)
{
	Suite *s = suite_create("flow");
	TCase *tc = tcase_create("dataflow");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, error_branch_kills_the_failed_mapping);
	tcase_add_test(tc, unwinding_with_goto_labels);
	tcase_add_test(tc, a_forgotten_unwind_leaks_at_the_return);
	tcase_add_test(tc, escapes_are_not_leaks);
	tcase_add_test(tc, branch_correlation_through_a_flag);
	tcase_add_test(tc, check_result_through_a_variable);
	tcase_add_test(tc, loops_over_ring_slots);
	tcase_add_test(tc, the_same_slot_twice_is_a_double_unmap);
	tcase_add_test(tc, summaries_tie_effects_to_the_helpers_result);
	tcase_add_test(tc, field_facts_carry_the_direction_across_functions);
	tcase_add_test(tc, field_facts_carry_the_buffer_across_functions);
	tcase_add_test(tc, conditional_values);
	tcase_add_test(tc, checks_through_helpers_and_warn_macros);
	tcase_add_test(tc, sg_counts_must_be_tested_for_zero);
	tcase_add_test(tc, helpers_touching_the_callers_buffer);
	tcase_add_test(tc, loops_forget_the_entries_they_released);
	tcase_add_test(tc, helpers_passing_handles_on_keep_them);
	tcase_add_test(tc, conditional_frees_and_unnamed_destinations);
	tcase_add_test(tc, unwind_loops_over_ring_entries);
	tcase_add_test(tc, a_failed_map_in_a_disabled_descriptor);
	tcase_add_test(tc, field_facts_know_which_ring_they_speak_for);
	tcase_add_test(tc, arrays_zero_addresses_and_rounds_of_a_loop);
	tcase_add_test(tc, helpers_moving_an_index_through_a_pointer);
	tcase_add_test(tc, a_write_is_right_when_a_sync_for_the_device_follows);
	tcase_add_test(tc, an_unsynced_write_is_judged_where_the_buffer_goes_back);
	tcase_add_test(tc, a_loop_that_syncs_after_each_write);
	tcase_add_test(tc, fields_past_a_partly_mapped_struct_are_the_cpus);
	tcase_add_test(tc, unwinding_helpers_release_what_they_can_reach);
	tcase_add_test(tc, unmaps_of_addresses_read_back);
	tcase_add_test(tc, handles_kept_through_setters_structs_and_arrays);
	tcase_add_test(tc, free_wrappers_taking_the_handle_by_pointer);
	tcase_add_test(tc, read_modify_writes_are_writes);
	tcase_add_test(tc, a_second_sync_for_the_cpu_needs_a_hand_back_between);
	tcase_add_test(tc, a_loop_that_stores_may_not_run_zero_times);
	tcase_add_test(tc, setters_that_shift_and_mask_the_address);
	tcase_add_test(tc, a_condition_tested_again_follows_its_first_answer);
	tcase_add_test(tc, an_error_guard_excludes_the_success_release);
	tcase_add_test(tc, a_store_the_check_right_after_makes_harmless_is_no_use);
	tcase_add_test(tc, bug_on_a_count_is_a_check);
	tcase_add_test(tc, null_after_free_is_state);
	tcase_add_test(tc, a_mapping_covers_its_byte_range);
	tcase_add_test(tc, the_zero_page_is_no_image_memory);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return dmc_run_suite(flow_suite());
}
