// SPDX-License-Identifier: GPL-2.0
/// A streaming mapping can fail: dma_map_single(), dma_map_page() (and
/// their _attrs forms), dma_map_resource() and skb_frag_dma_map() then
/// return DMA_MAPPING_ERROR, which must never reach the device.  The handle
/// has to be tested with dma_mapping_error() before it is used, and the
/// failure branch has to stop using it (return, goto, break, continue).
/// dma_map_sg() returns 0 on failure (never a negative value), and
/// dma_map_sgtable() a negative errno; their result must be tested too.
///
/// Reported, at the map call:
///  - the handle is used (stored, written to a descriptor or register,
///    passed on) on a path where dma_mapping_error() was not consulted;
///  - dma_mapping_error() is called but its result is dropped;
///  - the failure branch of the check falls through to a use of the handle;
///  - the map call's result is ignored, or passed straight into another call;
///  - the dma_map_sg()/dma_map_sgtable() count is used before it is tested,
///    or dma_map_sg()'s count is only tested for < 0.
///
/// Recognised checks: if (dma_mapping_error(...)), unlikely(...), a check
/// folded into a larger condition, err = dma_mapping_error(...); if (err),
/// the handle stored in a field or variable and checked through it, and a
/// check in a function of the same file that passes its parameter to
/// dma_mapping_error().  A handle returned to the caller is the caller's to
/// check: such a function is treated as a map call at its call sites.
///
/// dmacheck rule: unchecked-mapping-error (docs/rules/unchecked-mapping-error.md)
//
// Confidence: Moderate
// Options: --no-includes --include-headers
// Keywords: dma_map_single, dma_map_page, dma_map_resource, skb_frag_dma_map, dma_map_sg, dma_mapping_error

virtual context
virtual org
virtual report

@initialize:python@
@@
import json
import re
import os

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

# dmacheck:generated helpers dmc_report api_names
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

# The names of the DMA API functions with one of these operations whose
# argument roles are where the pattern of a rule looks for them, e.g.
# api_names("unmap", handle=1).
def api_names(*ops, **roles):
	return {name for name, fn in DMA_API.items()
		if fn.op in ops and all(getattr(fn, r) == v for r, v in roles.items())}
# dmacheck:end

# Maps whose result is the handle dma_mapping_error() checks.
MAPS = api_names("map", handle=None)
# Per file: functions that return a fresh handle, functions that check one.
wrappers = set()
checkers = set()
uses = {}
stored_then_checked = set()
sg_findings = set()
checks_by_text = {}
loop_checked = set()

def is_map(name):
	return name in MAPS or name in wrappers

# Checks in other files cannot be seen; a helper whose name says it checks
# a mapping (enic_dma_map_check(), ops->mapping_error()) is taken at its word.
CHECK_NAME = re.compile(r"(dma|map).*(err|check)|(err|check).*(dma|map)", re.I)

def is_checker(name):
	return name in checkers or CHECK_NAME.search(name) is not None

# Checks that spell the handle differently (g->sg[(i >> 2)] and g->sg[i >> 2])
# are matched by their text: function -> [(text, line)].
def norm(e):
	return re.sub(r"[\s()]", "", str(e))

def checked_between(p, x, last_line):
	first = int(p[0].line)
	return any(t == norm(x) and first <= line <= last_line
		   for (t, line) in checks_by_text.get(p[0].current_element, []))

# Expressions as drivers write them: rx_buf->dma, not rx_buf -> dma.
def text(e):
	return re.sub(r"\s*(->|\.)\s*", r"\1", str(e))

def key(p):
	return (p[0].file, int(p[0].line), int(p[0].column))

# The first use of the handle mapped at p that is not a store checked later.
def first_use(p):
	if key(p) in loop_checked:
		return None
	found = [(u, x) for (u, x) in uses.get(key(p), [])
		 if (key(p), key(u)) not in stored_then_checked and
		 not checked_between(p, x, int(u[0].line))]
	return min(found, key=lambda e: key(e[0]))[0] if found else None

# A stored, unchecked handle is reported only when no use was (that report says more), the loop check
# does not apply, and no check spelled differently follows.
def stored_unchecked_finding(p, x):
	return (key(p) not in loop_checked and not checked_between(p, x, 1 << 30) and
		first_use(p) is None)

def dmc_org(p, msg):
	coccilib.org.print_todo(p[0], msg)

// Files that call none of these cannot match: spatch skips them
// without parsing when every rule depends on this one.
@gate@
@@

