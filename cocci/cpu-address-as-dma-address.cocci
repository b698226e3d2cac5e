// SPDX-License-Identifier: GPL-2.0
/// A device must be given addresses the DMA API produced: dma_map_*() or
/// dma_alloc_coherent().  virt_to_phys(), __pa(), page_to_phys() and
/// virt_to_bus() give CPU physical addresses, which skip IOMMU translation,
/// bus offsets, swiotlb bouncing and cache maintenance.
///
/// Reported where such an address reaches the device, with the conversion
/// as the related location:
///  - a register write (writel(), writeq(), iowrite32(), lo_hi_writeq(),
///    their _relaxed forms) of the address or a part of it
///    (lower_32_bits(), upper_32_bits(), shifts, casts);
///  - a store into a little- or big-endian descriptor field
///    (desc->addr = cpu_to_le64(...));
///  - an assignment to a dma_addr_t;
/// directly or through a local variable of the same function.
/// Pointer casts ((u64)(uintptr_t)buf) are not followed.
///
/// dmacheck rule: cpu-address-as-dma-address (docs/rules/cpu-address-as-dma-address.md)
//
// Confidence: High
// Options: --no-includes --include-headers
// Keywords: virt_to_phys, __pa, page_to_phys, virt_to_bus, isa_virt_to_bus

virtual context
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

// Files that call none of these cannot match: spatch skips them
// without parsing when every rule depends on this one.
@gate@
@@

\(virt_to_phys\|__pa\|page_to_phys\|virt_to_bus\|isa_virt_to_bus\)(...)

@direct depends on gate@
identifier cpuaddr = {virt_to_phys, __pa, page_to_phys, virt_to_bus, isa_virt_to_bus};
identifier writefn = {writel, writeq, writel_relaxed, writeq_relaxed, iowrite32, iowrite64,
		      iowrite32be, iowrite64be, lo_hi_writeq, hi_lo_writeq, __raw_writel,
		      __raw_writeq, writel_be, out_be32, out_le32};
identifier tole = {cpu_to_le64, cpu_to_le32, cpu_to_be64, cpu_to_be32};
expression E;
typedef dma_addr_t;
{dma_addr_t} d;
position p, ps;
@@
(
writefn@p(<+... cpuaddr@ps(...) ...+>, ...)
|
E@p = tole(<+... cpuaddr@ps(...) ...+>)
|
d@p = <+... cpuaddr@ps(...) ...+>
)

@through_local depends on gate exists@
identifier cpuaddr = {virt_to_phys, __pa, page_to_phys, virt_to_bus, isa_virt_to_bus};
identifier writefn = {writel, writeq, writel_relaxed, writeq_relaxed, iowrite32, iowrite64,
		      iowrite32be, iowrite64be, lo_hi_writeq, hi_lo_writeq, __raw_writel,
		      __raw_writeq, writel_be, out_be32, out_le32};
identifier tole = {cpu_to_le64, cpu_to_le32, cpu_to_be64, cpu_to_be32};
identifier v;
expression E, E2;
type T;
typedef dma_addr_t;
{dma_addr_t} d;
position p, ps;
@@
(
v = <+... cpuaddr@ps(...) ...+>;
|
T v = <+... cpuaddr@ps(...) ...+>;
)
... when != v = E2
    when any
(
writefn@p(<+... v ...+>, ...)
|
E@p = tole(<+... v ...+>)
|
d@p = <+... v ...+>
)

// Context mode marks the places the address reaches the device.
@depends on context@
expression E;
position direct.p;
@@
* E@p

@depends on context@
expression E;
position through_local.p;
@@
* E@p

@script:python depends on report@
p << direct.p;
ps << direct.ps;
cpuaddr << direct.cpuaddr;
@@
dmc_report(p, "WARNING: the CPU physical address from %s() on line %s is given to the device; use a DMA address from the DMA API" % (cpuaddr, ps[0].line),
	   [(ps, "%s() called here" % cpuaddr)])

@script:python depends on report@
p << through_local.p;
ps << through_local.ps;
cpuaddr << through_local.cpuaddr;
v << through_local.v;
@@
dmc_report(p, "WARNING: '%s' holds the CPU physical address from %s() on line %s and is given to the device; use a DMA address from the DMA API" % (v, cpuaddr, ps[0].line),
	   [(ps, "%s() called here" % cpuaddr)])

@script:python depends on org@
p << direct.p;
cpuaddr << direct.cpuaddr;
@@
coccilib.org.print_todo(p[0], "CPU physical address from %s() given to the device" % cpuaddr)

@script:python depends on org@
p << through_local.p;
cpuaddr << through_local.cpuaddr;
@@
coccilib.org.print_todo(p[0], "CPU physical address from %s() given to the device" % cpuaddr)
