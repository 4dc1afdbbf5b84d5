/* SPDX-License-Identifier: MIT */
#ifndef NGIO_INTERNAL_H
#define NGIO_INTERNAL_H

#include <limits.h>
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

/*
 * The io_uring PI attribute of a read or write (Linux 6.14,
 * <linux/io_uring.h>'s struct io_uring_attr_pi, which liburing 2.3 and
 * Debian 12's headers lack): sqe->attr_ptr points at it, and the kernel
 * copies it when it prepares the request.
 */
struct blk_attr_pi {
	__u16 flags;		/* IO_INTEGRITY_CHK_* */
	__u16 app_tag;
	__u32 len;		/* metadata bytes at addr */
	__u64 addr;
	__u64 seed;		/* first block's reference tag */
	__u64 rsvd;
};

/*
 * Block engine: one slot a command, however many requests it takes (a
 * dataset management command is a discard per range).  Each request's
 * completion carries the slot; the command completes with the last.
 */
struct blk_slot {
	__u64 user_data;
	__u32 len;		/* bytes each request must move */
	__u32 next_free;
	__u32 parts;		/* requests still in flight */
	__s32 res;		/* the first error among them */
	struct blk_attr_pi pi;	/* read while submitting: lives here */
};

struct ngio_buf {
	void *base;
	size_t len;
	bool owned;		/* allocated by ngio_buf_alloc() */
	bool used;
};

struct ngio_queue {
	struct io_uring ring;	/* unused by the ioctl engine */
	enum ngio_engine engine;
	unsigned depth;
	unsigned inflight;	/* queued or submitted, not yet reaped */
	unsigned flags;		/* NGIO_Q_* granted */
	bool files;		/* a sparse file table is registered */
	struct ngio_queue_stats st;
	bool bufs;		/* a sparse buffer table is registered */
	unsigned nr_files;
	unsigned nr_qdevs;
	struct ngio_qdev *qdevs[NGIO_MAX_QDEVS];
	struct ngio_buf *buf_tab;	/* NGIO_MAX_BUFS entries, lazily */

	/* ioctl engine: completions not yet reaped, and not yet "submitted" */
	struct ngio_cqe *done;
	unsigned done_head, done_tail, unsubmitted;

	/* block engine */
	struct blk_slot *slots;
	__u32 free_slot;
};

struct ngio_dev {
	int fd;			/* ng node, -1 for a controller */
	int ctrl_fd;
	bool writable;
	struct ngio_queue *sync_q;	/* for the synchronous helpers */
	struct ngio_qdev *sync_qd;
	struct ngio_geometry geom;
	bool caps[NGIO_CAP_NR];
	const char *why[NGIO_CAP_NR];
	char ng_path[PATH_MAX];
	char blk_path[PATH_MAX];
	char ctrl_path[PATH_MAX];
	struct nvme_id_ctrl id_ctrl;
	struct nvme_id_ns id_ns;
	bool zoned;		/* zone limits below were read */
	struct ngio_zoned zone;
};

/*
 * Read, write and compare, split so the queue can build straight into an
 * SQE: rw_check() validates and returns CDW12, rw_encode() writes the
 * command (the only place these three are encoded).
 */
int rw_check(const struct ngio_geometry *g, const void *buf, __u32 len,
	     unsigned flags, __u32 *cdw12);

/* CDW12 of the LBA-range commands: PRINFO is bits 29:26, PRACT its top. */
#define CDW12_PRACT	(1U << 29)
#define CDW12_PRCHK_SHIFT	26
#define CDW12_PRCHK	(7U << CDW12_PRCHK_SHIFT)

/* ngio_pract_strips() of a command already built (its CDW12). */
static inline bool pi_strip(const struct ngio_geometry *g, __u32 cdw12)
{
	return ngio_pract_strips(g, cdw12 & CDW12_PRACT ? NGIO_RW_PRACT : 0);
}

/* ILBRT in CDW14; with the 64b guard the 48-bit EILBRT, 47:32 in CDW3. */
static inline void set_reftag(struct nvme_uring_cmd *cmd,
			      const struct ngio_geometry *g, __u64 ref)
{
	cmd->cdw14 = (__u32)ref;
	cmd->cdw3 = g->pi_format == NGIO_PI_GUARD64 ? (__u32)(ref >> 32) : 0;
}

