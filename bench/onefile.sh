#!/bin/bash
# The one-file part of `make bench`: what a lint gate pays per changed file.
# One large driver file is scanned with each static engine alone and with the
# default engines, beside clang-14 -fsyntax-only of the same file with the
# analyzer's own arguments (the parsing floor), RUNS times each, interleaved,
# after one warm-up of each (the flags cache is warm: a developer's machine
# or a cached CI).  The medians are recorded.
#
# usage: onefile.sh --dmacheck BIN --measure BIN --kdir DIR --out DIR --file FILE --engines LIST [--runs N]
# Appends "static one-NAME key=value..." lines to DIR/static.results.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
dmacheck= measure= kdir= out= file= engines= runs=5
while [[ $# -gt 0 ]]; do
	case $1 in
	--dmacheck) dmacheck=$2; shift 2 ;;
	--measure) measure=$2; shift 2 ;;
	--kdir) kdir=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--file) file=$2; shift 2 ;;
	--engines) engines=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	*) echo "onefile.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
done
if [[ -z $dmacheck || -z $measure || -z $kdir || -z $out || ! -f $file || -z $engines ]]; then
	echo "usage: onefile.sh --dmacheck BIN --measure BIN --kdir DIR --out DIR --file FILE --engines LIST [--runs N]" >&2
	exit 2
fi
results=$out/static.results
work=$out/onefile
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
rm -rf "$work"
mkdir -p "$work"

# The analyzer's commands for the file, and the flags cache warm.
DMACHECK_ANALYZER_COMPDB=$work/compile_commands.json "$dmacheck" scan --engines analyzer \
	--kdir "$kdir" -j 1 --format json -o /dev/null "$file" 2>/dev/null
if [[ ! -s $work/compile_commands.json ]]; then
	echo "onefile.sh: the analyzer gave no compile command for $file" >&2
	exit 1
fi
python3 "$here/clang_commands.py" "$work/compile_commands.json" "$work/clang-command"

names=(floor-clang engine-analyzer engine-cocci all)
# run NAME I: one measured run; I=0 is the warm-up.
run() {
	local name=$1 i=$2 list
	case $name in
	floor-clang)
		nice "$measure" -o "$work/$name.$i.cost" -- bash "$work/clang-command" \
			>/dev/null 2>&1
		return ;;
	engine-*) list=${name#engine-} ;;
	all) list=$engines ;;
	esac
	nice "$measure" -o "$work/$name.$i.cost" -- "$dmacheck" scan --engines "$list" \
		--kdir "$kdir" -j 2 --format json -o "$work/$name.json" "$file" >/dev/null 2>&1
}

echo "onefile: $(basename "$file"), ${runs} runs of each after a warm-up" >&2
for i in $(seq 0 "$runs"); do
	for name in "${names[@]}"; do
		[[ $name == engine-cocci && ,$engines, != *,cocci,* ]] && continue
		run "$name" "$i"
	done
done

# The median of each key over the measured runs (not the warm-up).
for name in "${names[@]}"; do
	ls "$work/$name".*.cost >/dev/null 2>&1 || continue
	medians=$(python3 - "$runs" "$work/$name" <<-'PY'
	import statistics, sys
	runs, prefix = int(sys.argv[1]), sys.argv[2]
	vals = {}
	for i in range(1, runs + 1):
	    for w in open("%s.%d.cost" % (prefix, i)).read().split():
	        k, v = w.split("=", 1)
	        vals.setdefault(k, []).append(float(v))
	print(" ".join("%s=%g" % (k, statistics.median(v)) for k, v in vals.items()))
	PY
	)
	extra=()
	[[ -f $work/$name.json ]] && extra=("findings=$(count_findings "$work/$name.json")")
	record static "one-$name" "file=${file##*/}" "runs=$runs" "${extra[@]}" $medians
done
