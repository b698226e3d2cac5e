# SPDX-License-Identifier: GPL-2.0
"""reports/dma_api.def read from Python: the DMA API model for the tools
that generate from it or test it (cocci tables, the header test)."""
import collections
import glob
import os
import re
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEF = os.path.join(ROOT, "reports", "dma_api.def")

ROLES = ("dev", "buf", "off", "size", "dir", "handle", "out", "cpu", "nents", "attrs")
Fn = collections.namedtuple("Fn", ("name", "op", "family", "form", "ret", "proto") + ROLES +
			    ("flags", "via", "since", "until"))
Attr = collections.namedtuple("Attr", "name bit since meaning")


def _split(text):
	"""The top-level comma-separated parts of text, up to its unmatched ')':
	(parts, index just past that ')'); strings and nested parentheses kept whole."""
	parts, cur, depth, quoted = [], "", 0, False
	for i, ch in enumerate(text):
		if ch == '"':
			quoted = not quoted
		elif not quoted and ch == "(":
			depth += 1
		elif not quoted and ch == ")":
			depth -= 1
			if depth < 0:
				return parts + [cur.strip()], i + 1
		if ch == "," and depth == 0 and not quoted:
			parts.append(cur.strip())
			cur = ""
		else:
			cur += ch
	raise ValueError("%s: an invocation is not closed" % DEF)


def _invocations(text, macro):
	"""The arguments of every MACRO(...) at the start of a line, strings unquoted."""
	for m in re.finditer(r"^%s\(" % macro, text, re.M):
		parts = _split(text[m.end():])[0]
		yield [re.sub(r'"\s*"', "", a).strip('"') if a.startswith('"') else a for a in parts]


def _strip(prefix, token):
	return token[len(prefix):].lower() if token.startswith(prefix) else token.lower()


def _flags(token):
	return frozenset(_strip("API_", t.strip()) for t in token.split("|") if t.strip() != "0")


def _version(text):
	return tuple(int(x) for x in text.split(".")) if text else None


class Model:
	def __init__(self, path=DEF):
		with open(path) as f:
			text = re.sub(r"/\*.*?\*/", "", f.read(), flags=re.S)
		text = re.sub(r"^#.*$", "", text, flags=re.M)
		self.fns = []
		for a in _invocations(text, "DMA_API"):
			if len(a) != len(Fn._fields):
				raise ValueError("%s: DMA_API(%s): %d fields, not %d" %
						 (path, a[0], len(a), len(Fn._fields)))
			pos = [None if x == "NO" else int(x) for x in a[6:16]]
			self.fns.append(Fn(a[0], _strip("API_", a[1]), _strip("FAM_", a[2]),
					   _strip("MEM_", a[3]), _strip("RET_", a[4]), a[5], *pos,
					   _flags(a[16]), a[17], a[18], a[19]))
		self.ignored = {a[0]: a[1] for a in _invocations(text, "DMA_IGNORED")}
		self.releases = [(_strip("FAM_", a[0]), _strip("FAM_", a[1]))
				 for a in _invocations(text, "DMA_RELEASE")]
		self.attrs = [Attr(a[0], int(a[1]), a[2], a[3]) for a in _invocations(text, "DMA_ATTR")]

	def by_name(self, version=None):
		"""name -> entry; with a version, the entry for that kernel."""
		return {f.name: f for f in self.fns if version is None or exists(f, version)}

	def named(self, op=None, family=None, exists_in=None, wrappers=True):
		"""Names of the functions with that op (or ops) and family (or families)."""
		ops = {op} if isinstance(op, str) else op
		fams = {family} if isinstance(family, str) else family
		return sorted({f.name for f in self.fns
			       if (ops is None or f.op in ops) and (fams is None or f.family in fams)
			       and (wrappers or "wrapper" not in f.flags)
			       and (exists_in is None or exists(f, exists_in))})

	def released_by(self):
		out = collections.defaultdict(set)
		for made, rel in self.releases:
			out[made].add(rel)
		return dict(out)


def exists(fn, version):
	"""Whether fn is in kernel `version` (a tuple like (6, 1))."""
	since, until = _version(fn.since), _version(fn.until)
	return (since is None or version >= since) and (until is None or version < until)


def proto_split(proto):
	"""'void * (struct device *, size_t)' -> ('void *', ['struct device *', 'size_t'])."""
	m = re.match(r"^(.*?)\s*\((.*)\)$", proto)
	ret, params = m.group(1).strip(), m.group(2).strip()
	return ret, [p.strip() for p in params.split(",")] if params and params != "void" else []


# ----------------------------------------------- the kernels' own headers

HEADERS_PROBE = r"""
#include <linux/module.h>
#include <linux/dma-mapping.h>
#include <linux/dmapool.h>
#include <linux/skbuff.h>
#include <linux/virtio.h>
#include <rdma/ib_verbs.h>
#if __has_include(<net/page_pool/helpers.h>)
#include <net/page_pool/helpers.h>
#else
#include <net/page_pool.h>
#endif

int dmc_api_probe(struct device *dev, void *buf)
{
	dma_addr_t handle = dma_map_single(dev, buf, 64, DMA_TO_DEVICE);

	if (dma_mapping_error(dev, handle))
		return -ENOMEM;
	dma_unmap_single(dev, handle, 64, DMA_TO_DEVICE);
	return 0;
}
MODULE_LICENSE("GPL");
"""

def kernel_version(kdir):
	m = re.search(r"linux-headers-(\d+)\.(\d+)", kdir)
	return (int(m.group(1)), int(m.group(2))) if m else None


def configured_kernels():
	return sorted(d for d in glob.glob("/usr/src/linux-headers-*")
		      if os.path.isfile(os.path.join(d, ".config")) and kernel_version(d))


def read_headers(dmacheck, tool, kdir, wrappers, work):
	"""What the headers of kdir declare: {name: (kind, fields, header, callees)}."""
	src = os.path.join(work, "probe", "dmc_api_probe.c")
	os.makedirs(os.path.dirname(src), exist_ok=True)
	with open(src, "w") as f:
		f.write(HEADERS_PROBE)
	cdb = os.path.join(work, "compile_commands.json")
	env = dict(os.environ, DMACHECK_ANALYZER_COMPDB=cdb)
	run = subprocess.run([dmacheck, "scan", "--engines", "analyzer", "--fail-on", "none",
			      "--kdir", kdir, src], env=env, capture_output=True, text=True)
	if run.returncode != 0 or not os.path.exists(cdb):
		raise RuntimeError("%s: dmacheck scan gave no compile command (exit %d): %s" %
				   (kdir, run.returncode, run.stderr.strip()[-400:]))
	run = subprocess.run([tool, cdb], input="\n".join(wrappers) + "\n",
			     capture_output=True, text=True)
	if run.returncode != 0:
		raise RuntimeError("%s: %s failed (exit %d): %s" %
				   (kdir, tool, run.returncode, run.stderr.strip()[-400:]))
	found = {}
	for line in run.stdout.splitlines():
		f = line.split("\t")
		if f[0] == "F":		# F name inline|extern ret params header callees
			found[f[1]] = ("F", f[2:5], f[5], [] if f[6] == "-" else f[6].split(","))
		else:			# M name nparams via header
			found[f[1]] = ("M", f[2:4], f[4], [f[3]])
	return found
