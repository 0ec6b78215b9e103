#!/bin/sh
# The real Nanos kernel against mqplan's promises (tests/nanos/README.md).
# Each case writes a config with `mqplan apply` (or by hand, where the
# case says so), turns it into the manifest ops would build
# (tests/nanos/opsman), boots Nanos with it (tests/nanos/run.sh) and
# checks what Nanos did:
#
#	iq	pairs Nanos sets up on en1 == `mqplan plan --format json`
#	bad	a malformed io-queues put in by hand: Nanos sets up the pairs
#		`mqplan validate --format json` says it will
#	static	RunConfig's static IPv4 answers ping after apply
#	bare	control: the same address with a hand-written bare en1 tuple
#		does not answer (Nanos ignores the root address)
#	accept	the issue's acceptance config: after apply, validate
#		--fail-on warning is clean, the address answers, en1 has the
#		root MTU, and the manifest's en1 tuple holds ip6addr and
#		exec_wait_for_ip4_secs
#	nics	RunConfig.Nics with two entries: both interfaces' pairs as
#		planned, and both addresses answer
#	rootbad	a malformed root io-queues by hand, no en1 tuple: Nanos
#		reads it for en1 and sets up the pairs validate says
#	rootapply a root io-queues, then apply: validate --fail-on warning
#		is clean, en1 has the planned pairs, and the manifest holds
#		io-queues only in the en1 tuple
#	multi	`apply --nics N` with io-queues per NIC ("-": none asked
#		for): the config has every enK's io-queues, and the pairs
#		Nanos sets up on each NIC == `mqplan plan --nics N`'s
#	en1only	`apply --nics 1`: no en2 tuple, and the pairs Nanos sets up
#		on en2 by default == what `mqplan plan --nics N` plans for it
#
# "-hand" cases boot the config apply should write, written by hand, so
# that the kernel side is proved even where apply falls short.
#
# The device's queue count (the tap's queues) reaches mqplan through a
# policy whose rule is min = cap = that count, as in tests/guest/matrix.sh;
# where the NICs' taps differ, through --queue-count enK=queues per NIC
# (GCE's custom queue count, whose sum must stay within the CPUs).
#
# usage: tests/nanos/matrix.sh [./mqplan] [case-name...]
#
# Environment: NANOS_DIR (default ../shared/nanos), JOBS (boots at once,
# default 2).  Needs root, qemu-system-x86_64, ip(8), ping(8), python3.
# Fails, never skips, when it cannot run: a tier that does not run proves
# nothing, and .ci/run runs only `make check`.
set -u

mqplan=${1:-./mqplan}
[ $# -gt 0 ] && shift
run=tests/nanos/run.sh
data=tests/nanos/data
jobs=${JOBS:-2}
limit=${LIMIT:-30}
NANOS_DIR=${NANOS_DIR:-../shared/nanos}
export NANOS_DIR

# name			cpus	queues	kind	value
cases='
iq2-c3-q4		3	4	iq	2
iq3-above-device-c4-q2	4	2	iq	3
iq4-above-cpus-c3-q4	3	4	iq	4
unset-c4-q4		4	4	iq	-
bad-4abc-c5-q5		5	5	bad	4abc
bad-0-c3-q3		3	3	bad	0
bad-2.0-c3-q3		3	3	bad	2.0
bad-1e1-c3-q3		3	3	bad	1e1
bad-empty-c3-q3		3	3	bad	-
static-ip		2	2	static	2
bare-en1		2	2	bare	2
accept			2	2	accept	2
accept-hand		2	2	accept-hand	2
nics			2	2,2	nics	2
nics-hand		2	2,2	nics-hand	2
root-bad-3abc-c4-q4	4	4	rootbad	3abc
root-apply-c4-q4	4	4	rootapply	2
nics2-iq2-iq3-c4-q4,4	4	4,4	multi	2,3
nics2-en2-unset-c5-q3,2	5	3,2	multi	1,-
nics2-en2-above-c5-q3,2	5	3,2	multi	3,4
nics2-en1only-c2-q3,3	2	3,3	en1only	1
nics3-c6-q2,3,1		6	2,3,1	multi	1,2,-
'

fail() {
	echo "nanos: $*" >&2
	exit 1
}

for f in kernel.img boot.img mkfs dump; do
	[ -r "$NANOS_DIR/$f" ] || fail "no Nanos kernel in $NANOS_DIR" \
	    "(kernel.img, boot.img, mkfs, dump): set NANOS_DIR=/path/to/nanos"
done
[ "$(id -u)" = 0 ] || fail "needs root (network namespace, tap)"
for c in qemu-system-x86_64 ip ping python3; do
	command -v $c >/dev/null || fail "$c missing (tools/deps.sh installs it)"
done
[ -x "$mqplan" ] || fail "no $mqplan"
[ -x obj/tests/opsman ] && [ -x obj/tests/nanos/hold ] ||
    fail "no obj/tests/opsman or obj/tests/nanos/hold"
case $jobs in ''|*[!0-9]*|0) fail "JOBS must be a positive number" ;; esac

