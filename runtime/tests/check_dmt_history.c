// SPDX-License-Identifier: GPL-2.0
/*
 * The history of unmapped handles and its index (dmt_history.c), through
 * the core's calls: a double unmap or a sync after unmap is found among
 * thousands of other unmaps, a re-mapped handle's unmaps are forgotten
 * without losing their neighbours in the same chain, slots overwritten by
 * the ring leave their chains, an address deep inside an unmapped mapping
 * is found from the page it started in, and the newest unmap wins.
 */
#include "dmt_internal.h"
#include "dmt_test.h"

#define PAGE 4096ULL
#define UNMAP_IP(i) (1000000UL + (i))

static struct dmt_tracker *tracker_remembering(unsigned long max_entries, unsigned int history)
{
	struct dmt_config cfg = { .max_entries = max_entries, .history = history };

	return tracker_with(&cfg);
}

/* Maps and unmaps c, the unmap at site unmap_ip. */
static void map_unmap(struct dmt_tracker *t, struct dmt_call c, unsigned long unmap_ip)
{
	dmt_map(t, &c);
	c.site.ip = unmap_ip;
	dmt_unmap(t, &c);
}

/* Unmaps c once more at site ip and expects it named as a double unmap of related_ip. */
static void expect_double_unmap(struct dmt_tracker *t, struct dmt_call c, unsigned long ip,
				unsigned long related_ip)
{
	c.site.ip = ip;
	dmt_unmap(t, &c);
	expect_one("double-unmap", ip, related_ip);
}

static unsigned long long untracked(struct dmt_tracker *t)
{
	struct dmt_stats st;

	dmt_get_stats(t, &st);
	return st.untracked;
}

/*
 * The index agrees with the ring: every chain is doubly linked, newest
 * first, holds only slots of its bucket, ends (no cycle), and the chains
 * together hold exactly the slots that remember an unmap.
 */
static void expect_index_whole(struct dmt_tracker *t)
{
	const struct dmt_history *h = &t->history;
	unsigned int b, i, link, prev, linked = 0, remembered = 0;

	for (b = 0; b < h->nbuckets; b++) {
		for (prev = 0, link = h->heads[b]; link; prev = link, link = h->ring[link - 1].next) {
			const struct dmt_gone *g = &h->ring[link - 1];

			ck_assert_uint_le(link, h->size);
			ck_assert_ptr_nonnull(g->dev);
			ck_assert_uint_eq(g->prev, prev);
			ck_assert_uint_eq(dmt_hash_page(g->dev, dmt_page_of(g->addr)) & (h->nbuckets - 1), b);
			if (prev)
				ck_assert_uint_lt(g->seq, h->ring[prev - 1].seq);
			ck_assert_uint_le(++linked, h->size);
		}
	}
	for (i = 0; i < h->size; i++)
		remembered += h->ring[i].dev != NULL;
	ck_assert_uint_eq(linked, remembered);
}

static int match_all(const struct dmt_entry_info *e, void *ctx)
{
	(void)e;
	(void)ctx;
	return 1;
}

/*
 * Small receive buffers: eight 512-byte handles share every page, so the
 * chains of a page's bucket hold several unmaps at once.
 */
static struct dmt_call rx_buffer(const void *dev, unsigned int i)
{
	return call(dev, 0x10000000ULL + i * 512ULL, 512, DMT_FROM_DEVICE, DMT_FAM_SINGLE, 1);
}

