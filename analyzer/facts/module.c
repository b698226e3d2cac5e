// SPDX-License-Identifier: GPL-2.0
/*
 * The facts of a file's module: its own go into the database; its siblings'
 * come out of it, extracted first when the database has none for their
 * current content.  A sibling is parsed with the checked file's arguments:
 * kbuild compiles the files of one module with the same flags but for
 * per-object ones, which do not change what the facts are about.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <xxhash.h>

#include "facts/facts.h"
#include "flags/flags.h"
#include "frontend/tu.h"
#include "util.h"

/* Siblings are parsed inside the worker's time limit: stop reading them after this. */
#define SIBLING_BUDGET_S 120

/*
 * One database per kernel: the arguments that name the kernel's generated
 * headers and forced includes say which kernel (and configuration) it is.
 */
static char *kernel_key(char *const *args, size_t nargs)
{
	XXH64_state_t *state = XXH64_createState();
	char *key;

	XXH64_reset(state, 0);
	for (size_t i = 0; i < nargs; i++) {
		const char *a = args[i];

		if (strcmp(a, "-include") == 0 && i + 1 < nargs)
			a = args[++i];
		else if (strncmp(a, "-I", 2) != 0 || !strstr(a, "/generated"))
			continue;
		XXH64_update(state, a, strlen(a) + 1);
	}
	key = dmc_xasprintf("%016llx", (unsigned long long)XXH64_digest(state));
	XXH64_freeState(state);
	return key;
}

static void make_dirs(const char *path)
{
	char *p = dmc_xstrdup(path);

	for (char *s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		mkdir(p, 0755);
		*s = '/';
	}
	mkdir(p, 0755);
	free(p);
}

static char *database_path(char *const *args, size_t nargs)
{
	char *cache = flags_cache_dir(), *key = kernel_key(args, nargs);
	char *dir = dmc_xasprintf("%s/facts", cache);
	char *path = dmc_xasprintf("%s/%s.sqlite", dir, key);

	make_dirs(dir);
	free(cache);
	free(key);
	free(dir);
	return path;
}

/* Parses a sibling and stores its facts; notes (never errors) when it cannot. */
static void extract_sibling(struct facts_db *db, const char *file, const char *hash, const char *module,
			    char *const *args, size_t nargs, struct dmc_diags *diags)
{
	CXIndex index = clang_createIndex(0, 0);
	struct dmc_diags scratch;
	struct tu_errors errors;
	struct dma_masks masks;
	CXTranslationUnit tu;

	dmc_diags_init(&scratch);
	tu = tu_parse(index, file, args, nargs, NULL, 0, &scratch, &errors);
	if (tu) {
		facts_find_masks(tu, &masks);
		facts_db_put(db, file, hash, module, &masks, diags);
		clang_disposeTranslationUnit(tu);
	}
	if (!tu || scratch.count)
		dmc_diags_add(diags, DMC_SEV_NOTE, DMC_ENGINE_ANALYZER, file, 0,
			      "facts of this file of module %s were read from what parsed of it with "
			      "the flags of a sibling: %s", module,
			      scratch.count ? scratch.items[0].message : "libclang could not parse it");
	tu_errors_free(&errors);
	dmc_diags_free(&scratch);
	clang_disposeIndex(index);
}

static void widen(struct module_facts *out, const struct dma_masks *m, const char *file)
{
	if (m->stream_bits > out->masks.stream_bits) {
		out->masks.stream_bits = m->stream_bits;
		free(out->mask_file);
		out->mask_file = dmc_xstrdup(file);
	}
	if (m->coherent_bits > out->masks.coherent_bits)
		out->masks.coherent_bits = m->coherent_bits;
}

void module_facts_for(const char *cfile, CXTranslationUnit tu, char *const *args, size_t nargs,
		      struct module_facts *out, struct dmc_diags *diags)
{
	const char *off = getenv("DMACHECK_FACTS");
	struct kbuild_module mod;
	struct facts_db *db;
	struct dma_masks own;
	char real[PATH_MAX], *path, *hash;
	time_t start = time(NULL);
	size_t skipped = 0;

	memset(out, 0, sizeof(*out));
	if ((off && strcmp(off, "off") == 0) || !realpath(cfile, real) || kbuild_module_of(real, &mod) != 0)
		return;
	if (mod.nfiles < 2) {
		kbuild_module_free(&mod);
		return;		/* a module of one file: nothing to learn from the others */
	}
	path = database_path(args, nargs);
	db = facts_db_open(path, diags);
	free(path);
	if (!db) {
		kbuild_module_free(&mod);
		return;
	}
	hash = facts_file_hash(real);
	if (hash && !facts_db_current(db, real, hash)) {
		facts_find_masks(tu, &own);
		facts_db_put(db, real, hash, mod.name, &own, diags);
	}
	free(hash);
	for (size_t i = 0; i < mod.nfiles; i++) {
		const char *f = mod.files[i];
		struct dma_masks m;

		if (strcmp(f, real) == 0 || !(hash = facts_file_hash(f)))
			continue;
		if (!facts_db_current(db, f, hash)) {
			if (time(NULL) - start > SIBLING_BUDGET_S) {
				skipped++;
				free(hash);
				continue;
			}
			extract_sibling(db, f, hash, mod.name, args, nargs, diags);
		}
		free(hash);
		if (facts_db_masks(db, f, &m))
			widen(out, &m, f);
	}
	if (skipped)
		dmc_diags_add(diags, DMC_SEV_NOTE, DMC_ENGINE_ANALYZER, cfile, 0,
			      "%zu file%s of module %s not read for facts (over %d s); the next scan "
			      "reads them", skipped, skipped == 1 ? "" : "s", mod.name, SIBLING_BUDGET_S);
	facts_db_close(db);
	kbuild_module_free(&mod);
}

void module_facts_free(struct module_facts *mf)
{
	free(mf->mask_file);
	memset(mf, 0, sizeof(*mf));
}
