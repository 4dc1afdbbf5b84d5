// SPDX-License-Identifier: MIT
/*
 * The SQE128/CQE32 io_uring the pt and block engines share: set-up with
 * the tuning the kernel grants, the file and buffer tables, and the
 * submit-and-reap policy.  No allocation, lock or extra system call on
 * the hot path.
 */
#include <errno.h>
#include <string.h>

#include "ring.h"

/* Linux 6.13; liburing 2.3's header predates it. */
#ifndef IORING_SETUP_HYBRID_IOPOLL
#define IORING_SETUP_HYBRID_IOPOLL	(1U << 17)
#endif

/* Slots in the sparse file table: a namespace and a controller each. */
#define NR_FILE_SLOTS	(2 * NGIO_MAX_QDEVS)

static const unsigned tuning = NGIO_Q_SINGLE_ISSUER | NGIO_Q_DEFER_TASKRUN |
			       NGIO_Q_COOP_TASKRUN;

static unsigned setup_flags(unsigned f)
{
	unsigned s = IORING_SETUP_SQE128 | IORING_SETUP_CQE32;

	if (f & NGIO_Q_IOPOLL)
		s |= IORING_SETUP_IOPOLL;
	if (f & NGIO_Q_HYBRID_IOPOLL)
		s |= IORING_SETUP_HYBRID_IOPOLL;
	if (f & NGIO_Q_SQPOLL)
		s |= IORING_SETUP_SQPOLL;
	if (f & NGIO_Q_SQ_AFF)
		s |= IORING_SETUP_SQ_AFF;
	if (f & (NGIO_Q_SINGLE_ISSUER | NGIO_Q_DEFER_TASKRUN))
		s |= IORING_SETUP_SINGLE_ISSUER;
	if (f & NGIO_Q_DEFER_TASKRUN)
		s |= IORING_SETUP_DEFER_TASKRUN;
	if (f & NGIO_Q_COOP_TASKRUN)
		s |= IORING_SETUP_COOP_TASKRUN | IORING_SETUP_TASKRUN_FLAG;
	return s;
}

int ring_init(struct ngio_queue *q, const struct ngio_queue_params *p)
{
	unsigned f = p->flags & ~NGIO_Q_STRICT;
	struct io_uring_params up;
	int ret;

	for (;;) {
		memset(&up, 0, sizeof(up));
		up.flags = setup_flags(f);
		up.sq_thread_cpu = p->sq_thread_cpu;
		up.sq_thread_idle = p->sq_thread_idle;
		/* An SQPOLL thread posts completions before it moves the SQ
		 * head, so a reaped command's SQE may not be free yet: twice
		 * the entries keep depth commands in flight. */
		ret = io_uring_queue_init_params(f & NGIO_Q_SQPOLL ?
						 2 * q->depth : q->depth,
						 &q->ring, &up);
		if (ret != -EINVAL || p->flags & NGIO_Q_STRICT ||
		    !(f & (tuning | NGIO_Q_HYBRID_IOPOLL)))
			break;
		/* Drop the newest tuning the kernel may not know, then retry:
		 * HYBRID_IOPOLL (6.13: classic polling stays), DEFER_TASKRUN
		 * (6.1), SINGLE_ISSUER (6.0), COOP (5.19). */
		if (f & NGIO_Q_HYBRID_IOPOLL)
			f &= ~NGIO_Q_HYBRID_IOPOLL;
		else if (f & NGIO_Q_DEFER_TASKRUN)
			f &= ~NGIO_Q_DEFER_TASKRUN;
		else if (f & NGIO_Q_SINGLE_ISSUER)
			f &= ~NGIO_Q_SINGLE_ISSUER;
		else
			f &= ~NGIO_Q_COOP_TASKRUN;
	}
	if (ret)
		return ret;
	if (f & NGIO_Q_DEFER_TASKRUN)
		f |= NGIO_Q_SINGLE_ISSUER;
	q->flags = f;
	/* Sparse tables: devices and buffers come and go later. */
	q->files = !io_uring_register_files_sparse(&q->ring, NR_FILE_SLOTS);
	return 0;
}

void ring_exit(struct ngio_queue *q)
{
	io_uring_queue_exit(&q->ring);
}

int ring_add_file(struct ngio_queue *q, int fd, __u8 *sqe_flags)
{
	int slot = q->nr_files;

	if (fd < 0 || !q->files || slot >= NR_FILE_SLOTS ||
	    io_uring_register_files_update(&q->ring, slot, &fd, 1) != 1)
		return fd;
	q->nr_files++;
	*sqe_flags = IOSQE_FIXED_FILE;
	return slot;
}

/*
 * Submit what is queued.  Without SQPOLL that is a system call; with it,
 * liburing enters only to wake a sleeping thread, or on an IOPOLL ring,
 * which is what st.enters counts.
 */
int ring_submit(struct ngio_queue *q)
{
	unsigned n = unflushed(q);
	bool enter = !(q->flags & NGIO_Q_SQPOLL) ||
		     q->flags & NGIO_Q_IOPOLL ||
		     kflags(q) & IORING_SQ_NEED_WAKEUP;
	int ret;

	if (!n)
		return 0;
	ret = io_uring_submit(&q->ring);
	if (ret < 0)
		return ret;
	q->st.submitted += n;
	q->st.enters += enter;
	return ret;
}


int ring_buf_init(struct ngio_queue *q)
{
	int ret = io_uring_register_buffers_sparse(&q->ring, NGIO_MAX_BUFS);

	return ret == -EINVAL ? -EOPNOTSUPP : ret;
}

int ring_buf_set(struct ngio_queue *q, int i, void *base, size_t len)
{
	struct iovec iov = { .iov_base = base, .iov_len = len };
	__u64 tag = 0;
	int ret;

	ret = io_uring_register_buffers_update_tag(&q->ring, i, &iov, &tag, 1);
	return ret == 1 ? 0 : ret < 0 ? ret : -EIO;
}
