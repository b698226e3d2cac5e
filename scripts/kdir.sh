#!/bin/bash
# Finds the kernels the project builds against and boots, as Debian ships them
# today: nothing in the project names a Debian kernel ABI (6.1.0-NN,
# 6.12.NNN+debNN), since Debian moves its point releases on.
#
#   scripts/kdir.sh 6.1      the newest configured headers directory of 6.1
#                            (/usr/src/linux-headers-6.1.*-<arch>), or exit 1
#   scripts/kdir.sh 6.12     the same for 6.12
#   scripts/kdir.sh --say    one line naming the headers and boot images found
#                            for each series (what the tests will use)
set -euo pipefail

arch=$(dpkg --print-architecture 2>/dev/null || echo amd64)

# A headers directory kbuild can build against: a Makefile and its configuration.
configured() {
	[[ -r $1/Makefile && -r $1/include/generated/autoconf.h ]]
}

newest_headers() {
	local series=$1 d best=
	for d in $(ls -d /usr/src/linux-headers-"$series".*-"$arch" 2>/dev/null | sort -V); do
		configured "$d" && best=$d
	done
	[[ -n $best ]] && echo "$best"
}

# The newest /boot image of a series whose headers are installed too (the
# runtime rig boots it and builds modules for it).
newest_image() {
	local series=$1 v best=
	for v in $(ls /boot 2>/dev/null | sed -n "s/^vmlinuz-\(${series//./\\.}\..*-$arch\)\$/\1/p" | sort -V); do
		[[ -r /lib/modules/$v/build/Makefile ]] && best=$v
	done
	[[ -n $best ]] && echo "$best"
}

case ${1:-} in
--say)
	line="kernels found:"
	for s in 6.1 6.12; do
		h=$(newest_headers "$s" || echo "none")
		i=$(newest_image "$s" || echo "none")
		line+=" $s headers ${h#/usr/src/linux-headers-}, boot ${i}"
		[[ $s == 6.1 ]] && line+=";"
	done
	echo "$line"
	;;
[0-9]*.[0-9]*)
	if ! newest_headers "$1"; then
		echo "kdir.sh: no configured /usr/src/linux-headers-$1.*-$arch; run \`make deps\`" >&2
		exit 1
	fi
	;;
*)
	echo "usage: scripts/kdir.sh 6.1|6.12|--say" >&2
	exit 2
	;;
esac
