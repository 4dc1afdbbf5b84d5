// SPDX-License-Identifier: MIT
/*
 * End-to-end data protection through libngio on the real kernel path:
 * the PI format read at open; writes with PRACT (the controller makes the
 * tuples) read back raw and checked on the host; host-made tuples written
 * with every check on; a corrupted guard, application tag or reference
 * tag refused with its exact status and nothing written, accepted with
 * checking off and then caught by the host verifier and by the device on
 * read; PRACT reads that strip the tuples; compare, verify and write
 * zeroes with PI; the same on registered buffers and vectored I/O; and
 * the refusals made before anything is sent.
 *
 * QEMU 7.2 behaviour the assertions rely on (see the comments): it checks
 * a write's tuples before writing anything, reports check errors without
 * DNR, and reads never-written blocks with all-ones tuples (the escape).
 *
 * usage: api_pi NG_NODE TYPE PIF MS EXTENDED PI_FIRST [PLAIN_NG]
 *        (prints TAP; TYPE 1-3, PIF 0 or 2, MS metadata bytes, EXTENDED
 *        and PI_FIRST 0 or 1: the PI rows of layout.sh)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "ngio.h"
#include "tap.h"

#define NLB	8		/* blocks per test I/O */
#define QDEPTH	8

enum op { OP_READ, OP_WRITE, OP_COMPARE };

struct t {
	struct ngio_dev *dev;
	const struct ngio_geometry *g;
	struct ngio_queue *q;
	struct ngio_qdev *qd;
	__u32 pi;		/* tuple bytes */
	bool sep;		/* separate metadata */
	bool strip;		/* PRACT moves no metadata */
	unsigned all;		/* every check the type allows */
	__u64 run;
	unsigned char *data, *md, *rdata, *rmd;	/* NLB blocks each */
	unsigned char *pdata, *pmd;	/* a copy of what the blocks held */
};

static const char *st(int res)
{
	static char bufs[4][96];
	static unsigned n;
	char *b = bufs[n++ % 4];

	return ngio_status_str(res, b, sizeof(bufs[0]));
}

/* Block i's data and metadata in a buffer pair laid out as the format. */
static unsigned char *blk_data(struct t *t, unsigned char *d, unsigned i)
{
	return d + (size_t)i * ngio_block_bytes(t->g);
}

static unsigned char *blk_md(struct t *t, unsigned char *d,
			     unsigned char *m, unsigned i)
{
	if (t->sep)
		return m + (size_t)i * t->g->ms;
	return d + (size_t)i * ngio_block_bytes(t->g) + t->g->lba_size;
}

static unsigned char *blk_tuple(struct t *t, unsigned char *d,
				unsigned char *m, unsigned i)
{
	return blk_md(t, d, m, i) + (t->g->pi_first ? 0 : t->g->ms - t->pi);
}

/* Fill data (and the metadata bytes outside the tuples) from seed. */
static void fill(struct t *t, __u64 seed)
{
	const struct ngio_geometry *g = t->g;

	for (unsigned i = 0; i < NLB; i++) {
		unsigned char *d = blk_data(t, t->data, i);
		unsigned char *m = blk_md(t, t->data, t->md, i);
		__u64 x = seed * 0x9e3779b97f4a7c15ULL + i;

		for (__u32 k = 0; k < g->lba_size; k++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			d[k] = (unsigned char)x;
		}
		for (__u32 k = 0; k < g->ms; k++)
			m[k] = (unsigned char)(seed + i * 31 + k);
	}
}

/* The tags of an I/O at slba: reference tags from the LBA. */
static struct ngio_pi_tags tags(struct t *t, __u64 slba, __u16 apptag)
{
	struct ngio_pi_tags tg = {
		.reftag = t->g->pi_type == 3 ? 0x5a5a : ngio_pi_reftag(t->g,
								      slba),
		.apptag = apptag,
		.apptag_mask = 0xffff,
	};

	return tg;
}

/*
 * One I/O of NLB blocks at slba on the queue.  data/md laid out as the
 * format, or data only (md NULL) when PRACT strips the tuples.  tg NULL:
 * no PI fields at all.  buf_index >= 0: a registered buffer; vec: the
 * data in two iovecs.
 */
static int io(struct t *t, enum op op, __u64 slba, unsigned flags,
	      unsigned check, const struct ngio_pi_tags *tg,
	      unsigned char *data, unsigned char *md, int buf_index, bool vec)
{
	const struct ngio_geometry *g = t->g;
	bool strip = flags & NGIO_RW_PRACT && g->ms == t->pi;
	__u32 len = NLB * (strip ? g->lba_size : ngio_block_bytes(g));
	struct iovec iov[2] = { { data, len / 2 }, { data + len / 2,
						     len / 2 } };
	struct nvme_uring_cmd cmd;
	struct ngio_cqe cqe;
	int ret;

	if (vec)
		ret = op == OP_WRITE ?
		      ngio_cmd_writev(&cmd, g, slba, iov, 2, flags) :
		      ngio_cmd_readv(&cmd, g, slba, iov, 2, flags);
	else if (op == OP_WRITE)
		ret = ngio_cmd_write(&cmd, g, slba, data, len, flags);
	else if (op == OP_COMPARE)
		ret = ngio_cmd_compare(&cmd, g, slba, data, len, flags);
	else
		ret = ngio_cmd_read(&cmd, g, slba, data, len, flags);
	if (!ret && t->sep && !strip)
		ret = ngio_cmd_metadata(&cmd, g, md, NLB * g->ms);
	if (!ret && tg)
		ret = ngio_cmd_pi(&cmd, g, check, tg);
	if (ret)
		return ret;
	ret = ngio_queue_cmd(t->qd, &cmd, vec ? NGIO_CMD_VEC : 0, buf_index,
			     0x1234);
	if (ret)
		return ret;
	ret = ngio_queue_reap(t->q, &cqe, 1, 1);
	if (ret != 1)
		return ret < 0 ? ret : -EIO;
	return cqe.res;
}

