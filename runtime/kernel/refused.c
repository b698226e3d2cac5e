// SPDX-License-Identifier: GPL-2.0
/*
 * The map the kernel refuses: dma_map_single() of vmalloc memory (a
 * vmalloc() or vmap() buffer, or a buffer on the stack, which
 * CONFIG_VMAP_STACK puts in vmalloc space) never reaches an exported
 * function.  The inline dma_map_single_attrs() checks is_vmalloc_addr(),
 * warns with dev_WARN_ONCE() and returns DMA_MAPPING_ERROR, so no probe on
 * the DMA API sees a map, and a driver that handles the error quietly
 * loses the transfer.
 *
 * What a probe can see is the warning: __warn_printk() is called with the
 * rejection's format, the driver's and the device's names as arguments,
 * and the driver's call site as its return address.  The handler keeps the
 * device's name, the site and the call chain; a work item finds the device
 * by name (that may take locks) and hands the map to the core as refused,
 * which reports it as invalid-dma-memory.  The warning is printed once per
 * source file of the driver (the _ONCE), so that is how often it is seen;
 * wrap mode sees every call, and the pointer.
 */
#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/platform_device.h>
#include <linux/ptrace.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "dmatrack.h"

/* The text dma_map_single_attrs() warns with (include/linux/dma-mapping.h). */
static const char rejection[] = "rejecting DMA map of vmalloc memory";

#define PENDING 8

struct refusal {
	char device[64];
	unsigned long ip;
	unsigned long stack[DMT_STACK_MAX];
	unsigned int nr_stack;
};

static struct refusal pending[PENDING];
static unsigned int npending;
static DEFINE_SPINLOCK(pending_lock);
static atomic_long_t seen, dropped, unresolved;
static bool stopping;

static void resolve(struct work_struct *work);
static DECLARE_WORK(resolve_work, resolve);

/* __warn_printk(fmt, ...): an entry probe; ip is the warning's call site. */
int dmatrack_refused_warn(struct pt_regs *regs, unsigned long ip, void *data)
{
	const char *fmt = (const char *)regs_get_kernel_argument(regs, 0);
	const char *device = (const char *)regs_get_kernel_argument(regs, 2);
	struct refusal *r;
	unsigned long flags;

	if (!fmt || !device || !dmatrack_core || dmatrack_own_call(ip) || in_nmi() ||
	    !strstr(fmt, rejection))
		return 0;
	atomic_long_inc(&seen);
	spin_lock_irqsave(&pending_lock, flags);
	if (npending < PENDING && !READ_ONCE(stopping)) {
		r = &pending[npending++];
		strscpy(r->device, device, sizeof(r->device));
		r->ip = ip;
		r->nr_stack = dmatrack_chain_from(r->stack, ip);
		schedule_work(&resolve_work);
	} else {
		atomic_long_inc(&dropped);
	}
	spin_unlock_irqrestore(&pending_lock, flags);
	return 0;
}

/* The warning names the device, not its bus: the buses drivers map from. */
static struct device *device_named(const char *name)
{
	struct device *dev = NULL;

#ifdef CONFIG_PCI
	dev = bus_find_device_by_name(&pci_bus_type, NULL, name);
#endif
	if (!dev)
		dev = bus_find_device_by_name(&platform_bus_type, NULL, name);
	return dev;
}

static void report_refusal(const struct refusal *r)
{
	struct device *dev = device_named(r->device);
	struct dmt_call c;

	if (!dev) {
		atomic_long_inc(&unresolved);
		return;
	}
	if (dmatrack_wants(dev)) {
		dmatrack_call_init(&c, dev, r->ip);
		c.addr = DMT_MAPPING_ERROR;
		c.dir = DMT_BIDIRECTIONAL;
		c.family = DMT_FAM_SINGLE;
		c.mem = DMT_MEM_VMALLOC;
		c.flags = DMT_CALL_REFUSED;
		c.stack = r->stack;
		c.nr_stack = r->nr_stack;
		dmt_map(dmatrack_core, &c);
	}
	put_device(dev);
}

static void resolve(struct work_struct *work)
{
	struct refusal r;
	unsigned long flags;

	for (;;) {
		spin_lock_irqsave(&pending_lock, flags);
		if (!npending) {
			spin_unlock_irqrestore(&pending_lock, flags);
			return;
		}
		r = pending[--npending];
		spin_unlock_irqrestore(&pending_lock, flags);
		report_refusal(&r);
	}
}

/* Every refusal seen so far is reported (a module's going away: its sites with it). */
void dmatrack_refused_flush(void)
{
	flush_work(&resolve_work);
}

/* After the probes are gone: nothing is queued any more. */
void dmatrack_refused_stop(void)
{
	WRITE_ONCE(stopping, true);
	flush_work(&resolve_work);
}

void dmatrack_refused_show(struct seq_file *m)
{
	seq_printf(m, "refused_maps %ld\nrefused_maps_dropped %ld\nrefused_maps_unresolved %ld\n",
		   atomic_long_read(&seen), atomic_long_read(&dropped),
		   atomic_long_read(&unresolved));
}
