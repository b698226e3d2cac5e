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

# Map calls: the argument holding the handle (None: the result) and the
# direction argument.
MAPS = {
	"dma_map_single": (None, 3), "dma_map_single_attrs": (None, 3),
	"dma_map_page": (None, 4), "dma_map_page_attrs": (None, 4),
	"skb_frag_dma_map": (None, 4), "dma_map_resource": (None, 3),
	"dma_map_sg": (1, 3), "dma_map_sg_attrs": (1, 3), "dma_map_sgtable": (1, 2),
}
# Unmaps and syncs: the handle argument and the direction argument.
RELEASES = {
	"dma_unmap_single": (1, 3), "dma_unmap_single_attrs": (1, 3),
	"dma_unmap_page": (1, 3), "dma_unmap_page_attrs": (1, 3),
	"dma_unmap_resource": (1, 3),
	"dma_unmap_sg": (1, 3), "dma_unmap_sg_attrs": (1, 3), "dma_unmap_sgtable": (1, 2),
	"dma_sync_single_for_cpu": (1, 3), "dma_sync_single_for_device": (1, 3),
	"dma_sync_single_range_for_cpu": (1, 4), "dma_sync_single_range_for_device": (1, 4),
	"dma_sync_sg_for_cpu": (1, 3), "dma_sync_sg_for_device": (1, 3),
	"dma_sync_sgtable_for_cpu": (1, 2), "dma_sync_sgtable_for_device": (1, 2),
}
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

def loc(p):
	return (p[0].file, int(p[0].line), int(p[0].column))

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

def dmc_report(p, msg, related=()):
	if os.environ.get("DMACHECK_COCCI") == "1":
		msg += "\t" + json.dumps({
			"function": p[0].current_element,
			"related": [{"line": int(r[0].line), "column": int(r[0].column) + 1,
				     "message": m} for (r, m) in related]})
	coccilib.report.print_report(p[0], msg)

// Files that call none of these cannot match: spatch skips them
// without parsing when every rule depends on this one.
@gate@
@@

\(dma_unmap_single\|dma_unmap_single_attrs\|dma_unmap_page\|dma_unmap_page_attrs
  \|dma_unmap_resource\|dma_unmap_sg\|dma_unmap_sg_attrs\|dma_unmap_sgtable
  \|dma_sync_single_for_cpu\|dma_sync_single_for_device
  \|dma_sync_single_range_for_cpu\|dma_sync_single_range_for_device
  \|dma_sync_sg_for_cpu\|dma_sync_sg_for_device\|dma_sync_sgtable_for_cpu
  \|dma_sync_sgtable_for_device\)(...)

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
