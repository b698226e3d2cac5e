// SPDX-License-Identifier: GPL-2.0
/*
 * cpu-read-while-device-owned, clean twin: the frame is synced for the
 * CPU before it is looked at; the response is read after the unmap; and
 * reading the skb's own fields (its length, its data pointer) or a
 * DMA_TO_DEVICE buffer is no access to device-owned data.  Moving the
 * end-of-list bit of a bidirectional receive descriptor ring with
 * read-modify-writes of its command word, each handed over with a sync for
 * the device (e100_rx_clean()), is the CPU updating a word it owns.
 */
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#define RPH_BUF_LEN	2048
#define RPH_EL		0x8000

struct rph_rfd {
	__le16 status;
	__le16 command;
	__le32 link;
	__le16 actual_size;
	__le16 size;
};

struct rph_rx_buf {
	struct sk_buff *skb;
	dma_addr_t dma;
};

struct rph_rfd_buf {
	struct sk_buff *skb;
	dma_addr_t dma;
};

struct rph_priv {
	struct device *dev;
	struct rph_rfd_buf rfd[16];
	struct net_device *netdev;
	struct napi_struct napi;
	struct rph_rx_buf rx[64];
	unsigned int rx_next;
};

static int rph_refill(struct rph_priv *p, unsigned int i)
{
	struct rph_rx_buf *rb = &p->rx[i];
	struct sk_buff *skb = netdev_alloc_skb(p->netdev, RPH_BUF_LEN);

	if (!skb)
		return -ENOMEM;
	rb->dma = dma_map_single(p->dev, skb->data, RPH_BUF_LEN, DMA_FROM_DEVICE);
	if (dma_mapping_error(p->dev, rb->dma)) {
		dev_kfree_skb_any(skb);
		return -ENOMEM;
	}
	rb->skb = skb;
	return 0;
}

static bool rph_rx_one(struct rph_priv *p, unsigned int len)
{
	struct rph_rx_buf *rb = &p->rx[p->rx_next];
	struct sk_buff *skb = rb->skb;
	struct ethhdr *eth = (struct ethhdr *)skb->data;
	struct sk_buff *copy;

	if (skb->len > RPH_BUF_LEN)
		return false;
	dma_sync_single_for_cpu(p->dev, rb->dma, len, DMA_FROM_DEVICE);
	if (eth->h_proto == htons(ETH_P_PAUSE)) {
		dma_sync_single_for_device(p->dev, rb->dma, len, DMA_FROM_DEVICE);
		return false;
	}
	copy = napi_alloc_skb(&p->napi, len);
	if (copy)
		skb_copy_to_linear_data(copy, skb->data, len);
	dma_sync_single_for_device(p->dev, rb->dma, len, DMA_FROM_DEVICE);
	if (!copy)
		return false;
	skb_put(copy, len);
	napi_gro_receive(&p->napi, copy);
	return true;
}

static int rph_query(struct device *dev, u8 *resp, size_t len, const u8 *cmd)
{
	dma_addr_t dma = dma_map_single(dev, resp, len, DMA_FROM_DEVICE);
	dma_addr_t cmd_dma;
	int status;

	if (dma_mapping_error(dev, dma))
		return -ENOMEM;
	cmd_dma = dma_map_single(dev, (void *)cmd, 16, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, cmd_dma)) {
		dma_unmap_single(dev, dma, len, DMA_FROM_DEVICE);
		return -ENOMEM;
	}
	status = cmd[0];
	dma_unmap_single(dev, cmd_dma, 16, DMA_TO_DEVICE);
	dma_unmap_single(dev, dma, len, DMA_FROM_DEVICE);
	return status + resp[0];
}

/* Arms a receive frame descriptor and moves the list's end mark onto it. */
static int rph_rfd_arm(struct rph_priv *p, struct rph_rfd_buf *rb, struct rph_rfd_buf *prev)
{
	struct rph_rfd *rfd = (struct rph_rfd *)rb->skb->data;
	struct rph_rfd *prev_rfd = (struct rph_rfd *)prev->skb->data;

	rb->dma = dma_map_single(p->dev, rb->skb->data, RPH_BUF_LEN, DMA_BIDIRECTIONAL);
	if (dma_mapping_error(p->dev, rb->dma))
		return -ENOMEM;
	rfd->size = 0;
	rfd->command |= cpu_to_le16(RPH_EL);
	dma_sync_single_for_device(p->dev, rb->dma, sizeof(struct rph_rfd), DMA_BIDIRECTIONAL);
	rfd->command &= ~cpu_to_le16(RPH_EL);
	dma_sync_single_for_device(p->dev, rb->dma, sizeof(struct rph_rfd), DMA_BIDIRECTIONAL);
	prev_rfd->link = cpu_to_le32(lower_32_bits(rb->dma));
	prev_rfd->command &= ~cpu_to_le16(RPH_EL);
	dma_sync_single_for_device(p->dev, prev->dma, sizeof(struct rph_rfd), DMA_BIDIRECTIONAL);
	return 0;
}

int rph_demo(struct rph_priv *p, u8 *resp, const u8 *cmd)
{
	rph_rfd_arm(p, &p->rfd[1], &p->rfd[0]);
	rph_refill(p, 0);
	rph_rx_one(p, 60);
	return rph_query(p->dev, resp, 64, cmd);
}
EXPORT_SYMBOL_GPL(rph_demo);

MODULE_LICENSE("GPL");
