#!/bin/sh
# --emit for several interfaces must be a request the cloud can parse:
# for 1, 2 and 3 NICs, with and without --network/--subnet, the gce-api
# output and the JSON inside aws-cli's --network-interfaces '...' parse
# (python3's json), and every interface carries what its cloud needs:
# GCE nicType, queueCount and, after the first, network and subnetwork
# (the flag's value or a capitalised placeholder); AWS DeviceIndex 0..N-1,
# EnaQueueCount and, with several interfaces, SubnetId; on types with
# several network cards, NetworkCardIndex as AWS's guide places them.  gcloud's flags
# are split as a shell splits them, one --network-interface per NIC.
# Each run is bounded by timeout(1).
set -u

mqplan=${1:-./mqplan}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
checked=0
failed=0

# run FORMAT NICS [FLAGS...]: mqplan's stdout into $tmp/out; 0 if it
# exited 0 within 10 s.
run() {
	emit=$1 n=$2
	shift 2
	case $emit in
	aws-cli) type="--instance-type m6i.4xlarge" ;;
	*)	 type="--machine-type n2-standard-32" ;;
	esac
	# shellcheck disable=SC2086
	NO_COLOR=1 timeout 10 "$mqplan" plan $type --nics "$n" "$@" \
	    --emit "$emit" >"$tmp/out" 2>"$tmp/err" </dev/null
}

# check FORMAT NICS PLACED [FLAGS...]: PLACED is "flags" when the flags
# name every interface's network or subnet, "none" otherwise.
check() {
	emit=$1 n=$2 placed=$3
	shift 3
	checked=$((checked + 1))
	run "$emit" "$n" "$@"
	rc=$?
	if [ "$rc" != 0 ]; then
		echo "FAIL --emit $emit --nics $n $*: exit status $rc"
		cat "$tmp/err"
		failed=$((failed + 1))
		return
	fi
	if ! python3 - "$emit" "$n" "$placed" "$tmp/out" <<'EOF'
import json, shlex, sys

emit, n, placed, path = sys.argv[1], int(sys.argv[2]), sys.argv[3], \
    sys.argv[4]
text = open(path).read()

def fail(msg):
	print("FAIL --emit %s --nics %d (%s): %s" % (emit, n, placed, msg))
	print(text)
	sys.exit(1)

if emit == "gce-api":
	ifs = json.loads(text)["networkInterfaces"]
	if len(ifs) != n:
		fail("%d networkInterfaces" % len(ifs))
	for i, o in enumerate(ifs):
		if o.get("nicType") != "VIRTIO_NET" or \
		    not isinstance(o.get("queueCount"), int):
			fail("interface %d: nicType/queueCount %r" % (i, o))
		if i == 0:
			continue
		if placed == "flags":
			if o.get("network") != "global/networks/net%d" % (i + 1):
				fail("interface %d: network %r" % (i, o))
			if o.get("subnetwork") != \
			    "regions/r1/subnetworks/sub%d" % (i + 1):
				fail("interface %d: subnetwork %r" % (i, o))
		elif "EN%d_NETWORK" % (i + 1) not in o.get("network", "") or \
		    "EN%d_SUBNET" % (i + 1) not in o.get("subnetwork", ""):
			fail("interface %d: no placeholders %r" % (i, o))
elif emit == "aws-cli":
	words = shlex.split(text.replace("\\\n", " "))
	k = words.index("--network-interfaces")
	ifs = json.loads(words[k + 1])
	if len(ifs) != n:
		fail("%d NetworkInterfaces" % len(ifs))
	for i, o in enumerate(ifs):
		if o.get("DeviceIndex") != i or \
		    not isinstance(o.get("EnaQueueCount"), int):
			fail("interface %d: DeviceIndex/EnaQueueCount %r" %
			    (i, o))
		if placed == "flags":
			want = "subnet-%d" % (i + 1)
		elif n > 1:
			want = "EN%d_SUBNET_ID" % (i + 1)
		else:
			want = None
		if o.get("SubnetId") != want:
			fail("interface %d: SubnetId %r, want %r" % (i, o, want))
else:
	words = shlex.split(text.replace("\\\n", " "))
	nics = [w for w in words if w.startswith("--network-interface=")]
	if len(nics) != n:
		fail("%d --network-interface flags" % len(nics))
	for i, w in enumerate(nics):
		kv = dict(p.split("=", 1) for p in w.split("=", 1)[1].split(","))
		if kv.get("nic-type") != "VIRTIO_NET" or \
		    not kv.get("queue-count", "").isdigit():
			fail("interface %d: %s" % (i, w))
		if i == 0:
			continue
		if placed == "flags":
			want = ("net%d" % (i + 1), "sub%d" % (i + 1))
		else:
			want = ("EN%d_NETWORK" % (i + 1), "EN%d_SUBNET" % (i + 1))
		if (kv.get("network"), kv.get("subnet")) != want:
			fail("interface %d: %s, want network=%s,subnet=%s" %
			    ((i, w) + want))
EOF
	then
		failed=$((failed + 1))
	fi
}

