// SPDX-License-Identifier: GPL-2.0
/*
 * dmanic: a small PCI Ethernet driver in the shape of the real ones (e1000,
 * r8169, igb): coherent descriptor rings, streaming-mapped packet buffers,
 * NAPI receive with a copybreak path, and kernel-style error labels.
 *
 * This copy carries planted DMA API bugs, each marked with the rule that must
 * report it; dmanic_clean.c is the same driver fixed.  `make demo` scans it.
 */
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/interrupt.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/skbuff.h>

#define DMANIC_RING_SIZE	256
#define DMANIC_RX_BUF_LEN	2048
#define DMANIC_COPYBREAK	256

#define DMANIC_REG_TX_TAIL	0x10
#define DMANIC_REG_RX_TAIL	0x14
#define DMANIC_REG_TX_BASE	0x20
#define DMANIC_REG_RX_BASE	0x28

#define DESC_OWN		BIT(31)	/* set: the device owns the descriptor */
#define DESC_LEN_MASK		0xffff

struct dmanic_desc {
	__le64 addr;
	__le32 len_flags;
	__le32 status;
};

struct dmanic_buffer {
	struct sk_buff *skb;
	dma_addr_t dma;
	unsigned int len;
};

struct dmanic_ring {
	struct dmanic_desc *desc;	/* coherent */
	dma_addr_t desc_dma;
	struct dmanic_buffer *buf;
	unsigned int next_to_use;
	unsigned int next_to_clean;
};

struct dmanic_priv {
	struct pci_dev *pdev;
	struct net_device *netdev;
	struct napi_struct napi;
	void __iomem *regs;
	struct dmanic_ring tx;
	struct dmanic_ring rx;
};

static int dmanic_alloc_ring(struct dmanic_priv *priv, struct dmanic_ring *ring)
{
	size_t size = DMANIC_RING_SIZE * sizeof(struct dmanic_desc);

	ring->desc = dma_alloc_coherent(&priv->pdev->dev, size, &ring->desc_dma, GFP_KERNEL);
	if (!ring->desc)
		return -ENOMEM;
	memset(ring->desc, 0, size); /* expect: coherent-memset */

	ring->buf = kcalloc(DMANIC_RING_SIZE, sizeof(*ring->buf), GFP_KERNEL);
	if (!ring->buf) {
		dma_free_coherent(&priv->pdev->dev, size, ring->desc, ring->desc_dma);
		return -ENOMEM;
	}
	ring->next_to_use = 0;
	ring->next_to_clean = 0;
	return 0;
}

static void dmanic_free_ring(struct dmanic_priv *priv, struct dmanic_ring *ring)
{
	kfree(ring->buf);
	dma_free_coherent(&priv->pdev->dev, DMANIC_RING_SIZE * sizeof(struct dmanic_desc),
			  ring->desc, ring->desc_dma);
}

static int dmanic_rx_refill_one(struct dmanic_priv *priv, unsigned int i)
{
	struct dmanic_buffer *rb = &priv->rx.buf[i];
	struct dmanic_desc *desc = &priv->rx.desc[i];
	struct sk_buff *skb;

	skb = netdev_alloc_skb_ip_align(priv->netdev, DMANIC_RX_BUF_LEN);
	if (!skb)
		return -ENOMEM;
	rb->dma = dma_map_single(&priv->pdev->dev, skb->data, DMANIC_RX_BUF_LEN,
				 DMA_FROM_DEVICE);
	if (dma_mapping_error(&priv->pdev->dev, rb->dma)) {
		dev_kfree_skb_any(skb);
		return -ENOMEM;
	}
	rb->skb = skb;
	rb->len = DMANIC_RX_BUF_LEN;

	desc->addr = cpu_to_le64(rb->dma);
	desc->status = 0;
	/* The device may take the descriptor as soon as it sees DESC_OWN. */
	desc->len_flags = cpu_to_le32(DMANIC_RX_BUF_LEN | DESC_OWN); /* expect: missing-dma-barrier */
	return 0;
}

