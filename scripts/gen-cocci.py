#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Writes the generated parts of cocci/*.cocci from their one source.

  gen-cocci.py [--check] [FILE.cocci...]

A generated part runs from a marker line to "# dmacheck:end" (Python) or
"// dmacheck:end" (SmPL):

  # dmacheck:generated helpers NAME...   the helpers of cocci/dmc_helpers.py
  # dmacheck:generated api               the DMA API table of reports/dma_api.def
  // dmacheck:generated idlist NAME OP... [ROLE=N] [family=A,B]
                                         a metavariable: identifier NAME = {...};
                                         of the calls gate_names() gives
  // dmacheck:generated gate OP... [ROLE=N] [family=A,B]
                                         a gate rule's body: a call of any
                                         function with one of the operations,
                                         the argument roles and the families

--check writes nothing and exits 1 naming every file whose generated parts
differ from what would be written (a stale copy), 2 for bad markers.
"""
import glob
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dma_api  # noqa: E402

ROOT = dma_api.ROOT
HELPERS = os.path.join(ROOT, "cocci", "dmc_helpers.py")
MARK = re.compile(r"^(#|//) dmacheck:generated (\w+)(.*)$")
NOTE = "from %s by scripts/gen-cocci.py: edit that, then run it"


def helpers():
	"""name -> source text, from cocci/dmc_helpers.py: each helper is a block of
	its comment and its def, blocks apart by two blank lines."""
	with open(HELPERS) as f:
		text = f.read()
	out = {}
	for block in text.split("\n\n\n"):
		m = re.search(r"^def (\w+)\(", block, re.M)
		if m:
			out[m.group(1)] = block.strip("\n")
	return out


def api_table(model):
	fields = ("op", "family", "ret") + dma_api.ROLES
	lines = ["import collections",
		 "ApiFn = collections.namedtuple(\"ApiFn\", \"%s\")" % " ".join(fields),
		 "# name -> operation, family, return and argument positions (None: none)",
		 "DMA_API = {"]
	seen = set()
	for fn in model.fns:
		if fn.name in seen:
			continue	# another kernel's prototype of the same function
		seen.add(fn.name)
		vals = [repr(getattr(fn, k)) for k in fields]
		lines.append("\t%s: ApiFn(%s)," % (json.dumps(fn.name), ", ".join(vals)))
	lines.append("}")
	lines.append("# family -> the families whose calls may release its memory")
	lines.append("FAMILY_RELEASED_BY = {")
	for made, rel in sorted(model.released_by().items()):
		lines.append("\t%s: {%s}," % (json.dumps(made), ", ".join(json.dumps(r) for r in sorted(rel))))
	lines.append("}")
	return "\n".join(lines)


def gate_names(model, spec):
	"""The functions with one of the operations in spec, narrowed by its ROLE=N
	and family=A,B words; specs joined by ";" add up."""
	if ";" in spec:		# a union of gates
		i = spec.index(";")
		return gate_names(model, spec[:i]) | gate_names(model, spec[i + 1:])
	ops = [w for w in spec if "=" not in w]
	where = dict(w.split("=", 1) for w in spec if "=" in w)
	fams = set(where.pop("family").split(",")) if "family" in where else None
	return {f.name for f in model.fns if f.op in ops and
		(fams is None or f.family in fams) and
		all(str(getattr(f, r)) == v for r, v in where.items())}


def wrap(head, names, sep, tail, indent, sep_leads=False):
	"""head names[0] sep names[1] ... tail, in lines of at most 80 columns; a
	broken line ends with sep, or (sep_leads) the next one starts with it."""
	body, line = [], head + names[0]
	for n in names[1:]:
		if len(line) + len(sep) + len(n) > 76:
			body.append(line if sep_leads else line + sep.rstrip())
			line = indent + (sep if sep_leads else "") + n
		else:
			line += sep + n
	body.append(line + tail)
	return "\n".join(body)


def gate(model, spec):
	"""A gate's body: a call of any function gate_names() gives."""
	names = sorted(gate_names(model, spec))
	if not names:
		raise ValueError("no function matches the gate %s" % " ".join(spec))
	return wrap("\\(", names, "\\|", "\\)(...)", "  ", sep_leads=True)


def generate(model, kind, args, comment):
	if kind == "helpers":
		have = helpers()
		missing = [a for a in args if a not in have]
		if missing or not args:
			raise ValueError("no helper %s in %s" % (", ".join(missing) or "named", HELPERS))
		return "\n\n".join(have[a] for a in args)
	if kind == "api":
		return api_table(model)
	if kind == "gate" and comment == "//":
		return gate(model, args)
	if kind == "idlist" and comment == "//" and len(args) > 1:
		names = sorted(gate_names(model, args[1:]))
		if not names:
			raise ValueError("no function matches the list %s" % " ".join(args))
		return wrap("identifier %s = {" % args[0], names, ", ", "};", "\t\t")
	raise ValueError("unknown generated part %r" % kind)


def regenerate(path, model):
	with open(path) as f:
		lines = f.read().split("\n")
	out, i = [], 0
	while i < len(lines):
		m = MARK.match(lines[i])
		out.append(lines[i])
		i += 1
		if not m:
			continue
		comment, kind, args = m.group(1), m.group(2), m.group(3).split()
		end = "%s dmacheck:end" % comment
		j = i
		while j < len(lines) and lines[j] != end:
			j += 1
		if j == len(lines):
			raise ValueError("%s:%d: no '%s' after the marker" % (path, i, end))
		src = "reports/dma_api.def" if kind in ("api", "gate") else "cocci/dmc_helpers.py"
		if comment == "#":
			out.append("# " + NOTE % src)
		out.extend(generate(model, kind, args, comment).split("\n"))
		out.append(end)
		i = j + 1
	return "\n".join(out)


def main(argv):
	check = "--check" in argv
	files = [a for a in argv if a != "--check"] or sorted(glob.glob(os.path.join(ROOT, "cocci", "*.cocci")))
	model = dma_api.Model()
	stale = []
	for path in files:
		with open(path) as f:
			old = f.read()
		try:
			new = regenerate(path, model)
		except ValueError as e:
			print("gen-cocci: %s" % e, file=sys.stderr)
			return 2
		if new != old:
			stale.append(path)
			if not check:
				with open(path, "w") as f:
					f.write(new)
	if check and stale:
		for p in stale:
			print("gen-cocci: %s: its generated parts are stale; run scripts/gen-cocci.py" %
			      os.path.relpath(p, ROOT), file=sys.stderr)
		return 1
	return 0


if __name__ == "__main__":
	sys.exit(main(sys.argv[1:]))
