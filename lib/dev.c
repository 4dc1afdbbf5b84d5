// SPDX-License-Identifier: MIT
/*
 * Devices: resolve whatever path the user gave to the namespace's generic
 * char device and its controller through sysfs, then identify both.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "internal.h"

/* Depth of a device's own queue for the synchronous helpers. */
#define SYNC_QUEUE_DEPTH	4

/* Where the kernel keeps sysfs for device number dev of kind ("char"
 * or "block"): the resolved directory, e.g. .../nvme/nvme0/ng0n1. */
static int sysfs_dir(const char *kind, dev_t rdev, char *out, size_t len)
{
	char link[64];

	snprintf(link, sizeof(link), "/sys/dev/%s/%u:%u", kind,
		 major(rdev), minor(rdev));
	if (!realpath(link, out))
		return -errno;
	return strlen(out) < len ? 0 : -ENAMETOOLONG;
}

/* snprintf that fails instead of truncating a path. */
static int __attribute__((format(printf, 3, 4)))
set_path(char *dst, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(dst, len, fmt, ap);
	va_end(ap);
	return n >= 0 && (size_t)n < len ? 0 : -ENAMETOOLONG;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* Accept "ng<i>n<j>" or "ng<i>c<k>n<j>" (with prefix "ng"), "nvme<i>"... */
static bool match_ns_name(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);
	unsigned a, b, c;
	char tail;

	if (strncmp(name, prefix, n))
		return false;
	name += n;
	if (sscanf(name, "%un%u%c", &a, &b, &tail) == 2)
		return true;
	return sscanf(name, "%uc%un%u%c", &a, &b, &c, &tail) == 3;
}

static bool match_ctrl_name(const char *name)
{
	unsigned a;
	char tail;

	return sscanf(name, "nvme%u%c", &a, &tail) == 1;
}

