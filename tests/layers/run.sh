#!/bin/sh
# Which module may use which, from the #include "..." lines of the tree
# (TREE, default the current directory).  A module is a header and the
# .c files that implement it: a file's path without .c or .h, and a .c
# file with no header of its own belongs to the header its name starts
# with (detect_offline.c and detect_online.c are detect.h's).  Checked:
#  - no loop among the modules of common/, policy/, platforms/, manifest/
#    and cli/: none uses another that uses it back, directly or through
#    others;
#  - the metadata clients use nothing of platforms/ but http and the probe
#    log, and the probe log nothing at all, so that detection depends on
#    them and never the reverse;
#  - detection's offline stage calls no metadata client and no HTTP.
set -u

tree=${1:-.}
rooms="common policy platforms manifest cli"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() { echo "FAIL layers: $1"; failed=$((failed + 1)); }

# The module of file $1 (a path in the tree).
module() {
	m=${1%.*}
	p=$m
	while [ ! -f "$tree/$p.h" ]; do
		case "${p##*/}" in
		*_*) p=${p%_*} ;;
		*) echo "$m"; return ;;
		esac
	done
	echo "$p"
}

# One "user used" line per include between two modules of the rooms.
edges() {
	(cd "$tree" && find $rooms -name '*.[ch]' | sort) | while read -r f; do
		m=$(module "$f")
		sed -n 's/^#include "\([^"]*\)".*/\1/p' "$tree/$f" |
		    while read -r used; do
			u=$(module "$used")
			[ "$u" = "$m" ] || echo "$m $u"
		done
	done | sort -u
}
edges >"$tmp/edges"
[ -s "$tmp/edges" ] && ok || bad "no includes found under $tree"

# tsort names the modules of each loop it finds.
if tsort "$tmp/edges" >/dev/null 2>"$tmp/loops"; then
	ok
else
	bad "modules that use each other: $(sed -n \
	    's/^tsort: \([a-z_/]*\)$/\1/p' "$tmp/loops" | sort -u | tr '\n' ' ')"
fi

# uses MODULE ALLOWED...: MODULE uses no module of the rooms but these.
uses() {
	m=$1
	shift
	[ -f "$tree/$m.h" ] || { bad "$m.h is missing"; return; }
	extra=$(awk -v m="$m" '$1 == m { print $2 }' "$tmp/edges" |
	    while read -r u; do
		case " $* " in
		*" $u "*) ;;
		*) case "$u" in
		   platforms/*|manifest/*) printf '%s ' "$u" ;;
		   esac ;;
		esac
	done)
	[ -z "$extra" ] && ok || bad "$m uses $extra(only: $*)"
}
uses platforms/gcp/metadata platforms/http platforms/probe_log
uses platforms/aws/imds platforms/http platforms/probe_log
uses platforms/probe_log

# The offline stage opens no connection: it asks no client and no HTTP.
f=$tree/platforms/detect_offline.c
if [ ! -f "$f" ]; then
	bad "platforms/detect_offline.c is missing"
elif grep -n -E '\<(gcp_metadata_fetch|aws_imds_fetch|http_run)\(' "$f" \
    >"$tmp/calls"; then
	bad "detect_offline.c calls $(cut -d: -f2- "$tmp/calls")"
else
	ok
fi

echo "layers: $((passed + failed)) checked, $failed failed"
[ "$failed" -eq 0 ]