START_TEST(double_unmap_is_found_after_thousands_of_other_unmaps)
{
	struct dmt_tracker *t = tracker_remembering(64, 4096);
	struct dmt_call victim = call(DEV_A, 0x7fff0000, 1500, DMT_TO_DEVICE, DMT_FAM_SINGLE, 1);
	unsigned int i;

	map_unmap(t, victim, 2);
	/* 4000 unmaps on two devices, in and around the victim's page too. */
	for (i = 0; i < 4000; i++)
		map_unmap(t, rx_buffer(i % 2 ? DEV_B : DEV_A, i), UNMAP_IP(i));
	for (i = 0; i < 8; i++)
		map_unmap(t, call(DEV_B, victim.addr + i * 512, 64, DMT_TO_DEVICE,
				  DMT_FAM_SINGLE, 1), UNMAP_IP(5000 + i));
	expect_nothing();
	expect_index_whole(t);
	expect_double_unmap(t, victim, 3, 2);
	expect_double_unmap(t, rx_buffer(DEV_B, 3999), 4, UNMAP_IP(3999));
	expect_double_unmap(t, rx_buffer(DEV_A, 1000), 5, UNMAP_IP(1000));
	/* DEV_A never mapped rx buffer 3999: DEV_B's unmap says nothing about it. */
	dmt_unmap(t, &(struct dmt_call){ .dev = DEV_A, .addr = rx_buffer(DEV_A, 3999).addr,
					  .size = 512, .dir = DMT_FROM_DEVICE });
	expect_nothing();
	dmt_destroy(t);
}
END_TEST

/*
 * A handle mapped again forgets its unmaps: when the new mapping is then
 * released as a leak, a later unmap is untracked, not a double unmap.  Its
 * neighbours in the same page (the same chain, before and after it) and the
 * same handle on another device are still remembered, until they are
 * mapped again themselves.
 */
START_TEST(a_remapped_handle_forgets_its_unmaps_and_only_them)
{
	struct dmt_tracker *t = tracker_remembering(64, 64);
	struct dmt_call older = rx_buffer(DEV_A, 0), middle = rx_buffer(DEV_A, 1);
	struct dmt_call newer = rx_buffer(DEV_A, 2), other_dev = rx_buffer(DEV_B, 1);
	unsigned long long before;

	map_unmap(t, older, 10);
	map_unmap(t, middle, 11);
	map_unmap(t, other_dev, 12);
	map_unmap(t, newer, 13);
	dmt_map(t, &middle);
	expect_index_whole(t);
	/* The chain's last one goes too, through a link the middle one's going changed. */
	dmt_map(t, &older);
	expect_index_whole(t);
	ck_assert_uint_eq(dmt_release(t, match_all, NULL, "driver unbind"), 2);
	nseen = 0;
	before = untracked(t);
	dmt_unmap(t, &middle);
	dmt_unmap(t, &older);
	expect_nothing();
	ck_assert_uint_eq(untracked(t), before + 2);
	expect_double_unmap(t, newer, 21, 13);
	expect_double_unmap(t, other_dev, 22, 12);
	dmt_destroy(t);
}
END_TEST

/*
 * With a ring of 16, the 17th unmap overwrites the oldest: it must leave
 * its chain (else a later call finds a slot that now describes another
 * handle), and the chains must stay whole across many turns of the ring.
 */
START_TEST(ring_wrap_around_unlinks_overwritten_unmaps)
{
	struct dmt_tracker *t = tracker_remembering(64, 16);
	const unsigned int total = 1000, kept = 16;
	unsigned long long before;
	unsigned int i;

	for (i = 0; i < total; i++) {
		map_unmap(t, rx_buffer(DEV_A, i % 24), UNMAP_IP(i));
		expect_index_whole(t);
	}
	for (i = total - kept; i < total; i++)
		expect_double_unmap(t, rx_buffer(DEV_A, i % 24), 2, UNMAP_IP(i));
	/* Buffers 16..23 of the last lap were unmapped longer ago than the ring holds. */
	before = untracked(t);
	for (i = 16; i < 24; i++)
		dmt_unmap(t, &(struct dmt_call){ .dev = DEV_A, .addr = rx_buffer(DEV_A, i).addr,
						  .size = 512, .dir = DMT_FROM_DEVICE });
	expect_nothing();
	ck_assert_uint_eq(untracked(t), before + 8);
	dmt_destroy(t);
}
END_TEST

/*
 * A 4-page mapping is indexed in the bucket of its first page: a sync of
 * its last page after the unmap is found by walking back, and names the
 * mapping's handle; a sync just past its end is not.
 */
