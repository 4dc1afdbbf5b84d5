// SPDX-License-Identifier: MIT
/*
 * The block engine beyond reads and writes, through libngio's queue on
 * the real kernel, checked both ways against the kernel version:
 * Dataset Management (Deallocate) as a discard per range
 * (BLOCK_URING_CMD_DISCARD, Linux 6.12+), one completion for the command
 * however many ranges, its error if one fails; and separate metadata with
 * PI checks as io_uring's PI attribute (Linux 6.14+), the tuples moving
 * unchanged, a bad guard refused with -EILSEQ.  What the block layer
 * cannot express is -EOPNOTSUPP, nothing queued.
 *
 * usage: api_block NG_NODE [PI_NG_NODE...]   (prints TAP)
 *        NG_NODE: a namespace without metadata; PI_NG_NODE: PI formats.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "ngio.h"
#include "tap.h"

#define NLB	8

static const char *st(int res)
{
	static char bufs[4][96];
	static unsigned n;
	char *b = bufs[n++ % 4];

	return ngio_status_str(res, b, sizeof(bufs[0]));
}

static void fill(unsigned char *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		p[i] = rand();
}

static int block_queue(struct ngio_dev *dev, unsigned depth, unsigned flags,
		       struct ngio_queue **q, struct ngio_qdev **qd)
{
	struct ngio_queue_params p = { .depth = depth, .flags = flags,
				       .engine = NGIO_ENGINE_BLOCK };
	int ret = ngio_queue_init_params(q, &p);

	if (ret)
		return ret;
	ret = ngio_queue_add_dev(*q, dev, qd);
	if (ret)
		ngio_queue_exit(*q);
	return ret;
}

/* --------------------------------------------------------------- discard */

