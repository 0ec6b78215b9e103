# The tally a shell test keeps, and its scratch directory.  Sourced, not
# run, after setting tally_name:
#
#	tally_name=precommit
#	. tests/lib/tally.sh
#
# gives $tmp, a new directory removed when the test exits or is stopped;
# ok and bad WHY... to count a check that passed or failed (bad prints
# "NAME: WHY"); and tally_end, which prints the closing line
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

tally_end() {
	echo "$tally_name: $checked checked, $failed failed"
	[ "$failed" -eq 0 ]
}
