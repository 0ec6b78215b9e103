#!/bin/sh
# Every source mqplan prints (catalog rows, --explain steps) must be one a
# user can look up: a public document, URL or repository, never the
# project's private reference notes (cloud-rules.md, nanos-ops.md,
# virtio-mq.md) or any other .md file a user does not have.
set -u

mqplan=${1:-./mqplan}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
checked=0
failed=0
private='cloud-rules\|nanos-ops\|virtio-mq\|[A-Za-z0-9_-]\.md\b'

# Each built-in type with its sources, and each rule of both clouds with
# every NIC type it has, explained.
run() {
	NO_COLOR=1 "$mqplan" "$@" >"$tmp/out" 2>&1 </dev/null
	checked=$((checked + 1))
	if ! grep -q '"source"' "$tmp/out"; then
		echo "FAIL mqplan $*: no source printed"
		failed=$((failed + 1))
	elif grep -n "$private" "$tmp/out" | head -3 | grep .; then
		echo "FAIL mqplan $*: cites a file users do not have"
		failed=$((failed + 1))
	fi
}

run catalog --format json
for nic in virtio-net gvnic; do
	run plan --machine-type n2-standard-8 --nic "$nic" --explain \
	    --format json
done
run plan --instance-type m6i.large --explain --format json
run plan --instance-type t2.micro --explain --format json
run plan --instance-type m4.large --explain --format json
run plan --instance-type c5n.18xlarge --explain --format json

# The goldens hold what every other command prints.
for f in tests/cli/golden/*.out tests/cli/golden/*.err; do
	checked=$((checked + 1))
	if grep -n "$private" "$f" | head -3 | grep .; then
		echo "FAIL $f: cites a file users do not have"
		failed=$((failed + 1))
	fi
done

echo "sources: $checked checked, $failed failed"
[ "$failed" -eq 0 ]
