// SPDX-License-Identifier: GPL-2.0
/*
 * unchecked-mapping-error for scatterlists, in a block-driver data path
 * (the shape of nvme-pci's and mmc hosts' request mapping): dma_map_sg()'s
 * result thrown away, its count walked before it is tested, a test for a
 * negative value that dma_map_sg() never returns, and dma_map_sgtable()'s
 * error ignored.
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/scatterlist.h>

struct sgc_prd {
	__le64 addr;
	__le32 len;
	__le32 flags;
};

struct sgc_req {
	struct scatterlist *sgl;
	struct sg_table sgt;
	int nents;
	int mapped;
	enum dma_data_direction dir;
	struct sgc_prd prd[32];
};

static void sgc_fill_prds(struct sgc_req *req, int count)
{
	struct scatterlist *sg;
	int i;

	for_each_sg(req->sgl, sg, count, i) {
		req->prd[i].addr = cpu_to_le64(sg_dma_address(sg));
		req->prd[i].len = cpu_to_le32(sg_dma_len(sg));
	}
}

int sgc_map_flush(struct device *dev, struct sgc_req *req)
{
	dma_map_sg(dev, req->sgl, req->nents, req->dir); /* expect: unchecked-mapping-error */
	sgc_fill_prds(req, req->nents);
	return 0;
}
EXPORT_SYMBOL_GPL(sgc_map_flush);

int sgc_map_data(struct device *dev, struct sgc_req *req)
{
	int count;

	count = dma_map_sg(dev, req->sgl, req->nents, req->dir); /* expect: unchecked-mapping-error */
	sgc_fill_prds(req, count);
	req->mapped = count;
	return 0;
}
EXPORT_SYMBOL_GPL(sgc_map_data);

int sgc_map_meta(struct device *dev, struct sgc_req *req)
{
	int count = dma_map_sg_attrs(dev, req->sgl, req->nents, req->dir, /* expect: unchecked-mapping-error */
				     DMA_ATTR_NO_WARN);

	if (count < 0)
		return count;
	sgc_fill_prds(req, count);
	req->mapped = count;
	return 0;
}
EXPORT_SYMBOL_GPL(sgc_map_meta);

int sgc_map_table(struct device *dev, struct sgc_req *req)
{
	dma_map_sgtable(dev, &req->sgt, req->dir, 0); /* expect: unchecked-mapping-error */
	req->mapped = req->sgt.nents;
	return 0;
}
EXPORT_SYMBOL_GPL(sgc_map_table);

MODULE_LICENSE("GPL");
