#!/bin/bash
# `make bench`: every part, then one table.  usage:
#   bench.sh --dmacheck BIN --measure BIN --assert BIN --kdir DIR --out DIR
#            [--dirs "D..."] [--kernel VERSION]... PART...
# PART: static, runtime, dmadebug (each writes OUT/PART.results), or table
# (prints the table of whatever results OUT holds).  The table is also
# written to OUT/table.txt.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
dmacheck= measure= assert= kdir= out= dirs=
kernels=()
parts=()
while [[ $# -gt 0 ]]; do
	case $1 in
	--dmacheck) dmacheck=$2; shift 2 ;;
	--measure) measure=$2; shift 2 ;;
	--assert) assert=$2; shift 2 ;;
	--kdir) kdir=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--dirs) dirs=$2; shift 2 ;;
	--kernel) kernels+=(--kernel "$2"); shift 2 ;;
	static|runtime|dmadebug|table) parts+=("$1"); shift ;;
	*) echo "bench.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
done
if [[ -z $out || ${#parts[@]} -eq 0 ]]; then
	echo "usage: bench.sh --dmacheck BIN --measure BIN --assert BIN --kdir DIR --out DIR PART..." >&2
	exit 2
fi
mkdir -p "$out"
results=$out/meta.results
# shellcheck source=bench/lib.sh
. "$here/lib.sh"

status=0
for part in "${parts[@]}"; do
	start=$SECONDS
	case $part in
	static)
		# What the machine was doing when the bench began: ratios survive load, absolutes less so.
		: >"$results"
		record meta run "date=$(date -u +%Y-%m-%dT%H:%MZ)" \
			"commit=$(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)" \
			"cpu=$(sed -n 's/^model name[^:]*: *//p' /proc/cpuinfo | head -1 | tr ' ' '_')" \
			"cpus=$(nproc)" "mem_gib=$(awk '/^MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)" \
			"load=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' '/')"
		"$here/static.sh" --dmacheck "$dmacheck" --measure "$measure" --kdir "$kdir" --out "$out" \
			${dirs:+--dirs "$dirs"} || status=1
		;;
	runtime)
		"$here/runtime.sh" --out "$out" "${kernels[@]}" || status=1
		;;
	dmadebug)
		"$here/dmadebug.sh" --dmacheck "$dmacheck" --assert "$assert" --out "$out" || status=1
		;;
	table)
		python3 "$here/table.py" --testcases "$root/testcases/runtime" "$out"/meta.results \
			"$out"/static.results "$out"/runtime.results "$out"/dmadebug.results |
			tee "$out/table.txt"
		;;
	esac
	[[ $part == table ]] || echo "bench: $part took $((SECONDS - start)) s" >&2
done
exit $status
