#!/bin/bash
# Tests of the Coccinelle rule pack as kernel developers run it and as
# dmacheck runs it:
#  - every rule on its own with `spatch --sp-file RULE -D report --dir DIR`
#    and with `make coccicheck MODE=report COCCI=RULE M=DIR` in the Linux 6.1
#    tree reports exactly the expect lines of its testcases (and nothing in
#    the clean twins); context and org modes run and mark the same lines;
#  - spatch failures become diagnostics: a file with an unparseable DMA
#    function (error, exit 3), one with unparseable non-DMA code (warning),
#    a per-file time-out, and a semantic patch that does not run;
#  - patch mode of coherent-memset and sg-nents-misuse gives patches that
#    apply and build as kbuild modules, after which the rule is silent.
#
# usage: cocci_test.sh DMACHECK KDIR   (prints "N passed, N failed")
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
bad() { failed=$((failed + 1)); echo "FAIL $1"; [[ -n ${2:-} ]] && echo "$2" | sed 's/^/     /' | head -20; }

# The generated parts of every rule (the DMA API table of reports/dma_api.def,
# the helpers of cocci/dmc_helpers.py, the gates) are what scripts/gen-cocci.py
# writes; and a copy edited by hand is caught.
if out=$(scripts/gen-cocci.py --check 2>&1); then
	ok "the generated parts of cocci/*.cocci are fresh"
else
	bad "the generated parts of cocci/*.cocci are fresh" "$out"
fi
sed 's/int(p\[0\].line), int(p\[0\].column))$/int(p[0].line))/' cocci/double-unmap.cocci >"$work/stale.cocci"
if ! cmp -s cocci/double-unmap.cocci "$work/stale.cocci" &&
	out=$(scripts/gen-cocci.py --check "$work/stale.cocci" 2>&1; echo "exit $?") &&
	grep -q "stale.cocci: its generated parts are stale" <<<"$out" && grep -q "exit 1" <<<"$out"; then
	ok "an edited copy of a helper is reported stale"
else
	bad "an edited copy of a helper is reported stale" "${out:-the helper line was not found}"
fi

# The rules the catalogue gives to Coccinelle.
mapfile -t rules < <("$DMACHECK" rules --format json |
	python3 -c 'import json,sys; [print(r["rule"]) for r in json.load(sys.stdin) if "cocci" in r["engines"]]')
