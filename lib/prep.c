// SPDX-License-Identifier: MIT
/* SQE preparation for a device's namespace, on any SQE128/CQE32 ring. */
#include <errno.h>

#include "internal.h"

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
