#!/bin/bash
# Installs every Debian package dmacheck needs; idempotent and fast when all
# of them are there already (one dpkg-query, no apt-get).  Run by `make deps`.
set -euo pipefail

# Why each package is here: README.md, "Dependencies".
packages=(
	build-essential pkg-config		# compiler, make, library flags
	libjansson-dev				# JSON: reports, baselines, compile databases
	libxxhash-dev				# finding fingerprints
	libsqlite3-dev				# the analyzer's facts database (a module's files)
	check					# unit tests
	coccinelle python3			# the Coccinelle engine (spatch runs python rules)
	libpython3-dev				# spatch loads libpython3.X.so for those rules
	libclang-dev clang-14			# the analyzer (libclang C API)
	bc bison flex libelf-dev libssl-dev kmod	# kbuild for modules and testcases
	linux-source-6.1			# real drivers for smoke tests and benchmarks
	linux-image-amd64 linux-headers-amd64	# the 6.1 kernel the runtime tests boot
	qemu-system-x86 busybox-static cpio	# the runtime test rig
	libdw-dev				# DWARF: triage resolves call sites to lines
	chromium				# the HTML report's test loads it headless
	xz-utils git ca-certificates
)

# The 6.12 kernel the runtime tests boot too: the newest Debian 12 backport.
newest_612() {
	apt-cache search --names-only '^linux-image-6\.12\.[0-9]+\+deb12-amd64-unsigned$' 2>/dev/null |
		awk '{print $1}' | sort -V | tail -n1
}

missing() {
	local pkg status
	for pkg in "$@"; do
		status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
		[[ $status == "install ok installed" ]] || echo "$pkg"
	done
}

have_612() {
	dpkg-query -W -f='${Package} ${Status}\n' 'linux-image-6.12.*+deb12-amd64-unsigned' 2>/dev/null |
		grep -q 'install ok installed' &&
	dpkg-query -W -f='${Package} ${Status}\n' 'linux-headers-6.12.*+deb12-amd64' 2>/dev/null |
		grep -q 'install ok installed'
}

sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"

mapfile -t need < <(missing "${packages[@]}")
# The SARIF validators come from npm; a Node.js that brings its own npm
# (nodesource) conflicts with Debian's npm package, so ask for the commands.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
	need+=(nodejs npm)
fi
if have_612 && [[ ${#need[@]} -eq 0 ]]; then
	exit 0
fi

echo "dmacheck: installing Debian packages: ${need[*]:-} (and the 6.12 kernel if missing)" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
if ! have_612; then
	img=$(newest_612)
	if [[ -z $img ]]; then
		echo "dmacheck: no linux-image-6.12.*+deb12-amd64-unsigned in the apt sources" >&2
		exit 1
	fi
	ver=${img#linux-image-}
	ver=${ver%-unsigned}
	need+=("$img" "linux-headers-$ver")
fi
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "dmacheck: packages installed" >&2
