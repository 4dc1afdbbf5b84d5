/* SPDX-License-Identifier: MIT */
/*
 * The baseline for --engine nop: the NOP loop a hand-tuner writes with
 * bare liburing.  ngio's own nop engine (the same loop through
 * ngio_queue_*) must keep up with it, which bounds what the library adds
 * to every command.  The ring has the geometry passthrough needs
 * (128-byte SQEs, 32-byte CQEs), as every ngio queue has: so the two
 * differ in code only.  (On an ordinary ring NOPs move half the bytes
 * between CPUs, which shows under SQPOLL.)
 */
#ifndef NGIO_TOOLS_BENCH_NOPRAW_H
#define NGIO_TOOLS_BENCH_NOPRAW_H

#include <errno.h>
#include <liburing.h>

#include "ngio.h"

struct raw_ring {
	struct io_uring ring;
	uint64_t enters;
};

static inline int raw_init(struct raw_ring *r, unsigned depth, bool sqpoll,
			   int cpu)
{
	struct io_uring_params p = {
		.flags = IORING_SETUP_SQE128 | IORING_SETUP_CQE32,
	};

	if (sqpoll) {
		p.flags |= IORING_SETUP_SQPOLL;
		if (cpu >= 0) {
			p.flags |= IORING_SETUP_SQ_AFF;
			p.sq_thread_cpu = cpu;
		}
	}
	r->enters = 0;
	/* SQPOLL posts completions before it frees their SQEs. */
	return io_uring_queue_init_params(sqpoll ? 2 * depth : depth,
					  &r->ring, &p);
}

static inline void raw_exit(struct raw_ring *r)
{
	io_uring_queue_exit(&r->ring);
}

static inline int raw_nop(struct raw_ring *r, uint64_t user_data)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&r->ring);

	if (!sqe)
		return -EBUSY;
	io_uring_prep_nop(sqe);
	sqe->user_data = user_data;
	return 0;
}

static inline int raw_submit(struct raw_ring *r)
{
	r->enters++;
	return io_uring_submit(&r->ring);
}

/* Submit, wait for wait_nr, copy out up to max completions. */
static inline int raw_reap(struct raw_ring *r, struct ngio_cqe *cqes,
			   unsigned max, unsigned wait_nr)
{
	struct io_uring_cqe *cqe;
	unsigned head, n = 0;
	int ret;

	if (io_uring_sq_ready(&r->ring) ||
	    wait_nr > io_uring_cq_ready(&r->ring)) {
		r->enters++;
		ret = io_uring_submit_and_wait(&r->ring, wait_nr);
		if (ret < 0)
			return ret;
	}
	io_uring_for_each_cqe(&r->ring, head, cqe) {
		if (n == max)
			break;
		cqes[n].user_data = cqe->user_data;
		cqes[n].res = cqe->res;
		n++;
	}
	io_uring_cq_advance(&r->ring, n);
	return n;
}

#endif
