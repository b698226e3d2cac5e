/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LSNIC_H
#define LSNIC_H

#include <linux/pci.h>
#include <linux/types.h>

#define LSNIC_RING_SIZE	128
#define LSNIC_BUF_LEN	2048

struct lsnic_rx_desc {
	__le32 addr_lo;
	__le32 addr_hi;
	__le32 len;
	__le32 status;
};

/* the driver's own bookkeeping of each receive buffer */
struct lsnic_rx_buf {
	void *data;
	unsigned int dma;	/* the handle, kept in 32 bits */
};

struct lsnic_priv {
	struct pci_dev *pdev;
	struct lsnic_rx_desc *desc;
	struct lsnic_rx_buf buf[LSNIC_RING_SIZE];
};

int lsnic_rx_refill(struct lsnic_priv *priv, unsigned int i);

#endif
