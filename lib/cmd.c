// SPDX-License-Identifier: MIT
/*
 * Command builders: every NVMe command ngio sends is encoded here, once.
 * Pure functions: they fill a struct nvme_uring_cmd and touch nothing else.
 */
#include <endian.h>
#include <errno.h>
#include <string.h>
#include <sys/uio.h>

#include "internal.h"

/* NLB is a 0's based 16-bit field in CDW12. */
#define NGIO_MAX_NLB	65536U

#define CDW12_LR	(1U << 31)
#define CDW12_FUA	(1U << 30)
#define CDW12_DEAC	(1U << 25)

/* The flags each NVM command accepts. */
#define RW_FLAGS	(NGIO_RW_FUA | NGIO_RW_LR | NGIO_RW_PRACT)
#define VERIFY_FLAGS	(NGIO_RW_FUA | NGIO_RW_LR)
#define COPY_FLAGS	(NGIO_RW_FUA | NGIO_RW_LR)
#define WZ_FLAGS	(RW_FLAGS | NGIO_WZ_DEAC)

/* Start an NVM command on g's namespace. */
static int cmd_init(struct nvme_uring_cmd *cmd, __u8 opcode,
		    const struct ngio_geometry *g)
{
	if (!g->nsid || !g->lba_size)
		return -EINVAL;
	memset(cmd, 0, sizeof(*cmd));
	cmd->opcode = opcode;
	cmd->nsid = g->nsid;
	return 0;
}

static void set_slba(struct nvme_uring_cmd *cmd, __u64 slba)
{
	cmd->cdw10 = (__u32)slba;
	cmd->cdw11 = (__u32)(slba >> 32);
}

/* The CDW12 bits of flags (NLB aside). */
static __u32 cdw12_flags(unsigned flags)
{
	return (flags & NGIO_RW_FUA ? CDW12_FUA : 0) |
	       (flags & NGIO_RW_LR ? CDW12_LR : 0) |
	       (flags & NGIO_RW_PRACT ? CDW12_PRACT : 0) |
	       (flags & NGIO_WZ_DEAC ? CDW12_DEAC : 0);
}

/* CDW12 of the LBA-range commands: NLB and the flags they share. */
static int set_nlb(struct nvme_uring_cmd *cmd, const struct ngio_geometry *g,
		   __u32 nlb, unsigned flags, unsigned allowed)
{
	if (!nlb || nlb > NGIO_MAX_NLB || (flags & ~allowed))
		return -EINVAL;
	/* PRACT means nothing without PI (of a format ngio knows): refuse
	 * rather than ignore it. */
	if (flags & NGIO_RW_PRACT && !ngio_pi_size(g))
		return -EINVAL;
	cmd->cdw12 = (nlb - 1) | cdw12_flags(flags);
	return 0;
}


/* A data buffer the kernel will map: aligned, within MDTS and segments. */
static int check_buf(const struct ngio_geometry *g, const void *buf,
		     __u32 len)
{
	if (!buf)
		return -EFAULT;
	/* NVMe data pointers must be dword aligned. */
	if ((uintptr_t)buf & 3 || !len)
		return -EINVAL;
	if (g && g->max_xfer && len > g->max_xfer)
		return -EINVAL;
	/* Pages touched > max_segments, without dividing (page_size is a
	 * power of two). */
	if (g && g->max_segments && g->page_size &&
	    ((uintptr_t)buf & (g->page_size - 1)) + (__u64)len >
	    (__u64)g->max_segments * g->page_size)
		return -EINVAL;
	return 0;
}

int rw_check(const struct ngio_geometry *g, const void *buf, __u32 len,
	     unsigned flags, __u32 *cdw12)
{
	__u32 nlb;
	int ret;

	if (!g->nsid || !g->lba_size)
		return -EINVAL;
	ret = check_buf(g, buf, len);
	if (ret)
		return ret;
	if (flags & ~RW_FLAGS || (flags & NGIO_RW_PRACT && !ngio_pi_size(g)))
		return -EINVAL;
	/* Whole blocks; shifts unless metadata is interleaved. */
	if (g->extended && !ngio_pract_strips(g, flags)) {
		if (len % ngio_block_bytes(g))
			return -EINVAL;
		nlb = len / ngio_block_bytes(g);
	} else {
		if (len & (g->lba_size - 1))
			return -EINVAL;
		nlb = len >> g->lba_shift;
	}
	if (nlb > NGIO_MAX_NLB)
		return -EINVAL;
	*cdw12 = (nlb - 1) | cdw12_flags(flags);
	return 0;
}

