#!/bin/bash
# The runtime tracker's QEMU rig (make check-runtime).
#
# For every Debian kernel it boots (the newest installed 6.1 and 6.12), it
# builds dmatrack.ko and the test modules of testcases/runtime/ against that
# kernel's headers, packs them with busybox into an initramfs, boots
# qemu-system-x86_64 -accel tcg with QEMU's edu device (twice, see
# build_initramfs), runs runtime/rig/guest-init.sh there, brings the results back over the second
# serial port, and asserts on them on the host.  Ends with "N passed, N failed".
#
# On the 6.1 kernel a fourth boot, "inject", runs real drivers built from
# Linux 6.1's source with one DMA misuse injected (runtime/rig/inject/cases)
# under traffic, with the tracker at its defaults, and counts in how many
# runs each misuse was reported.
#
# usage: run.sh --assert BIN [--dmacheck BIN] --out DIR [--kernel VERSION]...
#               [--inject-only] [--inject-runs N]
# --inject-only boots only "inject"; --inject-runs runs every case N times
# (make runtime-rates: the rates of docs/runtime.md); --inject-build DIR
# keeps the injected drivers' build in DIR/<kernel>/inject (default: --out).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$here/lib.sh"
assert_bin=
dmacheck=
out=
kernels=()
inject_only=
inject_runs=
inject_build=
boot_timeout=${DMATRACK_BOOT_TIMEOUT:-150}	# a boot takes 5-25 s here; a hung guest must not eat the CI budget

while [[ $# -gt 0 ]]; do
	case $1 in
	--assert) assert_bin=$2; shift 2 ;;
	--dmacheck) dmacheck=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--kernel) kernels+=("$2"); shift 2 ;;
	--inject-only) inject_only=1; shift ;;
	--inject-runs) inject_runs=$2; shift 2 ;;
	--inject-build) inject_build=$2; shift 2 ;;
	*) echo "run.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
done
if [[ -z $assert_bin || -z $out ]]; then
	echo "usage: run.sh --assert BIN --out DIR [--kernel VERSION]..." >&2
	exit 2
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }


