// SPDX-License-Identifier: GPL-2.0
/*
 * invalid-dma-memory, clean twin: commands, replies and scratch buffers
 * come from kmalloc(); the firmware image is copied into a
 * kmalloc()ed buffer; pages are mapped with dma_map_page(); and a local
 * variable that holds a pointer to kmalloc()ed memory is no stack
 * buffer.
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

struct fcs_cmd {
	__le32 opcode;
	__le32 arg[7];
};

struct fcs_priv {
	struct device *dev;
	__le64 *mailbox;
	u8 *scratch;
};

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
	struct fcs_cmd *cmd = kzalloc(sizeof(*cmd), GFP_KERNEL);
	dma_addr_t dma;
	int err = 0;

	if (!cmd)
		return -ENOMEM;
	cmd->opcode = cpu_to_le32(opcode);
	dma = dma_map_single(p->dev, cmd, sizeof(*cmd), DMA_TO_DEVICE);
	if (dma_mapping_error(p->dev, dma)) {
		err = -ENOMEM;
		goto out;
	}
	*p->mailbox = cpu_to_le64(dma);
	dma_unmap_single(p->dev, dma, sizeof(*cmd), DMA_TO_DEVICE);
out:
	kfree(cmd);
	return err;
}

static int fcs_read_reply(struct fcs_priv *p)
{
	u8 *reply = kmalloc(64, GFP_KERNEL);
	int err;

	if (!reply)
		return -ENOMEM;
	err = fcs_post(p, reply, 64, DMA_FROM_DEVICE);
	kfree(reply);
	return err;
}

static int fcs_load_firmware(struct fcs_priv *p, const void *image, size_t size)
{
	void *copy = kmemdup(image, size, GFP_KERNEL);
	dma_addr_t dma;

	if (!copy)
		return -ENOMEM;
	dma = dma_map_single(p->dev, copy, size, DMA_TO_DEVICE);
	if (!dma_mapping_error(p->dev, dma))
		dma_unmap_single(p->dev, dma, size, DMA_TO_DEVICE);
	kfree(copy);
	return 0;
}

static int fcs_page(struct fcs_priv *p, struct page *page)
{
	dma_addr_t dma = dma_map_page(p->dev, page, 0, PAGE_SIZE, DMA_TO_DEVICE);

	if (!dma_mapping_error(p->dev, dma))
		dma_unmap_page(p->dev, dma, PAGE_SIZE, DMA_TO_DEVICE);
	return fcs_post(p, p->scratch, 256, DMA_FROM_DEVICE);
}

int fcs_demo(struct fcs_priv *p, struct page *page, const void *image)
{
	return fcs_send_opcode(p, 1) ?: fcs_read_reply(p) ?: fcs_load_firmware(p, image, 4096) ?:
	       fcs_page(p, page);
}
EXPORT_SYMBOL_GPL(fcs_demo);

MODULE_LICENSE("GPL");