/* Read NLB blocks at slba raw (no PRACT, no checks) into rdata/rmd. */
static int raw_read(struct t *t, __u64 slba)
{
	memset(t->rdata, 0xee, NLB * ngio_block_bytes(t->g));
	if (t->sep)
		memset(t->rmd, 0xee, NLB * t->g->ms);
	return io(t, OP_READ, slba, 0, 0, NULL, t->rdata, t->rmd, -1, false);
}

/* What was read equals what was written (data, and metadata). */
static bool read_matches(struct t *t)
{
	return !memcmp(t->rdata, t->data, NLB * ngio_block_bytes(t->g)) &&
	       (!t->sep || !memcmp(t->rmd, t->md, NLB * t->g->ms));
}

/* The data part of every block read equals the one written. */
static bool data_matches(struct t *t, const unsigned char *rd, bool packed)
{
	for (unsigned i = 0; i < NLB; i++) {
		const unsigned char *r = rd + (size_t)i *
			(packed ? t->g->lba_size : ngio_block_bytes(t->g));

		if (memcmp(r, blk_data(t, t->data, i), t->g->lba_size))
			return false;
	}
	return true;
}

/* ------------------------------------------------------------ format */

static void t_format(struct t *t, unsigned type, unsigned pif, unsigned ms,
		     bool ext, bool first)
{
	const struct ngio_geometry *g = t->g;

	CHECK(g->pi_type == type && g->pi_format == pif && g->ms == ms &&
	      g->extended == ext && g->pi_first == first && !g->sts,
	      "geometry: PI type %u, %s guard, %u-byte metadata, %s, tuple "
	      "%s", g->pi_type, g->pi_format == NGIO_PI_GUARD64 ? "64b" :
	      "16b", g->ms, g->extended ? "extended" : "separate",
	      g->pi_first ? "first" : "last");
	CHECK(ngio_pi_size(g) == (pif == NGIO_PI_GUARD64 ? 16U : 8U),
	      "ngio_pi_size: %u bytes", ngio_pi_size(g));
}

/* ------------------------------------------------------------- PRACT */

static void t_pract(struct t *t, __u64 slba)
{
	struct ngio_pi_tags tg = tags(t, slba, 0x1234);
	struct ngio_pi_error err = { 0 };
	unsigned char *wd = t->data;
	int ret, vr;

	fill(t, t->run + 1);
	/* With PRACT on a tuple-only format the buffer is data only. */
	if (t->strip) {
		wd = zalloc(NLB * t->g->lba_size);
		for (unsigned i = 0; i < NLB; i++)
			memcpy(wd + (size_t)i * t->g->lba_size,
			       blk_data(t, t->data, i), t->g->lba_size);
	}
	ret = io(t, OP_WRITE, slba, NGIO_RW_PRACT, 0, &tg, wd, t->md, -1,
		 false);
	CHECK(ret == 0, "write %u blocks with PRACT: the controller makes "
	      "the tuples (%s)", NLB, st(ret));
	ret = raw_read(t, slba);
	vr = ngio_pi_verify(t->g, t->rdata, t->sep ? t->rmd : NULL, NLB, &tg,
			    t->all, &err);
	CHECK(ret == 0 && vr == 0 && data_matches(t, t->rdata, false),
	      "read back raw: data intact, every tuple verifies on the host "
	      "(guard, application tag 0x1234%s) (%s; %s, block %u)",
	      t->all & NGIO_PI_CHECK_REFTAG ? ", reference tags from the LBA" :
	      "", st(ret), st(vr), err.block);
	if (t->g->ms > t->pi) {
		bool keep = true;

		for (unsigned i = 0; i < NLB; i++) {
			__u32 off = t->g->pi_first ? t->pi : 0;

			keep &= !memcmp(blk_md(t, t->rdata, t->rmd, i) + off,
					blk_md(t, t->data, t->md, i) + off,
					t->g->ms - t->pi);
		}
		CHECK(keep, "the %u metadata bytes beside the tuple are the "
		      "host's", t->g->ms - t->pi);
	}

	/* A PRACT read checks and strips (or passes) the tuples. */
	memset(t->rdata, 0xee, NLB * ngio_block_bytes(t->g));
	ret = io(t, OP_READ, slba, NGIO_RW_PRACT, t->all, &tg, t->rdata,
		 t->rmd, -1, false);
	CHECK(ret == 0 && data_matches(t, t->rdata, t->strip),
	      "read with PRACT and every check: success, %s (%s)",
	      t->strip ? "data only, tuples stripped" : "data and metadata",
	      st(ret));
	if (wd != t->data)
		free(wd);
}

