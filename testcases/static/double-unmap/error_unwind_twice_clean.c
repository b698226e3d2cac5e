// SPDX-License-Identifier: GPL-2.0
/*
 * double-unmap, clean twin: each path releases a handle once.  Also the
 * loops that look like repeats but release a different slot each time (the
 * index or slot pointer changes between releases), and the mapped-as-page
 * flag choosing one of two unmaps per slot.
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

struct euw_buf {
	struct sk_buff *skb;
	dma_addr_t dma;
	unsigned int len;
	bool is_page;
};

struct euw_priv {
	struct device *dev;
	struct net_device *ndev;
	void __iomem *regs;
	struct euw_buf rx[64];
	unsigned int tail, head;
	dma_addr_t cmd_hdr_dma, cmd_data_dma;	/* unmapped when the command completes */
};

int euw_send_two(struct euw_priv *priv, void *hdr, size_t hlen, void *data, size_t dlen)
{
	dma_addr_t hdr_dma, data_dma;

	hdr_dma = dma_map_single(priv->dev, hdr, hlen, DMA_TO_DEVICE);
	if (dma_mapping_error(priv->dev, hdr_dma))
		return -ENOMEM;
	data_dma = dma_map_single(priv->dev, data, dlen, DMA_TO_DEVICE);
	if (dma_mapping_error(priv->dev, data_dma))
		goto err_unmap_hdr;
	writeq(hdr_dma, priv->regs + 0x10);
	writeq(data_dma, priv->regs + 0x18);
	priv->cmd_hdr_dma = hdr_dma;
	priv->cmd_data_dma = data_dma;
	return 0;

err_unmap_hdr:
	dma_unmap_single(priv->dev, hdr_dma, hlen, DMA_TO_DEVICE);
	return -ENOMEM;
}
EXPORT_SYMBOL_GPL(euw_send_two);

struct sk_buff *euw_rx_one(struct euw_priv *priv, unsigned int i, unsigned int len)
{
	struct euw_buf *buf = &priv->rx[i];
	struct sk_buff *skb = buf->skb;

	dma_unmap_single(priv->dev, buf->dma, buf->len, DMA_FROM_DEVICE);
	buf->skb = NULL;
	if (len > buf->len) {
		priv->ndev->stats.rx_length_errors++;
		dev_kfree_skb_any(skb);
		return NULL;
	}
	skb_put(skb, len);
	return skb;
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
	if (!(readl(priv->regs + 0x48) & 1))
		ret = -ETIMEDOUT;
	dma_free_coherent(priv->dev, len, cmd, dma);
	return ret;
}
EXPORT_SYMBOL_GPL(euw_fw_command);

void euw_rx_drain(struct euw_priv *priv)
{
	unsigned int i;

	for (i = 0; i < 64; i++) {
		if (!priv->rx[i].skb)
			continue;
		dma_unmap_single(priv->dev, priv->rx[i].dma, priv->rx[i].len, DMA_FROM_DEVICE);
		dev_kfree_skb_any(priv->rx[i].skb);
		priv->rx[i].skb = NULL;
	}
}
EXPORT_SYMBOL_GPL(euw_rx_drain);

void euw_tx_clean(struct euw_priv *priv)
{
	while (priv->tail != priv->head) {
		struct euw_buf *buf = &priv->rx[priv->tail];

		if (buf->is_page)
			dma_unmap_page(priv->dev, buf->dma, buf->len, DMA_TO_DEVICE);
		else
			dma_unmap_single(priv->dev, buf->dma, buf->len, DMA_TO_DEVICE);
		dev_consume_skb_any(buf->skb);
		buf->skb = NULL;
		priv->tail = (priv->tail + 1) % 64;
	}
}
EXPORT_SYMBOL_GPL(euw_tx_clean);

MODULE_LICENSE("GPL");
