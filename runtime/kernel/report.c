// SPDX-License-Identifier: GPL-2.0
/*
 * Reporting, kept apart from the core: every violation the core finds is
 * copied, symbolised and de-duplicated here (one record per rule and call
 * sites, with a count), written to dmesg from a work item with a per-rule
 * rate limit, and listed in the `violations` file as one JSON finding a line
 * (the findings model of reports/json.c plus runtime fields).
 *
 * The record store is allocated at load.  When it is full, new distinct
 * violations are counted as dropped and the log says so once.
 */
#include <linux/kallsyms.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/ratelimit.h>
#include <linux/sched/clock.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <linux/stacktrace.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>

#include "dmatrack.h"

#define STACK_DEPTH 8
#define SYM_LEN 128		/* "function+0x1c/0x90 [module]", cut if longer */

struct place {
	char symbol[SYM_LEN];		/* %pS of the call site */
	char file[128];			/* wrap mode only */
	char function[64];
	unsigned int line;
	unsigned long ip;
};

struct step {
	struct place place;
	const char *what;		/* static text of the core */
};

struct record {
	enum dmt_rule rule;
	char device[48];
	char driver[48];
	unsigned long long addr;
	unsigned long size;
	enum dmt_dir dir;
	enum dmt_family family;
	struct place site, related, map_site;
	bool has_related, has_map_site;
	const char *related_what;
	char message[200];
	struct step flow[DMT_FLOW_MAX];
	unsigned int nr_flow;
	char stack[STACK_DEPTH][SYM_LEN];
	unsigned int nr_stack;
	u64 count;
	u64 first_ns;
	bool printed;
};

static struct record *records;
static unsigned long nr_records;
static u64 dropped, suppressed;
static bool told_full;
static DEFINE_SPINLOCK(records_lock);
static struct ratelimit_state limits[DMT_R_COUNT];
static char sym_scratch[KSYM_SYMBOL_LEN];	/* under records_lock */

static void print_pending(struct work_struct *work);
static DECLARE_WORK(print_work, print_pending);
static bool table_full;

/* The core ran out of entries: say so once, from process context. */
void dmatrack_report_full(void *ctx)
{
	WRITE_ONCE(table_full, true);
	schedule_work(&print_work);
}

int dmatrack_report_init(void)
{
	int r;

	records = vzalloc(array_size(dmatrack_max_violations, sizeof(*records)));
	if (!records)
		return -ENOMEM;
	for (r = 0; r < DMT_R_COUNT; r++)
		ratelimit_state_init(&limits[r], 5 * HZ, dmatrack_ratelimit_burst);
	return 0;
}

void dmatrack_report_exit(void)
{
	cancel_work_sync(&print_work);
	vfree(records);
	records = NULL;
}

void dmatrack_report_clear(void)
{
	unsigned long flags;

	spin_lock_irqsave(&records_lock, flags);
	nr_records = 0;
	dropped = 0;
	told_full = false;
	spin_unlock_irqrestore(&records_lock, flags);
}

/* %pS of ip into a short field; sprint_symbol() wants KSYM_SYMBOL_LEN. */
static void symbolise(char *out, unsigned long ip)
{
	sprint_symbol(sym_scratch, ip);
	strscpy(out, sym_scratch, SYM_LEN);
}

static void set_place(struct place *p, const struct dmt_site *s)
{
	memset(p, 0, sizeof(*p));
	p->ip = s->ip;
	if (s->ip)
		symbolise(p->symbol, s->ip);
	if (s->src) {
		strscpy(p->file, s->src->file, sizeof(p->file));
		strscpy(p->function, s->src->function, sizeof(p->function));
		p->line = s->src->line;
	}
}

static bool same_place(const struct place *p, const struct dmt_site *s)
{
	if (p->ip != s->ip)
		return false;
	return !s->src || (p->line == s->src->line && !strcmp(p->function, s->src->function));
}

static struct record *find_record(const struct dmt_violation *v)
{
	unsigned long i;

	for (i = 0; i < nr_records; i++) {
		struct record *r = &records[i];

		if (r->rule == v->rule && same_place(&r->site, &v->site) &&
		    r->has_related == v->has_related &&
		    (!v->has_related || same_place(&r->related, &v->related)))
			return r;
	}
	return NULL;
}

/*
 * The calls that led here, from the violating call outwards (not dmatrack's
 * own frames), or the access's chain the violation brings along.
 */
