// SPDX-License-Identifier: MIT
/*
 * The block engine: io_uring read/write with O_DIRECT on the namespace's
 * block node, for comparing passthrough with the block layer.  Besides
 * moving data it carries what the block layer can express of two more
 * things, where the kernel has them:
 *
 *  - Dataset Management with only Deallocate: a discard per range,
 *    BLOCK_URING_CMD_DISCARD (Linux 6.12, NGIO_CAP_BLOCK_DISCARD);
 *  - separate metadata with protection information on reads and writes:
 *    io_uring's PI attribute (Linux 6.14, NGIO_CAP_BLOCK_PI).
 *
 * Every other command, and what those two cannot say, is refused
 * (-EOPNOTSUPP) before anything is sent.
 */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "ring.h"

#define NO_SLOT	UINT32_MAX

/*
 * What liburing 2.3 and Debian 12's <linux/...> headers lack.
 * <linux/blkdev.h> (6.12): the block device's io_uring commands, in a
 * number space of their own; a discard takes the start byte in sqe->addr
 * and the length in bytes in sqe->addr3, both logical block aligned, on
 * a descriptor open for writing.
 */
#ifndef BLOCK_URING_CMD_DISCARD
#define BLOCK_URING_CMD_DISCARD		_IO(0x12, 0)
#endif
/* <linux/io_uring.h> (6.14): sqe->attr_type_mask, over __pad2[0]; the
 * attribute's address, sqe->attr_ptr, is where addr3 is. */
#ifndef IORING_RW_ATTR_FLAG_PI
#define IORING_RW_ATTR_FLAG_PI		(1U << 0)
#endif
/* <linux/fs.h> (6.14): the fields the controller is to check. */
#ifndef IO_INTEGRITY_CHK_GUARD
#define IO_INTEGRITY_CHK_GUARD		(1U << 0)
#define IO_INTEGRITY_CHK_REFTAG		(1U << 1)
#define IO_INTEGRITY_CHK_APPTAG		(1U << 2)
#endif

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
 * One slot a command, however many requests it takes (a dataset
 * management command is a discard per range).  Each request's completion
 * carries the slot; the command completes with the last.
 */
struct blk_slot {
	__u64 user_data;
	__u32 len;		/* bytes each request must move */
	__u32 next_free;
	__u32 parts;		/* requests still in flight */
	__s32 res;		/* the first error among them */
	struct blk_attr_pi pi;	/* read while submitting: lives here */
};

struct block_state {
	struct blk_slot *slots;	/* depth of them */
	__u32 free_slot;
};

static inline struct block_state *bstate(const struct ngio_queue *q)
{
	return q->priv;
}

static int block_init(struct ngio_queue *q, const struct ngio_queue_params *p)
{
	struct block_state *b;
	int ret;

	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	b->slots = calloc(q->depth, sizeof(*b->slots));
	if (!b->slots) {
		free(b);
		return -ENOMEM;
	}
	for (unsigned i = 0; i < q->depth; i++)
		b->slots[i].next_free = i + 1 < q->depth ? i + 1 : NO_SLOT;
	b->free_slot = 0;
	ret = ring_init(q, p);
	if (ret) {
		free(b->slots);
		free(b);
		return ret;
	}
	q->priv = b;
	return 0;
}

static void block_exit(struct ngio_queue *q)
{
	ring_exit(q);
	free(bstate(q)->slots);
	free(bstate(q));
}

static int block_add_dev(struct ngio_qdev *qd)
{
	struct ngio_dev *dev = qd->dev;

	if (dev->emu || !dev->blk_path[0])
		return -EOPNOTSUPP;
	if (qd->q->flags & NGIO_Q_IOPOLL && ngio_dev_is_ns(dev) &&
	    !ngio_dev_has(dev, NGIO_CAP_IOPOLL, NULL))
		return -EOPNOTSUPP;
	qd->blk_fd = open(dev->blk_path, (dev->writable ? O_RDWR :
			  O_RDONLY) | O_DIRECT | O_CLOEXEC);
	if (qd->blk_fd < 0)
		return -errno;
	qd->fd = ring_add_file(qd->q, qd->blk_fd, &qd->sqe_flags);
	qd->ctrl_fd = -1;
	return 0;
}

