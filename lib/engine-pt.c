// SPDX-License-Identifier: MIT
/*
 * The pt engine: IORING_OP_URING_CMD on the namespace's generic char
 * device (/dev/ngXnY) and, for admin commands, the controller's.  A read
 * or write is built in the SQE itself, after validation, so nothing is
 * copied and no SQE is wasted on an error.
 */
#include <errno.h>
#include <string.h>

#include "ring.h"

static int pt_init(struct ngio_queue *q, const struct ngio_queue_params *p)
{
	return ring_init(q, p);
}

static int pt_add_dev(struct ngio_qdev *qd)
{
	struct ngio_dev *dev = qd->dev;
	__u8 ns_flags = 0, ctrl_flags = 0;
	int ns, ctrl;

	if (dev->emu || !ngio_dev_has(dev, NGIO_CAP_URING_CMD, NULL))
		return -EOPNOTSUPP;
	if (qd->q->flags & NGIO_Q_IOPOLL && ngio_dev_is_ns(dev) &&
	    !ngio_dev_has(dev, NGIO_CAP_IOPOLL, NULL))
		return -EOPNOTSUPP;
	/* Both or neither fixed: one sqe_flags serves the two. */
	ns = ring_add_file(qd->q, dev->fd, &ns_flags);
	ctrl = ring_add_file(qd->q, dev->ctrl_fd, &ctrl_flags);
	if (ns_flags == ctrl_flags || dev->fd < 0) {
		qd->fd = ns;
		qd->ctrl_fd = ctrl;
		qd->sqe_flags = ctrl_flags;
	} else {
		qd->fd = dev->fd;
		qd->ctrl_fd = dev->ctrl_fd;
	}
	return 0;
}

/* An SQE for qd's namespace or controller, all but the command. */
static inline struct io_uring_sqe *pt_sqe(struct ngio_qdev *qd, __u32 op,
					  int fd, int buf_index,
					  __u64 user_data)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&qd->q->ring);

	if (!sqe)
		return NULL;
	memset(sqe, 0, offsetof(struct io_uring_sqe, cmd));
	sqe->opcode = IORING_OP_URING_CMD;
	sqe->fd = fd;
	sqe->cmd_op = op;
	sqe->flags = qd->sqe_flags;
	if (buf_index >= 0) {
		sqe->uring_cmd_flags = IORING_URING_CMD_FIXED;
		sqe->buf_index = buf_index;
	}
	sqe->user_data = user_data;
	return sqe;
}

static int pt_cmd(struct ngio_qdev *qd, const struct nvme_uring_cmd *cmd,
		  unsigned cmd_flags, int buf_index, __u64 user_data)
{
	bool admin = cmd_flags & NGIO_CMD_ADMIN;
	struct io_uring_sqe *sqe;
	__u32 op;
	int fd = admin ? qd->ctrl_fd : qd->fd;

	if (fd < 0)
		return -EINVAL;
	/* Vectored passthrough on registered buffers: Linux 6.16. */
	if (buf_index >= 0 && cmd_flags & NGIO_CMD_VEC &&
	    !ngio_dev_has(qd->dev, NGIO_CAP_VEC_FIXED, NULL))
		return -EOPNOTSUPP;
	/* Before 7.1 the controller's char device has no iopoll hook. */
	if (admin && qd->q->flags & NGIO_Q_IOPOLL &&
	    !ngio_dev_has(qd->dev, NGIO_CAP_ADMIN_IOPOLL, NULL))
		return -EOPNOTSUPP;
	if (cmd_flags & NGIO_CMD_VEC)
		op = admin ? NVME_URING_CMD_ADMIN_VEC : NVME_URING_CMD_IO_VEC;
	else
		op = admin ? NVME_URING_CMD_ADMIN : NVME_URING_CMD_IO;
	sqe = pt_sqe(qd, op, fd, buf_index, user_data);
	if (!sqe)
		return -EBUSY;
	memcpy(sqe->cmd, cmd, sizeof(*cmd));
	return 0;
}

static int pt_rw(struct ngio_qdev *qd, __u8 opcode, __u64 slba,
		 const void *buf, __u32 len, __u32 cdw12, int buf_index,
		 __u64 user_data)
{
	struct io_uring_sqe *sqe;

	sqe = pt_sqe(qd, NVME_URING_CMD_IO, qd->fd, buf_index, user_data);
	if (!sqe)
		return -EBUSY;
	rw_encode((struct nvme_uring_cmd *)sqe->cmd, opcode, qd->g, slba,
		  buf, len, cdw12);
	return 0;
}

static int pt_reap(struct ngio_queue *q, struct ngio_cqe *cqes, unsigned max,
		   unsigned wait_nr)
{
	return ring_reap(q, cqes, max, wait_nr, ring_copy_cqes);
}

static struct io_uring_sqe *pt_get_sqe(struct ngio_queue *q)
{
	return io_uring_get_sqe(&q->ring);
}

const struct ngio_engine_ops ngio_pt_engine = {
	.name = "pt",
	.ring = true,
	.init = pt_init,
	.exit = ring_exit,
	.add_dev = pt_add_dev,
	.cmd = pt_cmd,
	.rw = pt_rw,
	.submit = ring_submit,
	.reap = pt_reap,
	.get_sqe = pt_get_sqe,
	.buf_init = ring_buf_init,
	.buf_set = ring_buf_set,
};
