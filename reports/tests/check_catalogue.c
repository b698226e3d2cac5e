// SPDX-License-Identifier: GPL-2.0
/* The catalogue: complete, consistent, and the slugs CI configs rely on. */
#include <string.h>

#include "catalogue.h"
#include "testutil.h"

/* The slugs are an interface (CI configs and baselines name them): fixed. */
static const char *const fixed_slugs[] = {
	"unchecked-mapping-error", "mapping-leak", "coherent-leak", "double-unmap",
	"direction-mismatch", "size-mismatch", "api-mismatch", "sg-nents-misuse",
	"cpu-write-while-device-owned", "cpu-read-while-device-owned", "missing-sync-for-device",
	"sync-after-unmap", "invalid-dma-memory", "cpu-address-as-dma-address",
	"dma-addr-truncation", "unchecked-dma-mask", "free-while-mapped", "cacheline-sharing",
	"missing-dma-barrier", "unchecked-device-data", "coherent-memset", "sg-segment-limits",
};

START_TEST(every_fixed_slug_is_in_the_catalogue)
{
	size_t n;

	dmc_rules(&n);
	ck_assert_uint_eq(n, sizeof(fixed_slugs) / sizeof(fixed_slugs[0]));
	for (size_t i = 0; i < n; i++)
		ck_assert_msg(dmc_rule_by_slug(fixed_slugs[i]), "missing %s", fixed_slugs[i]);
}
END_TEST

START_TEST(ids_and_slugs_are_unique_and_well_formed)
{
	size_t n;
	const struct dmc_rule *r = dmc_rules(&n);

	for (size_t i = 0; i < n; i++) {
		ck_assert_int_gt(r[i].id, 0);
		ck_assert_uint_eq(strspn(r[i].slug, "abcdefghijklmnopqrstuvwxyz-"), strlen(r[i].slug));
		ck_assert_msg(r[i].severity >= DMC_SEV_NOTE && r[i].severity <= DMC_SEV_ERROR,
			      "%s severity", r[i].slug);
		ck_assert_uint_eq(r[i].engines & ~(unsigned)DMC_ENGINE_ALL, 0);
		ck_assert_uint_gt(strlen(r[i].summary), 20);
		for (size_t j = i + 1; j < n; j++) {
			ck_assert_int_ne(r[i].id, r[j].id);
			ck_assert_str_ne(r[i].slug, r[j].slug);
		}
	}
}
END_TEST

START_TEST(every_rule_has_its_doc_page)
{
	size_t n;
	const struct dmc_rule *r = dmc_rules(&n);

	for (size_t i = 0; i < n; i++) {
		const char *doc = dmc_rule_doc(&r[i]);
		char title[96], severity[64];

		snprintf(title, sizeof(title), "# %s (DMA%03d)\n", r[i].slug, r[i].id);
		ck_assert_msg(strncmp(doc, title, strlen(title)) == 0, "%s: doc page title", r[i].slug);
		snprintf(severity, sizeof(severity), "**Default severity:** %s\n",
			 dmc_severity_name(r[i].severity));
		ck_assert_msg(strstr(doc, severity), "%s: doc page severity differs from the catalogue",
			      r[i].slug);
		ck_assert_msg(strstr(doc, "## Bad") && strstr(doc, "## Good") && strstr(doc, "## Symptom"),
			      "%s: doc page lacks Bad, Good or Symptom", r[i].slug);
	}
}
END_TEST

START_TEST(lookup_of_unknown_slug_fails)
{
	ck_assert_ptr_null(dmc_rule_by_slug("no-such-rule"));
	ck_assert_ptr_null(dmc_rule_by_slug(""));
}
END_TEST

START_TEST(severity_names_round_trip)
{
	enum dmc_severity s;

	for (enum dmc_severity v = DMC_SEV_NONE; v <= DMC_SEV_ERROR; v++) {
		ck_assert_int_eq(dmc_severity_parse(dmc_severity_name(v), &s), 0);
		ck_assert_int_eq(s, v);
	}
	ck_assert_int_ne(dmc_severity_parse("fatal", &s), 0);
}
END_TEST

START_TEST(engine_names_round_trip)
{
	char buf[64];

	for (unsigned bit = 1; bit & DMC_ENGINE_ALL; bit <<= 1)
		ck_assert_uint_eq(dmc_engine_parse(dmc_engine_name(bit)), bit);
	ck_assert_uint_eq(dmc_engine_parse("smatch"), 0);
	ck_assert_str_eq(dmc_engine_mask_str(0, buf, sizeof(buf)), "none");
	ck_assert_str_eq(dmc_engine_mask_str(DMC_ENGINE_COCCI | DMC_ENGINE_RUNTIME, buf, sizeof(buf)),
			 "cocci,runtime");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("catalogue");
	TCase *tc = tcase_create("catalogue");

	tcase_add_test(tc, every_fixed_slug_is_in_the_catalogue);
	tcase_add_test(tc, ids_and_slugs_are_unique_and_well_formed);
	tcase_add_test(tc, every_rule_has_its_doc_page);
	tcase_add_test(tc, lookup_of_unknown_slug_fails);
	tcase_add_test(tc, severity_names_round_trip);
	tcase_add_test(tc, engine_names_round_trip);
	suite_add_tcase(s, tc);
	return dmc_run_suite(s);
}
