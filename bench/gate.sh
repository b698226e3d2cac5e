#!/bin/bash
# The incremental lint gate of `make bench`: a driver tree becomes a git
# repository of its own (as a driver developer's tree is), a patch series of
# three commits edits three of its largest DMA-heavy files, and
#     dmacheck scan --changed-since HEAD~3 TREE
# is measured beside a scan of the whole tree, each with a cold flags cache
# (a fresh CI machine) and a warm one (a developer's machine, a cached CI).
#
# usage: gate.sh --dmacheck BIN --measure BIN --kdir DIR --out DIR --tree DIR --engines LIST --jobs N
# Appends "gate NAME key=value..." lines to DIR/static.results.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
dmacheck= measure= kdir= out= tree= engines= jobs=
while [[ $# -gt 0 ]]; do
	case $1 in
	--dmacheck) dmacheck=$2; shift 2 ;;
	--measure) measure=$2; shift 2 ;;
	--kdir) kdir=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--tree) tree=$2; shift 2 ;;
	--engines) engines=$2; shift 2 ;;
	--jobs) jobs=$2; shift 2 ;;
	*) echo "gate.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
done
if [[ -z $dmacheck || -z $measure || -z $kdir || -z $out || ! -d $tree || -z $engines || -z $jobs ]]; then
	echo "usage: gate.sh --dmacheck BIN --measure BIN --kdir DIR --out DIR --tree DIR --engines LIST --jobs N" >&2
	exit 2
fi
results=$out/static.results
work=$out/gate
# shellcheck source=bench/lib.sh
. "$here/lib.sh"

rm -rf "$work"
mkdir -p "$work"
repo=$work/$(basename "$tree")
cp -r "$tree" "$repo"
git -C "$repo" init -q
git -C "$repo" add -A
commit() { git -C "$repo" -c user.name=bench -c user.email=bench@localhost commit -qm "$1"; }
commit "the driver tree"
nfiles=$(find "$repo" -name '*.c' ! -name '*.mod.c' | wc -l)

# The series touches the three largest files that unmap DMA: the costliest
# files a patch can touch, so the gate is measured at its slowest.
mapfile -t touched < <(grep -rl --include='*.c' 'dma_unmap_' "$repo" | xargs ls -S | head -n 3)
for f in "${touched[@]}"; do
	# A one-line change inside the file, as a fix would make.
	sed -i '0,/^{$/s//{\n\t\/* reviewed for the DMA API *\//' "$f"
	git -C "$repo" add "$f"
	commit "$(basename "$f"): a fix"
done
echo "gate: $(basename "$tree") ($nfiles C files), a series of ${#touched[@]} commits" >&2
record gate tree "files=$nfiles" "changed=${#touched[@]}" "what=$(basename "$tree")" \
	"touched=$(words "$(for f in "${touched[@]}"; do echo "${f#"$repo"/}"; done)")"

# gate_scan NAME CACHE ARGS...: one measured scan with its own flags cache.
gate_scan() {
	local name=$1 cache=$2 scanned
	shift 2
	echo "gate: $name" >&2
	DMACHECK_CACHE=$cache nice "$measure" -o "$work/$name.cost" -- \
		"$dmacheck" scan --engines "$engines" --kdir "$kdir" -j "$jobs" --format json \
		-o "$work/$name.json" "$@" 2>"$work/$name.err"
	scanned=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["files_scanned"])' \
		"$work/$name.json" 2>/dev/null || echo 0)
	record gate "$name" "files=$scanned" "findings=$(count_findings "$work/$name.json")" \
		"$(cat "$work/$name.cost")"
}

gate_scan full-cold "$work/cache-full" "$repo"
gate_scan full-warm "$work/cache-full" "$repo"
gate_scan changed-cold "$work/cache-changed" --changed-since HEAD~${#touched[@]} "$repo"
gate_scan changed-warm "$work/cache-changed" --changed-since HEAD~${#touched[@]} "$repo"
