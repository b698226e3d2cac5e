// SPDX-License-Identifier: GPL-2.0
/*
 * Symbolic call sites ("rx_clean+0x4c/0x120 [mynic]", as %pS prints them)
 * to source lines, through the DWARF of the module (.ko) with elfutils' libdw.
 *
 * A call-trace frame holds a return address, which points after the call:
 * the line is looked up one byte earlier.  When the address lies in code
 * inlined from a kernel header (dma_map_single_attrs() from
 * include/linux/dma-mapping.h), the inline chain is walked outwards to the
 * driver line that called it: that is the line a developer can change.
 */
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "symbolize.h"
#include "triage.h"
#include "util.h"

struct module {
	char *name;		/* as the kernel prints it: '-' becomes '_' */
	char *path;
	Dwfl *dwfl;
	Dwfl_Module *mod;
};

struct dmc_symbolizer {
	struct module *modules;
	size_t count;
};

static const Dwfl_Callbacks offline_callbacks = {
	.find_debuginfo = dwfl_standard_find_debuginfo,
	.section_address = dwfl_offline_section_address,
};

struct dmc_symbolizer *dmc_symbolizer_new(void)
{
	return dmc_xcalloc(1, sizeof(struct dmc_symbolizer));
}

void dmc_symbolizer_free(struct dmc_symbolizer *sym)
{
	if (!sym)
		return;
	for (size_t i = 0; i < sym->count; i++) {
		dwfl_end(sym->modules[i].dwfl);
		free(sym->modules[i].name);
		free(sym->modules[i].path);
	}
	free(sym->modules);
	free(sym);
}

/* "/x/my-nic.ko" -> "my_nic", the name in "[my_nic]". */
static char *module_name(const char *path)
{
	const char *base = strrchr(path, '/');
	char *name = dmc_xstrdup(base ? base + 1 : path), *dot = strstr(name, ".ko");

	if (dot)
		*dot = '\0';
	for (char *p = name; *p; p++)
		if (*p == '-')
			*p = '_';
	return name;
}