/* Read, write, compare: len bytes of whole blocks at slba. */
static int cmd_xfer(struct nvme_uring_cmd *cmd, __u8 opcode,
		    const struct ngio_geometry *g, __u64 slba, const void *buf,
		    __u32 len, unsigned flags)
{
	__u32 cdw12;
	int ret;

	ret = rw_check(g, buf, len, flags, &cdw12);
	if (ret)
		return ret;
	rw_encode(cmd, opcode, g, slba, buf, len, cdw12);
	return 0;
}

int ngio_cmd_read(struct nvme_uring_cmd *cmd, const struct ngio_geometry *g,
		  __u64 slba, void *buf, __u32 len, unsigned flags)
{
	return cmd_xfer(cmd, nvme_cmd_read, g, slba, buf, len, flags);
}

int ngio_cmd_write(struct nvme_uring_cmd *cmd, const struct ngio_geometry *g,
		   __u64 slba, const void *buf, __u32 len, unsigned flags)
{
	return cmd_xfer(cmd, nvme_cmd_write, g, slba, buf, len, flags);
}

int ngio_cmd_compare(struct nvme_uring_cmd *cmd,
		     const struct ngio_geometry *g, __u64 slba,
		     const void *buf, __u32 len, unsigned flags)
{
	return cmd_xfer(cmd, nvme_cmd_compare, g, slba, buf, len, flags);
}

/* Vectored: the iovecs' lengths add up to whole blocks. */
static int cmd_xferv(struct nvme_uring_cmd *cmd, __u8 opcode,
		     const struct ngio_geometry *g, __u64 slba,
		     const struct iovec *iov, unsigned iovcnt, unsigned flags)
{
	__u32 bb = ngio_xfer_block_bytes(g, flags);
	__u64 len = 0;
	int ret;

	ret = cmd_init(cmd, opcode, g);
	if (ret)
		return ret;
	if (!iov)
		return -EFAULT;
	if (!iovcnt || iovcnt > NGIO_MAX_IOVECS)
		return -EINVAL;
	for (unsigned i = 0; i < iovcnt; i++) {
		if (!iov[i].iov_base && iov[i].iov_len)
			return -EFAULT;
		if ((uintptr_t)iov[i].iov_base & 3)
			return -EINVAL;
		len += iov[i].iov_len;
	}
	if (!len || len % bb || (g->max_xfer && len > g->max_xfer))
		return -EINVAL;
	ret = set_nlb(cmd, g, len / bb, flags, RW_FLAGS);
	if (ret)
		return ret;
	set_slba(cmd, slba);
	pi_seed(cmd, g, slba);
	cmd->addr = (__u64)(uintptr_t)iov;
	cmd->data_len = iovcnt;		/* the kernel reads it as vec_cnt */
	return 0;
}

int ngio_cmd_readv(struct nvme_uring_cmd *cmd, const struct ngio_geometry *g,
		   __u64 slba, const struct iovec *iov, unsigned iovcnt,
		   unsigned flags)
{
	return cmd_xferv(cmd, nvme_cmd_read, g, slba, iov, iovcnt, flags);
}

int ngio_cmd_writev(struct nvme_uring_cmd *cmd,
		    const struct ngio_geometry *g, __u64 slba,
		    const struct iovec *iov, unsigned iovcnt, unsigned flags)
{
	return cmd_xferv(cmd, nvme_cmd_write, g, slba, iov, iovcnt, flags);
}

/* Commands over an LBA range that move no data. */
static int cmd_range(struct nvme_uring_cmd *cmd, __u8 opcode,
		     const struct ngio_geometry *g, __u64 slba, __u32 nlb,
		     unsigned flags, unsigned allowed)
{
	int ret = cmd_init(cmd, opcode, g);

	if (!ret)
		ret = set_nlb(cmd, g, nlb, flags, allowed);
	if (!ret) {
		set_slba(cmd, slba);
		pi_seed(cmd, g, slba);
	}
	return ret;
}

