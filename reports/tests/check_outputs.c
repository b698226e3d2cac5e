// SPDX-License-Identifier: GPL-2.0
/* Text, JSON and SARIF outputs, and reading reports back. */
#include <string.h>

#include "report.h"
#include "testutil.h"

static void sample_report(struct dmc_report *r)
{
	struct dmc_finding *f;

	dmc_report_init(r);
	f = dmc_findings_add(&r->findings, dmc_rule_by_slug("direction-mismatch"),
			     DMC_ENGINE_ANALYZER | DMC_ENGINE_COCCI, "drivers/net/my nic.c", 42, 9,
			     "rx_clean", "unmapped with DMA_TO_DEVICE, mapped with DMA_FROM_DEVICE");
	dmc_finding_add_related(f, "drivers/net/my nic.c", 17, 13, "mapped DMA_FROM_DEVICE here");
	f->related[0].function = strdup("rx_refill");
	dmc_finding_add_flow(f, "drivers/net/my nic.c", 17, 13, "mapped");
	f->flow[0].function = strdup("rx_refill");
	dmc_finding_add_flow(f, "drivers/net/my nic.c", 42, 9, "unmapped");
	snprintf(f->fingerprint, sizeof(f->fingerprint), "0123456789abcdef");
	dmc_findings_add(&r->findings, dmc_rule_by_slug("coherent-memset"), DMC_ENGINE_COCCI,
			 "/abs/path/ring.c", 7, 2, NULL, "memset of zeroed memory");
	dmc_diags_add(&r->diags, DMC_SEV_ERROR, DMC_ENGINE_ANALYZER, "broken.c", 0,
		      "cannot parse: 'missing.h' file not found");
	r->engines = DMC_ENGINE_ANALYZER | DMC_ENGINE_COCCI;
	r->files_scanned = 3;
	r->configuration = strdup("engines=cocci,analyzer kdir=none compdb=none");
}

START_TEST(text_is_in_compiler_form)
{
	struct dmc_report r;
	char *text;

	sample_report(&r);
	DMC_CAPTURE(text, dmc_emit_text(out, &r));
	ck_assert_ptr_nonnull(strstr(text, "drivers/net/my nic.c: In function 'rx_clean':\n"));
	ck_assert_ptr_nonnull(strstr(text,
		"drivers/net/my nic.c:42:9: error: unmapped with DMA_TO_DEVICE, mapped with "
		"DMA_FROM_DEVICE [direction-mismatch]\n"));
	ck_assert_ptr_nonnull(strstr(text, "drivers/net/my nic.c:17:13: note: mapped DMA_FROM_DEVICE here\n"));
	ck_assert_ptr_nonnull(strstr(text, "/abs/path/ring.c:7:2: note: memset of zeroed memory [coherent-memset]\n"));
	ck_assert_ptr_nonnull(strstr(text, "broken.c: error: cannot parse: 'missing.h' file not found [analyzer engine]\n"));
	ck_assert_ptr_nonnull(strstr(text, "2 findings (1 error, 0 warning, 1 note) in 3 files; 1 input problem"));
	free(text);
	dmc_report_free(&r);
}
END_TEST

START_TEST(json_round_trips)
{
	struct dmc_report r, back;
	char *text, path[] = "/tmp/report-XXXXXX.j", err[256];
	const struct dmc_finding *f;

	sample_report(&r);
	DMC_CAPTURE(text, dmc_emit_json(out, &r));
	dmc_write_temp(path, text);
	dmc_report_init(&back);
	ck_assert_int_eq(dmc_report_load(path, &back, err, sizeof(err)), 0);
	ck_assert_uint_eq(back.findings.count, 2);
	f = &back.findings.items[0];
	ck_assert_str_eq(f->rule->slug, "direction-mismatch");
	ck_assert_str_eq(f->loc.file, "drivers/net/my nic.c");
	ck_assert_uint_eq(f->loc.line, 42);
	ck_assert_uint_eq(f->loc.column, 9);
	ck_assert_str_eq(f->loc.function, "rx_clean");
	ck_assert_uint_eq(f->engines, DMC_ENGINE_ANALYZER | DMC_ENGINE_COCCI);
	ck_assert_str_eq(f->fingerprint, "0123456789abcdef");
	ck_assert_uint_eq(f->count, 1);
	ck_assert_uint_eq(f->nrelated, 1);
	ck_assert_str_eq(f->related[0].message, "mapped DMA_FROM_DEVICE here");
	ck_assert_str_eq(f->related[0].function, "rx_refill");
	ck_assert_uint_eq(f->nflow, 2);
	ck_assert_str_eq(f->flow[0].function, "rx_refill");
	ck_assert_ptr_null(f->flow[1].function);
	ck_assert_uint_eq(back.diags.count, 1);
	ck_assert_uint_eq(back.files_scanned, 3);
	free(text);
	unlink(path);
	dmc_report_free(&r);
	dmc_report_free(&back);
}
END_TEST