/* ------------------------------------------------- host-made tuples */

static void t_host(struct t *t, __u64 slba)
{
	struct ngio_pi_tags tg = tags(t, slba, 0x4321);
	int ret;

	fill(t, t->run + 2);
	ret = ngio_pi_generate(t->g, t->data, t->sep ? t->md : NULL, NLB, &tg);
	CHECK(ret == 0, "ngio_pi_generate over %u blocks (%s)", NLB, st(ret));
	ret = io(t, OP_WRITE, slba, 0, t->all, &tg, t->data, t->md, -1, false);
	CHECK(ret == 0, "write host-made tuples with every check on (%s)",
	      st(ret));
	ret = raw_read(t, slba);
	CHECK(ret == 0 && read_matches(t),
	      "read back raw: data and tuples exactly as written (%s)",
	      st(ret));
	ret = io(t, OP_COMPARE, slba, 0, t->all, &tg, t->data, t->md, -1,
		 false);
	CHECK(ret == 0, "compare with every check: equal (%s)", st(ret));
	{
		struct nvme_uring_cmd cmd;

		ret = ngio_cmd_verify(&cmd, t->g, slba, NLB, 0);
		if (!ret)
			ret = ngio_cmd_pi(&cmd, t->g, t->all, &tg);
		if (!ret)
			ret = tap_queue_run(t->q, t->qd, &cmd, 0, NULL);
		CHECK(ret == 0, "verify with every check: success (%s)",
		      st(ret));
	}
}

/* ------------------------------------------------------- corruptions */

static const struct {
	unsigned field;
	unsigned sc;
	const char *name, *status;
} fields[] = {
	{ NGIO_PI_CHECK_GUARD, NVME_SC_GUARD_CHECK, "guard", "Guard" },
	{ NGIO_PI_CHECK_APPTAG, NVME_SC_APPTAG_CHECK, "application tag",
	  "Application Tag" },
	{ NGIO_PI_CHECK_REFTAG, NVME_SC_REFTAG_CHECK, "reference tag",
	  "Reference Tag" },
};

/* Spoil field of block bad's tuple (the data, for the guard). */
static void spoil(struct t *t, unsigned field, unsigned bad)
{
	unsigned char *tp = blk_tuple(t, t->data, t->md, bad);
	__u32 gsz = t->pi == 16 ? 8 : 2;

	if (field == NGIO_PI_CHECK_GUARD)
		blk_data(t, t->data, bad)[100] ^= 0x10;
	else if (field == NGIO_PI_CHECK_APPTAG)
		tp[gsz + 1] ^= 0x01;
	else
		tp[t->pi - 1] ^= 0x01;	/* low byte of the reference tag */
}

static void t_corrupt(struct t *t, __u64 slba, unsigned fi)
{
	const unsigned bad = 2;
	unsigned field = fields[fi].field;
	struct ngio_pi_tags tg = tags(t, slba, 0x2222);
	struct ngio_pi_error err = { 0 };
	int ret, vr;

	if (!(t->all & field)) {
		SKIP("type 3 has no reference tag to check",
		     "corrupted %s", fields[fi].name);
		return;
	}
	/* What the blocks hold before: host-made tuples, checked. */
	fill(t, t->run + 10 + fi);
	ngio_pi_generate(t->g, t->data, t->sep ? t->md : NULL, NLB, &tg);
	ret = io(t, OP_WRITE, slba, 0, t->all, &tg, t->data, t->md, -1, false);
	CHECK(ret == 0, "%s: the blocks before (%s)", fields[fi].name,
	      st(ret));
	memcpy(t->pdata, t->data, NLB * ngio_block_bytes(t->g));
	memcpy(t->pmd, t->md, NLB * t->g->ms);

	fill(t, t->run + 20 + fi);
	ngio_pi_generate(t->g, t->data, t->sep ? t->md : NULL, NLB, &tg);
	spoil(t, field, bad);
	/* QEMU checks every tuple before it writes anything. */
	ret = io(t, OP_WRITE, slba, 0, field, &tg, t->data, t->md, -1, false);
	CHECK(is_status(ret, NVME_SCT_MEDIA, fields[fi].sc),
	      "write with block %u's %s corrupted, %s checked: End-to-end %s "
	      "Check Error (%s)", bad, fields[fi].name, fields[fi].name,
	      fields[fi].status, st(ret));
	ret = raw_read(t, slba);
	vr = ngio_pi_verify(t->g, t->rdata, t->sep ? t->rmd : NULL, NLB, &tg,
			    t->all, &err);
	CHECK(ret == 0 && vr == 0 &&
	      !memcmp(t->rdata, t->pdata, NLB * ngio_block_bytes(t->g)) &&
	      (!t->sep || !memcmp(t->rmd, t->pmd, NLB * t->g->ms)),
	      "%s: nothing was written (every block holds what it held, "
	      "tuples good) (%s; %s)", fields[fi].name, st(ret), st(vr));

	ret = io(t, OP_WRITE, slba, 0, 0, &tg, t->data, t->md, -1, false);
	CHECK(ret == 0, "the same write with checking off: accepted (%s)",
	      st(ret));
	ret = raw_read(t, slba);
	memset(&err, 0, sizeof(err));
	vr = ngio_pi_verify(t->g, t->rdata, t->sep ? t->rmd : NULL, NLB, &tg,
			    t->all, &err);
	CHECK(ret == 0 && read_matches(t) && vr == -EBADMSG &&
	      err.block == bad && err.field == field,
	      "read back raw, the host verifier catches it: block %u, field "
	      "%u, want %#llx got %#llx (%s)", err.block, err.field,
	      (unsigned long long)err.want, (unsigned long long)err.got,
	      st(vr));
	ret = io(t, OP_READ, slba, 0, field, &tg, t->rdata, t->rmd, -1,
		 false);
	CHECK(is_status(ret, NVME_SCT_MEDIA, fields[fi].sc),
	      "a read with the %s checked: End-to-end %s Check Error (%s)",
	      fields[fi].name, fields[fi].status, st(ret));
	ret = io(t, OP_READ, slba, 0, t->all & ~field, &tg, t->rdata, t->rmd,
		 -1, false);
	CHECK(ret == 0, "a read checking the other fields: success (%s)",
	      st(ret));
}

