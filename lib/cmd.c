// SPDX-License-Identifier: MIT
/*
 * What every command set's builders share: an I/O command started on a
 * namespace, its starting LBA, the data buffer rules, and the SQE that
 * carries a command.  The builders themselves live with their command
 * set: nvm.c, zns.c, admin.c.  Pure functions: they fill a struct
 * nvme_uring_cmd and touch nothing else.
 */
#include <errno.h>
#include <string.h>

#include "internal.h"

int io_cmd_init(struct nvme_uring_cmd *cmd, __u8 opcode,
		const struct ngio_geometry *g)
{
	if (!g->nsid || !g->lba_size)
		return -EINVAL;
	memset(cmd, 0, sizeof(*cmd));
	cmd->opcode = opcode;
	cmd->nsid = g->nsid;
	return 0;
}

/* SLBA in CDW10 (low) and CDW11 (high). */
void io_set_slba(struct nvme_uring_cmd *cmd, __u64 slba)
{
	cmd->cdw10 = (__u32)slba;
	cmd->cdw11 = (__u32)(slba >> 32);
}


void ngio_prep_uring_cmd(struct io_uring_sqe *sqe, int fd, __u32 cmd_op,
			 const struct nvme_uring_cmd *cmd)
{
	/* Only the first 64 bytes; cmd[] is then overwritten whole. */
	memset(sqe, 0, offsetof(struct io_uring_sqe, cmd));
	sqe->opcode = IORING_OP_URING_CMD;
	sqe->fd = fd;
	sqe->cmd_op = cmd_op;
	/* ngio_prep_read() and friends build in place. */
	if ((const void *)cmd != (const void *)sqe->cmd)
		memcpy(sqe->cmd, cmd, sizeof(*cmd));
}
