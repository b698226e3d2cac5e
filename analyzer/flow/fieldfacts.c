// SPDX-License-Identifier: GPL-2.0
/*
 * Field facts.  While a function is summarised, every store into memory
 * outside its frame is noted; at the end, each mapping whose handle went
 * into a field is put together with what went into the fields beside it
 * in the same entry (the skb whose data was mapped, the length mapped),
 * which says what the entry's buffer and size field are.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "context.h"
#include "fieldfacts.h"
#include "util.h"

struct noted_store {
	const char *path;
	struct value v;
	int obj;		/* >= 0: a mapping's handle */
	const char *short_key;	/* the innermost struct and the field: "struct rx_buf.dma" */
};

struct field_facts {
	struct field_fact *items;
	unsigned n;
	struct noted_store *stores;	/* of the function being summarised */
	unsigned nstores;
};

struct field_facts *field_facts_new(void)
{
	return dmc_xcalloc(1, sizeof(struct field_facts));
}

void field_facts_free(struct field_facts *ff)
{
	if (!ff)
		return;
	free(ff->items);
	free(ff->stores);
	free(ff);
}

/* ------------------------------------------------------------------ keys */

/* "priv->rx.buf->[i].dma" -> container "priv->rx.buf->[i]", field "dma", sep "." */
static int split_last(const char *path, const char **container, const char **field,
		      const char **sep)
{
	size_t n = strlen(path);
	const char *p = path + n;

	while (p > path && (p[-1] == '_' || (p[-1] >= 'a' && p[-1] <= 'z') ||
			    (p[-1] >= 'A' && p[-1] <= 'Z') || (p[-1] >= '0' && p[-1] <= '9')))
		p--;
	if (p == path + n || p == path)
		return 0;
	*field = ast_intern(p);
	if (p[-1] == '.') {
		*sep = ".";
		*container = flow_intern("%.*s", (int)(p - path - 1), path);
		return 1;
	}
	if (p - path >= 2 && p[-1] == '>' && p[-2] == '-') {
		*sep = "->";
		*container = flow_intern("%.*s", (int)(p - path - 2), path);
		return 1;
	}
	return 0;
}

struct root_search {
	const char *name;
	struct flow_fn *f;
	CXType type;
	int found;
};

static enum CXChildVisitResult find_root(CXCursor c, CXCursor parent, CXClientData data)
{
	struct root_search *rs = data;

