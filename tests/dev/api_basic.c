// SPDX-License-Identifier: MIT
/*
 * libngio on the real kernel path: open and resolve, identify, async
 * write/read/compare through a queue, the queue's depth cap, NOPs for
 * refused preps, and NVMe statuses kept apart from errno.
 *
 * usage: api_basic NG_NODE BLOCK_NODE CTRL_NODE   (prints TAP)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ngio.h"
#include "tap.h"


#define DEPTH	16
#define NR_IO	256

static void fill(unsigned char *p, size_t len, unsigned seed)
{
	for (size_t i = 0; i < len; i++) {
		seed = seed * 1103515245 + 12345;
		p[i] = seed >> 16;
	}
}

/* NR_IO single-block I/Os at random LBAs, at most DEPTH in flight. */
static int run_async(struct ngio_queue *q, struct ngio_dev *dev, bool write,
		     unsigned char *buf, const __u64 *lba, unsigned bs)
{
	struct ngio_cqe cqes[DEPTH];
	unsigned next = 0, done = 0;
	int bad = 0;

	while (done < NR_IO) {
		struct io_uring_sqe *sqe;
		int n;

		while (next < NR_IO && (sqe = ngio_queue_get_sqe(q))) {
			int ret = write ?
				ngio_prep_write(sqe, dev, lba[next],
						buf + next * bs, bs, 0) :
				ngio_prep_read(sqe, dev, lba[next],
					       buf + next * bs, bs, 0);
			if (ret)
				return ret;
			sqe->user_data = next++;
		}
		n = ngio_queue_reap(q, cqes, DEPTH, 1);
		if (n < 0)
			return n;
		for (int i = 0; i < n; i++)
			if (cqes[i].res || cqes[i].user_data >= NR_IO)
				bad++;
		done += n;
	}
	return bad;
}

