// SPDX-License-Identifier: GPL-2.0
/*
 * cpu-address-as-dma-address in the forms older drivers used before the
 * DMA API: a status block's physical address split into two register
 * writes, a receive descriptor filled from page_to_phys(), a mailbox
 * address kept in a dma_addr_t, and __pa() written with writeq().
 */
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/io-64-nonatomic-lo-hi.h>
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
	void *mbox;
	dma_addr_t mbox_dma;
	struct spb_desc *rx_desc;
};

int spb_setup_status(struct spb_priv *priv)
{
	u64 pa;

	priv->status = kzalloc(64, GFP_KERNEL);
	if (!priv->status)
		return -ENOMEM;
	pa = virt_to_phys(priv->status);
	writel(lower_32_bits(pa), priv->regs + 0x10); /* expect: cpu-address-as-dma-address */
	writel(upper_32_bits(pa), priv->regs + 0x14); /* expect: cpu-address-as-dma-address */
	return 0;
}
EXPORT_SYMBOL_GPL(spb_setup_status);

void spb_post_rx_page(struct spb_priv *priv, unsigned int i, struct page *page)
{
	priv->rx_desc[i].addr = cpu_to_le64(page_to_phys(page)); /* expect: cpu-address-as-dma-address */
	priv->rx_desc[i].len = cpu_to_le32(PAGE_SIZE);
}
EXPORT_SYMBOL_GPL(spb_post_rx_page);

int spb_setup_mbox(struct spb_priv *priv)
{
	priv->mbox = kzalloc(256, GFP_KERNEL);
	if (!priv->mbox)
		return -ENOMEM;
	priv->mbox_dma = __pa(priv->mbox); /* expect: cpu-address-as-dma-address */
	writeq(__pa(priv->mbox), priv->regs + 0x20); /* expect: cpu-address-as-dma-address */
	return 0;
}
EXPORT_SYMBOL_GPL(spb_setup_mbox);

void spb_ring_base(struct spb_priv *priv, void *ring)
{
	dma_addr_t base;

	base = virt_to_phys(ring); /* expect: cpu-address-as-dma-address */
	lo_hi_writeq(base, priv->regs + 0x30); /* expect: cpu-address-as-dma-address */
}
EXPORT_SYMBOL_GPL(spb_ring_base);

MODULE_LICENSE("GPL");
