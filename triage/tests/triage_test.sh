#!/bin/bash
# End-to-end test of `dmacheck triage` on a real module: testcases/sample's
# dmanic_bad.c is built with kbuild against the 6.1 headers; the return
# addresses the kernel would print for its DMA API calls are read from the
# module's relocations with objdump (independently of dmacheck's DWARF code);
# a DMA-API debugging log in the kernel's own format is written with them, and
# triage must name the driver lines.  usage: triage_test.sh DMACHECK KDIR
set -u
DMACHECK=$(realpath "$1")
KDIR=$2
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$ROOT" || exit 1

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; [[ -n ${2:-} ]] && echo "$2" | sed 's/^/     /' | head -30; }
run() {
	local name=$1 want=$2 pattern=$3 out status
	shift 3
	out=$("$@" 2>&1)
	status=$?
	if [[ $status -ne $want ]]; then
		bad "$name (exit $status, want $want)" "$out"
	elif [[ -n $pattern ]] && ! grep -qE -- "$pattern" <<<"$out"; then
		bad "$name (output lacks /$pattern/)" "$out"
	else
		ok "$name"
	fi
}

# The module, built as its users would build it.
mkdir -p "$work/build"
cp testcases/sample/dmanic_bad.c "$work/build/"
echo 'obj-m += dmanic_bad.o' > "$work/build/Kbuild"
if ! make -s -C "$KDIR" M="$work/build" modules >"$work/kbuild.log" 2>&1; then
	bad "build dmanic_bad.ko" "$(cat "$work/kbuild.log")"
	echo "$passed passed, $failed failed"
	exit 1
fi
ko=$work/build/dmanic_bad.ko

line_of() { grep -n -- "$1" testcases/sample/dmanic_bad.c | head -1 | cut -d: -f1; }
unmap_line=$(line_of 'dma_unmap_single(dev, rb->dma, rb->len, DMA_TO_DEVICE)')
map_line=$(line_of 'rb->dma = dma_map_single(&priv->pdev->dev, skb->data')

