// SPDX-License-Identifier: GPL-2.0
/*
 * cpu-write-while-device-owned, clean twin: a descriptor ring whose
 * descriptors are mapped one by one, only their hardware part (the first
 * PDM_HW_SIZE bytes); the driver's own fields behind it (the bus address,
 * the links of the ring) are written after the map, and that is no write
 * to device-owned memory (ps3_gelic_net's gelic_card_init_chain()).  The
 * hardware part is filled before the map.
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/string.h>

#define PDM_HW_SIZE	32

struct pdm_descr {
	/* as the hardware reads it */
	__be32 buf_addr;
	__be32 buf_size;
	__be32 next_descr_addr;
	__be32 dmac_cmd_status;
	__be32 result_size;
	__be32 valid_size;
	__be32 data_status;
	__be32 data_error;
	/* the driver's */
	dma_addr_t bus_addr;
	struct pdm_descr *next;
	struct pdm_descr *prev;
};

struct pdm_card {
	struct device *dev;
};

static int pdm_init_chain(struct pdm_card *card, struct pdm_descr *start, int no)
{
	struct pdm_descr *descr = start;
	int i;

	memset(descr, 0, sizeof(*descr) * no);
	for (i = 0; i < no; i++, descr++) {
		dma_addr_t bus;

		descr->dmac_cmd_status = cpu_to_be32(0xa0000000);
		descr->next_descr_addr = 0;
		bus = dma_map_single(card->dev, descr, PDM_HW_SIZE, DMA_BIDIRECTIONAL);
		if (dma_mapping_error(card->dev, bus))
			goto unmap;
		descr->bus_addr = bus;
		descr->next = descr + 1;
		descr->prev = descr - 1;
	}
	(descr - 1)->next = start;
	start->prev = descr - 1;
	return 0;

unmap:
	for (i--, descr--; i >= 0; i--, descr--)
		dma_unmap_single(card->dev, descr->bus_addr, PDM_HW_SIZE, DMA_BIDIRECTIONAL);
	return -ENOMEM;
}

int pdm_demo(struct pdm_card *card, struct pdm_descr *ring, int no)
{
	return pdm_init_chain(card, ring, no);
}
EXPORT_SYMBOL_GPL(pdm_demo);

MODULE_LICENSE("GPL");