static void block_del_dev(struct ngio_qdev *qd)
{
	if (qd->blk_fd >= 0)
		close(qd->blk_fd);
}

static struct blk_slot *slot_get(struct ngio_queue *q, __u64 user_data,
				 __u32 len, __u32 parts, __u32 *index)
{
	struct block_state *b = bstate(q);
	struct blk_slot *s = &b->slots[b->free_slot];

	*index = b->free_slot;
	b->free_slot = s->next_free;
	s->user_data = user_data;
	s->len = len;
	s->parts = parts;
	s->res = 0;
	return s;
}

static void slot_put(struct ngio_queue *q, __u32 i)
{
	struct block_state *b = bstate(q);

	b->slots[i].next_free = b->free_slot;
	b->free_slot = i;
}

/*
 * An SQE, making room when the ring has none: what is queued goes to the
 * kernel (with SQPOLL, once its thread has taken some).  Only a command
 * of more requests than the ring has entries gets here.  NULL and *err
 * when the kernel refuses.
 */
static struct io_uring_sqe *blk_sqe(struct ngio_queue *q, int *err)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&q->ring);
	unsigned n;
	int ret;

	while (!sqe) {
		n = q->ring.sq.sqe_tail - q->ring.sq.sqe_head;
		ret = io_uring_submit(&q->ring);
		if (ret >= 0) {
			q->st.submitted += n;
			q->st.enters++;
			if (q->flags & NGIO_Q_SQPOLL)
				ret = io_uring_sqring_wait(&q->ring);
		}
		if (ret < 0) {
			*err = ret;
			return NULL;
		}
		sqe = io_uring_get_sqe(&q->ring);
	}
	return sqe;
}

/*
 * Dataset Management, Deallocate only: a discard of each range, the
 * command complete when the last is (its first error, if any).  Hints
 * (the integral read and write attributes, a range's context attributes)
 * have no block-layer form, nor has a DSM without Deallocate; a range
 * outside the namespace is refused whole (-ERANGE), as the controller
 * refuses the command.
 */
static int block_dsm(struct ngio_qdev *qd, const struct nvme_uring_cmd *cmd,
		     __u64 user_data)
{
	const struct nvme_dsm_range *r =
		(const struct nvme_dsm_range *)(uintptr_t)cmd->addr;
	const struct ngio_geometry *g = qd->g;
	struct ngio_queue *q = qd->q;
	unsigned nr = FLD_GET(DSM_NR, cmd->cdw10) + 1, i;
	struct io_uring_sqe *sqe;
	struct blk_slot *s;
	__u32 index;
	int err = 0;

	if (!ngio_dev_has(qd->dev, NGIO_CAP_BLOCK_DISCARD, NULL))
		return -EOPNOTSUPP;
	if (cmd->cdw11 != NVME_DSMGMT_AD)
		return -EOPNOTSUPP;
	/* The block device has no iopoll hook for its commands. */
	if (q->flags & NGIO_Q_IOPOLL)
		return -EOPNOTSUPP;
	if (!r || cmd->data_len < nr * sizeof(*r))
		return -EINVAL;
	for (i = 0; i < nr; i++) {
		if (r[i].cattr)
			return -EOPNOTSUPP;
		if (!ngio_range_ok(g, le64toh(r[i].slba), le32toh(r[i].nlb)))
			return -ERANGE;
	}
	if (bstate(q)->free_slot == NO_SLOT)
		return -EBUSY;
	s = slot_get(q, user_data, 0, 0, &index);
	for (i = 0; i < nr; i++) {
		sqe = blk_sqe(q, &err);
		if (!sqe)
			break;
		/* Zero: the kernel refuses ioprio, len, rw_flags, __pad1
		 * and file_index other than 0. */
		io_uring_prep_rw(IORING_OP_URING_CMD, sqe, qd->fd, NULL, 0, 0);
		sqe->cmd_op = BLOCK_URING_CMD_DISCARD;
		sqe->addr = le64toh(r[i].slba) << g->lba_shift;
		sqe->addr3 = (__u64)le32toh(r[i].nlb) << g->lba_shift;
		sqe->flags |= qd->sqe_flags;
		sqe->user_data = index;
		s->parts++;
	}
	if (!s->parts) {
		slot_put(q, index);
		return err;
	}
	/* Ranges already handed to the kernel: the error comes with the
	 * completion. */
	if (err)
		s->res = err;
	return 0;
}

