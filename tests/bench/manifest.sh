#!/bin/sh
# Benchmark validate and apply.  Targets: validate 1,000 typical configs in
# one run in at most 0.3 s; one apply on a typical config in at most 3 ms.
set -eu

mqplan=${1:-./mqplan}
spawn=obj/tests/bench/spawn
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# A typical config: cloud target, run settings, a few passthrough keys.
typical() {
	cat <<CONFIG
{
    "BuildDir": "./build",
    "Args": ["--port", "8080"],
    "Env": {"GOMAXPROCS": "$2", "LOG_LEVEL": "info"},
    "CloudConfig": {
        "Platform": "gcp",
        "ProjectID": "prod-$1",
        "Zone": "us-central1-a",
        "BucketName": "images-$1",
        "Flavor": "n2-standard-$2"
    },
    "RunConfig": {"Ports": ["8080"], "Memory": "2G"},
    "ManifestPassthrough": {
        "idle_on_exit": "t",
        "en1": {"io-queues": "$3"}
    }
}
CONFIG
}

mkdir "$tmp/configs"
i=0
for v in 2 4 8 16 32 48 64 80 96 128; do
	j=0
	while [ $j -lt 100 ]; do
		typical "$i" "$v" $((j % 8 + 1)) >"$tmp/configs/c$i.json"
		i=$((i + 1))
		j=$((j + 1))
	done
done

echo "mqplan validate, 1,000 typical configs in one run, 20 runs"
# Findings make validate exit 1, which spawn counts as a failure.
printf '%-44s ' "validate 1,000 configs"
"$spawn" 20 "$mqplan" validate --fail-on error "$tmp"/configs/c*.json
if command -v valgrind >/dev/null 2>&1; then
	ir=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null \
	    "$mqplan" validate "$tmp"/configs/c*.json 2>&1 >/dev/null |
	    sed -n 's/.*Collected : *\([0-9]*\).*/\1/p')
	printf '%-44s instructions %s\n' "" "$ir"
fi

typical 0 16 3 | sed '/en1/d; s/"t",/"t"/' >"$tmp/typical.json"
echo "mqplan apply on a typical config, 300 runs (file restored each run)"
printf '%-44s ' "apply (writes, fsyncs)"
"$spawn" -r "$tmp/typical.json" "$tmp/config.json" 300 "$mqplan" apply -q \
    -c "$tmp/config.json"
printf '%-44s ' "apply --dry-run"
"$spawn" -r "$tmp/typical.json" "$tmp/config.json" 300 "$mqplan" apply -q \
    --dry-run -c "$tmp/config.json"
if command -v valgrind >/dev/null 2>&1; then
	cp "$tmp/typical.json" "$tmp/config.json"
	ir=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null \
	    "$mqplan" apply -q -c "$tmp/config.json" 2>&1 >/dev/null |
	    sed -n 's/.*Collected : *\([0-9]*\).*/\1/p')
	printf '%-44s instructions %s\n' "apply" "$ir"
fi
