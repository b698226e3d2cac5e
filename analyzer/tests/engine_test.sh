#!/bin/bash
# The analyzer engine end to end, through the dmacheck command: what a user
# sees when an input cannot be analysed (exit 3, the file and the reason
# named), findings in every format with their related location and path
# (SARIF codeFlows), compile databases, and the default kernel directory.
#
# usage: engine_test.sh DMACHECK KDIR      (prints "N passed, N failed")
set -u
DMACHECK=$(realpath "$1")
KDIR=$2
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BAD=testcases/static/mapping-leak/cmd_second_map_fails_bad.c
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$ROOT" || exit 1

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; [[ -n ${2:-} ]] && echo "$2" | sed 's/^/     /' | head -20; }

# run NAME EXPECTED_STATUS PATTERN CMD...: status and a grep -E pattern on stdout+stderr
run() {
	local name=$1 want=$2 pattern=$3 out status
	shift 3
	out=$("$@" 2>&1)
	status=$?
	if [[ $status -ne $want ]]; then
		bad "$name (exit $status, want $want)" "$out"
	elif [[ -n $pattern ]] && ! grep -qE -- "$pattern" <<<"$out"; then
		bad "$name (output lacks /$pattern/)" "$out"
	else
		ok "$name"
	fi
}

scan() { "$DMACHECK" scan --engines analyzer "$@"; }

# Findings: compiler-style text with the map as a note, JSON, SARIF with a code flow.
leak_line=$(grep -n 'expect: mapping-leak' "$BAD" | head -1 | cut -d: -f1)
map_line=$(grep -n 'req_dma = dma_map_single' "$BAD" | head -1 | cut -d: -f1)
run "text names rule, line and the map" 1 \
	"cmd_second_map_fails_bad.c:$leak_line:[0-9]+: warning: .*\[mapping-leak\]" \
	scan --kdir "$KDIR" "$BAD"
run "the related map is a note" 1 "cmd_second_map_fails_bad.c:$map_line:[0-9]+: note: mapped here" \
	scan --kdir "$KDIR" "$BAD"
run "json carries related and flow" 0 '"message": "mapped here"' \
	scan --kdir "$KDIR" --fail-on none --format json "$BAD"
scan --kdir "$KDIR" --fail-on none --format sarif -o "$work/r.sarif" "$BAD" >/dev/null 2>&1
if python3 -c "
import json, sys
log = json.load(open(sys.argv[1]))
res = [r for r in log['runs'][0]['results'] if r['ruleId'] == 'mapping-leak']
assert res and all(r.get('codeFlows') and r.get('relatedLocations') for r in res)
" "$work/r.sarif"; then ok "sarif results have codeFlows and related locations"; else
	bad "sarif results have codeFlows and related locations"; fi

# A file that cannot be parsed is reported, by name, with the missing header.
mkdir -p "$work/drv"
cat >"$work/drv/broken.c" <<'EOC'
#include <linux/dma-mapping.h>
#include "no_such_local_header.h"
int broken(struct device *dev) { return dma_set_mask(dev, DMA_BIT_MASK(32)); }
EOC
run "missing header: exit 3, file and header named" 3 \
	"broken.c.*header 'no_such_local_header.h' not found" \
	scan --kdir "$KDIR" --format json -o "$work/b.json" "$work/drv/broken.c"

# A compile database that does not list the file: reported, not skipped.
cp "$BAD" "$work/drv/listed.c"
cp "$BAD" "$work/drv/unlisted.c"
printf '[{"directory": "%s", "file": "listed.c", "command": "cc -c listed.c"}]\n' "$work/drv" \
	>"$work/drv/compile_commands.json"
run "compdb: a file it does not list is named" 3 "unlisted.c.*has no command for this file" \
	scan --compdb "$work/drv/compile_commands.json" --format json -o "$work/c.json" \
	"$work/drv/listed.c" "$work/drv/unlisted.c"

# Without --kdir or --compdb: the running kernel's build directory, or the newest headers.
run "no --kdir: a kernel build directory is found" 1 "\[mapping-leak\]" scan "$BAD"

# A file without any DMA API is not parsed at all: nothing to report, no diagnostic.
printf 'int plain(void) { return 0; }\n' >"$work/drv/plain.c"
run "files without DMA API calls are skipped cleanly" 0 "0 findings" \
	scan --kdir "$KDIR" "$work/drv/plain.c"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
