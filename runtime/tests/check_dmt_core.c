// SPDX-License-Identifier: GPL-2.0
/*
 * The ownership core, call by call: every transition, every rule it
 * reports (and the legal sequences it must stay silent on), bounded memory,
 * and concurrent callers through the same lock API the module uses.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dmt_test.h"

static int match_dev(const struct dmt_entry_info *e, void *ctx);

/* ------------------------------------------------------------ lifecycle */

START_TEST(map_then_unmap_is_silent_and_frees_the_entry)
{
	struct dmt_tracker *t = tracker(4, 0);
	struct dmt_call c = call(DEV_A, 0x10000, 1500, DMT_TO_DEVICE, DMT_FAM_SINGLE, 1);
	struct dmt_stats st;

	dmt_map(t, &c);
	dmt_get_stats(t, &st);
	ck_assert_uint_eq(st.live, 1);
	c.site.ip = 2;
	dmt_unmap(t, &c);
	dmt_get_stats(t, &st);
	ck_assert_uint_eq(st.live, 0);
	ck_assert_uint_eq(st.peak, 1);
	ck_assert_uint_eq(st.ops[DMT_OP_MAP], 1);
	ck_assert_uint_eq(st.ops[DMT_OP_UNMAP], 1);
	expect_nothing();
	dmt_destroy(t);
}
END_TEST

START_TEST(failed_map_is_not_tracked)
{
	struct dmt_tracker *t = tracker(4, 0);
	struct dmt_call c = call(DEV_A, DMT_MAPPING_ERROR, 64, DMT_TO_DEVICE, DMT_FAM_SINGLE, 1);
	struct dmt_stats st;

	dmt_map(t, &c);
	dmt_get_stats(t, &st);
	ck_assert_uint_eq(st.live, 0);
	expect_nothing();
	dmt_destroy(t);
}
END_TEST

START_TEST(the_rules_resolve_against_the_catalogue)
{
	struct dmt_tracker *t = tracker(1, 0);

	ck_assert_int_eq(dmt_rule_id(DMT_R_UNCHECKED_MAPPING_ERROR), 1);
	ck_assert_int_eq(dmt_rule_id(DMT_R_DOUBLE_UNMAP), 4);
	ck_assert_int_eq(dmt_rule_id(DMT_R_CACHELINE_SHARING), 18);
	for (int r = 0; r < DMT_R_COUNT; r++) {
		ck_assert_int_gt(dmt_rule_id(r), 0);
		ck_assert_int_ge(dmt_rule_severity(r), DMT_SEV_NOTE);
	}
	dmt_destroy(t);
}
END_TEST

START_TEST(bad_configuration_is_refused_with_a_reason)
{
	struct dmt_config cfg = { .max_entries = 0, .cacheline = 64, .report = record };
	const char *why = NULL;

	ck_assert_ptr_null(dmt_create(&cfg, &why));
	ck_assert_ptr_nonnull(why);
	cfg.max_entries = 8;
	cfg.cacheline = 48;
	why = NULL;
	ck_assert_ptr_null(dmt_create(&cfg, &why));
	ck_assert_ptr_nonnull(why);
}
END_TEST

/* The memory make bench reports: all taken at creation, linear in the capacity. */
START_TEST(table_bytes_are_fixed_at_creation_and_grow_with_capacity)
{
	struct dmt_tracker *small = tracker(1024, 0), *big = tracker(4096, 0);
	struct dmt_stats before, after, st_small;
	unsigned long long per_entry;

	dmt_get_stats(small, &st_small);
	dmt_get_stats(big, &before);
	per_entry = (before.table_bytes - st_small.table_bytes) / (4096 - 1024);
	/* An entry, its share of two bucket arrays: more than a handle, less than a page. */
	ck_assert_uint_ge(per_entry, 64);
	ck_assert_uint_le(per_entry, 512);
	for (unsigned long i = 0; i < 100; i++) {
		struct dmt_call c = call(DEV_A, 0x100000 + i * 0x1000, 256, DMT_TO_DEVICE,
					 DMT_FAM_SINGLE, 1);

		dmt_map(big, &c);
	}
	dmt_get_stats(big, &after);
	ck_assert_uint_eq(after.live, 100);
	ck_assert_uint_eq(after.table_bytes, before.table_bytes);
	dmt_destroy(small);
	dmt_destroy(big);
}
END_TEST

/* ------------------------------------------------------------ unmap rules */

START_TEST(second_unmap_is_double_unmap_naming_the_first)
{
	struct dmt_tracker *t = tracker(4, 0);
	struct dmt_call c = call(DEV_A, 0x20000, 256, DMT_FROM_DEVICE, DMT_FAM_SINGLE, 1);

	dmt_map(t, &c);
	c.site.ip = 2;
	dmt_unmap(t, &c);
	c.site.ip = 3;
	dmt_unmap(t, &c);
	expect_one("double-unmap", 3, 2);
	dmt_destroy(t);
}
END_TEST

START_TEST(unmap_of_mapping_error_handle_is_reported)
{
	struct dmt_tracker *t = tracker(4, 0);
	struct dmt_call c = call(DEV_A, DMT_MAPPING_ERROR, 256, DMT_TO_DEVICE, DMT_FAM_SINGLE, 7);

	dmt_unmap(t, &c);
	expect_one("double-unmap", 7, 0);
	dmt_destroy(t);
}
END_TEST

