#!/bin/sh
# The shell completions and the manual against the command table: every
# command and every flag that `mqplan CMD --help` lists (the table's own
# view) must be offered by the bash and fish completions, appear in the
# zsh one (which must parse), and be documented in mqplan(1).  A flag added to
# the table without a man page entry, or a generator that drops one,
# fails here.
set -u

mqplan=${1:-./mqplan}
man=man/mqplan.1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
checked=0

bad() {
	echo "completion: $*"
	failed=$((failed + 1))
}

"$mqplan" completion bash >"$tmp/mqplan.bash" || bad "completion bash failed"
"$mqplan" completion zsh >"$tmp/_mqplan" || bad "completion zsh failed"
bash -n "$tmp/mqplan.bash" || bad "bash script does not parse"
if command -v zsh >/dev/null 2>&1; then
	zsh -n "$tmp/_mqplan" || bad "zsh script does not parse"
else
	bad "zsh missing (tools/deps.sh installs it)"
fi
"$mqplan" completion fish >"$tmp/mqplan.fish" || bad "completion fish failed"
if command -v fish >/dev/null 2>&1; then
	fish -n "$tmp/mqplan.fish" || bad "fish script does not parse"
else
	bad "fish missing (tools/deps.sh installs it)"
fi

# What bash offers for the words given (the last one being completed).
offer() {
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
	    _mqplan; printf "%s\n" "${COMPREPLY[@]}"' sh "$tmp/mqplan.bash" \
	    mqplan "$@"
}

# What fish offers for the command line given (its last word being
# completed), without the descriptions.
fish_offer() {
	fish -N -c 'source $argv[1]; complete -C"$argv[2]"' "$tmp/mqplan.fish" \
	    "mqplan $*" | cut -f 1
}

# The SYNOPSIS of mqplan(1) for a command lists every flag of the usage
# line of `mqplan CMD --help` (the table's own synopsis, which leaves
# aliases such as --machine-type to the option list), by its short or long
# name; -h, --help and --version belong to the page's first line.  And it
# lists no flag the command does not take.
check_synopsis() {
	help=$("$mqplan" "$1" --help)
	syn=$(awk -v c="$1" '
	    /^\.Sh / { insyn = ($2 == "SYNOPSIS"); incmd = 0; next }
	    insyn && /^\.Nm/ { incmd = 0; next }
	    insyn && $1 == ".Cm" && $2 == c { incmd = 1; next }
	    incmd { print }' "$man")
	[ -n "$syn" ] || { bad "mqplan(1) SYNOPSIS has no $1"; return; }
	words=$(echo "$help" | sed -n '/^usage:/,/^$/p' |
	    grep -o '\[--\{0,1\}[a-z][a-z-]*' | tr -d '[')
	for w in $words; do
		case $w in
		--*) longs=${w#--}; letters= ;;
		*) longs=; letters=$(echo "${w#-}" | sed 's/./& /g') ;;
		esac
		for l in $letters; do
			long=$(echo "$help" |
			    sed -n "s/^  -$l, --\([a-z-]*\).*/\1/p")
			longs="$longs $long"
		done
		for long in $longs; do
			case $long in help|version) continue ;; esac
			short=$(echo "$help" |
			    sed -n "s/^  -\([a-z]\), --$long\( .*\)\{0,1\}\$/\1/p")
			checked=$((checked + 1))
			echo "$syn" | grep -q "Fl -$long\( \|\$\)" ||
			    { [ -n "$short" ] &&
			    echo "$syn" | grep -q "Fl $short\( \|\$\)"; } ||
			    bad "mqplan(1) SYNOPSIS of $1 lacks --$long"
		done
	done
	for f in $(echo "$syn" | grep -o 'Fl [a-z-]*' | sed 's/^Fl //'); do
		checked=$((checked + 1))
		case $f in
		-*) echo "$help" | grep -q -- "-$f\( \|\$\)" ;;
		*) echo "$help" | grep -q -- "^  -$f, " ;;
		esac || bad "mqplan(1) SYNOPSIS of $1 lists -$f, which" \
		    "'mqplan $1 --help' does not"
	done
}

