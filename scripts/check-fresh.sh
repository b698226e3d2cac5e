#!/bin/bash
# make check-fresh: the README's two commands on a new Debian bookworm machine.
#
# Builds a minimal bookworm root with debootstrap from Debian's own packages
# (the mirror and suites this machine's apt uses), with only what the README
# asks a user to have (git, make), clones the committed HEAD (or --rev REV)
# into it, and runs `make demo` and then `make check` inside it under chroot,
# exactly as the README writes them, with /proc, /sys and /dev as QEMU and
# kbuild need them.  Prints each command's exit status and wall time, and
# ends with "N passed, N failed" over the two commands.
#
# Cached between runs: debootstrap's download of the base system (a tarball
# in $DMACHECK_CACHE/fresh), which is Debian's own packages and nothing of
# ours; never anything `make deps` installs.  The root is made anew each run
# and deleted afterwards (--keep leaves it for a look).
#
#   scripts/check-fresh.sh [--rev REV] [--keep] [--dir DIR]
# Needs root (debootstrap, chroot, mount) and about 8 GB of disk in DIR.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
rev=HEAD
keep=0
# Outside the work tree: `make clean` must never meet a root with /dev mounted in it.
dir=/var/tmp/dmacheck-fresh
while [[ $# -gt 0 ]]; do
	case $1 in
	--rev) rev=$2; shift 2 ;;
	--keep) keep=1; shift ;;
	--dir) dir=$2; shift 2 ;;
	*) echo "usage: scripts/check-fresh.sh [--rev REV] [--keep] [--dir DIR]" >&2; exit 2 ;;
	esac
done
if [[ $(id -u) -ne 0 ]]; then
	echo "check-fresh: needs root (debootstrap, chroot, mount); run it with sudo" >&2
	exit 2
fi
commit=$(git -C "$repo" rev-parse --verify "$rev^{commit}") || {
	echo "check-fresh: $rev is not a commit of $repo" >&2
	exit 2
}

say() { echo "check-fresh: $*"; }

if ! command -v debootstrap >/dev/null; then
	say "installing debootstrap (Debian's package) to build the new root"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
fi

