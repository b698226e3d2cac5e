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

UNMAPS = {"dma_unmap_single", "dma_unmap_single_attrs", "dma_unmap_page",
	  "dma_unmap_page_attrs", "dma_unmap_resource", "dma_unmap_sg",
	  "dma_unmap_sg_attrs", "dma_unmap_sgtable"}
FREES = {"dma_free_coherent", "dma_free_attrs"}

names = {}	# first unmap -> the variables its handle is built from
paths = {}	# (first, second) -> the variables whose changes did not stop it
verdicts = set()
stepping_handles = set()	# releases whose handle has a side effect

def is_unmap(name):
	return name in UNMAPS

def is_free(name):
	return name in FREES

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

\(dma_unmap_single\|dma_unmap_single_attrs\|dma_unmap_page\|dma_unmap_page_attrs
  \|dma_unmap_resource\|dma_unmap_sg\|dma_unmap_sg_attrs\|dma_unmap_sgtable
  \|dma_free_coherent\|dma_free_attrs\)(...)

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
// mapping does not exist.
@failed_unmap depends on gate exists@
identifier u : script:python() { is_unmap(u) };
expression D, D2, x, E;
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
