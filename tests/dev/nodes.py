#!/usr/bin/env python3
"""Print the nodes of the NVMe controller with serial SERIAL, by NSID.

usage: nodes.py SERIAL
Prints "ctrl /dev/nvmeX" and then "NSID NG BLK" per namespace (BLK is -
when the kernel made no block device).  Linux names nodes in the order its
scan finishes, so the NSID comes from the node itself (NVME_IOCTL_ID: the
ng char devices have no nsid attribute in sysfs).  Exit 1 when no
controller has that serial.
"""
import fcntl
import glob
import os
import sys

NVME_IOCTL_ID = 0x4E40  # _IO('N', 0x40)


def attr(path):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return ''


def node_nsid(dev):
    try:
        fd = os.open(dev, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        return fcntl.ioctl(fd, NVME_IOCTL_ID)
    except OSError:
        return None
    finally:
        os.close(fd)


def main():
    serial = sys.argv[1]
    for c in sorted(glob.glob('/sys/class/nvme/nvme*')):
        if attr(c + '/serial') != serial:
            continue
        name = os.path.basename(c)
        print('ctrl /dev/' + name)
        blk = {}
        # Block nodes: below the controller, or (a namespace shared by
        # several controllers) below its subsystem as a multipath head.
        heads = glob.glob('/sys/class/nvme-subsystem/*/%s' % name)
        sub = [os.path.dirname(h) for h in heads]
        for d in glob.glob(c + '/nvme*n*') + [g for s in sub for g in
                                             glob.glob(s + '/nvme*n*')]:
            n = attr(d + '/nsid')
            if n.isdigit() and os.path.exists('/dev/' + os.path.basename(d)):
                blk.setdefault(int(n), '/dev/' + os.path.basename(d))
        # ng nodes likewise: a multipath head's is the subsystem's child.
        ngs = glob.glob(c + '/ng*n*') + [g for s in sub for g in
                                         glob.glob(s + '/ng*n*')]
        for d in sorted(set(ngs)):
            ng = '/dev/' + os.path.basename(d)
            n = node_nsid(ng)
            if n is not None:
                print(n, ng, blk.get(n, '-'))
        return 0
    return 1


sys.exit(main())
