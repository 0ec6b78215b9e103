#!/bin/sh
# Benchmark validate on hostile configs (issue 11): each shape of
# tests/bench/hostile.c at 100 KB, 1 MB and 4 MB, one run each, with its
# peak RSS (wait4's ru_maxrss), the ratio to the input size and the wall
# time; then callgrind's instruction counts at 1 MB and 4 MB, whose ratio
# is about 4 when time is linear.  Target: RSS at most 20 times the input
# (over the process's baseline), time linear.  It prints; it does not fail.
set -eu

mqplan=${1:-./mqplan}
rss=obj/tests/bench/rss
hostile=obj/tests/bench/hostile
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
shapes="longkey longkey-mp ifaces eths deep empties empties-mp variants-mp typed values-mp"

printf '{"ManifestPassthrough": {"en1": {"io-queues": "2"}}}\n' >"$tmp/s.json"
base=$("$rss" "$mqplan" validate "$tmp/s.json" | sed 's/rss_kb \([0-9]*\).*/\1/')
echo "mqplan validate on hostile configs (baseline RSS $base KB)"
printf '%-12s %9s %10s %7s %9s %9s\n' shape bytes rss_kb x_input seconds \
    cpu_s
for shape in $shapes; do
	for size in 100000 1000000 4000000; do
		"$hostile" "$shape" "$size" >"$tmp/c.json"
		bytes=$(wc -c <"$tmp/c.json")
		out=$("$rss" -t 120 "$mqplan" validate "$tmp/c.json" || true)
		kb=$(echo "$out" | sed 's/rss_kb \([0-9]*\).*/\1/')
		sec=$(echo "$out" | sed 's/.*seconds \([0-9.]*\).*/\1/')
		cpu=$(echo "$out" | sed 's/.*cpu \([0-9.]*\).*/\1/')
		printf '%-12s %9d %10d %7s %9s %9s\n' "$shape" "$bytes" "$kb" \
		    "$(awk "BEGIN { printf \"%.1f\", ($kb - $base) * 1024 / $bytes }")" \
		    "$sec" "$cpu"
	done
done
if command -v valgrind >/dev/null 2>&1; then
	echo "instructions (callgrind), 1 MB and 4 MB"
	for shape in $shapes; do
		for size in 1000000 4000000; do
			"$hostile" "$shape" "$size" >"$tmp/c$size.json"
		done
		a=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null \
		    "$mqplan" validate "$tmp/c1000000.json" 2>&1 >/dev/null |
		    sed -n 's/.*Collected : *\([0-9]*\).*/\1/p')
		b=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null \
		    "$mqplan" validate "$tmp/c4000000.json" 2>&1 >/dev/null |
		    sed -n 's/.*Collected : *\([0-9]*\).*/\1/p')
		printf '%-12s %14s %14s  ratio %s\n' "$shape" "$a" "$b" \
		    "$(awk "BEGIN { printf \"%.2f\", $b / $a }")"
	done
fi
