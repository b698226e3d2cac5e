#!/bin/bash
# Prints the path of an unpacked Linux 6.1 source tree (Debian's
# linux-source-6.1), unpacking /usr/src/linux-source-6.1.tar.xz once into a
# cache shared by every checkout: $DMACHECK_CACHE, default ~/.cache/dmacheck.
# Real-driver tests and benchmarks read it; nothing from it is committed.
set -euo pipefail
cache=${DMACHECK_CACHE:-$HOME/.cache/dmacheck}
tarball=/usr/src/linux-source-6.1.tar.xz
tree=$cache/linux-source-6.1
if [[ ! -r $tarball ]]; then
	echo "kernel-source.sh: $tarball is missing; run \`make deps\` (package linux-source-6.1)" >&2
	exit 1
fi
stamp=$tree/.dmacheck-unpacked-$(stat -c %Y "$tarball")
if [[ ! -e $stamp ]]; then
	mkdir -p "$cache"
	lock=$cache/.unpack.lock
	exec 9>"$lock"
	flock 9
	if [[ ! -e $stamp ]]; then
		rm -rf "$tree"
		tar -xJf "$tarball" -C "$cache"
		touch "$stamp"
	fi
fi
echo "$tree"
