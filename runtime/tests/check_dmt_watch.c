// SPDX-License-Identifier: GPL-2.0
/*
 * Watching device-owned buffers: which buffers and bytes a slot is given,
 * the owner the caller's mirror sees through every sync, and the reports of
 * the hits, completed with the hand-back that came after them.
 */
#include "dmt_test.h"

/* The caller's side, as dmatrack.ko keeps it: a mirror of each slot. */
static struct dmt_watch mirror[DMT_WATCH_SLOTS];
static unsigned int told_changed, wanted;
static int store_seen_in;	/* handovers + 1 of the period a store was seen in, 0: none */

static void changed(void *ctx, unsigned int slot, const struct dmt_watch *w)
{
	mirror[slot] = *w;
	told_changed++;
}

static void want(void *ctx)
{
	wanted++;
}

static int saw_write(void *ctx, unsigned int slot, unsigned int handovers)
{
	return store_seen_in == (int)handovers + 1;
}

/* Code addresses: the function is the address's hundreds. */
static int same_function(void *ctx, unsigned long a, unsigned long b)
{
	return a / 100 == b / 100;
}

static struct dmt_tracker *watcher(unsigned int mode)
{
	struct dmt_config cfg = {
		.max_entries = 16, .mode = mode, .watch_slots = 2, .watch_changed = changed,
		.watch_wanted = want, .watch_saw_write = saw_write, .same_function = same_function,
	};

	memset(mirror, 0, sizeof(mirror));
	told_changed = wanted = 0;
	store_seen_in = 0;
	return tracker_with(&cfg);
}

/* A hit as the handler reports it: the access at ip, then the frames out. */
static struct dmt_watch_hit hit_on(unsigned int slot, int write, unsigned long ip,
				   const unsigned long *frames, unsigned int nframes)
{
	struct dmt_watch_hit h = {
		.slot = slot, .binding = mirror[slot].binding, .handovers = mirror[slot].handovers,
		.write = write, .nr_stack = 1 + nframes, .driver_frame = 0,
	};

	h.stack[0] = ip;
	if (nframes)
		memcpy(h.stack + 1, frames, nframes * sizeof(*frames));
	snprintf(h.how, sizeof(h.how), "%s by helper+0x10/0x40", write ? "written" : "read");
	return h;
}

START_TEST(a_received_buffer_is_picked_and_its_owner_followed)
{
	struct dmt_tracker *t = watcher(0);
	unsigned char *buf = buffer(256);
	struct dmt_call c = buf_call(DEV_A, buf, 256, DMT_FROM_DEVICE, 100);
	struct dmt_watch w;

	dmt_map(t, &c);
	ck_assert_uint_gt(wanted, 0);		/* a buffer waits for a slot */
	ck_assert_int_eq(dmt_watch_better(t, 0), 1);	/* a free slot, a buffer waits */
	ck_assert_int_eq(dmt_watch_pick(t, 0, &w), 1);
	ck_assert_uint_eq(w.paddr, (uintptr_t)buf);
	ck_assert_uint_eq(w.len, 8);
	ck_assert_int_eq(mirror[0].state, DMT_WATCH_DEVICE);
	ck_assert_int_eq(dmt_watch_pick(t, 1, &w), 0);	/* one buffer, one slot */
	c.size = 16;
	c.site.ip = 200;
	dmt_sync(t, &c, 0);
	ck_assert_int_eq(mirror[0].state, DMT_WATCH_CPU);
	c.site.ip = 300;
	dmt_sync(t, &c, 1);
	ck_assert_int_eq(mirror[0].state, DMT_WATCH_DEVICE);
	ck_assert_uint_eq(mirror[0].handovers, 1);
	c.size = 256;
	dmt_unmap(t, &c);
	ck_assert_int_eq(mirror[0].state, DMT_WATCH_FREE);
	expect_nothing();
	free(buf);
	dmt_destroy(t);
}
END_TEST

