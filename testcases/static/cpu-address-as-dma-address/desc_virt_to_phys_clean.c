// SPDX-License-Identifier: GPL-2.0
/*
 * cpu-address-as-dma-address, clean twin: buffers are mapped with the DMA
 * API and the handle it returns goes to the device; the status block
 * comes from dma_alloc_coherent(); and a physical address used for the
 * CPU's own purposes (a log line) is not given to the device.
 */
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/slab.h>

struct dvp_desc {
	__le64 buf_addr;
	__le32 len;
	__le32 flags;
};

struct dvp_priv {
	struct device *dev;
	void __iomem *regs;
	struct dvp_desc *ring;
	void *status;
	dma_addr_t status_dma;
	dma_addr_t scratch_dma;
};

static int dvp_post(struct dvp_priv *p, void *buf, unsigned int len)
{
	dma_addr_t dma = dma_map_single(p->dev, buf, len, DMA_TO_DEVICE);

	if (dma_mapping_error(p->dev, dma))
		return -ENOMEM;
	p->ring[0].buf_addr = cpu_to_le64(dma);
	p->ring[0].len = cpu_to_le32(len);
	return 0;
}

static int dvp_set_status(struct dvp_priv *p)
{
	p->status = dma_alloc_coherent(p->dev, 64, &p->status_dma, GFP_KERNEL);
	if (!p->status)
		return -ENOMEM;
	writel(lower_32_bits(p->status_dma), p->regs + 0x40);
	dev_dbg(p->dev, "status block at %pa\n", &(phys_addr_t){ virt_to_phys(p->status) });
	return 0;
}

int dvp_demo(struct dvp_priv *p, void *buf)
{
	return dvp_post(p, buf, 64) ?: dvp_set_status(p);
}
EXPORT_SYMBOL_GPL(dvp_demo);

MODULE_LICENSE("GPL");
