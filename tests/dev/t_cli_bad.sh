#!/bin/bash
# Bad input to the I/O subcommands, as a table: each row gets its exit
# status and a one-line reason on stderr (usage errors may add the usage
# lines), and leaves every byte of the device as it was.  Write-like rows
# are guarded one by one, the whole table once more.
. "$(dirname "$0")/lib.sh"

ng=${NS1[0]} blk=${NS1[1]} lbs=${NS1[2]} nsze=${NS1[3]}
md=${NS3[0]} mdblk=${NS3[1]}
LOR='LBA Out of Range \(SCT 0x0 SC 0x80'
INVAL_OP='Invalid Command Opcode \(SCT 0x0 SC 0x01'
USAGE=1 SYS=2 NVME=3

# sha256 of the first and last MiB of ng0n1 (md_sum: of ng0n3), read
# through the block node with O_DIRECT.  Every program started costs
# about half a second in the emulated VM: as few as possible.
last_mib=$((nsze * lbs / 1048576 - 1))
md_last_mib=$((NS3[3] * 512 / 1048576 - 1))
ends_sum() {	# BLOCK-NODE LAST-MIB
	local s
	s=$({ dd if="$1" iflag=direct bs=1M count=1 status=none
	      dd if="$1" iflag=direct bs=1M skip="$2" count=1 status=none
	    } | sha256sum)
	echo "${s%% *}"
}
dev_sum() { ends_sum "$blk" "$last_mib"; }
md_sum() { ends_sum "$mdblk" "$md_last_mib"; }

# row CODE PATTERN DESC CMD...: a read-only row.
row() { expect_exit "$@"; }
# wrow CODE PATTERN DESC CMD...: a write-like row, guarded on its own.
wrow() {
	local before
	before=$(dev_sum)
	expect_exit "$@"
	check "$3: no byte changed" test "$(dev_sum)" = "$before"
}
# mdrow CODE PATTERN DESC CMD...: a write-like row on ng0n3.
mdrow() {
	local before
	before=$(md_sum)
	expect_exit "$@"
	check "$3: no byte of $md changed" test "$(md_sum)" = "$before"
}

head -c $((8 * lbs)) /dev/urandom >"$TMP/w"
head -c $((1 << 20)) /dev/urandom >"$TMP/big"
head -c $((lbs * 3 + 1)) /dev/urandom >"$TMP/short"
head -c 64 /dev/urandom >"$TMP/m"
head -c 63 /dev/urandom >"$TMP/mshort"
touch "$TMP/regular"
head -c $((101 * 512)) /dev/urandom >"$TMP/d101"
head -c $((101 * 8)) /dev/urandom >"$TMP/m101"
# Something to make every block of the guarded areas non-zero, so that a
# stray write of zeroes shows.
"$NGIO" write "$ng" --lba 0 --blocks 2048 --data "$TMP/big"
"$NGIO" write "$ng" --lba $((nsze - 2048)) --blocks 2048 --data "$TMP/big"
ranges257=()
for i in $(seq 0 256); do ranges257+=(--range $((2 * i)):1); done

# A block device that is not an NVMe namespace.  A loop device over a
# tmpfs file where the kernel has loop; the VM's kernel does not (ngio-vm
# loads only the nvme, virtio and 9p modules, and has no modprobe), so
# there a partition of ng0n2's block device, added with addpart (BLKPG:
# no partition table is written): a real block device the nvme driver
# serves that is not a namespace.  Its blocks are guarded too.
other= other_desc= other_sum=
head -c $((1 << 20)) /dev/urandom >"$TMP/loop.img"
other_bytes() {
	if [ "$other_desc" = loop ]; then
		sha256sum <"$TMP/loop.img"
	else
		dd if="${NS2[1]}" iflag=direct bs=1M count=2 status=none |
			sha256sum
	fi
}
if command -v losetup >/dev/null &&
   other=$(losetup -f --show "$TMP/loop.img" 2>/dev/null); then
	other_desc=loop
	trap 'losetup -d "$other"; rm -rf "$TMP"' EXIT
elif addpart "${NS2[1]}" 1 2048 2048 2>"$TMP/addpart.err"; then
	other=${NS2[1]}p1 other_desc=partition
	trap 'delpart "${NS2[1]}" 1; rm -rf "$TMP"' EXIT
	# devtmpfs makes the node; give it a moment.
	for _ in 1 2 3 4 5; do [ -b "$other" ] && break; sleep 0.2; done
