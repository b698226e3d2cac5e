// SPDX-License-Identifier: GPL-2.0
/* The findings model: adding, merging several engines, fingerprints. */
#include <string.h>

#include "finding.h"
#include "source.h"
#include "testutil.h"

static const struct dmc_rule *rule(const char *slug)
{
	const struct dmc_rule *r = dmc_rule_by_slug(slug);

	ck_assert_ptr_nonnull(r);
	return r;
}

START_TEST(add_copies_strings_and_takes_rule_severity)
{
	struct dmc_findings list;
	char file[] = "drv.c", msg[] = "unchecked";
	struct dmc_finding *f;

	dmc_findings_init(&list);
	f = dmc_findings_add(&list, rule("unchecked-mapping-error"), DMC_ENGINE_COCCI, file, 10, 3,
			     "xmit", msg);
	file[0] = 'X';
	msg[0] = 'X';
	ck_assert_str_eq(f->loc.file, "drv.c");
	ck_assert_str_eq(f->loc.message, "unchecked");
	ck_assert_int_eq(f->severity, DMC_SEV_ERROR);
	dmc_finding_add_related(f, "drv.c", 8, 0, "mapped here");
	ck_assert_uint_eq(f->nrelated, 1);
	ck_assert_uint_eq(f->related[0].line, 8);
	dmc_findings_free(&list);
	ck_assert_uint_eq(list.count, 0);
}
END_TEST

START_TEST(merge_folds_engines_that_agree)
{
	struct dmc_findings list;
	struct dmc_finding *a, *b;

	dmc_findings_init(&list);
	a = dmc_findings_add(&list, rule("direction-mismatch"), DMC_ENGINE_COCCI, "d.c", 20, 2, NULL,
			     "short");
	dmc_finding_add_related(a, "d.c", 5, 0, "map");
	b = dmc_findings_add(&list, rule("direction-mismatch"), DMC_ENGINE_ANALYZER, "d.c", 20, 2,
			     "rx_clean", "long");
	dmc_finding_add_related(b, "d.c", 5, 9, "map (again)");
	dmc_finding_add_related(b, "d.c", 7, 1, "sync");
	dmc_finding_add_flow(b, "d.c", 5, 9, "mapped");
	dmc_finding_add_flow(b, "d.c", 20, 2, "unmapped");
	dmc_findings_merge(&list);

	ck_assert_uint_eq(list.count, 1);
	ck_assert_uint_eq(list.items[0].engines, DMC_ENGINE_COCCI | DMC_ENGINE_ANALYZER);
	ck_assert_str_eq(list.items[0].loc.function, "rx_clean");
	ck_assert_uint_eq(list.items[0].nrelated, 2);	/* line 5 once, line 7 */
	ck_assert_uint_eq(list.items[0].nflow, 2);	/* the longer path */
	ck_assert_uint_eq(list.items[0].count, 2);
	dmc_findings_free(&list);
}
END_TEST

START_TEST(merge_keeps_different_rules_and_lines_apart_and_sorts)
{
	struct dmc_findings list;

	dmc_findings_init(&list);
	dmc_findings_add(&list, rule("mapping-leak"), DMC_ENGINE_ANALYZER, "b.c", 3, 1, NULL, NULL);
	dmc_findings_add(&list, rule("double-unmap"), DMC_ENGINE_ANALYZER, "a.c", 9, 1, NULL, NULL);
	dmc_findings_add(&list, rule("mapping-leak"), DMC_ENGINE_ANALYZER, "a.c", 9, 1, NULL, NULL);
	dmc_findings_add(&list, rule("mapping-leak"), DMC_ENGINE_ANALYZER, "a.c", 2, 1, NULL, NULL);
	dmc_findings_merge(&list);

	ck_assert_uint_eq(list.count, 4);
	ck_assert_uint_eq(list.items[0].loc.line, 2);
	ck_assert_str_eq(list.items[1].rule->slug, "mapping-leak");	/* id 2 before id 4 */
	ck_assert_str_eq(list.items[2].rule->slug, "double-unmap");
	ck_assert_str_eq(list.items[3].loc.file, "b.c");
	dmc_findings_free(&list);
}
END_TEST

START_TEST(merge_keeps_unresolved_runtime_sites_apart_by_function)
{
	struct dmc_findings list;

	dmc_findings_init(&list);
	dmc_findings_add(&list, rule("double-unmap"), DMC_ENGINE_RUNTIME, NULL, 0, 0, "a+0x1/0x9", NULL);
	dmc_findings_add(&list, rule("double-unmap"), DMC_ENGINE_RUNTIME, NULL, 0, 0, "b+0x1/0x9", NULL);
	dmc_findings_add(&list, rule("double-unmap"), DMC_ENGINE_RUNTIME, NULL, 0, 0, "a+0x1/0x9", NULL);
	dmc_findings_merge(&list);
	ck_assert_uint_eq(list.count, 2);
	ck_assert_str_eq(list.items[0].loc.function, "a+0x1/0x9");
	ck_assert_uint_eq(list.items[0].count, 2);
	ck_assert_uint_eq(list.items[1].count, 1);
	dmc_findings_free(&list);
}
END_TEST

static const char source_v1[] =
	"static void f(void)\n"
	"{\n"
	"\tdma = dma_map_single(dev, p, n, DMA_TO_DEVICE);\n"
	"\tdma_unmap_single(dev, dma, n, DMA_FROM_DEVICE);\n"
	"\tdma_unmap_single(dev, dma, n, DMA_FROM_DEVICE);\n"
	"}\n";

