/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every edu test module of testcases/runtime/ shares: a PCI driver for
 * QEMU's `edu` device (1234:11e8, docs/specs/edu.rst in QEMU), whose DMA
 * engine copies between guest memory and a 4 KiB buffer inside the device
 * at device address 0x40000.  The engine handles 28-bit addresses only, so
 * the guest runs with less than 256 MiB of RAM.
 *
 *     static int foo_probe(struct rt_edu *edu) { ... }
 *     static void foo_remove(struct rt_edu *edu) { ... }
 *     RT_EDU_MODULE(foo_probe, foo_remove);
 */
#ifndef RT_EDU_H
#define RT_EDU_H

#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/pci.h>

#define RT_EDU_REG_DMA_SRC	0x80
#define RT_EDU_REG_DMA_DST	0x88
#define RT_EDU_REG_DMA_COUNT	0x90
#define RT_EDU_REG_DMA_CMD	0x98
#define RT_EDU_CMD_START	0x1
#define RT_EDU_CMD_TO_RAM	0x2
#define RT_EDU_BUFFER		0x40000
#define RT_EDU_BUFFER_SIZE	4096

struct rt_edu {
	struct pci_dev *pdev;
	struct device *dev;
	void __iomem *regs;
	void *priv;
};

/* Runs one DMA transfer and waits for it: to_ram copies device -> memory. */
static inline int rt_edu_dma(struct rt_edu *edu, dma_addr_t addr, u32 edu_off, u32 len,
			     bool to_ram)
{
	unsigned int spins;

	writeq(to_ram ? RT_EDU_BUFFER + edu_off : addr, edu->regs + RT_EDU_REG_DMA_SRC);
	writeq(to_ram ? addr : RT_EDU_BUFFER + edu_off, edu->regs + RT_EDU_REG_DMA_DST);
	writeq(len, edu->regs + RT_EDU_REG_DMA_COUNT);
	writeq(RT_EDU_CMD_START | (to_ram ? RT_EDU_CMD_TO_RAM : 0), edu->regs + RT_EDU_REG_DMA_CMD);
	for (spins = 0; spins < 100000; spins++) {
		if (!(readq(edu->regs + RT_EDU_REG_DMA_CMD) & RT_EDU_CMD_START))
			return 0;
		udelay(10);
	}
	return -ETIMEDOUT;
}

#define RT_EDU_MODULE(probe_fn, remove_fn)					\
	static int rt_pci_probe(struct pci_dev *pdev, const struct pci_device_id *id) \
	{									\
		struct rt_edu *edu;						\
		int err;							\
										\
		edu = devm_kzalloc(&pdev->dev, sizeof(*edu), GFP_KERNEL);	\
		if (!edu)							\
			return -ENOMEM;						\
		err = pcim_enable_device(pdev);					\
		if (err)							\
			return err;						\
		err = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(28));	\
		if (err)							\
			return err;						\
		pci_set_master(pdev);						\
		edu->regs = pcim_iomap(pdev, 0, 0);				\
		if (!edu->regs)							\
			return -ENOMEM;						\
		edu->pdev = pdev;						\
		edu->dev = &pdev->dev;						\
		pci_set_drvdata(pdev, edu);					\
		return probe_fn(edu);						\
	}									\
	static void rt_pci_remove(struct pci_dev *pdev)				\
	{									\
		remove_fn(pci_get_drvdata(pdev));				\
	}									\
	static const struct pci_device_id rt_pci_ids[] = {			\
		{ PCI_DEVICE(0x1234, 0x11e8) },					\
		{ }								\
	};									\
	MODULE_DEVICE_TABLE(pci, rt_pci_ids);					\
	static struct pci_driver rt_pci_driver = {				\
		.name = KBUILD_MODNAME,						\
		.id_table = rt_pci_ids,						\
		.probe = rt_pci_probe,						\
		.remove = rt_pci_remove,					\
	};									\
	module_pci_driver(rt_pci_driver);					\
	MODULE_LICENSE("GPL")

#endif
