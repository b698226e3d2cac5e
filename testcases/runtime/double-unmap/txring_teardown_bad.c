// SPDX-License-Identifier: GPL-2.0
/*
 * A transmit ring whose completion handler unmaps finished slots, and whose
 * teardown unmaps every slot that holds a buffer, including the ones the
 * completion already unmapped (the slot keeps no "mapped" marker).
 */
#include <linux/slab.h>

#include "../harness/rt_platform.h"

#define TXQ_SLOTS	4
#define TXQ_BUF_LEN	256

struct txq_slot {
	void *buf;
	dma_addr_t dma;
	unsigned int len;
};

struct txq {
	struct device *dev;
	struct txq_slot slot[TXQ_SLOTS];
};

static int txq_post(struct txq *q, unsigned int i)
{
	struct txq_slot *s = &q->slot[i];

	s->buf = kzalloc(TXQ_BUF_LEN, GFP_KERNEL);
	if (!s->buf)
		return -ENOMEM;
	s->len = TXQ_BUF_LEN;
	s->dma = dma_map_single(q->dev, s->buf, s->len, DMA_TO_DEVICE);
	if (dma_mapping_error(q->dev, s->dma)) {
		kfree(s->buf);
		s->buf = NULL;
		return -ENOMEM;
	}
	return 0;
}

/* The device has sent slots [0, done): give them back. */
static void txq_complete(struct txq *q, unsigned int done)
{
	unsigned int i;

	for (i = 0; i < done; i++)
		dma_unmap_single(q->dev, q->slot[i].dma, q->slot[i].len, DMA_TO_DEVICE); /* related: double-unmap */
}

static void txq_teardown(struct txq *q)
{
	unsigned int i;

	for (i = 0; i < TXQ_SLOTS; i++) {
		struct txq_slot *s = &q->slot[i];

		if (!s->buf)
			continue;
		dma_unmap_single(q->dev, s->dma, s->len, DMA_TO_DEVICE); /* expect: double-unmap */
		kfree(s->buf);
		s->buf = NULL;
	}
}

static int txq_probe(struct platform_device *pdev)
{
	struct txq *q = devm_kzalloc(&pdev->dev, sizeof(*q), GFP_KERNEL);
	unsigned int i;

	if (!q)
		return -ENOMEM;
	q->dev = &pdev->dev;
	platform_set_drvdata(pdev, q);
	for (i = 0; i < TXQ_SLOTS; i++)
		if (txq_post(q, i))
			break;
	txq_complete(q, 2);
	return 0;
}

static void txq_remove(struct platform_device *pdev)
{
	txq_teardown(platform_get_drvdata(pdev));
}

RT_PLATFORM_MODULE(txq_probe, txq_remove);
