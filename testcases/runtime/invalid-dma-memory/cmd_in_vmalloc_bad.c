// SPDX-License-Identifier: GPL-2.0
/*
 * A command block kept in vmalloc() memory and mapped for the device.  The
 * inline dma_map_single() refuses it (dev_WARN_ONCE, DMA_MAPPING_ERROR)
 * before any exported function runs; the driver handles the error, so
 * nothing but a kernel warning says the command never went out.  Seen by
 * the probes (no wrap header): the tracker reports the refusal at the call.
 */
#include <linux/vmalloc.h>

#include "../harness/rt_platform.h"

#define CMD_RESET	0x01
#define CMD_LEN		64

static int cmd_send(struct device *dev, u8 *cmd, u8 opcode)
{
	dma_addr_t dma;

	cmd[0] = opcode;
	dma = dma_map_single(dev, cmd, CMD_LEN, DMA_TO_DEVICE); /* expect: invalid-dma-memory */
	if (dma_mapping_error(dev, dma))
		return -ENOMEM;
	dma_unmap_single(dev, dma, CMD_LEN, DMA_TO_DEVICE);
	return 0;
}

static int cmddev_probe(struct platform_device *pdev)
{
	u8 *cmd = vzalloc(CMD_LEN);
	int err;

	if (!cmd)
		return -ENOMEM;
	err = cmd_send(&pdev->dev, cmd, CMD_RESET);
	if (err)
		dev_info(&pdev->dev, "reset command not sent: %d\n", err);
	vfree(cmd);
	return 0;
}

static void cmddev_remove(struct platform_device *pdev)
{
}

RT_PLATFORM_MODULE(cmddev_probe, cmddev_remove);
