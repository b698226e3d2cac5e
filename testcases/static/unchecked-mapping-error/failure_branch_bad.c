// SPDX-License-Identifier: GPL-2.0
/*
 * unchecked-mapping-error: dma_mapping_error() is called, but the failure
 * is not handled.  The forms seen in patches that only silenced the DMA
 * debugging code: the result dropped or hidden in a WARN_ON() statement, a
 * failure branch that only logs and falls through to the descriptor write,
 * and the err = dma_mapping_error(); if (err) form with the same mistake.
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

struct fbr_desc {
	__le64 addr;
	__le32 len;
	__le32 flags;
};

struct fbr_priv {
	struct device *dev;
	struct net_device *ndev;
	struct fbr_desc *rx_ring;
	struct fbr_desc *tx_ring;
	dma_addr_t cmd_dma;
	void *cmd_buf;
};

int fbr_post_rx(struct fbr_priv *priv, unsigned int i, void *buf, unsigned int len)
{
	dma_addr_t dma = dma_map_single(priv->dev, buf, len, DMA_FROM_DEVICE); /* expect: unchecked-mapping-error */

	dma_mapping_error(priv->dev, dma);
	priv->rx_ring[i].addr = cpu_to_le64(dma);
	priv->rx_ring[i].len = cpu_to_le32(len);
	return 0;
}
EXPORT_SYMBOL_GPL(fbr_post_rx);

int fbr_post_tx(struct fbr_priv *priv, unsigned int i, struct sk_buff *skb)
{
	dma_addr_t dma;

	dma = dma_map_single(priv->dev, skb->data, skb_headlen(skb), DMA_TO_DEVICE); /* expect: unchecked-mapping-error */
	if (dma_mapping_error(priv->dev, dma))
		netdev_warn(priv->ndev, "tx mapping failed\n");
	priv->tx_ring[i].addr = cpu_to_le64(dma);
	priv->tx_ring[i].len = cpu_to_le32(skb_headlen(skb));
	return 0;
}
EXPORT_SYMBOL_GPL(fbr_post_tx);

int fbr_send_cmd(struct fbr_priv *priv, struct page *page, size_t len)
{
	dma_addr_t dma;
	int err;

	dma = dma_map_page(priv->dev, page, 0, len, DMA_TO_DEVICE); /* expect: unchecked-mapping-error */
	err = dma_mapping_error(priv->dev, dma);
	if (err) {
		netdev_err(priv->ndev, "command mapping failed: %d\n", err);
		priv->ndev->stats.tx_errors++;
	}
	priv->cmd_dma = dma;
	return err;
}
EXPORT_SYMBOL_GPL(fbr_send_cmd);

int fbr_post_status(struct fbr_priv *priv, void *status, size_t len)
{
	dma_addr_t dma = dma_map_single(priv->dev, status, len, DMA_FROM_DEVICE); /* expect: unchecked-mapping-error */

	WARN_ON_ONCE(dma_mapping_error(priv->dev, dma));
	priv->cmd_dma = dma;
	return 0;
}
EXPORT_SYMBOL_GPL(fbr_post_status);

MODULE_LICENSE("GPL");
