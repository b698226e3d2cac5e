// SPDX-License-Identifier: GPL-2.0
/// Only memory from the page allocator, kmalloc() or kmem_cache_alloc() can
/// be mapped for streaming DMA.  Stack memory (vmalloc'ed on VMAP_STACK
/// kernels, shares cache lines with live locals otherwise), vmalloc()
/// memory, and the kernel or module image (.data, .bss, .rodata) cannot:
/// dma_map_single() rejects some of it with a WARNING and DMA_MAPPING_ERROR,
/// dma_map_page()/dma_map_sg() silently map an unrelated page.
///
/// Reported at the map call, with the declaration or allocation as the
/// related location:
///  - a local array, or the address of a local (&cmd, &cmd.hdr, &buf[2]),
///    given to dma_map_single(), to dma_map_page() through virt_to_page(),
///    or to sg_init_one()/sg_set_buf() of a function that calls dma_map_sg();
///  - the same for variables at file scope (static tables, buffers);
///  - a string literal;
///  - memory from vmalloc(), vzalloc(), kvmalloc() and relatives, or from
///    kmap(), kmap_atomic() and kmap_local_page(), in the same function.
/// Static locals count as image memory.  Memory reached through pointers
/// (a local pointer to a struct on the stack of a caller) is not followed.
///
/// dmacheck rule: invalid-dma-memory (docs/rules/invalid-dma-memory.md)
//
// Confidence: High
// Options: --no-includes --include-headers
// Keywords: dma_map_single, dma_map_single_attrs, dma_map_page, dma_map_page_attrs, sg_init_one, sg_set_buf

virtual context
virtual org
virtual report

@initialize:python@
@@
import json
import os
import re

decls = {}		# (function or None, name) -> (type, position, static)
sg_sources = []		# (function, memory text, position of sg_init_one/sg_set_buf)
sg_maps = {}		# function -> first dma_map_sg() position
verdicts = {}		# map position -> (message, related position, note)
# Pointers that are not in the linear map: vmalloc space and kmap()s.
NOT_LINEAR = {"vmalloc", "vzalloc", "vmalloc_user", "vmalloc_node", "vzalloc_node",
	      "vmalloc_32", "kvmalloc", "kvzalloc", "kvmalloc_node", "kvzalloc_node",
	      "kvmalloc_array", "kvcalloc", "kmap", "kmap_atomic", "kmap_local_page"}
CAST = re.compile(r"^\(\s*(const\s+)?(void|u8|char|unsigned\s+char|__u8|u32|__le32|struct\s+\w+)\s*\*\s*\)")

def is_not_linear(f):
	return f in NOT_LINEAR

def vmapped_verdict(valloc, pa, p):
	if valloc.startswith("kmap"):
		what = "memory from %s() (a highmem mapping, not a linear-map address)" % valloc
	else:
		what = "memory from %s() (vmalloc space)" % valloc
	verdicts[loc(p)] = (what, pa, "%s() called here" % valloc)

def text(e):
	t = re.sub(r"\s*(->|\.)\s*", r"\1", str(e)).strip()
	return re.sub(r"&\s+", "&", t)

def declared_static(p, name):
	try:
		with open(p[0].file, errors="replace") as f:
			line = f.readlines()[int(p[0].line) - 1]
	except (OSError, IndexError):
		return False
	head = line.split(name)[0]
	return re.search(r"\bstatic\b", head) is not None

# What a pointer expression points into: (kind, name, declaration) or None.
def memory_of(fn, expr):
	t = text(expr)
	while True:
		m = CAST.match(t)
		if not m:
			break
		t = t[m.end():].strip()
	if t[:1] == chr(34):	# a string literal
		return ("a string literal in .rodata", None, None)
	addr = t.startswith("&")
	t = t.lstrip("&").strip()
	m = re.match(r"^\(?([A-Za-z_]\w*)\)?(.*)$", t)
	if not m:
		return None
	name, rest = m.group(1), m.group(2).strip()
	local = decls.get((fn, name))
	found = local or decls.get((None, name))
	if not found:
		return None
	typ, pos, static = found
	is_array = "[" in typ
	if rest.startswith("->"):
		return None	# memory behind a pointer
	if addr and rest and not (rest.startswith("[") or rest.startswith(".")):
		return None
	if not addr and not (is_array and (not rest or rest.startswith("+"))):
		return None	# the value of a pointer, an element, a member of unknown type
	if local and not static:
		return ("the stack buffer '%s'" % name, pos, "declared on the stack here")
	kind = ".rodata" if "const" in typ.split("[")[0] else ".data/.bss"
	return ("'%s' in the kernel or module image (%s)" % (name, kind), pos, "declared here")

def judge(fn, expr, p):
	found = memory_of(fn, expr)
	if found:
		what, pos, note = found
		verdicts[loc(p)] = (what, pos, note)

