#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The runtime's probe list (runtime/kernel/probes.c) against the DMA API model.

  probe_list_test.py DMACHECK API_HEADERS [--kdir DIR]...

dmatrack.ko sees drivers through probes on exported functions.  For every
configured kernel in /usr/src (or each --kdir), every map, unmap, sync,
allocation and free the model (reports/dma_api.def) describes for that
kernel must be seen: probed itself, or a macro or inline function of the
kernel's headers (parsed with libclang by API_HEADERS) that calls one seen
for the same operation, or listed in THROUGH below with the reason.  Then the
same check without one probe must fail, naming what it no longer sees.
Prints "N passed, M failed".
"""
import argparse
import os
import re
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import dma_api  # noqa: E402

PROBES_C = os.path.join(ROOT, "runtime", "kernel", "probes.c")
OPS = ("map", "unmap", "sync_for_cpu", "sync_for_device", "alloc", "free")

# Exported functions the headers cannot show the way in to: name -> (the
# probed function it reaches, why).
THROUGH = {
	"dmam_alloc_attrs": ("dma_alloc_attrs",
		"kernel/dma/mapping.c allocates with dma_alloc_attrs() and frees with dma_free_attrs() on detach"),
	"dmam_free_coherent": ("dma_free_attrs",
		"kernel/dma/mapping.c frees with dma_free_coherent(), an inline over dma_free_attrs()"),
	"virtqueue_dma_map_single_attrs": ("dma_map_page_attrs",
		"drivers/virtio/virtio_ring.c maps with dma_map_page_attrs() on the virtio device's parent"),
	"virtqueue_dma_unmap_single_attrs": ("dma_unmap_page_attrs",
		"drivers/virtio/virtio_ring.c unmaps with dma_unmap_page_attrs()"),
	"virtqueue_dma_sync_single_range_for_cpu": ("dma_sync_single_for_cpu",
		"drivers/virtio/virtio_ring.c syncs with dma_sync_single_range_for_cpu(), an inline over it"),
	"virtqueue_dma_sync_single_range_for_device": ("dma_sync_single_for_device",
		"drivers/virtio/virtio_ring.c syncs with dma_sync_single_range_for_device(), an inline over it"),
}


def probed_names(path=PROBES_C):
	"""Every symbol the probe table names (a probe may name two: 6.1's and 6.12's)."""
	with open(path) as f:
		text = f.read()
	table = re.search(r"static struct probe probes\[\] = \{(.*?)\n\};", text, re.S)
	if not table:
		raise RuntimeError("%s: no probe table" % path)
	names = set()
	for m in re.finditer(r"ENTER(?:_EXIT)?2?\(([^)]*)\)", table.group(1)):
		names.update(re.findall(r'"(\w+)"', m.group(1)))
	if not names:
		raise RuntimeError("%s: the probe table names no symbol" % path)
	return names


def unseen(model, version, found, probes):
	"""The entry points of one kernel the runtime does not see, with what it tried."""
	fns = model.by_name(version)
	seen_memo = {}

	def seen(name, op, depth=0):
		if name in probes or (name in THROUGH and THROUGH[name][0] in probes):
			return True
		if depth > 6 or name not in found:
			return False
		key = (name, op)
		if key not in seen_memo:
			seen_memo[key] = False
			kind, fields, header, callees = found[name]
			inline = kind == "M" or fields[0] == "inline"
			seen_memo[key] = inline and any(
				seen(c, op, depth + 1) for c in callees
				if c in probes or (c in fns and fns[c].op == op) or c not in fns)
		return seen_memo[key]

	out = []
	for fn in sorted(fns.values(), key=lambda f: f.name):
		if fn.op not in OPS or fn.family == "page_pool":
			continue
		if seen(fn.name, fn.op):
			continue
		out.append("%d.%d: %s (%s) is not seen by the runtime: not probed, no inline way to a "
			   "probe, not listed as reached through another" % (version + (fn.name, fn.op)))
	return out


def main():
	ap = argparse.ArgumentParser()
	ap.add_argument("dmacheck")
	ap.add_argument("api_headers")
	ap.add_argument("--kdir", action="append")
	a = ap.parse_args()
	kernels = a.kdir or dma_api.configured_kernels()
	passed = failed = 0
	try:
		model = dma_api.Model()
		probes = probed_names()
		wrappers = [f.name for f in model.fns if not f.name.startswith(("dma_", "dmam_"))]
		with tempfile.TemporaryDirectory(prefix="dmc-probes-") as work:
			found = {k: dma_api.read_headers(a.dmacheck, a.api_headers, k, wrappers,
							 os.path.join(work, os.path.basename(k)))
				 for k in kernels}
	except (RuntimeError, OSError, ValueError) as e:
		print("probe_list_test: %s" % e, file=sys.stderr)
		print("0 passed, 1 failed")
		return 1
	if not kernels:
		print("probe_list_test: no configured kernel headers in /usr/src", file=sys.stderr)
		print("0 passed, 1 failed")
		return 1
	for k in kernels:
		version = dma_api.kernel_version(k)
		errs = unseen(model, version, found[k], probes)
		for e in errs:
			print("FAIL %s" % e)
		ok = not errs
		print("%s every entry point of %d.%d is seen by the runtime (%d probes)" %
		      (("PASS" if ok else "FAIL",) + version + (len(probes),)))
		passed, failed = passed + ok, failed + (not ok)
		# Without the probe on dma_free_pages, dma_free_pages and the
		# inline dma_free_noncoherent over it are not seen.
		errs = unseen(model, version, found[k], probes - {"dma_free_pages"})
		named = {e.split(": ")[1].split(" ")[0] for e in errs}
		ok = named == {"dma_free_pages", "dma_free_noncoherent"}
		print("%s %d.%d without the dma_free_pages probe, the test names %s" %
		      (("PASS" if ok else "FAIL",) + version + (", ".join(sorted(named)) or "nothing",)))
		passed, failed = passed + ok, failed + (not ok)
	print("%d passed, %d failed" % (passed, failed))
	return 0 if failed == 0 else 1


if __name__ == "__main__":
	sys.exit(main())
