// SPDX-License-Identifier: GPL-2.0
/*
 * missing-sync-for-device, clean twin: the buffer is synced back for the
 * device before its descriptor is re-armed; the status buffer is handed
 * back to the device before the device is asked to write it again;
 * syncing two different parts of a buffer for the CPU (the header, then the
 * rest) is fine; and so is syncing the same part twice while the CPU keeps
 * it (a receive loop that syncs the frame once to check it and once more
 * before the copybreak copy, as hamachi_rx() does): redundant, not wrong.
 */
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/skbuff.h>

struct rrc_buf {
	struct sk_buff *skb;
	dma_addr_t dma;
};

struct rrc_desc {
	__le64 addr;
	__le32 len;
	__le32 status;
};

struct rrc_priv {
	struct device *dev;
	struct rrc_buf rx[32];
	struct rrc_desc *rxd;
	dma_addr_t stat_dma;
	u32 *stat;
	void __iomem *regs;
};

/* The device writes a fresh status block to dma when this is written. */
static void rrc_request_status(struct rrc_priv *p, dma_addr_t dma)
{
	writel(lower_32_bits(dma), p->regs + 0x40);
}

static void rrc_copybreak(struct rrc_priv *p, unsigned int i, struct sk_buff *copy,
			  unsigned int len)
{
	struct rrc_buf *b = &p->rx[i];

	dma_sync_single_for_cpu(p->dev, b->dma, len, DMA_FROM_DEVICE);
	skb_copy_to_linear_data(copy, b->skb->data, len);
	dma_sync_single_for_device(p->dev, b->dma, len, DMA_FROM_DEVICE);
	p->rxd[i].addr = cpu_to_le64(b->dma);
	p->rxd[i].status = 0;
}

static u32 rrc_poll_status(struct rrc_priv *p)
{
	u32 first;

	dma_sync_single_for_cpu(p->dev, p->stat_dma, 64, DMA_FROM_DEVICE);
	first = p->stat[0];
	dma_sync_single_for_device(p->dev, p->stat_dma, 64, DMA_FROM_DEVICE);
	rrc_request_status(p, p->stat_dma);
	dma_sync_single_for_cpu(p->dev, p->stat_dma, 64, DMA_FROM_DEVICE);
	first |= p->stat[1];
	dma_sync_single_for_device(p->dev, p->stat_dma, 64, DMA_FROM_DEVICE);
	return first;
}

static u32 rrc_peek_then_rest(struct rrc_priv *p, unsigned int i, unsigned int len)
{
	struct rrc_buf *b = &p->rx[i];

	dma_sync_single_range_for_cpu(p->dev, b->dma, 0, 64, DMA_FROM_DEVICE);
	if (b->skb->data[0] == 0)
		return 0;
	dma_sync_single_range_for_cpu(p->dev, b->dma, 64, len - 64, DMA_FROM_DEVICE);
	return len;
}

static struct sk_buff *rrc_rx_small(struct rrc_priv *p, unsigned int i, unsigned int len)
{
	struct rrc_buf *b = &p->rx[i];
	struct sk_buff *copy;

	dma_sync_single_for_cpu(p->dev, b->dma, len, DMA_FROM_DEVICE);
	if (b->skb->data[12] != 0x08)
		goto give_back;
	copy = netdev_alloc_skb(NULL, len);
	if (!copy)
		goto give_back;
	dma_sync_single_for_cpu(p->dev, b->dma, len, DMA_FROM_DEVICE);
	skb_copy_to_linear_data(copy, b->skb->data, len);
	dma_sync_single_for_device(p->dev, b->dma, len, DMA_FROM_DEVICE);
	return copy;
give_back:
	dma_sync_single_for_device(p->dev, b->dma, len, DMA_FROM_DEVICE);
	return NULL;
}

int rrc_demo(struct rrc_priv *p, struct sk_buff *copy)
{
	rrc_copybreak(p, 0, copy, 60);
	kfree_skb(rrc_rx_small(p, 2, 60));
	return rrc_poll_status(p) + rrc_peek_then_rest(p, 1, 128);
}
EXPORT_SYMBOL_GPL(rrc_demo);

MODULE_LICENSE("GPL");
