// SPDX-License-Identifier: MIT
/*
 * Every command ngio builds, through libngio on the real kernel path:
 * the synchronous helpers and the async queue, data verified wherever
 * data moves, NVMe statuses checked exactly, and bad input refused with
 * nothing sent.  Run once per namespace; the geometry comes from the
 * device.  What QEMU 7.2 does where the spec leaves room is asserted as
 * found and said so in a comment.
 *
 * On a format with separate metadata every data command carries a
 * metadata buffer: without one the controller would move the metadata
 * at bus address 0.  The synchronous helpers take none, so they refuse
 * such a format (checked in sync_md_refused()).
 *
 * usage: api_cmds NG_NODE   (prints TAP)
 */
#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ngio.h"
#include "tap.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))




#define REGION_BYTES	(1U << 20)
#define QDEPTH		16
#define BIG_SYNC	(768U << 10)	/* > one command: the helpers split */

/* Each test writes only its own 1 MiB region of the namespace. */
enum region {
	R_RW_SYNC, R_RW_QUEUE, R_COMPARE, R_WZ, R_UNCOR, R_VERIFY, R_DSM,
	R_COPY, R_VEC, R_MD, R_BAD, R_POLL, R_SYNC_MD, NR_REGIONS
};

struct t {
	struct ngio_dev *dev;
	const struct ngio_geometry *g;
	struct ngio_queue *q;
	struct ngio_qdev *qd;
	__u32 bs;		/* bytes per block in the data buffer */
	__u32 ms;		/* separate metadata bytes per block, or 0 */
	void *md_scratch;	/* metadata for commands that do not care */
	struct nvme_cmd_effects_log effects;
	bool have_effects;
};

/* ------------------------------------------------------------ helpers */

static __u64 rnd_state;

static void fill(void *p, size_t len)
{
	unsigned char *c = p;

	for (size_t i = 0; i < len; i++) {
		rnd_state ^= rnd_state << 13;
		rnd_state ^= rnd_state >> 7;
		rnd_state ^= rnd_state << 17;
		c[i] = rnd_state >> 24;
	}
}


/* A completion value in words, for the TAP lines. */
static const char *st(int res)
{
	static char bufs[4][96];
	static unsigned n;
	char *b = bufs[n++ % 4];

	return ngio_status_str(res, b, sizeof(bufs[0]));
}

static __u64 region(const struct t *t, enum region r)
{
	return (__u64)r * (REGION_BYTES / t->g->lba_size);
}

static __u32 md_len(const struct t *t, __u32 len)
{
	return len / t->bs * t->ms;
}

/* Queue one command and wait: its res, or the queue's -errno. */
static int q_run(struct t *t, const struct nvme_uring_cmd *cmd,
		 unsigned cmd_flags, __u64 *result)
{
	return tap_queue_run(t->q, t->qd, cmd, cmd_flags, result);
}

/*
 * A read, write or compare of len bytes at slba; on a separate-metadata
 * format with md attached, or the scratch buffer (zeroes) without one.
 */
static int build_xfer(struct t *t, struct nvme_uring_cmd *cmd, __u8 opcode,
		      __u64 slba, void *buf, __u32 len, void *md)
{
	int ret;

	if (opcode == nvme_cmd_read)
		ret = ngio_cmd_read(cmd, t->g, slba, buf, len, 0);
	else if (opcode == nvme_cmd_write)
		ret = ngio_cmd_write(cmd, t->g, slba, buf, len, 0);
	else
		ret = ngio_cmd_compare(cmd, t->g, slba, buf, len, 0);
	if (ret || !t->ms)
		return ret;
	if (!md) {
		md = t->md_scratch;
		memset(md, 0, md_len(t, len));
	}
	return ngio_cmd_metadata(cmd, t->g, md, md_len(t, len));
}

static int q_xfer(struct t *t, __u8 opcode, __u64 slba, void *buf,
		  __u32 len, void *md)
{
	struct nvme_uring_cmd cmd;
	int ret = build_xfer(t, &cmd, opcode, slba, buf, len, md);

	return ret ? ret : q_run(t, &cmd, 0, NULL);
}

/* Any length through the queue, 64 KiB per command. */
static int q_rw_range(struct t *t, bool write, __u64 slba, void *buf,
		      size_t len, void *md)
{
	const size_t chunk = 65536 - 65536 % t->bs;

	for (size_t off = 0; off < len; off += chunk) {
		__u32 n = len - off < chunk ? len - off : chunk;
		int ret;

		ret = q_xfer(t, write ? nvme_cmd_write : nvme_cmd_read,
			     slba + off / t->bs, (char *)buf + off, n,
			     md ? (char *)md + md_len(t, off) : NULL);
		if (ret)
			return ret;
	}
	return 0;
}

/* Write len bytes (and metadata) of a fresh random pattern at slba. */
static int put_pattern(struct t *t, __u64 slba, void *buf, size_t len,
		       void *md)
{
	fill(buf, len);
	if (md)
		fill(md, md_len(t, len));
	return q_rw_range(t, true, slba, buf, len, md);
}

/* ------------------------------------------------------ read and write */

/* The synchronous helpers: sizes up to several commands. */
static void t_rw_sync(struct t *t)
{
	const __u32 sizes[] = { t->bs, 8 * t->bs, 65536, BIG_SYNC };
	unsigned char *w = zalloc(BIG_SYNC), *r = zalloc(BIG_SYNC);
	__u64 slba = region(t, R_RW_SYNC);
	int ret;

	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		__u32 len = sizes[i];

		fill(w, len);
		memset(r, 0, len);
		ret = ngio_write(t->dev, slba, w, len, 0);
		CHECK(ret == 0, "sync write %u bytes at %llu (%s)", len,
		      (unsigned long long)slba, st(ret));
		ret = ngio_read(t->dev, slba, r, len, 0);
		CHECK(ret == 0 && !memcmp(w, r, len),
		      "sync read of %u bytes equals what was written (%s)",
		      len, st(ret));
		if (len == 65536) {
			memset(r, 0, len);
			ret = q_rw_range(t, false, slba, r, len, NULL);
			CHECK(ret == 0 && !memcmp(w, r, len),
			      "the queue reads back what the sync helper "
			      "wrote (%s)", st(ret));
		}
		slba += len / t->bs;
	}
	free(w);
	free(r);
}

/*
 * A range outside the namespace is refused whole (-ERANGE) before any
 * command is sent, on every engine: split into pieces, a start near
 * 2^64 once wrapped so that the last pieces landed on LBA 0, and the
 * block layer wrote the part of a range before the end.
 */
static void t_sync_range(struct t *t)
{
	const enum ngio_engine engines[] = {
		tap_pt(t->dev), NGIO_ENGINE_IOCTL, NGIO_ENGINE_BLOCK,
	};
	static const char *const names[] = { "pt", "ioctl", "block" };
	const size_t len = BIG_SYNC;
	const __u64 nlb = len / t->bs, nsze = t->g->nsze;
	/* Halfway over 2^64 and halfway over the end. */
	const __u64 starts[] = { -(nlb / 2), nsze - nlb / 2, nsze, -1ULL };
	unsigned char *w = zalloc(len), *head = zalloc(len);
	unsigned char *tail = zalloc(len), *r = zalloc(len);
	enum ngio_engine old = ngio_dev_engine(t->dev);
	size_t done;
	int ret;

	/* LBA 0 and the end hold known data; the refusals leave them be. */
	ret = put_pattern(t, 0, head, len, NULL);
	if (!ret)
		ret = put_pattern(t, nsze - nlb, tail, len, NULL);
	CHECK(ret == 0, "sync range: patterns at LBA 0 and the end (%s)",
	      st(ret));
	fill(w, len);
	for (unsigned e = 0; e < ARRAY_SIZE(engines); e++) {
		ret = ngio_dev_set_engine(t->dev, engines[e]);
		if (ret == -EOPNOTSUPP) {
			SKIP("the engine cannot serve this device",
			     "sync range on the %s engine", names[e]);
			continue;
		}
		for (unsigned i = 0; i < ARRAY_SIZE(starts); i++) {
			done = 7;
			ret = ngio_rw(t->dev, nvme_cmd_write, starts[i], w, len,
				      0, &done);
			CHECK(ret == -ERANGE && done == 0,
			      "%s: write of %llu blocks at %llu: -ERANGE, "
			      "nothing done (%s, %zu)", names[e],
			      (unsigned long long)nlb,
			      (unsigned long long)starts[i], st(ret), done);
			ret = ngio_read(t->dev, starts[i], r, len, 0);
			CHECK(ret == -ERANGE, "%s: read there: -ERANGE (%s)",
			      names[e], st(ret));
		}
	}
	ngio_dev_set_engine(t->dev, old);
	ret = q_rw_range(t, false, 0, r, len, NULL);
	CHECK(ret == 0 && !memcmp(r, head, len),
	      "sync range: LBA 0 onwards is unchanged (%s)", st(ret));
	ret = q_rw_range(t, false, nsze - nlb, r, len, NULL);
	CHECK(ret == 0 && !memcmp(r, tail, len),
	      "sync range: the last blocks are unchanged (%s)", st(ret));
	/* In range, done counts the whole transfer. */
	ret = ngio_rw(t->dev, nvme_cmd_write, nsze - nlb, w, len, 0, &done);
	CHECK(ret == 0 && done == len,
	      "sync write ending at the last block: done %zu of %zu (%s)",
	      done, len, st(ret));
	ret = ngio_rw(t->dev, nvme_cmd_compare, nsze - nlb, w, len, 0, NULL);
	CHECK(ret == 0, "and compares equal (%s)", st(ret));
	free(w);
	free(head);
	free(tail);
	free(r);
}

