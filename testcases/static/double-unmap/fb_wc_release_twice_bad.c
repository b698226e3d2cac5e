// SPDX-License-Identifier: GPL-2.0
/*
 * double-unmap of write-combined and non-coherent memory: a framebuffer
 * probe frees its dma_alloc_wc() screen when registration fails and then
 * falls through to the label that frees it again; a capture buffer from
 * dma_alloc_noncoherent() is freed in the error branch and again at the
 * common exit.
 */
#include <linux/dma-mapping.h>
#include <linux/fb.h>
#include <linux/module.h>
#include <linux/platform_device.h>

struct wcfb_par {
	struct device *dev;
	void *screen;
	dma_addr_t screen_dma;
	size_t screen_size;
};

int wcfb_setup(struct wcfb_par *par, struct fb_info *info)
{
	int ret;

	par->screen = dma_alloc_wc(par->dev, par->screen_size, &par->screen_dma, GFP_KERNEL);
	if (!par->screen)
		return -ENOMEM;
	info->screen_buffer = par->screen;
	info->fix.smem_start = par->screen_dma;
	info->fix.smem_len = par->screen_size;
	ret = register_framebuffer(info);
	if (ret) {
		dma_free_wc(par->dev, par->screen_size, par->screen, par->screen_dma);
		goto err_screen;
	}
	return 0;

err_screen:
	dma_free_wc(par->dev, par->screen_size, par->screen, par->screen_dma); /* expect: double-unmap */
	return ret;
}
EXPORT_SYMBOL_GPL(wcfb_setup);

struct nccap {
	struct device *dev;
	void *buf;
	dma_addr_t buf_dma;
	size_t len;
};

int nccap_start(struct nccap *cap, int (*arm)(dma_addr_t addr, size_t len))
{
	int ret;

	cap->buf = dma_alloc_noncoherent(cap->dev, cap->len, &cap->buf_dma, DMA_FROM_DEVICE,
					 GFP_KERNEL);
	if (!cap->buf)
		return -ENOMEM;
	ret = arm(cap->buf_dma, cap->len);
	if (ret)
		dma_free_noncoherent(cap->dev, cap->len, cap->buf, cap->buf_dma, DMA_FROM_DEVICE);
	if (ret)
		goto out;
	return 0;
out:
	dma_free_noncoherent(cap->dev, cap->len, cap->buf, cap->buf_dma, DMA_FROM_DEVICE); /* expect: double-unmap */
	return ret;
}
EXPORT_SYMBOL_GPL(nccap_start);

MODULE_LICENSE("GPL");
