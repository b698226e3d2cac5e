// SPDX-License-Identifier: GPL-2.0
/*
 * dma-addr-truncation: a 64-bit capable device whose driver keeps DMA
 * handles in 32 bits.  A handle stored straight into an unsigned int
 * (dma_mapping_error() can no longer see a failure); a coherent ring's
 * address kept in a u32 field; a handle written to a register with
 * writel() without splitting it.
 */
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/pci.h>

struct hiu_priv {
	struct pci_dev *pdev;
	void __iomem *regs;
	void *ring;
	u32 ring_dma;
	u32 last_buf;
	dma_addr_t kick_dma;
};

static int hiu_probe_dma(struct hiu_priv *p)
{
	return dma_set_mask_and_coherent(&p->pdev->dev, DMA_BIT_MASK(64));
}

static int hiu_post(struct hiu_priv *p, void *buf, size_t len)
{
	unsigned int dma = dma_map_single(&p->pdev->dev, buf, len, DMA_TO_DEVICE); /* expect: dma-addr-truncation */

	if (dma_mapping_error(&p->pdev->dev, dma))
		return -ENOMEM;
	p->last_buf = dma;
	return 0;
}

static int hiu_alloc_ring(struct hiu_priv *p)
{
	dma_addr_t dma;

	p->ring = dma_alloc_coherent(&p->pdev->dev, PAGE_SIZE, &dma, GFP_KERNEL);
	if (!p->ring)
		return -ENOMEM;
	p->ring_dma = dma; /* expect: dma-addr-truncation */
	return 0;
}

static int hiu_kick(struct hiu_priv *p, void *buf)
{
	dma_addr_t dma = dma_map_single(&p->pdev->dev, buf, 64, DMA_TO_DEVICE);

	if (dma_mapping_error(&p->pdev->dev, dma))
		return -ENOMEM;
	writel(dma, p->regs + 0x10); /* expect: dma-addr-truncation */
	p->kick_dma = dma;
	return 0;
}

int hiu_demo(struct hiu_priv *p, void *buf)
{
	return hiu_probe_dma(p) ?: hiu_post(p, buf, 64) ?: hiu_alloc_ring(p) ?: hiu_kick(p, buf);
}
EXPORT_SYMBOL_GPL(hiu_demo);

MODULE_LICENSE("GPL");
