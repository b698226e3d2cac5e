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

# Creating calls: family, the argument that receives the handle (None:
# the result), and for coherent allocations the out-argument of the handle.
MAPS = {
	"dma_map_single": ("single", None), "dma_map_single_attrs": ("single", None),
	"dma_map_page": ("page", None), "dma_map_page_attrs": ("page", None),
	"skb_frag_dma_map": ("page", None), "dma_map_resource": ("resource", None),
	"dma_map_sg": ("sg", 1), "dma_map_sg_attrs": ("sg", 1),
	"dma_map_sgtable": ("sgtable", 1),
	"dma_alloc_coherent": ("coherent", None), "dma_alloc_attrs": ("coherent", None),
	"dmam_alloc_coherent": ("coherent", None),
}
COHERENT_HANDLE_ARG = 2
# Releasing calls: family and the argument that names the handle.
RELEASES = {
	"dma_unmap_single": ("single", 1), "dma_unmap_single_attrs": ("single", 1),
	"dma_unmap_page": ("page", 1), "dma_unmap_page_attrs": ("page", 1),
	"dma_unmap_resource": ("resource", 1),
	"dma_unmap_sg": ("sg", 1), "dma_unmap_sg_attrs": ("sg", 1),
	"dma_unmap_sgtable": ("sgtable", 1),
	"dma_free_coherent": ("coherent", 3), "dma_free_attrs": ("coherent", 3),
	"kfree": ("kmalloc", 0), "kvfree": ("kmalloc", 0), "kfree_sensitive": ("kmalloc", 0),
	"vfree": ("vmalloc", 0), "free_pages": ("pages", 0), "free_page": ("pages", 0),
}
# What the memory of each family may be released with.  The coherent CPU
# pointer is released only as the third argument of dma_free_coherent(),
# which this rule does not inspect.
RELEASED_BY = {
	"single": {"single"}, "page": {"page"}, "resource": {"resource"},
	"sg": {"sg"}, "sgtable": {"sgtable"}, "coherent-handle": {"coherent"},
	"coherent-cpu": set(),
}
NAMES = {
	"single": "dma_map_single()", "page": "dma_map_page()", "resource": "dma_map_resource()",
	"sg": "dma_map_sg()", "sgtable": "dma_map_sgtable()",
	"coherent-handle": "dma_alloc_coherent()", "coherent-cpu": "dma_alloc_coherent()",
}
PATH = re.compile(r"^[&*]?[A-Za-z_][\w.\->\[\] +*]*$")
NEUTRAL = {"0", "NULL", "DMA_MAPPING_ERROR"}

stores = []		# (fn, lhs, kind, value, pos): kind map/copy/other
aliases = {}		# (fn, name) -> set of path texts
releases = []		# (fn, name, family, handle, pos)
sg_dma_address_assigned = [False]
verdicts = {}		# release position -> (creating position, family)

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
	if family == "coherent":
		if result:
			stores.append((fn, result, "map", "coherent-cpu", p))
		if COHERENT_HANDLE_ARG < len(a) and text(a[COHERENT_HANDLE_ARG]).startswith("&"):
			stores.append((fn, text(a[COHERENT_HANDLE_ARG]), "map", "coherent-handle", p))
	elif handle is None:
		if result:
			stores.append((fn, result, "map", family, p))
	elif handle < len(a):
		stores.append((fn, text(a[handle]), "map", family, p))

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

\(dma_map_single\|dma_map_single_attrs\|dma_map_page\|dma_map_page_attrs
  \|skb_frag_dma_map\|dma_map_resource\|dma_map_sg\|dma_map_sg_attrs
  \|dma_map_sgtable\|dma_alloc_coherent\|dma_alloc_attrs\|dmam_alloc_coherent
  \|dma_unmap_single\|dma_unmap_page\)(...)

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
if MAPS[mf][1] is not None or MAPS[mf][0] == "coherent":
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
	if family in ("kmalloc", "vmalloc", "pages"):
		wrong = [(v, q) for (v, q, origin) in made if v == "coherent-cpu"]
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
