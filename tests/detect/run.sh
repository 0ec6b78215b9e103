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
    grep -q '^zone       us-central1-a$' "$tmp/out"
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
    "$tmp/out" && grep -q "^en2    ena               8          -      4" \
    "$tmp/out"
check "plan --detect on EC2" $?

# An instance with more interfaces than the built-in limit (c5n.xlarge: 4)
# proves the figure wrong: plan --detect warns and plans them all.
start -m imds -n 5
env MQPLAN_SYSFS_ROOT=$sysfs/ec2-nitro \
    AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:$port \
    "$mqplan" plan --detect >"$tmp/out" 2>"$tmp/err"
[ $? = 0 ] && grep -q "^aws c5n.xlarge: 4 vCPUs, 5 network interfaces" \
    "$tmp/out" && grep -q "^mqplan: warning: this instance has 5 network \
interfaces, so this figure is wrong: c5n.xlarge allows at most 4 network \
interfaces, not 5 (published: " "$tmp/err"
check "plan --detect above the built-in NIC limit warns" $?

# An EFA is an ENA to the planner, in detect's prediction and in --detect
# alike (the one mapping in cli/target.c).
cp -R "$sysfs/ec2-nitro" "$tmp/efa"
echo 0xefa1 >"$tmp/efa/devices/pci0000:00/0000:00:06.0/device"
start -m imds -n 2
env MQPLAN_SYSFS_ROOT="$tmp/efa" \
    AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:$port \
    "$mqplan" detect >"$tmp/out" 2>"$tmp/err"
[ $? = 0 ] && grep -Eq '^ens6 +efa +ena +1d0f:efa1 +4 +- +8$' "$tmp/out"
check "detect predicts an EFA's queues by the ENA rule" $?
env MQPLAN_SYSFS_ROOT="$tmp/efa" \
    AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:$port \
    "$mqplan" plan --detect >"$tmp/out" 2>"$tmp/err"
[ $? = 0 ] && grep -q "^en2    ena               8          -      4" \
    "$tmp/out"
check "plan --detect plans an EFA as an ENA" $?

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

# A metadata service that fails is not a usage error: plan --detect and
# apply --detect exit 1, as detect does, naming the endpoint, and apply
# leaves the config alone.
# The message says what happened: never "Out of memory" for a long header,
# never a token cut at a NUL.
for case in "gce silent Timeout was reached" \
    "gce no-flavor lacks Metadata-Flavor: Google" \
    "gce long-header response headers longer than 16384 bytes" \
    "gce huge-header response headers longer than 16384 bytes" \
    "imds silent did not answer: Timeout was reached" \
    "imds oversize answer larger than 65536 bytes" \
    "imds huge-header response headers longer than 16384 bytes" \
    "imds nul-token the token answer holds a NUL byte; refused rather than cut" \
    "imds redirect redirect (302) not followed"; do
	set -- $case
	mode=$1 fault=$2
	shift 2
	why="$*"
	set -- "$mode" "$fault"
	start -m "$1" -f "$2"
	if [ "$1" = gce ]; then
		set -- gce-virtio GCE_METADATA_HOST=127.0.0.1:$port "$2"
		url=http://127.0.0.1:$port/computeMetadata/v1/
	else
		set -- ec2-nitro \
		    AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:$port "$2"
		url=http://127.0.0.1:$port/latest/
	fi
	printf '{"CloudConfig": {"Platform": "aws", "Flavor": "t2.micro"}}\n' \
	    >"$tmp/config.json"
	cp "$tmp/config.json" "$tmp/before.json"
	env MQPLAN_SYSFS_ROOT=$sysfs/$1 "$2" "$mqplan" plan --detect \
	    >"$tmp/out" 2>"$tmp/err"
	plan_status=$?
	grep -q "^mqplan: --detect: $url" "$tmp/err"
	plan_named=$?
	env MQPLAN_SYSFS_ROOT=$sysfs/$1 "$2" "$mqplan" apply --detect \
	    -c "$tmp/config.json" >"$tmp/out" 2>>"$tmp/err"
	[ $? = 1 ] && [ $plan_status = 1 ] && [ $plan_named = 0 ] &&
	    [ "$(grep -c "^mqplan: --detect: $url" "$tmp/err")" = 2 ] &&
	    [ "$(grep -cF "$why" "$tmp/err")" = 2 ] &&
	    cmp -s "$tmp/config.json" "$tmp/before.json"
	check "plan and apply --detect, $3 metadata: exit 1, '$why'" $?
