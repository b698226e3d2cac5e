// SPDX-License-Identifier: GPL-2.0
/*
 * invalid-dma-memory in the forms found in USB, I2C-bridge and firmware
 * loader code: a response buffer on the stack, the address of a command
 * struct on the stack, a stack buffer wrapped in a one-entry scatterlist,
 * a constant init sequence in .rodata, a page of a static bounce buffer
 * through virt_to_page(), and a firmware image copied into vmalloc memory.
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
#include <linux/vmalloc.h>

struct sab_cmd {
	__le16 opcode;
	__le16 len;
	__le32 arg;
};

struct sab_dev {
	struct device *dev;
	void __iomem *regs;
};

static const u8 sab_init_seq[] = { 0xa5, 0x01, 0x00, 0x3c };
static u8 sab_bounce[PAGE_SIZE];

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
	struct sab_cmd cmd = { .opcode = cpu_to_le16(1) };
	u8 resp[16];
	dma_addr_t cmd_dma, resp_dma;
	int ret;

	cmd_dma = dma_map_single(sd->dev, &cmd, sizeof(cmd), DMA_TO_DEVICE); /* expect: invalid-dma-memory */
	if (dma_mapping_error(sd->dev, cmd_dma))
		return -ENOMEM;
	resp_dma = dma_map_single(sd->dev, resp, sizeof(resp), DMA_FROM_DEVICE); /* expect: invalid-dma-memory */
	if (dma_mapping_error(sd->dev, resp_dma)) {
		dma_unmap_single(sd->dev, cmd_dma, sizeof(cmd), DMA_TO_DEVICE);
		return -ENOMEM;
	}
	ret = sab_xfer(sd, cmd_dma, sizeof(cmd), resp_dma, sizeof(resp));
	dma_unmap_single(sd->dev, resp_dma, sizeof(resp), DMA_FROM_DEVICE);
	dma_unmap_single(sd->dev, cmd_dma, sizeof(cmd), DMA_TO_DEVICE);
	*id = get_unaligned_le32(resp);
	return ret;
}
EXPORT_SYMBOL_GPL(sab_read_id);

int sab_status(struct sab_dev *sd, u8 *status)
{
	struct scatterlist sg;
	u8 buf[8];
	int count;

	sg_init_one(&sg, buf, sizeof(buf));
	count = dma_map_sg(sd->dev, &sg, 1, DMA_FROM_DEVICE); /* expect: invalid-dma-memory */
	if (!count)
		return -ENOMEM;
	sab_xfer(sd, 0, 0, sg_dma_address(&sg), sizeof(buf));
	dma_unmap_sg(sd->dev, &sg, 1, DMA_FROM_DEVICE);
	*status = buf[0];
	return 0;
}
EXPORT_SYMBOL_GPL(sab_status);

int sab_init(struct sab_dev *sd)
{
	dma_addr_t seq_dma, bounce_dma;
	int ret;

	seq_dma = dma_map_single(sd->dev, (void *)sab_init_seq, sizeof(sab_init_seq), /* expect: invalid-dma-memory */
				 DMA_TO_DEVICE);
	if (dma_mapping_error(sd->dev, seq_dma))
		return -ENOMEM;
	bounce_dma = dma_map_page(sd->dev, virt_to_page(sab_bounce), 0, PAGE_SIZE, /* expect: invalid-dma-memory */
				  DMA_FROM_DEVICE);
	if (dma_mapping_error(sd->dev, bounce_dma)) {
		dma_unmap_single(sd->dev, seq_dma, sizeof(sab_init_seq), DMA_TO_DEVICE);
		return -ENOMEM;
	}
	ret = sab_xfer(sd, seq_dma, sizeof(sab_init_seq), bounce_dma, PAGE_SIZE);
	dma_unmap_page(sd->dev, bounce_dma, PAGE_SIZE, DMA_FROM_DEVICE);
	dma_unmap_single(sd->dev, seq_dma, sizeof(sab_init_seq), DMA_TO_DEVICE);
	return ret;
}
EXPORT_SYMBOL_GPL(sab_init);

int sab_load_fw(struct sab_dev *sd, const u8 *data, size_t size)
{
	dma_addr_t dma;
	void *img;
	int ret;

	img = vmalloc(size);
	if (!img)
		return -ENOMEM;
	memcpy(img, data, size);
	dma = dma_map_single(sd->dev, img, size, DMA_TO_DEVICE); /* expect: invalid-dma-memory */
	if (dma_mapping_error(sd->dev, dma)) {
		vfree(img);
		return -ENOMEM;
	}
	ret = sab_xfer(sd, dma, size, 0, 0);
	dma_unmap_single(sd->dev, dma, size, DMA_TO_DEVICE);
	vfree(img);
	return ret;
}
EXPORT_SYMBOL_GPL(sab_load_fw);

MODULE_LICENSE("GPL");
