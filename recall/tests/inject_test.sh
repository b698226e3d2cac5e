#!/bin/bash
# The injector's own tests: its mutations on hand-written sites (test_inject.py),
# then the whole pipeline on fixture/ringdrv.c, a correct driver with one site
# of every class: recall-sites must find them, every mutant must compile and
# be the one ringdrv.expected lists, the pristine file must be silent, and the
# mutants a per-function analysis can see must be detected.
#
#   recall/tests/inject_test.sh DMACHECK RECALL_SITES KDIR
set -uo pipefail
dmacheck=$1 sites=$2 kdir=$3
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/recall-test-XXXXXX)
trap 'rm -rf "$work"' EXIT

python3 "$here/test_inject.py"
unit=$?

printf 'selftest ringdrv.c\n' > "$work/list"
DMACHECK_CACHE=${DMACHECK_CACHE:-$HOME/.cache/dmacheck} \
"$here/../inject.py" --dmacheck "$dmacheck" --sites "$sites" --kdir "$kdir" --tree "$here/fixture" \
	--list "$work/list" --seed 14 --per-class 1 --jobs 1 --work "$work/w" --out "$work/out" selftest \
	> "$work/log" 2>&1
rc=$?
python3 - "$work/out/selftest.json" "$here/ringdrv.expected" "$rc" "$work/log" <<'PY'
import json, sys
path, expected_path, rc, log = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
passed = failed = 0
def check(ok, what):
    global passed, failed
    print("%s: %s" % ("ok" if ok else "FAIL", what))
    passed += ok
    failed += not ok
check(rc == 0, "inject.py exits 0 (was %d)" % rc)
try:
    doc = json.load(open(path))
except OSError as e:
    check(False, "inject.py wrote its results: %s\n%s" % (e, open(log).read()[-2000:]))
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1)
(f,) = doc["files"]
check(not f["errors"], "no errors: %s" % f["errors"])
check(not f["pristine_findings"], "the pristine driver is silent: %s" % f["pristine_findings"])
want = []
for line in open(expected_path):
    if line.strip() and not line.startswith("#"):
        cls, at, exp, change = line.split(None, 3)
        want.append((cls, int(at), None if exp == "-" else int(exp), change.strip()))
got = [(m["class"], m["line"], m["expected_line"], m["change"]) for m in f["mutants"]]
check(got == want, "the mutants are the expected ones:\n  got  %s\n  want %s" % (got, want))
check(not any(m["invalid"] for m in f["mutants"]), "every mutant compiles")
# One function holds the map and the misuse in these classes: the analyzer sees them today.
seen_in_one_function = {"drop-unmap-on-error", "unmap-wrong-size", "unmap-wrong-direction",
                        "drop-mapping-error", "map-stack-buffer", "duplicate-unmap"}
for m in f["mutants"]:
    if m["class"] in seen_in_one_function:
        check(m["detected"], "%s at line %d is detected (%s)" % (m["class"], m["line"], m["new_findings"]))
    check(all(n["line"] for n in m["new_findings"]), "%s: findings have lines" % m["class"])
score = doc["classes"]
check(sum(r["injected"] for r in score.values()) == len(want), "the score counts every mutant once")
check(sum(r["detected"] for r in score.values()) == sum(m["detected"] for m in f["mutants"]),
      "the score counts the detected ones")
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PY
e2e=$?
[[ $unit -eq 0 && $e2e -eq 0 ]]
