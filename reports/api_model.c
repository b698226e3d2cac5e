// SPDX-License-Identifier: GPL-2.0
/* The DMA API calls each rule judges, from reports/dma_api.def. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api_model.h"

static const struct call {
	const char *name, *op, *family, *since, *until;
} calls[] = {
#define DMA_API(name, op, family, form, ret, proto, dev, buf, off, size, dir, handle, out, cpu, \
		nents, attrs, flags, via, since, until) { name, #op, #family, since, until },
#include "dma_api.def"
};

static const struct covers {
	const char *slug, *ops, *families;
} covers[] = {
#define DMA_COVERS(slug, ops, families) { slug, ops, families },
#include "dma_api.def"
};

/* The order and the words the section uses for each operation. */
static const struct {
	const char *op, *title;
} ops[] = {
	{ "map", "Maps" }, { "mapping_error", "Mapping checks" }, { "unmap", "Unmaps" },
	{ "sync_for_cpu", "Syncs for the CPU" }, { "sync_for_device", "Syncs for the device" },
	{ "alloc", "Allocations" }, { "free", "Frees" }, { "mask", "Mask setters" },
	{ "mmap", "User-space mappings" },
};

/* "6.12" as 6012, "" as 0. */
static long version(const char *v)
{
	char *end;
	long major = strtol(v, &end, 10);

	return *end == '.' ? major * 1000 + strtol(end + 1, NULL, 10) : major * 1000;
}

/* Whether word is one of the space-separated words of list. */
static int has_word(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; (p = strstr(p, word)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

/* "API_SYNC_FOR_CPU" is "sync_for_cpu"; "FAM_SG" is "sg". */
static int token_is(const char *token, const char *prefix, const char *word)
{
	size_t n = strlen(prefix);

	if (strncmp(token, prefix, n) != 0 || strlen(token + n) != strlen(word))
		return 0;
	return strncasecmp(token + n, word, strlen(word)) == 0;
}

static int judged(const struct covers *c, const struct call *call, const char *op)
{
	char fam[32];
	size_t i;

	if (!token_is(call->op, "API_", op))
		return 0;
	if (!c->families[0])
		return 1;
	for (i = 0; call->family[4 + i] && i + 1 < sizeof(fam); i++)
		fam[i] = (char)(call->family[4 + i] | 0x20);	/* FAM_SGTABLE: sgtable */
	fam[i] = '\0';
	return has_word(c->families, fam);
}

static int listed_before(const struct call *call, size_t upto)
{
	for (size_t i = 0; i < upto; i++)
		if (!strcmp(calls[i].name, call->name))
			return 1;
	return 0;
}

int dmc_rule_api_markdown(const char *slug, FILE *out)
{
	const struct covers *c = NULL;

	for (size_t i = 0; i < sizeof(covers) / sizeof(covers[0]); i++)
		if (!strcmp(covers[i].slug, slug))
			c = &covers[i];
	if (!c)
		return -1;
	fprintf(out, "## API functions it judges\n\n"
		     "The calls the rule is about, from the DMA API model (`reports/dma_api.def`, which\n"
		     "`make check-apimodel` holds to the kernels' headers); what each engine follows of\n"
		     "them is under \"How dmacheck finds it\".  A version says where a call first\n"
		     "appears (after 6.1, the oldest kernel supported) or last appeared.\n\n");
	for (size_t o = 0; o < sizeof(ops) / sizeof(ops[0]); o++) {
		int first = 1;

		if (!has_word(c->ops, ops[o].op))
			continue;
		for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
			if (!judged(c, &calls[i], ops[o].op) || listed_before(&calls[i], i))
				continue;
			if (first)
				fprintf(out, "- **%s:** ", ops[o].title);
			else
				fprintf(out, ", ");
			fprintf(out, "`%s()`", calls[i].name);
			if (version(calls[i].since) > version("6.1"))
				fprintf(out, " (%s+)", calls[i].since);
			if (calls[i].until[0])
				fprintf(out, " (before %s)", calls[i].until);
			first = 0;
		}
		if (!first)
			fprintf(out, "\n");
	}
	return 0;
}
