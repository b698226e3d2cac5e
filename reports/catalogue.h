/* SPDX-License-Identifier: GPL-2.0 */
/* The rule catalogue as data (generated from rules.def by the preprocessor). */
#ifndef DMC_CATALOGUE_H
#define DMC_CATALOGUE_H

#include <stddef.h>

enum dmc_severity {
	DMC_SEV_NONE = 0,	/* only as a --fail-on threshold: never fail */
	DMC_SEV_NOTE = 1,
	DMC_SEV_WARNING = 2,
	DMC_SEV_ERROR = 3,
};

/* Engines are bits so that a rule (and a merged finding) can name several. */
enum dmc_engine_bit {
	DMC_ENGINE_COCCI = 1u << 0,
	DMC_ENGINE_ANALYZER = 1u << 1,
	DMC_ENGINE_RUNTIME = 1u << 2,
};
#define DMC_ENGINE_ALL (DMC_ENGINE_COCCI | DMC_ENGINE_ANALYZER | DMC_ENGINE_RUNTIME)

struct dmc_rule {
	int id;
	const char *slug;
	enum dmc_severity severity;
	unsigned engines;
	const char *summary;
};

const struct dmc_rule *dmc_rules(size_t *count);
const struct dmc_rule *dmc_rule_by_slug(const char *slug);
/* The rule's doc page (docs/rules/<slug>.md, embedded at build time). */
const char *dmc_rule_doc(const struct dmc_rule *rule);

const char *dmc_severity_name(enum dmc_severity sev);
/* Accepts error, warning, note, none; returns 0 on success. */
int dmc_severity_parse(const char *name, enum dmc_severity *out);

const char *dmc_engine_name(unsigned bit);
/* Returns the bit for "cocci", "analyzer" or "runtime", 0 if unknown. */
unsigned dmc_engine_parse(const char *name);
/* Writes "cocci,analyzer" style names of a mask into buf; "none" for 0. */
const char *dmc_engine_mask_str(unsigned mask, char *buf, size_t len);

#endif
