#!/bin/sh
# apply and the files it must not write, or must write with care: FIFOs
# and standard input (refused at once, never a hang), hard links (refused,
# or written in place with --in-place), files the user could not write
# or whose owner or group a replacement could not keep (refused as an
# unprivileged user), ACLs (kept), and --dry-run --exit-code.
#
#	usage: files.sh mqplan
set -u

mqplan=$(realpath "${1:-./mqplan}")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
checked=0
failed=0
chmod 755 "$tmp"
# A copy the unprivileged user can reach.
cp "$mqplan" "$tmp/mqplan"
chmod 755 "$tmp/mqplan"
nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"

config='{
  "CloudConfig": {"Platform": "gcp", "Flavor": "n2-standard-16"},
  "RunConfig": {"Ports": ["8080"]}
}'

check() {
	checked=$((checked + 1))
	if [ "$2" != 0 ]; then
		echo "FAIL files $1"
		[ -f "$tmp/out" ] && sed 's/^/	/' "$tmp/out"
		failed=$((failed + 1))
	fi
}

# $1: a file; true if it still holds $config, unchanged.
intact() {
	printf '%s\n' "$config" | cmp -s - "$1"
}

fresh() {
	rm -rf "$tmp/d"
	mkdir "$tmp/d"
	chmod 755 "$tmp/d"
	printf '%s\n' "$config" >"$tmp/d/config.json"
}

# A FIFO nobody writes to: refused at once, never a hang with signals held.
fresh
mkfifo "$tmp/d/fifo.json"
timeout -k 1 5 "$mqplan" apply -c "$tmp/d/fifo.json" >"$tmp/out" 2>&1
status=$?
[ "$status" = 2 ] &&
    grep -q 'fifo.json: a FIFO or pipe, not a regular file: apply reads and writes regular files only' "$tmp/out"
check "apply on a FIFO" $?
timeout -k 1 5 "$mqplan" apply --dry-run -c "$tmp/d/fifo.json" \
    >"$tmp/out" 2>&1
[ $? = 2 ] && grep -q 'not a regular file' "$tmp/out"
check "apply --dry-run on a FIFO" $?
# validate reads what a FIFO holds; with no writer, nothing, at once:
# an error about that file, not a hang.
timeout -k 1 5 "$mqplan" validate "$tmp/d/fifo.json" >"$tmp/out" 2>&1
[ $? = 2 ] && grep -q 'fifo.json' "$tmp/out"
check "validate on a FIFO" $?

# Standard input: what is supported is said, not "No such file".
printf '%s\n' "$config" | "$mqplan" apply -c /dev/stdin >"$tmp/out" 2>&1
status=$?
[ "$status" = 2 ] && grep -q "^mqplan: /dev/stdin: a FIFO or pipe, not a regular file: apply reads and writes regular files only; give the config file's path$" "$tmp/out"
check "apply -c /dev/stdin" $?
printf '%s\n' "$config" | "$mqplan" apply -c - >"$tmp/out" 2>&1
status=$?
[ "$status" = 2 ] && grep -q "^mqplan: apply -c -: standard input cannot be written back: give the config file's path (a regular file), or add --dry-run to see the change$" "$tmp/out"
check "apply -c -" $?
printf '%s\n' "$config" | "$mqplan" apply --dry-run -c - >"$tmp/out" 2>&1
[ $? = 0 ] && grep -q '^+.*"io-queues": "16"' "$tmp/out"
check "apply --dry-run -c -" $?

# A hard link: refused, both names unchanged.
fresh
ln "$tmp/d/config.json" "$tmp/other.json"
"$mqplan" apply -c "$tmp/d/config.json" >"$tmp/out" 2>&1
status=$?
[ "$status" = 2 ] && intact "$tmp/d/config.json" &&
    [ "$(stat -c %h "$tmp/other.json")" = 2 ] &&
    grep -q 'config.json: not changed: it has 2 hard links, and replacing it would leave the other names with the old content; --in-place writes into the file itself' "$tmp/out"
check "hard link refused" $?
# --in-place: the other name sees the new content; the same inode.
ino=$(stat -c %i "$tmp/d/config.json")
"$mqplan" apply --in-place -c "$tmp/d/config.json" >"$tmp/out" 2>&1
status=$?
[ "$status" = 0 ] && grep -q '"io-queues": "16"' "$tmp/other.json" &&
    [ "$(stat -c %i "$tmp/d/config.json")" = "$ino" ] &&
    [ "$(stat -c %h "$tmp/other.json")" = 2 ] &&
    [ "$(ls -A "$tmp/d")" = config.json ] &&
    grep -q 'config.json: written$' "$tmp/out"
check "hard link written in place" $?
# In place, to a shorter text: no stale bytes past the end.
"$mqplan" apply --in-place --nics 2 -c "$tmp/d/config.json" >/dev/null 2>&1 &&
    "$mqplan" apply --in-place --nics 1 -c "$tmp/d/config.json" \
    >/dev/null 2>&1 && "$mqplan" validate "$tmp/other.json" >"$tmp/out" 2>&1
check "in place, shorter" $?
rm -f "$tmp/other.json"

