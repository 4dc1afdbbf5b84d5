#!/bin/bash
# Host checks of ngio bench, no device needed: every bad option value gets
# a clear message and exit 1 before anything runs; the NOP engines run
# exact --ios counts; the JSON has every field docs/performance.md lists.
# Prints TAP lines.  usage: tests/check-bench.sh BUILD_DIR
set -u
tap_n=0	# results, for the plan at the end
BUILD=${1:?usage: check-bench.sh BUILD_DIR}
top=$(cd "$(dirname "$0")/.." && pwd)
NGIO=$BUILD/tools/ngio
TMP=$(mktemp -d /tmp/ngio-bench.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

# bad PATTERN ARGS...: exit 1, the reason on stderr, then the usage.
bad() {
	local pat=$1 rc=0
	shift
	"$NGIO" bench "$@" >"$TMP/out" 2>"$TMP/err" || rc=$?
	if [ $rc -ne 1 ]; then
		tap_n=$((tap_n + 1)); echo "not ok - bench args: $*: exit $rc, want 1"
		sed 's/^/# /' "$TMP/err"
	elif ! head -1 "$TMP/err" | grep -Eq -- "^ngio: bench: .*$pat"; then
		tap_n=$((tap_n + 1)); echo "not ok - bench args: $*: first line does not match /$pat/"
		sed 's/^/# /' "$TMP/err"
	elif ! grep -q '^usage: ngio bench' "$TMP/err" || [ -s "$TMP/out" ]; then
		tap_n=$((tap_n + 1)); echo "not ok - bench args: $*: no usage on stderr, or stdout used"
	else
		tap_n=$((tap_n + 1)); echo "ok - bench args: $* -> $(head -1 "$TMP/err" | cut -c14-)"
	fi
}

D=/dev/ng0n1	# never opened: every case fails before
bad "engine: 'spdk' is not pt" $D --engine spdk
bad "rw: 'rand' is not read" $D --rw rand
bad "mix: '101' is not a number from 0 to 100" $D --rw randrw --mix 101
bad "mix applies to --rw randrw only" $D --mix 70
bad "bs: '0' is not a size" $D --bs 0
bad "bs: '4q' is not a size" $D --bs 4q
bad "bs: '32m' is not a size" $D --bs 32m
bad "qd: '0' is not a number from 1 to 4096" $D --qd 0
bad "qd: '5000' is not a number" $D --qd 5000
bad "qd: 'x' is not a number" $D --qd x
bad "batch-submit: '0'" $D --batch-submit 0
bad "at most --qd" $D --qd 8 --batch-submit 16
bad "at most --qd" $D --qd 8 --batch-complete 9
bad "sqpoll: 'a' is not a number" $D --sqpoll=a
bad "threads: '0' is not a number from 1 to 256" $D --threads 0
bad "time: 'soon' is not a duration" $D --time soon
bad "time: '-1' is not a duration" $D --time -1
bad "time must be more than 0" $D --time 0
bad "time and --ios exclude each other" $D --time 1 --ios 10
bad "ios: '0' is not a number" $D --ios 0
bad "ramp: '1x' is not a duration" $D --ramp 1x
bad "range: '5': " $D --range 5
bad "range: '0:0': " $D --range 0:0
bad "seed: '-3' is not a number" $D --seed -3
bad "--reps 4: at most 3 runs a cell are kept" $D --matrix --reps 4
bad "reps repeats --matrix or --compare-fio runs" $D --reps 2
bad "plot draws the --matrix" $D --plot x.png
bad "lists of --qd or --engine are for --matrix" $D --qd 8,64
bad "--engine nop: NOPs move no data" --engine nop --verify
bad "--engine nop-raw: NOPs move no data" --engine nop-raw --poll
bad "engine ioctl is synchronous" $D --engine ioctl --poll
bad "engine ioctl is synchronous" $D --engine ioctl --fixed
bad "engine ioctl runs a thread per I/O" $D --engine ioctl --qd 512 --threads 4
bad "compare-fio compares the pt and block engines" $D --engine ioctl --compare-fio
bad "matrix compares the pt and block engines" $D --matrix --engine nop
bad "compare-fio and --verify exclude each other" $D --compare-fio --verify
bad "poll and --irq exclude each other" $D --matrix --poll --irq
bad "irq selects --matrix cells" $D --irq
bad "DEV is missing" --engine pt
bad "engine nop takes no DEV" $D --engine nop
bad "unexpected argument 'extra'" $D extra
bad "unknown option '--fast'" $D --fast
bad "zones applies to --rw append and zwrite" $D --zones 2
bad "zones: '0' is not a number" $D --rw append --zones 0
bad "rw append: the pt engine" $D --rw append --engine block
bad "rw zwrite: the pt engine" $D --rw zwrite --compare-fio
bad "--qd needs a value" $D --qd
# Metadata and protection information: what needs no device.
bad "pi-check: 'crc' is not guard, apptag or reftag" $D --pi-act --pi-check crc
bad "pi-check: ',' names nothing" $D --pi-act --pi-check ,
bad "pi-check on writes needs valid tuples: --pi-act" $D --rw randrw --pi-check guard
bad "pi-check on writes needs valid tuples" $D --rw write --md --pi-check guard,reftag
bad "pi-act and --pi-host exclude each other" $D --pi-act --pi-host
bad "compare-fio and --pi-act exclude each other: Debian's fio 3.33" $D --compare-fio --pi-act
bad "compare-fio and --md exclude each other" $D --compare-fio --md
bad "matrix and --pi-host exclude each other" $D --matrix --pi-host
bad "rw zwrite and --md exclude each other" $D --rw zwrite --md
bad "engine block and --pi-act exclude each other: only passthrough" $D --engine block --pi-act
bad "engine nop and --md exclude each other" --engine nop --md
bad "--pi-check needs a value" $D --pi-check

# --help: the usage on stdout, exit 0.
if "$NGIO" bench --help 2>/dev/null | grep -q '^usage: ngio bench'; then
	tap_n=$((tap_n + 1)); echo "ok - bench --help"
else
	tap_n=$((tap_n + 1)); echo "not ok - bench --help"
fi

# The NOP engines need no device: exact counts, JSON, the documented fields.
for e in nop nop-raw; do
	if "$NGIO" bench --engine $e --qd 16 --ios 100000 --json \
		>"$TMP/$e.json" 2>"$TMP/err" &&
		python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["result"]; sys.exit(0 if r["ios"]==100000 and r["iops"]>0 and r["syscalls"]>0 else 1)' "$TMP/$e.json"; then
		tap_n=$((tap_n + 1)); echo "ok - bench --engine $e --ios 100000: exactly 100000 I/Os"
	else
		tap_n=$((tap_n + 1)); echo "not ok - bench --engine $e --ios 100000"
		sed 's/^/# /' "$TMP/err" "$TMP/$e.json" | head -20
	fi
done
# One result line from the checker (none if it crashed: the count fails).
tap_n=$((tap_n + 1))
"$top/tests/bench-fields.py" "$top/docs/bench-json.md" single \
	"$TMP/nop.json" nop
echo "1..$tap_n"