START_TEST(only_buffers_the_device_writes_are_watched)
{
	struct dmt_tracker *t = watcher(0);
	unsigned char *buf = buffer(256);
	struct dmt_call tx = buf_call(DEV_A, buf, 256, DMT_TO_DEVICE, 100);
	struct dmt_call skip = buf_call(DEV_A, buf + 1024, 256, DMT_FROM_DEVICE, 100);
	struct dmt_call tiny = buf_call(DEV_A, buf + 2049, 1, DMT_BIDIRECTIONAL, 100);
	struct dmt_call optional = buf_call(DEV_A, buf + 3072, 64, DMT_FROM_DEVICE, 100);
	struct dmt_watch w;

	skip.flags = DMT_CALL_SKIP_CPU_SYNC;
	dmt_map(t, &tx);
	dmt_map(t, &skip);
	dmt_map(t, &optional);
	dmt_sync_not_needed(t, &optional);	/* dma_need_sync() said no */
	dmt_map(t, &tiny);			/* one byte, at an odd address: still a word */
	ck_assert_int_eq(dmt_watch_pick(t, 0, &w), 1);
	ck_assert_uint_eq(w.paddr, (uintptr_t)buf + 2049);
	ck_assert_uint_eq(w.len, 1);
	ck_assert_int_eq(dmt_watch_pick(t, 1, &w), 0);
	free(buf);
	dmt_destroy(t);
}
END_TEST

START_TEST(the_watched_word_lies_inside_the_buffer)
{
	struct dmt_tracker *t = watcher(0);
	unsigned char *buf = buffer(64);
	struct dmt_call six = buf_call(DEV_A, buf + 1, 6, DMT_FROM_DEVICE, 100);
	struct dmt_call odd = buf_call(DEV_A, buf + 19, 20, DMT_FROM_DEVICE, 100);
	struct dmt_watch w;

	dmt_map(t, &six);
	ck_assert_int_eq(dmt_watch_pick(t, 0, &w), 1);
	ck_assert_uint_eq(w.paddr, (uintptr_t)buf + 2);	/* 2 bytes: 4 would leave [1, 7) */
	ck_assert_uint_eq(w.len, 2);
	dmt_map(t, &odd);
	ck_assert_int_eq(dmt_watch_pick(t, 1, &w), 1);
	ck_assert_uint_eq(w.paddr, (uintptr_t)buf + 24);
	ck_assert_uint_eq(w.len, 8);
	free(buf);
	dmt_destroy(t);
}
END_TEST

/*
 * The read comes in a helper (ip 900) called from the receive loop (frame
 * 250), before the loop's sync_for_cpu (ip 260): reported when the buffer is
 * handed back, at the loop's frame, with the whole history.
 */
START_TEST(a_read_is_reported_at_the_hand_back_with_its_history)
{
	struct dmt_tracker *t = watcher(0);
	unsigned char *buf = buffer(256);
	struct dmt_call c = buf_call(DEV_A, buf, 256, DMT_FROM_DEVICE, 100);
	const unsigned long frames[] = { 250, 150 };
	struct dmt_watch_hit h;
	struct dmt_watch w;

	dmt_map(t, &c);
	dmt_watch_pick(t, 0, &w);
	h = hit_on(0, 0, 900, frames, 2);
	h.driver_frame = 1;
	dmt_watch_hit(t, &h);
	expect_nothing();			/* waits for the hand-back */
	ck_assert_int_eq(dmt_watch_release(t, 0), 0);	/* and keeps its slot meanwhile */
	c.site.ip = 260;
	dmt_sync(t, &c, 0);
	ck_assert_uint_eq(nseen, 1);
	ck_assert_str_eq(seen[0].slug, "cpu-read-while-device-owned");
	ck_assert_uint_eq(seen[0].site.ip, 250);
	ck_assert_uint_eq(seen[0].related.ip, 100);	/* the map gave the device the buffer */
	ck_assert_ptr_nonnull(strstr(seen[0].message, "read by helper+0x10/0x40"));
	ck_assert_uint_eq(seen[0].nflow, 3);
	ck_assert_uint_eq(seen[0].flow[0].site.ip, 100);
	ck_assert_uint_eq(seen[0].flow[1].site.ip, 250);
	ck_assert_uint_eq(seen[0].flow[2].site.ip, 260);
	ck_assert_ptr_nonnull(strstr(seen[0].flow[2].what, "for_cpu"));
	ck_assert_uint_eq(seen[0].nr_stack, 3);
	ck_assert_uint_eq(seen[0].stack[0], 900);
	nseen = 0;
	/* Read again after the sync, by the CPU that owns it now: nothing. */
	c.site.ip = 270;
	dmt_sync(t, &c, 1);
	c.site.ip = 280;
	dmt_unmap(t, &c);
	expect_nothing();
	free(buf);
	dmt_destroy(t);
}
END_TEST

