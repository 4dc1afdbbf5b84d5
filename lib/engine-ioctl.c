// SPDX-License-Identifier: MIT
/*
 * The ioctl engine: NVME_IOCTL_IO64_CMD / ADMIN64_CMD, synchronous.  For
 * kernels without io_uring passthrough, and as the baseline the proposal
 * measured against.  Commands run when queued; completions wait in a small
 * ring for ngio_queue_reap() like any other engine's.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include "internal.h"

/* libnvme 1.3 lacks the vectored ioctl (5.18). */
#ifndef NVME_IOCTL_IO64_CMD_VEC
#define NVME_IOCTL_IO64_CMD_VEC	_IOWR('N', 0x49, struct nvme_passthru_cmd64)
#endif

int ioctl_run(int fd, bool admin, bool vec, const struct nvme_uring_cmd *cmd,
	      __u64 *result)
{
	struct nvme_passthru_cmd64 pc;
	unsigned long req;
	int ret;

	/* The uring command is the 64-bit passthru command less its result. */
	memset(&pc, 0, sizeof(pc));
	memcpy(&pc, cmd, offsetof(struct nvme_uring_cmd, rsvd2));
	if (admin)
		req = vec ? 0 : NVME_IOCTL_ADMIN64_CMD;
	else
		req = vec ? NVME_IOCTL_IO64_CMD_VEC : NVME_IOCTL_IO64_CMD;
	if (!req)
		return -EOPNOTSUPP;
	ret = ioctl(fd, req, &pc);
	if (ret < 0)
		return -errno;
	*result = pc.result;
	return ret;
}

int ioctl_cmd(struct ngio_qdev *qd, const struct nvme_uring_cmd *cmd,
	      unsigned cmd_flags, __u64 user_data)
{
	struct ngio_queue *q = qd->q;
	bool admin = cmd_flags & NGIO_CMD_ADMIN;
	struct ngio_cqe *c;
	int fd = admin ? qd->ctrl_fd : qd->fd;

	if (fd < 0)
		return -EINVAL;
	c = &q->done[q->done_tail % q->depth];
	c->user_data = user_data;
	c->result = 0;
	c->res = ioctl_run(fd, admin, cmd_flags & NGIO_CMD_VEC, cmd,
			   &c->result);
	q->done_tail++;
	q->unsubmitted++;
	q->st.enters++;
	return 0;
}
