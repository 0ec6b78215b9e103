#!/bin/sh
# Boots the test guest under QEMU in a private network namespace, with a
# (multiqueue) tap as the backend of each of its virtio-net devices (up to
# 4), and exits with the guest's status.  With -n, sends UDP flows from
# the namespace to every interface for the guest to echo (the driver
# build) and fails if a flow got no reply.
#
# NIC k (1..4, en1 first: the guest probes them in this order) has tap
# mqtap<k-1> at 10.77.<k-1>.1/24, the guest at 10.77.<k-1>.2 with MAC
# 52:54:00:12:<0x33+k>:56.  Before each interface's flows run.sh prints
# "flows-nic enK".
#
# usage: run.sh [-c cpus] [-q queues[,queues...]] [-m on|off[,on|off...]]
#	 [-f config.json]
#	 [-k kernel] [-a auto|kvm|tcg] [-t seconds] [-e seconds]
#	 [-n flows] [-p rounds] [-T seconds] [-V vectors] [-o serial.log]
#
#	-c	guest CPUs (-smp), default 2
#	-q	tap queues (-netdev tap,queues=), default 2; a comma list
#		gives one NIC each (at most 4)
#	-m	virtio-net mq property, default on; a comma list gives each
#		NIC its own, one value all of them
#	-f	config.json passed as fw_cfg opt/mqplan/config.json
#	-k	guest kernel, default obj/guest/guest.elf
#	-a	accelerator; auto is KVM when /dev/kvm opens, else TCG
#	-t	hard limit on QEMU's run time, default 60
#	-e	how long the echo guest waits for traffic, default 20
#	-n	UDP flows to send (0: none, for the smoke guest), default 0
#	-p	datagrams per flow, default 10
#	-T	instead of rounds, measure echo round trips for this long
#	-V	MSI-X vectors, default 2 * queues + 2 (of each NIC)
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
	*) sed -n '15,18p' "$0" >&2; exit 126 ;;
	esac
done

die() {
	echo "run.sh: $*" >&2
	exit 126
}

queue_list=$(echo "$queues" | tr ',' ' ')
mq_list=$(echo "$mq" | tr ',' ' ')
for v in "$cpus" $queue_list "$limit" "$echo_secs" "$flows" "$rounds" \
    ${vectors:+"$vectors"} ${measure:+"$measure"}; do
	case $v in
	''|*[!0-9]*) die "not a number: '$v'" ;;
	esac
done
set -- $queue_list
nics=$#
[ "$nics" -ge 1 ] && [ "$nics" -le 4 ] || die "-q takes 1 to 4 NICs"
for v in $queue_list; do
	[ "$v" -ge 1 ] || die "-q must be at least 1"
done
set -- $mq_list
[ $# = 1 ] || [ $# = "$nics" ] || die "-m takes one value or one per NIC"
for v in $mq_list; do
	case $v in on|off) ;; *) die "-m takes on or off" ;; esac
done

# nth N WORDS...: the Nth word, or the only one.
nth() {
	n=$1
	shift
	[ $# = 1 ] && n=1
	eval "echo \${$n}"
}
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
set -- -accel "$accel" -kernel "$kernel" -smp "$cpus" -m 256 \
    -nodefaults -display none -no-reboot \
    -serial "file:$log" \
    -device isa-debug-exit,iobase=0xf4,iosize=0x4
k=1
while [ $k -le "$nics" ]; do
	tap=mqtap$((k - 1))
	q=$(nth $k $queue_list)
	m=$(nth $k $mq_list)
	vec=${vectors:-$((2 * q + 2))}
	mac=$(printf '52:54:00:12:%02x:56' $((0x33 + k)))
	netns_tap "$ns" "$tap" "$q" "10.77.$((k - 1)).1/24" ||
	    die "tuntap failed"
	# The guest answers no ARP; IPv6 chatter would only be noise.
	ip -n "$ns" neigh replace "10.77.$((k - 1)).2" lladdr "$mac" \
	    dev "$tap" nud permanent || die "ip neigh failed"
	ip netns exec "$ns" sh -c \
	    "echo 1 > /proc/sys/net/ipv6/conf/$tap/disable_ipv6" 2>/dev/null
	set -- "$@" \
	    -netdev "tap,id=n$k,ifname=$tap,script=no,downscript=no,queues=$q" \
	    -device "virtio-net-pci,netdev=n$k,mq=$m,vectors=$vec,mac=$mac"
	echo "run.sh: en$k tap $tap queues $q mq $m vectors $vec mac $mac"
	k=$((k + 1))
done
set -- "$@" -fw_cfg "name=opt/mqplan/echo-seconds,string=$echo_secs"
[ -z "$config" ] || set -- "$@" -fw_cfg "name=opt/mqplan/config.json,file=$config"

echo "run.sh: accel $accel cpus $cpus nics $nics" \
    "${config:+ config $config}"
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
		# Every interface in turn; the last one ends the guest's run.
		k=1
		while [ $k -le "$nics" ]; do
			stop_flag=
			[ $k = "$nics" ] && stop_flag=-s
			echo "flows-nic en$k"
			ip netns exec "$ns" "$flows_bin" $stop_flag \
			    -n "$flows" -c "$rounds" \
			    ${measure:+-T "$measure"} "10.77.$((k - 1)).2" ||
			    flows_rc=1
			k=$((k + 1))
		done
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
