// SPDX-License-Identifier: GPL-2.0
/*
 * edu_crc_rx: a receive path over QEMU's `edu` PCI device (1234:11e8), whose
 * DMA engine copies between guest memory and its 4 KiB buffer.  Like a NIC,
 * the driver receives frames by DMA and checks the CRC each frame carries.
 *
 * At probe it sends one block of frames to the device, then receives them
 * back one by one into a streaming FROM_DEVICE buffer and counts CRC errors.
 *
 * The bug: the CRC is checked before dma_sync_single_for_cpu() hands the
 * buffer back to the CPU.  On coherent x86 the device wrote the buffer itself
 * and the check passes; with swiotlb=force (or a non-coherent SoC) the data
 * is still in the bounce buffer (or the cache holds stale lines) and every
 * frame fails its CRC.  edu_crc_rx_clean.c syncs first.
 */
#include <linux/crc32.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/version.h>
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#include <linux/unaligned.h>	/* moved out of asm/ in 6.12 */
#else
#include <asm/unaligned.h>
#endif

#define EDU_REG_DMA_SRC		0x80
#define EDU_REG_DMA_DST		0x88
#define EDU_REG_DMA_COUNT	0x90
#define EDU_REG_DMA_CMD		0x98
#define EDU_DMA_START		0x01
#define EDU_DMA_TO_RAM		0x02	/* direction: from the device to memory */
#define EDU_BUFFER		0x40000	/* the device's 4 KiB buffer in its DMA space */

#define FRAMES			8
#define FRAME_LEN		256	/* payload + 4-byte CRC */
#define BLOCK_LEN		(FRAMES * FRAME_LEN)	/* QEMU 7.2 refuses a full 4 KiB copy */

static unsigned int rounds = 1;
module_param(rounds, uint, 0444);
MODULE_PARM_DESC(rounds, "times the block of frames is received");

struct edu_rx {
	struct pci_dev *pdev;
	void __iomem *regs;
	unsigned int frames;
	unsigned int crc_errors;
};

/* Starts one DMA transfer and waits for the device to finish it. */
static int edu_dma(struct edu_rx *rx, u64 src, u64 dst, u32 len, u32 dir)
{
	unsigned int waited;

	writeq(src, rx->regs + EDU_REG_DMA_SRC);
	writeq(dst, rx->regs + EDU_REG_DMA_DST);
	writeq(len, rx->regs + EDU_REG_DMA_COUNT);
	writeq(EDU_DMA_START | dir, rx->regs + EDU_REG_DMA_CMD);
	for (waited = 0; waited < 2000; waited += 5) {
		if (!(readq(rx->regs + EDU_REG_DMA_CMD) & EDU_DMA_START))
			return 0;
		usleep_range(5000, 6000);
	}
	return -ETIMEDOUT;
}

/* Fills the device's buffer with frames, each ending in its CRC. */
static int edu_load_frames(struct edu_rx *rx)
{
	struct device *dev = &rx->pdev->dev;
	dma_addr_t dma;
	u8 *block;
	int i, err;

	block = kmalloc(BLOCK_LEN, GFP_KERNEL);
	if (!block)
		return -ENOMEM;
	for (i = 0; i < FRAMES; i++) {
		u8 *frame = block + i * FRAME_LEN;

		get_random_bytes(frame, FRAME_LEN - 4);
		put_unaligned_le32(crc32_le(~0, frame, FRAME_LEN - 4), frame + FRAME_LEN - 4);
	}
	dma = dma_map_single(dev, block, BLOCK_LEN, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, dma)) {
		kfree(block);
		return -ENOMEM;
	}
	err = edu_dma(rx, dma, EDU_BUFFER, BLOCK_LEN, 0);
	dma_unmap_single(dev, dma, BLOCK_LEN, DMA_TO_DEVICE);
	kfree(block);
	return err;
}

static bool edu_frame_ok(const u8 *frame)
{
	return crc32_le(~0, frame, FRAME_LEN - 4) == get_unaligned_le32(frame + FRAME_LEN - 4);
}

/*
 * Receives every frame into one streaming buffer and checks its CRC.  The
 * buffer is the device's on entry; each frame goes through the hand-back
 * (sync for the CPU), the check, clearing for the next frame, and the
 * hand-over (sync for the device).
 */
static int edu_receive_frames(struct edu_rx *rx, u8 *buf, dma_addr_t dma)
{
	struct device *dev = &rx->pdev->dev;
	int i, err;

	for (i = 0; i < FRAMES; i++) {
		err = edu_dma(rx, EDU_BUFFER + i * FRAME_LEN, dma, FRAME_LEN, EDU_DMA_TO_RAM);
		if (err)
			return err;
		rx->frames++;
		if (!edu_frame_ok(buf)) /* expect: cpu-read-while-device-owned */
			rx->crc_errors++;
		dma_sync_single_for_cpu(dev, dma, FRAME_LEN, DMA_FROM_DEVICE);
		memset(buf, 0, FRAME_LEN);
		dma_sync_single_for_device(dev, dma, FRAME_LEN, DMA_FROM_DEVICE);
	}
	return 0;
}

static int edu_rx_run(struct edu_rx *rx)
{
	struct device *dev = &rx->pdev->dev;
	dma_addr_t dma;
	unsigned int r;
	int err = 0;
	u8 *buf;

	buf = kzalloc(FRAME_LEN, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	dma = dma_map_single(dev, buf, FRAME_LEN, DMA_FROM_DEVICE);
	if (dma_mapping_error(dev, dma)) {
		kfree(buf);
		return -ENOMEM;
	}
	for (r = 0; r < rounds && !err; r++)
		err = edu_receive_frames(rx, buf, dma);
	dma_unmap_single(dev, dma, FRAME_LEN, DMA_FROM_DEVICE);
	kfree(buf);
	return err;
}

static int edu_rx_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct edu_rx *rx;
	int err;

	rx = devm_kzalloc(&pdev->dev, sizeof(*rx), GFP_KERNEL);
	if (!rx)
		return -ENOMEM;
	rx->pdev = pdev;
	err = pcim_enable_device(pdev);
	if (err)
		return err;
	rx->regs = pcim_iomap(pdev, 0, 0);
	if (!rx->regs)
		return -ENOMEM;
	pci_set_master(pdev);
	/* edu's DMA engine drives 28 address bits. */
	err = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(28));
	if (err)
		return err;

	err = edu_load_frames(rx);
	if (!err)
		err = edu_rx_run(rx);
	dev_info(&pdev->dev, "edu_crc_rx: %u frames received, %u CRC errors\n", rx->frames,
		 rx->crc_errors);
	return err;
}

static const struct pci_device_id edu_rx_ids[] = {
	{ PCI_DEVICE(0x1234, 0x11e8) },
	{ }
};
MODULE_DEVICE_TABLE(pci, edu_rx_ids);

static struct pci_driver edu_rx_driver = {
	.name = KBUILD_MODNAME,
	.id_table = edu_rx_ids,
	.probe = edu_rx_probe,
};
module_pci_driver(edu_rx_driver);

MODULE_DESCRIPTION("Receive path over QEMU's edu device with a CRC check before the sync");
MODULE_LICENSE("GPL");
