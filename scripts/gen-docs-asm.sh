#!/bin/bash
# Emits an assembler file that embeds every rule's doc page (NUL-terminated)
# as dmc_doc_<id>, so `dmacheck explain` and SARIF help work from anywhere.
# Fails, naming the file, when a rule in the catalogue has no doc page.
set -euo pipefail
def=$1
docdir=$2
printf '\t.section .rodata\n'
while read -r id slug; do
	page="$docdir/$slug.md"
	if [[ ! -r $page ]]; then
		echo "$page: missing: every rule in $def needs its doc page" >&2
		exit 1
	fi
	printf '\t.global dmc_doc_%s\ndmc_doc_%s:\n\t.incbin "%s"\n\t.byte 0\n' \
		"$id" "$id" "$(realpath "$page")"
done < <(sed -n 's/^DMA_RULE(\([0-9]*\), *"\([a-z0-9-]*\)".*/\1 \2/p' "$def")
printf '\t.section .note.GNU-stack,"",@progbits\n'
