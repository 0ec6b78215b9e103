# The tally a shell test keeps, and its scratch directory.  Sourced, not
# run, after setting tally_name:
#
#	tally_name=precommit
#	. tests/lib/tally.sh
#
# gives $tmp, a new directory removed when the test exits or is stopped;
# ok and bad WHY... to count a check that passed or failed (bad prints
# "NAME: WHY"); check WHAT STATUS, for a step that leaves its output in
# $tmp/out and $tmp/err; and tally_end, which prints the closing line
# "NAME: N checked, M failed" and returns non-zero when one failed.

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
checked=0
failed=0

ok() {
	checked=$((checked + 1))
}

bad() {
	checked=$((checked + 1))
	failed=$((failed + 1))
	echo "$tally_name: $*"
}

# check WHAT STATUS: passed when STATUS is 0; else bad WHAT, followed by
# what the step left in $tmp/out and $tmp/err, indented.
check() {
	if [ "$2" = 0 ]; then
		ok
	else
		bad "$1"
		sed 's/^/    /' "$tmp/out" "$tmp/err" 2>/dev/null
	fi
}

tally_end() {
	echo "$tally_name: $checked checked, $failed failed"
	[ "$failed" -eq 0 ]
}
