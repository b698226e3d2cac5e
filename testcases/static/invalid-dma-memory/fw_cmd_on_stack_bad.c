// SPDX-License-Identifier: GPL-2.0
/*
 * invalid-dma-memory: memory the streaming DMA API cannot map.  A
 * firmware command built on the stack; a small reply array on the stack,
 * mapped through the driver's own helper; a static scratch buffer and a
 * const init table in the module image; a vmalloc()ed firmware image;
 * and a kmap()ed page.
 */
#include <linux/dma-mapping.h>
#include <linux/highmem.h>
#include <linux/module.h>
#include <linux/vmalloc.h>

struct fcs_cmd {
	__le32 opcode;
	__le32 arg[7];
};

struct fcs_priv {
	struct device *dev;
	__le64 *mailbox;
};

static u8 fcs_scratch[256];
static const u32 fcs_init_table[16] = { 1, 2, 3, 4 };

static int fcs_post(struct fcs_priv *p, void *buf, size_t len, enum dma_data_direction dir)
{
	dma_addr_t dma = dma_map_single(p->dev, buf, len, dir);

	if (dma_mapping_error(p->dev, dma))
		return -ENOMEM;
	*p->mailbox = cpu_to_le64(dma);
	dma_unmap_single(p->dev, dma, len, dir);
	return 0;
}

static int fcs_send_opcode(struct fcs_priv *p, u32 opcode)
{
	struct fcs_cmd cmd = { .opcode = cpu_to_le32(opcode) };
	dma_addr_t dma;

	dma = dma_map_single(p->dev, &cmd, sizeof(cmd), DMA_TO_DEVICE); /* expect: invalid-dma-memory */
	if (dma_mapping_error(p->dev, dma))
		return -ENOMEM;
	*p->mailbox = cpu_to_le64(dma);
	dma_unmap_single(p->dev, dma, sizeof(cmd), DMA_TO_DEVICE);
	return 0;
}

static int fcs_read_reply(struct fcs_priv *p)
{
	u8 reply[64];

	return fcs_post(p, reply, sizeof(reply), DMA_FROM_DEVICE); /* expect[analyzer]: invalid-dma-memory (through a helper; cocci does not follow it) */
}

static int fcs_image_buffers(struct fcs_priv *p)
{
	dma_addr_t a, b;

	a = dma_map_single(p->dev, fcs_scratch, sizeof(fcs_scratch), DMA_FROM_DEVICE); /* expect: invalid-dma-memory */
	if (dma_mapping_error(p->dev, a))
		return -ENOMEM;
	b = dma_map_single(p->dev, (void *)fcs_init_table, sizeof(fcs_init_table), DMA_TO_DEVICE); /* expect: invalid-dma-memory */
	if (dma_mapping_error(p->dev, b)) {
		dma_unmap_single(p->dev, a, sizeof(fcs_scratch), DMA_FROM_DEVICE);
		return -ENOMEM;
	}
	dma_unmap_single(p->dev, b, sizeof(fcs_init_table), DMA_TO_DEVICE);
	dma_unmap_single(p->dev, a, sizeof(fcs_scratch), DMA_FROM_DEVICE);
	return 0;
}

static int fcs_load_firmware(struct fcs_priv *p, size_t size)
{
	void *image = vmalloc(size);
	dma_addr_t dma;

	if (!image)
		return -ENOMEM;
	dma = dma_map_single(p->dev, image, size, DMA_TO_DEVICE); /* expect: invalid-dma-memory */
	if (!dma_mapping_error(p->dev, dma))
		dma_unmap_single(p->dev, dma, size, DMA_TO_DEVICE);
	vfree(image);
	return 0;
}

static int fcs_highmem_page(struct fcs_priv *p, struct page *page)
{
	void *va = kmap(page);
	dma_addr_t dma = dma_map_single(p->dev, va, PAGE_SIZE, DMA_TO_DEVICE); /* expect: invalid-dma-memory */

	if (!dma_mapping_error(p->dev, dma))
		dma_unmap_single(p->dev, dma, PAGE_SIZE, DMA_TO_DEVICE);
	kunmap(page);
	return 0;
}

int fcs_demo(struct fcs_priv *p, struct page *page)
{
	return fcs_send_opcode(p, 1) ?: fcs_read_reply(p) ?: fcs_image_buffers(p) ?:
	       fcs_load_firmware(p, 4096) ?: fcs_highmem_page(p, page);
}
EXPORT_SYMBOL_GPL(fcs_demo);

MODULE_LICENSE("GPL");