tmp=$(mktemp -d) || fail "mktemp failed"
trap 'rm -rf "$tmp"' EXIT

# Per interface, "enN queues" from `mqplan plan --format json`.
plan_queues() {
	"$mqplan" plan "$@" --format json | python3 -c '
import json, sys
for i in json.load(sys.stdin)["interfaces"]:
    print(i["name"], i["queues"])'
}

# The io-queues value validate says Nanos will use for en1, from its
# message (validate has no field for it): a number, "default" for the
# device's maximum capped at the CPUs, or nothing if it says neither.
validate_claim() {
	python3 -c '
import json, re, sys
for f in json.load(sys.stdin)["files"]:
    for x in f["findings"]:
        if x["id"] != "io-queues-not-decimal":
            continue
        m = re.search(r"Nanos reads only the leading digits, ([0-9]+):",
                      x["message"])
        if m:
            print(m.group(1))
        elif re.search(r"uses the device.s maximum, capped at the CPUs",
                       x["message"]):
            print("default")'
}

# The value of KEY inside the enN tuple of a manifest opsman wrote.
tuple_key() {
	grep -o "$1:([^)]*)" "$3" | tr ' ()' '\n\n\n' | sed -n "s/^$2://p"
}

# One case: prints what it checked on success; returns non-zero with the
# reason on the first mismatch.
one() {
	name=$1 cpus=$2 queues=$3 kind=$4 value=$5
	dir=$tmp/$name
	mkdir -p "$dir"
	devq=${queues%%,*}
	nics=$(echo "$queues" | tr , '\n' | wc -l)
	printf 'version: 1\nrules:\n  gcp:\n    virtio-net:\n      share: false\n      divisor: 1\n      min: %s\n      cap: %s\n' \
	    "$devq" "$devq" >"$dir/policy.yaml"
	set -- --platform gcp --nic virtio-net --vcpus "$cpus" \
	    --policy "$dir/policy.yaml"
	[ "$nics" -gt 1 ] && set -- "$@" --nics "$nics"
	# NICs whose taps differ: each device's queues as GCE's custom
	# queue count.
	if [ "$(echo "$queues" | tr , '\n' | sort -u | wc -l)" -gt 1 ]; then
		k=0
		for q in $(echo "$queues" | tr , ' '); do
			k=$((k + 1))
			set -- "$@" --queue-count "en$k=$q"
		done
	fi
	cfg=$dir/config.json
	pings= want_no= want_mtu= claim=
	case $kind in
	iq)
		cp "$data/base.json" "$cfg"
		[ "$value" = - ] || set -- "$@" --io-queues "en1=$value"
		"$mqplan" apply -q -c "$cfg" "$@" >/dev/null ||
		    { echo "apply failed"; return 1; }
		grep -q '"io-queues": "[0-9]*"' "$cfg" ||
		    { cat "$cfg"; echo "apply wrote no io-queues"; return 1; }
		plan_queues "$@" >"$dir/want" ;;
	bad|rootbad)
		[ "$value" = - ] && value=
		mp="{\"en1\": {\"io-queues\": \"$value\"}}"
		# Nanos reads the root one for en1 while there is no en1 tuple.
		[ "$kind" = rootbad ] && mp="{\"io-queues\": \"$value\"}"
		sed "s/^  \"Env\"/  \"ManifestPassthrough\": $mp,\n  \"Env\"/" \
		    "$data/base.json" >"$cfg"
		"$mqplan" validate -q --format json "$@" "$cfg" \
		    >"$dir/validate.json"
		[ $? = 1 ] || { cat "$dir/validate.json";
		    echo "validate passed io-queues \"$value\""; return 1; }
		claim=$(validate_claim <"$dir/validate.json")
		case $claim in
		default)
			plan_queues "$@" >"$dir/want" ;;
		[0-9]*)
			plan_queues "$@" --io-queues "en1=$claim" >"$dir/want" ;;
		*)
			cat "$dir/validate.json"
			echo "validate says nothing about what Nanos does"
			return 1 ;;
		esac ;;
	static|accept|nics)
		cp "$data/$kind.json" "$cfg"
		en2=
		[ "$nics" -gt 1 ] && en2=en2=1
		"$mqplan" apply -q -c "$cfg" "$@" --io-queues "en1=$value" \
		    ${en2:+--io-queues "$en2"} >/dev/null ||
		    { echo "apply failed"; return 1; }
		# What apply wrote, validate passes (issue 12 acceptance).
		"$mqplan" validate -q --fail-on warning "$@" "$cfg" \
		    >"$dir/validate" 2>&1 || { cat "$cfg" "$dir/validate";
		    echo "validate --fail-on warning fails after apply";
		    return 1; } ;;
	rootapply)
		sed "s/^  \"Env\"/  \"ManifestPassthrough\": {\"io-queues\": \"3\"},\n  \"Env\"/" \
		    "$data/base.json" >"$cfg"
		"$mqplan" apply -q -c "$cfg" "$@" --io-queues "en1=$value" \
		    >/dev/null || { echo "apply failed"; return 1; }
		"$mqplan" validate -q --fail-on warning "$@" "$cfg" \
		    >"$dir/validate" 2>&1 || { cat "$cfg" "$dir/validate";
		    echo "validate --fail-on warning fails after apply";
		    return 1; }
		plan_queues "$@" --io-queues "en1=$value" >"$dir/want" ;;
	bare)
		cp "$data/bare-en1.json" "$cfg" ;;
	accept-hand)
		cp "$data/accept-hand.json" "$cfg" ;;
	nics-hand)
		cp "$data/nics-hand.json" "$cfg" ;;
	multi|en1only)
		cp "$data/base.json" "$cfg"
		k=0 tuples=$nics
		for v in $(echo "$value" | tr , ' '); do
			k=$((k + 1))
			[ "$v" = - ] || set -- "$@" --io-queues "en$k=$v"
		done
		if [ "$kind" = en1only ]; then
			tuples=1
			"$mqplan" apply -q -c "$cfg" "$@" --nics 1 >/dev/null
		else
			"$mqplan" apply -q -c "$cfg" "$@" >/dev/null
		fi || { echo "apply failed"; return 1; }
		# apply wrote an io-queues for every NIC it was told of, and
		# no tuple beyond them.
		python3 - "$cfg" "$tuples" <<-'EOF' || return 1
			import json, sys
			mp = json.load(open(sys.argv[1])).get("ManifestPassthrough", {})
			n = int(sys.argv[2])
			got = sorted(k for k in mp if k.startswith("en"))
			want = ["en%d" % k for k in range(1, n + 1)]
			bad = [k for k in want
			       if not str(mp.get(k, {}).get("io-queues", "")).isdigit()]
			if got != want or bad:
			    print(json.dumps(mp))
			    sys.exit("apply wrote tuples %s, want %s each with io-queues"
			             % (" ".join(got) or "none", " ".join(want)))
			EOF
		# The plan says what each device exposes: the tap's queues.
		"$mqplan" plan "$@" --format json | python3 -c '
