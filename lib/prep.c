// SPDX-License-Identifier: MIT
/* SQE preparation for a device, on any SQE128/CQE32 ring. */
#include <errno.h>

#include "internal.h"

int ngio_prep_cmd(struct io_uring_sqe *sqe, const struct ngio_dev *dev,
		  const struct nvme_uring_cmd *cmd, unsigned cmd_flags,
		  int buf_index)
{
	bool admin = cmd_flags & NGIO_CMD_ADMIN;
	int fd = admin ? dev->ctrl_fd : dev->fd;
	__u32 op;

	if (fd < 0 || cmd_flags & ~(NGIO_CMD_ADMIN | NGIO_CMD_VEC) ||
	    buf_index >= NGIO_MAX_BUFS ||
	    md_check_cmd(&dev->geom, admin, cmd)) {
		io_uring_prep_nop(sqe);
		return -EINVAL;
	}
	if (cmd_flags & NGIO_CMD_VEC)
		op = admin ? NVME_URING_CMD_ADMIN_VEC : NVME_URING_CMD_IO_VEC;
	else
		op = admin ? NVME_URING_CMD_ADMIN : NVME_URING_CMD_IO;
	ngio_prep_uring_cmd(sqe, fd, op, cmd);
	if (buf_index >= 0) {
		sqe->uring_cmd_flags = IORING_URING_CMD_FIXED;
		sqe->buf_index = buf_index;
	}
	return 0;
}

/*
 * Build straight into the SQE.  On error the SQE becomes a NOP: liburing
 * cannot hand an SQE back, so the ring must stay consistent.
 */
static int prep_rw(struct io_uring_sqe *sqe, const struct ngio_dev *dev,
		   bool write, __u64 slba, const void *buf, __u32 len,
		   unsigned flags)
{
	struct nvme_uring_cmd *cmd = (struct nvme_uring_cmd *)sqe->cmd;
	int ret;

	if (write)
		ret = ngio_cmd_write(cmd, &dev->geom, slba, buf, len, flags);
	else
		ret = ngio_cmd_read(cmd, &dev->geom, slba, (void *)buf, len,
				    flags);
	if (!ret && (dev->fd < 0 ||
		     md_check(&dev->geom, cmd->opcode, cmd->cdw12, 0, 0)))
		ret = -EINVAL;
	if (ret) {
		io_uring_prep_nop(sqe);
		return ret;
	}
	ngio_prep_uring_cmd(sqe, dev->fd, NVME_URING_CMD_IO, cmd);
	return 0;
}

int ngio_prep_read(struct io_uring_sqe *sqe, const struct ngio_dev *dev,
		   __u64 slba, void *buf, __u32 len, unsigned flags)
{
	return prep_rw(sqe, dev, false, slba, buf, len, flags);
}

int ngio_prep_write(struct io_uring_sqe *sqe, const struct ngio_dev *dev,
		    __u64 slba, const void *buf, __u32 len, unsigned flags)
{
	return prep_rw(sqe, dev, true, slba, buf, len, flags);
}
