// SPDX-License-Identifier: MIT
/*
 * The emulated controller's I/O commands: the NVM command set (NVM Command
 * Set Specification 1.0) with metadata and end-to-end protection
 * information (prot.c), and the data moves of a zoned namespace's
 * commands (the zone model itself is zones.c).  The blocks and the
 * volatile write cache are cache.c, Copy is copy.c.
 */
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <nvme/types.h>

#include "emu-int.h"

/* A read/write family command, decoded. */
struct rw {
	__u64 slba;
	__u32 nlb;
	bool fua;
	struct emu_pi pi;
	__u32 hms;		/* metadata bytes per block the host moves */
	__u32 stride;		/* data buffer bytes per block */
};

static __u64 mdts_bytes(const struct emu_ctrl *c)
{
	return c->mdts ? 4096ULL << c->mdts : 0;
}

static void rw_decode(const struct emu_ns *ns, const struct nvme_uring_cmd *cmd,
		      struct rw *rw)
{
	__u8 prinfo = PRINFO(cmd->cdw12);

	rw->slba = cmd->cdw10 | (__u64)cmd->cdw11 << 32;
	rw->nlb = (cmd->cdw12 & 0xffff) + 1;
	rw->fua = cmd->cdw12 & CDW12_FUA;
	emu_pi_args(ns, cmd, prinfo, &rw->pi);
	/* PRACT with metadata that is only the tuple: the controller adds
	 * it on writes and strips it on reads, the host moves none. */
	rw->hms = ns->p.ms;
	if (ns->p.pi && (prinfo & PR_PRACT) && ns->p.ms == ns->pi_size)
		rw->hms = 0;
	rw->stride = ns->p.lba_size + (ns->p.ext ? rw->hms : 0);
}

/* The checks every data-moving command makes before it moves data. */
static int rw_prep(struct emu_ctrl *c, const struct emu_ns *ns, bool vec,
		   const struct nvme_uring_cmd *cmd, const struct rw *rw,
		   struct emu_buf *db, struct emu_buf *mb, __u64 limit)
{
	__u64 need = (__u64)rw->nlb * rw->stride;
	int ret;

	if (limit && need > limit)
		return EMU_INVALID_FIELD;
	ret = emu_lba_range(ns, rw->slba, rw->nlb);
	if (ret)
		return ret;
	ret = emu_buf_init(db, vec, cmd->addr, cmd->data_len);
	if (ret)
		return ret;
	/* No data buffer at all for a command that moves data. */
	if (!db->len)
		return EMU_INVALID_FIELD;
	/* A buffer shorter than the transfer: what an SGL-capable device
	 * reports, and what Linux 6.13+ passes on. */
	if (db->len < need)
		return EMU_SGL_LEN;
	memset(mb, 0, sizeof(*mb));
	if (!ns->p.ext && rw->hms) {
		if (!cmd->metadata || !cmd->metadata_len)
			return EMU_INVALID_FIELD;
		if (cmd->metadata_len < (__u64)rw->nlb * rw->hms)
			return EMU_MD_SGL_LEN;
		ret = emu_buf_init(mb, false, cmd->metadata,
				   cmd->metadata_len);
		if (ret)
			return ret;
	}
	(void)c;
	return emu_pi_type1_ilbrt(ns, &rw->pi, rw->slba);
}

/* The host's block i: data into d, metadata (if it sends any) into m. */
static void host_in(const struct emu_ns *ns, const struct rw *rw,
		    const struct emu_buf *db, const struct emu_buf *mb,
		    __u32 i, unsigned char *d, unsigned char *m)
{
	size_t off = (size_t)i * rw->stride;

	emu_buf_in(db, off, d, ns->p.lba_size);
	if (!rw->hms) {
		memset(m, 0, ns->p.ms);
		return;
	}
	if (ns->p.ext)
		emu_buf_in(db, off + ns->p.lba_size, m, rw->hms);
	else
		emu_buf_in(mb, (size_t)i * rw->hms, m, rw->hms);
}

static void host_out(const struct emu_ns *ns, const struct rw *rw,
		     const struct emu_buf *db, const struct emu_buf *mb,
		     __u32 i, const unsigned char *d, const unsigned char *m)
{
	size_t off = (size_t)i * rw->stride;

	emu_buf_out(db, off, d, ns->p.lba_size);
	if (!rw->hms)
		return;
	if (ns->p.ext)
		emu_buf_out(db, off + ns->p.lba_size, m, rw->hms);
	else
		emu_buf_out(mb, (size_t)i * rw->hms, m, rw->hms);
}

