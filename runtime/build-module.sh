#!/bin/bash
# Builds dmatrack.ko for one kernel:  build-module.sh KDIR OUTDIR
# (KDIR: that kernel's build directory, e.g. /lib/modules/$(uname -r)/build).
# Kbuild writes its objects beside the sources, so the module is staged in
# OUTDIR with the core and the catalogue beside it; OUTDIR/dmatrack.ko and
# OUTDIR/Module.symvers (for wrap-mode drivers) are the results.
set -euo pipefail
kdir=${1:?usage: build-module.sh KDIR OUTDIR}
out=${2:?usage: build-module.sh KDIR OUTDIR}
here=$(cd "$(dirname "$0")" && pwd)
if [[ ! -r $kdir/Makefile ]]; then
	echo "build-module.sh: $kdir: not a kernel build directory (install its linux-headers package)" >&2
	exit 2
fi
mkdir -p "$out/core"
cp -p "$here"/kernel/*.c "$here"/kernel/*.h "$here"/kernel/Kbuild "$out/"
cp -p "$here"/core/*.c "$here"/core/*.h "$out/core/"
cp -p "$here/dmatrack_wrap.h" "$here/../reports/rules.def" "$out/"
make -s -C "$kdir" M="$(cd "$out" && pwd)" modules >"$out/build.log" 2>&1 || {
	echo "build-module.sh: building dmatrack.ko against $kdir failed:" >&2
	tail -n 30 "$out/build.log" >&2
	exit 1
}
