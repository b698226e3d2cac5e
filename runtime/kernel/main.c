// SPDX-License-Identifier: GPL-2.0
/*
 * dmatrack: tracks the ownership of every DMA mapping on a stock kernel and
 * reports DMA API misuse.  docs/runtime.md explains the design; this file
 * holds the settings and brings the parts up and down in order.
 */
#include <linux/cache.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/stacktrace.h>
#include <linux/string.h>
#include <linux/version.h>

#include "dmatrack.h"

struct dmt_tracker *dmatrack_core;

bool dmatrack_enabled = true;
module_param_named(enabled, dmatrack_enabled, bool, 0600);
MODULE_PARM_DESC(enabled, "track new mappings (unmaps of tracked ones are always followed)");

static char filter_driver[64];
module_param_string(driver, filter_driver, sizeof(filter_driver), 0600);
MODULE_PARM_DESC(driver, "track only devices bound to this driver (empty: all)");

static char filter_device[64];
module_param_string(device, filter_device, sizeof(filter_device), 0600);
MODULE_PARM_DESC(device, "track only this device, by dev_name() (empty: all)");

static unsigned long max_entries = 65536;
module_param(max_entries, ulong, 0400);
MODULE_PARM_DESC(max_entries, "live mappings tracked at most; beyond it they are counted as dropped");

static unsigned int history = 4096;
module_param(history, uint, 0400);
MODULE_PARM_DESC(history, "unmapped handles remembered to diagnose double unmaps and late syncs");

static unsigned int cacheline = L1_CACHE_BYTES;
module_param(cacheline, uint, 0400);
MODULE_PARM_DESC(cacheline, "cache line size assumed by the cacheline-sharing check (arm64: 128)");

unsigned long dmatrack_max_violations = 512;
module_param_named(max_violations, dmatrack_max_violations, ulong, 0400);
MODULE_PARM_DESC(max_violations, "distinct violations kept for the violations file");

unsigned int dmatrack_ratelimit_burst = 10;
module_param_named(ratelimit, dmatrack_ratelimit_burst, uint, 0400);
MODULE_PARM_DESC(ratelimit, "dmesg reports per rule per 5 seconds (all are counted and kept)");

static unsigned int initial_mode = DMT_MODE_PLAIN;

static const struct {
	const char *name;
	unsigned int mode;
} modes[] = {
	{ "plain", DMT_MODE_PLAIN },
	{ "checksum", DMT_MODE_CHECKSUM },
	{ "poison", DMT_MODE_POISON },
	{ "checksum+poison", DMT_MODE_CHECKSUM | DMT_MODE_POISON },
};

static int mode_set(const char *val, const struct kernel_param *kp)
{
	char name[32];
	size_t i;

	strscpy(name, val, sizeof(name));
	strim(name);
	for (i = 0; i < ARRAY_SIZE(modes); i++) {
		if (strcmp(name, modes[i].name) != 0)
			continue;
		if (dmatrack_core)
			dmt_set_mode(dmatrack_core, modes[i].mode);
		else
			initial_mode = modes[i].mode;
		return 0;
	}
	pr_warn("dmatrack: unknown mode '%s' (plain, checksum, poison, checksum+poison)\n", name);
	return -EINVAL;
}

static int mode_get(char *buf, const struct kernel_param *kp)
{
	unsigned int mode = dmatrack_core ? dmt_get_mode(dmatrack_core) : initial_mode;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(modes); i++)
		if (modes[i].mode == mode)
			return sysfs_emit(buf, "%s\n", modes[i].name);
	return sysfs_emit(buf, "%u\n", mode);
}

static const struct kernel_param_ops mode_ops = { .set = mode_set, .get = mode_get };
module_param_cb(mode, &mode_ops, NULL, 0600);
MODULE_PARM_DESC(mode, "plain, checksum (CPU writes while the device owns a buffer), poison (non-coherent emulation; use with swiotlb=force), checksum+poison");

bool dmatrack_wants(struct device *dev)
{
	if (!READ_ONCE(dmatrack_enabled) || !dev)
		return false;
	if (filter_driver[0] && (!dev->driver || strcmp(dev->driver->name, filter_driver) != 0))
		return false;
	if (filter_device[0] && strcmp(dev_name(dev), filter_device) != 0)
		return false;
	return true;
}

