#!/bin/sh
# tests/cli/run.sh on a machine without a writable /dev/full must fail,
# saying so, rather than pass with its full-disk cases left out: run it
# in a mount namespace where /dev/full is a read-only empty file.  Needs
# root (unshare -m); without it this fails, saying so.
#
#	usage: nofull.sh mqplan
set -u

mqplan=${1:-./mqplan}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
checked=0
failed=0

check() {
	checked=$((checked + 1))
	if [ "$2" != 0 ]; then
		echo "FAIL nofull: $1"
		sed 's/^/    /' "$tmp/out"
		failed=$((failed + 1))
	fi
}

if [ "$(id -u)" != 0 ]; then
	echo "FAIL nofull: needs root for a mount namespace (run make check" \
	    "as root)"
	echo "nofull: 1 checked, 1 failed"
	exit 1
fi
: >"$tmp/full"
unshare -m sh -c 'mount --bind "$1" /dev/full &&
    mount -o remount,bind,ro /dev/full && sh tests/cli/run.sh "$2"' \
    sh "$tmp/full" "$mqplan" >"$tmp/out" 2>&1
check "run.sh passed without a writable /dev/full" $(($? == 0))
grep -q '^FAIL cli: /dev/full is not writable, so the 4 full-disk cases' \
    "$tmp/out"
check "no line says /dev/full is missing" $?
grep -Eq '^cli: [0-9]+ passed, 4 failed$' "$tmp/out"
check "the 4 full-disk cases are not the ones that failed" $?

echo "nofull: $checked checked, $failed failed"
[ "$failed" -eq 0 ]
