// SPDX-License-Identifier: GPL-2.0
/*
 * sg-nents-misuse in a storage controller's data path (the shape of the
 * sg_table fixes of 2020 and of SCSI/MMC host drivers): the count
 * dma_map_sg() returned kept in the request and given back to
 * dma_unmap_sg(), the PRD table walked over the CPU entries instead of the
 * DMA segments, a sync with the returned count in the same function, and
 * an sg_table walked over orig_nents.
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
	for_each_sg(req->sgl, sg, req->nents, i) { /* expect: sg-nents-misuse */
		req->prd[i].addr = cpu_to_le64(sg_dma_address(sg));
		req->prd[i].len = cpu_to_le32(sg_dma_len(sg));
	}
	req->mapped = count;
	return 0;
}
EXPORT_SYMBOL_GPL(ptc_map_data);

void ptc_unmap_data(struct device *dev, struct ptc_req *req)
{
	dma_unmap_sg(dev, req->sgl, req->mapped, req->dir); /* expect: sg-nents-misuse */
}
EXPORT_SYMBOL_GPL(ptc_unmap_data);

int ptc_read_sense(struct device *dev, struct scatterlist *sgl, int nents)
{
	int n = dma_map_sg(dev, sgl, nents, DMA_FROM_DEVICE);

	if (n <= 0)
		return -EIO;
	dma_sync_sg_for_cpu(dev, sgl, n, DMA_FROM_DEVICE); /* expect: sg-nents-misuse */
	dma_unmap_sg(dev, sgl, n, DMA_FROM_DEVICE); /* expect: sg-nents-misuse */
	return 0;
}
EXPORT_SYMBOL_GPL(ptc_read_sense);

void ptc_fill_from_table(struct ptc_req *req)
{
	struct scatterlist *sg;
	int i;

	for_each_sg(req->sgt->sgl, sg, req->sgt->orig_nents, i) { /* expect: sg-nents-misuse */
		req->prd[i].addr = cpu_to_le64(sg_dma_address(sg));
		req->prd[i].len = cpu_to_le32(sg_dma_len(sg));
	}
}
EXPORT_SYMBOL_GPL(ptc_fill_from_table);

MODULE_LICENSE("GPL");