static void t_discard(struct ngio_dev *dev)
{
	const struct ngio_geometry *g = ngio_dev_geometry(dev);
	bool has = tap_kernel_at_least(6, 12);
	static struct nvme_dsm_range r[NGIO_MAX_DSM_RANGES];
	__u32 bs = g->lba_size, len = 512 * bs;
	unsigned char *w = zalloc(len), *got = zalloc(len);
	unsigned char *rd = zalloc(8 * bs);
	__u64 slba = 4096;
	struct nvme_uring_cmd cmd, rcmd;
	struct ngio_queue *q;
	struct ngio_qdev *qd;
	struct ngio_cqe cqe[4];
	const char *why = NULL;
	bool good = true;
	int ret, fd, one = 1, zero = 0;

	CHECK(ngio_dev_has(dev, NGIO_CAP_BLOCK_DISCARD, &why) == has &&
	      (has || (why && strstr(why, "6.12"))),
	      "NGIO_CAP_BLOCK_DISCARD is %s on Linux %s 6.12 (%s)",
	      has ? "on" : "off", has ? ">=" : "<", why ? why : "");
	fill(w, len);
	ret = ngio_write(dev, slba, w, len, 0);
	CHECK(ret == 0, "pattern of 512 blocks through pt (%s)", st(ret));
	ret = block_queue(dev, 4, 0, &q, &qd);
	CHECK(ret == 0, "block engine queue, depth 4 (%s)", st(ret));
	if (ret)
		goto out;

	/* Three ranges: the middle one and the ends. */
	ngio_dsm_range(&r[0], slba, 8, 0);
	ngio_dsm_range(&r[1], slba + 100, 3, 0);
	ngio_dsm_range(&r[2], slba + 504, 8, 0);
	ngio_cmd_dsm(&cmd, g, r, 3, NVME_DSMGMT_AD);
	ret = ngio_queue_cmd(qd, &cmd, 0, -1, 77);
	if (!has) {
		CHECK(ret == -EOPNOTSUPP && !ngio_queue_inflight(q),
		      "DSM on the block engine before 6.12: -EOPNOTSUPP, "
		      "nothing queued (%s)", st(ret));
		ret = ngio_read(dev, slba, got, len, 0);
		CHECK(ret == 0 && !memcmp(got, w, len),
		      "the refused DSM changed nothing (%s)", st(ret));
		goto exit;
	}
	CHECK(ret == 0, "DSM of 3 ranges queued on the block engine (%s)",
	      st(ret));
	ret = ngio_queue_reap(q, cqe, 4, 1);
	CHECK(ret == 1 && cqe[0].user_data == 77 && cqe[0].res == 0 &&
	      !ngio_queue_inflight(q),
	      "one completion for the 3 discards, success (%d, %s)", ret,
	      ret == 1 ? st(cqe[0].res) : "");
	memset(w, 0, 8 * bs);
	memset(w + 100 * bs, 0, 3 * bs);
	memset(w + 504 * bs, 0, 8 * bs);
	ret = ngio_read(dev, slba, got, len, 0);
	CHECK(ret == 0 && !memcmp(got, w, len),
	      "through pt the ranges read zero, the blocks between kept (%s)",
	      st(ret));

	/* 256 ranges on a 4-entry ring, with a read in flight beside. */
	fill(w, len);
	ngio_write(dev, slba, w, len, 0);
	for (unsigned i = 0; i < 256; i++) {
		ngio_dsm_range(&r[i], slba + 2 * i, 1, 0);
		memset(w + 2 * i * bs, 0, bs);
	}
	ngio_cmd_dsm(&cmd, g, r, 256, NVME_DSMGMT_AD);
	ret = ngio_cmd_read(&rcmd, g, 0, rd, 8 * bs, 0);
	if (!ret)
		ret = ngio_queue_cmd(qd, &rcmd, 0, -1, 1);
	if (!ret)
		ret = ngio_queue_cmd(qd, &cmd, 0, -1, 2);
	CHECK(ret == 0 && ngio_queue_inflight(q) == 2,
	      "a read and a DSM of 256 ranges queued on a 4-entry ring (%s)",
	      st(ret));
	ret = ngio_queue_reap(q, cqe, 4, 2);
	CHECK(ret == 2 && cqe[0].user_data + cqe[1].user_data == 3 &&
	      !cqe[0].res && !cqe[1].res && !ngio_queue_inflight(q),
	      "two completions, one each, both success (%d)", ret);
	ret = ngio_queue_reap(q, cqe, 4, 0);
	CHECK(ret == 0, "and nothing more comes (%d)", ret);
	ret = ngio_read(dev, slba, got, len, 0);
	CHECK(ret == 0 && !memcmp(got, w, len),
	      "256 ranges: each zero through pt, the blocks between kept (%s)",
	      st(ret));

	/* A failure: the block node read-only, every discard refused, the
	 * command completes once with the error. */
	fd = open(ngio_dev_blk_path(dev), O_RDONLY | O_CLOEXEC);
	if (fd < 0 || ioctl(fd, BLKROSET, &one)) {
		SKIP("cannot set the block node read-only", "a failing DSM");
	} else {
		ngio_cmd_dsm(&cmd, g, r, 3, NVME_DSMGMT_AD);
		ret = ngio_queue_cmd(qd, &cmd, 0, -1, 5);
		if (!ret)
			ret = ngio_queue_reap(q, cqe, 4, 1) == 1 ? 0 : -EIO;
		ioctl(fd, BLKROSET, &zero);
		CHECK(ret == 0 && cqe[0].user_data == 5 && cqe[0].res < 0 &&
		      !ngio_queue_inflight(q) && !ngio_queue_reap(q, cqe, 4, 0),
		      "a DSM whose discards fail: one completion with the "
		      "error (%s)", st(cqe[0].res));
	}
	if (fd >= 0)
		close(fd);

	/* What a discard cannot say. */
	ngio_dsm_range(&r[0], slba, 8, 0);
	ngio_cmd_dsm(&cmd, g, r, 1, NVME_DSMGMT_AD | NVME_DSMGMT_IDR);
	ret = ngio_queue_cmd(qd, &cmd, 0, -1, 0);
	good &= ret == -EOPNOTSUPP;
	ngio_cmd_dsm(&cmd, g, r, 1, 0);
	ret = ngio_queue_cmd(qd, &cmd, 0, -1, 0);
	good &= ret == -EOPNOTSUPP;
	ngio_dsm_range(&r[0], slba, 8, 1);
	ngio_cmd_dsm(&cmd, g, r, 1, NVME_DSMGMT_AD);
	ret = ngio_queue_cmd(qd, &cmd, 0, -1, 0);
	good &= ret == -EOPNOTSUPP;
	CHECK(good && !ngio_queue_inflight(q), "hints (IDR), no Deallocate, "
	      "context attributes: -EOPNOTSUPP, nothing queued");
	ngio_dsm_range(&r[0], slba, 8, 0);
	ngio_dsm_range(&r[1], g->nsze - 1, 2, 0);
	ngio_cmd_dsm(&cmd, g, r, 2, NVME_DSMGMT_AD);
	ret = ngio_queue_cmd(qd, &cmd, 0, -1, 0);
	CHECK(ret == -ERANGE && !ngio_queue_inflight(q),
	      "a range past the end: -ERANGE, nothing queued (%s)", st(ret));
exit:
	ngio_queue_exit(q);
	if (has && ngio_dev_has(dev, NGIO_CAP_IOPOLL, NULL) &&
	    !block_queue(dev, 4, NGIO_Q_IOPOLL, &q, &qd)) {
		ngio_cmd_dsm(&cmd, g, r, 1, NVME_DSMGMT_AD);
		ret = ngio_queue_cmd(qd, &cmd, 0, -1, 0);
		CHECK(ret == -EOPNOTSUPP && !ngio_queue_inflight(q),
		      "DSM on an IOPOLL block queue: -EOPNOTSUPP (%s)",
		      st(ret));
		ngio_queue_exit(q);
	}
out:
	free(w);
	free(got);
	free(rd);
}

