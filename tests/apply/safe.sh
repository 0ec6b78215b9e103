#!/bin/sh
# A failed or interrupted apply never damages the config: for each way a
# write can fail, the file keeps its bytes and no temporary file is left.
# Also: the mode is kept, a symlink is written through, and a file that
# changed on disk since apply read it is not overwritten.
#
#	usage: safe.sh mqplan failio.so
set -u

mqplan=$(realpath "${1:-./mqplan}")
shim=$(realpath "${2:-obj/tests/failio.so}")
tmp=$(mktemp -d)
trap 'umount "$tmp/full" 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
passed=0
failed=0
# The shim must come after the sanitizer runtime in SANITIZE=1 builds.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

config='{
  "CloudConfig": {"Platform": "gcp", "Flavor": "n2-standard-16"},
  "RunConfig": {"Ports": ["8080"]}
}'

check() {
	name=$1
	ok=$2
	if [ "$ok" = 1 ]; then
		passed=$((passed + 1))
	else
		echo "FAIL safe $name"
		failed=$((failed + 1))
	fi
}

# $1 = directory holding config.json; true if it is intact and alone.
intact() {
	printf '%s\n' "$config" | cmp -s - "$1/config.json" &&
	    [ "$(ls -A "$1")" = "config.json" ]
}

# Each step that can fail: the file keeps its bytes, the message says
# so and names the step.
for step in write:"cannot write the temporary file" \
    fsync:"cannot fsync the temporary file" \
    rename:"cannot rename the temporary file over it" \
    create:"cannot create a temporary file in"; do
	what=${step#*:}
	step=${step%%:*}
	d="$tmp/$step"
	mkdir "$d"
	printf '%s\n' "$config" >"$d/config.json"
	LD_PRELOAD="$shim" MQPLAN_FAIL=$step \
	    "$mqplan" apply -q -c "$d/config.json" >"$d.out" 2>&1
	status=$?
	intact "$d" && [ "$status" = 2 ] &&
	    grep -q "config.json: not changed: $what" "$d.out"
	check "$step fails" $((! $?))
done

# Another writer that takes no lock changes the file between read and
# write, in place or by rename, as late as the shim can place it: its
# change is kept and apply says it wrote nothing.  "change" strikes when
# the temporary file is made, also where the file system cannot exchange
# two files (noexchange: the plain rename after a last check).
for step in change foreign-inplace foreign-rename change,noexchange; do
	d="$tmp/$step"
	mkdir "$d"
	printf '%s\n' "$config" >"$d/config.json"
	LD_PRELOAD="$shim" MQPLAN_FAIL=$step MQPLAN_FAIL_PATH="$d/config.json" \
	    "$mqplan" apply -q -c "$d/config.json" >"$d.out" 2>&1
	status=$?
	printf '%s\n ' "$config" | cmp -s - "$d/config.json" &&
	    [ "$(ls -A "$d")" = "config.json" ] && [ "$status" = 2 ] &&
	    grep -q "not changed: it changed on disk since mqplan read it" \
	    "$d.out"
	check "other writer: $step" $((! $?))
done

# Without RENAME_EXCHANGE, apply still writes, by a plain rename.
d="$tmp/noexchange"
mkdir "$d"
printf '%s\n' "$config" >"$d/config.json"
LD_PRELOAD="$shim" MQPLAN_FAIL=noexchange "$mqplan" apply -q -c \
    "$d/config.json" >"$d.out" 2>&1
status=$?
[ "$status" = 0 ] && grep -q '"io-queues": "16"' "$d/config.json" &&
    [ "$(ls -A "$d")" = "config.json" ]
check "no exchange: plain rename" $((! $?))

# A file system without flock(2): apply writes, unlocked, and says so.
d="$tmp/nolock"
mkdir "$d"
printf '%s\n' "$config" >"$d/config.json"
LD_PRELOAD="$shim" MQPLAN_FAIL=nolock "$mqplan" apply -c "$d/config.json" \
    >"$d.out" 2>&1
status=$?
[ "$status" = 0 ] && grep -q '"io-queues": "16"' "$d/config.json" &&
    grep -q "config.json: not locked: the file system refuses flock(2) on $d (No locks available)" "$d.out"
check "no flock: written, with a warning" $((! $?))

# The directory cannot be synced: the file is replaced, and apply says
# the change may not survive a crash.
d="$tmp/dirsync"
mkdir "$d"
printf '%s\n' "$config" >"$d/config.json"
LD_PRELOAD="$shim" MQPLAN_FAIL=dirsync "$mqplan" apply -q -c \
    "$d/config.json" >"$d.out" 2>&1
status=$?
[ "$status" = 2 ] && grep -q '"io-queues": "16"' "$d/config.json" &&
    [ "$(ls -A "$d")" = "config.json" ] &&
    grep -q "config.json: replaced, but its directory .* could not be synced: .*; the change may not survive a crash" "$d.out"
check "directory sync fails" $((! $?))

# In place, a failed write is undone from the copy and said so.
d="$tmp/pwrite"
mkdir "$d"
printf '%s\n' "$config" >"$d/config.json"
LD_PRELOAD="$shim" MQPLAN_FAIL=pwrite "$mqplan" apply -q --in-place -c \
    "$d/config.json" >"$d.out" 2>&1
status=$?
intact "$d" && [ "$status" = 2 ] &&
    grep -q "not changed: cannot write in place: .*; the old content was put back" "$d.out"
check "in place: write fails" $((! $?))

# ... and when it cannot be undone, the message says where the old
# content is kept, and it is there.
d="$tmp/pwrites"
mkdir "$d"
printf '%s\n' "$config" >"$d/config.json"
LD_PRELOAD="$shim" MQPLAN_FAIL=pwrites "$mqplan" apply -q --in-place -c \
    "$d/config.json" >"$d.out" 2>&1
status=$?
kept=$(sed -n 's/.*its old content is in \(.*\)$/\1/p' "$d.out")
[ "$status" = 2 ] && [ -n "$kept" ] &&
    printf '%s\n' "$config" | cmp -s - "$kept" &&
    grep -q "config.json: cannot write in place: .*; the file may be damaged" \
    "$d.out"
check "in place: write fails, cannot be undone" $((! $?))

# A name of NAME_MAX bytes: the temporary file's name must fit too.
d="$tmp/long"
mkdir "$d"
long=$(printf '%0250d' 0).json
printf '%s\n' "$config" >"$d/$long"
"$mqplan" apply -q -c "$d/$long" >"$d.out" 2>&1
status=$?
[ "$status" = 0 ] && grep -q '"io-queues": "16"' "$d/$long" &&
    [ "$(ls -A "$d")" = "$long" ]
check "name of 255 bytes" $((! $?))

# Interrupted mid-write (each write takes 3 s): SIGTERM ends apply at
# once, not after the write, and the file holds the old text, whole, with
# no temporary file left.
d="$tmp/interrupt"
mkdir "$d"
printf '%s\n' "$config" >"$d/config.json"
(LD_PRELOAD="$shim" MQPLAN_FAIL=slow exec "$mqplan" apply -q -c \
    "$d/config.json" >/dev/null 2>&1) &
pid=$!
sleep 0.3
start=$(date +%s%N)
kill -TERM "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
status=$?
took=$((($(date +%s%N) - start) / 1000000))
intact "$d" && [ "$status" = 143 ] && [ "$took" -lt 1500 ]
check "interrupted write (ended ${took} ms after SIGTERM)" $((! $?))

# A full file system: tmpfs of 8 KiB holding a config of about 5 KiB.
d="$tmp/full"
mkdir "$d"
if mount -t tmpfs -o size=8k tmpfs "$d" 2>"$tmp/mount.err"; then
	pad=$(head -c 5000 /dev/zero | tr '\0' 'x')
	config="{\"CloudConfig\": {\"Platform\": \"gcp\", \"Flavor\": \
\"n2-standard-16\"}, \"Env\": {\"PAD\": \"$pad\"}}"
	printf '%s\n' "$config" >"$d/config.json"
	"$mqplan" apply -q -c "$d/config.json" >"$tmp/full.out" 2>&1
	status=$?
	intact "$d" && [ "$status" = 2 ] &&
	    grep -q "No space left on device" "$tmp/full.out"
	check "full file system" $((! $?))
	# The same file system read-only: nothing can be created.
	mount -o remount,ro "$d"
	"$mqplan" apply -q -c "$d/config.json" >"$tmp/ro.out" 2>&1
	status=$?
	intact "$d" && [ "$status" = 2 ] &&
	    grep -q "Read-only file system" "$tmp/ro.out"
	check "read-only file system" $((! $?))
	umount "$d"
	config='{
  "CloudConfig": {"Platform": "gcp", "Flavor": "n2-standard-16"},
  "RunConfig": {"Ports": ["8080"]}
}'
else
	echo "FAIL safe full file system: cannot mount a tmpfs:" \
	    "$(cat "$tmp/mount.err")"
	failed=$((failed + 2))