static int read_sysfs_str(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/*
 * The controller behind a namespace's sysfs directory: its parent is the
 * controller (.../nvme/nvme0/ng0n1), or for a multipath head the
 * subsystem, whose nvme<i> links name the controllers; take a live one.
 */
static int find_ctrl(const char *ns_dir, char *ctrl, size_t len)
{
	char parent[PATH_MAX], path[PATH_MAX + 64], state[32];
	const char *name;
	unsigned i;

	snprintf(parent, sizeof(parent), "%s", ns_dir);
	*strrchr(parent, '/') = '\0';
	name = base_name(parent);
	if (match_ctrl_name(name))
		return set_path(ctrl, len, "/dev/%s", name);
	/* Multipath: scan nvme0..nvme1023 under the subsystem directory. */
	for (i = 0; i < 1024; i++) {
		snprintf(path, sizeof(path), "%s/nvme%u/state", parent, i);
		if (read_sysfs_str(path, state, sizeof(state)))
			continue;
		if (!strcmp(state, "live"))
			return set_path(ctrl, len, "/dev/nvme%u", i);
	}
	return -ENODEV;
}

/* Fill the ng, block and controller paths for the node path names. */
static int resolve_path(struct ngio_dev *dev, const char *path)
{
	char dir[PATH_MAX], blk[sizeof(dev->blk_path)];
	const char *name;
	struct stat st;
	int ret;

	if (stat(path, &st))
		return -errno;
	if (S_ISBLK(st.st_mode)) {
		ret = sysfs_dir("block", st.st_rdev, dir, sizeof(dir));
		if (ret)
			return ret == -ENOENT ? -ENOTTY : ret;
		name = base_name(dir);
		if (!match_ns_name(name, "nvme"))
			return -ENOTTY;
		/* nvme0n1 and ng0n1 share the instance numbers. */
		ret = set_path(dev->ng_path, sizeof(dev->ng_path),
			       "/dev/ng%s", name + 4);
		if (ret)
			return ret;
		if (stat(dev->ng_path, &st))
			return -errno;
		if (!S_ISCHR(st.st_mode))
			return -ENOTTY;
	} else if (!S_ISCHR(st.st_mode)) {
		return -ENOTTY;
	}

	ret = sysfs_dir("char", st.st_rdev, dir, sizeof(dir));
	if (ret)
		return ret == -ENOENT ? -ENOTTY : ret;
	name = base_name(dir);
	if (match_ctrl_name(name)) {
		dev->ng_path[0] = '\0';
		return set_path(dev->ctrl_path, sizeof(dev->ctrl_path), "%s",
				path);
	}
	if (!match_ns_name(name, "ng"))
		return -ENOTTY;
	if (!dev->ng_path[0]) {
		ret = set_path(dev->ng_path, sizeof(dev->ng_path), "%s", path);
		if (ret)
			return ret;
	}
	ret = set_path(blk, sizeof(blk), "/dev/nvme%s", name + 2);
	if (!ret && !stat(blk, &st) && S_ISBLK(st.st_mode))
		strcpy(dev->blk_path, blk);
	return find_ctrl(dir, dev->ctrl_path, sizeof(dev->ctrl_path));
}

/*
 * The NSID of the ng node ng<x>n<y>, a child of sysfs directory dir (its
 * controller's or, for a multipath head, its subsystem's).  The ng node
 * has no nsid attribute, its block node nvme<x>n<y> has, or else the path
 * to a multipath head through controller c, nvme<x>c<c>n<y>; without
 * either (a format the block layer refuses) the node itself says.
 */
static int ng_nsid(const char *dir, unsigned x, unsigned y, unsigned c,
		   __u32 *nsid)
{
	char path[PATH_MAX + 64], val[16];
	int fd, ret;

	snprintf(path, sizeof(path), "%s/nvme%un%u/nsid", dir, x, y);
	if (read_sysfs_str(path, val, sizeof(val))) {
		snprintf(path, sizeof(path), "/sys/class/nvme/nvme%u/"
			 "nvme%uc%un%u/nsid", c, x, c, y);
		if (read_sysfs_str(path, val, sizeof(val)))
			val[0] = '\0';
	}
	if (val[0]) {
		*nsid = strtoul(val, NULL, 10);
		return 0;
	}
	snprintf(path, sizeof(path), "/dev/ng%un%u", x, y);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = ioctl(fd, NVME_IOCTL_ID);
	if (ret < 0)
		ret = -errno;
	close(fd);
	if (ret < 0)
		return ret;
	*nsid = ret;
	return 0;
}

/*
 * Look among the ng children of sysfs directory dir for NSID nsid of
 * controller c: 1 and its node in ng, or 0; *err keeps the first node
 * whose NSID could not be learned.
 */
static int find_ng(const char *dir, unsigned c, __u32 nsid, char *ng,
		   size_t len, int *err)
{
	struct dirent *e;
	unsigned x, y;
	__u32 id;
	char tail;
	DIR *d;
	int ret;

	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((e = readdir(d))) {
		if (sscanf(e->d_name, "ng%un%u%c", &x, &y, &tail) != 2)
			continue;
		ret = ng_nsid(dir, x, y, c, &id);
		if (ret) {
			if (!*err)
				*err = ret;
			continue;
		}
		if (id == nsid) {
			ret = set_path(ng, len, "/dev/%s", e->d_name);
			closedir(d);
			return ret ? ret : 1;
		}
	}
	closedir(d);
	return 0;
}

/*
 * "nvme<c>:<nsid>": the ng node is the controller's child in sysfs, or a
 * multipath head's, the child of a subsystem that has controller c.
 */
static int resolve_name(struct ngio_dev *dev, unsigned c, __u32 nsid)
{
	char dir[PATH_MAX], ng[64];
	struct stat st;
	struct dirent *e;
	int err = 0, ret;
	DIR *d;

	snprintf(dir, sizeof(dir), "/sys/class/nvme/nvme%u", c);
	if (stat(dir, &st))
		return errno == ENOENT ? -ENODEV : -errno;
	ret = find_ng(dir, c, nsid, ng, sizeof(ng), &err);
	d = ret ? NULL : opendir("/sys/class/nvme-subsystem");
	while (d && !ret && (e = readdir(d))) {
		/* A subsystem of controller c has a link nvme<c>. */
		if (e->d_name[0] == '.' ||
		    set_path(dir, sizeof(dir), "/sys/class/nvme-subsystem/%s/"
			     "nvme%u", e->d_name, c) ||
		    stat(dir, &st))
			continue;
		*strrchr(dir, '/') = '\0';
		ret = find_ng(dir, c, nsid, ng, sizeof(ng), &err);
	}
	if (d)
		closedir(d);
	if (ret < 0)
		return ret;
	if (!ret)
		return err ? err : -ENOENT;
	/* A multipath head's controller is the one named, not whichever
	 * live one find_ctrl() takes (-ENODEV: none is live). */
	ret = resolve_path(dev, ng);
	if (ret && ret != -ENODEV)
		return ret;
	return set_path(dev->ctrl_path, sizeof(dev->ctrl_path), "/dev/nvme%u",
			c);
}

/* Fill the ng, block and controller paths for whatever path names. */
static int resolve(struct ngio_dev *dev, const char *path)
{
	struct stat st;
	__u32 nsid;
	unsigned c;
	int ret;

	ret = ngio_dev_parse_name(path, &c, &nsid);
	if (ret > 0)
		return resolve_name(dev, c, nsid);
	/* A malformed name, unless a file happens to be called that. */
	if (ret < 0 && stat(path, &st))
		return ret;
	return resolve_path(dev, path);
}

/* A queue limit of the namespace from sysfs, 0 when unknown. */
static __u32 queue_limit(const struct ngio_dev *dev, const char *attr)
{
	char path[128], val[32];

	if (!dev->blk_path[0])
		return 0;
	if (set_path(path, sizeof(path), "/sys/block/%s/queue/%s",
		     base_name(dev->blk_path), attr) ||
	    read_sysfs_str(path, val, sizeof(val)))
		return 0;
	return (__u32)strtoul(val, NULL, 10);
}

static __u8 ns_csi(struct ngio_dev *dev)
{
	__u8 buf[NVME_IDENTIFY_DATA_SIZE] __attribute__((aligned(4096)));
	unsigned off = 0;
	int ret;

	ret = ngio_identify(dev, NVME_IDENTIFY_CNS_NS_DESC_LIST, dev->geom.nsid,
			    0, buf, sizeof(buf));
	/*
	 * Without CAP_SYS_ADMIN Linux 6.2+ refuses the list (-EACCES) but
	 * lets CNS 05h through: a namespace with ZNS identify data is zoned.
	 * Another command set than NVM or ZNS then reads as NVM.
	 */
	if (ret == -EACCES)
		return ngio_identify(dev, NVME_IDENTIFY_CNS_CSI_NS,
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
	kmax = queue_limit(dev, "max_hw_sectors_kb") * 1024;
	if (!mdts || (kmax && kmax < mdts))
		mdts = kmax;
	g->max_xfer = mdts;
	g->max_segments = queue_limit(dev, "max_segments");
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
	ret = ngio_identify(dev, NVME_IDENTIFY_CNS_CSI_NS, g->nsid,
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
	if (ngio_identify(dev, NVME_IDENTIFY_CNS_CSI_NS, g->nsid, NVME_CSI_ZNS,
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

	if (ngio_identify(dev, NVME_IDENTIFY_CNS_CSI_CTRL, 0, NVME_CSI_ZNS,
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

/*
 * The device's own queue for the synchronous helpers, on engine; built
 * before the old one goes, so a failure changes nothing.
 */
static int sync_queue(struct ngio_dev *dev, enum ngio_engine engine)
{
	struct ngio_queue_params p = { .depth = SYNC_QUEUE_DEPTH,
				       .engine = engine };
	struct ngio_queue *q;
	struct ngio_qdev *qd;
	int ret;

	ret = ngio_queue_init_params(&q, &p);
	if (ret)
		return ret;
	ret = ngio_queue_add_dev(q, dev, &qd);
	if (ret) {
		ngio_queue_exit(q);
		return ret;
	}
	ngio_queue_exit(dev->sync_q);
	dev->sync_q = q;
	dev->sync_qd = qd;
	return 0;
}

int ngio_dev_set_engine(struct ngio_dev *dev, enum ngio_engine engine)
{
	if ((unsigned)engine > NGIO_ENGINE_BLOCK)
		return -EINVAL;
	return sync_queue(dev, engine);
}

enum ngio_engine ngio_dev_engine(const struct ngio_dev *dev)
{
	return ngio_queue_engine(dev->sync_q);
}

static void set_cap(struct ngio_dev *dev, enum ngio_cap cap, bool has,
		    const char *why)
{
	dev->caps[cap] = has;
	dev->why[cap] = has ? NULL : why;
}

static bool kernel_at_least(unsigned major, unsigned minor)
{
	struct utsname u;
	unsigned a = 0, b = 0;

	if (uname(&u) || sscanf(u.release, "%u.%u", &a, &b) != 2)
		return false;
	return a > major || (a == major && b >= minor);
}

/*
 * Registered buffers, tried for real:
 * identify the controller into a registered buffer and compare.
 */
static void probe_fixed(struct ngio_dev *dev)
{
	struct ngio_queue *q = dev->sync_q;
	struct nvme_uring_cmd cmd;
	struct ngio_cqe cqe;
	void *buf;
	int idx, ret;

	set_cap(dev, NGIO_CAP_FIXED_BUFS, false,
		"no io_uring passthrough to use them with");
	set_cap(dev, NGIO_CAP_VEC_FIXED, false,
		"no io_uring passthrough to use them with");
	if (!dev->caps[NGIO_CAP_URING_CMD])
		return;
	idx = ngio_buf_alloc(q, 4096, &buf);
	if (idx < 0) {
		set_cap(dev, NGIO_CAP_FIXED_BUFS, false, "the kernel cannot "
			"register buffers (needs Linux 5.19)");
		dev->why[NGIO_CAP_VEC_FIXED] = dev->why[NGIO_CAP_FIXED_BUFS];
		return;
	}
	ngio_cmd_identify(&cmd, NVME_IDENTIFY_CNS_CTRL, 0, 0, 0, buf, 4096);
	ret = ngio_queue_cmd(dev->sync_qd, &cmd, NGIO_CMD_ADMIN, idx, 0);
	if (!ret)
		ret = ngio_queue_reap(q, &cqe, 1, 1);
	if (ret == 1 && !cqe.res && !memcmp(buf, &dev->id_ctrl, 4096))
		set_cap(dev, NGIO_CAP_FIXED_BUFS, true, NULL);
	else
		dev->why[NGIO_CAP_FIXED_BUFS] = "the kernel lacks "
			"IORING_URING_CMD_FIXED for NVMe (needs Linux 6.1)";

	/*
	 * Not probed by trying: 6.1 WARNs on vectored + fixed and leaks the
	 * request's tag, so a few tries starve the admin queue for good.
	 */
	if (dev->caps[NGIO_CAP_FIXED_BUFS] && kernel_at_least(6, 16))
		set_cap(dev, NGIO_CAP_VEC_FIXED, true, NULL);
	else
		set_cap(dev, NGIO_CAP_VEC_FIXED, false, "the kernel cannot "
			"combine vectored passthrough with registered buffers "
			"(needs Linux 6.16)");
	ngio_buf_unregister(q, idx);
}

static void probe_caps(struct ngio_dev *dev)
{
	static const struct {
		enum ngio_cap cap;
		unsigned bit;
		const char *why;
	} oncs[] = {
		{ NGIO_CAP_COMPARE, 0, "the controller has no Compare" },
		{ NGIO_CAP_WRITE_UNCOR, 1,
		  "the controller has no Write Uncorrectable" },
		{ NGIO_CAP_DSM, 2, "the controller has no Dataset Management" },
		{ NGIO_CAP_WRITE_ZEROES, 3, "the controller has no Write Zeroes" },
		{ NGIO_CAP_VERIFY, 7, "the controller has no Verify" },
		{ NGIO_CAP_COPY, 8, "the controller has no Copy" },
	};
	__u16 bits = le16toh(dev->id_ctrl.oncs);
	bool blk;

	set_cap(dev, NGIO_CAP_URING_CMD, dev->caps[NGIO_CAP_URING_CMD],
		"the kernel has no io_uring NVMe passthrough (needs Linux "
		"5.19), or io_uring is disabled");
	set_cap(dev, NGIO_CAP_WRITE, dev->writable,
		"opened read-only: no write permission on the device node");
	if (!dev->blk_path[0])
		set_cap(dev, NGIO_CAP_IOPOLL, false,
			"no block node to learn whether poll queues exist");
	else
		set_cap(dev, NGIO_CAP_IOPOLL, queue_limit(dev, "io_poll") == 1,
			"no poll queues: load nvme with poll_queues=N");
	for (size_t i = 0; i < sizeof(oncs) / sizeof(oncs[0]); i++)
		set_cap(dev, oncs[i].cap, bits & (1U << oncs[i].bit),
			oncs[i].why);
	probe_fixed(dev);
	/*
	 * Not probed by trying, it crashes: before Linux 6.5 a polled
	 * passthrough command's poll cookie is its bio, which completion
	 * frees; a command without data (zone management) completes through
	 * task work whose pointer shares that storage, and bio_poll() then
	 * follows garbage.  6.5 ("nvme: improved uring polling") polls the
	 * request instead.
	 */
	if (dev->caps[NGIO_CAP_IOPOLL] && kernel_at_least(6, 5))
		set_cap(dev, NGIO_CAP_POLL_ZONE, true, NULL);
	else
		set_cap(dev, NGIO_CAP_POLL_ZONE, false,
			dev->caps[NGIO_CAP_IOPOLL] ? "Linux before 6.5 can "
			"crash polling zone commands: use an interrupt-driven "
			"queue" : dev->why[NGIO_CAP_IOPOLL]);
	set_cap(dev, NGIO_CAP_UNPRIV, kernel_at_least(6, 2),
		"passthrough needs CAP_SYS_ADMIN before Linux 6.2");
	/*
	 * Judged by version: the flag came in 6.13, but a hybrid-polled
	 * passthrough command could hang until 6.15 (63166b815dc1, "fix
	 * hybrid polling initialization issue"); ngio_queue_init_params() refuses or
	 * drops the flag on kernels that do not know it.
	 */
	set_cap(dev, NGIO_CAP_HYBRID_IOPOLL,
		dev->caps[NGIO_CAP_IOPOLL] && kernel_at_least(6, 15),
		dev->caps[NGIO_CAP_IOPOLL] ? "hybrid polling of passthrough "
		"needs Linux 6.15 (6.13 and 6.14 can hang)" :
		dev->why[NGIO_CAP_IOPOLL]);
	set_cap(dev, NGIO_CAP_ADMIN_IOPOLL, kernel_at_least(7, 1),
		"before Linux 7.1 the controller node cannot take commands "
		"from an IOPOLL ring: use an interrupt-driven queue");
	blk = dev->blk_path[0];
	set_cap(dev, NGIO_CAP_BLOCK_DISCARD, blk && kernel_at_least(6, 12),
		!blk ? "no block node for the block engine" :
		"the block engine's discard (BLOCK_URING_CMD_DISCARD) needs "
		"Linux 6.12");
	set_cap(dev, NGIO_CAP_BLOCK_PI, blk && dev->geom.pi_type &&
		kernel_at_least(6, 14),
		!blk ? "no block node for the block engine" :
		!dev->geom.pi_type ? "the namespace's format has no protection "
		"information" : "PI on the block engine (io_uring PI "
		"attributes) needs Linux 6.14");
}

bool ngio_dev_has(const struct ngio_dev *dev, enum ngio_cap cap,
		  const char **why)
{
	if ((unsigned)cap >= NGIO_CAP_NR) {
		if (why)
			*why = "unknown capability";
		return false;
	}
	if (why)
		*why = dev->why[cap];
	return dev->caps[cap];
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

	ret = resolve(dev, path);
	if (ret)
		goto fail;
	if (dev->ng_path[0]) {
		ret = dev->fd = open_node(dev->ng_path, &dev->writable);
		if (ret < 0)
			goto fail;
		ret = ioctl(dev->fd, NVME_IOCTL_ID);
		if (ret < 0) {
			ret = -errno;
			goto fail;
		}
		dev->geom.nsid = ret;
	}
	ret = dev->ctrl_fd = open_node(dev->ctrl_path, &dev->writable);
	if (ret < 0)
		goto fail;

	/* Until identify says otherwise: add_dev checks it for pt. */
	dev->caps[NGIO_CAP_URING_CMD] = true;
	ret = sync_queue(dev, NGIO_ENGINE_AUTO);
	if (ret)
		goto fail;
	dev->caps[NGIO_CAP_URING_CMD] =
		ngio_queue_engine(dev->sync_q) == NGIO_ENGINE_PT;
	ret = ngio_identify(dev, NVME_IDENTIFY_CNS_CTRL, 0, 0, &dev->id_ctrl,
			    sizeof(dev->id_ctrl));
	if ((ret == -EOPNOTSUPP || ret == -EINVAL) &&
	    dev->caps[NGIO_CAP_URING_CMD]) {
		/* A kernel with io_uring but no NVMe uring_cmd (< 5.19). */
		dev->caps[NGIO_CAP_URING_CMD] = false;
		ret = sync_queue(dev, NGIO_ENGINE_IOCTL);
		if (!ret)
			ret = ngio_identify(dev, NVME_IDENTIFY_CNS_CTRL, 0, 0,
					    &dev->id_ctrl,
					    sizeof(dev->id_ctrl));
	}
	if (ret)
		goto fail;
	if (dev->geom.nsid) {
		ret = ngio_identify(dev, NVME_IDENTIFY_CNS_NS, dev->geom.nsid,
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
	probe_caps(dev);
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
	ngio_queue_exit(dev->sync_q);
	if (dev->fd >= 0)
		close(dev->fd);
	if (dev->ctrl_fd >= 0)
		close(dev->ctrl_fd);
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
	return dev->fd >= 0;
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
