#!/bin/sh
# ngio-vm guest /init: runs as PID 1 under busybox sh inside the initramfs.
#
# Loads the drivers, mounts the host's files (9p), waits for the NVMe
# devices, runs the command the host prepared in a chroot of the host root,
# reports its exit status through the run share and powers off.
#
# Everything printed here goes to the kernel console (ttyS0), which the host
# keeps in a log file (or streams with --console).

export PATH=/bin:/sbin:/usr/bin:/usr/sbin
set -f	# no globbing of /proc/cmdline words; re-enabled where needed

log() { echo "ngio-init: $*"; }

die() {
	log "FATAL: $*"
	sync
	poweroff -f
	# PID 1 must never exit: that would be a kernel panic, not our error.
	while :; do sleep 1; done
}

mount -t proc proc /proc || die "mount /proc"
mount -t sysfs sysfs /sys || die "mount /sys"
mount -t devtmpfs devtmpfs /dev || die "mount /dev"
# The initramfs has no /dev/console node (built without root), so the
# kernel could not give us stdio; take it from devtmpfs now.
exec </dev/console >/dev/console 2>&1

# ngio-vm's KVM check: reaching this point proves the guest runs.
case " $(cat /proc/cmdline) " in
*" ngio.probe "*) log "probe ok"; poweroff -f ;;
esac

# Load modules in the order the host resolved. Like modprobe, pass
# "MODULE.param=value" words from the kernel command line to insmod.
cmdline=$(cat /proc/cmdline)
while read -r name file; do
	args=
	for w in $cmdline; do
		case $w in
		"$name".*=*) args="$args ${w#"$name".}" ;;
		esac
	done
	# shellcheck disable=SC2086 # $args is a word list on purpose
	insmod "/lib/ngio-modules/$file" $args || die "insmod $file$args failed"
done </lib/ngio-modules/order

# version 9p2000.L carries POSIX semantics; a big msize speeds up I/O.
o=trans=virtio,version=9p2000.L,msize=262144
mount -t 9p -o "$o,cache=mmap" ngiorun /ngiorun || die "mount run share"
# Sets NGIO_CWD (empty: no work share), NGIO_NNS, NGIO_NCTRL.
. /ngiorun/cfg || die "read /ngiorun/cfg"

# The host root is read-only, so a loose cache is safe and much faster.
mount -t 9p -o "$o,cache=loose,ro" hostroot /host || die "mount host root"
mount -t proc proc /host/proc || die "mount /host/proc"
mount -t sysfs sysfs /host/sys || die "mount /host/sys"
mount -t debugfs debugfs /host/sys/kernel/debug 2>/dev/null
mount -t devtmpfs devtmpfs /host/dev || die "mount /host/dev"
mkdir -p /host/dev/pts /host/dev/shm
mount -t devpts devpts /host/dev/pts
mount -t tmpfs -o mode=1777 tmpfs /host/dev/shm
mount -t tmpfs -o mode=1777 tmpfs /host/tmp || die "mount /host/tmp"
mount -t tmpfs -o mode=755 tmpfs /host/run || die "mount /host/run"
mkdir -p /host/run/ngio-vm
mount --bind /ngiorun /host/run/ngio-vm || die "bind run share"
# After the tmpfs mounts: the cwd may live under /tmp or /run.
if [ -n "$NGIO_CWD" ]; then
	mkdir -p "/host$NGIO_CWD"
	mount -t 9p -o "$o,cache=mmap" work "/host$NGIO_CWD" ||
		die "mount work share at $NGIO_CWD"
fi
hostname ngio-vm

# Print /dev/vportNpM of the virtio-serial port called $1, if it is there.
port_dev() {
	for d in /sys/class/virtio-ports/*; do
		[ "$(cat "$d/name" 2>/dev/null)" = "$1" ] || continue
		[ -c "/dev/${d##*/}" ] && echo "/dev/${d##*/}" && return 0
	done
	return 1
}

count() {	# number of existing paths among the arguments
	n=0
	for f; do [ -e "$f" ] && n=$((n + 1)); done
	echo $n
}

# nvme probes asynchronously and serial ports are announced by the host
# through a control queue, so poll (devtmpfs makes the nodes, no udev).
# The kernel adds a namespace's ng char device after its block device, and
# also for some formats it refuses as a block device: count those.
set +f
i=0
while :; do
	out=$(port_dev ngio.stdout) && err=$(port_dev ngio.stderr) &&
		[ "$(count /dev/ng[0-9]*n[0-9]*)" -ge "$NGIO_NNS" ] &&
		[ "$(count /dev/nvme[0-9] /dev/nvme[0-9][0-9])" -ge "$NGIO_NCTRL" ] &&
		break
	i=$((i + 1))
	# A loaded host (legs of the matrix side by side under TCG) can take
	# well over 10 s to scan the namespaces: wait up to 2 minutes.
	if [ $i -ge 2400 ]; then	# 120 s: run anyway, the command will tell
		log "WARN: devices missing after 120 s:" /dev/ng* /dev/nvme* /dev/vport*
		out=$(port_dev ngio.stdout) || die "no ngio.stdout port"
		err=$(port_dev ngio.stderr) || die "no ngio.stderr port"
		break
	fi
	usleep 50000
done
set -f

log "running command"
# env -i: the command gets exactly the host's environment (cmd.sh sets it).
rc=0
env -i chroot /host /bin/bash /run/ngio-vm/cmd.sh </dev/null >"$out" 2>"$err" ||
	rc=$?
echo "$rc" >/ngiorun/status.tmp && mv /ngiorun/status.tmp /ngiorun/status
log "command exited with status $rc"
sync
poweroff -f
while :; do sleep 1; done
