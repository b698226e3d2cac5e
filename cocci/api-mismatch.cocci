// SPDX-License-Identifier: GPL-2.0
/// Each mapping family has its own release: dma_map_single() pairs with
/// dma_unmap_single(), dma_map_page()/skb_frag_dma_map() with
/// dma_unmap_page(), dma_map_resource() with dma_unmap_resource(),
/// dma_map_sg() with dma_unmap_sg(), and dma_alloc_coherent() with
/// dma_free_coherent().  Releasing with another family undoes the wrong
/// state: an sg list unmapped as single leaves the other segments mapped,
/// coherent memory given to kfree() corrupts the page allocator.
///
/// The handle (or coherent CPU pointer) is followed by what holds it: a
/// local in one function, or a slot reached through a path across the
/// functions of one file (rb = &priv->rx.buf[i]; rb->dma is
/// priv->rx.buf[].dma).  A release is reported when every value stored in
/// its handle came from one other family.  A slot assigned anything else
/// (kmalloc() memory, a page pool address, a copy from elsewhere) is left
/// alone, and so is one that holds mappings of several families (the
/// "mapped as page" flag idiom).  dma_unmap_single()/dma_unmap_page() of an
/// sg_dma_address() is reported unless the file stores single mappings in
/// sg_dma_address() itself.
///
/// dmacheck rule: api-mismatch (docs/rules/api-mismatch.md)
//
// Confidence: High
// Options: --no-includes --include-headers
// Keywords: dma_unmap_single, dma_unmap_page, dma_unmap_resource, dma_unmap_sg, dma_free_coherent, dma_free_attrs, kfree, kvfree, vfree, free_pages

virtual context
virtual org
virtual report

@initialize:python@
@@
import json
import os
import re

