/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The environment the ownership core runs in: a lock, memory, formatting and
 * access to the buffers' bytes.  The core (dmt_core.c) includes no kernel or
 * libc header; runtime/kernel/env.c implements this API for dmatrack.ko and
 * runtime/user/env.c with pthreads for the unit tests.
 */
#ifndef DMT_ENV_H
#define DMT_ENV_H

#define DMT_NULL ((void *)0)

struct dmt_lock;

/* A lock usable from any context, interrupts included (a spinlock, irqsave). */
struct dmt_lock *dmt_lock_create(void);
void dmt_lock_destroy(struct dmt_lock *lock);
unsigned long dmt_lock_acquire(struct dmt_lock *lock);
void dmt_lock_release(struct dmt_lock *lock, unsigned long flags);

/* Zeroed memory for the tables, allocated once at setup (may sleep). */
void *dmt_env_zalloc(unsigned long size);
void dmt_env_free(void *p);

int dmt_snprintf(char *buf, unsigned long size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int dmt_strcmp(const char *a, const char *b);

/*
 * The CPU's view of a mapped buffer, by its physical address: a checksum of
 * its bytes, and the poison used by the non-coherent emulation (fill it, and
 * tell whether it is still intact).  Called with the core's lock held.
 */
unsigned long long dmt_mem_checksum(unsigned long long paddr, unsigned long len);
void dmt_mem_poison(unsigned long long paddr, unsigned long len);
int dmt_mem_poison_intact(unsigned long long paddr, unsigned long len);

#endif
