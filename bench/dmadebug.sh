#!/bin/bash
# `make bench-dmadebug`: dmatrack beside the kernel's own DMA-API debugging.
#
# scripts/dmadebug-kernel.sh builds (once, cached) a small Linux 6.1 guest
# kernel with CONFIG_DMA_API_DEBUG.  Against its build tree this script
# builds the test modules of testcases/runtime/ (plain driver code: no wrap
# header) and the bench module, and boots it in QEMU:
#   bench-on    dmabench.ko under dma-debug (10^3, 10^5, 10^6 live mappings)
#   bench-off   the same kernel booted with dma_debug=off: the baseline, and
#               dmatrack.ko loaded on the same kernel when it builds there
#   tests-api, tests-ownership, tests-iommu
#               every test module, in the machine the runtime rig gives it
#               (edu; swiotlb=force; q35 with intel-iommu), with all_errors
#               set so that dma-debug prints every error, not the first
# The test modules' kernel logs are read by `dmacheck triage --log` (the
# same parser users run on their logs) into rules per module; the runtime
# rig (runtime/rig/run.sh) runs the same modules under dmatrack on the stock
# kernels.  bench/table.py prints both side by side with what each costs.
#
# usage: dmadebug.sh --dmacheck BIN --assert BIN --out DIR
# Writes DIR/dmadebug.results, DIR/dmadebug/testcases.log (the log the
# triage fixture is taken from) and DIR/rig/ (the rig's run).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
dmacheck= assert= out=
while [[ $# -gt 0 ]]; do
	case $1 in
	--dmacheck) dmacheck=$(realpath "$2"); shift 2 ;;
	--assert) assert=$(realpath "$2"); shift 2 ;;
	--out) out=$2; shift 2 ;;
	*) echo "dmadebug.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
done
if [[ -z $dmacheck || -z $assert || -z $out ]]; then
	echo "usage: dmadebug.sh --dmacheck BIN --assert BIN --out DIR" >&2
	exit 2
fi
mkdir -p "$out/dmadebug"
out=$(cd "$out" && pwd)
work=$out/dmadebug
results=$out/dmadebug.results
: >"$results"
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
status=0

kbuild=$("$root/scripts/dmadebug-kernel.sh") || exit 1
kernel=$kbuild/arch/x86/boot/bzImage
kver=$(cat "$kbuild/include/config/kernel.release")
record dmadebug kernel "kernel=$kver" "config=bench/dmadebug.config"

