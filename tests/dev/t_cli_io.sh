#!/bin/bash
# Every I/O subcommand of the ngio CLI on real namespaces, with the data
# checked: compare, verify, flush, write-zeroes, write-uncor, dsm/trim,
# copy, --metadata, --fua, --engine, passthru; and data written by ngio
# read back by fio and the other way round.
. "$(dirname "$0")/lib.sh"

ng=${NS1[0]} blk=${NS1[1]} lbs=${NS1[2]} nsze=${NS1[3]}
md=${NS3[0]} mdblk=${NS3[1]} ms=${NS3[4]}
CMP_FAIL='Compare Failure \(SCT 0x2 SC 0x85'
INVAL_OP='Invalid Command Opcode \(SCT 0x0 SC 0x01'

# Every program started costs about half a second in the emulated VM:
# the helpers start as few as they can.  slice FILE OFFSET LEN OUT
slice() { dd if="$1" of="$4" bs=1 skip="$2" count="$3" status=none; }
# ngio_ok DESC ARGS...: an ngio command that must succeed.
ngio_ok() {
	local desc=$1
	shift
	check "$desc" "$NGIO" "$@"
}
# same_as DESC FILE LBA BLOCKS: the device's blocks equal FILE, read
# through the block node with O_DIRECT (the kernel's path, not ngio's).
same_as() {
	dd if="$blk" of="$TMP/blk" bs="$lbs" skip="$3" count="$4" \
		iflag=direct status=none
	check "$1" cmp "$2" "$TMP/blk"
}

# ---------------------------------------------------------------- compare
rand "$TMP/w" $((64 * lbs))
ngio_ok "write 64 blocks for compare" write "$ng" --lba 2048 --blocks 64 \
	--data "$TMP/w"
ngio_ok "compare of the same data exits 0" compare "$ng" --lba 2048 \
	--blocks 64 --data "$TMP/w"
ngio_ok "compare --fua of the same data exits 0" compare "$ng" --lba 2048 \
	--blocks 64 --data "$TMP/w" --fua
cp "$TMP/w" "$TMP/w1"
flip "$TMP/w1" 4000
expect_exit 3 "$CMP_FAIL" "compare with one byte changed exits 3, Compare Failure" \
	"$NGIO" compare "$ng" --lba 2048 --blocks 64 --data "$TMP/w1"

# Larger than one command (MDTS 512 KiB = 1024 blocks): split by the
# library; a difference in the last command is still found.
big=2500
rand "$TMP/big" $((big * lbs))
ngio_ok "write --fua of $big blocks" write "$ng" --lba 20000 --blocks $big \
	--data "$TMP/big" --fua
same_as "write --fua landed (block node agrees)" "$TMP/big" 20000 $big
ngio_ok "compare of $big blocks (several commands) exits 0" compare "$ng" \
	--lba 20000 --blocks $big --data "$TMP/big"
cp "$TMP/big" "$TMP/big1"
flip "$TMP/big1" $(((big - 1) * lbs + 17))
expect_exit 3 "$CMP_FAIL" "compare finds a change in its last command" \
	"$NGIO" compare "$ng" --lba 20000 --blocks $big --data "$TMP/big1"

# ------------------------------------------------------- verify and flush
ngio_ok "verify of 8 blocks exits 0" verify "$ng" --lba 2048 --blocks 8
# QEMU limits Verify to 512 KiB (VSL 7): ngio splits by that limit.
ngio_ok "verify of 70000 blocks (split by VSL) exits 0" verify "$ng" \
	--lba 0 --blocks 70000
ngio_ok "flush exits 0" flush "$ng"
ngio_ok "flush via the block node's name exits 0" flush "$blk"

# ----------------------------------------------------------- write-zeroes
rand "$TMP/w" $((100 * lbs))
"$NGIO" write "$ng" --lba 30000 --blocks 100 --data "$TMP/w"
ngio_ok "write-zeroes of 100 blocks" write-zeroes "$ng" --lba 30000 --blocks 100
zeros "$TMP/z" $((100 * lbs))
same_as "write-zeroes reads back zero" "$TMP/z" 30000 100
"$NGIO" write "$ng" --lba 30000 --blocks 100 --data "$TMP/w"
ngio_ok "write-zeroes --deallocate" write-zeroes "$ng" --lba 30000 \
	--blocks 100 --deallocate
