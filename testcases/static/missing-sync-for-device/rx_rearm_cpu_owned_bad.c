// SPDX-License-Identifier: GPL-2.0
/*
 * missing-sync-for-device: a copybreak receive path that syncs the ring
 * buffer for the CPU, copies the frame out, and gives the buffer back to
 * the device by re-arming its descriptor without syncing it for the
 * device; and a status poll that takes the status block for the CPU, asks
 * the device to write it again, and syncs it for the CPU a second time
 * without having given it back with a sync for the device.
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
	p->rxd[i].addr = cpu_to_le64(b->dma); /* expect: missing-sync-for-device */
	p->rxd[i].status = 0;
}

static u32 rrc_poll_status(struct rrc_priv *p)
{
	u32 first;

	dma_sync_single_for_cpu(p->dev, p->stat_dma, 64, DMA_FROM_DEVICE);
	first = p->stat[0];
	rrc_request_status(p, p->stat_dma);
	dma_sync_single_for_cpu(p->dev, p->stat_dma, 64, DMA_FROM_DEVICE); /* expect: missing-sync-for-device */
	return first | p->stat[1];
}

int rrc_demo(struct rrc_priv *p, struct sk_buff *copy)
{
	rrc_copybreak(p, 0, copy, 60);
	return rrc_poll_status(p);
}
EXPORT_SYMBOL_GPL(rrc_demo);

MODULE_LICENSE("GPL");
