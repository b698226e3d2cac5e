#!/bin/busybox sh
# The QEMU guest's /init: loads dmatrack.ko, runs the scenarios, and writes
# every result to the second serial port (ttyS1, a file on the host) between
# "=== section" markers.  The host asserts on them (runtime/rig/run.sh).
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t debugfs debugfs /sys/kernel/debug
mount -t tmpfs tmp /tmp
exec 3>/dev/ttyS1
say() { echo "$*" >&3; }
dt=/sys/kernel/debug/dmatrack

say "=== kernel $(uname -r) $(cat /proc/cmdline)"
# "api" runs with plain dma-direct, "ownership" with swiotlb=force.
kind=api
grep -q 'dmatrack_rig=ownership' /proc/cmdline && kind=ownership
grep -q 'dmatrack_rig=drivers' /proc/cmdline && kind=drivers
grep -q 'dmatrack_rig=inject' /proc/cmdline && kind=inject
if [ $kind = inject ]; then
	# Real drivers with injected misuses: each run loads its own tracker.
	. /m/guest-inject.sh
	say "=== file dmesg"
	dmesg >&3
	say "=== end"
	poweroff -f
fi
mode=checksum
[ $kind = ownership ] && mode=checksum+poison
if [ $kind = drivers ]; then
	# A driver already at work before the tracker arrives.
	while read -r ko; do insmod "/m/$ko" 2>/dev/null; done < /m/preload.ko.list
	sleep 1
	for i in /sys/class/net/eth*; do
		ifconfig "$(basename "$i")" 10.0.2.15 netmask 255.255.255.0 up
	done
	ping -c 3 -W 3 10.0.2.2 >/dev/null 2>&1
fi
if ! insmod /m/dmatrack.ko mode=$mode max_entries=8192 2>&3; then
	say "=== result load-dmatrack FAIL"
	poweroff -f
fi
say "=== result load-dmatrack ok"
# Loaded on a running system: nothing may be reported yet.
say "=== file violations-at-load"
cat $dt/violations >&3

run_modules() {
	while read -r name path; do
		say "=== module $name"
		if insmod "/m/$path" 2>&3; then
			rmmod "$name" 2>&3 || say "=== result rmmod-$name FAIL"
		else
			say "=== result insmod-$name FAIL"
		fi
	done < "$1"
}

# The CRC triage example (docs/triage.md) first, alone in the tracker's
# findings and the log, as a user would reproduce it; on coherent x86 too,
# where the bug shows no CRC error.
if [ $kind = ownership ]; then
	run_modules /m/triage.list
	say "=== file triage-violations"
	cat $dt/violations >&3
	say "=== file triage-dmesg"
	dmesg >&3
elif [ $kind = api ]; then
	run_modules /m/triage.list
fi
run_modules /m/$kind.list

[ $kind = drivers ] && . /m/guest-drivers.sh

say "=== file violations"
cat $dt/violations >&3
say "=== file stats"
cat $dt/stats >&3
say "=== file mappings"
cat $dt/mappings >&3

# Unload with a mapping still live, then let its owner unmap it untracked.
if [ $kind = api ] && [ -n "$(sed -n 1p /m/live.list)" ]; then
	read -r name path < /m/live.list
	insmod "/m/$path" 2>&3
	if rmmod dmatrack 2>&3; then
		say "=== result unload-with-live-mappings ok"
	else
		say "=== result unload-with-live-mappings FAIL"
	fi
	rmmod "$name" 2>&3
fi
# Bounded memory: with room for 4 mappings, two drivers holding 6 at once
# must see the rest counted as dropped, said once, and never misreported.
if [ $kind = api ] && insmod /m/dmatrack.ko max_entries=4 2>&3; then
	for name in txring_teardown_clean rx_unmap_dir_clean; do
		insmod "/m/$(awk -v n=$name '$1 == n { print $2 }' /m/api.list)" 2>&3
	done
	rmmod txring_teardown_clean rx_unmap_dir_clean 2>&3
	say "=== file stats-small"
	cat $dt/stats >&3
	say "=== file violations-small"
	cat $dt/violations >&3
	rmmod dmatrack
fi
say "=== file dmesg"
dmesg >&3
say "=== end"
poweroff -f
