// SPDX-License-Identifier: MIT
/*
 * Command builders: every NVMe command ngio sends is encoded here, once.
 * Pure functions: they fill a struct nvme_uring_cmd and touch nothing else.
 */
#include <errno.h>
#include <string.h>

#include "ngio.h"

/* NLB is a 0's based 16-bit field in CDW12. */
#define NGIO_MAX_NLB	65536U

#define RW_CDW12_LR	(1U << 31)
#define RW_CDW12_FUA	(1U << 30)

static int rw_check(const struct ngio_geometry *g, const void *buf, __u32 len,
		    unsigned flags, __u32 *nlb)
{
	__u32 bb;

	if (!g->nsid || !g->lba_size)
		return -EINVAL;
	if (flags & ~(NGIO_RW_FUA | NGIO_RW_LR))
		return -EINVAL;
	if (!buf)
		return -EFAULT;
	/* NVMe data pointers must be dword aligned. */
	if ((uintptr_t)buf & 3)
		return -EINVAL;
	bb = ngio_block_bytes(g);
	if (!len || len % bb)
		return -EINVAL;
	if (g->max_xfer && len > g->max_xfer)
		return -EINVAL;
	if (g->max_segments && g->page_size &&
	    ((uintptr_t)buf % g->page_size + len + g->page_size - 1) /
	    g->page_size > g->max_segments)
		return -EINVAL;
	*nlb = len / bb;
	if (*nlb > NGIO_MAX_NLB)
		return -EINVAL;
	return 0;
}

static int cmd_rw(struct nvme_uring_cmd *cmd, __u8 opcode,
		  const struct ngio_geometry *g, __u64 slba, const void *buf,
		  __u32 len, unsigned flags)
{
	__u32 nlb;
	int ret;

	ret = rw_check(g, buf, len, flags, &nlb);
	if (ret)
		return ret;
	memset(cmd, 0, sizeof(*cmd));
	cmd->opcode = opcode;
	cmd->nsid = g->nsid;
	cmd->addr = (__u64)(uintptr_t)buf;
	cmd->data_len = len;
	cmd->cdw10 = (__u32)slba;
	cmd->cdw11 = (__u32)(slba >> 32);
	cmd->cdw12 = (nlb - 1) |
		     (flags & NGIO_RW_FUA ? RW_CDW12_FUA : 0) |
		     (flags & NGIO_RW_LR ? RW_CDW12_LR : 0);
	return 0;
}

int ngio_cmd_read(struct nvme_uring_cmd *cmd, const struct ngio_geometry *g,
		  __u64 slba, void *buf, __u32 len, unsigned flags)
{
	return cmd_rw(cmd, nvme_cmd_read, g, slba, buf, len, flags);
}

int ngio_cmd_write(struct nvme_uring_cmd *cmd, const struct ngio_geometry *g,
		   __u64 slba, const void *buf, __u32 len, unsigned flags)
{
	return cmd_rw(cmd, nvme_cmd_write, g, slba, buf, len, flags);
}

int ngio_cmd_identify(struct nvme_uring_cmd *cmd, __u8 cns, __u32 nsid,
		      __u16 cntid, __u8 csi, void *buf, __u32 len)
{
	if (!buf)
		return -EFAULT;
	if (!len || len > NVME_IDENTIFY_DATA_SIZE || ((uintptr_t)buf & 3))
		return -EINVAL;
	memset(cmd, 0, sizeof(*cmd));
	cmd->opcode = nvme_admin_identify;
	cmd->nsid = nsid;
	cmd->addr = (__u64)(uintptr_t)buf;
	cmd->data_len = len;
	cmd->cdw10 = cns | ((__u32)cntid << 16);
	cmd->cdw11 = (__u32)csi << 24;
	return 0;
}

void ngio_prep_uring_cmd(struct io_uring_sqe *sqe, int fd, __u32 cmd_op,
			 const struct nvme_uring_cmd *cmd)
{
	/* Only the first 64 bytes; cmd[] is then overwritten whole. */
	memset(sqe, 0, offsetof(struct io_uring_sqe, cmd));
	sqe->opcode = IORING_OP_URING_CMD;
	sqe->fd = fd;
	sqe->cmd_op = cmd_op;
	memcpy(sqe->cmd, cmd, sizeof(*cmd));
}
