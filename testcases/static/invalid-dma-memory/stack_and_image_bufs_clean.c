// SPDX-License-Identifier: GPL-2.0
/*
 * invalid-dma-memory, clean twin: command and response buffers from
 * kmalloc(), the constant init sequence copied with kmemdup(), a
 * one-entry scatterlist over a kmalloc()ed buffer, a bounce page from the
 * page allocator, and the firmware image in a kmalloc()ed buffer.  Values
 * of pointers kept in arrays and in file-scope variables point to heap
 * memory and are fine too.
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/scatterlist.h>
#include <linux/version.h>
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#include <linux/unaligned.h>	/* moved from asm/ in 6.12 */
#else
#include <asm/unaligned.h>
#endif
#include <linux/slab.h>
#include <linux/gfp.h>

struct sab_cmd {
	__le16 opcode;
	__le16 len;
	__le32 arg;
};

struct sab_dev {
	struct device *dev;
	void __iomem *regs;
	void *bufs[4];
};

static const u8 sab_init_seq[] = { 0xa5, 0x01, 0x00, 0x3c };
static u8 *sab_bounce;

static int sab_xfer(struct sab_dev *sd, dma_addr_t out, size_t olen, dma_addr_t in, size_t ilen)
{
	writeq(out, sd->regs + 0x10);
	writel(olen, sd->regs + 0x18);
	writeq(in, sd->regs + 0x20);
	writel(ilen, sd->regs + 0x28);
	return (readl(sd->regs + 0x30) & 1) ? 0 : -EIO;
}

int sab_read_id(struct sab_dev *sd, u32 *id)
{
	struct sab_cmd *cmd;
	u8 *resp;
	dma_addr_t cmd_dma, resp_dma;
	int ret = -ENOMEM;

	cmd = kzalloc(sizeof(*cmd), GFP_KERNEL);
	resp = kmalloc(16, GFP_KERNEL);
	if (!cmd || !resp)
		goto out;
	cmd->opcode = cpu_to_le16(1);
	cmd_dma = dma_map_single(sd->dev, cmd, sizeof(*cmd), DMA_TO_DEVICE);
	if (dma_mapping_error(sd->dev, cmd_dma))
		goto out;
	resp_dma = dma_map_single(sd->dev, resp, 16, DMA_FROM_DEVICE);
	if (dma_mapping_error(sd->dev, resp_dma)) {
		dma_unmap_single(sd->dev, cmd_dma, sizeof(*cmd), DMA_TO_DEVICE);
		goto out;
	}
	ret = sab_xfer(sd, cmd_dma, sizeof(*cmd), resp_dma, 16);
	dma_unmap_single(sd->dev, resp_dma, 16, DMA_FROM_DEVICE);
	dma_unmap_single(sd->dev, cmd_dma, sizeof(*cmd), DMA_TO_DEVICE);
	*id = get_unaligned_le32(resp);
out:
	kfree(resp);
	kfree(cmd);
	return ret;
}
EXPORT_SYMBOL_GPL(sab_read_id);

int sab_status(struct sab_dev *sd, u8 *status)
{
	struct scatterlist sg;
	u8 *buf = kmalloc(8, GFP_KERNEL);
	int count;

	if (!buf)
		return -ENOMEM;
	sg_init_one(&sg, buf, 8);
	count = dma_map_sg(sd->dev, &sg, 1, DMA_FROM_DEVICE);
	if (!count) {
		kfree(buf);
		return -ENOMEM;
	}
	sab_xfer(sd, 0, 0, sg_dma_address(&sg), 8);
	dma_unmap_sg(sd->dev, &sg, 1, DMA_FROM_DEVICE);
	*status = buf[0];
	kfree(buf);
	return 0;
}
EXPORT_SYMBOL_GPL(sab_status);

int sab_init(struct sab_dev *sd)
{
	dma_addr_t seq_dma, bounce_dma, buf_dma;
	u8 *seq;
	int ret = -ENOMEM;

	seq = kmemdup(sab_init_seq, sizeof(sab_init_seq), GFP_KERNEL);
	sab_bounce = (u8 *)__get_free_page(GFP_KERNEL);
	if (!seq || !sab_bounce)
		goto out;
	seq_dma = dma_map_single(sd->dev, seq, sizeof(sab_init_seq), DMA_TO_DEVICE);
	if (dma_mapping_error(sd->dev, seq_dma))
		goto out;
	bounce_dma = dma_map_page(sd->dev, virt_to_page(sab_bounce), 0, PAGE_SIZE,
				  DMA_FROM_DEVICE);
	if (dma_mapping_error(sd->dev, bounce_dma)) {
		dma_unmap_single(sd->dev, seq_dma, sizeof(sab_init_seq), DMA_TO_DEVICE);
		goto out;
	}
	ret = sab_xfer(sd, seq_dma, sizeof(sab_init_seq), bounce_dma, PAGE_SIZE);
	dma_unmap_page(sd->dev, bounce_dma, PAGE_SIZE, DMA_FROM_DEVICE);
	dma_unmap_single(sd->dev, seq_dma, sizeof(sab_init_seq), DMA_TO_DEVICE);
	buf_dma = dma_map_single(sd->dev, sd->bufs[0], 64, DMA_TO_DEVICE);
	if (!dma_mapping_error(sd->dev, buf_dma))
		dma_unmap_single(sd->dev, buf_dma, 64, DMA_TO_DEVICE);
out:
	kfree(seq);
	return ret;
}
EXPORT_SYMBOL_GPL(sab_init);

int sab_load_fw(struct sab_dev *sd, const u8 *data, size_t size)
{
	dma_addr_t dma;
	void *img;
	int ret;

	img = kmemdup(data, size, GFP_KERNEL);
	if (!img)
		return -ENOMEM;
	dma = dma_map_single(sd->dev, img, size, DMA_TO_DEVICE);
	if (dma_mapping_error(sd->dev, dma)) {
		kfree(img);
		return -ENOMEM;
	}
	ret = sab_xfer(sd, dma, size, 0, 0);
	dma_unmap_single(sd->dev, dma, size, DMA_TO_DEVICE);
	kfree(img);
	return ret;
}
EXPORT_SYMBOL_GPL(sab_load_fw);

MODULE_LICENSE("GPL");
