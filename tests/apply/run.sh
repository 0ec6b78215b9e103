#!/bin/sh
# apply before/after pairs: for each tests/apply/cases/NAME.json, copy it,
# run `mqplan apply -c COPY` with NAME.args, and compare the file with
# NAME.expected and what apply printed with NAME.out.  Then apply again:
# the file must be byte-for-byte and mtime-for-mtime untouched.
#
# UPDATE=1 rewrites NAME.expected and NAME.out: review before committing.
set -u

mqplan=${1:-./mqplan}
dir=tests/apply/cases
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0
failed=0

fail() {
	echo "FAIL apply $1: $2"
	failed=$((failed + 1))
}

for in in "$dir"/*.json; do
	name=$(basename "$in" .json)
	cp "$in" "$tmp/config.json"
	# shellcheck disable=SC2046
	"$mqplan" apply -c "$tmp/config.json" $(cat "$dir/$name.args") \
	    >"$tmp/out" 2>&1
	status=$?
	sed "s|$tmp/||g" "$tmp/out" >"$tmp/out.clean"
	if [ "${UPDATE:-0}" = 1 ]; then
		cp "$tmp/config.json" "$dir/$name.expected"
		cp "$tmp/out.clean" "$dir/$name.out"
		continue
	fi
	if [ "$status" -ne 0 ]; then
		fail "$name" "exit status $status"
		cat "$tmp/out"
		continue
	fi
	if ! diff -u "$dir/$name.expected" "$tmp/config.json"; then
		fail "$name" "file differs from $name.expected"
		continue
	fi
	if ! diff -u "$dir/$name.out" "$tmp/out.clean"; then
		fail "$name" "output differs from $name.out"
		continue
	fi
	before=$(stat -c '%Y.%y %i %s' "$tmp/config.json")
	cp "$tmp/config.json" "$tmp/again.json"
	# shellcheck disable=SC2046
	"$mqplan" apply -q -c "$tmp/config.json" $(cat "$dir/$name.args") \
	    >"$tmp/out2" 2>&1
	if [ $? -ne 0 ] || [ -s "$tmp/out2" ] ||
	    ! cmp -s "$tmp/config.json" "$tmp/again.json" ||
	    [ "$(stat -c '%Y.%y %i %s' "$tmp/config.json")" != "$before" ]; then
		fail "$name" "a second apply touched the file"
		continue
	fi
	passed=$((passed + 1))
done
[ "${UPDATE:-0}" = 1 ] && { echo "apply: expected files rewritten"; exit 0; }
echo "apply: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