/*
 * A read or write's metadata and PI fields as io_uring's PI attribute:
 * the metadata buffer, the checks (PRCHK) and the application tag.  The
 * block layer cannot say what the controller is to do (PRACT), what
 * application tag bits to compare (all or none: LBATM 0xffff or 0), nor a
 * reference tag to check other than the LBA's (it sets ILBRT itself, as
 * type 1 requires); the seed, the reference tag the kernel maps to the
 * LBA's in the tuples, is the LBA's too, so the tuples move unchanged.
 * 0 (with *pi filled when metadata moves), or -EOPNOTSUPP.
 */
static int block_pi(struct ngio_qdev *qd, const struct nvme_uring_cmd *cmd,
		    __u64 slba, __u32 nlb, struct blk_attr_pi *pi)
{
	const struct ngio_geometry *g = qd->g;
	unsigned check = FLD_GET(CDW12_PRCHK, cmd->cdw12);
	__u64 ref = cmd->cdw14 |
		    (g->pi_format == NGIO_PI_GUARD64 ? (__u64)cmd->cdw3 << 32 : 0);

	memset(pi, 0, sizeof(*pi));
	if (!g->ms) {
		/* PRINFO means nothing without metadata: as before. */
		return cmd->metadata || cmd->cdw12 & (CDW12_PRACT | CDW12_PRCHK) ?
		       -EOPNOTSUPP : 0;
	}
	/* The buffers hold no interleaved metadata, and metadata without
	 * PI has no attribute here. */
	if (g->extended || !cmd->metadata ||
	    !ngio_dev_has(qd->dev, NGIO_CAP_BLOCK_PI, NULL))
		return -EOPNOTSUPP;
	if (cmd->cdw12 & CDW12_PRACT)
		return -EOPNOTSUPP;
	/* LBATM 0 compares no bits: no application tag check at all. */
	if (!FLD_GET(CDW15_LBATM, cmd->cdw15))
		check &= ~NGIO_PI_CHECK_APPTAG;
	if (check & NGIO_PI_CHECK_APPTAG && FLD_GET(CDW15_LBATM, cmd->cdw15) != 0xffff)
		return -EOPNOTSUPP;
	if (check & NGIO_PI_CHECK_REFTAG && ref != ngio_pi_reftag(g, slba))
		return -EOPNOTSUPP;
	if (check & NGIO_PI_CHECK_GUARD)
		pi->flags |= IO_INTEGRITY_CHK_GUARD;
	if (check & NGIO_PI_CHECK_APPTAG)
		pi->flags |= IO_INTEGRITY_CHK_APPTAG;
	if (check & NGIO_PI_CHECK_REFTAG)
		pi->flags |= IO_INTEGRITY_CHK_REFTAG;
	pi->app_tag = FLD_GET(CDW15_LBAT, cmd->cdw15);
	/* Exactly the blocks' metadata: the kernel takes no less. */
	pi->len = nlb * g->ms;
	pi->addr = cmd->metadata;
	pi->seed = ngio_pi_reftag(g, slba);
	return 0;
}

