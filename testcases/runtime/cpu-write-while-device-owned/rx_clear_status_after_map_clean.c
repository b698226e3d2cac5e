// SPDX-License-Identifier: GPL-2.0
/*
 * A receive refill that clears the status word the device writes at the end
 * of the buffer before it maps the buffer (dmatrack-test: swiotlb).
 */
#include <linux/slab.h>

#include "../harness/rt_platform.h"

#define RX_LEN		512
#define RX_STATUS_OFF	(RX_LEN - sizeof(u32))

struct rxbuf {
	void *data;
	dma_addr_t dma;
};

static int rx_refill(struct device *dev, struct rxbuf *rb)
{
	rb->data = kmalloc(RX_LEN, GFP_KERNEL);
	if (!rb->data)
		return -ENOMEM;
	*(u32 *)(rb->data + RX_STATUS_OFF) = 0;	/* "not yet written by the device" */
	rb->dma = dma_map_single(dev, rb->data, RX_LEN, DMA_FROM_DEVICE);
	if (dma_mapping_error(dev, rb->dma)) {
		kfree(rb->data);
		rb->data = NULL;
		return -ENOMEM;
	}
	return 0;
}

static void rx_release(struct device *dev, struct rxbuf *rb)
{
	dma_unmap_single(dev, rb->dma, RX_LEN, DMA_FROM_DEVICE);
	kfree(rb->data);
	rb->data = NULL;
}

static int rxpoison_probe(struct platform_device *pdev)
{
	struct rxbuf *rb = devm_kzalloc(&pdev->dev, sizeof(*rb), GFP_KERNEL);

	if (!rb)
		return -ENOMEM;
	platform_set_drvdata(pdev, rb);
	return rx_refill(&pdev->dev, rb);
}

static void rxpoison_remove(struct platform_device *pdev)
{
	struct rxbuf *rb = platform_get_drvdata(pdev);

	if (rb->data)
		rx_release(&pdev->dev, rb);
}

RT_PLATFORM_MODULE(rxpoison_probe, rxpoison_remove);