int ngio_cmd_write_zeroes(struct nvme_uring_cmd *cmd,
			  const struct ngio_geometry *g, __u64 slba,
			  __u32 nlb, unsigned flags)
{
	return cmd_range(cmd, nvme_cmd_write_zeroes, g, slba, nlb, flags,
			 WZ_FLAGS);
}

int ngio_cmd_write_uncor(struct nvme_uring_cmd *cmd,
			 const struct ngio_geometry *g, __u64 slba, __u32 nlb)
{
	return cmd_range(cmd, nvme_cmd_write_uncor, g, slba, nlb, 0, 0);
}

int ngio_cmd_verify(struct nvme_uring_cmd *cmd, const struct ngio_geometry *g,
		    __u64 slba, __u32 nlb, unsigned flags)
{
	return cmd_range(cmd, nvme_cmd_verify, g, slba, nlb, flags,
			 VERIFY_FLAGS);
}

int ngio_cmd_flush(struct nvme_uring_cmd *cmd, const struct ngio_geometry *g)
{
	return cmd_init(cmd, nvme_cmd_flush, g);
}

void ngio_dsm_range(struct nvme_dsm_range *r, __u64 slba, __u32 nlb,
		    __u32 cattr)
{
	r->cattr = htole32(cattr);
	r->nlb = htole32(nlb);
	r->slba = htole64(slba);
}

int ngio_cmd_dsm(struct nvme_uring_cmd *cmd, const struct ngio_geometry *g,
		 const struct nvme_dsm_range *ranges, unsigned nr,
		 unsigned attrs)
{
	int ret;

	ret = cmd_init(cmd, nvme_cmd_dsm, g);
	if (!ret)
		ret = check_buf(NULL, ranges, nr * sizeof(*ranges));
	if (ret)
		return ret;
	if (nr > NGIO_MAX_DSM_RANGES ||
	    (attrs & ~(NVME_DSMGMT_IDR | NVME_DSMGMT_IDW | NVME_DSMGMT_AD)))
		return -EINVAL;
	cmd->addr = (__u64)(uintptr_t)ranges;
	cmd->data_len = nr * sizeof(*ranges);
	cmd->cdw10 = nr - 1;
	cmd->cdw11 = attrs;
	return 0;
}

int ngio_copy_range(struct nvme_copy_range *r, __u64 slba, __u32 nlb)
{
	if (!nlb || nlb > NGIO_MAX_NLB)
		return -EINVAL;
	memset(r, 0, sizeof(*r));
	r->slba = htole64(slba);
	r->nlb = htole16(nlb - 1);
	return 0;
}

int ngio_cmd_copy(struct nvme_uring_cmd *cmd, const struct ngio_geometry *g,
		  __u64 sdlba, const struct nvme_copy_range *ranges,
		  unsigned nr, unsigned flags)
{
	int ret;

	ret = cmd_init(cmd, nvme_cmd_copy, g);
	if (!ret)
		ret = check_buf(NULL, ranges, nr * sizeof(*ranges));
	if (ret)
		return ret;
	if (nr > NGIO_MAX_COPY_RANGES || (flags & ~COPY_FLAGS))
		return -EINVAL;
	set_slba(cmd, sdlba);
	cmd->addr = (__u64)(uintptr_t)ranges;
	cmd->data_len = nr * sizeof(*ranges);
	/* NR (0's based), descriptor format 0. */
	cmd->cdw12 = (nr - 1) |
		     (flags & NGIO_RW_FUA ? CDW12_FUA : 0) |
		     (flags & NGIO_RW_LR ? CDW12_LR : 0);
	return 0;
}

int ngio_cmd_metadata(struct nvme_uring_cmd *cmd,
		      const struct ngio_geometry *g, void *md, __u32 md_len)
{
	__u32 nlb = (cmd->cdw12 & 0xffff) + 1;

	if (!md)
		return -EFAULT;
	/* Separate metadata only: extended formats carry it in the data. */
	if (!g->ms || g->extended)
		return -EINVAL;
	if (cmd->opcode != nvme_cmd_read && cmd->opcode != nvme_cmd_write &&
	    cmd->opcode != nvme_cmd_compare &&
	    cmd->opcode != nvme_zns_cmd_append)
		return -EINVAL;
	if ((uintptr_t)md & 3 || md_len < nlb * g->ms ||
	    pi_strip(g, cmd->cdw12))
		return -EINVAL;
	cmd->metadata = (__u64)(uintptr_t)md;
	cmd->metadata_len = nlb * g->ms;
	return 0;
}

