# The namespaces the device tests run on: one VM boot for all of them.
# Sourced by tests/run (host) and tests/dev/* (guest); keep the two in step.
NGIO_VM_NS=(--ns nvm:64M --ns nvm4k:32M)
# ng node, block node, LBA data size, size in blocks
NS1=(/dev/ng0n1 /dev/nvme0n1 512 131072)
NS2=(/dev/ng0n2 /dev/nvme0n2 4096 8192)
CTRL=/dev/nvme0
