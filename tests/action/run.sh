#!/bin/sh
# The GitHub Action (action.yml) as a runner would run it, offline: its
# metadata against the keys GitHub requires (tests/action/composite.py),
# then its shell steps in clean temporary workspaces, with the inputs as a
# workflow's `with:` gives them: the acceptance case of issue 16 (`uses: ./`
# on a repository with one good and one bad config: one annotation, exit 1),
# examples/github-workflow.yml as written, fail-on, the fallback target,
# other formats, no match, the apt-get step, and inputs and file names
# that try to run commands.  The cache step is skipped, as on a cache miss:
# the action must work without it.
#
#	usage: tests/action/run.sh
set -u

top=$(pwd)
composite="python3 $top/tests/action/composite.py"
tally_name=action
. tests/lib/tally.sh

# expect NAME WANT: the last action run exited WANT.
expect() {
	if [ "$status" = "$2" ]; then ok; else
		bad "$1: exit $status, want $2"
		sed 's/^/	/' "$tmp/log"
	fi
}
# has NAME WANT: the action's outputs hold the line WANT.
has() {
	if grep -qxF -- "$2" "$tmp/out"; then ok; else
		bad "$1: no output line $2 in:"
		sed 's/^/	/' "$tmp/out"
	fi
}
# annotations: the annotation lines of the last run's log.
annotations() {
	grep -E '^::(error|warning|notice)( |::)' "$tmp/log"
}

# act WORKSPACE ACTION_DIR [NAME=VALUE...]: run the action's steps, as
# `uses:` does, from WORKSPACE; log, outputs and status in $tmp.
act() {
	ws=$1 dir=$2
	shift 2
	# A runner's environment has nothing of the make that runs this.
	(cd "$ws" && unset DEBIAN_FRONTEND MAKEFLAGS MFLAGS MAKELEVEL \
	    SANITIZE DEVELOPER V && RUNNER_TEMP=$tmp/runner \
	    PATH=$tmp/fake:$PATH \
	    timeout 300 $composite run "$dir" . "$tmp/out" "$@") \
	    >"$tmp/log" 2>&1
	status=$?
}

# A clean copy of the checkout, as actions/checkout leaves it, nothing
# built: what the action and its build read (the tree may be a Debian
# build's, without .git, with obj/ and debian/ outputs).
mkdir "$tmp/src" "$tmp/fake" "$tmp/runner"
tar -cf - action.yml Makefile VERSION cli common policy platforms \
    manifest driver | tar -xf - -C "$tmp/src" ||
    { echo "action: cannot copy the checkout"; exit 1; }

# Every apt-get or sudo the steps run is recorded; here none may run.
# apt-get notes whether DEBIAN_FRONTEND reached it.
printf '#!/bin/sh\necho "sudo $*" >>"%s"\n' "$tmp/apt.log" >"$tmp/fake/sudo"
printf '#!/bin/sh\necho "apt-get[$DEBIAN_FRONTEND] $*" >>"%s"\n' \
    "$tmp/apt.log" >"$tmp/fake/apt-get"
chmod +x "$tmp/fake/sudo" "$tmp/fake/apt-get"

# README.md shows the example as it is (from its first key on).
awk -v h='### GitHub Action' '$0 == h { on = 1; next }
    on && /^#/ { exit }
    on && /^    / { inb = 1; print substr($0, 5); next }
    on && inb && /^[^ ]/ { exit }' README.md >"$tmp/readme"
sed -n '/^name:/,$p' examples/github-workflow.yml | cmp -s - "$tmp/readme" && ok ||
    bad "README.md, ### GitHub Action: not examples/github-workflow.yml as it is"

$composite check action.yml && ok || bad "action.yml fails the metadata check"
$composite selftest action.yml >"$tmp/log" 2>&1 && ok ||
    { bad "the metadata check misses faults"; cat "$tmp/log"; }

# The configs: bad has io-queues as a number (an error, at 4:20); warn
# asks for more queues than an n2-standard-8 gives (a warning, at 4:20,
# only once the target is known); good is clean.
conf() {
	mkdir -p "$(dirname "$1")"
	printf '{\n  "ManifestPassthrough": {\n    "en1": {\n      "io-queues": %s\n    }\n  }\n}\n' \
	    "$2" >"$1"
}

