#!/bin/sh
# validate on hostile configs (issue 11): memory and time stay linear in
# the input, and the limits fail cleanly, naming the file and the reason.
#
#	sh tests/validate/limits.sh ./mqplan
#
# Each 4 MB shape of tests/bench/hostile.c must finish within 60 s with a
# peak RSS of at most 20 times its size plus the baseline (the RSS of
# validate on a two-line config).  ASan (SANITIZE=1, passed in by make)
# puts a redzone around every allocation and keeps freed memory in a
# quarantine: there the factor is 40 and the quarantine is held to 16 MB,
# so that a return of the blow-up (250 times the input and more) still
# fails.
set -u

mqplan=${1:-./mqplan}
rss=obj/tests/bench/rss
hostile=obj/tests/bench/hostile
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0
failed=0
factor=20
if [ "${SANITIZE:-0}" = 1 ]; then
	factor=40
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=16
	export ASAN_OPTIONS
fi

ok() { passed=$((passed + 1)); }
bad() { echo "FAIL $1"; failed=$((failed + 1)); }

printf '{"CloudConfig": {"Platform": "gcp", "Flavor": "n2-standard-8"},\n'\
' "ManifestPassthrough": {"en1": {"io-queues": "2"}}}\n' >"$tmp/small.json"
base=$("$rss" "$mqplan" validate "$tmp/small.json" | sed 's/rss_kb \([0-9]*\).*/\1/')

for shape in longkey longkey-mp ifaces eths deep empties empties-mp \
    variants-mp typed values-mp; do
	f=$tmp/$shape.json
	"$hostile" "$shape" 4000000 >"$f"
	size=$(wc -c <"$f")
	limit=$((size * factor / 1024 + base))
	if out=$("$rss" -t 60 -m "$limit" "$mqplan" validate "$f"); then
		ok
	else
		bad "$shape: $size bytes: $out (limit $limit KB)"
	fi
done

# A config with tens of thousands of findings keeps 1,000, the last of
# which counts the rest at their worst level (so the exit status is 1).
"$hostile" eths 4000000 >"$tmp/eths.json"
"$mqplan" validate "$tmp/eths.json" >"$tmp/out" 2>&1
st=$?
n=$(wc -l <"$tmp/out")
last=$(tail -n 1 "$tmp/out")
case $st:$n:$last in
1:1000:*": error: "*" more findings not shown [too-many-findings]") ok ;;
*) bad "findings cap: status $st, $n lines, last: $last" ;;
esac

# Limits: size, depth and case variants each refused with file and reason.
head -c 4194305 /dev/zero | tr '\0' ' ' >"$tmp/big.json"
want="mqplan: $tmp/big.json: larger than 4194304 bytes, not an ops config"
got=$("$mqplan" validate "$tmp/big.json" 2>&1)
[ "$got" = "$want" ] && ok || bad "size limit: $got"

{
	printf '{'
	i=0
	for k in ManifestPassthrough manifestPassthrough mAnifestPassthrough \
	    maNifestPassthrough manIfestPassthrough maniFestPassthrough \
	    manifEstPassthrough manifeStPassthrough manifesTPassthrough \
	    manifestpassthrough ManifestpAssthrough ManifestpaSsthrough \
	    ManifestpasSthrough ManifestpassThrough ManifestpasstHrough \
	    ManifestpassthRough ManifestpassthrOugh; do
		[ $i -gt 0 ] && printf ', '
		printf '"%s": {}' "$k"
		i=$((i + 1))
	done
	printf '}\n'
} >"$tmp/variants.json"
want="mqplan: $tmp/variants.json:1:434: more than 16 spellings of ManifestPassthrough: refused"
got=$("$mqplan" validate "$tmp/variants.json" 2>&1)
[ "$got" = "$want" ] && ok || bad "variants limit: $got"

echo "limits: $passed checked, $failed failed"
[ "$failed" -eq 0 ]