done

# What the metadata service says of the instance, each with its name.
start -m imds -n 2
detect ec2-xen AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:$port
[ $status = 0 ] && grep -q '^region     us-east-1$' "$tmp/out" &&
    grep -q '^zone       us-east-1a$' "$tmp/out" &&
    grep -q '^instance   i-0af01c0123456789a$' "$tmp/out" &&
    grep -q '^DEVICE     MAC                CARD   INTERFACE-ID$' "$tmp/out" &&
    grep -q '^0          0e:49:61:0f:c3:11  0      eni-0a1b2c3d4e5f60000$' \
    "$tmp/out" &&
    grep -q '^1          0e:49:61:0f:c3:12  0      eni-0a1b2c3d4e5f60001$' \
    "$tmp/out" && ! grep -q location "$tmp/out"
check "imds: region, zone, instance id and each interface" $?

# On Nitro the instance id is DMI's board_asset_tag, endpoint set or not.
detect ec2-nitro AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:$port
[ $status = 0 ] && grep -q '^instance   i-0af01c0123456789a$' "$tmp/out" &&
    grep -q '^hypervisor nitro$' "$tmp/out"
check "nitro with an endpoint: DMI still read" $?

env MQPLAN_SYSFS_ROOT=$sysfs/ec2-xen \
    AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:$port \
    "$mqplan" detect --format json >"$tmp/out" 2>"$tmp/err"
[ $? = 0 ] && grep -q '"region": "us-east-1",' "$tmp/out" &&
    grep -q '"zone": "us-east-1a",' "$tmp/out" &&
    grep -q '"instance_id": "i-0af01c0123456789a",' "$tmp/out" &&
    grep -q '"interface_count": 2,' "$tmp/out" &&
    grep -q '"device_number": 1,' "$tmp/out" &&
    grep -q '"network_card": 0,' "$tmp/out" &&
    grep -q '"interface_id": "eni-0a1b2c3d4e5f60001"' "$tmp/out"
check "imds as JSON" $?

start -m gce -n 2 -q GVNIC:4
detect gce-gvnic GCE_METADATA_HOST=127.0.0.1:$port
[ $status = 0 ] && grep -q '^region     us-central1$' "$tmp/out" &&
    grep -q '^zone       us-central1-a$' "$tmp/out" &&
    grep -q '^instance   4520031799277581759$' "$tmp/out" &&
    grep -q '^1          42:01:0a:80:00:03  default        GVNIC        4$' \
    "$tmp/out"
check "gce: region from the zone, instance id and each interface" $?

env MQPLAN_SYSFS_ROOT=$sysfs/gce-gvnic GCE_METADATA_HOST=127.0.0.1:$port \
    "$mqplan" detect --format yaml >"$tmp/out" 2>"$tmp/err"
[ $? = 0 ] && grep -q '^  - index: 1$' "$tmp/out" &&
    grep -q '^    nic_type: GVNIC$' "$tmp/out" &&
    grep -q '^    queue_count: 4$' "$tmp/out" &&
    grep -q '^    network: default$' "$tmp/out"
check "gce interfaces as YAML" $?

# Online CPUs not readable: the instance type's vCPUs, said so.
start -m gce -n 1
detect gce-nocpus GCE_METADATA_HOST=127.0.0.1:$port
[ $status = 0 ] && grep -q '^vcpus      8 (instance type n2-standard-8; '\
'online CPUs not known)$' "$tmp/out"
check "vcpus from the instance type" $?
env MQPLAN_SYSFS_ROOT=$sysfs/gce-nocpus GCE_METADATA_HOST=127.0.0.1:$port \
    "$mqplan" detect --format json >"$tmp/out" 2>"$tmp/err"
[ $? = 0 ] && grep -q '"vcpus": 8,' "$tmp/out" &&
    grep -q '"vcpus_source": "instance-type",' "$tmp/out" &&
    grep -q '"online_cpus": null,' "$tmp/out" &&
    grep -q '"type_vcpus": 8,' "$tmp/out"
check "vcpus from the instance type, JSON" $?