import json, sys
for i in json.load(sys.stdin)["interfaces"]:
    print(i["device_queues"])' | tr '\n' , >"$dir/devq"
		[ "$(cat "$dir/devq")" = "$queues," ] || { cat "$dir/devq";
		    echo "plan's device queues are not the taps' $queues";
		    return 1; }
		plan_queues "$@" >"$dir/want" ;;
	esac
	case $kind in
	static|accept*)
		plan_queues "$@" --io-queues "en1=$value" >"$dir/want"
		pings=10.99.0.7 ;;
	bare)
		plan_queues "$@" --io-queues "en1=$value" >"$dir/want"
		want_no=10.99.0.7 ;;
	nics*)
		plan_queues "$@" --io-queues "en1=$value" --io-queues en2=1 \
		    >"$dir/want"
		pings="10.99.0.7 10.99.1.7" ;;
	esac
	case $kind in accept*) want_mtu=1400 ;; esac
	[ "$(wc -l <"$dir/want")" = "$nics" ] ||
	    { cat "$dir/want"; echo "plan gave no queues for $nics NICs"; return 1; }

	set --
	for a in $pings $want_no; do
		set -- "$@" -p "$a"
	done
	sh "$run" -c "$cpus" -q "$queues" -f "$cfg" -t "$limit" -o "$dir/keep" \
	    "$@" >"$dir/run.log" 2>&1
	rc=$?
	if [ $rc != 0 ]; then
		cat "$dir/run.log"
		echo "run.sh exit $rc"
		return 1
	fi
	err=
	while read -r ifc want; do
		got=$(sed -n "s/^pairs $ifc \([0-9]*\) tap \([0-9]*\)$/\1 \2/p" \
		    "$dir/run.log")
		[ "$got" = "$want $want" ] ||
		    err="$err; $ifc pairs (QMP, tap) '$got', plan says $want"
	done <"$dir/want"
	for a in $pings; do
		grep -q "^ping $a ok$" "$dir/run.log" ||
		    err="$err; $a does not answer ping"
	done
	for a in $want_no; do
		grep -q "^ping $a no answer$" "$dir/run.log" ||
		    err="$err; $a answers ping (control: should not)"
		grep -q "^iface en1 addr none " "$dir/run.log" ||
		    err="$err; en1 has an address (control: should not)"
	done
	# apply took the root io-queues out: only en1's tuple has one.
	if [ "$kind" = rootapply ] && { [ "$(grep -o 'io-queues:' \
	    "$dir/keep/manifest" | wc -l)" != 1 ] ||
	    [ "$(tuple_key en1 io-queues "$dir/keep/manifest")" != "$value" ]; }
	then
		err="$err; the manifest holds io-queues elsewhere than en1's tuple"
	fi
	# ops' manifest (opsman) carries each tuple's io-queues from the
	# config, and no tuple where apply wrote none.
	iqs=
	case $kind in
	multi|en1only)
		k=0
		while read -r ifc want; do
			k=$((k + 1))
			mv=$(tuple_key "$ifc" io-queues "$dir/keep/manifest")
			cv=$(python3 -c 'import json, sys
print(json.load(open(sys.argv[1]))["ManifestPassthrough"].get(sys.argv[2],
    {}).get("io-queues", ""))' "$cfg" "$ifc")
			[ "$mv" = "$cv" ] || err="$err; the manifest's $ifc io-queues"
			[ "$mv" = "$cv" ] || err="$err '$mv', the config's '$cv'"
			[ $k -le "$tuples" ] || [ -z "$mv" ] ||
			    err="$err; the manifest has an $ifc io-queues apply did not write"
			iqs="$iqs${iqs:+, }$ifc io-queues ${mv:-none}"
		done <"$dir/want" ;;
	esac
	if [ -n "$want_mtu" ]; then
		grep -q "^iface en1 addr .* mtu $want_mtu$" "$dir/run.log" ||
		    err="$err; en1 MTU is not $want_mtu"
		for k in ip6addr:fd99::7 exec_wait_for_ip4_secs:5; do
			[ "$(tuple_key en1 "${k%%:*}" "$dir/keep/manifest")" = \
			    "${k#*:}" ] ||
			    err="$err; the manifest's en1 tuple has no ${k%%:*} ${k#*:}"
		done
	fi
	if [ -n "$err" ]; then
		cat "$dir/run.log"
		[ -r "$dir/keep/manifest" ] && sed 's/^/manifest: /' \
		    "$dir/keep/manifest"
		echo "mismatch${err#;}"
		return 1
	fi
	[ -z "$iqs" ] || printf '%s: ' "$iqs"
	printf '%s' "$(sed -n 's/^\(pairs en[0-9]* [0-9]*\) tap .*/\1/p' \
	    "$dir/run.log" | sed '2,$s/^/, /' | tr -d '\n')"
	for a in $pings; do printf ', %s answers' "$a"; done
	for a in $want_no; do printf ', %s silent' "$a"; done
	[ -z "$want_mtu" ] || printf ', mtu %s' "$want_mtu"
	[ -z "${claim:-}" ] || printf ', validate says %s' "$claim"
	printf ' (%s)\n' "$(sed -n 's/^run.sh: ready after .*, \([0-9]*\) ms in all/\1 ms/p' \
	    "$dir/run.log")"
}

