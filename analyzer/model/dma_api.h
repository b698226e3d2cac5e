/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The DMA API, and the CPU-side functions around it, as data: for each
 * function, which argument is the device, the buffer, the size, the
 * direction or the handle, and what the call does to ownership.  Names are
 * those the analyzer sees after macro expansion (Linux 6.1's
 * dma_map_single() is a macro over dma_map_single_attrs()), and the macro
 * names too, for kernels or configurations where they are functions.
 */
#ifndef DMC_DMA_API_H
#define DMC_DMA_API_H

enum api_op {
	API_MAP,		/* creates a streaming mapping: the device owns the buffer */
	API_UNMAP,		/* ends it: the CPU owns the buffer again */
	API_SYNC_FOR_CPU,	/* hands the buffer to the CPU */
	API_SYNC_FOR_DEVICE,	/* hands it back to the device */
	API_MAPPING_ERROR,	/* dma_mapping_error(dev, handle) */
	API_ALLOC,		/* coherent, pool or non-coherent memory */
	API_FREE,		/* its release */
	API_POOL_HANDLE,	/* page_pool_get_dma_addr(): a mapping the pool owns */
	API_MASK,		/* dma_set_mask() and friends */
	API_MMAP,		/* dma_mmap_*(): DMA memory mapped into user space */
};

/* reports/dma_api.def's DMA_RELEASE lines say which family releases which. */
enum api_family {
	FAM_SINGLE, FAM_PAGE, FAM_SG, FAM_SGTABLE, FAM_RESOURCE, FAM_PHYS,
	FAM_COHERENT, FAM_MANAGED, FAM_POOL, FAM_NONCOHERENT, FAM_PAGES, FAM_NONCONTIG,
	FAM_PAGE_POOL, FAM_NONE,
};

/* How an argument designates memory. */
enum mem_form {
	MEM_NONE,
	MEM_PTR,	/* a pointer into the memory */
	MEM_PAGE,	/* a struct page * */
	MEM_SKB,	/* a struct sk_buff *: its data */
	MEM_FRAG,	/* a skb_frag_t * */
	MEM_SG,		/* a struct scatterlist *: the memory it lists */
	MEM_SGTABLE,	/* a struct sg_table * */
	MEM_PHYS,	/* a phys_addr_t (dma_map_resource(): MMIO) */
};

/* What a call returns (the data's RET_x is DMC_RET_x here). */
enum api_ret {
	DMC_RET_VOID, DMC_RET_HANDLE, DMC_RET_CPU, DMC_RET_PAGE, DMC_RET_SGTABLE,
	DMC_RET_COUNT,	/* mapped entries; 0 means it failed (dma_map_sg) */
	DMC_RET_ERRNO,	/* 0 or -errno (dma_map_sgtable) */
	DMC_RET_FAILED,	/* nonzero when the mapping failed (dma_mapping_error) */
};

/* api_fn flags (reports/dma_api.def says what each means) */
#define API_MANAGED		0x01u	/* dmam_*: released when the driver detaches */
#define API_RET_COUNT		0x02u	/* ret is RET_COUNT */
#define API_RET_ERRNO		0x04u	/* ret is RET_ERRNO */
#define API_RANGE		0x08u	/* a _range sync: `off` is an offset into the mapping */
#define API_WRAPPER		0x10u	/* a subsystem's wrapper over the core API */
#define API_MASK_STREAMING	0x20u	/* sets the streaming mask */
#define API_MASK_COHERENT	0x40u	/* sets the coherent mask */
#define API_SUBSYSTEM		0x80u	/* a wrapper on a subsystem's device (ib_dma_*, virtqueue_dma_*) */

struct api_fn {
	const char *name;
	enum api_op op;
	enum api_family family;
	enum mem_form buf_form;
	enum api_ret ret;
	/* argument positions, -1 when the function has none */
	signed char dev, buf, off, size, dir, handle, handle_out, cpu, nents, attrs;
	unsigned flags;
	const char *since, *until;	/* kernel versions; "" for always, still there */
};

/*
 * The DMA API function of that name the dataflow follows (maps, unmaps,
 * syncs, checks, allocations, frees, page_pool handles), or NULL.
 */
const struct api_fn *api_lookup(const char *name);
/* Any function the model describes (masks and mmap too), or NULL. */
const struct api_fn *api_describe(const char *name);
/* Every entry of the model, in its order; *n receives how many. */
const struct api_fn *api_all(unsigned *n);
const char *api_op_name(enum api_op op);
const char *api_family_name(enum api_family family);
/* Whether unmap/free `release` may end memory of the family that mapped or allocated it. */
int api_same_family(enum api_family map, enum api_family release);
/* Whether attrs, a DMA_ATTR_* constant, has DMA_ATTR_SKIP_CPU_SYNC. */
int api_attrs_skip_cpu_sync(unsigned long long attrs);

/* ---------------------------------------------- the CPU side of the story */

enum cpu_effect {
	CPU_READ,		/* reads the memory */
	CPU_WRITE,		/* writes it */
	CPU_FREE,		/* gives it back to the allocator */
};

/* One argument of a function that touches memory: memcpy()'s source is read. */
struct cpu_access {
	const char *name;
	signed char arg;
	enum mem_form form;
	enum cpu_effect effect;
};

/* Every access the call makes, one per entry; *n receives how many (0: none). */
const struct cpu_access *cpu_accesses(const char *name, unsigned *n);

enum mem_origin {
	ORIGIN_NONE,
	ORIGIN_VMALLOC,		/* vmalloc and kvmalloc (which may fall back to it) */
	ORIGIN_KMAP,		/* kmap(): a temporary mapping */
	ORIGIN_PHYS,		/* virt_to_phys(), __pa(): a CPU physical address */
	ORIGIN_PAGE_ADDRESS,	/* page_address(page): the page's memory */
	ORIGIN_ERR_PTR,		/* ERR_PTR(err): err itself, as a pointer */
	/* not from calls: where a variable lives */
	ORIGIN_STACK,		/* a local variable of the function */
	ORIGIN_DATA,		/* a global or static variable: the module image */
	ORIGIN_RODATA,		/* const data and string literals: the module image, read-only */
};

/* What the value a function returns is, for the functions that matter. */
enum mem_origin cpu_origin(const char *name);

/*
 * sg_init_one(sg, buf, len), sg_set_buf(sg, buf, len): the list entry now
 * lists buf.  Returns 1 and the argument positions for those.
 */
int cpu_sg_fill(const char *name, int *sg_arg, int *buf_arg);

/*
 * Functions that read a value without keeping it: logging, tracing, MMIO
 * writes.  Passing a DMA handle to one is a use, not an escape.
 */
int cpu_keeps_nothing(const char *name);
/* MMIO writes: where a value reaches the device (writel(), iowrite32(), ...). */
int cpu_is_mmio_write(const char *name);

#endif
