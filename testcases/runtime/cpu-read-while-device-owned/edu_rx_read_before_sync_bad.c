// SPDX-License-Identifier: GPL-2.0
/*
 * A receive path on QEMU's edu device that reads the frame before
 * dma_sync_single_for_cpu().  On coherent x86 it happens to see the data;
 * under dmatrack's poison mode with swiotlb=force (dmatrack-test: swiotlb)
 * it sees the poison, every time, as a non-coherent machine would show stale
 * data (the rig checks what the module saw), and the tracker's watchpoint
 * on the buffer reports the read itself.
 */
#include <linux/slab.h>
#include <linux/string.h>

#include "../harness/rt_edu.h"

#define RX_LEN		64
#define RX_MAGIC	0x5a

static int rx_receive(struct rt_edu *edu, u8 *first)
{
	u8 *buf = kmalloc(RX_LEN, GFP_KERNEL);
	u8 *fill = kmalloc(RX_LEN, GFP_KERNEL);
	dma_addr_t dma;
	int err = -ENOMEM;

	if (!buf || !fill)
		goto out;
	/* Put a known frame into the device's buffer first. */
	memset(fill, RX_MAGIC, RX_LEN);
	dma = dma_map_single(edu->dev, fill, RX_LEN, DMA_TO_DEVICE);
	if (dma_mapping_error(edu->dev, dma))
		goto out;
	err = rt_edu_dma(edu, dma, 0, RX_LEN, false);
	dma_unmap_single(edu->dev, dma, RX_LEN, DMA_TO_DEVICE);
	if (err)
		goto out;

	dma = dma_map_single(edu->dev, buf, RX_LEN, DMA_FROM_DEVICE); /* related: cpu-read-while-device-owned */
	if (dma_mapping_error(edu->dev, dma)) {
		err = -ENOMEM;
		goto out;
	}
	err = rt_edu_dma(edu, dma, 0, RX_LEN, true);
	*first = buf[0]; /* expect: cpu-read-while-device-owned */
	dma_sync_single_for_cpu(edu->dev, dma, RX_LEN, DMA_FROM_DEVICE);
	dma_unmap_single(edu->dev, dma, RX_LEN, DMA_FROM_DEVICE);
out:
	kfree(fill);
	kfree(buf);
	return err;
}

static int rxread_probe(struct rt_edu *edu)
{
	u8 first = 0;
	int err = rx_receive(edu, &first);

	dev_info(edu->dev, "rt-read: first byte 0x%02x (frame 0x%02x), err %d\n", first, RX_MAGIC,
		 err);
	return 0;
}

static void rxread_remove(struct rt_edu *edu)
{
}

RT_EDU_MODULE(rxread_probe, rxread_remove);
