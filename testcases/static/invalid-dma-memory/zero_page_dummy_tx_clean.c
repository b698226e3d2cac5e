// SPDX-License-Identifier: GPL-2.0
/*
 * An SPI controller clocks out zeroes for receive-only transfers: the
 * probe maps the architecture's zero page once as the dummy transmit
 * buffer.  ZERO_PAGE() spells that page through a symbol of the kernel
 * image on x86, but it is the page-allocator page every architecture
 * provides for this, not module image memory.
 */
#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/module.h>

struct zpd_spi {
	struct device *dev;
	dma_addr_t fill_tx_addr;
};

int zpd_dma_init(struct zpd_spi *bs)
{
	bs->fill_tx_addr = dma_map_page_attrs(bs->dev, ZERO_PAGE(0), 0, sizeof(u32),
					      DMA_TO_DEVICE, DMA_ATTR_SKIP_CPU_SYNC);
	if (dma_mapping_error(bs->dev, bs->fill_tx_addr)) {
		bs->fill_tx_addr = 0;
		return -ENOMEM;
	}
	return 0;
}
EXPORT_SYMBOL_GPL(zpd_dma_init);

void zpd_dma_release(struct zpd_spi *bs)
{
	if (bs->fill_tx_addr)
		dma_unmap_page_attrs(bs->dev, bs->fill_tx_addr, sizeof(u32), DMA_TO_DEVICE,
				     DMA_ATTR_SKIP_CPU_SYNC);
}
EXPORT_SYMBOL_GPL(zpd_dma_release);

MODULE_LICENSE("GPL");
