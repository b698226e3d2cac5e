/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The path-sensitive ownership dataflow.
 *
 * Every map or allocation a function makes is an object; so is every handle
 * it unmaps, syncs or frees without having made it (a "foreign" object: a
 * ring entry, a field of a parameter).  Along each path through the CFG the
 * analysis keeps, per object, whether it exists, failed, is live or was
 * released, whether dma_mapping_error() was consulted, whether it escaped,
 * and who owns the buffer; and an environment saying which storage holds
 * which value (locals, struct fields, ring entries: `storage paths` such as
 * "priv->rx.buf[i].dma").  Paths are kept apart while what they know about
 * objects differs and merged when it does not (property simulation), so
 * branch correlations such as `if (err) goto unmap` hold where they matter.
 *
 * Rules (rules/) see events (a map, an unmap, a CPU access, an exit) with
 * the state before them, and report.  They never change the state.
 */
#ifndef DMC_FLOW_H
#define DMC_FLOW_H

#include <stddef.h>
#include <stdint.h>

#include <clang-c/Index.h>

#include "cfg/cfg.h"
#include "finding.h"
#include "frontend/ast.h"
#include "model/dma_api.h"

struct analysis;
struct summary;
struct field_fact;
struct deferred_report;
struct loop_extent;

/* ------------------------------------------------------------------ values */

enum value_kind {
	VAL_UNKNOWN,
	VAL_CONST,	/* an integer: num */
	VAL_PATH,	/* the contents of storage `path` (not known better) */
	VAL_ADDR,	/* the address of storage `path` */
	VAL_HANDLE,	/* the DMA handle of object obj */
	VAL_CPU,	/* the CPU address of object obj (coherent memory, pool blocks) */
	VAL_STATUS,	/* whether the call that made group obj succeeded; see polarity */
	VAL_PHYS,	/* a CPU physical address (virt_to_phys() at site) */
	VAL_EXPR,	/* an integer known only as an expression: path holds its text */
};

enum status_polarity {
	/* about the call that made a group of objects */
	STATUS_ZERO_OK,		/* 0 is success, anything else failure: errno style */
	STATUS_NONZERO_OK,	/* non-zero is success: pointers, dma_map_sg() counts */
	/* about one mapping: a check of it */
	STATUS_NONZERO_FAILED,	/* non-zero says it failed: dma_mapping_error() */
	STATUS_ZERO_FAILED,	/* zero says it failed: !dma_mapping_error() */
};

/* !x of a status. */
enum status_polarity status_negate(enum status_polarity p);
/* Whether the status is about one mapping (a check) rather than a call. */
int status_is_check(enum status_polarity p);

struct value {
	enum value_kind kind;
	int obj;		/* VAL_HANDLE, VAL_CPU: object; VAL_STATUS: group */
	enum status_polarity polarity;
	long long num;		/* VAL_CONST */
	const char *path;	/* VAL_PATH, VAL_ADDR: interned storage path */
	unsigned site;		/* VAL_PHYS: where the physical address was made */
	enum mem_origin origin;	/* VAL_PATH, VAL_ADDR: what the memory is, when known */
};

int value_equal(const struct value *a, const struct value *b);

/* ----------------------------------------------------------------- objects */

enum obj_kind {
	OBJ_MAPPING,	/* a streaming mapping made here */
	OBJ_COHERENT,	/* coherent, pool or non-coherent memory allocated here */
	OBJ_FOREIGN,	/* a handle made elsewhere that this function hands over */
};

/* object flags */
#define OBJ_MANAGED	0x01u	/* dmam_*: the driver core frees it */

