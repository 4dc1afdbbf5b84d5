// SPDX-License-Identifier: MIT
/*
 * The NVM command set: its I/O builders (read, write, compare, their
 * vectored forms, write zeroes, write uncorrectable, verify, flush,
 * dataset management, copy), their metadata and protection information,
 * which command an opcode is in each I/O command set, and the splitting
 * of a transfer into commands that fit.  The builders are pure: they fill
 * a struct nvme_uring_cmd and touch nothing else.
 */
#include <endian.h>
#include <errno.h>
#include <string.h>
#include <sys/uio.h>

#include "internal.h"

/* The flags each NVM command accepts (RW_FLAGS: nvm.h). */
#define VERIFY_FLAGS	(NGIO_RW_FUA | NGIO_RW_LR)
#define COPY_FLAGS	(NGIO_RW_FUA | NGIO_RW_LR)
#define WZ_FLAGS	(RW_FLAGS | NGIO_WZ_DEAC)

/* ------------------------------------------------------------ opcodes */

/* The I/O commands of the base specification: every command set's. */
static enum ngio_op common_kind(__u8 opcode)
{
	switch (opcode) {
	case nvme_cmd_flush:
		return NGIO_OP_FLUSH;
	case nvme_cmd_resv_register:
		return NGIO_OP_RESV_REGISTER;
	case nvme_cmd_resv_report:
		return NGIO_OP_RESV_REPORT;
	case nvme_cmd_resv_acquire:
		return NGIO_OP_RESV_ACQUIRE;
	case nvme_cmd_resv_release:
		return NGIO_OP_RESV_RELEASE;
	}
	return NGIO_OP_UNKNOWN;
}

static enum ngio_op nvm_kind(__u8 opcode)
{
	switch (opcode) {
	case nvme_cmd_write:
		return NGIO_OP_WRITE;
	case nvme_cmd_read:
		return NGIO_OP_READ;
	case nvme_cmd_write_uncor:
		return NGIO_OP_WRITE_UNCOR;
	case nvme_cmd_compare:
		return NGIO_OP_COMPARE;
	case nvme_cmd_write_zeroes:
		return NGIO_OP_WRITE_ZEROES;
	case nvme_cmd_dsm:
		return NGIO_OP_DSM;
	case nvme_cmd_verify:
		return NGIO_OP_VERIFY;
	case nvme_cmd_copy:
		return NGIO_OP_COPY;
	}
	return common_kind(opcode);
}

/* Each command set's own opcodes first (zns.c, kv.c), then those it
 * shares: ZNS is the NVM command set and three commands more. */
enum ngio_op ngio_op_kind(__u8 csi, __u8 opcode)
{
	enum ngio_op k = NGIO_OP_UNKNOWN;

	switch (csi) {
	case NVME_CSI_NVM:
		return nvm_kind(opcode);
	case NVME_CSI_ZNS:
		k = zns_op_kind(opcode);
		return k != NGIO_OP_UNKNOWN ? k : nvm_kind(opcode);
	case NVME_CSI_KV:
		k = kv_op_kind(opcode);
		break;
	}
	return k != NGIO_OP_UNKNOWN ? k : common_kind(opcode);
}

/* ----------------------------------------------------------- builders */


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
	cmd->cdw12 = FLD_SET(NLB, nlb - 1) | cdw12_flags(flags);
	return 0;
}


int nvm_xfer(struct nvme_uring_cmd *cmd, __u8 opcode,
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
	return nvm_xfer(cmd, nvme_cmd_read, g, slba, buf, len, flags);
}

int ngio_cmd_write(struct nvme_uring_cmd *cmd, const struct ngio_geometry *g,
		   __u64 slba, const void *buf, __u32 len, unsigned flags)
{
	return nvm_xfer(cmd, nvme_cmd_write, g, slba, buf, len, flags);
}

int ngio_cmd_compare(struct nvme_uring_cmd *cmd,
		     const struct ngio_geometry *g, __u64 slba,
		     const void *buf, __u32 len, unsigned flags)
{
	return nvm_xfer(cmd, nvme_cmd_compare, g, slba, buf, len, flags);
}

