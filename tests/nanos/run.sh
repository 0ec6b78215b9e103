#!/bin/sh
# Boots the real Nanos kernel under QEMU (TCG) with the manifest ops would
# build from a config.json, in a private network namespace with one
# (multiqueue) tap per NIC, and prints what Nanos made of it:
#
#	iface en1 addr 10.99.0.7 mtu 1400	(the image's program, hold.c)
#	ready
#	pairs en1 2 tap 2			(QMP: rings set up; tap:
#						 queues QEMU left attached)
#	ping 10.99.0.7 ok			(or: ping 10.99.0.7 no answer)
#
# usage: run.sh -f config.json [-c cpus] [-q queues[,queues...]]
#	 [-p address]... [-t seconds] [-o dir]
#
#	-f	the ops config; tests/nanos/opsman makes the manifest
#	-c	guest CPUs (-smp), default 2
#	-q	tap queues of each NIC, comma-separated (one NIC each),
#		default 2; NIC k's tap is 10.99.(k-1).1/24 in the namespace
#	-p	ping this IPv4 address from the namespace once Nanos is up
#	-t	hard limit on the boot, default 30 s
#	-o	keep the manifest, image and serial log in this directory
#
# Environment: NANOS_DIR (kernel.img, boot.img, mkfs; default
# ../shared/nanos), OPSMAN and HOLD (default obj/tests/opsman and
# obj/tests/nanos/hold).
#
# Exit status: 0 if Nanos ran the program and the pairs were read (the
# pings' outcome is printed, not judged: a control case expects none), 1
# if it never did, 124 on timeout, 126 on set-up errors (opsman refusing
# the config included).  Needs root (namespace, taps).
set -u

cpus=2 queues=2 config= limit=30 keep= pings=
while getopts f:c:q:p:t:o: opt; do
	case $opt in
	f) config=$OPTARG ;;
	c) cpus=$OPTARG ;;
	q) queues=$OPTARG ;;
	p) pings="$pings $OPTARG" ;;
	t) limit=$OPTARG ;;
	o) keep=$OPTARG ;;
	*) sed -n '12,13p' "$0" >&2; exit 126 ;;
	esac
done

die() {
	echo "run.sh: $*" >&2
	exit 126
}

nanos=${NANOS_DIR:-../shared/nanos}
opsman=${OPSMAN:-obj/tests/opsman}
hold=${HOLD:-obj/tests/nanos/hold}
for v in "$cpus" "$limit" $(echo "$queues" | tr , ' '); do
	case $v in
	''|*[!0-9]*|0) die "not a positive number: '$v'" ;;
	esac
done
[ -n "$config" ] && [ -r "$config" ] || die "-f config.json is required"
for f in kernel.img boot.img mkfs; do
	[ -r "$nanos/$f" ] || die "no $nanos/$f: set NANOS_DIR"
done
[ -x "$opsman" ] && [ -x "$hold" ] || die "no $opsman or $hold (make them)"
[ "$(id -u)" = 0 ] || die "needs root for the namespace and the taps"

. "$(dirname "$0")/../lib/netns.sh"
ns=mqplan-nanos-$$
tmp=$(mktemp -d) || die "mktemp failed"
log=$tmp/serial.log
qpid=

cleanup() {
	if [ -n "$qpid" ]; then
		kill "$qpid" 2>/dev/null
		wait "$qpid" 2>/dev/null
	fi
	netns_del "$ns"
	if [ -n "$keep" ]; then
		mkdir -p "$keep" && cp "$tmp"/* "$keep" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# The program lives as long as the boot may: if nobody stops QEMU, it
# exits, Nanos halts and QEMU (-no-reboot) ends before timeout(1) strikes.
hold_abs=$(cd "$(dirname "$hold")" && pwd)/$(basename "$hold")
"$opsman" -p "$hold_abs" -a "$limit" "$config" >"$tmp/manifest" ||
    die "opsman refused $config"
"$nanos/mkfs" -b "$nanos/boot.img" -k "$nanos/kernel.img" "$tmp/image" \
    <"$tmp/manifest" >"$tmp/mkfs.log" 2>&1 || {
	cat "$tmp/mkfs.log" >&2
	die "mkfs failed"
}

netns_add "$ns" || die "ip netns add failed"
set -- -machine q35 -accel tcg -m 512M -smp "$cpus" -display none \
    -nodefaults -no-reboot -serial "file:$log" \
    -drive "if=none,id=hd0,format=raw,file=$tmp/image" \
    -device virtio-scsi-pci,id=scsi0 \
    -device scsi-hd,bus=scsi0.0,drive=hd0 -device isa-debug-exit \
    -qmp "unix:$tmp/qmp.sock,server=on,wait=off"
nics=0
for q in $(echo "$queues" | tr , ' '); do
	nics=$((nics + 1))
	netns_tap "$ns" "ntap$nics" "$q" "10.99.$((nics - 1)).1/24" ||
	    die "tap $nics failed"
	set -- "$@" \
	    -netdev "tap,id=n$nics,ifname=ntap$nics,script=no,downscript=no,queues=$q" \
	    -device "virtio-net-pci,netdev=n$nics,mq=on,vectors=$((2 * q + 2)),id=net$((nics - 1)),mac=52:54:00:99:00:0$nics"
done

echo "run.sh: cpus $cpus queues $queues config $config"
start=$(date +%s%N)
# ip netns exec execs timeout, so $! is timeout's pid, and killing it
# takes QEMU down with it.
ip netns exec "$ns" timeout -k 5 "$limit" qemu-system-x86_64 "$@" \
    2>"$tmp/qemu.err" &
qpid=$!

i=0
while ! grep -q '^ready' "$log" 2>/dev/null; do
	if ! kill -0 "$qpid" 2>/dev/null || [ $i -ge $((limit * 10)) ]; then
		break
	fi
	sleep 0.1
	i=$((i + 1))
done
ready=$(( ($(date +%s%N) - start) / 1000000 ))
rc=0
if grep -q '^ready' "$log" 2>/dev/null; then
	# A static address answers at once; three seconds of echo requests
	# tell "no answer" from "slow".
	for a in $pings; do
		if ip netns exec "$ns" ping -n -q -c 1 -i 0.3 -w 3 "$a" \
		    >/dev/null 2>&1; then
			echo "ping $a ok"
		else
			echo "ping $a no answer"
		fi
	done
	python3 "$(dirname "$0")/qmp.py" "$tmp/qmp.sock" "$queues" \
	    >"$tmp/qmp.out" || { rc=1; echo "run.sh: QMP failed" >&2; }
	k=0
	for q in $(echo "$queues" | tr , ' '); do
		k=$((k + 1))
		tapq=$(netns_tap_queues "$ns" "ntap$k")
		# A single-queue tap cannot say; its device has one pair.
		[ -n "$tapq" ] || tapq=$q
		sed -n "s/^qmp en$k pairs \([0-9]*\)$/pairs en$k \1 tap $tapq/p" \
		    "$tmp/qmp.out"
	done
else
	rc=1
	echo "run.sh: Nanos never ran the program" >&2
fi
kill "$qpid" 2>/dev/null
wait "$qpid"
qrc=$?
qpid=
end=$(date +%s%N)
tr -d '\r' <"$log" | grep -v '^$'
grep -v -e '^$' -e 'terminating on signal' "$tmp/qemu.err" >&2
echo "run.sh: ready after $ready ms, $(((end - start) / 1000000)) ms in all"
if [ $qrc = 124 ] || [ $qrc = 137 ]; then
	echo "run.sh: timed out after $limit s" >&2
	exit 124
fi
exit "$rc"
