// SPDX-License-Identifier: GPL-2.0
/*
 * cpu-address-as-dma-address: descriptors and registers given CPU
 * physical addresses instead of DMA addresses.  virt_to_phys() of a
 * buffer written into a little-endian descriptor field; __pa() of a
 * status block written to a register; a pointer cast to dma_addr_t.
 * Behind an IOMMU, or with a bus offset, the device reaches other memory.
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
	void __iomem *regs;
	struct dvp_desc *ring;
	void *status;
	dma_addr_t scratch_dma;
};

static void dvp_post(struct dvp_priv *p, void *buf, unsigned int len)
{
	p->ring[0].buf_addr = cpu_to_le64(virt_to_phys(buf)); /* expect: cpu-address-as-dma-address */
	p->ring[0].len = cpu_to_le32(len);
}

static void dvp_set_status(struct dvp_priv *p)
{
	writel(__pa(p->status), p->regs + 0x40); /* expect: cpu-address-as-dma-address */
}

static void dvp_scratch(struct dvp_priv *p, void *scratch)
{
	p->scratch_dma = (dma_addr_t)scratch; /* expect[analyzer]: cpu-address-as-dma-address (through a pointer cast; cocci does not follow it) */
}

int dvp_demo(struct dvp_priv *p, void *buf)
{
	dvp_post(p, buf, 64);
	dvp_set_status(p);
	dvp_scratch(p, buf);
	return 0;
}
EXPORT_SYMBOL_GPL(dvp_demo);

MODULE_LICENSE("GPL");
