# Shared by the rig's scripts (run.sh, demo.sh): source it.

# The newest installed kernel matching a pattern that has its headers too.
newest_kernel() {
	local pattern=$1 v best=
	for v in $(ls /boot | sed -n "s/^vmlinuz-\($pattern\)\$/\1/p" | sort -V); do
		[[ -r /lib/modules/$v/build/Makefile ]] && best=$v
	done
	echo "$best"
}

# Prints section NAME of a results file (the lines after "=== file NAME"),
# whose serial line endings (\r\n) the caller has already made \n.
section() {
	awk -v want="=== file $2" '
		/^=== / { on = ($0 == want); next }
		on { print }' "$1"
}
