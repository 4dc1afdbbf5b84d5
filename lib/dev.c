// SPDX-License-Identifier: MIT
/*
 * Devices: resolve whatever path the user gave to the namespace's generic
 * char device and its controller through sysfs, then identify both with
 * the ioctls (no queue: a device is a device, a queue a queue).  An
 * "emu:" name is the in-process emulated controller instead.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "internal.h"
#include "emu/emu.h"

/* One command, synchronously: the ioctl, or the emulated controller. */
static int dev_run(struct ngio_dev *dev, bool admin,
		   const struct nvme_uring_cmd *cmd, __u64 *result)
{
	__u64 r = 0;
	int ret;

	if (dev->emu)
		ret = emu_exec(dev->emu, admin, false, cmd, &r);
	else
		ret = ioctl_run(admin ? dev->ctrl_fd : dev->fd, admin, false,
				cmd, &r);
	if (result)
		*result = r;
	return ret;
}

static int dev_identify(struct ngio_dev *dev, __u8 cns, __u32 nsid, __u8 csi,
			void *buf, __u32 len)
{
	struct nvme_uring_cmd cmd;
	int ret;

	ret = ngio_cmd_identify(&cmd, cns, nsid, 0, csi, buf, len);
	return ret ? ret : dev_run(dev, true, &cmd, NULL);
}

static __u8 ns_csi(struct ngio_dev *dev)
{
	__u8 buf[NVME_IDENTIFY_DATA_SIZE] __attribute__((aligned(4096)));
	unsigned off = 0;
	int ret;

	ret = dev_identify(dev, NVME_IDENTIFY_CNS_NS_DESC_LIST, dev->geom.nsid,
			    0, buf, sizeof(buf));
	/*
	 * Without CAP_SYS_ADMIN Linux 6.2+ refuses the list (-EACCES) but
	 * lets CNS 05h through: a namespace with ZNS identify data is zoned.
	 * Another command set than NVM or ZNS then reads as NVM.
	 */
	if (ret == -EACCES)
		return dev_identify(dev, NVME_IDENTIFY_CNS_CSI_NS,
				    dev->geom.nsid, NVME_CSI_ZNS, buf,
				    sizeof(buf)) ? NVME_CSI_NVM : NVME_CSI_ZNS;
	/* Controllers before NVMe 1.3 may not have the descriptor list. */
	if (ret)
		return NVME_CSI_NVM;
	/* Byte by byte: a 1-byte CSI descriptor leaves the next one at an
	 * odd offset, too loose for struct nvme_ns_id_desc's __le16. */
	while (off + 4 <= sizeof(buf)) {
		__u8 nidt = buf[off], nidl = buf[off + 1];

		if (!nidt || off + 4 + nidl > sizeof(buf))
			break;
		if (nidt == NVME_NIDT_CSI)
			return buf[off + 4];
		off += 4 + nidl;
	}
	return NVME_CSI_NVM;
}

static void fill_geometry(struct ngio_dev *dev)
{
	const struct nvme_id_ns *ns = &dev->id_ns;
	struct ngio_geometry *g = &dev->geom;
	__u32 mdts = 0, kmax;
	__u8 fmt;

	/* FLBAS bits 3:0 and, past 16 formats, bits 6:5 on top. */
	fmt = (ns->flbas & 0xf) | (((ns->flbas >> 5) & 0x3) << 4);
	g->lbaf = fmt;
	g->lba_shift = ns->lbaf[fmt].ds;
	g->lba_size = 1U << g->lba_shift;
	g->ms = le16toh(ns->lbaf[fmt].ms);
	g->extended = ns->flbas & NVME_NS_FLBAS_META_EXT;
	g->pi_type = ns->dps & NVME_NS_DPS_PI_MASK;
	g->pi_first = ns->dps & NVME_NS_DPS_PI_FIRST;
	g->nsze = le64toh(ns->nsze);
	g->ncap = le64toh(ns->ncap);
	/* MDTS counts in units of the minimum page size; Linux uses 4 KiB. */
	if (dev->id_ctrl.mdts && dev->id_ctrl.mdts < 20)
		mdts = 4096U << dev->id_ctrl.mdts;
	/* Passthrough is held to the hardware limits, not max_sectors_kb. */
	kmax = sysfs_queue_limit(dev, "max_hw_sectors_kb") * 1024;
	if (!mdts || (kmax && kmax < mdts))
		mdts = kmax;
	g->max_xfer = mdts;
	g->max_segments = sysfs_queue_limit(dev, "max_segments");
	g->page_size = sysconf(_SC_PAGESIZE);
}

/*
 * The guard and storage tag size of a PI format: the NVM command set's
 * Identify Namespace (CNS 05h) has them when the controller supports
 * extended LBA formats; without it every format is the 16-bit guard.
 */