"$NGIO" read "$ng" --lba 30000 --blocks 100 --data "$TMP/r"
check "write-zeroes --deallocate reads back zero (ngio read)" \
	cmp "$TMP/z" "$TMP/r"

# Over 65536 blocks: two commands; both ends zeroed, the next block kept.
rand "$TMP/one" "$lbs"
rand "$TMP/after" "$lbs"
for l in 40000 $((40000 + 69999)); do
	"$NGIO" write "$ng" --lba $l --blocks 1 --data "$TMP/one"
done
"$NGIO" write "$ng" --lba $((40000 + 70000)) --blocks 1 --data "$TMP/after"
ngio_ok "write-zeroes of 70000 blocks (two commands)" write-zeroes "$ng" \
	--lba 40000 --blocks 70000
zeros "$TMP/z1" "$lbs"
same_as "write-zeroes zeroed the first block" "$TMP/z1" 40000 1
same_as "write-zeroes zeroed the last block (second command)" "$TMP/z1" \
	$((40000 + 69999)) 1
same_as "write-zeroes left the block after the range alone" "$TMP/after" \
	$((40000 + 70000)) 1

# ------------------------------------------------------------ write-uncor
# QEMU 7.2 has no Write Uncorrectable: the device's own status comes back.
expect_exit 3 "$INVAL_OP" "write-uncor exits 3: QEMU answers Invalid Command Opcode" \
	"$NGIO" write-uncor "$ng" --lba 2048 --blocks 1

# -------------------------------------------------------------- dsm, trim
# QEMU reports DLFEAT 1: deallocated blocks read back zero.  A is 4 KiB
# aligned, B is not.
A=5000 B=6001
rand "$TMP/a" $((8 * lbs))
rand "$TMP/b" $((15 * lbs))
rand "$TMP/c" $((8 * lbs))
zeros "$TMP/za" $((8 * lbs))
zeros "$TMP/zb" $((15 * lbs))
put() { "$NGIO" write "$ng" --lba $A --blocks 8 --data "$TMP/a" &&
	"$NGIO" write "$ng" --lba $((A + 8)) --blocks 8 --data "$TMP/c" &&
	"$NGIO" write "$ng" --lba $B --blocks 15 --data "$TMP/b"; }
put
ngio_ok "trim of two ranges" trim "$ng" --range $A:8 --range $B:15
same_as "trim: the first range reads back zero" "$TMP/za" $A 8
same_as "trim: the second range reads back zero" "$TMP/zb" $B 15
same_as "trim: the blocks after the first range are kept" "$TMP/c" \
	$((A + 8)) 8
put
ngio_ok "dsm --deallocate of two ranges (hex LBA)" dsm "$ng" \
	--range 0x1388:8 --range $B:15 --deallocate
same_as "dsm --deallocate: the first range reads back zero" "$TMP/za" $A 8
same_as "dsm --deallocate: the second range reads back zero" "$TMP/zb" $B 15
put
ngio_ok "dsm --idr --idw (hints only) exits 0" dsm "$ng" --range $A:8 \
	--idr --idw
