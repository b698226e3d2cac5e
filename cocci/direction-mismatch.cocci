// SPDX-License-Identifier: GPL-2.0
/// An unmap or sync must pass the DMA direction the mapping was created
/// with: a receive buffer mapped DMA_FROM_DEVICE and unmapped DMA_TO_DEVICE
/// skips the hand-back (no cache invalidation, no bounce copy-back), and
/// the CPU reads stale data.
///
/// The handle is followed by what holds it: a local in one function, or a
/// ring slot across the functions of one file.  A slot is named by the path
/// that reaches it, with local pointers resolved (rb = &priv->rx.buf[i];
/// rb->dma is priv->rx.buf[].dma), and dma_unmap_addr()/_set() read as the
/// field they name.  An unmap or sync is reported when every mapping stored
/// in its handle used one constant direction and the unmap or sync uses
/// another.  A handle that is also assigned anything else (a page pool
/// address, a variable direction, a copy from elsewhere) is left alone.
/// A sync of a DMA_BIDIRECTIONAL mapping may name any direction.  A map
/// that comes after the unmap or sync in the same function is the next
/// mapping of the handle, not the one it ends, and is not compared with it.
///
/// dmacheck rule: direction-mismatch (docs/rules/direction-mismatch.md)
//
// Confidence: High
// Options: --no-includes --include-headers
// Keywords: dma_unmap_single, dma_unmap_page, dma_unmap_sg, dma_unmap_resource, dma_sync_single_for_cpu, dma_sync_single_for_device, dma_sync_sg_for_cpu, dma_sync_sg_for_device

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

# Map calls: the argument holding the handle (None: the result) and the
# direction argument.
MAPS = {n: (DMA_API[n].handle, DMA_API[n].dir) for n in api_names("map")}
# Unmaps and syncs: the handle argument and the direction argument.
RELEASES = {n: (DMA_API[n].handle, DMA_API[n].dir)
	    for n in api_names("unmap", "sync_for_cpu", "sync_for_device")}
DIRECTIONS = {"DMA_TO_DEVICE", "DMA_FROM_DEVICE", "DMA_BIDIRECTIONAL"}
PATH = re.compile(r"^[&*]?[A-Za-z_][\w.\->\[\] +*]*$")
NEUTRAL = {"0", "NULL", "DMA_MAPPING_ERROR"}

# Per file: what was assigned to each (function, lvalue), local pointer
# aliases, and the releases seen.
stores = []		# (fn, lhs, kind, value, pos): kind map/copy/other
aliases = {}		# (fn, name) -> set of path texts
releases = []		# (fn, name, handle, direction, pos)
verdicts = {}		# release position -> (map position, map direction)

def text(e):
	return re.sub(r"\s+", "", str(e))

def unmap_addr(t):
	# dma_unmap_addr(buf, mapping) is buf->mapping (NEED_DMA_MAP_STATE)
	m = re.match(r"^dma_unmap_addr\((.+),(\w+)\)$", t)
	return "%s->%s" % (m.group(1), m.group(2)) if m else t

# The slot an lvalue names: local pointers resolved through their single
# path initialiser, indices and &/* dropped, . and -> alike.  A path below
# its root of two or more steps (priv->rx.buf[].dma) names a slot the
# functions of the file share; anything shorter is private to the function.
def slot(fn, t):
	t = unmap_addr(text(t)).lstrip("&*")
	m = re.match(r"^([A-Za-z_]\w*)(.*)$", t)
	if not m:
		return None
	root, rest = m.group(1), m.group(2)
	base = aliases.get((fn, root))
	if rest and base and len(base) > 1:
		# A pointer that walks several rings (tx_list, then rx_list)
		# names no one slot outside this function.
		return fn + ":" + re.sub(r"\[[^\]]*\]", "[]", t).replace("->", ".")
	if rest and base:
		root, rest = "", next(iter(base)).lstrip("&*") + rest
	path = re.sub(r"\[[^\]]*\]", "[]", root + rest).replace("->", ".")
	steps = [s for s in re.split(r"[.\[]", path) if s and s != "]"]
	return path if len(steps) >= 3 else fn + ":" + path

# The field a slot ends in: rx_buf->dma and ring->slots[i].dma both end in dma.
def field_of(key):
	m = re.search(r"(\w+)$", key or "")
	return m.group(1) if m else None

def is_release(name):
	return name in RELEASES

def maps_result(name):
	return name in MAPS and MAPS[name][0] is None

def maps_list(name):
	return name in MAPS and MAPS[name][0] is not None

def record_map(fname, args, result, p):
	handle, dirarg = MAPS[fname]
	a = args.elements
	if dirarg < len(a):
		target = result if handle is None else text(a[handle])
		stores.append((p[0].current_element, target, "map", text(a[dirarg]), p))

// Files that call none of these cannot match: spatch skips them
// without parsing when every rule depends on this one.
@gate@
@@

