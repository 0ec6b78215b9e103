#!/bin/sh
# The Debian package, as README.md ("From the Debian package") builds and
# installs it: dpkg-buildpackage -us -uc -b in a copy of the working tree
# (the build writes debian/mqplan/ and ../*.deb, so never in the user's
# checkout), lintian without errors, the .deb's fields, and the .deb
# unpacked with dpkg -x into a throw-away root, where the installed
# binary must answer as the tree's own does.  Then apt-get simulates the
# README's `apt install ./mqplan_VERSION_ARCH.deb`.
#
# The build runs with DEB_BUILD_OPTIONS=nocheck: its test step is the fast
# tier, which make check has just run on the same tree.
#
#	usage: run.sh mqplan
set -u

mqplan=${1:?usage: run.sh mqplan}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
checked=0
failed=0
start=$(date +%s)

bad() {
	echo "deb: $*"
	failed=$((failed + 1))
}

# ok CONDITION...: one check, failed with the message in $msg.
ok() {
	checked=$((checked + 1))
	"$@" || bad "$msg"
}

version=$(cat VERSION)
arch=$(dpkg --print-architecture)
deb=mqplan_${version}_$arch.deb

msg="debian/changelog's version is not VERSION's ($version)"
ok test "$(dpkg-parsechangelog -S Version)" = "$version"
msg="./mqplan --version is not 'mqplan $version'"
ok test "$("$mqplan" --version)" = "mqplan $version"

# README.md shows the two commands this test runs.
msg="README.md does not show 'dpkg-buildpackage -us -uc -b'"
ok grep -q -x '    dpkg-buildpackage -us -uc -b' README.md
msg="README.md does not show 'apt install ./mqplan_${version}_amd64.deb'"
ok grep -q -x "    cd .. && sudo apt install ./mqplan_${version}_amd64.deb" \
    README.md

# The working tree as git sees it: tracked files as they are now (edits
# included, deletions left out) and new files not ignored.
git rev-parse --is-inside-work-tree >/dev/null 2>&1 ||
    { echo "deb: not a git work tree: the copy needs git ls-files"; exit 1; }
git status --porcelain --ignored >"$tmp/status.before"
mkdir "$tmp/mqplan"
git ls-files -z -c -o --exclude-standard |
    xargs -0 -r sh -c 'for f; do
	if [ -e "$f" ] || [ -L "$f" ]; then printf "%s\0" "$f"; fi
    done' sh |
    tar --null -T - -cf - | tar -xf - -C "$tmp/mqplan" ||
    { echo "deb: cannot copy the working tree"; exit 1; }

# README.md's first command, in the copy, in the environment a packager
# has: nothing of make check's make (its flags and command-line variables,
# SANITIZE=1 among them) reaches the package's.
if ! (cd "$tmp/mqplan" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
    -u MAKEOVERRIDES -u SANITIZE -u DEVELOPER -u NODEPS -u V -u CFLAGS \
    -u CPPFLAGS -u LDFLAGS -u CC DEB_BUILD_OPTIONS="nocheck parallel=2" \
    timeout 600 dpkg-buildpackage -us -uc -b) >"$tmp/build.log" 2>&1; then
	tail -n 40 "$tmp/build.log"
	echo "deb: dpkg-buildpackage failed;" \
	    "$((checked + 1)) checked, $((failed + 1)) failed"
	exit 1
fi
built=$(date +%s)
msg="dpkg-buildpackage did not write ../$deb"
ok test -f "$tmp/$deb"

# lintian on the .changes, which names the .deb, the dbgsym .deb and the
# .buildinfo: errors fail, warnings and notes are shown.
(cd "$tmp" && timeout 300 lintian -I "mqplan_${version}_$arch.changes") \
    >"$tmp/lintian.log" 2>&1
grep -v '^running with root privileges' "$tmp/lintian.log"
msg="lintian reports errors"
ok test -z "$(grep '^E:' "$tmp/lintian.log")"
msg="lintian did not run"
ok test -z "$(grep -v -e '^[EWIPNX]: ' -e '^running with root' \
    "$tmp/lintian.log")"

# The control fields a user or apt sees.
field() {
	dpkg-deb -f "$tmp/$deb" "$1"
}
msg="Package is not mqplan"
ok test "$(field Package)" = mqplan
msg="Version is not $version"
ok test "$(field Version)" = "$version"
msg="Architecture is not $arch"
ok test "$(field Architecture)" = "$arch"
for lib in libc6 libcurl4 libcurl3-gnutls libjansson4 libyaml-0-2; do
	msg="Depends lacks $lib: $(field Depends)"
	ok sh -c 'dpkg-deb -f "$1" Depends | tr "," "\n" | tr "|" "\n" |
	    grep -q -E "^ *$2( |\$)"' sh "$tmp/$deb" "$lib"
