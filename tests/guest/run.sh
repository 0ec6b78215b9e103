#!/bin/sh
# Boots the test guest under QEMU in a private network namespace, with a
# (multiqueue) tap as its virtio-net backend, and exits with the guest's
# status.  With -n, sends UDP flows from the namespace for the guest to
# echo (the driver build) and fails if a flow got no reply.
#
# usage: run.sh [-c cpus] [-q queues] [-m on|off] [-f config.json]
#	 [-k kernel] [-a auto|kvm|tcg] [-t seconds] [-e seconds]
#	 [-n flows] [-p rounds] [-T seconds] [-V vectors] [-o serial.log]
#
#	-c	guest CPUs (-smp), default 2
#	-q	tap queues (-netdev tap,queues=), default 2
#	-m	virtio-net mq property, default on
#	-f	config.json passed as fw_cfg opt/mqplan/config.json
#	-k	guest kernel, default obj/guest/guest.elf
#	-a	accelerator; auto is KVM when /dev/kvm opens, else TCG
#	-t	hard limit on QEMU's run time, default 60
#	-e	how long the echo guest waits for traffic, default 20
#	-n	UDP flows to send (0: none, for the smoke guest), default 0
#	-p	datagrams per flow, default 10
#	-T	instead of rounds, measure echo round trips for this long
#	-V	MSI-X vectors, default 2 * queues + 2
#	-o	keep the serial log here
#
# Exit status: the guest's (0 ok, 1 check failed, 2 trap, 3 boot), 1 if
# the flows failed, 124 on timeout, 125 if QEMU died otherwise, 126 on
# set-up errors.  Needs root (namespaces, tap).
set -u

cpus=2 queues=2 mq=on config= kernel=obj/guest/guest.elf accel=auto
limit=60 echo_secs=20 flows=0 rounds=10 vectors= keep_log= measure=
while getopts c:q:m:f:k:a:t:e:n:p:T:V:o: opt; do
	case $opt in
	c) cpus=$OPTARG ;;
	q) queues=$OPTARG ;;
	m) mq=$OPTARG ;;
	f) config=$OPTARG ;;
	k) kernel=$OPTARG ;;
	a) accel=$OPTARG ;;
	t) limit=$OPTARG ;;
	e) echo_secs=$OPTARG ;;
	n) flows=$OPTARG ;;
	p) rounds=$OPTARG ;;
	T) measure=$OPTARG ;;
	V) vectors=$OPTARG ;;
	o) keep_log=$OPTARG ;;
	*) sed -n '7,9p' "$0" >&2; exit 126 ;;
	esac
done

die() {
	echo "run.sh: $*" >&2
	exit 126
}

for v in "$cpus" "$queues" "$limit" "$echo_secs" "$flows" "$rounds" \
    ${vectors:+"$vectors"} ${measure:+"$measure"}; do
	case $v in
	''|*[!0-9]*) die "not a number: '$v'" ;;
	esac
done
case $mq in on|off) ;; *) die "-m takes on or off" ;; esac
[ "$queues" -ge 1 ] || die "-q must be at least 1"
[ -n "$vectors" ] || vectors=$((2 * queues + 2))
[ -r "$kernel" ] || die "no kernel $kernel (run tests/guest/build.sh)"
[ -z "$config" ] || [ -r "$config" ] || die "cannot read $config"
[ "$(id -u)" = 0 ] || die "needs root for the namespace and the tap"
flows_bin=${FLOWS:-obj/guest/flows}
[ "$flows" = 0 ] || [ -x "$flows_bin" ] || die "no $flows_bin"

case $accel in
auto)
	if (: <>/dev/kvm) 2>/dev/null; then accel=kvm; else accel=tcg; fi ;;
kvm|tcg) ;;
*) die "-a takes auto, kvm or tcg" ;;
esac

. "$(dirname "$0")/../lib/netns.sh"
ns=mqplan-guest-$$
tap=mqtap0
host_ip=10.77.0.1
guest_ip=10.77.0.2
guest_mac=52:54:00:12:34:56
tmp=$(mktemp -d) || die "mktemp failed"
log=$tmp/serial.log
qpid=

cleanup() {
	if [ -n "$qpid" ]; then
		kill "$qpid" 2>/dev/null
		wait "$qpid" 2>/dev/null
	fi
	netns_del "$ns"
	[ -z "$keep_log" ] || cp "$log" "$keep_log" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

netns_add "$ns" || die "ip netns add failed"
netns_tap "$ns" "$tap" "$queues" "$host_ip/24" || die "tuntap failed"
# The guest answers no ARP; IPv6 chatter would only be counted as noise.
ip -n "$ns" neigh replace "$guest_ip" lladdr "$guest_mac" dev "$tap" \
    nud permanent || die "ip neigh failed"
ip netns exec "$ns" sh -c \
    "echo 1 > /proc/sys/net/ipv6/conf/$tap/disable_ipv6" 2>/dev/null

set -- -accel "$accel" -kernel "$kernel" -smp "$cpus" -m 256 \
    -nodefaults -display none -no-reboot \
    -serial "file:$log" \
    -device isa-debug-exit,iobase=0xf4,iosize=0x4 \
    -netdev "tap,id=n0,ifname=$tap,script=no,downscript=no,queues=$queues" \
    -device "virtio-net-pci,netdev=n0,mq=$mq,vectors=$vectors,mac=$guest_mac" \
    -fw_cfg "name=opt/mqplan/echo-seconds,string=$echo_secs"
[ -z "$config" ] || set -- "$@" -fw_cfg "name=opt/mqplan/config.json,file=$config"

echo "run.sh: accel $accel cpus $cpus queues $queues mq $mq" \
    "vectors $vectors${config:+ config $config}"
start=$(date +%s%N)
# ip netns exec execs timeout, so $! is timeout's pid, and killing it
# takes QEMU down with it.
ip netns exec "$ns" timeout -k 5 "$limit" qemu-system-x86_64 "$@" \
    2>"$tmp/qemu.err" &
qpid=$!

flows_rc=0
if [ "$flows" -gt 0 ]; then
	i=0
	while ! grep -q '^ready' "$log" 2>/dev/null; do
		if ! kill -0 "$qpid" 2>/dev/null || [ $i -ge $((limit * 10)) ]
		then
			break
		fi
		sleep 0.1
		i=$((i + 1))
	done
	if grep -q '^ready' "$log" 2>/dev/null; then
		ip netns exec "$ns" "$flows_bin" -s -n "$flows" -c "$rounds" \
		    ${measure:+-T "$measure"} \
		    "$guest_ip"
		flows_rc=$?
	else
		echo "run.sh: the guest never said ready" >&2
		flows_rc=1
	fi
fi

wait "$qpid"
rc=$?
qpid=
end=$(date +%s%N)
tr -d '\r' <"$log"
grep -v -e '^$' -e 'warning: host doesn.t support' "$tmp/qemu.err" >&2
echo "run.sh: qemu exit $rc after $(((end - start) / 1000000)) ms"

if [ $rc = 124 ] || [ $rc = 137 ]; then
	echo "run.sh: timed out after $limit s" >&2
	exit 124
fi
if [ $((rc % 2)) = 0 ]; then
	# isa-debug-exit makes every guest status odd; anything else is
	# QEMU failing or the guest resetting.
	echo "run.sh: QEMU ended without a guest status" >&2
	exit 125
fi
status=$(((rc - 1) / 2))
[ "$status" = 0 ] || exit "$status"
exit "$flows_rc"
