// SPDX-License-Identifier: MIT
/*
 * The block engine: io_uring read/write with O_DIRECT on the namespace's
 * block node, for comparing passthrough with the block layer.  It moves
 * data only; every other command is refused (-EOPNOTSUPP).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define NO_SLOT	UINT32_MAX

int block_init(struct ngio_queue *q)
{
	q->slots = calloc(q->depth, sizeof(*q->slots));
	if (!q->slots)
		return -ENOMEM;
	for (unsigned i = 0; i < q->depth; i++)
		q->slots[i].next_free = i + 1 < q->depth ? i + 1 : NO_SLOT;
	q->free_slot = 0;
	return 0;
}

int block_cmd(struct ngio_qdev *qd, const struct nvme_uring_cmd *cmd,
	      unsigned cmd_flags, int buf_index, __u64 user_data)
{
	struct ngio_queue *q = qd->q;
	bool vec = cmd_flags & NGIO_CMD_VEC;
	struct io_uring_sqe *sqe;
	struct blk_slot *s;
	__u64 slba, off;
	__u32 nlb, len;
	int op;

	/* The block layer has no place for metadata or PI fields (and
	 * its buffers hold no interleaved metadata). */
	if (cmd_flags & NGIO_CMD_ADMIN || cmd->metadata || qd->g->ms ||
	    cmd->cdw12 & (CDW12_PRACT | CDW12_PRCHK) ||
	    (cmd->opcode != nvme_cmd_read && cmd->opcode != nvme_cmd_write))
		return -EOPNOTSUPP;
	if (vec && buf_index >= 0)
		return -EOPNOTSUPP;
	slba = (__u64)cmd->cdw11 << 32 | cmd->cdw10;
	nlb = (cmd->cdw12 & 0xffff) + 1;
	/* The block layer moves the part of a range inside the device and
	 * fails the rest (the shifted offset may even wrap): refuse it
	 * whole, as a controller does with LBA Out of Range. */
	if (!ngio_range_ok(qd->g, slba, nlb))
		return -ERANGE;
	if (q->free_slot == NO_SLOT)
		return -EBUSY;
	sqe = io_uring_get_sqe(&q->ring);
	if (!sqe)
		return -EBUSY;

	off = slba << qd->g->lba_shift;
	len = nlb << qd->g->lba_shift;
	if (cmd->opcode == nvme_cmd_read)
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
	if (cmd->cdw12 & (1U << 30) && cmd->opcode == nvme_cmd_write)
		sqe->rw_flags = RWF_DSYNC;

	s = &q->slots[q->free_slot];
	sqe->user_data = q->free_slot;
	q->free_slot = s->next_free;
	s->user_data = user_data;
	s->len = len;
	return 0;
}

/* A block completion in passthrough terms: 0 for the whole transfer. */
int block_complete(struct ngio_queue *q, const struct io_uring_cqe *cqe,
		   struct ngio_cqe *out)
{
	__u32 i = cqe->user_data;
	struct blk_slot *s = &q->slots[i];

	out->user_data = s->user_data;
	out->result = 0;
	if (cqe->res < 0)
		out->res = cqe->res;
	else
		out->res = (__u32)cqe->res == s->len ? 0 : -EIO;
	s->next_free = q->free_slot;
	q->free_slot = i;
	return 0;
}
