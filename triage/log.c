// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a kernel log into runtime findings.
 *
 * Two kinds of evidence are understood:
 *
 * - the kernel's own DMA-API debugging (kernel/dma/debug.c).  Each error is a
 *   WARN whose message is "DMA-API: <driver> <device>: <text>", followed by
 *   the WARN's call trace (the violating call is the first frame outside the
 *   DMA core) and, for errors about a known mapping, "DMA-API: Mapped at:"
 *   and the mapping's stack;
 * - dmatrack's reports: one JSON finding per line, alone (the `violations`
 *   file) or embedded in a log line.
 *
 * Accepted line forms: plain dmesg ("[   12.345678] ..."), dmesg -T, dmesg -x
 * ("kern  :warn  : ..."), and journalctl ("Nov 24 02:00:00 host kernel: ...").
 */
#include <ctype.h>
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "report.h"
#include "triage.h"
#include "util.h"

/* Every error text of kernel/dma/debug.c (6.1 and 6.12) and its rule. */
static const struct {
	const char *text;	/* the format string up to its first conversion */
	const char *slug;
} dma_debug_texts[] = {
	{ "device driver tries to free an invalid DMA memory address", "double-unmap" },
	{ "device driver tries to free DMA memory it has not allocated", "double-unmap" },
	{ "device driver frees DMA memory with different size", "size-mismatch" },
	{ "device driver frees DMA memory with wrong function", "api-mismatch" },
	{ "device driver frees DMA memory with different CPU address", "api-mismatch" },
	{ "device driver frees DMA sg list with different entry count", "sg-nents-misuse" },
	{ "device driver frees DMA memory with different direction", "direction-mismatch" },
	{ "device driver failed to check map error", "unchecked-mapping-error" },
	{ "device driver maps memory from stack", "invalid-dma-memory" },
	{ "device driver maps memory from kernel text or rodata", "invalid-dma-memory" },
	{ "device driver maps memory from invalid area", "invalid-dma-memory" },
	{ "device driver maps memory from vmalloc area", "invalid-dma-memory" },
	{ "cacheline tracking EEXIST, overlapping mappings aren't supported", "cacheline-sharing" },
	{ "device driver tries to sync DMA memory it has not allocated", "sync-after-unmap" },
	{ "device driver syncs DMA memory outside allocated range", "size-mismatch" },
	{ "device driver syncs DMA memory with different direction", "direction-mismatch" },
	{ "device driver syncs device read-only DMA memory for cpu", "direction-mismatch" },
	{ "device driver syncs device write-only DMA memory to device", "direction-mismatch" },
	{ "device driver syncs DMA sg list with different entry count", "sg-nents-misuse" },
	{ "device driver has pending DMA allocations while released from device", NULL },
	{ "mapping sg segment longer than device claims to support", "sg-segment-limits" },
	{ "mapping sg segment across boundary", "sg-segment-limits" },
};

/* Messages that change what the rest of the log can tell. */
static const struct {
	const char *text;
	enum dmc_severity severity;
	const char *meaning;
} log_conditions[] = {
	{ "DMA-API: debugging out of memory - disabling", DMC_SEV_WARNING,
	  "the kernel's DMA-API debugging ran out of memory and turned itself off: later DMA "
	  "errors in this log were not checked" },
	{ "DMA-API: cacheline tracking ENOMEM, dma-debug disabled", DMC_SEV_WARNING,
	  "the kernel's DMA-API debugging turned itself off (cacheline tracking ENOMEM): later "
	  "DMA errors in this log were not checked" },
	{ "swiotlb buffer is full", DMC_SEV_NOTE,
	  "swiotlb ran out of bounce buffers: mappings failed here, so any map whose error is "
	  "not checked handed the device an invalid address" },
	{ "overflow (mask", DMC_SEV_NOTE,
	  "a DMA address overflowed the device's mask: check dma_set_mask*() and the mapping's "
	  "error handling" },
};

/* Frames of the DMA core and of the WARN machinery: never the violating call. */
static const char *const core_prefixes[] = {
	"debug_dma_", "check_unmap", "check_sync", "check_for_stack", "check_for_illegal_area",
	"check_sg_segment", "add_dma_entry", "dma_debug_", "dma_map_", "dma_unmap_", "dma_sync_",
	"__dma_", "dma_alloc_", "dma_free_", "dmam_", "dma_pool_", "iommu_dma_", "swiotlb_",
	"dma_direct_", "__warn", "warn_slowpath", "report_bug", "handle_bug", "exc_invalid_op",
	"asm_exc_invalid_op", "dev_warn", "dmatrack_",
};

const struct dmc_rule *dmc_dma_debug_rule(const char *text)
{
	for (size_t i = 0; i < sizeof(dma_debug_texts) / sizeof(dma_debug_texts[0]); i++) {
		size_t n = strlen(dma_debug_texts[i].text);

		if (strncmp(text, dma_debug_texts[i].text, n) != 0)
			continue;
		if (dma_debug_texts[i].slug)
			return dmc_rule_by_slug(dma_debug_texts[i].slug);
		/* A leak at unbind: coherent or streaming, by the entry's type. */
		if (strncmp(text, "device driver has pending", 25) == 0)
			return dmc_rule_by_slug(strstr(text, "[mapped as coherent]") ? "coherent-leak" :
						"mapping-leak");
		return NULL;
	}
	return NULL;
}

