// SPDX-License-Identifier: MIT
/*
 * Every queue configuration on the real kernel path: {interrupt, IOPOLL} x
 * {plain, registered buffers} x {flat, vectored} x {SQPOLL, not} on the
 * passthrough engine, then the ioctl and block engines.  Each runs a random
 * write / read / compare workload of 1,000 I/Os each way at queue depths
 * 1, 8 and 64, spread over two namespaces sharing the one queue, and
 * checks every byte.
 *
 * usage: api_matrix NG_A NG_B   (prints TAP)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ngio.h"
#include "tap.h"

#define NDEV		2
#define MAX_QD		64
#define EXTENT		8	/* blocks reserved per I/O; an I/O uses 1-4 */
#define NR_EXT		1000	/* extents per device = I/Os per direction */
#define MAX_BLK		4096


struct cfg {
	enum ngio_engine engine;
	unsigned qflags;
	bool fixed, vec;
};

struct slot {
	char *buf;
	int buf_index;		/* registered, or -1 */
	struct iovec iov[2];
	unsigned ext;		/* index into the I/O order */
};

struct ctx {
	struct ngio_dev *dev[NDEV];
	struct ngio_queue *q;
	struct ngio_qdev *qd[NDEV];
	const struct cfg *cfg;
	struct slot slots[MAX_QD];
	char *mem;		/* MAX_QD slot buffers */
	unsigned seed;		/* data and layout of this run */
	unsigned rng;		/* orders of I/O */
	unsigned order[NR_EXT * NDEV];
	unsigned errors;
	int first_err;
};

