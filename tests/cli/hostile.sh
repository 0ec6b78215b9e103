#!/bin/sh
# Hostile text in every output format (issue 11, items 8, 9, 11 and 14's
# YAML quoting): config values, file names, DMI files and environment
# values holding control characters, ESC sequences, C1 controls and
# invalid UTF-8 must never forge an output line or reach stdout or stderr
# raw; JSON and YAML must always come out and parse; every file named on
# the command line appears in every format; YAML strings read back as
# strings under a YAML 1.1 resolver (PyYAML's).
set -u

mqplan=${1:-./mqplan}
case $mqplan in /*) ;; *) mqplan=$(pwd)/$mqplan ;; esac
# What the machine running the tests has must not leak into them.
unset GCE_METADATA_HOST GCE_METADATA_IP NO_GCE_CHECK \
    AWS_EC2_METADATA_SERVICE_ENDPOINT AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE \
    AWS_EC2_METADATA_DISABLED AWS_EC2_METADATA_V1_DISABLED MQPLAN_SYSFS_ROOT
export NO_COLOR=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
checked=0
failed=0

bad() {
	echo "FAIL $*"
	failed=$((failed + 1))
}

# check WHAT COMMAND...: counts a check, reports it when COMMAND fails.
check() {
	what=$1
	shift
	checked=$((checked + 1))
	"$@" || bad "$what"
}

# No C0 control but newline, no DEL, no C1 control (raw or as UTF-8) and
# valid UTF-8 only.
clean() {
	[ "$(LC_ALL=C tr -d '\n\040-\176\200-\377' <"$1" | wc -c)" -eq 0 ] &&
	    ! LC_ALL=C grep -q "$(printf '\302[\200-\237]')" "$1" &&
	    iconv -f UTF-8 -t UTF-8 <"$1" >/dev/null 2>&1
}

lines() {
	[ "$(wc -l <"$1")" -eq "$2" ] && [ "$(tail -c 1 "$1" | od -An -c |
	    tr -d ' ')" = '\n' ]
}

# json_ok FILE PYTHON-EXPR: the file is JSON and the expression (over d)
# holds.
json_ok() {
	python3 -c 'import json, sys
try:
    d = json.load(open(sys.argv[1], encoding="utf-8"))
    sys.exit(0 if eval(sys.argv[2]) else 1)
except Exception as e:
    print("json_ok: %r" % e)
    sys.exit(1)' "$1" "$2"
}

yaml_ok() {
	python3 -c 'import sys, yaml
try:
    d = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
    sys.exit(0 if eval(sys.argv[2]) else 1)
except Exception as e:
    print("yaml_ok: %r" % e)
    sys.exit(1)' "$1" "$2"
}

run() {
	"$mqplan" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	status=$?
}

python3 -c 'import yaml' || { echo "hostile: python3-yaml missing" >&2;
	exit 1; }

# --- item 9: each control character in an io-queues value, an interface
# key and a Flavor, in text and github formats.
codes=$(seq 1 31; echo 127)
for c in $codes esc c1 bidi; do
	case $c in
	esc)	u='\u001b[2J\u001b]0;x\u0007' ;;
	c1)	u='\u009b31m' ;;
	bidi)	u='\u202e' ;;
	*)	u=$(printf '\\u%04x' "$c") ;;
	esac
	cat >"$tmp/io.json" <<EOF
{"CloudConfig": {"Platform": "gcp", "Flavor": "n2-standard-4"},
 "ManifestPassthrough": {
  "en1": {"io-queues": "4${u}::error file=x.json::forged${u}"},
  "eth${u}0": {"io-queues": "2"}}}
EOF
	cat >"$tmp/flavor.json" <<EOF
{"CloudConfig": {"Platform": "gcp", "Flavor": "n2${u}::error::x${u}"},
 "ManifestPassthrough": {"en1": {"io-queues": "2"}}}
EOF
	for fmt in text github; do
		run validate --format "$fmt" "$tmp/io.json"
		check "$c $fmt io-queues/key: status $status" [ "$status" = 1 ]
		check "$c $fmt io-queues/key: 2 lines" lines "$tmp/out" 2
		check "$c $fmt io-queues/key: stdout raw" clean "$tmp/out"
		check "$c $fmt io-queues/key: stderr" [ ! -s "$tmp/err" ]
		run validate --format "$fmt" "$tmp/flavor.json"
		check "$c $fmt flavor: status $status" [ "$status" = 0 ]
		check "$c $fmt flavor: 1 line" lines "$tmp/out" 1
		check "$c $fmt flavor: stdout raw" clean "$tmp/out"
		check "$c $fmt flavor: stderr" [ ! -s "$tmp/err" ]
	done
	# apply's notes name the old value; its errors name the Flavor.
	cp "$tmp/io.json" "$tmp/apply.json"
	run apply -c "$tmp/apply.json"
	check "$c apply: stdout raw" clean "$tmp/out"
	check "$c apply: stderr raw" clean "$tmp/err"
	run apply -c "$tmp/flavor.json" --dry-run
	check "$c apply flavor: status $status" [ "$status" = 2 ]
	check "$c apply flavor: 1 stderr line" lines "$tmp/err" 1
	check "$c apply flavor: stderr raw" clean "$tmp/err"
done

# An error message that repeats a flag's value.
run plan --platform gcp --instance-type "$(printf 'n2\033[2J\nx\377')"
check "plan: stderr raw" clean "$tmp/err"
check "plan: 1 stderr line" lines "$tmp/err" 1

# A policy file's key with ESC, a newline and C1 in it, repeated by the
# policy loader's message (policy/ cannot quote; cli_error escapes).
printf '"bad\\e[2J\\n::error::x\\x9b": 1\n' >"$tmp/policy.yaml"
run plan --platform gcp --instance-type n2-standard-4 --policy "$tmp/policy.yaml"
check "policy: status $status" [ "$status" = 2 ]
check "policy: stderr raw" clean "$tmp/err"
check "policy: 1 stderr line" lines "$tmp/err" 1

# GitHub's own escapes for a file name with , : % and a newline.
gh="$tmp/a,b:c%d
e.json"
cp "$tmp/io.json" "$gh"
run validate --format github "$gh"
check "github name: 2 lines" lines "$tmp/out" 2
check "github name: escaped" grep -q "file=$tmp/a%2Cb%3Ac%25d%0Ae.json," \
    "$tmp/out"
run validate "$gh"
check "text name: 2 lines" lines "$tmp/out" 2
check "text name: quoted" grep -q '^".*/a,b:c%d\\ne.json":' "$tmp/out"