START_TEST(a_later_hand_over_names_the_sync_and_what_came_before)
{
	struct dmt_tracker *t = watcher(0);
	unsigned char *buf = buffer(256);
	struct dmt_call c = buf_call(DEV_A, buf, 256, DMT_FROM_DEVICE, 100);
	struct dmt_watch_hit h;
	struct dmt_watch w;

	dmt_map(t, &c);
	dmt_watch_pick(t, 0, &w);
	c.site.ip = 200;
	dmt_sync(t, &c, 0);
	c.site.ip = 300;
	dmt_sync(t, &c, 1);
	h = hit_on(0, 0, 350, NULL, 0);
	dmt_watch_hit(t, &h);
	c.site.ip = 400;
	dmt_unmap(t, &c);
	ck_assert_uint_eq(nseen, 1);
	ck_assert_uint_eq(seen[0].related.ip, 300);
	ck_assert_uint_eq(seen[0].nflow, 5);	/* map, sync_for_cpu, sync_for_device, read, unmap */
	ck_assert_uint_eq(seen[0].flow[1].site.ip, 200);
	ck_assert_uint_eq(seen[0].flow[4].site.ip, 400);
	ck_assert_ptr_nonnull(strstr(seen[0].flow[4].what, "unmap"));
	free(buf);
	dmt_destroy(t);
}
END_TEST

START_TEST(a_hit_processed_after_the_hand_back_is_reported_at_once)
{
	struct dmt_tracker *t = watcher(0);
	unsigned char *buf = buffer(256);
	struct dmt_call c = buf_call(DEV_A, buf, 256, DMT_FROM_DEVICE, 100);
	struct dmt_watch_hit h, stale;
	struct dmt_watch w;

	dmt_map(t, &c);
	dmt_watch_pick(t, 0, &w);
	h = hit_on(0, 0, 150, NULL, 0);
	c.site.ip = 200;
	dmt_sync(t, &c, 0);		/* handed back before the hit reached the core */
	c.site.ip = 300;
	dmt_sync(t, &c, 1);		/* and over again */
	dmt_watch_hit(t, &h);
	ck_assert_uint_eq(nseen, 1);
	ck_assert_uint_eq(seen[0].related.ip, 100);
	ck_assert_uint_eq(seen[0].flow[seen[0].nflow - 1].site.ip, 200);
	nseen = 0;
	/* From a slot that has moved to another buffer since: dropped, counted. */
	stale = h;
	stale.binding++;
	dmt_watch_hit(t, &stale);
	expect_nothing();
	free(buf);
	dmt_destroy(t);
}
END_TEST

START_TEST(a_store_is_reported_at_the_store_not_at_the_hand_back)
{
	struct dmt_tracker *t = watcher(DMT_MODE_POISON);
	unsigned char *buf = buffer(512);
	struct dmt_call c = buf_call(DEV_A, buf, 512, DMT_FROM_DEVICE, 100);
	struct dmt_watch_hit h;
	struct dmt_watch w;
	struct dmt_stats st;

	c.flags = DMT_CALL_BOUNCED;
	dmt_map(t, &c);
	dmt_watch_pick(t, 0, &w);
	buf[0] = 0;			/* the store the watchpoint sees... */
	store_seen_in = mirror[0].handovers + 1;
	h = hit_on(0, 1, 120, NULL, 0);
	dmt_watch_hit(t, &h);
	c.site.ip = 500;
	dmt_unmap(t, &c);		/* ...and the poison check finds */
	ck_assert_uint_eq(nseen, 1);
	ck_assert_str_eq(seen[0].slug, "cpu-write-while-device-owned");
	ck_assert_uint_eq(seen[0].site.ip, 120);
	dmt_get_stats(t, &st);
	ck_assert_uint_eq(st.watch_picks, 1);
	free(buf);
	dmt_destroy(t);
}
END_TEST

static int match_dev(const struct dmt_entry_info *e, void *ctx)
{
	return e->dev == ctx;
}

START_TEST(a_hit_on_a_leaked_buffer_is_reported_with_the_leak)
{
	struct dmt_tracker *t = watcher(0);
	unsigned char *buf = buffer(256);
	struct dmt_call c = buf_call(DEV_A, buf, 256, DMT_FROM_DEVICE, 100);
	struct dmt_watch_hit h;
	struct dmt_watch w;

	dmt_map(t, &c);
	dmt_watch_pick(t, 0, &w);
	h = hit_on(0, 0, 150, NULL, 0);
	dmt_watch_hit(t, &h);
	dmt_release(t, match_dev, (void *)DEV_A, "driver unbind");
	ck_assert_uint_eq(nseen, 2);
	ck_assert_str_eq(seen[0].slug, "mapping-leak");
	ck_assert_str_eq(seen[1].slug, "cpu-read-while-device-owned");
	ck_assert_uint_eq(seen[1].nflow, 2);	/* never handed back */
	ck_assert_int_eq(mirror[0].state, DMT_WATCH_FREE);
	free(buf);
	dmt_destroy(t);
}
END_TEST

