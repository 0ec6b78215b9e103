#!/bin/sh
# CLI golden tests: for each tests/cli/golden/NAME.args, run mqplan with
# those arguments (one line, shell words, run from the top of the tree) and
# compare stdout with NAME.out, stderr with NAME.err (empty if absent) and
# the exit status with NAME.status (0 if absent).
#
# UPDATE=1 rewrites the expected files from what mqplan does now: review
# the diff before committing it.
set -u

mqplan=${1:-./mqplan}
dir=tests/cli/golden
# What the machine running the tests has must not leak into them.
unset GCE_METADATA_HOST GCE_METADATA_IP NO_GCE_CHECK \
    AWS_EC2_METADATA_SERVICE_ENDPOINT AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE \
    AWS_EC2_METADATA_DISABLED AWS_EC2_METADATA_V1_DISABLED MQPLAN_SYSFS_ROOT
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0
failed=0
# A SARIF log names mqplan's version, which changes with every commit:
# the goldens hold @VERSION@ in its place.
tool_version="\"version\": \"$("$mqplan" --version | sed 's/^mqplan //')\""

for args in "$dir"/*.args; do
	name=${args%.args}
	case_=$(basename "$name")
	want_status=0
	[ -f "$name.status" ] && want_status=$(cat "$name.status")
	eval "set -- $(cat "$args")"
	# NAME.env: VAR=value words to run with, as env(1) takes them.
	vars=""
	[ -f "$name.env" ] && vars=$(cat "$name.env")
	# shellcheck disable=SC2086
	env NO_COLOR=1 $vars "$mqplan" "$@" >"$tmp/raw" 2>"$tmp/err" </dev/null
	status=$?
	awk -v v="$tool_version" '{ i = index($0, v)
		if (i) $0 = substr($0, 1, i - 1) "\"version\": \"@VERSION@\"" \
		    substr($0, i + length(v))
		print }' "$tmp/raw" >"$tmp/out"
	if [ "${UPDATE:-0}" = 1 ]; then
		cp "$tmp/out" "$name.out"
		if [ -s "$tmp/err" ]; then cp "$tmp/err" "$name.err";
		else rm -f "$name.err"; fi
		if [ "$status" -ne 0 ]; then echo "$status" >"$name.status";
		else rm -f "$name.status"; fi
		continue
	fi
	errfile="$name.err"
	[ -f "$errfile" ] || errfile=/dev/null
	ok=1
	if [ "$status" != "$want_status" ]; then
		echo "FAIL $case_: exit status $status, want $want_status"
		ok=0
	fi
	if ! diff -u "$name.out" "$tmp/out" >"$tmp/diff" 2>&1; then
		echo "FAIL $case_: stdout differs"
		cat "$tmp/diff"
		ok=0
	fi
	if ! diff -u "$errfile" "$tmp/err" >"$tmp/diff" 2>&1; then
		echo "FAIL $case_: stderr differs"
		cat "$tmp/diff"
		ok=0
	fi
	if [ "$ok" = 1 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
done
[ "${UPDATE:-0}" = 1 ] && { echo "cli: expected files rewritten"; exit 0; }

# A full disk is not success: output to /dev/full must fail with one line.
# Without a writable /dev/full the cases cannot run, and they fail.
if [ -w /dev/full ]; then
	for args in "--help" "plan --machine-type n2-standard-8" \
	    "plan --machine-type n2-standard-8 --format yaml" "catalog"; do
		# shellcheck disable=SC2086
		"$mqplan" $args >/dev/full 2>"$tmp/err"
		status=$?
		want="mqplan: write error on standard output:"
		want="$want No space left on device"
		if [ "$status" = 2 ] && [ "$(cat "$tmp/err")" = "$want" ]; then
			passed=$((passed + 1))
		else
			echo "FAIL mqplan $args >/dev/full: exit $status," \
			    "stderr:"
			cat "$tmp/err"
			failed=$((failed + 1))
		fi
	done
else
	echo "FAIL cli: /dev/full is not writable, so the 4 full-disk cases" \
	    "cannot run: create it (mknod -m 666 /dev/full c 1 7)"
	failed=$((failed + 4))
fi

# The start every command shares (cli_start(), driven by cmds[]): each
# command named by --help answers --version as mqplan --version does and
# -h as mqplan help COMMAND does, on stdout with status 0.
version=$("$mqplan" --version)
ncmds=0
for cmd in $("$mqplan" --help | sed -n 's/^  \([a-z][a-z]*\) .*/\1/p'); do
	ncmds=$((ncmds + 1))
	out=$("$mqplan" "$cmd" --version 2>"$tmp/err")
	if [ $? = 0 ] && [ "$out" = "$version" ] && [ ! -s "$tmp/err" ]; then
		passed=$((passed + 1))
	else
		echo "FAIL mqplan $cmd --version: '$out'"
		failed=$((failed + 1))
	fi
	out=$("$mqplan" "$cmd" -h 2>"$tmp/err")
	if [ $? = 0 ] && [ "$out" = "$("$mqplan" help "$cmd")" ] &&
	    [ "${out#"mqplan $cmd: "}" != "$out" ] && [ ! -s "$tmp/err" ]; then
		passed=$((passed + 1))
	else
		echo "FAIL mqplan $cmd -h"
		failed=$((failed + 1))
	fi
done
if [ "$ncmds" -lt 6 ]; then
	echo "FAIL mqplan --help lists $ncmds commands, want 6 or more"
	failed=$((failed + 1))
fi

# One form for every error and warning: "mqplan: what: why", starting in
# lower case, no trailing period, and never a colour escape (mqplan does
# not colour, so NO_COLOR and pipes need no special case).
for f in "$dir"/*.err; do
	bad=$(grep -n -e '^mqplan: [^a-z0-9"'"'"'(-]' -e '^mqplan: .*\.$' \
	    -e "$(printf '\033')" "$f")
	if [ -n "$bad" ]; then
		echo "FAIL message form in $f:"
		echo "$bad"
		failed=$((failed + 1))
	else
		passed=$((passed + 1))
	fi
done

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
