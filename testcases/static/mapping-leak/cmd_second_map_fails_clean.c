// SPDX-License-Identifier: GPL-2.0
/*
 * mapping-leak, clean twin: every error path unmaps what it mapped, in
 * reverse order with goto labels; and handles that leave the function
 * are not leaks: stored in the command the completion path unmaps,
 * returned to the caller, or handed to a submission function.
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/scatterlist.h>
#include <linux/skbuff.h>
#include <linux/slab.h>

struct cmf_cmd {
	void *req;
	size_t req_len;
	void *resp;
	size_t resp_len;
	dma_addr_t req_dma;
	dma_addr_t resp_dma;
};

struct cmf_dev {
	struct device *dev;
	__le64 *doorbell_slot;
	unsigned int free_slots;
	struct sk_buff *rx_skb;
	dma_addr_t rx_dma;
};

/* The descriptor keeps the handle; the completion interrupt unmaps it. */
static void cmf_hw_post(struct cmf_dev *cd, dma_addr_t dma, unsigned int len)
{
	cd->doorbell_slot[0] = cpu_to_le64(dma);
	cd->doorbell_slot[1] = cpu_to_le64(len);
}

static int cmf_submit(struct cmf_dev *cd, struct cmf_cmd *cmd)
{
	dma_addr_t req_dma, resp_dma;

	req_dma = dma_map_single(cd->dev, cmd->req, cmd->req_len, DMA_TO_DEVICE);
	if (dma_mapping_error(cd->dev, req_dma))
		return -ENOMEM;

	resp_dma = dma_map_single(cd->dev, cmd->resp, cmd->resp_len, DMA_FROM_DEVICE);
	if (dma_mapping_error(cd->dev, resp_dma))
		goto err_unmap_req;

	cmd->req_dma = req_dma;
	cmd->resp_dma = resp_dma;
	*cd->doorbell_slot = cpu_to_le64(req_dma);
	return 0;

err_unmap_req:
	dma_unmap_single(cd->dev, req_dma, cmd->req_len, DMA_TO_DEVICE);
	return -ENOMEM;
}

static int cmf_refill(struct cmf_dev *cd, struct page *page, unsigned int len)
{
	dma_addr_t dma;
	struct sk_buff *skb;

	dma = dma_map_page(cd->dev, page, 0, PAGE_SIZE, DMA_FROM_DEVICE);
	if (dma_mapping_error(cd->dev, dma))
		return -ENOMEM;

	skb = alloc_skb(len, GFP_ATOMIC);
	if (!skb) {
		dma_unmap_page(cd->dev, dma, PAGE_SIZE, DMA_FROM_DEVICE);
		return -ENOMEM;
	}

	cd->rx_skb = skb;
	cd->rx_dma = dma;
	return 0;
}

/* The handle is the caller's now: it unmaps when the command completes. */
static dma_addr_t cmf_map_resp(struct cmf_dev *cd, struct cmf_cmd *cmd)
{
	return dma_map_single(cd->dev, cmd->resp, cmd->resp_len, DMA_FROM_DEVICE);
}

static int cmf_xmit_head(struct cmf_dev *cd, struct sk_buff *skb)
{
	dma_addr_t dma = dma_map_single(cd->dev, skb->data, skb_headlen(skb), DMA_TO_DEVICE);

	if (dma_mapping_error(cd->dev, dma))
		goto drop;
	if (!cd->free_slots)
		goto unmap;
	cd->free_slots--;
	cmf_hw_post(cd, dma, skb_headlen(skb));
	return 0;
unmap:
	dma_unmap_single(cd->dev, dma, skb_headlen(skb), DMA_TO_DEVICE);
drop:
	dev_kfree_skb_any(skb);
	return -EBUSY;
}

static int cmf_sg_request(struct cmf_dev *cd, struct scatterlist *sgl, int nents)
{
	struct scatterlist local[2];
	__le64 *prd;
	int count;

	sg_init_table(local, 2);
	sg_set_page(&local[0], sg_page(sgl), sgl->length, sgl->offset);
	count = dma_map_sg(cd->dev, local, 2, DMA_TO_DEVICE);
	if (!count)
		return -EIO;
	prd = kmalloc_array(count, sizeof(*prd), GFP_KERNEL);
	if (!prd) {
		dma_unmap_sg(cd->dev, local, 2, DMA_TO_DEVICE);
		return -ENOMEM;
	}
	prd[0] = cpu_to_le64(sg_dma_address(&local[0]));
	*cd->doorbell_slot = prd[0];
	dma_unmap_sg(cd->dev, local, 2, DMA_TO_DEVICE);
	kfree(prd);
	return 0;
}

int cmf_demo(struct cmf_dev *cd, struct cmf_cmd *cmd, struct page *page,
	     struct sk_buff *skb, struct scatterlist *sgl)
{
	cmd->resp_dma = cmf_map_resp(cd, cmd);
	if (dma_mapping_error(cd->dev, cmd->resp_dma))
		return -ENOMEM;
	return cmf_submit(cd, cmd) ?: cmf_refill(cd, page, 256) ?: cmf_xmit_head(cd, skb) ?:
	       cmf_sg_request(cd, sgl, 1);
}
EXPORT_SYMBOL_GPL(cmf_demo);

MODULE_LICENSE("GPL");
