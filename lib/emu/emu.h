/* SPDX-License-Identifier: MIT */
/*
 * An in-process model of an NVMe controller: it executes one command,
 * given as the kernel's struct nvme_uring_cmd with its data in host
 * memory, and answers as a controller would.  See man/ngio-emu.7.
 */
#ifndef NGIO_EMU_H
#define NGIO_EMU_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>
#include <linux/nvme_ioctl.h>

struct emu_ctrl;

/*
 * spec: the text after "emu:".  On success *nsid is the namespace the
 * name selects (0: the controller itself).  -EINVAL with a one-line
 * reason in err for a bad spec, -ENOMEM, or the errno of a backing file.
 */
int emu_open(const char *spec, struct emu_ctrl **cp, __u32 *nsid, char *err,
	     size_t errlen);
void emu_close(struct emu_ctrl *c);
/* What emu_open() would say of spec without making anything: 0, or
 * -EINVAL with the reason in err (files are not looked at). */
int emu_check(const char *spec, char *err, size_t errlen);

/*
 * Execute one command now.  admin: the admin queue; vec: cmd->addr is a
 * struct iovec array of cmd->data_len entries.  Returns 0, the NVMe status
 * the controller posts (SC | SCT << 8 | CRD << 11 | More << 13 | DNR << 14)
 * or -errno for what the host side would refuse.  *result: CQE dwords 0
 * and 1.
 */
int emu_exec(struct emu_ctrl *c, bool admin, bool vec,
	     const struct nvme_uring_cmd *cmd, __u64 *result);

/* Simulated power loss: writes not yet durable are lost, whole blocks. */
void emu_power_loss(struct emu_ctrl *c);

#endif /* NGIO_EMU_H */
