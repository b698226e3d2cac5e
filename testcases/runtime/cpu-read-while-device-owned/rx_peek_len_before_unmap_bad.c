// SPDX-License-Identifier: GPL-2.0
/*
 * A receive completion that peeks at the frame's length in the buffer's
 * header to decide whether to copy the frame or hand the buffer up, before
 * dma_unmap_single() gives the buffer back to the CPU.  The device is still
 * the owner: on a non-coherent machine the CPU may read a stale length.
 * Seen by the tracker's watchpoint on dma-direct, no swiotlb needed.
 */
#include <linux/delay.h>
#include <linux/slab.h>

#include "../harness/rt_platform.h"

#define RX_LEN		1536
#define RX_COPYBREAK	256

struct rx_slot {
	u8 *data;
	dma_addr_t dma;
};

static int rx_refill(struct device *dev, struct rx_slot *s)
{
	s->data = kzalloc(RX_LEN, GFP_KERNEL);
	if (!s->data)
		return -ENOMEM;
	s->dma = dma_map_single(dev, s->data, RX_LEN, DMA_FROM_DEVICE); /* related: cpu-read-while-device-owned */
	if (dma_mapping_error(dev, s->dma)) {
		kfree(s->data);
		return -ENOMEM;
	}
	return 0;
}

/* The completion: the device wrote a frame, its length first. */
static unsigned int rx_complete(struct device *dev, struct rx_slot *s)
{
	unsigned int len = le16_to_cpup((__le16 *)s->data); /* expect: cpu-read-while-device-owned */

	dma_unmap_single(dev, s->dma, RX_LEN, DMA_FROM_DEVICE);
	return len <= RX_COPYBREAK ? len : 0;
}

static int rxpeek_probe(struct platform_device *pdev)
{
	struct rx_slot s;
	int err = rx_refill(&pdev->dev, &s);

	if (err)
		return err;
	msleep(50);	/* the frame arrives some time after the refill */
	dev_info(&pdev->dev, "copybreak length %u\n", rx_complete(&pdev->dev, &s));
	kfree(s.data);
	return 0;
}

static void rxpeek_remove(struct platform_device *pdev)
{
}

RT_PLATFORM_MODULE(rxpeek_probe, rxpeek_remove);
