// SPDX-License-Identifier: GPL-2.0
/*
 * coherent-leak, clean twin: the failed open frees the transmit ring; the
 * status block is freed when the later allocation fails; the command
 * block goes back to its pool.  And memory that is kept is not leaked:
 * dmam_ allocations (freed when the driver detaches), rings stored in the
 * caller's structure by a helper, and memory handed to a genalloc pool.
 */
#include <linux/dma-mapping.h>
#include <linux/dmapool.h>
#include <linux/genalloc.h>
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
	struct gen_pool *sram;
	void *fw_log;
	dma_addr_t fw_log_dma;
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
	oru_free_ring(priv, &priv->tx);
err_tx:
	return err;
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
	if (!priv->stats) {
		dma_free_coherent(&priv->pdev->dev, PAGE_SIZE, status, status_dma);
		return -ENOMEM;
	}
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
	if (readl(doorbell) & BIT(0)) {
		dma_pool_free(priv->cmd_pool, cmd, cmd_dma);
		return -EBUSY;
	}
	cmd[0] = 1;
	writel(lower_32_bits(cmd_dma), doorbell);
	dma_pool_free(priv->cmd_pool, cmd, cmd_dma);
	return 0;
}

/* Managed: released when the driver detaches, whatever path probe takes. */
static int oru_alloc_fw_log(struct oru_priv *priv)
{
	priv->fw_log = dmam_alloc_coherent(&priv->pdev->dev, PAGE_SIZE, &priv->fw_log_dma,
					   GFP_KERNEL);
	if (!priv->fw_log)
		return -ENOMEM;
	if (!priv->stats)
		return -EINVAL;
	return 0;
}

/* The pool owns the memory from here on. */
static int oru_add_sram(struct oru_priv *priv)
{
	dma_addr_t dma;
	void *va = dma_alloc_coherent(&priv->pdev->dev, SZ_64K, &dma, GFP_KERNEL);

	if (!va)
		return -ENOMEM;
	return gen_pool_add_virt(priv->sram, (unsigned long)va, dma, SZ_64K, -1);
}

static const struct net_device_ops oru_netdev_ops = {
	.ndo_open = oru_open,
	.ndo_stop = oru_stop,
};

int oru_demo(struct net_device *netdev, void __iomem *doorbell)
{
	struct oru_priv *priv = netdev_priv(netdev);

	netdev->netdev_ops = &oru_netdev_ops;
	return oru_alloc_status(priv) ?: oru_queue_cmd(priv, doorbell) ?:
	       oru_alloc_fw_log(priv) ?: oru_add_sram(priv);
}
EXPORT_SYMBOL_GPL(oru_demo);

MODULE_LICENSE("GPL");
