// SPDX-License-Identifier: GPL-2.0
/*
 * double-unmap on error paths, the way unwinding goes wrong in drivers: a
 * failure branch unmaps the header and then jumps to a label that unmaps it
 * again; a receive buffer unmapped before a length check and unmapped a
 * second time by the drop path; a coherent bounce buffer freed on the
 * timeout path and again at the common exit.
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

struct euw_buf {
	struct sk_buff *skb;
	dma_addr_t dma;
	unsigned int len;
};

struct euw_priv {
	struct device *dev;
	struct net_device *ndev;
	void __iomem *regs;
	struct euw_buf rx[64];
	dma_addr_t cmd_hdr_dma, cmd_data_dma;	/* unmapped when the command completes */
};

int euw_send_two(struct euw_priv *priv, void *hdr, size_t hlen, void *data, size_t dlen)
{
	dma_addr_t hdr_dma, data_dma;

	hdr_dma = dma_map_single(priv->dev, hdr, hlen, DMA_TO_DEVICE);
	if (dma_mapping_error(priv->dev, hdr_dma))
		return -ENOMEM;
	data_dma = dma_map_single(priv->dev, data, dlen, DMA_TO_DEVICE);
	if (dma_mapping_error(priv->dev, data_dma)) {
		dma_unmap_single(priv->dev, hdr_dma, hlen, DMA_TO_DEVICE);
		goto err_unmap_hdr;
	}
	writeq(hdr_dma, priv->regs + 0x10);
	writeq(data_dma, priv->regs + 0x18);
	priv->cmd_hdr_dma = hdr_dma;
	priv->cmd_data_dma = data_dma;
	return 0;

err_unmap_hdr:
	dma_unmap_single(priv->dev, hdr_dma, hlen, DMA_TO_DEVICE); /* expect: double-unmap */
	return -ENOMEM;
}
EXPORT_SYMBOL_GPL(euw_send_two);

struct sk_buff *euw_rx_one(struct euw_priv *priv, unsigned int i, unsigned int len)
{
	struct euw_buf *buf = &priv->rx[i];
	struct sk_buff *skb = buf->skb;

	dma_unmap_single(priv->dev, buf->dma, buf->len, DMA_FROM_DEVICE);
	if (len > buf->len) {
		priv->ndev->stats.rx_length_errors++;
		goto drop;
	}
	buf->skb = NULL;
	skb_put(skb, len);
	return skb;

drop:
	dma_unmap_single(priv->dev, buf->dma, buf->len, DMA_FROM_DEVICE); /* expect: double-unmap */
	dev_kfree_skb_any(skb);
	buf->skb = NULL;
	return NULL;
}
EXPORT_SYMBOL_GPL(euw_rx_one);

int euw_fw_command(struct euw_priv *priv, size_t len)
{
	dma_addr_t dma;
	void *cmd;
	int ret = 0;

	cmd = dma_alloc_coherent(priv->dev, len, &dma, GFP_KERNEL);
	if (!cmd)
		return -ENOMEM;
	writeq(dma, priv->regs + 0x40);
	if (!(readl(priv->regs + 0x48) & 1)) {
		dma_free_coherent(priv->dev, len, cmd, dma);
		ret = -ETIMEDOUT;
	}
	dma_free_coherent(priv->dev, len, cmd, dma); /* expect: double-unmap */
	return ret;
}
EXPORT_SYMBOL_GPL(euw_fw_command);

MODULE_LICENSE("GPL");