// dmacheck:generated gate map
\(dma_map_page\|dma_map_page_attrs\|dma_map_phys\|dma_map_resource
  \|dma_map_sg\|dma_map_sg_attrs\|dma_map_sgtable\|dma_map_single
  \|dma_map_single_attrs\|ib_dma_map_page\|ib_dma_map_sg
  \|ib_dma_map_sg_attrs\|ib_dma_map_single\|skb_frag_dma_map
  \|virtqueue_dma_map_single_attrs\)(...)
// dmacheck:end

@script:python reset depends on gate@
@@
wrappers.clear()
checkers.clear()
uses.clear()
stored_then_checked.clear()
sg_findings.clear()
checks_by_text.clear()
loop_checked.clear()

// A function that returns a mapping it does not check hands the check to
// its callers: calls to it are map calls.
@wrapper depends on gate exists@
identifier fn, map = {dma_map_single, dma_map_single_attrs, dma_map_page,
		      dma_map_page_attrs, dma_map_resource, skb_frag_dma_map};
expression x, D;
type T;
@@
T fn(...)
{
...
(
return map(...);
|
x = map(...)
... when != dma_mapping_error(D, x)
return x;
)
}

@script:python@
fn << wrapper.fn;
@@
wrappers.add(fn)

// A function that passes its parameter to dma_mapping_error() checks the
// handle its callers give it.
@checker depends on gate@
identifier fn, a;
type T, Ta;
expression D;
@@
T fn(..., Ta a, ...)
{
<+...
dma_mapping_error(D, a)
...+>
}

@script:python@
fn << checker.fn;
@@
checkers.add(fn)

// A failure branch that stops: every path in it returns, jumps or leaves
// the loop.
@stops depends on gate@
expression D, x, err;
position pc;
identifier l;
statement S;
@@
(
if@pc (<+... dma_mapping_error(D, x) ...+>)
{
  ...
(
  return ...;
|
  goto l;
|
  break;
|
  continue;
|
  BUG();
)
  ...
}
else S
|
if@pc (<+... dma_mapping_error(D, x) ...+>)
{
  ...
(
  return ...;
|
  goto l;
|
  break;
|
  continue;
|
  BUG();
)
  ...
}
|
err = dma_mapping_error(D, x);
... when != err = D
if@pc (<+... err ...+>)
{
  ...
(
  return ...;
|
  goto l;
|
  break;
|
  continue;
|
  BUG();
)
  ...
}
)

// A failure branch that maps the buffer again (a bounce buffer) replaces
// the handle; its new value is checked on its own.
@remaps depends on gate@
expression D, x, E;
position pc;
statement S;
@@
(
if@pc (<+... dma_mapping_error(D, x) ...+>) { <+... x = E ...+> } else S
|
if@pc (<+... dma_mapping_error(D, x) ...+>) { <+... x = E ...+> }
)

// if (!dma_mapping_error(...)) { use } else { ... }: the then-branch is
// the success path, not a failure branch.
@negated depends on gate@
expression D, x;
position pc;
statement S;
@@
if@pc (<+... \(!dma_mapping_error(D, x)\|dma_mapping_error(D, x) == 0\) ...+>) S

// The handle used before any check.  A plain store is followed: when the
// stored copy (or the handle) is checked next, the store was no use.
@unchecked depends on gate exists@
expression x, D, E, F;
identifier map : script:python() { is_map(map) };
identifier hf : script:python() { is_checker(hf) };
position p, u;
@@
x = map@p(...)
... when != dma_mapping_error(D, x)
    when != hf(..., x, ...)
    when != F->hf(..., x, ...)
    when != x = E
(
return x;
|
dma_mapping_error(D, x)
|
hf(..., x, ...)
|
F->hf(..., x, ...)
|
x = E
|
x@u
)

@stored depends on gate exists@
expression x, D, E, S;
identifier map : script:python() { is_map(map) };
identifier hf : script:python() { is_checker(hf) };
identifier f;
position p, u;
@@
x = map@p(...)
... when != x = E
(
S = <+... x@u ...+>;
|
dma_unmap_addr_set(S, f, <+... x@u ...+>);
)
... when != x = E
    when != S = E
(
dma_mapping_error(D, \(x\|S\|dma_unmap_addr(S, f)\))
|
hf(..., \(x\|S\|dma_unmap_addr(S, f)\), ...)
)

@script:python@
p << unchecked.p;
u << unchecked.u;
x << unchecked.x;
@@
uses.setdefault(key(p), []).append((u, x))

