// SPDX-License-Identifier: GPL-2.0
/*
 * The end of a mapping's legitimate life.  When a driver lets go of a device
 * (unbind, or a probe that failed) the driver core releases the device's
 * managed resources in devres_release_all(); once that has returned,
 * anything still mapped or allocated for the device is leaked.  This works
 * on every bus, unlike the kernel's own check (PCI and pseries VIO only).
 * When a module is unloaded, what its code mapped and left is leaked too.
 * When a device itself is freed, what is still mapped for it is leaked, and
 * forgotten before its memory goes.
 */
#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/ptrace.h>

#include "dmatrack.h"

struct release_data {
	struct device *dev;
};

static int match_device(const struct dmt_entry_info *e, void *dev)
{
	return e->dev == dev;
}

static int release_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct release_data *d = (void *)ri->data;

	d->dev = (struct device *)regs_get_kernel_argument(regs, 0);
	return !dmatrack_core || !d->dev;
}

/*
 * With a driver: an unbind or a failed probe (which of the two is not
 * visible here; device_is_bound() is not exported in 6.1).  Without one: the
 * device itself is being freed, and nothing may point at it afterwards.
 */
static int release_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct release_data *d = (void *)ri->data;
	char when[128];

	if (d->dev->driver)
		snprintf(when, sizeof(when), "release of %s by %s (unbind or failed probe)",
			 dev_name(d->dev), d->dev->driver->name);
	else
		snprintf(when, sizeof(when), "the release of device %s itself", dev_name(d->dev));
	dmt_release(dmatrack_core, match_device, d->dev, when);
	return 0;
}

static struct kretprobe release_probe = {
	.kp.symbol_name = "devres_release_all",
	.entry_handler = release_entry,
	.handler = release_ret,
	.data_size = sizeof(struct release_data),
	.maxactive = 32,
};

static int match_module_code(const struct dmt_entry_info *e, void *mod)
{
	return e->map_site.ip && within_module(e->map_site.ip, mod);
}

static int in_module(const void *p, void *mod)
{
	return within_module((unsigned long)p, mod);
}

static int module_event(struct notifier_block *nb, unsigned long state, void *data)
{
	struct module *mod = data;
	char when[96];

	if (state != MODULE_STATE_GOING || mod == THIS_MODULE || !dmatrack_core)
		return NOTIFY_DONE;
	snprintf(when, sizeof(when), "unload of module %s", mod->name);
	dmt_release(dmatrack_core, match_module_code, mod, when);
	/* Hits and refused maps still queued are reported while their sites still mean something. */
	dmatrack_watch_flush();
	dmatrack_refused_flush();
	/* Its source locations (wrap mode) and drivers are about to disappear. */
	dmt_forget_sources(dmatrack_core, in_module, mod);
	return NOTIFY_DONE;
}

static struct notifier_block module_nb = { .notifier_call = module_event };

int dmatrack_lifecycle_register(void)
{
	int err = register_kretprobe(&release_probe);

	if (err) {
		pr_err("dmatrack: cannot probe devres_release_all (error %d): no leak checks at unbind\n",
		       err);
		return err;
	}
	err = register_module_notifier(&module_nb);
	if (err)
		unregister_kretprobe(&release_probe);
	return err;
}

void dmatrack_lifecycle_unregister(void)
{
	unregister_module_notifier(&module_nb);
	unregister_kretprobe(&release_probe);
}
