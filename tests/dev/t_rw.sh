#!/bin/bash
# Data round trips: ngio write/read, and across ngio, nvme-cli and the
# kernel block path, on 512 B and 4 KiB namespaces.
. "$(dirname "$0")/lib.sh"


for ns in NS1 NS2; do
	declare -n n=$ns
	ng=${n[0]} blk=${n[1]} lbs=${n[2]} nsze=${n[3]}
	mdts=$(( $(cat /sys/block/"${blk#/dev/}"/queue/max_hw_sectors_kb) * 1024 ))

	# lba:blocks cases: first block, an odd spot, the last block, and a
	# transfer of 2.5x the kernel's max, which ngio must split.
	big=$(( mdts * 5 / 2 / lbs ))
	for c in 0:1 1001:7 $((nsze - 1)):1 $((nsze / 2 + 3)):$big; do
		lba=${c%:*} cnt=${c#*:}
		rand "$TMP/w" $((cnt * lbs))
		"$NGIO" write "$ng" --lba "$lba" --blocks "$cnt" --data "$TMP/w" \
			>"$TMP/out" 2>&1 || { not_ok "$ng write $c"; diag "$TMP/out"; continue; }
		"$NGIO" read "$ng" --lba "$lba" --blocks "$cnt" --data "$TMP/r" \
			>"$TMP/out" 2>&1 || { not_ok "$ng read $c"; diag "$TMP/out"; continue; }
		check "$ng write/read $cnt blocks at $lba round-trips" \
			cmp "$TMP/w" "$TMP/r"
		check "$ng $cnt blocks at $lba read back through the block node" \
			test "$(blk_sum "$blk" "$lbs" "$lba" "$cnt")" = \
			     "$(sha256sum <"$TMP/w" | cut -d' ' -f1)"
	done

	# Without --data the bytes go to stdout (not a terminal here).
	"$NGIO" read "$ng" --lba 1001 --blocks 7 >"$TMP/stdout" 2>"$TMP/out"
	"$NGIO" read "$ng" --lba 1001 --blocks 7 --data "$TMP/file" 2>>"$TMP/out"
	check "$ng read to stdout gives the same bytes as --data" \
		cmp "$TMP/stdout" "$TMP/file"

	# ngio write -> nvme-cli read on the block device.
	lba=$((nsze / 4)) cnt=16
	rand "$TMP/w" $((cnt * lbs))
	"$NGIO" write "$ng" --lba $lba --blocks $cnt --data "$TMP/w" 2>"$TMP/out"
	# nvme-cli does not truncate its output file.
	rm -f "$TMP/r"
	nvme read "$blk" --start-block=$lba --block-count=$((cnt - 1)) \
		--data-size=$((cnt * lbs)) --data="$TMP/r" >>"$TMP/out" 2>&1
	check "$ng ngio write reads back identically with nvme read" \
		cmp "$TMP/w" "$TMP/r"

	# nvme-cli write -> ngio read.
	lba=$((nsze / 4 + 100))
	rand "$TMP/w" $((cnt * lbs))
	nvme write "$blk" --start-block=$lba --block-count=$((cnt - 1)) \
		--data-size=$((cnt * lbs)) --data="$TMP/w" >"$TMP/out" 2>&1
	"$NGIO" read "$ng" --lba $lba --blocks $cnt --data "$TMP/r" 2>>"$TMP/out"
	check "$ng nvme write reads back identically with ngio read" \
		cmp "$TMP/w" "$TMP/r"

	# The block device path is accepted and mapped to the ng node.
	rand "$TMP/w" $((2 * lbs))
	"$NGIO" write "$blk" --lba 77 --blocks 2 --data "$TMP/w" 2>"$TMP/out"
	"$NGIO" read "$ng" --lba 77 --blocks 2 --data "$TMP/r" 2>>"$TMP/out"
	check "$blk given as DEV writes through its ng node" cmp "$TMP/w" "$TMP/r"
done
done_testing
