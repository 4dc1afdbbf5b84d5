// SPDX-License-Identifier: MIT
/* An SQE128/CQE32 io_uring for NVMe passthrough commands. */
#include <errno.h>
#include <stdlib.h>

#include "internal.h"

int ngio_queue_init(struct ngio_queue **qp, unsigned depth, unsigned flags)
{
	struct io_uring_params p = { 0 };
	struct ngio_queue *q;
	int ret;

	if (flags || !depth)
		return -EINVAL;
	q = calloc(1, sizeof(*q));
	if (!q)
		return -ENOMEM;
	p.flags = IORING_SETUP_SQE128 | IORING_SETUP_CQE32;
	ret = io_uring_queue_init_params(depth, &q->ring, &p);
	if (ret) {
		free(q);
		return ret;
	}
	/* The kernel rounds up; in-flight is bounded by what was asked. */
	q->depth = depth;
	*qp = q;
	return 0;
}

void ngio_queue_exit(struct ngio_queue *q)
{
	if (!q)
		return;
	io_uring_queue_exit(&q->ring);
	free(q);
}

struct io_uring *ngio_queue_ring(struct ngio_queue *q)
{
	return &q->ring;
}

unsigned ngio_queue_inflight(const struct ngio_queue *q)
{
	return q->inflight;
}

struct io_uring_sqe *ngio_queue_get_sqe(struct ngio_queue *q)
{
	struct io_uring_sqe *sqe;

	/* The CQ holds twice the SQ: capping in-flight at depth means it
	 * can never overflow. */
	if (q->inflight >= q->depth)
		return NULL;
	sqe = io_uring_get_sqe(&q->ring);
	if (sqe)
		q->inflight++;
	return sqe;
}

int ngio_queue_submit(struct ngio_queue *q)
{
	return io_uring_submit(&q->ring);
}

int ngio_queue_reap(struct ngio_queue *q, struct ngio_cqe *cqes,
		    unsigned max, unsigned wait_nr)
{
	struct io_uring_cqe *cqe;
	unsigned head, n = 0;
	int ret;

	if (wait_nr > max || wait_nr > q->inflight)
		return -EINVAL;
	if (io_uring_sq_ready(&q->ring) || wait_nr) {
		ret = io_uring_submit_and_wait(&q->ring, wait_nr);
		if (ret < 0)
			return ret;
	}
	io_uring_for_each_cqe(&q->ring, head, cqe) {
		if (n == max)
			break;
		cqes[n].user_data = cqe->user_data;
		cqes[n].res = cqe->res;
		cqes[n].result = ngio_cqe_result(cqe);
		n++;
	}
	io_uring_cq_advance(&q->ring, n);
	q->inflight -= n;
	return n;
}
