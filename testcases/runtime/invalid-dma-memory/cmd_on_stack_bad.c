// SPDX-License-Identifier: GPL-2.0
/*
 * A command sent from a buffer on the stack (dmatrack-test: wrap: with
 * CONFIG_VMAP_STACK the DMA layer refuses the pointer before any probe
 * could see it; the wrap header sees the pointer itself).
 */
#include <linux/string.h>

#include "../harness/rt_platform.h"

#define CMD_RESET	0x01

static int cmd_send(struct device *dev, u8 opcode)
{
	u8 cmd[16];
	dma_addr_t dma;

	memset(cmd, 0, sizeof(cmd));
	cmd[0] = opcode;
	dma = dma_map_single(dev, cmd, sizeof(cmd), DMA_TO_DEVICE); /* expect: invalid-dma-memory */
	if (dma_mapping_error(dev, dma))
		return -ENOMEM;
	dma_unmap_single(dev, dma, sizeof(cmd), DMA_TO_DEVICE);
	return 0;
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