/* ------------------------------------------- fixed buffers, vectored */

static void t_async_paths(struct t *t, __u64 slba)
{
	struct ngio_pi_tags tg = tags(t, slba, 0x3333);
	size_t len = NLB * ngio_block_bytes(t->g);
	struct ngio_pi_error err = { 0 };
	unsigned char *fb;
	int idx, ret, vr;

	/* A registered buffer for the data; metadata never is one. */
	idx = ngio_buf_alloc(t->q, len, (void **)&fb);
	CHECK(idx >= 0, "register a buffer (%s)", st(idx));
	if (idx < 0)
		return;
	fill(t, t->run + 30);
	ngio_pi_generate(t->g, t->data, t->sep ? t->md : NULL, NLB, &tg);
	memcpy(fb, t->data, len);
	ret = io(t, OP_WRITE, slba, 0, t->all, &tg, fb, t->md, idx, false);
	CHECK(ret == 0, "write host-made tuples from a registered buffer, "
	      "every check (%s)", st(ret));
	memset(fb, 0xee, len);
	if (t->sep)
		memset(t->rmd, 0xee, NLB * t->g->ms);
	ret = io(t, OP_READ, slba, 0, t->all, &tg, fb, t->rmd, idx, false);
	vr = ngio_pi_verify(t->g, fb, t->sep ? t->rmd : NULL, NLB, &tg,
			    t->all, &err);
	CHECK(ret == 0 && vr == 0 && !memcmp(fb, t->data, len) &&
	      (!t->sep || !memcmp(t->rmd, t->md, NLB * t->g->ms)),
	      "read it into the registered buffer, checked: as written (%s; "
	      "%s)", st(ret), st(vr));
	ngio_buf_unregister(t->q, idx);

	fill(t, t->run + 31);
	ngio_pi_generate(t->g, t->data, t->sep ? t->md : NULL, NLB, &tg);
	ret = io(t, OP_WRITE, slba, 0, t->all, &tg, t->data, t->md, -1, true);
	CHECK(ret == 0, "vectored write (2 iovecs) of host-made tuples, "
	      "every check (%s)", st(ret));
	if (t->sep)
		memset(t->rmd, 0xee, NLB * t->g->ms);
	memset(t->rdata, 0xee, len);
	ret = io(t, OP_READ, slba, 0, t->all, &tg, t->rdata, t->rmd, -1, true);
	CHECK(ret == 0 && read_matches(t),
	      "vectored read, checked: as written (%s)", st(ret));
}

/* ------------------------------------------------------ write zeroes */

static void t_write_zeroes(struct t *t, __u64 slba)
{
	struct ngio_pi_tags tg = tags(t, slba, 0x0707);
	struct nvme_uring_cmd cmd;
	bool zero = true;
	int ret;

	if (t->pi == 16 && t->g->lba_size != 4096) {
		SKIP("QEMU 7.2's PRACT write zeroes guard is right for 4 KiB "
		     "zero blocks only", "write zeroes with PRACT");
		return;
	}
	if (t->pi == 16 && !t->g->pi_first && t->g->ms > t->pi) {
		/* QEMU 7.2 writes a fixed guard, not covering metadata. */
		SKIP("QEMU 7.2's PRACT write zeroes guard ignores the metadata "
		     "before the tuple", "write zeroes with PRACT");
		return;
	}
	ret = ngio_cmd_write_zeroes(&cmd, t->g, slba, NLB, NGIO_RW_PRACT);
	if (!ret)
		ret = ngio_cmd_pi(&cmd, t->g, 0, &tg);
	if (!ret)
		ret = tap_queue_run(t->q, t->qd, &cmd, 0, NULL);
	CHECK(ret == 0, "write zeroes with PRACT, application tag 0x0707 (%s)",
	      st(ret));
	memset(t->rdata, 0xee, NLB * ngio_block_bytes(t->g));
	ret = io(t, OP_READ, slba, NGIO_RW_PRACT, t->all, &tg, t->rdata,
		 t->rmd, -1, false);
	for (unsigned i = 0; i < NLB; i++)
		zero &= all_bytes(t->rdata + (size_t)i * (t->strip ?
				  t->g->lba_size : ngio_block_bytes(t->g)),
				  t->g->lba_size, 0);
	CHECK(ret == 0 && zero,
	      "read back with PRACT and every check: zeroes, tuples valid "
	      "(%s)", st(ret));
	ret = ngio_cmd_write_zeroes(&cmd, t->g, slba, NLB, 0);
	if (!ret)
		ret = ngio_cmd_pi(&cmd, t->g, NGIO_PI_CHECK_GUARD, &tg);
	CHECK(ret == -EINVAL, "write zeroes with a check: -EINVAL, nothing "
	      "sent (%s)", st(ret));
}

