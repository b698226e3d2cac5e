#!/bin/bash
# Writes into every docs/rules/<slug>.md the section that lists the DMA API
# calls the rule judges, from reports/dma_api.def through
# `dmacheck explain --api` (run after editing the model; check-cli fails
# while a page differs), between <!-- api:begin --> and <!-- api:end -->.
set -euo pipefail
dmacheck=$1
for page in docs/rules/*.md; do
	slug=$(basename "$page" .md)
	section=$("$dmacheck" explain --api "$slug")
	if ! grep -q '<!-- api:begin -->' "$page"; then
		printf '\n<!-- api:begin -->\n<!-- api:end -->\n' >>"$page"
	fi
	awk -v section="$section" '
		/<!-- api:begin -->/ { print; print section; skip = 1; next }
		/<!-- api:end -->/ { skip = 0 }
		!skip { print }
	' "$page" >"$page.tmp"
	mv "$page.tmp" "$page"
done