/* What a read and a compare check before they touch a block. */
static int read_prep(struct emu_ctrl *c, struct emu_ns *ns, bool vec,
		     const struct nvme_uring_cmd *cmd, struct rw *rw,
		     struct emu_buf *db, struct emu_buf *mb)
{
	int ret;

	rw_decode(ns, cmd, rw);
	ret = rw_prep(c, ns, vec, cmd, rw, db, mb, mdts_bytes(c));
	if (!ret && ns->zones)
		ret = emu_zones_read_check(ns->zones, rw->slba, rw->nlb);
	return ret;
}

/* Block i of the command: its newest copy, its PI checked as asked. */
static int read_block(struct emu_ns *ns, struct rw *rw, __u32 i,
		      unsigned char *d, unsigned char *m)
{
	if (!emu_blk_load(ns, rw->slba + i, d, m))
		return EMU_UNRECOVERED;
	if (rw->pi.prinfo & 7)
		return emu_pi_check(ns, &rw->pi, i, d, m);
	return 0;
}

static int do_read(struct emu_ctrl *c, struct emu_ns *ns, bool vec,
		   const struct nvme_uring_cmd *cmd)
{
	unsigned char *d = c->bounce, *m = c->bounce + ns->p.lba_size;
	struct emu_buf db, mb;
	struct rw rw;
	__u32 i;
	int ret;

	ret = read_prep(c, ns, vec, cmd, &rw, &db, &mb);
	if (ret)
		return ret;
	for (i = 0; i < rw.nlb; i++) {
		ret = read_block(ns, &rw, i, d, m);
		if (ret)
			return ret;
		host_out(ns, &rw, &db, &mb, i, d, m);
	}
	ns->bytes_read += (__u64)rw.nlb * ns->p.lba_size;
	ns->host_reads++;
	return 0;
}

/* Write and Zone Append: check every block first, then store them. */
static int do_write(struct emu_ctrl *c, struct emu_ns *ns, bool vec,
		    const struct nvme_uring_cmd *cmd, bool append,
		    __u64 *result)
{
	unsigned char *d = c->bounce, *m = c->bounce + ns->p.lba_size;
	bool pract = ns->p.pi && (PRINFO(cmd->cdw12) & PR_PRACT);
	struct emu_buf db, mb;
	__u64 limit = mdts_bytes(c);
	struct rw rw;
	__u32 i;
	int ret;

	rw_decode(ns, cmd, &rw);
	/* ZASL is a power of two in 4 KiB pages, 0 meaning MDTS. */
	if (append && c->zasl)
		limit = 4096ULL << c->zasl;
	ret = rw_prep(c, ns, vec, cmd, &rw, &db, &mb, limit);
	if (!ret && ns->zones)
		ret = emu_zones_write_check(ns->zones, &rw.slba, rw.nlb,
					    append);
	if (ret)
		return ret;
	/* An append's blocks land at the write pointer: past the end the
	 * zone model would have refused. */
	if (append && emu_lba_range(ns, rw.slba, rw.nlb))
		return EMU_LBA_RANGE;
	for (i = 0; !pract && (rw.pi.prinfo & 7) && i < rw.nlb; i++) {
		host_in(ns, &rw, &db, &mb, i, d, m);
		ret = emu_pi_check(ns, &rw.pi, i, d, m);
		if (ret)
			return ret;
	}
	for (i = 0; i < rw.nlb; i++) {
		host_in(ns, &rw, &db, &mb, i, d, m);
		if (pract)
			emu_pi_gen(ns, &rw.pi, i, d, m);
		emu_blk_store(c, ns, rw.slba + i, d, m, rw.fua,
			      EMU_STORE_DATA);
	}
	if (ns->zones) {
		emu_zones_write_commit(ns->zones, rw.slba, rw.nlb);
		emu_zone_state_save(ns);
	}
	if (append)
		*result = rw.slba;
	ns->bytes_written += (__u64)rw.nlb * ns->p.lba_size;
	ns->host_writes++;
	return 0;
}

static int do_compare(struct emu_ctrl *c, struct emu_ns *ns, bool vec,
		      const struct nvme_uring_cmd *cmd)
{
	unsigned char *d = c->bounce, *m = c->bounce + ns->p.lba_size;
	unsigned char *hd = c->bounce + c->bounce_len;
	unsigned char *hm = hd + ns->p.lba_size;
	bool differ = false;
	struct emu_buf db, mb;
	struct rw rw;
	__u32 i;
	int ret;

	ret = read_prep(c, ns, vec, cmd, &rw, &db, &mb);
	if (ret)
		return ret;
	for (i = 0; i < rw.nlb; i++) {
		ret = read_block(ns, &rw, i, d, m);
		if (ret)
			return ret;
		host_in(ns, &rw, &db, &mb, i, hd, hm);
		if (memcmp(d, hd, ns->p.lba_size) ||
		    (rw.hms && memcmp(m, hm, rw.hms)))
			differ = true;
	}
	ns->bytes_read += (__u64)rw.nlb * ns->p.lba_size;
	ns->host_reads++;
	return differ ? EMU_COMPARE_FAIL : 0;
}

