// SPDX-License-Identifier: GPL-2.0
/*
 * A request buffer is mapped DMA_TO_DEVICE for the command phase; when the
 * device asks for the reply phase, a helper unmaps it DMA_TO_DEVICE and
 * maps it again DMA_FROM_DEVICE into the same field.  The unmap ends the
 * first mapping, and the map after it starts the next one: its direction
 * says nothing about the unmap above it.
 */
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/module.h>

struct rod_req {
	struct device *dev;
	void __iomem *regs;
	void *buf;
	size_t len;
	dma_addr_t buf_dma;
};

int rod_send(struct rod_req *req)
{
	req->buf_dma = dma_map_single(req->dev, req->buf, req->len, DMA_TO_DEVICE);
	if (dma_mapping_error(req->dev, req->buf_dma))
		return -ENOMEM;
	writel(lower_32_bits(req->buf_dma), req->regs + 0x10);
	return 0;
}
EXPORT_SYMBOL_GPL(rod_send);

int rod_turn_around(struct rod_req *req)
{
	dma_unmap_single(req->dev, req->buf_dma, req->len, DMA_TO_DEVICE);
	req->buf_dma = dma_map_single(req->dev, req->buf, req->len, DMA_FROM_DEVICE);
	if (dma_mapping_error(req->dev, req->buf_dma))
		return -ENOMEM;
	writel(lower_32_bits(req->buf_dma), req->regs + 0x14);
	return 0;
}
EXPORT_SYMBOL_GPL(rod_turn_around);

void rod_done(struct rod_req *req)
{
	dma_unmap_single(req->dev, req->buf_dma, req->len, DMA_FROM_DEVICE);
}
EXPORT_SYMBOL_GPL(rod_done);

MODULE_LICENSE("GPL");
