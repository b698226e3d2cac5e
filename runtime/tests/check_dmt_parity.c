// SPDX-License-Identifier: GPL-2.0
/*
 * The checks that close the gap to CONFIG_DMA_API_DEBUG (shared/reference
 * dma-debug.md, section 1b): a coherent free with another CPU address (#5),
 * non-contiguous and non-coherent allocations, and scatterlist segments
 * beyond the device's limits (#22, #23).
 */
#include "dmt_test.h"

static int match_dev(const struct dmt_entry_info *e, void *ctx)
{
	return e->dev == ctx;
}

START_TEST(coherent_free_with_another_cpu_address)
{
	struct dmt_tracker *t = tracker(4, 0);
	struct dmt_call a = call(DEV_A, 0x60000, 1088, DMT_BIDIRECTIONAL, DMT_FAM_COHERENT, 1);
	struct dmt_call f = a;

	a.cpu = 0xffff888001000000ULL;
	dmt_alloc(t, &a);
	f.cpu = a.cpu + 64;		/* the ring inside the area, not the area */
	f.site.ip = 2;
	dmt_free(t, &f);
	expect_one("api-mismatch", 2, 1);
	ck_assert_ptr_nonnull(strstr(seen[0].message, "different CPU address"));
	nseen = 0;
	dmt_alloc(t, &a);
	f.cpu = a.cpu;
	dmt_free(t, &f);
	f.cpu = 0;			/* unknown: not judged */
	dmt_alloc(t, &a);
	dmt_free(t, &f);
	expect_nothing();
	dmt_destroy(t);
}
END_TEST

START_TEST(pool_block_freed_with_another_address)
{
	struct dmt_tracker *t = tracker(4, 0);
	struct dmt_call blk = call(DEV_A, 0x58040, 64, DMT_BIDIRECTIONAL, DMT_FAM_POOL, 1);
	struct dmt_call f = blk;

	blk.cpu = 0x1000040;
	dmt_alloc(t, &blk);
	f.cpu = 0x1000080;
	f.site.ip = 2;
	dmt_free(t, &f);
	expect_one("api-mismatch", 2, 1);
	dmt_destroy(t);
}
END_TEST

/* dma_alloc_pages(): the CPU's until dma_sync_*_for_device() gives it to the device. */
START_TEST(noncoherent_pages_start_with_the_cpu)
{
	struct dmt_tracker *t = tracker(4, 0);
	struct dmt_call a = call(DEV_A, 0x70000, 256, DMT_FROM_DEVICE, DMT_FAM_PAGES, 1);
	struct dmt_call s = call(DEV_A, 0x70000, 256, DMT_FROM_DEVICE, DMT_FAM_SINGLE, 2);

	a.cpu = 0x5000;
	dmt_alloc(t, &a);
	dmt_sync(t, &s, 0);		/* read back what the device never had */
	expect_one("missing-sync-for-device", 2, 1);
	ck_assert_ptr_nonnull(strstr(seen[0].message, "since its allocation"));
	a.site.ip = 3;
	dmt_free(t, &a);
	expect_nothing();

	/* The cycle the documentation asks for: silent, syncs included. */
	dmt_alloc(t, &a);
	s.site.ip = 4;
	dmt_sync(t, &s, 1);
	s.site.ip = 5;
	dmt_sync(t, &s, 0);
	dmt_free(t, &a);
	expect_nothing();
	dmt_destroy(t);
}
END_TEST

START_TEST(noncoherent_pages_freed_in_another_direction)
{
	struct dmt_tracker *t = tracker(4, 0);
	struct dmt_call a = call(DEV_A, 0x70000, 256, DMT_FROM_DEVICE, DMT_FAM_PAGES, 1);
	struct dmt_call f = a;

	dmt_alloc(t, &a);
	f.dir = DMT_TO_DEVICE;
	f.site.ip = 2;
	dmt_free(t, &f);
	expect_one("direction-mismatch", 2, 1);
	dmt_destroy(t);
}
END_TEST

/* A mapped list (or a non-contiguous allocation) of n segments. */
static void map_list(struct dmt_tracker *t, struct dmt_call *c, const struct dmt_seg *seg,
		     unsigned int n)
{
	struct segs s = { seg, n, 0 };
	struct dmt_seg_iter it = { next_seg, &s };

	c->addr = seg[0].addr;
	dmt_map_sg(t, c, &it);
}

