#!/bin/sh
# Concurrent writers lose nothing.
#
# Two applies on one file at once, one making the en1 tuple and the other
# the en2 tuple, for ROUNDS rounds: both tuples must be in the file
# afterwards (each apply takes io-queues out of the other's tuple, whose
# NIC it plans as a gVNIC, but keeps the tuple), and each run must have
# said truthfully what it did ("written").  Then a foreign
# writer that takes no lock rewrites the file, in place or by rename, at
# a random moment while apply runs: its change must be in the file
# afterwards unless its write went to a file apply had already replaced
# (the window mqplan(1) documents; counted, not a loss), and apply must
# either have written or said the file changed on disk.
#
#	usage: race.sh mqplan [rounds] [foreign-rounds]
set -u

mqplan=$(realpath "${1:-./mqplan}")
rounds=${2:-200}
frounds=${3:-60}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
checked=0
failed=0

base='{
  "CloudConfig": {"Platform": "gcp", "Flavor": "n2-standard-16"},
  "Env": {"FOREIGN": "0"},
  "ManifestPassthrough": {
    "mtu": "1460"
  }
}'

# en1 only (en2 a gVNIC: no tuple made for it), and en2 only (en1 a
# gVNIC).  Run one after the other, in either order, both tuples are
# there; an apply that read the file before the other wrote it would
# leave only its own.
one() {
	"$mqplan" apply -c "$tmp/config.json" --nics 2 --nic en2=gvnic \
	    --io-queues en1=3
}
two() {
	"$mqplan" apply -c "$tmp/config.json" --nics 2 --nic en1=gvnic \
	    --io-queues en2=5
}

# 1 if the output in $1 ends with "FILE: written", else 0.
written() {
	w=0
	while IFS= read -r line; do
		case $line in *': written') w=1 ;; *) w=0 ;; esac
	done <"$1"
	echo "$w"
}

lost=0
untrue=0
failedrun=0
i=0
while [ "$i" -lt "$rounds" ]; do
	i=$((i + 1))
	printf '%s\n' "$base" >"$tmp/config.json"
	one >"$tmp/one.out" 2>&1 &
	p1=$!
	two >"$tmp/two.out" 2>&1 &
	p2=$!
	wait "$p1"
	s1=$?
	wait "$p2"
	s2=$?
	# Shell builtins only: 200 rounds must stay quick.
	flat=
	while IFS= read -r line; do
		flat="$flat$line"
	done <"$tmp/config.json"
	has1=0
	has2=0
	case $flat in *'"en1": {'*'"mtu": "1460"'*) has1=1 ;; esac
	case $flat in *'"en2": {'*) has2=1 ;; esac
	[ "$has1$has2" = 11 ] || lost=$((lost + 1))
	# Each run changed its interface: it must have said "written",
	# and what it says must be true.
	said1=$(written "$tmp/one.out")
	said2=$(written "$tmp/two.out")
	if [ "$s1$s2" != 00 ] || [ "$said1$said2" != 11 ]; then
		failedrun=$((failedrun + 1))
		[ "$failedrun" = 1 ] && cat "$tmp/one.out" "$tmp/two.out"
	fi
	if [ "$said1$has1" = 10 ] || [ "$said2$has2" = 10 ]; then
		untrue=$((untrue + 1))
	fi
done
echo "race: two applies, $rounds rounds: $lost lost an edit, $untrue" \
    "said written of a lost edit, $failedrun with a run that failed"
checked=$((checked + 1))
if [ "$lost" != 0 ] || [ "$untrue" != 0 ] || [ "$failedrun" != 0 ]; then
	echo "FAIL race two applies"
	failed=$((failed + 1))
fi

# The foreign writer: a read-modify-write that sets Env.FOREIGN to its
# round number, in place (truncate and write the same inode) or by
# rename.  In place, it tells whether its file was still linked after its
# write: if not, apply had replaced it in between (the window).
foreign() {
	sleep "0.00$(($(od -An -N1 -tu1 /dev/urandom) % 8))"
	sed "s/\"FOREIGN\": \"[0-9]*\"/\"FOREIGN\": \"$1\"/" \
	    "$tmp/config.json" >"$tmp/foreign.new"
	if [ "$2" = inplace ]; then
		exec 3>"$tmp/config.json"
		cat "$tmp/foreign.new" >&3
		links=$(stat -L -c %h "/proc/$$/fd/3" 2>/dev/null || echo 1)
		exec 3>&-
		[ "$links" = 0 ] && echo orphan >"$tmp/foreign.orphan"
	else
		mv "$tmp/foreign.new" "$tmp/config.json"
	fi
}