START_TEST(unmap_of_a_handle_never_seen_is_silent)
{
	/* Mapped before the tracker was loaded: loading it must not cry wolf. */
	struct dmt_tracker *t = tracker(4, 0);
	struct dmt_call c = call(DEV_A, 0x30000, 256, DMT_TO_DEVICE, DMT_FAM_SINGLE, 1);
	struct dmt_stats st;

	dmt_unmap(t, &c);
	dmt_sync(t, &c, 0);
	dmt_free(t, &c);
	expect_nothing();
	dmt_get_stats(t, &st);
	ck_assert_uint_eq(st.untracked, 3);
	dmt_destroy(t);
}
END_TEST

START_TEST(remapping_a_handle_clears_its_history)
{
	struct dmt_tracker *t = tracker(4, 0);
	struct dmt_call c = call(DEV_A, 0x20000, 256, DMT_TO_DEVICE, DMT_FAM_SINGLE, 1);

	dmt_map(t, &c);
	dmt_unmap(t, &c);
	dmt_map(t, &c);
	dmt_unmap(t, &c);
	expect_nothing();
	dmt_destroy(t);
}
END_TEST

START_TEST(unmap_on_another_device_is_not_a_match)
{
	struct dmt_tracker *t = tracker(4, 0);
	struct dmt_call c = call(DEV_A, 0x20000, 256, DMT_TO_DEVICE, DMT_FAM_SINGLE, 1);

	dmt_map(t, &c);
	dmt_unmap(t, &c);
	c.dev = DEV_B;
	dmt_unmap(t, &c);	/* DEV_B never mapped it: untracked, silent */
	expect_nothing();
	dmt_destroy(t);
}
END_TEST

START_TEST(unmap_with_other_size_direction_family)
{
	struct dmt_tracker *t = tracker(4, 0);
	struct dmt_call c = call(DEV_A, 0x40000, 2048, DMT_FROM_DEVICE, DMT_FAM_SINGLE, 1);
	struct dmt_call u = c;

	dmt_map(t, &c);
	u.size = 1024;
	u.site.ip = 2;
	dmt_unmap(t, &u);
	expect_one("size-mismatch", 2, 1);

	dmt_map(t, &c);
	u = c;
	u.dir = DMT_TO_DEVICE;
	u.site.ip = 3;
	dmt_unmap(t, &u);
	expect_one("direction-mismatch", 3, 1);

	dmt_map(t, &c);
	u = c;
	u.family = DMT_FAM_RESOURCE;
	u.site.ip = 4;
	dmt_unmap(t, &u);
	expect_one("api-mismatch", 4, 1);
	dmt_destroy(t);
}
END_TEST

START_TEST(free_coherent_checks_family_and_size)
{
	struct dmt_tracker *t = tracker(4, 0);
	struct dmt_call a = call(DEV_A, 0x50000, 4096, DMT_BIDIRECTIONAL, DMT_FAM_COHERENT, 1);
	struct dmt_call f = a;

	dmt_alloc(t, &a);
	f.site.ip = 2;
	dmt_free(t, &f);
	expect_nothing();
	f.site.ip = 3;
	dmt_free(t, &f);
	expect_one("double-unmap", 3, 2);

	/* Streaming mapping released with dma_free_coherent. */
	a = call(DEV_A, 0x60000, 512, DMT_TO_DEVICE, DMT_FAM_SINGLE, 4);
	dmt_map(t, &a);
	f = call(DEV_A, 0x60000, 512, DMT_BIDIRECTIONAL, DMT_FAM_COHERENT, 5);
	dmt_free(t, &f);
	expect_one("api-mismatch", 5, 4);

	/* Coherent memory freed with a different size. */
	a = call(DEV_A, 0x70000, 4096, DMT_BIDIRECTIONAL, DMT_FAM_COHERENT, 6);
	dmt_alloc(t, &a);
	f = a;
	f.size = 8192;
	f.site.ip = 7;
	dmt_free(t, &f);
	expect_one("size-mismatch", 7, 6);
	dmt_destroy(t);
}
END_TEST

START_TEST(pool_blocks_inside_their_coherent_page)
{
	/* dma_pool_alloc() carves blocks out of a coherent page: block 0 shares its handle. */
	struct dmt_tracker *t = tracker(8, 0);
	struct dmt_call page = call(DEV_A, 0x58000, 4096, DMT_BIDIRECTIONAL, DMT_FAM_COHERENT, 1);
	struct dmt_call blk0 = call(DEV_A, 0x58000, 64, DMT_BIDIRECTIONAL, DMT_FAM_POOL, 2);
	struct dmt_call blk1 = call(DEV_A, 0x58040, 64, DMT_BIDIRECTIONAL, DMT_FAM_POOL, 3);
	struct dmt_stats st;

	dmt_alloc(t, &page);
	dmt_alloc(t, &blk0);
	dmt_alloc(t, &blk1);
	dmt_free(t, &blk0);
	expect_nothing();
	blk1.site.ip = 4;
	dmt_free(t, &blk1);
	blk1.site.ip = 5;
	dmt_free(t, &blk1);
	expect_one("double-unmap", 5, 4);
	dmt_free(t, &page);
	expect_nothing();
	/* A leaked block keeps its page: the block is reported, not the page. */
	dmt_alloc(t, &page);
	dmt_alloc(t, &blk1);
	ck_assert_uint_eq(dmt_release(t, match_dev, (void *)DEV_A, "driver unbind"), 1);
	ck_assert_str_eq(seen[0].slug, "coherent-leak");
	ck_assert_uint_eq(seen[0].site.ip, 5);
	dmt_get_stats(t, &st);
	ck_assert_uint_eq(st.live, 0);
	dmt_destroy(t);
}
END_TEST