/* The same code after an unrelated edit: two lines added above, re-indented. */
static const char source_v2[] =
	"#include <linux/dma-mapping.h>\n"
	"\n"
	"static void f(void)\n"
	"{\n"
	"        dma = dma_map_single(dev, p, n, DMA_TO_DEVICE);\n"
	"        dma_unmap_single(dev, dma, n, DMA_FROM_DEVICE);\n"
	"        dma_unmap_single(dev, dma, n, DMA_FROM_DEVICE);\n"
	"}\n";

static void fingerprint_two(const char *path, unsigned first, struct dmc_findings *list)
{
	struct dmc_finding *f;

	dmc_findings_init(list);
	for (unsigned i = 0; i < 2; i++) {
		f = dmc_findings_add(list, rule("direction-mismatch"), DMC_ENGINE_ANALYZER, path,
				     first + 1 + i, 2, "f", "mismatch");
		dmc_finding_add_related(f, path, first, 2, "mapped");
	}
	dmc_findings_merge(list);
	dmc_source_cache_clear();
	dmc_findings_fingerprint(list);
}

START_TEST(fingerprints_survive_line_moves_and_tell_twins_apart)
{
	char p1[] = "/tmp/fp1-XXXXXX.c", p2[] = "/tmp/fp2-XXXXXX.c";
	struct dmc_findings a, b;

	dmc_write_temp(p1, source_v1);
	dmc_write_temp(p2, source_v2);
	fingerprint_two(p1, 3, &a);
	fingerprint_two(p2, 5, &b);
	/* Different paths make different fingerprints: compare per file name. */
	ck_assert_str_ne(a.items[0].fingerprint, a.items[1].fingerprint);
	ck_assert_uint_eq(strlen(a.items[0].fingerprint), 16);

	/* Same file name, moved lines: rename v2 over v1 and recompute. */
	rename(p2, p1);
	dmc_findings_free(&b);
	fingerprint_two(p1, 5, &b);
	ck_assert_str_eq(a.items[0].fingerprint, b.items[0].fingerprint);
	ck_assert_str_eq(a.items[1].fingerprint, b.items[1].fingerprint);
	dmc_findings_free(&a);
	dmc_findings_free(&b);
	unlink(p1);
}
END_TEST

START_TEST(fingerprints_change_when_the_violating_line_changes)
{
	char p[] = "/tmp/fp3-XXXXXX.c";
	struct dmc_findings a, b;
	char *edited = strdup(source_v1), *second = strstr(edited, "DMA_FROM_DEVICE");

	dmc_write_temp(p, source_v1);
	fingerprint_two(p, 3, &a);
	memcpy(second, "DMA_BIDIRECTIONAL", strlen("DMA_FROM_DEVICE"));	/* the first unmap */
	FILE *fp = fopen(p, "w");

	fputs(edited, fp);
	fclose(fp);
	fingerprint_two(p, 3, &b);
	ck_assert_str_ne(a.items[0].fingerprint, b.items[0].fingerprint);
	dmc_findings_free(&a);
	dmc_findings_free(&b);
	free(edited);
	unlink(p);
}
END_TEST

START_TEST(filter_and_counts)
{
	struct dmc_findings list;

	dmc_findings_init(&list);
	dmc_findings_add(&list, rule("coherent-memset"), DMC_ENGINE_COCCI, "a.c", 1, 1, NULL, NULL);
	dmc_findings_add(&list, rule("mapping-leak"), DMC_ENGINE_ANALYZER, "a.c", 2, 1, NULL, NULL);
	dmc_findings_add(&list, rule("double-unmap"), DMC_ENGINE_ANALYZER, "a.c", 3, 1, NULL, NULL);
	ck_assert_uint_eq(dmc_findings_count_at_least(&list, DMC_SEV_ERROR), 1);
	ck_assert_uint_eq(dmc_findings_count_at_least(&list, DMC_SEV_WARNING), 2);
	ck_assert_uint_eq(dmc_findings_count_at_least(&list, DMC_SEV_NOTE), 3);
	ck_assert_uint_eq(dmc_findings_count_at_least(&list, DMC_SEV_NONE), 0);
	dmc_findings_free(&list);
}
END_TEST

START_TEST(diagnostics_format_and_count)
{
	struct dmc_diags d;

	dmc_diags_init(&d);
	dmc_diags_add(&d, DMC_SEV_ERROR, DMC_ENGINE_ANALYZER, "x.c", 4, "cannot parse: %s", "'foo.h' file not found");
	dmc_diags_add(&d, DMC_SEV_WARNING, DMC_ENGINE_COCCI, NULL, 0, "slow");
	ck_assert_str_eq(d.items[0].message, "cannot parse: 'foo.h' file not found");
	ck_assert_uint_eq(dmc_diags_count_at_least(&d, DMC_SEV_ERROR), 1);
	ck_assert_uint_eq(dmc_diags_count_at_least(&d, DMC_SEV_WARNING), 2);
	dmc_diags_free(&d);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("findings");
	TCase *tc = tcase_create("findings");

	tcase_add_test(tc, add_copies_strings_and_takes_rule_severity);
	tcase_add_test(tc, merge_folds_engines_that_agree);
	tcase_add_test(tc, merge_keeps_different_rules_and_lines_apart_and_sorts);
	tcase_add_test(tc, merge_keeps_unresolved_runtime_sites_apart_by_function);
	tcase_add_test(tc, fingerprints_survive_line_moves_and_tell_twins_apart);
	tcase_add_test(tc, fingerprints_change_when_the_violating_line_changes);
	tcase_add_test(tc, filter_and_counts);
	tcase_add_test(tc, diagnostics_format_and_count);
	suite_add_tcase(s, tc);
	return dmc_run_suite(s);
}
