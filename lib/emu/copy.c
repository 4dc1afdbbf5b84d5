// SPDX-License-Identifier: MIT
/*
 * The emulated controller's Copy command (NVM Command Set Specification
 * 1.0 3.3.1): source range descriptor formats 0 and 1, within one
 * namespace.
 */
#include <endian.h>
#include <errno.h>
#include <stdlib.h>

#include <nvme/types.h>

#include "emu-int.h"

/* One source range of a Copy, either descriptor format. */
struct copy_src {
	__u64 slba;
	__u32 nlb;
	struct emu_pi pi;
};

static void copy_src(const struct emu_ns *ns, const unsigned char *e, bool f1,
		     __u8 prinfor, struct copy_src *s)
{
	s->slba = le64toh(*(const __le64 *)(e + 8));
	s->nlb = le16toh(*(const __le16 *)(e + 16)) + 1;
	s->pi.prinfo = ns->p.pi ? prinfor : 0;
	if (!f1) {
		s->pi.ilbrt = le32toh(*(const __le32 *)(e + 20));
		s->pi.lbat = le16toh(*(const __le16 *)(e + 24));
		s->pi.lbatm = le16toh(*(const __le16 *)(e + 26));
	} else {
		/* Bytes 31:22, storage tag above the reference tag (STS 0:
		 * the 48-bit tag alone). */
		s->pi.ilbrt = 0;
		for (int k = 5; k >= 0; k--)
			s->pi.ilbrt = s->pi.ilbrt << 8 | e[22 + k];
		s->pi.lbat = le16toh(*(const __le16 *)(e + 32));
		s->pi.lbatm = le16toh(*(const __le16 *)(e + 34));
	}
}

/* A Copy command, decoded, and its source range entries. */
struct copy {
	__u64 sdlba, total;
	__u32 nr;
	__u8 prinfor;
	bool fua, f1;
	size_t esz;		/* bytes per entry */
	struct emu_pi w;	/* for the destination */
	unsigned char *ents;
};

static void copy_ent(const struct emu_ns *ns, const struct copy *cp,
		     __u32 i, struct copy_src *s)
{
	copy_src(ns, cp->ents + i * cp->esz, cp->f1, cp->prinfor, s);
}

/* The command's fields and its entries, copied in (cp->ents). */
static int copy_decode(const struct emu_ns *ns, bool vec,
		       const struct nvme_uring_cmd *cmd, struct copy *cp)
{
	__u8 fmt = (cmd->cdw12 >> 8) & 0xf;
	struct emu_buf db;
	int ret;

	cp->sdlba = cmd->cdw10 | (__u64)cmd->cdw11 << 32;
	cp->total = 0;
	cp->nr = (cmd->cdw12 & 0xff) + 1;
	cp->prinfor = (cmd->cdw12 >> 12) & 0xf;
	cp->fua = cmd->cdw12 & CDW12_FUA;
	cp->f1 = fmt == 1;
	cp->esz = cp->f1 ? 40 : 32;
	cp->ents = NULL;
	/* Formats 0 and 1 (OCFS bits 0, 1); format 0 carries 32-bit tags
	 * only, format 1 the 64b guard's (NVM 1.0 3.3.1). */
	if (fmt > 1)
		return EMU_INVALID_FIELD;
	if (ns->p.pi && cp->f1 != emu_pi_g64(ns))
		return EMU_INVALID_FORMAT;
	if (cp->nr > EMU_MSRC)
		return EMU_SIZE_LIMIT;
	emu_pi_args(ns, cmd, PRINFO(cmd->cdw12), &cp->w);
	ret = emu_buf_init(&db, vec, cmd->addr, cmd->data_len);
	if (ret)
		return ret;
	if (!db.len)
		return EMU_INVALID_FIELD;
	if (db.len < cp->nr * cp->esz)
		return EMU_SGL_LEN;
	cp->ents = malloc(cp->nr * cp->esz);
	if (!cp->ents)
		return -ENOMEM;
	emu_buf_in(&db, 0, cp->ents, cp->nr * cp->esz);
	return 0;
}

/* The limits, then every source range, then the destination. */
static int copy_check(const struct emu_ns *ns, struct copy *cp)
{
	struct copy_src s;
	__u32 i;
	int ret;

	for (i = 0; i < cp->nr; i++) {
		copy_ent(ns, cp, i, &s);
		if (s.nlb > EMU_MSSRL)
			return EMU_SIZE_LIMIT;
		cp->total += s.nlb;
	}
	if (cp->total > EMU_MCL)
		return EMU_SIZE_LIMIT;
	for (i = 0; i < cp->nr; i++) {
		copy_ent(ns, cp, i, &s);
		ret = emu_lba_range(ns, s.slba, s.nlb);
		if (!ret)
			ret = emu_pi_type1_ilbrt(ns, &s.pi, s.slba);
		if (!ret && ns->zones)
			ret = emu_zones_read_check(ns->zones, s.slba, s.nlb);
		if (ret)
			return ret;
	}
	ret = emu_lba_range(ns, cp->sdlba, cp->total);
	if (!ret)
		ret = emu_pi_type1_ilbrt(ns, &cp->w, cp->sdlba);
	if (!ret && ns->zones)
		ret = emu_zones_write_check(ns->zones, &cp->sdlba, cp->total,
					    false);
	return ret;
}

/* Every source block in order; pass 0 checks them, pass 1 stores them. */
static int copy_blocks(struct emu_ctrl *c, struct emu_ns *ns,
		       const struct copy *cp, int pass)
{
	unsigned char *d = c->bounce, *m = c->bounce + ns->p.lba_size;
	const struct emu_pi *w = &cp->w;
	struct copy_src s;
	__u32 i, j, k = 0;
	__u64 lba;
	int ret;

	for (i = 0; i < cp->nr; i++) {
		copy_ent(ns, cp, i, &s);
		for (j = 0; j < s.nlb; j++, k++) {
			lba = s.slba + j;
			if (!emu_blk_load(ns, lba, d, m))
				return EMU_UNRECOVERED;
			if (!pass && (s.pi.prinfo & 7)) {
				ret = emu_pi_check(ns, &s.pi, j, d, m);
				if (ret)
					return ret;
			}
			if (ns->p.pi && (w->prinfo & PR_PRACT))
				emu_pi_gen(ns, w, k, d, m);
			else if (!pass && (w->prinfo & 7) &&
				 (ret = emu_pi_check(ns, w, k, d, m)))
				return ret;
			if (pass)
				emu_blk_store(c, ns, cp->sdlba + k, d, m,
					      cp->fua, EMU_STORE_DATA);
		}
	}
	return 0;
}

int emu_copy(struct emu_ctrl *c, struct emu_ns *ns, bool vec,
	     const struct nvme_uring_cmd *cmd)
{
	struct copy cp;
	int ret;

	ret = copy_decode(ns, vec, cmd, &cp);
	if (!ret)
		ret = copy_check(ns, &cp);
	/* Pass 1: every source block reads and checks, and what the
	 * destination will hold passes its checks; pass 2 writes. */
	for (int pass = 0; !ret && pass < 2; pass++)
		ret = copy_blocks(c, ns, &cp, pass);
	if (!ret) {
		if (ns->zones) {
			emu_zones_write_commit(ns->zones, cp.sdlba, cp.total);
			emu_zone_state_save(ns);
		}
		ns->bytes_written += cp.total * ns->p.lba_size;
		ns->host_writes++;
	}
	free(cp.ents);
	return ret;
}
