// SPDX-License-Identifier: GPL-2.0
/*
 * An SPI controller clocks out zeroes for receive-only transfers: the
 * probe maps a static word of the module as the dummy transmit buffer
 * instead of the zero page: module image memory, which is not in the
 * linear map on every architecture.
 */
#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/module.h>

static u32 zpd_fill_word;

struct zpd_spi {
	struct device *dev;
	dma_addr_t fill_tx_addr;
};

int zpd_dma_init(struct zpd_spi *bs)
{
	bs->fill_tx_addr = dma_map_page_attrs(bs->dev, virt_to_page(&zpd_fill_word), /* expect: invalid-dma-memory */
					      offset_in_page(&zpd_fill_word), sizeof(u32),
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
