// SPDX-License-Identifier: GPL-2.0
/*
 * The facts layer: kbuild's composite objects read from Makefiles, the module
 * a file belongs to, and the SQLite facts database (keyed by content hash,
 * rebuilt with a note when it is of another schema or corrupt).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "facts/facts.h"
#include "testutil.h"
#include "util.h"

static char *temp_dir(void)
{
	char *dir = dmc_xstrdup("/tmp/dmacheck-facts-XXXXXX");

	ck_assert_ptr_nonnull(mkdtemp(dir));
	return dir;
}

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
}

static void remove_dir(const char *dir)
{
	char *cmd = dmc_xasprintf("rm -rf '%s'", dir);

	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
}

struct seen {
	char text[1024];
};

static void collect(const char *name, const char *object, void *ctx)
{
	struct seen *s = ctx;
	size_t len = strlen(s->text);

	snprintf(s->text + len, sizeof(s->text) - len, "%s:%s ", name, object);
}

START_TEST(composite_objects_in_every_spelling)
{
	struct seen s = { "" };

	kbuild_composites("# a NIC\n"
			  "obj-$(CONFIG_FOO) += foo.o\n"
			  "obj-m += bar.o\n"
			  "ccflags-y := -I$(src)/include\n"
			  "subdir-ccflags-y += -DDEBUG\n"
			  "CFLAGS_foo_trace.o := -I$(src)\n"
			  "foo-y := foo_main.o foo_ring.o \\\n"
			  "\tfoo_ethtool.o # the ethtool ops\n"
			  "foo-$(CONFIG_FOO_PTP) += foo_ptp.o\n"
			  "foo-objs += foo_legacy.o\n"
			  "bar-objs := bar_core.o bar_hw.o\n"
			  "foo-y += foo_asm.S\n", collect, &s);
	ck_assert_str_eq(s.text, "foo:foo_main.o foo:foo_ring.o foo:foo_ethtool.o foo:foo_ptp.o "
				 "foo:foo_legacy.o bar:bar_core.o bar:bar_hw.o ");
}
END_TEST

START_TEST(a_file_belongs_to_the_module_that_lists_it)
{
	char *dir = temp_dir(), *p;
	struct kbuild_module m;

	p = dmc_xasprintf("%s/Makefile", dir);
	write_file(p, "obj-m += foo.o lonely.o\nfoo-y := foo_main.o\nfoo-y += foo_ring.o foo_gone.o\n");
	free(p);
	for (const char *const *f = (const char *const[]){ "foo_main.c", "foo_ring.c", "lonely.c", NULL };
	     *f; f++) {
		p = dmc_xasprintf("%s/%s", dir, *f);
		write_file(p, "int x;\n");
		free(p);
	}
	p = dmc_xasprintf("%s/foo_ring.c", dir);
	ck_assert_int_eq(kbuild_module_of(p, &m), 0);
	free(p);
	ck_assert_str_eq(m.name, "foo");
	ck_assert_ptr_nonnull(strstr(m.makefile, "/Makefile"));
	ck_assert_uint_eq(m.nfiles, 2);	/* foo_gone.c does not exist */
	ck_assert_ptr_nonnull(strstr(m.files[0], "/foo_main.c"));
	ck_assert_ptr_nonnull(strstr(m.files[1], "/foo_ring.c"));
	kbuild_module_free(&m);

	p = dmc_xasprintf("%s/lonely.c", dir);
	ck_assert_int_eq(kbuild_module_of(p, &m), 0);
	free(p);
	ck_assert_str_eq(m.name, "lonely");
	ck_assert_ptr_null(m.makefile);
	ck_assert_uint_eq(m.nfiles, 1);
	kbuild_module_free(&m);
	remove_dir(dir);
	free(dir);
}
END_TEST

START_TEST(a_subdirectory_file_is_named_by_its_parents_makefile)
{
	char *dir = temp_dir(), *p;
	struct kbuild_module m;

	p = dmc_xasprintf("%s/en", dir);
	ck_assert_int_eq(mkdir(p, 0755), 0);
	free(p);
	p = dmc_xasprintf("%s/Makefile", dir);
	write_file(p, "obj-m := core.o\ncore-y := main.o en/rx.o en/tx.o\n");
	free(p);
	for (const char *const *f = (const char *const[]){ "main.c", "en/rx.c", "en/tx.c", NULL }; *f; f++) {
		p = dmc_xasprintf("%s/%s", dir, *f);
		write_file(p, "int x;\n");
		free(p);
	}
	p = dmc_xasprintf("%s/en/rx.c", dir);
	ck_assert_int_eq(kbuild_module_of(p, &m), 0);
	free(p);
	ck_assert_str_eq(m.name, "core");
	ck_assert_uint_eq(m.nfiles, 3);
	ck_assert_ptr_nonnull(strstr(m.files[1], "/en/rx.c"));
	kbuild_module_free(&m);
	remove_dir(dir);
	free(dir);
}
END_TEST

