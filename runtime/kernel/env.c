// SPDX-License-Identifier: GPL-2.0
/*
 * The ownership core's environment in the kernel: an irq-safe spinlock,
 * vmalloc'ed tables, and the bytes of mapped buffers reached page by page
 * through their physical address.
 */
#include <linux/highmem.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/xxhash.h>

#include "dmt_env.h"
#include "dmatrack.h"

#define DMATRACK_POISON 0xa5

/*
 * Set while this CPU holds the core's lock: a watchpoint that fires then was
 * set off by the core itself (its checksum and poison touch the buffers),
 * and its handler must not wait for the lock this CPU holds.
 */
DEFINE_PER_CPU(bool, dmatrack_in_core);

struct dmt_lock {
	spinlock_t lock;
};

struct dmt_lock *dmt_lock_create(void)
{
	struct dmt_lock *lock = kzalloc(sizeof(*lock), GFP_KERNEL);

	if (lock)
		spin_lock_init(&lock->lock);
	return lock;
}

void dmt_lock_destroy(struct dmt_lock *lock)
{
	kfree(lock);
}

unsigned long dmt_lock_acquire(struct dmt_lock *lock)
{
	unsigned long flags;

	spin_lock_irqsave(&lock->lock, flags);
	__this_cpu_write(dmatrack_in_core, true);
	return flags;
}

void dmt_lock_release(struct dmt_lock *lock, unsigned long flags)
{
	__this_cpu_write(dmatrack_in_core, false);
	spin_unlock_irqrestore(&lock->lock, flags);
}

void *dmt_env_zalloc(unsigned long size)
{
	return kvzalloc(size, GFP_KERNEL);
}

void dmt_env_free(void *p)
{
	kvfree(p);
}

int dmt_snprintf(char *buf, unsigned long size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int dmt_strcmp(const char *a, const char *b)
{
	return strcmp(a, b);
}

/*
 * Calls fn on each piece of [paddr, paddr + len) that lies in one page of
 * RAM; stops (returning false) at memory without a struct page.
 */
static bool for_each_piece(unsigned long long paddr, unsigned long len,
			   bool (*fn)(void *p, size_t n, void *ctx), void *ctx)
{
	while (len) {
		unsigned long pfn = PHYS_PFN(paddr);
		size_t off = offset_in_page(paddr), n = min_t(size_t, len, PAGE_SIZE - off);
		void *va;
		bool more;

		if (!pfn_valid(pfn))
			return false;
		va = kmap_local_page(pfn_to_page(pfn));
		more = fn(va + off, n, ctx);
		kunmap_local(va);
		if (!more)
			return false;
		paddr += n;
		len -= n;
	}
	return true;
}

static bool sum_piece(void *p, size_t n, void *ctx)
{
	u64 *h = ctx;

	*h = xxh64(p, n, *h);
	return true;
}

unsigned long long dmt_mem_checksum(unsigned long long paddr, unsigned long len)
{
	u64 h = 0;

	for_each_piece(paddr, len, sum_piece, &h);
	return h;
}

static bool poison_piece(void *p, size_t n, void *ctx)
{
	memset(p, DMATRACK_POISON, n);
	return true;
}

void dmt_mem_poison(unsigned long long paddr, unsigned long len)
{
	for_each_piece(paddr, len, poison_piece, NULL);
}

static bool intact_piece(void *p, size_t n, void *ctx)
{
	return !memchr_inv(p, DMATRACK_POISON, n);
}

int dmt_mem_poison_intact(unsigned long long paddr, unsigned long len)
{
	return for_each_piece(paddr, len, intact_piece, NULL);
}