/* --------------------------------------------------------- refusals */

static void t_refusals(struct t *t, const char *plain)
{
	struct ngio_pi_tags tg = tags(t, 0, 0);
	struct nvme_uring_cmd cmd;
	struct ngio_dev *pd;
	int ret;

	/* Metadata that does not cover every block. */
	if (t->sep) {
		ret = ngio_cmd_read(&cmd, t->g, 0, t->rdata,
				    NLB * t->g->lba_size, 0);
		if (!ret)
			ret = ngio_cmd_metadata(&cmd, t->g, t->rmd,
						NLB * t->g->ms - 1);
		CHECK(ret == -EINVAL, "metadata buffer one byte short: -EINVAL "
		      "(%s)", st(ret));
		/* Built by hand, it is stopped at the queue (the kernel
		 * would let the device overrun it). */
		ret = ngio_cmd_read(&cmd, t->g, 0, t->rdata,
				    NLB * t->g->lba_size, 0);
		cmd.metadata = (__u64)(uintptr_t)t->rmd;
		cmd.metadata_len = NLB * t->g->ms - 1;
		ret = ret ? ret : ngio_queue_cmd(t->qd, &cmd, 0, -1, 1);
		CHECK(ret == -EINVAL, "a hand-built read with a short metadata "
		      "length: -EINVAL at the queue, nothing sent (%s)",
		      st(ret));
		ret = ngio_cmd_read(&cmd, t->g, 0, t->rdata,
				    NLB * t->g->lba_size, 0);
		ret = ret ? ret : ngio_queue_cmd(t->qd, &cmd, 0, -1, 1);
		CHECK(ret == -EINVAL, "a read without its metadata buffer: "
		      "-EINVAL (%s)", st(ret));
	} else {
		ret = ngio_cmd_read(&cmd, t->g, 0, t->rdata,
				    NLB * ngio_block_bytes(t->g), 0);
		if (!ret)
			ret = ngio_cmd_metadata(&cmd, t->g, t->rmd, 4096);
		CHECK(ret == -EINVAL, "a metadata buffer on an extended format: "
		      "-EINVAL (%s)", st(ret));
	}
	if (t->sep) {
		ret = ngio_cmd_verify(&cmd, t->g, 0, NLB, 0);
		cmd.metadata = (__u64)(uintptr_t)t->rmd;
		cmd.metadata_len = NLB * t->g->ms;
		ret = ret ? ret : ngio_queue_cmd(t->qd, &cmd, 0, -1, 1);
		CHECK(ret == -EINVAL, "a metadata buffer on a command without "
		      "data (verify): -EINVAL (%s)", st(ret));
		ret = ngio_cmd_read(&cmd, t->g, 0, t->rdata,
				    NLB * t->g->lba_size, 0);
		cmd.metadata = (__u64)(uintptr_t)t->rmd;
		ret = ret ? ret : ngio_queue_cmd(t->qd, &cmd, 0, -1, 1);
		CHECK(ret == -EINVAL, "a metadata address without a length: "
		      "-EINVAL (%s)", st(ret));
	}
	if (t->strip) {
		ret = ngio_cmd_read(&cmd, t->g, 0, t->rdata,
				    NLB * t->g->lba_size, NGIO_RW_PRACT);
		cmd.metadata = (__u64)(uintptr_t)t->rmd;
		cmd.metadata_len = NLB * t->g->ms;
		ret = ret ? ret : ngio_queue_cmd(t->qd, &cmd, 0, -1, 1);
		CHECK(ret == -EINVAL, "metadata with PRACT where no metadata "
		      "moves: -EINVAL (%s)", st(ret));
	}
	if (t->g->pi_type == 1) {
		ret = ngio_cmd_read(&cmd, t->g, 16, t->rdata,
				    NLB * ngio_block_bytes(t->g), 0);
		tg.reftag = 17;
		if (!ret)
			ret = ngio_cmd_pi(&cmd, t->g, NGIO_PI_CHECK_REFTAG, &tg);
		CHECK(ret == -EINVAL, "type 1: a checked reference tag other "
		      "than the LBA's: -EINVAL (%s)", st(ret));
	}
	if (t->g->pi_type == 3) {
		ret = ngio_cmd_read(&cmd, t->g, 16, t->rdata,
				    NLB * ngio_block_bytes(t->g), 0);
		if (!ret)
			ret = ngio_cmd_pi(&cmd, t->g, NGIO_PI_CHECK_REFTAG, &tg);
		CHECK(ret == -EINVAL, "type 3: a reference tag check: -EINVAL "
		      "(%s)", st(ret));
	}

	if (!plain)
		return;
	ret = ngio_dev_open(plain, 0, &pd);
	CHECK(ret == 0, "open a namespace without PI (%s)", st(ret));
	if (ret)
		return;
	{
		const struct ngio_geometry *pg = ngio_dev_geometry(pd);
		struct ngio_qdev *pqd;
		int added;

		ret = ngio_cmd_read(&cmd, pg, 0, t->rdata, pg->lba_size,
				    NGIO_RW_PRACT);
		CHECK(ret == -EINVAL, "PRACT on a namespace without PI: -EINVAL "
		      "(%s)", st(ret));
		ret = ngio_cmd_read(&cmd, pg, 0, t->rdata, pg->lba_size, 0);
		if (!ret)
			ret = ngio_cmd_pi(&cmd, pg, NGIO_PI_CHECK_GUARD, &tg);
		CHECK(ret == -EINVAL, "PI checks on a namespace without PI: "
		      "-EINVAL (%s)", st(ret));
		ret = ngio_read(pd, 0, t->rdata, pg->lba_size, NGIO_RW_PRACT);
		CHECK(ret == -EINVAL, "ngio_read with PRACT there: -EINVAL (%s)",
		      st(ret));
		/* Metadata to a namespace without: Linux 6.1 would refuse it
		 * and leak the request; it never gets there. */
		added = ngio_queue_add_dev(t->q, pd, &pqd);
		CHECK(added == 0, "add it to the queue (%s)", st(added));
		ret = added;
		if (!ret) {
			ret = ngio_cmd_read(&cmd, pg, 0, t->rdata,
					    pg->lba_size, 0);
			cmd.metadata = (__u64)(uintptr_t)t->rmd;
			cmd.metadata_len = 8;
			ret = ret ? ret : ngio_queue_cmd(pqd, &cmd, 0, -1, 1);
		}
		CHECK(ret == -EINVAL, "a metadata buffer to a namespace without "
		      "metadata: -EINVAL at the queue (%s)", st(ret));
		/* Any opcode: Linux 6.1 maps metadata for every command. */
		if (!added) {
			struct nvme_dsm_range r;

			ngio_dsm_range(&r, 0, 1, 0);
			ret = ngio_cmd_dsm(&cmd, pg, &r, 1, 0);
			cmd.metadata = (__u64)(uintptr_t)t->rmd;
			cmd.metadata_len = 8;
			ret = ret ? ret : ngio_queue_cmd(pqd, &cmd, 0, -1, 1);
			CHECK(ret == -EINVAL, "DSM with a metadata buffer there: "
			      "-EINVAL (%s)", st(ret));
			ngio_cmd_identify(&cmd, NVME_IDENTIFY_CNS_CTRL, 0, 0, 0,
					  t->rdata, NVME_IDENTIFY_DATA_SIZE);
			cmd.metadata = (__u64)(uintptr_t)t->rmd;
			cmd.metadata_len = 8;
			ret = ngio_queue_cmd(pqd, &cmd, NGIO_CMD_ADMIN, -1, 1);
			CHECK(ret == -EINVAL, "an admin command with a metadata "
			      "buffer: -EINVAL (%s)", st(ret));
		}
	}
	ngio_dev_close(pd);
}

