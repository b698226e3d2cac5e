#!/bin/bash
# Keeps README's first command true: the runtime half of `make demo`
# (runtime/rig/demo.sh) shows the CRC errors, the tracker's report, and
# triage naming the line that carries the example's expect annotation.
# usage: demo_test.sh DMACHECK OUTDIR   (prints "N passed, N failed")
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
passed=0
failed=0
check() { if eval "$2"; then passed=$((passed + 1)); echo "ok   $1"; else failed=$((failed + 1)); echo "FAIL $1"; fi; }

out=$("$root/runtime/rig/demo.sh" --dmacheck "$1" --out "$2" 2>&1)
status=$?
echo "$out" | sed 's/^/     /' | tail -n 12
line=$(grep -n 'expect: cpu-read-while-device-owned' "$root/testcases/triage/edu_crc_rx_bad.c" | cut -d: -f1)
check "the demo ran and triage found the bug (exit $status, want 1)" '[[ $status -eq 1 ]]'
check "the driver shows CRC errors under swiotlb=force" 'grep -qE "edu_crc_rx: [0-9]+ frames received, [1-9][0-9]* CRC errors" <<<"$out"'
check "the tracker's report is shown" 'grep -q "dmatrack: edu_crc_rx_bad .*cpu-read-while-device-owned" <<<"$out"'
check "triage names edu_crc_rx_bad.c:$line first" 'grep -q "^  1\. testcases/triage/edu_crc_rx_bad.c:$line " <<<"$out"'
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
