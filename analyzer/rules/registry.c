// SPDX-License-Identifier: GPL-2.0
/* Every rule of the analyzer, and what rules share. */
#include <string.h>

#include "rules.h"

extern const struct rule rule_unchecked_mapping_error;
extern const struct rule rule_mapping_leak;
extern const struct rule rule_coherent_leak;
extern const struct rule rule_double_unmap;
extern const struct rule rule_direction_mismatch;
extern const struct rule rule_size_mismatch;
extern const struct rule rule_sync_after_unmap;
extern const struct rule rule_cpu_read_while_device_owned;
extern const struct rule rule_cpu_write_while_device_owned;
extern const struct rule rule_missing_sync_for_device;
extern const struct rule rule_free_while_mapped;
extern const struct rule rule_invalid_dma_memory;
extern const struct rule rule_dma_addr_truncation;
extern const struct rule rule_cpu_address_as_dma_address;

const struct rule *const analyzer_rules[] = {
	&rule_unchecked_mapping_error,
	&rule_mapping_leak,
	&rule_coherent_leak,
	&rule_double_unmap,
	&rule_direction_mismatch,
	&rule_size_mismatch,
	&rule_sync_after_unmap,
	&rule_cpu_read_while_device_owned,
	&rule_cpu_write_while_device_owned,
	&rule_missing_sync_for_device,
	&rule_free_while_mapped,
	&rule_invalid_dma_memory,
	&rule_dma_addr_truncation,
	&rule_cpu_address_as_dma_address,
};
const unsigned analyzer_rule_count = sizeof(analyzer_rules) / sizeof(analyzer_rules[0]);

const struct rule *rule_by_slug(const char *slug)
{
	for (unsigned i = 0; i < analyzer_rule_count; i++)
		if (strcmp(analyzer_rules[i]->slug, slug) == 0)
			return analyzer_rules[i];
	return NULL;
}

unsigned rule_transfer_site(const struct event *ev)
{
	if (ev->os && ev->os->transfer_site)
		return ev->os->transfer_site;
	return ev->o ? ev->o->api_site : 0;
}

const char *rule_site_what(struct flow_fn *f, unsigned site)
{
	const struct site *s = analysis_site_get(f->an, site);

	return s ? s->what : "it";
}

unsigned rule_site_line(struct flow_fn *f, unsigned site)
{
	const struct site *s = analysis_site_get(f->an, site);

	return s ? s->loc.line : 0;
}

const char *rule_dir_name(int dir)
{
	static const char *const names[] = { "DMA_BIDIRECTIONAL", "DMA_TO_DEVICE",
					     "DMA_FROM_DEVICE", "DMA_NONE" };

	return dir >= 0 && dir < 4 ? names[dir] : "an unknown direction";
}

int rule_object_certain(const struct event *ev)
{
	return ev->os && !(ev->os->flags & OS_UNSURE);
}