done

# Unpacked into a throw-away root: every file where Debian wants it.
root=$tmp/root
dpkg -x "$tmp/$deb" "$root"
for f in usr/bin/mqplan usr/share/man/man1/mqplan.1.gz \
    usr/share/man/man4/mqplan-driver.4.gz \
    usr/share/man/man5/mqplan-policy.5.gz \
    usr/share/bash-completion/completions/mqplan \
    usr/share/zsh/vendor-completions/_mqplan \
    usr/share/fish/vendor_completions.d/mqplan.fish \
    usr/share/doc/mqplan/copyright usr/share/doc/mqplan/changelog.gz; do
	msg="the package lacks /$f"
	ok test -f "$root/$f"
done
msg="the package has files outside /usr"
ok test "$(cd "$root" && ls -A)" = usr
for page in mqplan.1 mqplan-driver.4 mqplan-policy.5; do
	msg="the installed $page is not man/$page"
	ok sh -c 'zcat "$1" | cmp -s - "$2"' sh \
	    "$root/usr/share/man/man${page##*.}/$page.gz" "man/$page"
done
"$mqplan" completion bash >"$tmp/bash"
"$mqplan" completion zsh >"$tmp/zsh"
"$mqplan" completion fish >"$tmp/fish"
msg="the installed bash completion is not mqplan completion bash's"
ok cmp -s "$tmp/bash" "$root/usr/share/bash-completion/completions/mqplan"
msg="the installed zsh completion is not mqplan completion zsh's"
ok cmp -s "$tmp/zsh" "$root/usr/share/zsh/vendor-completions/_mqplan"
msg="the installed fish completion is not mqplan completion fish's"
ok cmp -s "$tmp/fish" \
    "$root/usr/share/fish/vendor_completions.d/mqplan.fish"
msg="changelog.gz is not debian/changelog"
ok sh -c 'zcat "$1" | cmp -s - debian/changelog' sh \
    "$root/usr/share/doc/mqplan/changelog.gz"

# The installed binary answers as the tree's does.
inst=$root/usr/bin/mqplan
msg="the installed --version is not 'mqplan $version'"
ok test "$("$inst" --version 2>&1)" = "mqplan $version"
# same ARGS...: both binaries, same output and exit status.
same() {
	"$mqplan" "$@" >"$tmp/want" 2>&1
	echo "exit $?" >>"$tmp/want"
	"$inst" "$@" >"$tmp/got" 2>&1
	echo "exit $?" >>"$tmp/got"
	cmp -s "$tmp/want" "$tmp/got" ||
	    { diff -u "$tmp/want" "$tmp/got" | head -n 20; return 1; }
}
msg="the installed plan differs from ./mqplan's"
ok same plan --platform gcp --machine-type n2-standard-32 --nic gvnic \
    --nics 2 --policy examples/policy.yaml --explain
msg="the installed validate differs from ./mqplan's"
ok same validate examples/gcp-two-nics.json tests/data/config/gcp-bad.json
msg="the installed plan --format json differs from ./mqplan's"
ok same plan --platform aws --instance-type c5n.18xlarge --format json
msg="the installed apply --dry-run differs from ./mqplan's"
ok same apply --dry-run --config examples/gcp-virtio-net.json \
    --instance-type n2-standard-16
# The hardening dpkg-buildflags asks for reached the binary.
msg="the installed binary is not PIE with full RELRO"
ok sh -c 'readelf -h "$1" | grep -q "DYN " &&
    readelf -d "$1" | grep -q "BIND_NOW\|FLAGS.*NOW" &&
    readelf -l "$1" | grep -q GNU_RELRO' sh "$inst"
msg="the installed binary has no fortified calls"
ok sh -c 'nm -D "$1" | grep -q -E " __[a-z0-9]+_chk(@|$)"' sh "$inst"

# README.md's second command, simulated: apt resolves the package's
# dependencies from what is installed and would install it.
msg="apt-get -s install ./$deb does not install mqplan $version"
ok sh -c 'cd "$1" && timeout 60 apt-get -s install "./$2" 2>&1 |
    grep -q "^Inst mqplan (${3}"' sh "$tmp" "$deb" "$version"

git status --porcelain --ignored >"$tmp/status.after"
msg="the build changed the checkout (git status differs)"
ok cmp -s "$tmp/status.before" "$tmp/status.after"

end=$(date +%s)
echo "deb: $checked checked, $failed failed" \
    "(build $((built - start)) s, all $((end - start)) s)"
[ "$failed" -eq 0 ]