static void save_stack(struct record *r, const struct dmt_violation *v)
{
	unsigned long entries[32], site_ip = v->site.ip;
	unsigned int n, start = 0, i;

	if (v->stack) {
		for (r->nr_stack = 0; r->nr_stack < v->nr_stack && r->nr_stack < STACK_DEPTH;
		     r->nr_stack++)
			symbolise(r->stack[r->nr_stack], v->stack[r->nr_stack]);
		return;
	}
	n = stack_trace_save(entries, ARRAY_SIZE(entries), 0);

	for (i = 0; i < n; i++)
		if (within_module(entries[i], THIS_MODULE))
			start = i + 1;
	for (i = 0; i < n; i++)
		if (entries[i] == site_ip)
			start = i;
	for (r->nr_stack = 0; start < n && r->nr_stack < STACK_DEPTH; start++)
		symbolise(r->stack[r->nr_stack++], entries[start]);
}

static const char *device_name(const void *dev)
{
	return dev ? dev_name((const struct device *)dev) : "?";
}

static const char *driver_name(const struct dmt_violation *v)
{
	const struct device_driver *drv = v->driver;

	if (!drv && v->dev)
		drv = ((const struct device *)v->dev)->driver;
	return drv && drv->name ? drv->name : "(no driver)";
}

/* Called by the core, under its lock: copy and leave. */
void dmatrack_report(void *ctx, const struct dmt_violation *v)
{
	struct record *r;
	unsigned long flags;

	spin_lock_irqsave(&records_lock, flags);
	r = find_record(v);
	if (r) {
		r->count++;
		goto out;
	}
	if (nr_records >= dmatrack_max_violations) {
		dropped++;
		goto out;
	}
	r = &records[nr_records++];
	memset(r, 0, sizeof(*r));
	r->rule = v->rule;
	strscpy(r->device, device_name(v->dev), sizeof(r->device));
	strscpy(r->driver, driver_name(v), sizeof(r->driver));
	r->addr = v->addr;
	r->size = v->size;
	r->dir = v->dir;
	r->family = v->family;
	set_place(&r->site, &v->site);
	r->has_related = v->has_related;
	if (v->has_related)
		set_place(&r->related, &v->related);
	r->has_map_site = v->map_site.ip || v->map_site.src;
	if (r->has_map_site)
		set_place(&r->map_site, &v->map_site);
	r->related_what = v->related_what;
	strscpy(r->message, v->message, sizeof(r->message));
	for (r->nr_flow = 0; r->nr_flow < v->nflow; r->nr_flow++) {
		set_place(&r->flow[r->nr_flow].place, &v->flow[r->nr_flow].site);
		r->flow[r->nr_flow].what = v->flow[r->nr_flow].what;
	}
	save_stack(r, v);
	r->count = 1;
	r->first_ns = local_clock();
out:
	spin_unlock_irqrestore(&records_lock, flags);
	schedule_work(&print_work);
}

/* ------------------------------------------------------------ dmesg */

static void print_place(const char *what, const struct place *p)
{
	if (p->file[0])
		pr_warn("dmatrack:   %s: %s:%u (%s) %s\n", what, p->file, p->line, p->function,
			p->symbol);
	else
		pr_warn("dmatrack:   %s: %pS\n", what, (void *)p->ip);
}

static void print_record(const struct record *r)
{
	unsigned int i;

	pr_warn("dmatrack: %s %s: %s: %s [handle %pK, %lu bytes, %s, %s]\n", r->driver, r->device,
		dmt_rule_slug(r->rule), r->message, (void *)(uintptr_t)r->addr, r->size,
		dmt_dir_name(r->dir), dmt_family_name(r->family));
	print_place("at", &r->site);
	if (r->has_related)
		print_place(r->related_what, &r->related);
	for (i = 0; i < r->nr_stack; i++)
		pr_warn("dmatrack:     %s\n", r->stack[i]);
}

static void print_pending(struct work_struct *work)
{
	struct record *copy = kmalloc(sizeof(*copy), GFP_KERNEL);
	unsigned long flags, i;
	bool say_full;

	if (!copy)
		return;
	for (i = 0;; i++) {
		spin_lock_irqsave(&records_lock, flags);
		while (i < nr_records && records[i].printed)
			i++;
		if (i >= nr_records) {
			say_full = dropped && !told_full;
			told_full |= say_full;
			spin_unlock_irqrestore(&records_lock, flags);
			break;
		}
		records[i].printed = true;
		*copy = records[i];
		spin_unlock_irqrestore(&records_lock, flags);
		if (__ratelimit(&limits[copy->rule]))
			print_record(copy);
		else
			suppressed++;
	}
	if (say_full)
		pr_warn("dmatrack: the violation store is full (max_violations=%lu): new kinds of violations are counted in stats, not kept\n",
			dmatrack_max_violations);
	if (xchg(&table_full, false))
		pr_warn("dmatrack: every tracking entry is in use (max_entries): new mappings are counted in stats as mappings_dropped, not tracked\n");
	kfree(copy);
}

