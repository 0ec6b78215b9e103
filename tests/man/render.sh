#!/bin/sh
# The manual as readers see it.  mandoc -T lint checks the mdoc, not what
# it renders to: quotes nested by macros (Qq inside Pq on one line) and
# JSON written with bare quotes render garbled while the lint passes.  So
# each page is rendered with mandoc -T ascii and compared with
# tests/man/render/PAGE.txt; UPDATE=1 rewrites those (review the diff: it
# is the manual as users will read it).  Then, on the rendered text:
# no garbled quoting, no JSON number where ops wants a string, a NAME
# section that lists the page's own name, SEE ALSO naming the other
# pages, and makewhatis/apropos finding all of them under "mqplan".
set -u

dir=tests/man/render
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
checked=0
failed=0
bs=$(printf '\b')

bad() {
	echo "man render: $*"
	failed=$((failed + 1))
}

pages=$(ls man/*.[0-9])
for page in $pages; do
	base=$(basename "$page")
	name=${base%.*}
	sect=${base##*.}
	txt="$tmp/$base.txt"
	# The footer's OS is fixed so that the text does not depend on the
	# machine; overstrike (bold, underline) is removed.
	if ! mandoc -T ascii -I os=mqplan "$page" >"$tmp/raw" 2>"$tmp/err"
	then
		bad "$page: mandoc failed: $(cat "$tmp/err")"
		continue
	fi
	sed "s/.$bs//g" "$tmp/raw" >"$txt"
	checked=$((checked + 1))
	if [ "${UPDATE:-0}" = 1 ]; then
		cp "$txt" "$dir/$base.txt"
	elif ! diff -u "$dir/$base.txt" "$txt" >"$tmp/diff" 2>&1; then
		bad "$page renders differently from $dir/$base.txt" \
		    "(UPDATE=1 sh $0 rewrites it; review the diff):"
		cat "$tmp/diff"
	fi

	# Garbled quoting: three quotes in a row, an opening quote whose
	# word runs into the next one ("io-queues, "auto), escapes that
	# leaked through.
	checked=$((checked + 1))
	if grep -n -e '"""' -e '"[A-Za-z0-9_./-]\{1,\}, "' -e '\\[&e(]' "$txt" \
	    >"$tmp/hits"; then
		bad "$page: garbled quoting in the rendered text:"
		cat "$tmp/hits"
	fi
	# ops refuses numbers in ManifestPassthrough: no example may show one.
	checked=$((checked + 1))
	if grep -n '"io-queues": *[0-9]' "$txt" >"$tmp/hits"; then
		bad "$page: io-queues shown as a JSON number:"
		cat "$tmp/hits"
	fi
	# NAME lists the name the page is installed under (man -k finds it
	# by that name), and SEE ALSO every other page.
	checked=$((checked + 1))
	sed -n '/^NAME$/,/^[A-Z]/p' "$txt" | grep -q "\(^\|[ ,]\)$name\([ ,]\|$\)" ||
	    bad "$page: NAME does not list $name"
	for other in $pages; do
		[ "$other" = "$page" ] && continue
		ob=$(basename "$other")
		checked=$((checked + 1))
		sed -n '/^SEE ALSO$/,/^[A-Z]/p' "$txt" |
		    grep -q "${ob%.*}(${ob##*.})" ||
		    bad "$page: SEE ALSO does not name ${ob%.*}(${ob##*.})"
	done
	mkdir -p "$tmp/db/man$sect"
	cp "$page" "$tmp/db/man$sect/"
done
[ "${UPDATE:-0}" = 1 ] && echo "man render: expected text rewritten"

# apropos (mandoc's makewhatis and apropos; man-db's man -k reads the same
# NAME sections) finds every page by "mqplan".
checked=$((checked + 1))
if makewhatis "$tmp/db" 2>"$tmp/err"; then
	found=$(mapropos -M "$tmp/db" mqplan 2>/dev/null | wc -l)
	[ "$found" -eq "$(echo "$pages" | wc -w)" ] ||
	    bad "apropos mqplan finds $found pages, not every one:" \
	    "$(mapropos -M "$tmp/db" mqplan 2>&1)"
else
	bad "makewhatis failed: $(cat "$tmp/err")"
fi

echo "man render: $checked checked, $failed failed"
[ "$failed" -eq 0 ]
