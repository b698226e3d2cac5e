// SPDX-License-Identifier: GPL-2.0
/*
 * cpu-write-while-device-owned, clean twin: the frame is patched before it
 * is mapped; the command is filled first, then mapped; the bounce buffer
 * is synced for the CPU, rewritten, and synced back for the device; and
 * writing a DMA_FROM_DEVICE buffer's skb fields is no write to its data.
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/skbuff.h>
#include <linux/string.h>

struct tpa_tx_buf {
	void *data;
	dma_addr_t dma;
};

struct tpa_priv {
	struct device *dev;
	__le64 *txd;
	struct tpa_tx_buf bounce[8];
};

static int tpa_xmit(struct tpa_priv *p, struct sk_buff *skb)
{
	dma_addr_t dma;

	skb->data[12] = 0x08;
	dma = dma_map_single(p->dev, skb->data, skb->len, DMA_TO_DEVICE);
	if (dma_mapping_error(p->dev, dma))
		return -ENOMEM;
	*p->txd = cpu_to_le64(dma);
	skb->priority = 0;
	return 0;
}

static int tpa_send_cmd(struct tpa_priv *p, u8 *cmd, const u8 *args, size_t len)
{
	dma_addr_t dma;

	memcpy(cmd + 4, args, len);
	dma = dma_map_single(p->dev, cmd, 64, DMA_TO_DEVICE);
	if (dma_mapping_error(p->dev, dma))
		return -ENOMEM;
	*p->txd = cpu_to_le64(dma);
	return 0;
}

static int tpa_map_bounce(struct tpa_priv *p, unsigned int i)
{
	struct tpa_tx_buf *b = &p->bounce[i];

	b->dma = dma_map_single(p->dev, b->data, 256, DMA_TO_DEVICE);
	if (dma_mapping_error(p->dev, b->dma))
		return -ENOMEM;
	return 0;
}

static void tpa_reuse_bounce(struct tpa_priv *p, unsigned int i, const void *frame)
{
	struct tpa_tx_buf *b = &p->bounce[i];

	dma_sync_single_for_cpu(p->dev, b->dma, 256, DMA_TO_DEVICE);
	memcpy(b->data, frame, 64);
	dma_sync_single_for_device(p->dev, b->dma, 256, DMA_TO_DEVICE);
}

static int tpa_rx_arm(struct tpa_priv *p, struct sk_buff *skb)
{
	dma_addr_t dma = dma_map_single(p->dev, skb->data, 2048, DMA_FROM_DEVICE);

	if (dma_mapping_error(p->dev, dma))
		return -ENOMEM;
	skb->protocol = 0;
	*p->txd = cpu_to_le64(dma);
	return 0;
}

int tpa_demo(struct tpa_priv *p, struct sk_buff *skb, u8 *cmd, struct sk_buff *rx)
{
	tpa_map_bounce(p, 0);
	tpa_reuse_bounce(p, 0, skb->data);
	return tpa_xmit(p, skb) ?: tpa_send_cmd(p, cmd, skb->data, 8) ?: tpa_rx_arm(p, rx);
}
EXPORT_SYMBOL_GPL(tpa_demo);

MODULE_LICENSE("GPL");
