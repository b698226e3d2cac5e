#!/bin/bash
# End-to-end tests of the dmacheck command: exit statuses, messages that name
# the bad input, the three formats, baselines, progress, and README's rule
# table.  usage: cli_test.sh DMACHECK   (prints "N passed, N failed")
set -u
DMACHECK=$(realpath "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SAMPLE=testcases/static/coherent-memset/ring_alloc_bad.c	# coherent-memset (note) only
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$ROOT" || exit 1

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; [[ -n ${2:-} ]] && echo "$2" | sed 's/^/     /' | head -20; }

# run NAME EXPECTED_STATUS PATTERN CMD...: status and a grep -E pattern on stdout+stderr
run() {
	local name=$1 want=$2 pattern=$3 out status
	shift 3
	out=$("$@" 2>&1)
	status=$?
	if [[ $status -ne $want ]]; then
		bad "$name (exit $status, want $want)" "$out"
	elif [[ -n $pattern ]] && ! grep -qE -- "$pattern" <<<"$out"; then
		bad "$name (output lacks /$pattern/)" "$out"
	else
		ok "$name"
	fi
}

run "version" 0 '^dmacheck [0-9]+\.[0-9]+\.[0-9]+$' "$DMACHECK" --version
run "help" 0 'scan \[options\] PATH' "$DMACHECK" --help
run "scan help" 0 '--fail-on SEV' "$DMACHECK" scan --help
run "no command" 2 'no command given' "$DMACHECK"
run "unknown command" 2 "unknown command 'scna'" "$DMACHECK" scna
run "unknown flag" 2 "unknown option '--bogus'" "$DMACHECK" scan --bogus "$SAMPLE"
run "flag without argument" 2 "option '--format' needs an argument" "$DMACHECK" scan "$SAMPLE" --format
run "missing path" 2 '/no/such/driver.c: No such file or directory' "$DMACHECK" scan /no/such/driver.c
run "no PATH" 2 'at least one PATH' "$DMACHECK" scan
mkdir -p "$work/empty"
run "directory without C files" 2 "$work/empty: no C files" "$DMACHECK" scan "$work/empty"
echo "not C" > "$work/notes.txt"
run "not a C file" 2 'not a C source file' "$DMACHECK" scan "$work/notes.txt"
run "unknown format" 2 "unknown format 'xml' \\(text, json, sarif or html\\)" "$DMACHECK" scan --format xml "$SAMPLE"
run "bad -j" 2 "-j needs a number of jobs" "$DMACHECK" scan -j 0 "$SAMPLE"
run "unknown engine" 2 "unknown static engine 'smatch'" "$DMACHECK" scan --engines smatch "$SAMPLE"
run "bad --fail-on" 2 "--fail-on takes error, warning, note or none" "$DMACHECK" scan --fail-on fatal "$SAMPLE"
run "bad kdir" 2 "--kdir $work: not a kernel build directory" "$DMACHECK" scan --kdir "$work" "$SAMPLE"
printf '[{"directory": "/tmp", "file": "a.c",\n' > "$work/broken.json"
run "broken compdb: JSON" 2 "$work/broken.json:2:[0-9]+: broken compile database" \
	"$DMACHECK" scan --compdb "$work/broken.json" "$SAMPLE"
echo '[{"directory": "/tmp", "file": "a.c"}]' > "$work/nocmd.json"
run "broken compdb: entry" 2 'entry 0 needs "directory", "file" and "command" or "arguments"' \
	"$DMACHECK" scan --compdb "$work/nocmd.json" "$SAMPLE"
run "missing compdb" 2 "--compdb $work/none.json: No such file" \
	"$DMACHECK" scan --compdb "$work/none.json" "$SAMPLE"
run "missing baseline" 2 "--baseline: $work/none.json: No such file" \
	"$DMACHECK" scan --baseline "$work/none.json" "$SAMPLE"
run "unwritable output" 2 "-o /no/such/dir/out.txt: No such file" \
	"$DMACHECK" scan -o /no/such/dir/out.txt "$SAMPLE"

