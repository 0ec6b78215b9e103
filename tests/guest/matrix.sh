#!/bin/sh
# The whole chain, end to end: mqplan apply writes io-queues into a
# config.json, QEMU boots the test guest with that very file, the driver
# negotiates pairs with each of QEMU's virtio-net devices (en1, en2, ...),
# and UDP flows from a private network namespace to every interface are
# echoed back.  For every case and every NIC:
#
#	- the guest uses exactly the pairs `mqplan plan --nics N --format
#	  json` predicts for that NIC's CPUs, device queues and io-queues;
#	- every flow gets a reply;
#	- every used receive queue carries traffic, no other queue does;
#	- each pair's receive interrupts arrive on its own CPU, and only
#	  there: pair p of NIC k on CPU (F + p) mod CPUs, F the sum of the
#	  pairs of the NICs before it (mqplan-driver(4), CPUS).
#
# A NIC's device queue count (its tap's queues, or 1 with mq=off) is given
# to mqplan through a policy whose rule is min = cap = that count, one plan
# per NIC; the cloud stands in for QEMU.
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

# name cpus nics [machine]: one tap-queues:mq:io-queues per NIC, en1
# first.  io-queues: "-" absent, "bad" the invalid value in
# data/invalid.json (en1 alone).  apply writes en1..enM, M the last NIC
# with a value, so the NICs without one come after those with one.  With
# a machine type the plan is the built-in GCE rule for it (no policy, no
# --vcpus), whose device queues must be each tap's.
cases='
absent-c4-q4		4 4:on:-
iq1-c4-q4		4 4:on:1
iq2-c4-q8		4 8:on:2
iq4-c4-q4		4 4:on:4
above-device-c4-q1	4 1:on:4
above-cpus-c2-q8	2 8:on:8
invalid-c4-q4		4 4:on:bad
absent-c1-q4		1 4:on:-
iq2-c2-q4		2 4:on:2
absent-c4-q8		4 8:on:-
mq-off-c4-q4		4 4:off:4
nic2-q4-q2-c6		6 4:on:-,2:on:-
nic2-en1-only-c4	4 4:on:2,4:on:-
nic2-en2-above-c4	4 2:on:1,2:on:8
nic2-mq-off-c4		4 4:off:4,4:on:3
nic3-c6			6 2:on:2,3:on:-,1:on:-
nic3-mixed-c4		4 4:on:3,2:on:5,4:off:-
n2-standard-16-nic3	16 5:on:-,5:on:-,5:on:- n2-standard-16
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

# A policy whose virtio-net rule gives every NIC $1 device queues.
policy() {
	printf 'version: 1\nrules:\n  gcp:\n    virtio-net:\n      share: false\n      divisor: 1\n      min: %s\n      cap: %s\n' \
	    "$1" "$1"
}

# The number "$1" of interface $2 in the plan's JSON $3.
plan_field() {
	awk -v key="\"$1\":" -v want="\"$2\"," '
		$1 == "\"name\":" { cur = $2 }
		$1 == key && cur == want { sub(/,$/, "", $2); print $2 }
	' "$3"
}