/* Vectored: the iovecs' lengths add up to whole blocks. */
static int cmd_xferv(struct nvme_uring_cmd *cmd, __u8 opcode,
		     const struct ngio_geometry *g, __u64 slba,
		     const struct iovec *iov, unsigned iovcnt, unsigned flags)
{
	__u32 bb = ngio_xfer_block_bytes(g, flags);
	__u64 len = 0;
	int ret;

	ret = io_cmd_init(cmd, opcode, g);
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
	io_set_slba(cmd, slba);
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
	int ret = io_cmd_init(cmd, opcode, g);

	if (!ret)
		ret = set_nlb(cmd, g, nlb, flags, allowed);
	if (!ret) {
		io_set_slba(cmd, slba);
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
	return io_cmd_init(cmd, nvme_cmd_flush, g);
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

	ret = io_cmd_init(cmd, nvme_cmd_dsm, g);
	if (!ret)
		ret = io_check_buf(NULL, ranges, nr * sizeof(*ranges));
	if (ret)
		return ret;
	if (nr > NGIO_MAX_DSM_RANGES ||
	    (attrs & ~(DSM_ATTR_IDR | DSM_ATTR_IDW | DSM_ATTR_AD)))
		return -EINVAL;
	cmd->addr = (__u64)(uintptr_t)ranges;
	cmd->data_len = nr * sizeof(*ranges);
	cmd->cdw10 = FLD_SET(DSM_NR, nr - 1);
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

	ret = io_cmd_init(cmd, nvme_cmd_copy, g);
	if (!ret)
		ret = io_check_buf(NULL, ranges, nr * sizeof(*ranges));
	if (ret)
		return ret;
	if (nr > NGIO_MAX_COPY_RANGES || (flags & ~COPY_FLAGS))
		return -EINVAL;
	io_set_slba(cmd, sdlba);
	cmd->addr = (__u64)(uintptr_t)ranges;
	cmd->data_len = nr * sizeof(*ranges);
	/* Descriptor format 0: NR and the write's FUA and LR. */
	cmd->cdw12 = FLD_SET(COPY_NR, nr - 1) | FLD_SET(COPY_FMT, 0) |
		     cdw12_flags(flags);
	return 0;
}

int ngio_cmd_metadata(struct nvme_uring_cmd *cmd,
		      const struct ngio_geometry *g, void *md, __u32 md_len)
{
	__u32 nlb = cdw12_nlb(cmd->cdw12);

	if (!md)
		return -EFAULT;
	/* Separate metadata only: extended formats carry it in the data. */
	if (!g->ms || g->extended)
		return -EINVAL;
	/* By the namespace's command set: on KV, 01h is no write. */
	if (!ngio_op_moves_lbas(ngio_op_kind(g->csi, cmd->opcode)))
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
	switch (ngio_op_kind(g->csi, cmd->opcode)) {
	case NGIO_OP_READ:
	case NGIO_OP_WRITE:
	case NGIO_OP_COMPARE:
	case NGIO_OP_VERIFY:
	case NGIO_OP_APPEND:
		break;
	case NGIO_OP_WRITE_ZEROES:
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
	cmd->cdw12 = (cmd->cdw12 & ~CDW12_PRCHK) | FLD_SET(CDW12_PRCHK, check);
	set_reftag(cmd, g, t->reftag);
	cmd->cdw15 = FLD_SET(CDW15_LBAT, t->apptag) |
		     FLD_SET(CDW15_LBATM, t->apptag_mask);
	return 0;
}

/* ---------------------------------------------------------- splitting */

int ngio_split_init(struct ngio_split *s, const struct ngio_geometry *g,
		    const struct ngio_xfer *x)
{
	bool separate;

	if (!s || !g || !x)
		return -EFAULT;
	if (!g->nsid || !g->lba_size || !x->nlb)
		return -EINVAL;
	if (x->flags & ~WZ_FLAGS ||
	    (x->flags & NGIO_RW_PRACT && !ngio_pi_size(g)))
		return -EINVAL;
	if ((uintptr_t)x->data & 3 || (uintptr_t)x->md & 3)
		return -EINVAL;
	/* Metadata apart from the data, unless PRACT leaves none to move. */
	separate = g->ms && !g->extended && !ngio_pract_strips(g, x->flags);
	if (x->md && (!x->data || !separate))
		return -EINVAL;
	if (x->data && separate && !x->md)
		return -EINVAL;
	if (x->tags && (!ngio_pi_size(g) ||
			x->tags->reftag & ~ngio_pi_reftag(g, ~0ULL)))
		return -EINVAL;
	memset(s, 0, sizeof(*s));
	s->g = g;
	s->bb = ngio_xfer_block_bytes(g, x->flags);
	s->mb = x->md ? g->ms : 0;
	/* Buffers that size_t cannot span are not in memory. */
	if (x->data && x->nlb > SIZE_MAX / s->bb)
		return -EINVAL;
	/* The whole range or nothing: the pieces' LBAs must not wrap or
	 * run past the end, where a device would take the first ones. */
	if (!ngio_range_ok(g, x->slba, x->nlb))
		return -ERANGE;
	s->slba = x->slba;
	s->nlb = x->nlb;
	s->data = x->data;
	s->md = x->md;
	s->max_nlb = x->max_nlb && x->max_nlb < NGIO_MAX_NLB ? x->max_nlb :
		     NGIO_MAX_NLB;
	if (x->tags) {
		s->has_tags = true;
		s->tags = *x->tags;
	}
	return 0;
}

/* Data bytes one command may move from p: MDTS, and the pages the
 * kernel will map from where p lies in its page. */
static __u64 xfer_room(const struct ngio_geometry *g, const char *p)
{
	__u64 room = g->max_xfer ? g->max_xfer : UINT32_MAX;
	__u64 span;

	if (g->max_segments && g->page_size) {
		span = (__u64)g->max_segments * g->page_size -
		       ((uintptr_t)p & (g->page_size - 1));
		if (span < room)
			room = span;
	}
	return room;
}

int ngio_split_next(struct ngio_split *s, struct ngio_chunk *c)
{
	const struct ngio_geometry *g = s->g;
	__u64 n = s->nlb - s->off;
	char *data = s->data ? s->data + s->off * s->bb : NULL;

	if (!n)
		return 0;
	if (n > s->max_nlb)
		n = s->max_nlb;
	if (data && xfer_room(g, data) / s->bb < n)
		n = xfer_room(g, data) / s->bb;
	if (!n)
		return -EINVAL;
	memset(c, 0, sizeof(*c));
	c->off = s->off;
	c->slba = s->slba + s->off;
	c->nlb = n;
	if (data) {
		c->data = data;
		c->data_len = n * s->bb;
	}
	if (s->md) {
		c->md = s->md + s->off * s->mb;
		c->md_len = n * s->mb;
	}
	if (s->has_tags) {
		c->tags = s->tags;
		/* Types 1 and 2 count on block by block; type 3 does not. */
		if (g->pi_type != NVME_NS_DPS_PI_TYPE3)
			c->tags.reftag = ngio_pi_reftag(g, s->tags.reftag +
							s->off);
	}
	s->off += n;
	return 1;
}