# A machine type, DMI values and errors that would forge lines, drive the
# terminal or break JSON: escaped in text, valid UTF-8 in JSON and YAML.
esc=$(printf '\033')
ff=$(printf '\377')
start -m gce -n 1 -t 'n2-standard-8\u001b[2J\n::error::forged'
detect gce-virtio GCE_METADATA_HOST=127.0.0.1:$port
[ $status = 0 ] &&
    grep -qF 'type       "n2-standard-8\x1b[2J\n::error::forged"' "$tmp/out" &&
    ! grep -q "$esc" "$tmp/out" && ! grep -q '^::error' "$tmp/out"
check "gce machine type escaped" $?
for format in json yaml; do
	env MQPLAN_SYSFS_ROOT=$sysfs/gce-virtio \
	    GCE_METADATA_HOST=127.0.0.1:$port \
	    "$mqplan" detect --format $format >"$tmp/out" 2>"$tmp/err"
	[ $? = 0 ] && [ ! -s "$tmp/err" ] && ! grep -q "$esc" "$tmp/out" &&
	    grep -q 'n2-standard-8' "$tmp/out"
	check "gce machine type in $format" $?
done
# plan and apply --detect name such a type only escaped, and refuse it:
# the metadata service did not answer as it should (1).
for cmd in "plan --detect" "apply --detect -c $tmp/config.json"; do
	env MQPLAN_SYSFS_ROOT=$sysfs/gce-virtio \
	    GCE_METADATA_HOST=127.0.0.1:$port \
	    "$mqplan" $cmd >"$tmp/out" 2>"$tmp/err"
	[ $? = 1 ] && ! grep -q "$esc" "$tmp/err" &&
	    ! grep -q '^::error' "$tmp/err" &&
	    grep -qF 'mqplan: --detect: the metadata service gives the instance type "n2-standard-8\x1b[2J\n::error::forged", which is not a type name' \
	    "$tmp/err"
	check "${cmd%% -c*}: metadata machine type escaped and refused" $?
done
# From DMI, with no metadata asked: bad input (2).
env MQPLAN_SYSFS_ROOT=$sysfs/ec2-hostile AWS_EC2_METADATA_DISABLED=true \
    "$mqplan" plan --detect >"$tmp/out" 2>"$tmp/err"
[ $? = 2 ] && ! grep -q "$esc" "$tmp/err" &&
    grep -qF 'DMI product_name gives the instance type "c5n.xlarge\x1b[2J\xff"' \
    "$tmp/err"
check "plan --detect: DMI instance type escaped and refused" $?

# The endpoint is in every message about it: escaped there too.
detect gce-virtio "GCE_METADATA_HOST=127.0.0.1:9$esc[2J"
[ $status = 1 ] &&
    grep -qF 'mqplan: detect: http://127.0.0.1:9\x1b[2J/computeMetadata/' \
    "$tmp/err" && ! grep -q "$esc" "$tmp/err" &&
    grep -qF 'metadata   "http://127.0.0.1:9\x1b[2J/computeMetadata/v1/"' \
    "$tmp/out" && ! grep -q "$esc" "$tmp/out"
check "metadata endpoint and error escaped" $?

# Every C0 control and DEL in a DMI value: escaped, one line, no raw byte.
cp -R "$sysfs/ec2-nitro" "$tmp/sysfs"
bad=0
for c in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 \
    26 27 28 29 30 31 127; do
	case $c in
	9) want='\t' ;;
	10) want='\n' ;;
	13) want='\r' ;;
	*) want=$(printf '\\x%02x' "$c") ;;
	esac
	printf "c5n.x$(printf '\\%03o' "$c")large\n" \
	    >"$tmp/sysfs/class/dmi/id/product_name"
	env MQPLAN_SYSFS_ROOT="$tmp/sysfs" AWS_EC2_METADATA_DISABLED=true \
	    "$mqplan" detect >"$tmp/out" 2>"$tmp/err" &&
	    grep -qxF "type       \"c5n.x${want}large\"" "$tmp/out" &&
	    [ "$(LC_ALL=C tr -d '\n -~' <"$tmp/out" | wc -c)" = 0 ] ||
	    { echo "    control $c"; bad=1; }
done
[ $bad = 0 ]
check "each control character in DMI escaped" $?

# A value the SDKs would refuse is a usage error (2), shown escaped.
for cmd in detect "plan --detect"; do
	env MQPLAN_SYSFS_ROOT=$sysfs/laptop \
	    "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=ipv4$esc[2J" \
	    "$mqplan" $cmd >"$tmp/out" 2>"$tmp/err"
	[ $? = 2 ] && ! grep -q "$esc" "$tmp/err" &&
	    grep -qF "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE 'ipv4\x1b[2J' is" \
	    "$tmp/err"
	check "$cmd: a bad environment value escaped" $?