# site CALLEE LINE: the "func+0xRET/0xSIZE [dmanic_bad]" the kernel prints for
# the call of CALLEE that binutils' addr2line places (through any inlining)
# on LINE of the source.  Every call has a rel32 relocation one byte into
# the 5-byte instruction: the return address is 4 bytes after it.
site() {
	local callee=$1 line=$2 func start reloc ret size
	while read -r func start reloc; do
		ret=$((0x$reloc + 4))
		if addr2line -i -e "$ko" -j .text "$(printf %x $((ret - 1)))" |
			grep -q "dmanic_bad\.c:$line\b"; then
			size=$(nm -S "$ko" | awk -v f="$func" '$4 == f { print $2 }')
			printf '%s+0x%x/0x%x [dmanic_bad]' "$func" $((ret - 0x$start)) $((0x$size))
			return
		fi
	done < <(objdump -dr --section=.text "$ko" | awk -v c="$callee" '
		/^[0-9a-f]+ <.*>:$/ { start = $1; func = substr($2, 2, length($2) - 3) }
		$2 ~ /R_X86_64_PLT32/ && $3 == c "-0x4" { sub(":", "", $1); print func, start, $1 }')
}
unmap_site=$(site dma_unmap_page_attrs "$unmap_line")
map_site=$(site dma_map_page_attrs "$map_line")
if [[ -n $unmap_site && -n $map_site ]]; then
	ok "call sites found in the module ($unmap_site, $map_site)"
else
	bad "call sites found in the module" "unmap: '$unmap_site' map: '$map_site'"
fi

# The kernel's DMA-API debugging report of the direction bug (6.1 format).
cat > "$work/dmesg.txt" <<EOL
[   12.000001] dmanic_bad 0000:00:04.0: enabling device (0000 -> 0002)
[   12.500000] ------------[ cut here ]------------
[   12.500001] DMA-API: dmanic_bad 0000:00:04.0: device driver frees DMA memory with different direction [device address=0x0000000002a3c000] [size=2048 bytes] [mapped with DMA_FROM_DEVICE] [unmapped with DMA_TO_DEVICE]
[   12.500010] WARNING: CPU: 1 PID: 0 at kernel/dma/debug.c:1026 check_unmap+0x6f4/0x8b0
[   12.500011] Modules linked in: dmanic_bad(OE)
[   12.500020] RIP: 0010:check_unmap+0x6f4/0x8b0
[   12.500030] Call Trace:
[   12.500031]  <IRQ>
[   12.500032]  ? __warn+0x7d/0xc0
[   12.500033]  debug_dma_unmap_page+0x7a/0xa0
[   12.500034]  dma_unmap_page_attrs+0x5a/0x1c0
[   12.500035]  $unmap_site
[   12.500036]  __napi_poll+0x28/0x160
[   12.500037]  </IRQ>
[   12.500038] ---[ end trace 0000000000000000 ]---
[   12.500039] DMA-API: Mapped at:
[   12.500040]  debug_dma_map_page+0x5e/0x100
[   12.500041]  dma_map_page_attrs+0x8b/0x1e0
[   12.500042]  $map_site
[   12.600000] dmanic_bad 0000:00:04.0 eth0: link up
EOL

run "triage names the unmap line first" 1 \
	"^  1\. testcases/sample/dmanic_bad\.c:$unmap_line direction-mismatch: reported 1 time at runtime.*\(mapping at testcases/sample/dmanic_bad\.c:$map_line\)" \
	"$DMACHECK" triage --log "$work/dmesg.txt" --ko "$ko" --src testcases/sample --kdir "$KDIR"
run "triage prints the compiler form" 1 \
	"^testcases/sample/dmanic_bad\.c:$unmap_line: error: DMA-API: dmanic_bad 0000:00:04\.0: device driver frees DMA memory with different direction" \
	"$DMACHECK" triage --log "$work/dmesg.txt" --ko "$ko" --src testcases/sample --kdir "$KDIR"
run "triage names the inlined driver function" 1 "^testcases/sample/dmanic_bad\.c: In function 'dmanic_rx_clean':" \
	"$DMACHECK" triage --log "$work/dmesg.txt" --ko "$ko" --src testcases/sample --engines none
run "without --ko the sites stay symbolic, with a hint" 1 'pass --ko MODULE\.ko' \
	"$DMACHECK" triage --log "$work/dmesg.txt" --engines none
sed 's/^\[ *[0-9.]*\] /Nov 24 02:00:12 testhost kernel: /' "$work/dmesg.txt" > "$work/journal.txt"
run "journal logs read the same" 1 "^  1\. testcases/sample/dmanic_bad\.c:$unmap_line direction-mismatch" \
	"$DMACHECK" triage --log "$work/journal.txt" --ko "$ko" --src testcases/sample --engines none

for fmt in json sarif html; do
	"$DMACHECK" triage --log "$work/dmesg.txt" --ko "$ko" --src testcases/sample --kdir "$KDIR" \
		--format $fmt -o "$work/triage.$fmt" >/dev/null 2>&1
	if [[ -s $work/triage.$fmt ]]; then ok "triage writes $fmt"; else bad "triage writes $fmt"; fi
done
if grep -q "\"line\": $unmap_line" "$work/triage.json"; then ok "json names the line"; else bad "json names the line" "$(head -40 "$work/triage.json")"; fi
if node reports/tests/sarif/validate.js "$work/triage.sarif" >"$work/sarif.log" 2>&1; then
	ok "triage SARIF validates"
else
	bad "triage SARIF validates" "$(cat "$work/sarif.log")"
fi
if node reports/tests/html/check_html.js "$work/triage.html" "$work/triage.json" "$work/triage.png" >"$work/html.log" 2>&1; then
	ok "triage HTML renders in Chromium"
else
	bad "triage HTML renders in Chromium" "$(cat "$work/html.log")"
fi

# Bad input is named and exits 2.
run "missing log" 2 "--log $work/none.txt: No such file" "$DMACHECK" triage --log "$work/none.txt"
run "no log" 2 'triage needs --log FILE' "$DMACHECK" triage --ko "$ko"
run "module without debug info" 2 "--ko $work/dmesg.txt: not a module" \
	"$DMACHECK" triage --log "$work/dmesg.txt" --ko "$work/dmesg.txt"
run "source dir that is not one" 2 "--src $work/dmesg.txt: not a directory" \
	"$DMACHECK" triage --log "$work/dmesg.txt" --src "$work/dmesg.txt"
run "unknown flag" 2 "unknown option '--bogus' for 'triage'" "$DMACHECK" triage --bogus

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
