// SPDX-License-Identifier: GPL-2.0
/*
 * The analyzer's infrastructure: compiler command lines turned into
 * libclang arguments, gcc-only options found and dropped, compile
 * databases, kbuild runs and their cache, the prefilter, forked workers
 * (crashes and hangs), what workers send back, and parse diagnostics.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "flags/flags.h"
#include "frontend/tu.h"
#include "report.h"
#include "testutil.h"
#include "util.h"
#include "workers/workers.h"

/*
 * The 6.1 headers the kbuild tests build against, found as every other part
 * of the project finds them (scripts/kdir.sh): Debian moves its point releases
 * on, so no ABI is named here.
 */
static const char *test_kdir(void)
{
	static char kdir[4096];
	FILE *p;

	if (kdir[0])
		return kdir;
	p = popen(DMC_SRCDIR "/scripts/kdir.sh 6.1", "r");
	ck_assert_msg(p != NULL, "cannot run scripts/kdir.sh");
	if (!fgets(kdir, sizeof(kdir), p))
		kdir[0] = '\0';
	pclose(p);
	kdir[strcspn(kdir, "\n")] = '\0';
	ck_assert_msg(kdir[0] == '/', "scripts/kdir.sh found no configured Linux 6.1 headers");
	return kdir;
}

static int has_arg(char **args, size_t n, const char *want)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(args[i], want) == 0)
			return 1;
	return 0;
}

static int has_arg_prefix(char **args, size_t n, const char *prefix)
{
	for (size_t i = 0; i < n; i++)
		if (strncmp(args[i], prefix, strlen(prefix)) == 0)
			return 1;
	return 0;
}