START_TEST(sync_deep_inside_an_unmapped_mapping_is_found_from_its_first_page)
{
	struct dmt_tracker *t = tracker_remembering(64, 256);
	struct dmt_call big = call(DEV_A, 0x40000000, 4 * PAGE, DMT_FROM_DEVICE, DMT_FAM_SINGLE, 1);
	struct dmt_call s = big;
	unsigned int i;

	map_unmap(t, big, 2);
	for (i = 0; i < 100; i++)
		map_unmap(t, rx_buffer(DEV_A, i), UNMAP_IP(i));
	s.addr = big.addr + 3 * PAGE + 100;
	s.size = 64;
	s.site.ip = 3;
	dmt_sync(t, &s, 0);
	expect_one("sync-after-unmap", 3, 2);
	/* The report names the mapping, not the synced address. */
	dmt_sync(t, &s, 1);
	ck_assert_uint_eq(nseen, 1);
	ck_assert_uint_eq(seen[0].addr, big.addr);
	ck_assert_uint_eq(seen[0].size, big.size);
	nseen = 0;
	s.addr = big.addr + 4 * PAGE;
	dmt_sync(t, &s, 0);
	expect_nothing();
	dmt_destroy(t);
}
END_TEST

/*
 * Two unmapped mappings contain the synced address and start in different
 * pages (different buckets): the most recent unmap is named, whichever
 * page it started in.
 */
static void sync_names_the_newest(const struct dmt_call *first, const struct dmt_call *second)
{
	struct dmt_tracker *t = tracker_remembering(64, 64);
	struct dmt_call s = call(DEV_A, 0x50001000 + 200, 32, DMT_FROM_DEVICE, DMT_FAM_SINGLE, 9);

	map_unmap(t, *first, 2);
	map_unmap(t, *second, 3);
	dmt_sync(t, &s, 0);
	expect_one("sync-after-unmap", 9, 3);
	ck_assert_uint_eq(seen[0].addr, second->addr);
	dmt_destroy(t);
}

START_TEST(the_newest_unmap_is_named_among_candidates_of_several_pages)
{
	struct dmt_call low = call(DEV_A, 0x50000000, 2 * PAGE, DMT_FROM_DEVICE, DMT_FAM_SINGLE, 1);
	struct dmt_call high = call(DEV_A, 0x50001000, PAGE, DMT_FROM_DEVICE, DMT_FAM_SINGLE, 1);

	sync_names_the_newest(&low, &high);
	sync_names_the_newest(&high, &low);
}
END_TEST

/* What make bench reports as the tracker's memory includes the index. */
START_TEST(table_bytes_count_the_history_and_its_index)
{
	struct dmt_tracker *small = tracker_remembering(64, 4096);
	struct dmt_tracker *big = tracker_remembering(64, 8192);
	struct dmt_stats st_small, st_big;

	dmt_get_stats(small, &st_small);
	dmt_get_stats(big, &st_big);
	ck_assert_uint_eq(st_big.table_bytes - st_small.table_bytes,
			  4096 * (sizeof(struct dmt_gone) + sizeof(unsigned int)));
	dmt_destroy(small);
	dmt_destroy(big);
}
END_TEST

START_TEST(a_history_too_large_is_refused_with_a_reason)
{
	struct dmt_config cfg = { .max_entries = 64, .history = (1u << 24) + 1, .cacheline = 64,
				  .report = record };
	const char *why = NULL;

	ck_assert_ptr_null(dmt_create(&cfg, &why));
	ck_assert_ptr_nonnull(strstr(why, "history"));
}
END_TEST

static Suite *history_suite(void)
{
	Suite *s = suite_create("dmt_history");
	TCase *tc = tcase_create("history");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, double_unmap_is_found_after_thousands_of_other_unmaps);
	tcase_add_test(tc, a_remapped_handle_forgets_its_unmaps_and_only_them);
	tcase_add_test(tc, ring_wrap_around_unlinks_overwritten_unmaps);
	tcase_add_test(tc, sync_deep_inside_an_unmapped_mapping_is_found_from_its_first_page);
	tcase_add_test(tc, the_newest_unmap_is_named_among_candidates_of_several_pages);
	tcase_add_test(tc, table_bytes_count_the_history_and_its_index);
	tcase_add_test(tc, a_history_too_large_is_refused_with_a_reason);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return dmc_run_suite(history_suite());
}
