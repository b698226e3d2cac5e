// SPDX-License-Identifier: GPL-2.0
/*
 * Symbolic sites to source lines: a driver-like object is compiled with
 * gcc -g -O0 at test time, so the DWARF is real and every line has addresses
 * of its own; the addresses of its lines are
 * looked up independently, turned into "func+0xoff [mod]" sites as the
 * kernel prints return addresses, and must resolve back to those lines.
 */
#include <elfutils/libdwfl.h>
#include <string.h>
#include <sys/stat.h>

#include "../../reports/tests/testutil.h"
#include "symbolize.h"
#include "triage.h"

static char dir[] = "/tmp/symbolize-XXXXXX";
static char obj[300];

/* A kernel header with an inline the driver calls, as dma-mapping.h has. */
static const char header[] =
	"extern unsigned long long map_page(void *dev, void *p, unsigned long n);\n"
	"static inline __attribute__((always_inline))\n"
	"unsigned long long fake_map_single(void *dev, void *p, unsigned long n)\n"
	"{\n"
	"\treturn map_page(dev, p, n) + 1;\t/* header line 5 */\n"
	"}\n";

static const char driver[] =
	"#include <linux/fakedma.h>\n"
	"extern void use(unsigned long long);\n"
	"void drv_refill(void *dev, void *buf)\n"
	"{\n"
	"\tunsigned long long a = fake_map_single(dev, buf, 64);\t/* line 5 */\n"
	"\tuse(a);\t/* line 6 */\n"
	"\tuse(a + 2);\t/* line 7 */\n"
	"}\n"
	"extern unsigned int crc(const unsigned char *b);\n"
	"extern void sync_for_cpu(void *dev, void *b);\n"
	"static inline __attribute__((always_inline)) int frame_ok(const unsigned char *b)\n"
	"{\n"
	"\treturn crc(b) == 0;\t/* line 13: the read, in a helper */\n"
	"}\n"
	"void drv_rx(void *dev, unsigned char *buf)\n"
	"{\n"
	"\tif (!frame_ok(buf))\t/* line 17: the helper's call */\n"
	"\t\tuse(1);\n"
	"\tsync_for_cpu(dev, buf);\t/* line 19: the hand-back, too late */\n"
	"}\n";

/* Runs before the suite: failures here end the test program. */
static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	if (!fp || fputs(text, fp) < 0 || fclose(fp) != 0) {
		perror(path);
		exit(1);
	}
}

static void build_object(void)
{
	char path[300], cmd[900];

	if (!mkdtemp(dir)) {
		perror(dir);
		exit(1);
	}
	snprintf(path, sizeof(path), "%s/include", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/include/linux", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/include/linux/fakedma.h", dir);
	write_file(path, header);
	snprintf(path, sizeof(path), "%s/my-drv.c", dir);
	write_file(path, driver);
	snprintf(obj, sizeof(obj), "%s/my-drv.ko", dir);	/* ET_REL, like a module */
	snprintf(cmd, sizeof(cmd), "gcc -g -O0 -I%s/include "
		 "-c %s -o %s", dir, path, obj);
	if (system(cmd) != 0) {
		fprintf(stderr, "cannot build the test object: %s\n", cmd);
		exit(1);
	}
}

/* An address of `line` of `file` in the object and the start of function fn. */
static void address_in(const char *file, int line, const char *fn, GElf_Addr *addr,
		       GElf_Addr *func)
{
	static const Dwfl_Callbacks cb = { .find_debuginfo = dwfl_standard_find_debuginfo,
					   .section_address = dwfl_offline_section_address };
	Dwfl *dwfl = dwfl_begin(&cb);
	Dwfl_Module *mod = dwfl_report_offline(dwfl, "my_drv", obj, -1);
	Dwfl_Line **lines = NULL;
	size_t n = 0;
	int nsym;

	dwfl_report_end(dwfl, NULL, NULL);
	ck_assert_int_eq(dwfl_module_getsrc_file(mod, file, line, 0, &lines, &n), 0);
	ck_assert_uint_gt(n, 0);
	dwfl_lineinfo(lines[0], addr, NULL, NULL, NULL, NULL);
	free(lines);
	nsym = dwfl_module_getsymtab(mod);
	for (int i = 0; i < nsym; i++) {
		GElf_Sym s;
		GElf_Addr a;
		const char *name = dwfl_module_getsym_info(mod, i, &s, &a, NULL, NULL, NULL);

		if (name && strcmp(name, fn) == 0)
			*func = a;
	}
	dwfl_end(dwfl);
}

