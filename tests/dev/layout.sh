# The namespaces the device tests run on: one VM boot for all of them.
# Sourced by tests/run (host) and tests/dev/* (guest); keep the two in step.
NGIO_VM_NS=(--ns nvm:64M --ns nvm4k:32M --ns md:16M
	--ns zns:32M,zone_size=2M,zone_cap=1536K,max_open=3,max_active=4
	--ns zns:16M,zone_size=1M,zde=64,zrwa=32K,zrwafg=8K,numzrwa=2
	--ns pi:8M --ns pi:8M,pi=3,mset=0
	--ns pi:8M,pi=2,ms=64,mset=0,pif=2 --ns pi:8M,ms=16,mset=0,pif=2,pil=1)
# The rig gives controller N the serial ngio000N and numbers its
# namespaces from NSID 1 in --ns order.  Linux names the nodes in the
# order its scan finishes (asynchronous since 6.x: /dev/ng0n1 may be NSID
# 3), so the tests find each namespace by its NSID, never by its name.
export LAYOUT_SERIAL=ngio0000 LAYOUT_MODEL="QEMU NVMe Ctrl"
LAYOUT_NNS=9
LAYOUT_MISSING=()
# By NSID (index 0 unused): the ng and block nodes found.
LAYOUT_NG=(-) LAYOUT_BLK=(-)

# The nodes by NSID (nodes.py); tests/dev/run works them out once and
# passes them on in NGIO_LAYOUT_NODES.
if [ -z "${NGIO_LAYOUT_NODES:-}" ] && [ -d /sys/class/nvme ]; then
	NGIO_LAYOUT_NODES=$(/usr/bin/python3 "$(dirname "${BASH_SOURCE[0]}")/nodes.py" \
		"$LAYOUT_SERIAL" 2>/dev/null)
fi

# layout_ns NSID: set NG and BLK (placeholders that do not exist, and an
# entry in LAYOUT_MISSING, when the kernel made no node for it).
layout_ns() {
	local id ng blk
	NG=/dev/ngio-missing-nsid-$1 BLK=/dev/ngio-missing-block-nsid-$1
	while read -r id ng blk; do
		[ "$id" = "$1" ] || continue
		NG=$ng
		[ "$blk" = - ] || BLK=$blk
	done <<<"${NGIO_LAYOUT_NODES:-}"
	[ -e "$NG" ] || LAYOUT_MISSING+=("$1")
	LAYOUT_NG[$1]=$NG LAYOUT_BLK[$1]=$BLK
}

CTRL=/dev/ngio-missing-$LAYOUT_SERIAL
while read -r id ng blk; do
	[ "$id" = ctrl ] && CTRL=$ng
done <<<"${NGIO_LAYOUT_NODES:-}"
unset id ng blk
# ng node, block node, LBA data size, size in blocks, metadata bytes
layout_ns 1; NS1=("$NG" "$BLK" 512 131072 0)
layout_ns 2; NS2=("$NG" "$BLK" 4096 8192 0)
layout_ns 3; NS3=("$NG" "$BLK" 512 32768 8)
# Zoned, 4 KiB blocks: ng node, block node, zone size and capacity in
# blocks, zones, max open, max active (0: no limit), then zone random
# write areas: size and flush granularity in blocks, ZRWA resources (0 0 0:
# none).  ZNS2 also has 64-byte zone descriptor extensions.
layout_ns 4; ZNS1=("$NG" "$BLK" 512 384 16 3 4 0 0 0)
layout_ns 5; ZNS2=("$NG" "$BLK" 256 256 16 0 0 8 2 2)
# Protection information, 4 KiB blocks: ng node, then api_pi's view of the
# format: PI type, guard format (0: 16b, 2: 64b), metadata bytes,
# extended (interleaved), PI in the first metadata bytes.  PI_BLK: their
# block nodes, in the same order; PI_NSZE: their size in blocks (8M).
PI_NSZE=2048
layout_ns 6; PI1=("$NG" 1 0 8 1 0); PI_BLK=("$BLK")	# 4096+8 extended, type 1
layout_ns 7; PI3=("$NG" 3 0 8 0 0); PI_BLK+=("$BLK")	# 4096+8 separate, type 3
layout_ns 8; PI64=("$NG" 2 2 64 0 0); PI_BLK+=("$BLK")	# 4096+64 separate, 64b guard last, type 2
layout_ns 9; PIF=("$NG" 1 2 16 0 1); PI_BLK+=("$BLK")	# 4096+16 separate, 64b guard first, type 1
unset NG BLK
