#!/bin/sh
# The fields of the structs in nanovms/ops types/config.go, one a line:
#
#	Struct.GoName <TAB> json name <TAB> Go type
#
# the json name being the json tag's name, the Go name when the tag has
# none, or "-" for a field encoding/json never reads.  This is the list
# tests/data/ops/config-fields.txt holds and tests/check_schema.c compares
# with manifest/schema.c's table, so that a field added to ops shows up as
# a failing test once the list is regenerated:
#
#	sh tools/ops-schema.sh OPS_CHECKOUT >tests/data/ops/config-fields.txt
#	sh tools/ops-schema.sh --check OPS_CHECKOUT	(exit 1 if they differ)
#
# OPS_CHECKOUT is a work tree or a git directory (bare mirrors too: the
# file is read at HEAD).  A construct this reader does not understand (an
# embedded struct, a field list on one line, a struct in another file) is
# an error rather than a silently short list.
set -eu

check=0
if [ "${1:-}" = --check ]; then
	check=1
	shift
fi
[ $# -eq 1 ] || { echo "usage: ops-schema.sh [--check] OPS_CHECKOUT" >&2; exit 2; }
ops=$1
list=$(dirname "$0")/../tests/data/ops/config-fields.txt

if [ -f "$ops/types/config.go" ]; then
	src=$(cat "$ops/types/config.go")
	commit=$(git -C "$ops" rev-parse HEAD 2>/dev/null || echo unknown)
else
	src=$(git -C "$ops" show HEAD:types/config.go)
	commit=$(git -C "$ops" rev-parse HEAD)
fi

out=$(printf '%s\n' "$src" | awk -v commit="$commit" '
BEGIN {
	print "# nanovms/ops " commit " types/config.go"
	print "# Struct.GoName\tjson name\tGo type (tools/ops-schema.sh)"
}
/^type [A-Za-z0-9_]+ struct \{/ { st = $2; next }
st != "" && /^\}/ { st = ""; next }
st == "" { next }
/^[ \t]*(\/\/.*)?$/ { next }
{
	line = $0
	tag = ""
	if (match(line, /`[^`]*`/)) {
		tag = substr(line, RSTART + 1, RLENGTH - 2)
		line = substr(line, 1, RSTART - 1)
	}
	sub(/\/\/.*/, "", line)
	n = split(line, w, /[ \t]+/)
	k = 0
	for (i = 1; i <= n; i++)
		if (w[i] != "")
			f[++k] = w[i]
	if (k != 2 || f[1] !~ /^[A-Z][A-Za-z0-9_]*$/) {
		printf "ops-schema: %s: cannot read field line: %s\n", st, $0 > "/dev/stderr"
		bad = 1
		next
	}
	name = f[1]
	if (match(tag, /json:"[^"]*"/)) {
		j = substr(tag, RSTART + 6, RLENGTH - 7)
		sub(/,.*/, "", j)
		if (j != "")
			name = j
	}
	printf "%s.%s\t%s\t%s\n", st, f[1], name, f[2]
}
END { exit bad }
')

if [ "$check" = 1 ]; then
	# The commit line may differ; the fields may not.
	tmp=$(mktemp)
	trap 'rm -f "$tmp"' EXIT
	printf '%s\n' "$out" | grep -v '^#' >"$tmp"
	if grep -v '^#' "$list" | diff -u - "$tmp"; then
		echo "ops-schema: tests/data/ops/config-fields.txt matches $commit"
		exit 0
	fi
	echo "ops-schema: ops at $commit differs from tests/data/ops/config-fields.txt" >&2
	exit 1
fi
printf '%s\n' "$out"
