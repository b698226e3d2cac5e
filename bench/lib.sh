# Helpers the bench scripts share (sourced).  Results are plain lines,
#     PART NAME key=value key=value ...
# one per measured run, appended to $results; bench/table.py prints them.

# record PART NAME KEY=VALUE...: one result line (values must not hold blanks).
record() {
	local part=$1 name=$2
	shift 2
	echo "$part $name $*" >>"$results"
}

# words "a b c" -> a,b,c (a value without blanks).
words() {
	echo "$*" | tr -s ' \n' ',' | sed 's/^,//; s/,$//'
}

# Findings and diagnostics in a dmacheck JSON report (0 when it is missing).
count_findings() {
	python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$1" 2>/dev/null || echo 0
}

count_diagnostics() {
	python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["diagnostics"]))' "$1" 2>/dev/null || echo 0
}

# build_bench_modules KDIR OUTDIR [DMATRACK_SYMVERS]: dmabench.ko and, given
# dmatrack.ko's symbols, dmabench_wrap.ko (wrap mode) for one kernel.
build_bench_modules() {
	local kdir=$1 dir=$2 symvers=${3:-} root modules=dmabench.o
	root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
	rm -rf "$dir"
	mkdir -p "$dir"
	cp "$root"/bench/module/*.c "$root/testcases/runtime/harness/rt_platform.h" "$dir/"
	[[ -n $symvers ]] && modules+=" dmabench_wrap.o"
	cat >"$dir/Kbuild" <<-KBUILD
	obj-m += $modules
	ccflags-y += -I\$(src)
	CFLAGS_dmabench_wrap.o += -include $root/runtime/dmatrack_wrap.h
	KBUILD
	if ! make -s -C "$kdir" M="$dir" ${symvers:+KBUILD_EXTRA_SYMBOLS="$symvers"} modules \
		>"$dir/build.log" 2>&1; then
		echo "bench: building dmabench against $kdir failed:" >&2
		tail -n 20 "$dir/build.log" >&2
		return 1
	fi
}

# pack_initramfs ROOTDIR OUT: busybox, the bench's /init and ROOTDIR/m.
pack_initramfs() {
	local img=$1 out=$2 root
	root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
	mkdir -p "$img"/{bin,proc,sys,dev,tmp,m}
	cp /bin/busybox "$img/bin/busybox"
	cp "$root/bench/guest-init.sh" "$img/init"
	(cd "$img" && find . | cpio -o -H newc --quiet | gzip -1) >"$out"
}

# boot KERNEL INITRD APPEND PREFIX QEMU_ARGS...: one guest run; its results
# land in PREFIX.results (second serial port), its console in PREFIX.console.
# Fails when the guest did not reach the end of its plan.
boot() {
	local kernel=$1 initrd=$2 append=$3 prefix=$4
	shift 4
	rm -f "$prefix.results" "$prefix.console"
	timeout "${DMABENCH_BOOT_TIMEOUT:-1500}" qemu-system-x86_64 -accel tcg -smp 2 "$@" \
		-display none -monitor none -no-reboot -kernel "$kernel" -initrd "$initrd" \
		-append "console=ttyS0 panic=-1 loglevel=4 $append" \
		-serial "file:$prefix.console" -serial "file:$prefix.results" \
		</dev/null >"$prefix.qemu.log" 2>&1
	tr -d '\r' <"$prefix.results" >"$prefix.results.tmp" 2>/dev/null && mv "$prefix.results.tmp" "$prefix.results"
	if ! grep -q '^=== end' "$prefix.results" 2>/dev/null; then
		echo "bench: the guest did not finish ($prefix.console):" >&2
		tail -n 30 "$prefix.console" | tr -d '\r' >&2
		return 1
	fi
}

# section FILE NAME: the lines of section NAME of a guest's results, as the rig reads them.
# shellcheck source=runtime/rig/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../runtime/rig/lib.sh"

# take_guest_results PART LABEL FILE: its "result" and "memory" lines, as result lines.
take_guest_results() {
	local part=$1 label=$2 file=$3
	grep -E '^(result|memory) ' "$file" | while read -r what rest; do
		record "$part" "$what" "kernel=$label $rest"
	done
}