static int do_verify(struct emu_ctrl *c, struct emu_ns *ns,
		     const struct nvme_uring_cmd *cmd)
{
	unsigned char *d = c->bounce, *m = c->bounce + ns->p.lba_size;
	struct rw rw;
	__u32 i;
	int ret;

	rw_decode(ns, cmd, &rw);
	/* VSL 0: no limit but the namespace's end; no data moves. */
	ret = emu_lba_range(ns, rw.slba, rw.nlb);
	if (!ret)
		ret = emu_pi_type1_ilbrt(ns, &rw.pi, rw.slba);
	if (!ret && ns->zones)
		ret = emu_zones_read_check(ns->zones, rw.slba, rw.nlb);
	if (ret)
		return ret;
	for (i = 0; i < rw.nlb; i++) {
		if (!emu_blk_load(ns, rw.slba + i, d, m))
			return EMU_UNRECOVERED;
		if (rw.pi.prinfo & 7) {
			ret = emu_pi_check(ns, &rw.pi, i, d, m);
			if (ret)
				return ret;
		}
	}
	ns->host_reads++;
	return 0;
}

static int do_write_zeroes(struct emu_ctrl *c, struct emu_ns *ns,
			   const struct nvme_uring_cmd *cmd)
{
	unsigned char *d = c->bounce, *m = c->bounce + ns->p.lba_size;
	bool deac = cmd->cdw12 & CDW12_DEAC;
	struct rw rw;
	__u32 i;
	int ret;

	rw_decode(ns, cmd, &rw);
	ret = emu_lba_range(ns, rw.slba, rw.nlb);
	if (!ret && ns->zones)
		ret = emu_zones_write_check(ns->zones, &rw.slba, rw.nlb,
					    false);
	if (ret)
		return ret;
	if (deac) {
		/* Deallocated blocks read zeroes (DLFEAT 001b). */
		emu_ns_dealloc(ns, rw.slba, rw.nlb);
	} else {
		for (i = 0; i < rw.nlb; i++) {
			memset(d, 0, ns->p.lba_size);
			memset(m, 0, ns->p.ms);
			/* PRACT: the tuple for the zeroes; without it the
			 * metadata is zeroes too. */
			if (ns->p.pi && (rw.pi.prinfo & PR_PRACT))
				emu_pi_gen(ns, &rw.pi, i, d, m);
			emu_blk_store(c, ns, rw.slba + i, d, m, rw.fua,
				      EMU_STORE_DATA);
		}
	}
	if (ns->zones) {
		emu_zones_write_commit(ns->zones, rw.slba, rw.nlb);
		emu_zone_state_save(ns);
	}
	return 0;
}

static int do_write_uncor(struct emu_ctrl *c, struct emu_ns *ns,
			  const struct nvme_uring_cmd *cmd)
{
	__u64 slba = cmd->cdw10 | (__u64)cmd->cdw11 << 32;
	__u32 nlb = (cmd->cdw12 & 0xffff) + 1, i;
	int ret;

	ret = emu_lba_range(ns, slba, nlb);
	/* The write pointer does not move: only the zone boundary and
	 * state rules of a read apply. */
	if (!ret && ns->zones)
		ret = emu_zones_read_check(ns->zones, slba, nlb);
	if (ret)
		return ret;
	for (i = 0; i < nlb; i++)
		emu_blk_store(c, ns, slba + i, NULL, NULL, false,
			      EMU_STORE_UNCOR);
	return 0;
}

static int do_dsm(struct emu_ctrl *c, struct emu_ns *ns, bool vec,
		  const struct nvme_uring_cmd *cmd)
{
	__u32 nr = (cmd->cdw10 & 0xff) + 1, i;
	bool ad = cmd->cdw11 & NVME_DSMGMT_AD;
	unsigned char r[16];
	struct emu_buf db;
	int ret;

	(void)c;
	ret = emu_buf_init(&db, vec, cmd->addr, cmd->data_len);
	if (ret)
		return ret;
	if (!db.len)
		return EMU_INVALID_FIELD;
	if (db.len < nr * 16)
		return EMU_SGL_LEN;
	/* Every range checked before any is acted on. */
	for (i = 0; i < nr; i++) {
		__u64 slba;
		__u32 nlb;

		emu_buf_in(&db, i * 16, r, 16);
		nlb = le32toh(*(__le32 *)(r + 4));
		slba = le64toh(*(__le64 *)(r + 8));
		if (nlb && emu_lba_range(ns, slba, nlb))
			return EMU_LBA_RANGE;
	}
	/* Integral read/write and the context attributes are hints. */
	for (i = 0; ad && i < nr; i++) {
		emu_buf_in(&db, i * 16, r, 16);
		emu_ns_dealloc(ns, le64toh(*(__le64 *)(r + 8)),
			       le32toh(*(__le32 *)(r + 4)));
	}
	return 0;
}


