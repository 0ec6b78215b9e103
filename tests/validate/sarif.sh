#!/bin/sh
# validate --format sarif: every log is valid against the SARIF 2.1.0
# schema (tests/data/sarif, checked with Debian's python3-jsonschema, which
# must also refuse broken copies), and holds what code scanning reads:
# mqplan and its version, a rule for every finding id with mqplan(1)'s
# words, one result per finding with the text format's file, line, column,
# level, id and message, file-level errors as file-error results, and
# the exit status of the other formats.  tests/validate/sarif.py does the
# checking.
set -u

mqplan=$(cd "$(dirname "${1:-./mqplan}")" && pwd)/$(basename "${1:-./mqplan}")
top=$(pwd)
py=/usr/bin/python3
check="$py $top/tests/validate/sarif.py"
data=tests/data/config
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
checked=0
failed=0

bad() {
	echo "FAIL sarif: $*"
	failed=$((failed + 1))
}

# run NAME ARGS...: validate --format sarif ARGS into $tmp/NAME.sarif
# (stderr NAME.err, status NAME.status); the schema and field checks of
# every log run at the end, in one process.
run() {
	name=$1
	shift
	timeout 30 "$mqplan" validate --format sarif "$@" >"$tmp/$name.sarif" \
	    2>"$tmp/$name.err"
	echo $? >"$tmp/$name.status"
	checked=$((checked + 1))
	echo "$tmp/$name.sarif" >>"$tmp/logs"
}

# field NAME EXPR WANT: a value of NAME's log, as JSON (checked at the
# end).
field() {
	checked=$((checked + 1))
	printf '%s\t%s\t%s\n' "$tmp/$1.sarif" "$2" "$3" >>"$tmp/fields"
}

# status NAME WANT
status() {
	checked=$((checked + 1))
	[ "$(cat "$tmp/$1.status")" = "$2" ] ||
	    bad "$1: exit $(cat "$tmp/$1.status"), want $2"
}

$py -c 'import jsonschema' 2>/dev/null || {
	echo "FAIL sarif: $py cannot import jsonschema: install" \
	    "python3-jsonschema (tools/deps.sh does)"
	exit 1
}
command -v mandoc >/dev/null || {
	echo "FAIL sarif: mandoc missing (tools/deps.sh installs it)"
	exit 1
}
version=$("$mqplan" --version | sed 's/^mqplan //')
results='[r["ruleId"] for r in log["runs"][0]["results"]]'
r0='log["runs"][0]["results"][0]'
loc0="$r0[\"locations\"][0][\"physicalLocation\"]"

# A bad config: its results are the text format's lines, levels and all.
run bad "$data/gcp-bad.json"
status bad 1
"$mqplan" validate "$data/gcp-bad.json" >"$tmp/bad.txt" 2>&1
checked=$((checked + 1))
$check same "$tmp/bad.sarif" "$tmp/bad.txt" >"$tmp/out" ||
    { bad "gcp-bad: results:"; cat "$tmp/out"; }
field bad "$r0[\"ruleId\"]" '"en1-static-ip-dropped"'
field bad "$r0[\"level\"]" '"error"'
field bad "$loc0" '{"artifactLocation": {"uri": "tests/data/config/gcp-bad.json"}, "region": {"startLine": 15, "startColumn": 9}}'
field bad 'log["runs"][0]["results"][5]["level"]' '"warning"'
field bad 'log["runs"][0]["columnKind"]' '"unicodeCodePoints"'
# The schema check bites: broken copies of this log are refused.
checked=$((checked + 1))
$check bites "$tmp/bad.sarif" >"$tmp/out" ||
    { bad "the schema check:"; cat "$tmp/out"; }

# A good config: no results, every rule, each as mqplan(1) words it.
run good "$data/clean.json"
status good 0
field good "$results" '[]'
mandoc -T ascii -O width=1000 man/mqplan.1 | col -b >"$tmp/man.txt"
checked=$((checked + 1))
$check man "$tmp/good.sarif" "$tmp/man.txt" >"$tmp/out" ||
    { bad "rules against mqplan(1):"; cat "$tmp/out"; }
field good 'len(log["runs"][0]["tool"]["driver"]["rules"])' 24

# Several files: one run, their results in order.
run several "$data/gcp-bad.json" "$data/aws-ignored.json" "$data/clean.json" \
    "$data/default-flavor.json"
status several 1
field several 'len(log["runs"])' 1
"$mqplan" validate "$data/gcp-bad.json" "$data/aws-ignored.json" \
    "$data/clean.json" "$data/default-flavor.json" >"$tmp/several.txt" 2>&1
checked=$((checked + 1))
$check same "$tmp/several.sarif" "$tmp/several.txt" >"$tmp/out" ||
    { bad "several: results:"; cat "$tmp/out"; }
field several "sorted(set(r['locations'][0]['physicalLocation']['artifactLocation']['uri'] for r in log['runs'][0]['results']))" \
    '["tests/data/config/aws-ignored.json", "tests/data/config/default-flavor.json", "tests/data/config/gcp-bad.json"]'
field several "sorted(set(r['level'] for r in log['runs'][0]['results']))" \
    '["error", "note", "warning"]'

# Files that cannot be read or are not JSON: file-error results, at the
# line and column stderr names when there is one; exit 2, the rest still
# checked.
run broken "$data/no-such.json" "$data/truncated.json" tests \
    "$data/aws-ignored.json"
status broken 2
field broken "$results" \
    '["file-error", "file-error", "file-error", "io-queues-ignored"]'
