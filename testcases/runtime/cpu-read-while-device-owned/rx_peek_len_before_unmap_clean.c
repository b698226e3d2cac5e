// SPDX-License-Identifier: GPL-2.0
/*
 * The clean twin of rx_peek_len_before_unmap_bad.c: the completion syncs the
 * header for the CPU before it reads the length, and unmaps after.
 */
#include <linux/delay.h>
#include <linux/slab.h>

#include "../harness/rt_platform.h"

#define RX_LEN		1536
#define RX_COPYBREAK	256
#define RX_HDR_LEN	16

struct rx_slot {
	u8 *data;
	dma_addr_t dma;
};

static int rx_refill(struct device *dev, struct rx_slot *s)
{
	s->data = kzalloc(RX_LEN, GFP_KERNEL);
	if (!s->data)
		return -ENOMEM;
	s->dma = dma_map_single(dev, s->data, RX_LEN, DMA_FROM_DEVICE);
	if (dma_mapping_error(dev, s->dma)) {
		kfree(s->data);
		return -ENOMEM;
	}
	return 0;
}

static unsigned int rx_complete(struct device *dev, struct rx_slot *s)
{
	unsigned int len;

	dma_sync_single_for_cpu(dev, s->dma, RX_HDR_LEN, DMA_FROM_DEVICE);
	len = le16_to_cpup((__le16 *)s->data);
	dma_unmap_single(dev, s->dma, RX_LEN, DMA_FROM_DEVICE);
	return len <= RX_COPYBREAK ? len : 0;
}

static int rxpeek_probe(struct platform_device *pdev)
{
	struct rx_slot s;
	int err = rx_refill(&pdev->dev, &s);

	if (err)
		return err;
	msleep(50);
	dev_info(&pdev->dev, "copybreak length %u\n", rx_complete(&pdev->dev, &s));
	kfree(s.data);
	return 0;
}

static void rxpeek_remove(struct platform_device *pdev)
{
}

RT_PLATFORM_MODULE(rxpeek_probe, rxpeek_remove);
