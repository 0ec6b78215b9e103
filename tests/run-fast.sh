#!/bin/sh
# The fast tier (make check-fast): the unit suites, the CLI golden tests
# and every other test that needs neither root, QEMU, a network namespace,
# clang nor the Nanos kernel, FAST_JOBS at a time (default: one more than
# the CPUs), each into its own log, printed whole when all are done.
# make check runs this list too, then the rest.
#
#	usage: run-fast.sh mqplan obj/tests/check_...
#
# Every name below must pass; a test that cannot run fails, it is not
# left out.
set -u

# Longest first, so that the short ones fill the gaps at the end.
tests="action cli-hostile apply-property apply-race validate-limits unit cli \
sources completion aws-rows eni-limits apply man-examples install man-render layers \
special ops-schema examples emit-json validate-sarif precommit"

# run_one NAME: run test NAME (mqplan and the suites in $mqplan,
# $suites).
run_one() {
	case $1 in
	unit)		sh tests/run-checks.sh $suites ;;
	cli)		sh tests/cli/run.sh "$mqplan" ;;
	special)	sh tests/cli/special.sh "$mqplan" ;;
	emit-json)	sh tests/cli/emit-json.sh "$mqplan" ;;
	sources)	sh tests/cli/sources.sh "$mqplan" ;;
	cli-hostile)	sh tests/cli/hostile.sh "$mqplan" ;;
	apply)		sh tests/apply/run.sh "$mqplan" ;;
	apply-property)	sh tests/apply/property.sh "$mqplan" ;;
	apply-race)	sh tests/apply/race.sh "$mqplan" ;;
	validate-limits) sh tests/validate/limits.sh "$mqplan" ;;
	validate-sarif)	sh tests/validate/sarif.sh "$mqplan" ;;
	completion)	sh tests/completion/run.sh "$mqplan" ;;
	man-examples)	sh tests/man/examples.sh "$mqplan" ;;
	man-render)	sh tests/man/render.sh ;;
	examples)	sh tests/examples/run.sh "$mqplan" ;;
	ops-schema)	sh tests/tools/ops-schema.sh ;;
	aws-rows)	sh tests/tools/aws-rows.sh "$mqplan" ;;
	eni-limits)	sh tests/tools/eni-limits.sh "$mqplan" ;;
	install)	sh tests/install/run.sh ;;
	layers)		sh tests/layers/run.sh ;;
	action)		sh tests/action/run.sh ;;
	precommit)	sh tests/precommit/run.sh "$mqplan" ;;
	*)		echo "run-fast: no test $1"; return 1 ;;
	esac
}

# Called by xargs below for one test: its output and status into $logs.
if [ "${1:-}" = --one ]; then
	mqplan=$2 logs=$3 name=$4
	shift 4
	suites=$*
	start=$(date +%s%N)
	run_one "$name" >"$logs/$name.log" 2>&1 </dev/null
	echo "$? $((($(date +%s%N) - start) / 1000000))" >"$logs/$name.rc"
	exit 0
fi

mqplan=${1:?usage: run-fast.sh mqplan suite...}
shift
# One more than the CPUs: detect, the metadata suite and race spend much
# of their time waiting on timeouts and locks.
jobs=${FAST_JOBS:-$(($(nproc) + 1))}
case $jobs in
''|*[!0-9]*|0) echo "run-fast: FAST_JOBS must be a positive number"; exit 1 ;;
esac
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT INT TERM
start=$(date +%s%N)

# shellcheck disable=SC2086
printf '%s\n' $tests | xargs -P "$jobs" -I '{}' sh "$0" --one "$mqplan" \
    "$logs" '{}' "$@"

checked=0
failed=0
for name in $tests; do
	checked=$((checked + 1))
	echo "--- $name"
	if [ -r "$logs/$name.rc" ]; then
		cat "$logs/$name.log"
		read -r rc ms <"$logs/$name.rc"
	else
		rc="none" ms=0
	fi
	if [ "$rc" != 0 ]; then
		echo "FAIL $name: exit $rc"
		failed=$((failed + 1))
	fi
	echo "--- $name: $((ms / 1000)).$((ms % 1000 / 100)) s"
done
ms=$((($(date +%s%N) - start) / 1000000))
echo "fast: $checked checked, $failed failed" \
    "($((ms / 1000)).$((ms % 1000 / 100)) s, $jobs at a time)"
[ "$failed" -eq 0 ]