/*
 * A queued write past the end on the block engine: refused at submission
 * (-ERANGE), nothing queued, and the blocks before the end unchanged.
 */
static void block_past_end(struct t *t)
{
	struct ngio_queue_params p = { .depth = 4,
				       .engine = NGIO_ENGINE_BLOCK };
	__u32 len = 20 * t->bs;
	__u64 slba = t->g->nsze - 10;
	unsigned char *w = zalloc(len), *before = zalloc(len);
	unsigned char *r = zalloc(len);
	struct nvme_uring_cmd cmd;
	struct ngio_queue *q;
	struct ngio_qdev *qd;
	int ret;

	ret = put_pattern(t, slba - 10, before, len, NULL);
	CHECK(ret == 0, "pattern before the end (%s)", st(ret));
	ret = ngio_queue_init_params(&q, &p);
	CHECK(ret == 0, "block engine queue (%s)", st(ret));
	if (ret)
		goto out;
	ret = ngio_queue_add_dev(q, t->dev, &qd);
	if (ret == -EOPNOTSUPP) {
		SKIP("no block node", "block engine write past the end");
		goto exit;
	}
	fill(w, len);
	ret = ngio_cmd_write(&cmd, t->g, slba, w, len, 0);
	if (!ret)
		ret = ngio_queue_cmd(qd, &cmd, 0, -1, 0);
	CHECK(ret == -ERANGE && !ngio_queue_inflight(q),
	      "block engine write across the end: -ERANGE, nothing queued "
	      "(%s)", st(ret));
	ret = ngio_queue_write(qd, -4ULL, w, 8 * t->bs, 0, -1, 0);
	CHECK(ret == -ERANGE && !ngio_queue_inflight(q),
	      "block engine write wrapping past 2^64: -ERANGE (%s)", st(ret));
	ret = q_rw_range(t, false, slba - 10, r, len, NULL);
	CHECK(ret == 0 && !memcmp(r, before, len),
	      "the blocks before the end are unchanged (%s)", st(ret));
exit:
	ngio_queue_exit(q);
out:
	free(w);
	free(before);
	free(r);
}

/*
 * Separate metadata: the helpers have no metadata buffer, so they refuse
 * (-EINVAL) and send nothing.  Sent with MPTR 0 instead, QEMU would read
 * and write the metadata at guest address 0, and fail a compare of equal
 * data against whatever it found there.
 */
static void sync_md_refused(struct t *t)
{
	__u32 len = 4 * t->bs;
	unsigned char *w = zalloc(len), *before = zalloc(len);
	unsigned char *after = zalloc(len), *md = zalloc(md_len(t, len));
	__u64 slba = region(t, R_SYNC_MD);
	int ret;

	ret = put_pattern(t, slba, before, len, md);
	CHECK(ret == 0, "queue write with metadata (%s)", st(ret));
	fill(w, len);
	ret = ngio_write(t->dev, slba, w, len, 0);
	CHECK(ret == -EINVAL, "separate metadata: sync write is -EINVAL (%s)",
	      st(ret));
	ret = ngio_read(t->dev, slba, w, len, 0);
	CHECK(ret == -EINVAL, "separate metadata: sync read is -EINVAL (%s)",
	      st(ret));
	ret = ngio_compare(t->dev, slba, before, len, 0);
	CHECK(ret == -EINVAL,
	      "separate metadata: sync compare is -EINVAL (%s)", st(ret));
	ret = q_rw_range(t, false, slba, after, len, NULL);
	CHECK(ret == 0 && !memcmp(before, after, len),
	      "the refused sync write sent nothing (%s)", st(ret));
	free(w);
	free(before);
	free(after);
	free(md);
}

/* The queue: several commands of different sizes in flight at once. */
static void t_rw_queue(struct t *t)
{
	enum { N = 4 };
	/*
	 * With separate metadata, Linux 6.1 + QEMU 7.2 move the metadata
	 * of one command right only when NLB is at most 64 or a multiple
	 * of 64 (else only its first NLB % 64 blocks' metadata, both ways,
	 * via io_uring and ioctl alike): keep to such sizes there.
	 */
	const __u32 sizes[N] = { t->bs, 3 * t->bs, 16384,
				 t->ms ? 131072 : 131072 + t->bs };
	unsigned char *w[N], *r[N], *wmd[N], *rmd[N];
	struct nvme_uring_cmd cmd;
	struct ngio_cqe cqes[N];
	__u64 slba[N];
	unsigned bad;
	int ret, n;

	for (unsigned i = 0; i < N; i++) {
		/* One block apart from the one before. */
		slba[i] = i ? slba[i - 1] + sizes[i - 1] / t->bs + 1 :
			  region(t, R_RW_QUEUE);
		w[i] = zalloc(sizes[i]);
		r[i] = zalloc(sizes[i]);
		wmd[i] = zalloc(md_len(t, sizes[i]) + 4);
		rmd[i] = zalloc(md_len(t, sizes[i]) + 4);
		fill(w[i], sizes[i]);
		fill(wmd[i], md_len(t, sizes[i]));
	}
	for (int pass = 0; pass < 2; pass++) {
		bool write = pass == 0;

		bad = 0;
		for (unsigned i = 0; i < N; i++) {
			ret = build_xfer(t, &cmd, write ? nvme_cmd_write :
					 nvme_cmd_read, slba[i],
					 write ? w[i] : r[i], sizes[i],
					 write ? wmd[i] : rmd[i]);
			if (!ret)
				ret = ngio_queue_cmd(t->qd, &cmd, 0, -1, i);
			if (ret)
				bad++;
		}
		CHECK(bad == 0 && ngio_queue_inflight(t->q) == N,
		      "%d %s of %u..%u bytes queued at once", N,
		      write ? "writes" : "reads", sizes[0], sizes[N - 1]);
		n = ngio_queue_reap(t->q, cqes, N, ngio_queue_inflight(t->q));
		for (int i = 0; i < n; i++)
			if (cqes[i].res || cqes[i].user_data >= N)
				bad++;
		CHECK(n == N && bad == 0, "all %d %s complete with status 0",
		      N, write ? "writes" : "reads");
	}
	bad = 0;
	for (unsigned i = 0; i < N; i++) {
		bool data = !memcmp(w[i], r[i], sizes[i]);
		bool meta = !memcmp(wmd[i], rmd[i], md_len(t, sizes[i]));

		if (!data || !meta) {
			bad++;
			DIAG("%u bytes at %llu: data %s, metadata %s",
			     sizes[i], (unsigned long long)slba[i],
			     data ? "ok" : "differs", meta ? "ok" : "differs");
			for (__u32 j = 0; !meta && j < md_len(t, sizes[i]);
			     j++)
				if (wmd[i][j] != rmd[i][j]) {
					DIAG("first metadata difference at "
					     "byte %u of %u", j,
					     md_len(t, sizes[i]));
					break;
				}
		}
		free(w[i]);
		free(r[i]);
		free(wmd[i]);
		free(rmd[i]);
	}
	CHECK(bad == 0, "queued reads return the data%s written",
	      t->ms ? " and metadata" : "");
}

/* ------------------------------------------------------------ compare */

