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

/* One level of inlining at an address: the line in a function, and the function. */
struct level {
	const char *file;
	int line;
	const char *function;
};

/*
 * The inline levels at pc, innermost first: the line executing in each
 * function, and the function (inlined code's line in its caller is the call
 * site).  dwarf_getscopes() gives the scopes at the address only up to the
 * innermost inlined instance; the concrete chain above an inlined instance
 * comes from dwarf_getscopes_die().
 */
static size_t inline_levels(Dwfl_Module *mod, Dwarf_Addr pc, const char *file, int line,
			    struct level *out, size_t max)
{
	Dwarf_Addr bias;
	Dwarf_Die *cu = dwfl_module_addrdie(mod, pc, &bias), *scopes = NULL;
	Dwarf_Files *files;
	size_t nfiles, count = 0;
	int n;

	if (!cu || dwarf_getsrcfiles(cu, &files, &nfiles) != 0)
		return 0;
	n = dwarf_getscopes(cu, pc - bias, &scopes);
	for (int i = 0; i < n && count < max; i++) {
		Dwarf_Die scope = scopes[i];

		if (!is_function_scope(&scope))
			continue;
		out[count++] = (struct level){ file, line, scope_name(&scope) };
		if (dwarf_tag(&scope) == DW_TAG_subprogram || call_site(&scope, files, &file, &line))
			break;
		free(scopes);
		scopes = NULL;
		n = dwarf_getscopes_die(&scope, &scopes);
		i = 0;	/* scopes[0] is `scope` itself; go on with its parents */
	}
	free(scopes);
	return count;
}

#define MAX_LEVELS 16

/*
 * The driver levels at a symbolic site, innermost first: kernel-header code
 * is left out (a developer cannot change those lines; its line in the driver
 * is the call).  Returns how many, 0 if no module knows the site; *symbol
 * gets the symbol the kernel printed.
 */
static size_t driver_levels(struct dmc_symbolizer *sym, const char *site, int return_address,
			    struct level *out, size_t max, char *symbol, size_t symbol_len)
{
	struct level all[MAX_LEVELS];
	char modname[128];
	unsigned long offset;
	struct module *m;
	GElf_Addr start;
	Dwfl_Line *dl;
	const char *file;
	Dwarf_Addr pc;
	int line = 0;
	size_t n, count = 0;

	if (dmc_parse_site(site, symbol, symbol_len, &offset, modname, sizeof(modname)) != 0)
		return 0;
	m = find_module(sym, modname);
	if (!m || symbol_address(m->mod, symbol, &start) != 0)
		return 0;
	pc = start + offset - (return_address && offset ? 1 : 0);
	dl = dwfl_module_getsrc(m->mod, pc);
	file = dl ? dwfl_lineinfo(dl, NULL, &line, NULL, NULL, NULL) : NULL;
	if (!file || line <= 0)
		return 0;
	n = inline_levels(m->mod, pc, file, line, all, MAX_LEVELS);
	for (size_t i = 0; i < n && count < max; i++)
		if (!is_kernel_header(all[i].file))
			out[count++] = all[i];
	if (count == 0)		/* no scope information: the line table's line */
		out[count++] = (struct level){ file, line, NULL };
	return count;
}

static void fill_source_line(struct dmc_source_line *out, const struct level *level,
			     const char *symbol)
{
	out->file = dmc_xstrdup(level->file);
	out->line = (unsigned)level->line;
	out->function = dmc_xstrdup(level->function ? level->function : symbol);
}

int dmc_symbolize_site(struct dmc_symbolizer *sym, const char *site, int return_address,
		       struct dmc_source_line *out)
{
	struct level level;
	char symbol[256];