if [[ ${#kernels[@]} -eq 0 ]]; then
	for pattern in '6\.1\.[0-9]*-[0-9]*-amd64' '6\.12\.[0-9]*+deb12-amd64'; do
		v=$(newest_kernel "$pattern")
		if [[ -z $v ]]; then
			fail "no installed kernel matches $pattern with its headers (run \`make deps\`)"
			continue
		fi
		kernels+=("$v")
	done
fi

# Test modules: testcases/runtime/<rule>/<idiom>_{bad,clean}.c.  A file that
# says "dmatrack-test: wrap" is built in wrap mode.
stage_tests() {
	local dir=$1 src rel name
	rm -rf "$dir"
	mkdir -p "$dir"
	cp -r "$root/testcases/runtime/." "$dir/"
	mkdir -p "$dir/triage"
	cp "$root"/testcases/triage/*_bad.c "$root"/testcases/triage/*_clean.c "$dir/triage/"
	: >"$dir/Kbuild"
	for src in "$dir"/*/*_bad.c "$dir"/*/*_clean.c; do
		rel=${src#"$dir"/}
		rel=${rel%.c}
		echo "obj-m += $rel.o" >>"$dir/Kbuild"
		if grep -q 'dmatrack-test: wrap' "$src"; then
			echo "CFLAGS_$rel.o += -include $root/runtime/dmatrack_wrap.h" >>"$dir/Kbuild"
		fi
	done
}

build_modules() {
	local kver=$1 kdir=/lib/modules/$1/build work=$out/$1
	"$root/runtime/build-module.sh" "$kdir" "$work/dmatrack" || return 1
	stage_tests "$work/tests"
	if ! make -s -j2 -C "$kdir" M="$work/tests" \
		KBUILD_EXTRA_SYMBOLS="$work/dmatrack/Module.symvers" modules \
		>"$work/tests/build.log" 2>&1; then
		echo "run.sh: building the test modules against $kdir failed:" >&2
		tail -n 30 "$work/tests/build.log" >&2
		return 1
	fi
}

# Each kernel boots three times: "api" (dma-direct maps in place, as on most
# x86 machines; API-level checks and the unload test), "ownership" (every
# mapping bounced through swiotlb, as on a non-coherent machine; checksum and
# poison modes) and "drivers" (q35 with an IOMMU; real drivers under load).
# A test module says "dmatrack-test: swiotlb" or "dmatrack-test: iommu" to
# run in the second or the third.
build_initramfs() {
	local kver=$1 work=$out/$1 img=$out/$1/root ko name dir src
	rm -rf "$img"
	mkdir -p "$img"/{bin,proc,sys,dev,tmp,m/tests}
	cp /bin/busybox "$img/bin/busybox"
	cp "$here/guest-init.sh" "$img/init"
	cp "$work/dmatrack/dmatrack.ko" "$img/m/"
	: >"$img/m/api.list"
	: >"$img/m/ownership.list"
	: >"$img/m/drivers.list"
	: >"$img/m/triage.list"
	for ko in "$work"/tests/*/*.ko; do
		name=$(basename "$ko" .ko)
		dir=$(basename "$(dirname "$ko")")
		src=$work/tests/$dir/$name.c
		mkdir -p "$img/m/tests/$dir"
		cp "$ko" "$img/m/tests/$dir/"
		if [[ $dir == triage ]]; then
			echo "$name tests/$dir/$name.ko" >>"$img/m/triage.list"
		elif grep -q 'dmatrack-test: swiotlb' "$src"; then
			echo "$name tests/$dir/$name.ko" >>"$img/m/ownership.list"
		elif grep -q 'dmatrack-test: iommu' "$src"; then
			echo "$name tests/$dir/$name.ko" >>"$img/m/drivers.list"
		else
			echo "$name tests/$dir/$name.ko" >>"$img/m/api.list"
		fi
	done
	# A clean module that keeps mappings while loaded: the unload test.
	grep '^txring_teardown_clean ' "$img/m/api.list" >"$img/m/live.list" || true
	add_driver_modules "$kver" "$img" || return 1
	cp "$here/guest-drivers.sh" "$here/guest-inject.sh" "$img/m/"
	add_inject_modules "$kver" "$img"
	printf '%s\n' "e1000 10.0.2" "e1000e 10.0.3" "virtio_net 10.0.4" >"$img/m/nets"
	(cd "$img" && find . | cpio -o -H newc --quiet | gzip -1) >"$work/initramfs.gz"
}

# The in-tree modules of the real-driver boot, with their dependencies in
# load order (modprobe --show-depends), uncompressed for busybox's insmod.
DRIVERS_PRELOAD="e1000"
DRIVERS="e1000e nvme ahci sd_mod virtio_pci virtio_net"

module_paths() {
	local kver=$1 mod
	shift
	for mod in "$@"; do
		modprobe -S "$kver" --show-depends "$mod" || return 1
	done | awk '$1 == "insmod" { print $2 }'
}

add_driver_modules() {
	local kver=$1 img=$2 list path name seen=" "
	mkdir -p "$img/m/kernel"
	for list in preload drivers; do
		local mods=$DRIVERS
		[[ $list == preload ]] && mods=$DRIVERS_PRELOAD
		: >"$img/m/$list.ko.list"
		while read -r path; do
			name=$(basename "$path")
			name=${name%.xz}
			name=${name%.zst}
			[[ $seen == *" $name "* ]] && continue
			seen+="$name "
			case $path in
			*.xz) xz -dc "$path" >"$img/m/kernel/$name" ;;
			*.zst) zstd -qdc "$path" >"$img/m/kernel/$name" ;;
			*) cp "$path" "$img/m/kernel/$name" ;;
			esac || return 1
			echo "kernel/$name" >>"$img/m/$list.ko.list"
		done < <(module_paths "$kver" $mods)
	done
}

# The injected drivers (6.1 only: they are built from its source).
build_inject() {
	local kver=$1
	[[ $kver == 6.1.* ]] || return 0
	"$here/build-inject.sh" "/lib/modules/$kver/build" "${inject_build:-$out}/$kver/inject"
}

