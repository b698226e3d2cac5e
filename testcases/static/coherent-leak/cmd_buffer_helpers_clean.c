// SPDX-License-Identifier: GPL-2.0
/*
 * coherent-leak, clean twin: command buffers and rings freed through the
 * driver's own helpers.  A free wrapper that takes the handle by pointer,
 * paired with the allocation wrapper (enetc_cbd_free_data_mem()); and a
 * probe whose error label calls the teardown that frees whatever the
 * private struct holds (moxart_mac_free_memory(), forcedeth's free_rings()).
 */
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/platform_device.h>
#include <linux/string.h>

#define CB_ALIGN	64
#define CB_RING_BYTES	4096

struct cb_priv {
	struct device *dev;
	void __iomem *regs;
	void *tx_ring;
	dma_addr_t tx_ring_dma;
	void *rx_ring;
	dma_addr_t rx_ring_dma;
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

	tmp = cb_alloc_data(p, n * sizeof(u32), &dma);
	if (!tmp)
		return -ENOMEM;
	memcpy(tmp, table, n * sizeof(u32));
	err = cb_send(p, dma, n * sizeof(u32));
	cb_free_data(p, n * sizeof(u32), tmp, &dma);
	return err;
}

static void cb_free_memory(struct net_device *ndev)
{
	struct cb_priv *p = netdev_priv(ndev);

	if (p->tx_ring)
		dma_free_coherent(p->dev, CB_RING_BYTES, p->tx_ring, p->tx_ring_dma);
	if (p->rx_ring)
		dma_free_coherent(p->dev, CB_RING_BYTES, p->rx_ring, p->rx_ring_dma);
}

static int cb_probe(struct platform_device *pdev)
{
	struct net_device *ndev = alloc_etherdev(sizeof(struct cb_priv));
	struct cb_priv *p;
	int err;

	if (!ndev)
		return -ENOMEM;
	p = netdev_priv(ndev);
	p->dev = &pdev->dev;
	p->tx_ring = dma_alloc_coherent(p->dev, CB_RING_BYTES, &p->tx_ring_dma, GFP_KERNEL);
	if (!p->tx_ring) {
		err = -ENOMEM;
		goto init_fail;
	}
	p->rx_ring = dma_alloc_coherent(p->dev, CB_RING_BYTES, &p->rx_ring_dma, GFP_KERNEL);
	if (!p->rx_ring) {
		err = -ENOMEM;
		goto init_fail;
	}
	err = register_netdev(ndev);
	if (err)
		goto init_fail;
	platform_set_drvdata(pdev, ndev);
	return 0;

init_fail:
	cb_free_memory(ndev);
	free_netdev(ndev);
	return err;
}

static struct platform_driver cb_driver = {
	.probe = cb_probe,
	.driver = { .name = "cb-demo" },
};

int cb_demo(struct cb_priv *p, const u32 *table)
{
	return platform_driver_register(&cb_driver) ?: cb_set_table(p, table, 16);
}
EXPORT_SYMBOL_GPL(cb_demo);

MODULE_LICENSE("GPL");