fi

# The mode is kept and a symlink is written through to its target.
d="$tmp/link"
mkdir "$d" "$d/real"
printf '%s\n' "$config" >"$d/real/config.json"
chmod 640 "$d/real/config.json"
ln -s real/config.json "$d/config.json"
"$mqplan" apply -q -c "$d/config.json" >/dev/null 2>&1
status=$?
[ "$status" = 0 ] && [ -L "$d/config.json" ] &&
    [ "$(stat -c %a "$d/real/config.json")" = 640 ] &&
    grep -q '"io-queues": "16"' "$d/real/config.json" &&
    [ "$(ls -A "$d/real")" = "config.json" ]
check "mode and symlink" $((! $?))

# As an unprivileged user: an unreadable config is one clear error, and a
# config in a directory it cannot write to is left as it was.
chmod 755 "$tmp"
# A copy, since the user may not reach the build tree.
cp "$mqplan" "$tmp/mqplan"
chmod 755 "$tmp/mqplan"
d="$tmp/perm"
mkdir "$d"
printf '%s\n' "$config" >"$d/config.json"
chmod 000 "$d/config.json"
nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
$nobody "$tmp/mqplan" validate "$d/config.json" >"$tmp/perm.out" 2>&1
status=$?
[ "$status" = 2 ] &&
    [ "$(cat "$tmp/perm.out")" = "mqplan: $d/config.json: Permission denied" ]
check "unreadable config" $((! $?))
chmod 644 "$d/config.json"
chown 65534:65534 "$d/config.json"
chmod 555 "$d"
$nobody "$tmp/mqplan" apply -q -c "$d/config.json" >"$tmp/ro.out" 2>&1
status=$?
intact "$d" && [ "$status" = 2 ] &&
    grep -q "config.json: not changed: cannot create a temporary file in $d: Permission denied" "$tmp/ro.out"
check "read-only directory" $((! $?))
chmod 755 "$d"

echo "safe: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