static void address_of_line(const char *file, int line, GElf_Addr *addr, GElf_Addr *func)
{
	address_in(file, line, "drv_refill", addr, func);
}

/* The site the kernel would print for a return address on `line` of fn. */
static char *site_of(int line, const char *fn)
{
	GElf_Addr addr = 0, func = 0;
	char path[300], *site;

	snprintf(path, sizeof(path), "%s/my-drv.c", dir);
	address_in(path, line, fn, &addr, &func);
	ck_assert_int_ge(asprintf(&site, "%s+0x%llx/0x200 [my_drv]", fn,
				  (unsigned long long)(addr - func + 1)), 0);
	return site;
}

static void check_resolves(const char *file, int line, const char *want_file, unsigned want_line)
{
	struct dmc_symbolizer *sym = dmc_symbolizer_new();
	struct dmc_source_line sl;
	GElf_Addr addr = 0, func = 0;
	char site[128], err[256];

	address_of_line(file, line, &addr, &func);
	ck_assert_int_eq(dmc_symbolizer_add_module(sym, obj, err, sizeof(err)), 0);
	/* The kernel prints return addresses: one past the instruction. */
	snprintf(site, sizeof(site), "drv_refill+0x%llx/0x200 [my_drv]",
		 (unsigned long long)(addr - func + 1));
	ck_assert_int_eq(dmc_symbolize_site(sym, site, 1, &sl), 0);
	ck_assert_msg(strstr(sl.file, want_file), "%s resolved to %s", site, sl.file);
	ck_assert_uint_eq(sl.line, want_line);
	ck_assert_str_eq(sl.function, "drv_refill");
	free(sl.file);
	free(sl.function);
	dmc_symbolizer_free(sym);
}

START_TEST(driver_line_resolves_to_itself)
{
	char path[300];

	snprintf(path, sizeof(path), "%s/my-drv.c", dir);
	check_resolves(path, 6, "my-drv.c", 6);
}
END_TEST

START_TEST(inlined_header_code_resolves_to_the_driver_call)
{
	char path[300];

	snprintf(path, sizeof(path), "%s/include/linux/fakedma.h", dir);
	check_resolves(path, 5, "my-drv.c", 5);
}
END_TEST

START_TEST(findings_get_source_locations)
{
	struct dmc_symbolizer *sym = dmc_symbolizer_new();
	struct dmc_findings list;
	struct dmc_finding *f;
	GElf_Addr addr = 0, func = 0;
	char path[300], site[128], err[256];

	snprintf(path, sizeof(path), "%s/my-drv.c", dir);
	address_of_line(path, 7, &addr, &func);
	ck_assert_int_eq(dmc_symbolizer_add_module(sym, obj, err, sizeof(err)), 0);
	dmc_findings_init(&list);
	snprintf(site, sizeof(site), "drv_refill+0x%llx/0x200 [my_drv]",
		 (unsigned long long)(addr - func + 1));
	f = dmc_findings_add(&list, dmc_rule_by_slug("double-unmap"), DMC_ENGINE_RUNTIME, NULL, 0,
			     0, site, "unmapped twice");
	dmc_findings_add(&list, dmc_rule_by_slug("double-unmap"), DMC_ENGINE_RUNTIME, NULL, 0, 0,
			 "other_fn+0x10/0x20 [other_mod]", "elsewhere");
	/* The source moved: found again under the source root by its tail. */
	ck_assert_uint_eq(dmc_symbolize_findings(sym, &list, dir), 1);
	ck_assert_str_eq(f->loc.file, path);
	ck_assert_uint_eq(f->loc.line, 7);
	ck_assert_str_eq(f->loc.function, "drv_refill");
	ck_assert_ptr_null(list.items[1].loc.file);	/* unknown module: left symbolic */
	dmc_findings_free(&list);
	dmc_symbolizer_free(sym);
}
END_TEST

