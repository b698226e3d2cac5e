// SPDX-License-Identifier: GPL-2.0
/* What the two sources of compile flags share. */
#include <stdlib.h>
#include <string.h>

#include "flags.h"
#include "util.h"

void flags_set_free(struct flags_set *set)
{
	for (size_t i = 0; i < set->count; i++) {
		free(set->cmds[i].file);
		free(set->cmds[i].directory);
		if (set->cmds[i].args)
			clang_args_free(set->cmds[i].args, set->cmds[i].nargs);
	}
	free(set->cmds);
	free(set->origin);
	memset(set, 0, sizeof(*set));
}

struct flags_cmd *flags_set_find(struct flags_set *set, const char *file)
{
	for (size_t i = 0; i < set->count; i++)
		if (strcmp(set->cmds[i].file, file) == 0)
			return &set->cmds[i];
	return NULL;
}

char *flags_cache_dir(void)
{
	const char *env = getenv("DMACHECK_CACHE"), *home = getenv("HOME");

	if (env && *env)
		return dmc_xstrdup(env);
	return dmc_xasprintf("%s/.cache/dmacheck", home && *home ? home : "/tmp");
}

void flags_set_drop_rejected(struct flags_set *set)
{
	size_t total = 0, at = 0;
	char **all, **rejected;

	for (size_t i = 0; i < set->count; i++)
		total += set->cmds[i].args ? set->cmds[i].nargs : 0;
	all = dmc_xcalloc(total + 1, sizeof(char *));
	for (size_t i = 0; i < set->count; i++)
		for (size_t a = 0; set->cmds[i].args && a < set->cmds[i].nargs; a++)
			all[at++] = set->cmds[i].args[a];
	rejected = clang_args_rejected(all, total);
	for (size_t i = 0; i < set->count; i++)
		if (set->cmds[i].args)
			clang_args_remove(set->cmds[i].args, &set->cmds[i].nargs, rejected);
	clang_args_free_list(rejected);
	free(all);
}