# dmacheck:generated api
# from reports/dma_api.def by scripts/gen-cocci.py: edit that, then run it
import collections
ApiFn = collections.namedtuple("ApiFn", "op family ret dev buf off size dir handle out cpu nents attrs")
# name -> operation, family, return and argument positions (None: none)
DMA_API = {
	"dma_map_single_attrs": ApiFn('map', 'single', 'handle', 0, 1, None, 2, 3, None, None, None, None, 4),
	"dma_map_single": ApiFn('map', 'single', 'handle', 0, 1, None, 2, 3, None, None, None, None, None),
	"dma_map_page_attrs": ApiFn('map', 'page', 'handle', 0, 1, 2, 3, 4, None, None, None, None, 5),
	"dma_map_page": ApiFn('map', 'page', 'handle', 0, 1, 2, 3, 4, None, None, None, None, None),
	"skb_frag_dma_map": ApiFn('map', 'page', 'handle', 0, 1, 2, 3, 4, None, None, None, None, None),
	"dma_map_resource": ApiFn('map', 'resource', 'handle', 0, 1, None, 2, 3, None, None, None, None, 4),
	"dma_map_phys": ApiFn('map', 'phys', 'handle', 0, 1, None, 2, 3, None, None, None, None, 4),
	"dma_map_sg_attrs": ApiFn('map', 'sg', 'count', 0, 1, None, None, 3, 1, None, None, 2, 4),
	"dma_map_sg": ApiFn('map', 'sg', 'count', 0, 1, None, None, 3, 1, None, None, 2, None),
	"dma_map_sgtable": ApiFn('map', 'sgtable', 'errno', 0, 1, None, None, 2, 1, None, None, None, 3),
	"dma_unmap_single_attrs": ApiFn('unmap', 'single', 'void', 0, None, None, 2, 3, 1, None, None, None, 4),
	"dma_unmap_single": ApiFn('unmap', 'single', 'void', 0, None, None, 2, 3, 1, None, None, None, None),
	"dma_unmap_page_attrs": ApiFn('unmap', 'page', 'void', 0, None, None, 2, 3, 1, None, None, None, 4),
	"dma_unmap_page": ApiFn('unmap', 'page', 'void', 0, None, None, 2, 3, 1, None, None, None, None),
	"dma_unmap_resource": ApiFn('unmap', 'resource', 'void', 0, None, None, 2, 3, 1, None, None, None, 4),
	"dma_unmap_phys": ApiFn('unmap', 'phys', 'void', 0, None, None, 2, 3, 1, None, None, None, 4),
	"dma_unmap_sg_attrs": ApiFn('unmap', 'sg', 'void', 0, None, None, None, 3, 1, None, None, 2, 4),
	"dma_unmap_sg": ApiFn('unmap', 'sg', 'void', 0, None, None, None, 3, 1, None, None, 2, None),
	"dma_unmap_sgtable": ApiFn('unmap', 'sgtable', 'void', 0, None, None, None, 2, 1, None, None, None, 3),
	"dma_sync_single_for_cpu": ApiFn('sync_for_cpu', 'single', 'void', 0, None, None, 2, 3, 1, None, None, None, None),
	"dma_sync_single_for_device": ApiFn('sync_for_device', 'single', 'void', 0, None, None, 2, 3, 1, None, None, None, None),
	"dma_sync_single_range_for_cpu": ApiFn('sync_for_cpu', 'single', 'void', 0, None, 2, 3, 4, 1, None, None, None, None),
	"dma_sync_single_range_for_device": ApiFn('sync_for_device', 'single', 'void', 0, None, 2, 3, 4, 1, None, None, None, None),
	"dma_sync_sg_for_cpu": ApiFn('sync_for_cpu', 'sg', 'void', 0, None, None, None, 3, 1, None, None, 2, None),
	"dma_sync_sg_for_device": ApiFn('sync_for_device', 'sg', 'void', 0, None, None, None, 3, 1, None, None, 2, None),
	"dma_sync_sgtable_for_cpu": ApiFn('sync_for_cpu', 'sgtable', 'void', 0, None, None, None, 2, 1, None, None, None, None),
	"dma_sync_sgtable_for_device": ApiFn('sync_for_device', 'sgtable', 'void', 0, None, None, None, 2, 1, None, None, None, None),
	"dma_mapping_error": ApiFn('mapping_error', 'single', 'failed', 0, None, None, None, None, 1, None, None, None, None),
	"dma_alloc_attrs": ApiFn('alloc', 'coherent', 'cpu', 0, None, None, 1, None, None, 2, None, None, 4),
	"dma_alloc_coherent": ApiFn('alloc', 'coherent', 'cpu', 0, None, None, 1, None, None, 2, None, None, None),
	"dma_zalloc_coherent": ApiFn('alloc', 'coherent', 'cpu', 0, None, None, 1, None, None, 2, None, None, None),
	"dma_alloc_wc": ApiFn('alloc', 'coherent', 'cpu', 0, None, None, 1, None, None, 2, None, None, None),
	"dma_free_attrs": ApiFn('free', 'coherent', 'void', 0, None, None, 1, None, 3, None, 2, None, 4),
	"dma_free_coherent": ApiFn('free', 'coherent', 'void', 0, None, None, 1, None, 3, None, 2, None, None),
	"dma_free_wc": ApiFn('free', 'coherent', 'void', 0, None, None, 1, None, 3, None, 2, None, None),
	"dmam_alloc_attrs": ApiFn('alloc', 'managed', 'cpu', 0, None, None, 1, None, None, 2, None, None, 4),
	"dmam_alloc_coherent": ApiFn('alloc', 'managed', 'cpu', 0, None, None, 1, None, None, 2, None, None, None),
	"dmam_free_coherent": ApiFn('free', 'managed', 'void', 0, None, None, 1, None, 3, None, 2, None, None),
	"dma_alloc_noncoherent": ApiFn('alloc', 'noncoherent', 'cpu', 0, None, None, 1, 3, None, 2, None, None, None),
	"dma_free_noncoherent": ApiFn('free', 'noncoherent', 'void', 0, None, None, 1, 4, 3, None, 2, None, None),
	"dma_alloc_pages": ApiFn('alloc', 'pages', 'page', 0, None, None, 1, 3, None, 2, None, None, None),
	"dma_free_pages": ApiFn('free', 'pages', 'void', 0, None, None, 1, 4, 3, None, 2, None, None),
	"dma_alloc_noncontiguous": ApiFn('alloc', 'noncontig', 'sgtable', 0, None, None, 1, 2, None, None, None, None, 4),
	"dma_free_noncontiguous": ApiFn('free', 'noncontig', 'void', 0, None, None, 1, 3, 2, None, None, None, None),
	"dma_pool_alloc": ApiFn('alloc', 'pool', 'cpu', 0, None, None, None, None, None, 2, None, None, None),
	"dma_pool_zalloc": ApiFn('alloc', 'pool', 'cpu', 0, None, None, None, None, None, 2, None, None, None),
	"dma_pool_free": ApiFn('free', 'pool', 'void', 0, None, None, None, None, 2, None, 1, None, None),
	"dma_set_mask": ApiFn('mask', 'none', 'errno', 0, None, None, None, None, None, None, None, None, None),
	"dma_set_coherent_mask": ApiFn('mask', 'none', 'errno', 0, None, None, None, None, None, None, None, None, None),
	"dma_set_mask_and_coherent": ApiFn('mask', 'none', 'errno', 0, None, None, None, None, None, None, None, None, None),
	"dma_coerce_mask_and_coherent": ApiFn('mask', 'none', 'errno', 0, None, None, None, None, None, None, None, None, None),
	"dma_mmap_attrs": ApiFn('mmap', 'coherent', 'errno', 0, None, None, 4, None, 3, None, 2, None, 5),
	"dma_mmap_coherent": ApiFn('mmap', 'coherent', 'errno', 0, None, None, 4, None, 3, None, 2, None, None),
	"dma_mmap_wc": ApiFn('mmap', 'coherent', 'errno', 0, None, None, 4, None, 3, None, 2, None, None),
	"dma_mmap_pages": ApiFn('mmap', 'pages', 'errno', 0, None, None, 2, None, None, None, 3, None, None),
	"dma_mmap_noncontiguous": ApiFn('mmap', 'noncontig', 'errno', 0, None, None, 2, None, 3, None, None, None, None),
	"page_pool_get_dma_addr": ApiFn('pool_handle', 'page_pool', 'handle', None, 0, None, None, None, None, None, None, None, None),
	"ib_dma_map_single": ApiFn('map', 'single', 'handle', 0, 1, None, 2, 3, None, None, None, None, None),
	"ib_dma_unmap_single": ApiFn('unmap', 'single', 'void', 0, None, None, 2, 3, 1, None, None, None, None),
	"ib_dma_map_page": ApiFn('map', 'page', 'handle', 0, 1, 2, 3, 4, None, None, None, None, None),
	"ib_dma_unmap_page": ApiFn('unmap', 'page', 'void', 0, None, None, 2, 3, 1, None, None, None, None),
	"ib_dma_map_sg": ApiFn('map', 'sg', 'count', 0, 1, None, None, 3, 1, None, None, 2, None),
	"ib_dma_map_sg_attrs": ApiFn('map', 'sg', 'count', 0, 1, None, None, 3, 1, None, None, 2, 4),
	"ib_dma_unmap_sg_attrs": ApiFn('unmap', 'sg', 'void', 0, None, None, None, 3, 1, None, None, 2, 4),
	"ib_dma_unmap_sg": ApiFn('unmap', 'sg', 'void', 0, None, None, None, 3, 1, None, None, 2, None),
	"ib_dma_sync_single_for_cpu": ApiFn('sync_for_cpu', 'single', 'void', 0, None, None, 2, 3, 1, None, None, None, None),
	"ib_dma_sync_single_for_device": ApiFn('sync_for_device', 'single', 'void', 0, None, None, 2, 3, 1, None, None, None, None),
	"ib_dma_mapping_error": ApiFn('mapping_error', 'single', 'failed', 0, None, None, None, None, 1, None, None, None, None),
	"virtqueue_dma_map_single_attrs": ApiFn('map', 'single', 'handle', 0, 1, None, 2, 3, None, None, None, None, 4),
	"virtqueue_dma_unmap_single_attrs": ApiFn('unmap', 'single', 'void', 0, None, None, 2, 3, 1, None, None, None, 4),
	"virtqueue_dma_mapping_error": ApiFn('mapping_error', 'single', 'failed', 0, None, None, None, None, 1, None, None, None, None),
	"virtqueue_dma_sync_single_range_for_cpu": ApiFn('sync_for_cpu', 'single', 'void', 0, None, 2, 3, 4, 1, None, None, None, None),
	"virtqueue_dma_sync_single_range_for_device": ApiFn('sync_for_device', 'single', 'void', 0, None, 2, 3, 4, 1, None, None, None, None),
}
# family -> the families whose calls may release its memory
FAMILY_RELEASED_BY = {
	"coherent": {"coherent"},
	"managed": {"managed"},
	"noncoherent": {"noncoherent"},
	"noncontig": {"noncontig"},
	"page": {"page"},
	"pages": {"pages"},
	"phys": {"phys"},
	"pool": {"pool"},
	"resource": {"resource"},
	"sg": {"sg"},
	"sgtable": {"sgtable"},
	"single": {"single"},
}
# dmacheck:end