	memset(out, 0, sizeof(*out));
	if (driver_levels(sym, site, return_address, &level, 1, symbol, sizeof(symbol)) != 1)
		return -1;
	fill_source_line(out, &level, symbol);
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

/* Rules whose violating location is a CPU access, not a DMA API call. */
static int is_cpu_access(const struct dmc_finding *f)
{
	return strcmp(f->rule->slug, "cpu-read-while-device-owned") == 0 ||
	       strcmp(f->rule->slug, "cpu-write-while-device-owned") == 0;
}

static int has_function(const struct level *levels, size_t n, const char *function)
{
	for (size_t i = 0; i < n; i++)
		if (levels[i].function && strcmp(levels[i].function, function) == 0)
			return 1;
	return 0;
}

/* Does a function appear at any of the sites (inlined or not)? */
static int in_any_site(struct dmc_symbolizer *sym, char **sites, size_t n, const char *function)
{
	struct level levels[MAX_LEVELS];
	char symbol[256];

	for (size_t i = 0; i < n; i++)
		if (has_function(levels, driver_levels(sym, sites[i], 1, levels, MAX_LEVELS, symbol,
						       sizeof(symbol)), function))
			return 1;
	return 0;
}

/*
 * A CPU access in a helper (the crc32 of a frame in frame_ok(), inlined
 * into the receive loop) is reported where the helper is called, in the
 * innermost function that also hands the buffer back later in the mapping's
 * history (the steps after the access): that is where the hand-back should
 * have come first.  Static engines report a helper's read at its call the
 * same way.  `access` is the access's symbolic site, `later` those of the
 * steps after it.
 */
static void attribute_access(struct dmc_symbolizer *sym, struct dmc_loc *loc, const char *access,
			     char **later, size_t nlater, const char *src_root)
{
	struct level levels[MAX_LEVELS];
	char symbol[256];
	size_t n = driver_levels(sym, access, 1, levels, MAX_LEVELS, symbol, sizeof(symbol));

	for (size_t i = 0; i < n; i++) {
		if (!levels[i].function || !in_any_site(sym, later, nlater, levels[i].function))
			continue;
		if (i > 0) {
			free(loc->file);
			free(loc->function);
			loc->file = locate_source(levels[i].file, src_root);
			loc->line = (unsigned)levels[i].line;
			loc->function = dmc_xstrdup(levels[i].function);
		}
		return;
	}
}

/* The step of the path at the access (f->nflow if there is none). */
static size_t access_step(const struct dmc_finding *f, const char *access)
{
	size_t i = 0;

	while (i < f->nflow && !(f->flow[i].function && !f->flow[i].file &&
				 strcmp(f->flow[i].function, access) == 0))
		i++;
	return i;
}

/* The symbolic sites of the steps after step k. */
static size_t later_steps(const struct dmc_finding *f, size_t k, char **out)
{
	size_t n = 0;

	for (size_t i = k + 1; i < f->nflow; i++)
		if (f->flow[i].function && !f->flow[i].file)
			out[n++] = dmc_xstrdup(f->flow[i].function);
	return n;
}

/* The path's step at the access is where the finding now points. */
static void copy_loc_place(struct dmc_loc *to, const struct dmc_loc *from)
{
	free(to->file);
	free(to->function);
	to->file = from->file ? dmc_xstrdup(from->file) : NULL;
	to->line = from->line;
	to->function = from->function ? dmc_xstrdup(from->function) : NULL;
}

size_t dmc_symbolize_findings(struct dmc_symbolizer *sym, struct dmc_findings *list,
			      const char *src_root)
{
	size_t resolved = 0;

	for (size_t i = 0; i < list->count; i++) {
		struct dmc_finding *f = &list->items[i];
		char *access = NULL, **later = dmc_xcalloc(f->nflow + 1, sizeof(char *));
		size_t nlater = 0, k = f->nflow;

		if (is_cpu_access(f) && !f->loc.file && f->loc.function) {
			access = dmc_xstrdup(f->loc.function);
			k = access_step(f, access);
			nlater = k < f->nflow ? later_steps(f, k, later) : 0;
		}
		/* Every site of a report is a call or follows an access: return addresses all. */
		resolve_loc(sym, &f->loc, 1, src_root);
		for (size_t j = 0; j < f->nrelated; j++)
			resolve_loc(sym, &f->related[j], 1, src_root);
		for (size_t j = 0; j < f->nflow; j++)
			resolve_loc(sym, &f->flow[j], 1, src_root);
		if (access && f->loc.file) {
			attribute_access(sym, &f->loc, access, later, nlater, src_root);
			if (k < f->nflow)
				copy_loc_place(&f->flow[k], &f->loc);
		}
		for (size_t j = 0; j < nlater; j++)
			free(later[j]);
		free(later);
		free(access);
		resolved += f->loc.file != NULL;
	}
	return resolved;
}
