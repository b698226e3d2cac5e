// SPDX-License-Identifier: GPL-2.0
/*
 * dmabench: what a DMA API call costs, measured inside the kernel for
 * `make bench` (bench/runtime.sh boots it in QEMU, docs/bench.md).
 *
 * A platform device with a 64-bit DMA mask (testcases/runtime's harness), so
 * that dma-direct maps in place and nothing is bounced unless the kernel is
 * booted with swiotlb=force.  At probe it first maps `live` extra buffers
 * and keeps them mapped (the table a tracker has to search), then times, in
 * `samples` samples of `iters` pairs each after one warm-up sample:
 *
 *   tx_map_unmap   dma_map_single(DMA_TO_DEVICE) + dma_unmap_single() of a
 *                  1514-byte frame: what a transmit path does per packet
 *   rx_map_unmap   the same, DMA_FROM_DEVICE, a 2048-byte receive buffer
 *   rx_sync        dma_sync_single_for_cpu() + dma_sync_single_for_device()
 *                  of a mapped receive buffer: what a copybreak receive does
 *
 * and prints one line per operation:
 *
 *   dmabench: op=rx_sync live=1000 iters=2000 samples=15 median_ns=812 min_ns=790 max_ns=1204
 *
 * (nanoseconds per pair).  The live mappings stay until the module is
 * removed, so that memory can be read while they exist.  Built twice: as
 * dmabench.ko, and with runtime/dmatrack_wrap.h as dmabench_wrap.ko (wrap mode).
 */
#include <linux/dma-mapping.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/vmalloc.h>

#include "rt_platform.h"

static unsigned long live;
module_param(live, ulong, 0400);
MODULE_PARM_DESC(live, "mappings kept live while measuring (and until removal)");

static unsigned int iters = 2000;
module_param(iters, uint, 0400);
MODULE_PARM_DESC(iters, "call pairs per sample");

static unsigned int samples = 15;
module_param(samples, uint, 0400);
MODULE_PARM_DESC(samples, "samples per operation, after one warm-up sample");

/* The live mappings: small TO_DEVICE buffers, many to a page, like tx descriptors' data. */
#define LIVE_SLOT 256
#define LIVE_CHUNK_ORDER 4
#define LIVE_PER_CHUNK ((PAGE_SIZE << LIVE_CHUNK_ORDER) / LIVE_SLOT)

#define TX_LEN 1514
#define RX_LEN 2048

struct bench {
	struct device *dev;
	struct page **chunks;
	unsigned long nchunks;
	dma_addr_t *live_handles;
	unsigned long nlive;
	void *tx_buf, *rx_buf;
	u64 *ns;
};

static struct bench bench;

static int hold_live_mappings(struct bench *b)
{
	unsigned long i;

	b->nchunks = DIV_ROUND_UP(live, LIVE_PER_CHUNK);
	b->chunks = vzalloc(array_size(b->nchunks, sizeof(*b->chunks)));
	b->live_handles = vzalloc(array_size(live, sizeof(*b->live_handles)));
	if ((b->nchunks && !b->chunks) || (live && !b->live_handles))
		return -ENOMEM;
	for (i = 0; i < b->nchunks; i++) {
		b->chunks[i] = alloc_pages(GFP_KERNEL | __GFP_NOWARN, LIVE_CHUNK_ORDER);
		if (!b->chunks[i])
			return -ENOMEM;
	}
	for (i = 0; i < live; i++) {
		struct page *chunk = b->chunks[i / LIVE_PER_CHUNK];
		void *slot = page_address(chunk) + (i % LIVE_PER_CHUNK) * LIVE_SLOT;
		dma_addr_t h = dma_map_single(b->dev, slot, LIVE_SLOT, DMA_TO_DEVICE);

		if (dma_mapping_error(b->dev, h))
			return -EIO;
		b->live_handles[b->nlive++] = h;
		if (!(i & 1023))
			cond_resched();
	}
	return 0;
}

static void release(struct bench *b)
{
	unsigned long i;

	for (i = 0; i < b->nlive; i++) {
		dma_unmap_single(b->dev, b->live_handles[i], LIVE_SLOT, DMA_TO_DEVICE);
		if (!(i & 1023))
			cond_resched();
	}
	b->nlive = 0;
	for (i = 0; b->chunks && i < b->nchunks; i++)
		if (b->chunks[i])
			__free_pages(b->chunks[i], LIVE_CHUNK_ORDER);
	vfree(b->chunks);
	vfree(b->live_handles);
	kfree(b->tx_buf);
	kfree(b->rx_buf);
	kfree(b->ns);
	memset(b, 0, sizeof(*b));
}