@script:python@
p << stored.p;
u << stored.u;
@@
stored_then_checked.add((key(p), key(u)))

// Every check, by the text of its handle, for checks that spell the
// handle differently from the map.
@any_check depends on gate@
expression D, e;
position pc;
@@
dma_mapping_error@pc(D, e)

@script:python@
e << any_check.e;
pc << any_check.pc;
@@
checks_by_text.setdefault(pc[0].current_element, []).append((norm(e), int(pc[0].line)))

// The transmit loops of many drivers (igb, ixgbe, fm10k) test the handle
// at the top of a for (;;) that only ends by break: the loop body always
// runs, which the control flow graph does not know.
@forever_checked depends on gate exists@
expression x, D, E, E1, E2;
identifier map : script:python() { is_map(map) };
position p;
@@
x = map@p(...)
... when != x = E
(
for (E1;;E2) { <+... dma_mapping_error(D, x) ...+> }
|
for (;;) { <+... dma_mapping_error(D, x) ...+> }
|
while (1) { <+... dma_mapping_error(D, x) ...+> }
)

@script:python@
p << forever_checked.p;
@@
loop_checked.add(key(p))

// A handle stored straight into a ring slot or descriptor and never
// checked on some path: the store hands it on.
@field_store depends on gate@
expression E1, E2;
identifier f;
identifier map : script:python() { is_map(map) };
position p;
@@
\(E1->f\|E1.f\|E1[E2]\) = map@p(...)

@stored_unchecked depends on gate exists@
expression x, D, E, F;
identifier map : script:python() { is_map(map) };
identifier hf : script:python() { is_checker(hf) };
position p = field_store.p;
@@
x = map@p(...)
... when != dma_mapping_error(D, x)
    when != hf(..., x, ...)
    when != F->hf(..., x, ...)
    when != x = E

// dma_mapping_error() called, its result dropped.
@dropped depends on gate exists@
expression x, D, E;
identifier map : script:python() { is_map(map) };
position p, pc, u;
@@
x = map@p(...)
... when != x = E
\(dma_mapping_error@pc(D, x);\|WARN_ON(dma_mapping_error@pc(D, x));\|WARN_ON_ONCE(dma_mapping_error@pc(D, x));\)
... when != x = E
x@u

// The failure branch falls through to a use of the handle.
@fallthrough depends on gate exists@
expression x, D, E, err;
identifier map : script:python() { is_map(map) };
position p, u;
position pc != {stops.pc, negated.pc, remaps.pc};
statement S1, S2;
@@
x = map@p(...)
... when != x = E
(
if@pc (<+... dma_mapping_error(D, x) ...+>) S1 else S2
|
if@pc (<+... dma_mapping_error(D, x) ...+>) S1
|
err = dma_mapping_error(D, x);
... when != err = E
if@pc (<+... err ...+>) S1
)
... when != x = E
x@u

// The handle never exists as a value that could be checked.
@ignored depends on gate@
identifier map : script:python() { is_map(map) };
identifier f != {dma_mapping_error};
position p;
@@
(
map@p(...);
|
f(..., map@p(...), ...)
)

// dma_map_sg()/dma_map_sgtable(): the count (or error) used before a test.
@sg_untested depends on gate exists@
expression n, E;
identifier sgmap = {dma_map_sg, dma_map_sg_attrs, dma_map_sgtable};
statement S1, S2;
position p, u, pneg;
@@
n = sgmap@p(...)
... when != n = E
(
if@pneg (\(n < 0\|unlikely(n < 0)\)) S1
|
if (<+... n ...+>) S1 else S2
|
if (<+... n ...+>) S1
|
return <+... n ...+>;
|
n@u
)

@sg_ignored depends on gate@
identifier sgmap = {dma_map_sg, dma_map_sg_attrs, dma_map_sgtable};
position p;
@@
sgmap@p(...);

// Keep, of the paths to a use, the first use of a handle that no check
// covers: the reports below and context mode see only those.
@script:python keep_first_use@
p << unchecked.p;
u << unchecked.u;
@@
first = first_use(p)
if first is None or key(first) != key(u):
	cocci.include_match(False)

// sg_untested matches every path to the first mention of the count; only
// those ending in a use or a test for < 0 are findings.
@script:python@
p << sg_untested.p;
u << sg_untested.u;
@@
sg_findings.add(key(p))

@script:python@
p << sg_untested.p;
pneg << sg_untested.pneg;
@@
sg_findings.add(key(p))