struct object {
	enum obj_kind kind;
	const struct api_fn *api;	/* the map or allocation (FOREIGN: first release or sync) */
	unsigned site;			/* where it was made (a call, maybe of a helper) */
	unsigned api_site;		/* the API call itself (inside the helper, when through one) */
	unsigned group;			/* objects one call makes share success or failure */
	int dir;			/* DMA direction, -1 when not a constant */
	struct value size;		/* the size argument's value */
	int has_size;			/* size known as a constant */
	long long size_const;
	const char *size_text;		/* the size expression, normalised; NULL unknown */
	const char *buffer;		/* memory designator of what is mapped; NULL unknown */
	const char *buffer_record;	/* a struct the map starts at (`descr`, a struct
					 * gelic_descr *), canonical spelling; NULL if not one */
	enum mem_origin buffer_origin;
	unsigned buffer_site;		/* where that memory was declared or allocated */
	/*
	 * Where the mapping starts in the memory `buffer` designates, when that
	 * memory is a struct the map reaches with byte arithmetic ((u8 *)info +
	 * info_len): START_AT_BASE, START_AT (start_bytes in) or START_UNKNOWN.
	 * It covers [start, start + size); see part_unmapped().
	 */
	int start;
	long long start_bytes;
	const char *home;		/* FOREIGN: the storage path the handle was found in */
	const struct field_fact *fact;	/* FOREIGN: what other functions of the file did with it */
	const char *helper;		/* made through this helper function, else NULL */
	unsigned flags;
};

enum obj_life {
	LIFE_NONE,	/* not made on this path (or its call failed) */
	LIFE_LIVE,
	LIFE_FAILED,	/* dma_mapping_error() said so, or the allocation returned NULL */
	LIFE_RELEASED,	/* unmapped or freed */
};

/* obj_state flags */
#define OS_CHECKED	0x01u	/* dma_mapping_error() decided a branch */
#define OS_ESCAPED	0x02u	/* stored where the caller can reach it, returned, passed on */
#define OS_STORED	0x04u	/* stored in memory reached through a local pointer */
#define OS_FRESH	0x08u	/* not stored anywhere yet: the first store is its home */
#define OS_CPU		0x10u	/* the CPU owns the buffer (synced for the CPU) */
#define OS_UNSURE	0x20u	/* paths with different facts met: do not report on it */
#define OS_USED		0x40u	/* the handle was used (given to the device, stored, passed) */
#define OS_ZERO		0x80u	/* FAILED because the handle or address compared equal to 0 */
/*
 * An unmap or free this function (or a helper it called) made of a handle it
 * could not name (read back from a descriptor, a ring slot, a list it walks)
 * may have released this object: its handle had gone into memory, or was
 * passed to that helper.  The leak rules do not judge it.
 */
#define OS_MAYBE_RELEASED	0x100u
/* The handle was passed on (a call that keeps or uses it) while the CPU owned the buffer. */
#define OS_HANDED_BACK		0x200u
/* Its handle or CPU address was stored in an element of a local array (`map[i] = dma`). */
#define OS_IN_LOCAL_ARRAY	0x400u
/*
 * Unmapped with DMA_ATTR_SKIP_CPU_SYNC and never synced for the CPU: the
 * unmap handed nothing back, so what the device wrote is not yet the CPU's.
 */
#define OS_STALE_FOR_CPU	0x800u

struct obj_state {
	uint8_t life;
	uint16_t flags;
	unsigned transfer_site;		/* last hand-over: map or sync (either way) */
	unsigned release_site;		/* unmap or free */
	unsigned check_site;		/* dma_mapping_error() */
	unsigned use_site;		/* first use of the handle */
	unsigned stored_use_site;	/* a store of the handle or count before any check,
					 * a use only if something can act on it before
					 * the check (see flow_settle_stored_uses()) */
	unsigned free_site;		/* the CPU freed the buffer while it was mapped */
	const char *cpu_sync_range;	/* what the last sync for the CPU covered ("0+len") */
	const char *buffer;		/* the designator as it stands on this path (NULL: lost) */
	const char *stored_field;	/* the field its handle was first stored in ("dma"), or NULL */
	const char *zeroed_entry;	/* FAILED: a descriptor a field of which was then set to 0 */
};

/* ------------------------------------------------------------------ states */

struct env_entry {
	const char *key;	/* interned storage path */
	struct value v;
};

/* A fact a branch established: whether the storage is zero. */
struct fact {
	const char *path;
	int zero;
};

/*
 * A condition a branch tested, over values not written since: its
 * canonical text ("(areq->dst == areq->src)", "(0 < nr_sgd)") and whether
 * it held.  A later test of the same text follows only the agreeing branch.
 * pins: the objects (ids below 64) made while it held; paths that disagree
 * on it are not merged while one of them is live.
 */