# 1. The acceptance case: the action from the checkout (`uses: ./`, so
# the workspace is mqplan's repository) on one good and one bad config.
# No cache: the steps build mqplan from this checkout.
ws=$tmp/uses-dot
cp -R "$tmp/src" "$ws"
conf "$ws/deploy/good/config.json" '"4"'
conf "$ws/deploy/bad/config.json" 8
act "$ws" "$ws" 'files=deploy/**/config.json'
expect "uses: ./, one bad config" 1
n=$(annotations | wc -l)
[ "$n" = 1 ] && ok || { bad "uses: ./: $n annotations, want 1"; cat "$tmp/log"; }
annotations | grep -q '^::error file=deploy/bad/config\.json,line=4,col=20,title=mqplan io-queues-not-string::' &&
    ok || bad "uses: ./: the annotation does not name deploy/bad/config.json:4:20"
has "uses: ./" findings=1
has "uses: ./" files=2
has "uses: ./" exit-code=1
[ -x "$ws/mqplan" ] && ok || bad "uses: ./: mqplan was not built in the checkout"
bin=$(sed -n 's/^mqplan=//p' "$tmp/out")
"$bin" --version >/dev/null 2>&1 && ok || bad "uses: ./: output mqplan=$bin does not run"
grep -qxF "GITHUB_PATH=${bin%/mqplan}" "$tmp/out" && ok ||
    bad "uses: ./: the binary's directory is not added to PATH"
grep -q 'build dependencies present' "$tmp/log" && ok ||
    bad "uses: ./: the dependency step did not find the packages"

# 2. Only the good config: exit 0, nothing annotated.
rm -r "$ws/deploy/bad"
act "$ws" "$ws" 'files=deploy/**/config.json'
expect "uses: ./, good only" 0
[ -z "$(annotations)" ] && ok || bad "good only: annotations printed"
grep -q 'cached build' "$tmp/log" && ok ||
    bad "good only: the built mqplan was not reused"

# 3. examples/github-workflow.yml as written: its mqplan checkout's path
# is the action's directory, its with: the inputs.  The checkout is a
# hidden directory, so the glob does not reach a config in it (here a bad
# one).
wf=$(python3 - "$tmp/with" <<'EOF'
import sys, yaml
steps = yaml.safe_load(open("examples/github-workflow.yml"))["jobs"]["mqplan"]["steps"]
path = steps[1]["with"]["path"]
assert steps[1]["uses"].startswith("actions/checkout@") and steps[1]["with"]["repository"]
assert steps[2]["uses"] == "./" + path, steps[2]["uses"]
with open(sys.argv[1], "w") as f:
    for k, v in steps[2].get("with", {}).items():
        f.write("%s=%s\n" % (k, v))
print(path)
EOF
) || bad "examples/github-workflow.yml: no checkout-then-uses steps"
ws=$tmp/workflow
mkdir "$ws"
cp -R "$tmp/src" "$ws/$wf"
conf "$ws/config.json" '"4"'
conf "$ws/svc/config.json" '"64"'
conf "$ws/$wf/fixture/config.json" 8
set -f
# shellcheck disable=SC2046
set -- $(cat "$tmp/with")
set +f
act "$ws" "$ws/$wf" "$@"
expect "workflow example, no target" 0
has "workflow example" files=2
has "workflow example" findings=0

# 4. The fallback target reaches mqplan: svc/config.json names none, and
# 64 queues are above what an n2-standard-8's virtio-net gives.
act "$ws" "$ws/$wf" platform=gcp instance-type=n2-standard-8
expect "fallback target, fail-on error" 0
annotations | grep -q '^::warning file=svc/config\.json,line=4,col=20,title=mqplan io-queues-above-device::' &&
    ok || { bad "fallback target: no warning for svc/config.json:4:20"; cat "$tmp/log"; }
has "fallback target" findings=1
act "$ws" "$ws/$wf" platform=gcp instance-type=n2-standard-8 fail-on=warning
expect "fallback target, fail-on warning" 1
has "fail-on warning" exit-code=1

# 5. Another format, into a file: the JSON report, no annotations; the
# findings still counted.
act "$ws" "$ws/$wf" platform=gcp instance-type=n2-standard-8 format=json \
    output-file=report.json
expect "format json" 0
[ -z "$(annotations)" ] && ok || bad "format json: annotations printed"
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); assert len(d["files"]) == 2' \
    "$ws/report.json" 2>/dev/null && ok || bad "format json: report.json is not the report"
has "format json" findings=1
act "$ws" "$ws/$wf" platform=gcp instance-type=n2-standard-8 fail-on=warning \
    format=sarif output-file=out/mqplan.sarif
