#!/bin/sh
# Echo round trips per second through the test guest and QEMU's
# virtio-net, and each CPU's share of the packets: io-queues 1 against 4
# pairs on a 4-CPU guest with a 4-queue tap, 64 UDP flows each keeping one
# datagram in flight.
#
# Without vhost, QEMU moves every queue's packets in its one main-loop
# thread, so more pairs spread the guest's interrupts and echo work over
# its CPUs but cannot multiply what the host side moves: read the rate
# with that in mind.  Both accelerators are measured when /dev/kvm opens:
# where KVM itself is emulated (a nested, software KVM such as PVM) TCG
# can be the faster of the two.  Needs root (namespace, tap).
set -eu

secs=${SECONDS_PER_RUN:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ "$(id -u)" != 0 ] || ! command -v qemu-system-x86_64 >/dev/null; then
	echo "guest bench: needs root and qemu-system-x86_64" >&2
	exit 1
fi
accels=tcg
if (: <>/dev/kvm) 2>/dev/null; then accels="kvm tcg"; fi
echo "guest echo, 4 CPUs, tap queues 4, 64 flows, $secs s each"
for accel in $accels; do
for iq in 1 4; do
	printf '{"ManifestPassthrough": {"en1": {"io-queues": "%s"}}}\n' \
	    "$iq" >"$tmp/config.json"
	sh tests/guest/run.sh -a "$accel" -c 4 -q 4 -f "$tmp/config.json" -n 64 \
	    -T "$secs" -e $((secs + 10)) -t $((secs + 40)) \
	    >"$tmp/run.log" 2>&1 || { cat "$tmp/run.log"; exit 1; }
	awk -v iq="$iq" -v accel="$accel" '
		$1 == "round-trips" { rate = $6 }
		$1 == "echo" { frames[$14] += $6; total += $6 }
		END {
			printf "%s io-queues %s: %6d round trips/s; cpu " \
			    "share:", accel, iq, rate
			for (c = 0; c < 4; c++)
				printf " cpu%d %4.1f%%", c,
				    total ? 100 * frames[c] / total : 0
			printf "\n"
		}' "$tmp/run.log"
done
done
