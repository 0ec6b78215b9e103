#!/bin/sh
# Benchmark detect.  Targets: off a cloud at most 3 ms median per process
# with no connect; against fakemeta with 5 ms of latency per request, GCE
# at most 1.3 latencies + 3 ms and EC2 at most 2.3 latencies + 3 ms.
set -eu

mqplan=${1:-./mqplan}
spawn=obj/tests/bench/spawn
fake=obj/tests/fakemeta
tmp=$(mktemp -d)
pids=""
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$tmp"' \
    EXIT INT TERM
unset GCE_METADATA_HOST GCE_METADATA_IP NO_GCE_CHECK \
    AWS_EC2_METADATA_SERVICE_ENDPOINT AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE \
    AWS_EC2_METADATA_DISABLED AWS_EC2_METADATA_V1_DISABLED

start() {
	"$fake" -L 120 "$@" >"$tmp/port" &
	pids="$pids $!"
	while [ ! -s "$tmp/port" ]; do sleep 0.02; done
	port=$(cat "$tmp/port")
	: >"$tmp/port"
}

echo "mqplan detect (wall time per process)"
printf '%-44s ' "off a cloud (laptop fixture), 300 runs"
MQPLAN_SYSFS_ROOT=tests/data/sysfs/laptop "$spawn" 300 "$mqplan" detect
if command -v strace >/dev/null 2>&1; then
	n=$(MQPLAN_SYSFS_ROOT=tests/data/sysfs/laptop strace -f -e \
	    trace=socket,connect "$mqplan" detect 2>&1 >/dev/null |
	    grep -c -E '^(\[pid +[0-9]+\] )?(socket|connect)\(' || true)
	printf '%-44s socket and connect calls: %s\n' "" "$n"
fi

start -m gce -l 5
printf '%-44s ' "GCE fake, 5 ms per request, 100 runs"
MQPLAN_SYSFS_ROOT=tests/data/sysfs/gce-virtio \
    GCE_METADATA_HOST=127.0.0.1:$port "$spawn" 100 "$mqplan" detect
printf '%-44s ' ""
MQPLAN_SYSFS_ROOT=tests/data/sysfs/gce-virtio \
    GCE_METADATA_HOST=127.0.0.1:$port obj/tests/detect_loop 100
start -m imds -l 5 -n 2
printf '%-44s ' "IMDSv2 fake, 5 ms per request, 100 runs"
MQPLAN_SYSFS_ROOT=tests/data/sysfs/ec2-nitro \
    AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:$port \
    "$spawn" 100 "$mqplan" detect
printf '%-44s ' ""
MQPLAN_SYSFS_ROOT=tests/data/sysfs/ec2-nitro \
    AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:$port \
    obj/tests/detect_loop 100