cmds=$("$mqplan" --help | sed -n '/^commands:/,/^$/s/^  \([a-z]*\) .*/\1/p')
[ -n "$cmds" ] || bad "no commands in mqplan --help"
fish_cmds=$(fish_offer "")
for c in $cmds; do
	offer "" | grep -qx "$c" || bad "bash does not offer command $c"
	echo "$fish_cmds" | grep -qx "$c" || bad "fish does not offer command $c"
	grep -q "'$c:" "$tmp/_mqplan" || bad "zsh does not describe $c"
	grep -q "^\.It Cm $c\$\|^\.It Cm $c " "$man" ||
	    bad "mqplan(1) has no entry for $c"
	checked=$((checked + 1))
	flags=$("$mqplan" "$c" --help |
	    sed -n 's/^ *\(-[a-z], \)\{0,1\}\(--[a-z-]*\).*/\2/p')
	shorts=$("$mqplan" "$c" --help | sed -n 's/^  -\([a-z]\), --.*/\1/p')
	offered=$(offer "$c" -)
	fish_offered=$(fish_offer "$c -")
	for f in $flags; do
		echo "$offered" | grep -qx -- "$f" ||
		    bad "bash does not offer $c $f"
		grep -q -- "$f[]=[}]" "$tmp/_mqplan" ||
		    bad "zsh does not know $c $f"
		echo "$fish_offered" | grep -qx -- "$f" ||
		    bad "fish does not offer $c $f"
		grep -q "Fl ${f#-}\( \|\$\)" "$man" ||
		    bad "mqplan(1) does not document $f"
		checked=$((checked + 1))
	done
	for s in $shorts; do
		echo "$offered" | grep -qx -- "-$s" ||
		    bad "bash does not offer $c -$s"
		echo "$fish_offered" | grep -qx -- "-$s" ||
		    bad "fish does not offer $c -$s"
	done
	check_synopsis "$c"
done
# The default of validate --fail-on, as the table states it, is the one
# the manual and the README state: exit 1 for warnings is opt-in.
default=$("$mqplan" validate --help |
    sed -n 's/^ *--fail-on .*(default \([a-z]*\)).*/\1/p')
checked=$((checked + 1))
if [ -z "$default" ]; then
	bad "validate --help states no default for --fail-on"
else
	grep -q "\`--fail-on $default\` is the default" README.md ||
	    bad "README.md does not say --fail-on $default is the default"
	sed -n '/^\.It Fl -fail-on/,/^\.It /p' "$man" |
	    grep -q "default $default\." ||
	    bad "mqplan(1) does not say --fail-on defaults to $default"
fi

# Values listed in a placeholder are completed.
offer plan --platform "" | grep -qx aws || bad "plan --platform: no aws"
offer validate --format g | grep -qx github || bad "validate --format g"
offer validate --format s | grep -qx sarif || bad "validate --format s"
offer completion "" | grep -qx zsh || bad "completion: no zsh"
offer completion "" | grep -qx fish || bad "completion: no fish"
fish_offer "plan --platform " | grep -qx aws || bad "fish plan --platform: no aws"
fish_offer "validate --format g" | grep -qx github ||
    bad "fish validate --format g"
fish_offer "completion " | grep -qx fish || bad "fish completion: no fish"
fish_offer "validate examples/gcp-two" | grep -qx examples/gcp-two-nics.json ||
    bad "fish validate: no file names"
fish_offer "plan --policy examples/pol" | grep -qx examples/policy.yaml ||
    bad "fish plan --policy: no file names"
fish_offer "plan --instance-type " | grep -q . &&
    bad "fish plan --instance-type offers something"

echo "completion: $checked commands and flags checked, $failed failed"
[ "$failed" = 0 ]