// dmacheck:generated gate unmap sync_for_cpu sync_for_device
\(dma_sync_sg_for_cpu\|dma_sync_sg_for_device\|dma_sync_sgtable_for_cpu
  \|dma_sync_sgtable_for_device\|dma_sync_single_for_cpu
  \|dma_sync_single_for_device\|dma_sync_single_range_for_cpu
  \|dma_sync_single_range_for_device\|dma_unmap_page\|dma_unmap_page_attrs
  \|dma_unmap_phys\|dma_unmap_resource\|dma_unmap_sg\|dma_unmap_sg_attrs
  \|dma_unmap_sgtable\|dma_unmap_single\|dma_unmap_single_attrs
  \|ib_dma_sync_single_for_cpu\|ib_dma_sync_single_for_device
  \|ib_dma_unmap_page\|ib_dma_unmap_sg\|ib_dma_unmap_sg_attrs
  \|ib_dma_unmap_single\|virtqueue_dma_sync_single_range_for_cpu
  \|virtqueue_dma_sync_single_range_for_device
  \|virtqueue_dma_unmap_single_attrs\)(...)
// dmacheck:end

@script:python reset depends on gate@
@@
del stores[:]
aliases.clear()
del releases[:]
verdicts.clear()

// Every assignment: maps, copies of a handle, and anything else.
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
if re.match(r"^[A-Za-z_]\w*$", l) and PATH.match(r) and not call:
	aliases.setdefault((fn, l), set()).add(r)
if call and call.group(1) in MAPS and MAPS[call.group(1)][0] is None:
	pass	# the map rule below records it, with its direction
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

// Maps whose result is the handle, and maps of a scatterlist or table.
@mapped depends on gate@
identifier mapfn : script:python() { maps_result(mapfn) };
expression list args;
expression h;
position p;
@@
h = mapfn@p(args)

@script:python@
mf << mapped.mapfn;
args << mapped.args;
h << mapped.h;
p << mapped.p;
@@
record_map(mf, args, text(h), p)

@mapped_list depends on gate@
identifier mapfn : script:python() { maps_list(mapfn) };
expression list args;
position p;
@@
mapfn@p(args)

@script:python@
mf << mapped_list.mapfn;
args << mapped_list.args;
p << mapped_list.p;
@@
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
handle, dirarg = RELEASES[rf]
a = args.elements
if dirarg < len(a):
	releases.append((p[0].current_element, rf, text(a[handle]), text(a[dirarg]), p))

// Decide once every assignment of the file is known.
@script:python decide depends on gate@
@@
slots = {}
for fn, lhs, kind, value, p in stores:
	s = slots.setdefault(slot(fn, lhs), [])
	s.append((fn, kind, value, p))
# A copy of a local handle carries the mappings of the local to the slot.
resolved = {}
for key, entries in slots.items():
	maps, unknown = [], False
	for fn, kind, value, p in entries:
		if kind == "map":
			maps.append((value, p))
		elif kind == "copy":
			src = [(v, q) for (f2, k2, v, q) in slots.get(slot(fn, value), []) if k2 == "map"]
			others = [1 for (f2, k2, v, q) in slots.get(slot(fn, value), []) if k2 != "map"]
			if src and not others:
				maps.extend(src)
			else:
				unknown = True
		else:
			unknown = True
	resolved[key] = None if unknown or not maps else maps
# Directions mapped into slots that stay private to a function (a slot
# reached through a parameter): such a store may fill any ring, so a field
# that gets a direction there may hold it in every ring.
private_dirs = {}
for key, entries in slots.items():
	if key and ":" in key and "." in key.split(":", 1)[1]:
		for d, q in resolved.get(key) or []:
			private_dirs.setdefault(field_of(key), set()).add(d)
		if resolved.get(key) is None:
			private_dirs.setdefault(field_of(key), set()).add("unknown")
for fn, relfn, handle, direction, p in releases:
	key = slot(fn, handle)
	# A map later in the function of the release is the next mapping (a
	# helper that unmaps and maps again with the other direction), not the
	# one this unmap or sync ends; maps of other functions have no order.
	maps = [(d, q) for (d, q) in resolved.get(key) or []
		if q[0].current_element != fn or loc(q) < loc(p)]
	if not maps or direction not in DIRECTIONS:
		continue
	dirs = set(d for (d, q) in maps)
	if len(dirs) != 1 or not dirs <= DIRECTIONS or direction in dirs:
		continue
	# A sync may name either direction of a bidirectional mapping
	# (kernel/dma/debug.c check_sync() accepts it too); an unmap may not.
	if relfn.startswith("dma_sync_") and dirs == {"DMA_BIDIRECTIONAL"}:
		continue
	if ":" not in key and private_dirs.get(field_of(key), set()) & {direction, "unknown"}:
		continue
	# Point at the map in the same function when there is one.
	same = [q for (d, q) in maps if q[0].current_element == fn]
	verdicts[loc(p)] = ((same or [maps[0][1]])[0], next(iter(dirs)))

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
q, mapdir = verdicts[loc(p)]
dmc_report(p, "WARNING: %s() uses a different direction than the mapping: %s on line %s" % (rf, mapdir, q[0].line),
	   [(q, "mapped %s here" % mapdir)])

@script:python depends on org@
p << released.p;
rf << released.relfn;
@@
q, mapdir = verdicts[loc(p)]
coccilib.org.print_todo(p[0], "%s() direction differs from the mapping (%s on line %s)" % (rf, mapdir, q[0].line))
