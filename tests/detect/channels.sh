#!/bin/sh
# ETHTOOL_GCHANNELS on a real device: obj/tests/channels reads a veth
# pair's channels inside a network namespace made here, which is removed
# again.  Needs root (ip netns); without it the case fails, saying so.
#
#	usage: channels.sh
set -u

channels=obj/tests/channels
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
checked=1
failed=0
ns=mqplan-test-$$

if [ "$(id -u)" != 0 ]; then
	echo "FAIL channels: needs root to make a network namespace" \
	    "(run make check as root)"
	failed=1
elif ! [ -x "$channels" ]; then
	echo "FAIL channels: no $channels (make obj/tests/channels)"
	failed=1
elif ip netns add "$ns" 2>"$tmp/err"; then
	ip netns exec "$ns" ip link add mq0 type veth peer name mq1 \
	    2>>"$tmp/err" &&
	    ip netns exec "$ns" "$channels" mq0 >"$tmp/out" 2>>"$tmp/err"
	rc=$?
	ip netns del "$ns"
	if ! { [ $rc = 0 ] &&
	    grep -Eq '^max_rx [1-9][0-9]* max_tx [1-9]' "$tmp/out"; }; then
		echo "FAIL channels: ETHTOOL_GCHANNELS on a veth"
		sed 's/^/    /' "$tmp/out" "$tmp/err"
		failed=1
	fi
else
	echo "FAIL channels: cannot make a network namespace:" \
	    "$(cat "$tmp/err")"
	failed=1
fi

echo "channels: $checked checked, $failed failed"
[ "$failed" -eq 0 ]