/*
 * A read in an inlined helper is reported at the helper's call in the
 * function that hands the buffer back after it; a DMA API call in a helper,
 * or an access with no hand-back after it, stays where it is.
 */
START_TEST(cpu_access_in_a_helper_is_reported_at_its_call)
{
	struct dmc_symbolizer *sym = dmc_symbolizer_new();
	char *read_site = site_of(13, "drv_rx"), *handback = site_of(19, "drv_rx"), err[256];
	struct dmc_findings list;
	struct dmc_finding *read, *alone, *call;

	ck_assert_int_eq(dmc_symbolizer_add_module(sym, obj, err, sizeof(err)), 0);
	dmc_findings_init(&list);
	read = dmc_findings_add(&list, dmc_rule_by_slug("cpu-read-while-device-owned"),
				DMC_ENGINE_RUNTIME, NULL, 0, 0, read_site, "read before the sync");
	dmc_finding_add_flow(read, NULL, 0, 0, "the CPU reads the buffer");
	read->flow[0].function = strdup(read_site);
	dmc_finding_add_flow(read, NULL, 0, 0, "dma_sync_*_for_cpu(): handed back, after the access");
	read->flow[1].function = strdup(handback);
	dmc_findings_add(&list, dmc_rule_by_slug("cpu-read-while-device-owned"), DMC_ENGINE_RUNTIME,
			 NULL, 0, 0, read_site, "never handed back");
	call = dmc_findings_add(&list, dmc_rule_by_slug("double-unmap"), DMC_ENGINE_RUNTIME, NULL,
				0, 0, read_site, "a call in the helper");
	dmc_finding_add_flow(call, NULL, 0, 0, "later");
	call->flow[0].function = strdup(handback);
	ck_assert_uint_eq(dmc_symbolize_findings(sym, &list, NULL), 3);
	read = &list.items[0];	/* adding may have moved them */
	alone = &list.items[1];
	call = &list.items[2];
	ck_assert_uint_eq(read->loc.line, 17);
	ck_assert_str_eq(read->loc.function, "drv_rx");
	ck_assert_uint_eq(read->flow[0].line, 17);	/* the path's step follows */
	ck_assert_uint_eq(read->flow[1].line, 19);
	ck_assert_uint_eq(alone->loc.line, 13);
	ck_assert_str_eq(alone->loc.function, "frame_ok");
	ck_assert_uint_eq(call->loc.line, 13);
	free(read_site);
	free(handback);
	dmc_findings_free(&list);
	dmc_symbolizer_free(sym);
}
END_TEST

START_TEST(bad_modules_are_named)
{
	struct dmc_symbolizer *sym = dmc_symbolizer_new();
	char path[300], err[256];

	ck_assert_int_ne(dmc_symbolizer_add_module(sym, "/nonexistent/x.ko", err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(strstr(err, "/nonexistent/x.ko"));
	snprintf(path, sizeof(path), "%s/my-drv.c", dir);
	ck_assert_int_ne(dmc_symbolizer_add_module(sym, path, err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(strstr(err, path));
	dmc_symbolizer_free(sym);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("triage-symbolize");
	TCase *tc = tcase_create("symbolize");
	int rc;

	build_object();
	tcase_add_test(tc, driver_line_resolves_to_itself);
	tcase_add_test(tc, inlined_header_code_resolves_to_the_driver_call);
	tcase_add_test(tc, findings_get_source_locations);
	tcase_add_test(tc, cpu_access_in_a_helper_is_reported_at_its_call);
	tcase_add_test(tc, bad_modules_are_named);
	suite_add_tcase(s, tc);
	char cleanup[400];

	rc = dmc_run_suite(s);
	snprintf(cleanup, sizeof(cleanup), "rm -rf '%s'", dir);
	if (system(cleanup) != 0)
		rc = 1;
	return rc;
}
