// SPDX-License-Identifier: GPL-2.0
#include "source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* One cached file: its bytes and where each line starts. */
struct source_file {
	char *path;
	char *text;		/* NULL when the file could not be read */
	size_t *starts;		/* starts[i] = offset of line i+1 */
	unsigned nlines;
};

/*
 * Findings arrive sorted by file, so a small cache keeps every hit local.
 * It is a plain array: a scan's reports touch few files at a time.
 */
#define CACHE_SLOTS 16
static struct source_file cache[CACHE_SLOTS];
static unsigned next_victim;

static void release(struct source_file *sf)
{
	free(sf->path);
	free(sf->text);
	free(sf->starts);
	memset(sf, 0, sizeof(*sf));
}

static char *read_whole(const char *path, size_t *size)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!fp)
		return NULL;
	do {
		dmc_grow((void **)&buf, &cap, len + 4096, 1);
		n = fread(buf + len, 1, cap - len - 1, fp);
		len += n;
	} while (n > 0);
	fclose(fp);
	buf[len] = '\0';
	*size = len;
	return buf;
}

static void index_lines(struct source_file *sf, size_t size)
{
	size_t cap = 0;

	sf->nlines = 0;
	for (size_t off = 0; off < size;) {
		char *nl;

		dmc_grow((void **)&sf->starts, &cap, sf->nlines, sizeof(size_t));
		sf->starts[sf->nlines++] = off;
		nl = memchr(sf->text + off, '\n', size - off);
		if (!nl)
			break;
		*nl = '\0';
		off = (size_t)(nl - sf->text) + 1;
	}
}

static struct source_file *lookup(const char *file)
{
	struct source_file *sf;
	size_t size;

	for (unsigned i = 0; i < CACHE_SLOTS; i++)
		if (cache[i].path && strcmp(cache[i].path, file) == 0)
			return &cache[i];
	sf = &cache[next_victim];
	next_victim = (next_victim + 1) % CACHE_SLOTS;
	release(sf);
	sf->path = dmc_xstrdup(file);
	sf->text = read_whole(file, &size);
	if (sf->text)
		index_lines(sf, size);
	return sf;
}

const char *dmc_source_line(const char *file, unsigned line, size_t *length)
{
	struct source_file *sf;
	const char *text;

	if (!file || line == 0)
		return NULL;
	sf = lookup(file);
	if (!sf->text || line > sf->nlines)
		return NULL;
	text = sf->text + sf->starts[line - 1];
	if (length) {
		*length = strlen(text);
		if (*length && text[*length - 1] == '\r')
			(*length)--;
	}
	return text;
}

unsigned dmc_source_line_count(const char *file)
{
	struct source_file *sf = lookup(file);

	return sf->text ? sf->nlines : 0;
}

void dmc_source_cache_clear(void)
{
	for (unsigned i = 0; i < CACHE_SLOTS; i++)
		release(&cache[i]);
	next_victim = 0;
}
