// SPDX-License-Identifier: GPL-2.0
/*
 * The readers of spatch's output, on text in the shapes spatch 1.1 prints:
 * report lines with and without dmacheck's JSON tail, per-file problems on
 * stderr under --quiet --parse-error-msg, and --parse-c's parse errors.
 */
#include <string.h>

#include "spatch_output.h"
#include "testutil.h"

START_TEST(report_line_with_details)
{
	struct dmc_cocci_report r;
	const char *line = "drv/tx.c:55:11-25: WARNING: dma_map_single() result 'mapping' is used on "
			   "line 57 without a dma_mapping_error() check\t{\"function\": \"tx_xmit\", "
			   "\"related\": [{\"line\": 57, \"column\": 2, \"message\": \"'mapping' used here\"}]}";

	ck_assert_int_eq(dmc_cocci_parse_report(line, &r), 0);
	ck_assert_str_eq(r.file, "drv/tx.c");
	ck_assert_uint_eq(r.line, 55);
	ck_assert_uint_eq(r.column, 12);	/* spatch counts from 0 */
	ck_assert_str_eq(r.function, "tx_xmit");
	ck_assert_msg(strncmp(r.message, "dma_map_single() result", 23) == 0, "%s", r.message);
	ck_assert_ptr_null(strchr(r.message, '\t'));
	ck_assert_uint_eq(r.nrelated, 1);
	ck_assert_uint_eq(r.related[0].line, 57);
	ck_assert_uint_eq(r.related[0].column, 2);
	ck_assert_str_eq(r.related[0].message, "'mapping' used here");
	dmc_cocci_report_free(&r);
}
END_TEST

START_TEST(report_line_kernel_style)
{
	struct dmc_cocci_report r;
	const char *line = "/k/drivers/net/a b.c:298:1-7: WARNING: memset() of memory already zeroed "
			   "by dma_alloc_coherent() on line 280";

	ck_assert_int_eq(dmc_cocci_parse_report(line, &r), 0);
	ck_assert_str_eq(r.file, "/k/drivers/net/a b.c");
	ck_assert_uint_eq(r.line, 298);
	ck_assert_ptr_null(r.function);
	ck_assert_msg(strncmp(r.message, "memset()", 8) == 0, "level not stripped: %s", r.message);
	ck_assert_uint_eq(r.nrelated, 1);
	ck_assert_uint_eq(r.related[0].line, 280);
	ck_assert_uint_eq(r.related[0].column, 0);
	ck_assert_str_eq(r.related[0].message, "dma_alloc_coherent() called here");
	dmc_cocci_report_free(&r);
}
END_TEST

START_TEST(broken_json_tail_falls_back_to_the_text)
{
	struct dmc_cocci_report r;

	ck_assert_int_eq(dmc_cocci_parse_report("a.c:3:0-4: WARNING: kfree() releases memory from "
						"dma_alloc_coherent() on line 2\t{\"function\": ", &r), 0);
	ck_assert_uint_eq(r.nrelated, 1);
	ck_assert_uint_eq(r.related[0].line, 2);
	dmc_cocci_report_free(&r);
}
END_TEST

START_TEST(other_output_is_not_a_report)
{
	struct dmc_cocci_report r;

	ck_assert_int_eq(dmc_cocci_parse_report("HANDLING: drivers/net/a.c", &r), -1);
	ck_assert_int_eq(dmc_cocci_parse_report("init_defs_builtins: /usr/lib/coccinelle/standard.h",
						&r), -1);
	ck_assert_int_eq(dmc_cocci_parse_report("", &r), -1);
}
END_TEST

struct seen {
	char text[8][256];
	int n;
};

static void note_problem(const struct dmc_cocci_problem *p, void *ctx)
{
	struct seen *s = ctx;

	snprintf(s->text[s->n++], sizeof(s->text[0]), "%s|%d|%s", p->file, p->parse_error, p->reason);
}

