// SPDX-License-Identifier: GPL-2.0
/*
 * The facts of a file's module.  Before the checks begin, the scan extracts
 * the facts of every file of every module it touches whose content the
 * database does not know (module_facts_plan(), one parse each, in the
 * workers); then each check reads its siblings' facts from the database.
 * A file outside the scan is parsed with the arguments of a file of its
 * module that is in it: kbuild compiles the files of one module with the same
 * flags but for per-object ones, which do not change what the facts are about.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <xxhash.h>

#include "facts/facts.h"
#include "flags/flags.h"
#include "frontend/tu.h"
#include "util.h"

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

void module_facts_extract(const char *file, char *const *args, size_t nargs)
{
	CXIndex index = clang_createIndex(0, 0);
	struct dmc_diags scratch;
	struct tu_errors errors;
	struct dma_masks masks;
	struct kbuild_module mod;
	struct facts_db *db;
	CXTranslationUnit tu;
	char *path = database_path(args, nargs), *hash = facts_file_hash(file);

	dmc_diags_init(&scratch);
	db = facts_db_open(path, &scratch);
	tu = db && hash ? tu_parse(index, file, args, nargs, NULL, 0, &scratch, &errors) : NULL;
	if (tu && kbuild_module_of(file, &mod) == 0) {
		/* what parsed of it: a sibling's parse errors are the check of that file's business */
		facts_find_masks(tu, &masks);
		facts_db_put(db, file, hash, mod.name, &masks, &scratch);
		kbuild_module_free(&mod);
	}
	if (tu) {
		clang_disposeTranslationUnit(tu);
		tu_errors_free(&errors);
	}
	facts_db_close(db);
	dmc_diags_free(&scratch);
	clang_disposeIndex(index);
	free(path);
	free(hash);
}

static void plan_add(struct facts_plan *plan, const char *file, size_t cmd)
{
	for (size_t i = 0; i < plan->n; i++)
		if (strcmp(plan->files[i], file) == 0)
			return;
	plan->files = dmc_xrealloc(plan->files, (plan->n + 1) * sizeof(char *));
	plan->cmd = dmc_xrealloc(plan->cmd, (plan->n + 1) * sizeof(size_t));
	plan->files[plan->n] = dmc_xstrdup(file);
	plan->cmd[plan->n++] = cmd;
}

void module_facts_plan(const struct flags_set *set, struct facts_plan *plan, struct dmc_diags *diags)
{
	const char *off = getenv("DMACHECK_FACTS");

	memset(plan, 0, sizeof(*plan));
	if (off && strcmp(off, "off") == 0)
		return;
	for (size_t c = 0; c < set->count; c++) {
		const struct flags_cmd *cmd = &set->cmds[c];
		struct kbuild_module mod;
		struct facts_db *db;
		char *path;

		if (!cmd->args || kbuild_module_of(cmd->file, &mod) != 0)
			continue;
		if (mod.nfiles < 2) {
			kbuild_module_free(&mod);
			continue;
		}
		path = database_path(cmd->args, cmd->nargs);
		db = facts_db_open(path, diags);
		free(path);
		for (size_t i = 0; db && i < mod.nfiles; i++) {
			char *hash = facts_file_hash(mod.files[i]);

			if (hash && !facts_db_current(db, mod.files[i], hash))
				plan_add(plan, mod.files[i], c);
			free(hash);
		}
		facts_db_close(db);
		kbuild_module_free(&mod);
	}
}

void facts_plan_free(struct facts_plan *plan)
{
	for (size_t i = 0; i < plan->n; i++)
		free(plan->files[i]);
	free(plan->files);
	free(plan->cmd);
	memset(plan, 0, sizeof(*plan));
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
		struct dma_masks m;

		/* module_facts_plan() brought every sibling up to date before the checks began */
		if (strcmp(mod.files[i], real) != 0 && facts_db_masks(db, mod.files[i], &m))
			widen(out, &m, mod.files[i]);
	}
	facts_db_close(db);
	kbuild_module_free(&mod);
}

void module_facts_free(struct module_facts *mf)
{
	free(mf->mask_file);
	memset(mf, 0, sizeof(*mf));
}
