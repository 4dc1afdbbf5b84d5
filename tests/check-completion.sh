#!/bin/bash
# Host check of the bash completion: subcommands, options and values come
# from the built ngio.  Prints TAP lines.  usage: check-completion.sh BUILD
set -u
tap_n=0	# results, for the plan at the end
BUILD=${1:?usage: check-completion.sh BUILD_DIR}
top=$(cd "$(dirname "$0")/.." && pwd)
PATH=$(cd "$BUILD/tools" && pwd):$PATH
. /usr/share/bash-completion/bash_completion
. "$top/completions/ngio"

complete_words() {	# the words of a command line, the last being completed
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_ngio
	echo "${COMPREPLY[*]}"
}

t() {	# DESC EXPECTED-WORD COMMAND-WORDS...
	local desc=$1 want=$2 got
	shift 2
	got=" $(complete_words "$@") "
	if [[ $got == *" $want "* ]]; then
		tap_n=$((tap_n + 1)); echo "ok - completion: $desc"
	else
		tap_n=$((tap_n + 1)); echo "not ok - completion: $desc: got '$got', want '$want'"
	fi
}

t "subcommands" id-ctrl ngio id-
t "subcommand options" --blocks ngio read /dev/ng0n1 --bl
t "--engine values" ioctl ngio read /dev/ng0n1 --engine io
t "--help everywhere" --help ngio write x --he
t "bench engines" nop-raw ngio bench --engine nop-
t "bench --rw values" randrw ngio bench /dev/ng0n1 --rw randr
t "bench options" --compare-fio ngio bench /dev/ng0n1 --compare
t "bench PI options" --pi-host ngio bench /dev/ng0n1 --pi-h
t "bench --pi-check values" guard,apptag,reftag ngio bench /dev/ng0n1 --pi-check guard,apptag,
t "--prinfo values" guard ngio read /dev/ng0n6 --prinfo gu
t "--prinfo values after a comma" pract,reftag ngio write /dev/ng0n6 --prinfo pract,re
t "PI options" --pi-generate ngio write /dev/ng0n6 --pi-g
t "zone actions" reset ngio zone re
t "zone zrwa-flush action" zrwa-flush ngio zone zr
t "zone --state values" imp-open ngio zone report /dev/ng0n4 --state imp

# Against the tables (`ngio __options`): every command, action, option
# and value of ngio's is offered where it belongs.
ngio=$BUILD/tools/ngio
table=$("$ngio" __options) || table=
missing=()
[ -n "$table" ] || missing+=("ngio __options printed nothing")
subs=" $(complete_words ngio "") "
zacts=" $(complete_words ngio zone "") "
while IFS=$'\t' read -r cmd opt arg flags values; do
	words=(ngio $cmd)
	if [[ $cmd == "zone "* ]]; then
		[[ $zacts == *" ${cmd#zone } "* ]] || missing+=("action ${cmd#zone }")
	elif [[ $subs != *" $cmd "* ]]; then
		missing+=("command $cmd")
	fi
	got=" $(complete_words "${words[@]}" /dev/x --) "
	[[ $got == *" $opt "* ]] || missing+=("$cmd $opt")
	for v in $values; do
		got=" $(complete_words "${words[@]}" /dev/x "$opt" "") "
		[[ $got == *" $v "* ]] || missing+=("$cmd $opt $v")
	done
done <<<"$table"
if [ ${#missing[@]} -eq 0 ]; then
	tap_n=$((tap_n + 1)); echo "ok - completion: every command, option and value of the tables"
else
	msg=$(printf '%s, ' "${missing[@]}")
	tap_n=$((tap_n + 1)); echo "not ok - completion: not offered: ${msg%, }"
fi
echo "1..$tap_n"