/* A ring of n buffers of 256 bytes in buf, handed over in ring order. */
static void map_ring(struct dmt_tracker *t, const void *dev, unsigned char *buf, unsigned int n,
		     enum dmt_dir dir)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct dmt_call c = buf_call(dev, buf + i * 256, 256, dir, 100);

		dmt_map(t, &c);
	}
}

static void unmap_ring(struct dmt_tracker *t, const void *dev, unsigned char *buf, unsigned int n,
		       enum dmt_dir dir)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct dmt_call c = buf_call(dev, buf + i * 256, 256, dir, 900);

		dmt_unmap(t, &c);
	}
}

/* Which ring buffer a slot was given. */
static unsigned int ring_index(const unsigned char *buf, const struct dmt_watch *w)
{
	return (unsigned int)((w->paddr - (uintptr_t)buf) / 256);
}

START_TEST(the_oldest_hand_over_is_picked_first)
{
	struct dmt_tracker *t = watcher(0);
	unsigned char *buf = buffer(8 * 256);
	struct dmt_watch w;

	map_ring(t, DEV_A, buf, 8, DMT_FROM_DEVICE);
	/* The device fills a ring in the order it was given the buffers: 0, then 1. */
	ck_assert_int_eq(dmt_watch_pick(t, 0, &w), 1);
	ck_assert_uint_eq(ring_index(buf, &w), 0);
	ck_assert_int_eq(dmt_watch_pick(t, 1, &w), 1);
	ck_assert_uint_eq(ring_index(buf, &w), 1);
	ck_assert_int_eq(dmt_watch_better(t, 0), 0);
	ck_assert_int_eq(dmt_watch_better(t, 1), 0);
	unmap_ring(t, DEV_A, buf, 8, DMT_FROM_DEVICE);
	expect_nothing();
	free(buf);
	dmt_destroy(t);
}
END_TEST

/*
 * A receive ring in its steady state: the driver takes each buffer back in
 * ring order and gives it to the device again, which puts it at the back.
 * The slots follow the front of the ring, so the first read before a sync
 * is seen without the ring having to wrap.
 */
START_TEST(the_slots_follow_the_front_of_a_ring)
{
	struct dmt_tracker *t = watcher(0);
	unsigned char *buf = buffer(8 * 256);
	struct dmt_call c;
	struct dmt_watch w;
	struct dmt_watch_hit h;
	unsigned int i;

	map_ring(t, DEV_A, buf, 8, DMT_FROM_DEVICE);
	ck_assert_int_eq(dmt_watch_pick(t, 0, &w), 1);
	ck_assert_int_eq(dmt_watch_pick(t, 1, &w), 1);
	/* Buffers 0 and 1 received, read after their sync and given back. */
	for (i = 0; i < 2; i++) {
		c = buf_call(DEV_A, buf + i * 256, 256, DMT_FROM_DEVICE, 300);
		dmt_sync(t, &c, 0);
		ck_assert_int_eq(dmt_watch_better(t, i), 1);	/* the CPU holds it */
		c.site.ip = 400;
		dmt_sync(t, &c, 1);
		ck_assert_int_eq(dmt_watch_better(t, i), 1);	/* now the newest */
		ck_assert_int_eq(dmt_watch_release(t, i), 1);
		ck_assert_int_eq(dmt_watch_pick(t, i, &w), 1);
		ck_assert_uint_eq(ring_index(buf, &w), i + 2);
	}
	/* Buffer 2 is read before its sync: the watched slot sees it. */
	h = hit_on(0, 0, 510, NULL, 0);
	dmt_watch_hit(t, &h);
	c = buf_call(DEV_A, buf + 2 * 256, 256, DMT_FROM_DEVICE, 520);
	dmt_sync(t, &c, 0);
	expect_one("cpu-read-while-device-owned", 510, 100);	/* related: its map */
	unmap_ring(t, DEV_A, buf, 8, DMT_FROM_DEVICE);
	free(buf);
	dmt_destroy(t);
}
END_TEST

