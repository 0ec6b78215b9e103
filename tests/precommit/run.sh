#!/bin/sh
# The pre-commit hook (.pre-commit-hooks.yaml) with Debian's pre-commit, in
# temporary git repositories, offline: examples/pre-commit-config.yaml,
# its REPOSITORY and COMMIT replaced by a local repository holding this
# checkout's .pre-commit-hooks.yaml at a commit, which pre-commit clones
# as it would a remote one.  A bad config makes `git commit` and
# `pre-commit run --all-files` fail naming file:line:col; a good one
# passes; files outside the hook's pattern are left alone unless the
# config's files: says otherwise; without mqplan on PATH the hook fails.
#
#	usage: tests/precommit/run.sh mqplan
set -u

mqplan=$(cd "$(dirname "${1:-./mqplan}")" && pwd)/$(basename "${1:-./mqplan}")
command -v pre-commit >/dev/null ||
    { echo "precommit: pre-commit missing (tools/deps.sh installs it)"; exit 1; }
tally_name=precommit
. tests/lib/tally.sh

# Nothing of the caller's git or pre-commit set-up; mqplan on PATH.
export HOME="$tmp/home" PRE_COMMIT_HOME="$tmp/cache" GIT_CONFIG_NOSYSTEM=1 \
    GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.org \
    GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.org
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
mkdir -p "$HOME" "$tmp/bin"
ln -s "$mqplan" "$tmp/bin/mqplan"
path=$tmp/bin:$PATH

# README.md shows the example as it is (from its first key on).
awk -v h='### pre-commit' '$0 == h { on = 1; next }
    on && /^#/ { exit }
    on && /^    / { inb = 1; print substr($0, 5); next }
    on && inb && /^[^ ]/ { exit }' README.md >"$tmp/readme"
sed -n '/^repos:/,$p' examples/pre-commit-config.yaml | cmp -s - "$tmp/readme" && ok ||
    bad "README.md, ### pre-commit: not examples/pre-commit-config.yaml as it is"

# The hooks' repository: the shipped .pre-commit-hooks.yaml at a commit.
hooks=$tmp/hooks
git init -q "$hooks" && cp .pre-commit-hooks.yaml "$hooks/" &&
    git -C "$hooks" add .pre-commit-hooks.yaml &&
    git -C "$hooks" commit -qm hooks ||
    { echo "precommit: cannot make the hooks repository"; exit 1; }
rev=$(git -C "$hooks" rev-parse HEAD)

conf() {
	mkdir -p "$(dirname "$1")"
	printf '{\n  "ManifestPassthrough": {\n    "en1": {\n      "io-queues": %s\n    }\n  }\n}\n' \
	    "$2" >"$1"
}

# pc DIR CMD...: run CMD in DIR, bounded, output in $tmp/log.
pc() {
	d=$1
	shift
	(cd "$d" && PATH=$path timeout 120 "$@") >"$tmp/log" 2>&1
	status=$?
}

# The user's repository, with the example config as shipped but for its
# two placeholders.
repo=$tmp/repo
git init -q "$repo"
sed -e "s|REPOSITORY|$hooks|" -e "s|COMMIT|$rev|" \
    examples/pre-commit-config.yaml >"$repo/.pre-commit-config.yaml"
grep -q "rev: $rev\$" "$repo/.pre-commit-config.yaml" && ok ||
    bad "examples/pre-commit-config.yaml has no rev: COMMIT"
git -C "$repo" add .pre-commit-config.yaml &&
    git -C "$repo" commit -qm config || bad "cannot commit the config"
pc "$repo" pre-commit install
[ "$status" = 0 ] && ok || { bad "pre-commit install: exit $status"; cat "$tmp/log"; }

# A good config: the commit goes through, after the hook ran on it.
conf "$repo/config.json" '"4"'
git -C "$repo" add config.json
pc "$repo" git commit -m good
if [ "$status" = 0 ] && grep -q '^mqplan validate\.*Passed' "$tmp/log"; then ok
else bad "good config: commit exit $status"; cat "$tmp/log"; fi

# A bad one: the commit fails, naming file, line and column.
conf "$repo/svc/config.json" 8
git -C "$repo" add svc/config.json
pc "$repo" git commit -m bad
if [ "$status" != 0 ] && grep -q '^mqplan validate\.*Failed' "$tmp/log" &&
    grep -q '^svc/config\.json:4:20: error: .*\[io-queues-not-string\]$' "$tmp/log"
then ok
else bad "bad config: commit exit $status"; cat "$tmp/log"; fi
git -C "$repo" log --format=%s | grep -qx bad &&
    bad "bad config: committed anyway" || ok

# The acceptance line: pre-commit run --all-files fails on it too.
pc "$repo" pre-commit run --all-files
if [ "$status" = 1 ] &&
    grep -q '^svc/config\.json:4:20: error: ' "$tmp/log" &&
    ! grep -q '^config\.json:' "$tmp/log"
then ok
else bad "run --all-files: exit $status"; cat "$tmp/log"; fi

# Fixed, the commit goes through.
conf "$repo/svc/config.json" '"8"'
git -C "$repo" add svc/config.json
pc "$repo" git commit -m fixed
[ "$status" = 0 ] && ok || { bad "fixed config: commit exit $status"; cat "$tmp/log"; }

# Other names are not the hook's business...
conf "$repo/deploy/web.json" 8
git -C "$repo" add deploy/web.json
pc "$repo" git commit -m other
[ "$status" = 0 ] && ok || { bad "deploy/web.json: checked by default"; cat "$tmp/log"; }
# ...unless the config's files: names them, as the example's comment shows.
sed -i 's|# files: |files: |' "$repo/.pre-commit-config.yaml"
git -C "$repo" add .pre-commit-config.yaml
pc "$repo" pre-commit run --all-files
if [ "$status" = 1 ] && grep -q '^deploy/web\.json:4:20: error: ' "$tmp/log"
then ok
else bad "files: override: exit $status"; cat "$tmp/log"; fi

# language: system: without mqplan on PATH the hook fails and says so.
path=$(printf '%s' "$PATH" | tr ':' '\n' | while read -r d; do
	[ -x "$d/mqplan" ] || printf '%s:' "$d"; done)
path=${path%:}
pc "$repo" pre-commit run --all-files
if [ "$status" = 1 ] && grep -q 'mqplan.* not found' "$tmp/log"; then ok
else bad "no mqplan on PATH: exit $status"; cat "$tmp/log"; fi

tally_end