else
	other=
	diag "$TMP/addpart.err"
fi
[ -n "$other" ] && other_sum=$(other_bytes)

table_before=$(dev_sum) md_table_before=$(md_sum)

# -------------------------------------------------------- usage (exit 1)
wrow $USAGE "DEV is missing" "missing DEV" \
	"$NGIO" write --lba 0 --blocks 8 --data "$TMP/w"
wrow $USAGE "unexpected argument 'extra'" "an extra argument" \
	"$NGIO" write "$ng" extra --lba 0 --blocks 8 --data "$TMP/w"
wrow $USAGE "unknown option '--frob'" "an unknown option" \
	"$NGIO" write-zeroes "$ng" --lba 0 --blocks 8 --frob
wrow $USAGE "--data needs a value" "an option missing its value" \
	"$NGIO" write "$ng" --lba 0 --blocks 8 --data
wrow $USAGE "--lba: 'ten' is not a non-negative number" "a non-number" \
	"$NGIO" write-zeroes "$ng" --lba ten --blocks 8
wrow $USAGE "--blocks: '-8' is not a non-negative number" "a negative number" \
	"$NGIO" write-zeroes "$ng" --lba 0 --blocks -8
wrow $USAGE "--lba: '18446744073709551616' is not in range" \
	"an overflowing number" \
	"$NGIO" write "$ng" --lba 18446744073709551616 --blocks 8 --data "$TMP/w"
wrow $USAGE "--blocks must be at least 1" "zero blocks" \
	"$NGIO" write-zeroes "$ng" --lba 0 --blocks 0
wrow $USAGE "--range: '0:0': BLOCKS must be at least 1" "a zero-block range" \
	"$NGIO" trim "$ng" --range 0:0
wrow $USAGE "--range: '5:x': BLOCKS is not a non-negative number" \
	"a range with junk" "$NGIO" dsm "$ng" --range 5:x --deallocate
wrow $USAGE "--from: '0:65537': BLOCKS is too large" \
	"a copy range over 65536 blocks" \
	"$NGIO" copy "$ng" --to 0 --from 0:65537
wrow $USAGE "at most 256 --range" "trim with 257 ranges" \
	"$NGIO" trim "$ng" "${ranges257[@]}"
wrow $USAGE "--metadata: $ng has no metadata" \
	"--metadata on a namespace without metadata" \
	"$NGIO" write "$ng" --lba 0 --blocks 8 --data "$TMP/w" --metadata "$TMP/m"
mdrow $USAGE "separate metadata per block: give --metadata FILE" \
	"write without --metadata on a separate-metadata namespace" \
	"$NGIO" write "$md" --lba 0 --blocks 8 --data "$TMP/w"
wrow $USAGE "short data file: 1537 bytes, need 4096" "a short data file" \
	"$NGIO" write "$ng" --lba 0 --blocks 8 --data "$TMP/short"
mdrow $USAGE "short metadata file: 63 bytes, need 64" "a short metadata file" \
	"$NGIO" write "$md" --lba 0 --blocks 8 --data "$TMP/w" \
	--metadata "$TMP/mshort"
wrow $USAGE "the block engine only reads and writes" \
	"write-zeroes on the block engine" \
	"$NGIO" write-zeroes "$ng" --lba 0 --blocks 8 --engine block
wrow $USAGE "is a controller" "a controller node where a namespace is needed" \
	"$NGIO" write "$CTRL" --lba 0 --blocks 8 --data "$TMP/w"
# Over MDTS: checked by the CLI against the limit the kernel enforces
# (MDTS, max_hw_sectors_kb), before anything is sent: a usage error.
wrow $USAGE "--data-len 1048576 is over the 524288 bytes one command may move" \
	"passthru of a transfer over MDTS" \
	"$NGIO" passthru "$ng" --opcode 1 --cdw12 2047 --data "$TMP/big"
wrow $USAGE "--write: opcode 0x02 moves data from the device" \
	"passthru --write with a read opcode" \
	"$NGIO" passthru "$ng" --opcode 2 --write --data "$TMP/w"