# The Debian mirror this machine's apt uses for bookworm (no host is named in
# the project: a user's own mirror or proxy is what the new machine gets too).
debian_mirror() {
	{
		sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\) bookworm .*main.*/\2/p' \
			/etc/apt/sources.list 2>/dev/null
		for f in /etc/apt/sources.list.d/*.sources; do
			[[ -r $f ]] || continue
			awk '
				/^[ \t]*$/ { if (uri && suites ~ /(^| )bookworm( |$)/) print uri; uri = ""; suites = ""; next }
				/^URIs:/ { uri = $2 }
				/^Suites:/ { $1 = ""; suites = $0 " " }
				END { if (uri && suites ~ /(^| )bookworm( |$)/) print uri }' "$f"
		done
	} | head -n1
}
mirror=$(debian_mirror)
if [[ -z $mirror ]]; then
	echo "check-fresh: this machine's apt sources name no bookworm mirror" >&2
	exit 2
fi

arch=$(dpkg --print-architecture)
cache=${DMACHECK_CACHE:-$HOME/.cache/dmacheck}/fresh
tarball=$cache/bookworm-$arch-minbase.tgz
root=$dir/root
mkdir -p "$cache" "$dir"

mounts=(proc sys dev run)
unmount_all() {
	local m i
	for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
		m=$root/${mounts[i]}
		mountpoint -q "$m" 2>/dev/null && umount -R -l "$m"
	done
	return 0
}
# Processes left in the new root (a command killed half-way) end with it.
kill_inside() {
	local p r
	for p in /proc/[0-9]*; do
		r=$(readlink "$p/root" 2>/dev/null) || continue
		[[ $r == "$root" ]] && kill -KILL "${p#/proc/}" 2>/dev/null
	done
	return 0
}
cleanup() {
	kill_inside
	unmount_all
	if [[ $keep -eq 0 && -d $root ]]; then
		# Delete only what no mount reaches any more.
		if findmnt -rn -o TARGET | grep -q "^$root/"; then
			say "left $root: something is still mounted there"
		else
			rm -rf "$root"
		fi
	fi
}
trap cleanup EXIT

if [[ -d $root ]]; then
	unmount_all
	rm -rf "$root"
fi

start=$SECONDS
if [[ ! -s $tarball ]]; then
	say "downloading bookworm's base system from $mirror (cached in $tarball)"
	debootstrap --variant=minbase --include=git,make,ca-certificates \
		--make-tarball="$tarball.tmp" bookworm "$dir/tarball-work" "$mirror" >"$dir/debootstrap.log" 2>&1 ||
		{ tail -n 20 "$dir/debootstrap.log"; exit 1; }
	mv "$tarball.tmp" "$tarball"
	rm -rf "$dir/tarball-work"
fi
say "building a minimal bookworm root in $root"
debootstrap --variant=minbase --include=git,make,ca-certificates \
	--unpack-tarball="$tarball" bookworm "$root" "$mirror" >"$dir/debootstrap.log" 2>&1 ||
	{ tail -n 20 "$dir/debootstrap.log"; exit 1; }

# The new machine's apt sources are this machine's Debian ones (the same
# mirror, bookworm's updates and security suites), its name service too.
rm -f "$root"/etc/apt/sources.list
[[ -r /etc/apt/sources.list ]] && grep -E '^deb .* bookworm' /etc/apt/sources.list >"$root/etc/apt/sources.list" || true
[[ -r /etc/apt/sources.list.d/debian.sources ]] && cp /etc/apt/sources.list.d/debian.sources "$root/etc/apt/sources.list.d/"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
cp /etc/hosts "$root/etc/hosts"
# A new machine at this site trusts what this one trusts: the certificate
# authorities the site adds (a TLS-inspecting proxy's, say), its npm
# configuration and the variables that point programs at them.  These are
# the site's provisioning, not an install step of the project's.
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
	cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
	chroot "$root" update-ca-certificates >/dev/null 2>&1
fi
[[ -r /etc/npmrc ]] && cp /etc/npmrc "$root/etc/npmrc"
site_env=()
for v in SSL_CERT_FILE SSL_CERT_DIR NODE_EXTRA_CA_CERTS CURL_CA_BUNDLE REQUESTS_CA_BUNDLE \
	GIT_SSL_CAINFO http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY; do
	[[ -n ${!v:-} ]] && site_env+=("$v=${!v}")
done

mount -t proc proc "$root/proc"
mount -t sysfs sys "$root/sys"
# /dev with its pts and shm, as a slave: nothing mounted or unmounted in the
# new root reaches this machine's /dev.
mount --rbind /dev "$root/dev"
mount --make-rslave "$root/dev"
mount -t tmpfs run "$root/run"
say "base system ready in $((SECONDS - start)) s"

git clone -q --no-local --no-checkout "$repo" "$root/root/dmacheck"
git -C "$root/root/dmacheck" checkout -q "$commit"
say "cloned $commit ($(git -C "$repo" log -1 --format=%s "$commit"))"

# Runs one README command in the new root as a user on a fresh login would.
results=()
passed=0
failed=0
run_readme_command() {
	local cmd=$1 t0=$SECONDS rc
	say "running \`$cmd\` in the new root"
	set +e
	chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 "${site_env[@]}" \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		/bin/bash -lc "cd /root/dmacheck && $cmd" 2>&1 | tee "$dir/${cmd// /-}.log"
	rc=${PIPESTATUS[0]}
	set -e
	local t=$((SECONDS - t0))
	results+=("$(printf '`%s`: exit status %d in %d min %02d s' "$cmd" "$rc" $((t / 60)) $((t % 60)))")
	if [[ $rc -eq 0 ]]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
}
run_readme_command "make demo"
run_readme_command "make check"

echo
say "results (logs in $dir):"
printf '  %s\n' "${results[@]}"
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
