#!/bin/bash
# Bad input: the exact NVMe status, a clear one-line reason, the right exit
# status, and never a changed byte on the device.
. "$(dirname "$0")/lib.sh"

ng=${NS1[0]} blk=${NS1[1]} lbs=${NS1[2]} nsze=${NS1[3]}
LOR='LBA Out of Range \(SCT 0x0 SC 0x80, DNR\)'
PAST='past the end: the namespace has'

# Out-of-range reads: refused before anything is sent, exit 1.
expect_exit 1 "LBA $nsze is $PAST $nsze blocks" \
	"read at lba nsze is refused, exit 1" \
	"$NGIO" read "$ng" --lba "$nsze" --blocks 1 --data "$TMP/r"
expect_exit 1 "LBAs $((nsze - 1))-$nsze are $PAST" \
	"read across the end is refused" \
	"$NGIO" read "$ng" --lba $((nsze - 1)) --blocks 2 --data "$TMP/r"
expect_exit 1 "LBA 18446744073709551615 is $PAST" \
	"read at lba 2^64-1 is refused" \
	"$NGIO" read "$ng" --lba 18446744073709551615 --blocks 1
# The device's own answer, where ngio does not check: passthru.
expect_exit 3 "$LOR" "passthru read at lba nsze gets LBA Out of Range, exit 3" \
	"$NGIO" passthru "$ng" --opcode 2 --read --cdw10 "$nsze" \
	--data-len "$lbs" --data "$TMP/pt-new"
check "the failed passthru read leaves no new output file" \
	test ! -e "$TMP/pt-new"

# Out-of-range writes, one command and many: nothing may land.
head -c $((4096 * lbs)) /dev/urandom >"$TMP/w"
tail=$((nsze - 4000))
before=$(blk_sum "$blk" "$lbs" $tail 4000)
expect_exit 1 "$PAST" "write across the end (one command) is refused" \
	"$NGIO" write "$ng" --lba $((nsze - 1)) --blocks 2 --data "$TMP/w"
expect_exit 1 "$PAST" "write across the end (split in many) is refused" \
	"$NGIO" write "$ng" --lba $tail --blocks 4096 --data "$TMP/w"
check "refused writes left the last 4000 blocks untouched" \
	test "$(blk_sum "$blk" "$lbs" $tail 4000)" = "$before"

# Paths that are not NVMe namespaces.
touch "$TMP/regular"
expect_exit 2 "No such file or directory" "a nonexistent path, exit 2" \
	"$NGIO" read /dev/ng9n9 --lba 0 --blocks 1
expect_exit 2 "not an NVMe device" "a regular file, exit 2" \
	"$NGIO" id-ctrl "$TMP/regular"
expect_exit 2 "not an NVMe device" "/dev/null, exit 2" \
	"$NGIO" id-ns /dev/null
expect_exit 2 "not an NVMe device" "a directory, exit 2" \
	"$NGIO" write /dev --lba 0 --blocks 1 --data "$TMP/w"

# Data files: missing, short; output path unwritable.  Device unchanged.
before=$(blk_sum "$blk" "$lbs" 0 64)
expect_exit 2 "missing: No such file" "a missing data file, exit 2" \
	"$NGIO" write "$ng" --lba 0 --blocks 1 --data "$TMP/missing"
head -c $((lbs * 3 + 1)) /dev/urandom >"$TMP/short"
expect_exit 1 "short data file" "a short data file, exit 1" \
	"$NGIO" write "$ng" --lba 0 --blocks 4 --data "$TMP/short"
expect_exit 2 "No such file or directory" "an unwritable output path, exit 2" \
	"$NGIO" read "$ng" --lba 0 --blocks 1 --data /nonexistent/dir/out
check "refused writes left blocks 0-63 untouched" \
	test "$(blk_sum "$blk" "$lbs" 0 64)" = "$before"

# A namespace with separate metadata: refused before any I/O (without a
# metadata buffer the controller would move metadata at bus address 0).
md=${NS3[0]} mdblk=${NS3[1]}
before=$(blk_sum "$mdblk" 512 0 8)
expect_exit 1 "separate metadata" "write to a separate-metadata namespace is refused" \
	"$NGIO" write "$md" --lba 0 --blocks 8 --data "$TMP/w"
expect_exit 1 "separate metadata" "read of a separate-metadata namespace is refused" \
	"$NGIO" read "$md" --lba 0 --blocks 8 --data "$TMP/r"
check "the refused write left the metadata namespace untouched" \
	test "$(blk_sum "$mdblk" 512 0 8)" = "$before"

# Usage errors.
expect_exit 1 "--blocks must be at least 1" "zero blocks, exit 1" \
	"$NGIO" read "$ng" --lba 0 --blocks 0
expect_exit 1 "not a non-negative number" "a negative LBA, exit 1" \
	"$NGIO" read "$ng" --lba -5 --blocks 1
expect_exit 1 "not a non-negative number" "a non-number, exit 1" \
	"$NGIO" read "$ng" --lba ten --blocks 1
expect_exit 1 "not in range" "an overflowing LBA, exit 1" \
	"$NGIO" read "$ng" --lba 18446744073709551616 --blocks 1
expect_exit 1 "--lba is required" "a missing --lba, exit 1" \
	"$NGIO" read "$ng" --blocks 1
expect_exit 1 "unexpected argument" "an extra argument, exit 1" \
	"$NGIO" read "$ng" extra --lba 0 --blocks 1
expect_exit 1 "unknown command" "an unknown command, exit 1" \
	"$NGIO" frobnicate "$ng"
done_testing
