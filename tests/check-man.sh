#!/bin/bash
# Every public function in include/ngio.h must have a section 3 page in
# man/: its own, or a ".so man3/PAGE.3" alias to the page whose NAME lists
# it; every page must be installed by man/meson.build.  With groff at hand
# the pages must also render without warnings.  Prints one TAP line.
# usage: tests/check-man.sh [SOURCE_DIR]
set -u
tap_n=0	# results, for the plan at the end
top=${1:-$(cd "$(dirname "$0")/.." && pwd)}
build=${2:-}
hdr=$top/include/ngio.h
man=$top/man
problems=()

# Declarations start in column 0 with their return type; the first
# "ngio_x(" on such a line is the function's name.  Comments go first.
funcs=$(sed -e 's://.*$::' "$hdr" |
	perl -0pe 's:/\*.*?\*/::gs' |
	grep -E '^[A-Za-z_].*\bngio_[a-z0-9_]+\(' |
	grep -oE '\bngio_[a-z0-9_]+\(' | tr -d '(' | sort -u)
if [ -z "$funcs" ]; then
	tap_n=$((tap_n + 1)); echo "not ok - man: no functions found in $hdr"
	echo "1..1"
	exit 1
fi

# The NAME section's text of a page, for "does it list this function".
name_section() {
	sed -n '/^\.SH NAME/,/^\.SH/p' "$1" | grep -v '^\.SH'
}

for f in $funcs; do
	page=$man/$f.3
	if [ ! -f "$page" ]; then
		problems+=("missing $f.3")
		continue
	fi
	target=$(sed -n 's:^\.so man3/\(.*\)$:\1:p' "$page")
	if [ -n "$target" ]; then
		if [ ! -f "$man/$target" ]; then
			problems+=("$f.3 points to missing $target")
			continue
		fi
		page=$man/$target
	fi
	name_section "$page" | grep -qw -- "$f" ||
		problems+=("$(basename "$page") does not name $f")
done

for p in "$man"/*.3; do
	n=$(basename "$p" .3)
	grep -qx "$n" <<<"$funcs" || problems+=("stale page $n.3")
done
for p in "$man"/*.[0-9]; do
	grep -q "'$(basename "$p")'" "$man/meson.build" ||
		problems+=("$(basename "$p") not in man/meson.build")
done

# Rendering: the real pages only, aliases resolve once installed.
if command -v groff >/dev/null; then
	for p in "$man"/*.[0-9]; do
		grep -q '^\.so ' "$p" && continue
		w=$(LC_ALL=C groff -man -ww -z -t "$p" 2>&1)
		[ -z "$w" ] || problems+=("$(basename "$p"): groff: ${w%%$'\n'*}")
	done
fi

if [ ${#problems[@]} -eq 0 ]; then
	tap_n=$((tap_n + 1)); echo "ok - man: every public function has a page"
else
	msg=$(printf '%s, ' "${problems[@]}")
	tap_n=$((tap_n + 1)); echo "not ok - man: ${msg%, }"
fi

# ngio(1) against the option tables.
if [ -z "$build" ]; then
	tap_n=$((tap_n + 1)); echo "ok - man: ngio(1) synopses # SKIP no build directory given"
elif ! gen=$("$build/tools/ngio" __man) || [ -z "$gen" ]; then
	tap_n=$((tap_n + 1)); echo "not ok - man: $build/tools/ngio __man failed"
else
	page=$man/ngio.1
	bad=()
	while IFS= read -r line; do
		grep -qFx -- "$line" "$page" ||
			bad+=("${line%% \\f*} differs from its table (ngio __man)")
	done <<<"$gen"
	# A synopsis the tables do not make (a line after .TP or .TQ that
	# starts with a command's name and DEV or an option): stale.
	names=$("$build/tools/ngio" __options | cut -f1 | sort -u |
		sed 's/-/\\-/g')
	while IFS= read -r line; do
		grep -qFx -- "$line" <<<"$gen" && continue
		while IFS= read -r n; do
			case $line in
			".B $n "'\fIDEV'* | ".B $n "'\fR['* | ".B $n "'[\fIDEV'*)
				bad+=("stale synopsis of $n") ;;
			esac
		done <<<"$names"
	done < <(awk 'prev ~ /^\.(TP|TQ)$/ && /^\.B / { print } { prev = $0 }' "$page")
	if [ ${#bad[@]} -eq 0 ]; then
		tap_n=$((tap_n + 1)); echo "ok - man: ngio(1) synopses match the option tables"
	else
		msg=$(printf '%s; ' "${bad[@]}")
		tap_n=$((tap_n + 1)); echo "not ok - man: ${msg%; }"
	fi
fi
echo "1..$tap_n"