add_inject_modules() {
	local kver=$1 img=$2 name drv patch size expect runs
	: >"$img/m/inject.list"
	local built=${inject_build:-$out}/$kver/inject
	[[ -d $built ]] || return 0
	while read -r name drv patch size expect runs; do
		mkdir -p "$img/m/inject/$name"
		# Without their debug information: the guests' memory is small (the swiotlb boot's most).
		strip --strip-debug -o "$img/m/inject/$name/$drv.ko" "$built/$name/$drv.ko"
		echo "$name $drv $size ${inject_runs:-$runs}" >>"$img/m/inject.list"
	done < <(grep -v '^\s*\(#\|$\)' "$here/inject/cases")
	printf '%s\n' "e1000 10.0.2" "e1000e 10.0.3" "pcnet32 10.0.5" >"$img/m/inject.nets"
	# What the drivers need from the kernel's own modules (pcnet32: mii), in load order.
	: >"$img/m/inject.deps"
	mkdir -p "$img/m/kernel"
	while read -r path; do
		name=$(basename "$path")
		name=${name%.xz}
		name=${name%.zst}
		case $path in
		*.xz) xz -dc "$path" >"$img/m/kernel/$name" ;;
		*.zst) zstd -qdc "$path" >"$img/m/kernel/$name" ;;
		*) cp "$path" "$img/m/kernel/$name" ;;
		esac
		echo "kernel/$name" >>"$img/m/inject.deps"
	done < <(for drv in $(awk '{ print $2 }' "$img/m/inject.list" | sort -u); do
			module_paths "$kver" "$drv" | grep -v "/$drv\.ko"
		 done)
}

boot() {
	local kver=$1 kind=$2 work=$out/$1 extra= machine timeout=$boot_timeout
	machine=(-m 240M -device edu -nic none)
	if [[ $kind == inject ]]; then
		# Every run loads a tracker and a driver and moves traffic: about 5 s each here.
		machine=(-machine q35 -m 240M
			-netdev user,id=n0,net=10.0.2.0/24 -device e1000,netdev=n0
			-netdev user,id=n1,net=10.0.3.0/24 -device e1000e,netdev=n1
			-netdev user,id=n2,net=10.0.5.0/24 -device pcnet,netdev=n2)
		timeout=$((boot_timeout + 20 * $(awk '{ n += $4 } END { print n + 0 }' "$work/root/m/inject.list")))
	fi
	[[ $kind == ownership ]] && extra="swiotlb=force"
	if [[ $kind == drivers ]]; then
		# q35 with an IOMMU: virtio-net goes through it (iommu_platform=on).
		truncate -s 64M "$work/nvme.img" "$work/ahci.img"
		extra="intel_iommu=on"
		machine=(-machine q35 -m 240M -device intel-iommu,intremap=off -device edu
			-netdev user,id=n0,net=10.0.2.0/24 -device e1000,netdev=n0
			-netdev user,id=n1,net=10.0.3.0/24 -device e1000e,netdev=n1
			-netdev user,id=n2,net=10.0.4.0/24
			-device virtio-net-pci,netdev=n2,iommu_platform=on,disable-legacy=on
			-drive "file=$work/nvme.img,if=none,id=nd,format=raw"
			-device nvme,serial=dmc0001,drive=nd
			-drive "file=$work/ahci.img,if=none,id=ad,format=raw"
			-device ide-hd,drive=ad,bus=ide.0)
	fi
	rm -f "$work/$kind.results" "$work/$kind.console"
	timeout "$timeout" qemu-system-x86_64 -accel tcg -smp 2 "${machine[@]}" \
		-display none -monitor none -no-reboot \
		-kernel "/boot/vmlinuz-$kver" -initrd "$work/initramfs.gz" \
		-append "console=ttyS0 panic=-1 loglevel=4 dmatrack_rig=$kind $extra" \
		-serial "file:$work/$kind.console" -serial "file:$work/$kind.results" \
		</dev/null >"$work/$kind.qemu.log" 2>&1
}

# With max_entries=4: drops counted, said once in dmesg, nothing misreported.
check_small_table() {
	local tag=$1 res=$2 dropped said
	dropped=$(section "$res" stats-small | sed -n 's/^mappings_dropped //p')
	said=$(section "$res" dmesg | grep -c 'every tracking entry is in use')
	if [[ ${dropped:-0} -gt 0 && $said -eq 1 && -z $(section "$res" violations-small) ]]; then
		pass "$tag: a full table drops $dropped mappings, says so once, misreports nothing"
	else
		fail "$tag: full table: dropped ${dropped:-?}, said $said times, violations: $(section "$res" violations-small | head -2)"
	fi
}