/* Reset and offline zones: their blocks deallocated. */
static void zone_zero(void *ctx, __u64 slba, __u64 nlb)
{
	emu_ns_dealloc(ctx, slba, nlb);
}

static int do_zone_send(struct emu_ctrl *c, struct emu_ns *ns, bool vec,
			const struct nvme_uring_cmd *cmd)
{
	struct emu_buf db;
	void *data = NULL;
	int ret;

	(void)c;
	ret = emu_buf_init(&db, vec, cmd->addr, cmd->data_len);
	if (ret)
		return ret;
	if (db.len) {
		data = malloc(db.len);
		if (!data)
			return -ENOMEM;
		emu_buf_in(&db, 0, data, db.len);
	}
	ret = emu_zones_mgmt_send(ns->zones, cmd, data, db.len, zone_zero, ns);
	if (!ret)
		emu_zone_state_save(ns);
	free(data);
	return ret;
}

static int do_zone_recv(struct emu_ctrl *c, struct emu_ns *ns, bool vec,
			const struct nvme_uring_cmd *cmd)
{
	__u64 len = ((__u64)cmd->cdw12 + 1) * 4, limit = mdts_bytes(c);
	struct emu_buf db;
	void *buf;
	int ret;

	ret = emu_buf_init(&db, vec, cmd->addr, cmd->data_len);
	if (ret)
		return ret;
	if ((limit && len > limit) || (!limit && len > (64U << 20)))
		return EMU_INVALID_FIELD;
	if (!db.len)
		return EMU_INVALID_FIELD;
	if (db.len < len)
		return EMU_SGL_LEN;
	buf = calloc(1, len);
	if (!buf)
		return -ENOMEM;
	ret = emu_zones_mgmt_recv(ns->zones, cmd, buf, len);
	if (!ret)
		emu_buf_out(&db, 0, buf, len);
	free(buf);
	return ret;
}

static int do_flush(struct emu_ctrl *c, const struct nvme_uring_cmd *cmd)
{
	struct emu_ns *ns;
	unsigned i;

	/* VWC bits 2:1 = 11b: FFFFFFFFh flushes every namespace. */
	if (cmd->nsid == 0xffffffff) {
		for (i = 0; i < c->nr_ns; i++)
			emu_flush_ns(c, &c->ns[i]);
		return 0;
	}
	ns = emu_ns_get(c, cmd->nsid);
	if (!ns)
		return EMU_INVALID_NS;
	return emu_flush_ns(c, ns);
}

int emu_io(struct emu_ctrl *c, bool vec, const struct nvme_uring_cmd *cmd,
	   __u64 *result)
{
	struct emu_ns *ns;

	if (cmd->opcode == nvme_cmd_flush)
		return do_flush(c, cmd);
	ns = emu_ns_get(c, cmd->nsid);
	if (!ns)
		return EMU_INVALID_NS;
	switch (cmd->opcode) {
	case nvme_cmd_read:
		return do_read(c, ns, vec, cmd);
	case nvme_cmd_write:
		return do_write(c, ns, vec, cmd, false, result);
	case nvme_cmd_compare:
		return do_compare(c, ns, vec, cmd);
	case nvme_cmd_write_uncor:
		return do_write_uncor(c, ns, cmd);
	case nvme_cmd_write_zeroes:
		return do_write_zeroes(c, ns, cmd);
	case nvme_cmd_dsm:
		return do_dsm(c, ns, vec, cmd);
	case nvme_cmd_verify:
		return do_verify(c, ns, cmd);
	case nvme_cmd_copy:
		return emu_copy(c, ns, vec, cmd);
	}
	if (!ns->zones)
		return EMU_INVALID_OPCODE;
	switch (cmd->opcode) {
	case nvme_zns_cmd_append:
		return do_write(c, ns, vec, cmd, true, result);
	case nvme_zns_cmd_mgmt_send:
		return do_zone_send(c, ns, vec, cmd);
	case nvme_zns_cmd_mgmt_recv:
		return do_zone_recv(c, ns, vec, cmd);
	}
	return EMU_INVALID_OPCODE;
}