field broken "[r['level'] for r in log['runs'][0]['results']]" \
    '["error", "error", "error", "warning"]'
field broken "$loc0" \
    '{"artifactLocation": {"uri": "tests/data/config/no-such.json"}}'
field broken "$r0[\"message\"][\"text\"]" '"No such file or directory"'
where=$(sed -n 's|^mqplan: tests/data/config/truncated.json:\([0-9]*\):\([0-9]*\): .*|{"startLine": \1, "startColumn": \2}|p' \
    "$tmp/broken.err")
[ -n "$where" ] || bad "truncated.json: no line and column on stderr"
field broken 'log["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]' \
    "$where"
field broken 'log["runs"][0]["results"][2]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]' '"tests"'

# --fail-on: the status the json format gives, for each level.
for c in "clean error" "clean warning" "aws-ignored error" \
    "aws-ignored warning" "gcp-bad error" "gcp-bad warning"; do
	set -- $c
	run "fail-$1-$2" --fail-on "$2" "$data/$1.json"
	"$mqplan" validate --format json --fail-on "$2" "$data/$1.json" \
	    >/dev/null 2>&1
	status "fail-$1-$2" $?
done
status fail-aws-ignored-error 0
status fail-aws-ignored-warning 1
# -q hides nothing from a log, as from json.
run quiet -q "$data/aws-ignored.json"
field quiet "$results" '["io-queues-ignored"]'

# Paths: as given, relative stays relative, absolute becomes a file URI,
# and what a URI cannot hold is percent-encoded; no uriBaseId.
odd="$tmp/dir one/a#b%c:d?é.json"
mkdir -p "$tmp/dir one"
cp "$data/aws-ignored.json" "$odd"
run absolute "$odd"
enc=$(printf '%s' "$tmp" | $py -c 'import sys, urllib.parse
print(urllib.parse.quote(sys.stdin.read(), safe="/"))')
field absolute "$loc0[\"artifactLocation\"]" \
    "{\"uri\": \"file://$enc/dir%20one/a%23b%25c%3Ad%3F%C3%A9.json\"}"
(cd "$tmp" && "$mqplan" validate --format sarif "dir one/a#b%c:d?é.json" \
    ./"dir one"/../"dir one/a#b%c:d?é.json") >"$tmp/relative.sarif"
echo "$tmp/relative.sarif" >>"$tmp/logs"
field relative "[r['locations'][0]['physicalLocation']['artifactLocation']['uri'] for r in log['runs'][0]['results']]" \
    '["dir%20one/a%23b%25c%3Ad%3F%C3%A9.json", "./dir%20one/../dir%20one/a%23b%25c%3Ad%3F%C3%A9.json"]'
# Any byte of a name is percent-encoded: the log stays ASCII, nothing
# is replaced, nothing warned about.
hostile=$(printf '%s/x\377\033[2J\n.json' "$tmp")
cp "$data/aws-ignored.json" "$hostile"
run hostile "$hostile"
field hostile "$loc0[\"artifactLocation\"][\"uri\"]" \
    "\"file://$enc/x%FF%1B%5B2J%0A.json\""
checked=$((checked + 1))
[ ! -s "$tmp/hostile.err" ] && ! LC_ALL=C grep -q '[^ -~]' \
    "$tmp/hostile.sarif" || bad "hostile name: stderr or a raw byte"
# Standard input is no file a viewer could open: no location.
run stdin - <"$data/aws-ignored.json"
field stdin "[sorted(r) for r in log['runs'][0]['results']]" \
    '[["level", "message", "ruleId", "ruleIndex"]]'

# README.md's step, as written, on a repository with a bad and a good
# config: exit 1, and the log it uploads names the bad one only.
sed -n '/^### SARIF for code scanning/,/^##* [^S]/p' README.md >"$tmp/readme"
step=$(sed -n 's/^ *run: \(mqplan validate .*\)$/\1/p' "$tmp/readme")
upload=$(sed -n 's/^ *sarif_file: *//p' "$tmp/readme")
checked=$((checked + 1))
if [ -z "$step" ] || [ -z "$upload" ] ||
    ! grep -q 'uses: github/codeql-action/upload-sarif@' "$tmp/readme"; then
	bad "README.md: no SARIF step and upload"
else
	mkdir -p "$tmp/repo/deploy"
	cp "$data/gcp-bad.json" "$tmp/repo/deploy/bad.json"
	cp "$data/clean.json" "$tmp/repo/deploy/good.json"
	(cd "$tmp/repo" && sh -c "mqplan() { \"$mqplan\" \"\$@\"; }; $step")
	echo $? >"$tmp/readme.status"
	cp "$tmp/repo/$upload" "$tmp/readme.sarif" ||
	    bad "README.md: the step writes no $upload"
	status readme 1
	echo "$tmp/readme.sarif" >>"$tmp/logs"
	field readme "sorted(set(r['locations'][0]['physicalLocation']['artifactLocation']['uri'] for r in log['runs'][0]['results']))" \
	    '["deploy/bad.json"]'
fi

# Every log against the schema and code scanning's needs, every field.
# shellcheck disable=SC2046
$check valid "$version" $(cat "$tmp/logs") >"$tmp/out" 2>&1 ||
    { bad "logs:"; cat "$tmp/out"; }
$check fields "$tmp/fields" >"$tmp/out" 2>&1 ||
    { bad "fields:"; cat "$tmp/out"; }

echo "sarif: $checked checked, $failed failed"
[ "$failed" -eq 0 ]
