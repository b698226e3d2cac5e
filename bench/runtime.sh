#!/bin/bash
# The runtime half of `make bench`: what dmatrack costs per DMA API call on
# the stock kernels the runtime rig boots (Debian 6.1: kprobes; 6.12: fprobe).
#
# For each kernel, dmatrack.ko (runtime/build-module.sh) and the bench module
# (bench/module/dmabench.c, plain and wrap mode) are built against its
# headers and booted in QEMU (TCG, 2 CPUs) twice:
#   direct   dma-direct maps in place: the tracker not loaded, then loaded in
#            each mode, through probes and in wrap mode, with 10^3, 10^5 and
#            10^6 live mappings for the plain modes (the scaling runs)
#   bounced  swiotlb=force, every mapping bounced (a non-coherent machine's
#            costs): the same configurations with 10^3 live mappings, where
#            the checksum and poison modes do their full work
# Every configuration of one boot is measured in that boot, so ratios
# between them are not disturbed by other jobs on the host.
#
# usage: runtime.sh --out DIR --kernel VERSION...
# Appends "runtime result|memory kernel=... config=..." lines to DIR/runtime.results.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
out=
kernels=()
while [[ $# -gt 0 ]]; do
	case $1 in
	--out) out=$2; shift 2 ;;
	--kernel) kernels+=("$2"); shift 2 ;;
	*) echo "runtime.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
done
if [[ -z $out || ${#kernels[@]} -eq 0 ]]; then
	echo "usage: runtime.sh --out DIR --kernel VERSION..." >&2
	exit 2
fi
mkdir -p "$out/runtime"
out=$(cd "$out" && pwd)
results=$out/runtime.results
: >"$results"
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
live=${DMABENCH_LIVE:-1000,100000,1000000}
# More dmatrack.ko parameters, PARAM=VALUE,... (experiments; make bench sets none).
tracker_args=${DMABENCH_TRACKER_ARGS:+ dmabench_tracker=$DMABENCH_TRACKER_ARGS}
status=0

for kver in "${kernels[@]}"; do
	kdir=/lib/modules/$kver/build
	work=$out/runtime/$kver
	if [[ ! -r /boot/vmlinuz-$kver || ! -r $kdir/Makefile ]]; then
		echo "runtime.sh: kernel $kver or its headers are not installed (make deps)" >&2
		status=1
		continue
	fi
	echo "runtime: $kver: building dmatrack.ko and dmabench" >&2
	rm -rf "$work"
	"$root/runtime/build-module.sh" "$kdir" "$work/dmatrack" &&
		build_bench_modules "$kdir" "$work/dmabench" "$work/dmatrack/Module.symvers" || {
		status=1
		continue
	}
	mkdir -p "$work/root/m"
	cp "$work/dmatrack/dmatrack.ko" "$work"/dmabench/dmabench*.ko "$work/root/m/"
	pack_initramfs "$work/root" "$work/initramfs.gz"
	record runtime kernel "kernel=$kver" "interception=$( [[ $kver == 6.1.* ]] && echo kprobe || echo fprobe)"
	for kind in direct bounced; do
		append="dmabench=tracker dmabench_kind=$kind dmabench_live=$live$tracker_args"
		[[ $kind == bounced ]] && append="dmabench=tracker dmabench_kind=$kind dmabench_live=${live%%,*} swiotlb=force$tracker_args"
		echo "runtime: $kver: $kind boot" >&2
		start=$SECONDS
		if boot "/boot/vmlinuz-$kver" "$work/initramfs.gz" "$append" "$work/$kind" -m 1536M -nic none; then
			take_guest_results runtime "$kver" "$work/$kind.results"
			section "$work/$kind.results" dmesg >"$work/$kind.dmesg"
			# A benchmark that makes the kernel complain or the tracker report measured the wrong thing.
			if grep -Eq 'BUG:|Oops|WARNING:|Call Trace' "$work/$kind.dmesg" ||
			   [[ -n $(section "$work/$kind.results" tracker-violations) ]]; then
				echo "runtime.sh: $kver $kind: the kernel warned or the tracker reported:" >&2
				grep -E -m5 'BUG:|Oops|WARNING:|Call Trace' "$work/$kind.dmesg" >&2
				section "$work/$kind.results" tracker-violations | head -3 >&2
				status=1
			fi
			echo "runtime: $kver: $kind boot took $((SECONDS - start)) s" >&2
		else
			status=1
		fi
	done
done
exit $status
