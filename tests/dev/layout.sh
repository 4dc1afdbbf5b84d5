# The namespaces the device tests run on: one VM boot for all of them.
# Sourced by tests/run (host) and tests/dev/* (guest); keep the two in step.
NGIO_VM_NS=(--ns nvm:64M --ns nvm4k:32M --ns md:16M
	--ns zns:32M,zone_size=2M,zone_cap=1536K,max_open=3,max_active=4
	--ns zns:16M,zone_size=1M,zde=64,zrwa=32K,zrwafg=8K,numzrwa=2
	--ns pi:8M --ns pi:8M,pi=3,mset=0
	--ns pi:8M,pi=2,ms=64,mset=0,pif=2 --ns pi:8M,ms=16,mset=0,pif=2,pil=1)
# ng node, block node, LBA data size, size in blocks, metadata bytes
NS1=(/dev/ng0n1 /dev/nvme0n1 512 131072 0)
NS2=(/dev/ng0n2 /dev/nvme0n2 4096 8192 0)
NS3=(/dev/ng0n3 /dev/nvme0n3 512 32768 8)
# Zoned, 4 KiB blocks: ng node, block node, zone size and capacity in
# blocks, zones, max open, max active (0: no limit), then zone random
# write areas: size and flush granularity in blocks, ZRWA resources (0 0 0:
# none).  ZNS2 also has 64-byte zone descriptor extensions.
ZNS1=(/dev/ng0n4 /dev/nvme0n4 512 384 16 3 4 0 0 0)
ZNS2=(/dev/ng0n5 /dev/nvme0n5 256 256 16 0 0 8 2 2)
# Protection information, 4 KiB blocks: ng node, then api_pi's view of the
# format: PI type, guard format (0: 16b, 2: 64b), metadata bytes,
# extended (interleaved), PI in the first metadata bytes.
PI1=(/dev/ng0n6 1 0 8 1 0)	# 4096+8 extended, type 1
PI3=(/dev/ng0n7 3 0 8 0 0)	# 4096+8 separate, type 3
PI64=(/dev/ng0n8 2 2 64 0 0)	# 4096+64 separate, 64b guard last, type 2
PIF=(/dev/ng0n9 1 2 16 0 1)	# 4096+16 separate, 64b guard first, type 1
CTRL=/dev/nvme0
