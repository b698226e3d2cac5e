// SPDX-License-Identifier: GPL-2.0
/*
 * Which files are worth parsing.  Parsing a kernel file costs a second or
 * more (the headers), so a file that never touches the DMA API is skipped.
 * A driver may wrap the API in macros or inline helpers of its own header,
 * so the headers it includes with "..." from its own directory count too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "workers.h"

/* Words that mean the file may hold something a rule looks at. */
static const char *const dma_words[] = {
	"dma_", "page_pool", "virt_to_phys", "virt_to_bus", "__pa(", "page_to_phys",
};

#define MAX_INCLUDE_DEPTH 3

static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *text = NULL;
	size_t len = 0, cap = 0, n;
	char chunk[65536];

	if (!fp)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		dmc_grow((void **)&text, &cap, len + n + 1, 1);
		memcpy(text + len, chunk, n);
		len += n;
	}
	fclose(fp);
	if (!text)
		text = dmc_xstrdup("");
	text[len] = '\0';
	return text;
}

static int mentions(const char *text)
{
	for (size_t i = 0; i < sizeof(dma_words) / sizeof(dma_words[0]); i++)
		if (strstr(text, dma_words[i]))
			return 1;
	return 0;
}

static int scan(const char *path, int depth);

/* Follows every #include "name" that exists beside the including file. */
static int scan_local_includes(const char *path, const char *text, int depth)
{
	const char *slash = strrchr(path, '/');
	int dirlen = slash ? (int)(slash - path) : 1;
	const char *dir = slash ? path : ".";

	for (const char *p = strstr(text, "#include"); p; p = strstr(p + 1, "#include")) {
		const char *q = p + 8, *end;
		char *header;
		int found;

		while (*q == ' ' || *q == '\t')
			q++;
		if (*q != '"' || !(end = strchr(q + 1, '"')) || memchr(q, '\n', (size_t)(end - q)))
			continue;
		header = dmc_xasprintf("%.*s/%.*s", dirlen, dir, (int)(end - q - 1), q + 1);
		found = scan(header, depth + 1);
		free(header);
		if (found)
			return 1;
	}
	return 0;
}

static int scan(const char *path, int depth)
{
	char *text;
	int found;

	if (depth > MAX_INCLUDE_DEPTH || !(text = slurp(path)))
		return 0;
	found = mentions(text) || scan_local_includes(path, text, depth);
	free(text);
	return found;
}

int prefilter_mentions_dma(const char *path)
{
	return scan(path, 0);
}