/* -------------------------------------------------------------------- PI */

static int run1(struct ngio_queue *q, struct ngio_qdev *qd,
		const struct nvme_uring_cmd *cmd)
{
	struct ngio_cqe cqe;
	int ret = ngio_queue_cmd(qd, cmd, 0, -1, 9);

	if (ret)
		return ret;
	ret = ngio_queue_reap(q, &cqe, 1, 1);
	return ret == 1 ? cqe.res : ret < 0 ? ret : -EIO;
}

/* A read or write of NLB blocks at slba with metadata and PI fields. */
static int pi_io(struct ngio_dev *dev, struct ngio_queue *q,
		 struct ngio_qdev *qd, bool write, __u64 slba, void *data,
		 void *md, unsigned flags, unsigned check, __u16 mask)
{
	const struct ngio_geometry *g = ngio_dev_geometry(dev);
	struct ngio_pi_tags t = { ngio_pi_reftag(g, slba), 0x4e47, mask };
	struct nvme_uring_cmd cmd;
	__u32 len = NLB * ngio_xfer_block_bytes(g, flags);
	int ret;

	if (g->pi_type == 3)
		t.reftag = 0;
	ret = write ? ngio_cmd_write(&cmd, g, slba, data, len, flags) :
		      ngio_cmd_read(&cmd, g, slba, data, len, flags);
	if (!ret && md)
		ret = ngio_cmd_metadata(&cmd, g, md, NLB * g->ms);
	if (!ret)
		ret = ngio_cmd_pi(&cmd, g, check, &t);
	if (ret)
		return ret;
	if (!q)
		return ngio_submit_sync(dev, false, &cmd, NULL);
	return run1(q, qd, &cmd);
}

