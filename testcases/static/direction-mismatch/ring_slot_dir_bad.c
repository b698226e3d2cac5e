// SPDX-License-Identifier: GPL-2.0
/*
 * direction-mismatch across the functions of one driver, through the ring
 * slot that holds the handle (the copy-paste bug between transmit and
 * receive paths): a receive buffer mapped DMA_FROM_DEVICE at refill time,
 * synced for the CPU DMA_TO_DEVICE by the copybreak path and unmapped
 * DMA_TO_DEVICE when the frame is passed up; a transmit fragment recorded
 * with dma_unmap_addr_set() and unmapped DMA_FROM_DEVICE on completion.
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#define RSD_RING	128
#define RSD_BUF_LEN	1536
#define RSD_COPYBREAK	256

struct rsd_rx_buf {
	struct sk_buff *skb;
	dma_addr_t dma;
};

struct rsd_tx_buf {
	struct sk_buff *skb;
	DEFINE_DMA_UNMAP_ADDR(dma);
	DEFINE_DMA_UNMAP_LEN(len);
};

struct rsd_ring {
	struct device *dev;
	struct net_device *ndev;
	struct rsd_rx_buf rx_buf[RSD_RING];
	struct rsd_tx_buf tx_buf[RSD_RING];
};

int rsd_rx_refill(struct rsd_ring *ring, unsigned int i)
{
	struct rsd_rx_buf *rx_buf = &ring->rx_buf[i];
	struct sk_buff *skb = netdev_alloc_skb_ip_align(ring->ndev, RSD_BUF_LEN);

	if (!skb)
		return -ENOMEM;
	rx_buf->dma = dma_map_single(ring->dev, skb->data, RSD_BUF_LEN, DMA_FROM_DEVICE);
	if (dma_mapping_error(ring->dev, rx_buf->dma)) {
		dev_kfree_skb_any(skb);
		return -ENOMEM;
	}
	rx_buf->skb = skb;
	return 0;
}
EXPORT_SYMBOL_GPL(rsd_rx_refill);

struct sk_buff *rsd_rx_one(struct rsd_ring *ring, unsigned int i, unsigned int len)
{
	struct rsd_rx_buf *rx_buf = &ring->rx_buf[i];
	struct sk_buff *skb;

	if (len < RSD_COPYBREAK) {
		skb = napi_alloc_skb(NULL, len);
		if (!skb)
			return NULL;
		dma_sync_single_for_cpu(ring->dev, rx_buf->dma, len, DMA_TO_DEVICE); /* expect: direction-mismatch */
		skb_copy_to_linear_data(skb, rx_buf->skb->data, len);
		dma_sync_single_for_device(ring->dev, rx_buf->dma, len, DMA_FROM_DEVICE);
		return skb;
	}
	dma_unmap_single(ring->dev, rx_buf->dma, RSD_BUF_LEN, DMA_TO_DEVICE); /* expect: direction-mismatch */
	skb = rx_buf->skb;
	rx_buf->skb = NULL;
	skb_put(skb, len);
	return skb;
}
EXPORT_SYMBOL_GPL(rsd_rx_one);

int rsd_tx_frag(struct rsd_ring *ring, unsigned int i, const skb_frag_t *frag)
{
	struct rsd_tx_buf *tx_buf = &ring->tx_buf[i];
	dma_addr_t mapping;

	mapping = skb_frag_dma_map(ring->dev, frag, 0, skb_frag_size(frag), DMA_TO_DEVICE);
	if (dma_mapping_error(ring->dev, mapping))
		return -ENOMEM;
	dma_unmap_addr_set(tx_buf, dma, mapping);
	dma_unmap_len_set(tx_buf, len, skb_frag_size(frag));
	return 0;
}
EXPORT_SYMBOL_GPL(rsd_tx_frag);

void rsd_tx_complete(struct rsd_ring *ring, unsigned int i)
{
	struct rsd_tx_buf *tx_buf = &ring->tx_buf[i];

	if (dma_unmap_len(tx_buf, len))
		dma_unmap_page(ring->dev, dma_unmap_addr(tx_buf, dma), /* expect: direction-mismatch */
			       dma_unmap_len(tx_buf, len), DMA_FROM_DEVICE);
	dma_unmap_len_set(tx_buf, len, 0);
}
EXPORT_SYMBOL_GPL(rsd_tx_complete);

MODULE_LICENSE("GPL");