int ngio_cmd_pi(struct nvme_uring_cmd *cmd, const struct ngio_geometry *g,
		unsigned check, const struct ngio_pi_tags *t)
{
	const struct ngio_pi_tags none = { 0 };
	__u64 slba = cmd->cdw10 | (__u64)cmd->cdw11 << 32;
	bool wide = g->pi_format == NGIO_PI_GUARD64;

	if (!t)
		t = &none;
	if (!ngio_pi_size(g) || g->sts ||
	    check & ~(NGIO_PI_CHECK_GUARD | NGIO_PI_CHECK_APPTAG |
		      NGIO_PI_CHECK_REFTAG))
		return -EINVAL;
	switch (cmd->opcode) {
	case nvme_cmd_read:
	case nvme_cmd_write:
	case nvme_cmd_compare:
	case nvme_cmd_verify:
	case nvme_zns_cmd_append:
		break;
	case nvme_cmd_write_zeroes:
		/* Nothing arrives to check: the tags seed PRACT's PI. */
		if (check)
			return -EINVAL;
		break;
	default:
		return -EINVAL;
	}
	if (t->reftag >> (wide ? 48 : 32))
		return -EINVAL;
	if (check & NGIO_PI_CHECK_REFTAG &&
	    (g->pi_type == NVME_NS_DPS_PI_TYPE3 ||
	     (g->pi_type == NVME_NS_DPS_PI_TYPE1 &&
	      t->reftag != ngio_pi_reftag(g, slba))))
		return -EINVAL;
	cmd->cdw12 = (cmd->cdw12 & ~CDW12_PRCHK) |
		     check << CDW12_PRCHK_SHIFT;
	set_reftag(cmd, g, t->reftag);
	cmd->cdw15 = t->apptag | (__u32)t->apptag_mask << 16;
	return 0;
}

/* ------------------------------------------------------------------ ZNS */

/* Zone Management Send CDW13: ZSA, Select All, ZRWA Allocation. */
#define CDW13_ZSA_ALL	(1U << 8)
#define CDW13_ZRWAA	(1U << 9)
/* Zone Management Receive CDW13: ZRA, ZRASF (bits 15:8), Partial Report. */
#define CDW13_PARTIAL	(1U << 16)

/* A report is a 64-byte header and 64-byte descriptors; the header alone
 * (without partial reports) counts the zones in a state. */
#define ZONE_REPORT_MIN	64U

int ngio_cmd_zone_mgmt_send(struct nvme_uring_cmd *cmd,
			    const struct ngio_geometry *g, __u64 slba,
			    enum nvme_zns_send_action zsa, unsigned flags,
			    void *buf, __u32 len)
{
	bool data = zsa == NVME_ZNS_ZSA_SET_DESC_EXT;
	int ret;

	ret = cmd_init(cmd, nvme_zns_cmd_mgmt_send, g);
	if (ret)
		return ret;
	switch (zsa) {
	case NVME_ZNS_ZSA_CLOSE:
	case NVME_ZNS_ZSA_FINISH:
	case NVME_ZNS_ZSA_OPEN:
	case NVME_ZNS_ZSA_RESET:
	case NVME_ZNS_ZSA_OFFLINE:
		break;
	case NVME_ZNS_ZSA_SET_DESC_EXT:
	case NVME_ZNS_ZSA_ZRWA_FLUSH:
		/* Both name one zone (an LBA in it, for a flush). */
		if (flags & NGIO_ZONE_ALL)
			return -EINVAL;
		break;
	default:
		return -EINVAL;
	}
	if (flags & ~(NGIO_ZONE_ALL | NGIO_ZONE_ZRWA))
		return -EINVAL;
	/* A ZRWA is allocated by opening one empty zone. */
	if (flags & NGIO_ZONE_ZRWA &&
	    (zsa != NVME_ZNS_ZSA_OPEN || flags & NGIO_ZONE_ALL))
		return -EINVAL;
	if (data) {
		/* The extension is ZDES x 64 bytes: the device knows ZDES. */
		ret = check_buf(g, buf, len);
		if (ret)
			return ret;
		if (len % 64)
			return -EINVAL;
		cmd->addr = (__u64)(uintptr_t)buf;
		cmd->data_len = len;
	} else if (buf || len) {
		return -EINVAL;
	}
	if (!(flags & NGIO_ZONE_ALL))
		set_slba(cmd, slba);
	cmd->cdw13 = zsa | (flags & NGIO_ZONE_ALL ? CDW13_ZSA_ALL : 0) |
		     (flags & NGIO_ZONE_ZRWA ? CDW13_ZRWAA : 0);
	return 0;
}

