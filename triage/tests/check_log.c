// SPDX-License-Identifier: GPL-2.0
/* Reading kernel logs: DMA-API debugging warnings and dmatrack reports. */
#include <string.h>

#include "../../reports/tests/testutil.h"
#include "triage.h"

/* A 6.1 WARN from kernel/dma/debug.c as dmesg prints it, then an unrelated line. */
static const char dmesg_direction[] =
	"[    7.101010] ------------[ cut here ]------------\n"
	"[    7.101011] DMA-API: dmanic 0000:00:04.0: device driver frees DMA memory with different "
	"direction [device address=0x0000000001234000] [size=2048 bytes] [mapped with DMA_FROM_DEVICE] "
	"[unmapped with DMA_TO_DEVICE]\n"
	"[    7.101020] WARNING: CPU: 0 PID: 42 at kernel/dma/debug.c:1026 check_unmap+0x6f4/0x8b0\n"
	"[    7.101021] Modules linked in: dmanic(OE)\n"
	"[    7.101030] RIP: 0010:check_unmap+0x6f4/0x8b0\n"
	"[    7.101040] Call Trace:\n"
	"[    7.101041]  <TASK>\n"
	"[    7.101042]  ? __warn+0x7d/0xc0\n"
	"[    7.101043]  debug_dma_unmap_page+0x7a/0xa0\n"
	"[    7.101044]  dma_unmap_page_attrs+0x5a/0x1c0\n"
	"[    7.101045]  dmanic_rx_clean+0x1b4/0x2f0 [dmanic]\n"
	"[    7.101046]  dmanic_poll+0x2a/0x60 [dmanic]\n"
	"[    7.101047]  __napi_poll+0x28/0x160\n"
	"[    7.101050]  </TASK>\n"
	"[    7.101051] ---[ end trace 0000000000000000 ]---\n"
	"[    7.101052] DMA-API: Mapped at:\n"
	"[    7.101053]  debug_dma_map_page+0x5e/0x100\n"
	"[    7.101054]  dma_map_page_attrs+0x8b/0x1e0\n"
	"[    7.101055]  dmanic_rx_refill_one+0x8c/0x160 [dmanic]\n"
	"[    7.101056]  dmanic_rx_refill+0x3a/0x70 [dmanic]\n"
	"[    7.200000] e1000 0000:00:03.0 eth0: NIC Link is Up\n";

static void read_text(const char *text, struct dmc_findings *f, struct dmc_diags *d,
		      struct dmc_log_stats *st)
{
	char path[] = "/tmp/triage-log-XXXXXX.l";

	dmc_write_temp(path, text);
	dmc_findings_init(f);
	dmc_diags_init(d);
	ck_assert_int_eq(dmc_read_log(path, f, d, st), 0);
	unlink(path);
}

START_TEST(dma_debug_warning_becomes_a_finding_with_its_map_site)
{
	struct dmc_findings f;
	struct dmc_diags d;
	struct dmc_log_stats st;

	read_text(dmesg_direction, &f, &d, &st);
	ck_assert_uint_eq(f.count, 1);
	ck_assert_str_eq(f.items[0].rule->slug, "direction-mismatch");
	ck_assert_uint_eq(f.items[0].engines, DMC_ENGINE_RUNTIME);
	ck_assert_ptr_null(f.items[0].loc.file);
	ck_assert_str_eq(f.items[0].loc.function, "dmanic_rx_clean+0x1b4/0x2f0 [dmanic]");
	ck_assert_ptr_nonnull(strstr(f.items[0].loc.message, "[mapped with DMA_FROM_DEVICE]"));
	ck_assert_ptr_nonnull(strstr(f.items[0].loc.message, "DMA-API: dmanic 0000:00:04.0: device"));
	ck_assert_uint_eq(f.items[0].nrelated, 1);
	ck_assert_str_eq(f.items[0].related[0].function, "dmanic_rx_refill_one+0x8c/0x160 [dmanic]");
	ck_assert_uint_eq(f.items[0].nflow, 2);
	ck_assert_uint_eq(st.dma_debug, 1);
	ck_assert_uint_eq(d.count, 0);
	dmc_findings_free(&f);
	dmc_diags_free(&d);
}
END_TEST

