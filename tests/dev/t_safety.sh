#!/bin/bash
# Data safety (issue 12): a range that is not inside the namespace is
# refused before anything is sent, on every engine, with and without
# metadata and PI (a start near 2^64 once wrapped onto LBA 0, the block
# engine wrote the part before the end); a split write that fails part
# way says how much it wrote, and that is what the device holds; copy
# and trim ranges are checked whole; numbers with a leading zero,
# repeated options and stray arguments are refused; the spec's PRINFO
# names are taken; a failed read leaves no new file behind.
. "$(dirname "$0")/lib.sh"

ng=${NS1[0]} blk=${NS1[1]} lbs=${NS1[2]} nsze=${NS1[3]}
md=${NS3[0]} mdblk=${NS3[1]}
NEAR=0xFFFFFFFFFFFFFC10		# 2^64 - 1008: 2016 blocks wrap to LBA 1007
WRAP='runs past LBA 2\^64-1: the namespace has'
PAST='past the end: the namespace has'

# sum_ng DEV LBA BLOCKS [ARGS...]: sha256 of blocks read by ngio (data
# and, with --metadata in ARGS, metadata), for namespaces the block node
# cannot show whole.
sum_ng() {
	local dev=$1 lba=$2 n=$3
	shift 3
	rm -f "$TMP/s.d" "$TMP/s.m"
	"$NGIO" read "$dev" --lba "$lba" --blocks "$n" --data "$TMP/s.d" "$@" &&
		cat "$TMP/s.d" "$TMP/s.m" 2>/dev/null | sha256sum | cut -d' ' -f1
}
# same DESC BEFORE AFTER
same() {
	if [ -n "$2" ] && [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1"; fi
}

rand "$TMP/w2016" $((2016 * lbs))
rand "$TMP/w20" $((20 * lbs))
rand "$TMP/big" $((2048 * lbs))
"$NGIO" write "$ng" --lba 0 --blocks 2048 --data "$TMP/big"
"$NGIO" write "$ng" --lba $((nsze - 2048)) --blocks 2048 --data "$TMP/big"
head0=$(blk_sum "$blk" "$lbs" 0 2048)
tail0=$(blk_sum "$blk" "$lbs" $((nsze - 2048)) 2048)

# ------------------------------------------- 1, 2: ranges on every engine
for e in pt ioctl block; do
	expect_exit 1 "$WRAP" "$e: write of 2016 blocks at 2^64-1008 is refused" \
		"$NGIO" write "$ng" --lba $NEAR --blocks 2016 \
		--data "$TMP/w2016" --engine $e
	expect_exit 1 "LBAs $((nsze - 10))-$((nsze + 9)) are $PAST $nsze blocks" \
		"$e: write of 20 blocks across the end is refused" \
		"$NGIO" write "$ng" --lba $((nsze - 10)) --blocks 20 \
		--data "$TMP/w20" --engine $e
	expect_exit 1 "LBA $nsze is $PAST" "$e: read at LBA nsze is refused" \
		"$NGIO" read "$ng" --lba "$nsze" --blocks 1 --engine $e \
		--data "$TMP/r"
	expect_exit 1 "$WRAP" "$e: read at 2^64-1 of 2 blocks is refused" \
		"$NGIO" read "$ng" --lba 18446744073709551615 --blocks 2 \
		--engine $e --data "$TMP/r"
done
for e in pt ioctl; do
	expect_exit 1 "$WRAP" "$e: write-zeroes of 65537 blocks near 2^64 is refused" \
		"$NGIO" write-zeroes "$ng" --lba 18446744073709486080 \
		--blocks 65537 --engine $e
	expect_exit 1 "$PAST" "$e: verify across the end is refused" \
		"$NGIO" verify "$ng" --lba $((nsze - 1)) --blocks 70000 --engine $e
done
same "no refused write changed LBA 0-2047" "$head0" \
	"$(blk_sum "$blk" "$lbs" 0 2048)"
same "no refused write changed the last 2048 blocks" "$tail0" \
	"$(blk_sum "$blk" "$lbs" $((nsze - 2048)) 2048)"

# Separate metadata (ng0n3): the split with --metadata.
rand "$TMP/md.d" $((2016 * 512))
rand "$TMP/md.m" $((2016 * 8))
"$NGIO" write "$md" --lba 0 --blocks 64 --data "$TMP/md.d" \
	--metadata "$TMP/md.m"
before=$(sum_ng "$md" 0 64 --metadata "$TMP/s.m")
for e in pt ioctl; do
	expect_exit 1 "$WRAP" "$e: metadata write near 2^64 is refused" \
		"$NGIO" write "$md" --lba $NEAR --blocks 2016 --engine $e \
		--data "$TMP/md.d" --metadata "$TMP/md.m"
done
same "$md: LBA 0-63 and their metadata are unchanged" "$before" \
	"$(sum_ng "$md" 0 64 --metadata "$TMP/s.m")"

# PI, the tuple alone in separate metadata (ng0n7): --prinfo pract moves
# data only; PI, extended (ng0n6): the tuples travel in the data.
pi3=${PI3[0]} pi1=${PI1[0]}
rand "$TMP/pi.d" $((2016 * 4096))
"$NGIO" write "$pi3" --lba 0 --blocks 64 --data "$TMP/pi.d" --prinfo pract
before=$(sum_ng "$pi3" 0 64 --prinfo pract)
for e in pt ioctl; do
	expect_exit 1 "$WRAP" "$e: --prinfo pract write near 2^64 is refused" \
		"$NGIO" write "$pi3" --lba $NEAR --blocks 2016 --engine $e \
		--data "$TMP/pi.d" --prinfo pract
done
same "$pi3: LBA 0-63 are unchanged" "$before" \
	"$(sum_ng "$pi3" 0 64 --prinfo pract)"
h8=$((4096 + 8))
rand "$TMP/pi1.d" $((2016 * h8))
"$NGIO" write "$pi1" --lba 0 --blocks 64 --data "$TMP/pi1.d" --prinfo pract
before=$(sum_ng "$pi1" 0 64)
expect_exit 1 "$WRAP" "$pi1: extended-LBA write near 2^64 is refused" \
	"$NGIO" write "$pi1" --lba $NEAR --blocks 2016 --data "$TMP/pi1.d"
expect_exit 1 "$WRAP" "$pi1: --pi-generate write near 2^64 is refused" \
	"$NGIO" write "$pi1" --lba $NEAR --blocks 2016 --data "$TMP/pi1.d" \
	--pi-generate --prinfo guard
same "$pi1: LBA 0-63 are unchanged" "$before" "$(sum_ng "$pi1" 0 64)"

# ------------------------------------------------- 4: a part-way write
# ZNS1's last zone, written to 200 of its capacity: 200 more blocks
# cross the capacity.  The message must say how many blocks went, and
# the write pointer must agree.
zng=${ZNS1[0]} zsze=${ZNS1[2]} zcap=${ZNS1[3]} nz=${ZNS1[4]}
z=$(((nz - 1) * zsze))
zwp() {
	"$NGIO" zone report "$zng" --zone "$z" --count 1 --json |
		"$PY" -c 'import json, sys; print(json.load(sys.stdin)["zone_list"][0]["wp"])'
}
rand "$TMP/z200" $((200 * 4096))
for e in pt ioctl; do
	"$NGIO" zone reset "$zng" --zone $z
	"$NGIO" write "$zng" --lba $z --blocks 200 --data "$TMP/z200"
	expect_exit 3 "Zoned Boundary Error.*\(after [0-9]+ of 200 blocks were written\)" \
		"$e: a write crossing the zone capacity says what it wrote" \
		"$NGIO" write "$zng" --lba $((z + 200)) --blocks 200 \
		--data "$TMP/z200" --engine $e
	n=$(sed -n 's/.*(after \([0-9]*\) of 200 blocks were written).*/\1/p' "$TMP/err")
	wp=$(zwp)
	if [ -n "$n" ] && [ "$wp" = $((z + 200 + n)) ] && [ "$n" -lt 200 ]; then
		ok "$e: the write pointer moved by the $n blocks it says"
	else
		not_ok "$e: said '$n' blocks written, write pointer $wp (zone $z)"
	fi
done
"$NGIO" zone reset "$zng" --zone $z

# ----------------------------------------------------- 5, 6: copy, trim
# A copy whose later source is bad used to copy the earlier ones first.
before=$(blk_sum "$blk" "$lbs" 0 64)
expect_exit 1 "--from $((nsze - 4)):8: LBAs $((nsze - 4))-$((nsze + 3)) are $PAST" \
	"copy with a source range past the end is refused" \
	"$NGIO" copy "$ng" --to 0 --from 100:8 --from $((nsze - 4)):8
expect_exit 1 "--to: LBAs $((nsze - 4))-$((nsze + 3)) are $PAST" \
	"copy with a destination past the end is refused" \
	"$NGIO" copy "$ng" --to $((nsze - 4)) --from 100:8
expect_exit 1 "--from 18446744073709551600:8: LBAs" \
	"copy with a source range at 2^64-16 is refused" \
	"$NGIO" copy "$ng" --to 0 --from 18446744073709551600:8
# (No process substitution: the VM has no /dev/fd.)
"$NGIO" id-ns "$ng" --json >"$TMP/idns.json"
read -r mssrl mcl msrc <<<"$("$PY" -c 'import json, sys
j = json.load(open(sys.argv[1]))
print(j["mssrl"], j["mcl"], j["msrc"])' "$TMP/idns.json")"
if [ "${mssrl:-0}" -gt 0 ] && [ "$mssrl" -lt 65536 ]; then
	expect_exit 1 "a source range takes at most $mssrl blocks here \(MSSRL\)" \
		"copy of a range over MSSRL ($mssrl) is refused" \
		"$NGIO" copy "$ng" --to 0 --from 1000:$((mssrl + 1))
	ranges=()
	for ((i = 0; i < msrc + 2 && i < 256; i++)); do
		ranges+=(--from $((1000 + 2 * i)):1)
	done
	if [ $((msrc + 2)) -le 256 ]; then
		expect_exit 1 "a copy takes at most $((msrc + 1)) here \(MSRC\)" \
			"copy of more ranges than MSRC+1 ($((msrc + 1))) is refused" \
			"$NGIO" copy "$ng" --to 0 "${ranges[@]}"
	fi
	if [ "$mcl" -gt 0 ] && [ "$mcl" -lt "$((2 * mssrl))" ]; then
		expect_exit 1 "a copy moves at most $mcl here \(MCL\)" \
			"copy of more than MCL ($mcl) blocks is refused" \
			"$NGIO" copy "$ng" --to 0 --from 1000:$mssrl \
			--from 3000:$mssrl
	fi
else
	skip "copy limits" "the namespace reports no MSSRL ($mssrl)"
fi
same "refused copies left LBA 0-63 unchanged" "$before" \
	"$(blk_sum "$blk" "$lbs" 0 64)"

before=$(blk_sum "$blk" "$lbs" 0 64)
expect_exit 1 "--range $nsze:8: LBAs $nsze-$((nsze + 7)) are $PAST" \
	"trim of a range past the end is refused" \
	"$NGIO" trim "$ng" --range 16:8 --range "$nsze:8"
expect_exit 1 "--range 18446744073709551615:1: LBA 18446744073709551615 is $PAST" \
	"trim at LBA 2^64-1 is refused" \
	"$NGIO" trim "$ng" --range 18446744073709551615:1
expect_exit 1 "--range $((nsze - 1)):2: LBAs" \
	"dsm --deallocate across the end is refused" \
	"$NGIO" dsm "$ng" --range $((nsze - 1)):2 --deallocate
same "refused trims deallocated nothing (LBA 16-23 kept)" "$before" \
	"$(blk_sum "$blk" "$lbs" 0 64)"

# ------------------------------------- 7, 8: numbers, repeats, arguments
before=$(blk_sum "$blk" "$lbs" 0 64)
expect_exit 1 "'010' has a leading zero, which may mean octal: write 10 \(0xa\) for decimal, 8 \(0x8\) for octal" \
	"--lba 010 is refused as ambiguous" \
	"$NGIO" write "$ng" --lba 010 --blocks 1 --data "$TMP/w20"
expect_exit 1 "'09' has a leading zero" "--lba 09 is refused the same way" \
	"$NGIO" write "$ng" --lba 09 --blocks 1 --data "$TMP/w20"
expect_exit 1 "--blocks: '02' has a leading zero" "--blocks 02 is refused" \
	"$NGIO" write "$ng" --lba 8 --blocks 02 --data "$TMP/w20"
expect_exit 1 "LBA has a leading zero" "trim --range 010:1 is refused" \
	"$NGIO" trim "$ng" --range 010:1
expect_exit 1 "--to: '010' has a leading zero" "copy --to 010 is refused" \
	"$NGIO" copy "$ng" --to 010 --from 100:1
expect_exit 1 "--lba is given more than once" "--lba 40 --lba 41 is refused" \
	"$NGIO" write "$ng" --lba 40 --lba 41 --blocks 1 --data "$TMP/w20"
expect_exit 1 "--opcode is given more than once" \
	"passthru --opcode 2 --opcode 1 is refused" \
	"$NGIO" passthru "$ng" --opcode 2 --opcode 1 --cdw10 40 \
	--data "$TMP/w20" --data-len 512
expect_exit 1 "unexpected argument 'extra'" "an argument after -- is refused" \
	"$NGIO" write "$ng" --lba 40 --blocks 1 --data "$TMP/w20" -- extra
expect_exit 1 "unexpected argument '/dev/ng0n2'" "a second DEV is refused" \
	"$NGIO" write "$ng" /dev/ng0n2 --lba 40 --blocks 1 --data "$TMP/w20"
same "none of them wrote (LBA 0-63 unchanged)" "$before" \
	"$(blk_sum "$blk" "$lbs" 0 64)"
check "0x-prefixed hex with zeros is taken (--lba 0x010: LBA 16)" \
	"$NGIO" write "$ng" --lba 0x010 --blocks 1 --data "$TMP/w20"
head -c "$lbs" "$TMP/w20" >"$TMP/w1"
dd if="$blk" of="$TMP/b16" bs="$lbs" skip=16 count=1 iflag=direct status=none
check "and LBA 16 holds the block" cmp "$TMP/w1" "$TMP/b16"
check "DEV after -- is taken" \
	"$NGIO" read --lba 16 --blocks 1 --data "$TMP/r16" -- "$ng"
check "and reads LBA 16" cmp "$TMP/w1" "$TMP/r16"
check "--range repeats in trim" "$NGIO" trim "$ng" --range 16:1 --range 17:1

# ------------------------------------------------- 9: PRINFO spellings
rand "$TMP/p8" $((8 * 4096))
check "$pi3: write with --prinfo PRACT,PRCHK (the spec's names)" \
	"$NGIO" write "$pi3" --lba 100 --blocks 8 --data "$TMP/p8" \
	--prinfo PRACT,PRCHK
check "$pi3: read with --prinfo Pract,Guard,AppTag" \
	"$NGIO" read "$pi3" --lba 100 --blocks 8 --data "$TMP/p8r" \
	--prinfo Pract,Guard,AppTag
check "$pi3: the data reads back" cmp "$TMP/p8" "$TMP/p8r"
expect_exit 1 "names pract, prchk, guard, apptag, reftag" \
	"--prinfo with an unknown name lists the names" \
	"$NGIO" write "$pi3" --lba 100 --blocks 8 --data "$TMP/p8" \
	--prinfo PRACT,CRC

# --------------------------------------------- 12: read's output file
expect_exit 1 "LBAs 0-4294967294 are $PAST" \
	"read --blocks 4294967295 says past the end" \
	"$NGIO" read "$ng" --lba 0 --blocks 4294967295 --data "$TMP/new"
check "and leaves no new output file" test ! -e "$TMP/new"
expect_exit 1 "LBAs 0-4294967294 are $PAST" \
	"write --blocks 4294967295 says past the end" \
	"$NGIO" write "$ng" --lba 0 --blocks 4294967295 --data "$TMP/w20"
expect_exit 1 "short data file: $((20 * lbs)) bytes, need $((nsze * lbs))" \
	"write of the whole namespace from a short file says so" \
	"$NGIO" write "$ng" --lba 0 --blocks "$nsze" --data "$TMP/w20"
# A read the device fails: a block whose guard is wrong, read with the
# guard checked.
# Random data, a tuple of 0x01 bytes: a wrong guard, no escape tag.
{ head -c 4096 /dev/urandom; printf '\001%.0s' 1 2 3 4 5 6 7 8; } >"$TMP/bad"
"$NGIO" write "$pi1" --lba 200 --blocks 1 --data "$TMP/bad"
expect_exit 3 "Guard Check Error" "$pi1: a read failing the guard check" \
	"$NGIO" read "$pi1" --lba 200 --blocks 1 --prinfo guard \
	--data "$TMP/new"
check "leaves no new output file" test ! -e "$TMP/new"
echo keep >"$TMP/old"
expect_exit 3 "Guard Check Error" "the same read into an existing file" \
	"$NGIO" read "$pi1" --lba 200 --blocks 1 --prinfo guard \
	--data "$TMP/old"
check "keeps that file as it was" test "$(cat "$TMP/old")" = keep
done_testing