int dmc_parse_site(const char *s, char *func, size_t func_len, unsigned long *offset,
		   char *module, size_t module_len)
{
	const char *plus = strchr(s, '+'), *p;
	char *end;
	size_t n;

	while (*s == ' ')
		s++;
	if (!plus || plus == s || plus[1] != '0' || plus[2] != 'x')
		return -1;
	for (p = s; p < plus; p++)
		if (!isalnum((unsigned char)*p) && !strchr("_.$", *p))
			return -1;
	n = (size_t)(plus - s);
	if (n >= func_len)
		return -1;
	memcpy(func, s, n);
	func[n] = '\0';
	*offset = strtoul(plus + 1, &end, 16);
	if (*end == '/')
		strtoul(end + 1, &end, 16);
	module[0] = '\0';
	while (*end == ' ')
		end++;
	if (*end == '[') {
		const char *close = strchr(end, ']');

		n = close ? (size_t)(close - end - 1) : 0;
		if (!close || n >= module_len)
			return -1;
		memcpy(module, end + 1, n);
		module[n] = '\0';
		end = (char *)close + 1;
	}
	while (isspace((unsigned char)*end))
		end++;
	return *end == '\0' ? 0 : -1;
}

/* Strips the timestamp, host and facility prefixes of dmesg and journal lines. */
static const char *message_of(char *line, regex_t *journal)
{
	regmatch_t m[1];
	char *p = line;

	line[strcspn(line, "\r\n")] = '\0';
	if (strncmp(p, "kern", 4) == 0 && strstr(p, ": ")) {	/* dmesg -x */
		p = strstr(p, ": ") + 2;
		if (strstr(p, ": ") && strncmp(p, "warn", 4) == 0)
			p = strstr(p, ": ") + 2;
		else if (strchr(p, ':') && strchr(p, ':') - p < 8)
			p = strchr(p, ':') + 2;
	}
	if (regexec(journal, p, 1, m, 0) == 0)
		p += m[0].rm_eo;
	while (*p == ' ')
		p++;
	if (*p == '[') {			/* [   12.345678] or [Mon Nov 24 ...] */
		char *close = strchr(p, ']');

		if (close)
			p = close + 1;
		if (*p == ' ')	/* the one space printk puts after the timestamp */
			p++;
	}
	return p;
}

static int is_core_frame(const char *func)
{
	for (size_t i = 0; i < sizeof(core_prefixes) / sizeof(core_prefixes[0]); i++)
		if (strncmp(func, core_prefixes[i], strlen(core_prefixes[i])) == 0)
			return 1;
	return 0;
}

/* A DMA-API warning being read: its text, then its trace, then the map stack. */
struct pending {
	const struct dmc_rule *rule;
	char *message;
	char *site;		/* first frame outside the DMA core */
	char *module_site;	/* first such frame in a module: preferred */
	char *map_site;
	char *map_module_site;
	unsigned log_line;
	enum { IN_WARNING, AFTER_TRACE, IN_MAP_STACK } state;
};

static void pending_clear(struct pending *p)
{
	free(p->message);
	free(p->site);
	free(p->module_site);
	free(p->map_site);
	free(p->map_module_site);
	memset(p, 0, sizeof(*p));
}

static void pending_finish(struct pending *p, struct dmc_findings *out)
{
	const char *site = p->module_site ? p->module_site : p->site;
	const char *map = p->map_module_site ? p->map_module_site : p->map_site;
	struct dmc_finding *f;

	if (p->rule) {
		f = dmc_findings_add(out, p->rule, DMC_ENGINE_RUNTIME, NULL, 0, 0, site, p->message);
		if (map) {
			dmc_finding_add_related(f, NULL, 0, 0, "mapped here (DMA-API: Mapped at)");
			f->related[f->nrelated - 1].function = dmc_xstrdup(map);
			dmc_finding_add_flow(f, NULL, 0, 0, "dma_map (DMA-API: Mapped at)");
			f->flow[f->nflow - 1].function = dmc_xstrdup(map);
			dmc_finding_add_flow(f, NULL, 0, 0, p->rule->slug);
			f->flow[f->nflow - 1].function = dmc_xstrdup(site);
		}
	}
	pending_clear(p);
}

static void take_frame(struct pending *p, const char *text)
{
	char func[256], module[128];
	unsigned long offset;
	char **site = p->state == IN_MAP_STACK ? &p->map_site : &p->site;
	char **module_site = p->state == IN_MAP_STACK ? &p->map_module_site : &p->module_site;

	if (dmc_parse_site(text, func, sizeof(func), &offset, module, sizeof(module)) != 0 ||
	    is_core_frame(func))
		return;
	while (*text == ' ')
		text++;
	if (!*site)
		*site = dmc_xstrdup(text);
	if (module[0] && !*module_site)
		*module_site = dmc_xstrdup(text);
}

