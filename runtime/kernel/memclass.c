// SPDX-License-Identifier: GPL-2.0
/*
 * Where a buffer lives: DMA must not reach the stack, vmalloc memory, or the
 * kernel's or a module's image.  And the memory behind a scatterlist's DMA
 * segments.  The kernel image's physical ranges are the
 * "Kernel code/rodata/data/bss" resources the architecture registers in
 * /proc/iomem (arch/x86/kernel/setup.c), read once at load.
 */
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/pgtable.h>
#include <linux/scatterlist.h>
#include <linux/sched/task_stack.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "dmatrack.h"

/* The image's parts: code, rodata, data, bss. */
#define IMAGE_PARTS 8
static struct {
	phys_addr_t start, end;
} image[IMAGE_PARTS];
static unsigned int image_parts;

static void note_image_resource(const struct resource *r)
{
	if (!r->name || strncmp(r->name, "Kernel ", 7) != 0 || image_parts == IMAGE_PARTS)
		return;
	image[image_parts].start = r->start;
	image[image_parts].end = r->end + 1;
	image_parts++;
}

int dmatrack_memclass_init(void)
{
	struct resource *ram, *child;

	/* The tree holds these boot-time entries for good: read without its lock. */
	for (ram = iomem_resource.child; ram; ram = ram->sibling)
		for (child = ram->child; child; child = child->sibling)
			note_image_resource(child);
	if (!image_parts)
		pr_info("dmatrack: kernel image not found in iomem; its pages are not checked\n");
	return 0;
}

static bool in_image(phys_addr_t paddr)
{
	unsigned int i;

	for (i = 0; i < image_parts; i++)
		if (paddr >= image[i].start && paddr < image[i].end)
			return true;
	return false;
}

/* The current task's stack pages, vmapped or not. */
static bool on_current_stack(struct page *page)
{
	void *stack = task_stack_page(current);
	unsigned long off;

	if (!stack)
		return false;
	if (!is_vmalloc_addr(stack))
		return page_address(page) >= stack && page_address(page) < stack + THREAD_SIZE;
	for (off = 0; off < THREAD_SIZE; off += PAGE_SIZE)
		if (vmalloc_to_page(stack + off) == page)
			return true;
	return false;
}

enum dmt_mem dmatrack_classify_page(struct page *page)
{
	if (!page)
		return DMT_MEM_OK;
	/* Mapping the zero page for padding is a legal, common idiom. */
	if (page == ZERO_PAGE(0))
		return DMT_MEM_OK;
	if (on_current_stack(page))
		return DMT_MEM_STACK;
	/*
	 * Parts of the image were given back after boot (init sections, the
	 * unused decrypted bss): those pages lost PG_reserved and are ordinary
	 * memory now.
	 */
	if (PageReserved(page) && in_image(page_to_phys(page)))
		return DMT_MEM_KERNEL_IMAGE;
	return DMT_MEM_OK;
}

/* Module text and data live in their own area (is_module_address() is not exported). */
static bool in_module_area(const void *ptr)
{
#ifdef MODULES_VADDR
	return (unsigned long)ptr >= MODULES_VADDR && (unsigned long)ptr < MODULES_END;
#else
	return false;
#endif
}

enum dmt_mem dmatrack_classify_ptr(const void *ptr)
{
	if (object_is_on_stack(ptr))
		return DMT_MEM_STACK;
	if (in_module_area(ptr))
		return DMT_MEM_MODULE_IMAGE;
	if (is_vmalloc_addr(ptr))
		return DMT_MEM_VMALLOC;
	if (virt_addr_valid(ptr))
		return dmatrack_classify_page(virt_to_page(ptr));
	return DMT_MEM_OK;
}

int dmatrack_sg_next(void *ctx, struct dmt_seg *seg)
{
	struct dmatrack_sg_walk *w = ctx;

	if (!w->sg || !w->left || !sg_dma_len(w->sg))
		return 0;
	seg->addr = sg_dma_address(w->sg);
	seg->size = sg_dma_len(w->sg);
	seg->cpu_len = w->sg->length;
	/* Behind an IOMMU segments merge: the i-th CPU segment is not the i-th DMA one. */
	seg->paddr = w->with_paddr ? sg_phys(w->sg) : DMT_NO_PADDR;
	w->sg = sg_next(w->sg);
	w->left--;
	return 1;
}
