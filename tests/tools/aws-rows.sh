#!/bin/sh
# tools/aws-rows: the checked-in EC2 rows are what it makes of the checked-in
# describe-instance-types output; rows made from the test catalogs give
# mqplan (obj/tests/rows/mqplan, built by make check) the same figures as
# --catalog of the same files; --catalog still wins over them; bad input is
# refused with one line naming the file.
set -u

mqplan=${1:-./mqplan}
rows_mqplan=obj/tests/rows/mqplan
tool=obj/tools/aws-rows
data=tests/data/catalog
tally_name=aws-rows
. tests/lib/tally.sh

# The checked-in rows are up to date with their source file and note.
note=$(sed -n 's/^static const char api_rows_from\[\] = "\(.*\)";$/\1/p' \
    platforms/aws/api_rows.inc)
"$tool" -n "$note" platforms/aws/api_rows.json >"$tmp/out" 2>"$tmp/err" &&
    cmp -s "$tmp/out" platforms/aws/api_rows.inc
check "platforms/aws/api_rows.inc is what make aws-rows writes" $?

# The figures a row gives are --catalog's figures for the same type.
figures() {
	python3 -c '
import json, sys
t = json.load(sys.stdin)[0]
keys = ("name", "vcpus", "nics", "hypervisor", "bare_metal",
    "ena_default_queues", "ena_max_queues", "ena_card_max_queues",
    "flexible_ena_queues", "max_nics", "network_cards", "card_max_nics")
print(json.dumps([t[k] for k in keys]))
p = t["provenance"]
print(json.dumps([p[k] and p[k]["basis"] for k in
    ("vcpus", "nics", "ena_queues", "max_nics")]))
'
}
for pair in aws-instance-types.json:m7i.large aws-instance-types.json:t2.micro \
    aws-ena-derived.json:c7i.2xlarge aws-network-cards.json:c6in.32xlarge; do
	file=$data/${pair%%:*}
	type=${pair#*:}
	"$rows_mqplan" catalog --format json "$type" 2>"$tmp/err" | figures \
	    >"$tmp/rows" &&
	    "$mqplan" catalog --catalog "$file" --format json "$type" \
	    2>>"$tmp/err" | figures >"$tmp/file" &&
	    cmp -s "$tmp/rows" "$tmp/file"
	rc=$?
	cat "$tmp/rows" "$tmp/file" >"$tmp/out"
	check "row of $type says what --catalog $file says" $rc
	"$rows_mqplan" catalog --format json "$type" 2>/dev/null |
	    grep -q '"source": "aws ec2 describe-instance-types (test fixtures)'
	check "row of $type names the rows' note as its source" $?
done

# A type the rows do not have is looked up as before.
"$rows_mqplan" catalog --format json m5.large >"$tmp/out" 2>"$tmp/err" &&
    "$mqplan" catalog --format json m5.large >"$tmp/file" 2>>"$tmp/err" &&
    cmp -s "$tmp/out" "$tmp/file"
check "types without a row unchanged" $?

# --catalog wins over a generated row.
sed 's/"DefaultVCpus": 2,/"DefaultVCpus": 6,/' "$data/aws-instance-types.json" \
    >"$tmp/changed.json"
"$rows_mqplan" catalog --catalog "$tmp/changed.json" m7i.large \
    >"$tmp/out" 2>"$tmp/err" &&
    grep -q '^  vcpus        6 ' "$tmp/out"
check "--catalog wins over the rows" $?

# Refusals: one line naming the file, nothing on standard output.
refused() {
	want=$1
	shift
	"$tool" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ "$rc" = "$want" ] && [ ! -s "$tmp/out" ] &&
	    [ "$(wc -l <"$tmp/err")" = 1 ]
}
refused 1 -n x "$data/gcloud-machine-types.json" &&
    grep -q "gcloud-machine-types.json: not aws ec2 describe-instance-types" \
    "$tmp/err"
check "a gcloud file is refused" $?
refused 1 -n x "$data/truncated.json" &&
    grep -q "^aws-rows: $data/truncated.json:4:0: " "$tmp/err"
check "a truncated file is refused with its line" $?
echo '{"InstanceTypes": []}' >"$tmp/empty.json"
refused 1 -n x "$tmp/empty.json" && grep -q "no instance types" "$tmp/err"
check "no types is refused" $?
refused 1 -n x "$data" && grep -q "not a regular file" "$tmp/err"
check "a directory is refused" $?
refused 2 "$data/aws-ena-derived.json" && grep -q "^usage: " "$tmp/err"
check "no -n is a usage error" $?

tally_end
