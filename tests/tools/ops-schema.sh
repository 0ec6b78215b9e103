#!/bin/sh
# tools/ops-schema.sh, the reader that lists ops' config fields for the
# schema table's test, on small Go sources: tags, json:"-", comments,
# aligned fields, and a refusal of what it cannot read (an embedded
# struct) rather than a short list.
set -u

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() { echo "FAIL $1"; failed=$((failed + 1)); }

mkdir -p "$tmp/ops/types"
cat >"$tmp/ops/types/config.go" <<'GO'
package types

// Config for Build
type Config struct {
	// Args ...
	Args []string `json:",omitempty"`

	Home string `json:"home,omitempty"`
	GPUs    int    `json:",omitempty"`
	Skip map[string]string `json:"-"`
	Plain bool
	Ptr *Sub `cloud:"x" json:"sub,omitempty"` // trailing comment
}

func (c Config) Other() {
}

type Sub struct {
	Key string `json:"key"`
}
GO
got=$(sh tools/ops-schema.sh "$tmp/ops" 2>&1 | grep -v '^#')
want=$(printf 'Config.Args\tArgs\t[]string\nConfig.Home\thome\tstring\nConfig.GPUs\tGPUs\tint\nConfig.Skip\t-\tmap[string]string\nConfig.Plain\tPlain\tbool\nConfig.Ptr\tsub\t*Sub\nSub.Key\tkey\tstring')
[ "$got" = "$want" ] && ok || bad "fields: got
$got"

printf 'type Outer struct {\n\tSub\n\tA string\n}\n' >"$tmp/ops/types/config.go"
if sh tools/ops-schema.sh "$tmp/ops" >"$tmp/out" 2>"$tmp/err"; then
	bad "an embedded struct was not refused"
else
	grep -q "cannot read field line" "$tmp/err" && ok ||
	    bad "embedded struct: $(cat "$tmp/err")"
fi

# --check: a source written from the checked-in list passes.
grep -v '^#' tests/data/ops/config-fields.txt | awk -F '\t' '
{
	split($1, p, ".")
	if (p[1] != st) {
		if (st != "") print "}"
		st = p[1]
		print "type " st " struct {"
	}
	tag = $2 == p[2] ? ",omitempty" : $2
	printf "\t%s %s `json:\"%s\"`\n", p[2], $3, tag
}
END { print "}" }' >"$tmp/ops/types/config.go"
sh tools/ops-schema.sh --check "$tmp/ops" >"$tmp/out" 2>&1 && ok ||
    bad "--check on the list's own fields: $(cat "$tmp/out")"

# --check: the checked-in list against a source that differs.
printf 'type Config struct {\n\tArgs []string\n}\n' >"$tmp/ops/types/config.go"
if sh tools/ops-schema.sh --check "$tmp/ops" >/dev/null 2>&1; then
	bad "--check passed a source that differs from the list"
else
	ok
fi

echo "ops-schema: $((passed + failed)) checked, $failed failed"
[ "$failed" -eq 0 ]