done

env MQPLAN_SYSFS_ROOT=$sysfs/ec2-hostile AWS_EC2_METADATA_DISABLED=true \
    "$mqplan" detect --explain >"$tmp/out" 2>"$tmp/err"
[ $? = 0 ] && ! grep -q "$esc" "$tmp/out" && ! grep -q "$ff" "$tmp/out" &&
    ! grep -q '^::error' "$tmp/out" &&
    grep -qF 'DMI bios_version                         \xff\n::error::forged' \
    "$tmp/out"
check "DMI values escaped in --explain" $?
for format in json yaml; do
	env MQPLAN_SYSFS_ROOT=$sysfs/ec2-hostile AWS_EC2_METADATA_DISABLED=true \
	    "$mqplan" detect --explain --format $format >"$tmp/out" \
	    2>"$tmp/err"
	[ $? = 0 ] && ! grep -q "$ff" "$tmp/out" &&
	    grep -q "$(printf '\357\277\275')" "$tmp/out"
	check "DMI 0xFF as U+FFFD in $format --explain" $?
done

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

# The real path, end to end: detect with MQPLAN_SYSFS_ROOT unset, so it
# reads /sys and asks the kernel ETHTOOL_GCHANNELS, against the rule's
# figure.  tests/detect/netns.sh runs inside a network and mount namespace
# made here: a fixture bind-mounted over /sys there only, a veth pair
# named as each of its interfaces (veth reports its queues as maxima),
# fakemeta on that namespace's 127.0.0.1.  Both go when it exits.  A
# machine where the namespace cannot be made fails this check.
cp -R "$sysfs/ec2-nitro" "$tmp/nitro"
cp -R "$sysfs/gce-virtio" "$tmp/virtio"
ns_broken=
# netns TREE RX/TX MODE [fakemeta options]: $status is detect's text and
# JSON exit statuses; false when the namespace was not made.
netns() {
	tree=$1
	shift
	rm -rf "$tmp/ns"
	mkdir "$tmp/ns"
	: >"$tmp/out"
	: >"$tmp/err"
	[ -z "$ns_broken" ] || return 1
	timeout -k 2 20 unshare --net --mount sh tests/detect/netns.sh \
	    "$mqplan" "$tree" "$tmp/ns" "$@" >"$tmp/ns/setup" 2>&1
	if [ ! -e "$tmp/ns/ready" ]; then
		ns_broken=$(head -n 1 "$tmp/ns/setup")
		echo "FAIL detect real path: cannot make a network and mount" \
		    "namespace with a veth pair here (${ns_broken:-unshare" \
		    "gave no reason})"
		failed=$((failed + 1))
		return 1
	fi
	cat "$tmp/ns/text" "$tmp/ns/json" >"$tmp/out" 2>/dev/null
	cat "$tmp/ns/setup" "$tmp/ns/err" >"$tmp/err" 2>/dev/null
	status=$(tr '\n' ' ' <"$tmp/ns/status" 2>/dev/null)
	return 0
}
rule8='aws/ena default: ENA queues per interface = 8 (guess)'
src8='ENA Linux best practices (amzn/amzn-drivers ENA_Linux_Best_Practices.rst): 8 per interface on most types, 32 on network-accelerated ones'
wrong='plan with a policy file meanwhile (mqplan-policy(5)) and report it (mqplan(1), detect)'

# (1) The device has more than the rule says: both interfaces name the
# rule step and its source.
if netns "$tmp/nitro" 16/16 imds -n 2 -t c5.4xlarge; then
	for nic in ens5 ens6; do
		[ "$status" = "0 0 " ] &&
		    grep -qx "$nic       ena         ena         1d0f:ec20       4     16      8" \
		    "$tmp/ns/text" &&
		    grep -qxF "$nic: the device's maximum, 16, differs from the 8 the aws rule predicts ($rule8; source: $src8): the rule is wrong for c5.4xlarge; $wrong" \
		    "$tmp/ns/text"
		check "real path, $nic: 16 queues where the rule says 8" $?
	done
	[ "$(grep -c '"rule_check": "differs",' "$tmp/ns/json")" = 2 ] &&
	    [ "$(grep -c '"max_queues": 16,' "$tmp/ns/json")" = 2 ] &&
	    [ "$(grep -cxF "      \"rule\": \"$rule8\"," "$tmp/ns/json")" = 2 ] &&
	    [ "$(grep -cxF "      \"rule_source\": \"$src8\"" \
	    "$tmp/ns/json")" = 2 ]
	check "real path, JSON: max_queues, rule_check, rule, rule_source" $?
