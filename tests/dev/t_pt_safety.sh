#!/bin/bash
# What the device moves is what ngio gave it room for: passthru refuses a
# --data-len, data file or --metadata-len other than the size the command
# fixes (nothing sent, nothing written) on both engines and the
# controller node, and sends nothing but the user's bytes and zeroes for
# opcodes it cannot size; zone append's limit is the one the kernel can
# map, said and honoured; features go with the NSID their scope takes.
. "$(dirname "$0")/lib.sh"

ng=${NS1[0]} blk=${NS1[1]} lbs=${NS1[2]}
md=${NS3[0]} mdblk=${NS3[1]}

# ---------------------------------------------- passthru transfer sizes
rand "$TMP/blk16" "$lbs"
"$NGIO" write "$ng" --lba 16 --blocks 1 --data "$TMP/blk16" >/dev/null
before=$(blk_sum "$blk" "$lbs" 16 1)
rand "$TMP/d100" 100

for eng in pt ioctl; do
	expect_exit 1 "--data-len 8, but a Read of 1 block .* moves 512 bytes" \
		"read with --data-len 8 (1 block of 512) is refused, --engine $eng" \
		"$NGIO" passthru "$ng" --opcode 2 --read --data-len 8 \
		--data "$TMP/r8" --engine "$eng"
	expect_exit 1 "--data: 100 bytes, but a Write of 1 block .* moves 512" \
		"write of a 100-byte file to LBA 16 is refused, --engine $eng" \
		"$NGIO" passthru "$ng" --opcode 1 --cdw10 16 --cdw12 0 \
		--data "$TMP/d100" --engine "$eng"
	expect_exit 1 "--data-len 8, but an Identify moves 4096 bytes" \
		"admin identify with --data-len 8 on the controller node, --engine $eng" \
		"$NGIO" passthru "$CTRL" --admin --opcode 6 --cdw10 1 --read \
		--data-len 8 --data "$TMP/id8" --engine "$eng"
done
same() {	# DESC WANT GOT
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1: '$3', want '$2'"; fi
}
same "none of them wrote: LBA 16 is unchanged" "$before" \
	"$(blk_sum "$blk" "$lbs" 16 1)"
expect_exit 1 "--data-len 8, but an Identify moves 4096" \
	"admin identify with --data-len 8 on the namespace node" \
	"$NGIO" passthru "$ng" --admin --opcode 6 --cdw10 1 --data-len 8
# SMART: NUMDL 127 in CDW10 bits 31:16 is 128 dwords.
expect_exit 1 "--data-len 64, but a Get Log Page of NUMD 127 .* moves 512" \
	"get log page with --data-len under NUMD" \
	"$NGIO" passthru "$CTRL" --admin --opcode 2 \
	--cdw10 $(((127 << 16) | 2)) --cdw11 0 --nsid 0xffffffff --data-len 64
check "get log page with --data-len equal to NUMD works" \
	"$NGIO" passthru "$CTRL" --admin --opcode 2 \
	--cdw10 $(((127 << 16) | 2)) --nsid 0xffffffff --data-len 512 \
	--data "$TMP/smart"
expect_exit 1 "Get Features of FID 0x0e \(Timestamp\) moves 8 bytes: give --data-len" \
	"get features of the timestamp without a buffer" \
	"$NGIO" passthru "$CTRL" --admin --opcode 0x0a --cdw10 0x0e
expect_exit 1 "a Flush moves no data" "a flush with data" \
	"$NGIO" passthru "$ng" --opcode 0 --read --data-len 4096
zeros "$TMP/dsm32" 32
expect_exit 1 "--data: 32 bytes, but a Dataset Management of 1 range" \
	"dataset management of 1 range with 2 ranges' bytes" \
	"$NGIO" passthru "$ng" --opcode 9 --cdw10 0 --cdw11 4 --data "$TMP/dsm32"
# Separate metadata: 8 bytes a block on NS3.
rand "$TMP/md64" 64
expect_exit 1 "--metadata-len 8, but a Read of 8 blocks .* moves 64 bytes of metadata" \
	"read of 8 blocks with --metadata-len 8 (want 64)" \
	"$NGIO" passthru "$md" --opcode 2 --cdw12 7 --data-len 4096 \
	--metadata "$TMP/m8" --metadata-len 8
