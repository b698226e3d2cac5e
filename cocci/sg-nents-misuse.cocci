// SPDX-License-Identifier: GPL-2.0
/// dma_map_sg() returns the number of DMA segments, which an IOMMU can
/// make smaller than the nents passed in.  dma_unmap_sg() and
/// dma_sync_sg_for_*() need the original nents (they walk the CPU view);
/// sg_dma_address()/sg_dma_len() are valid for the returned count only.
///
/// Reported:
///  - dma_unmap_sg()/dma_sync_sg_*() given dma_map_sg()'s result, in the
///    function that mapped or through a field that only ever holds that
///    result (req->mapped = count; ... dma_unmap_sg(.., req->mapped, ..));
///  - a for_each_sg() loop that reads sg_dma_address()/sg_dma_len() over
///    the nents passed to dma_map_sg() instead of its result, or over an
///    sg_table's orig_nents.
/// Patch mode gives dma_unmap_sg()/dma_sync_sg_*() the nents of the
/// dma_map_sg() call in the same function.
///
/// dmacheck rule: sg-nents-misuse (docs/rules/sg-nents-misuse.md)
//
// Confidence: High
// Options: --no-includes --include-headers
// Keywords: dma_map_sg, dma_map_sg_attrs, orig_nents

virtual context
virtual patch
virtual org
virtual report

@initialize:python@
@@
import json
import os
import re

count_fields = set()	# fields that receive a dma_map_sg() result
other_fields = set()	# fields that receive anything else

def text(e):
	return re.sub(r"\s*(->|\.)\s*", r"\1", str(e))

def field(e):
	m = re.search(r"(->|\.)\s*(\w+)\s*$", str(e))
	return m.group(2) if m else None

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

// Files that call none of these cannot match: spatch skips them
// without parsing when every rule depends on this one.
@gate@
@@

\(dma_map_sg\|dma_map_sg_attrs\|sg_dma_address\|sg_dma_len\)(...)

@script:python reset depends on gate@
@@
count_fields.clear()
other_fields.clear()

// The count handed to unmap or sync in the function that mapped.
@same_function depends on gate && !patch exists@
expression n, E, D, D2, S, N, dir, dir2;
identifier sgmap = {dma_map_sg, dma_map_sg_attrs};
identifier release = {dma_unmap_sg, dma_unmap_sg_attrs, dma_sync_sg_for_cpu, dma_sync_sg_for_device};
position p, r;
@@
n = sgmap@p(D, S, N, dir, ...)
... when != n = E
    when != N = E
release@r(D2, S, n, dir2, ...)

@depends on gate && patch exists@
expression n, E, D, D2, S, N, dir, dir2;
identifier sgmap = {dma_map_sg, dma_map_sg_attrs};
identifier release = {dma_unmap_sg, dma_unmap_sg_attrs, dma_sync_sg_for_cpu, dma_sync_sg_for_device};
@@
n = sgmap(D, S, N, dir, ...)
<... when != n = E
     when != N = E
release(D2, S,
- n
+ N
  , dir2, ...)
...>

// Fields that hold the count, directly or through a local.
@count_field depends on gate@
expression fld, D, S, N, dir;
identifier sgmap = {dma_map_sg, dma_map_sg_attrs};
@@
fld = sgmap(D, S, N, dir, ...)

@script:python@
fld << count_field.fld;
@@
if field(fld):
	count_fields.add(field(fld))

@count_copied depends on gate exists@
expression n, fld, D, S, N, dir, E;
identifier sgmap = {dma_map_sg, dma_map_sg_attrs};
@@
n = sgmap(D, S, N, dir, ...)
... when != n = E
fld = n

@script:python@
fld << count_copied.fld;
@@
if field(fld):
	count_fields.add(field(fld))

@other_field depends on gate@
expression fld, rhs;
position p;
@@
fld@p = rhs