static void t_compare(struct t *t)
{
	__u32 len = 8 * t->bs;
	unsigned char *buf = zalloc(len), *md = zalloc(md_len(t, len) + 4);
	__u64 slba = region(t, R_COMPARE);
	int ret;

	if (!ngio_dev_has(t->dev, NGIO_CAP_COMPARE, NULL)) {
		const char *why;

		ngio_dev_has(t->dev, NGIO_CAP_COMPARE, &why);
		SKIP(why, "compare");
		goto out;
	}
	ret = put_pattern(t, slba, buf, len, t->ms ? md : NULL);
	CHECK(ret == 0, "write %u bytes to compare against (%s)", len,
	      st(ret));
	ret = q_xfer(t, nvme_cmd_compare, slba, buf, len, t->ms ? md : NULL);
	CHECK(ret == 0, "queued compare of equal data is 0 (%s)", st(ret));
	buf[len / 2 + 3] ^= 0x01;
	ret = q_xfer(t, nvme_cmd_compare, slba, buf, len, t->ms ? md : NULL);
	CHECK(is_status(ret, NVME_SCT_MEDIA, NVME_SC_COMPARE_FAILED),
	      "queued compare, one byte off: Compare Failure (%s)", st(ret));
	buf[len / 2 + 3] ^= 0x01;
	if (t->ms)	/* the helpers refuse it: sync_md_refused() */
		goto out;
	ret = ngio_compare(t->dev, slba, buf, len, 0);
	CHECK(ret == 0, "sync compare of equal data is 0 (%s)", st(ret));
	buf[t->bs - 1] ^= 0x80;
	ret = ngio_compare(t->dev, slba, buf, len, 0);
	CHECK(is_status(ret, NVME_SCT_MEDIA, NVME_SC_COMPARE_FAILED),
	      "sync compare, one byte off: Compare Failure (%s)", st(ret));
out:
	free(buf);
	free(md);
}

/* ------------------------------------------------ write zeroes, verify */

static void t_write_zeroes(struct t *t)
{
	const __u32 nlb = 16;
	__u32 len = (nlb + 2) * t->bs, mlen = md_len(t, len);
	unsigned char *w = zalloc(len), *r = zalloc(len);
	unsigned char *wmd = zalloc(mlen + 4), *rmd = zalloc(mlen + 4);
	struct nvme_uring_cmd cmd;
	const char *why;
	int ret;

	if (!ngio_dev_has(t->dev, NGIO_CAP_WRITE_ZEROES, &why)) {
		SKIP(why, "write zeroes");
		goto out;
	}
	for (int deac = 0; deac < 2; deac++) {
		__u64 slba = region(t, R_WZ) + deac * 64;
		const char *how = deac ? "with DEAC via sync" :
				  "without DEAC via queue";

		/* A block of pattern either side stays as it is. */
		ret = put_pattern(t, slba, w, len, t->ms ? wmd : NULL);
		CHECK(ret == 0, "write %u blocks of pattern to zero %s (%s)",
		      nlb + 2, deac ? "with DEAC" : "without", st(ret));
		ret = ngio_cmd_write_zeroes(&cmd, t->g, slba + 1, nlb,
					    deac ? NGIO_WZ_DEAC : 0);
		if (!ret)
			ret = deac ? ngio_submit_sync(t->dev, false, &cmd,
						      NULL) :
				     q_run(t, &cmd, 0, NULL);
		CHECK(ret == 0, "write zeroes %s of %u blocks (%s)", how, nlb,
		      st(ret));
		memset(r, 0xee, len);
		memset(rmd, 0xee, mlen);
		ret = q_rw_range(t, false, slba, r, len, t->ms ? rmd : NULL);
		CHECK(ret == 0 && all_bytes(r + t->bs, nlb * t->bs, 0),
		      "write zeroes %s: the blocks read back all zero (%s)",
		      how, st(ret));
		CHECK(!memcmp(r, w, t->bs) &&
		      !memcmp(r + (nlb + 1) * t->bs, w + (nlb + 1) * t->bs,
			      t->bs),
		      "write zeroes %s: the neighbouring blocks are intact",
		      how);
		/* QEMU 7.2 zeroes the separate metadata too. */
		if (t->ms)
			CHECK(all_bytes(rmd + t->ms, nlb * t->ms, 0) &&
			      !memcmp(rmd, wmd, t->ms),
			      "write zeroes %s: their metadata reads back "
			      "zero", how);
	}
out:
	free(w);
	free(r);
	free(wmd);
	free(rmd);
}

/*
 * Verify.  QEMU 7.2 implements it (and lists it as supported in the
 * commands supported and effects log) but leaves ONCS bit 7 clear, so
 * NGIO_CAP_VERIFY is false there; the effects log decides here.
 */
static bool effects_csupp(const struct t *t, __u8 opcode)
{
	return t->have_effects &&
	       le32toh(t->effects.iocs[opcode]) & NVME_CMD_EFFECTS_CSUPP;
}

static void t_verify(struct t *t)
{
	__u32 len = 8 * t->bs;
	unsigned char *buf = zalloc(len);
	__u64 slba = region(t, R_VERIFY);
	struct nvme_uring_cmd cmd;
	bool oncs = ngio_dev_has(t->dev, NGIO_CAP_VERIFY, NULL);
	int ret;

	DIAG("Verify: ONCS bit 7 %s, effects log CSUPP %s",
	     oncs ? "set" : "clear",
	     effects_csupp(t, nvme_cmd_verify) ? "set" : "clear");
	if (!oncs && !effects_csupp(t, nvme_cmd_verify)) {
		SKIP("the controller has no Verify", "verify");
		goto out;
	}
	ret = put_pattern(t, slba, buf, len, NULL);
	CHECK(ret == 0, "write 8 blocks to verify (%s)", st(ret));
	ret = ngio_cmd_verify(&cmd, t->g, slba, 8, 0);
	CHECK(ret == 0 && (ret = q_run(t, &cmd, 0, NULL)) == 0,
	      "queued verify of good data is 0 (%s)", st(ret));
	ret = ngio_cmd_verify(&cmd, t->g, slba + 2, 4, NGIO_RW_FUA);
	CHECK(ret == 0 &&
	      (ret = ngio_submit_sync(t->dev, false, &cmd, NULL)) == 0,
	      "sync verify with FUA of good data is 0 (%s)", st(ret));
	ngio_cmd_verify(&cmd, t->g, t->g->nsze - 1, 2, 0);
	ret = q_run(t, &cmd, 0, NULL);
	CHECK(is_status(ret, NVME_SCT_GENERIC, NVME_SC_LBA_RANGE),
	      "verify across the end: LBA Out of Range (%s)", st(ret));
out:
	free(buf);
}

/* ------------------------------------------------ write uncorrectable */

static void t_write_uncor(struct t *t)
{
	__u32 len = 4 * t->bs;
	unsigned char *w = zalloc(len), *r = zalloc(len);
	__u64 slba = region(t, R_UNCOR);
	struct nvme_uring_cmd cmd;
	const char *why;
	bool has = ngio_dev_has(t->dev, NGIO_CAP_WRITE_UNCOR, &why);
	int ret;

	ret = put_pattern(t, slba, w, len, NULL);
	CHECK(ret == 0, "write 4 blocks for write uncorrectable (%s)",
	      st(ret));
	ret = ngio_cmd_write_uncor(&cmd, t->g, slba + 1, 1);
	if (!ret)
		ret = q_run(t, &cmd, 0, NULL);
	if (!has) {
		/* QEMU 7.2: ONCS bit 1 clear and the opcode unimplemented. */
		CHECK(is_status(ret, NVME_SCT_GENERIC,
				NVME_SC_INVALID_OPCODE) &&
		      ngio_status_dnr(ret),
		      "write uncorrectable without ONCS bit 1: Invalid "
		      "Command Opcode, DNR (%s)", st(ret));
		ret = q_rw_range(t, false, slba, r, len, NULL);
		CHECK(ret == 0 && !memcmp(w, r, len),
		      "the refused write uncorrectable changed nothing (%s)",
		      st(ret));
		SKIP(why, "read of an uncorrectable block: Unrecovered Read "
		     "Error");
		SKIP(why, "verify of an uncorrectable block");
		SKIP(why, "rewriting an uncorrectable block clears it");
		goto out;
	}
	CHECK(ret == 0, "write uncorrectable of 1 block (%s)", st(ret));
	ret = q_xfer(t, nvme_cmd_read, slba + 1, r, t->bs, NULL);
	CHECK(is_status(ret, NVME_SCT_MEDIA, NVME_SC_READ_ERROR),
	      "read of an uncorrectable block: Unrecovered Read Error (%s)",
	      st(ret));
	ret = q_xfer(t, nvme_cmd_read, slba, r, t->bs, NULL);
	CHECK(ret == 0 && !memcmp(w, r, t->bs),
	      "the block before it still reads (%s)", st(ret));
	ngio_cmd_verify(&cmd, t->g, slba, 4, 0);
	ret = q_run(t, &cmd, 0, NULL);
	CHECK(is_status(ret, NVME_SCT_MEDIA, NVME_SC_READ_ERROR),
	      "verify over an uncorrectable block: Unrecovered Read Error "
	      "(%s)", st(ret));
	ret = q_xfer(t, nvme_cmd_write, slba + 1, w + t->bs, t->bs, NULL);
	if (!ret)
		ret = q_rw_range(t, false, slba, r, len, NULL);
	CHECK(ret == 0 && !memcmp(w, r, len),
	      "rewriting the block clears it (%s)", st(ret));
out:
	free(w);
	free(r);
}

