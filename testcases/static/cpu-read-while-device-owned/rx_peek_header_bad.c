// SPDX-License-Identifier: GPL-2.0
/*
 * cpu-read-while-device-owned: a receive handler that looks at the frame
 * (its Ethernet type, a copy for copybreak) before the sync for the CPU
 * that hands the ring buffer back, mapped DMA_FROM_DEVICE by the refill
 * in another function; and a response buffer read before it is unmapped.
 */
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#define RPH_BUF_LEN	2048

struct rph_rx_buf {
	struct sk_buff *skb;
	dma_addr_t dma;
};

struct rph_priv {
	struct device *dev;
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

	if (eth->h_proto == htons(ETH_P_PAUSE)) /* expect: cpu-read-while-device-owned */
		return false;
	copy = napi_alloc_skb(&p->napi, len);
	if (!copy)
		return false;
	skb_copy_to_linear_data(copy, skb->data, len); /* expect: cpu-read-while-device-owned */
	dma_sync_single_for_cpu(p->dev, rb->dma, len, DMA_FROM_DEVICE);
	dma_sync_single_for_device(p->dev, rb->dma, len, DMA_FROM_DEVICE);
	skb_put(copy, len);
	napi_gro_receive(&p->napi, copy);
	return true;
}

static int rph_query(struct device *dev, u8 *resp, size_t len)
{
	dma_addr_t dma = dma_map_single(dev, resp, len, DMA_FROM_DEVICE);
	int status;

	if (dma_mapping_error(dev, dma))
		return -ENOMEM;
	status = resp[0]; /* expect: cpu-read-while-device-owned */
	dma_unmap_single(dev, dma, len, DMA_FROM_DEVICE);
	return status;
}

int rph_demo(struct rph_priv *p, u8 *resp)
{
	rph_refill(p, 0);
	rph_rx_one(p, 60);
	return rph_query(p->dev, resp, 64);
}
EXPORT_SYMBOL_GPL(rph_demo);

MODULE_LICENSE("GPL");