void dmatrack_call_init(struct dmt_call *call, struct device *dev, unsigned long ip)
{
	memset(call, 0, sizeof(*call));
	call->dev = dev;
	call->driver = dev ? dev->driver : NULL;
	call->paddr = DMT_NO_PADDR;
	call->site.ip = ip;
}

unsigned int dmatrack_chain_from(unsigned long *out, unsigned long ip)
{
	unsigned long entries[32];
	unsigned int n = stack_trace_save(entries, ARRAY_SIZE(entries), 0), i, k = 0;

	for (i = 0; i < n && entries[i] != ip; i++)
		;
	if (i == n) {
		out[0] = ip;
		return 1;
	}
	for (; i < n && k < DMT_STACK_MAX; i++)
		out[k++] = entries[i];
	return k;
}

bool dmatrack_direct(struct device *dev)
{
#ifdef CONFIG_DMA_OPS
	if (dev->dma_ops)
		return false;
#endif
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0) && defined(CONFIG_IOMMU_DMA)
	if (dev->dma_iommu)
		return false;
#endif
	return true;
}

/*
 * A direct-mapped device whose handle is not the buffer's physical address
 * works on a bounce copy (swiotlb).
 */
unsigned int dmatrack_bounced(struct device *dev, unsigned long long addr,
			      unsigned long long paddr)
{
	if (addr == DMT_MAPPING_ERROR || paddr == DMT_NO_PADDR || !dmatrack_direct(dev))
		return 0;
	return addr != paddr ? DMT_CALL_BOUNCED : 0;
}

void dmatrack_see_syncs(struct device *dev)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0) && defined(CONFIG_DMA_NEED_SYNC)
	/*
	 * Since 6.10 the sync inlines skip the call for devices that need no
	 * cache maintenance, so a probe on __dma_sync_* never sees them.
	 * Tracking a device costs it its fast path: a sync then always calls
	 * out (and does nothing more on a coherent device).
	 */
	if (dev->dma_skip_sync)
		dev->dma_skip_sync = false;
#endif
}

static int __init dmatrack_init(void)
{
	struct dmt_config cfg = {
		.max_entries = max_entries, .history = history, .cacheline = cacheline,
		.mode = initial_mode, .report = dmatrack_report, .full = dmatrack_report_full,
		.watch_slots = dmatrack_watch_slots, .watch_changed = dmatrack_watch_changed,
		.watch_wanted = dmatrack_watch_wanted, .watch_saw_write = dmatrack_watch_saw_write,
		.same_function = dmatrack_same_function,
	};
	const char *why = "";
	int err;

	err = dmatrack_watch_init();
	if (err)
		return err;
	err = dmatrack_report_init();
	if (err)
		return err;
	dmatrack_core = dmt_create(&cfg, &why);
	if (!dmatrack_core) {
		pr_err("dmatrack: %s\n", why);
		err = -EINVAL;
		goto out_report;
	}
	dmatrack_memclass_init();
	err = dmatrack_debugfs_init();
	if (err)
		goto out_core;
	err = dmatrack_lifecycle_register();
	if (err)
		goto out_debugfs;
	err = dmatrack_probes_register();
	if (err)
		goto out_lifecycle;
	pr_info("dmatrack: tracking up to %lu mappings; reports in /sys/kernel/debug/dmatrack/\n",
		max_entries);
	return 0;

out_lifecycle:
	dmatrack_lifecycle_unregister();
	dmatrack_watch_stop();
	dmatrack_refused_stop();
out_debugfs:
	dmatrack_debugfs_exit();
out_core:
	dmt_destroy(dmatrack_core);
	dmatrack_core = NULL;
out_report:
	dmatrack_report_exit();
	return err;
}

static void __exit dmatrack_exit(void)
{
	struct dmt_stats st;

	/* No handler runs after this returns: unregistering waits for them. */
	dmatrack_probes_unregister();
	dmatrack_lifecycle_unregister();
	dmatrack_watch_stop();
	dmatrack_refused_stop();
	dmatrack_debugfs_exit();
	dmt_get_stats(dmatrack_core, &st);
	pr_info("dmatrack: unloaded with %lu mappings still tracked (not reported: their drivers are still bound)\n",
		st.live);
	dmt_destroy(dmatrack_core);
	dmatrack_core = NULL;
	dmatrack_report_exit();
}

module_init(dmatrack_init);
module_exit(dmatrack_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("dmacheck runtime tracker: DMA API ownership and misuse");