for n in 1 2 3; do
	gce_flags="" gapi_flags="" aws_flags=""
	i=1
	while [ "$i" -le "$n" ]; do
		aws_flags="$aws_flags --subnet en$i=subnet-$i"
		if [ "$i" -gt 1 ]; then
			gce_flags="$gce_flags --network en$i=net$i"
			gce_flags="$gce_flags --subnet en$i=sub$i"
			gapi_flags="$gapi_flags --network en$i=global/networks/net$i"
			gapi_flags="$gapi_flags --subnet en$i=regions/r1/subnetworks/sub$i"
		fi
		i=$((i + 1))
	done
	check gcloud "$n" none
	check gce-api "$n" none
	check aws-cli "$n" none
	# shellcheck disable=SC2086
	check gcloud "$n" flags $gce_flags
	# shellcheck disable=SC2086
	check gce-api "$n" flags $gapi_flags
	# shellcheck disable=SC2086
	check aws-cli "$n" flags $aws_flags
done

# cards TYPE NICS CARDS PER_CARD: on a type with several network cards
# each entry names its NetworkCardIndex as AWS's guide to them says
# (docs.aws.amazon.com/AWSEC2/latest/UserGuide/efa-acc-inst-types.html):
# the primary on card 0 at DeviceIndex 0, each next interface on the next
# unused card at DeviceIndex 1; no card past the type's, none holding more
# than the type allows, no (card, device) pair twice.
cards() {
	checked=$((checked + 1))
	NO_COLOR=1 timeout 10 "$mqplan" plan --instance-type "$1" --nics "$2" \
	    --emit aws-cli >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	if [ "$rc" != 0 ]; then
		echo "FAIL --emit aws-cli $1 --nics $2: exit status $rc"
		cat "$tmp/err"
		failed=$((failed + 1))
		return
	fi
	python3 - "$@" "$tmp/out" <<'EOF' || failed=$((failed + 1))
import collections, json, shlex, sys

typ, n, cards, per = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), \
    int(sys.argv[4])
text = open(sys.argv[5]).read()

def fail(msg):
	print("FAIL --emit aws-cli %s --nics %d: %s" % (typ, n, msg))
	print(text)
	sys.exit(1)

words = shlex.split(text.replace("\\\n", " "))
ifs = json.loads(words[words.index("--network-interfaces") + 1])
at = [(o.get("NetworkCardIndex"), o.get("DeviceIndex")) for o in ifs]
if len(ifs) != n:
	fail("%d entries" % len(ifs))
if at[0] != (0, 0):
	fail("the primary is at %r" % (at[0],))
if len(set(at)) != n:
	fail("a (card, device) pair twice")
if any(c is None or not 0 <= c < cards for c, d in at):
	fail("a card outside 0..%d" % (cards - 1))
if any(c > 0 and d < 1 for c, d in at):
	fail("device index 0 on a card other than 0")
if max(collections.Counter(c for c, d in at).values()) > per:
	fail("a card holds more than %d" % per)
first = [c for c, d in at[:min(n, cards)]]
if first != list(range(len(first))):
	fail("the first interfaces are not on cards 0, 1, ...: %r" % first)
EOF
}

cards c6in.32xlarge 2 2 8
cards c6in.32xlarge 9 2 8
cards c6in.32xlarge 16 2 8
cards p5.48xlarge 32 32 2
cards trn1.32xlarge 12 8 5

echo "emit-json: $checked checked, $failed failed"
[ "$failed" = 0 ]