static int block_cmd(struct ngio_qdev *qd, const struct nvme_uring_cmd *cmd,
		     unsigned cmd_flags, int buf_index, __u64 user_data)
{
	struct ngio_queue *q = qd->q;
	bool vec = cmd_flags & NGIO_CMD_VEC;
	struct io_uring_sqe *sqe;
	struct blk_attr_pi pi;
	struct blk_slot *s;
	__u64 slba, off;
	__u32 nlb, len, index;
	enum ngio_op kind;
	int op, ret;

	if (cmd_flags & NGIO_CMD_ADMIN)
		return -EOPNOTSUPP;
	kind = ngio_op_kind(qd->g->csi, cmd->opcode);
	if (kind == NGIO_OP_DSM && !vec && buf_index < 0)
		return block_dsm(qd, cmd, user_data);
	if (kind != NGIO_OP_READ && kind != NGIO_OP_WRITE)
		return -EOPNOTSUPP;
	if (vec && buf_index >= 0)
		return -EOPNOTSUPP;
	slba = (__u64)cmd->cdw11 << 32 | cmd->cdw10;
	nlb = cdw12_nlb(cmd->cdw12);
	ret = block_pi(qd, cmd, slba, nlb, &pi);
	if (ret)
		return ret;
	/* The block layer moves the part of a range inside the device and
	 * fails the rest (the shifted offset may even wrap): refuse it
	 * whole, as a controller does with LBA Out of Range. */
	if (!ngio_range_ok(qd->g, slba, nlb))
		return -ERANGE;
	if (bstate(q)->free_slot == NO_SLOT)
		return -EBUSY;
	sqe = io_uring_get_sqe(&q->ring);
	if (!sqe)
		return -EBUSY;

	off = slba << qd->g->lba_shift;
	len = nlb << qd->g->lba_shift;
	if (kind == NGIO_OP_READ)
		op = vec ? IORING_OP_READV : buf_index >= 0 ?
			IORING_OP_READ_FIXED : IORING_OP_READ;
	else
		op = vec ? IORING_OP_WRITEV : buf_index >= 0 ?
			IORING_OP_WRITE_FIXED : IORING_OP_WRITE;
	/* The registered file where there is one (qd->fd, sqe_flags). */
	io_uring_prep_rw(op, sqe, qd->fd, (void *)(uintptr_t)cmd->addr,
			 vec ? cmd->data_len : len, off);
	sqe->flags |= qd->sqe_flags;
	if (buf_index >= 0)
		sqe->buf_index = buf_index;
	/* FUA is what O_DSYNC asks of a direct write. */
	if (cmd->cdw12 & CDW12_FUA && kind == NGIO_OP_WRITE)
		sqe->rw_flags = RWF_DSYNC;

	s = slot_get(q, user_data, len, 1, &index);
	sqe->user_data = index;
	if (pi.addr) {
		s->pi = pi;
		sqe->addr3 = (__u64)(uintptr_t)&s->pi;	/* attr_ptr */
		sqe->__pad2[0] = IORING_RW_ATTR_FLAG_PI;	/* attr_type_mask */
	}
	return 0;
}

/*
 * A block completion in passthrough terms: 0 for the whole transfer (or
 * every range), else the first error.  Returns 1 with *out filled when
 * the command is complete, 0 for one of its parts.
 */
static int block_complete(struct ngio_queue *q, const struct io_uring_cqe *cqe,
			  struct ngio_cqe *out)
{
	__u32 i = cqe->user_data;
	struct blk_slot *s = &bstate(q)->slots[i];

	if (!s->res) {
		if (cqe->res < 0)
			s->res = cqe->res;
		else if ((__u32)cqe->res != s->len)
			s->res = -EIO;
	}
	if (--s->parts)
		return 0;
	out->user_data = s->user_data;
	out->result = 0;
	out->res = s->res;
	slot_put(q, i);
	return 1;
}

/* A command of several requests completes with its last. */
static unsigned block_copy(struct ngio_queue *q, struct ngio_cqe *cqes,
			   unsigned max)
{
	struct io_uring_cqe *cqe;
	unsigned head, n = 0, seen = 0;

	io_uring_for_each_cqe(&q->ring, head, cqe) {
		if (n == max)
			break;
		seen++;
		n += block_complete(q, cqe, &cqes[n]);
	}
	io_uring_cq_advance(&q->ring, seen);
	return n;
}

static int block_reap(struct ngio_queue *q, struct ngio_cqe *cqes,
		      unsigned max, unsigned wait_nr)
{
	return ring_reap(q, cqes, max, wait_nr, block_copy);
}

const struct ngio_engine_ops ngio_block_engine = {
	.name = "block",
	.ring = true,
	.init = block_init,
	.exit = block_exit,
	.add_dev = block_add_dev,
	.del_dev = block_del_dev,
	.cmd = block_cmd,
	.submit = ring_submit,
	.reap = block_reap,
	.buf_init = ring_buf_init,
	.buf_set = ring_buf_set,
};
