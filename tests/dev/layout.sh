# The namespaces the device tests run on: one VM boot for all of them.
# Sourced by tests/run (host) and tests/dev/* (guest); keep the two in step.
NGIO_VM_NS=(--ns nvm:64M --ns nvm4k:32M --ns md:16M)
# ng node, block node, LBA data size, size in blocks, metadata bytes
NS1=(/dev/ng0n1 /dev/nvme0n1 512 131072 0)
NS2=(/dev/ng0n2 /dev/nvme0n2 4096 8192 0)
NS3=(/dev/ng0n3 /dev/nvme0n3 512 32768 8)
CTRL=/dev/nvme0