/* ------------------------------------------------- synchronous helper */

static void t_sync(struct t *t, __u64 slba)
{
	struct ngio_pi_tags tg = tags(t, slba, 0);
	size_t len = NLB * t->g->lba_size;
	struct ngio_pi_error err;
	int ret, vr;

	if (!t->strip) {
		SKIP("metadata moves with PRACT here", "ngio_write with PRACT");
		return;
	}
	fill(t, t->run + 40);
	for (unsigned i = 0; i < NLB; i++)
		memcpy(t->rdata + (size_t)i * t->g->lba_size,
		       blk_data(t, t->data, i), t->g->lba_size);
	/* No tags given: types 1 and 2 count from the LBA all the same. */
	ret = ngio_write(t->dev, slba, t->rdata, len, NGIO_RW_PRACT);
	CHECK(ret == 0, "ngio_write with PRACT at LBA %llu: data-only buffer, "
	      "no metadata (%s)", (unsigned long long)slba, st(ret));
	ret = raw_read(t, slba);
	vr = ngio_pi_verify(t->g, t->rdata, t->sep ? t->rmd : NULL, NLB, &tg,
			    t->g->pi_type == 3 ? NGIO_PI_CHECK_GUARD :
			    NGIO_PI_CHECK_GUARD | NGIO_PI_CHECK_REFTAG, &err);
	CHECK(ret == 0 && vr == 0 && data_matches(t, t->rdata, false),
	      "read back raw: the controller's tuples verify%s (%s; %s)",
	      t->g->pi_type == 3 ? "" : ", reference tags from the LBA",
	      st(ret), st(vr));
}

