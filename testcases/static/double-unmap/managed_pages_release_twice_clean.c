// SPDX-License-Identifier: GPL-2.0
/*
 * The fixed twin of managed_pages_release_twice_bad.c: the managed firmware
 * buffer and the new ring pages are each released once.
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>

struct mpr_dev {
	struct device *dev;
	void *fw;
	dma_addr_t fw_dma;
	size_t fw_size;
	struct page *ring;
	dma_addr_t ring_dma;
	size_t ring_size;
};

int mpr_reset(struct mpr_dev *d, int (*load)(struct mpr_dev *d))
{
	int ret;

	d->fw = dmam_alloc_coherent(d->dev, d->fw_size, &d->fw_dma, GFP_KERNEL);
	if (!d->fw)
		return -ENOMEM;
	ret = load(d);
	if (ret < 0)
		goto out;
	return 0;
out:
	dmam_free_coherent(d->dev, d->fw_size, d->fw, d->fw_dma);
	return ret;
}
EXPORT_SYMBOL_GPL(mpr_reset);

int mpr_resize(struct mpr_dev *d, size_t size, int (*post)(struct mpr_dev *d, dma_addr_t dma))
{
	struct page *ring;
	dma_addr_t ring_dma;
	int ret;

	ring = dma_alloc_pages(d->dev, size, &ring_dma, DMA_BIDIRECTIONAL, GFP_KERNEL);
	if (!ring)
		return -ENOMEM;
	ret = post(d, ring_dma);
	if (ret) {
		goto err;
	}
	d->ring = ring;
	d->ring_dma = ring_dma;
	d->ring_size = size;
	return 0;
err:
	dma_free_pages(d->dev, size, ring, ring_dma, DMA_BIDIRECTIONAL);
	return ret;
}
EXPORT_SYMBOL_GPL(mpr_resize);

MODULE_LICENSE("GPL");