/* One sample of iters pairs of op; returns the nanoseconds per pair, or 0 on failure. */
typedef u64 (*bench_op)(struct bench *b, unsigned int n);

static u64 map_unmap(struct bench *b, unsigned int n, void *buf, size_t len,
		     enum dma_data_direction dir)
{
	u64 start = ktime_get_ns();
	unsigned int i;

	for (i = 0; i < n; i++) {
		dma_addr_t h = dma_map_single(b->dev, buf, len, dir);

		if (dma_mapping_error(b->dev, h))
			return 0;
		dma_unmap_single(b->dev, h, len, dir);
	}
	return ktime_get_ns() - start;
}

static u64 tx_map_unmap(struct bench *b, unsigned int n)
{
	return map_unmap(b, n, b->tx_buf, TX_LEN, DMA_TO_DEVICE);
}

static u64 rx_map_unmap(struct bench *b, unsigned int n)
{
	return map_unmap(b, n, b->rx_buf, RX_LEN, DMA_FROM_DEVICE);
}

static u64 rx_sync(struct bench *b, unsigned int n)
{
	dma_addr_t h = dma_map_single(b->dev, b->rx_buf, RX_LEN, DMA_FROM_DEVICE);
	unsigned int i;
	u64 start;

	if (dma_mapping_error(b->dev, h))
		return 0;
	start = ktime_get_ns();
	for (i = 0; i < n; i++) {
		dma_sync_single_for_cpu(b->dev, h, RX_LEN, DMA_FROM_DEVICE);
		dma_sync_single_for_device(b->dev, h, RX_LEN, DMA_FROM_DEVICE);
	}
	start = ktime_get_ns() - start;
	dma_unmap_single(b->dev, h, RX_LEN, DMA_FROM_DEVICE);
	return start;
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static int measure(struct bench *b, const char *name, bench_op op)
{
	unsigned int s;

	for (s = 0; s <= samples; s++) {
		u64 ns = op(b, iters);

		if (!ns) {
			pr_err("dmabench: op=%s failed: a mapping failed\n", name);
			return -EIO;
		}
		if (s > 0)	/* sample 0 warms caches, the tracker's tables and the TLB */
			b->ns[s - 1] = div_u64(ns, iters);
		cond_resched();
	}
	sort(b->ns, samples, sizeof(*b->ns), cmp_u64, NULL);
	pr_info("dmabench: op=%s live=%lu iters=%u samples=%u median_ns=%llu min_ns=%llu max_ns=%llu\n",
		name, b->nlive, iters, samples, b->ns[samples / 2], b->ns[0], b->ns[samples - 1]);
	return 0;
}

static int dmabench_probe(struct platform_device *pdev)
{
	struct bench *b = &bench;
	int err;

	if (!iters || !samples)
		return -EINVAL;
	b->dev = &pdev->dev;
	b->tx_buf = kmalloc(TX_LEN, GFP_KERNEL);
	b->rx_buf = kmalloc(RX_LEN, GFP_KERNEL);
	b->ns = kcalloc(samples, sizeof(*b->ns), GFP_KERNEL);
	if (!b->tx_buf || !b->rx_buf || !b->ns) {
		err = -ENOMEM;
		goto fail;
	}
	memset(b->tx_buf, 0x5a, TX_LEN);
	err = hold_live_mappings(b);
	if (err) {
		pr_err("dmabench: could not keep %lu mappings live (%d)\n", live, err);
		goto fail;
	}
	err = measure(b, "tx_map_unmap", tx_map_unmap) ?:
	      measure(b, "rx_map_unmap", rx_map_unmap) ?:
	      measure(b, "rx_sync", rx_sync);
	if (err)
		goto fail;
	pr_info("dmabench: done live=%lu\n", b->nlive);
	return 0;
fail:
	release(b);
	return err;
}

static void dmabench_remove(struct platform_device *pdev)
{
	release(&bench);
}

RT_PLATFORM_MODULE(dmabench_probe, dmabench_remove);
MODULE_DESCRIPTION("DMA API cost per call, for make bench");
