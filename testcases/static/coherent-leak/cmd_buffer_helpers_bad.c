// SPDX-License-Identifier: GPL-2.0
/*
 * coherent-leak: the free wrapper exists, but one path leaves before it:
 * a command whose send fails returns at once, and the buffer is lost
 * (the enetc_qos.c helpers, with the early return their callers avoid).
 */
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/string.h>

#define CB_ALIGN	64

struct cb_priv {
	struct device *dev;
	void __iomem *regs;
};

static void *cb_alloc_data(struct cb_priv *p, size_t size, dma_addr_t *dma)
{
	return dma_alloc_coherent(p->dev, size + CB_ALIGN, dma, GFP_ATOMIC);
}

static void cb_free_data(struct cb_priv *p, size_t size, void *data, dma_addr_t *dma)
{
	dma_free_coherent(p->dev, size + CB_ALIGN, data, *dma);
}

static int cb_send(struct cb_priv *p, dma_addr_t dma, size_t len)
{
	writel(lower_32_bits(dma), p->regs);
	writel(upper_32_bits(dma), p->regs + 4);
	writel(len, p->regs + 8);
	return readl(p->regs + 12) ? -EIO : 0;
}

static int cb_set_table(struct cb_priv *p, const u32 *table, size_t n)
{
	dma_addr_t dma;
	u32 *tmp;
	int err;

	tmp = cb_alloc_data(p, n * sizeof(u32), &dma); /* related: coherent-leak */
	if (!tmp)
		return -ENOMEM;
	memcpy(tmp, table, n * sizeof(u32));
	err = cb_send(p, dma, n * sizeof(u32));
	if (err)
		return err; /* expect: coherent-leak */
	cb_free_data(p, n * sizeof(u32), tmp, &dma);
	return 0;
}

int cb_demo(struct cb_priv *p, const u32 *table)
{
	return cb_set_table(p, table, 16);
}
EXPORT_SYMBOL_GPL(cb_demo);

MODULE_LICENSE("GPL");