[[ ${#rules[@]} -gt 0 ]] || bad "the catalogue lists Coccinelle rules"

# scan_case NAME STATUS PATTERN ARGS...: dmacheck scan --engines cocci ARGS
# exits with STATUS and its output matches the grep -E PATTERN.
scan_case() {
	local name=$1 want=$2 pattern=$3 out status
	shift 3
	out=$("$DMACHECK" scan --engines cocci "$@" 2>&1)
	status=$?
	if [[ $status -eq $want ]] && grep -qE -- "$pattern" <<<"$out"; then
		ok "$name (exit $want)"
	else
		bad "$name (exit $status, want $want)" "$out"
	fi
}

# "FILE:LINE" of every expectation that binds the Coccinelle engine.
expected_lines() {
	local slug=$1 dir=$2
	grep -H -n -E "expect: [a-z0-9, -]*\b$slug\b" "$dir"/*_bad.c 2>/dev/null | cut -d: -f1,2
	grep -H -n -E "expect\[[a-z,]*cocci[a-z,]*\]: [a-z0-9, -]*\b$slug\b" "$dir"/*_bad.c 2>/dev/null |
		cut -d: -f1,2
}

# "FILE:LINE" of every report line in spatch's output.
reported_lines() {
	sed -n 's/^\([^:]*\):\([0-9]*\):[0-9]*-[0-9]*: .*/\1:\2/p' | sort -u
}

# The testcases of a rule, copied to a directory of their own.
copy_cases() {
	local slug=$1 dir=$2
	mkdir -p "$dir"
	cp testcases/static/"$slug"/*.c "$dir"/
}

for slug in "${rules[@]}"; do
	dir=$work/standalone/$slug
	copy_cases "$slug" "$dir"
	want=$(expected_lines "$slug" "$dir" | sort -u)
	got=$(spatch --sp-file "cocci/$slug.cocci" -D report --very-quiet --no-show-diff \
		--no-includes --include-headers --dir "$dir" 2>"$work/err" | reported_lines)
	if [[ "$got" == "$want" && -n "$want" ]]; then
		ok "$slug: spatch -D report --dir reports exactly the expect lines"
	else
		bad "$slug: spatch -D report --dir" "$(diff <(echo "$want") <(echo "$got"); cat "$work/err")"
	fi
	for mode in context org; do
		out=$(spatch --sp-file "cocci/$slug.cocci" -D $mode --very-quiet --no-includes \
			--dir "$dir" 2>&1)
		if [[ $mode == org ]]; then
			got=$(sed -n 's/.*view:\([^:]*\)::face=[^:]*::linb=\([0-9]*\)::.*/\1:\2/p' <<<"$out" | sort -u)
		else
			# Context marks lines with '-' in a diff of the file.
			got=$(python3 - "$out" <<-'EOF'
			import re, sys
			out, cur, line = sys.argv[1].splitlines(), None, 0
			marks = set()
			for l in out:
			    if l.startswith("--- "):
			        cur = l[4:].split()[0]
			    elif l.startswith("@@"):
			        line = int(re.match(r"@@ -(\d+)", l).group(1))
			    elif l.startswith("-"):
			        marks.add("%s:%d" % (cur, line)); line += 1
			    elif l.startswith(" "):
			        line += 1
			print("\n".join(sorted(marks)))
			EOF
			)
		fi
		# Context mode may mark the related lines too, but nothing in a clean twin.
		missing=$(comm -23 <(echo "$want") <(echo "$got"))
		in_clean=$(grep '_clean\.c:' <<<"$got")
		if grep -q -E 'Traceback|Fatal error|parse error' <<<"$out"; then
			bad "$slug: -D $mode runs" "$out"
		elif [[ -n "$missing" || -n "$in_clean" ]]; then
			bad "$slug: -D $mode marks every expect line and nothing in clean twins" \
				"missing: $missing; in clean twins: $in_clean"
		else
			ok "$slug: -D $mode marks every expect line and nothing in clean twins"
		fi
	done
done

# The kernel's own way: make coccicheck in the Linux 6.1 tree, M= a directory.
if ksrc=$(scripts/kernel-source.sh); then
	for slug in "${rules[@]}"; do
		dir=$work/coccicheck/$slug
		copy_cases "$slug" "$dir"
		want=$(expected_lines "$slug" "$dir" | sort -u)
		got=$(make -s -C "$ksrc" coccicheck MODE=report COCCI="$ROOT/cocci/$slug.cocci" M="$dir" \
			2>"$work/err" | reported_lines)
		if [[ "$got" == "$want" && -n "$want" ]]; then
			ok "$slug: make coccicheck MODE=report M=DIR reports exactly the expect lines"
		else
			bad "$slug: make coccicheck" "$(diff <(echo "$want") <(echo "$got"); tail -5 "$work/err")"
		fi
	done
else
	bad "the Linux 6.1 source tree for make coccicheck"
fi

# Spatch failures are diagnostics that name the file and the reason.
mkdir -p "$work/broken"
cat > "$work/broken/dma_fn_bad.c" <<'EOF'
#include <linux/dma-mapping.h>
int ok_fn(struct device *dev, void *buf)
{
	dma_addr_t d = dma_map_single(dev, buf, 64, DMA_TO_DEVICE);

	if (dma_mapping_error(dev, d))
		return -ENOMEM;
	return 0;
}
int broken_fn(struct device *dev, void *buf)
{
	dma_addr_t d = dma_map_single(dev, buf, 64, DMA_TO_DEVICE);

	d = = 3 );
	return 0;
}
EOF
scan_case "an unparseable DMA function is an error naming file and lines" 3 \
	"dma_fn_bad.c:14: error: spatch could not parse lines [0-9]+-[0-9]+ .*DMA API calls there were not checked" \
	"$work/broken/dma_fn_bad.c"

cat > "$work/broken/table_bad.c" <<'EOF'
#include <linux/dma-mapping.h>
#define STAT(x) { #x, offsetof(struct foo_stats, x) }
static const struct { const char *n; int o; } stats[] = { STAT(a) STAT(b) };
int map_fn(struct device *dev, void *buf)
{
	dma_addr_t d = dma_map_single(dev, buf, 64, DMA_TO_DEVICE);

	if (dma_mapping_error(dev, d))
		return -ENOMEM;
	return 0;
}
EOF
scan_case "unparseable code without DMA calls is a warning; the scan is complete" 0 \
	"table_bad.c:[0-9]+: warning: spatch could not parse .*no DMA API calls" "$work/broken/table_bad.c"

# A per-file time-out: a file whose many paths keep spatch busy for seconds.
python3 - "$work/broken/slow_bad.c" <<'EOF'
import sys
with open(sys.argv[1], "w") as f:
    f.write("#include <linux/dma-mapping.h>\nint slow(struct device *dev, void **b, int *c)\n{\n")
    f.write("\tdma_addr_t d = dma_map_single(dev, b[0], 64, DMA_TO_DEVICE);\n")
    for i in range(400):
        f.write("\tif (c[%d])\n\t\tc[%d] = c[%d] + 1;\n" % (i, i + 1, i))
    f.write("\tif (dma_mapping_error(dev, d))\n\t\treturn -ENOMEM;\n\treturn 0;\n}\n")
EOF
DMACHECK_COCCI_TIMEOUT=1 scan_case "a per-file time-out is an error naming the file" 3 \
	"slow_bad.c: error: spatch gave up on this file \(timed out\)" "$work/broken/slow_bad.c"

# A semantic patch that does not run (a copy of the data directory).
cp -r cocci docs "$work/" && mkdir -p "$work/datadir" && mv "$work/cocci" "$work/docs" "$work/datadir/"
printf '@r@\nexpression E;\n@@\n- E(\n' > "$work/datadir/cocci/${rules[0]}.cocci"
DMACHECK_DATADIR=$work/datadir scan_case "a semantic patch that does not run is an error naming it" 3 \
	"spatch failed running ${rules[0]}" testcases/static/coherent-memset/ring_alloc_bad.c

# The engine passes the function and related locations with their columns.
out=$("$DMACHECK" scan --engines cocci --format json --fail-on none \
	testcases/static/unchecked-mapping-error/xmit_frags_bad.c 2>&1)
if python3 -c '
import json, sys
r = json.loads(sys.argv[1])
f = [x for x in r["findings"] if x["rule"] == "unchecked-mapping-error"]
assert f and all(x.get("function") == "txf_start_xmit" for x in f), f
assert all(x["related"] and x["related"][0]["column"] > 0 for x in f), f
' "$out" 2>"$work/err"; then
	ok "findings carry the function and related columns"
else
	bad "findings carry the function and related columns" "$(cat "$work/err")"
fi

# Patch mode: the patches apply, the patched files build, and the findings
# on the lines the patch changed are gone while the others stay.
finding_lines() {
	spatch --sp-file "cocci/$1.cocci" -D report --very-quiet --no-show-diff --no-includes "$2" 2>&1 |
		sed -n 's/^[^:]*:\([0-9]*\):.*WARNING.*/\1/p' | sort -n
}

# The lines of the original file a unified diff removes or replaces.
changed_lines() {
	awk '/^@@/ { split($2, a, ","); line = -a[1]; next }
	     /^---/ { next }
	     /^-/ { print line; line++; next }
	     /^ / { line++ }' "$1"
}

patch_case() {
	local slug=$1 case=$2 dir=$work/patch/$1 before after changed kept
	mkdir -p "$dir/kb"
	cp "testcases/static/$slug/$case" "$dir/kb/patched.c"
	spatch --sp-file "cocci/$slug.cocci" -D patch --very-quiet --no-includes \
		"$dir/kb/patched.c" > "$dir/fix.patch" 2>"$dir/err"
	before=$(finding_lines "$slug" "$dir/kb/patched.c")
	changed=$(changed_lines "$dir/fix.patch")
	if [[ -z $changed ]] || ! patch -s "$dir/kb/patched.c" < "$dir/fix.patch" >"$dir/err" 2>&1; then
		bad "$slug: patch mode gives a patch that applies" "$(cat "$dir/fix.patch" "$dir/err")"
		return
	fi
	ok "$slug: patch mode gives a patch that applies (lines $(echo $changed))"
	echo "obj-m := patched.o" > "$dir/kb/Kbuild"
	if make -s -C "$KDIR" M="$dir/kb" modules >"$dir/build.log" 2>&1 && [[ -f $dir/kb/patched.ko ]]; then
		ok "$slug: the patched file builds with kbuild"
	else
		bad "$slug: the patched file builds with kbuild" "$(grep -v 'Skipping BTF' "$dir/build.log")"
	fi
	# The findings the patch did not touch, as counts: lines move when lines go.
	kept=$(comm -23 <(echo "$before") <(echo "$changed" | sort -n) | grep -c .)
	after=$(finding_lines "$slug" "$dir/kb/patched.c" | grep -c .)
	if [[ $kept -lt $(echo "$before" | grep -c .) && $after -eq $kept ]]; then
		ok "$slug: the patch fixes the findings on the lines it changes ($after others stay)"
	else
		bad "$slug: the patch fixes the findings on the lines it changes" \
			"findings before: $(echo $before); changed: $(echo $changed); after: $after"
	fi
}
patch_case coherent-memset ring_alloc_bad.c
patch_case sg-nents-misuse prd_table_count_bad.c

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
