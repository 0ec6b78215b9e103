#!/bin/sh
# mqplan detect against fakemeta on 127.0.0.1 and the sysfs fixtures:
# what it learns, its fallbacks, that it gives up inside its budget naming
# the endpoint, and that off a cloud it opens no socket at all.  Never any
# other address: every case points the tool at the fake or disables the
# metadata service.
set -u

mqplan=${1:-./mqplan}
fake=obj/tests/fakemeta
nosocket=$(realpath obj/tests/nosocket.so)
sysfs=tests/data/sysfs
tmp=$(mktemp -d)
pids=""
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$tmp"' \
    EXIT INT TERM
passed=0
failed=0
unset GCE_METADATA_HOST GCE_METADATA_IP NO_GCE_CHECK \
    AWS_EC2_METADATA_SERVICE_ENDPOINT AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE \
    AWS_EC2_METADATA_DISABLED AWS_EC2_METADATA_V1_DISABLED MQPLAN_SYSFS_ROOT
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

check() {
	if [ "$2" = 0 ]; then
		passed=$((passed + 1))
	else
		echo "FAIL detect $1"
		sed 's/^/    /' "$tmp/out" "$tmp/err" 2>/dev/null
		failed=$((failed + 1))
	fi
}

# Starts fakemeta with the given arguments; sets $port.
start() {
	"$fake" -L 10 "$@" >"$tmp/port" &
	pids="$pids $!"
	i=0
	while [ ! -s "$tmp/port" ] && [ $i -lt 50 ]; do
		sleep 0.02
		i=$((i + 1))
	done
	port=$(cat "$tmp/port")
	: >"$tmp/port"
}

ms() {
	echo $(($(date +%s%N) / 1000000))
}

# detect FIXTURE [env ...]: runs detect, sets $status and $took (ms).
detect() {
	fixture=$1
	shift
	t=$(ms)
	env MQPLAN_SYSFS_ROOT="$sysfs/$fixture" "$@" "$mqplan" detect \
	    >"$tmp/out" 2>"$tmp/err"
	status=$?
	took=$(($(ms) - t))
}

start -m imds -n 2
detect ec2-nitro AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:$port
[ $status = 0 ] && grep -q '^type       c5n.xlarge$' "$tmp/out" &&
    grep -q '^nics       2 (metadata), 2 seen by the guest$' "$tmp/out" &&
    ! grep -q IMDSv1 "$tmp/out"
check "imds v2" $?

start -m imds -n 2 -s 403
detect ec2-nitro AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:$port
[ $status = 0 ] && grep -q "(IMDSv1)" "$tmp/out"
check "imds token 403, v1 fallback" $?

start -m imds -n 2 -s 403
detect ec2-nitro AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:$port \
    AWS_EC2_METADATA_V1_DISABLED=true
[ $status = 1 ] && [ $took -lt 1000 ] &&
    grep -q "IMDSv2 token refused (HTTP 403) and IMDSv1 is disabled" \
    "$tmp/err"
check "imds token 403, v1 disabled" $?

start -m imds -f silent
detect ec2-nitro AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:$port
[ $status = 1 ] && [ $took -lt 1300 ] &&
    grep -q "http://127.0.0.1:$port/latest/api/token did not answer" \
    "$tmp/err"
check "imds silent, inside the budget (${took} ms)" $?

start -m gce -n 1
detect gce-virtio GCE_METADATA_HOST=127.0.0.1:$port
[ $status = 0 ] && grep -q '^type       n2-standard-8$' "$tmp/out" &&
    grep -q '^location   us-central1-a$' "$tmp/out"
check "gce" $?

start -m gce -f no-flavor
detect gce-gvnic GCE_METADATA_HOST=127.0.0.1:$port
[ $status = 1 ] && grep -q "lacks Metadata-Flavor: Google" "$tmp/err"
check "gce without Metadata-Flavor" $?

# --detect gives plan and apply the machine's facts.
start -m imds -n 2
env MQPLAN_SYSFS_ROOT=$sysfs/ec2-nitro \
    AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:$port \
    "$mqplan" plan --detect >"$tmp/out" 2>"$tmp/err"
[ $? = 0 ] && grep -q "^aws c5n.xlarge: 4 vCPUs, 2 network interfaces" \
    "$tmp/out" && grep -q "^en2    ena               4" "$tmp/out"
check "plan --detect on EC2" $?

start -m gce -n 1
printf '{"CloudConfig": {"Platform": "aws", "Flavor": "t2.micro"}}\n' \
    >"$tmp/config.json"
env MQPLAN_SYSFS_ROOT=$sysfs/gce-virtio GCE_METADATA_HOST=127.0.0.1:$port \
    "$mqplan" apply -c "$tmp/config.json" --detect >"$tmp/out" 2>"$tmp/err"
[ $? = 0 ] && grep -q '"io-queues": "8"' "$tmp/config.json"
check "apply --detect takes the machine, not the config" $?

env MQPLAN_SYSFS_ROOT=$sysfs/laptop "$mqplan" plan --detect \
    >"$tmp/out" 2>"$tmp/err"
[ $? = 2 ] && grep -q "^mqplan: --detect: no cloud detected" "$tmp/err"
check "plan --detect off a cloud" $?

# Off a cloud: no socket, and fast.
for fixture in laptop container; do
	detect "$fixture" LD_PRELOAD="$nosocket"
	[ $status = 0 ] && ! grep -q nosocket "$tmp/err" &&
	    grep -q "^platform   none detected" "$tmp/out" && [ $took -lt 500 ]
	check "$fixture: no socket" $?
done
# The shim itself works: a probe is refused and reported.
detect laptop LD_PRELOAD="$nosocket" GCE_METADATA_HOST=127.0.0.1:9
grep -q "nosocket: socket()" "$tmp/err"
check "the no-socket shim sees sockets" $?

# ETHTOOL_GCHANNELS on a real device: a veth pair in a namespace made
# here (veth reports channels), which is removed again.
ns=mqplan-test-$$
if ip netns add "$ns" 2>"$tmp/err"; then
	ip netns exec "$ns" ip link add mq0 type veth peer name mq1 \
	    2>>"$tmp/err" &&
	    ip netns exec "$ns" obj/tests/channels mq0 >"$tmp/out" 2>>"$tmp/err"
	rc=$?
	ip netns del "$ns"
	[ $rc = 0 ] && grep -Eq '^max_rx [1-9][0-9]* max_tx [1-9]' "$tmp/out"
	check "ETHTOOL_GCHANNELS on a veth" $?
else
	check "ETHTOOL_GCHANNELS on a veth (cannot make a namespace)" 1
fi

echo "detect: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