/* A WARN's report is longer than this only when its end marker is lost. */
#define MAX_WARNING_LINES 400

/* Whether the line belongs to the warning being read (and takes it). */
static int continues_warning(struct pending *p, const char *msg, unsigned line)
{
	char func[256], module[128];
	unsigned long offset;

	switch (p->state) {
	case IN_WARNING:
		if (strncmp(msg, "---[ end trace", 14) == 0)
			p->state = AFTER_TRACE;
		else if (line - p->log_line < MAX_WARNING_LINES)
			take_frame(p, msg);
		else
			return 0;
		return 1;
	case AFTER_TRACE:
		return 0;	/* "Mapped at:" is handled before; anything else ends it */
	case IN_MAP_STACK:
		if (dmc_parse_site(msg, func, sizeof(func), &offset, module, sizeof(module)) != 0)
			return 0;
		take_frame(p, msg);
		return 1;
	}
	return 0;
}

static void start_warning(struct pending *p, const struct dmc_rule *rule, const char *text,
			  unsigned line)
{
	p->rule = rule;
	p->message = dmc_xasprintf("DMA-API: %s", text);
	p->log_line = line;
	p->state = IN_WARNING;
}

/* dmatrack's reports: a JSON object alone or at the end of a log line. */
static int take_json(const char *text, struct dmc_findings *out, struct dmc_diags *diags,
		     const char *path, unsigned line)
{
	const char *brace = strchr(text, '{');
	json_error_t jerr;
	json_t *obj;
	char err[256];
	int rc;

	if (!brace || !strstr(brace, "\"rule\""))
		return 0;
	obj = json_loads(brace, JSON_DISABLE_EOF_CHECK, &jerr);
	if (!obj)
		return 0;
	if (!json_object_get(obj, "engines") && !json_object_get(obj, "engine"))
		json_object_set_new(obj, "engine", json_string("runtime"));
	rc = dmc_finding_from_json(obj, out, err, sizeof(err));
	if (rc != 0)
		dmc_diags_add(diags, DMC_SEV_WARNING, DMC_ENGINE_RUNTIME, path, line,
			      "a runtime report that names no known rule: %s", err);
	json_decref(obj);
	return rc == 0;
}

static void take_condition(const char *text, struct dmc_diags *diags, const char *path,
			   unsigned line)
{
	for (size_t i = 0; i < sizeof(log_conditions) / sizeof(log_conditions[0]); i++)
		if (strstr(text, log_conditions[i].text))
			dmc_diags_add(diags, log_conditions[i].severity, DMC_ENGINE_RUNTIME, path, line,
				      "%s", log_conditions[i].meaning);
}

/* "DMA-API: <driver> <device>: <text>" -> text (NULL if not that shape). */
static const char *dma_api_text(const char *msg)
{
	const char *colon;

	if (strncmp(msg, "DMA-API: ", 9) != 0)
		return NULL;
	colon = strstr(msg + 9, ": ");
	return colon ? colon + 2 : NULL;
}

int dmc_read_log(const char *path, struct dmc_findings *out, struct dmc_diags *diags,
		 struct dmc_log_stats *stats)
{
	FILE *fp = fopen(path, "r");
	struct pending p = { 0 };
	regex_t journal;
	char *line = NULL;
	size_t cap = 0;

	memset(stats, 0, sizeof(*stats));
	if (!fp) {
		dmc_diags_add(diags, DMC_SEV_ERROR, 0, path, 0, "cannot read the log: %s",
			      strerror(errno));
		return -1;
	}
	regcomp(&journal, "^[A-Z][a-z]{2} [ 0-9][0-9] [0-9:]{8} [^ ]+ kernel: ", REG_EXTENDED);
	while (getline(&line, &cap, fp) > 0) {
		const char *msg = message_of(line, &journal), *text;
		const struct dmc_rule *rule;

		stats->lines++;
		if (strcmp(msg, "DMA-API: Mapped at:") == 0) {
			p.state = IN_MAP_STACK;
			continue;
		}
		if ((text = dma_api_text(msg)) != NULL) {
			if (p.message)
				pending_finish(&p, out);
			rule = dmc_dma_debug_rule(text);
			stats->dma_debug++;
			if (!rule) {
				stats->not_classified++;
				continue;
			}
			start_warning(&p, rule, msg + strlen("DMA-API: "), stats->lines);
			continue;
		}
		if ((text = strstr(msg, "rejecting DMA map of vmalloc memory")) != NULL) {
			if (p.message)
				pending_finish(&p, out);
			start_warning(&p, dmc_rule_by_slug("invalid-dma-memory"), text, stats->lines);
			stats->dma_debug++;
			continue;
		}
		if (p.message && continues_warning(&p, msg, stats->lines))
			continue;
		if (p.message)
			pending_finish(&p, out);
		if (take_json(msg, out, diags, path, stats->lines)) {
			stats->dmatrack++;
			continue;
		}
		take_condition(msg, diags, path, stats->lines);
	}
	if (p.message)
		pending_finish(&p, out);
	free(line);
	regfree(&journal);
	fclose(fp);
	return 0;
}
