// SPDX-License-Identifier: GPL-2.0
/*
 * cpu-write-while-device-owned, clean twin: buffers the CPU fills after
 * mapping them, each write handed to the device with
 * dma_sync_single_for_device() before the device is told (the idiom of
 * dma-api.rst: sync "after the last modification of the memory region by
 * the software and before it is handed off to the device"):
 * - a firmware mailbox command built in a mapped block and synced before
 *   the doorbell (as ibmvnic's login buffer should be);
 * - a classification key rewritten and synced for every firmware command
 *   in a loop (dpaa2-eth's dpaa2_eth_set_vlan_qos());
 * - a receive ring refilled entry by entry, the ring synced for the device
 *   after each entry (octeon_mgmt's octeon_mgmt_rx_fill_ring()).
 */
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#define MFS_DOORBELL	0x40
#define MFS_KEY_SIZE	16
#define MFS_RING_SIZE	64

struct mfs_cmd {
	__le32 opcode;
	__le32 len;
	u8 payload[56];
};

struct mfs_priv {
	struct device *dev;
	void __iomem *regs;
	struct mfs_cmd *cmd;
	__le64 *rx_ring;
	dma_addr_t rx_ring_dma;
	unsigned int rx_next_fill;
};

static int mfs_wait_done(struct mfs_priv *p)
{
	return readl(p->regs) & 1 ? 0 : -ETIMEDOUT;
}

static int mfs_send_cmd(struct mfs_priv *p, u32 opcode, const void *data, size_t len)
{
	struct mfs_cmd *cmd = p->cmd;
	dma_addr_t dma;
	int err;

	if (len > sizeof(cmd->payload))
		return -EINVAL;
	dma = dma_map_single(p->dev, cmd, sizeof(*cmd), DMA_TO_DEVICE);
	if (dma_mapping_error(p->dev, dma))
		return -ENOMEM;
	cmd->opcode = cpu_to_le32(opcode);
	cmd->len = cpu_to_le32(len);
	memcpy(cmd->payload, data, len);
	dma_sync_single_for_device(p->dev, dma, sizeof(*cmd), DMA_TO_DEVICE);
	writeq(dma, p->regs + MFS_DOORBELL);
	err = mfs_wait_done(p);
	dma_unmap_single(p->dev, dma, sizeof(*cmd), DMA_TO_DEVICE);
	return err;
}

static int mfs_add_prio_keys(struct mfs_priv *p, int ntc)
{
	dma_addr_t key_dma;
	int i, err = 0;
	u8 *key;

	key = kzalloc(MFS_KEY_SIZE, GFP_KERNEL);
	if (!key)
		return -ENOMEM;
	key_dma = dma_map_single(p->dev, key, MFS_KEY_SIZE, DMA_TO_DEVICE);
	if (dma_mapping_error(p->dev, key_dma)) {
		err = -ENOMEM;
		goto out_free;
	}
	for (i = ntc - 1; i >= 0; i--) {
		*(__be16 *)key = cpu_to_be16(i << 13);
		dma_sync_single_for_device(p->dev, key_dma, MFS_KEY_SIZE, DMA_TO_DEVICE);
		writeq(key_dma, p->regs + MFS_DOORBELL);
		err = mfs_wait_done(p);
		if (err)
			break;
	}
	dma_unmap_single(p->dev, key_dma, MFS_KEY_SIZE, DMA_TO_DEVICE);
out_free:
	kfree(key);
	return err;
}

static int mfs_open_ring(struct mfs_priv *p)
{
	p->rx_ring = kcalloc(MFS_RING_SIZE, sizeof(*p->rx_ring), GFP_KERNEL);
	if (!p->rx_ring)
		return -ENOMEM;
	p->rx_ring_dma = dma_map_single(p->dev, p->rx_ring, MFS_RING_SIZE * sizeof(*p->rx_ring),
					DMA_BIDIRECTIONAL);
	if (dma_mapping_error(p->dev, p->rx_ring_dma)) {
		kfree(p->rx_ring);
		return -ENOMEM;
	}
	return 0;
}

static void mfs_rx_fill_ring(struct mfs_priv *p, const dma_addr_t *bufs, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		p->rx_ring[p->rx_next_fill] = cpu_to_le64(bufs[i]);
		dma_sync_single_for_device(p->dev, p->rx_ring_dma,
					   MFS_RING_SIZE * sizeof(*p->rx_ring), DMA_BIDIRECTIONAL);
		p->rx_next_fill = (p->rx_next_fill + 1) % MFS_RING_SIZE;
		writel(1, p->regs + MFS_DOORBELL + 8);
	}
}

int mfs_demo(struct mfs_priv *p, const dma_addr_t *bufs, int n)
{
	int err = mfs_send_cmd(p, 1, bufs, 8) ?: mfs_add_prio_keys(p, 8) ?: mfs_open_ring(p);

	if (!err)
		mfs_rx_fill_ring(p, bufs, n);
	return err;
}
EXPORT_SYMBOL_GPL(mfs_demo);

MODULE_LICENSE("GPL");
