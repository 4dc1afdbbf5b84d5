// SPDX-License-Identifier: MIT
/*
 * Admin command builders: identify, get log page, get and set features.
 * Pure functions: they fill a struct nvme_uring_cmd and touch nothing
 * else.
 */
#include <errno.h>
#include <string.h>

#include "internal.h"

/* An admin data buffer: dword aligned and sized, within 1 MiB. */
static int check_admin_buf(const void *buf, __u32 len, bool optional)
{
	if (!buf)
		return optional && !len ? 0 : -EFAULT;
	if ((uintptr_t)buf & 3 || !len || len & 3 || len > NGIO_MAX_ADMIN_XFER)
		return -EINVAL;
	return 0;
}

static void admin_init(struct nvme_uring_cmd *cmd, __u8 opcode, __u32 nsid,
		       void *buf, __u32 len)
{
	memset(cmd, 0, sizeof(*cmd));
	cmd->opcode = opcode;
	cmd->nsid = nsid;
	cmd->addr = (__u64)(uintptr_t)buf;
	cmd->data_len = buf ? len : 0;
}

int ngio_cmd_identify(struct nvme_uring_cmd *cmd, __u8 cns, __u32 nsid,
		      __u16 cntid, __u8 csi, void *buf, __u32 len)
{
	int ret = check_admin_buf(buf, len, false);

	if (ret)
		return ret;
	if (len > NVME_IDENTIFY_DATA_SIZE)
		return -EINVAL;
	admin_init(cmd, nvme_admin_identify, nsid, buf, len);
	cmd->cdw10 = FLD_SET(ID_CNS, cns) | FLD_SET(ID_CNTID, cntid);
	cmd->cdw11 = FLD_SET(ID_CSI, csi);
	return 0;
}

int ngio_cmd_get_log(struct nvme_uring_cmd *cmd,
		     const struct ngio_log_args *a, void *buf, __u32 len)
{
	__u32 numd;
	int ret = check_admin_buf(buf, len, false);

	if (ret)
		return ret;
	if (a->lsp > LOG_LSP_MASK || a->offset & 3 || a->uuidx > LOG_UUID_MASK)
		return -EINVAL;
	/* NUMD, 0's based dwords: its low half in CDW10, high in CDW11. */
	numd = len / 4 - 1;
	admin_init(cmd, nvme_admin_get_log_page, a->nsid, buf, len);
	cmd->cdw10 = FLD_SET(LOG_LID, a->lid) | FLD_SET(LOG_LSP, a->lsp) |
		     (a->rae ? LOG_RAE : 0) | FLD_SET(LOG_NUMDL, numd);
	cmd->cdw11 = FLD_SET(LOG_NUMDU, numd >> 16) | FLD_SET(LOG_LSI, a->lsi);
	cmd->cdw12 = (__u32)a->offset;
	cmd->cdw13 = (__u32)(a->offset >> 32);
	cmd->cdw14 = FLD_SET(LOG_UUID, a->uuidx) | FLD_SET(LOG_CSI, a->csi);
	return 0;
}

int ngio_cmd_get_features(struct nvme_uring_cmd *cmd, __u8 fid, __u32 nsid,
			  __u8 sel, __u32 cdw11, void *buf, __u32 len)
{
	int ret = check_admin_buf(buf, len, true);

	if (ret)
		return ret;
	/* SEL 4-7 are reserved. */
	if (sel > 3)
		return -EINVAL;
	admin_init(cmd, nvme_admin_get_features, nsid, buf, len);
	cmd->cdw10 = FLD_SET(FEAT_FID, fid) | FLD_SET(FEAT_SEL, sel);
	cmd->cdw11 = cdw11;
	return 0;
}

int ngio_cmd_set_features(struct nvme_uring_cmd *cmd, __u8 fid, __u32 nsid,
			  __u32 cdw11, __u32 cdw12, bool save, void *buf,
			  __u32 len)
{
	int ret = check_admin_buf(buf, len, true);

	if (ret)
		return ret;
	admin_init(cmd, nvme_admin_set_features, nsid, buf, len);
	cmd->cdw10 = FLD_SET(FEAT_FID, fid) | (save ? FEAT_SV : 0);
	cmd->cdw11 = cdw11;
	cmd->cdw12 = cdw12;
	return 0;
}
