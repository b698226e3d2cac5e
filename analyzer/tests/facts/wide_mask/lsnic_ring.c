// SPDX-License-Identifier: GPL-2.0
/*
 * lsnic's receive ring.  The mask is set in lsnic_main.c (40 bits), so a
 * handle kept in the buffer's unsigned int loses its high bits whenever the
 * buffer lies above 4 GiB.  This file sets no mask itself: only the module
 * says that 32 bits are not enough.
 */
#include <linux/dma-mapping.h>
#include <linux/slab.h>

#include "lsnic.h"

int lsnic_rx_refill(struct lsnic_priv *priv, unsigned int i)
{
	struct lsnic_rx_buf *rb = &priv->buf[i];
	dma_addr_t dma;

	rb->data = kmalloc(LSNIC_BUF_LEN, GFP_ATOMIC);
	if (!rb->data)
		return -ENOMEM;
	dma = dma_map_single(&priv->pdev->dev, rb->data, LSNIC_BUF_LEN, DMA_FROM_DEVICE);
	if (dma_mapping_error(&priv->pdev->dev, dma)) {
		kfree(rb->data);
		return -ENOMEM;
	}
	rb->dma = dma; /* expect: dma-addr-truncation */
	priv->desc[i].addr_lo = cpu_to_le32(lower_32_bits(dma));
	priv->desc[i].addr_hi = cpu_to_le32(upper_32_bits(dma));
	priv->desc[i].len = cpu_to_le32(LSNIC_BUF_LEN);
	return 0;
}
