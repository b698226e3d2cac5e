// SPDX-License-Identifier: GPL-2.0
/// dma_alloc_coherent() and its managed and attrs variants return zeroed
/// memory (since Linux 5.0, for every DMA implementation); a memset() of
/// the fresh allocation to zero is redundant work and suggests the author
/// expects otherwise.  Patch mode removes the memset().
///
/// The allocation is followed by its NULL check and then the memset of the
/// same pointer, with no other use of the pointer in between: if the driver
/// wrote into the buffer first, the memset is not redundant.  A memset
/// whose next statement frees the same memory scrubs it (key material) and
/// is left alone.
///
/// dmacheck rule: coherent-memset (docs/rules/coherent-memset.md)
//
// Confidence: High
// Options: --no-includes --include-headers
// Keywords: dma_alloc_coherent, dmam_alloc_coherent, dma_alloc_attrs, dmam_alloc_attrs, dma_alloc_wc

virtual context
virtual patch
virtual org
virtual report

@initialize:python@
@@
import json
import os

# dmacheck:generated helpers dmc_report
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
# dmacheck:end

// A memset that a path from the start of the function reaches without the
// allocation (memory reused, or from another allocator on the other branch)
// is not redundant on that path.
@reused exists@
identifier fn;
// dmacheck:generated idlist alloc alloc family=coherent,managed
identifier alloc = {dma_alloc_attrs, dma_alloc_coherent, dma_alloc_wc,
		dma_zalloc_coherent, dmam_alloc_attrs, dmam_alloc_coherent};
// dmacheck:end
expression x, E2;
position p2;
@@

fn(...) {
... when != x = alloc(...)
memset@p2(x, 0, E2);
... when any
}

// A memset right before the memory is freed (the next statement) scrubs
// what it held (a key, a secret): it does not repeat the allocator's zeroing.
@scrubbed@
expression x, E2, D, E3, H;
position p2;
@@

memset@p2(x, 0, E2);
\(dma_free_coherent\|dmam_free_coherent\|dma_free_attrs\)(D, E3, x, H, ...);

// The pointer assigned: x = dma_alloc_coherent(...);
@assigned depends on !patch exists@
// dmacheck:generated idlist alloc alloc family=coherent,managed
identifier alloc = {dma_alloc_attrs, dma_alloc_coherent, dma_alloc_wc,
		dma_zalloc_coherent, dmam_alloc_attrs, dmam_alloc_coherent};
// dmacheck:end
expression x, E1, E2, D, H, G;
statement S;
position p1, p2 != {reused.p2, scrubbed.p2};
@@

x = alloc@p1(D, E1, H, G, ...);
... when != x
if (\(x == NULL\|!x\|unlikely(!x)\|IS_ERR_OR_NULL(x)\)) S
... when != x
* memset@p2(x, 0, E2);

// The pointer declared: T *x = dma_alloc_coherent(...);
@declared depends on !patch exists@
// dmacheck:generated idlist alloc alloc family=coherent,managed
identifier alloc = {dma_alloc_attrs, dma_alloc_coherent, dma_alloc_wc,
		dma_zalloc_coherent, dmam_alloc_attrs, dmam_alloc_coherent};
// dmacheck:end
identifier x;
expression E1, E2, D, H, G;
type T;
statement S;
position p1, p2 != {reused.p2, scrubbed.p2};
@@

T x = alloc@p1(D, E1, H, G, ...);
... when != x
if (\(x == NULL\|!x\|unlikely(!x)\|IS_ERR_OR_NULL(x)\)) S
... when != x
* memset@p2(x, 0, E2);

@depends on patch exists@
// dmacheck:generated idlist alloc alloc family=coherent,managed
identifier alloc = {dma_alloc_attrs, dma_alloc_coherent, dma_alloc_wc,
		dma_zalloc_coherent, dmam_alloc_attrs, dmam_alloc_coherent};
// dmacheck:end
expression x, E1, E2, D, H, G;
statement S;
position p2 != {reused.p2, scrubbed.p2};
@@

x = alloc(D, E1, H, G, ...);
... when != x
if (\(x == NULL\|!x\|unlikely(!x)\|IS_ERR_OR_NULL(x)\)) S
... when != x
- memset@p2(x, 0, E2);

@depends on patch exists@
// dmacheck:generated idlist alloc alloc family=coherent,managed
identifier alloc = {dma_alloc_attrs, dma_alloc_coherent, dma_alloc_wc,
		dma_zalloc_coherent, dmam_alloc_attrs, dmam_alloc_coherent};
// dmacheck:end
identifier x;
expression E1, E2, D, H, G;
type T;
statement S;
position p2 != {reused.p2, scrubbed.p2};
@@

T x = alloc(D, E1, H, G, ...);
... when != x
if (\(x == NULL\|!x\|unlikely(!x)\|IS_ERR_OR_NULL(x)\)) S
... when != x
- memset@p2(x, 0, E2);

@script:python depends on org@
p1 << assigned.p1;
p2 << assigned.p2;
alloc << assigned.alloc;
@@
coccilib.org.print_todo(p2[0], "memset() of memory already zeroed by %s() on line %s" % (alloc, p1[0].line))

@script:python depends on org@
p1 << declared.p1;
p2 << declared.p2;
alloc << declared.alloc;
@@
coccilib.org.print_todo(p2[0], "memset() of memory already zeroed by %s() on line %s" % (alloc, p1[0].line))

@script:python depends on report@
p1 << assigned.p1;
p2 << assigned.p2;
alloc << assigned.alloc;
@@
dmc_report(p2, "WARNING: memset() of memory already zeroed by %s() on line %s" % (alloc, p1[0].line),
	   [(p1, "%s() called here" % alloc)])

@script:python depends on report@
p1 << declared.p1;
p2 << declared.p2;
alloc << declared.alloc;
@@
dmc_report(p2, "WARNING: memset() of memory already zeroed by %s() on line %s" % (alloc, p1[0].line),
	   [(p1, "%s() called here" % alloc)])
