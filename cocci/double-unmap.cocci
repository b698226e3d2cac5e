// SPDX-License-Identifier: GPL-2.0
/// An unmap ends a mapping: the IOVA range or bounce slots go back to the
/// DMA layer, which may hand them to another mapping at once.  Unmapping
/// the same handle again (an error path that unmaps and then falls through
/// to a label that unmaps again) releases someone else's mapping.  The same
/// holds for dma_free_coherent() of the same memory twice.
///
/// Reported when, within one function, a path leads from an unmap (or
/// free) of a handle to another unmap (or free) of the same handle, later in
/// the function's text, with no assignment in between to the handle or to
/// any variable it is built from (the ring index, the slot pointer), and no
/// dma_unmap_addr_set() of it.  Across functions the tool does not follow
/// handles: a completion handler and a teardown that both unmap a slot are
/// beyond this rule.
///
/// Also reported: an unmap of a handle inside the branch where
/// dma_mapping_error() said the mapping failed (nothing was mapped).
///
/// dmacheck rule: double-unmap (docs/rules/double-unmap.md)
//
// Confidence: Moderate
// Options: --no-includes --include-headers
// Keywords: dma_unmap_single, dma_unmap_page, dma_unmap_resource, dma_unmap_sg, dma_free_coherent

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

# Unmaps of the handle in the second argument, frees of the CPU address in
# the third (the patterns below look there).
UNMAPS = api_names("unmap", handle=1)
FREES = api_names("free", cpu=2)

names = {}	# first unmap -> the variables its handle is built from
paths = {}	# (first, second) -> the variables whose changes did not stop it
verdicts = set()
stepping_handles = set()	# releases whose handle has a side effect

def is_unmap(name):
	return name in UNMAPS

def is_free(name):
	return name in FREES

// Files that call none of these cannot match: spatch skips them
// without parsing when every rule depends on this one.
@gate@
@@

// dmacheck:generated gate unmap handle=1 ; free cpu=2
\(dma_free_attrs\|dma_free_coherent\|dma_free_noncoherent\|dma_free_pages
  \|dma_free_wc\|dma_unmap_page\|dma_unmap_page_attrs\|dma_unmap_phys
  \|dma_unmap_resource\|dma_unmap_sg\|dma_unmap_sg_attrs\|dma_unmap_sgtable
  \|dma_unmap_single\|dma_unmap_single_attrs\|dmam_free_coherent
  \|ib_dma_unmap_page\|ib_dma_unmap_sg\|ib_dma_unmap_sg_attrs
  \|ib_dma_unmap_single\|virtqueue_dma_unmap_single_attrs\)(...)
// dmacheck:end

@script:python reset depends on gate@
@@
names.clear()
paths.clear()
verdicts.clear()
stepping_handles.clear()

// The variables each released handle is built from: for
// ring->buf[i].dma those are ring, buf, i and dma.
@parts depends on gate@
identifier u1 : script:python() { is_unmap(u1) };
identifier f1 : script:python() { is_free(f1) };
expression D, S;
identifier v;
position p1;
@@
(
u1@p1(D, <+... v ...+>, ...)
|
f1@p1(D, S, <+... v ...+>, ...)
)

@script:python@
p1 << parts.p1;
v << parts.v;
@@
names.setdefault(loc(p1), set()).add(str(v))

// A handle read with a side effect (*p++) names a new one each time.
@stepping depends on gate@
expression D, x;
identifier u1 : script:python() { is_unmap(u1) };
position parts.p1;
@@
u1@p1(D, x, ...)

@script:python@
p1 << parts.p1;
x << stepping.x;
@@
if "++" in str(x) or "--" in str(x):
	stepping_handles.add(loc(p1))

// A path from one release to another of the same handle on which one of
// those variables does not change.
@again depends on gate exists@
identifier u1 : script:python() { is_unmap(u1) };
identifier u2 : script:python() { is_unmap(u2) };
identifier f1 : script:python() { is_free(f1) };
identifier f2 : script:python() { is_free(f2) };
identifier parts.v, fld;
expression x, D, D2, S, S2, E, E3;
position parts.p1, p2;
@@
(
u1@p1(D, x, ...)
|
f1@p1(D, S, x, ...)
)
... when != x = E
    when != v = E
    when != v++
    when != ++v
    when != v--
    when != --v
    when != v += E
    when != v -= E
    when != &v
    when != E3->v = E
    when != E3.v = E
    when != dma_unmap_addr_set(<+... v ...+>, fld, E)
(
u2@p2(D2, x, ...)
|
f2@p2(D2, S2, x, ...)
)

@script:python@
p1 << parts.p1;
v << parts.v;
p2 << again.p2;
@@
# Later in the text only: an earlier release is reached around a loop.
if (int(p2[0].line), int(p2[0].column)) > (int(p1[0].line), int(p1[0].column)):
	paths.setdefault((loc(p1), loc(p2)), set()).add(str(v))

@script:python decide depends on gate@
@@
for key, vs in paths.items():
	if key[0] not in stepping_handles and vs >= names.get(key[0], set()):
		verdicts.add(key)

@script:python keep@
p1 << parts.p1;
p2 << again.p2;
@@
if (loc(p1), loc(p2)) not in verdicts:
	cocci.include_match(False)

@depends on gate && context@
position again.p2;
identifier fn;
@@
* fn@p2(...)

@script:python depends on report@
p1 << parts.p1;
p2 << again.p2;
@@
dmc_report(p2, "WARNING: this releases a handle already released on line %s" % p1[0].line,
	   [(p1, "first released here")])

@script:python depends on org@
p1 << parts.p1;
p2 << again.p2;
@@
coccilib.org.print_todo(p2[0], "released again (first on line %s)" % p1[0].line)

// An unmap of the handle whose dma_mapping_error() check just failed: the
// mapping does not exist.  Only a local handle: a field's base pointer may
// move to another ring entry inside the branch (atl1e's unwind loop).
@failed_unmap depends on gate exists@
identifier u : script:python() { is_unmap(u) };
local idexpression x;
expression D, D2, E;
position pc, p;
@@
if (dma_mapping_error@pc(D, x)) {
  ... when != x = E
  u@p(D2, x, ...);
  ...
}

@depends on gate && context@
position failed_unmap.p;
identifier fn;
@@
* fn@p(...)

@script:python depends on report@
pc << failed_unmap.pc;
p << failed_unmap.p;
@@
dmc_report(p, "WARNING: this unmaps a handle whose mapping failed (dma_mapping_error() on line %s)" % pc[0].line,
	   [(pc, "the mapping failed here")])

@script:python depends on org@
pc << failed_unmap.pc;
p << failed_unmap.p;
@@
coccilib.org.print_todo(p[0], "unmap of a failed mapping (checked on line %s)" % pc[0].line)