START_TEST(problems_on_stderr)
{
	const char *err =
		"init_defs_builtins: /usr/lib/coccinelle/standard.h\n"
		"HANDLING: /k/drivers/net/ethernet/broadcom/tg3.c\n"
		"parse error \n"
		" = error in /k/drivers/net/ethernet/broadcom/tg3.c; set verbose_parsing for more info\n"
		"badcount: 247\n"
		"BAD:!!!!! \t\t\t__ETHTOOL_DECLARE_LINK_MODE_MASK(advertising) = { 0, };\n"
		"EXN: Coccinelle_modules.Common.Timeout in /k/drivers/net/ethernet/broadcom/tg3.c\n"
		"HANDLING: /tmp/ok.c\n"
		"Skipping: /tmp/other.c\n";
	struct seen s = { 0 };

	dmc_cocci_scan_problems(err, note_problem, &s);
	ck_assert_int_eq(s.n, 2);
	ck_assert_str_eq(s.text[0], "/k/drivers/net/ethernet/broadcom/tg3.c|1|parse error");
	ck_assert_str_eq(s.text[1], "/k/drivers/net/ethernet/broadcom/tg3.c|0|timed out");
}
END_TEST

static void note_region(const struct dmc_cocci_parse_region *r, void *ctx)
{
	struct seen *s = ctx;

	snprintf(s->text[s->n++], sizeof(s->text[0]), "%s|%u|%u-%u|%s|%s|%d", r->file,
		 r->error_line, r->first_line, r->last_line, r->token, r->stopped_at,
		 strstr(r->dropped, "dma_alloc_coherent(dev, 4096") != NULL);
}

START_TEST(parse_regions_of_parse_c)
{
	const char *out =
		"PARSING: /tmp/cx/broken.c\n"
		"ERROR-RECOV: found sync '}' at line 18\n"
		"parse error \n"
		" = File \"/tmp/cx/broken.c\", line 16, column 5, charpos = 374\n"
		"  around = '=',\n"
		"  whole content = \tx = = 3 );\n"
		"badcount: 9\n"
		"bad: }\n"
		"bad: static void *bad_fn(struct device *dev, dma_addr_t *dma)\n"
		"bad: {\n"
		"bad: \tvoid *p = dma_alloc_coherent(dev, 4096, dma, GFP_KERNEL);\n"
		"bad: \tif (!p)\n"
		"bad: \t\treturn NULL;\n"
		"bad: \tmemset(p, 0, 4096);\n"
		"BAD:!!!!! \tx = = 3 );\n"
		"bad: \treturn p;\n"
		"bad: }\n"
		"PARSING: /tmp/cx/fine.c\n"
		"PARSING: /k/otx2_common.c\n"
		"semantic error seems this is not a function\n"
		" =error in /k/otx2_common.c; set verbose_parsing for more info\n"
		"badcount: 3\n"
		"bad: #define M(_name, _req_type, _rsp_type)\n"
		"bad: \\\n"
		"BAD:!!!!! #undef M\n"
		"NB total files = 3; perfect = 1; pbs = 2; timeout = 0; =========> 33%\n";
	struct seen s = { 0 };

	dmc_cocci_scan_parse_regions(out, note_region, &s);
	ck_assert_int_eq(s.n, 2);
	ck_assert_str_eq(s.text[0], "/tmp/cx/broken.c|16|9-18|=|x = = 3 );|1");
	ck_assert_str_eq(s.text[1], "/k/otx2_common.c|0|0-0||#undef M|0");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("cocci_output");
	TCase *tc = tcase_create("readers");

	tcase_add_test(tc, report_line_with_details);
	tcase_add_test(tc, report_line_kernel_style);
	tcase_add_test(tc, broken_json_tail_falls_back_to_the_text);
	tcase_add_test(tc, other_output_is_not_a_report);
	tcase_add_test(tc, problems_on_stderr);
	tcase_add_test(tc, parse_regions_of_parse_c);
	suite_add_tcase(s, tc);
	return dmc_run_suite(s);
}
