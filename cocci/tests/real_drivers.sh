#!/bin/bash
# The Coccinelle rule pack over real drivers of Linux 6.1 (Debian's
# linux-source-6.1, unpacked by scripts/kernel-source.sh):
#  - dmacheck scan --engines cocci finishes with 0, 1 or 3 (findings or
#    reported input problems), never a usage error or a crash;
#  - no spatch failure goes unreported: every file spatch itself names in a
#    parse error or an exception has a diagnostic in dmacheck's report;
#  - no rule breaks on real code (a Python error in a rule is a failure);
#  - findings hand-checked as true positives (docs/precision-cocci.md) are
#    still found, and false positives that were fixed stay fixed;
# and prints the finding counts per rule.
#
# By default a representative subset (drivers/nvme and the ethernet vendors
# below) that fits the check budget; --full runs all of drivers/net/ethernet
# and drivers/nvme, the run docs/precision-cocci.md measures.
#
# usage: real_drivers.sh [--full] [--json OUT] DMACHECK KDIR   (prints "N passed, N failed")
set -u
full=0
json_out=
while [[ $# -gt 0 && $1 == --* ]]; do
	case $1 in
	--full) full=1 ;;
	--json) json_out=$(realpath -m "$2"); shift ;;
	*) echo "real_drivers.sh: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done
DMACHECK=$(realpath "$1")
KDIR=$2
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; [[ -n ${2:-} ]] && echo "$2" | sed 's/^/     /' | head -20; }

if ! ksrc=$("$ROOT/scripts/kernel-source.sh"); then
	bad "the Linux 6.1 source tree"
	echo "$passed passed, $failed failed"
	exit 1
fi

# The subset: NVMe, and ethernet drivers that cover every rule's idioms and
# the cases docs/precision-cocci.md records (Intel's for (;;) transmit
# loops, enic's checking helper, bgmac's shared tx/rx slots, the findings
# below).
subset=(
	drivers/nvme
	drivers/net/ethernet/intel/igb drivers/net/ethernet/intel/fm10k
	drivers/net/ethernet/broadcom/bgmac.c drivers/net/ethernet/broadcom/b44.c
	drivers/net/ethernet/cisco/enic
	drivers/net/ethernet/chelsio/cxgb4/cxgb4_main.c drivers/net/ethernet/chelsio/cxgb4/sge.c
	drivers/net/ethernet/pensando/ionic
	drivers/net/ethernet/freescale/dpaa2/dpaa2-switch.c
	drivers/net/ethernet/apple drivers/net/ethernet/atheros/alx
	drivers/net/ethernet/realtek drivers/net/ethernet/dec/tulip
	drivers/net/ethernet/microchip/sparx5/sparx5_fdma.c
)
if [[ $full -eq 1 ]]; then
	paths=(drivers/net/ethernet drivers/nvme)
else
	paths=("${subset[@]}")
fi
cd "$ksrc" || exit 1
report=${json_out:-$work/report.json}

start=$SECONDS
"$DMACHECK" scan --engines cocci --kdir "$KDIR" --format json --fail-on none -o "$report" \
	"${paths[@]}" 2>"$work/stderr"
status=$?
elapsed=$((SECONDS - start))
nfiles=$(find "${paths[@]}" -name '*.c' | wc -l)
echo "scanned $nfiles files in ${elapsed}s (${paths[*]})"
if [[ $status -eq 0 || $status -eq 1 || $status -eq 3 ]] && [[ -s $report ]]; then
	ok "dmacheck scan --engines cocci finished (exit $status)"
else
	bad "dmacheck scan --engines cocci finished (exit $status)" "$(tail -20 "$work/stderr")"
	echo "$passed passed, $failed failed"
	exit 1
fi

# Counts per rule, and the diagnostics.
python3 - "$report" <<'EOF'
import collections, json, sys
r = json.load(open(sys.argv[1]))
counts = collections.Counter(f["rule"] for f in r["findings"])
print("findings per rule:")
for rule, n in sorted(counts.items()):
    print("  %-28s %4d" % (rule, n))
print("  %-28s %4d" % ("total", sum(counts.values())))
d = collections.Counter(x["severity"] for x in r["diagnostics"])
print("diagnostics: %d errors (DMA code spatch could not analyse), %d warnings" %
      (d.get("error", 0), d.get("warning", 0)))
EOF