/* ------------------------------------------------------------ the violations file */

static void json_string(struct seq_file *m, const char *s)
{
	seq_putc(m, '"');
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			seq_printf(m, "\\%c", c);
		else if (c < 0x20)
			seq_printf(m, "\\u%04x", c);
		else
			seq_putc(m, c);
	}
	seq_putc(m, '"');
}

static void json_field(struct seq_file *m, const char *key, const char *value)
{
	seq_printf(m, ",\"%s\":", key);
	json_string(m, value);
}

/* file, line, column, function of a place, as the findings model has them. */
static void json_place(struct seq_file *m, const struct place *p)
{
	if (p->file[0])
		json_field(m, "file", p->file);
	seq_printf(m, ",\"line\":%u,\"column\":0", p->line);
	json_field(m, "function", p->file[0] ? p->function : p->symbol);
}

static void show_record(struct seq_file *m, const struct record *r)
{
	unsigned int i;
	char text[300];

	seq_puts(m, "{\"rule\":");
	json_string(m, dmt_rule_slug(r->rule));
	seq_printf(m, ",\"id\":\"DMA%03d\"", dmt_rule_id(r->rule));
	json_field(m, "severity", dmt_rule_severity(r->rule) == DMT_SEV_ERROR ? "error" :
		   dmt_rule_severity(r->rule) == DMT_SEV_WARNING ? "warning" : "note");
	json_place(m, &r->site);
	snprintf(text, sizeof(text), "%s %s: %s", r->driver, r->device, r->message);
	json_field(m, "message", text);
	seq_puts(m, ",\"engines\":[\"runtime\"],\"related\":[");
	if (r->has_related) {
		seq_putc(m, '{');
		seq_puts(m, "\"message\":");
		json_string(m, r->related_what ? r->related_what : "");
		json_place(m, &r->related);
		seq_putc(m, '}');
	}
	seq_puts(m, "],\"flow\":[");
	for (i = 0; i < r->nr_flow; i++) {
		seq_puts(m, i ? ",{\"message\":" : "{\"message\":");
		json_string(m, r->flow[i].what);
		json_place(m, &r->flow[i].place);
		seq_putc(m, '}');
	}
	seq_putc(m, ']');
	json_field(m, "device", r->device);
	json_field(m, "driver", r->driver);
	seq_printf(m, ",\"size\":%lu", r->size);
	json_field(m, "direction", dmt_dir_name(r->dir));
	json_field(m, "family", dmt_family_name(r->family));
	seq_printf(m, ",\"handle\":\"%pK\"", (void *)(uintptr_t)r->addr);
	json_field(m, "site", r->site.symbol);
	if (r->has_map_site)
		json_field(m, "map_site", r->map_site.file[0] ? r->map_site.function :
			   r->map_site.symbol);
	seq_puts(m, ",\"stack\":[");
	for (i = 0; i < r->nr_stack; i++) {
		if (i)
			seq_putc(m, ',');
		json_string(m, r->stack[i]);
	}
	seq_printf(m, "],\"count\":%llu,\"time_ns\":%llu}\n", r->count, r->first_ns);
}

void dmatrack_report_show(struct seq_file *m)
{
	struct record *copy = kmalloc(sizeof(*copy), GFP_KERNEL);
	unsigned long flags, i;

	if (!copy)
		return;
	for (i = 0;; i++) {
		spin_lock_irqsave(&records_lock, flags);
		if (i >= nr_records) {
			spin_unlock_irqrestore(&records_lock, flags);
			break;
		}
		*copy = records[i];
		spin_unlock_irqrestore(&records_lock, flags);
		show_record(m, copy);
	}
	kfree(copy);
}

void dmatrack_report_stats(struct seq_file *m)
{
	unsigned long flags;

	spin_lock_irqsave(&records_lock, flags);
	seq_printf(m, "violations_kept %lu\nviolations_dropped %llu\nviolations_not_printed %llu\n",
		   nr_records, dropped, suppressed);
	spin_unlock_irqrestore(&records_lock, flags);
}