/* -------------------------------------------------------------- flush */

static void t_flush(struct t *t)
{
	struct nvme_uring_cmd cmd;
	int ret;

	ret = ngio_flush(t->dev);
	CHECK(ret == 0, "sync flush is 0 (%s)", st(ret));
	ret = ngio_cmd_flush(&cmd, t->g);
	CHECK(ret == 0 && (ret = q_run(t, &cmd, 0, NULL)) == 0,
	      "queued flush is 0 (%s)", st(ret));
}

/* ---------------------------------------------------------------- DSM */

static void t_dsm(struct t *t)
{
	const struct nvme_id_ns *ns = ngio_dev_id_ns(t->dev);
	unsigned dlfeat = ns->dlfeat & 0x7, u = 1;
	struct nvme_dsm_range ranges[3];
	struct nvme_uring_cmd cmd;
	/* Deallocated: blocks [0,2u) [3u,4u) [5u,8u); the gaps stay. */
	const unsigned off[3] = { 0, 3, 5 }, nb[3] = { 2, 1, 3 };
	unsigned char *w, *r, *wmd, *rmd;
	__u64 slba = region(t, R_DSM);
	__u32 len, mlen;
	const char *why;
	bool zero = true, ones = true, gaps = true, mdz = true;
	int ret;

	if (!ngio_dev_has(t->dev, NGIO_CAP_DSM, &why)) {
		SKIP(why, "dataset management");
		return;
	}
	/* Whole deallocation granules (NPDG), at least 4 KiB. */
	if (ns->nsfeat & NVME_NS_FEAT_IO_OPT)
		u = le16toh(ns->npdg) + 1;
	if (u * t->g->lba_size < 4096)
		u = 4096 / t->g->lba_size;
	len = 8 * u * t->bs;
	mlen = md_len(t, len);
	w = zalloc(len);
	r = zalloc(len);
	wmd = zalloc(mlen + 4);
	rmd = zalloc(mlen + 4);
	DIAG("DLFEAT %#x, NPDG %u: ranges in units of %u blocks",
	     ns->dlfeat, le16toh(ns->npdg), u);

	ret = put_pattern(t, slba, w, len, t->ms ? wmd : NULL);
	CHECK(ret == 0, "write %u blocks of pattern for DSM (%s)", 8 * u,
	      st(ret));
	for (int i = 0; i < 3; i++)
		ngio_dsm_range(&ranges[i], slba + off[i] * u, nb[i] * u, 0);
	ret = ngio_cmd_dsm(&cmd, t->g, ranges, 3, NVME_DSMGMT_AD);
	CHECK(ret == 0 && (ret = q_run(t, &cmd, 0, NULL)) == 0,
	      "DSM deallocate over 3 ranges via queue (%s)", st(ret));
	memset(rmd, 0xee, mlen);
	ret = q_rw_range(t, false, slba, r, len, t->ms ? rmd : NULL);
	CHECK(ret == 0, "read the ranges back (%s)", st(ret));
	for (unsigned b = 0; b < 8 * u; b++) {
		unsigned unit = b / u;
		bool dealloc = unit < 2 || unit == 3 || unit >= 5;
		unsigned char *p = r + (size_t)b * t->bs;

		if (!dealloc) {
			gaps &= !memcmp(p, w + (size_t)b * t->bs, t->bs) &&
				!memcmp(rmd + b * t->ms, wmd + b * t->ms,
					t->ms);
			continue;
		}
		zero &= all_bytes(p, t->bs, 0);
		ones &= all_bytes(p, t->bs, 0xff);
		mdz &= all_bytes(rmd + b * t->ms, t->ms, 0);
	}
	CHECK(gaps, "DSM left the blocks between the ranges intact");
	if (dlfeat == 1) {
		CHECK(zero, "DLFEAT 1: deallocated blocks read back zero");
		/* QEMU 7.2 clears the separate metadata as well. */
		if (t->ms)
			CHECK(mdz, "DLFEAT 1: and so does their metadata");
	} else if (dlfeat == 2) {
		CHECK(ones, "DLFEAT 2: deallocated blocks read back all FFh");
	} else {
		SKIP("DLFEAT promises nothing", "deallocated blocks' content "
		     "(zero %d, FFh %d)", zero, ones);
	}

	/* Hints alone change nothing. */
	ret = put_pattern(t, slba, w, len, t->ms ? wmd : NULL);
	ngio_dsm_range(&ranges[0], slba, 8 * u, 0);
	if (!ret)
		ret = ngio_cmd_dsm(&cmd, t->g, ranges, 1,
				   NVME_DSMGMT_IDR | NVME_DSMGMT_IDW);
	CHECK(ret == 0 &&
	      (ret = ngio_submit_sync(t->dev, false, &cmd, NULL)) == 0,
	      "DSM with only IDR|IDW via sync is 0 (%s)", st(ret));
	ret = q_rw_range(t, false, slba, r, len, t->ms ? rmd : NULL);
	CHECK(ret == 0 && !memcmp(w, r, len) && !memcmp(wmd, rmd, mlen),
	      "and the data is unchanged (%s)", st(ret));
	free(w);
	free(r);
	free(wmd);
	free(rmd);
}

/* --------------------------------------------------------------- copy */

static void t_copy(struct t *t)
{
	const struct nvme_id_ns *ns = ngio_dev_id_ns(t->dev);
	const __u64 src[3] = { 0, 10, 20 }, dst = 40;
	const __u32 nlb[3] = { 3, 5, 2 }, total = 10;
	__u32 len = total * t->bs, mlen = md_len(t, len);
	unsigned char *w = zalloc(len), *r = zalloc(len);
	unsigned char *wmd = zalloc(mlen + 4), *rmd = zalloc(mlen + 4);
	struct nvme_copy_range ranges[3];
	struct nvme_uring_cmd cmd;
	__u64 base = region(t, R_COPY);
	size_t off = 0;
	const char *why;
	int ret;

	if (!ngio_dev_has(t->dev, NGIO_CAP_COPY, &why)) {
		SKIP(why, "copy of 3 ranges");
		goto out;
	}
	DIAG("copy limits: MSSRL %u MCL %u MSRC %u", le16toh(ns->mssrl),
	     le32toh(ns->mcl), ns->msrc);
	for (int i = 0; i < 3; i++) {
		ret = put_pattern(t, base + src[i], w + off, nlb[i] * t->bs,
				  t->ms ? wmd + md_len(t, off) : NULL);
		CHECK(ret == 0 && !ngio_copy_range(&ranges[i], base + src[i],
						   nlb[i]),
		      "source range %d: %u blocks of its own pattern (%s)", i,
		      nlb[i], st(ret));
		off += nlb[i] * t->bs;
	}
	ret = ngio_cmd_copy(&cmd, t->g, base + dst, ranges, 3, 0);
	CHECK(ret == 0 && (ret = q_run(t, &cmd, 0, NULL)) == 0,
	      "copy of 3 ranges via queue (%s)", st(ret));
	ret = q_rw_range(t, false, base + dst, r, len, t->ms ? rmd : NULL);
	CHECK(ret == 0 && !memcmp(w, r, len),
	      "the destination equals the sources concatenated (%s)",
	      st(ret));
	if (t->ms)
		CHECK(!memcmp(wmd, rmd, mlen),
		      "and so does its metadata: copy carries it along");

	/* One range via sync, and a source past the end. */
	ret = ngio_copy_range(&ranges[0], base + src[1], nlb[1]);
	if (!ret)
		ret = ngio_cmd_copy(&cmd, t->g, base + dst + 20, ranges, 1, 0);
	CHECK(ret == 0 &&
	      (ret = ngio_submit_sync(t->dev, false, &cmd, NULL)) == 0,
	      "copy of 1 range via sync (%s)", st(ret));
	ret = q_rw_range(t, false, base + dst + 20, r, nlb[1] * t->bs, NULL);
	CHECK(ret == 0 && !memcmp(r, w + nlb[0] * t->bs, nlb[1] * t->bs),
	      "reads back as its source (%s)", st(ret));
	/*
	 * The spec's answers are LBA Out of Range and Command Size Limit
	 * Exceeded; QEMU 7.2 gives Internal Error (SC 0x06, no DNR) for
	 * both (fixed by 8.0).  Nothing reaches the destination.
	 */
	bool q7 = tap_qemu_major() == 7;
	const char *how = q7 ? "QEMU 7.2's Internal Error" : "the spec's status";
	unsigned oor_sc = q7 ? NVME_SC_INTERNAL : NVME_SC_LBA_RANGE;
	unsigned csl_sct = q7 ? NVME_SCT_GENERIC : NVME_SCT_CMD_SPECIFIC;
	unsigned csl_sc = q7 ? NVME_SC_INTERNAL : NVME_SC_CMD_SIZE_LIMIT_EXCEEDED;

	ngio_copy_range(&ranges[0], t->g->nsze - 1, 2);
	ngio_cmd_copy(&cmd, t->g, base + dst, ranges, 1, 0);
	ret = q_run(t, &cmd, 0, NULL);
	CHECK(is_status(ret, NVME_SCT_GENERIC, oor_sc),
	      "copy from a range across the end: %s (%s)", how, st(ret));
	memset(r, 0, len);
	ret = q_rw_range(t, false, base + dst, r, len, NULL);
	CHECK(ret == 0 && !memcmp(w, r, len),
	      "and the destination is unchanged (%s)", st(ret));
	ngio_copy_range(&ranges[0], base + src[0], nlb[0]);
	ngio_cmd_copy(&cmd, t->g, t->g->nsze - 1, ranges, 1, 0);
	ret = q_run(t, &cmd, 0, NULL);
	CHECK(is_status(ret, NVME_SCT_GENERIC, oor_sc),
	      "copy to a destination across the end: %s (%s)", how, st(ret));
	ngio_copy_range(&ranges[0], base, le16toh(ns->mssrl) + 1);
	ngio_cmd_copy(&cmd, t->g, base + dst, ranges, 1, 0);
	ret = q_run(t, &cmd, 0, NULL);
	CHECK(is_status(ret, csl_sct, csl_sc),
	      "copy of a range over MSSRL: %s (%s)", how, st(ret));
	CHECK(ngio_copy_range(&ranges[0], 0, 0) == -EINVAL &&
	      ngio_copy_range(&ranges[0], 0, 65537) == -EINVAL,
	      "ngio_copy_range refuses 0 and 65537 blocks");
out:
	free(w);
	free(r);
	free(wmd);
	free(rmd);
}

