#!/bin/sh
# Benchmark `mqplan plan`: wall time per process over many runs, and the
# instruction count of one run under callgrind (repeatable whatever else
# the machine does).  Target: at most 2 ms per invocation.
set -eu

mqplan=${1:-./mqplan}
runs=${RUNS:-500}
spawn=obj/tests/bench/spawn

bench() {
	label=$1
	shift
	printf '%-44s ' "$label"
	"$spawn" "$runs" "$mqplan" "$@"
	if command -v valgrind >/dev/null 2>&1; then
		ir=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null \
		    "$mqplan" "$@" 2>&1 >/dev/null |
		    sed -n 's/.*Collected : *\([0-9]*\).*/\1/p')
		printf '%-44s instructions %s\n' "" "$ir"
	fi
}

echo "mqplan plan, $runs runs each (wall time per process)"
bench "gcp n2-standard-32 gvnic x2 --explain" plan --platform gcp \
    --machine-type n2-standard-32 --nic gvnic --nics 2 --explain
bench "aws c5n.18xlarge --format json" plan --platform aws \
    --instance-type c5n.18xlarge --format json
bench "gcp n2-standard-64 with policy file" plan --machine-type \
    n2-standard-64 --policy examples/policy.yaml --nics 2