/*
 * PRACT without ngio_cmd_pi(): types 1 and 2 count the reference tags the
 * controller writes from the LBA (as Linux's block path checks them),
 * not from 0.  ngio_cmd_pi() replaces it.
 */
static inline void pi_seed(struct nvme_uring_cmd *cmd,
			   const struct ngio_geometry *g, __u64 slba)
{
	if (cmd->cdw12 & CDW12_PRACT && g->pi_type != NVME_NS_DPS_PI_TYPE3)
		set_reftag(cmd, g, ngio_pi_reftag(g, slba));
}

static inline void rw_encode(struct nvme_uring_cmd *cmd, __u8 opcode,
			     const struct ngio_geometry *g, __u64 slba,
			     const void *buf, __u32 len, __u32 cdw12)
{
	memset(cmd, 0, sizeof(*cmd));
	cmd->opcode = opcode;
	cmd->nsid = g->nsid;
	cmd->addr = (__u64)(uintptr_t)buf;
	cmd->data_len = len;
	cmd->cdw10 = (__u32)slba;
	cmd->cdw11 = (__u32)(slba >> 32);
	cmd->cdw12 = cdw12;
	pi_seed(cmd, g, slba);
}

/*
 * The metadata buffer of a read, write, compare or zone append, against
 * g's format.  Separate metadata must have a buffer covering every block
 * (unless PRACT strips it): without one the controller would move
 * metadata at bus address 0, and Linux 6.1 checks neither that nor the
 * length (a short buffer on a read is overrun in the kernel).  Any other
 * format must have none: Linux 6.1 refuses it, leaking the request.
 * -EINVAL, or 0 when the command may go.
 */
static inline int md_check(const struct ngio_geometry *g, __u8 opcode,
			   __u32 cdw12, __u64 metadata, __u32 metadata_len)
{
	if (opcode != nvme_cmd_read && opcode != nvme_cmd_write &&
	    opcode != nvme_cmd_compare && opcode != nvme_zns_cmd_append)
		return 0;
	if (!g->ms || g->extended || pi_strip(g, cdw12))
		return metadata || metadata_len ? -EINVAL : 0;
	if (!metadata || metadata_len < ((cdw12 & 0xffff) + 1) * g->ms)
		return -EINVAL;
	return 0;
}

/*
 * Any command, admin or I/O, built here or by hand: a metadata buffer
 * only with data, both its address and length, on a namespace keeping
 * metadata apart.  Linux 6.1 refuses the rest and leaks the request (or,
 * without data, copies from NULL on completion); then md_check() for the
 * commands whose metadata ngio knows the size of.
 */
static inline int md_check_cmd(const struct ngio_geometry *g, bool admin,
			       const struct nvme_uring_cmd *cmd)
{
	if (cmd->metadata || cmd->metadata_len) {
		if (!cmd->metadata || !cmd->metadata_len || admin ||
		    !cmd->addr || !cmd->data_len || !g->ms || g->extended)
			return -EINVAL;
	}
	if (admin)
		return 0;
	return md_check(g, cmd->opcode, cmd->cdw12, cmd->metadata,
			cmd->metadata_len);
}

/* Engines other than pt (queue.c calls them). */
int ioctl_cmd(struct ngio_qdev *qd, const struct nvme_uring_cmd *cmd,
	      unsigned cmd_flags, __u64 user_data);
int block_cmd(struct ngio_qdev *qd, const struct nvme_uring_cmd *cmd,
	      unsigned cmd_flags, int buf_index, __u64 user_data);
/* 1 when *out is the command's completion, 0 when cqe was one part of a
 * command still in flight (copy_cqes() then hands nothing out). */
int block_complete(struct ngio_queue *q, const struct io_uring_cqe *cqe,
		   struct ngio_cqe *out);
int block_init(struct ngio_queue *q);

/* Run cmd through ioctl: 0, -errno or NVMe status, result in *result. */
int ioctl_run(int fd, bool admin, bool vec, const struct nvme_uring_cmd *cmd,
	      __u64 *result);

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
