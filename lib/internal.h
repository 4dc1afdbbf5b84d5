/* SPDX-License-Identifier: MIT */
#ifndef NGIO_INTERNAL_H
#define NGIO_INTERNAL_H

#include <limits.h>
#include <pthread.h>
#include <string.h>

#include "ngio.h"

#define NGIO_MAX_QDEVS	64

struct ngio_qdev {
	struct ngio_queue *q;
	struct ngio_dev *dev;
	const struct ngio_geometry *g;
	int fd;			/* ng node: fd, or fixed-file index */
	int ctrl_fd;		/* controller: likewise */
	__u8 sqe_flags;		/* IOSQE_FIXED_FILE when registered */
	int blk_fd;		/* block engine: the O_DIRECT block node */
};

struct ngio_buf {
	void *base;
	size_t len;
	bool owned;		/* allocated by ngio_buf_alloc() */
	bool used;
};

struct ngio_queue {
	const struct ngio_engine_ops *ops;
	struct io_uring ring;	/* the ring engines' (pt, block) */
	enum ngio_engine engine;
	unsigned depth;
	unsigned inflight;	/* queued or submitted, not yet reaped */
	unsigned flags;		/* NGIO_Q_* granted */
	bool files;		/* a sparse file table is registered */
	struct ngio_queue_stats st;
	unsigned nr_files;
	unsigned nr_qdevs;
	struct ngio_qdev *qdevs[NGIO_MAX_QDEVS];
	struct ngio_buf *buf_tab;	/* NGIO_MAX_BUFS entries, lazily */
	void *priv;		/* the engine's own state */
};

struct emu_ctrl;

struct ngio_dev {
	int fd;			/* ng node, -1 for a controller */
	int ctrl_fd;
	bool writable;
	struct emu_ctrl *emu;	/* an emulated device: no nodes, no fds */
	/* The synchronous helpers' queue (sync.c), built on first use on
	 * the engine ngio_dev_set_engine() chose, and how to free it (so
	 * dev.c needs no queue). */
	struct ngio_queue *sync_q;
	struct ngio_qdev *sync_qd;
	void (*sync_exit)(struct ngio_queue *q);
	struct ngio_geometry geom;
	bool caps[NGIO_CAP_NR];
	const char *why[NGIO_CAP_NR];
	/* The ring probe (URING_CMD, FIXED_BUFS, VEC_FIXED) runs when one
	 * of them is first asked for, not at open (caps.c). */
	bool ring_probed;
	pthread_mutex_t probe_lock;
	char ng_path[PATH_MAX];
	char blk_path[PATH_MAX];
	char ctrl_path[PATH_MAX];
	struct nvme_id_ctrl id_ctrl;
	struct nvme_id_ns id_ns;
	bool zoned;		/* zone limits below were read */
	struct ngio_zoned zone;
};

/*
 * The read/write encoding, CDW12 fields, metadata and PI rules of the NVM
 * command set: lib/nvm.h (field encodings in lib/fields.h).
 */
#include "nvm.h"

/* Run cmd through ioctl (ioctl.c): 0, -errno or NVMe status, result in
 * *result. */
int ioctl_run(int fd, bool admin, bool vec, const struct nvme_uring_cmd *cmd,
	      __u64 *result);

/* sysfs.c: resolve path into dev's ng, block and controller paths; a
 * queue limit of the namespace's block node (0 when unknown); snprintf
 * into dst, -ENAMETOOLONG when it does not fit. */
int sysfs_resolve(struct ngio_dev *dev, const char *path);
__u32 sysfs_queue_limit(const struct ngio_dev *dev, const char *attr);
int __attribute__((format(printf, 3, 4)))
set_path(char *dst, size_t len, const char *fmt, ...);

/* caps.c: fill dev->caps and the reasons, once identified. */
void dev_probe_caps(struct ngio_dev *dev);

/*
 * What ngio_why_denied() judges by (perm.c), apart so that the rules can
 * be tested without a device: the running kernel, the caller's
 * CAP_SYS_ADMIN, whether the ng node is open for writing, whether the
 * controller has a Commands Supported and Effects log (LPA bit 1) and,
 * when known, its I/O effects (256 entries of the namespace's command
 * set; NULL when unknown, as it is to an unprivileged caller).
 */
struct perm_facts {
	unsigned major, minor;
	bool sys_admin;
	bool writable;
	bool effects_log;
	const __le32 *effects;
	__u8 csi;
	bool fabrics;		/* the controller is on a fabric, not PCIe */
};

/* The sentence for cmd under f, written into buf (or static), or NULL
 * when the rules let it through. */
const char *perm_why(const struct perm_facts *f,
		     const struct nvme_uring_cmd *cmd, bool admin, char *buf,
		     size_t len);

#endif
