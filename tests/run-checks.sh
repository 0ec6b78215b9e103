#!/bin/sh
# Run each Check suite binary given as an argument and sum their results.
# Each binary prints Check's own closing line; this adds one plain line for
# the whole set.  Exit 1 if any suite failed.
set -u

passed=0
failed=0
for t in "$@"; do
	out=$("$t" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	line=$(printf '%s\n' "$out" | grep -E '^[0-9]+%: Checks: ' | tail -n 1)
	n=$(printf '%s\n' "$line" | sed -n 's/.*Checks: \([0-9]*\).*/\1/p')
	f=$(printf '%s\n' "$line" | sed -n 's/.*Failures: \([0-9]*\).*/\1/p')
	e=$(printf '%s\n' "$line" | sed -n 's/.*Errors: \([0-9]*\).*/\1/p')
	if [ -z "$n" ]; then
		echo "run-checks: $t: no Check summary (exit $rc)"
		failed=$((failed + 1))
		continue
	fi
	bad=$((f + e))
	passed=$((passed + n - bad))
	failed=$((failed + bad))
	if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then
		echo "run-checks: $t: exit $rc"
		failed=$((failed + 1))
	fi
done
echo "unit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