same_as "dsm without --deallocate keeps the data" "$TMP/a" $A 8
# 256 ranges, every other block of 512: those read back zero, the rest
# are kept.
rand "$TMP/w" $((512 * lbs))
"$NGIO" write "$ng" --lba 50000 --blocks 512 --data "$TMP/w"
ranges=()
for ((i = 0; i < 256; i++)); do ranges+=(--range $((50000 + 2 * i)):1); done
ngio_ok "trim of 256 ranges (the maximum)" trim "$ng" "${ranges[@]}"
"$PY" -c '
import sys
b = bytearray(open(sys.argv[1], "rb").read())
n = int(sys.argv[2])
for i in range(0, len(b) // n, 2):
	b[i * n:(i + 1) * n] = bytes(n)
sys.stdout.buffer.write(b)' "$TMP/w" "$lbs" >"$TMP/want"
same_as "trim of 256 ranges: each range zero, the blocks between kept" \
	"$TMP/want" 50000 512

# ------------------------------------------------------------------- copy
rand "$TMP/s1" $((8 * lbs))
rand "$TMP/s2" $((4 * lbs))
"$NGIO" write "$ng" --lba 8000 --blocks 8 --data "$TMP/s1"
"$NGIO" write "$ng" --lba 9000 --blocks 4 --data "$TMP/s2"
ngio_ok "copy of two ranges" copy "$ng" --to 10000 --from 8000:8 \
	--from 9000:4
cat "$TMP/s1" "$TMP/s2" >"$TMP/s12"
same_as "copy: the destination is the sources, concatenated" "$TMP/s12" \
	10000 12

# ---------------------------------------------- separate metadata (ng0n3)
for c in 100:64 200:150; do
	lba=${c%:*} cnt=${c#*:}
	rand "$TMP/d" $((cnt * 512))
	rand "$TMP/m" $((cnt * ms))
	ngio_ok "$md write --metadata $cnt blocks" write "$md" --lba $lba \
		--blocks $cnt --data "$TMP/d" --metadata "$TMP/m"
	rm -f "$TMP/d2" "$TMP/m2"
	ngio_ok "$md read --metadata $cnt blocks" read "$md" --lba $lba \
		--blocks $cnt --data "$TMP/d2" --metadata "$TMP/m2"
	check "$md $cnt blocks: data round-trips" cmp "$TMP/d" "$TMP/d2"
	check "$md $cnt blocks: metadata round-trips" cmp "$TMP/m" "$TMP/m2"
	ngio_ok "$md compare --metadata $cnt blocks exits 0" compare "$md" \
		--lba $lba --blocks $cnt --data "$TMP/d" --metadata "$TMP/m"
	cp "$TMP/m" "$TMP/m1"
	flip "$TMP/m1" $(((cnt - 1) * ms + 3))
	expect_exit 3 "$CMP_FAIL" "$md compare with one metadata byte changed exits 3" \
		"$NGIO" compare "$md" --lba $lba --blocks $cnt --data "$TMP/d" \
		--metadata "$TMP/m1"
done
# nvme-cli reads ngio's second 64-block command (LBA 264) the same way.
rm -f "$TMP/nd" "$TMP/nm"
nvme read "$mdblk" --start-block=264 --block-count=63 --data-size=32768 \
	--metadata-size=$((64 * ms)) --data="$TMP/nd" --metadata="$TMP/nm" \
	>"$TMP/out" 2>&1
slice "$TMP/d" $((64 * 512)) 32768 "$TMP/d64"
slice "$TMP/m" $((64 * ms)) $((64 * ms)) "$TMP/m64"
check "nvme read agrees on data ngio wrote with --metadata" \
	cmp "$TMP/nd" "$TMP/d64"
check "nvme read agrees on metadata ngio wrote with --metadata" \
	cmp "$TMP/nm" "$TMP/m64"
# And the other way: nvme write, ngio read.
rand "$TMP/nd" 32768
rand "$TMP/nm" $((64 * ms))
nvme write "$mdblk" --start-block=400 --block-count=63 --data-size=32768 \
	--metadata-size=$((64 * ms)) --data="$TMP/nd" --metadata="$TMP/nm" \
	>"$TMP/out" 2>&1
"$NGIO" read "$md" --lba 400 --blocks 64 --data "$TMP/d2" --metadata "$TMP/m2"
check "ngio read --metadata agrees with nvme write (data)" cmp "$TMP/nd" "$TMP/d2"
check "ngio read --metadata agrees with nvme write (metadata)" \
	cmp "$TMP/nm" "$TMP/m2"

# ---------------------------------------------------------------- engines
for e in ioctl block; do
	rand "$TMP/w" $((64 * lbs))
	ngio_ok "write --engine $e" write "$ng" --lba 12000 --blocks 64 \
		--data "$TMP/w" --engine $e
	same_as "write --engine $e landed" "$TMP/w" 12000 64
	rand "$TMP/w" $((64 * lbs))
	"$NGIO" write "$ng" --lba 12000 --blocks 64 --data "$TMP/w"
	rm -f "$TMP/r"
	ngio_ok "read --engine $e" read "$ng" --lba 12000 --blocks 64 \
		--data "$TMP/r" --engine $e
	check "read --engine $e gives the written bytes" cmp "$TMP/w" "$TMP/r"
done
ngio_ok "write --engine block --fua" write "$ng" --lba 12000 --blocks 64 \
	--data "$TMP/w" --engine block --fua
ngio_ok "compare --engine ioctl" compare "$ng" --lba 12000 --blocks 64 \
	--data "$TMP/w" --engine ioctl
ngio_ok "flush --engine ioctl" flush "$ng" --engine ioctl
ngio_ok "flush --engine pt" flush "$ng" --engine pt
expect_exit 1 "the block engine only reads and writes" \
	"flush --engine block is refused with the reason" \
	"$NGIO" flush "$ng" --engine block

# --------------------------------------------------------------- passthru
rand "$TMP/w" $((8 * lbs))
"$NGIO" write "$ng" --lba 2048 --blocks 8 --data "$TMP/w"
"$NGIO" read "$ng" --lba 2048 --blocks 8 --data "$TMP/r"
ngio_ok "passthru read (opcode 2) of 8 blocks" passthru "$ng" --opcode 2 \
	--cdw10 2048 --cdw12 7 --data-len 4096 --read --data "$TMP/p"
cp "$TMP/out" "$TMP/status"
check "passthru read equals ngio read's bytes" cmp "$TMP/r" "$TMP/p"
check "passthru prints 'NVMe status: Success result: 0x0'" \
	grep -qx 'NVMe status: Success result: 0x0' "$TMP/status"
# Direction from the opcode, nsid given, ioctl engine.
rand "$TMP/w" $((8 * lbs))
ngio_ok "passthru write (opcode 1, direction from the opcode, --engine ioctl)" \
	passthru "$ng" --opcode 1 --nsid 1 --cdw10 3000 --cdw12 7 \
	--data "$TMP/w" --engine ioctl
same_as "passthru write landed" "$TMP/w" 3000 8
"$NGIO" passthru "$ng" --opcode 2 --cdw10 3000 --cdw12 7 --data-len 4096 \
	>"$TMP/stdout" 2>"$TMP/err"
check "passthru read without --data writes the bytes to stdout" \
	cmp "$TMP/w" "$TMP/stdout"
ngio_ok "passthru --admin identify (opcode 6, CNS 1) on a namespace node" \
	passthru "$ng" --admin --opcode 6 --cdw10 1 --data-len 4096 --read \
	--data "$TMP/id"
check "identify via passthru has the model at byte 24" \
	test "$(dd if="$TMP/id" bs=1 skip=24 count=${#LAYOUT_MODEL} status=none)" = \
	"$LAYOUT_MODEL"
ngio_ok "passthru --admin identify on the controller node, --engine ioctl" \
	passthru "$CTRL" --admin --opcode 6 --cdw10 1 --data-len 4096 \
	--read --data "$TMP/id2" --engine ioctl
check "the controller node gives the same identify data" \
	cmp "$TMP/id" "$TMP/id2"
"$NGIO" passthru "$ng" --opcode 0 --json >"$TMP/json" 2>&1
"$NGIO" passthru "$ng" --admin --opcode 0x0a --cdw10 7 --json \
	>"$TMP/json2" 2>&1
check "passthru --json: a flush gives {status 0, result 0}; get-features 7 (queues) a non-zero result" \
	"$PY" -c '
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
sys.exit(0 if a == {"status": 0, "result": 0} and b["status"] == 0 and
	 b["result"] > 0 and len(b) == 2 else 1)' "$TMP/json" "$TMP/json2"
expect_exit 3 "$INVAL_OP" "passthru of opcode 0x7f exits 3, Invalid Command Opcode" \
	"$NGIO" passthru "$ng" --opcode 0x7f
rand "$TMP/d" 4096
rand "$TMP/m" 64
ngio_ok "passthru write with --metadata on $md" passthru "$md" --opcode 1 \
	--cdw10 500 --cdw12 7 --data "$TMP/d" --metadata "$TMP/m"
"$NGIO" read "$md" --lba 500 --blocks 8 --data "$TMP/d2" --metadata "$TMP/m2"
check "passthru --metadata: ngio read gives the data back" cmp "$TMP/d" "$TMP/d2"
check "passthru --metadata: ngio read gives the metadata back" \
	cmp "$TMP/m" "$TMP/m2"

# -------------------------------------------------------------------- fio
# Interoperability with fio 3.33: a 4-byte pattern, repeated.
pattern() {	# FILE BYTES: 0xdeadbeef as fio lays it out
	"$PY" -c 'import sys; sys.stdout.buffer.write(bytes.fromhex("deadbeef") * (int(sys.argv[1]) // 4))' "$2" >"$1"
}
fio_run() {	# DESC EXPECTED_EXIT fio-args...
	local desc=$1 want=$2 rc=0
	shift 2
	fio --name=ngio --bs=4k --size=1M --output="$TMP/fio.out" \
		--verify_state_save=0 \
		"$@" >"$TMP/fio.err" 2>&1 || rc=$?
	if [ $want = 0 ] && [ $rc -eq 0 ]; then
		ok "$desc"
	elif [ $want != 0 ] && [ $rc -ne 0 ] &&
	     grep -Eqi 'verify|pattern' "$TMP/fio.err" "$TMP/fio.out"; then
		# It failed, and for the data: fio names the bad pattern.
		ok "$desc"
	else
		not_ok "$desc: fio exited $rc"
		diag "$TMP/fio.err"
		tail -n 20 "$TMP/fio.out" | diag
	fi
}
if ! command -v fio >/dev/null; then
	skip "fio interoperability" "fio is not installed"
else
	pattern "$TMP/pat" $((1 << 20))
	off=$((60000 * lbs))
	# ngio writes the pattern; fio reads it back and verifies it.
	ngio_ok "ngio write of a 1 MiB deadbeef pattern" write "$ng" --lba 60000 \
		--blocks 2048 --data "$TMP/pat"
	fio_run "fio (io_uring, $blk) verifies the pattern ngio wrote" 0 \
		--filename="$blk" --ioengine=io_uring --direct=1 --rw=read \
		--offset=$off --verify=pattern --verify_pattern=0xdeadbeef
	fio_run "fio (io_uring_cmd, $ng) verifies the pattern ngio wrote" 0 \
		--filename="$ng" --ioengine=io_uring_cmd --cmd_type=nvme \
		--rw=read --offset=$off --verify=pattern \
		--verify_pattern=0xdeadbeef
	fio_run "fio fails when the pattern is not what ngio wrote" 1 \
		--filename="$blk" --ioengine=io_uring --direct=1 --rw=read \
		--offset=$off --verify=pattern --verify_pattern=0xdeadbeee
	# fio writes (and verifies) the pattern; ngio reads the same bytes.
	off=$((70000 * lbs))
	ngio_ok "ngio write-zeroes before fio writes" write-zeroes "$ng" \
		--lba 70000 --blocks 2048
	fio_run "fio writes the deadbeef pattern and verifies it" 0 \
		--filename="$blk" --ioengine=io_uring --direct=1 --rw=write \
		--offset=$off --verify=pattern --verify_pattern=0xdeadbeef \
		--do_verify=1
	ngio_ok "ngio compare of fio's data with the pattern file" compare "$ng" \
		--lba 70000 --blocks 2048 --data "$TMP/pat"
	"$NGIO" read "$ng" --lba 70000 --blocks 2048 --data "$TMP/r"
	check "ngio read gives fio's bytes" cmp "$TMP/pat" "$TMP/r"
	cp "$TMP/pat" "$TMP/pat2"
	flip "$TMP/pat2" 123456
	expect_exit 3 "$CMP_FAIL" "ngio compare fails against a pattern one byte off" \
		"$NGIO" compare "$ng" --lba 70000 --blocks 2048 --data "$TMP/pat2"
fi
done_testing