static char *temp_dir(void)
{
	char *dir = dmc_xstrdup("/tmp/dmacheck-test-XXXXXX");

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

/* ---------------------------------------------------------------- flags */

START_TEST(command_lines_become_libclang_arguments)
{
	char *argv[] = { "gcc", "-Wp,-MMD,drv/.x.o.d", "-nostdinc", "-I./include", "-Iinclude2",
			 "-include", "./include/linux/kconfig.h", "-D__KERNEL__", "-Wall",
			 "-Werror=implicit-int", "-O2", "-c", "-o", "drv/x.o", "drv/x.c" };
	size_t n;
	char **args = clang_args_from_command(argv, sizeof(argv) / sizeof(argv[0]), "/k",
					      "drv/x.c", &n);

	ck_assert(has_arg(args, n, "-nostdinc"));
	ck_assert(has_arg(args, n, "-I/k/include"));
	ck_assert(has_arg(args, n, "-I/k/include2"));
	ck_assert(has_arg(args, n, "/k/include/linux/kconfig.h"));
	ck_assert(has_arg(args, n, "-D__KERNEL__"));
	ck_assert(has_arg(args, n, "-O2"));
	ck_assert(has_arg(args, n, "-w"));
	ck_assert(!has_arg_prefix(args, n, "-W"));
	ck_assert(!has_arg(args, n, "-c"));
	ck_assert(!has_arg(args, n, "-o"));
	ck_assert(!has_arg(args, n, "drv/x.o"));
	ck_assert(!has_arg(args, n, "drv/x.c"));
	ck_assert(!has_arg(args, n, "gcc"));
	ck_assert_ptr_null(args[n]);
	clang_args_free(args, n);
}
END_TEST

START_TEST(gcc_only_options_are_found_by_asking_libclang)
{
	char *args[] = { "-O2", "-fconserve-stack", "-fno-strict-aliasing",
			 "-mindirect-branch=thunk-extern", "-fno-allow-store-data-races", "-m64",
			 "-mrecord-mcount", NULL };
	char **rejected = clang_args_rejected(args, 7);
	size_t n = 0;

	while (rejected[n])
		n++;
	ck_assert(has_arg(rejected, n, "-fconserve-stack"));
	ck_assert(has_arg(rejected, n, "-mindirect-branch=thunk-extern"));
	ck_assert(has_arg(rejected, n, "-fno-allow-store-data-races"));
	ck_assert(has_arg(rejected, n, "-mrecord-mcount"));
	ck_assert(!has_arg(rejected, n, "-O2"));
	ck_assert(!has_arg(rejected, n, "-fno-strict-aliasing"));
	ck_assert(!has_arg(rejected, n, "-m64"));
	clang_args_free_list(rejected);
}
END_TEST

START_TEST(compile_databases_through_libclang)
{
	char *dir = temp_dir();
	char *src = dmc_xasprintf("%s/drv.c", dir), *other = dmc_xasprintf("%s/other.c", dir);
	char *db = dmc_xasprintf("%s/cmds.json", dir);
	char *json = dmc_xasprintf("[{\"directory\": \"%s\", \"file\": \"drv.c\", \"command\": "
				   "\"cc -Iinc -DDRV=1 -fconserve-stack -c drv.c -o drv.o\"}]", dir);
	char *inc = dmc_xasprintf("-I%s/inc", dir);
	const char *files[] = { src, other };
	struct flags_set set;
	struct dmc_diags diags;

	write_file(src, "int x;\n");
	write_file(other, "int y;\n");
	write_file(db, json);
	dmc_diags_init(&diags);
	ck_assert_int_eq(compdb_flags(db, files, 2, &set, &diags), 0);
	ck_assert_uint_eq(set.count, 2);
	ck_assert_ptr_nonnull(set.cmds[0].args);
	ck_assert(has_arg(set.cmds[0].args, set.cmds[0].nargs, inc));
	ck_assert(has_arg(set.cmds[0].args, set.cmds[0].nargs, "-DDRV=1"));
	ck_assert(!has_arg(set.cmds[0].args, set.cmds[0].nargs, "-fconserve-stack"));
	ck_assert_ptr_null(set.cmds[1].args);
	ck_assert_uint_eq(diags.count, 1);
	ck_assert_str_eq(diags.items[0].file, other);
	ck_assert_ptr_nonnull(strstr(diags.items[0].message, "has no command"));

	/* What a scan parsed with, written as a database, reads back the same. */
	{
		char *written = dmc_xasprintf("%s/written.json", dir);
		struct flags_set again;
		struct dmc_diags more;

		ck_assert_int_eq(flags_set_write_compdb(&set, written), 0);
		dmc_diags_init(&more);
		ck_assert_int_eq(compdb_flags(written, files, 1, &again, &more), 0);
		ck_assert_uint_eq(more.count, 0);
		ck_assert_uint_eq(again.cmds[0].nargs, set.cmds[0].nargs);
		for (size_t a = 0; a < set.cmds[0].nargs; a++)
			ck_assert_str_eq(again.cmds[0].args[a], set.cmds[0].args[a]);
		flags_set_free(&again);
		dmc_diags_free(&more);
		free(written);
	}
	flags_set_free(&set);
	dmc_diags_free(&diags);
	remove_dir(dir);
	free(dir);
	free(src);
	free(other);
	free(db);
	free(json);
	free(inc);
}
END_TEST

/* A directory without a Makefile: every file a module of its own. */
START_TEST(kbuild_gives_the_real_flags_and_caches_them)
{
	char *dir = temp_dir(), *cache = temp_dir();
	char *src = dmc_xasprintf("%s/loose_drv.c", dir);
	const char *files[] = { src };
	struct flags_set set;
	struct dmc_diags diags;
	char *cmd, *marker_args;
	FILE *p;
	char line[4096] = "";

	write_file(src, "#include <linux/module.h>\nMODULE_LICENSE(\"GPL\");\n");
	setenv("DMACHECK_CACHE", cache, 1);
	dmc_diags_init(&diags);
	ck_assert_int_eq(kbuild_flags(test_kdir(), files, 1, 1, &set, &diags), 0);
	ck_assert_uint_eq(diags.count, 0);
	ck_assert_ptr_nonnull(set.cmds[0].args);
	ck_assert(has_arg(set.cmds[0].args, set.cmds[0].nargs, "-D__KERNEL__"));
	ck_assert(has_arg(set.cmds[0].args, set.cmds[0].nargs, "-DKBUILD_MODNAME=\"loose_drv\""));
	ck_assert(!has_arg(set.cmds[0].args, set.cmds[0].nargs, "-fconserve-stack"));
	flags_set_free(&set);

	/* The second scan reads the cache: a marker planted there comes back. */
	cmd = dmc_xasprintf("ls %s/kbuild/*.json", cache);
	p = popen(cmd, "r");
	ck_assert(fgets(line, sizeof(line), p) != NULL);
	pclose(p);
	line[strcspn(line, "\n")] = '\0';
	marker_args = dmc_xasprintf("sed -i 's/\"-D__KERNEL__\"/\"-D__KERNEL__\",\"-DFROM_CACHE\"/' %s",
				    line);
	ck_assert_int_eq(system(marker_args), 0);
	ck_assert_int_eq(kbuild_flags(test_kdir(), files, 1, 1, &set, &diags), 0);
	ck_assert(has_arg(set.cmds[0].args, set.cmds[0].nargs, "-DFROM_CACHE"));
	flags_set_free(&set);
	dmc_diags_free(&diags);
	unsetenv("DMACHECK_CACHE");
	remove_dir(dir);
	remove_dir(cache);
	free(dir);
	free(cache);
	free(src);
	free(cmd);
	free(marker_args);
}
END_TEST

/*
 * A directory of a kernel source tree without a Makefile (mlx5's core/en/)
 * is built by its parent's, whose ccflags-y name the tree through
 * $(srctree) (the headers package, rebased into the tree, in both "-Ipath"
 * and "-I path" forms) and through $(srctree)/$(src); trace headers
 * relative to include/trace are found in the tree.
 */
START_TEST(kbuild_builds_a_subdirectory_with_its_parents_makefile)
{
	char *tree = temp_dir(), *cache = temp_dir();
	char *drv = dmc_xasprintf("%s/drivers/net/nic", tree);
	char *src = dmc_xasprintf("%s/en/rx.c", drv);
	const char *files[] = { src };
	char *want_common, *want_local, *want_trace, *mk;
	struct flags_set set;
	struct dmc_diags diags;
	char *setup = dmc_xasprintf("mkdir -p %s/include/linux %s/include/trace %s/en %s/common %s/lib",
				    tree, tree, drv, drv, drv);

	ck_assert_int_eq(system(setup), 0);
	mk = dmc_xasprintf("%s/Kbuild", tree);
	write_file(mk, "# the tree's top\n");
	free(mk);
	mk = dmc_xasprintf("%s/include/linux/kernel.h", tree);
	write_file(mk, "\n");
	free(mk);
	mk = dmc_xasprintf("%s/Makefile", drv);
	write_file(mk, "ccflags-y += -DFROM_PARENT -I$(srctree)/drivers/net/nic/common\n"
		       "ccflags-y += -I $(srctree)/drivers/net/nic/lib -I$(srctree)/$(src)\n"
		       "obj-m += nic.o\n"
		       "nic-objs := en/rx.o\n");
	write_file(src, "int x;\n");
	setenv("DMACHECK_CACHE", cache, 1);
	dmc_diags_init(&diags);
	ck_assert_int_eq(kbuild_flags(test_kdir(), files, 1, 1, &set, &diags), 0);
	ck_assert_uint_eq(diags.count, 0);
	ck_assert_ptr_nonnull(set.cmds[0].args);
	want_common = dmc_xasprintf("-I%s/common", drv);
	want_local = dmc_xasprintf("-I%s", drv);
	want_trace = dmc_xasprintf("%s/include/trace", tree);
	ck_assert(has_arg(set.cmds[0].args, set.cmds[0].nargs, "-DFROM_PARENT"));
	ck_assert(has_arg(set.cmds[0].args, set.cmds[0].nargs, want_common));
	ck_assert(has_arg(set.cmds[0].args, set.cmds[0].nargs, want_local));
	ck_assert(has_arg(set.cmds[0].args, set.cmds[0].nargs, want_trace));
	free(want_common);
	want_common = dmc_xasprintf("%s/lib", drv);
	ck_assert(has_arg(set.cmds[0].args, set.cmds[0].nargs, want_common));
	flags_set_free(&set);
	dmc_diags_free(&diags);
	unsetenv("DMACHECK_CACHE");
	remove_dir(tree);
	remove_dir(cache);
	free(tree);
	free(cache);
	free(drv);
	free(src);
	free(mk);
	free(setup);
	free(want_common);
	free(want_local);
	free(want_trace);
}
END_TEST

/* A Makefile kbuild cannot read is no reason to give up: a generated Kbuild takes over. */
START_TEST(kbuild_survives_a_foreign_makefile)
{
	char *dir = temp_dir(), *cache = temp_dir();
	char *src = dmc_xasprintf("%s/drv.c", dir), *mk = dmc_xasprintf("%s/Makefile", dir);
	const char *files[] = { src };
	struct flags_set set;
	struct dmc_diags diags;

	write_file(src, "int x;\n");
	write_file(mk, "all:\n\t$(error this is not a kbuild Makefile)\n");
	setenv("DMACHECK_CACHE", cache, 1);
	dmc_diags_init(&diags);
	ck_assert_int_eq(kbuild_flags(test_kdir(), files, 1, 1, &set, &diags), 0);
	ck_assert_ptr_nonnull(set.cmds[0].args);
	ck_assert_uint_eq(diags.count, 0);
	flags_set_free(&set);
	dmc_diags_free(&diags);
	unsetenv("DMACHECK_CACHE");
	remove_dir(dir);
	remove_dir(cache);
	free(dir);
	free(cache);
	free(src);
	free(mk);
}
END_TEST

START_TEST(a_broken_kernel_directory_is_named)
{
	char *dir = temp_dir();
	char *src = dmc_xasprintf("%s/drv.c", dir), *mk = dmc_xasprintf("%s/Makefile", dir);
	const char *files[] = { src };
	struct flags_set set;
	struct dmc_diags diags;

	write_file(src, "int x;\n");
	write_file(mk, "all:\n\tfalse\n");
	dmc_diags_init(&diags);
	/* a "kernel" whose Makefile builds nothing */
	ck_assert_int_eq(kbuild_flags(dir, files, 1, 1, &set, &diags), 0);
	ck_assert_ptr_null(set.cmds[0].args);
	ck_assert_uint_eq(diags.count, 1);
	ck_assert_str_eq(diags.items[0].file, src);
	ck_assert_ptr_nonnull(strstr(diags.items[0].message, "gave no compile flags"));
	flags_set_free(&set);
	dmc_diags_free(&diags);
	remove_dir(dir);
	free(dir);
	free(src);
	free(mk);
}
END_TEST

/* ------------------------------------------------------------- prefilter */

START_TEST(prefilter_looks_into_local_headers)
{
	char *dir = temp_dir();
	char *plain = dmc_xasprintf("%s/plain.c", dir), *direct = dmc_xasprintf("%s/direct.c", dir);
	char *wrapped = dmc_xasprintf("%s/wrapped.c", dir), *hdr = dmc_xasprintf("%s/drv.h", dir);

	write_file(plain, "#include <linux/module.h>\n/* usage: dma_map_single(dev, buf) */\n"
		   "// dma_unmap_single() happens in the caller\n"
		   "const char *s = \"/*\"; int f(void) { return 0; } /* dma_sync_ */\n");
	write_file(direct, "void f(struct device *d) { dma_map_single(d, 0, 0, 0); }\n");
	write_file(hdr, "#define drv_map(d, p) dma_map_single(d, p, 64, DMA_TO_DEVICE)\n");
	write_file(wrapped, "#include \"drv.h\"\nvoid f(void *d) { drv_map(d, 0); }\n");
	ck_assert_int_eq(prefilter_mentions_dma(plain), 0);
	ck_assert_int_eq(prefilter_mentions_dma(direct), 1);
	ck_assert_int_eq(prefilter_mentions_dma(wrapped), 1);
	remove_dir(dir);
	free(dir);
	free(plain);
	free(direct);
	free(wrapped);
	free(hdr);
}
END_TEST

/* ---------------------------------------------------------------- workers */

struct job_log {
	int status[8];
	int signal[8];
	int timed_out[8];
	char *output[8];
	unsigned done;
};

static int test_job(size_t index, int fd, void *ctx)
{
	char msg[32];

	switch (index) {
	case 1:
		signal(SIGSEGV, SIG_DFL);	/* a crash, even where ASan would catch it */
		raise(SIGSEGV);
		break;
	case 2:
		sleep(30);
		break;
	case 3:
		return 7;
	default:
		snprintf(msg, sizeof(msg), "job %zu", index);
		if (write(fd, msg, strlen(msg)) < 0)
			return 1;
	}
	return 0;
}

static void test_done(size_t index, const struct pool_result *res, void *ctx)
{
	struct job_log *log = ctx;

	log->status[index] = res->exit_status;
	log->signal[index] = res->signal;
	log->timed_out[index] = res->timed_out;
	log->output[index] = dmc_xstrdup(res->output);
	log->done++;
}

START_TEST(workers_survive_crashes_and_hangs)
{
	struct job_log log = { 0 };

	pool_run(6, 2, 2, test_job, test_done, &log);
	ck_assert_uint_eq(log.done, 6);
	ck_assert_str_eq(log.output[0], "job 0");
	ck_assert_int_eq(log.status[0], 0);
	ck_assert_int_eq(log.signal[1], SIGSEGV);
	ck_assert_int_eq(log.timed_out[2], 1);
	ck_assert_int_eq(log.status[3], 7);
	ck_assert_str_eq(log.output[4], "job 4");
	ck_assert_str_eq(log.output[5], "job 5");
	for (int i = 0; i < 6; i++)
		free(log.output[i]);
}
END_TEST

START_TEST(worker_results_round_trip)
{
	struct dmc_findings out, back;
	struct dmc_diags diags, dback;
	struct dmc_finding *f;
	int p[2];
	char buf[8192] = "", err[256];
	ssize_t n;

	dmc_findings_init(&out);
	dmc_findings_init(&back);
	dmc_diags_init(&diags);
	dmc_diags_init(&dback);
	f = dmc_findings_add(&out, dmc_rule_by_slug("mapping-leak"), DMC_ENGINE_ANALYZER, "d.c", 12,
			     3, "probe", "lost");
	dmc_finding_add_related(f, "d.c", 8, 2, "mapped here");
	dmc_finding_add_flow(f, "d.c", 8, 2, "mapped here");
	dmc_diags_add(&diags, DMC_SEV_ERROR, DMC_ENGINE_ANALYZER, "d.c", 0, "header 'x.h' not found");
	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(transport_write(p[1], &out, &diags), 0);
	close(p[1]);
	n = read(p[0], buf, sizeof(buf) - 1);
	close(p[0]);
	ck_assert_int_gt(n, 0);
	ck_assert_int_eq(transport_read(buf, &back, &dback, err, sizeof(err)), 0);
	ck_assert_uint_eq(back.count, 1);
	ck_assert_str_eq(back.items[0].rule->slug, "mapping-leak");
	ck_assert_uint_eq(back.items[0].loc.line, 12);
	ck_assert_uint_eq(back.items[0].nrelated, 1);
	ck_assert_uint_eq(back.items[0].related[0].line, 8);
	ck_assert_uint_eq(back.items[0].engines, DMC_ENGINE_ANALYZER);
	ck_assert_uint_eq(dback.count, 1);
	ck_assert_str_eq(dback.items[0].message, "header 'x.h' not found");
	/* a worker killed mid-line */
	ck_assert_int_eq(transport_read("{\"finding\": {\"rule\": \"mapping-le", &back, &dback, err,
					sizeof(err)), -1);
	dmc_findings_free(&out);
	dmc_findings_free(&back);
	dmc_diags_free(&diags);
	dmc_diags_free(&dback);
}
END_TEST

/* --------------------------------------------------------------- parsing */

START_TEST(missing_headers_are_named)
{
	static char *const args[] = { "-std=gnu11", "-w", NULL };
	const char *code = "#include \"no_such_header.h\"\nint f(void) { return 0; }\n";
	struct CXUnsavedFile file = { "missing.c", code, strlen(code) };
	CXIndex index = clang_createIndex(0, 0);
	struct dmc_diags diags;
	struct tu_errors errors;
	CXTranslationUnit tu;

	dmc_diags_init(&diags);
	tu = tu_parse(index, "missing.c", args, 2, &file, 1, &diags, &errors);
	ck_assert_ptr_nonnull(tu);
	ck_assert_uint_ge(diags.count, 1);
	ck_assert_str_eq(diags.items[0].file, "missing.c");
	ck_assert_ptr_nonnull(strstr(diags.items[0].message, "header 'no_such_header.h' not found"));
	ck_assert(tu_errors_within(&errors, 1, 1));
	clang_disposeTranslationUnit(tu);
	clang_disposeIndex(index);
	tu_errors_free(&errors);
	dmc_diags_free(&diags);
}
END_TEST

static Suite *infra_suite(void)
{
	Suite *s = suite_create("infra");
	TCase *flags = tcase_create("flags"), *workers = tcase_create("workers");

	tcase_set_timeout(flags, 120);
	tcase_add_test(flags, command_lines_become_libclang_arguments);
	tcase_add_test(flags, gcc_only_options_are_found_by_asking_libclang);
	tcase_add_test(flags, compile_databases_through_libclang);
	tcase_add_test(flags, kbuild_gives_the_real_flags_and_caches_them);
	tcase_add_test(flags, kbuild_builds_a_subdirectory_with_its_parents_makefile);
	tcase_add_test(flags, kbuild_survives_a_foreign_makefile);
	tcase_add_test(flags, a_broken_kernel_directory_is_named);
	tcase_add_test(flags, prefilter_looks_into_local_headers);
	tcase_add_test(flags, missing_headers_are_named);
	tcase_set_timeout(workers, 30);
	tcase_add_test(workers, workers_survive_crashes_and_hangs);
	tcase_add_test(workers, worker_results_round_trip);
	suite_add_tcase(s, flags);
	suite_add_tcase(s, workers);
	return s;
}

int main(void)
{
	return dmc_run_suite(infra_suite());
}