# Poison mode makes a read before sync_for_cpu see the poison, every time;
# the read after the sync sees the device's data.
check_poisoned_read() {
	local tag=$1 dmesg=$2
	if grep -q 'edu_rx_read_before_sync_bad .*rt-read: first byte 0xa5 (frame 0x5a), err 0' "$dmesg" &&
	   grep -q 'edu_rx_read_before_sync_clean .*rt-read: first byte 0x5a (frame 0x5a), err 0' "$dmesg"; then
		pass "$tag: a read before sync_for_cpu sees the poison, the read after it the data"
	else
		fail "$tag: poisoned read: $(grep 'rt-read' "$dmesg" | tr '\n' ' ')"
	fi
}

# On coherent x86 without swiotlb the CRC example's bug shows nothing: the
# device wrote the buffer in place.  The watchpoint reports the read anyway
# (the assertion tool holds the module to its annotation).
check_hidden_crc_bug() {
	local tag=$1 dmesg=$2
	if grep -q 'edu_crc_rx_bad .*edu_crc_rx: [1-9][0-9]* frames received, 0 CRC errors' "$dmesg"; then
		pass "$tag: the CRC example's bug hides on coherent x86 (no CRC error)"
	else
		fail "$tag: the CRC example on coherent x86: $(grep 'edu_crc_rx_bad' "$dmesg" | grep -v dmatrack | tr '\n' ' ')"
	fi
}

# The CRC example of docs/triage.md, end to end: under swiotlb=force and the
# poison mode, edu_crc_rx_bad shows CRC errors and the tracker reports the
# read before the sync; the clean twin shows neither; `dmacheck triage` of
# the pulled violations and dmesg names the annotated line first, and its
# HTML report renders in headless Chromium.
check_triage_example() {
	local kver=$1 res=$2 work=$out/$1 tag="$1 triage" bad_src line first frames errors
	bad_src=testcases/triage/edu_crc_rx_bad.c
	section "$res" triage-violations >"$work/triage.violations.jsonl"
	section "$res" triage-dmesg >"$work/triage.dmesg"
	read -r frames errors < <(sed -n 's/.*edu_crc_rx_bad .*edu_crc_rx: \([0-9]*\) frames received, \([0-9]*\) CRC errors.*/\1 \2/p' "$work/triage.dmesg")
	if [[ ${frames:-0} -gt 0 && ${errors:-0} -gt 0 ]]; then
		pass "$tag: the bad receive path shows $errors CRC errors in $frames frames"
	else
		fail "$tag: the bad receive path shows no CRC errors: $(grep 'edu_crc_rx' "$work/triage.dmesg" | tr '\n' ' ')"
	fi
	if grep -q 'edu_crc_rx_clean .*edu_crc_rx: [1-9][0-9]* frames received, 0 CRC errors' "$work/triage.dmesg" &&
	   ! grep -q '"driver":"edu_crc_rx_clean"' "$work/triage.violations.jsonl"; then
		pass "$tag: the clean receive path shows no CRC errors and no report"
	else
		fail "$tag: the clean receive path: $(grep 'edu_crc_rx_clean' "$work/triage.dmesg" "$work/triage.violations.jsonl" | head -3 | tr '\n' ' ')"
	fi
	if [[ -z $dmacheck ]]; then
		fail "$tag: no --dmacheck to run triage with"
		return
	fi
	line=$(grep -n 'expect: cpu-read-while-device-owned' "$root/$bad_src" | cut -d: -f1)
	(cd "$root" && "$dmacheck" triage --log "$work/triage.violations.jsonl" --log "$work/triage.dmesg" \
		--ko "$work/tests/triage/edu_crc_rx_bad.ko" --src testcases/triage \
		--kdir "/lib/modules/$kver/build" >"$work/triage.txt" 2>&1)
	first=$(sed -n 's/^  1\. //p' "$work/triage.txt")
	if [[ $first == "$bad_src:$line cpu-read-while-device-owned"* ]]; then
		pass "$tag: triage names $bad_src:$line first"
	else
		fail "$tag: triage's first cause is '$first', not $bad_src:$line (see $work/triage.txt)"
	fi
	local fmt
	for fmt in json html; do
		(cd "$root" && "$dmacheck" triage --log "$work/triage.violations.jsonl" \
			--log "$work/triage.dmesg" --ko "$work/tests/triage/edu_crc_rx_bad.ko" \
			--src testcases/triage --engines none --format $fmt \
			-o "$work/triage.$fmt" >/dev/null 2>&1)
	done
	if node "$root/reports/tests/html/check_html.js" "$work/triage.html" "$work/triage.json" \
		"$work/triage.png" >"$work/triage.html.log" 2>&1; then
		pass "$tag: the triage HTML report renders in Chromium ($(tail -n 1 "$work/triage.html.log"))"
	else
		fail "$tag: the triage HTML report: $(grep FAIL "$work/triage.html.log" | head -3 | tr '\n' ' ')"
	fi
}