# --- item 8: invalid UTF-8 reaching JSON and YAML.
ff=$(printf '%s/bad\377name.json' "$tmp")
cp tests/data/config/gcp-bad.json "$ff"
for fmt in json yaml; do
	run validate --format "$fmt" "$ff"
	check "0xff name $fmt: status $status" [ "$status" = 1 ]
	check "0xff name $fmt: stdout" clean "$tmp/out"
	check "0xff name $fmt: warning" grep -q \
	    'warning: file ".*bad\\xffname.json" is not valid UTF-8' "$tmp/err"
	check "0xff name $fmt: no memory claim" \
	    eval '! grep -q "out of memory" "$tmp/err"'
	check "0xff name $fmt: stderr raw" clean "$tmp/err"
	check "0xff name $fmt: parsed" "${fmt}_ok" "$tmp/out" \
	    'd["files"][0]["file"].endswith("bad\ufffdname.json") and len(d["files"][0]["findings"]) > 0'
done
# -q prints no warnings, this one included (mqplan(1)).
run validate -q --format json "$ff"
check "0xff name json -q: no warning" eval '[ ! -s "$tmp/err" ]'
run validate "$ff"
check "0xff name text: quoted" grep -q 'bad\\xffname.json":15:9: error' \
    "$tmp/out"
check "0xff name text: raw" clean "$tmp/out"

# A Flavor of 2-byte characters that the catalog's message cuts (a cut
# findings_add() makes is tested in check_manifest.c).
for pad in 0 1; do
	long=$(python3 -c 'import sys; print("n2-" + "x" * int(sys.argv[1]) + "\u00e9" * 300)' "$pad")
	printf '{"CloudConfig": {"Platform": "gcp", "Flavor": "%s"}}\n' \
	    "$long" >"$tmp/long.json"
	for fmt in json yaml; do
		run validate --format "$fmt" "$tmp/long.json"
		check "long $pad $fmt: status $status" [ "$status" = 0 ]
		check "long $pad $fmt: parsed" "${fmt}_ok" "$tmp/out" \
		    '"n2-" in d["files"][0]["findings"][0]["message"]'
		check "long $pad $fmt: no memory claim" \
		    eval '! grep -q "out of memory" "$tmp/err"'
	done
done

# DMI and environment values with a 0xff byte, for detect.
cp -R tests/data/sysfs/ec2-nitro "$tmp/sysfs"
printf 'c5n.x\377large\n' >"$tmp/sysfs/class/dmi/id/product_name"
printf 'i-0af\377\033[2J\n' >"$tmp/sysfs/class/dmi/id/board_asset_tag"
for fmt in json yaml; do
	MQPLAN_SYSFS_ROOT=$tmp/sysfs AWS_EC2_METADATA_DISABLED=true \
	    run detect --format "$fmt" --explain
	check "dmi $fmt: status $status" [ "$status" = 0 ]
	check "dmi $fmt: stdout raw" clean "$tmp/out"
	check "dmi $fmt: stderr raw" clean "$tmp/err"
	check "dmi $fmt: parsed" "${fmt}_ok" "$tmp/out" \
	    '"\ufffd" in d["instance_type"] and d["platform"] == "aws"'
	# Metadata disabled: no request leaves the machine.
	AWS_EC2_METADATA_SERVICE_ENDPOINT=$(printf 'http://127.0.0.1:9/\377') \
	    AWS_EC2_METADATA_DISABLED=true MQPLAN_SYSFS_ROOT=tests/data/sysfs/laptop \
	    run detect --format "$fmt"
	check "env $fmt: status $status" [ "$status" = 0 ]
	check "env $fmt: parsed" "${fmt}_ok" "$tmp/out" \
	    '"\ufffd" in d["metadata"]["url"]'
	check "env $fmt: stderr raw" clean "$tmp/err"