# dmacheck:generated helpers dmc_report loc api_names
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

# The names of the DMA API functions with one of these operations whose
# argument roles are where the pattern of a rule looks for them, e.g.
# api_names("unmap", handle=1).
def api_names(*ops, **roles):
	return {name for name, fn in DMA_API.items()
		if fn.op in ops and all(getattr(fn, r) == v for r, v in roles.items())}
# dmacheck:end

# Creating calls: family and the argument that receives the handle (None:
# the result).  Allocations return the CPU pointer and write their handle
# through the argument ALLOCS names.
MAPS = {n: (fn.family, fn.handle) for n, fn in DMA_API.items() if fn.op == "map"}
ALLOCS = {n: (fn.family, fn.out) for n, fn in DMA_API.items()
	  if fn.op == "alloc" and fn.out is not None}
MAPS.update({n: (family, None) for n, (family, out) in ALLOCS.items()})
# Releasing calls: family and the argument that names the handle; then the
# CPU allocators' frees, which no DMA memory may reach.
RELEASES = {n: (fn.family, fn.handle) for n, fn in DMA_API.items()
	    if fn.op in ("unmap", "free") and fn.handle is not None}
RELEASES.update({
	"kfree": ("kmalloc", 0), "kvfree": ("kmalloc", 0), "kfree_sensitive": ("kmalloc", 0),
	"vfree": ("vmalloc", 0), "free_pages": ("buddy", 0), "free_page": ("buddy", 0),
})
CPU_FREES = {"kmalloc", "vmalloc", "buddy"}
# What the memory of each family may be released with (reports/dma_api.def
# says why).  An allocation's handle and its CPU pointer are told apart: the
# CPU pointer is released only as the CPU argument of its free, which this
# rule does not inspect.
RELEASED_BY = {}
NAMES = {}
for n, fn in DMA_API.items():
	if fn.op == "map":
		keys = [fn.family]
	elif n in ALLOCS:
		keys = [fn.family + "-handle", fn.family + "-cpu"]
	else:
		continue
	for k in keys:
		RELEASED_BY[k] = set() if k.endswith("-cpu") else FAMILY_RELEASED_BY.get(fn.family, set())
		# the plain name of the creator of the family: dma_map_single(), not the _attrs twin
		if k not in NAMES and n.startswith("dma") and not n.endswith("_attrs"):
			NAMES[k] = n + "()"
