// SPDX-License-Identifier: GPL-2.0
/*
 * A command sent from a heap buffer, as DMA requires (dmatrack-test: wrap).
 */
#include <linux/slab.h>

#include "../harness/rt_platform.h"

#define CMD_RESET	0x01
#define CMD_LEN		16

static int cmd_send(struct device *dev, u8 opcode)
{
	u8 *cmd = kzalloc(CMD_LEN, GFP_KERNEL);
	dma_addr_t dma;
	int err = 0;

	if (!cmd)
		return -ENOMEM;
	cmd[0] = opcode;
	dma = dma_map_single(dev, cmd, CMD_LEN, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, dma))
		err = -ENOMEM;
	else
		dma_unmap_single(dev, dma, CMD_LEN, DMA_TO_DEVICE);
	kfree(cmd);
	return err;
}

static int cmddev_probe(struct platform_device *pdev)
{
	int err = cmd_send(&pdev->dev, CMD_RESET);

	if (err)
		dev_info(&pdev->dev, "reset command not sent: %d\n", err);
	return 0;
}

static void cmddev_remove(struct platform_device *pdev)
{
}

RT_PLATFORM_MODULE(cmddev_probe, cmddev_remove);