START_TEST(facts_are_kept_per_file_and_content)
{
	char *dir = temp_dir(), *path = dmc_xasprintf("%s/facts.sqlite", dir);
	struct dmc_diags diags;
	struct dma_masks in = { 40, 32 }, out;
	struct facts_db *db;

	dmc_diags_init(&diags);
	db = facts_db_open(path, &diags);
	ck_assert_ptr_nonnull(db);
	ck_assert_uint_eq(diags.count, 0);
	ck_assert(!facts_db_current(db, "/d/a.c", "1111"));
	ck_assert(!facts_db_masks(db, "/d/a.c", &out));
	ck_assert_int_eq(facts_db_put(db, "/d/a.c", "1111", "foo", &in, &diags), 0);
	ck_assert(facts_db_current(db, "/d/a.c", "1111"));
	ck_assert(!facts_db_current(db, "/d/a.c", "2222"));
	ck_assert(facts_db_masks(db, "/d/a.c", &out));
	ck_assert_int_eq(out.stream_bits, 40);
	ck_assert_int_eq(out.coherent_bits, 32);
	/* new content replaces what the old one said */
	in = (struct dma_masks){ 0, 0 };
	ck_assert_int_eq(facts_db_put(db, "/d/a.c", "2222", "foo", &in, &diags), 0);
	ck_assert(facts_db_masks(db, "/d/a.c", &out));
	ck_assert_int_eq(out.stream_bits, 0);
	facts_db_close(db);

	/* and it is all still there for the next scan */
	db = facts_db_open(path, &diags);
	ck_assert(facts_db_current(db, "/d/a.c", "2222"));
	facts_db_close(db);
	ck_assert_uint_eq(diags.count, 0);
	dmc_diags_free(&diags);
	remove_dir(dir);
	free(dir);
	free(path);
}
END_TEST

static struct facts_db *reopen_expecting(const char *path, const char *why)
{
	struct dmc_diags diags;
	struct facts_db *db;

	dmc_diags_init(&diags);
	db = facts_db_open(path, &diags);
	ck_assert_ptr_nonnull(db);
	ck_assert_uint_eq(diags.count, 1);
	ck_assert_int_eq(diags.items[0].severity, DMC_SEV_NOTE);
	ck_assert_msg(strstr(diags.items[0].message, why) && strstr(diags.items[0].message, "rebuilt"),
		      "%s", diags.items[0].message);
	ck_assert(!facts_db_current(db, "/d/a.c", "1111"));	/* nothing of the old one is trusted */
	dmc_diags_free(&diags);
	return db;
}

START_TEST(an_old_or_corrupt_database_is_rebuilt_with_a_note)
{
	char *dir = temp_dir(), *path = dmc_xasprintf("%s/facts.sqlite", dir);
	struct dmc_diags diags;
	struct dma_masks in = { 64, 64 };
	struct facts_db *db;
	sqlite3 *raw;

	dmc_diags_init(&diags);
	db = facts_db_open(path, &diags);
	facts_db_put(db, "/d/a.c", "1111", "foo", &in, &diags);
	facts_db_close(db);

	/* a database another schema version wrote */
	ck_assert_int_eq(sqlite3_open(path, &raw), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(raw, "PRAGMA user_version=99", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(raw);
	db = reopen_expecting(path, "schema version 99");
	facts_db_put(db, "/d/a.c", "1111", "foo", &in, &diags);
	facts_db_close(db);

	/* a file that is not a database at all */
	unlink(path);
	write_file(path, "this is not an SQLite database, but it is long enough to look like a header "
			 "of one to a careless reader....................................................");
	db = reopen_expecting(path, "corrupt");
	facts_db_close(db);
	ck_assert_uint_eq(diags.count, 0);
	dmc_diags_free(&diags);
	remove_dir(dir);
	free(dir);
	free(path);
}
END_TEST

START_TEST(the_content_hash_follows_the_content)
{
	char *dir = temp_dir(), *p = dmc_xasprintf("%s/a.c", dir), *h1, *h2, *h3;

	write_file(p, "int a;\n");
	h1 = facts_file_hash(p);
	h2 = facts_file_hash(p);
	write_file(p, "int b;\n");
	h3 = facts_file_hash(p);
	ck_assert_str_eq(h1, h2);
	ck_assert_str_ne(h1, h3);
	ck_assert_uint_eq(strlen(h1), 16);
	free(p);
	p = dmc_xasprintf("%s/missing.c", dir);
	ck_assert_ptr_null(facts_file_hash(p));
	free(h1);
	free(h2);
	free(h3);
	free(p);
	remove_dir(dir);
	free(dir);
}
END_TEST

static Suite *facts_suite(void)
{
	Suite *s = suite_create("facts");
	TCase *t = tcase_create("facts");

	tcase_set_timeout(t, 60);
	tcase_add_test(t, composite_objects_in_every_spelling);
	tcase_add_test(t, a_file_belongs_to_the_module_that_lists_it);
	tcase_add_test(t, a_subdirectory_file_is_named_by_its_parents_makefile);
	tcase_add_test(t, facts_are_kept_per_file_and_content);
	tcase_add_test(t, an_old_or_corrupt_database_is_rebuilt_with_a_note);
	tcase_add_test(t, the_content_hash_follows_the_content);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return dmc_run_suite(facts_suite());
}
