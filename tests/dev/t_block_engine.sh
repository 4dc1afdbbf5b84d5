#!/bin/bash
# The block engine beyond reads and writes, checked both ways on the
# running kernel: dsm/trim as BLOCK_URING_CMD_DISCARD (Linux 6.12+) and
# protection information as io_uring's PI attribute (Linux 6.14+).  Data
# goes in through one engine and is read back through the other; below
# those versions the CLI refuses in one line naming the version, and
# nothing changes.
. "$(dirname "$0")/lib.sh"

# get NG LBA BLOCKS OUT [ENGINE]: the blocks, through ngio.
get() { "$NGIO" read "$1" --lba "$2" --blocks "$3" --engine "${5:-pt}" >"$4"; }
# same DESC NG LBA BLOCKS FILE: the blocks (read through pt) equal FILE.
same() {
	get "$2" "$3" "$4" "$TMP/got" &&
		check "$1" cmp "$5" "$TMP/got"
}

# ----------------------------------------------------------------- trim
# QEMU reports DLFEAT 1: deallocated blocks read back zero (t_cli_io.sh).
trim_ns() {	# NG LBS
	local ng=$1 lbs=$2 n A=40 B=61 i
	n="$(basename "$ng") ($lbs B)"
	rand "$TMP/w" $((64 * lbs))
	# Written through the block engine, read back through pt.
	"$NGIO" write "$ng" --lba $A --blocks 64 --data "$TMP/w" \
		--engine block || not_ok "$n: write through the block engine"
	cp "$TMP/w" "$TMP/want"
	if kernel_at_least 6 12; then
		check "$n: trim --engine block of two ranges" \
			"$NGIO" trim "$ng" --range $A:8 --range $B:5 --engine block
		dd if=/dev/zero of="$TMP/want" bs="$lbs" count=8 conv=notrunc \
			status=none
		dd if=/dev/zero of="$TMP/want" bs="$lbs" seek=$((B - A)) \
			count=5 conv=notrunc status=none
		same "$n: the ranges read back zero through pt, the rest kept" \
			"$ng" $A 64 "$TMP/want"
		"$NGIO" write "$ng" --lba $A --blocks 64 --data "$TMP/w" \
			--engine pt
		check "$n: dsm --deallocate --engine block" \
			"$NGIO" dsm "$ng" --range $((A + 16)):16 --deallocate \
			--engine block
		cp "$TMP/w" "$TMP/want"
		dd if=/dev/zero of="$TMP/want" bs="$lbs" seek=16 count=16 \
			conv=notrunc status=none
		same "$n: dsm --deallocate: zero through pt, the rest kept" \
			"$ng" $A 64 "$TMP/want"
		cp "$TMP/want" "$TMP/w"
	else
		expect_exit 1 "needs Linux 6\.12" \
			"$n: trim --engine block before 6.12: refused naming 6.12" \
			"$NGIO" trim "$ng" --range $A:8 --range $B:5 --engine block
		same "$n: the refused trim changed nothing" "$ng" $A 64 \
			"$TMP/want"
	fi
	# Refused on every kernel, before anything is sent.
	expect_exit 1 "only deallocates" "$n: dsm --idr --engine block: refused" \
		"$NGIO" dsm "$ng" --range $A:8 --idr --deallocate --engine block
	expect_exit 1 "only deallocates" "$n: dsm without --deallocate --engine block: refused" \
		"$NGIO" dsm "$ng" --range $A:8 --engine block
	same "$n: the refused dsm changed nothing" "$ng" $A 64 "$TMP/w"
}
trim_ns "${NS1[0]}" "${NS1[2]}"
trim_ns "${NS2[0]}" "${NS2[2]}"

# 256 ranges, every other block of 512 (more discards than the ring has
# entries): one completion, each range zero, the blocks between kept.
if kernel_at_least 6 12; then
	ng=${NS1[0]} lbs=${NS1[2]}
	rand "$TMP/w" $((512 * lbs))
	"$NGIO" write "$ng" --lba 60000 --blocks 512 --data "$TMP/w"
	ranges=()
	for ((i = 0; i < 256; i++)); do ranges+=(--range $((60000 + 2 * i)):1); done
	check "trim --engine block of 256 ranges" "$NGIO" trim "$ng" \
		"${ranges[@]}" --engine block
	"$PY" -c '