START_TEST(best_fit_among_equal_handles)
{
	/* The same buffer mapped twice for the device: both unmaps are legal. */
	struct dmt_tracker *t = tracker(4, 0);
	struct dmt_call small = call(DEV_A, 0x80000, 64, DMT_TO_DEVICE, DMT_FAM_SINGLE, 1);
	struct dmt_call big = call(DEV_A, 0x80000, 128, DMT_TO_DEVICE, DMT_FAM_SINGLE, 2);

	dmt_map(t, &small);
	dmt_map(t, &big);
	dmt_unmap(t, &big);
	dmt_unmap(t, &small);
	expect_nothing();
	dmt_destroy(t);
}
END_TEST

/* ------------------------------------------------------------ sync rules */

START_TEST(sync_cycle_is_silent)
{
	struct dmt_tracker *t = tracker(4, 0);
	struct dmt_call c = call(DEV_A, 0x90000, 2048, DMT_FROM_DEVICE, DMT_FAM_SINGLE, 1);

	dmt_map(t, &c);
	for (int i = 0; i < 3; i++) {
		dmt_sync(t, &c, 0);
		dmt_sync(t, &c, 1);
	}
	dmt_sync(t, &c, 0);
	dmt_unmap(t, &c);
	expect_nothing();
	dmt_destroy(t);
}
END_TEST

START_TEST(sync_of_part_inside_the_mapping)
{
	/* dma_sync_single_range_for_cpu: an address inside, not the handle. */
	struct dmt_tracker *t = tracker(4, 0);
	struct dmt_call c = call(DEV_A, 0xa0000, 3 * 4096, DMT_FROM_DEVICE, DMT_FAM_SINGLE, 1);
	struct dmt_call part = c;

	dmt_map(t, &c);
	part.addr += 2 * 4096 + 100;
	part.size = 200;
	dmt_sync(t, &part, 0);
	dmt_sync(t, &part, 1);
	expect_nothing();
	part.size = 4096;	/* runs past the end */
	part.site.ip = 9;
	dmt_sync(t, &part, 0);
	expect_one("size-mismatch", 9, 1);
	dmt_destroy(t);
}
END_TEST

START_TEST(sync_in_another_direction)
{
	struct dmt_tracker *t = tracker(4, 0);
	struct dmt_call c = call(DEV_A, 0xb0000, 512, DMT_FROM_DEVICE, DMT_FAM_SINGLE, 1);
	struct dmt_call s = c;

	dmt_map(t, &c);
	s.dir = DMT_TO_DEVICE;
	s.site.ip = 2;
	dmt_sync(t, &s, 1);
	expect_one("direction-mismatch", 2, 1);

	/* A bidirectional mapping may be synced either way. */
	c = call(DEV_A, 0xc0000, 512, DMT_BIDIRECTIONAL, DMT_FAM_SINGLE, 3);
	dmt_map(t, &c);
	s = c;
	s.dir = DMT_FROM_DEVICE;
	dmt_sync(t, &s, 0);
	s.dir = DMT_TO_DEVICE;
	dmt_sync(t, &s, 1);
	expect_nothing();
	dmt_destroy(t);
}
END_TEST

START_TEST(sync_after_unmap_names_the_unmap)
{
	struct dmt_tracker *t = tracker(4, 0);
	struct dmt_call c = call(DEV_A, 0xd0000, 1024, DMT_FROM_DEVICE, DMT_FAM_SINGLE, 1);
	struct dmt_call s = c;

	dmt_map(t, &c);
	c.site.ip = 2;
	dmt_unmap(t, &c);
	s.addr += 512;
	s.size = 64;
	s.site.ip = 3;
	dmt_sync(t, &s, 0);
	expect_one("sync-after-unmap", 3, 2);
	dmt_destroy(t);
}
END_TEST

START_TEST(sync_of_coherent_memory_is_api_mismatch)
{
	struct dmt_tracker *t = tracker(4, 0);
	struct dmt_call a = call(DEV_A, 0xe0000, 4096, DMT_BIDIRECTIONAL, DMT_FAM_COHERENT, 1);
	struct dmt_call s = call(DEV_A, 0xe0040, 64, DMT_FROM_DEVICE, DMT_FAM_SINGLE, 2);

	dmt_alloc(t, &a);
	dmt_sync(t, &s, 0);
	expect_one("api-mismatch", 2, 1);
	dmt_destroy(t);
}
END_TEST