struct cond {
	const char *key;	/* interned */
	int truth;
	uint64_t pins;
};

/* Conditions a path remembers; the oldest unpinned one goes first (see cond_set()). */
#define MAX_CONDS 16

/*
 * An access judged later.  PENDING_READ, _WRITE, _FREE: an access to memory
 * no object of this path is known to own yet, a violation if a hand-back of
 * that buffer follows (the device owned it until then).  PENDING_UNSYNCED:
 * a CPU write to object obj's buffer while the device owned it, which a
 * sync for the device of obj makes right (the documented way to change a
 * buffer whose contents the CPU fills); a violation where the path ends,
 * or the buffer is unmapped, synced for the CPU or mapped again, first.
 */
enum pending_kind { PENDING_READ, PENDING_WRITE, PENDING_FREE, PENDING_UNSYNCED };

struct pending {
	enum pending_kind kind;
	const char *mem;	/* memory designator (NULL for PENDING_UNSYNCED) */
	unsigned site;
	int obj;		/* PENDING_UNSYNCED: the object written; else -1 */
};

#define TRAIL_MAX 12

struct trail_step {
	unsigned site;
	const char *what;	/* interned */
};

struct call_value {
	CXCursor call;
	struct value v;
};

struct state {
	struct obj_state *objs;		/* indexed by object id */
	unsigned nobjs;
	struct env_entry *env;
	unsigned nenv;
	struct fact *facts;
	unsigned nfacts;
	struct cond *conds;
	unsigned nconds;
	struct pending *pending;
	unsigned npending;
	struct trail_step trail[TRAIL_MAX];
	unsigned ntrail;
	struct value arm;		/* the value the last ?: arm produced */
	struct call_value *calls;	/* values of calls made in the current block */
	unsigned ncalls;
	struct value ret;		/* the value returned, at an exit */
};

struct state *state_new(unsigned nobjs);
struct state *state_copy(const struct state *st);
void state_free(struct state *st);
/* Grows the object array when objects are added while paths run. */
void state_reserve(struct state *st, unsigned nobjs);

/* Environment: what storage holds on this path. */
const struct value *env_get(const struct state *st, const char *path);
void env_set(struct state *st, const char *path, struct value v);
/*
 * Forgets everything that depended on storage `path` having its old value:
 * its entry, entries stored below it or naming it, facts, pending accesses,
 * buffer designators.  `is_variable`: path is a variable, which also counts
 * where it appears as an index ([i]).
 */
void state_invalidate(struct state *st, const char *path, int is_variable);
/* Forgets what depended on the memory `pointer` points to ("pointer->..."). */
void state_invalidate_pointee(struct state *st, const char *pointer);

/* Object k is unmapped or freed at site ("unmapped here"). */
void state_release(struct state *st, int k, unsigned site, const char *what);
/* Object k is synced for the CPU (range: what it covered, "off+size") or for the device. */
void state_sync(struct state *st, int k, int for_cpu, unsigned site, const char *range);
/* Object k is as if never met on this path: its state and the storage naming it. */
void state_forget_object(struct state *st, int k);

/*
 * Whether the device owns object o's buffer in state os: a streaming
 * mapping, live, and not synced for the CPU since it was mapped or synced
 * for the device.
 */
static inline int flow_device_owns(const struct object *o, const struct obj_state *os)
{
	return os->life == LIFE_LIVE && !(os->flags & OS_CPU) && o->kind != OBJ_COHERENT;
}

int fact_get(const struct state *st, const char *path, int *zero);
void fact_set(struct state *st, const char *path, int zero);

/* Whether condition key was tested on this path (then *truth says how it went). */
int cond_get(const struct state *st, const char *key, int *truth);
/* Condition key held (truth 1) or not on this path. */
void cond_set(struct state *st, const char *key, int truth);
/* Object k was made while the path's conditions held: they are what it depends on. */
void cond_pin(struct state *st, int k);

void pending_add(struct state *st, enum pending_kind kind, const char *mem, unsigned site, int obj);
void trail_add(struct state *st, unsigned site, const char *what);
void call_value_set(struct state *st, CXCursor call, struct value v);
const struct value *call_value_get(const struct state *st, CXCursor call);

