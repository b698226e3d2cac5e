# Sourced by guest-init.sh in the "drivers" boot: real drivers nobody here
# wrote, under load, then unbound (the leak check).  e1000 was loaded and
# moving traffic before dmatrack.ko (its mappings from then must not be
# reported); the others load after it.
# /m/nets lists "driver subnet" pairs: QEMU's user network host is .2.

# CPU-specific crypto helpers may not load under TCG: only the drivers must.
while read -r ko; do
	case $ko in
	*pclmul*|*aesni*) insmod "/m/$ko" 2>/dev/null ;;
	*) insmod "/m/$ko" 2>/dev/null || say "=== result insmod-$(basename "$ko") FAIL" ;;
	esac
done < /m/drivers.ko.list
sleep 1

iface_of() {
	for i in /sys/class/net/*; do
		[ "$(basename "$(readlink "$i/device/driver" 2>/dev/null)")" = "$1" ] && basename "$i"
	done
}

# virtio-net sits on the virtio bus: its driver link says virtio_net.
while read -r drv net; do
	i=$(iface_of "$drv")
	if [ -z "$i" ]; then
		say "=== result net-$drv FAIL (no interface)"
		continue
	fi
	ifconfig "$i" "$net.15" netmask 255.255.255.0 up
	# -A sends the next ping when a reply arrives (or a timeout passes).
	ping -A -c 200 -s 1400 -W 3 "$net.2" >/tmp/ping.$drv 2>&1
	received=$(sed -n 's/.* \([0-9]*\) packets received.*/\1/p' /tmp/ping.$drv)
	if [ "${received:-0}" -ge 190 ]; then
		say "=== result net-$drv ok $(tail -n 2 /tmp/ping.$drv | head -n 1)"
	else
		say "=== result net-$drv FAIL $(tail -n 2 /tmp/ping.$drv | tr '\n' ' ')"
	fi
done < /m/nets

# 4 MiB written and read back with O_DIRECT, so every block goes through DMA.
dd if=/dev/urandom of=/tmp/pattern bs=64k count=64 2>/dev/null
for disk in nvme0n1 sda; do
	if [ ! -b /dev/$disk ]; then
		say "=== result disk-$disk FAIL (no device)"
		continue
	fi
	dd if=/tmp/pattern of=/dev/$disk bs=64k oflag=direct 2>/dev/null
	dd if=/dev/$disk of=/tmp/back bs=64k count=64 iflag=direct 2>/dev/null
	if cmp -s /tmp/pattern /tmp/back; then
		say "=== result disk-$disk ok"
	else
		say "=== result disk-$disk FAIL (data read back differs)"
	fi
done

say "=== file mappings-before-unbind"
cat $dt/mappings >&3

# Unload and reload the tracker while two drivers move traffic: unload must
# be safe with live mappings and callers in flight, and the mappings made
# before the reload must stay silent.
for net in 10.0.3.2 10.0.4.2; do
	ping -A -c 400 -s 1400 -W 3 $net >/dev/null 2>&1 &
done
sleep 1
say "=== file violations-before-reload"
cat $dt/violations >&3
say "=== file stats-before-reload"
cat $dt/stats >&3
if rmmod dmatrack && insmod /m/dmatrack.ko mode=checksum; then
	say "=== result reload-under-traffic ok"
else
	say "=== result reload-under-traffic FAIL"
fi
wait

for drv in e1000 e1000e nvme ahci virtio-pci; do
	for dev in /sys/bus/pci/drivers/$drv/0000:*; do
		[ -e "$dev" ] || continue
		echo "$(basename "$dev")" > /sys/bus/pci/drivers/$drv/unbind ||
			say "=== result unbind-$drv FAIL"
	done
done
say "=== file mappings-after-unbind"
cat $dt/mappings >&3