/* ---------------------------------------------------- vectored I/O */

static void t_vec(struct t *t)
{
	/* 4 blocks in 3 pieces, split differently for write and read. */
	const __u32 wsz[3] = { t->bs / 2, 2 * t->bs, t->bs + t->bs / 2 };
	const __u32 rsz[3] = { t->bs / 4, 3 * t->bs, 3 * t->bs / 4 };
	__u32 len = 4 * t->bs, mlen = md_len(t, len);
	unsigned char *all = zalloc(len), *got = zalloc(len);
	unsigned char *wmd = zalloc(mlen + 4), *rmd = zalloc(mlen + 4);
	struct iovec wv[3], rv[3];
	struct nvme_uring_cmd cmd;
	__u64 slba = region(t, R_VEC);
	size_t off = 0;
	int ret;

	fill(all, len);
	fill(wmd, mlen);
	for (int i = 0; i < 3; i++) {
		wv[i].iov_base = zalloc(wsz[i]);
		wv[i].iov_len = wsz[i];
		memcpy(wv[i].iov_base, all + off, wsz[i]);
		off += wsz[i];
		rv[i].iov_base = zalloc(rsz[i]);
		rv[i].iov_len = rsz[i];
	}
	ret = ngio_cmd_writev(&cmd, t->g, slba, wv, 3, 0);
	if (!ret && t->ms)
		ret = ngio_cmd_metadata(&cmd, t->g, wmd, mlen);
	CHECK(ret == 0 && (ret = q_run(t, &cmd, NGIO_CMD_VEC, NULL)) == 0,
	      "writev of 3 iovecs (%u+%u+%u bytes) via queue (%s)", wsz[0],
	      wsz[1], wsz[2], st(ret));
	ret = ngio_cmd_readv(&cmd, t->g, slba, rv, 3, 0);
	if (!ret && t->ms)
		ret = ngio_cmd_metadata(&cmd, t->g, rmd, mlen);
	CHECK(ret == 0 && (ret = q_run(t, &cmd, NGIO_CMD_VEC, NULL)) == 0,
	      "readv into 3 iovecs (%u+%u+%u bytes) via queue (%s)", rsz[0],
	      rsz[1], rsz[2], st(ret));
	off = 0;
	for (int i = 0; i < 3; i++) {
		memcpy(got + off, rv[i].iov_base, rsz[i]);
		off += rsz[i];
	}
	CHECK(!memcmp(all, got, len) && !memcmp(wmd, rmd, mlen),
	      "readv returns what writev wrote%s",
	      t->ms ? ", metadata too" : "");
	ret = q_rw_range(t, false, slba, got, len, NULL);
	CHECK(ret == 0 && !memcmp(all, got, len),
	      "a plain read sees the writev data in order (%s)", st(ret));
	for (int i = 0; i < 3; i++) {
		free(wv[i].iov_base);
		free(rv[i].iov_base);
	}
	free(all);
	free(got);
	free(wmd);
	free(rmd);
}

/* ------------------------------------------------ separate metadata */

static void t_metadata(struct t *t)
{
	__u32 len = 4 * t->bs, mlen = t->ms ? md_len(t, len) : 32;
	unsigned char *w = zalloc(len), *r = zalloc(len);
	unsigned char *wmd = zalloc(mlen), *rmd = zalloc(mlen);
	__u64 slba = region(t, R_MD);
	struct nvme_uring_cmd cmd;
	int ret;

	if (!t->ms) {
		ngio_cmd_read(&cmd, t->g, slba, r, len, 0);
		ret = ngio_cmd_metadata(&cmd, t->g, rmd, mlen);
		CHECK(ret == -EINVAL && !cmd.metadata,
		      "no metadata in this format: ngio_cmd_metadata is "
		      "-EINVAL (%s)", st(ret));
		goto out;
	}
	fill(w, len);
	fill(wmd, mlen);
	ret = ngio_cmd_write(&cmd, t->g, slba, w, len, 0);
	if (!ret)
		ret = ngio_cmd_metadata(&cmd, t->g, wmd, mlen);
	CHECK(ret == 0 && (ret = q_run(t, &cmd, 0, NULL)) == 0,
	      "write %u data + %u metadata bytes via queue (%s)", len, mlen,
	      st(ret));
	ret = ngio_cmd_read(&cmd, t->g, slba, r, len, 0);
	if (!ret)
		ret = ngio_cmd_metadata(&cmd, t->g, rmd, mlen);
	CHECK(ret == 0 &&
	      (ret = ngio_submit_sync(t->dev, false, &cmd, NULL)) == 0,
	      "read data + metadata back via sync (%s)", st(ret));
	CHECK(!memcmp(w, r, len), "the data reads back as written");
	CHECK(!memcmp(wmd, rmd, mlen), "the metadata reads back as written");
	/* QEMU compares the metadata as well as the data. */
	ret = q_xfer(t, nvme_cmd_compare, slba, w, len, wmd);
	CHECK(ret == 0, "compare of data + metadata is 0 (%s)", st(ret));
	wmd[mlen - 1] ^= 0x10;
	ret = q_xfer(t, nvme_cmd_compare, slba, w, len, wmd);
	CHECK(is_status(ret, NVME_SCT_MEDIA, NVME_SC_COMPARE_FAILED),
	      "compare, one metadata byte off: Compare Failure (%s)",
	      st(ret));
	ngio_cmd_read(&cmd, t->g, slba, r, len, 0);
	CHECK(ngio_cmd_metadata(&cmd, t->g, rmd, mlen - 1) == -EINVAL &&
	      ngio_cmd_metadata(&cmd, t->g, NULL, mlen) == -EFAULT &&
	      ngio_cmd_metadata(&cmd, t->g, rmd + 1, mlen) == -EINVAL,
	      "ngio_cmd_metadata: short -EINVAL, NULL -EFAULT, misaligned "
	      "-EINVAL");
	ngio_cmd_write_zeroes(&cmd, t->g, slba, 4, 0);
	CHECK(ngio_cmd_metadata(&cmd, t->g, rmd, mlen) == -EINVAL,
	      "ngio_cmd_metadata on write zeroes is -EINVAL");
out:
	free(w);
	free(r);
	free(wmd);
	free(rmd);
}


/*
 * Two Identify Namespace structures are the same namespace: NUSE (bytes
 * 16-23) counts allocated blocks and moves with every write on a thinly
 * provisioned namespace (NSFEAT bit 0).
 */
static bool id_ns_same(const unsigned char *a, const unsigned char *b)
{
	size_t nuse = offsetof(struct nvme_id_ns, nuse);

	if (!(a[offsetof(struct nvme_id_ns, nsfeat)] & 1))
		return !memcmp(a, b, NVME_IDENTIFY_DATA_SIZE);
	return !memcmp(a, b, nuse) &&
	       !memcmp(a + nuse + 8, b + nuse + 8,
		       NVME_IDENTIFY_DATA_SIZE - nuse - 8);
}
/* ----------------------------------------------------------- identify */