fi

# (2) As many as the rule says: agreement, no report asked for.
if netns "$tmp/nitro" 8/8 imds -n 2 -t c5.4xlarge; then
	[ "$status" = "0 0 " ] &&
	    grep -qxF "ens5: the device's maximum, 8, is what the aws rule predicts" \
	    "$tmp/ns/text" &&
	    grep -qxF "ens6: the device's maximum, 8, is what the aws rule predicts" \
	    "$tmp/ns/text" && ! grep -q "differs\|rule is wrong" "$tmp/ns/text" &&
	    [ "$(grep -c '"rule_check": "agrees",' "$tmp/ns/json")" = 2 ]
	check "real path: 8 queues where the rule says 8, no disagreement" $?
fi

# (3) A device that counts rx and tx apart offers as many pairs as the
# smaller: 16 rx and 8 tx is 8 pairs, what the rule says.
if netns "$tmp/nitro" 16/8 imds -n 2 -t c5.4xlarge; then
	[ "$status" = "0 0 " ] &&
	    grep -qx "ens5       ena         ena         1d0f:ec20       4      8      8" \
	    "$tmp/ns/text" &&
	    grep -qxF "ens5: the device's maximum, 8, is what the aws rule predicts" \
	    "$tmp/ns/text" && ! grep -q "differs" "$tmp/ns/text" &&
	    [ "$(grep -c '"max_queues": 8,' "$tmp/ns/json")" = 2 ]
	check "real path: 16 rx and 8 tx queues are 8 pairs" $?
fi

# (4) Linux's ena driver reports at most the online CPUs (4 here): a
# maximum of 4 where the rule says 8 does not make the rule wrong.
if netns "$tmp/nitro" 4/4 imds -n 2 -t c5.4xlarge; then
	[ "$status" = "0 0 " ] &&
	    grep -qxF "ens5: the device's maximum, 4, is the 4 CPUs at which Linux's ena driver stops, below the 8 the aws rule predicts: it cannot tell whether the device has more" \
	    "$tmp/ns/text" && ! grep -q "differs\|rule is wrong" "$tmp/ns/text" &&
	    [ "$(grep -c '"rule_check": "cut-at-cpus",' "$tmp/ns/json")" = 2 ]
	check "real path: ena at the online CPUs, below the rule" $?
fi
# Below the CPUs too, the device has fewer than the rule says.
if netns "$tmp/nitro" 2/2 imds -n 2 -t c5.4xlarge; then
	[ "$status" = "0 0 " ] &&
	    grep -qxF "ens5: the device's maximum, 2, differs from the 8 the aws rule predicts ($rule8; source: $src8): the rule is wrong for c5.4xlarge; $wrong" \
	    "$tmp/ns/text"
	check "real path: ena below the online CPUs and the rule" $?
fi

# (5) GCE: virtio-net on n2-standard-4 with one NIC is 4 by Google's
# formula; a device of 8 says it is wrong for that type.
if netns "$tmp/virtio" 8/8 gce -n 1 -t n2-standard-4; then
	[ "$status" = "0 0 " ] &&
	    grep -qx "ens4       virtio-net  virtio_net  1af4:1000       8      8      4" \
	    "$tmp/ns/text" &&
	    grep -qF "ens4: the device's maximum, 8, differs from the 4 the gcp rule predicts (gcp/virtio-net default: vCPUs / NICs = 4 / 1 = 4; source: gcloud compute instances create --network-interface queue-count help" \
	    "$tmp/ns/text" &&
	    grep -qF "): the rule is wrong for n2-standard-4; $wrong" \
	    "$tmp/ns/text" &&
	    grep -qxF '      "rule": "gcp/virtio-net default: vCPUs / NICs = 4 / 1 = 4",' \
	    "$tmp/ns/json" &&
	    grep -q '"rule_source": "gcloud compute instances create' \
	    "$tmp/ns/json"
	check "real path, gce: virtio-net 8 where the rule says 4" $?
fi

echo "detect: $((passed + failed)) checked, $failed failed"
[ "$failed" -eq 0 ]
