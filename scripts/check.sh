#!/bin/bash
# Runs the test suites named on the command line (make targets check-<name>)
# one after another, shows their output, and ends with the total in the form
# "N passed, N failed".  A suite's count comes from its own summary lines:
# Check's "NN%: Checks: C, Failures: F, Errors: E" or "N passed, N failed".
# A suite that fails without printing a summary counts as one failure.
set -uo pipefail

total_pass=0
total_fail=0
declare -a report

for suite in "$@"; do
	log=$(mktemp)
	start=$SECONDS
	echo "=== $suite"
	make --no-print-directory "check-$suite" 2>&1 | tee "$log"
	status=${PIPESTATUS[0]}
	pass=0
	fail=0
	found=0
	while read -r c f e; do
		pass=$((pass + c - f - e))
		fail=$((fail + f + e))
		found=1
	done < <(sed -n 's/.*[0-9]*%: Checks: \([0-9]*\), Failures: \([0-9]*\), Errors: \([0-9]*\).*/\1 \2 \3/p' "$log")
	while read -r p f; do
		pass=$((pass + p))
		fail=$((fail + f))
		found=1
	done < <(sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1 \2/p' "$log")
	if [[ $status -ne 0 && $fail -eq 0 ]]; then
		fail=1	# it failed without saying what: that is a failure too
	fi
	if [[ $found -eq 0 && $status -eq 0 ]]; then
		echo "check.sh: suite $suite printed no summary" >&2
		fail=$((fail + 1))
	fi
	rm -f "$log"
	report+=("$(printf '%-14s %5d passed, %3d failed  (%ds)' "$suite" "$pass" "$fail" $((SECONDS - start)))")
	total_pass=$((total_pass + pass))
	total_fail=$((total_fail + fail))
done

echo
echo "=== summary"
printf '%s\n' "${report[@]}"
echo "$total_pass passed, $total_fail failed"
[[ $total_fail -eq 0 ]]
