#!/bin/bash
# Builds, once, a small Linux 6.1 guest kernel from Debian's linux-source-6.1
# with CONFIG_DMA_API_DEBUG (bench/dmadebug.config), and prints its build
# directory (bzImage in arch/x86/boot/, modules built against it with M=).
# The cache is $DMACHECK_CACHE (default ~/.cache/dmacheck).  Not part of
# `make check`: it takes minutes.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
src=$("$root/scripts/kernel-source.sh")
out=${DMACHECK_CACHE:-$HOME/.cache/dmacheck}/linux-6.1-dmadebug
fragment=$root/bench/dmadebug.config
stamp=$out/.dmacheck-built-$(md5sum < "$fragment" | cut -c1-12)
jobs=$(nproc)

if [[ ! -e $stamp ]]; then
	mkdir -p "$out"
	echo "dmadebug-kernel: configuring $out" >&2
	make -s -C "$src" O="$out" ARCH=x86_64 tinyconfig >&2
	"$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" \
		"$src/kernel/configs/kvm_guest.config" "$fragment" >/dev/null
	make -s -C "$src" O="$out" ARCH=x86_64 olddefconfig >&2
	for opt in DMA_API_DEBUG KPROBES MODULES DEBUG_FS FUNCTION_TRACER DYNAMIC_FTRACE BINFMT_SCRIPT; do
		grep -q "^CONFIG_$opt=y" "$out/.config" ||
			{ echo "dmadebug-kernel: CONFIG_$opt did not stick" >&2; exit 1; }
	done
	echo "dmadebug-kernel: building with $jobs jobs (several minutes)" >&2
	nice make -s -C "$src" O="$out" ARCH=x86_64 -j"$jobs" bzImage modules >&2
	touch "$stamp"
fi
echo "$out"