int dmc_symbolizer_add_module(struct dmc_symbolizer *sym, const char *path, char *err,
			      size_t errlen)
{
	struct module m = { 0 };

	if (access(path, R_OK) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	m.dwfl = dwfl_begin(&offline_callbacks);
	m.name = module_name(path);
	m.path = dmc_xstrdup(path);
	m.mod = m.dwfl ? dwfl_report_offline(m.dwfl, m.name, path, -1) : NULL;
	if (m.dwfl)
		dwfl_report_end(m.dwfl, NULL, NULL);
	if (!m.mod) {
		snprintf(err, errlen, "%s: not a module or object file libdw can read: %s", path,
			 dwfl_errmsg(-1));
		goto fail;
	}
	Dwarf_Addr bias;

	if (!dwfl_module_getdwarf(m.mod, &bias)) {
		snprintf(err, errlen, "%s: has no DWARF debug information (build with "
			 "CONFIG_DEBUG_INFO, or pass the unstripped module)", path);
		goto fail;
	}
	sym->modules = dmc_xrealloc(sym->modules, (sym->count + 1) * sizeof(m));
	sym->modules[sym->count++] = m;
	return 0;
fail:
	if (m.dwfl)
		dwfl_end(m.dwfl);
	free(m.name);
	free(m.path);
	return -1;
}

static struct module *find_module(struct dmc_symbolizer *sym, const char *name)
{
	for (size_t i = 0; i < sym->count; i++)
		if (strcmp(sym->modules[i].name, name) == 0)
			return &sym->modules[i];
	/* Without " [mod]" the site may be in the only module given. */
	return !name[0] && sym->count == 1 ? &sym->modules[0] : NULL;
}

static int symbol_address(Dwfl_Module *mod, const char *func, GElf_Addr *addr)
{
	int n = dwfl_module_getsymtab(mod);

	for (int i = 0; i < n; i++) {
		GElf_Sym s;
		GElf_Addr a;
		const char *name = dwfl_module_getsym_info(mod, i, &s, &a, NULL, NULL, NULL);

		if (name && GELF_ST_TYPE(s.st_info) == STT_FUNC && strcmp(name, func) == 0) {
			*addr = a;
			return 0;
		}
	}
	return -1;
}

/* Files of the kernel's headers, whose lines a driver developer cannot change. */
static int is_kernel_header(const char *file)
{
	static const char *const markers[] = {
		"include/linux/", "include/asm-generic/", "include/net/", "include/uapi/",
		"arch/x86/include/", "include/trace/", "include/generated/",
	};

	for (size_t i = 0; i < sizeof(markers) / sizeof(markers[0]); i++)
		if (strstr(file, markers[i]))
			return 1;
	return 0;
}

/* The call site (file, line) of an inlined-subroutine scope. */
static int call_site(Dwarf_Die *scope, Dwarf_Files *files, const char **file, int *line)
{
	Dwarf_Attribute attr;
	Dwarf_Word fileidx, lineno;

	if (!dwarf_attr(scope, DW_AT_call_file, &attr) || dwarf_formudata(&attr, &fileidx) != 0 ||
	    !dwarf_attr(scope, DW_AT_call_line, &attr) || dwarf_formudata(&attr, &lineno) != 0)
		return -1;
	*file = dwarf_filesrc(files, fileidx, NULL, NULL);
	*line = (int)lineno;
	return *file ? 0 : -1;
}

static int is_function_scope(Dwarf_Die *die)
{
	int tag = dwarf_tag(die);

	return tag == DW_TAG_subprogram || tag == DW_TAG_inlined_subroutine;
}

/* A scope's function name, through DW_AT_abstract_origin for inlined copies. */
static const char *scope_name(Dwarf_Die *die)
{
	Dwarf_Attribute attr;

	return dwarf_formstring(dwarf_attr_integrate(die, DW_AT_name, &attr));
}

/*
 * Walks out of inlined kernel-header code to the driver line that called it,
 * and names the driver function that line is in (itself perhaps inlined into
 * its caller, whose symbol the kernel printed).  dwarf_getscopes() gives the
 * scopes at the address only up to the innermost inlined instance; the
 * concrete chain above an inlined instance comes from dwarf_getscopes_die().
 */
static void leave_kernel_headers(Dwfl_Module *mod, Dwarf_Addr pc, const char **file, int *line,
				 const char **function)
{
	Dwarf_Addr bias;
	Dwarf_Die *cu = dwfl_module_addrdie(mod, pc, &bias), *scopes = NULL;
	Dwarf_Files *files;
	size_t nfiles;
	int n;

	if (!cu || dwarf_getsrcfiles(cu, &files, &nfiles) != 0)
		return;
	n = dwarf_getscopes(cu, pc - bias, &scopes);
	for (int i = 0; i < n; i++) {
		Dwarf_Die scope = scopes[i];

		if (!is_function_scope(&scope))
			continue;
		if (dwarf_tag(&scope) == DW_TAG_subprogram || !is_kernel_header(*file)) {
			if (scope_name(&scope))
				*function = scope_name(&scope);
			break;
		}
		/* Inlined header code: the line is its call site, one level out. */
		if (call_site(&scope, files, file, line) != 0)
			break;
		free(scopes);
		scopes = NULL;
		n = dwarf_getscopes_die(&scope, &scopes);
		i = 0;	/* scopes[0] is `scope` itself; go on with its parents */
	}
	free(scopes);
}

int dmc_symbolize_site(struct dmc_symbolizer *sym, const char *site, int return_address,
		       struct dmc_source_line *out)
{
	char func[256], modname[128];
	unsigned long offset;
	struct module *m;
	GElf_Addr start;
	Dwfl_Line *dl;
	const char *file, *function;
	Dwarf_Addr pc;
	int line = 0;

	memset(out, 0, sizeof(*out));
	if (dmc_parse_site(site, func, sizeof(func), &offset, modname, sizeof(modname)) != 0)
		return -1;
	m = find_module(sym, modname);
	if (!m || symbol_address(m->mod, func, &start) != 0)
		return -1;
	pc = start + offset - (return_address && offset ? 1 : 0);
	dl = dwfl_module_getsrc(m->mod, pc);
	file = dl ? dwfl_lineinfo(dl, NULL, &line, NULL, NULL, NULL) : NULL;
	if (!file || line <= 0)
		return -1;
	function = func;
	leave_kernel_headers(m->mod, pc, &file, &line, &function);
	out->file = dmc_xstrdup(file);
	out->line = (unsigned)line;
	out->function = dmc_xstrdup(function);
	return 0;
}

/* The user's copy of a file the module was built from: the path, or under src_root. */
static char *locate_source(const char *dwarf_path, const char *src_root)
{
	char *candidate;

	if (src_root) {
		/* Try ever shorter tails of the build path under the source root. */
		for (const char *tail = dwarf_path; tail; tail = strchr(tail + 1, '/')) {
			const char *t = *tail == '/' ? tail + 1 : tail;

			candidate = dmc_xasprintf("%s/%s", src_root, t);
			if (access(candidate, R_OK) == 0)
				return candidate;
			free(candidate);
		}
	}
	return dmc_xstrdup(dwarf_path);
}

static void resolve_loc(struct dmc_symbolizer *sym, struct dmc_loc *loc, int return_address,
			const char *src_root)
{
	struct dmc_source_line sl;

	if (loc->file || !loc->function || dmc_symbolize_site(sym, loc->function, return_address,
							       &sl) != 0)
		return;
	loc->file = locate_source(sl.file, src_root);
	loc->line = sl.line;
	free(loc->function);
	loc->function = sl.function;
	free(sl.file);
}

size_t dmc_symbolize_findings(struct dmc_symbolizer *sym, struct dmc_findings *list,
			      const char *src_root)
{
	size_t resolved = 0;

	for (size_t i = 0; i < list->count; i++) {
		struct dmc_finding *f = &list->items[i];

		/* Every site of a report is a call: return addresses all. */
		resolve_loc(sym, &f->loc, 1, src_root);
		for (size_t j = 0; j < f->nrelated; j++)
			resolve_loc(sym, &f->related[j], 1, src_root);
		for (size_t j = 0; j < f->nflow; j++)
			resolve_loc(sym, &f->flow[j], 1, src_root);
		resolved += f->loc.file != NULL;
	}
	return resolved;
}
