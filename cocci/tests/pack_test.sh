#!/bin/bash
# Tests of the combined pack (cocci/combine.py, one spatch per file):
#  - on the testcases it finds what one spatch per rule finds (pack_compare.sh),
#    and so does a one-file scan, whose pack is split among the jobs;
#  - rule files that reuse rule names and Python globals keep them apart,
#    and each report is attributed to the file that made it;
#  - what the combiner cannot read is an error naming the file and line, and
#    a pack that cannot be combined runs rule by rule, with a warning;
#  - a spatch killed mid-run leaves nothing in the current directory or in
#    the temporary directory.
#
# usage: pack_test.sh DMACHECK KDIR   (prints "N passed, N failed")
set -u
DMACHECK=$(realpath "$1")
KDIR=$2
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$ROOT" || exit 1

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; [[ -n ${2:-} ]] && echo "$2" | sed 's/^/     /' | head -30; }

# compare ARGS...: pack_compare.sh's checks counted as ours.
compare() {
	local out summary
	out=$(cocci/tests/pack_compare.sh "$@" 2>&1)
	summary=$(tail -1 <<<"$out")
	if [[ $summary =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
		passed=$((passed + BASH_REMATCH[1]))
		failed=$((failed + BASH_REMATCH[2]))
		sed '$d' <<<"$out"
	else
		bad "pack_compare.sh $*" "$out"
	fi
}

# The testcases: the combined pack against one spatch per rule; and one
# file with two jobs, where the pack is split in two run side by side.
compare -j 2 "$DMACHECK" "$KDIR" testcases/static testcases/sample
compare -j 2 "$DMACHECK" "$KDIR" testcases/sample/dmanic_bad.c

# Two rule files that clash in every name spatch shares between rules.
mkdir -p "$work/clash"
for n in one two; do
	cat >"$work/clash/$n.cocci" <<-EOF
	// Options: --no-includes --include-headers
	virtual report

	@initialize:python@
	@@
	seen = []
	def note(p, what):
	    seen.append(what)
	    coccilib.report.print_report(p[0], "WARNING: $n %s after %d" % (what, len(seen) - 1))

	@r@
	identifier f = {${n}_call};
	position p;
	@@
	f@p(...)

	@script:python depends on report@
	p << r.p;
	f << r.f;
	@@
	note(p, f)
	EOF
done
cat >"$work/clash/c.c" <<-'EOF'
	void one_call(void);
	void two_call(void);
	void f(void) { one_call(); two_call(); one_call(); }
EOF
if python3 cocci/combine.py -o "$work/clash/pack.cocci" "$work/clash/one.cocci" "$work/clash/two.cocci" \
	2>"$work/clash/err"; then
	got=$(spatch --sp-file "$work/clash/pack.cocci" -D report --very-quiet --no-show-diff \
		"$work/clash/c.c" 2>&1 | sed "s|$work/clash/||" | sort)
	want=$(for n in one two; do
		spatch --sp-file "$work/clash/$n.cocci" -D report --very-quiet --no-show-diff \
			"$work/clash/c.c" 2>&1 | sed "s|$work/clash/||; s/^/$n\t/"
	done | sort)
	if [[ -n $want && $got == "$want" ]]; then
		ok "rule files reusing rule names and Python globals: the pack reports each as alone, attributed"
	else
		bad "rule files reusing rule names and Python globals" "$(diff <(echo "$want") <(echo "$got"))"
	fi
else
	bad "combine.py combines rule files that reuse names" "$(cat "$work/clash/err")"
fi

# What the combiner cannot read is named, never guessed.
printf '#include "other.cocci"\nvirtual report\n' >"$work/clash/odd.cocci"
err=$(python3 cocci/combine.py -o "$work/clash/odd-pack.cocci" "$work/clash/odd.cocci" 2>&1)
status=$?
if [[ $status -eq 1 && $err == *"odd.cocci:1:"* && ! -e $work/clash/odd-pack.cocci ]]; then
	ok "combine.py names the file and line it cannot combine (exit 1, no output)"
else
	bad "combine.py names the file and line it cannot combine" "exit $status: $err"
fi

# A data directory without the combiner: each rule runs alone, and says so.
mkdir -p "$work/data/reports" "$work/data/cocci"
cp reports/rules.def "$work/data/reports/"
cp cocci/*.cocci "$work/data/cocci/"
out=$(DMACHECK_DATADIR=$work/data "$DMACHECK" scan --engines cocci --kdir "$KDIR" --format json \
	testcases/static/double-unmap 2>/dev/null)
if python3 -c '
import json, sys
r = json.loads(sys.argv[1])
assert any("could not combine" in d["message"] and d["severity"] == "warning" for d in r["diagnostics"])
assert any(f["rule"] == "double-unmap" for f in r["findings"])
' "$out" 2>/dev/null; then
	ok "without the combiner the rules run one by one, with a warning, and still find"
else
	bad "without the combiner the rules run one by one, with a warning" "$out"
fi

# A spatch killed while its --jobs workers run leaves nothing behind.
mkdir -p "$work/bin" "$work/cwd" "$work/tmp"
cat >"$work/bin/spatch" <<-EOF
	#!/bin/bash
	# Kills the real spatch once its --jobs workers have made their directory.
	case " \$* " in *" --jobs "*) ;; *) exec "$(command -v spatch)" "\$@" ;; esac
	workers_dirs() {
		find "$work/tmp" -mindepth 2 -type d 2>/dev/null
		find "$work/cwd" -mindepth 1 -type d 2>/dev/null
	}
	"$(command -v spatch)" "\$@" &
	pid=\$!
	for i in \$(seq 300); do
		[[ -n \$(workers_dirs) ]] && break
		sleep 0.1
	done
	workers_dirs >"$work/seen"
	kill -9 -- -\$\$	# the process group, as dmacheck's time limit does
EOF
chmod +x "$work/bin/spatch"
(cd "$work/cwd" && PATH=$work/bin:$PATH TMPDIR=$work/tmp "$DMACHECK" scan --engines cocci \
	--kdir "$KDIR" -j 2 "$ROOT/testcases/static/double-unmap" >"$work/killed.out" 2>&1)
status=$?
left=$(find "$work/cwd" "$work/tmp" -mindepth 1 2>/dev/null)
if [[ $status -eq 3 && -s $work/seen && -z $left ]] && grep -q "spatch failed" "$work/killed.out"; then
	ok "a killed spatch is a diagnostic and leaves nothing in the current or temporary directory"
else
	bad "a killed spatch leaves nothing behind (exit $status)" \
		"workers' directories seen: $(cat "$work/seen" 2>/dev/null); left: $left; $(tail -5 "$work/killed.out")"
fi

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