/* Property simulation: states that know the same about objects are merged. */
int state_same_property(const struct state *a, const struct state *b);
/* Merges b into a (env and facts: what both agree on); returns 1 if a changed. */
int state_merge(struct state *a, const struct state *b);

/* ------------------------------------------------------------------- sites */

/* A place the analysis may point at: a finding's line, a related location. */
struct site {
	struct ast_loc loc;
	const char *what;	/* "dma_map_single()", "return", ...: interned */
	const char *function;	/* the function it is in: interned */
};

/* ------------------------------------------------------------------ events */

enum event_kind {
	EV_MAP,		/* obj was just made (state after) */
	EV_RELEASE,	/* obj is unmapped or freed (state before) */
	EV_SYNC,	/* obj is synced (state before) */
	EV_USE,		/* obj's handle is used: stored, passed on, written to the device */
	EV_ACCESS,	/* the CPU reads or writes obj's buffer */
	EV_FREE_BUFFER,	/* the CPU frees obj's buffer */
	EV_LATE_ACCESS,	/* an earlier access to foreign obj's buffer, judged at its hand-back */
	EV_UNSYNCED_WRITE,	/* an earlier write to obj's buffer while the device owned it, with
				 * no sync for the device before this point (site): an exit, unmap,
				 * sync for the CPU or new map of it */
	EV_EXIT,	/* the function returns (obj = -1; every object's state is in st) */
	EV_STORE,	/* a value is stored (obj = -1) */
	EV_ARG,		/* a value is passed to a function (obj = -1) */
};

enum use_kind { USE_STORE, USE_CALL, USE_DEVICE, USE_RETURN };

struct event {
	enum event_kind kind;
	int obj;
	const struct object *o;
	const struct obj_state *os;	/* obj's state before the event */
	CXCursor where;			/* the element: call, assignment, access, return */
	unsigned site;			/* where, as a site */
	const struct api_fn *api;	/* RELEASE, SYNC: the function called */
	CXCursor call;			/* RELEASE, SYNC: the call (or the helper's) */
	struct value size;		/* RELEASE, SYNC: the size given */
	const char *size_text;
	int has_size;
	long long size_const;
	int dir;			/* RELEASE, SYNC: the direction given, -1 unknown */
	const char *sync_range;		/* SYNC: "off+size" of the part synced, NULL unknown */
	int through_helper;		/* RELEASE, SYNC, MAP: via a summarised helper */
	int discarded;			/* MAP: the call's value is thrown away */
	enum use_kind use;		/* USE */
	enum cpu_effect effect;		/* ACCESS, LATE_ACCESS: read or write; FREE_BUFFER */
	unsigned access_site;		/* LATE_ACCESS, UNSYNCED_WRITE: where the access was */
	int error_return;		/* EXIT: the function reports failure on this path */
	CXType type;			/* STORE: the destination's type; ARG: the parameter's */
	struct value value;		/* STORE, ARG: the value */
	CXCursor value_expr;		/* STORE, ARG: the expression stored or passed */
	const char *callee;		/* ARG */
	int arg_index;			/* ARG */
	const char *dest;		/* STORE: the destination's storage path, if named */
};

/* -------------------------------------------------------- one function */

/* What a release or sync call did, for the summary of the function it is in. */
struct op_record {
	unsigned site;
	const struct api_fn *api;
	const char *size_text;
	int has_size;
	long long size_const;
	int dir;
	const char *cpu_path;	/* a free's CPU address argument, as a path, or NULL */
	int foreign;		/* of a handle this function did not make */
};

/* Summary mode: the CPU touches what a parameter points to, nothing handed over yet. */
struct param_access {
	int param;
	enum cpu_effect effect;
	unsigned site;		/* the access, or the call that makes it */
};

#define MAX_PARAM_ACCESSES 16
#define MAX_UNMAPPED_FIELDS 16

