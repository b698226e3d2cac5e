# Sourced by guest-init.sh in the "inject" boot: real drivers with one DMA
# misuse injected (runtime/rig/inject/cases), each run as a user would run
# it: dmatrack.ko loaded at its defaults, the driver loaded, its interface
# up, $inject_count pings of the case's size to QEMU's user-network host,
# the driver unbound; then the violations.  Every run starts from a fresh
# tracker and a fresh driver.  /m/inject.list: "case driver size runs".
# /m/inject.nets: "driver subnet".

iface_of() {
	for i in /sys/class/net/*; do
		[ "$(basename "$(readlink "$i/device/driver" 2>/dev/null)")" = "$1" ] && basename "$i"
	done
}

# The link comes up a moment after the interface: traffic before that is lost.
wait_carrier() {
	n=0
	while [ "$(cat "/sys/class/net/$1/carrier" 2>/dev/null)" != 1 ] && [ $n -lt 50 ]; do
		sleep 0.1
		n=$((n + 1))
	done
}

while read -r ko; do insmod "/m/$ko" 2>/dev/null; done < /m/inject.deps

inject_count=60	# pings a run: about as many packets received (ARP included)

while read -r case drv size runs; do
	net=$(awk -v d="$drv" '$1 == d { print $2 }' /m/inject.nets)
	r=1
	while [ $r -le "$runs" ]; do
		if ! insmod /m/dmatrack.ko 2>&3; then
			say "=== result inject-$case-$r FAIL (dmatrack.ko does not load)"
			break
		fi
		if ! insmod "/m/inject/$case/$drv.ko" 2>&3; then
			say "=== result inject-$case-$r FAIL (the driver does not load)"
			rmmod dmatrack
			break
		fi
		i=$(iface_of "$drv")
		rx=0
		if [ -n "$i" ]; then
			ifconfig "$i" "$net.15" netmask 255.255.255.0 up
			wait_carrier "$i"
			# -w: a driver that cannot send (a refused map) must not hold the run up.
			ping -A -c "$inject_count" -s "$size" -W 2 -w 15 "$net.2" >/tmp/ping 2>&1
			rx=$(cat "/sys/class/net/$i/statistics/rx_packets")
		fi
		# Unbound while the tracker watches: what waited for a hand-back is reported.
		for dev in /sys/bus/pci/drivers/$drv/0000:*; do
			[ -e "$dev" ] && echo "$(basename "$dev")" > "/sys/bus/pci/drivers/$drv/unbind"
		done
		say "=== run $case $r rx $rx iface ${i:-none} $(tail -n 2 /tmp/ping 2>/dev/null | head -n 1)"
		say "=== file inject-$case-$r"
		cat $dt/violations >&3
		say "=== file inject-stats-$case-$r"
		cat $dt/stats >&3
		rmmod "$drv" 2>&3
		rmmod dmatrack 2>&3 || say "=== result inject-$case-$r FAIL (dmatrack.ko does not unload)"
		r=$((r + 1))
	done
done < /m/inject.list
