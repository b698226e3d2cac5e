// SPDX-License-Identifier: GPL-2.0
/*
 * The facts database: SQLite, one file per kernel under the cache directory.
 * The schema's version is SQLite's user_version; a database of another
 * version, or one that fails SQLite's quick_check, is never trusted: it is
 * removed and built anew, and the scan says so.  Several workers write to it
 * at once (WAL journal, a busy timeout); a file's facts are replaced in one
 * transaction, so a reader sees all of them or none.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>
#include <xxhash.h>

#include "facts/facts.h"
#include "util.h"

#define BUSY_TIMEOUT_MS 30000

struct facts_db {
	sqlite3 *db;
	char *path;
};

static const char schema[] =
	"CREATE TABLE IF NOT EXISTS files ("
	"  path TEXT PRIMARY KEY,"		/* the file as the scan names it, made absolute */
	"  hash TEXT NOT NULL,"			/* facts_file_hash() of the content they came from */
	"  module TEXT NOT NULL);"		/* the kbuild module it belongs to */
	"CREATE TABLE IF NOT EXISTS masks ("
	"  path TEXT NOT NULL REFERENCES files(path) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL CHECK (kind IN ('streaming', 'coherent')),"
	"  bits INTEGER NOT NULL,"
	"  PRIMARY KEY (path, kind));";

