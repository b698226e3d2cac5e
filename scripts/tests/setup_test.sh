#!/bin/bash
# The fresh-machine path's own tests (make check-setup):
#  - no file names a Debian kernel ABI or package revision (Debian moves its
#    point releases on), except
#    docs that describe a past measurement, whose commands must still not;
#  - the checker itself catches one when it is planted;
#  - scripts/kdir.sh finds the installed headers and fails clearly on none;
#  - reading the Makefile asks pkg-config nothing: flags are asked for after
#    `make deps` has installed the packages, not before.
# Prints "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."

pass=0
fail=0
ok() { pass=$((pass + 1)); echo "PASS $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1"; }

# The forms Debian gives its kernels' ABI and revisions: 6.1.0-NN-amd64,
# 6.12.NNN+debNN-amd64, linux-image-6.1.0-NN and the like.
ABI_RE='(^|[^0-9.])[0-9]+\.[0-9]+\.0-[0-9]+(-[a-z0-9]+)?|[0-9]+\.[0-9]+\.[0-9]+\+deb[0-9]+|linux-(image|headers|source)-[0-9]+\.[0-9]+\.[0-9]+'

# Docs that record a past measurement may say which kernel it ran on; their
# commands (lines that pass --kdir or a headers path to a command) may not.
is_measurement_doc() {
	case $1 in
	docs/bench.md | docs/precision-*.md | docs/precision/*) return 0 ;;
	esac
	return 1
}

# Recorded output kept as test input (a kernel log says what it booted).
is_recorded_log() {
	case $1 in
	*/fixtures/*) return 0 ;;
	esac
	return 1
}

# Lists "file:line: text" for every ABI named where none may be; reads the
# file list on stdin, paths relative to the current directory.
find_abis() {
	local f
	while IFS= read -r f; do
		[[ -f $f ]] || continue
		is_recorded_log "$f" && continue
		grep -Iq . "$f" 2>/dev/null || continue	# binary or empty
		if is_measurement_doc "$f"; then
			grep -nE -- "$ABI_RE" "$f" | grep -E -- '--kdir|^[0-9]+:\s*(\$ |make |dmacheck |build/bin/)' |
				sed "s|^|$f:|"
		else
			grep -nE -- "$ABI_RE" "$f" | sed "s|^|$f:|"
		fi
	done
}

# 1. The tree names no ABI.
hits=$(git ls-files | grep -v '^scripts/tests/setup_test.sh$' | find_abis)
if [[ -z $hits ]]; then
	ok "no tracked file names a Debian kernel ABI"
else
	ko "files name a Debian kernel ABI (discover it: scripts/kdir.sh, runtime/rig/lib.sh):"
	echo "$hits" | sed 's/^/    /'
fi

# 2. The checker catches what it is for, and lets the past measurements be.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/docs" "$scratch/analyzer/tests" "$scratch/triage/tests/fixtures"
# Made up from parts, so that this file names no ABI itself.
abi61="6.1.0-$((40 + RANDOM % 50))-amd64" abi612="6.12.$((100 + RANDOM % 50))+deb12-amd64"
printf '#define KDIR "/usr/src/linux-headers-%s"\n' "$abi61" >"$scratch/analyzer/tests/t.c"
printf 'v=%s\n' "$abi612" >"$scratch/run.sh"
printf 'apt-get install linux-image-%s\n' "${abi612%%+*}" >"$scratch/deps.sh"
printf 'measured on %s\n    dmacheck scan --kdir /usr/src/linux-headers-%s x\n' "$abi61" "$abi61" \
	>"$scratch/docs/bench.md"
printf '[0.0] Linux version 6.1 (%s)\n' "$abi61" >"$scratch/triage/tests/fixtures/boot.log"
printf 'KVER ?= $(shell uname -r)  # 6.1 and 6.12 are tested\n' >"$scratch/ok.mk"
planted=$(cd "$scratch" && printf '%s\n' analyzer/tests/t.c run.sh deps.sh docs/bench.md \
	triage/tests/fixtures/boot.log ok.mk | find_abis)
want=$'analyzer/tests/t.c:1\nrun.sh:1\ndeps.sh:1\ndocs/bench.md:2'
got=$(echo "$planted" | cut -d: -f1,2)
if [[ $got == "$want" ]]; then
	ok "the ABI check finds planted ABIs in code, scripts and doc commands, not in recorded logs"
else
	ko "the ABI check found: [$got], wanted: [$want]"
fi

# 3. scripts/kdir.sh: the installed headers, or a clear failure.
for s in 6.1 6.12; do
	d=$(scripts/kdir.sh "$s" 2>&1)
	if [[ $d == /usr/src/linux-headers-$s.* && -r $d/Makefile ]]; then
		ok "scripts/kdir.sh $s finds $d"
	else
		ko "scripts/kdir.sh $s: $d"
	fi
done
msg=$(scripts/kdir.sh 1.0 2>&1)
rc=$?
if [[ $rc -eq 1 && $msg == *"no configured /usr/src/linux-headers-1.0"* && $msg == *"make deps"* ]]; then
	ok "scripts/kdir.sh fails clearly on a series that is not installed"
else
	ko "scripts/kdir.sh 1.0: status $rc, said: $msg"
fi

# 4. Reading the Makefile asks pkg-config nothing (make deps runs before).
mkdir -p "$scratch/bin"
printf '#!/bin/sh\necho "$*" >>%q\nexit 1\n' "$scratch/pkg-config.log" >"$scratch/bin/pkg-config"
chmod +x "$scratch/bin/pkg-config"
PATH="$scratch/bin:$PATH" make --no-print-directory -n deps >/dev/null 2>&1
if [[ ! -s $scratch/pkg-config.log ]]; then
	ok "reading the Makefile asks pkg-config nothing before make deps"
else
	ko "the Makefile asks pkg-config when it is read: $(tr '\n' ';' <"$scratch/pkg-config.log")"
fi
# ...and a missing library is named when a recipe needs it, not a link error later.
out=$(PATH="$scratch/bin:$PATH" make --no-print-directory -n -B BUILD="$scratch/build" all 2>&1)
if [[ $out == *"pkg-config knows no 'jansson'"*"make deps"* ]]; then
	ok "a missing library stops the build with its name"
else
	ko "a missing library was not named: $(echo "$out" | tail -n 2)"
fi

echo "$pass passed, $fail failed"
[[ $fail -eq 0 ]]
