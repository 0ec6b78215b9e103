#!/bin/sh
# tests/nanos/opsman against what ops does (nanovms/ops bb2d9ce,
# lepton/image.go BuildManifest, fs/manifest.go, fs/tfs.go) and against
# Nanos' own mkfs: every manifest below must be one mkfs takes, and the
# strings that need quoting are read back from the image with dump, so a
# quoting mistake shows as a changed string.
#
# usage: tests/nanos/opsman.sh
#
# Environment: NANOS_DIR (mkfs and dump; default ../shared/nanos).
set -u

opsman=${OPSMAN:-obj/tests/opsman}
nanos=${NANOS_DIR:-../shared/nanos}
for f in kernel.img boot.img mkfs dump; do
	[ -r "$nanos/$f" ] || {
		echo "nanos: no Nanos kernel in $nanos (kernel.img, boot.img," \
		    "mkfs, dump): set NANOS_DIR=/path/to/nanos" >&2
		exit 1
	}
done
[ -x "$opsman" ] || { echo "opsman: no $opsman" >&2; exit 1; }

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
checked=0 failed=0
# mkfs reads the program from the host: any file will do here.
prog=$tmp/hold
: >"$prog"
env='environment:(USER:root PWD:/)'

# check NAME CONFIG WANT: opsman's manifest for CONFIG is exactly the
# program part, then WANT, and mkfs takes it.
check() {
	checked=$((checked + 1))
	printf '%s\n' "$2" >"$tmp/config.json"
	if ! "$opsman" -p "$prog" "$tmp/config.json" >"$tmp/out" 2>&1; then
		echo "opsman: $1: refused: $(cat "$tmp/out")"
		failed=$((failed + 1))
		return
	fi
	want="(children:(hold:(contents:(host:$prog))) program:/hold arguments:[hold] $3)"
	if [ "$(cat "$tmp/out")" != "$want" ]; then
		echo "opsman: $1: got  $(cat "$tmp/out")"
		echo "opsman: $1: want $want"
		failed=$((failed + 1))
		return
	fi
	if ! "$nanos/mkfs" -b "$nanos/boot.img" -k "$nanos/kernel.img" \
	    "$tmp/img" <"$tmp/out" >"$tmp/mkfs.log" 2>&1; then
		echo "opsman: $1: mkfs refused it:"
		cat "$tmp/mkfs.log"
		failed=$((failed + 1))
	fi
}

# refused NAME CONFIG MESSAGE: opsman exits 1 saying MESSAGE, as ops
# fails the build.
refused() {
	checked=$((checked + 1))
	printf '%s\n' "$2" >"$tmp/config.json"
	"$opsman" -p "$prog" "$tmp/config.json" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc != 1 ] || ! grep -qF "$3" "$tmp/err"; then
		echo "opsman: $1: exit $rc, wanted 1 and '$3': $(cat "$tmp/err")"
		failed=$((failed + 1))
	fi
}

check "no network settings" '{"RunConfig": {"Memory": "2G"}}' "$env"
check "Env joins the environment" '{"Env": {"A": "b c"}}' \
    'environment:(USER:root PWD:/ A:"b c")'
check "RunConfig address: all four root keys" \
    '{"RunConfig": {"IPAddress": "10.0.0.5", "NetMask": "255.255.255.0", "Gateway": "10.0.0.1"}}' \
    "$env"' ipaddr:10.0.0.5 netmask:255.255.255.0 gateway:10.0.0.1 ip6addr:""'
check "IPv6 only: the IPv4 keys are written empty" \
    '{"RunConfig": {"IPv6Address": "fd00::5"}}' \
    "$env"' ipaddr:"" netmask:"" gateway:"" ip6addr:fd00::5'
check "an address net.ParseIP refuses is blanked, then nothing is written" \
    '{"RunConfig": {"IPAddress": "10.0.0.999", "NetMask": "255.255.255.0"}}' \
    "$env"
