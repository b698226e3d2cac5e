// SPDX-License-Identifier: GPL-2.0
/*
 * A transmit path that maps only the linear header part of a frame but
 * unmaps it with the length of the whole frame.  (Its status read syncs
 * half of its mapping, legally: a sync past the end is caught too, but
 * swiotlb=force turns it into a real buffer overflow in the guest.)
 */
#include <linux/slab.h>

#include "../harness/rt_platform.h"

#define FRAME_LEN	1514
#define HEAD_LEN	128
#define STATUS_LEN	64

struct tx_frame {
	void *data;
	unsigned int len;	/* the whole frame */
	unsigned int headlen;	/* the part in this buffer */
	dma_addr_t dma;
};

struct txdev {
	struct device *dev;
	struct tx_frame frame;
	void *status;
	dma_addr_t status_dma;
};

static int tx_map_head(struct txdev *td)
{
	struct tx_frame *f = &td->frame;

	f->data = kzalloc(HEAD_LEN, GFP_KERNEL);
	if (!f->data)
		return -ENOMEM;
	f->len = FRAME_LEN;
	f->headlen = HEAD_LEN;
	f->dma = dma_map_single(td->dev, f->data, f->headlen, DMA_TO_DEVICE); /* related: size-mismatch */
	if (dma_mapping_error(td->dev, f->dma)) {
		kfree(f->data);
		f->data = NULL;
		return -ENOMEM;
	}
	return 0;
}

static void tx_complete(struct txdev *td)
{
	struct tx_frame *f = &td->frame;

	dma_unmap_single(td->dev, f->dma, f->len, DMA_TO_DEVICE); /* expect: size-mismatch */
	kfree(f->data);
	f->data = NULL;
}

static int status_map(struct txdev *td)
{
	td->status = kzalloc(STATUS_LEN, GFP_KERNEL);
	if (!td->status)
		return -ENOMEM;
	td->status_dma = dma_map_single(td->dev, td->status, STATUS_LEN, DMA_FROM_DEVICE);
	if (dma_mapping_error(td->dev, td->status_dma)) {
		kfree(td->status);
		td->status = NULL;
		return -ENOMEM;
	}
	return 0;
}

/* Reads the second half of the status block. */
static void status_read(struct txdev *td)
{
	dma_sync_single_range_for_cpu(td->dev, td->status_dma, STATUS_LEN / 2, STATUS_LEN / 2, DMA_FROM_DEVICE);
	dma_sync_single_range_for_device(td->dev, td->status_dma, STATUS_LEN / 2, STATUS_LEN / 2, DMA_FROM_DEVICE);
}

static int txdev_probe(struct platform_device *pdev)
{
	struct txdev *td = devm_kzalloc(&pdev->dev, sizeof(*td), GFP_KERNEL);

	if (!td)
		return -ENOMEM;
	td->dev = &pdev->dev;
	platform_set_drvdata(pdev, td);
	if (tx_map_head(td) == 0)
		tx_complete(td);
	if (status_map(td) == 0)
		status_read(td);
	return 0;
}

static void txdev_remove(struct platform_device *pdev)
{
	struct txdev *td = platform_get_drvdata(pdev);

	if (td->status) {
		dma_unmap_single(td->dev, td->status_dma, STATUS_LEN, DMA_FROM_DEVICE);
		kfree(td->status);
	}
}

RT_PLATFORM_MODULE(txdev_probe, txdev_remove);
