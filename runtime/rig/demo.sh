#!/bin/bash
# The runtime half of `make demo`: docs/triage.md's example, end to end.
#
# Builds dmatrack.ko and testcases/triage/edu_crc_rx_bad.c against the
# newest installed Debian 6.1 kernel, boots that kernel in QEMU (TCG) with
# the edu device and swiotlb=force, loads the tracker in its non-coherent
# emulation mode and then the buggy receive path, and shows on the host what
# a user would see: the driver's CRC errors, the tracker's report, and
# `dmacheck triage` naming the line.  Exit status: triage's (1: it found the
# bug), or 3 when the demo itself could not run.
#
# usage: demo.sh --dmacheck BIN --out DIR
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$here/lib.sh"
dmacheck=
out=
while [[ $# -gt 0 ]]; do
	case $1 in
	--dmacheck) dmacheck=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	*) echo "demo.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
done
[[ -n $dmacheck && -n $out ]] || { echo "usage: demo.sh --dmacheck BIN --out DIR" >&2; exit 2; }
mkdir -p "$out" && out=$(cd "$out" && pwd)
die() { echo "demo.sh: $*" >&2; exit 3; }

kver=$(newest_kernel '6\.1\.[0-9]*-[0-9]*-amd64')
kdir=/lib/modules/$kver/build
[[ -n $kver ]] || die "no Debian 6.1 kernel with its headers is installed (run \`make deps\`)"

echo "-- building dmatrack.ko and edu_crc_rx_bad.ko for $kver"
"$root/runtime/build-module.sh" "$kdir" "$out/dmatrack" || die "building dmatrack.ko failed"
rm -rf "$out/mod" && mkdir -p "$out/mod"
cp "$root/testcases/triage/edu_crc_rx_bad.c" "$out/mod/"
echo "obj-m += edu_crc_rx_bad.o" >"$out/mod/Kbuild"
make -s -C "$kdir" M="$out/mod" modules >"$out/mod/build.log" 2>&1 ||
	die "building edu_crc_rx_bad.ko failed (see $out/mod/build.log)"

img=$out/root
rm -rf "$img" && mkdir -p "$img"/{bin,proc,sys,dev,m}
cp /bin/busybox "$img/bin/busybox"
cp "$here/demo-init.sh" "$img/init"
cp "$out/dmatrack/dmatrack.ko" "$out/mod/edu_crc_rx_bad.ko" "$img/m/"
(cd "$img" && find . | cpio -o -H newc --quiet | gzip -1) >"$out/initramfs.gz" || die "packing the initramfs failed"

echo "-- booting $kver in QEMU with swiotlb=force (about 30 s without KVM)"
rm -f "$out/results" "$out/console"
timeout 150 qemu-system-x86_64 -accel tcg -smp 2 -m 240M -device edu -nic none \
	-display none -monitor none -no-reboot \
	-kernel "/boot/vmlinuz-$kver" -initrd "$out/initramfs.gz" \
	-append "console=ttyS0 panic=-1 loglevel=4 swiotlb=force" \
	-serial "file:$out/console" -serial "file:$out/results" </dev/null >"$out/qemu.log" 2>&1
tr -d '\r' <"$out/results" >"$out/results.txt"	# the serial line ends lines with \r\n
section "$out/results.txt" violations >"$out/violations.jsonl"
section "$out/results.txt" dmesg >"$out/dmesg.txt"
grep -q edu_crc_rx "$out/dmesg.txt" || die "the guest did not run the example (see $out/console)"

echo
echo "== what the driver says (dmesg) =="
grep 'edu_crc_rx:' "$out/dmesg.txt" | sed 's/^\[[^]]*\] //'
echo
echo "== what dmatrack reports (dmesg, first report) =="
sed 's/^\[[^]]*\] //' "$out/dmesg.txt" | awk '/^dmatrack: edu_crc_rx_bad/ && !seen++ { n = 6 } n-- > 0'
echo
echo "== dmacheck triage --log violations.jsonl --log dmesg.txt --ko edu_crc_rx_bad.ko --src testcases/triage --kdir $kdir =="
cd "$root" || exit 3
"$dmacheck" triage --log "$out/violations.jsonl" --log "$out/dmesg.txt" \
	--ko "$out/mod/edu_crc_rx_bad.ko" --src testcases/triage --kdir "$kdir"
