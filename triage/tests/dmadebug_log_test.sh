#!/bin/bash
# Issue 7's "a DMA-API debugging log is parsed into the same findings": the
# fixture is the kernel log of the runtime test modules (testcases/runtime/)
# run under CONFIG_DMA_API_DEBUG by `make bench-dmadebug` (its header says
# how).  Each module's part of it goes through
#     dmacheck triage --log PART --engines none --format json
# (triage/tests/log_per_module.py), and what triage makes of it is held to
# the modules' expect annotations, the same rules dmatrack must report:
#   - every rule triage reports for a module is one that module expects, or
#     one of the few reports of dma-debug's own listed below, each explained;
#   - a bad module dma-debug warned about gets every rule it expects, unless
#     it is listed below as one whose bug dma-debug does not see;
#   - every finding's call site names the module whose part it came from;
#   - every module of the fixture still exists in testcases/runtime/.
# usage: dmadebug_log_test.sh DMACHECK
set -u
DMACHECK=$(realpath "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
FIXTURE=$ROOT/triage/tests/fixtures/dmadebug-testcases.log
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Reports of dma-debug beyond a testcase's rule: MODULE RULE (why, checked by hand).
#  - dma_alloc_noncoherent() is recorded by 6.1's dma-debug as a streaming map
#    whose error check is still due (kernel/dma/mapping.c dma_alloc_noncoherent()
#    calls debug_dma_map_page()); its free is then "failed to check map error",
#    in the clean twin too.
#  - dma-debug refuses any two live mappings in one cache line (kernel/dma/debug.c
#    add_dma_entry(), EEXIST); the clean twin's request and response buffers share
#    one, but the device only reads the request (docs/rules/cacheline-sharing.md).
#  - after the wrong-size unmap, 6.1's dma-debug no longer finds the status
#    block beside the frame when it is synced; the clean twin's same syncs are quiet.
cat >"$work/extra" <<'EOT'
rx_noncoherent_never_given_bad unchecked-mapping-error
rx_noncoherent_never_given_clean unchecked-mapping-error
cmd_error_path_clean cacheline-sharing
tx_headlen_bad sync-after-unmap
EOT
# Bad modules whose bug dma-debug does not see, though it warns about something else there.
cat >"$work/unseen" <<'EOT'
rx_noncoherent_never_given_bad
EOT

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; [[ -n ${2:-} ]] && echo "$2" | sed 's/^/     /' | head -30; }

if ! "$ROOT/triage/tests/log_per_module.py" "$DMACHECK" "$FIXTURE" >"$work/modules" 2>"$work/err"; then
	bad "the fixture is read module by module" "$(cat "$work/err")"
	echo "$passed passed, $failed failed"
	exit 1
fi
ok "the fixture is read module by module ($(wc -l <"$work/modules") modules)"

# expected MODULE: the rules of the module's expect annotations, one a line.
expected() {
	local src
	src=$(find "$ROOT/testcases/runtime" -name "$1.c" | head -1)
	[[ -n $src ]] && grep -oE '/\* expect(\[[a-z]+\])?: [a-z-]+ \*/' "$src" |
		sed -E 's/.*: ([a-z-]+) .*/\1/' | sort -u
}

caught=0
while read -r module warnings rules functions; do
	warnings=${warnings#warnings=}
	rules=${rules#rules=}
	functions=${functions#functions=}
	if [[ -z $(find "$ROOT/testcases/runtime" -name "$module.c") ]]; then
		bad "$module: in the fixture but not in testcases/runtime (make bench-dmadebug renews the fixture)"
		continue
	fi
	want=$(expected "$module")
	stray=
	for rule in ${rules//,/ }; do
		[[ $rule == - ]] && continue
		grep -qx -- "$rule" <<<"$want" && continue
		grep -qx -- "$module $rule" "$work/extra" && continue
		stray+=" $rule"
	done
	if [[ -z $stray ]]; then
		ok "$module: every rule triage reports is expected or explained ($rules)"
	else
		bad "$module: triage reports rules the module does not expect:$stray" "expected: $(echo $want)"
	fi
	if [[ $functions != - && $functions != "$module" ]]; then
		bad "$module: call sites name $functions"
	fi
	if [[ $module == *_bad && $warnings -gt 0 ]] && ! grep -qx "$module" "$work/unseen"; then
		missing=
		for rule in $want; do
			[[ ,$rules, == *,$rule,* ]] || missing+=" $rule"
		done
		if [[ -z $missing ]]; then
			ok "$module: dma-debug's $warnings warning(s) become the expected rule ($(echo $want))"
			caught=$((caught + 1))
		else
			bad "$module: dma-debug warned $warnings time(s), triage did not give:$missing" "got: $rules"
		fi
	fi
done <"$work/modules"

# The fixture is the whole run: a bad module of every kind dma-debug checks is in it.
if [[ $caught -ge 10 ]]; then
	ok "bad modules whose dma-debug warnings give their rule: $caught"
else
	bad "only $caught bad modules give their rule (a truncated fixture?)"
fi
"$DMACHECK" triage --log "$FIXTURE" --engines none --format json -o "$work/all.json" 2>"$work/all.err"
status=$?
if [[ $status -eq 1 ]] && python3 -c 'import json,sys; sys.exit(not json.load(open(sys.argv[1]))["findings"])' "$work/all.json"; then
	ok "the whole fixture in one triage: findings, exit 1"
else
	bad "the whole fixture in one triage: exit $status" "$(cat "$work/all.err")"
fi

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