done
# plan --detect names the DMI type it cannot find: escaped, one line.
MQPLAN_SYSFS_ROOT=$tmp/sysfs AWS_EC2_METADATA_DISABLED=true \
    run plan --detect --format json
check "plan --detect: status $status" [ "$status" = 2 ]
check "plan --detect: stderr raw" clean "$tmp/err"
check "plan --detect: 1 stderr line" lines "$tmp/err" 1
check "plan --detect: escaped" grep -q "c5n.x\\\\xfflarge" "$tmp/err"

# --- item 11: every file named appears in every format, with its error.
mkdir "$tmp/dir.json"
printf '{"a": 1,\n  "b": }\n' >"$tmp/broken.json"
files="$tmp/missing.json $tmp/dir.json $tmp/broken.json tests/data/config/gcp-bad.json"
# shellcheck disable=SC2086
run validate --format json $files
check "json files: status $status" [ "$status" = 2 ]
check "json files: 4 entries" json_ok "$tmp/out" \
    'len(d["files"]) == 4 and d["schema"] == "mqplan.validate/1"'
check "json files: missing" json_ok "$tmp/out" \
    'd["files"][0]["error"]["message"] == "No such file or directory" and d["files"][0]["error"]["line"] is None and d["files"][0]["findings"] == []'
check "json files: directory" json_ok "$tmp/out" \
    'd["files"][1]["file"].endswith("dir.json") and "directory" in d["files"][1]["error"]["message"]'
check "json files: malformed" json_ok "$tmp/out" \
    'd["files"][2]["error"]["line"] == 2 and d["files"][2]["error"]["column"] > 0'
check "json files: good file" json_ok "$tmp/out" \
    '"error" not in d["files"][3] and len(d["files"][3]["findings"]) == 7'
check "json files: stderr" lines "$tmp/err" 3
# shellcheck disable=SC2086
run validate --format yaml $files
check "yaml files: status $status" [ "$status" = 2 ]
check "yaml files: parsed" yaml_ok "$tmp/out" \
    '[("error" in f) for f in d["files"]] == [True, True, True, False] and d["files"][2]["error"]["line"] == 2'
# shellcheck disable=SC2086
run validate --format github $files
check "github files: status $status" [ "$status" = 2 ]
check "github files: missing" grep -q \
    "^::error file=$tmp/missing.json,title=mqplan input::No such file" \
    "$tmp/out"
check "github files: directory" grep -q \
    "^::error file=$tmp/dir.json,title=mqplan input::" "$tmp/out"
check "github files: malformed" grep -q \
    "^::error file=$tmp/broken.json,line=2,col=[0-9]*,title=mqplan input::" \
    "$tmp/out"
check "github files: 10 lines" lines "$tmp/out" 10
# shellcheck disable=SC2086
run validate $files
check "text files: status $status" [ "$status" = 2 ]
check "text files: stderr" grep -q "^mqplan: $tmp/broken.json:2:[0-9]*: " \
    "$tmp/err"

# --- item 14 (YAML): strings that YAML 1.1 reads as other types.
python3 - "$tmp/cat.json" <<'EOF'
import json, sys
names = ["yes", "null", "012", "1e3", "0x10", "~", "12:34:56:00:00:01",
    ".inf", "-.inf", ".NaN", "2002-12-14", "on", "Off", "0o17", "0b101",
    "1_000", "+1", "NO", "-.5", "190:20:30", "Y", "n", "=", "<<", "TRUE"]
json.dump([{"name": n, "guestCpus": 2, "memoryMb": 1024,
    "kind": "compute#machineType"} for n in names], open(sys.argv[1], "w"))
EOF
run catalog --catalog "$tmp/cat.json" --platform gcp --format yaml
check "yaml types: status $status" [ "$status" = 0 ]
check "yaml types: all strings" yaml_ok "$tmp/out" \
    'all(isinstance(t["name"], str) for t in d) and [t["name"] for t in d][:3] == ["yes", "null", "012"]'
check "yaml types: MAC quoted" grep -q '^- name: "12:34:56:00:00:01"$' \
    "$tmp/out"
# The empty string: a file named "" in validate's YAML.
run validate --format yaml ''
check "yaml empty: parsed" yaml_ok "$tmp/out" 'd["files"][0]["file"] == ""'
check "yaml empty: quoted" grep -q '^- file: ""$' "$tmp/out"

echo "hostile: $checked checked, $failed failed"
[ "$failed" -eq 0 ]
