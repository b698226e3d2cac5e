#!/bin/bash
# The static half of `make bench`: what `dmacheck scan` costs on real drivers
# of Linux 6.1, per engine and all together, beside its floors measured in
# the same run:
#   - clang -fsyntax-only of the files the analyzer parses, with the exact
#     commands it parsed them with (DMACHECK_ANALYZER_COMPDB): the cost of
#     parsing alone;
#   - spatch with the pack, run directly with the options the Coccinelle
#     engine gives it (recorded from the engine itself): Coccinelle alone;
# one large file scanned alone beside clang -fsyntax-only of it (bench/onefile.sh);
# and the incremental lint gate: a scan limited to the files a patch series
# changed (--changed-since) beside a scan of the whole driver tree.
#
# usage: static.sh --dmacheck BIN --measure BIN --kdir DIR --out DIR [--dirs "D..."] [--gate DIR] [--one-file F]
#   --dirs  directories of the 6.1 tree to scan (default drivers/net/ethernet)
#   --gate  the driver tree of the lint-gate measurement (default drivers/net/ethernet/intel)
#   --one-file  the one-file measurement's file (default drivers/net/ethernet/intel/e1000/e1000_main.c)
# Writes DIR/static.results: one "static NAME key=value..." line a run.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
dmacheck= measure= kdir= out=
dirs=drivers/net/ethernet
gate=drivers/net/ethernet/intel
onefile=drivers/net/ethernet/intel/e1000/e1000_main.c
jobs=$(nproc)
while [[ $# -gt 0 ]]; do
	case $1 in
	--dmacheck) dmacheck=$(realpath "$2"); shift 2 ;;
	--measure) measure=$(realpath "$2"); shift 2 ;;
	--kdir) kdir=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--dirs) dirs=$2; shift 2 ;;
	--gate) gate=$2; shift 2 ;;
	--one-file) onefile=$2; shift 2 ;;
	*) echo "static.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
done
if [[ -z $dmacheck || -z $measure || -z $kdir || -z $out ]]; then
	echo "usage: static.sh --dmacheck BIN --measure BIN --kdir DIR --out DIR [--dirs \"D...\"] [--gate DIR] [--one-file F]" >&2
	exit 2
fi
mkdir -p "$out/static"
out=$(cd "$out" && pwd)
work=$out/static
results=$out/static.results
: >"$results"
ksrc=$("$root/scripts/kernel-source.sh") || exit 1
# shellcheck source=bench/lib.sh
. "$here/lib.sh"

paths=()
for d in $dirs; do
	[[ -e $ksrc/$d ]] || { echo "static.sh: $ksrc/$d does not exist" >&2; exit 2; }
	paths+=("$ksrc/$d")
done
# The files dmacheck scans: every *.c but *.mod.c, hidden directories skipped.
find "${paths[@]}" -name '.*' -prune -o -name '*.c' ! -name '*.mod.c' -type f -print | sort >"$work/files"
nfiles=$(wc -l <"$work/files")
tree_desc="Linux 6.1 (Debian linux-source-6.1) $dirs: $nfiles C files"
echo "static: $tree_desc; $jobs jobs; kernel headers $kdir" >&2
record static tree "files=$nfiles" "jobs=$jobs" "what=$(words "$dirs")" "kdir=$kdir"

engines=$("$dmacheck" scan --help | sed -n 's/.*default: all static engines: \([a-z,]*\)).*/\1/p')
[[ -n $engines ]] || { echo "static.sh: cannot tell the static engines from dmacheck scan --help" >&2; exit 1; }

# The analyzer's flags cache is the bench's own: the first analyzer scan
# starts cold (kbuild runs once per directory), later ones find it warm.
export DMACHECK_CACHE=$work/flags-cache
rm -rf "$DMACHECK_CACHE"

# scan NAME ENGINES [ENV...]: one measured `dmacheck scan` of the whole set.
scan() {
	local name=$1 list=$2 status
	shift 2
	echo "static: dmacheck scan --engines $list ($name)" >&2
	env "$@" nice "$measure" -o "$work/$name.cost" -- \
		"$dmacheck" scan --engines "$list" --kdir "$kdir" -j "$jobs" --format json \
		-o "$work/$name.json" "${paths[@]}" 2>"$work/$name.err"
	status=$?
	if [[ $status -gt 1 && $status -ne 3 ]]; then
		echo "static.sh: dmacheck scan ($name) failed with status $status:" >&2
		tail -5 "$work/$name.err" >&2
	fi
	record static "$name" "files=$nfiles" "findings=$(count_findings "$work/$name.json")" \
		"diagnostics=$(count_diagnostics "$work/$name.json")" "$(cat "$work/$name.cost")"
}

