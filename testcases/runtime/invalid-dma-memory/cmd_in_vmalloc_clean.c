// SPDX-License-Identifier: GPL-2.0
/*
 * The command block in kmalloc() memory, which the linear map covers and
 * the DMA API accepts.
 */
#include <linux/slab.h>

#include "../harness/rt_platform.h"

#define CMD_RESET	0x01
#define CMD_LEN		64

static int cmd_send(struct device *dev, u8 *cmd, u8 opcode)
{
	dma_addr_t dma;

	cmd[0] = opcode;
	dma = dma_map_single(dev, cmd, CMD_LEN, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, dma))
		return -ENOMEM;
	dma_unmap_single(dev, dma, CMD_LEN, DMA_TO_DEVICE);
	return 0;
}

static int cmddev_probe(struct platform_device *pdev)
{
	u8 *cmd = kzalloc(CMD_LEN, GFP_KERNEL);
	int err;

	if (!cmd)
		return -ENOMEM;
	err = cmd_send(&pdev->dev, cmd, CMD_RESET);
	if (err)
		dev_info(&pdev->dev, "reset command not sent: %d\n", err);
	kfree(cmd);
	return 0;
}

static void cmddev_remove(struct platform_device *pdev)
{
}

RT_PLATFORM_MODULE(cmddev_probe, cmddev_remove);