# spatch's own account of the same files, read with grep rather than with
# the engine's reader: every file it names must have a diagnostic.  spatch
# runs as coccicheck runs it, with kbuild's include options for KDIR.
mkdir -p "$work/kinc"
printf '$(info LINUXINCLUDE=$(LINUXINCLUDE))\nobj-m :=\n' > "$work/kinc/Kbuild"
linuxinclude=$(make -s -C "$KDIR" M="$work/kinc" modules 2>/dev/null | sed -n 's/^LINUXINCLUDE=//p' | head -1)
includes=()
set -- $linuxinclude
while [[ $# -gt 0 ]]; do
	case $1 in
	-include) flag=--include; dir=$2; shift ;;
	-I*) flag=-I; dir=${1#-I} ;;
	*) shift; continue ;;
	esac
	[[ $dir == /* ]] || dir=$KDIR/$dir
	includes+=("$flag" "$dir")
	shift
done
find "${paths[@]}" -name '*.c' | sort | sed "s|^|$ksrc/|;s/$/\n/" > "$work/groups"
DMACHECK_COCCI=1 spatch --sp-file "$ROOT/cocci/unchecked-mapping-error.cocci" -D report --quiet \
	--parse-error-msg --no-show-diff --no-includes --include-headers --jobs "$(nproc)" \
	--chunksize 1 --timeout 300 "${includes[@]}" --file-groups "$work/groups" \
	>/dev/null 2>"$work/spatch.err"
# Only the scanned files: the headers --include'd are the kernel's.
sed -n -e 's/.*error in \(.*\); set verbose_parsing.*/\1/p' -e 's/^EXN: .* in \(.*\)$/\1/p' \
	"$work/spatch.err" | sort -u | comm -12 - <(grep . "$work/groups" | sort -u) > "$work/spatch_problems"
python3 -c '
import json, os, sys
files = set(os.path.join(sys.argv[2], d["file"]) for d in json.load(open(sys.argv[1]))["diagnostics"]
            if d.get("file"))
print("\n".join(sorted(files)))
' "$report" "$ksrc" > "$work/diagnosed"
unreported=$(comm -23 "$work/spatch_problems" "$work/diagnosed")
if [[ -z $unreported ]]; then
	ok "every file spatch could not fully analyse ($(wc -l < "$work/spatch_problems")) has a diagnostic"
else
	bad "every file spatch could not fully analyse has a diagnostic" "$unreported"
fi

broken=$(python3 -c '
import json, sys
for d in json.load(open(sys.argv[1]))["diagnostics"]:
    m = d["message"]
    if "spatch failed" in m or "Python" in m or "gave up" in m:
        print(d.get("file"), m[:300])
' "$report")
if [[ -z $broken ]]; then
	ok "no rule fails or gives up on real drivers"
else
	bad "no rule fails or gives up on real drivers" "$broken"
fi

# Regression anchors from the hand check: true positives found, fixed false
# positives gone.  "rule file:line" must (or, with !, must not) be reported.
anchors=(
	"direction-mismatch drivers/net/ethernet/freescale/dpaa2/dpaa2-switch.c:908"
	"sg-nents-misuse drivers/net/ethernet/chelsio/cxgb4/cxgb4_main.c:4013"
	"double-unmap drivers/net/ethernet/pensando/ionic/ionic_txrx.c:755"
	"api-mismatch drivers/net/ethernet/atheros/alx/main.c:59"
	"cpu-address-as-dma-address drivers/net/ethernet/apple/mace.c:462"
	"cpu-address-as-dma-address drivers/net/ethernet/microchip/sparx5/sparx5_fdma.c:225"
	"unchecked-mapping-error drivers/net/ethernet/dec/tulip/tulip_core.c:667"
	"api-mismatch drivers/net/ethernet/intel/igb/igb_main.c:6393"
	"!direction-mismatch drivers/net/ethernet/broadcom/bgmac.c:564"
	"!unchecked-mapping-error drivers/net/ethernet/cisco/enic/enic_main.c:755"
	"!unchecked-mapping-error drivers/net/ethernet/intel/fm10k/fm10k_main.c:958"
	"!unchecked-mapping-error drivers/net/ethernet/broadcom/b44.c:673"
	"!double-unmap drivers/net/ethernet/chelsio/cxgb4/sge.c:285"
)
for anchor in "${anchors[@]}"; do
	rule=${anchor%% *}
	where=${anchor#* }
	want=1
	[[ $rule == !* ]] && { want=0; rule=${rule#!}; }
	# Only anchors inside the scanned paths are tested.
	covered=0
	for p in "${paths[@]}"; do [[ ${where%%:*} == "$p"* ]] && covered=1; done
	[[ $covered -eq 1 ]] || continue
	found=$(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
rule, where = sys.argv[2], sys.argv[3]
path, line = where.rsplit(":", 1)
print(sum(1 for f in r["findings"] if f["rule"] == rule and f["line"] == int(line) and
          (f["file"] == path or f["file"].endswith("/" + path))))
' "$report" "$rule" "$where")
	if [[ $want -eq 1 && $found -ge 1 ]]; then
		ok "$rule still found at $where"
	elif [[ $want -eq 0 && $found -eq 0 ]]; then
		ok "$rule stays quiet at $where"
	else
		bad "$rule $([[ $want -eq 1 ]] && echo found || echo quiet) at $where"
	fi
done

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
