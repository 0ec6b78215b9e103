#!/bin/sh
# The whole chain, end to end: mqplan apply writes io-queues into a
# config.json, QEMU boots the test guest with that very file, the driver
# negotiates pairs with QEMU's virtio-net device, and UDP flows from a
# private network namespace are echoed back.  For every case:
#
#	- the guest uses exactly the pairs `mqplan plan --format json`
#	  predicts for those CPUs, device queues and io-queues;
#	- every flow gets a reply;
#	- every used receive queue carries traffic, no other queue does;
#	- each pair's receive interrupts arrive on its own CPU, and only there.
#
# The device's queue count (the tap's queues, or 1 with mq=off) is given to
# mqplan through a policy whose rule is min = cap = that count; the cloud
# stands in for QEMU.
#
# usage: tests/guest/matrix.sh [./mqplan] [case-name...]
#
# Needs root, qemu-system-x86_64, ip(8), and obj/guest/guest.elf built
# with the driver.  Fails (never skips) when it cannot run: a test that
# does not run proves nothing.
set -u

mqplan=${1:-./mqplan}
[ $# -gt 0 ] && shift
run=tests/guest/run.sh
data=tests/guest/data
flows=${FLOWS:-64}
rounds=${ROUNDS:-4}
limit=${LIMIT:-30}

# name cpus tap-queues mq io-queues
# io-queues: "-" absent, "bad" the invalid value in data/invalid.json.
cases='
absent-c4-q4		4 4 on -
iq1-c4-q4		4 4 on 1
iq2-c4-q8		4 8 on 2
iq4-c4-q4		4 4 on 4
above-device-c4-q1	4 1 on 4
above-cpus-c2-q8	2 8 on 8
invalid-c4-q4		4 4 on bad
absent-c1-q4		1 4 on -
iq2-c2-q4		2 4 on 2
absent-c4-q8		4 8 on -
mq-off-c4-q4		4 4 off 4
'

fail() {
	echo "matrix: $*" >&2
	exit 1
}

[ "$(id -u)" = 0 ] || fail "needs root (network namespace, tap)"
command -v qemu-system-x86_64 >/dev/null ||
    fail "qemu-system-x86_64 missing (tools/deps.sh installs it)"
command -v ip >/dev/null || fail "ip missing (iproute2)"
[ -x "$mqplan" ] || fail "no $mqplan"
[ -r obj/guest/guest.elf ] || fail "no obj/guest/guest.elf"

tmp=$(mktemp -d) || fail "mktemp failed"
trap 'rm -rf "$tmp"' EXIT

# The value of "key": N in the plan's JSON (one interface).
json_num() {
	sed -n "s/^ *\"$1\": \([0-9]*\).*/\1/p" "$2"
}

# One case: prints what it checked; returns non-zero on the first
# mismatch.
one() {
	name=$1 cpus=$2 tapq=$3 mq=$4 iq=$5
	dir=$tmp/$name
	mkdir -p "$dir"
	devq=$tapq
	[ "$mq" = off ] && devq=1
	printf 'version: 1\nrules:\n  gcp:\n    virtio-net:\n      share: false\n      divisor: 1\n      min: %s\n      cap: %s\n' \
	    "$devq" "$devq" >"$dir/policy.yaml"
	set -- --platform gcp --nic virtio-net --vcpus "$cpus" \
	    --policy "$dir/policy.yaml"
	case $iq in
	-)
		# Nothing for apply to write: the config goes as it is.
		cp "$data/base.json" "$dir/config.json" ;;
	bad)
		cp "$data/invalid.json" "$dir/config.json"
		"$mqplan" validate -q "$dir/config.json" >"$dir/validate" 2>&1
		[ $? = 1 ] || { echo "validate passed $iq"; return 1; }
		grep -q 'io-queues-not-decimal' "$dir/validate" ||
		    { cat "$dir/validate"; return 1; } ;;
	*)
		cp "$data/base.json" "$dir/config.json"
		set -- "$@" --io-queues "en1=$iq"
		"$mqplan" apply -q -c "$dir/config.json" "$@" >/dev/null ||
		    { echo "apply failed"; return 1; }
		grep -q "\"io-queues\": \"$iq\"" "$dir/config.json" ||
		    { echo "apply did not write io-queues $iq"; return 1; }
		grep -q '"GREETING": "kept as it was"' "$dir/config.json" ||
		    { echo "apply lost the rest of the file"; return 1; } ;;
	esac
	"$mqplan" plan "$@" --format json >"$dir/plan.json" ||
	    { echo "plan failed"; return 1; }
	want=$(json_num queues "$dir/plan.json")
	[ -n "$want" ] || { cat "$dir/plan.json"; return 1; }

	sh "$run" -c "$cpus" -q "$tapq" -m "$mq" -f "$dir/config.json" \
	    -n "$flows" -p "$rounds" -e 15 -t "$limit" \
	    >"$dir/run.log" 2>&1
	rc=$?
	if [ $rc != 0 ]; then
		cat "$dir/run.log"
		echo "run.sh exit $rc"
		return 1
	fi
	awk -v want="$want" -v cpus="$cpus" -v devq="$devq" -v flows="$flows" '
		$1 == "report" { pairs = $4 }
		$1 == "flows" && $2 == flows { answered = $8; bad = $10 }
		$1 == "queue" && $3 == "rx" { rx[$4] = $6 }
		$1 == "intr" && $4 % 2 == 1 && $8 > 0 {
			# Receive vector 1 + 2p of pair p.
			p = ($4 - 1) / 2
			if ($6 != p % cpus)
				err = err sprintf(" pair %d interrupts on cpu %d",
				    p, $6)
			if (p in cpu && cpu[p] != $6)
				err = err sprintf(" pair %d on two cpus", p)
			cpu[p] = $6
		}
		END {
			if (pairs != want)
				err = err sprintf(" pairs %s, plan says %s",
				    pairs, want)
			if (answered != flows || bad != 0)
				err = err sprintf(" %s of %d flows answered",
				    answered, flows)
			for (p = 0; p < want; p++) {
				if (rx[p] + 0 == 0)
					err = err sprintf(" rxq %d idle", p)
				if (!(p in cpu))
					err = err sprintf(" pair %d no irq", p)
			}
			for (p = want; p < devq; p++)
				if (rx[p] + 0 > 0)
					err = err sprintf(" unused rxq %d has %d",
					    p, rx[p])
			for (p in cpu)
				for (q in cpu)
					if (p < q && cpu[p] == cpu[q])
						err = err sprintf(" pairs %d and " \
						    "%d share cpu %d", p, q, cpu[p])
			if (err != "") {
				print "mismatch:" err
				exit 1
			}
			printf "pairs %d (plan %d), %d flows answered", pairs,
			    want, answered
			for (p = 0; p < want; p++)
				printf ", rxq%d %d on cpu %d", p, rx[p], cpu[p]
			printf "\n"
		}' "$dir/run.log" >"$dir/verdict" || {
		cat "$dir/run.log" "$dir/verdict"
		return 1
	}
	if [ "$iq" = bad ]; then
		grep -q 'io-queues "4abc" is not a whole number' \
		    "$dir/run.log" || { echo "no log of the bad value";
		    return 1; }
	fi
	cat "$dir/verdict"
}

echo "$cases" | while read -r name cpus tapq mq iq; do
	[ -n "$name" ] || continue
	if [ $# -gt 0 ]; then
		case " $* " in *" $name "*) ;; *) continue ;; esac
	fi
	printf '%-22s ' "$name"
	start=$(date +%s)
	if out=$(one "$name" "$cpus" "$tapq" "$mq" "$iq" 2>&1); then
		echo "ok ($(($(date +%s) - start)) s): $out"
		echo pass >>"$tmp/results"
	else
		echo "FAIL"
		echo "$out" | sed 's/^/    /'
		echo fail >>"$tmp/results"
	fi
done
passed=$(grep -c pass "$tmp/results" 2>/dev/null)
failed=$(grep -c fail "$tmp/results" 2>/dev/null)
echo "guest: ${passed:-0} passed, ${failed:-0} failed"
[ "${failed:-0}" = 0 ] && [ "${passed:-0}" -gt 0 ]
