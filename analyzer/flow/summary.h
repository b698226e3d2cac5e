/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Function summaries: what a driver's own helper does to DMA ownership, in
 * terms of its parameters ("maps $1->skb->data and stores the handle in
 * $1->dma", "unmaps $1->dma, $1->len bytes, DMA_FROM_DEVICE"), so that a
 * call to it is treated as the API calls it wraps.  Summaries are computed
 * callees first, by running the dataflow over the helper with its
 * parameters as the roots of every path, and comparing its exits.
 */
#ifndef DMC_SUMMARY_H
#define DMC_SUMMARY_H

#include <stdio.h>

#include "flow.h"

enum effect_kind {
	EFF_MAKE, EFF_RELEASE, EFF_SYNC_FOR_CPU, EFF_SYNC_FOR_DEVICE,
	EFF_MAPS_PARAM,		/* maps (at some point) the memory a parameter points to */
	EFF_CHECKS_PARAM,	/* its result is dma_mapping_error() of a parameter (dir: polarity) */
	EFF_TOUCHES_PARAM,	/* the CPU touches what a parameter points to before any hand-over */
};

enum effect_when {
	WHEN_ALWAYS,
	WHEN_SUCCESS,	/* only when the helper reports success (returns 0, or non-NULL) */
};

enum ret_kind {
	RET_NONE,	/* void, or nothing consistent */
	RET_ERRNO,	/* 0 on success, an error otherwise */
	RET_POINTER,	/* non-NULL on success */
};

struct effect {
	enum effect_kind kind;
	enum effect_when when;
	const struct api_fn *api;
	const char *handle;	/* where the handle goes (MAKE) or is found: "$1->dma", "$ret" */
	const char *cpu;	/* MAKE of coherent memory: where the CPU address goes */
	const char *buffer;	/* what is mapped, relative to the parameters; NULL unknown */
	const char *size_text;
	int has_size;
	long long size_const;
	int dir;
	unsigned api_site;	/* the API call in the helper; TOUCHES: the access */
	enum cpu_effect effect;	/* TOUCHES: read, write or free */
	int checked;		/* MAKE: the helper checked the mapping before handing it out */
	enum mem_origin buffer_origin;
	unsigned buffer_site;
};

struct summary {
	const char *name;	/* interned */
	struct effect *effects;
	unsigned neffects;
	enum ret_kind ret;
	unsigned escapes;	/* bit i: the helper keeps the value of parameter i */
	unsigned uses;		/* bit i: it uses it (stores it, gives it to the device) */
	unsigned releases_unnamed;	/* RELEASES_*: it unmaps or frees handles it reads back
					 * (ring slots, descriptors, lists), not its parameters */
	const char **written;	/* storage below the parameters it changes ("$0->next") */
	unsigned nwritten;
	long long *written_const;	/* per written entry: the constant every exit leaves there */
	unsigned char *written_known;	/* whether there is one */
};

struct summaries;

struct summaries *summaries_new(void);
void summaries_free(struct summaries *s);
const struct summary *summaries_find(const struct summaries *s, const char *name);

/*
 * Runs the dataflow over function f (already set up in summary mode) and
 * adds its summary.
 */
void summary_compute(struct flow_fn *f, struct summaries *s);

/* What the summaries say, for DMACHECK_ANALYZER_TRACE=summaries. */
void summaries_print(FILE *out, const struct summaries *s);

/* Applies a helper's summary at a call to it; returns 1 if it did anything. */
int summary_apply(struct flow_fn *f, struct state *st, CXCursor call, const struct summary *sum,
		  unsigned call_site);

#endif
