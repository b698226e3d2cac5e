// SPDX-License-Identifier: GPL-2.0
/*
 * cpu-write-while-device-owned: a transmit path that maps the frame for
 * the device and then patches it (a checksum, padding) before the
 * device is done with it; a command block filled after it was mapped; and
 * a ring buffer rewritten before this function's own sync for the CPU.
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
	dma_addr_t dma = dma_map_single(p->dev, skb->data, skb->len, DMA_TO_DEVICE);

	if (dma_mapping_error(p->dev, dma))
		return -ENOMEM;
	*p->txd = cpu_to_le64(dma);
	skb->data[12] = 0x08; /* expect: cpu-write-while-device-owned */
	return 0;
}

static int tpa_send_cmd(struct tpa_priv *p, u8 *cmd, const u8 *args, size_t len)
{
	dma_addr_t dma = dma_map_single(p->dev, cmd, 64, DMA_TO_DEVICE);

	if (dma_mapping_error(p->dev, dma))
		return -ENOMEM;
	memcpy(cmd + 4, args, len); /* expect: cpu-write-while-device-owned */
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

	memcpy(b->data, frame, 64); /* expect: cpu-write-while-device-owned */
	dma_sync_single_for_cpu(p->dev, b->dma, 256, DMA_TO_DEVICE);
	dma_sync_single_for_device(p->dev, b->dma, 256, DMA_TO_DEVICE);
}

int tpa_demo(struct tpa_priv *p, struct sk_buff *skb, u8 *cmd)
{
	tpa_map_bounce(p, 0);
	tpa_reuse_bounce(p, 0, skb->data);
	return tpa_xmit(p, skb) ?: tpa_send_cmd(p, cmd, skb->data, 8);
}
EXPORT_SYMBOL_GPL(tpa_demo);

MODULE_LICENSE("GPL");
