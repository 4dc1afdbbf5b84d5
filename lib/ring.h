/* SPDX-License-Identifier: MIT */
/*
 * The hot half of the io_uring the pt and block engines share (ring.c has
 * the rest): submit-and-reap, inline so that each engine's reap is one
 * function with its CQE conversion built in.
 */
#ifndef NGIO_RING_H
#define NGIO_RING_H

#include "engine.h"

/* SQEs taken since the last submit: what the next one hands over. */
static inline unsigned unflushed(const struct ngio_queue *q)
{
	return q->ring.sq.sqe_tail - q->ring.sq.sqe_head;
}

static inline unsigned kflags(const struct ngio_queue *q)
{
	return IO_URING_READ_ONCE(*q->ring.sq.kflags);
}

/* Passthrough CQEs, one completion each. */
static inline unsigned ring_copy_cqes(struct ngio_queue *q,
				      struct ngio_cqe *cqes, unsigned max)
{
	struct io_uring_cqe *cqe;
	unsigned head, n = 0;

	io_uring_for_each_cqe(&q->ring, head, cqe) {
		if (n == max)
			break;
		cqes[n].user_data = cqe->user_data;
		cqes[n].res = cqe->res;
		cqes[n].result = ngio_cqe_result(cqe);
		n++;
	}
	io_uring_cq_advance(&q->ring, n);
	return n;
}

/* Submit what is queued, with the wait the reap needs: see ring_reap(). */
static inline int submit_for_reap(struct ngio_queue *q, unsigned wait_nr,
				  unsigned ready, bool polled, bool *entered)
{
	unsigned todo = unflushed(q);
	int ret;

	if (q->flags & NGIO_Q_SQPOLL)
		return ring_submit(q);
	if (wait_nr > ready && !(polled && ready))
		ret = io_uring_submit_and_wait(&q->ring, wait_nr);
	else if (!ready && (polled || q->flags & NGIO_Q_DEFER_TASKRUN))
		ret = io_uring_submit_and_get_events(&q->ring);
	else
		ret = io_uring_submit(&q->ring);
	if (ret >= 0) {
		q->st.submitted += todo;
		q->st.enters++;
		*entered = true;
	}
	return ret;
}

/*
 * Submit what is queued, then collect completions, waiting for wait_nr
 * of them, in one system call in the usual case and none when SQPOLL
 * submits and enough completions are already in the ring.  Three kernel
 * rules shape it: an IOPOLL enter returns at once while completions are
 * pending, so it waits only on an emptied ring; IOPOLL completions appear
 * only when someone polls, and DEFER_TASKRUN (or flagged task-work) ones
 * only when the task asks, so a non-waiting reap that finds nothing
 * enters once for them.  copy turns CQEs into completions.
 */
static inline int ring_reap(struct ngio_queue *q, struct ngio_cqe *cqes,
			    unsigned max, unsigned wait_nr, ring_copy_fn copy)
{
	bool polled = (q->flags & (NGIO_Q_IOPOLL | NGIO_Q_SQPOLL)) ==
		      NGIO_Q_IOPOLL;
	bool entered = false;
	struct io_uring_cqe *cqe;
	unsigned n;
	int ret;

	if (unflushed(q)) {
		ret = submit_for_reap(q, wait_nr, io_uring_cq_ready(&q->ring),
				      polled, &entered);
		if (ret < 0)
			return ret;
	}
	n = copy(q, cqes, max);
	while (n < wait_nr) {
		/* The ring is empty now: wait for the rest. */
		q->st.enters++;
		ret = io_uring_wait_cqe_nr(&q->ring, &cqe, wait_nr - n);
		if (ret < 0) {
			if (n)
				break;
			return ret;
		}
		n += copy(q, cqes + n, max - n);
	}
	if (!n && !wait_nr && !entered && q->inflight &&
	    (polled || q->flags & NGIO_Q_DEFER_TASKRUN ||
	     kflags(q) & (IORING_SQ_TASKRUN | IORING_SQ_CQ_OVERFLOW))) {
		q->st.enters++;
		ret = io_uring_get_events(&q->ring);
		if (ret < 0)
			return ret;
		n = copy(q, cqes, max);
	}
	return n;
}

#endif
