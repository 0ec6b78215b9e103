#!/bin/sh
# apply then validate on generated configs and targets: for a few hundred
# configs (both clouds, 1-8 interfaces, every NIC type, with and without
# existing tuples, static addresses and root settings), `mqplan apply` then
# `mqplan validate --fail-on warning` with the same target exits 0, a
# second apply changes nothing, and nothing the user wrote is lost.  The
# generator is tests/apply/property.py; PROPERTY_SEED and PROPERTY_CASES
# repeat or widen a run, and a failure prints the seed and the config.
set -u

mqplan=${1:-./mqplan}
# Bounded: a few seconds normally, a few minutes under the sanitizers on
# a loaded machine (make check SANITIZE=1 runs it beside other tests); a
# hang is a failure.
exec timeout 600 python3 tests/apply/property.py "$mqplan"
