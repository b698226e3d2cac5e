#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The DMA API model (reports/dma_api.def) against the kernels' own headers.

  api_headers_test.py DMACHECK API_HEADERS [--model FILE] [--kdir DIR]...

For every kernel header directory in /usr/src that is configured (or each
--kdir), kbuild's own flags for a module that includes the DMA API's headers
are taken from `dmacheck scan` (DMACHECK_ANALYZER_COMPDB), the file is parsed
with libclang (API_HEADERS, api_headers.c) and every function and
function-like macro of include/linux/dma-mapping.h and dmapool.h is held to
the model:

- each must be described (for that kernel's version) or ignored with a reason;
- each described one must be there, with the prototype the model gives (a
  macro: its parameter count and the function it expands to), and each one
  the model says is not in that version must not be;
- the argument positions must name parameters of the right types.

Then the same run with one entry taken out of the model must fail, naming it:
a test that cannot fail would prove nothing.  Prints "N passed, M failed".
"""
import argparse
import os
import re
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import dma_api  # noqa: E402

API_HEADERS = ("include/linux/dma-mapping.h", "include/linux/dmapool.h")

# The types an argument of each role may have, by the family or form it serves.
ROLE_TYPES = {
	"dev": {"struct device *", "const struct device *", "struct ib_device *",
		"struct virtqueue *", "struct dma_pool *"},
	"off": {"size_t", "unsigned long"},
	"size": {"size_t"},
	"dir": {"enum dma_data_direction"},
	"out": {"dma_addr_t *"},
	"nents": {"int"},
	"attrs": {"unsigned long"},
}
BUF_TYPES = {"ptr": {"void *"}, "page": {"struct page *", "const struct page *"}, "frag": {"const skb_frag_t *"},
	     "sg": {"struct scatterlist *"}, "sgtable": {"struct sg_table *"},
	     "phys": {"phys_addr_t"}}
RET_TYPES = {"handle": {"dma_addr_t", "u64"}, "cpu": {"void *"}, "page": {"struct page *"},
	     "sgtable": {"struct sg_table *"}, "count": {"int", "unsigned int"},
	     "errno": {"int"}, "failed": {"int"}, "void": {"void"}}


def role_type_ok(fn, role, typ):
	if role == "buf":
		return typ in BUF_TYPES.get(fn.form, set())
	if role == "handle":
		if fn.family in ("sg",):
			return typ == "struct scatterlist *"
		if fn.family in ("sgtable", "noncontig"):
			return typ == "struct sg_table *"
		return typ in ("dma_addr_t", "u64")
	if role == "cpu":
		return typ in ("void *", "struct page *")
	return typ in ROLE_TYPES[role]


def model_errors(model):
	"""What the model says of itself that cannot be: roles against its own prototypes."""
	errs = []
	names = model.by_name()
	for fn in model.fns:
		ret, params = dma_api.proto_split(fn.proto)
		if ret not in RET_TYPES.get(fn.ret, set()):
			errs.append("%s: returns %s, not a %s" % (fn.name, ret, fn.ret))
		for role in dma_api.ROLES:
			pos = getattr(fn, role)
			if pos is None:
				continue
			if pos >= len(params):
				errs.append("%s: %s is argument %d of %d" % (fn.name, role, pos, len(params)))
			elif not role_type_ok(fn, role, params[pos]):
				errs.append("%s: %s is argument %d, a %s" % (fn.name, role, pos, params[pos]))
		if fn.via:
			target = names.get(fn.via)
			if not target or dma_api.proto_split(target.proto)[1] != params + ["unsigned long"]:
				errs.append("%s: expands to %s, whose prototype is not its own plus attrs" %
					    (fn.name, fn.via))
	for name in model.ignored:
		if name in names:
			errs.append("%s: both described and ignored" % name)
		if not model.ignored[name].strip():
			errs.append("%s: ignored without a reason" % name)
	return errs


def header_errors(model, version, found):
	errs = []
	names = model.by_name(version)
	for name, (kind, fields, header, callees) in sorted(found.items()):
		fn = names.get(name)
		if fn is None:
			if header in API_HEADERS and name not in model.ignored:
				errs.append("%s (%s): neither described nor ignored%s" %
					    (name, header, " (described for other kernels only)"
					     if name in model.by_name() else ""))
			continue
		ret, params = dma_api.proto_split(fn.proto)
		if kind == "M":
			nparams, via = int(fields[0]), fields[1]
			if not fn.via:
				errs.append("%s: a macro over %s in %s; the model describes a function" % (name, via, header))
			elif via != fn.via or nparams != len(params):
				errs.append("%s: the macro takes %d arguments to %s; the model says %d to %s" %
					    (name, nparams, via, len(params), fn.via))
			continue
		hret, hparams = fields[1], fields[2].split(";") if fields[2] != "void" else []
		if fn.via:
			errs.append("%s: a function in %s; the model describes a macro over %s" % (name, header, fn.via))
		if hret != ret:
			errs.append("%s: returns %s in %s; the model says %s" % (name, hret, header, ret))
		if hparams != params:
			errs.append("%s: takes (%s) in %s; the model says (%s)" %
				    (name, ", ".join(hparams), header, ", ".join(params)))
	for fn in names.values():
		if fn.name not in found:
			errs.append("%s: described for %d.%d, not in its headers" % ((fn.name,) + version))
	return errs


def check(model, kernels, dmacheck, tool, work, cache):
	errs = ["model: " + e for e in model_errors(model)]
	wrappers = [f.name for f in model.fns if not f.name.startswith(("dma_", "dmam_"))]
	for kdir in kernels:
		version = dma_api.kernel_version(kdir)
		if kdir not in cache:
			cache[kdir] = dma_api.read_headers(dmacheck, tool, kdir, wrappers,
						   os.path.join(work, os.path.basename(kdir)))
		errs += ["%d.%d: %s" % (version + (e,)) for e in header_errors(model, version, cache[kdir])]
	return errs


def mutated(path, name, work, old=None, new=None):
	"""A copy of the model with the entry of `name` taken out, or with old replaced by new in it."""
	with open(path) as f:
		text = f.read()
	m = re.search(r'^DMA_API\("%s",.*?\n(?=DMA_|/\*|\n)' % re.escape(name), text, flags=re.M | re.S)
	if not m or (old and old not in m.group(0)):
		raise RuntimeError("no DMA_API entry for %s to change" % name)
	entry = m.group(0).replace(old, new, 1) if old else ""
	out = os.path.join(work, "mutated.def")
	with open(out, "w") as f:
		f.write(text[:m.start()] + entry + text[m.end():])
	return out


MUTATIONS = (
	("dma_alloc_wc", None, None, "without dma_alloc_wc"),
	("dma_map_single_attrs", None, None, "without dma_map_single_attrs"),
	("dma_pool_zalloc", None, None, "without dma_pool_zalloc"),
	("dma_free_noncoherent", "dma_addr_t, enum", "dma_addr_t *, enum",
	 "dma_free_noncoherent's handle typed dma_addr_t *"),
	("dma_sync_single_range_for_cpu", "0, NO, 2, 3, 4, 1", "0, NO, 3, 2, 4, 1",
	 "dma_sync_single_range_for_cpu's offset and size swapped"),
)


def main():
	ap = argparse.ArgumentParser()
	ap.add_argument("dmacheck")
	ap.add_argument("api_headers")
	ap.add_argument("--model", default=dma_api.DEF)
	ap.add_argument("--kdir", action="append")
	a = ap.parse_args()
	kernels = a.kdir or dma_api.configured_kernels()
	if not kernels:
		print("api_headers_test: no configured kernel headers in /usr/src", file=sys.stderr)
		print("0 passed, 1 failed")
		return 1
	passed = failed = 0
	cache = {}
	with tempfile.TemporaryDirectory(prefix="dmc-api-headers-") as work:
		try:
			errs = check(dma_api.Model(a.model), kernels, a.dmacheck, a.api_headers, work, cache)
		except (RuntimeError, ValueError, OSError) as e:
			print("api_headers_test: %s" % e, file=sys.stderr)
			print("0 passed, 1 failed")
			return 1
		for e in errs:
			print("FAIL %s" % e)
		ok = not errs
		print("%s the model against %s" % ("PASS" if ok else "FAIL",
						    ", ".join("%d.%d" % dma_api.kernel_version(k) for k in kernels)))
		passed, failed = passed + ok, failed + (not ok)
		# Taking an entry out, or getting a type or a position wrong, must
		# fail and name the function.
		for name, old, new, what in MUTATIONS:
			errs = check(dma_api.Model(mutated(a.model, name, work, old, new)), kernels,
				     a.dmacheck, a.api_headers, work, cache)
			named = [e for e in errs if e.split(": ")[1].startswith(name)]
			ok = len(named) >= 1
			print("%s %s: the test fails: %s" % ("PASS" if ok else "FAIL", what,
							    "; ".join(named) or "it does not"))
			passed, failed = passed + ok, failed + (not ok)
	print("%d passed, %d failed" % (passed, failed))
	return 0 if failed == 0 else 1


if __name__ == "__main__":
	sys.exit(main())