struct flow_fn {
	struct analysis *an;
	struct cfg *cfg;
	CXTranslationUnit tu;
	CXCursor fn;
	const char *name;		/* interned */
	int summary_mode;		/* parameters are named $0, $1, ...: for summaries */
	int probe_like;			/* its failure is not undone by anyone (probe, open) */
	struct object *objs;
	unsigned nobjs;
	unsigned capobjs;
	unsigned long steps;		/* work done, against the budget */
	int incomplete;			/* the budget ran out */
	/* summary mode: what each exit saw */
	void (*on_exit)(struct flow_fn *f, const struct state *st, CXCursor where, void *ctx);
	void *exit_ctx;
	int rules_on;			/* report findings (not while summarising) */
	/* summary mode: releases and syncs made, parameters whose value is kept or used */
	struct op_record *ops;
	unsigned nops;
	unsigned param_escapes;		/* bit i: the value of parameter i is kept */
	unsigned param_uses;		/* bit i: it is used (given to the device, stored) */
	const char **written;		/* storage below the parameters it changes */
	unsigned nwritten;
	struct param_access *param_accesses;
	unsigned nparam_accesses;
	const char *unmapped_fields[MAX_UNMAPPED_FIELDS];	/* see flow_unmaps_field() */
	unsigned releases_unnamed;	/* summary mode: RELEASES_* it makes of handles it
					 * cannot name in its parameters' terms */
	/*
	 * Leak findings judged once every path has run: stored_past[k] is the
	 * loop (index in loops, +1) inside which some path stored object k
	 * into memory, the object made before that loop (see
	 * analysis_defer_report()); loops: the function's loop statements.
	 */
	struct deferred_report *deferred;
	unsigned ndeferred;
	unsigned *stored_past;
	unsigned nstored_past;
	struct loop_extent *loops;
	int nloops;			/* -1: not collected yet */
	unsigned body_releases_unnamed;	/* RELEASES_* of handles read back from memory made
					 * somewhere in its body (see flow_maybe_released()) */
	unsigned nunmapped_fields;
	int cond_effect;		/* scratch: a condition's operand has a side effect */
};

/* Kinds of release, for flow_blur_released() and summaries' releases_unnamed. */
#define RELEASES_UNMAP	0x1u	/* streaming mappings */
#define RELEASES_FREE	0x2u	/* coherent, pool and non-coherent memory */

/* The kind of release an unmap or free function makes. */
unsigned flow_release_kind(const struct api_fn *api);

/*
 * An unmap or free of a handle the analysis cannot attribute (kinds:
 * RELEASES_*) may have released any live object of that kind whose handle
 * went into memory, or that is passed to `call` (a helper making such
 * releases; null cursor: none): they are marked OS_MAYBE_RELEASED.  Object
 * `except` is the one the release was attributed to, if any.
 */
void flow_blur_released(struct flow_fn *f, struct state *st, unsigned kinds, int except,
			CXCursor call);

/*
 * Whether object k's handle or CPU address is held in a local array or
 * struct; arrays_only: in an element of a local array (now, or once: the
 * slot may have been renamed since, `map[i]` after i changed).
 */
int flow_held_in_aggregate(const struct state *st, int k, int arrays_only);

/*
 * Whether object k may have been released by an unmap or free the analysis
 * cannot attribute: on this path (OS_MAYBE_RELEASED), or anywhere in the
 * function when its handle went into memory.  The leak rules do not judge it.
 */
int flow_maybe_released(const struct flow_fn *f, const struct state *st, int k);

/* In a summary: &path passed on while it holds a dma_addr_t parameter's value keeps it. */
void flow_note_param_held_under(struct flow_fn *f, struct state *st, const char *path);

/* Every object whose handle or CPU address is held in storage below path becomes escaped. */
void flow_escape_held_under(struct state *st, const char *path);

/*
 * Whether the function unmaps a handle read from a field of this name
 * somewhere (an unwind loop over ring entries): a mapping stored in such a
 * field may be among those it unmaps.
 */
int flow_unmaps_field(const struct flow_fn *f, const char *field);

/* In a summary: the function changes this storage of its caller's (see summary.c). */
void flow_note_written(struct flow_fn *f, const char *path);

/* Whether a path names only parameters ("$0->ring->[$1].dma"), no locals of a summary. */
int flow_path_param_relative(const char *path);

/* The record of the release or sync at site, or NULL. */
const struct op_record *flow_op_at(const struct flow_fn *f, unsigned site);
void flow_fn_release(struct flow_fn *f);

