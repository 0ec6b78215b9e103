# Network namespaces and taps for the QEMU tiers (tests/guest/run.sh,
# tests/nanos/run.sh).  Sourced, not run.  Everything a test boots is
# wired to a tap inside a namespace the test made, so nothing it sends
# can leave the machine; the caller deletes the namespace on exit
# (netns_del), which takes its taps with it.

# netns_add NS: a new namespace with its loopback up.
netns_add() {
	ip netns add "$1" || return 1
	ip -n "$1" link set lo up
}

# netns_tap NS TAP QUEUES ADDRESS/PREFIX: a tap for QEMU's
# "-netdev tap,ifname=TAP,queues=QUEUES", addressed and up.  A
# multi_queue tap refuses a single-queue open and vice versa, and QEMU
# asks for multiqueue only when queues > 1, so multi_queue goes with
# QUEUES > 1 only.
netns_tap() {
	set -- "$1" "$2" "$3" "$4" ""
	[ "$3" -gt 1 ] && set -- "$1" "$2" "$3" "$4" multi_queue
	ip -n "$1" tuntap add dev "$2" mode tap $5 || return 1
	ip -n "$1" addr add "$4" dev "$2" || return 1
	ip -n "$1" link set "$2" up
}

# netns_tap_queues NS TAP: the queues attached to TAP now, as the kernel
# counts them (tun's numqueues: a queue QEMU detached after the guest's
# VQ_PAIRS_SET counts in numdisabled instead).  Empty if the tap is not
# multi_queue.
netns_tap_queues() {
	ip -n "$1" -d link show dev "$2" |
	    sed -n 's/.* multi_queue numqueues \([0-9]*\) .*/\1/p'
}

# netns_del NS
netns_del() {
	ip netns del "$1" 2>/dev/null
}
