// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/dmatrack/, root only:
 *   violations  one JSON finding a line (write anything to clear)
 *   mappings    the live table, one mapping a line
 *   stats       counts: operations, violations per rule, drops
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/vmalloc.h>

#include "dmatrack.h"

static struct dentry *dir;

static int violations_show(struct seq_file *m, void *unused)
{
	dmatrack_report_show(m);
	return 0;
}

static int violations_open(struct inode *inode, struct file *file)
{
	return single_open(file, violations_show, NULL);
}

static ssize_t violations_write(struct file *file, const char __user *buf, size_t len,
				loff_t *pos)
{
	dmatrack_report_clear();
	return len;
}

static const struct file_operations violations_fops = {
	.owner = THIS_MODULE,
	.open = violations_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.write = violations_write,
	.release = single_release,
};

static const char *const op_names[DMT_OP_COUNT] = {
	[DMT_OP_MAP] = "map", [DMT_OP_UNMAP] = "unmap",
	[DMT_OP_SYNC_FOR_CPU] = "sync_for_cpu", [DMT_OP_SYNC_FOR_DEVICE] = "sync_for_device",
	[DMT_OP_ALLOC] = "alloc", [DMT_OP_FREE] = "free",
	[DMT_OP_MAPPING_ERROR] = "mapping_error",
};

static int stats_show(struct seq_file *m, void *unused)
{
	struct dmt_stats st;
	int i;

	dmt_get_stats(dmatrack_core, &st);
	seq_printf(m, "enabled %d\nentries_live %lu\nentries_peak %lu\nentries_capacity %lu\n",
		   READ_ONCE(dmatrack_enabled), st.live, st.peak, st.capacity);
	seq_printf(m, "table_bytes %llu\n", st.table_bytes);
	seq_printf(m, "mappings_dropped %llu\nuntracked_calls %llu\ncacheline_scans_capped %llu\n",
		   st.dropped, st.untracked, st.overlap_scan_capped);
	seq_printf(m, "probe_misses %lu\n", dmatrack_probes_missed());
	dmatrack_probes_show(m);
	seq_printf(m, "watch_picks %llu\nwatch_unqueued %llu\nwatch_hits_late %llu\n", st.watch_picks,
		   st.watch_unqueued, st.watch_late);
	dmatrack_watch_show(m);
	dmatrack_refused_show(m);
	for (i = 0; i < DMT_OP_COUNT; i++)
		seq_printf(m, "op.%s %llu\n", op_names[i], st.ops[i]);
	for (i = 0; i < DMT_R_COUNT; i++)
		seq_printf(m, "rule.%s %llu\n", dmt_rule_slug(i), st.violations[i]);
	dmatrack_report_stats(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(stats);

static int mappings_show(struct seq_file *m, void *unused)
{
	struct dmt_entry_info *info;
	struct dmt_stats st;
	unsigned long n, i, cap;

	dmt_get_stats(dmatrack_core, &st);
	cap = st.live + 64;
	info = vmalloc(array_size(cap, sizeof(*info)));
	if (!info)
		return -ENOMEM;
	n = dmt_snapshot(dmatrack_core, info, cap, 0);
	seq_puts(m, "# device driver family direction size handle owner map_site\n");
	for (i = 0; i < n; i++) {
		const struct device *dev = info[i].dev;
		const struct device_driver *drv = info[i].driver;

		seq_printf(m, "%s %s %s %s %lu %pK %s %pS\n", dev_name(dev),
			   drv ? drv->name : "-", dmt_family_name(info[i].family),
			   dmt_dir_name(info[i].dir), info[i].size,
			   (void *)(uintptr_t)info[i].addr, info[i].device_owned ? "device" : "cpu",
			   (void *)info[i].map_site.ip);
	}
	vfree(info);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(mappings);

int dmatrack_debugfs_init(void)
{
	dir = debugfs_create_dir("dmatrack", NULL);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	debugfs_create_file("violations", 0600, dir, NULL, &violations_fops);
	debugfs_create_file("mappings", 0400, dir, NULL, &mappings_fops);
	debugfs_create_file("stats", 0400, dir, NULL, &stats_fops);
	return 0;
}

void dmatrack_debugfs_exit(void)
{
	debugfs_remove_recursive(dir);
}