static int read_pi_format(struct ngio_dev *dev)
{
	struct nvme_nvm_id_ns *id;
	struct ngio_geometry *g = &dev->geom;
	__u32 elbaf;
	int ret;

	if (!g->pi_type ||
	    !(le32toh(dev->id_ctrl.ctratt) & NVME_CTRL_CTRATT_ELBAS))
		return 0;
	id = aligned_alloc(4096, NVME_IDENTIFY_DATA_SIZE);
	if (!id)
		return -ENOMEM;
	/* A controller that will not say keeps the 16b guard: the namespace
	 * stays usable, as without extended LBA formats. */
	ret = dev_identify(dev, NVME_IDENTIFY_CNS_CSI_NS, g->nsid,
			   NVME_CSI_NVM, id, NVME_IDENTIFY_DATA_SIZE);
	if (!ret) {
		elbaf = le32toh(id->elbaf[g->lbaf]);
		g->sts = elbaf & NVME_NVM_ELBAF_STS_MASK;
		g->pi_format = (elbaf & NVME_NVM_ELBAF_PIF_MASK) >> 7;
	}
	free(id);
	/* -EACCES: a kernel that refuses it to this user; 16b, as above. */
	return ret < 0 && ret != -EINVAL && ret != -EOPNOTSUPP &&
	       ret != -EACCES ? ret : 0;
}

/* MOR and MAR are 0's based, all ones meaning no limit. */
static __u32 zone_resources(__le32 v)
{
	__u32 n = le32toh(v);

	return n == 0xffffffff ? 0 : n + 1;
}

/*
 * A zoned namespace's limits, from the ZNS identify structures.  On
 * failure the namespace stays usable for plain commands; it just has no
 * zone information (ngio_dev_zoned() NULL).
 */
static void read_zoned(struct ngio_dev *dev)
{
	union {
		struct nvme_zns_id_ns ns;
		struct nvme_zns_id_ctrl ctrl;
	} *id;
	struct ngio_geometry *g = &dev->geom;
	struct ngio_zoned *z = &dev->zone;
	__u32 zasl;

	id = aligned_alloc(4096, sizeof(*id));
	if (!id)
		return;
	if (dev_identify(dev, NVME_IDENTIFY_CNS_CSI_NS, g->nsid, NVME_CSI_ZNS,
			 &id->ns, sizeof(id->ns)))
		goto out;
	z->zone_size = le64toh(id->ns.lbafe[g->lbaf].zsze);
	if (!z->zone_size)
		goto out;
	/* All zones are the same size (nvme-cli divides the same way). */
	z->nr_zones = g->nsze / z->zone_size;
	z->max_open = zone_resources(id->ns.mor);
	z->max_active = zone_resources(id->ns.mar);
	z->zde_size = id->ns.lbafe[g->lbaf].zdes * 64U;
	z->variable_cap = le16toh(id->ns.zoc) & (1U << 0);
	z->zrwa = le16toh(id->ns.ozcs) & (1U << 1);
	if (z->zrwa) {
		z->zrwa_size = le16toh(id->ns.zrwasz);
		z->zrwa_flush = le16toh(id->ns.zrwafg);
		z->zrwa_explicit_flush = id->ns.zrwacap & (1U << 0);
	}

	if (dev_identify(dev, NVME_IDENTIFY_CNS_CSI_CTRL, 0, NVME_CSI_ZNS,
			 &id->ctrl, sizeof(id->ctrl)))
		goto out;
	/*
	 * ZASL is a power of two in minimum pages (4 KiB, as for MDTS), 0
	 * meaning MDTS; no command moves more than max_xfer either way.
	 */
	zasl = id->ctrl.zasl && id->ctrl.zasl < 20 ? 4096U << id->ctrl.zasl
						   : 0;
	if (!zasl || (g->max_xfer && g->max_xfer < zasl))
		zasl = g->max_xfer;
	z->zasl = zasl;
	dev->zoned = true;
out:
	if (!dev->zoned)
		memset(z, 0, sizeof(*z));
	free(id);
}

/* Open read-write, or read-only when only that is allowed. */
static int open_node(const char *path, bool *writable)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);

	if (fd < 0 && (errno == EACCES || errno == EPERM)) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd >= 0)
			*writable = false;
	}
	return fd < 0 ? -errno : fd;
}


/* The kernel's nodes of a resolved path, opened; the NSID from the node. */
static int open_nodes(struct ngio_dev *dev)
{
	int ret;

	if (dev->ng_path[0]) {
		ret = dev->fd = open_node(dev->ng_path, &dev->writable);
		if (ret < 0)
			return ret;
		ret = ioctl(dev->fd, NVME_IOCTL_ID);
		if (ret < 0)
			return -errno;
		dev->geom.nsid = ret;
	}
	ret = dev->ctrl_fd = open_node(dev->ctrl_path, &dev->writable);
	return ret < 0 ? ret : 0;
}

