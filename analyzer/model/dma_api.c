// SPDX-License-Identifier: GPL-2.0
/*
 * The tables behind dma_api.h.  The DMA API comes from reports/dma_api.def
 * (checked against the kernels' headers by make check-apimodel); the CPU
 * side below is the analyzer's own.
 */
#include <stddef.h>
#include <string.h>

#include "dma_api.h"

#define NO (-1)

static const struct api_fn api_table[] = {
#define DMA_API(name, op, family, form, ret, proto, dev, buf, off, size, dir, handle, out, cpu, \
		nents, attrs, flags, via, since, until) \
	{ name, op, family, form, DMC_##ret, dev, buf, off, size, dir, handle, out, cpu, nents, \
	  attrs, (flags) | (DMC_##ret == DMC_RET_COUNT ? API_RET_COUNT : 0) | \
	  (DMC_##ret == DMC_RET_ERRNO && op == API_MAP ? API_RET_ERRNO : 0), since, until },
#include "dma_api.def"
};

static const struct {
	enum api_family made, released;
} release_table[] = {
#define DMA_RELEASE(made, released) { made, released },
#include "dma_api.def"
};

static const struct {
	const char *name;
	unsigned long long bit;
} attr_table[] = {
#define DMA_ATTR(name, bit, since, meaning) { name, 1ull << (bit) },
#include "dma_api.def"
};

const struct api_fn *api_all(unsigned *n)
{
	*n = sizeof(api_table) / sizeof(api_table[0]);
	return api_table;
}

const struct api_fn *api_describe(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < sizeof(api_table) / sizeof(api_table[0]); i++)
		if (strcmp(api_table[i].name, name) == 0)
			return &api_table[i];
	return NULL;
}

const struct api_fn *api_lookup(const char *name)
{
	const struct api_fn *fn = api_describe(name);

	/*
	 * Masks and mmap move no ownership; non-contiguous sg_tables are not
	 * followed; nor are the subsystem wrappers yet: nvme-rdma checks
	 * `*count = ib_dma_map_sg()` as `*count <= 0`, a count kept through a
	 * pointer the sg check does not follow (two false findings).
	 */
	if (!fn || fn->op == API_MASK || fn->op == API_MMAP || fn->family == FAM_NONCONTIG ||
	    (fn->flags & API_SUBSYSTEM))
		return NULL;
	return fn;
}

const char *api_op_name(enum api_op op)
{
	static const char *const names[] = { "map", "unmap", "sync for the CPU", "sync for the device",
					     "mapping check", "allocation", "free", "pool handle",
					     "mask", "mmap" };

	return names[op];
}

const char *api_family_name(enum api_family family)
{
	static const char *const names[] = { "single", "page", "scatter-gather", "sg_table",
					     "resource", "phys", "coherent", "managed coherent",
					     "dma_pool", "non-coherent", "pages", "non-contiguous",
					     "page_pool", "none" };

	return names[family];
}

int api_same_family(enum api_family map, enum api_family release)
{
	for (size_t i = 0; i < sizeof(release_table) / sizeof(release_table[0]); i++)
		if (release_table[i].made == map && release_table[i].released == release)
			return 1;
	return 0;
}

int api_attrs_skip_cpu_sync(unsigned long long attrs)
{
	for (size_t i = 0; i < sizeof(attr_table) / sizeof(attr_table[0]); i++)
		if (!strcmp(attr_table[i].name, "DMA_ATTR_SKIP_CPU_SYNC"))
			return (attrs & attr_table[i].bit) != 0;
	return 0;
}

/* ------------------------------------------------------------ CPU accesses */

static const struct cpu_access access_table[] = {
	{ "memcpy", 0, MEM_PTR, CPU_WRITE },
	{ "memcpy", 1, MEM_PTR, CPU_READ },
	{ "__builtin_memcpy", 0, MEM_PTR, CPU_WRITE },
	{ "__builtin_memcpy", 1, MEM_PTR, CPU_READ },
	{ "memmove", 0, MEM_PTR, CPU_WRITE },
	{ "memmove", 1, MEM_PTR, CPU_READ },
	{ "__builtin_memmove", 0, MEM_PTR, CPU_WRITE },
	{ "__builtin_memmove", 1, MEM_PTR, CPU_READ },
	{ "memset", 0, MEM_PTR, CPU_WRITE },
	{ "__builtin_memset", 0, MEM_PTR, CPU_WRITE },
	{ "memcmp", 0, MEM_PTR, CPU_READ },
	{ "memcmp", 1, MEM_PTR, CPU_READ },
	{ "__builtin_memcmp", 0, MEM_PTR, CPU_READ },
	{ "__builtin_memcmp", 1, MEM_PTR, CPU_READ },
	{ "strcpy", 0, MEM_PTR, CPU_WRITE },
	{ "strcpy", 1, MEM_PTR, CPU_READ },
	{ "strscpy", 0, MEM_PTR, CPU_WRITE },
	{ "strscpy", 1, MEM_PTR, CPU_READ },
	{ "csum_partial", 0, MEM_PTR, CPU_READ },
	/* checksums and unaligned loads and stores of frame fields */
	{ "crc32_le", 1, MEM_PTR, CPU_READ },
	{ "crc32_be", 1, MEM_PTR, CPU_READ },
	{ "__crc32c_le", 1, MEM_PTR, CPU_READ },
	{ "crc32c", 1, MEM_PTR, CPU_READ },
	{ "get_unaligned_le16", 0, MEM_PTR, CPU_READ },
	{ "get_unaligned_le32", 0, MEM_PTR, CPU_READ },
	{ "get_unaligned_le64", 0, MEM_PTR, CPU_READ },
	{ "get_unaligned_be16", 0, MEM_PTR, CPU_READ },
	{ "get_unaligned_be32", 0, MEM_PTR, CPU_READ },
	{ "get_unaligned_be64", 0, MEM_PTR, CPU_READ },
	{ "put_unaligned_le16", 1, MEM_PTR, CPU_WRITE },
	{ "put_unaligned_le32", 1, MEM_PTR, CPU_WRITE },
	{ "put_unaligned_le64", 1, MEM_PTR, CPU_WRITE },
	{ "put_unaligned_be16", 1, MEM_PTR, CPU_WRITE },
	{ "put_unaligned_be32", 1, MEM_PTR, CPU_WRITE },
	{ "put_unaligned_be64", 1, MEM_PTR, CPU_WRITE },
	{ "skb_copy_to_linear_data", 0, MEM_SKB, CPU_WRITE },
	{ "skb_copy_to_linear_data", 1, MEM_PTR, CPU_READ },
	{ "skb_copy_to_linear_data_offset", 0, MEM_SKB, CPU_WRITE },
	{ "skb_copy_to_linear_data_offset", 2, MEM_PTR, CPU_READ },
	{ "skb_copy_from_linear_data", 0, MEM_SKB, CPU_READ },
	{ "skb_copy_from_linear_data", 1, MEM_PTR, CPU_WRITE },
	{ "skb_copy_from_linear_data_offset", 0, MEM_SKB, CPU_READ },
	{ "skb_copy_from_linear_data_offset", 2, MEM_PTR, CPU_WRITE },
	{ "skb_put_data", 0, MEM_SKB, CPU_WRITE },
	{ "skb_put_data", 1, MEM_PTR, CPU_READ },
	{ "skb_copy_bits", 0, MEM_SKB, CPU_READ },
	{ "skb_copy_bits", 2, MEM_PTR, CPU_WRITE },
	{ "skb_store_bits", 0, MEM_SKB, CPU_WRITE },
	{ "skb_store_bits", 2, MEM_PTR, CPU_READ },
	/* handing a received frame to the stack reads it */
	{ "eth_type_trans", 0, MEM_SKB, CPU_READ },
	{ "napi_gro_receive", 1, MEM_SKB, CPU_READ },
	{ "netif_receive_skb", 0, MEM_SKB, CPU_READ },
	{ "netif_rx", 0, MEM_SKB, CPU_READ },
	{ "netif_receive_skb_list", 0, MEM_SKB, CPU_READ },
	/* frees */
	{ "kfree", 0, MEM_PTR, CPU_FREE },
	{ "kvfree", 0, MEM_PTR, CPU_FREE },
	{ "kfree_sensitive", 0, MEM_PTR, CPU_FREE },
	{ "vfree", 0, MEM_PTR, CPU_FREE },
	{ "free_page", 0, MEM_PTR, CPU_FREE },
	{ "free_pages", 0, MEM_PTR, CPU_FREE },
	{ "page_frag_free", 0, MEM_PTR, CPU_FREE },
	{ "skb_free_frag", 0, MEM_PTR, CPU_FREE },
	{ "__free_page", 0, MEM_PAGE, CPU_FREE },
	{ "__free_pages", 0, MEM_PAGE, CPU_FREE },
	{ "put_page", 0, MEM_PAGE, CPU_FREE },
	{ "kfree_skb", 0, MEM_SKB, CPU_FREE },
	{ "kfree_skb_reason", 0, MEM_SKB, CPU_FREE },
	{ "consume_skb", 0, MEM_SKB, CPU_FREE },
	{ "dev_kfree_skb_any", 0, MEM_SKB, CPU_FREE },
	{ "dev_kfree_skb_irq", 0, MEM_SKB, CPU_FREE },
	{ "dev_consume_skb_any", 0, MEM_SKB, CPU_FREE },
	{ "dev_consume_skb_irq", 0, MEM_SKB, CPU_FREE },
	{ "__dev_kfree_skb_any", 0, MEM_SKB, CPU_FREE },
	{ "__dev_kfree_skb_irq", 0, MEM_SKB, CPU_FREE },
	{ "napi_consume_skb", 0, MEM_SKB, CPU_FREE },
};

const struct cpu_access *cpu_accesses(const char *name, unsigned *n)
{
	const struct cpu_access *first = NULL;

	*n = 0;
	if (!name)
		return NULL;
	for (size_t i = 0; i < sizeof(access_table) / sizeof(access_table[0]); i++) {
		if (strcmp(access_table[i].name, name) != 0)
			continue;
		if (!first)
			first = &access_table[i];
		(*n)++;
	}
	return first;
}

static const struct {
	const char *name;
	enum mem_origin origin;
} origin_table[] = {
	{ "vmalloc", ORIGIN_VMALLOC }, { "vzalloc", ORIGIN_VMALLOC },
	{ "vmalloc_node", ORIGIN_VMALLOC }, { "vzalloc_node", ORIGIN_VMALLOC },
	{ "vmalloc_user", ORIGIN_VMALLOC }, { "vmalloc_32", ORIGIN_VMALLOC },
	{ "__vmalloc", ORIGIN_VMALLOC }, { "vmalloc_array", ORIGIN_VMALLOC },
	{ "vcalloc", ORIGIN_VMALLOC }, { "kvmalloc", ORIGIN_VMALLOC },
	{ "kvzalloc", ORIGIN_VMALLOC }, { "kvmalloc_node", ORIGIN_VMALLOC },
	{ "kvzalloc_node", ORIGIN_VMALLOC }, { "kvcalloc", ORIGIN_VMALLOC },
	{ "kvmalloc_array", ORIGIN_VMALLOC },
	{ "kmap", ORIGIN_KMAP }, { "kmap_atomic", ORIGIN_KMAP }, { "kmap_local_page", ORIGIN_KMAP },
	{ "virt_to_phys", ORIGIN_PHYS }, { "__phys_addr", ORIGIN_PHYS },
	{ "__phys_addr_nodebug", ORIGIN_PHYS }, { "virt_to_bus", ORIGIN_PHYS },
	{ "page_to_phys", ORIGIN_PHYS }, { "__pa", ORIGIN_PHYS },
	{ "page_address", ORIGIN_PAGE_ADDRESS }, { "lowmem_page_address", ORIGIN_PAGE_ADDRESS },
	{ "ERR_PTR", ORIGIN_ERR_PTR },
};

enum mem_origin cpu_origin(const char *name)
{
	for (size_t i = 0; name && i < sizeof(origin_table) / sizeof(origin_table[0]); i++)
		if (strcmp(origin_table[i].name, name) == 0)
			return origin_table[i].origin;
	return ORIGIN_NONE;
}

int cpu_sg_fill(const char *name, int *sg_arg, int *buf_arg)
{
	if (!name || (strcmp(name, "sg_init_one") && strcmp(name, "sg_set_buf")))
		return 0;
	*sg_arg = 0;
	*buf_arg = 1;
	return 1;
}

static const char *const mmio_writes[] = {
	"writel", "writeq", "writew", "writeb", "writel_relaxed", "writeq_relaxed",
	"__raw_writel", "__raw_writeq", "iowrite32", "iowrite64", "iowrite16", "iowrite32be",
	"lo_hi_writeq", "hi_lo_writeq", "lo_hi_writeq_relaxed", "hi_lo_writeq_relaxed",
};

/* Logging and tracing: they print a value, they do not keep it. */
static const char *const readers[] = {
	"_printk", "printk", "_dev_err", "_dev_warn", "_dev_info", "_dev_notice", "_dev_crit",
	"_dev_alert", "_dev_emerg", "_dev_printk", "dev_printk", "__dynamic_dev_dbg",
	"__dynamic_pr_debug", "__dynamic_netdev_dbg", "netdev_err", "netdev_warn", "netdev_info",
	"netdev_notice", "netdev_printk", "__netdev_printk", "__warn_printk", "dev_err_probe",
};

int cpu_is_mmio_write(const char *name)
{
	for (size_t i = 0; name && i < sizeof(mmio_writes) / sizeof(mmio_writes[0]); i++)
		if (strcmp(mmio_writes[i], name) == 0)
			return 1;
	return 0;
}

int cpu_keeps_nothing(const char *name)
{
	if (!name)
		return 0;
	if (cpu_is_mmio_write(name) || strncmp(name, "trace_", 6) == 0)
		return 1;
	/* the fortified memcpy() asks __builtin_object_size() about its pointers */
	if (strcmp(name, "__builtin_object_size") == 0 ||
	    strcmp(name, "__builtin_dynamic_object_size") == 0 ||
	    strcmp(name, "__builtin_constant_p") == 0)
		return 1;
	for (size_t i = 0; i < sizeof(readers) / sizeof(readers[0]); i++)
		if (strcmp(readers[i], name) == 0)
			return 1;
	return 0;
}