/* Runs the dataflow over f->cfg; events go to the rules when f->rules_on. */
void flow_run(struct flow_fn *f);

/*
 * A store of an unchecked handle or count into memory lets nothing act on it
 * yet: it is held (stored_use_site) and becomes a use only when something
 * could act on it before the check, a call that is not the DMA API or an
 * exit (then EV_USE is emitted at the store).  A check of the mapping first
 * makes it harmless.  flow_settle_stored_uses() does the former for every
 * object; flow_stored_use_checked() the latter for one.
 */
void flow_settle_stored_uses(struct flow_fn *f, struct state *st, CXCursor where);
void flow_stored_use_checked(struct state *st, int k);

/* dma_map_sg()'s count v used (stored, passed on): a use of its mappings. */
void flow_count_used(struct flow_fn *f, struct state *st, const struct value *v, CXCursor where,
		     unsigned site, enum use_kind use);

/*
 * The part of a struct an access touches: a field (of a struct pointed to,
 * `p->f`), at offset bytes into it, for telling the mapped part of a
 * partly mapped struct from the rest.
 */
struct cpu_part {
	const char *record;	/* the struct type, canonical spelling (interned) */
	long long offset;	/* where the field starts, in bytes */
	long long size;		/* how many bytes it has; 0 unknown */
};

/* object.start */
enum { START_AT_BASE, START_AT, START_UNKNOWN };

/*
 * The CPU reads, writes or frees memory mem (at site, which is `here` in
 * this function or a line of a helper called at `here`; part: the field it
 * touches, or NULL for any): events for the objects whose buffer it is.
 * Returns whether there were any.
 */
int flow_cpu_touch(struct flow_fn *f, struct state *st, const char *mem,
		   const struct cpu_part *part, enum cpu_effect effect, CXCursor where,
		   unsigned site, unsigned here);

/*
 * The CPU's writes to obj k's buffer (every object's if k < 0) that no sync
 * for the device has handed over on this path are violations once it ends
 * or the buffer goes back at site: events for them, and they are dropped.
 */
void flow_judge_unsynced_writes(struct flow_fn *f, struct state *st, int k, CXCursor where,
				unsigned site);

/* An event of this kind about obj at where (site), every other field empty. */
struct event flow_event(enum event_kind kind, int obj, CXCursor where, unsigned site);

/* Hands an event to the rules (when they are on). */
void flow_emit(struct flow_fn *f, const struct state *st, struct event *ev);

/* Adds an object and returns its id. */
int flow_add_object(struct flow_fn *f, const struct object *o);

/* ---------------------------------------------------------- value.c */

/* A storage path as C would write it, for messages: "ring->buf[i].dma". */
const char *flow_path_c(const char *path);

/* The parameter whose value v is ("$2" in summaries), or -1. */
int flow_param_of(const struct value *v);

/* How an index expression is named in paths: "i", "(i + 1)", "3". */
const char *flow_index_text(struct flow_fn *f, struct state *st, CXCursor idx);

/* The storage path an lvalue names on this path, or NULL (interned). */
const char *flow_lvalue(struct flow_fn *f, struct state *st, CXCursor e);
/* The value of an expression on this path. */
struct value flow_eval(struct flow_fn *f, struct state *st, CXCursor e);
/* The memory a pointer value points into, or NULL (interned). */
const char *flow_mem_of(const struct value *v);
/* The memory an argument of the given form designates, or NULL. */
const char *flow_mem_arg(struct flow_fn *f, struct state *st, CXCursor arg, enum mem_form form);
/* Whether a storage path lives in this function's own frame (no pointer on the way). */
int flow_path_is_local(const char *path);
/* The variable a path starts with (malloc'ed), for the is_variable of invalidation. */
int flow_path_is_variable(const char *path);
/* A normalised text of an expression for comparing sizes ("len", "rb->len", "2048"). */
const char *flow_expr_text(struct flow_fn *f, struct state *st, CXCursor e);
/* The name of a declaration as paths spell it. */
const char *flow_decl_name(struct flow_fn *f, CXCursor decl);

/* Interns a formatted string. */
const char *flow_intern(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