PATH = re.compile(r"^[&*]?[A-Za-z_][\w.\->\[\] +*]*$")
NEUTRAL = {"0", "NULL", "DMA_MAPPING_ERROR"}

stores = []		# (fn, lhs, kind, value, pos): kind map/copy/other
aliases = {}		# (fn, name) -> set of path texts
releases = []		# (fn, name, family, handle, pos)
sg_dma_address_assigned = [False]
verdicts = {}		# release position -> (creating position, family)

def text(e):
	return re.sub(r"\s+", "", str(e))

def unmap_addr(t):
	# dma_unmap_addr(buf, mapping) is buf->mapping (NEED_DMA_MAP_STATE)
	m = re.match(r"^dma_unmap_addr\((.+),(\w+)\)$", t)
	return "%s->%s" % (m.group(1), m.group(2)) if m else t

# The slot an lvalue names: local pointers resolved through their single
# path initialiser, indices and &/* dropped, . and -> alike.  A path below
# its root (priv->ring, priv->rx.buf[].dma) names a slot the functions of
# the file share; a bare local or parameter is private to its function.
# Transmit and receive slots that share a name are told apart by their
# releases: a slot is reported only for a family none of them undoes.
def slot(fn, t):
	t = unmap_addr(text(t)).lstrip("&*")
	m = re.match(r"^([A-Za-z_]\w*)(.*)$", t)
	if not m:
		return None
	root, rest = m.group(1), m.group(2)
	base = aliases.get((fn, root))
	if rest and base and len(base) == 1:
		root, rest = "", next(iter(base)).lstrip("&*") + rest
	path = re.sub(r"\[[^\]]*\]", "[]", root + rest).replace("->", ".")
	steps = [s for s in re.split(r"[.\[]", path) if s and s != "]"]
	return path if len(steps) >= 2 else fn + ":" + path

def is_release(name):
	return name in RELEASES

def is_map(name):
	return name in MAPS

