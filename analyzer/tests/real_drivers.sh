#!/bin/bash
# The analyzer on real drivers of Linux 6.1 (e1000, e1000e, igb, the
# realtek directory with r8169, nvme's host driver) with their kbuild flags
# against the Debian 6.1 headers: no crash, no silent skip, every file
# parsed, and exactly the findings that were checked by hand and written
# down in docs/precision-analyzer.md (real_drivers.expected holds them, with
# the verdict on each).  A finding that appears or disappears fails the
# suite, so a change in precision is seen.
#
# usage: real_drivers.sh DMACHECK KDIR      (prints "N passed, N failed")
set -u
DMACHECK=$(realpath "$1")
KDIR=$2
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
EXPECTED=$ROOT/analyzer/tests/real_drivers.expected
TREE=$("$ROOT/scripts/kernel-source.sh") || exit 1
DRIVERS=(drivers/net/ethernet/intel/e1000 drivers/net/ethernet/intel/e1000e
	 drivers/net/ethernet/intel/igb drivers/net/ethernet/realtek drivers/nvme/host)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; [[ -n ${2:-} ]] && echo "$2" | sed 's/^/     /' | head -40; }

cd "$TREE" || exit 1
start=$SECONDS
"$DMACHECK" scan --engines analyzer --kdir "$KDIR" --fail-on none --format json \
	-o "$work/report.json" "${DRIVERS[@]}" 2>"$work/stderr"
status=$?
echo "scan took $((SECONDS - start)) s"
if [[ $status -eq 0 ]]; then ok "scan completed (exit 0)"; else
	bad "scan completed (exit $status, want 0)" "$(cat "$work/stderr")"; fi

# Every C file counted, and none of them left unanalysed.
want_files=$(find "${DRIVERS[@]}" -name '*.c' ! -name '*.mod.c' | wc -l)
python3 - "$work/report.json" "$want_files" >"$work/summary" <<'EOF'
import json, sys
report = json.load(open(sys.argv[1]))
print("files", report["files_scanned"], sys.argv[2])
for d in report["diagnostics"]:
    print("diag", d["severity"], d.get("file", ""), d["message"])
for f in report["findings"]:
    print("finding", f["rule"], "%s:%d" % (f["file"], f["line"]))
EOF
read -r _ scanned want < <(grep '^files ' "$work/summary")
if [[ $scanned -eq $want ]]; then ok "all $want C files scanned"; else
	bad "all C files scanned ($scanned of $want)"; fi
if ! grep -q '^diag error' "$work/summary"; then ok "every file parsed and analysed"; else
	bad "every file parsed and analysed" "$(grep '^diag error' "$work/summary")"; fi
if ! grep -q '^diag' "$work/summary"; then ok "no function left partly unchecked"; else
	bad "no function left partly unchecked" "$(grep '^diag' "$work/summary")"; fi

# Findings per rule, then against the hand-checked list.
echo "findings per rule:"
grep '^finding ' "$work/summary" | awk '{print $2}' | sort | uniq -c | sed 's/^/    /'
[[ -s $work/summary ]] && grep -c '^finding ' "$work/summary" | sed 's/^/    total: /'
grep '^finding ' "$work/summary" | awk '{print $2, $3}' | sort >"$work/got"
grep -v '^#' "$EXPECTED" | awk 'NF {print $1, $2}' | sort >"$work/want"
if cmp -s "$work/got" "$work/want"; then
	ok "findings are the $(wc -l <"$work/want") checked by hand"
else
	bad "findings are the ones checked by hand (< new, > gone)" \
		"$(diff "$work/got" "$work/want" | grep '^[<>]')"
fi

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
