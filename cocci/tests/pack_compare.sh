#!/bin/bash
# The Coccinelle engine's combined pack (one spatch per file) against each
# rule file in a spatch of its own (DMACHECK_COCCI_SEPARATE=1): the same
# findings (rule, place, message, related locations, fingerprint) and the
# same diagnostics, on the paths given.  The time of each run is printed, as
# information only.
#
# usage: pack_compare.sh [-j N] [--keep DIR] DMACHECK KDIR PATH...
#   (prints "N passed, N failed"; --keep leaves both JSON reports in DIR)
set -u
jobs=2
keep=
while [[ $# -gt 0 ]]; do
	case $1 in
	-j) jobs=$2; shift 2 ;;
	--keep) keep=$2; shift 2 ;;
	*) break ;;
	esac
done
if [[ $# -lt 3 ]]; then
	echo "usage: pack_compare.sh [-j N] [--keep DIR] DMACHECK KDIR PATH..." >&2
	exit 2
fi
DMACHECK=$(realpath "$1")
KDIR=$2
shift 2
work=${keep:-$(mktemp -d)}
mkdir -p "$work"
[[ -z $keep ]] && trap 'rm -rf "$work"' EXIT

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; [[ -n ${2:-} ]] && echo "$2" | sed 's/^/     /' | head -40; }

# scan NAME SEPARATE: one scan of the paths, its JSON report in $work/NAME.json.
scan() {
	local name=$1 start=$SECONDS status
	DMACHECK_COCCI_SEPARATE=$2 "$DMACHECK" scan --engines cocci --kdir "$KDIR" -j "$jobs" \
		--format json -o "$work/$name.json" "${@:3}" 2>"$work/$name.err"
	status=$?
	echo "     $name: exit $status in $((SECONDS - start)) s"
	echo "$status" >"$work/$name.status"
}

scan combined 0 "$@"
scan separate 1 "$@"

if [[ $(cat "$work/combined.status") == "$(cat "$work/separate.status")" ]]; then
	ok "the combined and the separate runs exit alike ($(cat "$work/combined.status"))"
else
	bad "the combined and the separate runs exit alike" \
		"combined $(cat "$work/combined.status"), separate $(cat "$work/separate.status"): $(tail -5 "$work/combined.err")"
fi

diffs=$(python3 - "$work/separate.json" "$work/combined.json" <<-'EOF'
	import json, re, sys

	def load(path):
	    try:
	        with open(path) as f:
	            return json.load(f)
	    except (OSError, ValueError) as e:
	        print("%s: no report: %s" % (path, e))
	        sys.exit(0)

	def finding(f):
	    return json.dumps({k: f.get(k) for k in ("rule", "file", "line", "column", "function",
	                                             "message", "related", "fingerprint", "severity")},
	                      sort_keys=True)

	# A file spatch gave up on is named once per run: the rule, or the pack's rules.
	def diag(d):
	    msg = re.sub(r" running .*; its findings for (that rule|those rules)", " running ...", d.get("message", ""))
	    return json.dumps({"severity": d.get("severity"), "file": d.get("file"),
	                       "line": d.get("line"), "message": msg}, sort_keys=True)

	sep, comb = load(sys.argv[1]), load(sys.argv[2])
	# Diagnostics are compared as sets: a file spatch gave up on is one
	# diagnostic per rule run alone, one per pack combined.
	for what, key, group in (("findings", finding, list), ("diagnostics", diag, set)):
	    a = sorted(group(key(x) for x in sep.get(what, [])))
	    b = sorted(group(key(x) for x in comb.get(what, [])))
	    only_sep = [x for x in a if x not in b]
	    only_comb = [x for x in b if x not in a]
	    print("%s %d %d %d" % (what, len(a), len(b), len(only_sep) + len(only_comb)))
	    for x in only_sep[:10]:
	        print("  only separate: " + x)
	    for x in only_comb[:10]:
	        print("  only combined: " + x)
	EOF
)
for what in findings diagnostics; do
	read -r _ nsep ncomb ndiff <<<"$(grep "^$what " <<<"$diffs")"
	if [[ ${ndiff:-1} == 0 && $nsep == "$ncomb" ]]; then
		ok "the same $what ($nsep) from the combined pack as from one spatch per rule"
	else
		bad "the same $what from the combined pack as from one spatch per rule" "$diffs"
	fi
done
if [[ $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' \
	"$work/combined.json" 2>/dev/null) -gt 0 ]]; then
	ok "the comparison has findings to compare"
else
	bad "the comparison has findings to compare"
fi

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