START_TEST(second_sync_for_cpu_is_missing_sync_for_device)
{
	struct dmt_tracker *t = tracker(4, 0);
	struct dmt_call c = call(DEV_A, 0xf0000, 2048, DMT_FROM_DEVICE, DMT_FAM_SINGLE, 1);
	struct dmt_call s = c;

	dmt_map(t, &c);
	s.site.ip = 2;
	dmt_sync(t, &s, 0);
	s.site.ip = 3;
	dmt_sync(t, &s, 0);
	expect_one("missing-sync-for-device", 3, 2);
	dmt_destroy(t);
}
END_TEST

START_TEST(disjoint_partial_syncs_are_legal)
{
	/* Two receive frames in one page, each handed back and forth on its own. */
	struct dmt_tracker *t = tracker(4, 0);
	struct dmt_call c = call(DEV_A, 0x100000, 4096, DMT_FROM_DEVICE, DMT_FAM_SINGLE, 1);
	struct dmt_call lo = c, hi = c;

	lo.size = 2048;
	hi.addr += 2048;
	hi.size = 2048;
	dmt_map(t, &c);
	dmt_sync(t, &lo, 0);
	dmt_sync(t, &hi, 0);
	dmt_sync(t, &lo, 1);
	dmt_sync(t, &lo, 0);	/* lo was given back in between */
	dmt_sync(t, &hi, 1);
	dmt_sync(t, &lo, 1);
	dmt_sync(t, &hi, 0);
	expect_nothing();
	dmt_sync(t, &hi, 0);
	ck_assert_uint_eq(nseen, 1);
	ck_assert_str_eq(seen[0].slug, "missing-sync-for-device");
	dmt_destroy(t);
}
END_TEST

/* ------------------------------------------------------------ scatterlists */

static void map_sg(struct dmt_tracker *t, const struct dmt_seg *seg, unsigned int mapped,
		   unsigned int nents, unsigned long ip)
{
	struct segs s = { seg, mapped, 0 };
	struct dmt_seg_iter it = { next_seg, &s };
	struct dmt_call c = call(DEV_A, seg[0].addr, 0, DMT_FROM_DEVICE, DMT_FAM_SG, ip);

	c.nents = nents;
	dmt_map_sg(t, &c, &it);
}

static void sync_sg(struct dmt_tracker *t, const struct dmt_seg *seg, unsigned int n,
		    unsigned int nents, int for_device, unsigned long ip)
{
	struct segs s = { seg, n, 0 };
	struct dmt_seg_iter it = { next_seg, &s };
	struct dmt_call c = call(DEV_A, seg[0].addr, 0, DMT_FROM_DEVICE, DMT_FAM_SG, ip);

	c.nents = nents;
	dmt_sync_sg(t, &c, &it, for_device);
}

static const struct dmt_seg three[] = {
	{ 0x200000, DMT_NO_PADDR, 4096, 4096 },
	{ 0x300000, DMT_NO_PADDR, 4096, 4096 },
	{ 0x400000, DMT_NO_PADDR, 512, 512 },
};

START_TEST(sg_map_sync_unmap_is_silent)
{
	struct dmt_tracker *t = tracker(8, 0);
	struct dmt_call u = call(DEV_A, 0x200000, 0, DMT_FROM_DEVICE, DMT_FAM_SG, 5);
	struct dmt_call one = call(DEV_A, 0x300000, 4096, DMT_FROM_DEVICE, DMT_FAM_SINGLE, 6);
	struct dmt_stats st;

	map_sg(t, three, 3, 4, 1);	/* 4 entries given, merged into 3 segments */
	sync_sg(t, three, 3, 4, 0, 2);
	sync_sg(t, three, 3, 4, 1, 3);
	dmt_sync(t, &one, 0);		/* one segment synced on its own: legal */
	dmt_sync(t, &one, 1);
	u.nents = 4;
	dmt_unmap_sg(t, &u);
	expect_nothing();
	dmt_get_stats(t, &st);
	ck_assert_uint_eq(st.live, 0);
	dmt_destroy(t);
}
END_TEST

START_TEST(sg_unmap_with_the_mapped_count_is_nents_misuse)
{
	struct dmt_tracker *t = tracker(8, 0);
	struct dmt_call u = call(DEV_A, 0x200000, 0, DMT_FROM_DEVICE, DMT_FAM_SG, 5);

	map_sg(t, three, 3, 4, 1);
	u.nents = 3;		/* dma_map_sg()'s return value */
	dmt_unmap_sg(t, &u);
	expect_one("sg-nents-misuse", 5, 1);
	map_sg(t, three, 3, 4, 1);
	sync_sg(t, three, 3, 3, 0, 6);
	expect_one("sg-nents-misuse", 6, 1);
	dmt_destroy(t);
}
END_TEST

START_TEST(sg_unmapped_twice_and_synced_after)
{
	struct dmt_tracker *t = tracker(8, 0);
	struct dmt_call u = call(DEV_A, 0x200000, 0, DMT_FROM_DEVICE, DMT_FAM_SG, 5);

	map_sg(t, three, 3, 3, 1);
	u.nents = 3;
	dmt_unmap_sg(t, &u);
	sync_sg(t, three, 3, 3, 0, 6);
	expect_one("sync-after-unmap", 6, 5);
	u.site.ip = 7;
	dmt_unmap_sg(t, &u);
	expect_one("double-unmap", 7, 5);
	dmt_destroy(t);
}
END_TEST

