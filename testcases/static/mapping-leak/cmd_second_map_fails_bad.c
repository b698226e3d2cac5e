// SPDX-License-Identifier: GPL-2.0
/*
 * mapping-leak: error and early-return paths that lose a mapping.  A
 * command with a request and a response buffer whose second map fails; a
 * receive refill whose skb allocation fails after the page was mapped; a
 * transmit path that maps the head, then finds the ring full; and a
 * scatter-gather request whose descriptor allocation fails.
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

static int cmf_submit(struct cmf_dev *cd, struct cmf_cmd *cmd)
{
	dma_addr_t req_dma, resp_dma;

	req_dma = dma_map_single(cd->dev, cmd->req, cmd->req_len, DMA_TO_DEVICE);
	if (dma_mapping_error(cd->dev, req_dma))
		return -ENOMEM;

	resp_dma = dma_map_single(cd->dev, cmd->resp, cmd->resp_len, DMA_FROM_DEVICE);
	if (dma_mapping_error(cd->dev, resp_dma))
		return -ENOMEM; /* expect: mapping-leak */

	cmd->req_dma = req_dma;
	cmd->resp_dma = resp_dma;
	*cd->doorbell_slot = cpu_to_le64(req_dma);
	return 0;
}

static int cmf_refill(struct cmf_dev *cd, struct page *page, unsigned int len)
{
	dma_addr_t dma;
	struct sk_buff *skb;

	dma = dma_map_page(cd->dev, page, 0, PAGE_SIZE, DMA_FROM_DEVICE);
	if (dma_mapping_error(cd->dev, dma))
		return -ENOMEM;

	skb = alloc_skb(len, GFP_ATOMIC);
	if (!skb)
		return -ENOMEM; /* expect: mapping-leak */

	cd->rx_skb = skb;
	cd->rx_dma = dma;
	return 0;
}

static int cmf_xmit_head(struct cmf_dev *cd, struct sk_buff *skb)
{
	dma_addr_t dma = dma_map_single(cd->dev, skb->data, skb_headlen(skb), DMA_TO_DEVICE);

	if (dma_mapping_error(cd->dev, dma))
		goto drop;
	if (!cd->free_slots)
		goto drop;
	cd->free_slots--;
	*cd->doorbell_slot = cpu_to_le64(dma);
	return 0;
drop:
	/* when the ring was full, skb->data is still mapped here */
	dev_kfree_skb_any(skb); /* expect: free-while-mapped */
	return -EBUSY; /* expect: mapping-leak */
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
	if (!prd)
		return -ENOMEM; /* expect: mapping-leak */
	prd[0] = cpu_to_le64(sg_dma_address(&local[0]));
	*cd->doorbell_slot = prd[0];
	dma_unmap_sg(cd->dev, local, 2, DMA_TO_DEVICE);
	kfree(prd);
	return 0;
}

int cmf_demo(struct cmf_dev *cd, struct cmf_cmd *cmd, struct page *page,
	     struct sk_buff *skb, struct scatterlist *sgl)
{
	return cmf_submit(cd, cmd) ?: cmf_refill(cd, page, 256) ?: cmf_xmit_head(cd, skb) ?:
	       cmf_sg_request(cd, sgl, 1);
}
EXPORT_SYMBOL_GPL(cmf_demo);

MODULE_LICENSE("GPL");