/*
 * "emu:SPEC": a new emulated controller (ngio-emu(7)).  Its "paths" are
 * the name itself for the namespace, and SPEC@0 for the controller.
 */
static int open_emu(struct ngio_dev *dev, const char *name)
{
	const char *spec = name + 4, *at;
	char err[160];
	__u32 nsid;
	int ret;

	ret = emu_open(spec, &dev->emu, &nsid, err, sizeof(err));
	if (ret)
		return ret;
	dev->geom.nsid = nsid;
	at = strrchr(spec, '@');
	if (nsid && set_path(dev->ng_path, sizeof(dev->ng_path), "%s", name))
		return -ENAMETOOLONG;
	if (set_path(dev->ctrl_path, sizeof(dev->ctrl_path), "%.*s@0",
		     (int)(at ? at - name : (long)strlen(name)), name))
		return -ENAMETOOLONG;
	return 0;
}

int ngio_emu_check(const char *name, char *why, size_t len)
{
	if (!name || strncmp(name, "emu:", 4)) {
		if (why && len)
			snprintf(why, len, "not an emu: name");
		return -EINVAL;
	}
	return emu_check(name + 4, why, len);
}

int ngio_dev_open(const char *path, unsigned flags, struct ngio_dev **devp)
{
	struct ngio_dev *dev;
	int ret;

	if (flags || !path || !devp)
		return -EINVAL;
	dev = calloc(1, sizeof(*dev));
	if (!dev)
		return -ENOMEM;
	dev->fd = -1;
	dev->ctrl_fd = -1;
	dev->writable = true;
	pthread_mutex_init(&dev->probe_lock, NULL);

	if (!strncmp(path, "emu:", 4)) {
		ret = open_emu(dev, path);
	} else {
		ret = sysfs_resolve(dev, path);
		if (!ret)
			ret = open_nodes(dev);
	}
	if (ret)
		goto fail;
	ret = dev_identify(dev, NVME_IDENTIFY_CNS_CTRL, 0, 0, &dev->id_ctrl,
			   sizeof(dev->id_ctrl));
	if (ret)
		goto fail;
	if (dev->geom.nsid) {
		ret = dev_identify(dev, NVME_IDENTIFY_CNS_NS, dev->geom.nsid,
				   0, &dev->id_ns, sizeof(dev->id_ns));
		if (ret)
			goto fail;
		fill_geometry(dev);
		ret = read_pi_format(dev);
		if (ret)
			goto fail;
		dev->geom.csi = ns_csi(dev);
		if (dev->geom.csi == NVME_CSI_ZNS)
			read_zoned(dev);
	}
	dev_probe_caps(dev);
	*devp = dev;
	return 0;
fail:
	ngio_dev_close(dev);
	return ret;
}

void ngio_dev_close(struct ngio_dev *dev)
{
	if (!dev)
		return;
	if (dev->sync_q)
		dev->sync_exit(dev->sync_q);
	if (dev->fd >= 0)
		close(dev->fd);
	if (dev->ctrl_fd >= 0)
		close(dev->ctrl_fd);
	if (dev->emu)
		emu_close(dev->emu);
	pthread_mutex_destroy(&dev->probe_lock);
	free(dev);
}

int ngio_dev_fd(const struct ngio_dev *dev)
{
	return dev->fd;
}

int ngio_dev_ctrl_fd(const struct ngio_dev *dev)
{
	return dev->ctrl_fd;
}

bool ngio_dev_is_ns(const struct ngio_dev *dev)
{
	return dev->geom.nsid != 0;
}

const struct ngio_geometry *ngio_dev_geometry(const struct ngio_dev *dev)
{
	return &dev->geom;
}

const char *ngio_dev_ng_path(const struct ngio_dev *dev)
{
	return dev->ng_path[0] ? dev->ng_path : NULL;
}

const char *ngio_dev_blk_path(const struct ngio_dev *dev)
{
	return dev->blk_path[0] ? dev->blk_path : NULL;
}

const char *ngio_dev_ctrl_path(const struct ngio_dev *dev)
{
	return dev->ctrl_path;
}

const struct nvme_id_ctrl *ngio_dev_id_ctrl(const struct ngio_dev *dev)
{
	return &dev->id_ctrl;
}

const struct nvme_id_ns *ngio_dev_id_ns(const struct ngio_dev *dev)
{
	return &dev->id_ns;
}

const struct ngio_zoned *ngio_dev_zoned(const struct ngio_dev *dev)
{
	return dev->zoned ? &dev->zone : NULL;
}