/* ------------------------------------------------------------ map errors (wrap) */

START_TEST(wrapped_map_used_without_check_is_reported_once)
{
	struct dmt_tracker *t = tracker(4, 0);
	struct dmt_call c = call(DEV_A, 0x110000, 128, DMT_TO_DEVICE, DMT_FAM_SINGLE, 1);
	struct dmt_call u = c;

	c.flags = DMT_CALL_WRAPPED;
	dmt_map(t, &c);
	u.site.ip = 2;
	dmt_sync(t, &u, 1);
	expect_one("unchecked-mapping-error", 1, 2);
	dmt_unmap(t, &u);
	expect_nothing();
	dmt_destroy(t);
}
END_TEST

START_TEST(wrapped_map_checked_is_silent_and_kprobe_maps_are_not_judged)
{
	struct dmt_tracker *t = tracker(4, 0);
	struct dmt_call c = call(DEV_A, 0x120000, 128, DMT_TO_DEVICE, DMT_FAM_SINGLE, 1);

	c.flags = DMT_CALL_WRAPPED;
	dmt_map(t, &c);
	dmt_mapping_error(t, &c);
	dmt_unmap(t, &c);
	c.flags = 0;		/* seen by a kprobe: the check is invisible */
	dmt_map(t, &c);
	dmt_unmap(t, &c);
	expect_nothing();
	dmt_destroy(t);
}
END_TEST

/* ------------------------------------------------------------ memory, cache lines */

START_TEST(invalid_memory_is_reported_at_the_map)
{
	struct dmt_tracker *t = tracker(4, 0);
	struct dmt_call c = call(DEV_A, 0x130000, 64, DMT_TO_DEVICE, DMT_FAM_SINGLE, 1);

	c.mem = DMT_MEM_STACK;
	dmt_map(t, &c);
	expect_one("invalid-dma-memory", 1, 0);
	ck_assert_ptr_nonnull(strstr(seen[0].message, "stack"));
	dmt_destroy(t);
}
END_TEST

/* The map the kernel refused before any exported function: reported with its call chain, nothing tracked. */
START_TEST(a_refused_map_is_reported_with_its_stack)
{
	struct dmt_tracker *t = tracker(4, 0);
	struct dmt_call c = call(DEV_A, DMT_MAPPING_ERROR, 0, DMT_BIDIRECTIONAL, DMT_FAM_SINGLE, 7);
	static const unsigned long chain[] = { 7, 70, 700 };
	struct dmt_stats st;

	c.mem = DMT_MEM_VMALLOC;
	c.flags = DMT_CALL_REFUSED;
	c.stack = chain;
	c.nr_stack = 3;
	dmt_map(t, &c);
	ck_assert_uint_eq(seen[0].nr_stack, 3);
	ck_assert_uint_eq(seen[0].stack[2], 700);
	ck_assert_ptr_nonnull(strstr(seen[0].message, "refused"));
	ck_assert_ptr_null(strstr(seen[0].message, "bytes"));	/* the size is not known */
	expect_one("invalid-dma-memory", 7, 0);
	dmt_get_stats(t, &st);
	ck_assert_uint_eq(st.live, 0);
	dmt_destroy(t);
}
END_TEST

START_TEST(device_written_mappings_sharing_a_line)
{
	struct dmt_tracker *t = tracker(8, 0);
	unsigned char *page = buffer(4096);
	struct dmt_call a = buf_call(DEV_A, page, 100, DMT_FROM_DEVICE, 1);
	struct dmt_call b = buf_call(DEV_A, page + 100, 100, DMT_FROM_DEVICE, 2);
	struct dmt_call c = buf_call(DEV_A, page + 256, 64, DMT_FROM_DEVICE, 3);
	struct dmt_call d = buf_call(DEV_B, page + 192, 64, DMT_TO_DEVICE, 4);

	dmt_map(t, &a);
	dmt_map(t, &b);		/* bytes 64..127 are in both */
	expect_one("cacheline-sharing", 2, 1);
	dmt_map(t, &c);		/* its own line */
	dmt_map(t, &d);		/* the device only reads it */
	expect_nothing();
	free(page);
	dmt_destroy(t);
}
END_TEST

START_TEST(a_mapping_inside_a_larger_one_shares_lines)
{
	/* Not only the first line counts (the kernel's check looks at that one only). */
	struct dmt_tracker *t = tracker(8, 0);
	unsigned char *buf = buffer(3 * 4096);
	struct dmt_call big = buf_call(DEV_A, buf, 3 * 4096, DMT_BIDIRECTIONAL, 1);
	struct dmt_call inner = buf_call(DEV_B, buf + 2 * 4096 + 640, 64, DMT_FROM_DEVICE, 2);
	struct dmt_call skip = buf_call(DEV_B, buf + 4096, 64, DMT_FROM_DEVICE, 3);

	dmt_map(t, &big);
	dmt_map(t, &inner);
	expect_one("cacheline-sharing", 2, 1);
	skip.flags = DMT_CALL_SKIP_CPU_SYNC;
	dmt_map(t, &skip);
	expect_nothing();
	free(buf);
	dmt_destroy(t);
}
END_TEST