@script:python@
fld << other_field.fld;
rhs << other_field.rhs;
@@
r = re.sub(r"\s+", "", str(rhs))
if field(fld) and r != "0" and not re.match(r"^dma_map_sg(_attrs)?\(", r) and not re.match(r"^[A-Za-z_]\w*$", r):
	other_fields.add(field(fld))

@through_field depends on gate@
expression D, S, fld, dir;
identifier release = {dma_unmap_sg, dma_unmap_sg_attrs, dma_sync_sg_for_cpu, dma_sync_sg_for_device};
position r;
@@
release@r(D, S, fld, dir, ...)

@script:python@
fld << through_field.fld;
@@
f = field(fld)
if not f or f not in count_fields or f in other_fields:
	cocci.include_match(False)

@depends on gate && context@
identifier through_field.release;
position through_field.r;
@@
* release@r(...)

// The DMA view walked over the CPU count.
@walk depends on gate exists@
iterator name for_each_sg;
expression n, E, D, S, N, dir, sg, i;
identifier sgmap = {dma_map_sg, dma_map_sg_attrs};
position p, w;
@@
n = sgmap@p(D, S, N, dir, ...)
... when != N = E
for_each_sg@w(S, sg, N, i)
{ <+... \(sg_dma_address(sg)\|sg_dma_len(sg)\) ...+> }

@walk_table depends on gate@
iterator name for_each_sg;
expression T, sg, i;
position w;
@@
for_each_sg@w(T->sgl, sg, T->orig_nents, i)
{ <+... \(sg_dma_address(sg)\|sg_dma_len(sg)\) ...+> }

// Context mode marks the calls given the wrong count.
@depends on context@
identifier same_function.release;
position same_function.r;
@@
* release@r(...)

@depends on context@
iterator name for_each_sg;
expression list es;
statement B;
position walk.w;
@@
* for_each_sg@w(es)
  B

@depends on context@
iterator name for_each_sg;
expression list es;
statement B;
position walk_table.w;
@@
* for_each_sg@w(es)
  B

@script:python depends on report@
p << same_function.p;
r << same_function.r;
release << same_function.release;
sgmap << same_function.sgmap;
n << same_function.n;
N << same_function.N;
@@
dmc_report(r, "WARNING: %s() is given the count %s() returned on line %s ('%s'); it needs the nents passed to it ('%s')" % (release, sgmap, p[0].line, text(n), text(N)),
	   [(p, "%s() called here" % sgmap)])

@script:python depends on report@
r << through_field.r;
release << through_field.release;
fld << through_field.fld;
@@
dmc_report(r, "WARNING: %s() is given '%s', which holds a dma_map_sg() result; it needs the nents passed to dma_map_sg()" % (release, text(fld)))

@script:python depends on report@
p << walk.p;
w << walk.w;
sgmap << walk.sgmap;
N << walk.N;
@@
dmc_report(w, "WARNING: for_each_sg() reads sg_dma_address()/sg_dma_len() over '%s', the nents passed to %s() on line %s; only its result counts DMA segments" % (text(N), sgmap, p[0].line),
	   [(p, "%s() called here" % sgmap)])

@script:python depends on report@
w << walk_table.w;
@@
dmc_report(w, "WARNING: for_each_sg() reads sg_dma_address()/sg_dma_len() over orig_nents; the DMA segments number nents (for_each_sgtable_dma_sg())")

@script:python depends on org@
r << same_function.r;
release << same_function.release;
@@
coccilib.org.print_todo(r[0], "%s() given dma_map_sg()'s result" % release)

@script:python depends on org@
r << through_field.r;
release << through_field.release;
@@
coccilib.org.print_todo(r[0], "%s() given a field holding dma_map_sg()'s result" % release)

@script:python depends on org@
w << walk.w;
@@
coccilib.org.print_todo(w[0], "sg_dma_*() walked over the CPU nents")

@script:python depends on org@
w << walk_table.w;
@@
coccilib.org.print_todo(w[0], "sg_dma_*() walked over orig_nents")