START_TEST(noncontiguous_memory_is_an_allocation)
{
	struct dmt_tracker *t = tracker(8, 0);
	const struct dmt_seg one[] = { { 0x80000, DMT_NO_PADDR, 12288, 4096 } };
	struct dmt_call a = call(DEV_A, 0, 10000, DMT_FROM_DEVICE, DMT_FAM_NONCONTIG, 1);
	struct dmt_call u = call(DEV_A, 0x80000, 12288, DMT_FROM_DEVICE, DMT_FAM_SG, 2);
	struct dmt_call f = call(DEV_A, 0x80000, 10000, DMT_FROM_DEVICE, DMT_FAM_NONCONTIG, 3);
	struct dmt_stats st;

	a.nents = 3;
	a.cpu = 0xabc0;
	map_list(t, &a, one, 1);
	dmt_get_stats(t, &st);
	ck_assert_uint_eq(st.ops[DMT_OP_ALLOC], 1);
	u.nents = 3;
	dmt_unmap_sg(t, &u);		/* dma_unmap_sgtable() is not how it goes back */
	expect_one("api-mismatch", 2, 1);
	dmt_get_stats(t, &st);
	ck_assert_uint_eq(st.live, 0);

	/* Given to the device, read back, freed with its own call and sg_table: silent. */
	map_list(t, &a, one, 1);
	u.site.ip = 4;
	dmt_sync_sg(t, &u, &(struct dmt_seg_iter){ next_seg, &(struct segs){ one, 1, 0 } }, 1);
	dmt_sync_sg(t, &u, &(struct dmt_seg_iter){ next_seg, &(struct segs){ one, 1, 0 } }, 0);
	f.cpu = a.cpu;
	dmt_free(t, &f);
	expect_nothing();

	/* Lost: a leak of an allocation, not of a mapping. */
	map_list(t, &a, one, 1);
	ck_assert_uint_eq(dmt_release(t, match_dev, (void *)DEV_A, "driver unbind"), 1);
	expect_one("coherent-leak", 1, 1);
	dmt_destroy(t);
}
END_TEST

START_TEST(segments_beyond_the_device_limits)
{
	struct dmt_tracker *t = tracker(8, 0);
	const struct dmt_seg long_one[] = { { 0x100000, DMT_NO_PADDR, 16384, 16384 },
					    { 0x200000, DMT_NO_PADDR, 16384, 16384 } };
	const struct dmt_seg across[] = { { 0x100f00, DMT_NO_PADDR, 512, 512 } };
	const struct dmt_seg fitting[] = { { 0x100000, DMT_NO_PADDR, 4096, 4096 },
					   { 0x101000, DMT_NO_PADDR, 4096, 4096 } };
	struct dmt_call c = call(DEV_A, 0, 0, DMT_TO_DEVICE, DMT_FAM_SG, 1);
	struct dmt_call u = call(DEV_A, 0x100000, 0, DMT_TO_DEVICE, DMT_FAM_SG, 9);

	c.max_seg = 4096;
	c.nents = 2;
	map_list(t, &c, long_one, 2);
	expect_one("sg-segment-limits", 1, 0);	/* once per call */
	ck_assert_ptr_nonnull(strstr(seen[0].message, "maximum segment of 4096"));
	nseen = 0;
	u.nents = 2;
	dmt_unmap_sg(t, &u);
	map_list(t, &c, fitting, 2);
	dmt_unmap_sg(t, &u);
	expect_nothing();

	c.max_seg = 0;			/* not known: not checked */
	c.seg_boundary = 0xfff;
	c.nents = 1;
	c.site.ip = 2;
	map_list(t, &c, across, 1);
	expect_one("sg-segment-limits", 2, 0);
	ck_assert_ptr_nonnull(strstr(seen[0].message, "boundary"));
	nseen = 0;
	u.addr = 0x100f00;
	u.nents = 1;
	dmt_unmap_sg(t, &u);
	c.seg_boundary = 0xffff;
	map_list(t, &c, across, 1);
	expect_nothing();
	dmt_destroy(t);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("dmt_parity");
	TCase *tc = tcase_create("parity");

	tcase_add_test(tc, coherent_free_with_another_cpu_address);
	tcase_add_test(tc, pool_block_freed_with_another_address);
	tcase_add_test(tc, noncoherent_pages_start_with_the_cpu);
	tcase_add_test(tc, noncoherent_pages_freed_in_another_direction);
	tcase_add_test(tc, noncontiguous_memory_is_an_allocation);
	tcase_add_test(tc, segments_beyond_the_device_limits);
	suite_add_tcase(s, tc);
	return dmc_run_suite(s);
}