import sys
b = bytearray(open(sys.argv[1], "rb").read())
n = int(sys.argv[2])
for i in range(0, len(b) // n, 2):
	b[i * n:(i + 1) * n] = bytes(n)
sys.stdout.buffer.write(b)' "$TMP/w" "$lbs" >"$TMP/want"
	same "trim of 256 ranges: each zero through pt, the blocks between kept" \
		"$ng" 60000 512 "$TMP/want"
	get "$ng" 59990 10 "$TMP/before"
	expect_exit 1 "past the end" "trim --engine block past the end: refused whole" \
		"$NGIO" trim "$ng" --range 59990:10 --range $((NS1[3] - 1)):2 \
		--engine block
	same "trim past the end: nothing changed" "$ng" 59990 10 "$TMP/before"
else
	skip "trim --engine block of 256 ranges" "Linux $(uname -r) < 6.12"
fi

# ------------------------------------------------------------------- PI
# The separate-metadata PI rows: ng type pif ms ext first.
lbs=4096
pi_ns() {	# NG TYPE PIF MS EXT FIRST
	local ng=$1 type=$2 pif=$3 ms=$4 first=$6 n tup goff checks L=200
	n="$(basename "$ng") (type $type, $ms B metadata)"
	tup=$((pif == 2 ? 16 : 8))
	goff=$((first ? 0 : ms - tup))
	checks=guard,apptag
	[ "$type" = 3 ] || checks=guard,apptag,reftag
	rand "$TMP/d" $((8 * lbs))
	rand "$TMP/m" $((8 * ms))
	rand "$TMP/d2" $((8 * lbs))
	# Host-made tuples written through pt, read back raw: the reference.
	"$NGIO" write "$ng" --lba $L --blocks 8 --data "$TMP/d" --metadata \
		"$TMP/m" --pi-generate --apptag 0x1234 --engine pt
	"$NGIO" read "$ng" --lba $L --blocks 8 --data "$TMP/rd" --metadata \
		"$TMP/rm" --engine pt
	if ! kernel_at_least 6 14; then
		expect_exit 1 "needs Linux 6\.14" \
			"$n: write --engine block --metadata before 6.14: refused naming 6.14" \
			"$NGIO" write "$ng" --lba $L --blocks 8 --data "$TMP/d2" \
			--metadata "$TMP/rm" --prinfo guard --engine block
		expect_exit 1 "needs Linux 6\.14" \
			"$n: read --engine block --prinfo before 6.14: refused naming 6.14" \
			"$NGIO" read "$ng" --lba $L --blocks 8 --data "$TMP/x" \
			--metadata "$TMP/xm" --prinfo guard --engine block
		"$NGIO" read "$ng" --lba $L --blocks 8 --data "$TMP/x" \
			--metadata "$TMP/xm" --engine pt
		check "$n: the refused write changed nothing" \
			cmp "$TMP/x" "$TMP/rd"
		return
	fi
	# Read through the block engine with every check: what pt read.
	check "$n: read --engine block --prinfo $checks" "$NGIO" read "$ng" \
		--lba $L --blocks 8 --data "$TMP/bd" --metadata "$TMP/bm" \
		--prinfo $checks --apptag 0x1234 --engine block
	check "$n: the block engine reads pt's data" cmp "$TMP/bd" "$TMP/rd"
	check "$n: the block engine reads pt's raw metadata" cmp "$TMP/bm" "$TMP/rm"
	# Overwrite, then put the reference back through the block engine.
	"$NGIO" write "$ng" --lba $L --blocks 8 --data "$TMP/d2" \
		--metadata "$TMP/m" --pi-generate --engine pt
	check "$n: write --engine block of host-made tuples, --prinfo $checks" \
		"$NGIO" write "$ng" --lba $L --blocks 8 --data "$TMP/rd" \
		--metadata "$TMP/rm" --prinfo $checks --apptag 0x1234 --engine block
	"$NGIO" read "$ng" --lba $L --blocks 8 --data "$TMP/x" \
		--metadata "$TMP/xm" --engine pt
	check "$n: read back through pt: the data" cmp "$TMP/x" "$TMP/rd"
	check "$n: read back through pt: the raw metadata, unchanged" \
		cmp "$TMP/xm" "$TMP/rm"
	# --pi-generate on the block engine: pt's host check passes.
	check "$n: write --engine block --pi-generate --prinfo guard" \
		"$NGIO" write "$ng" --lba $((L + 8)) --blocks 8 --data "$TMP/d2" \
		--metadata "$TMP/m" --pi-generate --prinfo guard --engine block
	check "$n: pt reads those tuples good (--pi-verify)" "$NGIO" read "$ng" \
		--lba $((L + 8)) --blocks 8 --data "$TMP/x" --metadata "$TMP/xm" \
		--prinfo $checks --engine pt --pi-verify
	# A corrupted guard: the controller refuses, the kernel says EILSEQ.
	cp "$TMP/rm" "$TMP/bad"
	flip "$TMP/bad" $goff
	expect_exit 2 "Invalid or incomplete multibyte" \
		"$n: write --engine block with a bad guard, --prinfo guard: EILSEQ" \
		"$NGIO" write "$ng" --lba $L --blocks 8 --data "$TMP/rd" \
		--metadata "$TMP/bad" --prinfo guard --engine block
	"$NGIO" read "$ng" --lba $L --blocks 8 --data "$TMP/x" \
		--metadata "$TMP/xm" --engine pt
	check "$n: the refused write left the data" cmp "$TMP/x" "$TMP/rd"
	check "$n: the refused write left the metadata" cmp "$TMP/xm" "$TMP/rm"
	# Unchecked, the bad guard goes down; a checked block read fails.
	check "$n: write --engine block with a bad guard, no checks" \
		"$NGIO" write "$ng" --lba $L --blocks 8 --data "$TMP/rd" \
		--metadata "$TMP/bad" --engine block
	expect_exit 2 "Invalid or incomplete multibyte" \
		"$n: read --engine block --prinfo guard of a bad guard: EILSEQ" \
		"$NGIO" read "$ng" --lba $L --blocks 8 --data "$TMP/x" \
		--metadata "$TMP/xm" --prinfo guard --engine block
	# What the block layer cannot say.
	expect_exit 1 "cannot ask the controller" "$n: --prinfo pract --engine block: refused" \
		"$NGIO" write "$ng" --lba $L --blocks 8 --data "$TMP/rd" \
		--prinfo pract --engine block
	expect_exit 1 "every bit of the application tag or none" \
		"$n: --apptag-mask 0xff --engine block: refused" \
		"$NGIO" read "$ng" --lba $L --blocks 8 --data "$TMP/x" \
		--metadata "$TMP/xm" --prinfo apptag --apptag 0x1234 \
		--apptag-mask 0xff --engine block
	if [ "$type" = 2 ]; then
		expect_exit 1 "against the LBAs" \
			"$n: type 2 --reftag other than the LBA's --engine block: refused" \
			"$NGIO" read "$ng" --lba $L --blocks 8 --data "$TMP/x" \
			--metadata "$TMP/xm" --prinfo reftag --reftag 7 --engine block
	fi
	# The bench: host tuples, checked, every block verified; first the
	# span written whole (other tests leave tuples of their own there).
	check "$n: bench --engine block --pi-host --rw write over the span" \
		"$NGIO" bench "$ng" --engine block --pi-host --pi-check guard \
		--rw write --range 1024:256 --ios 256 --qd 4
	check "$n: bench --engine block --pi-host --pi-check guard --verify" \
		"$NGIO" bench "$ng" --engine block --pi-host --pi-check guard \
		--rw randrw --verify --range 1024:256 --ios 64 --qd 4
	check "$n: bench --engine block --md" "$NGIO" bench "$ng" --engine block \
		--md --rw randread --range 1024:256 --ios 64 --qd 4
}
pi_ns "${PI3[@]}"
pi_ns "${PI64[@]}"
pi_ns "${PIF[@]}"

# Extended LBAs (metadata in the data buffer): refused on every kernel.
rand "$TMP/dx" $((8 * (lbs + PI1[3])))
expect_exit 1 "extended LBA" "$(basename "${PI1[0]}"): write --engine block --pi-generate: refused (extended LBA)" \
	"$NGIO" write "${PI1[0]}" --lba 200 --blocks 8 --data "$TMP/dx" \
	--pi-generate --engine block
expect_exit 1 "extended LBA" "$(basename "${PI1[0]}"): bench --engine block --pi-host: refused (extended LBA)" \
	"$NGIO" bench "${PI1[0]}" --engine block --pi-host --time 1
expect_exit 1 "only passthrough \(pt, ioctl\) has PRACT" "bench --engine block --pi-act: refused" \
	"$NGIO" bench "${PI3[0]}" --engine block --pi-act --time 1
if ! kernel_at_least 6 14; then
	expect_exit 1 "needs Linux 6\.14" "bench --engine block --pi-host before 6.14: refused naming 6.14" \
		"$NGIO" bench "${PI3[0]}" --engine block --pi-host --time 1
fi

done_testing