# The kernel's own warning for the map it refuses (dma_map_single() of
# vmalloc memory, dev_WARN_ONCE) is what the invalid-dma-memory test modules
# provoke: those blocks are set aside (from "cut here" to "end trace"), the
# rest of the log is printed.
without_refusals() {
	awk '
		/-----\[ cut here \]-----/ { held = $0 "\n"; inblock = 1; refusal = 0; next }
		inblock {
			held = held $0 "\n"
			if (/rejecting DMA map of vmalloc memory/) refusal = 1
			if (/---\[ end trace/) { if (!refusal) printf "%s", held; inblock = 0 }
			next
		}
		{ print }
		END { if (inblock && !refusal) printf "%s", held }' "$1"
}

# No complaint of the kernel but the refusals; those only for buggy modules.
check_complaints() {
	local tag=$1 dmesg=$2 refused
	if without_refusals "$dmesg" | grep -Eq 'BUG:|Oops|general protection|WARNING:|Call Trace|kernel panic'; then
		fail "$tag: the kernel complained:"
		without_refusals "$dmesg" | grep -E -m5 'BUG:|Oops|general protection|WARNING:|Call Trace|kernel panic'
	else
		pass "$tag: no kernel warning, oops or BUG"
	fi
	refused=$(sed -n 's/.*\] \([a-z0-9_]*\) [^ ]*: rejecting DMA map of vmalloc memory.*/\1/p' "$dmesg" | sort -u | tr '\n' ' ')
	if [[ -n $refused ]]; then
		if [[ " $refused" == *"_clean "* ]]; then
			fail "$tag: the kernel refused a map of a clean module: $refused"
		else
			pass "$tag: the kernel refused the vmalloc maps of $refused(expected)"
		fi
	fi
}

# Boots and normalises the results.  A guest that dies before dmatrack is
# even loaded (6.12 under TCG has oopsed at boot in sched_clock_cpu(), an
# int3 of its own code patching) says nothing about the tracker: it is
# booted once more, and said so.  A death after the load is a failure.
boot_for_results() {
	local kver=$1 kind=$2 res=$out/$1/$2.results try
	for try in 1 2; do
		boot "$kver" "$kind"
		tr -d '\r' <"$res" >"$res.tmp" 2>/dev/null && mv "$res.tmp" "$res"
		grep -q '^=== end\|^=== result load-dmatrack' "$res" 2>/dev/null && return 0
		[[ $try -eq 1 ]] && echo "$kver $kind: the guest died before dmatrack was loaded; booting once more:" &&
			tail -n 20 "$out/$1/$kind.console" | tr -d '\r'
	done
	return 1
}

check_boot() {
	local kver=$1 kind=$2 work=$out/$1 res start=$SECONDS tag="$1 $2"
	boot_for_results "$kver" "$kind"
	res=$work/$kind.results
	if ! grep -q '^=== end' "$res" 2>/dev/null; then
		fail "$tag: the guest did not finish (console: $work/$kind.console)"
		tail -n 40 "$work/$kind.console" | tr -d '\r'
		return 1
	fi
	echo "$tag: booted and ran in $((SECONDS - start)) s"
	grep -q '^=== result load-dmatrack ok' "$res" && pass "$tag: dmatrack.ko loads" ||
		fail "$tag: dmatrack.ko loads"
	if [[ -z $(section "$res" violations-at-load) ]]; then
		pass "$tag: loaded on a running system, nothing reported"
	else
		fail "$tag: reports right after load: $(section "$res" violations-at-load | head -3)"
	fi
	grep '^=== result .*FAIL' "$res" | while read -r line; do echo "FAIL $tag: ${line#=== result }"; done
	failed=$((failed + $(grep -c '^=== result .*FAIL' "$res")))
	if [[ $kind == api ]]; then
		grep -q '^=== result unload-with-live-mappings ok' "$res" &&
			pass "$tag: unloads while mappings are live" ||
			fail "$tag: unloads while mappings are live"
		check_small_table "$tag" "$res"
	fi
	# The drivers boot reloads the tracker: what was reported before counts too.
	{ section "$res" violations-before-reload; section "$res" violations; } \
		>"$work/$kind.violations.jsonl"
	{ section "$res" stats-before-reload; section "$res" stats; } >"$work/$kind.stats"
	section "$res" dmesg >"$work/$kind.dmesg"
	if [[ $kind == ownership ]]; then
		check_poisoned_read "$tag" "$work/$kind.dmesg"
		check_triage_example "$kver" "$res"
	elif [[ $kind == api ]]; then
		check_hidden_crc_bug "$tag" "$work/$kind.dmesg"
	fi
	check_complaints "$tag" "$work/$kind.dmesg"
	local dropped='^(mappings_dropped|probe_misses|violations_dropped|watch_arm_failed|watch_hits_dropped|watch_hits_late) [1-9]'
	if grep -Eq "$dropped" "$work/$kind.stats"; then
		fail "$tag: dropped events: $(grep -E "$dropped" "$work/$kind.stats" | tr '\n' ' ')"
	else
		pass "$tag: no mapping, probe, watchpoint hit or violation dropped"
	fi
	local armed
	armed=$(awk '$1 == "watch_armed" { n += $2 } END { print n + 0 }' "$work/$kind.stats")
	if [[ $armed -gt 0 ]]; then
		pass "$tag: watchpoints were armed $armed times"
	else
		fail "$tag: no watchpoint was armed"
	fi
	if [[ -n $dmacheck && -s $work/$kind.violations.jsonl ]]; then
		"$dmacheck" report --format json -o "$work/$kind.report.json" \
			"$work/$kind.violations.jsonl" >/dev/null 2>"$work/$kind.report.err"
		if [[ $? -le 1 && -s $work/$kind.report.json ]]; then
			pass "$tag: dmacheck report reads the violations"
		else
			fail "$tag: dmacheck report: $(head -3 "$work/$kind.report.err")"
		fi
	fi
	awk '{ print $1 }' "$work/root/m/$kind.list" >"$work/$kind.modules"
	[[ $kind != drivers ]] && awk '{ print $1 }' "$work/root/m/triage.list" >>"$work/$kind.modules"
	"$assert_bin" --violations "$work/$kind.violations.jsonl" --modules "$work/tests" \
		--only "$work/$kind.modules" --label "$tag" | tee "$work/$kind.assert"
	read -r p f < <(sed -n 's/^runtime-assert: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$work/$kind.assert")
	if [[ -z ${p:-} ]]; then
		fail "$tag: the assertion tool printed no summary"
	else
		passed=$((passed + p))
		failed=$((failed + f))
	fi
	return 0
}

# The injected misuses: in how many runs each was reported for its driver,
# and within how many received packets; the drivers as they ship must get
# no CPU-access report.  A CPU access is caught by a watchpoint on a sample
# of the buffers, so its rate is asserted with a margin (at least two runs
# in three); the API-level checks must hold in every run.
check_inject() {
	local kver=$1 work=$out/$1 res=$out/$1/inject.results tag="$1 inject"
	local name drv patch size expect runs n d maxrx rx r others
	boot_for_results "$kver" inject
	if ! grep -q '^=== end' "$res" 2>/dev/null; then
		fail "$tag: the guest did not finish (console: $work/inject.console)"
		tail -n 40 "$work/inject.console" | tr -d '\r'
		return
	fi
	grep '^=== result .*FAIL' "$res" | while read -r line; do echo "FAIL $tag: ${line#=== result }"; done
	failed=$((failed + $(grep -c '^=== result .*FAIL' "$res")))
	: >"$work/inject.rates"
	: >"$work/inject.stats"
	while read -r name drv patch size expect runs; do
		n=0 d=0 maxrx=0 others=
		while read -r r rx; do
			n=$((n + 1))
			[[ $rx -gt $maxrx ]] && maxrx=$rx
			section "$res" "inject-$name-$r" >"$work/inject.$name.$r.jsonl"
			section "$res" "inject-stats-$name-$r" >>"$work/inject.stats"
			if [[ $expect != - ]] &&
			   grep '"driver":"'"$drv"'"' "$work/inject.$name.$r.jsonl" | grep -q '"rule":"'"$expect"'"'; then
				d=$((d + 1))
			fi
			others+=$(grep -o '"rule":"[a-z-]*"' "$work/inject.$name.$r.jsonl" | sed 's/"rule":"\(.*\)"/\1/' | sort -u | tr '\n' ' ')
		done < <(sed -n "s/^=== run $name \([0-9]*\) rx \([0-9]*\) .*/\1 \2/p" "$res")
		echo "$name $expect $d $n $maxrx" >>"$work/inject.rates"
		if [[ $n -eq 0 ]]; then
			fail "$tag: $name: no run finished"
		elif [[ $expect == - ]]; then
			if grep -q '"rule":"\(cpu-read-while-device-owned\|cpu-write-while-device-owned\|invalid-dma-memory\)"' \
				"$work"/inject.$name.*.jsonl; then
				fail "$tag: $name: a CPU access or invalid memory reported on the driver as it ships"
			else
				pass "$tag: $name: no CPU access reported in $n runs of $maxrx packets (reported: ${others:-nothing})"
			fi
		elif [[ $expect == cpu-* && $((3 * d)) -ge $((2 * n)) ]] ||
		     [[ $expect != cpu-* && $d -eq $n ]]; then
			pass "$tag: $name: $expect detected in $d of $n runs within $maxrx packets"
		else
			fail "$tag: $name: $expect detected in $d of $n runs within $maxrx packets (reported: ${others:-nothing})"
		fi
	done < <(grep -v '^\s*\(#\|$\)' "$here/inject/cases")
	section "$res" dmesg >"$work/inject.dmesg"
	check_complaints "$tag" "$work/inject.dmesg"
	local dropped='^(mappings_dropped|probe_misses|violations_dropped|watch_arm_failed|watch_hits_dropped|watch_hits_late) [1-9]'
	if grep -Eq "$dropped" "$work/inject.stats"; then
		fail "$tag: dropped events: $(grep -E "$dropped" "$work/inject.stats" | sort | uniq -c | tr '\n' ' ')"
	else
		pass "$tag: no mapping, probe, watchpoint hit or violation dropped"
	fi
}

check_kernel() {
	local kver=$1
	echo "--- kernel $kver"
	if ! build_modules "$kver"; then
		fail "$kver: build"
		return
	fi
	if ! build_inject "$kver"; then
		fail "$kver: building the injected drivers"
	fi
	build_initramfs "$kver"
	if [[ -n $inject_only ]]; then
		[[ -s $out/$kver/root/m/inject.list ]] && check_inject "$kver"
		return
	fi
	[[ -s $out/$kver/root/m/inject.list ]] && check_inject "$kver"
	check_boot "$kver" api
	check_boot "$kver" ownership
	check_boot "$kver" drivers && check_real_drivers "$kver"
}

# Does a listing of the `mappings` file have an entry of driver $1?
has_driver() {
	awk -v d="$1" '$2 == d { found = 1 } END { exit !found }' "$2"
}

# Every real driver was tracked (it had live mappings before the unbind),
# and the unbind left nothing of theirs behind.
check_real_drivers() {
	local kver=$1 work=$out/$1 res=$out/$1/drivers.results drv
	section "$res" mappings-before-unbind >"$work/drivers.mappings-before"
	section "$res" mappings-after-unbind >"$work/drivers.mappings-after"
	grep '^=== result \(net\|disk\|reload\)-.* ok' "$res" | while read -r line; do
		echo "PASS $kver drivers: ${line#=== result }"
	done
	passed=$((passed + $(grep -c '^=== result \(net\|disk\|reload\)-.* ok' "$res")))

	for drv in e1000 e1000e nvme ahci virtio-pci; do
		if has_driver "$drv" "$work/drivers.mappings-before"; then
			pass "$kver drivers: $drv's mappings were tracked"
		else
			fail "$kver drivers: $drv's mappings were tracked"
		fi
		if has_driver "$drv" "$work/drivers.mappings-after"; then
			fail "$kver drivers: $drv left mappings behind at unbind"
		fi
	done
}

# What the catalogue claims for the tracker is what the test modules test.
"$assert_bin" --label catalogue --claims "$root/testcases/runtime" | tee "$out/claims.assert"
read -r p f < <(sed -n 's/^runtime-assert: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$out/claims.assert")
passed=$((passed + ${p:-0}))
failed=$((failed + ${f:-1}))

for kver in "${kernels[@]}"; do
	check_kernel "$kver"
done
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