check "field names fold case; a later spelling wins" \
    '{"runconfig": {"ipaddress": "10.0.0.5"}, "RUNCONFIG": {"IPADDRESS": "10.0.0.6"}}' \
    "$env"' ipaddr:10.0.0.6 netmask:"" gateway:"" ip6addr:""'
check "Nics[0] overrides RunConfig (ip6addr too); Nics[1] is the en2 tuple" \
    '{"RunConfig": {"IPAddress": "10.0.0.5", "IPv6Address": "fd00::5", "Nics": [{"IPAddress": "10.0.0.7"}, {"IPAddress": "10.0.1.7", "NetMask": "255.255.255.0"}]}}' \
    "$env"' ipaddr:10.0.0.7 netmask:"" gateway:"" ip6addr:"" en2:(ipaddr:10.0.1.7 netmask:255.255.255.0 gateway:"")'
check "a passthrough en2 replaces the Nics tuple whole" \
    '{"RunConfig": {"Nics": [{}, {"IPAddress": "10.0.1.7"}]}, "ManifestPassthrough": {"en2": {"io-queues": "2"}}}' \
    "$env"' ipaddr:"" netmask:"" gateway:"" ip6addr:"" en2:(io-queues:2)'
check "a passthrough root key replaces RunConfig's" \
    '{"RunConfig": {"IPAddress": "10.0.0.5"}, "ManifestPassthrough": {"ipaddr": "10.0.0.9", "mtu": "1400"}}' \
    "$env"' ipaddr:10.0.0.9 netmask:"" gateway:"" ip6addr:"" mtu:1400'
refused "a number" '{"ManifestPassthrough": {"en1": {"io-queues": 2}}}' \
    'ManifestPassthrough.en1.io-queues: a number'
refused "a boolean in a list" '{"ManifestPassthrough": {"l": ["a", true]}}' \
    'ManifestPassthrough.l[1]: a boolean'
refused "null" '{"ManifestPassthrough": {"x": null}}' \
    'ManifestPassthrough.x: null'
refused "a number where ops wants a string" \
    '{"RunConfig": {"IPAddress": 5}}' 'RunConfig.IPAddress: not a string'

# Strings mkfs must read back unchanged.  dump prints each value as it
# is, tuples sorted by key, so q (after program) ends the listing.
checked=$((checked + 1))
cat >"$tmp/config.json" <<'EOF'
{"ManifestPassthrough": {"q": {"s1": "a b", "s2": "q\"uote",
 "s3": "back\\slash", "s4": "", "s5": "#hash", "s6": "(paren)",
 "s7": "[br]", "s8": "k:v", "s9": "tab\there", "l": ["", "x y", []],
 "t": {"k w": {"": "z"}}, "u": "\u00fc \u00e9"}}}
EOF
{
	printf '%s\n' ' q:(l:[' '       x y' '       []]' '    s1:a b' \
	    '    s2:q"uote' '    s3:back\slash' '    s4:' '    s5:#hash' \
	    '    s6:(paren)' '    s7:[br]' '    s8:k:v'
	printf '    s9:tab\there\n'
	printf '    t:(k w:(:z))\n'
	printf '    u:\303\274 \303\251))\n'
} >"$tmp/want"
"$opsman" -p "$prog" "$tmp/config.json" >"$tmp/out" 2>&1 &&
    "$nanos/mkfs" -b "$nanos/boot.img" -k "$nanos/kernel.img" "$tmp/img" \
    <"$tmp/out" >/dev/null 2>&1 &&
    "$nanos/dump" "$tmp/img" 2>&1 | sed -n '/^ q:(/,/^detected/p' |
    sed '$d' >"$tmp/got"
if ! cmp -s "$tmp/want" "$tmp/got"; then
	echo "opsman: quoting: mkfs read back something else from:"
	cat "$tmp/out"
	diff "$tmp/want" "$tmp/got"
	failed=$((failed + 1))
fi

echo "opsman: $checked checked, $failed failed"
[ "$failed" = 0 ]
