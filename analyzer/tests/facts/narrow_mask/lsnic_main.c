// SPDX-License-Identifier: GPL-2.0
/*
 * lsnic's probe: the device addresses 32 bits, and the driver says so.
 * The DMA mask is set here and nowhere else; lsnic_ring.c, which keeps the
 * receive handles, answers to it.
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/pci.h>

#include "lsnic.h"

static int lsnic_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct lsnic_priv *priv;
	int err;

	err = pcim_enable_device(pdev);
	if (err)
		return err;
	err = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(32));
	if (err)
		return err;
	priv = devm_kzalloc(&pdev->dev, sizeof(*priv), GFP_KERNEL);
	if (!priv)
		return -ENOMEM;
	priv->pdev = pdev;
	pci_set_drvdata(pdev, priv);
	return lsnic_rx_refill(priv, 0);
}

static const struct pci_device_id lsnic_ids[] = {
	{ PCI_DEVICE(0x1af4, 0x10f0) },
	{ }
};
MODULE_DEVICE_TABLE(pci, lsnic_ids);

static struct pci_driver lsnic_driver = {
	.name = "lsnic",
	.id_table = lsnic_ids,
	.probe = lsnic_probe,
};
module_pci_driver(lsnic_driver);

MODULE_LICENSE("GPL");
