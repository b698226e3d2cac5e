// SPDX-License-Identifier: GPL-2.0
#include "catalogue.h"

#include <stdio.h>
#include <string.h>

#define ERROR DMC_SEV_ERROR
#define WARNING DMC_SEV_WARNING
#define NOTE DMC_SEV_NOTE
#define NONE 0u
#define COCCI DMC_ENGINE_COCCI
#define ANALYZER DMC_ENGINE_ANALYZER
#define RUNTIME DMC_ENGINE_RUNTIME

static const struct dmc_rule rules[] = {
#define DMA_RULE(id, slug, sev, engines, summary) { id, slug, sev, engines, summary },
#include "rules.def"
#undef DMA_RULE
};

/* Doc pages, embedded by the generated docs.S (see reports.mk). */
#define DMA_RULE(id, slug, sev, engines, summary) extern const char dmc_doc_##id[];
#include "rules.def"
#undef DMA_RULE

static const char *const docs[] = {
#define DMA_RULE(id, slug, sev, engines, summary) dmc_doc_##id,
#include "rules.def"
#undef DMA_RULE
};

const struct dmc_rule *dmc_rules(size_t *count)
{
	*count = sizeof(rules) / sizeof(rules[0]);
	return rules;
}

const struct dmc_rule *dmc_rule_by_slug(const char *slug)
{
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (strcmp(rules[i].slug, slug) == 0)
			return &rules[i];
	return NULL;
}

const char *dmc_rule_doc(const struct dmc_rule *rule)
{
	return docs[rule - rules];
}

static const char *const severity_names[] = {
	[DMC_SEV_NONE] = "none",
	[DMC_SEV_NOTE] = "note",
	[DMC_SEV_WARNING] = "warning",
	[DMC_SEV_ERROR] = "error",
};

const char *dmc_severity_name(enum dmc_severity sev)
{
	if ((unsigned)sev >= sizeof(severity_names) / sizeof(severity_names[0]))
		return "unknown";
	return severity_names[sev];
}

int dmc_severity_parse(const char *name, enum dmc_severity *out)
{
	for (unsigned i = 0; i < sizeof(severity_names) / sizeof(severity_names[0]); i++) {
		if (strcmp(name, severity_names[i]) == 0) {
			*out = (enum dmc_severity)i;
			return 0;
		}
	}
	return -1;
}

static const struct {
	unsigned bit;
	const char *name;
} engine_names[] = {
	{ DMC_ENGINE_COCCI, "cocci" },
	{ DMC_ENGINE_ANALYZER, "analyzer" },
	{ DMC_ENGINE_RUNTIME, "runtime" },
};

const char *dmc_engine_name(unsigned bit)
{
	for (size_t i = 0; i < sizeof(engine_names) / sizeof(engine_names[0]); i++)
		if (engine_names[i].bit == bit)
			return engine_names[i].name;
	return "unknown";
}

unsigned dmc_engine_parse(const char *name)
{
	for (size_t i = 0; i < sizeof(engine_names) / sizeof(engine_names[0]); i++)
		if (strcmp(engine_names[i].name, name) == 0)
			return engine_names[i].bit;
	return 0;
}

const char *dmc_engine_mask_str(unsigned mask, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(engine_names) / sizeof(engine_names[0]); i++) {
		if (!(mask & engine_names[i].bit))
			continue;
		used += (size_t)snprintf(buf + used, used < len ? len - used : 0, "%s%s",
					 used ? "," : "", engine_names[i].name);
	}
	if (!used)
		snprintf(buf, len, "none");
	return buf;
}