# The test modules, as plain driver code.
rm -rf "$work/tests"
mkdir -p "$work/tests"
cp -r "$root/testcases/runtime/." "$work/tests/"
for src in "$root"/testcases/runtime/*/*_bad.c "$root"/testcases/runtime/*/*_clean.c; do
	rel=${src#"$root"/testcases/runtime/}
	echo "obj-m += ${rel%.c}.o"
done >"$work/tests/Kbuild"
echo "dmadebug: building the test modules and dmabench against $kbuild" >&2
if ! make -s -j2 -C "$kbuild" M="$work/tests" modules >"$work/tests/build.log" 2>&1; then
	echo "dmadebug.sh: building the test modules failed:" >&2
	tail -n 30 "$work/tests/build.log" >&2
	exit 1
fi
# dmatrack on the same kernel, for a same-kernel cost comparison (optional:
# the reference kernel is a tinyconfig, and need not have what it needs).
tracker=1
"$root/runtime/build-module.sh" "$kbuild" "$work/dmatrack" 2>"$work/dmatrack.err" || tracker=0
symvers=
[[ $tracker -eq 1 ]] && symvers=$work/dmatrack/Module.symvers
build_bench_modules "$kbuild" "$work/dmabench" "$symvers" || exit 1

# The initramfs: the bench module, dmatrack if built, every test module.
img=$work/root
rm -rf "$img"
mkdir -p "$img/m/tests"
cp "$work/dmabench/dmabench.ko" "$img/m/"
[[ $tracker -eq 1 ]] && cp "$work/dmatrack/dmatrack.ko" "$work/dmabench/dmabench_wrap.ko" "$img/m/"
for kind in api ownership iommu; do : >"$work/$kind.list"; done
for ko in "$work"/tests/*/*.ko; do
	name=$(basename "$ko" .ko)
	dir=$(basename "$(dirname "$ko")")
	mkdir -p "$img/m/tests/$dir"
	cp "$ko" "$img/m/tests/$dir/"
	src=$root/testcases/runtime/$dir/$name.c
	kind=api
	grep -q 'dmatrack-test: swiotlb' "$src" && kind=ownership
	grep -q 'dmatrack-test: iommu' "$src" && kind=iommu
	echo "$name tests/$dir/$name.ko" >>"$work/$kind.list"
done

live=${DMABENCH_LIVE:-1000,100000,1000000}
edu=(-m 240M -device edu -nic none)
# boot_plan NAME APPEND QEMU_ARGS...: one boot with its own tests.list.
boot_plan() {
	local name=$1 append=$2 list=${3:-}
	shift 3
	if [[ -n $list ]]; then cp "$work/$list.list" "$img/m/tests.list"; else : >"$img/m/tests.list"; fi
	pack_initramfs "$img" "$work/initramfs.gz"
	echo "dmadebug: $name boot" >&2
	local start=$SECONDS
	boot "$kernel" "$work/initramfs.gz" "$append" "$work/$name" "$@" || return 1
	echo "dmadebug: $name took $((SECONDS - start)) s" >&2
}

for plan in on off; do
	append="dmabench=dmadebug dmabench_kind=direct dmabench_live=$live"
	[[ $plan == off ]] && append+=" dma_debug=off"
	if boot_plan "bench-$plan" "$append" "" -m 1536M -nic none; then
		take_guest_results dmadebug "$kver" "$work/bench-$plan.results"
	else
		status=1
	fi
done

: >"$work/testcases.log"
for kind in api ownership iommu; do
	case $kind in
	api) args=("${edu[@]}"); extra= ;;
	ownership) args=("${edu[@]}"); extra=swiotlb=force ;;
	iommu) args=(-machine q35 -m 240M -device intel-iommu,intremap=off -device edu -nic none)
	       extra=intel_iommu=on ;;
	esac
	if boot_plan "tests-$kind" "dmabench=tests $extra" "$kind" "${args[@]}"; then
		section "$work/tests-$kind.results" dmesg >"$work/tests-$kind.log"
		grep '^result ' "$work/tests-$kind.results" | while read -r _ rest; do
			record dmadebug test-error "boot=$kind $rest"
		done
		cat "$work/tests-$kind.log" >>"$work/testcases.log"
	else
		status=1
	fi
done

# What dma-debug caught, per module, read the way a user reads a log: each
# module's part of the log through `dmacheck triage --log` (the same reading
# triage/tests/dmadebug_log_test.sh holds to the modules' expectations).
"$root/triage/tests/log_per_module.py" "$dmacheck" "$work/testcases.log" >"$work/per-module" ||
	status=1
while read -r module _ rules _; do
	for rule in $(tr ',' ' ' <<<"${rules#rules=}"); do
		[[ $rule == - ]] || record dmadebug caught "module=$module" "rule=$rule"
	done
done <"$work/per-module"
grep -c 'DMA-API: ' "$work/testcases.log" | sed 's/^/dmadebug warnings lines=/' >>"$results"

# What dmatrack caught on the stock kernels: the runtime rig's own run.
echo "dmadebug: the runtime rig on the stock kernels (dmatrack)" >&2
"$root/runtime/rig/run.sh" --assert "$assert" --dmacheck "$dmacheck" --out "$out/rig" \
	>"$out/rig.log" 2>&1 || { echo "dmadebug.sh: the runtime rig failed: $(tail -1 "$out/rig.log")" >&2; status=1; }
for f in "$out"/rig/*/*.violations.jsonl; do
	[[ -e $f ]] || continue
	k=$(basename "$(dirname "$f")")
	python3 - "$f" "$k" <<-'EOF' >>"$results"
	import json, re, sys
	seen = {}
	for line in open(sys.argv[1]):
	    v = json.loads(line)
	    m = re.search(r"\[([A-Za-z0-9_]+)\]", v.get("site") or v.get("function") or "")
	    module = m.group(1) if m else v.get("driver", "-")
	    seen[(module, v["rule"])] = seen.get((module, v["rule"]), 0) + v.get("count", 1)
	for (module, rule), n in sorted(seen.items()):
	    print("dmadebug dmatrack kernel=%s module=%s rule=%s count=%d" % (sys.argv[2], module, rule, n))
	EOF
done
exit $status
