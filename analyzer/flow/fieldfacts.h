/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Field facts: what the functions of a file do with handles kept in struct
 * fields.  Drivers map in one function (refill, xmit) and unmap or sync in
 * another (clean, teardown), through the same field: `ring->buf[i].dma`.
 * Each map whose handle is stored in a field is recorded under the field's
 * key (the outermost struct type and the members down to it,
 * "struct dmanic_priv->rx.buf->[].dma", and the innermost,
 * "struct dmanic_buffer.dma") with its direction, its size and the field
 * that keeps the size, and the buffer relative to the same entry
 * (".skb->data->*").  Another function that meets a handle in such a field
 * learns from this what it maps.
 */
#ifndef DMC_FIELDFACTS_H
#define DMC_FIELDFACTS_H

#include <stdio.h>

#include "flow.h"

#define FACT_DIR_UNKNOWN 4

struct field_fact {
	const char *key;
	unsigned dirs;			/* bit d set: mapped with direction d (bit 4: not constant) */
	unsigned families;		/* bit per enum api_family */
	unsigned map_site;		/* the first map, for related locations */
	unsigned nmaps;
	unsigned nmaps_placed;		/* short keys: maps whose path also named their ring */
	const char *size_field;		/* sibling that keeps the size (".len"), if every map had one */
	int sizes_known;		/* every map's size is a constant or kept in size_field */
	long long size_const;		/* the constant size, when all maps agree on one */
	int has_size_const;
	const char *buffer;		/* relative to the entry (".skb->data->*"), if all maps agree */
	int buffer_known;
};

struct field_facts;

struct field_facts *field_facts_new(void);
void field_facts_free(struct field_facts *ff);

/*
 * Recording, while the dataflow runs with facts collection on: the handle
 * of object obj stored at `path` (by the assignment `lhs`), and any local's
 * value stored into a field (buffers, sizes).
 */
void field_facts_note_store(struct flow_fn *f, struct state *st, const char *path, CXCursor lhs,
			    const struct value *v);
/* Turns what function f's run recorded into facts. */
void field_facts_finish_function(struct flow_fn *f);

/* What is known about the handle stored at path (named by expression e). */
const struct field_fact *field_facts_lookup(struct flow_fn *f, const char *path, CXCursor e);

/*
 * Whether memory mem may be a buffer some field's mappings map (it ends in
 * a fact's relative buffer, such as "...skb->data->*"): only such accesses
 * are worth holding until a hand-back.
 */
int field_facts_may_be_buffer(const struct field_facts *ff, const char *mem);

/* The buffer a fact's maps have, for a handle found at path. */
const char *field_fact_buffer(const struct field_fact *fact, const char *path);
/* What is known, for DMACHECK_ANALYZER_TRACE=summaries. */
void field_facts_print(FILE *out, const struct field_facts *ff);

/* The size field's storage path for a handle at path, or NULL. */
const char *field_fact_size_path(const struct field_fact *fact, const char *path);

#endif
