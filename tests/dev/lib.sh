# TAP helpers for the device tests (bash, run inside the VM as root).
# Each check prints one "ok"/"not ok" line; details go out as "# " lines.
set -u
# The host's PATH may start with pyenv shims, slow to start in the VM.
PATH=/usr/bin:/bin:/usr/sbin:/sbin:$PATH

: "${BUILD:?BUILD (the meson build directory) must be set}"
NGIO=${NGIO:-$BUILD/tools/ngio}
TESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$TESTS_DIR/layout.sh"
T=$(basename "$0" .sh)
# python3 itself, not a pyenv shim.
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
# rand FILE BYTES, zeros FILE BYTES: make a data file.
rand() { head -c "$2" /dev/urandom >"$1"; }
zeros() { head -c "$2" /dev/zero >"$1"; }
# flip FILE OFFSET: change one byte of FILE.
flip() {
	local b
	b=$(od -An -tu1 -j "$2" -N1 "$1")
	b=$(((${b// /} + 1) % 256))
	printf "\\$(printf %03o $b)" |
		dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}
TMP=$(mktemp -d /tmp/ngio-test.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

# Results are counted: done_testing ends the script with the plan, so a
# script that dies early (set -u, a crash) has none and the runner fails it.
TAP_N=0 TAP_FAILED=0
ok() { TAP_N=$((TAP_N + 1)); echo "ok - $T: $*"; }
not_ok() { TAP_N=$((TAP_N + 1)) TAP_FAILED=$((TAP_FAILED + 1)); echo "not ok - $T: $*"; }
skip() { TAP_N=$((TAP_N + 1)); echo "ok - $T: $1 # SKIP $2"; }
# tap_ext CMD...: CMD prints one TAP line of its own (a checker script);
# count it, and count a failure by CMD's exit status.
tap_ext() {
	TAP_N=$((TAP_N + 1))
	"$@" || TAP_FAILED=$((TAP_FAILED + 1))
}
done_testing() {
	echo "1..$TAP_N"
	[ "$TAP_FAILED" -eq 0 ]
	exit
}
diag() { sed 's/^/# /' "$@"; }

# check DESC CMD...: CMD must succeed.
check() {
	local desc=$1
	shift
	if "$@" >"$TMP/out" 2>&1; then
		ok "$desc"
	else
		not_ok "$desc (exit $?)"
		diag "$TMP/out"
	fi
}

# expect_exit CODE PATTERN DESC CMD...: CMD exits CODE and its stderr
# matches the grep -E PATTERN ("" for any).
expect_exit() {
	local code=$1 pat=$2 desc=$3 rc=0
	shift 3
	"$@" >"$TMP/out" 2>"$TMP/err" || rc=$?
	if [ "$rc" -ne "$code" ]; then
		not_ok "$desc: exit $rc, want $code"
		diag "$TMP/err"
	elif [ -n "$pat" ] && ! grep -Eq -- "$pat" "$TMP/err"; then
		not_ok "$desc: stderr does not match /$pat/"
		diag "$TMP/err"
	elif [ "$(wc -l <"$TMP/err")" -gt 1 ] && [ "$code" -ne 1 ]; then
		# A failure other than usage gets one clear line, no noise.
		not_ok "$desc: more than one line on stderr"
		diag "$TMP/err"
	else
		ok "$desc"
	fi
}

# kernel_at_least MAJOR MINOR: the running kernel is at least that (the
# tests' own copy of the kernel facts, see ngio_dev_has(3)).
kernel_at_least() {
	local a b
	IFS=. read -r a b _ <<<"$(uname -r)"
	[ "$a" -gt "$1" ] || { [ "$a" -eq "$1" ] && [ "${b%%[!0-9]*}" -ge "$2" ]; }
}

# sha256 of BLOCKS blocks of SIZE bytes at LBA, read through the block
# node with O_DIRECT (the kernel's block path, not ngio's).
blk_sum() {
	local blk=$1 bs=$2 lba=$3 blocks=$4
	dd if="$blk" bs="$bs" skip="$lba" count="$blocks" iflag=direct \
		status=none | sha256sum | cut -d' ' -f1
}
