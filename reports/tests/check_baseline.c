// SPDX-License-Identifier: GPL-2.0
/* Baselines hide exactly the findings they record, across line moves. */
#include <string.h>

#include "baseline.h"
#include "report.h"
#include "source.h"
#include "testutil.h"

static const char v1[] =
	"void f(void)\n{\n\tdma = dma_map_single(d, p, n, DMA_TO_DEVICE);\n}\n";
static const char v2[] =
	"/* a new comment */\nvoid f(void)\n{\n\tdma = dma_map_single(d, p, n, DMA_TO_DEVICE);\n"
	"\tdma2 = dma_map_page(d, pg, 0, n, DMA_TO_DEVICE);\n}\n";

static void finding_at(struct dmc_findings *list, const char *file, unsigned line)
{
	dmc_findings_add(list, dmc_rule_by_slug("unchecked-mapping-error"), DMC_ENGINE_COCCI, file,
			 line, 2, "f", "unchecked");
}

static void write_report(const char *path, struct dmc_report *r, int sarif)
{
	FILE *fp = fopen(path, "w");

	ck_assert_int_eq(sarif ? dmc_emit_sarif(fp, r) : dmc_emit_json(fp, r), 0);
	fclose(fp);
}

static void check_baseline_format(int sarif)
{
	char src[] = "/tmp/bl-src-XXXXXX.c", base[] = "/tmp/bl-XXXXXX.j", err[256];
	struct dmc_report old, now;
	struct dmc_baseline *bl;

	dmc_write_temp(src, v1);
	dmc_report_init(&old);
	finding_at(&old.findings, src, 3);
	dmc_source_cache_clear();
	dmc_findings_fingerprint(&old.findings);
	dmc_write_temp(base, "");
	write_report(base, &old, sarif);

	/* The code moves down a line and gains a second, new finding. */
	FILE *fp = fopen(src, "w");

	fputs(v2, fp);
	fclose(fp);
	dmc_report_init(&now);
	finding_at(&now.findings, src, 4);
	finding_at(&now.findings, src, 5);
	dmc_source_cache_clear();
	dmc_findings_fingerprint(&now.findings);

	bl = dmc_baseline_load(base, err, sizeof(err));
	ck_assert_msg(bl != NULL, "%s", err);
	ck_assert_uint_eq(dmc_baseline_size(bl), 1);
	ck_assert_uint_eq(dmc_baseline_apply(bl, &now.findings), 1);
	ck_assert_uint_eq(now.findings.count, 1);
	ck_assert_uint_eq(now.findings.items[0].loc.line, 5);	/* only the new one is left */

	dmc_baseline_free(bl);
	dmc_report_free(&old);
	dmc_report_free(&now);
	unlink(src);
	unlink(base);
}

START_TEST(json_baseline_hides_moved_finding_only)
{
	check_baseline_format(0);
}
END_TEST

START_TEST(sarif_baseline_hides_moved_finding_only)
{
	check_baseline_format(1);
}
END_TEST

START_TEST(baseline_without_fingerprints_is_refused_by_name)
{
	char base[] = "/tmp/bl-nofp-XXXXXX.j", err[256];

	dmc_write_temp(base, "{\"findings\":[{\"rule\":\"mapping-leak\",\"file\":\"a.c\",\"line\":3}]}");
	ck_assert_ptr_null(dmc_baseline_load(base, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, base));
	ck_assert_ptr_nonnull(strstr(err, "no fingerprint"));
	unlink(base);
	ck_assert_ptr_null(dmc_baseline_load("/nonexistent/base.json", err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "/nonexistent/base.json"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("baseline");
	TCase *tc = tcase_create("baseline");

	tcase_add_test(tc, json_baseline_hides_moved_finding_only);
	tcase_add_test(tc, sarif_baseline_hides_moved_finding_only);
	tcase_add_test(tc, baseline_without_fingerprints_is_refused_by_name);
	suite_add_tcase(s, tc);
	return dmc_run_suite(s);
}