	if ((clang_getCursorKind(c) == CXCursor_VarDecl || clang_getCursorKind(c) == CXCursor_ParmDecl) &&
	    flow_decl_name(rs->f, c) == rs->name) {
		rs->type = clang_getCursorType(c);
		rs->found = 1;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

/* The struct the path's root variable is, points to, or holds an array of. */
static char *root_record(struct flow_fn *f, const char *path, size_t *rootlen)
{
	struct root_search rs = { NULL, f, { 0 }, 0 };
	size_t n = strcspn(path, "-.[");

	*rootlen = n;
	rs.name = flow_intern("%.*s", (int)n, path);
	clang_visitChildren(f->fn, find_root, &rs);
	return rs.found ? ast_record_name(rs.type) : NULL;
}

/* "struct dmanic_priv->rx.buf->[].dma": the path from the root's type, indices dropped. */
static const char *full_key(struct flow_fn *f, const char *path)
{
	size_t rootlen, depth = 0;
	char *record = root_record(f, path, &rootlen), *buf, *w;
	const char *out;

	if (!record)
		return NULL;
	buf = dmc_xmalloc(strlen(record) + strlen(path) + 1);
	w = buf + sprintf(buf, "%s", record);
	for (const char *p = path + rootlen; *p; p++) {
		if (*p == '[') {
			if (depth++ == 0)
				*w++ = '[';
			continue;
		}
		if (*p == ']') {
			if (--depth == 0)
				*w++ = ']';
			continue;
		}
		if (depth == 0)
			*w++ = *p;
	}
	*w = '\0';
	/*
	 * "struct tse_buffer->dma_addr" names no ring: a pointer to an entry
	 * may point into any ring of them, so the short key (every map into
	 * that struct's field) is the one that says what such an entry holds.
	 */
	w = buf + strlen(record);
	if (strncmp(w, "->", 2) == 0 && !strpbrk(w + 2, ".-[>"))
		out = NULL;
	else
		out = ast_intern(buf);
	free(buf);
	free(record);
	return out;
}

/* "struct rx_buf.dma" for rb->dma: the innermost struct, whatever leads to it. */
static const char *short_key(CXCursor e)
{
	CXCursor m = ast_strip(e);
	char *record, *field;
	const char *out;

	if (clang_getCursorKind(m) != CXCursor_MemberRefExpr || ast_is_null(ast_child(m, 0)))
		return NULL;
	record = ast_record_name(clang_getCursorType(ast_child(m, 0)));
	if (!record)
		return NULL;
	field = ast_spelling(m);
	out = flow_intern("%s.%s", record, field);
	free(record);
	free(field);
	return out;
}

/* --------------------------------------------------------------- recording */

void field_facts_note_store(struct flow_fn *f, struct state *st, const char *path, CXCursor lhs,
			    const struct value *v)
{
	struct field_facts *ff = f->an->facts;
	struct noted_store ns = { path, *v, -1, NULL };
	enum CXCursorKind k = clang_getCursorKind(lhs);

	if (flow_path_is_local(path))
		return;
	if ((v->kind == VAL_HANDLE) && v->obj >= 0 && f->objs[v->obj].kind == OBJ_MAPPING) {
		ns.obj = v->obj;
		if (k == CXCursor_BinaryOperator || k == CXCursor_CompoundAssignOperator)
			ns.short_key = short_key(ast_child(lhs, 0));
	} else if (v->kind != VAL_PATH && v->kind != VAL_EXPR && v->kind != VAL_CONST) {
		return;
	}
	for (unsigned i = 0; i < ff->nstores; i++)
		if (ff->stores[i].path == ns.path && value_equal(&ff->stores[i].v, &ns.v))
			return;
	ff->stores = dmc_xrealloc(ff->stores, (ff->nstores + 1) * sizeof(*ff->stores));
	ff->stores[ff->nstores++] = ns;
}

/*
 * The field beside the handle that holds `wanted`, as "field" or
 * "rxbuf.data" (no separator).  NULL when none does, or when two different
 * ones do (ice keeps a frame's size in both .len and .bytecount): then
 * which one the unmap should use is not known.
 */
static const char *sibling_holding(const struct field_facts *ff, const char *container,
				   const char *sep, int (*match)(const struct value *, const void *),
				   const void *wanted, const char **rest)
{
	size_t clen = strlen(container), slen = strlen(sep);
	const char *found = NULL;

	for (unsigned i = 0; i < ff->nstores; i++) {
		const char *p = ff->stores[i].path;

		if (ff->stores[i].obj >= 0 || strncmp(p, container, clen) != 0 ||
		    strncmp(p + clen, sep, slen) != 0 || !match(&ff->stores[i].v, wanted))
			continue;
		if (found && found != p)
			return NULL;
		found = p;
	}
	if (!found)
		return NULL;
	*rest = found + clen + slen;
	return *rest;
}

static int holds_text(const struct value *v, const void *text)
{
	const char *t = text;

	if (v->kind == VAL_EXPR || v->kind == VAL_PATH)
		return v->path == t;
	return 0;
}

static int holds_pointer(const struct value *v, const void *root)
{
	return v->kind == VAL_PATH && v->path == root;
}

/* The buffer relative to the entry: "skb->data->*", from a local skb kept beside. */
static const char *relative_buffer(const struct field_facts *ff, const char *buffer,
				   const char *container, const char *sep)
{
	size_t rootlen, clen = strlen(container);
	const char *root, *field, *rest;

	if (!buffer)
		return NULL;
	if (strncmp(buffer, container, clen) == 0 && strncmp(buffer + clen, sep, strlen(sep)) == 0)
		return ast_intern(buffer + clen + strlen(sep));
	rootlen = strcspn(buffer, "-.[");
	root = flow_intern("%.*s", (int)rootlen, buffer);
	field = sibling_holding(ff, container, sep, holds_pointer, root, &rest);
	return field ? flow_intern("%s%s", field, buffer + rootlen) : NULL;
}

static struct field_fact *fact_for(struct field_facts *ff, const char *key)
{
	for (unsigned i = 0; i < ff->n; i++)
		if (ff->items[i].key == key)
			return &ff->items[i];
	ff->items = dmc_xrealloc(ff->items, (ff->n + 1) * sizeof(*ff->items));
	memset(&ff->items[ff->n], 0, sizeof(ff->items[0]));
	ff->items[ff->n].key = key;
	return &ff->items[ff->n++];
}

static void merge_map(struct field_fact *fact, const struct object *o, const char *buffer,
		      const char *size_field)
{
	int first = fact->nmaps++ == 0;

	fact->dirs |= 1u << (o->dir >= 0 && o->dir < FACT_DIR_UNKNOWN ? o->dir : FACT_DIR_UNKNOWN);
	fact->families |= o->api ? 1u << o->api->family : 0;
	if (first) {
		fact->map_site = o->api_site;
		fact->buffer = buffer;
		fact->buffer_known = buffer != NULL;
		fact->size_field = size_field;
		fact->size_const = o->size_const;
		fact->has_size_const = o->has_size;
		fact->sizes_known = size_field || o->has_size;
		return;
	}
	if (fact->buffer != buffer)
		fact->buffer_known = 0;
	if (fact->size_field != size_field)
		fact->size_field = NULL;
	if (!o->has_size || o->size_const != fact->size_const)
		fact->has_size_const = 0;
	fact->sizes_known &= size_field != NULL || o->has_size;
}

void field_facts_finish_function(struct flow_fn *f)
{
	struct field_facts *ff = f->an->facts;

	for (unsigned i = 0; ff && i < ff->nstores; i++) {
		const struct noted_store *ns = &ff->stores[i];
		const struct object *o;
		const char *container, *field, *sep, *size_field = NULL, *buffer, *key, *rest;

		if (ns->obj < 0 || !split_last(ns->path, &container, &field, &sep))
			continue;
		o = &f->objs[ns->obj];
		if (o->size_text && !o->has_size)
			size_field = sibling_holding(ff, container, sep, holds_text, o->size_text,
						     &rest);
		buffer = relative_buffer(ff, o->buffer, container, sep);
		if ((key = full_key(f, ns->path)))
			merge_map(fact_for(ff, key), o, buffer, size_field);
		if (ns->short_key) {
			struct field_fact *any = fact_for(ff, ns->short_key);

			merge_map(any, o, buffer, size_field);
			any->nmaps_placed += key != NULL;
		}
	}
	if (ff)
		ff->nstores = 0;
}

/* ------------------------------------------------------------------ lookup */

const struct field_fact *field_facts_lookup(struct flow_fn *f, const char *path, CXCursor e)
{
	struct field_facts *ff = f->an->facts;
	const char *key;

	const struct field_fact *full = NULL, *any = NULL;
	int key_named;

	if (!ff || !path)
		return NULL;
	key = full_key(f, path);
	key_named = key != NULL;
	for (unsigned i = 0; key && i < ff->n; i++)
		if (ff->items[i].key == key)
			full = &ff->items[i];
	key = ast_is_null(e) ? NULL : short_key(e);
	for (unsigned i = 0; key && i < ff->n; i++)
		if (ff->items[i].key == key)
			any = &ff->items[i];
	/*
	 * A ring's own fact ("priv->rx.buf[].dma") holds unless some map into
	 * that struct field went through a bare entry pointer, which may be an
	 * entry of any ring (bgmac fills rx slots through `slot`): then the
	 * struct field's fact, with every map, is the one that holds.
	 */
	if (full && any && any->nmaps_placed < any->nmaps && (any->dirs & ~full->dirs))
		return any;
	/* A ring this file never maps into (tulip's tx ring is filled in tulip_core.c). */
	if (!full && key_named && any && any->nmaps_placed == any->nmaps)
		return NULL;
	return full ? full : any;
}

int field_facts_may_be_buffer(const struct field_facts *ff, const char *mem)
{
	size_t n = mem ? strlen(mem) : 0;

	for (unsigned i = 0; ff && i < ff->n; i++) {
		const char *rel = ff->items[i].buffer;
		size_t r;

		if (!ff->items[i].buffer_known || !rel)
			continue;
		r = strlen(rel);
		if (n > r && strcmp(mem + n - r, rel) == 0 &&
		    (mem[n - r - 1] == '.' || mem[n - r - 1] == '>'))
			return 1;
	}
	return 0;
}

const char *field_fact_buffer(const struct field_fact *fact, const char *path)
{
	const char *container, *field, *sep;

	if (!fact || !fact->buffer_known || !split_last(path, &container, &field, &sep))
		return NULL;
	return flow_intern("%s%s%s", container, sep, fact->buffer);
}

const char *field_fact_size_path(const struct field_fact *fact, const char *path)
{
	const char *container, *field, *sep;

	if (!fact || !fact->size_field || !split_last(path, &container, &field, &sep))
		return NULL;
	return flow_intern("%s%s%s", container, sep, fact->size_field);
}
void field_facts_print(FILE *out, const struct field_facts *ff)
{
	for (unsigned i = 0; ff && i < ff->n; i++) {
		const struct field_fact *f = &ff->items[i];

		fprintf(out, "field %s: %u map(s), directions %#x, buffer %s, size %s\n", f->key,
			f->nmaps, f->dirs, f->buffer_known ? f->buffer : "?",
			f->size_field ? f->size_field : f->has_size_const ? "constant" : "?");
	}
}
