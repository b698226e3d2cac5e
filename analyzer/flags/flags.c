// SPDX-License-Identifier: GPL-2.0
/* What the two sources of compile flags share. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

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

int flags_set_write_compdb(const struct flags_set *set, const char *path)
{
	json_t *db = json_array();
	int rc;

	for (size_t i = 0; i < set->count; i++) {
		const struct flags_cmd *cmd = &set->cmds[i];
		char real[PATH_MAX];
		const char *file = realpath(cmd->file, real) ? real : cmd->file;
		json_t *entry, *args;

		if (!cmd->args)
			continue;
		entry = json_object();
		args = json_array();
		json_array_append_new(args, json_string("clang"));
		for (size_t a = 0; a < cmd->nargs; a++)
			json_array_append_new(args, json_string(cmd->args[a]));
		json_array_append_new(args, json_string("-c"));
		json_array_append_new(args, json_string(file));
		json_object_set_new(entry, "directory", json_string(cmd->directory ?: "/"));
		json_object_set_new(entry, "file", json_string(file));
		json_object_set_new(entry, "arguments", args);
		json_array_append_new(db, entry);
	}
	rc = json_dump_file(db, path, JSON_INDENT(1)) == 0 ? 0 : -1;
	if (rc != 0 && !errno)
		errno = EIO;
	json_decref(db);
	return rc;
}