# The analyzer first: it writes the compile commands the clang floor reuses.
for engine in ${engines//,/ }; do
	if [[ $engine == analyzer ]]; then
		scan engine-analyzer analyzer DMACHECK_ANALYZER_COMPDB="$work/compile_commands.json"
	else
		scan "engine-$engine" "$engine"
	fi
done
[[ $engines == *,* ]] && scan all "$engines"

# The parsing floor: clang-14 -fsyntax-only, same files, same arguments, same jobs.
if [[ -s $work/compile_commands.json ]]; then
	python3 "$here/clang_commands.py" "$work/compile_commands.json" "$work/clang-commands"
	parsed=$(wc -l <"$work/clang-commands")
	echo "static: clang -fsyntax-only of the $parsed files the analyzer parsed" >&2
	nice "$measure" -o "$work/clang.cost" -- \
		xargs -d '\n' -P "$jobs" -n 1 bash -c <"$work/clang-commands" >/dev/null 2>"$work/clang.err"
	record static floor-clang "files=$parsed" "$(cat "$work/clang.cost")"
	record static analyzer-parsed "files=$parsed"
fi

# The Coccinelle floor: the engine's own spatch command lines, recorded by a
# stand-in spatch on a one-file scan, then run directly over every file.
if [[ ,$engines, == *,cocci,* ]]; then
	mkdir -p "$work/spatch-rec"
	cat >"$work/spatch-rec/spatch" <<-EOF
	#!/bin/bash
	# Records each spatch command line (NUL-separated words, one file each),
	# with a copy of its semantic patch (the engine's combined pack is
	# removed after the scan) and a --tmp-dir of the bench's own.
	n=\$(ls "$work/spatch-rec" | grep -c '^cmd')
	args=("\$@")
	for i in "\${!args[@]}"; do
		case \${args[\$i]} in
		--sp-file)
			cp "\${args[\$((i + 1))]}" "$work/spatch-rec/sp.\$n.cocci"
			args[\$((i + 1))]=$work/spatch-rec/sp.\$n.cocci ;;
		--tmp-dir) args[\$((i + 1))]=$work/spatch-rec/jobs ;;
		esac
	done
	printf '%s\0' "\${args[@]}" >"$work/spatch-rec/cmd.\$n"
	exec "$(command -v spatch)" "\$@"
	EOF
	chmod +x "$work/spatch-rec/spatch"
	rm -f "$work"/spatch-rec/cmd.* "$work"/spatch-rec/sp.*
	PATH="$work/spatch-rec:$PATH" "$dmacheck" scan --engines cocci --kdir "$kdir" -j "$jobs" \
		--format json -o /dev/null "$root/testcases/sample/dmanic_bad.c" 2>/dev/null
	awk '{ print $0; print "" }' "$work/files" >"$work/file-groups"
	: >"$work/spatch-commands"
	for cmd in "$work"/spatch-rec/cmd.*; do
		# Only the rule runs (-D report): not the version probe or parse-error explanation.
		grep -qz '^report$' "$cmd" || continue
		python3 - "$cmd" "$work/file-groups" >>"$work/spatch-commands" <<-'EOF'
		import shlex, sys
		words = open(sys.argv[1], "rb").read().split(b"\0")[:-1]
		words = [w.decode() for w in words]
		words[words.index("--file-groups") + 1] = sys.argv[2]
		print(shlex.join(["spatch"] + words))
		EOF
	done
	nrules=$(wc -l <"$work/spatch-commands")
	echo "static: spatch directly, $nrules runs" >&2
	DMACHECK_COCCI=1 nice "$measure" -o "$work/spatch.cost" -- \
		bash -c "while read -r line; do eval \"\$line\" >>'$work/spatch.out' 2>>'$work/spatch.err'; done" \
		<"$work/spatch-commands"
	record static floor-spatch "files=$nfiles" "rules=$nrules" "$(cat "$work/spatch.cost")"
fi

"$here/onefile.sh" --dmacheck "$dmacheck" --measure "$measure" --kdir "$kdir" --out "$out" \
	--file "$ksrc/$onefile" --engines "$engines" || exit 1

"$here/gate.sh" --dmacheck "$dmacheck" --measure "$measure" --kdir "$kdir" --out "$out" \
	--tree "$ksrc/$gate" --engines "$engines" --jobs "$jobs" || exit 1
