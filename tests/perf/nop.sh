#!/bin/bash
# ngio's nop engine (NOPs through ngio_queue_*) against the bare liburing
# NOP loop (nop-raw), on the host: 3 runs each, interleaved, medians and
# their ratio.  What the library's queue adds to every command.
# usage: tests/perf/nop.sh BUILD_DIR [QD] [BATCH_SUBMIT] [TIME]
set -euo pipefail
BUILD=${1:?usage: nop.sh BUILD_DIR [QD] [BATCH_SUBMIT] [TIME]}
QD=${2:-64}
BATCH=${3:-$QD}
TIME=${4:-3}
ngio=$BUILD/tools/ngio
declare -A runs
for i in 1 2 3; do
	for e in nop nop-raw; do
		iops=$("$ngio" bench --engine $e --qd "$QD" --batch-submit "$BATCH" \
			--time "$TIME" --json | python3 -c \
			'import json,sys; print(round(json.load(sys.stdin)["result"]["iops"]))')
		runs[$e]+="$iops "
	done
done
median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | sed -n 2p; }
a=$(median "${runs[nop]}")
b=$(median "${runs[nop-raw]}")
echo "QD $QD, batch $BATCH, ${TIME}s x 3 interleaved: nop ${runs[nop]}| nop-raw ${runs[nop-raw]}"
echo "median IOPS: nop $a, nop-raw $b, nop/nop-raw $(python3 -c "print(f'{$a/$b:.3f}')")"
