// SPDX-License-Identifier: MIT
/*
 * From whatever the user names (an ng node, a block node, a controller,
 * nvmeC:NSID, a /dev/disk/by-id link) to the namespace's generic char
 * device, block node and controller, through sysfs.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "internal.h"

/*
 * dir joined with the relative path rel, "." and ".." taken out as
 * text: out (len bytes) is absolute and clean.  sysfs links point into
 * /sys/devices, whose directories are real: this is realpath() without
 * a readlink() per component.
 */
static int path_join(const char *dir, const char *rel, char *out, size_t len)
{
	size_t n = strlen(dir);
	const char *p = rel, *e;

	if (n >= len)
		return -ENAMETOOLONG;
	memcpy(out, dir, n + 1);
	for (; *p; p = *e ? e + 1 : e) {
		size_t k;

		e = strchrnul(p, '/');
		k = e - p;
		if (!k || (k == 1 && p[0] == '.'))
			continue;
		if (k == 2 && p[0] == '.' && p[1] == '.') {
			while (n > 1 && out[n - 1] != '/')
				n--;
			n -= n > 1;
			out[n] = '\0';
			continue;
		}
		if (n + 1 + k >= len)
			return -ENAMETOOLONG;
		if (n > 1)
			out[n++] = '/';
		memcpy(out + n, p, k);
		n += k;
		out[n] = '\0';
	}
	return 0;
}

/* Where the kernel keeps sysfs for device number dev of kind ("char"
 * or "block"): the resolved directory, e.g. .../nvme/nvme0/ng0n1. */
static int sysfs_dir(const char *kind, dev_t rdev, char *out, size_t len)
{
	char link[64], rel[PATH_MAX], dir[32];
	ssize_t n;

	snprintf(link, sizeof(link), "/sys/dev/%s/%u:%u", kind,
		 major(rdev), minor(rdev));
	n = readlink(link, rel, sizeof(rel) - 1);
	if (n < 0)
		return -errno;
	if (n >= (ssize_t)sizeof(rel) - 1)
		return -ENAMETOOLONG;
	rel[n] = '\0';
	/* The link is relative to its directory (../../devices/...). */
	snprintf(dir, sizeof(dir), "%s", rel[0] == '/' ? "/" : "/sys/dev/");
	if (rel[0] != '/')
		strncat(dir, kind, sizeof(dir) - strlen(dir) - 1);
	return path_join(dir, rel, out, len);
}

/* snprintf that fails instead of truncating a path. */
int __attribute__((format(printf, 3, 4)))
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
int sysfs_resolve(struct ngio_dev *dev, const char *path)
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
__u32 sysfs_queue_limit(const struct ngio_dev *dev, const char *attr)
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
