/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Facts about a driver that live in more than one file.  kbuild's composite
 * objects (`foo-y := a.o b.o`, `foo-objs := ...`) say which C files make one
 * module; what each file establishes (today: the DMA masks it sets) is kept in
 * an SQLite database in the cache directory, per kernel, file and content
 * hash, and read when another file of the same module is checked: a driver
 * that sets a 40-bit mask in the probe of foo_main.c holds foo_ring.c, which
 * keeps the handles, to it.  docs/facts.md describes the database.
 */
#ifndef DMC_FACTS_H
#define DMC_FACTS_H

#include <stddef.h>

#include <clang-c/Index.h>

#include "finding.h"

/* ------------------------------------------------------------ kbuild_module.c */

/* The files of one module, as the Makefile beside a C file names them. */
struct kbuild_module {
	char *name;		/* "foo" for foo-objs; the file's own stem when it is alone */
	char *makefile;		/* the Makefile or Kbuild that says so, NULL when none does */
	char **files;		/* every C file of the module that exists, the asked one included */
	size_t nfiles;
};

/*
 * The module `cfile` belongs to: the composite object of its directory's Kbuild
 * or Makefile (or an ancestor's, for `en/foo.o` in mlx5's core/Makefile) whose
 * list names it.  A file no list names is a module of its own.  0, or -1 when
 * cfile cannot be resolved.
 */
int kbuild_module_of(const char *cfile, struct kbuild_module *out);
void kbuild_module_free(struct kbuild_module *m);

/*
 * The composite objects a Makefile's text defines: calls found(name, object)
 * for every object of every `name-y`, `name-objs`, `name-$(CONFIG_FOO)` list
 * (line continuations and comments handled).  Exposed for the tests.
 */
void kbuild_composites(const char *text, void (*found)(const char *name, const char *object, void *ctx),
		       void *ctx);

/* ------------------------------------------------------------------- masks.c */

struct dma_masks {
	int stream_bits;	/* widest constant streaming mask set, 0 if none */
	int coherent_bits;	/* the same for the coherent mask */
};

/*
 * The widest constant masks a translation unit passes to dma_set_mask()
 * (streaming), dma_set_coherent_mask() (coherent) and
 * dma_set_mask_and_coherent() (both).
 */
void facts_find_masks(CXTranslationUnit tu, struct dma_masks *out);

/* ---------------------------------------------------------------------- db.c */

struct facts_db;

/* The schema facts_db_open() creates; an older or newer database is rebuilt. */
#define FACTS_SCHEMA_VERSION 1

/*
 * Opens (creating it if needed) the database at path.  A database of another
 * schema version, or one SQLite finds corrupt, is removed and built anew with a
 * note in diags saying why.  NULL (and an error diagnostic) when even a new one
 * cannot be made.
 */
struct facts_db *facts_db_open(const char *path, struct dmc_diags *diags);
void facts_db_close(struct facts_db *db);

/* Whether the database holds facts of path for exactly this content hash. */
int facts_db_current(struct facts_db *db, const char *path, const char *hash);
/* Replaces what the database knows of path. 0, or -1 (and a diagnostic). */
int facts_db_put(struct facts_db *db, const char *path, const char *hash, const char *module,
		 const struct dma_masks *masks, struct dmc_diags *diags);
/* The masks recorded for path (zeros when none). 1 when the file is known, else 0. */
int facts_db_masks(struct facts_db *db, const char *path, struct dma_masks *out);

/* The content hash facts are keyed by: xxh64 of the file, in hex (malloc'ed), NULL if unreadable. */
char *facts_file_hash(const char *path);

/* --------------------------------------------------------------- module.c */

/* What the other files of a file's module establish. */
struct module_facts {
	struct dma_masks masks;		/* the widest of the module's other files */
	char *mask_file;		/* the file that sets the widest streaming mask, or NULL */
};

/*
 * The facts of the other files of cfile's module, from the database under
 * the cache directory for this kernel (keyed by the compile arguments' kernel
 * headers); this file's own facts (from tu) are stored too.  Siblings the
 * database does not know are left out: module_facts_plan() runs first.
 * DMACHECK_FACTS=off turns the layer off (out is then empty).
 */
void module_facts_for(const char *cfile, CXTranslationUnit tu, char *const *args, size_t nargs,
		      struct module_facts *out, struct dmc_diags *diags);
void module_facts_free(struct module_facts *mf);

struct flags_set;

/* The files whose facts a scan must extract before its checks, each once. */
struct facts_plan {
	char **files;
	size_t *cmd;		/* the command of the scan whose arguments parse it */
	size_t n;
};

/*
 * Every file of the modules of the scan's files whose facts the database
 * lacks for its current content: a warm database plans nothing.
 */
void module_facts_plan(const struct flags_set *set, struct facts_plan *plan, struct dmc_diags *diags);
void facts_plan_free(struct facts_plan *plan);
/* In a worker: parses file and stores its facts (what parsed of it). */
void module_facts_extract(const char *file, char *const *args, size_t nargs);

#endif