/* ------------------------------------------------------------ CPU writes */

START_TEST(checksum_mode_finds_writes_to_a_to_device_buffer)
{
	struct dmt_tracker *t = tracker(4, DMT_MODE_CHECKSUM);
	unsigned char *buf = buffer(1500);
	struct dmt_call c = buf_call(DEV_A, buf, 1500, DMT_TO_DEVICE, 1);
	struct dmt_call u = c;

	dmt_map(t, &c);
	buf[14] = 0x45;		/* patches the header after the hand-over */
	u.site.ip = 2;
	dmt_unmap(t, &u);
	expect_one("cpu-write-while-device-owned", 2, 1);

	/* The documented way: take it back, write, give it again. */
	dmt_map(t, &c);
	dmt_sync(t, &u, 0);
	buf[14] = 0x46;
	u.site.ip = 3;
	dmt_sync(t, &u, 1);
	dmt_unmap(t, &u);
	expect_nothing();

	/* Written after map, then handed over again without taking it back. */
	dmt_map(t, &c);
	buf[20] = 1;
	u.site.ip = 4;
	dmt_sync(t, &u, 1);
	expect_one("cpu-write-while-device-owned", 4, 1);
	dmt_unmap(t, &u);
	expect_nothing();
	free(buf);
	dmt_destroy(t);
}
END_TEST

START_TEST(checksum_mode_ignores_device_written_direct_buffers)
{
	/* The device itself writes a FROM_DEVICE buffer that is not bounced. */
	struct dmt_tracker *t = tracker(4, DMT_MODE_CHECKSUM);
	unsigned char *buf = buffer(256);
	struct dmt_call c = buf_call(DEV_A, buf, 256, DMT_FROM_DEVICE, 1);

	dmt_map(t, &c);
	memset(buf, 0x77, 256);
	dmt_unmap(t, &c);
	expect_nothing();
	free(buf);
	dmt_destroy(t);
}
END_TEST

START_TEST(plain_mode_reads_no_bytes)
{
	struct dmt_tracker *t = tracker(4, DMT_MODE_PLAIN);
	unsigned char *buf = buffer(64);
	struct dmt_call c = buf_call(DEV_A, buf, 64, DMT_TO_DEVICE, 1);

	dmt_map(t, &c);
	buf[0] = 9;
	dmt_unmap(t, &c);
	expect_nothing();
	free(buf);
	dmt_destroy(t);
}
END_TEST

START_TEST(poison_mode_poisons_bounced_receive_buffers)
{
	struct dmt_tracker *t = tracker(4, DMT_MODE_POISON);
	unsigned char *buf = buffer(512);
	struct dmt_call c = buf_call(DEV_A, buf, 512, DMT_FROM_DEVICE, 1);
	struct dmt_call u = c;

	c.flags = DMT_CALL_BOUNCED;
	dmt_map(t, &c);
	ck_assert_uint_eq(buf[0], 0xa5);	/* a read before sync sees poison */
	ck_assert_uint_eq(buf[511], 0xa5);
	dmt_sync(t, &u, 0);
	expect_nothing();
	dmt_sync(t, &u, 1);
	ck_assert_uint_eq(buf[100], 0xa5);	/* poisoned again at the hand-over */
	buf[100] = 0;				/* CPU write while the device owns it */
	u.site.ip = 2;
	dmt_unmap(t, &u);
	expect_one("cpu-write-while-device-owned", 2, 1);

	/* Unbounced buffers are the device's to write: never poisoned. */
	memset(buf, 0x11, 512);
	c.flags = 0;
	dmt_map(t, &c);
	ck_assert_uint_eq(buf[0], 0x11);
	dmt_unmap(t, &c);
	expect_nothing();
	free(buf);
	dmt_destroy(t);
}
END_TEST

START_TEST(mode_can_change_while_running)
{
	struct dmt_tracker *t = tracker(4, DMT_MODE_PLAIN);
	unsigned char *buf = buffer(64);
	struct dmt_call c = buf_call(DEV_A, buf, 64, DMT_TO_DEVICE, 1);

	dmt_map(t, &c);			/* mapped in plain mode: no checksum */
	dmt_set_mode(t, DMT_MODE_CHECKSUM);
	ck_assert_uint_eq(dmt_get_mode(t), DMT_MODE_CHECKSUM);
	buf[0] = 1;
	dmt_unmap(t, &c);
	expect_nothing();
	dmt_map(t, &c);
	buf[0] = 2;
	dmt_unmap(t, &c);
	ck_assert_uint_eq(nseen, 1);
	free(buf);
	dmt_destroy(t);
}
END_TEST

/* ------------------------------------------------------------ leaks */

static int match_dev(const struct dmt_entry_info *e, void *ctx)
{
	return e->dev == ctx;
}