wrow $USAGE "--read: opcode 0x01 moves data to the device" \
	"passthru --read with a write opcode (would send zeroes)" \
	"$NGIO" passthru "$ng" --opcode 1 --read --data-len 4096
wrow $USAGE "--data-len 6 is not a non-zero multiple of 4" \
	"passthru --data-len not in dwords" \
	"$NGIO" passthru "$ng" --opcode 1 --data "$TMP/w" --data-len 6
# Linux 6.1 refuses metadata there and loses the request: never sent.
wrow $USAGE "keeps no separate metadata" \
	"passthru --metadata on a namespace without metadata" \
	"$NGIO" passthru "$ng" --opcode 1 --cdw12 7 --data "$TMP/w" \
	--metadata "$TMP/m"

# --------------------------------------------------- system (exit 2)
wrow $SYS "/dev/ng9n9: No such file or directory" "a nonexistent path" \
	"$NGIO" write /dev/ng9n9 --lba 0 --blocks 8 --data "$TMP/w"
wrow $SYS "not an NVMe device" "a regular file" \
	"$NGIO" write-zeroes "$TMP/regular" --lba 0 --blocks 8
wrow $SYS "not an NVMe device" "/dev/null" \
	"$NGIO" write /dev/null --lba 0 --blocks 8 --data "$TMP/w"
if [ -n "$other" ] && [ -b "$other" ]; then
	wrow $SYS "not an NVMe device" "a block device that is not a namespace ($other_desc $other)" \
		"$NGIO" write "$other" --lba 0 --blocks 8 --data "$TMP/w"
	check "the $other_desc's blocks are unchanged" \
		test "$(other_bytes)" = "$other_sum"
else
	skip "a block device that is not a namespace" \
		"neither losetup nor addpart worked here"
fi
wrow $SYS "missing: No such file or directory" "a missing data file" \
	"$NGIO" write "$ng" --lba 0 --blocks 8 --data "$TMP/missing"
row $SYS "/nonexistent/dir/out: No such file or directory" \
	"an unwritable output path" \
	"$NGIO" read "$ng" --lba 0 --blocks 8 --data /nonexistent/dir/out

# ------------------------------- ranges past the end (exit 1, nothing sent)
PAST='past the end: the namespace has'
row $USAGE "LBA $nsze is $PAST" "a read at LBA nsze" \
	"$NGIO" read "$ng" --lba "$nsze" --blocks 1 --data "$TMP/r"
wrow $USAGE "LBAs $((nsze - 4))-$((nsze + 3)) are $PAST" \
	"a write across the end" \
	"$NGIO" write "$ng" --lba $((nsze - 4)) --blocks 8 --data "$TMP/w"
wrow $USAGE "$PAST" "write-zeroes across the end in two commands" \
	"$NGIO" write-zeroes "$ng" --lba $((nsze - 70000)) --blocks 70001
mdrow $USAGE "$PAST" "a metadata write across the end (many commands)" \
	"$NGIO" write "$md" --lba $((NS3[3] - 100)) --blocks 101 \
	--data "$TMP/d101" --metadata "$TMP/m101"
# QEMU 7.2 would copy the earlier ranges, then answer Internal Error.
wrow $USAGE "--from $((nsze - 4)):8: LBAs .* are $PAST" \
	"copy with a source past the end" \
	"$NGIO" copy "$ng" --to 0 --from $((nsze - 4)):8

# ------------------------------------------------------ NVMe (exit 3)
wrow $NVME "$INVAL_OP" "write-uncor, which QEMU does not support" \
	"$NGIO" write-uncor "$ng" --lba 0 --blocks 8
wrow $NVME "$INVAL_OP" "zone management send (0x79) on a non-zoned namespace" \
	"$NGIO" passthru "$ng" --opcode 0x79 --cdw13 4
row $NVME "$INVAL_OP" "identify (opcode 6) without --admin goes to the I/O queue" \
	"$NGIO" passthru "$ng" --opcode 6 --cdw10 1 --data-len 4096 \
	--data "$TMP/id"
row $NVME "Compare Failure \(SCT 0x2 SC 0x85" "compare with other data" \
	"$NGIO" compare "$ng" --lba 0 --blocks 8 --data "$TMP/w"

check "the whole table left $ng unchanged" test "$(dev_sum)" = "$table_before"
check "the whole table left $md unchanged" test "$(md_sum)" = "$md_table_before"
done_testing
