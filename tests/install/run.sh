#!/bin/sh
# make install into a temporary DESTDIR must produce exactly the tree a
# packager expects, with a working binary, and make uninstall must leave
# the staging directory empty.
set -u

dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
prefix=/usr
failed=0

bad() {
	echo "install: $*"
	failed=$((failed + 1))
}

make --no-print-directory -s install DEVELOPER=1 DESTDIR="$dest" \
    PREFIX="$prefix" \
    >"$dest.log" 2>&1 || { cat "$dest.log"; rm -f "$dest.log"; exit 1; }
(cd "$dest" && find . -type f | sort) >"$dest.got"
{
	echo ./usr/bin/mqplan
	echo ./usr/share/bash-completion/completions/mqplan
	echo ./usr/share/doc/mqplan/CHANGELOG.md
	echo ./usr/share/fish/vendor_completions.d/mqplan.fish
	echo ./usr/share/doc/mqplan/README.md
	for f in examples/*; do
		echo "./usr/share/doc/mqplan/$f"
	done
	echo ./usr/share/man/man1/mqplan.1
	echo ./usr/share/man/man4/mqplan-driver.4
	echo ./usr/share/man/man5/mqplan-policy.5
	echo ./usr/share/zsh/site-functions/_mqplan
} | sort >"$dest.want"
diff -u "$dest.want" "$dest.got" || bad "the installed tree differs"
[ -x "$dest/usr/bin/mqplan" ] && "$dest/usr/bin/mqplan" --version |
    grep -q '^mqplan ' || bad "the installed binary does not run"
[ "$(stat -c %a "$dest/usr/bin/mqplan")" = 755 ] || bad "binary mode"
[ "$(stat -c %a "$dest/usr/share/man/man1/mqplan.1")" = 644 ] ||
    bad "man page mode"
bash -n "$dest/usr/share/bash-completion/completions/mqplan" ||
    bad "installed bash completion does not parse"
fish -n "$dest/usr/share/fish/vendor_completions.d/mqplan.fish" ||
    bad "installed fish completion does not parse"
make --no-print-directory -s uninstall DEVELOPER=1 DESTDIR="$dest" \
    PREFIX="$prefix" \
    >"$dest.log" 2>&1 || { cat "$dest.log"; bad "uninstall failed"; }
left=$(cd "$dest" && find . -mindepth 1)
[ -z "$left" ] || bad "uninstall left: $left"
rm -f "$dest.log" "$dest.got" "$dest.want"
echo "install: tree, binary, modes and uninstall checked, $failed failed"
[ "$failed" = 0 ]
