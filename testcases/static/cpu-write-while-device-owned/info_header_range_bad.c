// SPDX-License-Identifier: GPL-2.0
/*
 * A crypto request allocates one block: the driver's bookkeeping header
 * first, then the gather list and the result the device reads and writes.
 * Only the part behind the header is mapped ((u8 *)info + info_len, kept
 * in info->in_buffer), but the driver clears the first byte of that part
 * after the map, with no sync for the device: the write is in the
 * device's bytes.
 */
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/slab.h>

struct ihr_info {
	u32 dlen;
	u32 dma_len;
	u8 *in_buffer;
	dma_addr_t dptr_baddr;
	void *req;
	unsigned long time_in;
};

struct ihr_dev {
	struct device *dev;
	void __iomem *regs;
};

int ihr_send(struct ihr_dev *cpt, void *req, u32 dlen)
{
	u32 info_len = ALIGN(sizeof(struct ihr_info), 16);
	struct ihr_info *info;

	info = kzalloc(info_len + dlen, GFP_ATOMIC);
	if (!info)
		return -ENOMEM;
	info->dlen = dlen;
	info->in_buffer = (u8 *)info + info_len;
	info->dma_len = dlen;
	info->dptr_baddr = dma_map_single(cpt->dev, (void *)info->in_buffer, info->dma_len,
					  DMA_BIDIRECTIONAL);
	if (dma_mapping_error(cpt->dev, info->dptr_baddr)) {
		kfree(info);
		return -EIO;
	}
	info->req = req;
	info->in_buffer[0] = 0; /* expect: cpu-write-while-device-owned */
	info->time_in = jiffies;
	writeq(info->dptr_baddr, cpt->regs + 0x20);
	return 0;
}
EXPORT_SYMBOL_GPL(ihr_send);

MODULE_LICENSE("GPL");
