#!/bin/bash
# Builds the real drivers of runtime/rig/inject/cases, each with its
# injected misuse, out of tree from Linux 6.1's source
# (scripts/kernel-source.sh) against a 6.1 kernel's headers.
#
# usage: build-inject.sh KDIR OUTDIR
# Leaves OUTDIR/<case>/<driver>.ko.  Each driver is built once as it ships;
# each patch is then applied, the driver rebuilt (kbuild recompiles the
# patched file only) and the patch reverted.  Nothing is rebuilt when the
# cases, the patches, this script and the headers are what the last build
# used.
set -euo pipefail
kdir=${1:?usage: build-inject.sh KDIR OUTDIR}
out=${2:?usage: build-inject.sh KDIR OUTDIR}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
inject=$here/inject

# Where each driver lives under drivers/net/ethernet, and how it is built:
# a directory with its own Makefile (its CONFIG_ symbol set to m), or one file.
driver_source() {
	case $1 in
	e1000) echo "dir intel/e1000 CONFIG_E1000" ;;
	e1000e) echo "dir intel/e1000e CONFIG_E1000E" ;;
	pcnet32) echo "file amd/pcnet32.c -" ;;
	*) echo "build-inject.sh: no source known for driver '$1' (runtime/rig/inject/cases)" >&2
	   return 1 ;;
	esac
}

cases() {
	grep -v '^\s*\(#\|$\)' "$inject/cases"
}

stamp_of() {
	{ cat "$inject/cases" "$inject"/*.patch "$0"; ls -l --time-style=+%s "$kdir/Makefile"; } |
		sha256sum | cut -d' ' -f1
}

stamp=$(stamp_of)
if [[ -e $out/.stamp && $(cat "$out/.stamp") == "$stamp" ]]; then
	exit 0
fi
src=$("$root/scripts/kernel-source.sh")/drivers/net/ethernet
rm -rf "$out"
mkdir -p "$out/src"
out=$(cd "$out" && pwd)	# kbuild's M= wants it absolute

build() {
	local drv=$1 dir=$2 config=$3 log=$4
	make -s -j2 -C "$kdir" M="$dir" ${config:+$config=m} modules >"$log" 2>&1 || {
		echo "build-inject.sh: building $drv in $dir against $kdir failed:" >&2
		tail -n 30 "$log" >&2
		return 1
	}
}

for drv in $(cases | awk '{ print $2 }' | sort -u); do
	read -r kind path config < <(driver_source "$drv")
	[[ $config == - ]] && config=
	work=$out/src/$drv
	mkdir -p "$work/$(dirname "$path")"
	if [[ $kind == dir ]]; then
		cp -r "$src/$path" "$work/$(dirname "$path")/"
		bdir=$work/$path
	else
		cp "$src/$path" "$work/$path"
		bdir=$work/$(dirname "$path")
		echo "obj-m += $(basename "$path" .c).o" >"$bdir/Kbuild"
	fi
	while read -r name d patch _; do
		[[ $d == "$drv" ]] || continue
		if [[ $patch != - ]]; then
			patch -s -p1 -d "$work" <"$inject/$patch" || {
				echo "build-inject.sh: $patch does not apply to $src" >&2
				exit 1
			}
		fi
		build "$drv" "$bdir" "$config" "$out/src/$name.log"
		mkdir -p "$out/$name"
		cp "$bdir/$drv.ko" "$out/$name/"
		[[ $patch == - ]] || patch -s -R -p1 -d "$work" <"$inject/$patch"
	done < <(cases | LC_ALL=C sort -k3,3)	# "-" sorts first: the driver as it ships
done
echo "$stamp" >"$out/.stamp"