static void t_identify(struct t *t)
{
	unsigned char *buf = zalloc(NVME_IDENTIFY_DATA_SIZE);
	const __u32 *list = (const __u32 *)buf;
	struct nvme_uring_cmd cmd;
	bool seen[4] = { false };
	__u8 csi = 0xff;
	int ret;

	ret = ngio_identify(t->dev, NVME_IDENTIFY_CNS_NS_ACTIVE_LIST, 0, 0,
			    buf, NVME_IDENTIFY_DATA_SIZE);
	for (int i = 0; !ret && i < 1024 && list[i]; i++)
		if (le32toh(list[i]) <= 3)
			seen[le32toh(list[i])] = true;
	CHECK(ret == 0 && seen[1] && seen[2] && seen[3] &&
	      seen[t->g->nsid],
	      "CNS 2 active namespace list has 1, 2, 3 (%s)", st(ret));

	memset(buf, 0, NVME_IDENTIFY_DATA_SIZE);
	ret = ngio_identify(t->dev, NVME_IDENTIFY_CNS_NS_DESC_LIST,
			    t->g->nsid, 0, buf, NVME_IDENTIFY_DATA_SIZE);
	/* NIDT, NIDL, two reserved bytes, NID: read as bytes, since a
	 * 1-byte CSI descriptor puts the next one at an odd offset. */
	for (unsigned off = 0; !ret && off + 4 <= NVME_IDENTIFY_DATA_SIZE;) {
		unsigned nidt = buf[off], nidl = buf[off + 1];

		if (!nidt || off + 4 + nidl > NVME_IDENTIFY_DATA_SIZE)
			break;
		if (nidt == NVME_NIDT_CSI && nidl == 1)
			csi = buf[off + 4];
		off += 4 + nidl;
	}
	CHECK(ret == 0 && csi == NVME_CSI_NVM,
	      "CNS 3 descriptor list has a CSI descriptor = NVM (%s, csi %u)",
	      st(ret), csi);

	/* QEMU 7.2 answers both for the NVM command set: CNS 6 with its
	 * VSL and DMRSL filled in, CNS 5 with an all-zero structure. */
	memset(buf, 0xee, NVME_IDENTIFY_DATA_SIZE);
	ret = ngio_identify(t->dev, NVME_IDENTIFY_CNS_CSI_CTRL, 0,
			    NVME_CSI_NVM, buf, NVME_IDENTIFY_DATA_SIZE);
	CHECK(ret == 0, "CNS 6 NVM command set controller succeeds (%s)",
	      st(ret));
	DIAG("CNS 6: vsl %u dmrl %u dmrsl %u",
	     ((struct nvme_id_ctrl_nvm *)buf)->vsl,
	     ((struct nvme_id_ctrl_nvm *)buf)->dmrl,
	     le32toh(((struct nvme_id_ctrl_nvm *)buf)->dmrsl));
	memset(buf, 0xee, NVME_IDENTIFY_DATA_SIZE);
	ret = ngio_identify(t->dev, NVME_IDENTIFY_CNS_CSI_NS, t->g->nsid,
			    NVME_CSI_NVM, buf, NVME_IDENTIFY_DATA_SIZE);
	CHECK(ret == 0, "CNS 5 NVM command set namespace succeeds (%s)",
	      st(ret));
	DIAG("CNS 5: %s", all_bytes(buf, NVME_IDENTIFY_DATA_SIZE, 0) ?
	     "all zero" : "has content");
	/* A command set QEMU does not have (1, key value). */
	ret = ngio_identify(t->dev, NVME_IDENTIFY_CNS_CSI_CTRL, 0, 1, buf,
			    NVME_IDENTIFY_DATA_SIZE);
	CHECK(is_status(ret, NVME_SCT_GENERIC, NVME_SC_INVALID_FIELD),
	      "CNS 6 for command set 1: Invalid Field in Command (%s)",
	      st(ret));

	/* The same through the queue as admin commands. */
	ret = ngio_cmd_identify(&cmd, NVME_IDENTIFY_CNS_CTRL, 0, 0, 0, buf,
				NVME_IDENTIFY_DATA_SIZE);
	CHECK(ret == 0 &&
	      (ret = q_run(t, &cmd, NGIO_CMD_ADMIN, NULL)) == 0 &&
	      !memcmp(buf, ngio_dev_id_ctrl(t->dev), NVME_IDENTIFY_DATA_SIZE),
	      "queued identify controller equals the one from open (%s)",
	      st(ret));
	ret = ngio_cmd_identify(&cmd, NVME_IDENTIFY_CNS_NS, t->g->nsid, 0, 0,
				buf, NVME_IDENTIFY_DATA_SIZE);
	CHECK(ret == 0 &&
	      (ret = q_run(t, &cmd, NGIO_CMD_ADMIN, NULL)) == 0 &&
	      id_ns_same(buf, (const unsigned char *)ngio_dev_id_ns(t->dev)),
	      "queued identify namespace equals the one from open (%s)",
	      st(ret));
	free(buf);
}

/* ------------------------------------------------------- get log page */

/* Page lid read whole, then as [0, split) and [split, len) by offset. */
static void log_halves(struct t *t, __u8 lid, __u32 nsid, __u32 len,
		       __u32 split, const char *name)
{
	struct ngio_log_args a = { .lid = lid, .nsid = nsid };
	unsigned char *full = zalloc(len), *parts = zalloc(len);
	int ret;

	memset(parts, 0xee, len);
	ret = ngio_get_log(t->dev, &a, full, len);
	if (!ret)
		ret = ngio_get_log(t->dev, &a, parts, split);
	a.offset = split;
	if (!ret)
		ret = ngio_get_log(t->dev, &a, parts + split, len - split);
	CHECK(ret == 0 && !memcmp(full, parts, len),
	      "%s log read at offsets 0 and %u equals one full read (%s)",
	      name, split, st(ret));
	DIAG("%s log: %s", name,
	     all_bytes(full, len, 0) ? "all zero" : "has content");
	/* QEMU 7.2 refuses an offset at or past the end of the page. */
	a.offset = len;
	ret = ngio_get_log(t->dev, &a, parts, 4);
	CHECK(is_status(ret, NVME_SCT_GENERIC, NVME_SC_INVALID_FIELD),
	      "%s log at offset %u (its end): Invalid Field in Command (%s)",
	      name, len, st(ret));
	free(full);
	free(parts);
}

static void t_get_log(struct t *t)
{
	struct ngio_log_args a = { .lid = NVME_LOG_LID_SMART,
				   .nsid = NVME_NSID_ALL };
	struct nvme_smart_log *smart = zalloc(sizeof(*smart));
	struct nvme_cmd_effects_log *fx = zalloc(sizeof(*fx));
	struct nvme_uring_cmd cmd;
	__u32 elen;
	int ret;

	ret = ngio_get_log(t->dev, &a, smart, sizeof(*smart));
	CHECK(ret == 0 && sizeof(*smart) == 512,
	      "SMART log, all namespaces, 512 bytes (%s)", st(ret));
	DIAG("SMART: temperature %u K, critical warning %#x",
	     smart->temperature[0] | smart->temperature[1] << 8,
	     smart->critical_warning);
	ret = ngio_cmd_get_log(&cmd, &a, smart, sizeof(*smart));
	CHECK(ret == 0 && (ret = q_run(t, &cmd, NGIO_CMD_ADMIN, NULL)) == 0,
	      "SMART log via queue (%s)", st(ret));
	/* Splits inside the fields that hold something. */
	log_halves(t, NVME_LOG_LID_SMART, NVME_NSID_ALL, 512, 64, "SMART");
	/*
	 * ELPE + 1 entries of 64 bytes (Base 2.0 5.16.1.2).  QEMU (7.2 to
	 * 10) says ELPE 3 but serves one entry: a known QEMU deviation.
	 */
	elen = 64 * (ngio_dev_id_ctrl(t->dev)->elpe + 1);
	if (tap_is_qemu(t->dev))
		elen = 64;
	log_halves(t, NVME_LOG_LID_ERROR, NVME_NSID_ALL, elen, elen / 2,
		   "error");
	log_halves(t, NVME_LOG_LID_CMD_EFFECTS, 0, 4096, 1028, "effects");

	a.lid = NVME_LOG_LID_CMD_EFFECTS;
	a.nsid = 0;
	ret = ngio_get_log(t->dev, &a, fx, sizeof(*fx));
	CHECK(ret == 0 && sizeof(*fx) == 4096 &&
	      le32toh(fx->iocs[nvme_cmd_read]) & NVME_CMD_EFFECTS_CSUPP &&
	      le32toh(fx->iocs[nvme_cmd_write]) & NVME_CMD_EFFECTS_CSUPP,
	      "effects log: read and write are supported (%s, %#x %#x)",
	      st(ret), le32toh(fx->iocs[nvme_cmd_read]),
	      le32toh(fx->iocs[nvme_cmd_write]));
	if (!ret) {
		t->effects = *fx;
		t->have_effects = true;
	}
	free(smart);
	free(fx);
}