START_TEST(sarif_has_rules_results_related_flows_notifications)
{
	struct dmc_report r;
	char *text;
	json_t *root, *run, *res, *rules;
	json_error_t jerr;
	size_t nrules;

	sample_report(&r);
	DMC_CAPTURE(text, dmc_emit_sarif(out, &r));
	root = json_loads(text, 0, &jerr);
	ck_assert_ptr_nonnull(root);
	ck_assert_str_eq(json_string_value(json_object_get(root, "version")), "2.1.0");
	run = json_array_get(json_object_get(root, "runs"), 0);
	rules = json_object_get(json_object_get(json_object_get(run, "tool"), "driver"), "rules");
	dmc_rules(&nrules);
	ck_assert_uint_eq(json_array_size(rules), nrules);

	res = json_array_get(json_object_get(run, "results"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(res, "ruleId")), "direction-mismatch");
	/* ruleIndex points at the descriptor of the same slug. */
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(rules,
		json_integer_value(json_object_get(res, "ruleIndex"))), "id")), "direction-mismatch");
	ck_assert_str_eq(json_string_value(json_object_get(res, "level")), "error");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(json_object_get(
		json_array_get(json_object_get(res, "locations"), 0), "physicalLocation"),
		"artifactLocation"), "uri")), "drivers/net/my%20nic.c");
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(
		json_object_get(res, "relatedLocations"), 0), "id")), 1);
	ck_assert_uint_eq(json_array_size(json_object_get(json_array_get(json_object_get(
		json_array_get(json_object_get(res, "codeFlows"), 0), "threadFlows"), 0), "locations")), 2);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(res, "partialFingerprints"),
							   "dmacheck/v1")), "0123456789abcdef");

	res = json_array_get(json_object_get(run, "results"), 1);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(json_object_get(
		json_array_get(json_object_get(res, "locations"), 0), "physicalLocation"),
		"artifactLocation"), "uri")), "file:///abs/path/ring.c");
	ck_assert_ptr_null(json_object_get(res, "codeFlows"));

	json_t *inv = json_array_get(json_object_get(run, "invocations"), 0);

	ck_assert(json_is_false(json_object_get(inv, "executionSuccessful")));
	ck_assert_uint_eq(json_array_size(json_object_get(inv, "toolExecutionNotifications")), 1);
	json_decref(root);
	free(text);
	dmc_report_free(&r);
}
END_TEST

START_TEST(reads_one_finding_per_line_as_the_runtime_writes_them)
{
	char path[] = "/tmp/violations-XXXXXX.j", err[256];
	struct dmc_report r;

	dmc_write_temp(path,
		"{\"rule\":\"double-unmap\",\"engine\":\"runtime\",\"function\":\"rx+0x1c/0x80 [nic]\","
		"\"device\":\"0000:00:03.0\",\"size\":2048,\"related\":[{\"message\":\"first unmapped here\","
		"\"line\":0,\"column\":0,\"function\":\"rx+0x10/0x80 [nic]\"}],\"flow\":[{\"message\":"
		"\"dma_map_single()\",\"line\":0,\"function\":\"refill+0x8/0x40 [nic]\"}]}\n"
		"\n"
		"{\"rule\":\"sync-after-unmap\",\"engine\":\"runtime\",\"function\":\"tx+0x2/0x10 [nic]\"}\n");
	dmc_report_init(&r);
	ck_assert_int_eq(dmc_report_load(path, &r, err, sizeof(err)), 0);
	ck_assert_uint_eq(r.findings.count, 2);
	ck_assert_uint_eq(r.findings.items[0].engines, DMC_ENGINE_RUNTIME);
	ck_assert_ptr_null(r.findings.items[0].loc.file);
	ck_assert_str_eq(r.findings.items[1].loc.function, "tx+0x2/0x10 [nic]");
	/* The call sites of the related location and the steps stay, for triage to resolve. */
	ck_assert_str_eq(r.findings.items[0].related[0].function, "rx+0x10/0x80 [nic]");
	ck_assert_str_eq(r.findings.items[0].flow[0].function, "refill+0x8/0x40 [nic]");
	dmc_report_free(&r);
	unlink(path);
}
END_TEST

START_TEST(bad_input_is_named)
{
	char path[] = "/tmp/broken-XXXXXX.j", err[256];
	struct dmc_report r;

	dmc_report_init(&r);
	ck_assert_int_ne(dmc_report_load("/nonexistent/report.json", &r, err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(strstr(err, "/nonexistent/report.json: No such file"));

	dmc_write_temp(path, "{\"findings\": [ {\"rule\": \"no-such-rule\"} ]}");
	ck_assert_int_ne(dmc_report_load(path, &r, err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(strstr(err, path));
	ck_assert_ptr_nonnull(strstr(err, "unknown rule \"no-such-rule\""));
	unlink(path);

	char path2[] = "/tmp/broken-XXXXXX.j";

	dmc_write_temp(path2, "{\"findings\": [");
	ck_assert_int_ne(dmc_report_load(path2, &r, err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(strstr(err, "not valid JSON"));
	unlink(path2);
	dmc_report_free(&r);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("outputs");
	TCase *tc = tcase_create("outputs");

	tcase_add_test(tc, text_is_in_compiler_form);
	tcase_add_test(tc, json_round_trips);
	tcase_add_test(tc, sarif_has_rules_results_related_flows_notifications);
	tcase_add_test(tc, reads_one_finding_per_line_as_the_runtime_writes_them);
	tcase_add_test(tc, bad_input_is_named);
	suite_add_tcase(s, tc);
	return dmc_run_suite(s);
}