START_TEST(a_slot_stays_while_its_buffer_is_the_best_pick)
{
	struct dmt_tracker *t = watcher(0);
	unsigned char *buf = buffer(1024);
	struct dmt_call a = buf_call(DEV_A, buf, 256, DMT_FROM_DEVICE, 100);
	struct dmt_call b = buf_call(DEV_A, buf + 512, 256, DMT_FROM_DEVICE, 200);
	struct dmt_watch w;

	dmt_map(t, &a);
	ck_assert_int_eq(dmt_watch_pick(t, 0, &w), 1);
	dmt_map(t, &b);
	ck_assert_int_eq(dmt_watch_better(t, 0), 0);	/* b came after a */
	a.size = 16;
	dmt_sync(t, &a, 0);
	dmt_sync(t, &a, 1);
	ck_assert_int_eq(dmt_watch_better(t, 0), 1);	/* a is behind b now */
	ck_assert_int_eq(dmt_watch_release(t, 0), 1);
	ck_assert_int_eq(mirror[0].state, DMT_WATCH_FREE);
	ck_assert_int_eq(dmt_watch_pick(t, 0, &w), 1);
	ck_assert_uint_eq(w.paddr, (uintptr_t)buf + 512);
	ck_assert_uint_eq(mirror[0].binding, 2);
	a.size = 256;
	dmt_unmap(t, &a);
	dmt_unmap(t, &b);
	expect_nothing();
	free(buf);
	dmt_destroy(t);
}
END_TEST

/* A busy device cannot take every slot from the one under test. */
START_TEST(each_device_gets_a_slot)
{
	struct dmt_tracker *t = watcher(0);
	unsigned char *busy = buffer(8 * 256), *quiet = buffer(256);
	struct dmt_call q = buf_call(DEV_B, quiet, 256, DMT_FROM_DEVICE, 100);
	struct dmt_watch w;

	map_ring(t, DEV_A, busy, 8, DMT_FROM_DEVICE);
	ck_assert_int_eq(dmt_watch_pick(t, 0, &w), 1);
	ck_assert_int_eq(dmt_watch_pick(t, 1, &w), 1);
	ck_assert_uint_eq(ring_index(busy, &w), 1);	/* one device: both slots on it */
	dmt_map(t, &q);					/* the newest buffer of all */
	ck_assert_int_eq(dmt_watch_better(t, 0), 1);
	ck_assert_int_eq(dmt_watch_better(t, 1), 1);
	ck_assert_int_eq(dmt_watch_release(t, 1), 1);
	ck_assert_int_eq(dmt_watch_pick(t, 1, &w), 1);
	ck_assert_uint_eq(w.paddr, (uintptr_t)quiet);
	/* One slot each: neither moves for the other's older buffers. */
	ck_assert_int_eq(dmt_watch_better(t, 0), 0);
	ck_assert_int_eq(dmt_watch_better(t, 1), 0);
	dmt_unmap(t, &q);
	unmap_ring(t, DEV_A, busy, 8, DMT_FROM_DEVICE);
	expect_nothing();
	free(busy);
	free(quiet);
	dmt_destroy(t);
}
END_TEST

/* So does each direction of one device: receive buffers and bidirectional ones. */
START_TEST(each_direction_gets_a_slot)
{
	struct dmt_tracker *t = watcher(0);
	unsigned char *rx = buffer(8 * 256), *bidi = buffer(4 * 256);
	struct dmt_watch w;

	map_ring(t, DEV_A, rx, 8, DMT_FROM_DEVICE);
	map_ring(t, DEV_A, bidi, 4, DMT_BIDIRECTIONAL);
	ck_assert_int_eq(dmt_watch_pick(t, 0, &w), 1);
	ck_assert_uint_eq(w.paddr, (uintptr_t)rx);
	ck_assert_int_eq(dmt_watch_pick(t, 1, &w), 1);
	ck_assert_uint_eq(w.paddr, (uintptr_t)bidi);
	unmap_ring(t, DEV_A, rx, 8, DMT_FROM_DEVICE);
	unmap_ring(t, DEV_A, bidi, 4, DMT_BIDIRECTIONAL);
	expect_nothing();
	free(rx);
	free(bidi);
	dmt_destroy(t);
}
END_TEST

