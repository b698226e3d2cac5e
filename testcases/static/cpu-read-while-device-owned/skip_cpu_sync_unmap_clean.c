// SPDX-License-Identifier: GPL-2.0
/*
 * The fixed twin of skip_cpu_sync_unmap_bad.c: the received bytes are
 * synced for the CPU before the unmap that skips the sync.
 */
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

struct scs_rx_buf {
	void *data;
	dma_addr_t dma;
};

struct scs_ring {
	struct device *dev;
	struct net_device *ndev;
	struct napi_struct napi;
	unsigned int buf_len;
};

int scs_refill(struct scs_ring *ring, struct scs_rx_buf *rb)
{
	rb->data = netdev_alloc_frag(ring->buf_len);
	if (!rb->data)
		return -ENOMEM;
	rb->dma = dma_map_single(ring->dev, rb->data, ring->buf_len, DMA_FROM_DEVICE);
	if (dma_mapping_error(ring->dev, rb->dma)) {
		skb_free_frag(rb->data);
		return -ENOMEM;
	}
	return 0;
}
EXPORT_SYMBOL_GPL(scs_refill);

int scs_rx_one(struct scs_ring *ring, struct scs_rx_buf *rb, unsigned int len)
{
	struct sk_buff *skb;

	dma_sync_single_for_cpu(ring->dev, rb->dma, len, DMA_FROM_DEVICE);
	dma_unmap_single_attrs(ring->dev, rb->dma, ring->buf_len, DMA_FROM_DEVICE,
			       DMA_ATTR_SKIP_CPU_SYNC);
	skb = napi_alloc_skb(&ring->napi, len);
	if (!skb)
		return -ENOMEM;
	skb_put_data(skb, rb->data, len);
	skb_free_frag(rb->data);
	skb->protocol = eth_type_trans(skb, ring->ndev);
	napi_gro_receive(&ring->napi, skb);
	return 0;
}
EXPORT_SYMBOL_GPL(scs_rx_one);

/* A firmware query: the device writes its answer into resp. */
int scs_query(struct device *dev, u8 *resp, size_t len, int (*run)(dma_addr_t dma))
{
	dma_addr_t dma = dma_map_single(dev, resp, len, DMA_FROM_DEVICE);
	int ret;

	if (dma_mapping_error(dev, dma))
		return -ENOMEM;
	ret = run(dma);
	dma_sync_single_for_cpu(dev, dma, len, DMA_FROM_DEVICE);
	dma_unmap_single_attrs(dev, dma, len, DMA_FROM_DEVICE, DMA_ATTR_SKIP_CPU_SYNC);
	if (ret)
		return ret;
	return resp[0];
}
EXPORT_SYMBOL_GPL(scs_query);

MODULE_LICENSE("GPL");
