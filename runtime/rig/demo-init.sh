#!/bin/busybox sh
# The demo guest's /init (runtime/rig/demo.sh): the tracker in its
# non-coherent emulation mode, then the buggy receive path; the tracker's
# violations and dmesg go to the second serial port for the host.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t debugfs debugfs /sys/kernel/debug
exec 3>/dev/ttyS1
insmod /m/dmatrack.ko mode=checksum+poison driver=edu_crc_rx_bad 2>&3
insmod /m/edu_crc_rx_bad.ko 2>&3
echo "=== file violations" >&3
cat /sys/kernel/debug/dmatrack/violations >&3
echo "=== file dmesg" >&3
dmesg >&3
poweroff -f