# Findings in the three formats, and --fail-on thresholds (the sample's findings are notes).
run "text format" 0 "^$SAMPLE:[0-9]+:[0-9]+: note: .* \[coherent-memset\]$" "$DMACHECK" scan "$SAMPLE"
run "fail-on note" 1 '' "$DMACHECK" scan --fail-on note "$SAMPLE"
run "fail-on none" 0 '' "$DMACHECK" scan --fail-on none "$SAMPLE"
run "json format" 0 '"rule": "coherent-memset"' "$DMACHECK" scan --format json "$SAMPLE"
run "sarif format" 0 '"ruleId": "coherent-memset"' "$DMACHECK" scan --format sarif "$SAMPLE"
run "json -o" 0 '' "$DMACHECK" scan --format json -o "$work/r.json" "$SAMPLE"
if [[ -s $work/r.json ]] && grep -q '"fingerprint"' "$work/r.json"; then ok "json -o wrote the report"; else bad "json -o wrote the report"; fi

# Baselines: recorded findings stay hidden after lines move; a new one shows.
mkdir -p "$work/drv"
cp "$SAMPLE" "$work/drv/ring.c"
"$DMACHECK" scan --format json -o "$work/base.json" "$work/drv" >/dev/null 2>&1
run "baseline hides recorded findings" 0 '3 in the baseline not shown' \
	"$DMACHECK" scan --fail-on note --baseline "$work/base.json" "$work/drv"
{ printf '/* a header comment\n * added later\n */\n'; cat "$SAMPLE"; } > "$work/drv/ring.c"
run "baseline survives line moves" 0 '0 findings .* 3 in the baseline not shown' \
	"$DMACHECK" scan --fail-on note --baseline "$work/base.json" "$work/drv"
cat >> "$work/drv/ring.c" <<'EOC'

static void *late_alloc(struct device *dev, dma_addr_t *dma)
{
	void *p = dma_alloc_coherent(dev, 128, dma, GFP_KERNEL);

	if (!p)
		return NULL;
	memset(p, 0, 128);
	return p;
}
EOC
run "baseline shows the new finding" 1 '1 finding .* 3 in the baseline not shown' \
	"$DMACHECK" scan --fail-on note --baseline "$work/base.json" "$work/drv"

# --changed-since: a patch series' lint gate scans what the series touched.
repo=$work/repo
mkdir -p "$repo/sub"
for f in a b; do cp "$SAMPLE" "$repo/$f.c"; done
{ echo '#include "ring.h"'; cat "$SAMPLE"; } > "$repo/sub/c.c"
echo '/* ring layout */' > "$repo/sub/ring.h"
git -C "$repo" init -q
git -C "$repo" add -A
git -C "$repo" -c user.name=dmacheck -c user.email=dmacheck@localhost commit -qm base
changed() { "$DMACHECK" scan --engines cocci --fail-on none --changed-since "$@" 2>&1; }
files_of() { sed -n 's/^\([^ :]*\.c\):[0-9]*:.*\[coherent-memset\]$/\1/p' | sort -u | xargs; }
run "changed-since: nothing changed" 0 "no C file under the given paths changed since HEAD" \
	"$DMACHECK" scan --engines cocci --changed-since HEAD "$repo"
echo '/* fix */' >> "$repo/a.c"
got=$(changed HEAD "$repo" | files_of)
if [[ $got == "$repo/a.c" ]]; then ok "changed-since: an edited file only"; else bad "changed-since: an edited file only" "$got"; fi
cp "$SAMPLE" "$repo/sub/new.c"
git -C "$repo" add sub/new.c
got=$(changed HEAD "$repo" | files_of)
if [[ $got == "$repo/a.c $repo/sub/new.c" ]]; then ok "changed-since: new files, staged or not"; else bad "changed-since: new files, staged or not" "$got"; fi
got=$(changed HEAD "$repo/sub" | files_of)
if [[ $got == "$repo/sub/new.c" ]]; then ok "changed-since: only under the PATHs"; else bad "changed-since: only under the PATHs" "$got"; fi
git -C "$repo" -c user.name=dmacheck -c user.email=dmacheck@localhost commit -qam 'patch 1'
echo '/* more fields */' >> "$repo/sub/ring.h"
git -C "$repo" rm -q b.c
got=$(changed HEAD~1 "$repo" | files_of)
if [[ $got == "$repo/a.c $repo/sub/c.c $repo/sub/new.c" ]]; then
	ok "changed-since: a series, a changed header's includers, a deleted file"
else
	bad "changed-since: a series, a changed header's includers, a deleted file" "$got"
fi
run "changed-since: not a commit" 2 "'nope' is not a commit of the repository at $repo" \
	"$DMACHECK" scan --changed-since nope "$repo"
