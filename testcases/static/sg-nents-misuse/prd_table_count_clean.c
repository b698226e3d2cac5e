// SPDX-License-Identifier: GPL-2.0
/*
 * sg-nents-misuse, clean twin: the device is programmed from the returned
 * count with sg_dma_address()/sg_dma_len(), unmap and sync get the nents
 * passed to dma_map_sg(), the count is kept in its own field (nr_prd) next
 * to the original nents, and the sg_table is walked with its DMA count.
 * A CPU-side walk over all entries (copying data) is not a DMA walk.
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/scatterlist.h>

struct ptc_prd {
	__le64 addr;
	__le32 len;
	__le32 flags;
};

struct ptc_req {
	struct scatterlist *sgl;
	int nents;
	int mapped;
	enum dma_data_direction dir;
	struct ptc_prd prd[64];
	struct sg_table *sgt;
};

int ptc_map_data(struct device *dev, struct ptc_req *req)
{
	struct scatterlist *sg;
	int i, count;

	count = dma_map_sg(dev, req->sgl, req->nents, req->dir);
	if (!count)
		return -EIO;
	for_each_sg(req->sgl, sg, count, i) {
		req->prd[i].addr = cpu_to_le64(sg_dma_address(sg));
		req->prd[i].len = cpu_to_le32(sg_dma_len(sg));
	}
	req->mapped = count;
	return 0;
}
EXPORT_SYMBOL_GPL(ptc_map_data);

void ptc_unmap_data(struct device *dev, struct ptc_req *req)
{
	dma_unmap_sg(dev, req->sgl, req->nents, req->dir);
}
EXPORT_SYMBOL_GPL(ptc_unmap_data);

int ptc_read_sense(struct device *dev, struct scatterlist *sgl, int nents, u8 *out)
{
	struct scatterlist *sg;
	int n = dma_map_sg(dev, sgl, nents, DMA_FROM_DEVICE);
	int i;

	if (n <= 0)
		return -EIO;
	dma_sync_sg_for_cpu(dev, sgl, nents, DMA_FROM_DEVICE);
	for_each_sg(sgl, sg, nents, i)
		memcpy(out + i * 16, sg_virt(sg), min_t(unsigned int, sg->length, 16));
	dma_unmap_sg(dev, sgl, nents, DMA_FROM_DEVICE);
	return 0;
}
EXPORT_SYMBOL_GPL(ptc_read_sense);

void ptc_fill_from_table(struct ptc_req *req)
{
	struct scatterlist *sg;
	int i;

	for_each_sgtable_dma_sg(req->sgt, sg, i) {
		req->prd[i].addr = cpu_to_le64(sg_dma_address(sg));
		req->prd[i].len = cpu_to_le32(sg_dma_len(sg));
	}
}
EXPORT_SYMBOL_GPL(ptc_fill_from_table);

MODULE_LICENSE("GPL");
