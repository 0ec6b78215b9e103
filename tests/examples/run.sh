#!/bin/sh
# Every example in examples/ must be what it claims: each ops config passes
# `mqplan validate --fail-on warning`, `mqplan apply --dry-run` with the
# flags its README row names changes nothing, and the policy loads.  The
# workflow, which runs the action, and the pre-commit config are run by
# tests/action/run.sh and tests/precommit/run.sh.
set -u

mqplan=${1:-./mqplan}
failed=0
n=0

bad() {
	echo "examples: $*"
	failed=$((failed + 1))
}

# The "made with" column of examples/README.md: file and apply flags.
rows=$(sed -n 's/^| \([a-z0-9-]*\.json\) |.*| `mqplan apply -c [^ `]*\([^`]*\)` |$/\1\2/p' \
    examples/README.md)
[ -n "$rows" ] || bad "no rows in examples/README.md"
for f in examples/*.json; do
	echo "$rows" | grep -q "^${f#examples/}" ||
	    bad "$f has no row in examples/README.md"
done
echo "$rows" | while read -r file flags; do
	f=examples/$file
	# shellcheck disable=SC2086
	out=$("$mqplan" apply -c "$f" --dry-run $flags 2>&1) ||
	    { echo "examples: $f: apply --dry-run failed: $out"; exit 1; }
	echo "$out" | grep -q "^$f: up to date$" ||
	    { echo "examples: $f: apply would change it:"; echo "$out";
	    exit 1; }
done || failed=$((failed + 1))
for f in examples/*.json; do
	"$mqplan" validate -q --fail-on warning "$f" >/dev/null ||
	    bad "$f: validate --fail-on warning fails"
	n=$((n + 1))
done
"$mqplan" plan --platform gcp --machine-type n2-standard-8 \
    --policy examples/policy.yaml >/dev/null || bad "policy.yaml does not load"

echo "examples: $n configs and policy checked, $failed failed"
[ "$failed" = 0 ]
