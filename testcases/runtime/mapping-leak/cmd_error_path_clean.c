// SPDX-License-Identifier: GPL-2.0
/*
 * A command submission that maps the request and the response buffer and,
 * when the command is too long for the ring, unwinds both mappings.
 */
#include <linux/slab.h>

#include "../harness/rt_platform.h"

#define CMD_REQ_LEN	64
#define CMD_RESP_LEN	256
#define CMD_RING_MAX	32

struct cmd {
	void *req, *resp;
	unsigned int req_len, resp_len;
	dma_addr_t req_dma, resp_dma;
};

struct cmddev {
	struct device *dev;
	struct cmd cmd;
};

static int cmd_submit(struct cmddev *cd, struct cmd *c)
{
	dma_addr_t req_dma, resp_dma;

	req_dma = dma_map_single(cd->dev, c->req, c->req_len, DMA_TO_DEVICE);
	if (dma_mapping_error(cd->dev, req_dma))
		return -ENOMEM;
	resp_dma = dma_map_single(cd->dev, c->resp, c->resp_len, DMA_FROM_DEVICE);
	if (dma_mapping_error(cd->dev, resp_dma)) {
		dma_unmap_single(cd->dev, req_dma, c->req_len, DMA_TO_DEVICE);
		return -ENOMEM;
	}
	if (c->req_len > CMD_RING_MAX)
		goto err_too_big;
	c->req_dma = req_dma;
	c->resp_dma = resp_dma;
	return 0;

err_too_big:
	dma_unmap_single(cd->dev, resp_dma, c->resp_len, DMA_FROM_DEVICE);
	dma_unmap_single(cd->dev, req_dma, c->req_len, DMA_TO_DEVICE);
	return -E2BIG;
}

static int cmddev_probe(struct platform_device *pdev)
{
	struct cmddev *cd = devm_kzalloc(&pdev->dev, sizeof(*cd), GFP_KERNEL);
	struct cmd *c;

	if (!cd)
		return -ENOMEM;
	cd->dev = &pdev->dev;
	platform_set_drvdata(pdev, cd);
	c = &cd->cmd;
	c->req = devm_kzalloc(&pdev->dev, CMD_REQ_LEN, GFP_KERNEL);
	c->resp = devm_kzalloc(&pdev->dev, CMD_RESP_LEN, GFP_KERNEL);
	if (!c->req || !c->resp)
		return -ENOMEM;
	c->req_len = CMD_REQ_LEN;
	c->resp_len = CMD_RESP_LEN;
	if (cmd_submit(cd, c))
		dev_info(cd->dev, "command refused\n");
	return 0;
}

static void cmddev_remove(struct platform_device *pdev)
{
}

RT_PLATFORM_MODULE(cmddev_probe, cmddev_remove);