/* ------------------------------------------------- the kernel's CRCs */

/*
 * Where Linux registers an integrity profile (separate metadata holding
 * the tuple alone, or first), its block layer makes the tuples of what
 * is written through the block node with its own CRC code.  Four 4 KiB
 * blocks, the NVM Command Set's CRC test patterns, written there and
 * read back raw: the kernel's guards equal ngio's, and for the 64b guard
 * the values the specification publishes.
 */
static void t_kernel(struct t *t, __u64 slba)
{
	static const __u64 spec64[4] = {	/* NVM CS "64b CRC Test Cases" */
		0x6482d367eb22b64eULL, 0xc0ddba7302eca3acULL,
		0x3e729f5f6750449cULL, 0x9a2df64b8e9e517eULL,
	};
	const char *blk = ngio_dev_blk_path(t->dev);
	const __u32 bs = t->g->lba_size;
	unsigned char *p = zalloc(4 * bs);
	bool same = true, spec = true;
	char path[64];
	ssize_t n = -1;
	int fd, ret;

	if (!t->sep || bs != 4096 || !(t->strip || t->g->pi_first) || !blk) {
		SKIP("Linux makes tuples only for separate metadata holding "
		     "the tuple alone or first", "the kernel's guards");
		free(p);
		return;
	}
	for (unsigned i = 0; i < 4096; i++) {
		p[i] = 0;
		p[bs + i] = 0xff;
		p[2 * bs + i] = (unsigned char)i;
		p[3 * bs + i] = (unsigned char)(0xff - i);
	}
	snprintf(path, sizeof(path), "%s", blk);
	fd = open(path, O_WRONLY | O_DIRECT);
	if (fd >= 0) {
		n = pwrite(fd, p, 4 * bs, (off_t)slba * bs);
		close(fd);
	}
	CHECK(n == (ssize_t)(4 * bs), "write the 4 test blocks through %s "
	      "(the kernel makes their tuples)", path);
	memset(t->rmd, 0xee, NLB * t->g->ms);
	{
		struct nvme_uring_cmd cmd;

		ret = ngio_cmd_read(&cmd, t->g, slba, t->rdata, 4 * bs, 0);
		if (!ret)
			ret = ngio_cmd_metadata(&cmd, t->g, t->rmd,
						4 * t->g->ms);
		if (!ret)
			ret = tap_queue_run(t->q, t->qd, &cmd, 0, NULL);
	}
	for (unsigned i = 0; i < 4; i++) {
		const unsigned char *tp = t->rmd + (size_t)i * t->g->ms +
			(t->g->pi_first ? 0 : t->g->ms - t->pi);
		__u64 got = 0, ours;

		for (unsigned k = 0; k < (t->pi == 16 ? 8U : 2U); k++)
			got = got << 8 | tp[k];
		ours = t->pi == 16 ? ngio_crc64_nvme(0, p + i * bs, bs) :
				     ngio_crc16_t10dif(0, p + i * bs, bs);
		same &= got == ours;
		if (t->pi == 16)
			spec &= got == spec64[i];
		DIAG("pattern %u: the kernel's guard %#llx, ngio's %#llx", i,
		     (unsigned long long)got, (unsigned long long)ours);
	}
	CHECK(ret == 0 && same, "read back raw: the kernel's %s guards equal "
	      "ngio's (%s)", t->pi == 16 ? "CRC64 NVMe" : "CRC16 T10-DIF",
	      st(ret));
	if (t->pi == 16)
		CHECK(spec, "and they are the specification's four test "
		      "values");
	free(p);
}

/* ------------------------------------------------------------ engines */

/*
 * The ioctl engine carries the same command, metadata and PI fields; the
 * block engine has no place for them and says so.
 */
