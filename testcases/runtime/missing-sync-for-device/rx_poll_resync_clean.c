// SPDX-License-Identifier: GPL-2.0
/*
 * A polled receive buffer on QEMU's edu device, mapped once and reused: the
 * loop takes the buffer for the CPU after each transfer and gives it back
 * to the device before the next one.
 */
#include <linux/slab.h>

#include "../harness/rt_edu.h"

#define RX_LEN		256
#define RX_ROUNDS	2

struct poller {
	void *buf;
	dma_addr_t dma;
	u32 sum;
};

static int poll_rounds(struct rt_edu *edu, struct poller *p)
{
	int round, err;

	for (round = 0; round < RX_ROUNDS; round++) {
		err = rt_edu_dma(edu, p->dma, 0, RX_LEN, true);
		if (err)
			return err;
		dma_sync_single_for_cpu(edu->dev, p->dma, RX_LEN, DMA_FROM_DEVICE);
		p->sum += *(u32 *)p->buf;
		dma_sync_single_for_device(edu->dev, p->dma, RX_LEN, DMA_FROM_DEVICE);
	}
	return 0;
}

static int poller_probe(struct rt_edu *edu)
{
	struct poller *p = devm_kzalloc(edu->dev, sizeof(*p), GFP_KERNEL);
	int err;

	if (!p)
		return -ENOMEM;
	p->buf = kzalloc(RX_LEN, GFP_KERNEL);
	if (!p->buf)
		return -ENOMEM;
	p->dma = dma_map_single(edu->dev, p->buf, RX_LEN, DMA_FROM_DEVICE);
	if (dma_mapping_error(edu->dev, p->dma)) {
		kfree(p->buf);
		return -ENOMEM;
	}
	edu->priv = p;
	err = poll_rounds(edu, p);
	if (err)
		dev_warn(edu->dev, "edu transfer failed: %d\n", err);
	return 0;
}

static void poller_remove(struct rt_edu *edu)
{
	struct poller *p = edu->priv;

	dma_unmap_single(edu->dev, p->dma, RX_LEN, DMA_FROM_DEVICE);
	kfree(p->buf);
}

RT_EDU_MODULE(poller_probe, poller_remove);
