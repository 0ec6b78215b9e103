#!/bin/sh
# --catalog and --policy name files that mqplan reads whole: anything but
# a regular file (a FIFO with no writer, a device, a directory) is
# refused at once, naming the file and what it is, instead of hanging in
# open(2) or reporting a parse error.  Each run is bounded by timeout(1):
# a hang fails the test instead of stalling make check.
set -u

mqplan=${1:-./mqplan}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
checked=0
failed=0

mkfifo "$tmp/fifo"
# what: the file, the flag before it, and the message mqplan must print.
expect() {
	file=$1 want=$2
	shift 2
	NO_COLOR=1 timeout 10 "$mqplan" "$@" >"$tmp/out" 2>"$tmp/err" \
	    </dev/null
	status=$?
	checked=$((checked + 1))
	if [ "$status" = 124 ]; then
		echo "FAIL mqplan $*: hung (killed after 10 s)"
		failed=$((failed + 1))
	elif [ "$status" != 2 ] ||
	    [ "$(cat "$tmp/err")" != "mqplan: $file: $want" ] ||
	    [ -s "$tmp/out" ]; then
		echo "FAIL mqplan $*: exit $status, want 2 and" \
		    "'mqplan: $file: $want'; stderr:"
		cat "$tmp/err"
		failed=$((failed + 1))
	fi
}

for flag in --catalog --policy; do
	expect "$tmp/fifo" "is a FIFO or pipe, not a regular file" \
	    plan --machine-type n2-standard-8 "$flag" "$tmp/fifo"
	expect /dev/null "is a character device, not a regular file" \
	    plan --machine-type n2-standard-8 "$flag" /dev/null
	expect "$tmp" "is a directory, not a regular file" \
	    plan --machine-type n2-standard-8 "$flag" "$tmp"
done
expect "$tmp/fifo" "is a FIFO or pipe, not a regular file" catalog --catalog \
    "$tmp/fifo"
# A FIFO with a writer waiting would open; it is still not read.
sleep 5 >"$tmp/fifo" &
writer=$!
expect "$tmp/fifo" "is a FIFO or pipe, not a regular file" \
    plan --machine-type n2-standard-8 --policy "$tmp/fifo"
kill "$writer" 2>/dev/null
wait "$writer" 2>/dev/null

echo "special files: $checked checked, $failed failed"
[ "$failed" -eq 0 ]
