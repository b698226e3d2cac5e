// SPDX-License-Identifier: GPL-2.0
/*
 * A cipher request that may run in place: the source list is mapped
 * DMA_BIDIRECTIONAL when it is also the destination, else the source
 * DMA_TO_DEVICE and the destination DMA_FROM_DEVICE.  The release tests
 * the same pointers again (neither was written since), so each path
 * unmaps with the direction it mapped with; the destination's unmap is
 * guarded by its count, which is positive only where it was mapped.
 */
#include <crypto/skcipher.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/scatterlist.h>

struct ipc_dev {
	struct device *dev;
	void __iomem *regs;
};

static int ipc_run(struct ipc_dev *ce, struct scatterlist *dst, int nr_sgd)
{
	writel(sg_dma_address(dst), ce->regs + 0x10);
	writel(nr_sgd, ce->regs + 0x14);
	return (readl(ce->regs + 0x18) & 1) ? 0 : -EIO;
}

int ipc_cipher(struct ipc_dev *ce, struct skcipher_request *areq)
{
	int ns = sg_nents_for_len(areq->src, areq->cryptlen);
	int nd = sg_nents_for_len(areq->dst, areq->cryptlen);
	int nr_sgs, nr_sgd = 0, err;

	if (areq->src == areq->dst) {
		nr_sgs = dma_map_sg(ce->dev, areq->src, ns, DMA_BIDIRECTIONAL);
		if (nr_sgs <= 0)
			return -EINVAL;
		nr_sgd = nr_sgs;
	} else {
		nr_sgs = dma_map_sg(ce->dev, areq->src, ns, DMA_TO_DEVICE);
		if (nr_sgs <= 0)
			return -EINVAL;
		nr_sgd = dma_map_sg(ce->dev, areq->dst, nd, DMA_FROM_DEVICE);
		if (nr_sgd <= 0) {
			err = -EINVAL;
			goto theend_sgs;
		}
	}

	err = ipc_run(ce, areq->dst, nr_sgd);

theend_sgs:
	if (areq->src == areq->dst) {
		dma_unmap_sg(ce->dev, areq->src, ns, DMA_BIDIRECTIONAL);
	} else {
		dma_unmap_sg(ce->dev, areq->src, ns, DMA_TO_DEVICE);
		if (nr_sgd > 0)
			dma_unmap_sg(ce->dev, areq->dst, nd, DMA_FROM_DEVICE);
	}
	return err;
}
EXPORT_SYMBOL_GPL(ipc_cipher);

MODULE_LICENSE("GPL");