static void dmanic_rx_refill(struct dmanic_priv *priv)
{
	unsigned int i = priv->rx.next_to_use;

	while (!priv->rx.buf[i].skb) {
		if (dmanic_rx_refill_one(priv, i))
			break;
		i = (i + 1) % DMANIC_RING_SIZE;
	}
	priv->rx.next_to_use = i;
	writel(i, priv->regs + DMANIC_REG_RX_TAIL);
}

static netdev_tx_t dmanic_xmit(struct sk_buff *skb, struct net_device *netdev)
{
	struct dmanic_priv *priv = netdev_priv(netdev);
	unsigned int i = priv->tx.next_to_use;
	struct dmanic_buffer *tb = &priv->tx.buf[i];
	struct dmanic_desc *desc = &priv->tx.desc[i];
	unsigned int len = skb_headlen(skb);
	dma_addr_t dma;

	dma = dma_map_single(&priv->pdev->dev, skb->data, len, DMA_TO_DEVICE); /* expect: unchecked-mapping-error */
	tb->skb = skb;
	tb->dma = dma;
	tb->len = len;

	desc->addr = cpu_to_le64(dma);
	desc->status = 0;
	dma_wmb();
	desc->len_flags = cpu_to_le32(len | DESC_OWN);

	priv->tx.next_to_use = (i + 1) % DMANIC_RING_SIZE;
	writel(priv->tx.next_to_use, priv->regs + DMANIC_REG_TX_TAIL);
	return NETDEV_TX_OK;
}

static void dmanic_tx_clean(struct dmanic_priv *priv)
{
	unsigned int i = priv->tx.next_to_clean;

	while (i != priv->tx.next_to_use) {
		struct dmanic_buffer *tb = &priv->tx.buf[i];
		struct dmanic_desc *desc = &priv->tx.desc[i];

		if (le32_to_cpu(desc->len_flags) & DESC_OWN)
			break;
		dma_rmb();
		dma_unmap_single(&priv->pdev->dev, tb->dma, tb->skb->len, DMA_TO_DEVICE); /* expect: size-mismatch */
		dev_consume_skb_any(tb->skb);
		tb->skb = NULL;
		i = (i + 1) % DMANIC_RING_SIZE;
	}
	priv->tx.next_to_clean = i;
}

static int dmanic_rx_clean(struct dmanic_priv *priv, int budget)
{
	struct device *dev = &priv->pdev->dev;
	int done = 0;

	while (done < budget) {
		unsigned int i = priv->rx.next_to_clean;
		struct dmanic_buffer *rb = &priv->rx.buf[i];
		struct dmanic_desc *desc = &priv->rx.desc[i];
		struct sk_buff *skb = rb->skb;
		unsigned int len;

		if (le32_to_cpu(desc->len_flags) & DESC_OWN)
			break;
		dma_rmb();
		len = le32_to_cpu(desc->len_flags) & DESC_LEN_MASK;

		if (len < DMANIC_COPYBREAK) {
			struct sk_buff *copy = napi_alloc_skb(&priv->napi, len);

			if (!copy)
				break;
			/* Small frame: copy it out and leave the buffer in the ring. */
			skb_copy_to_linear_data(copy, skb->data, len); /* expect: cpu-read-while-device-owned */
			dma_sync_single_for_cpu(dev, rb->dma, len, DMA_FROM_DEVICE);
			dma_sync_single_for_device(dev, rb->dma, len, DMA_FROM_DEVICE);
			skb = copy;
		} else {
			dma_unmap_single(dev, rb->dma, rb->len, DMA_TO_DEVICE); /* expect: direction-mismatch */
			rb->skb = NULL;
		}
		desc->status = 0;
		skb_put(skb, len);
		skb->protocol = eth_type_trans(skb, priv->netdev);
		napi_gro_receive(&priv->napi, skb);
		priv->rx.next_to_clean = (i + 1) % DMANIC_RING_SIZE;
		done++;
	}
	dmanic_rx_refill(priv);
	return done;
}