def record_map(fname, args, result, p):
	family, handle = MAPS[fname]
	a = args.elements
	fn = p[0].current_element
	if fname in ALLOCS:
		out = ALLOCS[fname][1]
		if result:
			stores.append((fn, result, "map", family + "-cpu", p))
		if out < len(a) and text(a[out]).startswith("&"):
			stores.append((fn, text(a[out]), "map", family + "-handle", p))
	elif handle is None:
		if result:
			stores.append((fn, result, "map", family, p))
	elif handle < len(a):
		stores.append((fn, text(a[handle]), "map", family, p))

// Files that call none of these cannot match: spatch skips them
// without parsing when every rule depends on this one.
@gate@
@@

// dmacheck:generated gate map ; alloc
\(dma_alloc_attrs\|dma_alloc_coherent\|dma_alloc_noncoherent
  \|dma_alloc_noncontiguous\|dma_alloc_pages\|dma_alloc_wc\|dma_map_page
  \|dma_map_page_attrs\|dma_map_phys\|dma_map_resource\|dma_map_sg
  \|dma_map_sg_attrs\|dma_map_sgtable\|dma_map_single\|dma_map_single_attrs
  \|dma_pool_alloc\|dma_pool_zalloc\|dma_zalloc_coherent\|dmam_alloc_attrs
  \|dmam_alloc_coherent\|ib_dma_map_page\|ib_dma_map_sg\|ib_dma_map_sg_attrs
  \|ib_dma_map_single\|skb_frag_dma_map\|virtqueue_dma_map_single_attrs\)(...)
// dmacheck:end

@script:python reset depends on gate@
@@
del stores[:]
aliases.clear()
del releases[:]
sg_dma_address_assigned[0] = False
verdicts.clear()

// Every assignment: creations, copies of a handle, and anything else.
@assigned depends on gate@
expression lhs, rhs;
position p;
@@
lhs@p = rhs

@script:python@
lhs << assigned.lhs;
rhs << assigned.rhs;
p << assigned.p;
@@
fn = p[0].current_element
l, r = text(lhs), text(rhs)
call = re.match(r"^(\w+)\(", r)
if l.startswith("sg_dma_address("):
	sg_dma_address_assigned[0] = True
if re.match(r"^[A-Za-z_]\w*$", l) and PATH.match(r) and not call:
	aliases.setdefault((fn, l), set()).add(r)
if call and call.group(1) in MAPS and MAPS[call.group(1)][1] is None:
	pass	# the creation rule below records it
elif r in NEUTRAL:
	pass
elif re.match(r"^[A-Za-z_]\w*$", r):
	stores.append((fn, l, "copy", r, p))
else:
	stores.append((fn, l, "other", r, p))

@unmap_addr_set depends on gate@
expression b, v;
identifier f;
position p;
@@
dma_unmap_addr_set@p(b, f, v)

@script:python@
b << unmap_addr_set.b;
f << unmap_addr_set.f;
v << unmap_addr_set.v;
p << unmap_addr_set.p;
@@
r = text(v)
kind = "copy" if re.match(r"^[A-Za-z_]\w*$", r) else "other"
if r not in NEUTRAL:
	stores.append((p[0].current_element, "%s->%s" % (text(b), f), kind, r, p))

// Creations whose result is the handle (or the coherent CPU pointer), and
// those that fill in an argument.
@created depends on gate@
identifier mapfn : script:python() { is_map(mapfn) };
expression list args;
expression h;
position p;
@@
h = mapfn@p(args)

@script:python@
mf << created.mapfn;
args << created.args;
h << created.h;
p << created.p;
@@
record_map(mf, args, text(h), p)

@created_in_args depends on gate@
identifier mapfn : script:python() { is_map(mapfn) };
expression list args;
position p;
@@
mapfn@p(args)

@script:python@
mf << created_in_args.mapfn;
args << created_in_args.args;
p << created_in_args.p;
@@
if MAPS[mf][1] is not None or mf in ALLOCS:
	record_map(mf, args, None, p)

@released depends on gate@
identifier relfn : script:python() { is_release(relfn) };
expression list args;
position p;
@@
relfn@p(args)

@script:python@
rf << released.relfn;
args << released.args;
p << released.p;
@@
family, handle = RELEASES[rf]
a = args.elements
if handle < len(a):
	h = re.sub(r"^\((unsigned long|void \*)\)", "", text(a[handle]))
	releases.append((p[0].current_element, rf, family, h, p))