mkdir -p "$work/norepo"
cp "$SAMPLE" "$work/norepo/"
run "changed-since: not a repository" 2 "$work/norepo is not in a git repository" \
	env GIT_CEILING_DIRECTORIES="$work" "$DMACHECK" scan --changed-since HEAD "$work/norepo"

# report: merge saved reports (a scan and runtime violations) and render them.
printf '{"rule":"double-unmap","engine":"runtime","function":"tx_clean+0x9c/0x140 [nic]"}\n' > "$work/violations"
run "report merges scan and runtime" 1 '^tx_clean\+0x9c/0x140 \[nic\]: error: .*\[double-unmap\]' \
	"$DMACHECK" report "$work/r.json" "$work/violations"
run "report counts both" 1 '4 findings \(1 error, 0 warning, 3 note\)' \
	"$DMACHECK" report "$work/r.json" "$work/violations"
run "report html" 1 '<!DOCTYPE html>' "$DMACHECK" report --format html "$work/violations"
echo '{"rule":"no-such-rule"}' > "$work/bogus.json"
run "report names a bad input" 2 "$work/bogus.json: unknown rule \"no-such-rule\"" \
	"$DMACHECK" report "$work/bogus.json"
run "report needs input" 2 'at least one saved report' "$DMACHECK" report

# Rules and explain.
nrules=$(grep -c '^DMA_RULE(' reports/rules.def)
run "rules lists the catalogue" 0 "^DMA0*$nrules " "$DMACHECK" rules
run "rules json" 0 '"rule": "coherent-memset"' "$DMACHECK" rules --format json
run "explain" 0 '^# coherent-memset' "$DMACHECK" explain coherent-memset
run "explain unknown" 2 "no rule named 'nope'" "$DMACHECK" explain nope
# Every rule page lists the DMA API calls the model says the rule judges, as
# `dmacheck explain --api` prints them, and `dmacheck explain` shows that list.
stale_pages=""
for page in docs/rules/*.md; do
	slug=$(basename "$page" .md)
	section=$(sed -n '/<!-- api:begin -->/,/<!-- api:end -->/p' "$page" | sed '1d;$d')
	if [[ -z "$section" || "$section" != "$("$DMACHECK" explain --api "$slug")" ]]; then
		stale_pages+=" $slug"
	fi
done
if [[ -z "$stale_pages" ]]; then
	ok "every rule page lists the API calls of the model (dmacheck explain --api)"
else
	bad "every rule page lists the API calls of the model (regenerate: scripts/update-rule-api.sh)" \
		"stale:$stale_pages"
fi
if "$DMACHECK" explain double-unmap | grep -q '`dma_free_wc()`' &&
	"$DMACHECK" explain --api sg-nents-misuse | grep -q '`dma_unmap_sgtable()`' &&
	! "$DMACHECK" explain --api sg-nents-misuse | grep -q '`dma_unmap_single()`'; then
	ok "dmacheck explain names the API calls a rule judges, and only those"
else
	bad "dmacheck explain names the API calls a rule judges, and only those"
fi

readme_table=$(sed -n '/<!-- rules:begin -->/,/<!-- rules:end -->/p' README.md | sed '1d;$d')
if [[ "$readme_table" == "$("$DMACHECK" rules --format markdown)" ]]; then
	ok "README's rule table matches the catalogue"
else
	bad "README's rule table matches the catalogue (regenerate: dmacheck rules --format markdown)" \
		"$(diff <(echo "$readme_table") <("$DMACHECK" rules --format markdown))"
fi

# Progress: on a terminal only, never in a pipe or in CI.
out=$("$DMACHECK" scan testcases/static 2>&1 >/dev/null)
if [[ -z $out ]]; then ok "quiet when piped"; else bad "quiet when piped" "$out"; fi
if command -v script >/dev/null; then
	out=$(env -u CI script -qec "$DMACHECK scan testcases/static >/dev/null" /dev/null 2>&1)
	if grep -q 'files done' <<<"$out"; then ok "progress on a terminal"; else bad "progress on a terminal" "$out"; fi
	out=$(CI=true script -qec "$DMACHECK scan testcases/static >/dev/null" /dev/null 2>&1)
	if ! grep -q 'files done' <<<"$out"; then ok "quiet on a terminal in CI"; else bad "quiet on a terminal in CI" "$out"; fi
fi

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
