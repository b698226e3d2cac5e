// SPDX-License-Identifier: GPL-2.0
/*
 * The clean twin of desc_base_reg_bad.c: the descriptor base register is
 * 32 bits wide and the driver asks for a 32-bit DMA mask, so every ring
 * address the DMA layer hands out fits in what iowrite32() writes.
 */
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/pci.h>

#define DBR_RX_RING_BASE	0x38
#define DBR_RING_BYTES		(64 * 16)

struct dbr_priv {
	struct pci_dev *pdev;
	void __iomem *ioaddr;
	void *rx_ring;
	dma_addr_t rx_ring_dma;
};

static int dbr_init_ring(struct dbr_priv *p)
{
	struct device *dev = &p->pdev->dev;
	int err;

	err = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(32));
	if (err)
		return err;
	p->rx_ring = dma_alloc_coherent(dev, DBR_RING_BYTES, &p->rx_ring_dma, GFP_KERNEL);
	if (!p->rx_ring)
		return -ENOMEM;
	iowrite32(p->rx_ring_dma, p->ioaddr + DBR_RX_RING_BASE);
	return 0;
}

int dbr_demo(struct dbr_priv *p)
{
	return dbr_init_ring(p);
}
EXPORT_SYMBOL_GPL(dbr_demo);

MODULE_LICENSE("GPL");