@script:python keep_sg@
p << sg_untested.p;
@@
if key(p) not in sg_findings:
	cocci.include_match(False)

// Context mode marks the map calls and the uses that make them findings.
@depends on context exists@
identifier mapfn : script:python() { is_map(mapfn) };
expression unchecked.x;
position unchecked.p, unchecked.u;
@@
* x = mapfn@p(...)
...
* x@u

@depends on context@
identifier mapfn : script:python() { is_map(mapfn) };
position p = {dropped.p, fallthrough.p, ignored.p, stored_unchecked.p};
@@
* mapfn@p(...)

@depends on context@
identifier sgmap = {dma_map_sg, dma_map_sg_attrs, dma_map_sgtable};
position p = {sg_untested.p, sg_ignored.p};
@@
* sgmap@p(...)

@script:python depends on report@
p << unchecked.p;
map << unchecked.map;
x << unchecked.x;
@@
u = first_use(p)
if u is not None:
	dmc_report(p, "WARNING: %s() result '%s' is used on line %s without a dma_mapping_error() check" % (map, text(x), u[0].line),
		   [(u, "'%s' used here" % text(x))])

@script:python depends on org@
p << unchecked.p;
map << unchecked.map;
@@
if first_use(p) is not None:
	dmc_org(p, "%s() result used without a dma_mapping_error() check" % map)

@script:python depends on report@
p << stored_unchecked.p;
map << stored_unchecked.map;
x << stored_unchecked.x;
@@
if stored_unchecked_finding(p, x):
	dmc_report(p, "WARNING: %s() result is stored in '%s' and never checked with dma_mapping_error()" % (map, text(x)))

@script:python depends on org@
p << stored_unchecked.p;
map << stored_unchecked.map;
x << stored_unchecked.x;
@@
if stored_unchecked_finding(p, x):
	dmc_org(p, "%s() result stored and never checked" % map)

@script:python depends on report@
p << dropped.p;
pc << dropped.pc;
map << dropped.map;
u << dropped.u;
@@
dmc_report(p, "WARNING: the result of dma_mapping_error() on line %s is ignored; %s() result is used on line %s" % (pc[0].line, map, u[0].line),
	   [(pc, "dma_mapping_error() result ignored here"), (u, "handle used here")])

@script:python depends on org@
p << dropped.p;
map << dropped.map;
@@
dmc_org(p, "%s() checked with dma_mapping_error(), result ignored" % map)

@script:python depends on report@
p << fallthrough.p;
pc << fallthrough.pc;
map << fallthrough.map;
u << fallthrough.u;
@@
dmc_report(p, "WARNING: the failure branch of dma_mapping_error() on line %s falls through to a use of the %s() result on line %s" % (pc[0].line, map, u[0].line),
	   [(pc, "failure branch does not stop"), (u, "handle used here")])

@script:python depends on org@
p << fallthrough.p;
map << fallthrough.map;
@@
dmc_org(p, "failure branch of the %s() check falls through" % map)

@script:python depends on report@
p << ignored.p;
map << ignored.map;
@@
dmc_report(p, "WARNING: %s() result is never checked with dma_mapping_error()" % map)

@script:python depends on org@
p << ignored.p;
map << ignored.map;
@@
dmc_org(p, "%s() result never checked" % map)

@script:python depends on report@
p << sg_untested.p;
pneg << sg_untested.pneg;
sgmap << sg_untested.sgmap;
@@
if sgmap != "dma_map_sgtable":
	dmc_report(p, "WARNING: %s() returns 0 on failure, never a negative value: the test on line %s never fires" % (sgmap, pneg[0].line),
		   [(pneg, "test for < 0")])

@script:python depends on report@
p << sg_untested.p;
u << sg_untested.u;
sgmap << sg_untested.sgmap;
n << sg_untested.n;
@@
dmc_report(p, "WARNING: %s() result '%s' is used on line %s before it is tested for failure" % (sgmap, n, u[0].line),
	   [(u, "'%s' used here" % n)])

@script:python depends on report@
p << sg_ignored.p;
sgmap << sg_ignored.sgmap;
@@
dmc_report(p, "WARNING: %s() result is ignored: a failed mapping goes unnoticed" % sgmap)

@script:python depends on org@
p << sg_untested.p;
sgmap << sg_untested.sgmap;
@@
dmc_org(p, "%s() result used before it is tested" % sgmap)

@script:python depends on org@
p << sg_ignored.p;
sgmap << sg_ignored.sgmap;
@@
dmc_org(p, "%s() result ignored" % sgmap)
