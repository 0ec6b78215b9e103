#!/bin/sh
# Install the Debian packages mqplan needs to build, test and benchmark.
# As root: apt-get installs what is missing.  Otherwise: print the exact
# command to run and fail, so that the build does not go on half-equipped.
#
# The list is the one place that names the project's system packages; the
# README and CI rely on it.
set -eu

PACKAGES="gcc make pkg-config libc6-dev \
	libcurl4-openssl-dev libjansson-dev libyaml-dev check \
	mandoc valgrind strace iproute2 clang libclang-rt-14-dev \
	qemu-system-x86 zsh acl python3-yaml iputils-ping python3-jsonschema \
	fish build-essential dpkg-dev debhelper fakeroot lintian pre-commit"

missing=""
for p in $PACKAGES; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$status" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done

if [ -z "$missing" ]; then
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: missing packages:$missing" >&2
	echo "deps.sh: run: sudo apt-get install -y$missing" >&2
	exit 1
fi

echo "deps.sh: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
