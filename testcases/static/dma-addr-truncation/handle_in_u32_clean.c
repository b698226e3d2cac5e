// SPDX-License-Identifier: GPL-2.0
/*
 * dma-addr-truncation, clean twin: handles stay in dma_addr_t, and they
 * are split on purpose for 32-bit registers with lower_32_bits() and
 * upper_32_bits() (or written whole with writeq()); cpu_to_le32() of the
 * low half is a deliberate conversion too.
 */
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/module.h>
#include <linux/pci.h>

struct hiu_priv {
	struct pci_dev *pdev;
	void __iomem *regs;
	void *ring;
	dma_addr_t ring_dma;
	dma_addr_t last_buf;
	__le32 desc_lo;
	__le32 desc_hi;
	dma_addr_t kick_dma;
};

static int hiu_probe_dma(struct hiu_priv *p)
{
	return dma_set_mask_and_coherent(&p->pdev->dev, DMA_BIT_MASK(64));
}

static int hiu_post(struct hiu_priv *p, void *buf, size_t len)
{
	dma_addr_t dma = dma_map_single(&p->pdev->dev, buf, len, DMA_TO_DEVICE);

	if (dma_mapping_error(&p->pdev->dev, dma))
		return -ENOMEM;
	p->last_buf = dma;
	p->desc_lo = cpu_to_le32(lower_32_bits(dma));
	p->desc_hi = cpu_to_le32(upper_32_bits(dma));
	return 0;
}

static int hiu_alloc_ring(struct hiu_priv *p)
{
	p->ring = dma_alloc_coherent(&p->pdev->dev, PAGE_SIZE, &p->ring_dma, GFP_KERNEL);
	if (!p->ring)
		return -ENOMEM;
	return 0;
}

static int hiu_kick(struct hiu_priv *p, void *buf)
{
	dma_addr_t dma = dma_map_single(&p->pdev->dev, buf, 64, DMA_TO_DEVICE);

	if (dma_mapping_error(&p->pdev->dev, dma))
		return -ENOMEM;
	writel(lower_32_bits(dma), p->regs + 0x10);
	writel(upper_32_bits(dma), p->regs + 0x14);
	lo_hi_writeq(dma, p->regs + 0x18);
	p->kick_dma = dma;
	return 0;
}

int hiu_demo(struct hiu_priv *p, void *buf)
{
	return hiu_probe_dma(p) ?: hiu_post(p, buf, 64) ?: hiu_alloc_ring(p) ?: hiu_kick(p, buf);
}
EXPORT_SYMBOL_GPL(hiu_demo);

MODULE_LICENSE("GPL");
