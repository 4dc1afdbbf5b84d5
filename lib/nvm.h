/* SPDX-License-Identifier: MIT */
/*
 * The NVM command set's helpers that other files share: the builders'
 * common checks (cmd.c), the read/write encoding the queue builds
 * straight into an SQE, and the metadata and PI rules (nvm.c).
 */
#ifndef NGIO_NVM_H
#define NGIO_NVM_H

#include <errno.h>
#include <string.h>

#include "ngio.h"
#include "fields.h"

/* cmd.c: start an I/O command on g's namespace (-EINVAL: none). */
int io_cmd_init(struct nvme_uring_cmd *cmd, __u8 opcode,
		const struct ngio_geometry *g);
void io_set_slba(struct nvme_uring_cmd *cmd, __u64 slba);
/* A data buffer the kernel will map: aligned, within MDTS and segments
 * (g NULL: alignment only).  Inline: the queue's hot path checks it. */
static inline int io_check_buf(const struct ngio_geometry *g,
			       const void *buf, __u32 len)
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

/* nvm.c: read, write, compare and zone append of len bytes at slba. */
int nvm_xfer(struct nvme_uring_cmd *cmd, __u8 opcode,
	     const struct ngio_geometry *g, __u64 slba, const void *buf,
	     __u32 len, unsigned flags);

/*
 * Each command set's own I/O opcodes (zns.c, kv.c; NGIO_OP_UNKNOWN for
 * others), which ngio_op_kind() (nvm.c) completes with those they
 * share; and the statuses a set defines beyond libnvme's names, as
 * "Name: explanation" (NULL for the rest).
 */
enum ngio_op zns_op_kind(__u8 opcode);
enum ngio_op kv_op_kind(__u8 opcode);
const char *kv_status_name(unsigned sct, unsigned sc);

/*
 * Read, write and compare, split so the queue can build straight into an
 * SQE: rw_check() validates and returns CDW12, rw_encode() writes the
 * command (the only place these three are encoded).
 */
#define RW_FLAGS	(NGIO_RW_FUA | NGIO_RW_LR | NGIO_RW_PRACT)

/* The CDW12 bits of flags (NLB aside). */
static inline __u32 cdw12_flags(unsigned flags)
{
	return (flags & NGIO_RW_FUA ? CDW12_FUA : 0) |
	       (flags & NGIO_RW_LR ? CDW12_LR : 0) |
	       (flags & NGIO_RW_PRACT ? CDW12_PRACT : 0) |
	       (flags & NGIO_WZ_DEAC ? CDW12_DEAC : 0);
}

static inline int rw_check(const struct ngio_geometry *g, const void *buf,
			   __u32 len, unsigned flags, __u32 *cdw12)
{
	__u32 nlb;
	int ret;

	/* Read and write are NVM's (and ZNS's): on a Key Value namespace
	 * 01h and 02h are Store and Retrieve. */
	if (!g->nsid || !g->lba_size ||
	    (g->csi != NVME_CSI_NVM && g->csi != NVME_CSI_ZNS))
		return -EINVAL;
	ret = io_check_buf(g, buf, len);
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
	/* No flags is the usual case: no bits to map. */
	*cdw12 = FLD_SET(NLB, nlb - 1) | (flags ? cdw12_flags(flags) : 0);
	return 0;
}

/* The blocks a built LBA command covers: NLB, 0's based. */
static inline __u32 cdw12_nlb(__u32 cdw12)
{
	return FLD_GET(NLB, cdw12) + 1;
}

/* ngio_pract_strips() of a command already built (its CDW12). */
static inline bool pi_strip(const struct ngio_geometry *g, __u32 cdw12)
{
	return ngio_pract_strips(g, cdw12 & CDW12_PRACT ? NGIO_RW_PRACT : 0);
}

/* ILBRT in CDW14; with the 64b guard the 48-bit EILBRT, 47:32 in CDW3. */
static inline void set_reftag(struct nvme_uring_cmd *cmd,
			      const struct ngio_geometry *g, __u64 ref)
{
	cmd->cdw14 = (__u32)ref;
	cmd->cdw3 = g->pi_format == NGIO_PI_GUARD64 ? (__u32)(ref >> 32) : 0;
}

/*
 * PRACT without ngio_cmd_pi(): types 1 and 2 count the reference tags the
 * controller writes from the LBA (as Linux's block path checks them),
 * not from 0.  ngio_cmd_pi() replaces it.
 */
static inline void pi_seed(struct nvme_uring_cmd *cmd,
			   const struct ngio_geometry *g, __u64 slba)
{
	if (cmd->cdw12 & CDW12_PRACT && g->pi_type != NVME_NS_DPS_PI_TYPE3)
		set_reftag(cmd, g, ngio_pi_reftag(g, slba));
}

static inline void rw_encode(struct nvme_uring_cmd *cmd, __u8 opcode,
			     const struct ngio_geometry *g, __u64 slba,
			     const void *buf, __u32 len, __u32 cdw12)
{
	memset(cmd, 0, sizeof(*cmd));
	cmd->opcode = opcode;
	cmd->nsid = g->nsid;
	cmd->addr = (__u64)(uintptr_t)buf;
	cmd->data_len = len;
	io_set_slba(cmd, slba);
	cmd->cdw12 = cdw12;
	pi_seed(cmd, g, slba);
}

/*
 * The metadata buffer of a read, write, compare or zone append (by the
 * namespace's command set: on a KV namespace 01h and 02h are Store and
 * Retrieve), against g's format.  Separate metadata must have a buffer
 * covering every block (unless PRACT strips it): without one the
 * controller would move metadata at bus address 0, and Linux 6.1 checks
 * neither that nor the length (a short buffer on a read is overrun in
 * the kernel).  Any other format must have none: Linux 6.1 refuses it,
 * leaking the request.  -EINVAL, or 0 when the command may go.
 */
static inline int md_check(const struct ngio_geometry *g, __u8 opcode,
			   __u32 cdw12, __u64 metadata, __u32 metadata_len)
{
	/* No metadata in the format or the command: nothing to check, and
	 * the hot path pays no opcode lookup. */
	if (!g->ms && !metadata && !metadata_len)
		return 0;
	if (!ngio_op_moves_lbas(ngio_op_kind(g->csi, opcode)))
		return 0;
	if (!g->ms || g->extended || pi_strip(g, cdw12))
		return metadata || metadata_len ? -EINVAL : 0;
	if (!metadata || metadata_len < cdw12_nlb(cdw12) * g->ms)
		return -EINVAL;
	return 0;
}

/*
 * Any command, admin or I/O, built here or by hand: a metadata buffer
 * only with data, both its address and length, on a namespace keeping
 * metadata apart.  Linux 6.1 refuses the rest and leaks the request (or,
 * without data, copies from NULL on completion); then md_check() for the
 * commands whose metadata ngio knows the size of.
 */
static inline int md_check_cmd(const struct ngio_geometry *g, bool admin,
			       const struct nvme_uring_cmd *cmd)
{
	if (cmd->metadata || cmd->metadata_len) {
		if (!cmd->metadata || !cmd->metadata_len || admin ||
		    !cmd->addr || !cmd->data_len || !g->ms || g->extended)
			return -EINVAL;
	}
	if (admin)
		return 0;
	return md_check(g, cmd->opcode, cmd->cdw12, cmd->metadata,
			cmd->metadata_len);
}

#endif