// Decide once every assignment of the file is known.
@script:python decide depends on gate@
@@
slots = {}
for fn, lhs, kind, value, p in stores:
	slots.setdefault(slot(fn, lhs), []).append((fn, kind, value, p))

def created_by(fn, handle):
	# The creations that reach a handle, each with the slot it was made
	# in (a local for a copied handle); None when anything else may.
	result = []
	for f2, kind, value, q in slots.get(slot(fn, handle), []):
		if kind == "map":
			result.append((value, q, slot(fn, handle)))
		elif kind == "copy":
			src = slots.get(slot(f2, value), [])
			if not src or any(k != "map" for (f3, k, v, q3) in src):
				return None
			result.extend((v, q3, slot(f2, value)) for (f3, k, v, q3) in src)
		else:
			return None
	return result

# The families the releases of each slot use, to find the family left out;
# also by the last two steps of the path, for releases in helpers that get
# the slot as a parameter (unmap->vector.dma_addr).
def tail(key):
	if key is None:
		return None
	steps = re.split(r"[.:]", key)
	return ".".join(steps[-2:]) if len(steps) > 2 else None

released_as = {}
for fn, rf, family, handle, p in releases:
	key = slot(fn, handle)
	for k in (key, "tail:%s" % tail(key) if tail(key) else None,
		  "fn:%s:%s" % (fn, key)):
		if k:
			released_as.setdefault(k, set()).add(family)

def line_col(q):
	return (int(q[0].line), int(q[0].column))

# The creations no release undoes: of the slot (families), or of the local
# each was copied from.
def undone_by(families, made):
	return [(v, q) for (v, q, origin) in made
		if not RELEASED_BY.get(v, set()) & (families | released_as.get(origin, set()))]

def streaming_wrong(fn, family, handle, p, made):
	key = slot(fn, handle)
	here = [(v, q, o) for (v, q, o) in made if q[0].current_element == fn]
	if here and ":" in key:
		# A local of this function: the last creation before the
		# release is what it releases.
		before = [(v, q) for (v, q, o) in here if line_col(q) < line_col(p)]
		if before:
			v, q = max(before, key=lambda e: line_col(e[1]))
			return [] if family in RELEASED_BY.get(v, set()) else [(v, q)]
	if here:
		# A slot this function fills: what it fills, it must release
		# (an unwind of head and fragments releases both families).
		return undone_by(released_as.get("fn:%s:%s" % (fn, key), set()) | {family}, here)
	# Elsewhere: a family that no release of the slot (or of the local it
	# was copied from, or of a slot that ends the same way) undoes.
	families = released_as.get(key, set()) | {family}
	if tail(key):
		families |= released_as.get("tail:" + tail(key), set())
	return undone_by(families, made)

for fn, rf, family, handle, p in releases:
	if handle.startswith("sg_dma_address(") and family in ("single", "page"):
		if not sg_dma_address_assigned[0]:
			verdicts[loc(p)] = (None, "sg")
		continue
	made = created_by(fn, handle)
	if not made:
		continue
	if family in CPU_FREES:
		wrong = [(v, q) for (v, q, origin) in made if v.endswith("-cpu")]
		if len(wrong) != len(made):
			continue
	else:
		wrong = streaming_wrong(fn, family, handle, p, made)
		if not wrong:
			continue
	same = [q for (v, q) in wrong if q[0].current_element == fn]
	verdicts[loc(p)] = ((same or [wrong[0][1]])[0], wrong[0][0])

@script:python keep@
p << released.p;
@@
if loc(p) not in verdicts:
	cocci.include_match(False)

@depends on gate && context@
identifier relfn : script:python() { is_release(relfn) };
position released.p;
@@
* relfn@p(...)

@script:python depends on report@
p << released.p;
rf << released.relfn;
@@
q, made_as = verdicts[loc(p)]
if q is None:
	dmc_report(p, "WARNING: %s() of an sg_dma_address(): scatterlist mappings are released with dma_unmap_sg()" % rf)
else:
	dmc_report(p, "WARNING: %s() releases memory from %s on line %s" % (rf, NAMES[made_as], q[0].line),
		   [(q, "%s here" % NAMES[made_as].replace("()", "() called"))])

@script:python depends on org@
p << released.p;
rf << released.relfn;
@@
q, made_as = verdicts[loc(p)]
coccilib.org.print_todo(p[0], "%s() releases memory of another family (%s)" % (rf, NAMES[made_as] if q else "dma_map_sg()"))