int ngio_cmd_zone_mgmt_recv(struct nvme_uring_cmd *cmd,
			    const struct ngio_geometry *g, __u64 slba,
			    enum nvme_zns_report_options state, unsigned flags,
			    void *buf, __u32 len)
{
	int ret;

	ret = cmd_init(cmd, nvme_zns_cmd_mgmt_recv, g);
	if (!ret)
		ret = check_buf(g, buf, len);
	if (ret)
		return ret;
	if ((unsigned)state > NVME_ZNS_ZRAS_REPORT_OFFLINE ||
	    (flags & ~(NGIO_ZONE_PARTIAL | NGIO_ZONE_EXT)) ||
	    len & 3 || len < ZONE_REPORT_MIN)
		return -EINVAL;
	set_slba(cmd, slba);
	cmd->addr = (__u64)(uintptr_t)buf;
	cmd->data_len = len;
	cmd->cdw12 = len / 4 - 1;	/* NUMD, 0's based */
	cmd->cdw13 = (flags & NGIO_ZONE_EXT ?
		      NVME_ZNS_ZRA_EXTENDED_REPORT_ZONES :
		      NVME_ZNS_ZRA_REPORT_ZONES) |
		     ((__u32)state << 8) |
		     (flags & NGIO_ZONE_PARTIAL ? CDW13_PARTIAL : 0);
	return 0;
}

/* A write whose LBA the device picks: the same CDW10-12 as a write. */
int ngio_cmd_zone_append(struct nvme_uring_cmd *cmd,
			 const struct ngio_geometry *g, __u64 zslba,
			 const void *buf, __u32 len, unsigned flags)
{
	return cmd_xfer(cmd, nvme_zns_cmd_append, g, zslba, buf, len, flags);
}

/* ---------------------------------------------------------------- admin */

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
	cmd->cdw10 = cns | ((__u32)cntid << 16);
	cmd->cdw11 = (__u32)csi << 24;
	return 0;
}

int ngio_cmd_get_log(struct nvme_uring_cmd *cmd,
		     const struct ngio_log_args *a, void *buf, __u32 len)
{
	__u32 numd;
	int ret = check_admin_buf(buf, len, false);

	if (ret)
		return ret;
	if (a->lsp > 0x7f || a->offset & 3 || a->uuidx > 0x7f)
		return -EINVAL;
	numd = len / 4 - 1;
	admin_init(cmd, nvme_admin_get_log_page, a->nsid, buf, len);
	cmd->cdw10 = a->lid | ((__u32)a->lsp << 8) |
		     (a->rae ? 1U << 15 : 0) | ((numd & 0xffff) << 16);
	cmd->cdw11 = (numd >> 16) | ((__u32)a->lsi << 16);
	cmd->cdw12 = (__u32)a->offset;
	cmd->cdw13 = (__u32)(a->offset >> 32);
	cmd->cdw14 = a->uuidx | ((__u32)a->csi << 24);
	return 0;
}

int ngio_cmd_get_features(struct nvme_uring_cmd *cmd, __u8 fid, __u32 nsid,
			  __u8 sel, __u32 cdw11, void *buf, __u32 len)
{
	int ret = check_admin_buf(buf, len, true);

	if (ret)
		return ret;
	if (sel > 3)
		return -EINVAL;
	admin_init(cmd, nvme_admin_get_features, nsid, buf, len);
	cmd->cdw10 = fid | ((__u32)sel << 8);
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
	cmd->cdw10 = fid | (save ? 1U << 31 : 0);
	cmd->cdw11 = cdw11;
	cmd->cdw12 = cdw12;
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
	/* ngio_prep_read() and friends build in place. */
	if ((const void *)cmd != (const void *)sqe->cmd)
		memcpy(sqe->cmd, cmd, sizeof(*cmd));
}
