# SPDX-License-Identifier: GPL-2.0
# The Python helpers of the .cocci rules, written once.  scripts/gen-cocci.py
# copies the ones a rule names into its @initialize:python@ block, between
# "# dmacheck:generated" and "# dmacheck:end", so that every .cocci file stays
# a standalone semantic patch (make coccicheck); `make check-cocci` fails when
# a copy is stale.  Each helper starts at a top-level "def" and runs to the
# next one.


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
