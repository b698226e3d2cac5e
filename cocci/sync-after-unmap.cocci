// SPDX-License-Identifier: GPL-2.0
/// The sync functions move a live mapping between CPU and device; after
/// dma_unmap_*() the handle names nothing, and the DMA layer may already
/// have given its IOVA range or bounce slots to another mapping.  A sync
/// after the unmap (an error branch that unmaps and falls through to the
/// recycle code, a sync_for_cpu placed after the unmap it should precede)
/// works on someone else's memory.
///
/// Reported when, within one function, a path leads from an unmap of a
/// handle to a dma_sync_*() of the same handle, later in the function's
/// text, with no assignment in between to the handle or to any variable it
/// is built from (the ring index, the slot pointer), and no
/// dma_unmap_addr_set() of it.  A map of a fresh buffer into the same slot
/// is such an assignment.  Syncs in other functions are not followed.
///
/// dmacheck rule: sync-after-unmap (docs/rules/sync-after-unmap.md)
//
// Confidence: Moderate
// Options: --no-includes --include-headers
// Keywords: dma_sync_single_for_cpu, dma_sync_single_for_device, dma_sync_single_range_for_cpu, dma_sync_single_range_for_device, dma_sync_sg_for_cpu, dma_sync_sg_for_device, dma_sync_sgtable_for_cpu, dma_sync_sgtable_for_device

virtual context
virtual org
virtual report

@initialize:python@
@@
import json
import os
import re

UNMAPS = {"dma_unmap_single", "dma_unmap_single_attrs", "dma_unmap_page",
	  "dma_unmap_page_attrs", "dma_unmap_resource", "dma_unmap_sg",
	  "dma_unmap_sg_attrs", "dma_unmap_sgtable"}
SYNCS = {"dma_sync_single_for_cpu", "dma_sync_single_for_device",
	 "dma_sync_single_range_for_cpu", "dma_sync_single_range_for_device",
	 "dma_sync_sg_for_cpu", "dma_sync_sg_for_device",
	 "dma_sync_sgtable_for_cpu", "dma_sync_sgtable_for_device"}

names = {}	# unmap -> the variables its handle is built from
paths = {}	# (unmap, sync) -> the variables whose changes did not stop it
verdicts = set()
stepping_handles = set()	# releases whose handle has a side effect

def is_unmap(name):
	return name in UNMAPS

def is_sync(name):
	return name in SYNCS

def loc(p):
	return (p[0].file, int(p[0].line), int(p[0].column))

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

\(dma_sync_single_for_cpu\|dma_sync_single_for_device
  \|dma_sync_single_range_for_cpu\|dma_sync_single_range_for_device
  \|dma_sync_sg_for_cpu\|dma_sync_sg_for_device\|dma_sync_sgtable_for_cpu
  \|dma_sync_sgtable_for_device\)(...)

@script:python reset depends on gate@
@@
names.clear()
paths.clear()
verdicts.clear()
stepping_handles.clear()

// The variables each unmapped handle is built from: for
// ring->buf[i].dma those are ring, buf, i and dma.
@parts depends on gate@
identifier u1 : script:python() { is_unmap(u1) };
expression D;
identifier v;
position p1;
@@
u1@p1(D, <+... v ...+>, ...)

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

// A path from the unmap to a sync of the same handle on which one of
// those variables does not change.  A path that sets a local to a constant
// is left out: that is a flag (rx_in_place = 1, skb = NULL) a later test
// reads to skip the sync, which a pattern cannot follow
// (lib82596.c's i596_rx()).
@again depends on gate exists@
identifier u1 : script:python() { is_unmap(u1) };
identifier s2 : script:python() { is_sync(s2) };
identifier parts.v, fld;
expression x, D, D2, E, E3;
local idexpression fl;
constant C;
position parts.p1, p2;
@@
u1@p1(D, x, ...)
... when != x = E
    when != fl = C
    when != fl = NULL
    when != fl = true
    when != fl = false
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
s2@p2(D2, x, ...)

@script:python@
p1 << parts.p1;
v << parts.v;
p2 << again.p2;
@@
# Later in the text only: an earlier sync is reached around a loop.
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
s2 << again.s2;
u1 << again.u1;
@@
dmc_report(p2, "WARNING: %s() of a handle already unmapped by %s() on line %s" % (s2, u1, p1[0].line),
	   [(p1, "%s() called here" % u1)])

@script:python depends on org@
p1 << parts.p1;
p2 << again.p2;
@@
coccilib.org.print_todo(p2[0], "sync after the unmap on line %s" % p1[0].line)