static int dmanic_poll(struct napi_struct *napi, int budget)
{
	struct dmanic_priv *priv = container_of(napi, struct dmanic_priv, napi);
	int done;

	dmanic_tx_clean(priv);
	done = dmanic_rx_clean(priv, budget);
	if (done < budget)
		napi_complete_done(napi, done);
	return done;
}

static void dmanic_rx_drain(struct dmanic_priv *priv)
{
	for (unsigned int i = 0; i < DMANIC_RING_SIZE; i++) {
		struct dmanic_buffer *rb = &priv->rx.buf[i];

		if (!rb->skb)
			continue;
		dev_kfree_skb_any(rb->skb); /* expect: free-while-mapped */
		dma_unmap_single(&priv->pdev->dev, rb->dma, rb->len, DMA_FROM_DEVICE);
		rb->skb = NULL;
	}
}

static int dmanic_open(struct net_device *netdev)
{
	struct dmanic_priv *priv = netdev_priv(netdev);

	writeq(priv->tx.desc_dma, priv->regs + DMANIC_REG_TX_BASE);
	writeq(priv->rx.desc_dma, priv->regs + DMANIC_REG_RX_BASE);
	dmanic_rx_refill(priv);
	napi_enable(&priv->napi);
	netif_start_queue(netdev);
	return 0;
}

static int dmanic_stop(struct net_device *netdev)
{
	struct dmanic_priv *priv = netdev_priv(netdev);

	netif_stop_queue(netdev);
	napi_disable(&priv->napi);
	dmanic_rx_drain(priv);
	return 0;
}

static const struct net_device_ops dmanic_netdev_ops = {
	.ndo_open = dmanic_open,
	.ndo_stop = dmanic_stop,
	.ndo_start_xmit = dmanic_xmit,
};

static int dmanic_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct net_device *netdev;
	struct dmanic_priv *priv;
	int err;

	err = pcim_enable_device(pdev);
	if (err)
		return err;
	dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(64)); /* expect: unchecked-dma-mask */

	netdev = devm_alloc_etherdev(&pdev->dev, sizeof(*priv));
	if (!netdev)
		return -ENOMEM;
	priv = netdev_priv(netdev);
	priv->pdev = pdev;
	priv->netdev = netdev;
	priv->regs = pcim_iomap(pdev, 0, 0);
	if (!priv->regs)
		return -ENOMEM;

	err = dmanic_alloc_ring(priv, &priv->tx);
	if (err)
		return err;
	err = dmanic_alloc_ring(priv, &priv->rx);
	if (err)
		return err; /* expect: coherent-leak */

	netdev->netdev_ops = &dmanic_netdev_ops;
	netif_napi_add(netdev, &priv->napi, dmanic_poll);
	pci_set_drvdata(pdev, priv);
	err = register_netdev(netdev);
	if (err)
		goto err_free_rings;
	return 0;

err_free_rings:
	netif_napi_del(&priv->napi);
	dmanic_free_ring(priv, &priv->rx);
	dmanic_free_ring(priv, &priv->tx);
	return err;
}

static void dmanic_remove(struct pci_dev *pdev)
{
	struct dmanic_priv *priv = pci_get_drvdata(pdev);

	unregister_netdev(priv->netdev);
	netif_napi_del(&priv->napi);
	dmanic_free_ring(priv, &priv->rx);
	dmanic_free_ring(priv, &priv->tx);
}

static const struct pci_device_id dmanic_ids[] = {
	{ PCI_DEVICE(0x1234, 0xd0a1) },
	{ }
};
MODULE_DEVICE_TABLE(pci, dmanic_ids);

static struct pci_driver dmanic_driver = {
	.name = "dmanic",
	.id_table = dmanic_ids,
	.probe = dmanic_probe,
	.remove = dmanic_remove,
};
module_pci_driver(dmanic_driver);

MODULE_DESCRIPTION("dmacheck sample NIC driver with planted DMA API bugs");
MODULE_LICENSE("GPL");