# As an unprivileged user, a 0444 file it owns: refused, unchanged.
fresh
chown 65534:65534 "$tmp/d" "$tmp/d/config.json"
chmod 444 "$tmp/d/config.json"
$nobody "$tmp/mqplan" apply -c "$tmp/d/config.json" >"$tmp/out" 2>&1
status=$?
[ "$status" = 2 ] && intact "$tmp/d/config.json" &&
    [ "$(stat -c %a "$tmp/d/config.json")" = 444 ] &&
    [ "$(ls -A "$tmp/d")" = config.json ] &&
    grep -q 'config.json: not changed: you may not write to it (mode 0444, owner uid 65534), so mqplan does not replace it' "$tmp/out"
check "read-only file refused" $?
$nobody "$tmp/mqplan" apply --in-place -c "$tmp/d/config.json" \
    >"$tmp/out" 2>&1
[ $? = 2 ] && intact "$tmp/d/config.json" &&
    grep -q 'config.json: not changed: cannot open it for writing in place: Permission denied' "$tmp/out"
check "read-only file refused in place" $?
# To be shown the change, it need not be writable.
$nobody "$tmp/mqplan" apply --in-place --dry-run -c "$tmp/d/config.json" \
    >"$tmp/out" 2>&1
[ $? = 0 ] && intact "$tmp/d/config.json" &&
    grep -q '^+.*"io-queues": "16"' "$tmp/out"
check "read-only file, --dry-run --in-place" $?

# Root's file, writable by all, in a world-writable directory (with and
# without the sticky bit): the user could write it, but a replacement
# would be the user's file.  Refused, unchanged, still root's.
for mode in 777 1777; do
	fresh
	chmod "$mode" "$tmp/d"
	chmod 666 "$tmp/d/config.json"
	$nobody "$tmp/mqplan" apply -c "$tmp/d/config.json" >"$tmp/out" 2>&1
	status=$?
	[ "$status" = 2 ] && intact "$tmp/d/config.json" &&
	    [ "$(stat -c %U:%G "$tmp/d/config.json")" = root:root ] &&
	    [ "$(ls -A "$tmp/d")" = config.json ] &&
	    grep -q 'config.json: not changed: cannot keep its owner and group (uid 0, gid 0) in a new file: Operation not permitted' "$tmp/out"
	check "root's file in a $mode directory" $?
done
# The user's own file, but root's group: the group cannot be kept.
fresh
chown 65534:0 "$tmp/d/config.json"
chmod 777 "$tmp/d"
$nobody "$tmp/mqplan" apply -c "$tmp/d/config.json" >"$tmp/out" 2>&1
[ $? = 2 ] && intact "$tmp/d/config.json" &&
    grep -q 'not changed: cannot keep its owner and group (uid 65534, gid 0)' \
    "$tmp/out"
check "group not kept" $?
# Root's file the user may write, written in place: root's still.
fresh
chmod 777 "$tmp/d"
chmod 666 "$tmp/d/config.json"
$nobody "$tmp/mqplan" apply --in-place -c "$tmp/d/config.json" \
    >"$tmp/out" 2>&1
[ $? = 0 ] && grep -q '"io-queues": "16"' "$tmp/d/config.json" &&
    [ "$(stat -c %U:%G:%a "$tmp/d/config.json")" = root:root:666 ]
check "root's file written in place by a user" $?

# An ACL survives; a default ACL of the directory is not added.
fresh
setfacl -m u:65534:rw "$tmp/d/config.json"
"$mqplan" apply -c "$tmp/d/config.json" >"$tmp/out" 2>&1
[ $? = 0 ] && grep -q '"io-queues": "16"' "$tmp/d/config.json" &&
    getfacl -cpn "$tmp/d/config.json" 2>/dev/null | grep -qx 'user:65534:rw-' &&
    [ "$(stat -c %a "$tmp/d/config.json")" = 664 ]
check "ACL kept" $?
fresh
setfacl -d -m u:65534:rw "$tmp/d"
"$mqplan" apply -c "$tmp/d/config.json" >"$tmp/out" 2>&1
[ $? = 0 ] && [ -z "$(getfacl -cps "$tmp/d/config.json" 2>/dev/null)" ] &&
    [ "$(stat -c %a "$tmp/d/config.json")" = 644 ]
check "no ACL added from the directory's default" $?

# --dry-run --exit-code: 1 when apply would change the file, 0 when not.
fresh
"$mqplan" apply --dry-run --exit-code -c "$tmp/d/config.json" \
    >"$tmp/out" 2>&1
[ $? = 1 ] && grep -q '^+.*"io-queues": "16"' "$tmp/out" &&
    intact "$tmp/d/config.json"
check "--exit-code, a change" $?
"$mqplan" apply -q -c "$tmp/d/config.json" >/dev/null 2>&1
"$mqplan" apply --dry-run --exit-code -c "$tmp/d/config.json" \
    >"$tmp/out" 2>&1
[ $? = 0 ] && grep -q 'config.json: up to date$' "$tmp/out"
check "--exit-code, up to date" $?
"$mqplan" apply --exit-code -c "$tmp/d/config.json" >"$tmp/out" 2>&1
[ $? = 2 ] && grep -q '^mqplan: apply: --exit-code goes with --dry-run$' \
    "$tmp/out"
check "--exit-code alone" $?

echo "files: $checked checked, $failed failed"
[ "$failed" -eq 0 ]
