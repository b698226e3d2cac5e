// SPDX-License-Identifier: GPL-2.0
/*
 * The core's environment in userspace (pthreads, malloc), for the unit
 * tests.  A "physical address" here is simply a pointer: the tests map
 * buffers of their own.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmt_env.h"

#define POISON_BYTE 0xa5

struct dmt_lock {
	pthread_mutex_t mutex;
};

struct dmt_lock *dmt_lock_create(void)
{
	struct dmt_lock *lock = calloc(1, sizeof(*lock));

	if (lock)
		pthread_mutex_init(&lock->mutex, NULL);
	return lock;
}

void dmt_lock_destroy(struct dmt_lock *lock)
{
	pthread_mutex_destroy(&lock->mutex);
	free(lock);
}

unsigned long dmt_lock_acquire(struct dmt_lock *lock)
{
	pthread_mutex_lock(&lock->mutex);
	return 0;
}

void dmt_lock_release(struct dmt_lock *lock, unsigned long flags)
{
	(void)flags;
	pthread_mutex_unlock(&lock->mutex);
}

void *dmt_env_zalloc(unsigned long size)
{
	return calloc(1, size);
}

void dmt_env_free(void *p)
{
	free(p);
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

/* FNV-1a: the tests need "changed or not", not speed. */
unsigned long long dmt_mem_checksum(unsigned long long paddr, unsigned long len)
{
	const unsigned char *p = (const unsigned char *)(uintptr_t)paddr;
	unsigned long long h = 0xcbf29ce484222325ULL;

	for (unsigned long i = 0; i < len; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h;
}

void dmt_mem_poison(unsigned long long paddr, unsigned long len)
{
	memset((void *)(uintptr_t)paddr, POISON_BYTE, len);
}

int dmt_mem_poison_intact(unsigned long long paddr, unsigned long len)
{
	const unsigned char *p = (const unsigned char *)(uintptr_t)paddr;

	for (unsigned long i = 0; i < len; i++)
		if (p[i] != POISON_BYTE)
			return 0;
	return 1;
}
