#!/bin/bash
# Rewrites README.md's rule table from the catalogue (run after editing
# reports/rules.def; `make check` fails while the two differ).
set -euo pipefail
dmacheck=$1
table=$("$dmacheck" rules --format markdown)
awk -v table="$table" '
	/<!-- rules:begin -->/ { print; print table; skip = 1; next }
	/<!-- rules:end -->/ { skip = 0 }
	!skip { print }
' README.md > README.md.tmp
mv README.md.tmp README.md