# One case: prints what it checked; returns non-zero on the first
# mismatch.
one() {
	name=$1 cpus=$2 spec=$3 machine=${4:-}
	dir=$tmp/$name
	mkdir -p "$dir"
	nics=0 tapqs= mqs= devqs= last=0 ioflags= bad=
	for nic in $(echo "$spec" | tr ',' ' '); do
		nics=$((nics + 1))
		tapq=${nic%%:*}
		rest=${nic#*:}
		mq=${rest%%:*}
		iq=${rest#*:}
		devq=$tapq
		[ "$mq" = off ] && devq=1
		tapqs=${tapqs:+$tapqs,}$tapq
		mqs=${mqs:+$mqs,}$mq
		devqs="$devqs $devq"
		case $iq in
		-) ;;
		bad) bad=1 ;;
		*)
			[ "$last" = $((nics - 1)) ] ||
			    { echo "case: en$nics has io-queues after a NIC" \
			    "without"; return 1; }
			last=$nics
			ioflags="$ioflags --io-queues en$nics=$iq" ;;
		esac
	done

	# One NIC: the config as it is, the invalid one, or apply's.
	if [ -n "$bad" ]; then
		cp "$data/invalid.json" "$dir/config.json"
		"$mqplan" validate -q "$dir/config.json" >"$dir/validate" 2>&1
		[ $? = 1 ] || { echo "validate passed bad"; return 1; }
		grep -q 'io-queues-not-decimal' "$dir/validate" ||
		    { cat "$dir/validate"; return 1; }
	elif [ "$last" = 0 ]; then
		# Nothing for apply to write: the config goes as it is.
		cp "$data/base.json" "$dir/config.json"
	else
		cp "$data/base.json" "$dir/config.json"
		devq=$(echo $devqs | cut -d' ' -f1)
		policy "$devq" >"$dir/apply.yaml"
		# shellcheck disable=SC2086
		"$mqplan" apply -q -c "$dir/config.json" --platform gcp \
		    --nic virtio-net --vcpus "$cpus" --nics "$last" \
		    --policy "$dir/apply.yaml" $ioflags >/dev/null ||
		    { echo "apply failed"; return 1; }
		for f in $ioflags; do
			[ "$f" = --io-queues ] && continue
			grep -A1 "\"${f%%=*}\": {" "$dir/config.json" |
			    grep -q "\"io-queues\": \"${f#*=}\"" ||
			    { echo "apply did not write $f"; return 1; }
		done
		grep -q '"GREETING": "kept as it was"' "$dir/config.json" ||
		    { echo "apply lost the rest of the file"; return 1; }
		k=$((last + 1))
		while [ $k -le $nics ]; do
			! grep -q "\"en$k\"" "$dir/config.json" ||
			    { echo "apply wrote en$k"; return 1; }
			k=$((k + 1))
		done
	fi

	# The plan of every NIC, each with its own device's queues.
	wants=
	k=1
	for devq in $devqs; do
		if [ -n "$machine" ]; then
			# shellcheck disable=SC2086
			"$mqplan" plan --platform gcp --machine-type "$machine" \
			    --nic virtio-net --nics "$nics" $ioflags \
			    --format json >"$dir/plan$k.json" ||
			    { echo "plan failed"; return 1; }
			got=$(plan_field device_queues "en$k" "$dir/plan$k.json")
			[ "$got" = "$devq" ] || { echo "en$k: $machine has" \
			    "$got device queues, the tap $devq"; return 1; }
		else
			policy "$devq" >"$dir/policy$k.yaml"
			# shellcheck disable=SC2086
			"$mqplan" plan --platform gcp --nic virtio-net \
			    --vcpus "$cpus" --policy "$dir/policy$k.yaml" \
			    --nics "$nics" $ioflags \
			    --format json >"$dir/plan$k.json" ||
			    { echo "plan failed"; return 1; }
		fi
		want=$(plan_field queues "en$k" "$dir/plan$k.json")
		[ -n "$want" ] || { cat "$dir/plan$k.json"; return 1; }
		wants="$wants $want"
		k=$((k + 1))
	done

	# The flows visit the NICs one after another: more time for each.
	sh "$run" -c "$cpus" -q "$tapqs" -m "$mqs" -f "$dir/config.json" \
	    -n "$flows" -p "$rounds" -e $((15 * nics)) \
	    -t $((limit + 20 * (nics - 1))) >"$dir/run.log" 2>&1
	rc=$?
	if [ $rc != 0 ]; then
		cat "$dir/run.log"
		echo "run.sh exit $rc"
		return 1
	fi
	awk -v wants="$wants" -v devqs="$devqs" -v cpus="$cpus" \
	    -v flows="$flows" '
		BEGIN {
			n = split(wants, want, " ")
			split(devqs, devq, " ")
			first = 0
			for (k = 1; k <= n; k++) {
				name[k] = "en" k
				first_of["en" k] = first
				first = (first + want[k]) % cpus
			}
		}
		$1 == "flows-nic" { curnic = $2 }
		$1 == "report" { pairs[$2] = $4 }
		$1 == "flows" && $2 == flows {
			answered[curnic] = $8
			badf[curnic] = $10
		}
		$1 == "queue" && $3 == "rx" { rx[$2, $4] = $6 }
		$1 == "intr" && $4 % 2 == 1 && $8 > 0 {
			# Receive vector 1 + 2p of pair p.
			p = ($4 - 1) / 2
			if ($6 != (first_of[$2] + p) % cpus)
				err = err sprintf(" %s pair %d interrupts on " \
				    "cpu %d", $2, p, $6)
			if (($2, p) in cpu && cpu[$2, p] != $6)
				err = err sprintf(" %s pair %d on two cpus",
				    $2, p)
			cpu[$2, p] = $6
		}
		END {
			for (k = 1; k <= n; k++) {
				e = name[k]
				if (pairs[e] != want[k])
					err = err sprintf(" %s pairs %s, plan " \
					    "says %s", e, pairs[e], want[k])
				if (answered[e] != flows || badf[e] != 0)
					err = err sprintf(" %s: %s of %d flows " \
					    "answered", e, answered[e], flows)
				for (p = 0; p < want[k]; p++) {
					if (rx[e, p] + 0 == 0)
						err = err sprintf(" %s rxq %d idle",
						    e, p)
					if (!((e, p) in cpu))
						err = err sprintf(" %s pair %d " \
						    "no irq", e, p)
				}
				for (p = want[k]; p < devq[k]; p++)
					if (rx[e, p] + 0 > 0)
						err = err sprintf(" %s unused " \
						    "rxq %d has %d", e, p,
						    rx[e, p])
			}
			if (err != "") {
				print "mismatch:" err
				exit 1
			}
			sep = ""
			for (k = 1; k <= n; k++) {
				e = name[k]
				printf "%s%s pairs %d (plan %d), %d flows " \
				    "answered", sep, e, pairs[e], want[k],
				    answered[e]
				for (p = 0; p < want[k]; p++)
					printf ", rxq%d %d on cpu %d", p,
					    rx[e, p], cpu[e, p]
				sep = "; "
			}
			printf "\n"
		}' "$dir/run.log" >"$dir/verdict" || {
		cat "$dir/run.log" "$dir/verdict"
		return 1
	}
	if [ -n "$bad" ]; then
		grep -q 'io-queues "4abc" is not a whole number' \
		    "$dir/run.log" || { echo "no log of the bad value";
		    return 1; }
	fi
	cat "$dir/verdict"
}

echo "$cases" | while read -r name cpus spec machine; do
	[ -n "$name" ] || continue
	if [ $# -gt 0 ]; then
		case " $* " in *" $name "*) ;; *) continue ;; esac
	fi
	printf '%-22s ' "$name"
	start=$(date +%s)
	if out=$(one "$name" "$cpus" "$spec" "$machine" 2>&1); then
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