START_TEST(release_reports_each_leak_once_and_forgets_it)
{
	struct dmt_tracker *t = tracker(8, 0);
	struct dmt_call m = call(DEV_A, 0x140000, 2048, DMT_FROM_DEVICE, DMT_FAM_SINGLE, 1);
	struct dmt_call a = call(DEV_A, 0x150000, 4096, DMT_BIDIRECTIONAL, DMT_FAM_COHERENT, 2);
	struct dmt_call other = call(DEV_B, 0x160000, 64, DMT_TO_DEVICE, DMT_FAM_SINGLE, 3);
	struct dmt_stats st;

	dmt_map(t, &m);
	dmt_alloc(t, &a);
	dmt_map(t, &other);
	map_sg(t, three, 3, 3, 4);
	ck_assert_uint_eq(dmt_release(t, match_dev, (void *)DEV_A, "driver unbind"), 3);
	ck_assert_uint_eq(nseen, 3);
	for (unsigned int i = 0; i < 3; i++) {
		ck_assert_uint_eq(seen[i].related.ip, seen[i].site.ip);
		ck_assert_ptr_nonnull(strstr(seen[i].message, "driver unbind"));
		ck_assert_str_eq(seen[i].slug, seen[i].site.ip == 2 ? "coherent-leak" : "mapping-leak");
	}
	nseen = 0;
	dmt_get_stats(t, &st);
	ck_assert_uint_eq(st.live, 1);
	ck_assert_uint_eq(dmt_release(t, match_dev, (void *)DEV_A, "driver unbind"), 0);
	/* A forgotten leak unmapped later is not a double unmap. */
	dmt_unmap(t, &m);
	expect_nothing();
	dmt_destroy(t);
}
END_TEST

START_TEST(leaked_unchecked_wrapped_map_is_reported_too)
{
	struct dmt_tracker *t = tracker(4, 0);
	struct dmt_call m = call(DEV_A, 0x170000, 64, DMT_TO_DEVICE, DMT_FAM_SINGLE, 1);

	m.flags = DMT_CALL_WRAPPED;
	dmt_map(t, &m);
	dmt_release(t, match_dev, (void *)DEV_A, "module unload");
	ck_assert_uint_eq(nseen, 2);
	ck_assert_str_eq(seen[0].slug, "mapping-leak");
	ck_assert_str_eq(seen[1].slug, "unchecked-mapping-error");
	dmt_destroy(t);
}
END_TEST

static int gone_all(const void *p, void *ctx)
{
	(void)p;
	(void)ctx;
	return 1;
}

START_TEST(forgotten_sources_are_not_reported)
{
	struct dmt_tracker *t = tracker(4, 0);
	static const struct dmt_src src = { "drv.c", "drv_xmit", 42 };
	struct dmt_call m = call(DEV_A, 0x180000, 64, DMT_TO_DEVICE, DMT_FAM_SINGLE, 1);

	struct dmt_entry_info info;

	m.site.src = &src;
	m.driver = &src;	/* any cookie */
	dmt_map(t, &m);
	dmt_forget_sources(t, gone_all, NULL);
	ck_assert_uint_eq(dmt_snapshot(t, &info, 1, 0), 1);
	ck_assert_ptr_null(info.driver);
	ck_assert_ptr_null(info.map_site.src);
	dmt_unmap(t, &m);
	dmt_forget_sources(t, gone_all, NULL);
	m.site.src = NULL;
	dmt_unmap(t, &m);
	ck_assert_ptr_null(seen[0].related.src);
	expect_one("double-unmap", 1, 1);
	dmt_destroy(t);
}
END_TEST

/* ------------------------------------------------------------ bounded memory */

START_TEST(exhaustion_drops_and_counts_never_misreports)
{
	struct dmt_tracker *t = tracker(2, 0);
	struct dmt_call c[3];
	struct dmt_stats st;

	for (int i = 0; i < 3; i++) {
		c[i] = call(DEV_A, 0x190000 + 0x1000 * i, 64, DMT_TO_DEVICE, DMT_FAM_SINGLE, 1);
		dmt_map(t, &c[i]);
	}
	dmt_get_stats(t, &st);
	ck_assert_uint_eq(st.dropped, 1);
	ck_assert_uint_eq(st.live, 2);
	ck_assert_uint_eq(told_full, 1);
	dmt_map(t, &c[2]);	/* said once, counted every time */
	ck_assert_uint_eq(told_full, 1);
	dmt_get_stats(t, &st);
	ck_assert_uint_eq(st.dropped, 2);
	for (int i = 0; i < 3; i++)
		dmt_unmap(t, &c[i]);	/* the dropped one is untracked, not a double unmap */
	expect_nothing();
	dmt_get_stats(t, &st);
	ck_assert_uint_eq(st.untracked, 1);
	dmt_map(t, &c[2]);
	dmt_get_stats(t, &st);
	ck_assert_uint_eq(st.live, 1);
	dmt_destroy(t);
}
END_TEST

START_TEST(snapshot_lists_live_entries)
{
	struct dmt_tracker *t = tracker(8, 0);
	struct dmt_entry_info info[8];
	struct dmt_call c = call(DEV_A, 0x1a0000, 64, DMT_TO_DEVICE, DMT_FAM_SINGLE, 1);

	dmt_map(t, &c);
	c.addr += 0x1000;
	dmt_map(t, &c);
	dmt_sync(t, &c, 0);
	ck_assert_uint_eq(dmt_snapshot(t, info, 8, 0), 2);
	ck_assert_uint_eq(dmt_snapshot(t, info, 8, 1), 1);
	ck_assert_uint_eq(dmt_snapshot(t, info, 1, 0), 1);
	ck_assert_int_eq(info[0].family, DMT_FAM_SINGLE);
	dmt_destroy(t);
}
END_TEST

