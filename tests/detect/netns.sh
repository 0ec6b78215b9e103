#!/bin/sh
# Run by tests/detect/run.sh as
#	unshare --net --mount sh tests/detect/netns.sh MQPLAN TREE OUT \
#	    RX/TX MODE [fakemeta options...]
# inside a network and mount namespace of its own: mqplan detect on the
# real path (MQPLAN_SYSFS_ROOT unset), which reads /sys and asks the kernel
# ETHTOOL_GCHANNELS.  Every device-backed interface of the sysfs tree TREE
# becomes a veth pair here with RX receive and TX transmit queues (veth
# reports them as its channel maxima), TREE is bind-mounted over /sys in
# this mount namespace only, and fakemeta serves MODE (imds or gce) on
# this namespace's 127.0.0.1.  Writes OUT/ready once all that is made,
# then detect's text (OUT/text) and JSON (OUT/json), their stderr
# (OUT/err) and exit statuses (OUT/status).  Whatever it made goes with
# the namespace when it exits; fakemeta is stopped, and stops by itself.
set -u

mqplan=$1 tree=$2 out=$3 queues=$4 mode=$5
shift 5
fake=$(realpath obj/tests/fakemeta)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null' EXIT
trap 'exit 1' INT TERM

# Nothing mounted here may reach the parent's namespace.
mount --make-rprivate / || exit 1
ip link set lo up || exit 1
i=0
for dev in "$tree"/class/net/*; do
	[ -e "$dev/device" ] || continue
	ip link add "${dev##*/}" numrxqueues "${queues%/*}" \
	    numtxqueues "${queues#*/}" type veth peer name "mqpeer$i" ||
	    exit 1
	i=$((i + 1))
done
[ $i -gt 0 ] || { echo "netns.sh: no device in $tree/class/net" >&2; exit 1; }
"$fake" -L 10 -m "$mode" "$@" >"$out/port" &
pid=$!
i=0
while [ ! -s "$out/port" ] && [ $i -lt 100 ]; do
	sleep 0.02
	i=$((i + 1))
done
port=$(cat "$out/port")
[ -n "$port" ] || { echo "netns.sh: fakemeta gave no port" >&2; exit 1; }
mount --bind "$tree" /sys || exit 1
: >"$out/ready"

unset MQPLAN_SYSFS_ROOT
if [ "$mode" = gce ]; then
	export GCE_METADATA_HOST=127.0.0.1:$port
else
	export AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:$port
fi
"$mqplan" detect >"$out/text" 2>"$out/err"
echo $? >"$out/status"
"$mqplan" detect --format json >"$out/json" 2>>"$out/err"
echo $? >>"$out/status"
