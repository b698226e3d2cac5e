// SPDX-License-Identifier: GPL-2.0
/*
 * cpu-address-as-dma-address, clean twin: the status block and mailbox
 * come from dma_alloc_coherent(), receive pages are mapped with
 * dma_map_page(), and the ring base is a coherent handle.  A physical
 * address used on the CPU side only (a page frame number for mmap, a log
 * line) never reaches the device.
 */
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>

struct spb_desc {
	__le64 addr;
	__le32 len;
	__le32 flags;
};

struct spb_priv {
	struct device *dev;
	void __iomem *regs;
	void *status;
	dma_addr_t status_dma;
	void *mbox;
	dma_addr_t mbox_dma;
	struct spb_desc *rx_desc;
};

int spb_setup_status(struct spb_priv *priv)
{
	priv->status = dmam_alloc_coherent(priv->dev, 64, &priv->status_dma, GFP_KERNEL);
	if (!priv->status)
		return -ENOMEM;
	writel(lower_32_bits(priv->status_dma), priv->regs + 0x10);
	writel(upper_32_bits(priv->status_dma), priv->regs + 0x14);
	dev_dbg(priv->dev, "status block at phys %pa\n", &(phys_addr_t){ virt_to_phys(priv->status) });
	return 0;
}
EXPORT_SYMBOL_GPL(spb_setup_status);

int spb_post_rx_page(struct spb_priv *priv, unsigned int i, struct page *page)
{
	dma_addr_t dma = dma_map_page(priv->dev, page, 0, PAGE_SIZE, DMA_FROM_DEVICE);

	if (dma_mapping_error(priv->dev, dma))
		return -ENOMEM;
	priv->rx_desc[i].addr = cpu_to_le64(dma);
	priv->rx_desc[i].len = cpu_to_le32(PAGE_SIZE);
	return 0;
}
EXPORT_SYMBOL_GPL(spb_post_rx_page);

int spb_setup_mbox(struct spb_priv *priv)
{
	priv->mbox = dmam_alloc_coherent(priv->dev, 256, &priv->mbox_dma, GFP_KERNEL);
	if (!priv->mbox)
		return -ENOMEM;
	writeq(priv->mbox_dma, priv->regs + 0x20);
	return 0;
}
EXPORT_SYMBOL_GPL(spb_setup_mbox);

void spb_ring_base(struct spb_priv *priv, dma_addr_t ring_dma)
{
	lo_hi_writeq(ring_dma, priv->regs + 0x30);
}
EXPORT_SYMBOL_GPL(spb_ring_base);

int spb_mmap_status(struct spb_priv *priv, struct vm_area_struct *vma)
{
	unsigned long pfn = virt_to_phys(priv->mbox) >> PAGE_SHIFT;

	return remap_pfn_range(vma, vma->vm_start, pfn, PAGE_SIZE, vma->vm_page_prot);
}
EXPORT_SYMBOL_GPL(spb_mmap_status);

MODULE_LICENSE("GPL");