expect "format sarif, fail-on warning" 1
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); assert d["version"] == "2.1.0" and len(d["runs"][0]["results"]) == 1' \
    "$ws/out/mqplan.sarif" 2>/dev/null && ok ||
    bad "format sarif: out/mqplan.sarif is not the log with one result"
act "$ws" "$ws/$wf" format=text args='--platform gcp --instance-type n2-standard-8'
expect "format text, args" 0
grep -q '^svc/config\.json:4:20: warning: ' "$tmp/log" && ok ||
    { bad "format text with args: no svc/config.json:4:20 warning"; cat "$tmp/log"; }

# 6. No file matches: a message naming the pattern, exit 2.
act "$ws" "$ws/$wf" 'files=nothing/**/*.json'
expect "no match" 2
grep -qF '::error title=mqplan::no file matches the files input (nothing/**/*.json)' \
    "$tmp/log" && ok || { bad "no match: no message"; cat "$tmp/log"; }
has "no match" files=0

# 7. Inputs that try to run commands do nothing but fail; so do file
# names from a pull request (a directory named like a command
# substitution, a file named like an option).
ws=$tmp/hostile
mkdir "$ws"
cp -R "$tmp/src" "$ws/$wf"
conf "$ws/\$(touch pwned-dir)/config.json" '"4"'
conf "$ws/-q/config.json" 8
act "$ws" "$ws/$wf" "fail-on=error\$(touch $tmp/pwned-failon)"
expect "fail-on injection" 2
act "$ws" "$ws/$wf" "files=\$(touch $tmp/pwned-files) \"; touch $tmp/pwned-quote; \""
expect "files injection" 2
act "$ws" "$ws/$wf" "platform=gcp\$(touch $tmp/pwned-platform)"
expect "platform injection" 2
# An instance type mqplan cannot read is a warning in validate (queue
# counts not checked); -q/config.json fails the run.
act "$ws" "$ws/$wf" "instance-type=\`touch $tmp/pwned-type\`"
expect "instance-type injection" 1
act "$ws" "$ws/$wf" "args=\$(touch $tmp/pwned-args) ; touch $tmp/pwned-semi"
expect "args injection" 2
act "$ws" "$ws/$wf" "format=github\$(touch $tmp/pwned-format)"
expect "format injection" 2
act "$ws" "$ws/$wf" 'output-file=out$(touch pwned-out)'
expect "output-file injection" 1
[ -s "$ws/out\$(touch pwned-out)" ] && ok ||
    bad "output-file injection: the file was not written under its name"
act "$ws" "$ws/$wf"
expect "hostile file names" 1
has "hostile file names" files=2
annotations | grep -q '^::error file=./-q/config\.json,line=4,col=20,' && ok ||
    { bad "hostile file names: -q/config.json not checked as a file"; cat "$tmp/log"; }
p=$(find "$tmp" -name 'pwned*' | head -1)
[ -z "$p" ] && ok || bad "an input or file name ran a command: $p exists"

# 8. The dependency step: with every package present and no cache, no
# apt-get ran above.  With one missing, apt-get update then install of
# that package only, through sudo unless root.
[ ! -e "$tmp/apt.log" ] && ok || { bad "apt-get ran:"; cat "$tmp/apt.log"; }
cat >"$tmp/fake/dpkg-query" <<'EOF'
#!/bin/sh
for a; do p=$a; done
[ "$p" = libyaml-dev ] && { printf 'unknown ok not-installed'; exit 0; }
printf 'install ok installed'
EOF
chmod +x "$tmp/fake/dpkg-query"
for uid in 1000 0; do
	printf '#!/bin/sh\necho %s\n' "$uid" >"$tmp/fake/id"
	chmod +x "$tmp/fake/id"
	rm -rf "$tmp/runner" "$tmp/apt.log"
	# The checkout case 1 built in, so that make has nothing to do.
	act "$tmp/workflow" "$tmp/uses-dot"
	expect "missing package, uid $uid" 0
	if [ "$uid" = 0 ]; then
		want="apt-get[] update -qq
apt-get[noninteractive] install -y -qq --no-install-recommends libyaml-dev"
	else
		want="sudo apt-get update -qq
sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libyaml-dev"
	fi
	[ "$(cat "$tmp/apt.log" 2>/dev/null)" = "$want" ] && ok || {
		bad "missing package, uid $uid: apt calls differ:"
		cat "$tmp/apt.log" 2>/dev/null; }
done

tally_end