expect_exit 1 "moves 64 bytes of separate metadata: give --metadata FILE and --metadata-len 64" \
	"read of 8 blocks without metadata on a separate-metadata namespace" \
	"$NGIO" passthru "$md" --opcode 2 --cdw12 7 --data-len 4096

# A file shorter than --data-len goes out zero-padded, never heap bytes.
for eng in pt ioctl; do
	check "write of 100 bytes with --data-len 512 to LBA 16, --engine $eng" \
		"$NGIO" passthru "$ng" --opcode 1 --cdw10 16 --cdw12 0 \
		--data "$TMP/d100" --data-len 512 --engine "$eng"
	{ cat "$TMP/d100"; head -c 412 /dev/zero; } >"$TMP/want16"
	same "LBA 16 holds the 100 bytes and 412 zeroes, --engine $eng" \
		"$(sha256sum <"$TMP/want16" | cut -d' ' -f1)" \
		"$(blk_sum "$blk" "$lbs" 16 1)"
	"$NGIO" write "$ng" --lba 16 --blocks 1 --data "$TMP/blk16" >/dev/null
done

# Opcodes ngio cannot size: sent as given (the device refuses these),
# never a crash, never a short-file refusal, nothing written.
INVAL_OP='Invalid Command Opcode'
before=$(blk_sum "$blk" "$lbs" 0 64)
for eng in pt ioctl; do
	expect_exit 3 "$INVAL_OP" \
		"vendor read (0x82) with --data-len 8: the device's answer, --engine $eng" \
		"$NGIO" passthru "$ng" --opcode 0x82 --read --data-len 8 \
		--data "$TMP/v8" --engine "$eng"
	expect_exit 3 "$INVAL_OP" \
		"vendor write (0x81) of a 100-byte file padded to 4096, --engine $eng" \
		"$NGIO" passthru "$ng" --opcode 0x81 --data "$TMP/d100" \
		--data-len 4096 --engine "$eng"
	expect_exit 3 "" \
		"vendor admin read (0xc2) with --data-len 8 on the controller, --engine $eng" \
		"$NGIO" passthru "$CTRL" --admin --opcode 0xc2 --read \
		--data-len 8 --data "$TMP/v8" --engine "$eng"
done
same "the vendor commands wrote nothing (LBA 0-63 unchanged)" "$before" \
	"$(blk_sum "$blk" "$lbs" 0 64)"

# --------------------------------------------- zone append at the limit
zng=${ZNS1[0]} zblk=${ZNS1[1]} zsze=${ZNS1[2]} nz=${ZNS1[4]}
zbs=4096
[ -e "$zblk" ] || zblk=
zlast=$(((nz - 1) * zsze))
zwp() {
	"$NGIO" zone report "$zng" --zone "$zlast" --count 1 --json 2>/dev/null |
		$PY -c 'import json, sys
print(json.load(sys.stdin)["zone_list"][0]["wp"])' 2>/dev/null
}
"$NGIO" zone reset "$zng" --zone "$zlast" >/dev/null
# The limit ngio names when refusing too much...
zeros "$TMP/huge" $((4 << 20))
"$NGIO" zone append "$zng" --zone "$zlast" --data "$TMP/huge" \
	>/dev/null 2>"$TMP/lim.err"
lim=$(sed -n 's/.*size limit of \([0-9]*\) bytes.*/\1/p' "$TMP/lim.err")
segs=$(cat "/sys/block/$(basename "${ZNS1[1]}")/queue/max_segments" 2>/dev/null)
if [ -z "$lim" ]; then
	not_ok "zone append names its size limit"
	diag "$TMP/lim.err"
	lim=0
elif [ -n "$segs" ] && [ "$lim" -gt $((segs * zbs)) ]; then
	not_ok "the zone append limit $lim is over the $segs pages the kernel maps"
else
	ok "the zone append limit ($lim bytes) fits the kernel's ${segs:-?} segments"