int main(int argc, char **argv)
{
	struct ngio_dev *dev, *dev2, *ctrl, *none;
	struct ngio_queue *q;
	const struct ngio_geometry *g;
	struct io_uring_sqe *sqe;
	struct ngio_cqe cqe;
	unsigned char *wbuf, *rbuf, id[4096] __attribute__((aligned(4096)));
	__u64 lba[NR_IO];
	unsigned bs, n;
	const char *sn;
	int ret;

	tap_name = "api_basic";

	if (argc != 4) {
		fprintf(stderr, "usage: %s NG BLK CTRL\n", argv[0]);
		return 2;
	}
	ret = ngio_dev_open(argv[1], 0, &dev);
	CHECK(ret == 0, "open %s (%d)", argv[1], ret);
	if (ret)
		return 1;
	g = ngio_dev_geometry(dev);
	bs = ngio_block_bytes(g);
	CHECK(g->nsid == 1 && g->lba_size == 512 && g->nsze == 131072 &&
	      g->csi == NVME_CSI_NVM && g->max_xfer >= 4096,
	      "geometry nsid %u lba %u nsze %llu csi %u max_xfer %u", g->nsid,
	      g->lba_size, (unsigned long long)g->nsze, g->csi, g->max_xfer);
	CHECK(!strcmp(ngio_dev_ctrl_path(dev), argv[3]) &&
	      ngio_dev_blk_path(dev) && !strcmp(ngio_dev_blk_path(dev), argv[2]),
	      "resolved controller %s and block node", ngio_dev_ctrl_path(dev));

	ret = ngio_dev_open(argv[2], 0, &dev2);
	CHECK(ret == 0 && !strcmp(ngio_dev_ng_path(dev2), argv[1]) &&
	      ngio_dev_geometry(dev2)->nsid == 1,
	      "the block node opens its ng node (%d)", ret);
	if (!ret)
		ngio_dev_close(dev2);
	ret = ngio_dev_open(argv[3], 0, &ctrl);
	CHECK(ret == 0 && !ngio_dev_is_ns(ctrl) && ngio_dev_fd(ctrl) < 0,
	      "the controller node opens admin-only (%d)", ret);
	if (!ret) {
		ret = ngio_read(ctrl, 0, id, 512, 0);
		CHECK(ret == -EINVAL, "I/O on a controller is -EINVAL (%d)", ret);
		ngio_dev_close(ctrl);
	}
	CHECK(ngio_dev_open("/dev/null", 0, &none) == -ENOTTY,
	      "/dev/null is -ENOTTY");
	CHECK(ngio_dev_open("/nonexistent", 0, &none) == -ENOENT,
	      "a missing path is -ENOENT");
	CHECK(ngio_dev_open(argv[1], 1, &none) == -EINVAL,
	      "unknown open flags are -EINVAL");

	ret = ngio_identify(dev, NVME_IDENTIFY_CNS_CTRL, 0, 0, id, sizeof(id));
	CHECK(ret == 0 && !memcmp(id, ngio_dev_id_ctrl(dev), sizeof(id)),
	      "identify controller again matches the one from open");
	/* The rig's serial, as tests/dev/layout.sh exports it. */
	sn = getenv("LAYOUT_SERIAL");
	CHECK(sn && strlen(sn) <= sizeof(ngio_dev_id_ctrl(dev)->sn) &&
	      !memcmp(ngio_dev_id_ctrl(dev)->sn, sn, strlen(sn)),
	      "serial is the rig's (%s)", sn ? sn : "LAYOUT_SERIAL unset");

	ret = ngio_queue_init(&q, DEPTH, 0);
	CHECK(ret == 0, "queue of depth %d", DEPTH);
	if (ret)
		return 1;
	{
		struct io_uring_sqe *sqes[DEPTH];
		struct ngio_cqe c[DEPTH];

		for (n = 0; n < DEPTH; n++) {
			sqes[n] = ngio_queue_get_sqe(q);
			if (!sqes[n])
				break;
			io_uring_prep_nop(sqes[n]);
		}
		CHECK(n == DEPTH && !ngio_queue_get_sqe(q) &&
		      ngio_queue_inflight(q) == DEPTH,
		      "get_sqe gives exactly depth SQEs, then NULL");
		ret = ngio_queue_reap(q, c, DEPTH, n);
		CHECK(ret == DEPTH && ngio_queue_inflight(q) == 0,
		      "%d NOP completions drain the queue", ret);
	}

	/* Random LBAs, distinct so that read-back compares are exact. */
	for (n = 0; n < NR_IO; n++)
		lba[n] = (n * 509ULL + 17) % g->nsze;
	wbuf = aligned_alloc(4096, (size_t)NR_IO * bs);
	rbuf = aligned_alloc(4096, (size_t)NR_IO * bs);
	fill(wbuf, (size_t)NR_IO * bs, 42);
	memset(rbuf, 0, (size_t)NR_IO * bs);
	ret = run_async(q, dev, true, wbuf, lba, bs);
	CHECK(ret == 0, "%d async writes at depth %d complete (%d)", NR_IO,
	      DEPTH, ret);
	ret = run_async(q, dev, false, rbuf, lba, bs);
	CHECK(ret == 0, "%d async reads complete (%d)", NR_IO, ret);
	CHECK(!memcmp(wbuf, rbuf, (size_t)NR_IO * bs),
	      "data read back equals data written");

	/* A refused prep leaves a NOP, never a half-built command. */
	sqe = ngio_queue_get_sqe(q);
	ret = ngio_prep_read(sqe, dev, 0, rbuf + 1, bs, 0);
	CHECK(ret == -EINVAL && sqe->opcode == IORING_OP_NOP,
	      "misaligned buffer: -EINVAL and the SQE is a NOP");
	sqe->user_data = 7;
	ret = ngio_queue_reap(q, &cqe, 1, 1);
	CHECK(ret == 1 && cqe.res == 0 && cqe.user_data == 7,
	      "the NOP completes harmlessly");
	sqe = ngio_queue_get_sqe(q);
	CHECK(ngio_prep_write(sqe, dev, 0, wbuf, bs - 1, 0) == -EINVAL &&
	      sqe->opcode == IORING_OP_NOP,
	      "a partial block: -EINVAL and a NOP");
	ngio_queue_reap(q, &cqe, 1, 1);
	sqe = ngio_queue_get_sqe(q);
	CHECK(ngio_prep_read(sqe, dev, 0, NULL, bs, 0) == -EFAULT,
	      "a NULL buffer: -EFAULT");
	ngio_queue_reap(q, &cqe, 1, 1);
	sqe = ngio_queue_get_sqe(q);
	CHECK(ngio_prep_read(sqe, dev, 0, rbuf, g->max_xfer + bs, 0) ==
	      -EINVAL, "a transfer over MDTS: -EINVAL");
	ngio_queue_reap(q, &cqe, 1, 1);

	/* An NVMe status comes back positive, apart from errno. */
	sqe = ngio_queue_get_sqe(q);
	ret = ngio_prep_read(sqe, dev, g->nsze, rbuf, bs, 0);
	sqe->user_data = 99;
	ret = ret ? ret : ngio_queue_reap(q, &cqe, 1, 1);
	CHECK(ret == 1 && cqe.res > 0 && ngio_status_sct(cqe.res) == 0 &&
	      ngio_status_sc(cqe.res) == NVME_SC_LBA_RANGE &&
	      cqe.user_data == 99,
	      "async read past the end: status %#x LBA Out of Range", cqe.res);
	ret = ngio_read(dev, g->nsze - 1, rbuf, 2 * bs, 0);
	CHECK(ret == -ERANGE,
	      "sync read across the end: -ERANGE before it is sent (%d)", ret);

	free(wbuf);
	free(rbuf);
	ngio_queue_exit(q);
	ngio_dev_close(dev);
	return tap_done();
}