/* A buffer the CPU holds any of, or that is gone, waits for no slot. */
START_TEST(only_buffers_wholly_the_devices_wait)
{
	struct dmt_tracker *t = watcher(0);
	unsigned char *buf = buffer(4 * 256);
	struct dmt_call held = buf_call(DEV_A, buf, 256, DMT_FROM_DEVICE, 300);
	struct dmt_call gone = buf_call(DEV_A, buf + 256, 256, DMT_FROM_DEVICE, 300);
	struct dmt_watch w;

	map_ring(t, DEV_A, buf, 3, DMT_FROM_DEVICE);
	held.size = 16;
	dmt_sync(t, &held, 0);			/* part of buffer 0 is the CPU's */
	dmt_unmap(t, &gone);			/* buffer 1 is unmapped */
	ck_assert_int_eq(dmt_watch_pick(t, 0, &w), 1);
	ck_assert_uint_eq(ring_index(buf, &w), 2);
	ck_assert_int_eq(dmt_watch_pick(t, 1, &w), 0);
	dmt_sync(t, &held, 1);			/* given back whole: it waits again, last */
	ck_assert_int_eq(dmt_watch_pick(t, 1, &w), 1);
	ck_assert_uint_eq(ring_index(buf, &w), 0);
	held.size = 256;
	dmt_unmap(t, &held);
	gone.addr = gone.paddr = (uintptr_t)buf + 512;
	dmt_unmap(t, &gone);
	expect_nothing();
	free(buf);
	dmt_destroy(t);
}
END_TEST

/* More devices than queues: the rest are counted, never watched, never misreported. */
START_TEST(devices_beyond_the_queues_are_counted)
{
	struct dmt_config cfg = {
		.max_entries = 64, .watch_slots = 2, .watch_changed = changed,
		.watch_wanted = want, .watch_saw_write = saw_write,
	};
	struct dmt_tracker *t = tracker_with(&cfg);
	unsigned char *buf = buffer((DMT_WATCH_QUEUES + 2) * 256);
	struct dmt_stats st;
	struct dmt_watch w;
	unsigned int i;

	for (i = 0; i < DMT_WATCH_QUEUES + 2; i++)
		map_ring(t, (const void *)(uintptr_t)(0x1000 * (i + 1)), buf + i * 256, 1,
			 DMT_FROM_DEVICE);
	dmt_get_stats(t, &st);
	ck_assert_uint_eq(st.watch_unqueued, 2);
	ck_assert_int_eq(dmt_watch_pick(t, 0, &w), 1);
	ck_assert_uint_eq(w.paddr, (uintptr_t)buf);
	/* A device whose buffers are gone frees its queue for another. */
	for (i = 1; i < DMT_WATCH_QUEUES + 2; i++)
		unmap_ring(t, (const void *)(uintptr_t)(0x1000 * (i + 1)), buf + i * 256, 1,
			   DMT_FROM_DEVICE);
	map_ring(t, DEV_B, buf + 256, 1, DMT_FROM_DEVICE);
	ck_assert_int_eq(dmt_watch_pick(t, 1, &w), 1);
	ck_assert_uint_eq(w.paddr, (uintptr_t)buf + 256);
	unmap_ring(t, DEV_B, buf + 256, 1, DMT_FROM_DEVICE);
	unmap_ring(t, DEV_A, buf, 1, DMT_FROM_DEVICE);
	expect_nothing();
	free(buf);
	dmt_destroy(t);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("dmt_watch");
	TCase *tc = tcase_create("watch");

	tcase_add_test(tc, a_received_buffer_is_picked_and_its_owner_followed);
	tcase_add_test(tc, only_buffers_the_device_writes_are_watched);
	tcase_add_test(tc, the_watched_word_lies_inside_the_buffer);
	tcase_add_test(tc, a_read_is_reported_at_the_hand_back_with_its_history);
	tcase_add_test(tc, a_later_hand_over_names_the_sync_and_what_came_before);
	tcase_add_test(tc, a_hit_processed_after_the_hand_back_is_reported_at_once);
	tcase_add_test(tc, a_store_is_reported_at_the_store_not_at_the_hand_back);
	tcase_add_test(tc, a_hit_on_a_leaked_buffer_is_reported_with_the_leak);
	tcase_add_test(tc, the_oldest_hand_over_is_picked_first);
	tcase_add_test(tc, the_slots_follow_the_front_of_a_ring);
	tcase_add_test(tc, a_slot_stays_while_its_buffer_is_the_best_pick);
	tcase_add_test(tc, each_device_gets_a_slot);
	tcase_add_test(tc, each_direction_gets_a_slot);
	tcase_add_test(tc, only_buffers_wholly_the_devices_wait);
	tcase_add_test(tc, devices_beyond_the_queues_are_counted);
	suite_add_tcase(s, tc);
	return dmc_run_suite(s);
}