fi
# ... is what one append carries.
if [ "$lim" -gt 0 ]; then
	rand "$TMP/zlim" "$lim"
	check "zone append of exactly the limit ($lim bytes) works" \
		"$NGIO" zone append "$zng" --zone "$zlast" --data "$TMP/zlim"
	"$NGIO" read "$zng" --lba "$zlast" --blocks $((lim / zbs)) \
		--data "$TMP/zback" >/dev/null 2>&1
	check "the appended data reads back" cmp "$TMP/zlim" "$TMP/zback"
	wp=$(zwp)
	rand "$TMP/zover" $((lim + zbs))
	expect_exit 1 "more than the zone append size limit of $lim bytes \($((lim / zbs)) blocks\)" \
		"zone append one block over the limit is refused" \
		"$NGIO" zone append "$zng" --zone "$zlast" --data "$TMP/zover"
	same "the refused append left the write pointer at $wp" "$wp" "$(zwp)"
fi
"$NGIO" zone reset "$zng" --zone "$zlast" >/dev/null

# ------------------------------------------------- features and scopes
fval() {	# DEV FID: the current value
	"$NGIO" get-feature "$1" --fid "$2" --json 2>/dev/null |
		$PY -c 'import json, sys; print(json.load(sys.stdin)["value"])' \
		2>/dev/null
}
orig=$(fval "$CTRL" 4)
new=$(((orig & ~0xffff) | 351))
check "set-feature --fid 4 (controller-wide) on the namespace node" \
	"$NGIO" set-feature "$ng" --fid 4 --value "$new"
same "get-feature --fid 4 on the namespace node reads the value set" \
	"$new" "$(fval "$ng" 4)"
same "get-feature --fid 4 on the controller node reads it too" \
	"$new" "$(fval "$CTRL" 4)"
check "set-feature restores the temperature threshold" \
	"$NGIO" set-feature "$ng" --fid 4 --value "$orig"
same "the threshold is back" "$orig" "$(fval "$CTRL" 4)"
expect_exit 1 "--nsid 1: Temperature Threshold \(fid 0x04\) is controller-wide: it takes NSID 0" \
	"set-feature --fid 4 --nsid 1: the scope is named" \
	"$NGIO" set-feature "$ng" --fid 4 --value "$orig" --nsid 1
expect_exit 1 "Error Recovery \(fid 0x05\) is namespace-specific: give a namespace node" \
	"get-feature --fid 5 on the controller node: the scope is named" \
	"$NGIO" get-feature "$CTRL" --fid 5
check "get-feature --fid 5 --nsid 1 on the controller node" \
	"$NGIO" get-feature "$CTRL" --fid 5 --nsid 1
check "get-feature --fid 5 on the namespace node" \
	"$NGIO" get-feature "$ng" --fid 5
# Timestamp: 8 bytes of data, given room for whatever --data-len says.
"$NGIO" get-feature "$ng" --fid 0x0e --json >"$TMP/ts.json" 2>&1
check "get-feature --fid 0x0e receives its 8 bytes of data" \
	$PY -c 'import json, sys
sys.exit(0 if len(json.load(open(sys.argv[1]))["data"]) == 16 else 1)' \
	"$TMP/ts.json"
expect_exit 1 "--data-len 4: Timestamp \(fid 0x0e\) returns 8 bytes" \
	"get-feature --fid 0x0e --data-len 4 is refused" \
	"$NGIO" get-feature "$ng" --fid 0x0e --data-len 4
expect_exit 1 "Timestamp \(fid 0x0e\) takes 8 bytes of data: give --data FILE" \
	"set-feature --fid 0x0e without data is refused" \
	"$NGIO" set-feature "$ng" --fid 0x0e --value 0
zeros "$TMP/ts4" 4
expect_exit 1 "--data: 4 bytes; Timestamp \(fid 0x0e\) takes exactly 8" \
	"set-feature --fid 0x0e with 4 bytes is refused" \
	"$NGIO" set-feature "$ng" --fid 0x0e --value 0 --data "$TMP/ts4"
done_testing
