// SPDX-License-Identifier: MIT
/*
 * The NVMe passthrough ioctls, synchronous: NVME_IOCTL_IO64_CMD(_VEC) on a
 * namespace's node, NVME_IOCTL_ADMIN64_CMD on a controller's.  Device
 * open identifies through them, so a device needs no queue, and the
 * ioctl engine runs its commands with them.
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