/* ----------------------------------------------------------- features */

static void t_features(struct t *t)
{
	struct nvme_uring_cmd cmd;
	__u32 old = 0, v = 0, nq = 0;
	__u64 result = 0;
	int ret;

	/* Temperature Threshold, composite sensor, over-temperature. */
	ret = ngio_get_features(t->dev, NVME_FEAT_FID_TEMP_THRESH, 0, 0, 0,
				NULL, 0, &old);
	CHECK(ret == 0 && old, "get temperature threshold: %u K (%s)", old,
	      st(ret));
	/* Above the current one: no asynchronous event. */
	ret = ngio_set_features(t->dev, NVME_FEAT_FID_TEMP_THRESH, 0,
				old + 16, 0, false, NULL, 0, NULL);
	CHECK(ret == 0, "set temperature threshold to %u K (%s)", old + 16,
	      st(ret));
	ret = ngio_get_features(t->dev, NVME_FEAT_FID_TEMP_THRESH, 0, 0, 0,
				NULL, 0, &v);
	CHECK(ret == 0 && v == old + 16, "get returns the new value %u (%s)",
	      v, st(ret));
	ret = ngio_cmd_set_features(&cmd, NVME_FEAT_FID_TEMP_THRESH, 0, old,
				    0, false, NULL, 0);
	CHECK(ret == 0 && (ret = q_run(t, &cmd, NGIO_CMD_ADMIN, NULL)) == 0,
	      "restore it via queue (%s)", st(ret));
	ret = ngio_get_features(t->dev, NVME_FEAT_FID_TEMP_THRESH, 0, 0, 0,
				NULL, 0, &v);
	CHECK(ret == 0 && v == old, "get returns the old value %u (%s)", v,
	      st(ret));

	ret = ngio_get_features(t->dev, NVME_FEAT_FID_NUM_QUEUES, 0, 0, 0,
				NULL, 0, &nq);
	CHECK(ret == 0 && nq, "get number of queues: NSQA %u NCQA %u (%s)",
	      (nq & 0xffff) + 1, (nq >> 16) + 1, st(ret));
	ret = ngio_cmd_get_features(&cmd, NVME_FEAT_FID_NUM_QUEUES, 0, 0, 0,
				    NULL, 0);
	CHECK(ret == 0 &&
	      (ret = q_run(t, &cmd, NGIO_CMD_ADMIN, &result)) == 0 &&
	      (__u32)result == nq,
	      "the queue gets the same value in the CQE result (%s, %#llx)",
	      st(ret), (unsigned long long)result);

	/* sel 3: capabilities; bit 2 "changeable", as seen above. */
	ret = ngio_get_features(t->dev, NVME_FEAT_FID_TEMP_THRESH, 0,
				NVME_GET_FEATURES_SEL_SUPPORTED, 0, NULL, 0,
				&v);
	CHECK(ret == 0 && v & 0x4,
	      "get with sel 3: temperature threshold is changeable (%s, %#x)",
	      st(ret), v);
}

/* ------------------------------------------------------ exact statuses */

static void t_statuses(struct t *t)
{
	unsigned char *buf = zalloc(2 * t->bs);
	struct ngio_log_args a = { .lid = NVME_LOG_LID_SMART, .nsid = 0x99 };
	struct nvme_uring_cmd cmd;
	int ret;

	ret = q_xfer(t, nvme_cmd_read, t->g->nsze, buf, t->bs, NULL);
	CHECK(is_status(ret, NVME_SCT_GENERIC, NVME_SC_LBA_RANGE),
	      "queued read past the end: LBA Out of Range (%s)", st(ret));
	ret = q_xfer(t, nvme_cmd_read, t->g->nsze - 1, buf, 2 * t->bs, NULL);
	CHECK(is_status(ret, NVME_SCT_GENERIC, NVME_SC_LBA_RANGE),
	      "queued read across the end: LBA Out of Range (%s)", st(ret));

	/*
	 * An I/O command naming another namespace never reaches the device:
	 * the kernel (nvme_validate_passthru_nsid) refuses it on the ng
	 * node with -EINVAL.  Invalid Namespace comes from an admin command
	 * naming a namespace that does not exist.
	 */
	build_xfer(t, &cmd, nvme_cmd_read, 0, buf, t->bs, NULL);
	cmd.nsid = 0x99;
	ret = q_run(t, &cmd, 0, NULL);
	CHECK(ret == -EINVAL, "read with nsid 0x99 on the ng node: the "
	      "kernel refuses it, -EINVAL (%s)", st(ret));
	ret = ngio_get_log(t->dev, &a, buf, 512);
	CHECK(is_status(ret, NVME_SCT_GENERIC, NVME_SC_INVALID_NS) &&
	      ngio_status_dnr(ret),
	      "SMART log of nsid 0x99: Invalid Namespace or Format, DNR (%s)",
	      st(ret));

	ngio_cmd_flush(&cmd, t->g);
	cmd.opcode = 0x7f;
	ret = q_run(t, &cmd, 0, NULL);
	CHECK(is_status(ret, NVME_SCT_GENERIC, NVME_SC_INVALID_OPCODE),
	      "I/O opcode 0x7f: Invalid Command Opcode (%s)", st(ret));
	ret = ngio_submit_sync(t->dev, false, &cmd, NULL);
	CHECK(is_status(ret, NVME_SCT_GENERIC, NVME_SC_INVALID_OPCODE),
	      "the same via sync (%s)", st(ret));
	free(buf);
}

/* --------------------------------------------------------- bad input */

/* An admin command on the namespace node, on a ring of our own. */
static void admin_on_ns_fd(struct t *t)
{
	unsigned char *buf;
	struct io_uring_params p = { .flags = IORING_SETUP_SQE128 |
					      IORING_SETUP_CQE32 };
	struct nvme_uring_cmd cmd;
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	int ret;

	if (tap_emu(t->dev)) {
		SKIP("an emulated device has no node", "admin on the ng node");
		return;
	}
	buf = zalloc(NVME_IDENTIFY_DATA_SIZE);
	ret = io_uring_queue_init_params(4, &ring, &p);
	CHECK(ret == 0, "a SQE128/CQE32 ring of our own (%s)", st(ret));
	if (ret)
		goto out;
	memset(buf, 0xee, NVME_IDENTIFY_DATA_SIZE);
	ngio_cmd_identify(&cmd, NVME_IDENTIFY_CNS_CTRL, 0, 0, 0, buf,
			  NVME_IDENTIFY_DATA_SIZE);
	ngio_prep_uring_cmd(io_uring_get_sqe(&ring), ngio_dev_fd(t->dev),
			    NVME_URING_CMD_ADMIN, &cmd);
	ret = io_uring_submit_and_wait(&ring, 1);
	if (ret >= 0)
		ret = io_uring_peek_cqe(&ring, &cqe);
	if (!ret) {
		ret = cqe->res;
		io_uring_cqe_seen(&ring, cqe);
	}
	/* nvme_ns_uring_cmd knows only the I/O ops. */
	CHECK(ret == -ENOTTY &&
	      all_bytes(buf, NVME_IDENTIFY_DATA_SIZE, 0xee),
	      "NVME_URING_CMD_ADMIN on the ng node: -ENOTTY, nothing "
	      "returned (%s)", st(ret));
	io_uring_queue_exit(&ring);
out:
	free(buf);
}

