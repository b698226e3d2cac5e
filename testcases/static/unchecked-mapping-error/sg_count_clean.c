// SPDX-License-Identifier: GPL-2.0
/*
 * unchecked-mapping-error for scatterlists, clean twin: the count is tested
 * for 0 in the forms block drivers write it (!count, count == 0, <= 0,
 * unlikely()), a helper returns it for its caller to test, and
 * dma_map_sgtable()'s error is propagated.
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

static int sgc_map(struct device *dev, struct sgc_req *req)
{
	int count = dma_map_sg(dev, req->sgl, req->nents, req->dir);

	return count;
}

int sgc_map_flush(struct device *dev, struct sgc_req *req)
{
	int count = sgc_map(dev, req);

	if (!count)
		return -EIO;
	sgc_fill_prds(req, count);
	return 0;
}
EXPORT_SYMBOL_GPL(sgc_map_flush);

int sgc_map_data(struct device *dev, struct sgc_req *req)
{
	int count;

	count = dma_map_sg(dev, req->sgl, req->nents, req->dir);
	if (unlikely(count == 0))
		return -ENOMEM;
	sgc_fill_prds(req, count);
	req->mapped = count;
	return 0;
}
EXPORT_SYMBOL_GPL(sgc_map_data);

int sgc_map_meta(struct device *dev, struct sgc_req *req)
{
	int count = dma_map_sg_attrs(dev, req->sgl, req->nents, req->dir,
				     DMA_ATTR_NO_WARN);

	if (count <= 0)
		return -EIO;
	sgc_fill_prds(req, count);
	req->mapped = count;
	return 0;
}
EXPORT_SYMBOL_GPL(sgc_map_meta);

int sgc_map_table(struct device *dev, struct sgc_req *req)
{
	int ret = dma_map_sgtable(dev, &req->sgt, req->dir, 0);

	if (ret)
		return ret;
	req->mapped = req->sgt.nents;
	return 0;
}
EXPORT_SYMBOL_GPL(sgc_map_table);

MODULE_LICENSE("GPL");
