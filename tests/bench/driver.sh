#!/bin/sh
# Benchmark the driver's data path through the device model: frames per
# second, and instructions per frame under callgrind, receive and transmit,
# with 1, 2 and 8 pairs.  The claim to check: the cost per frame does not
# grow with the number of pairs.
#
# "driver" instructions exclude the HAL's (in a guest each hal_mmio_* is
# one load or store that traps to the hypervisor; in the model it is a
# decoder), "with model" include them.
set -eu

bench=obj/tests/bench/driver
frames=${FRAMES:-1000000}
ir_frames=20000

echo "driver data path through tests/vdev, 64-byte frames, $frames frames"
for mode in rx tx; do
	case $mode in
	rx) entry=vnet_interrupt ;;
	tx) entry=vnet_transmit ;;
	esac
	for pairs in 1 2 8; do
		line=$("$bench" "$mode" "$pairs" "$frames")
		fps=$(echo "$line" | sed -n 's/.*frames\/s \([0-9]*\).*/\1/p')
		if ! command -v valgrind >/dev/null 2>&1; then
			printf '%s pairs %s: %s frames/s\n' "$mode" "$pairs" \
			    "$fps"
			continue
		fi
		out=$(mktemp)
		valgrind --tool=callgrind --callgrind-out-file="$out" \
		    --toggle-collect="$entry" "$bench" "$mode" "$pairs" \
		    "$ir_frames" >/dev/null 2>&1
		# Inclusive cost of the entry point, and of every HAL call
		# made from inside it.
		callgrind_annotate --inclusive=yes "$out" 2>/dev/null |
		    awk -v entry="$entry" -v n="$ir_frames" \
		        -v mode="$mode" -v pairs="$pairs" -v fps="$fps" '
			{ gsub(",", "", $1) }
			$NF ~ ":" entry "$" || $NF ~ ":" entry " " { total = $1 }
			$NF ~ ":hal_" { hal += $1 }
			END {
				printf "%s pairs %s: %9d frames/s  %6.1f " \
				    "instructions/frame with model, %5.1f " \
				    "driver\n", mode, pairs, fps, total / n,
				    (total - hal) / n
			}'
		rm -f "$out"
	done
done