static void t_bad_input(struct t *t)
{
	__u32 len = 8 * t->bs, big = t->g->max_xfer + t->bs;
	unsigned char *before = zalloc(len), *after = zalloc(len);
	unsigned char *w = zalloc(big + 4), *md = zalloc(md_len(t, len) + 4);
	__u64 slba = region(t, R_BAD);
	struct nvme_uring_cmd cmd;
	int ret;

	ret = put_pattern(t, slba, before, len, t->ms ? md : NULL);
	CHECK(ret == 0, "write the target blocks (%s)", st(ret));
	fill(w, big + 4);
	if (!t->ms) {
		ret = ngio_write(t->dev, slba, NULL, len, 0);
		CHECK(ret == -EFAULT, "sync write of NULL: -EFAULT (%s)",
		      st(ret));
		ret = ngio_write(t->dev, slba, w + 1, len, 0);
		CHECK(ret == -EINVAL,
		      "sync write from a misaligned buffer: -EINVAL (%s)",
		      st(ret));
		ret = ngio_write(t->dev, slba, w, len + 4, 0);
		CHECK(ret == -EINVAL,
		      "sync write of a partial block: -EINVAL (%s)", st(ret));
		ret = ngio_read(t->dev, slba, NULL, len, 0);
		CHECK(ret == -EFAULT, "sync read into NULL: -EFAULT (%s)",
		      st(ret));
	}
	ret = ngio_queue_write(t->qd, slba, NULL, len, 0, -1, 1);
	CHECK(ret == -EFAULT, "queued write of NULL: -EFAULT (%s)", st(ret));
	ret = ngio_queue_write(t->qd, slba, w + 2, len, 0, -1, 2);
	CHECK(ret == -EINVAL,
	      "queued write from a misaligned buffer: -EINVAL (%s)", st(ret));
	ret = ngio_queue_write(t->qd, slba, w, len - 4, 0, -1, 3);
	CHECK(ret == -EINVAL,
	      "queued write of a partial block: -EINVAL (%s)", st(ret));
	ret = ngio_queue_write(t->qd, slba, w, big, 0, -1, 4);
	CHECK(ret == -EINVAL, "queued write of max_xfer %u + 1 block: "
	      "-EINVAL (%s)", t->g->max_xfer, st(ret));
	ret = ngio_cmd_write(&cmd, t->g, slba, w, big, 0);
	CHECK(ret == -EINVAL, "ngio_cmd_write over max_xfer: -EINVAL (%s)",
	      st(ret));
	ret = ngio_cmd_compare(&cmd, t->g, slba, NULL, len, 0);
	CHECK(ret == -EFAULT, "ngio_cmd_compare of NULL: -EFAULT (%s)",
	      st(ret));
	CHECK(ngio_queue_inflight(t->q) == 0, "none of them was queued");
	ret = q_rw_range(t, false, slba, after, len, NULL);
	CHECK(ret == 0 && !memcmp(before, after, len),
	      "the target blocks are unchanged: nothing was sent (%s)",
	      st(ret));

	admin_on_ns_fd(t);
	free(before);
	free(after);
	free(w);
	free(md);
}

/* The block engine moves data only; IOPOLL queues have no admin. */
static void t_engines(struct t *t)
{
	struct ngio_queue_params p = { .depth = 4,
				       .engine = NGIO_ENGINE_BLOCK };
	__u32 len = 4 * t->bs;
	unsigned char *w = zalloc(len), *r = zalloc(len);
	unsigned char *md = zalloc(md_len(t, len) + 4);
	unsigned char *id = zalloc(NVME_IDENTIFY_DATA_SIZE);
	__u64 slba = region(t, R_POLL);
	struct nvme_uring_cmd cmd;
	struct ngio_queue *q;
	struct ngio_qdev *qd;
	struct ngio_cqe cqe = { 0 };
	const char *why;
	int ret;

	ret = put_pattern(t, slba, w, len, NULL);
	CHECK(ret == 0, "write blocks for the other engines (%s)", st(ret));

	ret = ngio_queue_init_params(&q, &p);
	if (!ret) {
		ret = ngio_queue_add_dev(q, t->dev, &qd);
		if (ret == -EOPNOTSUPP) {
			SKIP("no block node", "block engine flush");
		} else {
			CHECK(ret == 0, "block engine queue (%s)", st(ret));
			ngio_cmd_flush(&cmd, t->g);
			ret = ngio_queue_cmd(qd, &cmd, 0, -1, 0);
			CHECK(ret == -EOPNOTSUPP && !ngio_queue_inflight(q),
			      "block engine flush: -EOPNOTSUPP, nothing "
			      "queued (%s)", st(ret));
		}
		ngio_queue_exit(q);
	} else {
		CHECK(ret == 0, "block engine queue (%s)", st(ret));
	}

	if (!ngio_dev_has(t->dev, NGIO_CAP_IOPOLL, &why)) {
		SKIP(why, "IOPOLL queue refuses admin commands");
		goto out;
	}
	ret = tap_queue_init(t->dev, &q, 4, NGIO_Q_IOPOLL);
	if (!ret)
		ret = ngio_queue_add_dev(q, t->dev, &qd);
	CHECK(ret == 0, "IOPOLL queue (%s)", st(ret));
	if (ret)
		goto out;
	ngio_cmd_identify(&cmd, NVME_IDENTIFY_CNS_CTRL, 0, 0, 0, id,
			  NVME_IDENTIFY_DATA_SIZE);
	memset(id, 0, NVME_IDENTIFY_DATA_SIZE);
	ret = ngio_queue_cmd(qd, &cmd, NGIO_CMD_ADMIN, -1, 0);
	/* Linux 7.1 runs admin commands on an IOPOLL ring, unpolled. */
	if (tap_kernel_has(t->dev, 7, 1)) {
		CHECK(ngio_dev_has(t->dev, NGIO_CAP_ADMIN_IOPOLL, NULL),
		      "admin on an IOPOLL queue: the probe has it (7.1+)");
		if (!ret)
			ret = ngio_queue_reap(q, &cqe, 1, 1) == 1 ? cqe.res :
			      -EIO;
		CHECK(ret == 0 && !memcmp(id, ngio_dev_id_ctrl(t->dev),
					  NVME_IDENTIFY_DATA_SIZE),
		      "admin command on an IOPOLL queue works from Linux 7.1 "
		      "(%s)", st(ret));
	} else {
		const char *no;

		CHECK(!ngio_dev_has(t->dev, NGIO_CAP_ADMIN_IOPOLL, &no) && no &&
		      strstr(no, "7.1"), "admin on an IOPOLL queue: not "
		      "before Linux 7.1, saying why: %s", no ? no : "(null)");
		CHECK(ret == -EOPNOTSUPP && !ngio_queue_inflight(q),
		      "admin command on an IOPOLL queue before Linux 7.1: "
		      "-EOPNOTSUPP (%s)", st(ret));
	}
	ret = build_xfer(t, &cmd, nvme_cmd_read, slba, r, len,
			 t->ms ? md : NULL);
	if (!ret)
		ret = ngio_queue_cmd(qd, &cmd, 0, -1, 7);
	if (!ret)
		ret = ngio_queue_reap(q, &cqe, 1, 1) == 1 ? cqe.res : -EIO;
	CHECK(ret == 0 && cqe.user_data == 7 && !memcmp(w, r, len),
	      "while a polled read works and returns the data (%s)", st(ret));
	ngio_queue_exit(q);
out:
	free(w);
	free(r);
	free(md);
	free(id);
}

/* --------------------------------------------------------------- main */

int main(int argc, char **argv)
{
	struct t t = { 0 };
	int ret;

	tap_name = "api_cmds";

	if (argc != 2) {
		fprintf(stderr, "usage: %s NG_NODE\n", argv[0]);
		return 2;
	}
	tap_sub = tap_dev_name(argv[1]);
	setvbuf(stdout, NULL, _IOLBF, 0);

	ret = ngio_dev_open(argv[1], 0, &t.dev);
	CHECK(ret == 0, "open %s (%s)", argv[1], st(ret));
	if (ret)
		return 1;
	t.g = ngio_dev_geometry(t.dev);
	t.bs = ngio_block_bytes(t.g);
	t.ms = t.g->extended ? 0 : t.g->ms;
	CHECK(t.g->nsid && t.g->nsze >= region(&t, NR_REGIONS) &&
	      t.g->max_xfer >= 65536 && !t.g->extended,
	      "geometry: nsid %u, %u + %u bytes per block, %llu blocks, "
	      "max_xfer %u", t.g->nsid, t.g->lba_size, t.g->ms,
	      (unsigned long long)t.g->nsze, t.g->max_xfer);
	ret = tap_queue_init(t.dev, &t.q, QDEPTH, 0);
	if (!ret)
		ret = ngio_queue_add_dev(t.q, t.dev, &t.qd);
	CHECK(ret == 0, "queue of depth %d with the device (%s)", QDEPTH,
	      st(ret));
	if (ret || t.g->nsze < region(&t, NR_REGIONS))
		return 1;
	t.md_scratch = zalloc(t.g->max_xfer / t.g->lba_size * t.ms + 4);
	rnd_state = (__u64)time(NULL) << 20 ^ getpid();
	DIAG("pattern seed %llu", (unsigned long long)rnd_state);

	t_get_log(&t);		/* first: the effects log gates verify */
	if (t.ms) {
		sync_md_refused(&t);
	} else {
		t_rw_sync(&t);
		t_sync_range(&t);
		block_past_end(&t);
	}
	t_rw_queue(&t);
	t_compare(&t);
	t_write_zeroes(&t);
	t_write_uncor(&t);
	t_verify(&t);
	t_flush(&t);
	t_dsm(&t);
	t_copy(&t);
	t_vec(&t);
	t_metadata(&t);
	t_identify(&t);
	t_features(&t);
	t_statuses(&t);
	t_bad_input(&t);
	t_engines(&t);

	free(t.md_scratch);
	ngio_queue_exit(t.q);
	ngio_dev_close(t.dev);
	return tap_done();
}
