#!/bin/busybox sh
# The QEMU guest's /init for the runtime benchmarks (bench/runtime.sh,
# bench/dmadebug.sh).  The kernel command line says what to run:
#   dmabench=tracker    dmabench.ko with the tracker not loaded, then loaded in
#                       each mode, through probes and in wrap mode (stock kernels)
#   dmabench=dmadebug   dmabench.ko under the kernel's own DMA-API debugging
#                       (and, when dmatrack.ko is there, dmatrack beside it)
#   dmabench=tests      the test modules of testcases/runtime/ under dma-debug,
#                       every error printed (all_errors)
#   dmabench_live="1000 100000 1000000"  live mappings of the scaling runs
#   dmabench_tracker=PARAM=VALUE,...     more dmatrack.ko parameters (experiments)
# Results go to the second serial port as "result KEY=VALUE..." lines and
# "=== file NAME" sections; the last line is "=== end".
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t debugfs debugfs /sys/kernel/debug
mount -t tmpfs tmp /tmp
exec 3>/dev/ttyS1
say() { echo "$*" >&3; }
arg() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" /proc/cmdline | tr ',' ' '; }
plan=$(arg dmabench)
live_sizes=$(arg dmabench_live)
[ -n "$live_sizes" ] || live_sizes=1000
kind=$(arg dmabench_kind)
dt=/sys/kernel/debug/dmatrack
dd=/sys/kernel/debug/dma-api
: >/tmp/dmesg.all

say "=== kernel $(uname -r) $(cat /proc/cmdline)"

# The kernel log since the last call, kept whole for the end.
new_log() {
	dmesg -c >/tmp/dmesg.new
	cat /tmp/dmesg.new >>/tmp/dmesg.all
}

# meminfo PREFIX: " PREFIX_memfree_kb=N PREFIX_slab_kb=N ..."
meminfo() {
	awk -v p="$1" '/^(MemFree|Slab|VmallocUsed|Percpu):/ {
		printf " %s_%s_kb=%s", p, tolower(substr($1, 1, length($1) - 1)), $2 }' /proc/meminfo
}

# run CONFIG MODULE LIVE...: one dmabench load per live size; its lines become results.
run() {
	local config=$1 ko=$2 live before held line
	shift 2
	for live in "$@"; do
		new_log
		before=$(meminfo before)
		if ! insmod "/m/$ko.ko" live="$live" 2>&3; then
			say "result config=$config kind=$kind live=$live error=insmod"
			continue
		fi
		held=$(meminfo held)
		new_log
		grep -q 'dmabench: done' /tmp/dmesg.new ||
			say "result config=$config kind=$kind live=$live error=$(grep -m1 'dmabench' /tmp/dmesg.new | tr ' ' '_')"
		grep -o 'dmabench: op=.*' /tmp/dmesg.new | while read -r _ line; do
			say "result config=$config kind=$kind $line"
		done
		say "memory config=$config kind=$kind live=$live$before$held$(counters)"
		rmmod "$ko" 2>&3
	done
}

# What the checkers say of themselves: dmatrack's stats, dma-debug's pool.
counters() {
	[ -d $dt ] && awk '$1 ~ /^(entries_live|entries_capacity|table_bytes|mappings_dropped|probe_misses)$/ {
		printf " %s=%s", $1, $2 }' $dt/stats
	if [ -d $dd ]; then
		for f in nr_total_entries num_free_entries min_free_entries error_count disabled; do
			printf ' %s=%s' $f "$(cat $dd/$f)"
		done
	fi
}

# load_tracker: dmatrack.ko with room for every live mapping of the runs.
load_tracker() {
	local before after
	before=$(meminfo before)
	if ! insmod /m/dmatrack.ko max_entries=1100000 $(arg dmabench_tracker) 2>&3; then
		say "result config=tracker kind=$kind error=insmod"
		return 1
	fi
	after=$(meminfo loaded)
	say "memory config=tracker-load kind=$kind$before$after$(counters)"
}

case $plan in
tracker)
	run off dmabench $live_sizes
	if load_tracker; then
		# Interception alone: every probe fires, nothing is tracked.
		echo 0 >/sys/module/dmatrack/parameters/enabled
		run probes-idle dmabench ${live_sizes%% *}
		echo 1 >/sys/module/dmatrack/parameters/enabled
		for mode in plain checksum poison; do
			echo $mode >/sys/module/dmatrack/parameters/mode
			# Scaling for the plain modes; the other modes at the smallest size.
			if [ $mode = plain ]; then sizes=$live_sizes; else sizes=${live_sizes%% *}; fi
			run probes-$mode dmabench $sizes
			run wrap-$mode dmabench_wrap $sizes
		done
		cat $dt/stats >/tmp/tracker-stats
		cat $dt/violations >/tmp/tracker-violations
		rmmod dmatrack
	fi
	run off-again dmabench ${live_sizes%% *}
	;;
dmadebug)
	if [ "$(cat $dd/disabled)" = Y ]; then
		run off dmabench $live_sizes
		if [ -e /m/dmatrack.ko ] && load_tracker; then
			run probes-plain dmabench $live_sizes
			run wrap-plain dmabench_wrap ${live_sizes%% *}
			rmmod dmatrack
		fi
		run off-again dmabench ${live_sizes%% *}
	else
		run dmadebug dmabench $live_sizes
		run dmadebug-again dmabench ${live_sizes%% *}
	fi
	;;
tests)
	echo 1 >$dd/all_errors
	while read -r name path; do
		echo "dmabench: test module $name" >/dev/kmsg
		if insmod "/m/$path" 2>&3; then
			rmmod "$name" 2>&3 || say "result module=$name error=rmmod"
		else
			say "result module=$name error=insmod"
		fi
	done </m/tests.list
	echo "dmabench: test modules done" >/dev/kmsg
	;;
*)
	say "result error=unknown-plan-$plan"
	;;
esac
new_log
# Sections last: a section runs to the next "===" line.
for f in tracker-stats tracker-violations; do
	[ -e /tmp/$f ] || continue
	say "=== file $f"
	cat /tmp/$f >&3
done
say "=== file dmesg"
cat /tmp/dmesg.all >&3
say "=== end"
poweroff -f
