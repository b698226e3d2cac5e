// SPDX-License-Identifier: GPL-2.0
/*
 * Command blocks from a managed dma_pool, as storage and NIC drivers keep
 * their PRP lists and descriptors: the submit path gives the block back on
 * every path.
 */
#include <linux/dmapool.h>

#include "../harness/rt_platform.h"

#define CMD_BLOCK	64
#define CMD_MAX_LEN	48

struct cmdq {
	struct device *dev;
	struct dma_pool *pool;
};

static int cmdq_submit(struct cmdq *q, unsigned int len)
{
	dma_addr_t dma;
	u8 *blk;

	blk = dma_pool_zalloc(q->pool, GFP_KERNEL, &dma);
	if (!blk)
		return -ENOMEM;
	if (len > CMD_MAX_LEN) {
		dma_pool_free(q->pool, blk, dma);
		return -EINVAL;
	}
	blk[0] = len;
	dma_pool_free(q->pool, blk, dma);
	return 0;
}

static int cmdq_probe(struct platform_device *pdev)
{
	struct cmdq *q = devm_kzalloc(&pdev->dev, sizeof(*q), GFP_KERNEL);

	if (!q)
		return -ENOMEM;
	q->dev = &pdev->dev;
	q->pool = dmam_pool_create("cmdq", q->dev, CMD_BLOCK, CMD_BLOCK, 0);
	if (!q->pool)
		return -ENOMEM;
	cmdq_submit(q, 16);
	if (cmdq_submit(q, 100))
		dev_info(q->dev, "oversized command refused\n");
	return 0;
}

static void cmdq_remove(struct platform_device *pdev)
{
}

RT_PLATFORM_MODULE(cmdq_probe, cmdq_remove);
