#!/bin/bash
# Tests of make bench's own tools: dmc-measure (wall and CPU time, the
# largest process, the whole tree at once, exit statuses) and table.py's
# arithmetic on a hand-made result file.  usage: bench_test.sh DMC_MEASURE
set -u
MEASURE=$(realpath "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; [[ -n ${2:-} ]] && echo "$2" | sed 's/^/     /' | head -30; }
# field FILE KEY: a value of dmc-measure's line.
field() { tr ' ' '\n' <"$1" | sed -n "s/^$2=//p"; }
# check NAME EXPR: an awk condition over the numbers named in it.
check() { if awk "BEGIN { exit !($2) }"; then ok "$1"; else bad "$1" "$2"; fi; }

"$MEASURE" -o "$work/true" -- true
check "a quick command: exit 0, wall under 2 s" "$(field "$work/true" status) == 0 && $(field "$work/true" wall_s) < 2"

"$MEASURE" -o "$work/exit3" -- sh -c 'exit 3'
rc=$?
check "the command's exit status is passed on" "$rc == 3 && $(field "$work/exit3" status) == 3"

"$MEASURE" -o "$work/missing" -- /no/such/program 2>"$work/missing.err"
rc=$?
if [[ $rc -eq 127 ]] && grep -q '/no/such/program' "$work/missing.err"; then
	ok "a missing program is named, exit 127"
else
	bad "a missing program is named, exit 127" "rc $rc: $(cat "$work/missing.err")"
fi

"$MEASURE" -o "$work/cpu" -- awk 'BEGIN { for (i = 0; i < 4e6; i++) s += i; print s > "/dev/null" }'
check "CPU time of a busy command is counted (user > 0.05 s, <= wall + 0.1)" \
	"$(field "$work/cpu" user_s) > 0.05 && $(field "$work/cpu" user_s) <= $(field "$work/cpu" wall_s) + 0.1"

"$MEASURE" -o "$work/sleep" -- sleep 0.5
check "a sleeping command takes wall time, not CPU" \
	"$(field "$work/sleep" wall_s) >= 0.45 && $(field "$work/sleep" user_s) + $(field "$work/sleep" sys_s) < 0.2"

hold='import sys, time; b = bytearray(int(sys.argv[1]) << 20); b[::4096] = b"x" * len(b[::4096]); time.sleep(1)'
"$MEASURE" -o "$work/one" -- python3 -c "$hold" 80
check "the largest process: 80 MiB held is seen" "$(field "$work/one" maxrss_kb) >= 80 * 1024"

# Two 60 MiB workers at once, one in a process group of its own (as dmacheck's are).
"$MEASURE" -o "$work/two" -- sh -c "python3 -c '$hold' 60 & setsid python3 -c '$hold' 60; wait"
check "two workers: the largest is one of them (60-100 MiB)" \
	"$(field "$work/two" maxrss_kb) >= 60 * 1024 && $(field "$work/two" maxrss_kb) < 100 * 1024"
check "two workers: the tree at once holds both (>= 115 MiB)" "$(field "$work/two" treerss_kb) >= 115 * 1024"

# table.py: ratios from hand-made numbers.
mkdir -p "$work/tc/double-unmap"
echo 'x(); /* expect: double-unmap */' >"$work/tc/double-unmap/teardown_bad.c"
echo 'x();' >"$work/tc/double-unmap/teardown_clean.c"
echo 'x(); /* expect: mapping-leak */' >"$work/tc/double-unmap/leak_bad.c"
cat >"$work/sample.results" <<'EOR'
static tree files=100 jobs=2 what=drivers/net/ethernet kdir=/k
static engine-cocci files=100 findings=7 diagnostics=1 wall_s=20.0 user_s=30.0 sys_s=2.0 maxrss_kb=204800 treerss_kb=409600 status=1
static floor-spatch files=100 rules=9 wall_s=10.0 user_s=18.0 sys_s=1.0 maxrss_kb=102400 treerss_kb=204800 status=0
static one-floor-clang file=e1000_main.c runs=5 wall_s=0.8 user_s=0.7 sys_s=0.1 maxrss_kb=102400 status=0
static one-engine-analyzer file=e1000_main.c runs=5 findings=2 wall_s=1.0 user_s=0.8 sys_s=0.1 maxrss_kb=102400 status=1
static one-all file=e1000_main.c runs=5 findings=3 wall_s=2.0 user_s=2.5 sys_s=0.2 maxrss_kb=204800 status=1
gate tree files=50 changed=3 what=intel touched=a.c,b.c,c.c
gate full-warm files=50 findings=2 wall_s=40.0 user_s=70.0 sys_s=3.0 maxrss_kb=1024 treerss_kb=2048 status=1
gate changed-warm files=3 findings=1 wall_s=4.0 user_s=6.0 sys_s=1.0 maxrss_kb=1024 treerss_kb=2048 status=1
runtime kernel kernel=6.1.0-t interception=kprobe
runtime result kernel=6.1.0-t config=off kind=direct op=tx_map_unmap live=1000 iters=10 samples=3 median_ns=100 min_ns=90 max_ns=110
runtime result kernel=6.1.0-t config=probes-plain kind=direct op=tx_map_unmap live=1000 iters=10 samples=3 median_ns=250 min_ns=240 max_ns=260
runtime result kernel=6.1.0-t config=probes-plain kind=direct op=tx_map_unmap live=1000000 iters=10 samples=3 median_ns=300 min_ns=290 max_ns=310
runtime memory kernel=6.1.0-t config=tracker-load kind=direct before_memfree_kb=100000 loaded_memfree_kb=90000 entries_capacity=64000 table_bytes=9600000
dmadebug kernel kernel=6.1.0-ref config=bench/dmadebug.config
dmadebug caught module=teardown_bad rule=double-unmap count=1
dmadebug dmatrack kernel=6.1.0-t module=teardown_bad rule=double-unmap count=1
dmadebug dmatrack kernel=6.1.0-t module=leak_bad rule=mapping-leak count=2
dmadebug dmatrack kernel=6.1.0-t module=teardown_clean rule=double-unmap count=1
EOR
python3 "$ROOT/bench/table.py" --testcases "$work/tc" "$work/sample.results" >"$work/table.txt" 2>&1
expect_line() {
	if grep -qE -- "$2" "$work/table.txt"; then ok "table: $1"; else bad "table: $1" "$(cat "$work/table.txt")"; fi
}
expect_line "an engine beside its floor" '^dmacheck --engines cocci +100 +20\.0 +32\.0 +200 +400 +5\.0 +2\.00x wall +7 \(\+1 diagnostics\)'
expect_line "one file: the analyzer beside clang" '^dmacheck --engines analyzer +1\.00 +0\.90 +100 +1\.25x wall +1\.13x CPU +2$'
expect_line "one file: the default engines beside clang" '^dmacheck, default engines +2\.00 +2\.70 +200 +2\.50x wall +3\.38x CPU +3$'
expect_line "the lint gate beside the full scan" '^--changed-since HEAD~N, warm cache +3 +4\.0 +7\.0 +1 +0\.10x'
expect_line "a runtime ratio to not loaded" '^probes, plain +250 \(240-260\) 2\.50x'
expect_line "scaling against the smallest table" 'live 1000/1e\+06: tx map\+unmap: 250 1\.00x / 300 1\.20x'
expect_line "bytes per entry from the tracker's accounting and MemFree" '150 bytes per entry reserved .* MemFree fell by 160 bytes per entry'
expect_line "per module: both caught the double unmap" '^teardown_bad +double-unmap +double-unmap ok +double-unmap ok'
expect_line "per module: a leak only dmatrack saw" '^leak_bad +mapping-leak +- +mapping-leak ok'
expect_line "the score, with a clean twin reported" 'dma-debug 1 of 2, dmatrack 2 of 2; clean twins reported: dma-debug 0, dmatrack 1'

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
