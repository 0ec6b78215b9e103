#!/bin/sh
# tools/eni-limits.sh: the rows it writes from a file in limits.go's shape
# (sorted for bsearch(), total, cards and the most on one card, the source
# naming the commit and the file's date); a type without figures, no type
# and a bad commit are refused; the checked-in table has the figures the
# built-in lookup gives (mqplan catalog).
set -u

mqplan=${1:-./mqplan}
data=tests/data/eni-limits
tally_name=eni-limits
. tests/lib/tally.sh

sh tools/eni-limits.sh "$data/limits.go" 0123abc >"$tmp/out" 2>"$tmp/err"
check "a good file is read" $?
grep '^	{ "' "$tmp/out" >"$tmp/rows"
printf '\t{ "%s", %s },\n' "aa1.metal" "7, 1, 7" "aa1.metal-48xl" \
    "30, 2, 15" "zz9.large" "3, 1, 3" >"$tmp/want"
cmp -s "$tmp/rows" "$tmp/want"
check "rows sorted by name with total, cards, most on one card" $?
grep -q '^static const char eni_limits_from\[\] = "aws/amazon-vpc-resource-controller-k8s pkg/aws/vpc/limits.go @ 0123abc (generated 2026-01-02T03:04:05Z from DescribeInstanceTypes)";$' \
    "$tmp/out"
check "the source names the repository, path, commit and date" $?

sh tools/eni-limits.sh "$data/bad.go" 0123abc >"$tmp/out" 2>"$tmp/err"
[ $? = 1 ] && [ ! -s "$tmp/out" ] && grep -q "xx1.large" "$tmp/err"
check "a type without figures is refused, naming it" $?
: >"$tmp/empty.go"
sh tools/eni-limits.sh "$tmp/empty.go" 0123abc >"$tmp/out" 2>"$tmp/err"
[ $? = 1 ] && [ ! -s "$tmp/out" ]
check "a file without types is refused" $?
sh tools/eni-limits.sh "$data/limits.go" 'HEAD; rm' >"$tmp/out" 2>"$tmp/err"
[ $? = 2 ] && [ ! -s "$tmp/out" ]
check "a commit that is not hex is refused" $?

# The checked-in table is what the lookup gives: a one-card and a
# four-card type, against their rows.
for t in m5.large p4d.24xlarge; do
	row=$(grep "^	{ \"$t\", " platforms/aws/eni_limits.inc)
	"$mqplan" catalog --format json "$t" >"$tmp/out" 2>"$tmp/err" &&
	    python3 -c '
import json, sys
t = json.load(sys.stdin)[0]
print("\t{ \"%s\", %d, %d, %d }," % (t["name"], t["max_nics"],
    t["network_cards"], t["card_max_nics"]))' <"$tmp/out" >"$tmp/got" &&
	    [ "$(cat "$tmp/got")" = "$row" ]
	check "$t: catalog gives its row ($row)" $?
done

tally_end