START_TEST(journal_lines_read_the_same)
{
	struct dmc_findings f;
	struct dmc_diags d;
	struct dmc_log_stats st;
	char *journal = strdup(""), *copy = strdup(dmesg_direction), *save = NULL;

	/* The same warning as journalctl -k prints it. */
	for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char *next;

		ck_assert_int_ge(asprintf(&next, "%sNov 24 02:00:07 testhost kernel: %s\n", journal,
					  strchr(l, ']') + 2), 0);
		free(journal);
		journal = next;
	}
	read_text(journal, &f, &d, &st);
	ck_assert_uint_eq(f.count, 1);
	ck_assert_str_eq(f.items[0].loc.function, "dmanic_rx_clean+0x1b4/0x2f0 [dmanic]");
	ck_assert_str_eq(f.items[0].related[0].function, "dmanic_rx_refill_one+0x8c/0x160 [dmanic]");
	dmc_findings_free(&f);
	dmc_diags_free(&d);
	free(copy);
	free(journal);
}
END_TEST

START_TEST(every_dma_debug_text_has_its_rule)
{
	static const struct {
		const char *text, *slug;
	} cases[] = {
		{ "device driver tries to free DMA memory it has not allocated [device address=0x1] [size=8 bytes]", "double-unmap" },
		{ "device driver tries to free an invalid DMA memory address", "double-unmap" },
		{ "device driver frees DMA memory with different size [device address=0x1] [map size=8 bytes] [unmap size=4 bytes]", "size-mismatch" },
		{ "device driver frees DMA memory with wrong function [device address=0x1] [size=8 bytes] [mapped as single] [unmapped as scather-gather]", "api-mismatch" },
		{ "device driver frees DMA sg list with different entry count [map count=4] [unmap count=2]", "sg-nents-misuse" },
		{ "device driver failed to check map error[device address=0x1] [size=8 bytes] [mapped as single]", "unchecked-mapping-error" },
		{ "device driver maps memory from stack [addr=0000000012345678]", "invalid-dma-memory" },
		{ "device driver maps memory from kernel text or rodata [addr=00000000a] [len=64]", "invalid-dma-memory" },
		{ "cacheline tracking EEXIST, overlapping mappings aren't supported", "cacheline-sharing" },
		{ "device driver tries to sync DMA memory it has not allocated [device address=0x1] [size=8 bytes]", "sync-after-unmap" },
		{ "device driver syncs device read-only DMA memory for cpu [device address=0x1] [size=8 bytes] [mapped with DMA_TO_DEVICE] [synced with DMA_FROM_DEVICE]", "direction-mismatch" },
		{ "device driver has pending DMA allocations while released from device [count=3]", "mapping-leak" },
		{ "device driver has pending DMA allocations while released from device [count=1]\nOne of leaked entries details: [device address=0x1] [size=4096 bytes] [mapped with DMA_BIDIRECTIONAL] [mapped as coherent]", "coherent-leak" },
		{ "mapping sg segment longer than device claims to support [len=131072] [max=65536]", "sg-segment-limits" },
		{ "mapping sg segment across boundary [start=0x000000000001ff00] [end=0x00000000000200ff] [boundary=0x000000000000ffff]", "sg-segment-limits" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct dmc_rule *r = dmc_dma_debug_rule(cases[i].text);

		ck_assert_msg(r && strcmp(r->slug, cases[i].slug) == 0, "%s -> %s", cases[i].text,
			      r ? r->slug : "none");
	}
	ck_assert_ptr_null(dmc_dma_debug_rule("something else entirely"));
}
END_TEST

START_TEST(dmatrack_json_lines_and_conditions)
{
	struct dmc_findings f;
	struct dmc_diags d;
	struct dmc_log_stats st;

	read_text("[    9.100000] dmatrack: {\"rule\":\"cpu-write-while-device-owned\",\"function\":"
		  "\"foo_xmit+0x10/0x90 [foo]\",\"message\":\"CPU wrote 4 bytes\"}\n"
		  "{\"rule\":\"double-unmap\",\"engines\":[\"runtime\"],\"function\":\"bar+0x1/0x2 [foo]\"}\n"
		  "[   10.000000] DMA-API: debugging out of memory - disabling\n"
		  "[   10.100000] DMA-API: foo 0000:00:05.0: mapping sg segment longer than device "
		  "claims to support [len=65536] [max=4096]\n"
		  "[   10.100001]  foo_map_frame+0x5c/0x120 [foo]\n"
		  "[   10.100002] ---[ end trace 0000000000000000 ]---\n"
		  "[   10.150000] DMA-API: foo 0000:00:05.0: a check of a later kernel [x=1]\n"
		  "[   10.200000] {\"rule\":\"no-such-rule\"}\n", &f, &d, &st);
	ck_assert_uint_eq(f.count, 3);
	ck_assert_str_eq(f.items[0].rule->slug, "cpu-write-while-device-owned");
	ck_assert_uint_eq(f.items[0].engines, DMC_ENGINE_RUNTIME);
	ck_assert_str_eq(f.items[1].loc.function, "bar+0x1/0x2 [foo]");
	ck_assert_str_eq(f.items[2].rule->slug, "sg-segment-limits");
	ck_assert_str_eq(f.items[2].loc.function, "foo_map_frame+0x5c/0x120 [foo]");
	ck_assert_uint_eq(st.dmatrack, 2);
	ck_assert_uint_eq(st.dma_debug, 2);
	ck_assert_uint_eq(st.not_classified, 1);
	ck_assert_uint_eq(d.count, 2);	/* debugging switched off; an unknown rule */
	ck_assert_ptr_nonnull(strstr(d.items[0].message, "turned itself off"));
	ck_assert_uint_eq(d.items[0].line, 3);
	ck_assert_ptr_nonnull(strstr(d.items[1].message, "no-such-rule"));
	dmc_findings_free(&f);
	dmc_diags_free(&d);
}
END_TEST

START_TEST(missing_log_is_a_diagnostic)
{
	struct dmc_findings f;
	struct dmc_diags d;
	struct dmc_log_stats st;

	dmc_findings_init(&f);
	dmc_diags_init(&d);
	ck_assert_int_ne(dmc_read_log("/nonexistent/dmesg.txt", &f, &d, &st), 0);
	ck_assert_uint_eq(d.count, 1);
	ck_assert_str_eq(d.items[0].file, "/nonexistent/dmesg.txt");
	dmc_diags_free(&d);
}
END_TEST

START_TEST(sites_parse)
{
	char func[64], mod[32];
	unsigned long off;

	ck_assert_int_eq(dmc_parse_site("rx_clean+0x4c/0x120 [my_nic]", func, 64, &off, mod, 32), 0);
	ck_assert_str_eq(func, "rx_clean");
	ck_assert_uint_eq(off, 0x4c);
	ck_assert_str_eq(mod, "my_nic");
	ck_assert_int_eq(dmc_parse_site(" __napi_poll+0x28/0x160", func, 64, &off, mod, 32), 0);
	ck_assert_str_eq(mod, "");
	ck_assert_int_eq(dmc_parse_site("foo.cold+0x5", func, 64, &off, mod, 32), 0);
	ck_assert_str_eq(func, "foo.cold");
	ck_assert_int_ne(dmc_parse_site("? __warn+0x7d/0xc0", func, 64, &off, mod, 32), 0);
	ck_assert_int_ne(dmc_parse_site("RIP: 0010:check_unmap+0x6f4/0x8b0", func, 64, &off, mod, 32), 0);
	ck_assert_int_ne(dmc_parse_site("Call Trace:", func, 64, &off, mod, 32), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("triage-log");
	TCase *tc = tcase_create("log");

	tcase_add_test(tc, dma_debug_warning_becomes_a_finding_with_its_map_site);
	tcase_add_test(tc, journal_lines_read_the_same);
	tcase_add_test(tc, every_dma_debug_text_has_its_rule);
	tcase_add_test(tc, dmatrack_json_lines_and_conditions);
	tcase_add_test(tc, missing_log_is_a_diagnostic);
	tcase_add_test(tc, sites_parse);
	suite_add_tcase(s, tc);
	return dmc_run_suite(s);
}