static void t_engines(struct t *t, __u64 slba)
{
	struct ngio_queue_params p = { .depth = 4,
				       .engine = NGIO_ENGINE_IOCTL };
	struct ngio_pi_tags tg = tags(t, slba, 0x5555);
	struct ngio_queue *pq = t->q, *q;
	struct ngio_qdev *pqd = t->qd, *qd;
	int ret;

	if (tap_emu(t->dev)) {
		SKIP("an emulated device has only its own queue",
		     "ioctl and block engines");
		return;
	}
	ret = ngio_queue_init_params(&q, &p);
	if (!ret)
		ret = ngio_queue_add_dev(q, t->dev, &qd);
	CHECK(ret == 0, "ioctl engine queue (%s)", st(ret));
	if (ret)
		return;
	t->q = q, t->qd = qd;
	fill(t, t->run + 50);
	ngio_pi_generate(t->g, t->data, t->sep ? t->md : NULL, NLB, &tg);
	ret = io(t, OP_WRITE, slba, 0, t->all, &tg, t->data, t->md, -1, false);
	CHECK(ret == 0, "ioctl engine: write host-made tuples, every check "
	      "(%s)", st(ret));
	spoil(t, NGIO_PI_CHECK_GUARD, 5);
	ret = io(t, OP_WRITE, slba, 0, t->all, &tg, t->data, t->md, -1, false);
	CHECK(is_status(ret, NVME_SCT_MEDIA, NVME_SC_GUARD_CHECK),
	      "ioctl engine: a corrupted guard is End-to-end Guard Check Error "
	      "(%s)", st(ret));
	spoil(t, NGIO_PI_CHECK_GUARD, 5);
	t->q = pq, t->qd = pqd;
	ret = raw_read(t, slba);
	CHECK(ret == 0 && read_matches(t),
	      "read back on the pt engine: as the ioctl engine wrote (%s)",
	      st(ret));
	ngio_queue_exit(q);

	p.engine = NGIO_ENGINE_BLOCK;
	ret = ngio_queue_init_params(&q, &p);
	CHECK(ret == 0, "block engine queue (%s)", st(ret));
	if (ret)
		return;
	ret = ngio_queue_add_dev(q, t->dev, &qd);
	if (ret == -EOPNOTSUPP || ret == -ENODEV || ret == -ENOENT) {
		SKIP("no usable block node", "block engine refuses PI");
	} else {
		CHECK(ret == 0, "block engine: add the namespace (%s)",
		      st(ret));
	}
	if (!ret) {
		struct nvme_uring_cmd cmd;

		ret = ngio_cmd_read(&cmd, t->g, slba, t->rdata,
				    NLB * (t->strip ? t->g->lba_size :
					   ngio_block_bytes(t->g)),
				    NGIO_RW_PRACT);
		if (!ret && t->sep && !t->strip)
			ret = ngio_cmd_metadata(&cmd, t->g, t->rmd,
						NLB * t->g->ms);
		if (!ret)
			ret = ngio_queue_cmd(qd, &cmd, 0, -1, 1);
		CHECK(ret == -EOPNOTSUPP && !ngio_queue_inflight(q),
		      "block engine: a PRACT read is -EOPNOTSUPP, nothing "
		      "queued (%s)", st(ret));
	}
	ngio_queue_exit(q);
}

/* --------------------------------------------------------------- main */

int main(int argc, char **argv)
{
	struct t t = { 0 };
	unsigned type, pif, ms;
	bool ext, first;
	int ret;

	tap_name = "api_pi";
	if (argc != 7 && argc != 8) {
		fprintf(stderr, "usage: %s NG_NODE TYPE PIF MS EXTENDED "
			"PI_FIRST [PLAIN_NG]\n", argv[0]);
		return 2;
	}
	tap_sub = tap_dev_name(argv[1]);
	setvbuf(stdout, NULL, _IOLBF, 0);
	type = strtoul(argv[2], NULL, 0);
	pif = strtoul(argv[3], NULL, 0);
	ms = strtoul(argv[4], NULL, 0);
	ext = strtoul(argv[5], NULL, 0);
	first = strtoul(argv[6], NULL, 0);

	ret = ngio_dev_open(argv[1], 0, &t.dev);
	CHECK(ret == 0, "open %s (%s)", argv[1], st(ret));
	if (ret)
		return 1;
	t.g = ngio_dev_geometry(t.dev);
	t_format(&t, type, pif, ms, ext, first);
	if (!t.g->pi_type || t.g->ms != ms || t.g->extended != ext)
		return 1;
	t.pi = ngio_pi_size(t.g);
	t.sep = !t.g->extended;
	t.strip = t.g->ms == t.pi;
	t.all = NGIO_PI_CHECK_GUARD | NGIO_PI_CHECK_APPTAG |
		(t.g->pi_type == 3 ? 0 : NGIO_PI_CHECK_REFTAG);
	ret = tap_queue_init(t.dev, &t.q, QDEPTH, 0);
	if (!ret)
		ret = ngio_queue_add_dev(t.q, t.dev, &t.qd);
	CHECK(ret == 0, "queue with the device (%s)", st(ret));
	if (ret)
		return 1;
	t.data = zalloc(NLB * ngio_block_bytes(t.g));
	t.rdata = zalloc(NLB * ngio_block_bytes(t.g));
	t.md = zalloc(NLB * t.g->ms);
	t.rmd = zalloc(NLB * t.g->ms);
	t.pdata = zalloc(NLB * ngio_block_bytes(t.g));
	t.pmd = zalloc(NLB * t.g->ms);
	t.run = ((__u64)time(NULL) ^ (__u64)getpid() << 16) & 0xffffff;

	t_pract(&t, 64);
	t_host(&t, 128);
	for (unsigned i = 0; i < 3; i++)
		t_corrupt(&t, 256 + 64 * i, i);
	t_async_paths(&t, 512);
	t_write_zeroes(&t, 640);
	t_sync(&t, 832);
	t_engines(&t, 704);
	t_kernel(&t, 768);
	t_refusals(&t, argc == 8 ? argv[7] : NULL);

	free(t.data);
	free(t.rdata);
	free(t.md);
	free(t.rmd);
	free(t.pdata);
	free(t.pmd);
	ngio_queue_exit(t.q);
	ngio_dev_close(t.dev);
	return tap_done();
}