static unsigned rnd(unsigned *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* I/O number i: which device, which LBA, how many blocks. */
static void io_of(struct ctx *c, unsigned i, unsigned *d, __u64 *lba,
		  unsigned *nblk)
{
	unsigned e = c->order[i], h = e * 2654435761U + c->seed;

	*d = e % NDEV;
	*lba = (__u64)(e / NDEV) * EXTENT + h % 4;
	*nblk = 1 + (h >> 8) % 4;
}

static void pattern(struct ctx *c, unsigned i, char *buf, size_t len)
{
	unsigned s = c->seed ^ (c->order[i] * 40503U) ^ 0x9e3779b9U;

	for (size_t k = 0; k < len; k += 4) {
		unsigned v = rnd(&s);

		memcpy(buf + k, &v, 4);
	}
}

static int submit(struct ctx *c, struct slot *sl, unsigned i, int op)
{
	const struct ngio_geometry *g;
	struct nvme_uring_cmd cmd;
	unsigned d, nblk;
	__u64 lba;
	size_t len;
	int ret;

	io_of(c, i, &d, &lba, &nblk);
	g = ngio_qdev_geometry(c->qd[d]);
	len = (size_t)nblk * g->lba_size;
	sl->ext = i;
	if (op != nvme_cmd_read)
		pattern(c, i, sl->buf, len);
	if (c->cfg->vec) {
		/* Two pieces, split mid-block: only the total must be
		 * whole blocks. */
		sl->iov[0] = (struct iovec){ sl->buf, g->lba_size / 2 };
		sl->iov[1] = (struct iovec){ sl->buf + g->lba_size / 2,
					     len - g->lba_size / 2 };
		ret = op == nvme_cmd_write ?
			ngio_cmd_writev(&cmd, g, lba, sl->iov, 2, 0) :
			ngio_cmd_readv(&cmd, g, lba, sl->iov, 2, 0);
	} else if (op == nvme_cmd_compare) {
		ret = ngio_cmd_compare(&cmd, g, lba, sl->buf, len, 0);
	} else if (op == nvme_cmd_write) {
		ret = ngio_cmd_write(&cmd, g, lba, sl->buf, len, 0);
	} else {
		ret = ngio_cmd_read(&cmd, g, lba, sl->buf, len, 0);
	}
	if (ret)
		return ret;
	return ngio_queue_cmd(c->qd[d], &cmd, c->cfg->vec ? NGIO_CMD_VEC : 0,
			      sl->buf_index, sl - c->slots);
}

static void note_err(struct ctx *c, int err, int op, const char *where)
{
	if (!c->errors++) {
		c->first_err = err;
		printf("# first error %d (%s) on opcode %#x at %s\n", err,
		       err > 0 ? "NVMe status" : "errno", op, where);
	}
}

/* nios I/Os from first on, at most qd in flight. */
static void phase(struct ctx *c, int op, unsigned first, unsigned nios,
		  unsigned qd)
{
	struct ngio_cqe cqes[MAX_QD];
	unsigned free_sl[MAX_QD], nfree = 0, next = first, done = 0;

	for (unsigned i = 0; i < qd; i++)
		free_sl[nfree++] = i;
	while (done < nios) {
		int n, ret;

		while (next < first + nios && nfree) {
			ret = submit(c, &c->slots[free_sl[nfree - 1]], next,
				     op);
			if (ret) {
				note_err(c, ret, op, "submission");
				return;
			}
			nfree--;
			next++;
		}
		n = ngio_queue_reap(c->q, cqes, MAX_QD, 1);
		if (n < 0) {
			note_err(c, n, op, "reap");
			return;
		}
		for (int k = 0; k < n; k++) {
			struct slot *sl = &c->slots[cqes[k].user_data];
			unsigned d, nblk;
			__u64 lba;
			char expect[4 * MAX_BLK];

			if (cqes[k].res)
				note_err(c, cqes[k].res, op, "completion");
			if (op == nvme_cmd_read) {
				io_of(c, sl->ext, &d, &lba, &nblk);
				nblk *= ngio_qdev_geometry(c->qd[d])->lba_size;
				pattern(c, sl->ext, expect, nblk);
				if (memcmp(expect, sl->buf, nblk))
					note_err(c, -EILSEQ, op, "data check");
			}
			free_sl[nfree++] = sl - c->slots;
			done++;
		}
	}
}

/* Shuffle the first n of the I/O order. */
static void shuffle(struct ctx *c, unsigned n)
{
	for (unsigned i = n - 1; i > 0; i--) {
		unsigned j = rnd(&c->rng) % (i + 1), t = c->order[i];

		c->order[i] = c->order[j];
		c->order[j] = t;
	}
}

/* 1,000 writes, 1,000 reads and 100 compares at QD 1, 8 and 64. */
static void workload(struct ctx *c)
{
	static const unsigned qds[] = { 1, 8, 64 };
	static const unsigned share[] = { 100, 300, 600 };
	unsigned first;

	/* NR_EXT of the NR_EXT * NDEV extents, spread over the devices. */
	for (unsigned i = 0; i < NR_EXT * NDEV; i++)
		c->order[i] = i;
	shuffle(c, NR_EXT * NDEV);
	first = 0;
	for (unsigned p = 0; p < 3; p++, first += share[p - 1])
		phase(c, nvme_cmd_write, first, share[p], qds[p]);
	/* Read the same extents back in another order. */
	shuffle(c, NR_EXT);
	first = 0;
	for (unsigned p = 0; p < 3 && !c->errors; p++, first += share[p - 1])
		phase(c, nvme_cmd_read, first, share[p], qds[p]);
	if (!c->cfg->vec && c->cfg->engine != NGIO_ENGINE_BLOCK &&
	    !c->errors)
		phase(c, nvme_cmd_compare, 0, 100, 8);
}

static const char *cfg_name(const struct cfg *f, char *buf, size_t len)
{
	static const char *const eng[] = { "auto", "pt", "ioctl", "block", "emu" };

	snprintf(buf, len, "%s %s %s %s %s", eng[f->engine],
		 f->qflags & NGIO_Q_IOPOLL ? "iopoll" : "irq",
		 f->fixed ? "fixed" : "plain", f->vec ? "vectored" : "flat",
		 f->qflags & NGIO_Q_SQPOLL ? "sqpoll" : "no-sqpoll");
	return buf;
}


/* Asked anyway, vectored + fixed is refused at the queue, never sent. */
static void refuse_vec_fixed(struct ctx *c, const struct cfg *f,
			     const char *name)
{
	struct ngio_queue_params p = {
		.depth = MAX_QD, .flags = f->qflags, .engine = f->engine,
		.sq_thread_idle = 10,
	};
	struct nvme_uring_cmd cmd;
	struct iovec iov = { c->slots[0].buf, c->dev[0] ?
			     ngio_dev_geometry(c->dev[0])->lba_size : 512 };
	int ret, idx = -1;

	ret = ngio_queue_init_params(&c->q, &p);
	if (!ret)
		ret = ngio_queue_add_dev(c->q, c->dev[0], &c->qd[0]);
	if (!ret)
		ret = idx = ngio_buf_register(c->q, c->slots[0].buf, 4 * MAX_BLK);
	if (ret >= 0)
		ret = ngio_cmd_readv(&cmd, ngio_dev_geometry(c->dev[0]), 0,
				     &iov, 1, 0);
	if (ret >= 0)
		ret = ngio_queue_cmd(c->qd[0], &cmd, NGIO_CMD_VEC, idx, 1);
	CHECK(ret == -EOPNOTSUPP && !ngio_queue_inflight(c->q),
	      "%s: queueing one anyway is -EOPNOTSUPP (%d)", name, ret);
	ngio_queue_exit(c->q);
}

static void run_cfg(struct ctx *c, const struct cfg *f, unsigned nr)
{
	struct ngio_queue_params p = {
		.depth = MAX_QD, .flags = f->qflags, .engine = f->engine,
		.sq_thread_idle = 10,
	};
	char name[96], why_buf[160];
	const char *why = NULL;
	int ret;

	cfg_name(f, name, sizeof(name));
	if (tap_emu(c->dev[0]) && f->engine != NGIO_ENGINE_EMU) {
		SKIP("an emulated device has only its own queue", "%s", name);
		return;
	}
	/* Linux 6.16 has vectored passthrough on registered buffers. */
	if (f->vec && f->fixed && !tap_kernel_has(c->dev[0], 6, 16)) {
		CHECK(!ngio_dev_has(c->dev[0], NGIO_CAP_VEC_FIXED, &why) &&
		      why, "%s: not before Linux 6.16, and the probe says "
		      "why: %s", name, why ? why : "(null)");
		refuse_vec_fixed(c, f, name);
		return;
	}
	CHECK(!(f->vec && f->fixed) ||
	      ngio_dev_has(c->dev[0], NGIO_CAP_VEC_FIXED, NULL),
	      "%s: the probe has it (Linux 6.16+)", name);
	c->cfg = f;
	c->errors = 0;
	for (unsigned i = 0; i < MAX_QD; i++)
		c->slots[i].buf_index = -1;
	ret = ngio_queue_init_params(&c->q, &p);
	if (ret) {
		CHECK(0, "%s: queue init %d", name, ret);
		return;
	}
	for (int d = 0; d < NDEV && !ret; d++)
		ret = ngio_queue_add_dev(c->q, c->dev[d], &c->qd[d]);
	/*
	 * One registration per slot, as fio does: Linux 6.1 counts a
	 * registered buffer's pages from the I/O to the buffer's end
	 * against max_segments, so I/O early in a large one gets -EINVAL.
	 */
	for (unsigned i = 0; i < MAX_QD && !ret && f->fixed; i++) {
		ret = ngio_buf_register(c->q, c->slots[i].buf, 4 * MAX_BLK);
		c->slots[i].buf_index = ret;
		ret = ret < 0 ? ret : 0;
	}
	if (ret) {
		CHECK(0, "%s: set-up %d", name, ret);
	} else {
		c->seed = 0x12345u + nr * 7919u;
		c->rng = c->seed * 31u + 1;
		workload(c);
		snprintf(why_buf, sizeof(why_buf), "%d", c->first_err);
		CHECK(!c->errors && !ngio_queue_inflight(c->q),
		      "%s (granted flags %#x): 2 devices, 1000 writes + "
		      "1000 reads%s at QD 1/8/64 verified%s%s", name,
		      ngio_queue_flags(c->q),
		      f->vec || f->engine == NGIO_ENGINE_BLOCK ? "" :
		      " + 100 compares", c->errors ? "; first error " : "",
		      c->errors ? why_buf : "");
	}
	ngio_queue_exit(c->q);
}

int main(int argc, char **argv)
{
	static struct ctx c;
	struct cfg cfgs[32];
	unsigned n = 0;
	int ret;

	tap_name = "api_matrix";

	if (argc != 3) {
		fprintf(stderr, "usage: %s NG_A NG_B\n", argv[0]);
		return 2;
	}
	for (int d = 0; d < NDEV; d++) {
		ret = ngio_dev_open(argv[1 + d], 0, &c.dev[d]);
		if (ret) {
			CHECK(0, "open %s: %d", argv[1 + d], ret);
			return 1;
		}
	}
	c.mem = aligned_alloc(4096, MAX_QD * 4 * MAX_BLK);
	for (unsigned i = 0; i < MAX_QD; i++)
		c.slots[i].buf = c.mem + i * 4 * MAX_BLK;

	for (unsigned m = 0; m < 16; m++)
		cfgs[n++] = (struct cfg){
			.engine = tap_pt(c.dev[0]),
			.qflags = (m & 1 ? NGIO_Q_IOPOLL : 0) |
				  (m & 8 ? NGIO_Q_SQPOLL :
				   NGIO_Q_DEFER_TASKRUN | NGIO_Q_COOP_TASKRUN),
			.fixed = m & 2, .vec = m & 4,
		};
	for (unsigned m = 0; m < 2; m++)
		cfgs[n++] = (struct cfg){ .engine = NGIO_ENGINE_IOCTL,
					  .vec = m };
	for (unsigned m = 0; m < 4; m++)
		cfgs[n++] = (struct cfg){
			.engine = NGIO_ENGINE_BLOCK,
			.qflags = m & 1 ? NGIO_Q_IOPOLL : 0, .fixed = m & 2,
		};
	for (unsigned i = 0; i < n; i++)
		run_cfg(&c, &cfgs[i], i);

	for (int d = 0; d < NDEV; d++)
		ngio_dev_close(c.dev[d]);
	free(c.mem);
	return tap_done();
}