# Runs the cases numbered slot, slot + jobs, ... one after the other.
lane() {
	slot=$1
	shift
	n=0
	echo "$cases" | while read -r name cpus queues kind value; do
		[ -n "$name" ] || continue
		n=$((n + 1))
		if [ $# -gt 0 ]; then
			case " $* " in *" $name "*) ;; *) continue ;; esac
		fi
		[ $((n % jobs)) = "$slot" ] || continue
		start=$(date +%s%N)
		if out=$(one "$name" "$cpus" "$queues" "$kind" "$value" 2>&1)
		then
			r="ok"
		else
			r="FAIL"
		fi
		ms=$((($(date +%s%N) - start) / 1000000))
		{
			printf '%-26s %s (%d.%d s)' "$name" "$r" $((ms / 1000)) \
			    $((ms % 1000 / 100))
			if [ $r = ok ]; then
				echo ": $out"
			else
				echo
				echo "$out" | sed 's/^/    /'
			fi
		} >"$tmp/result.$n"
		echo "$r" >"$tmp/status.$n"
	done
}

start=$(date +%s)
slot=0
while [ $slot -lt "$jobs" ]; do
	lane "$slot" "$@" &
	slot=$((slot + 1))
done
wait
n=0 checked=0 failed=0
# A case its lane never finished has no result: it fails, it is not
# left out of the count.
echo "$cases" | while read -r name rest; do
	[ -n "$name" ] || continue
	n=$((n + 1))
	if [ $# -gt 0 ]; then
		case " $* " in *" $name "*) ;; *) continue ;; esac
	fi
	if [ -r "$tmp/result.$n" ] && [ -r "$tmp/status.$n" ]; then
		cat "$tmp/result.$n"
	else
		echo "$name FAIL: no result (its lane ended before it)"
		echo FAIL >"$tmp/status.$n"
	fi
done
for f in "$tmp"/status.*; do
	[ -r "$f" ] || continue
	checked=$((checked + 1))
	[ "$(cat "$f")" = ok ] || failed=$((failed + 1))
done
echo "nanos: $checked checked, $failed failed ($(($(date +%s) - start)) s)"
[ "$failed" = 0 ] && [ "$checked" -gt 0 ]