/* ------------------------------------------------------------ concurrency */

struct worker {
	struct dmt_tracker *t;
	int id;
};

static void *hammer(void *arg)
{
	struct worker *w = arg;

	for (int i = 0; i < 20000; i++) {
		unsigned long long addr = 0x10000000ULL * (unsigned long long)(w->id + 1) +
					  (unsigned long long)(i % 64) * 0x1000;
		struct dmt_call c = call((const void *)(uintptr_t)(0x100 * (w->id + 1)), addr, 512,
					 DMT_FROM_DEVICE, DMT_FAM_SINGLE, 1);

		dmt_map(w->t, &c);
		dmt_sync(w->t, &c, 0);
		dmt_sync(w->t, &c, 1);
		dmt_unmap(w->t, &c);
	}
	return NULL;
}

START_TEST(concurrent_callers_keep_the_table_consistent)
{
	struct dmt_tracker *t = tracker(64, 0);
	pthread_t th[4];
	struct worker w[4];
	struct dmt_stats st;

	for (int i = 0; i < 4; i++) {
		w[i] = (struct worker){ t, i };
		ck_assert_int_eq(pthread_create(&th[i], NULL, hammer, &w[i]), 0);
	}
	for (int i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	dmt_get_stats(t, &st);
	ck_assert_uint_eq(st.live, 0);
	ck_assert_uint_eq(st.ops[DMT_OP_MAP], 80000);
	ck_assert_uint_eq(st.ops[DMT_OP_UNMAP], 80000);
	ck_assert_uint_eq(st.dropped, 0);
	expect_nothing();
	dmt_destroy(t);
}
END_TEST

static Suite *core_suite(void)
{
	Suite *s = suite_create("dmt_core");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, map_then_unmap_is_silent_and_frees_the_entry);
	tcase_add_test(tc, failed_map_is_not_tracked);
	tcase_add_test(tc, table_bytes_are_fixed_at_creation_and_grow_with_capacity);
	tcase_add_test(tc, the_rules_resolve_against_the_catalogue);
	tcase_add_test(tc, bad_configuration_is_refused_with_a_reason);
	tcase_add_test(tc, second_unmap_is_double_unmap_naming_the_first);
	tcase_add_test(tc, unmap_of_mapping_error_handle_is_reported);
	tcase_add_test(tc, unmap_of_a_handle_never_seen_is_silent);
	tcase_add_test(tc, remapping_a_handle_clears_its_history);
	tcase_add_test(tc, unmap_on_another_device_is_not_a_match);
	tcase_add_test(tc, unmap_with_other_size_direction_family);
	tcase_add_test(tc, free_coherent_checks_family_and_size);
	tcase_add_test(tc, pool_blocks_inside_their_coherent_page);
	tcase_add_test(tc, best_fit_among_equal_handles);
	tcase_add_test(tc, sync_cycle_is_silent);
	tcase_add_test(tc, sync_of_part_inside_the_mapping);
	tcase_add_test(tc, sync_in_another_direction);
	tcase_add_test(tc, sync_after_unmap_names_the_unmap);
	tcase_add_test(tc, sync_of_coherent_memory_is_api_mismatch);
	tcase_add_test(tc, second_sync_for_cpu_is_missing_sync_for_device);
	tcase_add_test(tc, disjoint_partial_syncs_are_legal);
	tcase_add_test(tc, sg_map_sync_unmap_is_silent);
	tcase_add_test(tc, sg_unmap_with_the_mapped_count_is_nents_misuse);
	tcase_add_test(tc, sg_unmapped_twice_and_synced_after);
	tcase_add_test(tc, wrapped_map_used_without_check_is_reported_once);
	tcase_add_test(tc, wrapped_map_checked_is_silent_and_kprobe_maps_are_not_judged);
	tcase_add_test(tc, invalid_memory_is_reported_at_the_map);
	tcase_add_test(tc, a_refused_map_is_reported_with_its_stack);
	tcase_add_test(tc, device_written_mappings_sharing_a_line);
	tcase_add_test(tc, a_mapping_inside_a_larger_one_shares_lines);
	tcase_add_test(tc, checksum_mode_finds_writes_to_a_to_device_buffer);
	tcase_add_test(tc, checksum_mode_ignores_device_written_direct_buffers);
	tcase_add_test(tc, plain_mode_reads_no_bytes);
	tcase_add_test(tc, poison_mode_poisons_bounced_receive_buffers);
	tcase_add_test(tc, mode_can_change_while_running);
	tcase_add_test(tc, release_reports_each_leak_once_and_forgets_it);
	tcase_add_test(tc, leaked_unchecked_wrapped_map_is_reported_too);
	tcase_add_test(tc, forgotten_sources_are_not_reported);
	tcase_add_test(tc, exhaustion_drops_and_counts_never_misreports);
	tcase_add_test(tc, snapshot_lists_live_entries);
	tcase_add_test(tc, concurrent_callers_keep_the_table_consistent);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return dmc_run_suite(core_suite());
}
