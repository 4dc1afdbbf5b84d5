// SPDX-License-Identifier: MIT
/*
 * Queue behaviour on the real kernel path: -EBUSY when full, completion
 * callbacks, registered buffer slots, tuning-flag fallback and STRICT,
 * non-blocking reap, capability reasons.
 *
 * usage: api_queue NG_DEV   (prints TAP)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ngio.h"
#include "tap.h"


struct my_req {
	struct ngio_req req;	/* first: ngio hands it back */
	int res;
	int calls;
};

static void my_done(struct ngio_req *r, const struct ngio_cqe *cqe)
{
	struct my_req *m = (struct my_req *)r;

	m->res = cqe->res;
	m->calls++;
}

int main(int argc, char **argv)
{
	struct ngio_queue_params p = { .depth = 8 };
	struct ngio_cqe cqes[8];
	struct my_req reqs[8];
	struct ngio_dev *dev;
	struct ngio_queue *q;
	struct ngio_qdev *qd;
	const char *why;
	char *buf;
	void *fixed;
	int ret, n, idx;
	bool all;

	tap_name = "api_queue";

	if (argc != 2 || ngio_dev_open(argv[1], 0, &dev))
		return 2;
	buf = aligned_alloc(4096, 8 * 4096);

	/* Full queue: -EBUSY, and nothing queued by the refused call. */
	ret = ngio_queue_init_params(&q, &p);
	CHECK(!ret && ngio_queue_engine(q) == NGIO_ENGINE_PT,
	      "the auto engine is passthrough");
	ret = ret ? ret : ngio_queue_add_dev(q, dev, &qd);
	CHECK(ret == 0, "the device joins the queue (%d)", ret);
	if (ret)
		return tap_done();
	for (n = 0; n < 8; n++)
		if (ngio_queue_read(qd, n, buf + n * 512, 512, 0, -1, n))
			break;
	ret = ngio_queue_read(qd, 9, buf, 512, 0, -1, 9);
	CHECK(n == 8 && ret == -EBUSY && ngio_queue_inflight(q) == 8,
	      "the 9th command on a depth-8 queue is -EBUSY (%d)", ret);
	CHECK(ngio_queue_submit(q) == 8, "one submit sends all 8");
	n = ngio_queue_reap(q, cqes, 8, 8);
	CHECK(n == 8 && ngio_queue_inflight(q) == 0, "wait for 8 reaps 8");
	n = ngio_queue_reap(q, cqes, 8, 0);
	CHECK(n == 0, "a non-blocking reap of an idle queue returns 0");
	CHECK(ngio_queue_reap(q, cqes, 8, 1) == -EINVAL,
	      "waiting for more than is in flight is -EINVAL");

	/* Callbacks: each request's done() runs once with its result. */
	memset(reqs, 0, sizeof(reqs));
	for (int i = 0; i < 8; i++) {
		reqs[i].req.done = my_done;
		reqs[i].res = 12345;
		/* The last one reads past the end of the namespace. */
		ngio_queue_read(qd, i == 7 ? ngio_qdev_geometry(qd)->nsze : (__u64)i,
				buf + i * 512, 512, 0, -1,
				(__u64)(uintptr_t)&reqs[i]);
	}
	n = ngio_queue_run(q, 8);
	all = n == 8;
	for (int i = 0; i < 7; i++)
		all = all && reqs[i].calls == 1 && reqs[i].res == 0;
	CHECK(all && reqs[7].calls == 1 && ngio_status_sc(reqs[7].res) == 0x80,
	      "ngio_queue_run calls every done() once, with its status");

	/* Registered buffers: slots are reused after unregistering. */
	idx = ngio_buf_alloc(q, 4096, &fixed);
	CHECK(idx >= 0 && fixed && !((uintptr_t)fixed & 4095),
	      "ngio_buf_alloc gives page-aligned registered memory (%d)", idx);
	memset(fixed, 0x5a, 4096);
	ret = ngio_queue_write(qd, 100, fixed, 4096, 0, idx, 1);
	n = ret ? ret : ngio_queue_reap(q, cqes, 1, 1);
	ret = ngio_queue_read(qd, 100, buf, 4096, 0, -1, 2);
	n = ret ? ret : ngio_queue_reap(q, cqes, 1, 1);
	CHECK(n == 1 && !cqes[0].res && !memcmp(buf, fixed, 4096),
	      "a write from a registered buffer reads back");
	CHECK(!ngio_buf_unregister(q, idx) &&
	      ngio_buf_unregister(q, idx) == -EINVAL,
	      "unregister frees the slot once");
	ret = ngio_buf_register(q, buf, 4096);
	CHECK(ret == idx, "the freed slot is reused (%d)", ret);
	ret = ngio_queue_cmd(qd, &(struct nvme_uring_cmd){ 0 }, 0,
			     NGIO_MAX_BUFS, 0);
	CHECK(ret == -EINVAL, "a buffer index past the table is -EINVAL");
	ngio_queue_exit(q);

	/* DEFER_TASKRUN cannot go with SQPOLL: dropped, or refused. */
	p.flags = NGIO_Q_SQPOLL | NGIO_Q_DEFER_TASKRUN;
	ret = ngio_queue_init_params(&q, &p);
	CHECK(!ret && !(ngio_queue_flags(q) & NGIO_Q_DEFER_TASKRUN) &&
	      ngio_queue_flags(q) & NGIO_Q_SQPOLL,
	      "a refused DEFER_TASKRUN is dropped (granted %#x)",
	      ret ? 0 : ngio_queue_flags(q));
	if (!ret)
		ngio_queue_exit(q);
	p.flags |= NGIO_Q_STRICT;
	ret = ngio_queue_init_params(&q, &p);
	CHECK(ret == -EINVAL, "with NGIO_Q_STRICT it is refused (%d)", ret);
	p.flags = NGIO_Q_SQ_AFF;
	CHECK(ngio_queue_init_params(&q, &p) == -EINVAL,
	      "SQ_AFF without SQPOLL is -EINVAL");
	p.flags = NGIO_Q_HYBRID_IOPOLL;
	CHECK(ngio_queue_init_params(&q, &p) == -EINVAL,
	      "HYBRID_IOPOLL without IOPOLL is -EINVAL");

	/*
	 * Hybrid polling: the flag is Linux 6.13's, passthrough works with
	 * it from 6.15; before 6.13 the flag is dropped or refused.
	 */
	p.flags = NGIO_Q_IOPOLL | NGIO_Q_HYBRID_IOPOLL | NGIO_Q_STRICT;
	ret = ngio_queue_init_params(&q, &p);
	if (tap_kernel_at_least(6, 15)) {
		CHECK(ngio_dev_has(dev, NGIO_CAP_HYBRID_IOPOLL, NULL),
		      "hybrid polling: the probe has it from Linux 6.15");
		CHECK(!ret && ngio_queue_flags(q) & NGIO_Q_HYBRID_IOPOLL,
		      "a strict hybrid IOPOLL queue is granted (%d)", ret);
		idx = ret;	/* 0: there is a queue to free */
		if (!ret)
			ret = ngio_queue_add_dev(q, dev, &qd);
		memset(buf, 0xa5, 512);
		if (!ret)
			ret = ngio_queue_read(qd, 0, buf, 512, 0, -1, 5);
		if (!ret)
			ret = ngio_queue_reap(q, cqes, 1, 1) == 1 ?
			      cqes[0].res : -EIO;
		CHECK(ret == 0 && cqes[0].user_data == 5,
		      "a read on it completes (%d)", ret);
		if (!idx)
			ngio_queue_exit(q);
	} else if (!tap_kernel_at_least(6, 13)) {
		CHECK(!ngio_dev_has(dev, NGIO_CAP_HYBRID_IOPOLL, &why) && why &&
		      (strstr(why, "6.15") || strstr(why, "poll")),
		      "hybrid polling: not before Linux 6.15, saying why: %s",
		      why ? why : "(null)");
		CHECK(ret == -EINVAL, "a strict hybrid IOPOLL queue is refused "
		      "before Linux 6.13 (%d)", ret);
		p.flags &= ~NGIO_Q_STRICT;
		ret = ngio_queue_init_params(&q, &p);
		CHECK(!ret && ngio_queue_flags(q) & NGIO_Q_IOPOLL &&
		      !(ngio_queue_flags(q) & NGIO_Q_HYBRID_IOPOLL),
		      "not strict: classic IOPOLL is granted (%d)", ret);
		if (!ret)
			ngio_queue_exit(q);
	} else {
		/* 6.13, 6.14: the ring takes the flag, the probe says no. */
		CHECK(!ngio_dev_has(dev, NGIO_CAP_HYBRID_IOPOLL, &why) && why &&
		      strstr(why, "6.15"), "hybrid polling of passthrough: not "
		      "before Linux 6.15, saying why: %s", why ? why : "(null)");
		if (!ret)
			ngio_queue_exit(q);
	}

	p.flags = NGIO_Q_IOPOLL;
	p.engine = NGIO_ENGINE_IOCTL;
	CHECK(ngio_queue_init_params(&q, &p) == -EOPNOTSUPP,
	      "IOPOLL on the ioctl engine is -EOPNOTSUPP");

	/* Capabilities, with words for what is missing. */
	CHECK(ngio_dev_has(dev, NGIO_CAP_URING_CMD, NULL) &&
	      ngio_dev_has(dev, NGIO_CAP_IOPOLL, NULL) &&
	      ngio_dev_has(dev, NGIO_CAP_FIXED_BUFS, NULL) &&
	      ngio_dev_has(dev, NGIO_CAP_WRITE, NULL),
	      "uring_cmd, IOPOLL, fixed buffers and write are there");
	/* Vectored passthrough on registered buffers: Linux 6.16. */
	if (tap_kernel_at_least(6, 16)) {
		CHECK(ngio_dev_has(dev, NGIO_CAP_VEC_FIXED, &why),
		      "vectored + fixed is there from Linux 6.16 (api_matrix "
		      "runs it)");
	} else {
		CHECK(!ngio_dev_has(dev, NGIO_CAP_VEC_FIXED, &why) && why &&
		      strstr(why, "6.16"),
		      "vectored + fixed is missing before Linux 6.16, and "
		      "says why: %s", why ? why : "(null)");
	}
	CHECK(!ngio_dev_has(dev, NGIO_CAP_NR, &why) && why,
	      "an unknown capability is false");

	free(buf);
	ngio_dev_close(dev);
	return tap_done();
}