# dmacheck:generated helpers dmc_report loc
# from cocci/dmc_helpers.py by scripts/gen-cocci.py: edit that, then run it
# Kernel-style report line; under dmacheck (DMACHECK_COCCI=1) a tab and a
# JSON object follow with the function and the related locations.
def dmc_report(p, msg, related=()):
	if os.environ.get("DMACHECK_COCCI") == "1":
		msg += "\t" + json.dumps({
			"function": p[0].current_element,
			"related": [{"line": int(r[0].line), "column": int(r[0].column) + 1,
				     "message": m} for (r, m) in related]})
	coccilib.report.print_report(p[0], msg)

# A position as a key: (file, line, column).
def loc(p):
	return (p[0].file, int(p[0].line), int(p[0].column))
# dmacheck:end

// Files that call none of these cannot match: spatch skips them
// without parsing when every rule depends on this one.
@gate@
@@

\(dma_map_single\|dma_map_single_attrs\|dma_map_page\|dma_map_page_attrs
  \|dma_map_sg\|dma_map_sg_attrs\)(...)

@script:python reset depends on gate@
@@
decls.clear()
del sg_sources[:]
sg_maps.clear()
verdicts.clear()

@declared depends on gate@
type T;
identifier v;
position pd;
@@
(
T v@pd;
|
T v@pd = ...;
)

@script:python@
T << declared.T;
v << declared.v;
pd << declared.pd;
@@
fn = pd[0].current_element
scope = None if fn == str(v) else fn
decls[(scope, str(v))] = (str(T), pd, scope is not None and declared_static(pd, str(v)))

@mapped depends on gate@
identifier mapfn = {dma_map_single, dma_map_single_attrs};
identifier pagefn = {dma_map_page, dma_map_page_attrs};
expression D, buf, off;
position p;
@@
(
mapfn@p(D, buf, ...)
|
pagefn@p(D, virt_to_page(buf), off, ...)
)

@script:python@
buf << mapped.buf;
p << mapped.p;
@@
judge(p[0].current_element, buf, p)

@sg_source depends on gate@
identifier sgfn = {sg_init_one, sg_set_buf};
expression sg, buf, len;
position ps;
@@
sgfn@ps(sg, buf, len)

@script:python@
buf << sg_source.buf;
ps << sg_source.ps;
@@
sg_sources.append((ps[0].current_element, buf, ps))

@sg_mapped depends on gate@
identifier sgmap = {dma_map_sg, dma_map_sg_attrs};
position p;
@@
sgmap@p(...)

@script:python@
p << sg_mapped.p;
@@
fn = p[0].current_element
if fn not in sg_maps or loc(p) < loc(sg_maps[fn]):
	sg_maps[fn] = p

@script:python sg_decide depends on gate@
@@
for fn, buf, ps in sg_sources:
	p = sg_maps.get(fn)
	if p is not None and loc(p) > loc(ps) and loc(p) not in verdicts:
		judge(fn, buf, p)

// vmalloc()ed or kmap()ed memory mapped in the function that got it, the
// pointer assigned or declared with it.
@vmapped depends on gate exists@
identifier valloc : script:python() { is_not_linear(valloc) };
identifier mapfn = {dma_map_single, dma_map_single_attrs};
expression x, E, D;
position pa, p;
@@
x = valloc@pa(...)
... when != x = E
mapfn@p(D, x, ...)

@vmapped_decl depends on gate exists@
identifier valloc : script:python() { is_not_linear(valloc) };
identifier mapfn = {dma_map_single, dma_map_single_attrs};
identifier x;
type T;
expression E, D;
position pa, p;
@@
T x = valloc@pa(...);
... when != x = E
mapfn@p(D, x, ...)

@script:python@
valloc << vmapped.valloc;
pa << vmapped.pa;
p << vmapped.p;
@@
vmapped_verdict(valloc, pa, p)

@script:python@
valloc << vmapped_decl.valloc;
pa << vmapped_decl.pa;
p << vmapped_decl.p;
@@
vmapped_verdict(valloc, pa, p)

@report_site depends on gate@
identifier fn = {dma_map_single, dma_map_single_attrs, dma_map_page, dma_map_page_attrs,
		 dma_map_sg, dma_map_sg_attrs};
position p;
@@
fn@p(...)

@script:python keep@
p << report_site.p;
@@
if loc(p) not in verdicts:
	cocci.include_match(False)

@depends on gate && context@
identifier report_site.fn;
position report_site.p;
@@
* fn@p(...)

@script:python depends on report@
p << report_site.p;
fn << report_site.fn;
@@
what, pos, note = verdicts[loc(p)]
related = [(pos, note)] if pos is not None else []
where = " (line %s)" % pos[0].line if pos is not None else ""
dmc_report(p, "WARNING: %s() maps %s%s, which is not DMA-able memory" % (fn, what, where), related)

@script:python depends on org@
p << report_site.p;
fn << report_site.fn;
@@
what = verdicts[loc(p)][0]
coccilib.org.print_todo(p[0], "%s() maps %s" % (fn, what))