static int exec(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

static int user_version(sqlite3 *db)
{
	sqlite3_stmt *st;
	int v = -1;

	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* NULL when SQLite finds the database sound, else why not (malloc'ed). */
static char *unsound(sqlite3 *db)
{
	sqlite3_stmt *st;
	char *why = NULL;

	if (sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &st, NULL) != SQLITE_OK)
		return dmc_xstrdup(sqlite3_errmsg(db));
	if (sqlite3_step(st) != SQLITE_ROW)
		why = dmc_xstrdup(sqlite3_errmsg(db));
	else if (strcmp((const char *)sqlite3_column_text(st, 0), "ok") != 0)
		why = dmc_xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return why;
}

/* Opens path and checks it; NULL and *why when it cannot be used as it is. */
static sqlite3 *open_checked(const char *path, char **why)
{
	sqlite3 *db = NULL;
	int version;

	*why = NULL;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		*why = dmc_xasprintf("cannot be opened: %s", db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
	if ((*why = unsound(db))) {
		char *more = dmc_xasprintf("is corrupt (%s)", *why);

		free(*why);
		*why = more;
		sqlite3_close(db);
		return NULL;
	}
	version = user_version(db);
	if (version == 0) {
		/* new: make it ours */
		if (exec(db, "PRAGMA journal_mode=WAL") != SQLITE_OK || exec(db, "BEGIN IMMEDIATE") != SQLITE_OK ||
		    exec(db, schema) != SQLITE_OK) {
			*why = dmc_xasprintf("cannot be written: %s", sqlite3_errmsg(db));
			sqlite3_close(db);
			return NULL;
		}
		/* a second worker may have made it meanwhile: the schema is IF NOT EXISTS */
		char *set = dmc_xasprintf("PRAGMA user_version=%d", FACTS_SCHEMA_VERSION);

		exec(db, set);
		free(set);
		if (exec(db, "COMMIT") != SQLITE_OK) {
			*why = dmc_xasprintf("cannot be written: %s", sqlite3_errmsg(db));
			sqlite3_close(db);
			return NULL;
		}
		version = FACTS_SCHEMA_VERSION;
	}
	if (version != FACTS_SCHEMA_VERSION) {
		*why = dmc_xasprintf("has schema version %d, this dmacheck uses %d", version,
				     FACTS_SCHEMA_VERSION);
		sqlite3_close(db);
		return NULL;
	}
	exec(db, "PRAGMA foreign_keys=ON");
	return db;
}

static void remove_database(const char *path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };

	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		char *p = dmc_xasprintf("%s%s", path, suffixes[i]);

		unlink(p);
		free(p);
	}
}

struct facts_db *facts_db_open(const char *path, struct dmc_diags *diags)
{
	char *why;
	sqlite3 *db = open_checked(path, &why);
	struct facts_db *out;

	if (!db) {
		dmc_diags_add(diags, DMC_SEV_NOTE, DMC_ENGINE_ANALYZER, path, 0,
			      "the facts database %s; it is rebuilt", why);
		free(why);
		remove_database(path);
		db = open_checked(path, &why);
		if (!db) {
			dmc_diags_add(diags, DMC_SEV_WARNING, DMC_ENGINE_ANALYZER, path, 0,
				      "the facts database %s; facts of other files of a module are "
				      "not used", why);
			free(why);
			return NULL;
		}
	}
	out = dmc_xcalloc(1, sizeof(*out));
	out->db = db;
	out->path = dmc_xstrdup(path);
	return out;
}

void facts_db_close(struct facts_db *db)
{
	if (!db)
		return;
	sqlite3_close(db->db);
	free(db->path);
	free(db);
}

int facts_db_current(struct facts_db *db, const char *path, const char *hash)
{
	sqlite3_stmt *st;
	int yes = 0;

	if (sqlite3_prepare_v2(db->db, "SELECT 1 FROM files WHERE path = ?1 AND hash = ?2", -1, &st,
			       NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
	yes = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return yes;
}

static int put_mask(sqlite3 *db, const char *path, const char *kind, int bits)
{
	sqlite3_stmt *st;
	int rc;

	if (!bits)
		return SQLITE_OK;
	if (sqlite3_prepare_v2(db, "INSERT INTO masks (path, kind, bits) VALUES (?1, ?2, ?3)", -1, &st,
			       NULL) != SQLITE_OK)
		return SQLITE_ERROR;
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, bits);
	rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
	sqlite3_finalize(st);
	return rc;
}

int facts_db_put(struct facts_db *db, const char *path, const char *hash, const char *module,
		 const struct dma_masks *masks, struct dmc_diags *diags)
{
	sqlite3_stmt *st = NULL;
	int ok = exec(db->db, "BEGIN IMMEDIATE") == SQLITE_OK;

	if (ok && sqlite3_prepare_v2(db->db, "DELETE FROM files WHERE path = ?1", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
		ok = sqlite3_step(st) == SQLITE_DONE;
		sqlite3_finalize(st);
	}
	if (ok && sqlite3_prepare_v2(db->db, "INSERT INTO files (path, hash, module) VALUES (?1, ?2, ?3)",
				     -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, module, -1, SQLITE_STATIC);
		ok = sqlite3_step(st) == SQLITE_DONE;
		sqlite3_finalize(st);
	} else {
		ok = 0;
	}
	ok = ok && put_mask(db->db, path, "streaming", masks->stream_bits) == SQLITE_OK &&
	     put_mask(db->db, path, "coherent", masks->coherent_bits) == SQLITE_OK;
	if (ok && exec(db->db, "COMMIT") == SQLITE_OK)
		return 0;
	dmc_diags_add(diags, DMC_SEV_NOTE, DMC_ENGINE_ANALYZER, path, 0,
		      "the facts of this file could not be stored in %s: %s", db->path,
		      sqlite3_errmsg(db->db));
	exec(db->db, "ROLLBACK");
	return -1;
}

int facts_db_masks(struct facts_db *db, const char *path, struct dma_masks *out)
{
	sqlite3_stmt *st;
	int known = 0;

	memset(out, 0, sizeof(*out));
	if (sqlite3_prepare_v2(db->db,
			       "SELECT f.path, m.kind, m.bits FROM files f "
			       "LEFT JOIN masks m ON m.path = f.path WHERE f.path = ?1",
			       -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(st, 1);

		known = 1;
		if (kind && strcmp(kind, "streaming") == 0)
			out->stream_bits = sqlite3_column_int(st, 2);
		else if (kind && strcmp(kind, "coherent") == 0)
			out->coherent_bits = sqlite3_column_int(st, 2);
	}
	sqlite3_finalize(st);
	return known;
}

char *facts_file_hash(const char *path)
{
	int fd = open(path, O_RDONLY);
	XXH64_state_t *state;
	char buf[65536];
	ssize_t got;

	if (fd < 0)
		return NULL;
	state = XXH64_createState();
	XXH64_reset(state, 0);
	while ((got = read(fd, buf, sizeof(buf))) > 0)
		XXH64_update(state, buf, (size_t)got);
	close(fd);
	if (got < 0) {
		XXH64_freeState(state);
		return NULL;
	}
	{
		char *hex = dmc_xasprintf("%016llx", (unsigned long long)XXH64_digest(state));

		XXH64_freeState(state);
		return hex;
	}
}
