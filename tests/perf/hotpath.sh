#!/bin/bash
# User-space instructions per I/O of ngio's queue path and of a minimal raw
# liburing passthrough loop, counted by callgrind (kernel time is not
# counted: the same for both).  The marginal cost between two run lengths
# cancels start-up.  Run inside the VM:
#   vm/ngio-vm -- tests/perf/hotpath.sh build [DEV] [QD]
set -euo pipefail
BUILD=${1:?usage: hotpath.sh BUILD_DIR [DEV] [QD]}
DEV=${2:-/dev/ng0n1}
QD=${3:-32}
N1=2000 N2=12000
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

nsid=$(cat /sys/class/nvme-generic/"${DEV#/dev/}"/device/"${DEV#/dev/ng}"/nsid 2>/dev/null || echo 1)
shift_=$(( $(cat /sys/block/nvme"${DEV#/dev/ng}"/queue/logical_block_size) == 4096 ? 12 : 9 ))

ir() {	# total instructions of one callgrind run
	valgrind --tool=callgrind --callgrind-out-file="$tmp/cg" "$@" \
		>/dev/null 2>"$tmp/log" || { cat "$tmp/log" >&2; exit 1; }
	sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$tmp/cg"
}

per_io() {	# name cmd-with-N-placeholder...
	local name=$1 a b
	shift
	a=$(ir "${@/@N@/$N1}")
	b=$(ir "${@/@N@/$N2}")
	echo "$name: $(( (b - a) / (N2 - N1) )) instructions per I/O (QD $QD, 512 B reads; $a / $b total at $N1 / $N2 I/Os)"
}

per_io "raw liburing loop          " "$BUILD/tests/perf/raw-pt-loop" "$DEV" "$nsid" "$shift_" "$QD" @N@
per_io "ngio queue, plain          " "$BUILD/tests/perf/ngio-pt-loop" "$DEV" "$QD" @N@
# The async example as a user would run it: registered buffers, IOPOLL,
# and every byte read checked (the write phase is the same in both runs).
per_io "example, fixed+iopoll+verify" "$BUILD/examples/qd-fixed-iopoll" "$DEV" \
	--qd "$QD" --bs 512 --range 1M --ios @N@
# ngio bench against fio on the same job: what each tool spends per I/O
# around the same kernel path (both latency-stamp every I/O).
per_io "ngio bench --engine pt      " "$BUILD/tools/ngio" bench "$DEV" \
	--qd "$QD" --bs 512 --ios @N@
if command -v fio >/dev/null; then
	per_io "fio io_uring_cmd           " fio --name=hotpath \
		--ioengine=io_uring_cmd --cmd_type=nvme --filename="$DEV" \
		--rw=randread --bs=512 --iodepth="$QD" \
		--iodepth_batch_submit="$QD" --iodepth_batch_complete_min=1 \
		--registerfiles=1 --thread=1 --norandommap=1 --randrepeat=0 \
		--number_ios=@N@ --lat_percentiles=1 --output=/dev/null
fi
