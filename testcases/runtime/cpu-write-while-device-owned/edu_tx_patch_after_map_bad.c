// SPDX-License-Identifier: GPL-2.0
/*
 * A transmit path on QEMU's edu device that maps the frame and then stamps
 * its sequence number into the header.  Under swiotlb the device has
 * already been given the bounce copy, so it sends the stale header; the
 * module reads the device's copy back to show it.  (dmatrack-test: swiotlb)
 */
#include <linux/slab.h>
#include <linux/string.h>

#include "../harness/rt_edu.h"

#define FRAME_LEN	64
#define SEQ_STAMP	0x42

struct txframe {
	u8 seq;
	u8 payload[FRAME_LEN - 1];
};

static int tx_send(struct rt_edu *edu, struct txframe *f)
{
	dma_addr_t dma;
	int err;

	memset(f->payload, 'a', sizeof(f->payload));
	dma = dma_map_single(edu->dev, f, FRAME_LEN, DMA_TO_DEVICE); /* related: cpu-write-while-device-owned */
	if (dma_mapping_error(edu->dev, dma))
		return -ENOMEM;
	f->seq = SEQ_STAMP;
	err = rt_edu_dma(edu, dma, 0, FRAME_LEN, false);
	dma_unmap_single(edu->dev, dma, FRAME_LEN, DMA_TO_DEVICE); /* expect: cpu-write-while-device-owned */
	return err;
}

/* What did the device get?  Copy its buffer back. */
static int tx_readback(struct rt_edu *edu, u8 *seq)
{
	u8 *back = kzalloc(FRAME_LEN, GFP_KERNEL);
	dma_addr_t dma;
	int err;

	if (!back)
		return -ENOMEM;
	dma = dma_map_single(edu->dev, back, FRAME_LEN, DMA_FROM_DEVICE);
	if (dma_mapping_error(edu->dev, dma)) {
		kfree(back);
		return -ENOMEM;
	}
	err = rt_edu_dma(edu, dma, 0, FRAME_LEN, true);
	dma_unmap_single(edu->dev, dma, FRAME_LEN, DMA_FROM_DEVICE);
	*seq = back[0];
	kfree(back);
	return err;
}

static int txedu_probe(struct rt_edu *edu)
{
	struct txframe *f = kzalloc(sizeof(*f), GFP_KERNEL);
	u8 seq = 0;
	int err;

	if (!f)
		return -ENOMEM;
	err = tx_send(edu, f);
	if (!err)
		err = tx_readback(edu, &seq);
	dev_info(edu->dev, "device received sequence 0x%02x (the CPU wrote 0x%02x), err %d\n", seq,
		 f->seq, err);
	kfree(f);
	return 0;
}

static void txedu_remove(struct rt_edu *edu)
{
}

RT_EDU_MODULE(txedu_probe, txedu_remove);