static void t_pi(const char *path)
{
	bool has = tap_kernel_at_least(6, 14);
	const struct ngio_geometry *g;
	struct ngio_pi_tags t;
	struct ngio_dev *dev;
	struct ngio_queue *q;
	struct ngio_qdev *qd;
	unsigned char *d, *m, *rd, *rm, *d2, *m2;
	unsigned all;
	const char *why = NULL;
	__u64 slba = 300;
	__u32 goff;
	int ret;

	tap_sub = path;
	ret = ngio_dev_open(path, 0, &dev);
	CHECK(ret == 0, "open (%s)", st(ret));
	if (ret)
		return;
	g = ngio_dev_geometry(dev);
	all = ngio_pi_checks(g);
	d = zalloc(NLB * 4096 * 2), rd = zalloc(NLB * 4096 * 2);
	d2 = zalloc(NLB * 4096 * 2);
	m = zalloc(NLB * 64), rm = zalloc(NLB * 64), m2 = zalloc(NLB * 64);
	CHECK(ngio_dev_has(dev, NGIO_CAP_BLOCK_PI, &why) == has &&
	      (has || (why && strstr(why, "6.14"))),
	      "NGIO_CAP_BLOCK_PI is %s on Linux %s 6.14 (%s)",
	      has ? "on" : "off", has ? ">=" : "<", why ? why : "");
	ret = block_queue(dev, 4, 0, &q, &qd);
	CHECK(ret == 0, "block engine queue (%s)", st(ret));
	if (ret)
		goto out;
	if (g->extended) {
		ret = pi_io(dev, q, qd, true, slba, d, NULL, 0, all, 0xffff);
		CHECK(ret == -EOPNOTSUPP && !ngio_queue_inflight(q),
		      "extended LBAs: -EOPNOTSUPP on every kernel (%s)",
		      st(ret));
		goto exit;
	}
	/* Host-made tuples, written through pt: the reference. */
	fill(d, NLB * g->lba_size);
	fill(m, NLB * g->ms);
	t = (struct ngio_pi_tags){ g->pi_type == 3 ? 0 :
				   ngio_pi_reftag(g, slba), 0x4e47, 0xffff };
	ngio_pi_generate(g, d, m, NLB, &t);
	ret = pi_io(dev, NULL, NULL, true, slba, d, m, 0, all, 0xffff);
	CHECK(ret == 0, "host tuples written through pt, every check (%s)",
	      st(ret));
	ret = pi_io(dev, q, qd, false, slba, rd, rm, 0, all, 0xffff);
	if (!has) {
		CHECK(ret == -EOPNOTSUPP && !ngio_queue_inflight(q),
		      "a read with metadata on the block engine before 6.14: "
		      "-EOPNOTSUPP (%s)", st(ret));
		goto exit;
	}
	CHECK(ret == 0 && !memcmp(rd, d, NLB * g->lba_size) &&
	      !memcmp(rm, m, NLB * g->ms),
	      "block engine read, every check: pt's data and raw metadata "
	      "(%s)", st(ret));
	/* Through the block engine, read back through pt. */
	fill(d2, NLB * g->lba_size);
	memcpy(m2, m, NLB * g->ms);
	t.reftag = g->pi_type == 3 ? 0 : ngio_pi_reftag(g, slba + NLB);
	ngio_pi_generate(g, d2, m2, NLB, &t);
	ret = pi_io(dev, q, qd, true, slba + NLB, d2, m2, 0, all, 0xffff);
	CHECK(ret == 0, "block engine write of host tuples, every check (%s)",
	      st(ret));
	ret = pi_io(dev, NULL, NULL, false, slba + NLB, rd, rm, 0, all, 0xffff);
	CHECK(ret == 0 && !memcmp(rd, d2, NLB * g->lba_size) &&
	      !memcmp(rm, m2, NLB * g->ms),
	      "read back through pt, every check: data and raw metadata as "
	      "written (%s)", st(ret));
	/* A bad guard. */
	goff = g->pi_first ? 0 : g->ms - ngio_pi_size(g);
	memcpy(m2, m, NLB * g->ms);
	m2[3 * g->ms + goff] ^= 0x5a;
	ret = pi_io(dev, q, qd, true, slba, d2, m2, 0, NGIO_PI_CHECK_GUARD,
		    0xffff);
	CHECK(ret == -EILSEQ, "a bad guard, checked: -EILSEQ (%s)", st(ret));
	ret = pi_io(dev, NULL, NULL, false, slba, rd, rm, 0, 0, 0);
	CHECK(ret == 0 && !memcmp(rd, d, NLB * g->lba_size) &&
	      !memcmp(rm, m, NLB * g->ms),
	      "the refused write changed nothing (%s)", st(ret));
	/* What the attribute cannot say. */
	ret = pi_io(dev, q, qd, false, slba, rd, rm, NGIO_RW_PRACT, 0, 0);
	CHECK((ret == -EOPNOTSUPP || (ret == -EINVAL &&
				       ngio_pract_strips(g, NGIO_RW_PRACT))) &&
	      !ngio_queue_inflight(q), "PRACT: refused (%s)", st(ret));
	ret = pi_io(dev, q, qd, false, slba, rd, rm, 0, NGIO_PI_CHECK_APPTAG,
		    0x00ff);
	CHECK(ret == -EOPNOTSUPP && !ngio_queue_inflight(q),
	      "an application tag mask other than 0xffff or 0: -EOPNOTSUPP "
	      "(%s)", st(ret));
	ret = pi_io(dev, q, qd, false, slba, rd, rm, 0, NGIO_PI_CHECK_APPTAG,
		    0);
	CHECK(ret == 0, "application tag mask 0: no check, the read works "
	      "(%s)", st(ret));
exit:
	ngio_queue_exit(q);
out:
	free(d), free(rd), free(d2), free(m), free(rm), free(m2);
	ngio_dev_close(dev);
	tap_sub = NULL;
}

int main(int argc, char **argv)
{
	struct ngio_dev *dev;
	int ret;

	tap_name = "api_block";
	if (argc < 2) {
		fprintf(stderr, "usage: api_block NG_NODE [PI_NG_NODE...]\n");
		return 2;
	}
	srand(13);
	ret = ngio_dev_open(argv[1], 0, &dev);
	CHECK(ret == 0, "open %s (%s)", argv[1], st(ret));
	if (!ret) {
		t_discard(dev);
		ngio_dev_close(dev);
	}
	for (int i = 2; i < argc; i++)
		t_pi(argv[i]);
	return tap_done();
}
