#!/bin/sh
# Runs the EXAMPLES of mqplan(1), as jq runs its manual's: every
# "$ mqplan ..." command of a literal display (continuation lines ending in
# "\e" joined) and every "run: mqplan ..." line of the workflow example.
# Where the page shows output under a command, the output must be exactly
# that (stdout and stderr, the page's line breaks ignored); where it shows
# none, the command must succeed (validate may exit 1: findings).  Commands of other tools (gcloud) are not
# run: tests/man/sandbox holds what they would have made.
#
# Each display runs in a fresh copy of the sandbox, with detection pointed
# at the GCE sysfs fixture and tests/fakes/fakemeta on 127.0.0.1.
set -u

# Only the fake may answer: nothing from the caller's environment may point
# detection anywhere else.
unset GCE_METADATA_HOST GCE_METADATA_IP NO_GCE_CHECK \
    AWS_EC2_METADATA_SERVICE_ENDPOINT AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE \
    AWS_EC2_METADATA_DISABLED AWS_EC2_METADATA_V1_DISABLED MQPLAN_SYSFS_ROOT

mqplan=$(cd "$(dirname "${1:-./mqplan}")" && pwd)/$(basename "${1:-./mqplan}")
page=man/mqplan.1
fake=obj/tests/fakemeta
top=$(pwd)
tmp=$(mktemp -d)
pid=
cleanup() {
	[ -z "$pid" ] || kill "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

"$fake" -m gce -t n2-standard-8 -n 1 -L 60 >"$tmp/port" &
pid=$!
i=0
while [ ! -s "$tmp/port" ] && [ $i -lt 100 ]; do
	sleep 0.02
	i=$((i + 1))
done
port=$(cat "$tmp/port")
[ -n "$port" ] || { echo "man examples: fakemeta did not start"; exit 1; }

# The displays of EXAMPLES, one file each, roff escapes undone.
sed -n '/^\.Sh EXAMPLES/,/^\.Sh SEE ALSO/p' "$page" | awk -v dir="$tmp" '
	/^\.Bd -literal/ { n++; inside = 1; next }
	/^\.Ed/ { inside = 0; next }
	inside {
		gsub(/\\e/, "\\"); gsub(/\\-/, "-"); gsub(/\\\(dq/, "\"")
		print > (dir "/display." n)
	}'

failed=0
ran=0
for d in "$tmp"/display.*; do
	box=$tmp/box
	rm -rf "$box"
	cp -R tests/man/sandbox "$box"
	# Commands (continuations joined), each followed by the output the
	# page shows under it, as "cmd" and "out" records.
	awk '
		cont { cmd = cmd " " $0
			if (!sub(/\\$/, "", cmd)) { print "cmd\t" cmd; cont = 0 }
			next }
		/^\$ / { cmd = substr($0, 3); started = 1
			if (sub(/\\$/, "", cmd)) cont = 1
			else print "cmd\t" cmd
			next }
		/^ *run: / { c = $0; sub(/^ *run: /, "", c); started = 1
			print "cmd\t" c; next }
		started { print "out\t" $0 }' "$d" | awk -F '\t' -v dir="$tmp" '
		$1 == "out" { print $2 > (dir "/want." n); next }
		{ n++; print $2 > (dir "/cmd." n) }
		END { print n + 0 > (dir "/count") }'
	count=$(cat "$tmp/count")
	k=0
	while [ "$k" -lt "$count" ]; do
		k=$((k + 1))
		cmd=$(cat "$tmp/cmd.$k")
		want=$tmp/want.$k
		case $cmd in
		mqplan\ *) ;;
		*) continue ;;
		esac
		ran=$((ran + 1))
		(cd "$box" && env MQPLAN_SYSFS_ROOT="$top/tests/data/sysfs/gce-virtio" \
		    GCE_METADATA_HOST="127.0.0.1:$port" \
		    sh -c "mqplan() { \"$mqplan\" \"\$@\"; }; $cmd") \
		    >"$tmp/got" 2>&1
		status=$?
		if [ -s "$want" ]; then
			tr '\n' ' ' <"$want" | tr -s ' ' >"$tmp/w"
			tr '\n' ' ' <"$tmp/got" | tr -s ' ' >"$tmp/g"
			if ! cmp -s "$tmp/w" "$tmp/g" || [ $status -gt 1 ]; then
				echo "man examples: $cmd: output differs" \
				    "(exit $status):"
				cat "$tmp/got"
				failed=$((failed + 1))
			fi
		elif [ $status -ne 0 ] && { [ $status -ne 1 ] ||
		    [ "${cmd#mqplan validate}" = "$cmd" ]; }; then
			# validate exits 1 on findings, as documented.
			echo "man examples: $cmd: exit $status:"
			cat "$tmp/got"
			failed=$((failed + 1))
		fi
	done
	rm -f "$tmp"/cmd.* "$tmp"/want.* "$tmp/count"
done
echo "man examples: $ran commands run, $failed failed"
[ "$failed" = 0 ] && [ "$ran" -gt 0 ]
