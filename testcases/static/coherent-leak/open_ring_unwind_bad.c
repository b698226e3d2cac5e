// SPDX-License-Identifier: GPL-2.0
/*
 * coherent-leak: descriptor rings and status blocks lost on error paths.
 * An ndo_open that sets up the transmit ring and then fails on the
 * receive ring (nobody calls ndo_stop after a failed open); a status block
 * held in locals and dropped when a later allocation fails; a dma_pool
 * block lost when the command cannot be queued.
 */
#include <linux/dma-mapping.h>
#include <linux/dmapool.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/slab.h>

#define ORU_RING_BYTES	4096

struct oru_ring {
	void *desc;
	dma_addr_t desc_dma;
	size_t size;
};

struct oru_priv {
	struct pci_dev *pdev;
	struct oru_ring tx;
	struct oru_ring rx;
	void *status;
	dma_addr_t status_dma;
	struct dma_pool *cmd_pool;
	unsigned int *stats;
};

static int oru_setup_ring(struct oru_priv *priv, struct oru_ring *ring)
{
	ring->size = ORU_RING_BYTES;
	ring->desc = dma_alloc_coherent(&priv->pdev->dev, ring->size, &ring->desc_dma, GFP_KERNEL);
	if (!ring->desc)
		return -ENOMEM;
	return 0;
}

static void oru_free_ring(struct oru_priv *priv, struct oru_ring *ring)
{
	dma_free_coherent(&priv->pdev->dev, ring->size, ring->desc, ring->desc_dma);
	ring->desc = NULL;
}

static int oru_open(struct net_device *netdev)
{
	struct oru_priv *priv = netdev_priv(netdev);
	int err;

	err = oru_setup_ring(priv, &priv->tx);
	if (err)
		goto err_tx;
	err = oru_setup_ring(priv, &priv->rx);
	if (err)
		goto err_rx;
	netif_start_queue(netdev);
	return 0;

err_rx:
	/* the transmit ring should be freed here */
err_tx:
	return err; /* expect: coherent-leak */
}

static int oru_stop(struct net_device *netdev)
{
	struct oru_priv *priv = netdev_priv(netdev);

	netif_stop_queue(netdev);
	oru_free_ring(priv, &priv->rx);
	oru_free_ring(priv, &priv->tx);
	return 0;
}

static int oru_alloc_status(struct oru_priv *priv)
{
	void *status;
	dma_addr_t status_dma;

	status = dma_alloc_coherent(&priv->pdev->dev, PAGE_SIZE, &status_dma, GFP_KERNEL);
	if (!status)
		return -ENOMEM;
	priv->stats = kcalloc(64, sizeof(*priv->stats), GFP_KERNEL);
	if (!priv->stats)
		return -ENOMEM; /* expect: coherent-leak */
	priv->status = status;
	priv->status_dma = status_dma;
	return 0;
}

static int oru_queue_cmd(struct oru_priv *priv, void __iomem *doorbell)
{
	dma_addr_t cmd_dma;
	u32 *cmd = dma_pool_zalloc(priv->cmd_pool, GFP_KERNEL, &cmd_dma);

	if (!cmd)
		return -ENOMEM;
	if (readl(doorbell) & BIT(0))
		return -EBUSY; /* expect: coherent-leak */
	cmd[0] = 1;
	writel(lower_32_bits(cmd_dma), doorbell);
	dma_pool_free(priv->cmd_pool, cmd, cmd_dma);
	return 0;
}

static const struct net_device_ops oru_netdev_ops = {
	.ndo_open = oru_open,
	.ndo_stop = oru_stop,
};

int oru_demo(struct net_device *netdev, void __iomem *doorbell)
{
	struct oru_priv *priv = netdev_priv(netdev);

	netdev->netdev_ops = &oru_netdev_ops;
	return oru_alloc_status(priv) ?: oru_queue_cmd(priv, doorbell);
}
EXPORT_SYMBOL_GPL(oru_demo);

MODULE_LICENSE("GPL");
