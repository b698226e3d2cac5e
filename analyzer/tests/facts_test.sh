#!/bin/bash
# The facts layer end to end, on lsnic: a two-file module whose probe
# (lsnic_main.c) sets the DMA mask and whose ring code (lsnic_ring.c) keeps
# handles in 32 bits.  The ring file is held to the mask of its module; with a
# 32-bit mask, or with the layer off, it is not.  A changed sibling is read
# again (facts are keyed by content), and a corrupt database is rebuilt with a
# note.
#
#   analyzer/tests/facts_test.sh DMACHECK KDIR
set -uo pipefail
dmacheck=$(realpath "$1") kdir=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/dmacheck-facts-XXXXXX)
trap 'rm -rf "$work"' EXIT
export DMACHECK_CACHE=$work/cache DMACHECK_NO_PROGRESS=1
pass=0 fail=0

check() {	# check WHAT COMMAND...
	local what=$1
	shift
	if "$@"; then
		pass=$((pass + 1)); echo "ok: $what"
	else
		fail=$((fail + 1)); echo "FAIL: $what"
	fi
}

scan() {	# scan FILE OUT.json
	"$dmacheck" scan --engines analyzer --kdir "$kdir" --format json --fail-on none -o "$2" "$1" \
		2>>"$work/scan.log"
}

# findings FILE.json: "rule:line" of each finding, one per line
findings() {
	python3 -c 'import json,sys; [print("%s:%d" % (f["rule"], f["line"])) for f in json.load(open(sys.argv[1]))["findings"]]' "$1"
}

notes() {
	python3 -c 'import json,sys; [print(d["message"]) for d in json.load(open(sys.argv[1]))["diagnostics"]]' "$1"
}

expected() {	# the lines a file marks with expect: dma-addr-truncation
	grep -n 'expect: dma-addr-truncation' "$1" | cut -d: -f1 | sed 's/^/dma-addr-truncation:/'
}

cp -r "$here/facts/wide_mask" "$here/facts/narrow_mask" "$work/"
wide=$work/wide_mask/lsnic_ring.c narrow=$work/narrow_mask/lsnic_ring.c

scan "$wide" "$work/wide.json"
check "the ring file is held to the 40-bit mask its module's probe sets" \
	test "$(findings "$work/wide.json")" = "$(expected "$wide")"
check "the wide module's expectation is not empty" test -n "$(expected "$wide")"

scan "$narrow" "$work/narrow.json"
check "with a 32-bit mask in the probe, the same ring file is silent" test -z "$(findings "$work/narrow.json")"

DMACHECK_FACTS=off scan "$wide" "$work/off.json"
check "without the module's facts the ring file alone is silent" test -z "$(findings "$work/off.json")"

db=$(ls "$DMACHECK_CACHE"/facts/*.sqlite)
check "one database for the kernel" test "$(echo "$db" | wc -l)" -eq 1
check "the database knows both files of the module and the mask" test "$(python3 - "$db" "$work" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = db.execute("SELECT f.path, f.module, m.kind, m.bits FROM files f LEFT JOIN masks m ON m.path = f.path "
                  "WHERE f.path LIKE ? ORDER BY f.path, m.kind", (sys.argv[2] + "/wide_mask/%",)).fetchall()
print(";".join("%s %s %s %s" % (p.split("/")[-1], mod, k, b) for p, mod, k, b in rows))
PY
)" = "lsnic_main.c lsnic coherent 40;lsnic_main.c lsnic streaming 40;lsnic_ring.c lsnic None None"

sed -i 's/DMA_BIT_MASK(40)/DMA_BIT_MASK(32)/' "$work/wide_mask/lsnic_main.c"
scan "$wide" "$work/changed.json"
check "a sibling whose content changed is read again" test -z "$(findings "$work/changed.json")"
sed -i 's/DMA_BIT_MASK(32)/DMA_BIT_MASK(40)/' "$work/wide_mask/lsnic_main.c"

printf 'not a database, whatever the header says............................................................' > "$db"
rm -f "$db-wal" "$db-shm"
scan "$wide" "$work/corrupt.json"
check "a corrupt database is rebuilt, with a note" grep -q "corrupt.*rebuilt" <(notes "$work/corrupt.json")
check "and the facts come back" test "$(findings "$work/corrupt.json")" = "$(expected "$wide")"

echo "$pass passed, $fail failed"
[[ $fail -eq 0 ]]
