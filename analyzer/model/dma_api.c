// SPDX-License-Identifier: GPL-2.0
/*
 * The tables behind dma_api.h.  Signatures follow Linux 6.1's
 * include/linux/dma-mapping.h, dmapool.h, skbuff.h and
 * include/net/page_pool.h; see Documentation/core-api/dma-api.rst.
 */
#include <stddef.h>
#include <string.h>

#include "dma_api.h"

#define NO (-1)

/*
 *            name                          op                   family         buffer
 *            dev buf off size dir handle handle_out cpu nents flags
 */
#define FN(name, op, fam, form, dev, buf, off, size, dir, handle, out, cpu, nents, flags) \
	{ name, op, fam, form, dev, buf, off, size, dir, handle, out, cpu, nents, flags }

static const struct api_fn api_table[] = {
	/* streaming maps: the handle is the return value, or the list itself for sg */
	FN("dma_map_single_attrs", API_MAP, FAM_SINGLE, MEM_PTR, 0, 1, NO, 2, 3, NO, NO, NO, NO, 0),
	FN("dma_map_single", API_MAP, FAM_SINGLE, MEM_PTR, 0, 1, NO, 2, 3, NO, NO, NO, NO, 0),
	FN("dma_map_page_attrs", API_MAP, FAM_PAGE, MEM_PAGE, 0, 1, 2, 3, 4, NO, NO, NO, NO, 0),
	FN("dma_map_page", API_MAP, FAM_PAGE, MEM_PAGE, 0, 1, 2, 3, 4, NO, NO, NO, NO, 0),
	FN("skb_frag_dma_map", API_MAP, FAM_PAGE, MEM_FRAG, 0, 1, 2, 3, 4, NO, NO, NO, NO, 0),
	FN("dma_map_resource", API_MAP, FAM_RESOURCE, MEM_NONE, 0, NO, NO, 2, 3, NO, NO, NO, NO, 0),
	FN("dma_map_sg_attrs", API_MAP, FAM_SG, MEM_SG, 0, 1, NO, NO, 3, 1, NO, NO, 2, API_RET_COUNT),
	FN("dma_map_sg", API_MAP, FAM_SG, MEM_SG, 0, 1, NO, NO, 3, 1, NO, NO, 2, API_RET_COUNT),
	FN("dma_map_sgtable", API_MAP, FAM_SGTABLE, MEM_SGTABLE, 0, 1, NO, NO, 2, 1, NO, NO, NO,
	   API_RET_ERRNO),
	/* unmaps */
	FN("dma_unmap_single_attrs", API_UNMAP, FAM_SINGLE, MEM_NONE, 0, NO, NO, 2, 3, 1, NO, NO, NO, 0),
	FN("dma_unmap_single", API_UNMAP, FAM_SINGLE, MEM_NONE, 0, NO, NO, 2, 3, 1, NO, NO, NO, 0),
	FN("dma_unmap_page_attrs", API_UNMAP, FAM_PAGE, MEM_NONE, 0, NO, NO, 2, 3, 1, NO, NO, NO, 0),
	FN("dma_unmap_page", API_UNMAP, FAM_PAGE, MEM_NONE, 0, NO, NO, 2, 3, 1, NO, NO, NO, 0),
	FN("dma_unmap_resource", API_UNMAP, FAM_RESOURCE, MEM_NONE, 0, NO, NO, 2, 3, 1, NO, NO, NO, 0),
	FN("dma_unmap_sg_attrs", API_UNMAP, FAM_SG, MEM_NONE, 0, NO, NO, NO, 3, 1, NO, NO, 2, 0),
	FN("dma_unmap_sg", API_UNMAP, FAM_SG, MEM_NONE, 0, NO, NO, NO, 3, 1, NO, NO, 2, 0),
	FN("dma_unmap_sgtable", API_UNMAP, FAM_SGTABLE, MEM_NONE, 0, NO, NO, NO, 2, 1, NO, NO, NO, 0),
	/* syncs */
	FN("dma_sync_single_for_cpu", API_SYNC_FOR_CPU, FAM_SINGLE, MEM_NONE, 0, NO, NO, 2, 3, 1, NO,
	   NO, NO, 0),
	FN("dma_sync_single_for_device", API_SYNC_FOR_DEVICE, FAM_SINGLE, MEM_NONE, 0, NO, NO, 2, 3, 1,
	   NO, NO, NO, 0),
	FN("dma_sync_single_range_for_cpu", API_SYNC_FOR_CPU, FAM_SINGLE, MEM_NONE, 0, NO, 2, 3, 4, 1,
	   NO, NO, NO, API_RANGE),
	FN("dma_sync_single_range_for_device", API_SYNC_FOR_DEVICE, FAM_SINGLE, MEM_NONE, 0, NO, 2, 3,
	   4, 1, NO, NO, NO, API_RANGE),
	FN("dma_sync_sg_for_cpu", API_SYNC_FOR_CPU, FAM_SG, MEM_NONE, 0, NO, NO, NO, 3, 1, NO, NO, 2, 0),
	FN("dma_sync_sg_for_device", API_SYNC_FOR_DEVICE, FAM_SG, MEM_NONE, 0, NO, NO, NO, 3, 1, NO, NO,
	   2, 0),
	FN("dma_sync_sgtable_for_cpu", API_SYNC_FOR_CPU, FAM_SGTABLE, MEM_NONE, 0, NO, NO, NO, 2, 1, NO,
	   NO, NO, 0),
	FN("dma_sync_sgtable_for_device", API_SYNC_FOR_DEVICE, FAM_SGTABLE, MEM_NONE, 0, NO, NO, NO, 2,
	   1, NO, NO, NO, 0),
	/* the check */
	FN("dma_mapping_error", API_MAPPING_ERROR, FAM_SINGLE, MEM_NONE, 0, NO, NO, NO, NO, 1, NO, NO,
	   NO, 0),
	/* coherent and friends: the CPU address is returned, the handle written through out */
	FN("dma_alloc_attrs", API_ALLOC, FAM_COHERENT, MEM_NONE, 0, NO, NO, 1, NO, NO, 2, NO, NO, 0),
	FN("dma_alloc_coherent", API_ALLOC, FAM_COHERENT, MEM_NONE, 0, NO, NO, 1, NO, NO, 2, NO, NO, 0),
	FN("dma_zalloc_coherent", API_ALLOC, FAM_COHERENT, MEM_NONE, 0, NO, NO, 1, NO, NO, 2, NO, NO, 0),
	FN("dmam_alloc_attrs", API_ALLOC, FAM_COHERENT, MEM_NONE, 0, NO, NO, 1, NO, NO, 2, NO, NO,
	   API_MANAGED),
	FN("dmam_alloc_coherent", API_ALLOC, FAM_COHERENT, MEM_NONE, 0, NO, NO, 1, NO, NO, 2, NO, NO,
	   API_MANAGED),
	FN("dma_free_attrs", API_FREE, FAM_COHERENT, MEM_NONE, 0, NO, NO, 1, NO, 3, NO, 2, NO, 0),
	FN("dma_free_coherent", API_FREE, FAM_COHERENT, MEM_NONE, 0, NO, NO, 1, NO, 3, NO, 2, NO, 0),
	FN("dmam_free_coherent", API_FREE, FAM_COHERENT, MEM_NONE, 0, NO, NO, 1, NO, 3, NO, 2, NO,
	   API_MANAGED),
	FN("dma_alloc_noncoherent", API_ALLOC, FAM_NONCOHERENT, MEM_NONE, 0, NO, NO, 1, 3, NO, 2, NO,
	   NO, 0),
	FN("dma_free_noncoherent", API_FREE, FAM_NONCOHERENT, MEM_NONE, 0, NO, NO, 1, 4, 3, NO, 2, NO,
	   0),
	FN("dma_alloc_pages", API_ALLOC, FAM_PAGES, MEM_NONE, 0, NO, NO, 1, 3, NO, 2, NO, NO, 0),
	FN("dma_free_pages", API_FREE, FAM_PAGES, MEM_NONE, 0, NO, NO, 1, 4, 3, NO, 2, NO, 0),
	FN("dma_pool_alloc", API_ALLOC, FAM_POOL, MEM_NONE, NO, NO, NO, NO, NO, NO, 2, NO, NO, 0),
	FN("dma_pool_zalloc", API_ALLOC, FAM_POOL, MEM_NONE, NO, NO, NO, NO, NO, NO, 2, NO, NO, 0),
	FN("dma_pool_free", API_FREE, FAM_POOL, MEM_NONE, NO, NO, NO, NO, NO, 2, NO, 1, NO, 0),
	/* page_pool maps its pages itself */
	FN("page_pool_get_dma_addr", API_POOL_HANDLE, FAM_PAGE_POOL, MEM_PAGE, NO, 0, NO, NO, NO, NO,
	   NO, NO, NO, 0),
};

const struct api_fn *api_lookup(const char *name)
{
	if (!name || strncmp(name, "dma", 3) != 0) {
		if (!name || (strcmp(name, "skb_frag_dma_map") && strcmp(name, "page_pool_get_dma_addr")))
			return NULL;
	}
	for (size_t i = 0; i < sizeof(api_table) / sizeof(api_table[0]); i++)
		if (strcmp(api_table[i].name, name) == 0)
			return &api_table[i];
	return NULL;
}

const char *api_op_name(enum api_op op)
{
	static const char *const names[] = { "map", "unmap", "sync for the CPU", "sync for the device",
					     "mapping check", "allocation", "free", "pool handle" };

	return names[op];
}

const char *api_family_name(enum api_family family)
{
	static const char *const names[] = { "single", "page", "scatter-gather", "sg_table",
					     "resource", "coherent", "dma_pool", "non-coherent",
					     "pages", "page_pool" };

	return names[family];
}

int api_same_family(enum api_family map, enum api_family release)
{
	/* dma_unmap_page() of a dma_map_single() mapping is what the kernel itself does. */
	if ((map == FAM_SINGLE || map == FAM_PAGE) && (release == FAM_SINGLE || release == FAM_PAGE))
		return 1;
	return map == release;
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