kept=0
refused=0
window=0
flost=0
funtrue=0
i=0
while [ "$i" -lt "$frounds" ]; do
	i=$((i + 1))
	how=rename
	[ $((i % 2)) = 0 ] && how=inplace
	printf '%s\n' "$base" >"$tmp/config.json"
	rm -f "$tmp/foreign.orphan"
	one >"$tmp/one.out" 2>&1 &
	p1=$!
	(foreign "$i" "$how") &
	p2=$!
	wait "$p1"
	s1=$?
	wait "$p2"
	if [ "$s1" = 0 ] && grep -q ': written$' "$tmp/one.out"; then
		:
	elif [ "$s1" = 2 ] && grep -q -e 'changed on disk' \
	    -e 'empty file' -e 'value expected' -e 'end of file' \
	    "$tmp/one.out"; then
		# Refused, or read the file while the writer had emptied it.
		refused=$((refused + 1))
	else
		funtrue=$((funtrue + 1))
		cat "$tmp/one.out"
	fi
	if grep -q "\"FOREIGN\": \"$i\"" "$tmp/config.json"; then
		kept=$((kept + 1))
	elif [ -f "$tmp/foreign.orphan" ]; then
		window=$((window + 1))
	else
		flost=$((flost + 1))
	fi
	# Never a temporary file left behind.
	if [ "$(ls -A "$tmp" | grep -c '^\.mqplan')" != 0 ]; then
		funtrue=$((funtrue + 1))
		echo "temporary file left: $(ls -A "$tmp")"
		rm -f "$tmp"/.mqplan.*
	fi
done
echo "race: foreign writer, $frounds rounds: $kept kept, $window in the" \
    "documented window, $flost lost; apply refused $refused," \
    "$funtrue untrue"
checked=$((checked + 1))
if [ "$flost" != 0 ] || [ "$funtrue" != 0 ]; then
	echo "FAIL race foreign writer"
	failed=$((failed + 1))
fi

# The lock other programs can take: flock(1) on the config's directory,
# held here by this shell on descriptor 9.
lockcheck() {
	checked=$((checked + 1))
	if [ "$2" != 0 ]; then
		echo "FAIL race $1"
		sed 's/^/	/' "$tmp/one.out"
		failed=$((failed + 1))
	fi
}
printf '%s\n' "$base" >"$tmp/config.json"
exec 9<"$tmp"
flock -x 9
"$mqplan" apply -c "$tmp/config.json" --wait 0 >"$tmp/one.out" 2>&1
status=$?
printf '%s\n' "$base" | cmp -s - "$tmp/config.json" && [ "$status" = 2 ] &&
    grep -q "config.json: not changed: another writer has held the lock on $tmp for 0 s; try again" "$tmp/one.out"
lockcheck "lock held: --wait 0 refuses at once" $?
# SIGTERM while waiting for the lock ends apply at once, nothing changed.
one >"$tmp/one.out" 2>&1 &
p1=$!
sleep 0.2
kill -TERM "$p1"
wait "$p1" 2>/dev/null
status=$?
printf '%s\n' "$base" | cmp -s - "$tmp/config.json" && [ "$status" = 143 ] &&
    [ "$(ls -A "$tmp" | grep -c '^\.mqplan')" = 0 ]
lockcheck "SIGTERM while waiting for the lock" $?
# Held a while longer: apply waits, then writes.
(sleep 0.3; flock -u 9) &
exec 9<&-
one >"$tmp/one.out" 2>&1
status=$?
[ "$status" = 0 ] && grep -q '"io-queues": "3"' "$tmp/config.json" &&
    grep -q ': written$' "$tmp/one.out"
lockcheck "lock held a while: apply waits" $?
wait

echo "race: $checked checked, $failed failed"
[ "$failed" -eq 0 ]
