// SPDX-License-Identifier: MIT
/*
 * Queues: an SQE128/CQE32 io_uring (or the ioctl engine's stand-in) that
 * any number of devices share.  The hot path, ngio_queue_read/write/cmd
 * and ngio_queue_reap, does no allocation, takes no lock and makes no
 * system call of its own.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "internal.h"

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

static int ring_init(struct ngio_queue *q, const struct ngio_queue_params *p)
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

int ngio_queue_init_params(struct ngio_queue **qp,
			   const struct ngio_queue_params *p)
{
	struct ngio_queue *q;
	int ret;

	if (!p || !p->depth || p->depth > 32768 ||
	    (p->flags & ~(tuning | NGIO_Q_IOPOLL | NGIO_Q_SQPOLL |
			  NGIO_Q_SQ_AFF | NGIO_Q_STRICT |
			  NGIO_Q_HYBRID_IOPOLL)) ||
	    (p->flags & NGIO_Q_SQ_AFF && !(p->flags & NGIO_Q_SQPOLL)) ||
	    (p->flags & NGIO_Q_HYBRID_IOPOLL && !(p->flags & NGIO_Q_IOPOLL)) ||
	    p->engine > NGIO_ENGINE_BLOCK)
		return -EINVAL;
	q = calloc(1, sizeof(*q));
	if (!q)
		return -ENOMEM;
	q->depth = p->depth;
	q->engine = p->engine;
	if (q->engine == NGIO_ENGINE_IOCTL) {
		/* Polling and submission threads are io_uring's. */
		ret = -EOPNOTSUPP;
		if (p->flags & (NGIO_Q_IOPOLL | NGIO_Q_SQPOLL))
			goto fail;
		ret = -ENOMEM;
		q->done = calloc(q->depth, sizeof(*q->done));
		if (!q->done)
			goto fail;
		*qp = q;
		return 0;
	}
	ret = ring_init(q, p);
	if (ret == -EINVAL && q->engine == NGIO_ENGINE_AUTO &&
	    !(p->flags & (NGIO_Q_IOPOLL | NGIO_Q_SQPOLL))) {
		/* A kernel without SQE128/CQE32 has no passthrough either. */
		struct ngio_queue_params ip = *p;

		free(q);
		ip.engine = NGIO_ENGINE_IOCTL;
		return ngio_queue_init_params(qp, &ip);
	}
	if (ret)
		goto fail;
	if (q->engine == NGIO_ENGINE_AUTO)
		q->engine = NGIO_ENGINE_PT;
	if (q->engine == NGIO_ENGINE_BLOCK) {
		ret = block_init(q);
		if (ret) {
			io_uring_queue_exit(&q->ring);
			goto fail;
		}
	}
	*qp = q;
	return 0;
fail:
	free(q->done);
	free(q);
	return ret;
}

int ngio_queue_init(struct ngio_queue **qp, unsigned depth, unsigned flags)
{
	struct ngio_queue_params p = { .depth = depth, .flags = flags };

	return ngio_queue_init_params(qp, &p);
}

void ngio_queue_exit(struct ngio_queue *q)
{
	if (!q)
		return;
	for (unsigned i = 0; i < q->nr_qdevs; i++) {
		if (q->qdevs[i]->blk_fd >= 0)
			close(q->qdevs[i]->blk_fd);
		free(q->qdevs[i]);
	}
	if (q->buf_tab) {
		for (unsigned i = 0; i < NGIO_MAX_BUFS; i++)
			if (q->buf_tab[i].owned)
				munmap(q->buf_tab[i].base, q->buf_tab[i].len);
		free(q->buf_tab);
	}
	if (q->engine != NGIO_ENGINE_IOCTL)
		io_uring_queue_exit(&q->ring);
	free(q->done);
	free(q->slots);
	free(q);
}

unsigned ngio_queue_flags(const struct ngio_queue *q)
{
	return q->flags;
}

enum ngio_engine ngio_queue_engine(const struct ngio_queue *q)
{
	return q->engine;
}

struct io_uring *ngio_queue_ring(struct ngio_queue *q)
{
	return q->engine == NGIO_ENGINE_IOCTL ? NULL : &q->ring;
}

unsigned ngio_queue_inflight(const struct ngio_queue *q)
{
	return q->inflight;
}

const struct ngio_geometry *ngio_qdev_geometry(const struct ngio_qdev *qd)
{
	return qd->g;
}

/* Register fd in the next free file slot; the slot, or fd if none. */
static int add_file(struct ngio_queue *q, int fd, __u8 *sqe_flags)
{
	int slot = q->nr_files;

	if (fd < 0 || !q->files || slot >= NR_FILE_SLOTS ||
	    io_uring_register_files_update(&q->ring, slot, &fd, 1) != 1)
		return fd;
	q->nr_files++;
	*sqe_flags = IOSQE_FIXED_FILE;
	return slot;
}

int ngio_queue_add_dev(struct ngio_queue *q, struct ngio_dev *dev,
		       struct ngio_qdev **qdp)
{
	struct ngio_qdev *qd;
	__u8 ns_flags = 0, ctrl_flags = 0;
	int ns, ctrl;

	if (q->nr_qdevs == NGIO_MAX_QDEVS)
		return -ENOSPC;
	if (q->engine == NGIO_ENGINE_PT &&
	    !ngio_dev_has(dev, NGIO_CAP_URING_CMD, NULL))
		return -EOPNOTSUPP;
	if (q->flags & NGIO_Q_IOPOLL && ngio_dev_is_ns(dev) &&
	    !ngio_dev_has(dev, NGIO_CAP_IOPOLL, NULL))
		return -EOPNOTSUPP;
	if (q->engine == NGIO_ENGINE_BLOCK && !dev->blk_path[0])
		return -EOPNOTSUPP;
	qd = calloc(1, sizeof(*qd));
	if (!qd)
		return -ENOMEM;
	qd->q = q;
	qd->dev = dev;
	qd->g = &dev->geom;
	qd->blk_fd = -1;
	if (q->engine == NGIO_ENGINE_BLOCK) {
		qd->blk_fd = open(dev->blk_path, (dev->writable ? O_RDWR :
				  O_RDONLY) | O_DIRECT | O_CLOEXEC);
		if (qd->blk_fd < 0) {
			int ret = -errno;

			free(qd);
			return ret;
		}
		qd->fd = add_file(q, qd->blk_fd, &qd->sqe_flags);
		qd->ctrl_fd = -1;
	} else if (q->engine == NGIO_ENGINE_IOCTL) {
		qd->fd = dev->fd;
		qd->ctrl_fd = dev->ctrl_fd;
	} else {
		/* Both or neither fixed: one sqe_flags serves the two. */
		ns = add_file(q, dev->fd, &ns_flags);
		ctrl = add_file(q, dev->ctrl_fd, &ctrl_flags);
		if (ns_flags == ctrl_flags || dev->fd < 0) {
			qd->fd = ns;
			qd->ctrl_fd = ctrl;
			qd->sqe_flags = ctrl_flags;
		} else {
			qd->fd = dev->fd;
			qd->ctrl_fd = dev->ctrl_fd;
		}
	}
	q->qdevs[q->nr_qdevs++] = qd;
	*qdp = qd;
	return 0;
}

struct io_uring_sqe *ngio_queue_get_sqe(struct ngio_queue *q)
{
	struct io_uring_sqe *sqe;

	if (q->inflight >= q->depth || q->engine != NGIO_ENGINE_PT)
		return NULL;
	sqe = io_uring_get_sqe(&q->ring);
	if (sqe)
		q->inflight++;
	return sqe;
}

/* pt: an SQE for qd's namespace or controller, all but the command. */
static inline struct io_uring_sqe *pt_sqe(struct ngio_qdev *qd, __u32 op,
					  int fd, int buf_index,
					  __u64 user_data)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&qd->q->ring);

	if (!sqe)
		return NULL;
	memset(sqe, 0, offsetof(struct io_uring_sqe, cmd));
	sqe->opcode = IORING_OP_URING_CMD;
	sqe->fd = fd;
	sqe->cmd_op = op;
	sqe->flags = qd->sqe_flags;
	if (buf_index >= 0) {
		sqe->uring_cmd_flags = IORING_URING_CMD_FIXED;
		sqe->buf_index = buf_index;
	}
	sqe->user_data = user_data;
	return sqe;
}

static int pt_cmd(struct ngio_qdev *qd, const struct nvme_uring_cmd *cmd,
		  unsigned cmd_flags, int buf_index, __u64 user_data)
{
	bool admin = cmd_flags & NGIO_CMD_ADMIN;
	struct io_uring_sqe *sqe;
	__u32 op;
	int fd = admin ? qd->ctrl_fd : qd->fd;

	if (fd < 0)
		return -EINVAL;
	/* Before 7.1 the controller's char device has no iopoll hook. */
	if (admin && qd->q->flags & NGIO_Q_IOPOLL &&
	    !ngio_dev_has(qd->dev, NGIO_CAP_ADMIN_IOPOLL, NULL))
		return -EOPNOTSUPP;
	if (cmd_flags & NGIO_CMD_VEC)
		op = admin ? NVME_URING_CMD_ADMIN_VEC : NVME_URING_CMD_IO_VEC;
	else
		op = admin ? NVME_URING_CMD_ADMIN : NVME_URING_CMD_IO;
	sqe = pt_sqe(qd, op, fd, buf_index, user_data);
	if (!sqe)
		return -EBUSY;
	memcpy(sqe->cmd, cmd, sizeof(*cmd));
	return 0;
}

int ngio_queue_cmd(struct ngio_qdev *qd, const struct nvme_uring_cmd *cmd,
		   unsigned cmd_flags, int buf_index, __u64 user_data)
{
	struct ngio_queue *q = qd->q;
	int ret;

	if (q->inflight >= q->depth)
		return -EBUSY;
	if (cmd_flags & ~(NGIO_CMD_ADMIN | NGIO_CMD_VEC) ||
	    buf_index >= NGIO_MAX_BUFS)
		return -EINVAL;
	if (buf_index >= 0 && cmd_flags & NGIO_CMD_VEC &&
	    !ngio_dev_has(qd->dev, NGIO_CAP_VEC_FIXED, NULL))
		return -EOPNOTSUPP;
	if (md_check_cmd(qd->g, cmd_flags & NGIO_CMD_ADMIN, cmd))
		return -EINVAL;
	if (q->flags & NGIO_Q_IOPOLL && !(cmd_flags & NGIO_CMD_ADMIN) &&
	    (cmd->opcode == nvme_zns_cmd_append ||
	     cmd->opcode == nvme_zns_cmd_mgmt_send ||
	     cmd->opcode == nvme_zns_cmd_mgmt_recv) &&
	    !ngio_dev_has(qd->dev, NGIO_CAP_POLL_ZONE, NULL))
		return -EOPNOTSUPP;
	switch (q->engine) {
	case NGIO_ENGINE_IOCTL:
		ret = ioctl_cmd(qd, cmd, cmd_flags, user_data);
		break;
	case NGIO_ENGINE_BLOCK:
		ret = block_cmd(qd, cmd, cmd_flags, buf_index, user_data);
		break;
	default:
		ret = pt_cmd(qd, cmd, cmd_flags, buf_index, user_data);
	}
	if (!ret)
		q->inflight++;
	return ret;
}

/*
 * Read and write: on the pt engine the command is built in the SQE itself,
 * after validation, so nothing is copied and no SQE is wasted on an error.
 */
static int queue_rw(struct ngio_qdev *qd, __u8 opcode, __u64 slba,
		    const void *buf, __u32 len, unsigned rw_flags,
		    int buf_index, __u64 user_data)
{
	struct ngio_queue *q = qd->q;
	struct io_uring_sqe *sqe;
	__u32 cdw12;
	int ret;

	ret = rw_check(qd->g, buf, len, rw_flags, &cdw12);
	if (ret)
		return ret;
	if (md_check(qd->g, opcode, cdw12, 0, 0))
		return -EINVAL;
	if (q->engine != NGIO_ENGINE_PT) {
		struct nvme_uring_cmd cmd;

		rw_encode(&cmd, opcode, qd->g, slba, buf, len, cdw12);
		return ngio_queue_cmd(qd, &cmd, 0, buf_index, user_data);
	}
	if (q->inflight >= q->depth)
		return -EBUSY;
	if (buf_index >= NGIO_MAX_BUFS)
		return -EINVAL;
	sqe = pt_sqe(qd, NVME_URING_CMD_IO, qd->fd, buf_index, user_data);
	if (!sqe)
		return -EBUSY;
	rw_encode((struct nvme_uring_cmd *)sqe->cmd, opcode, qd->g, slba,
		  buf, len, cdw12);
	q->inflight++;
	return 0;
}

int ngio_queue_read(struct ngio_qdev *qd, __u64 slba, void *buf, __u32 len,
		    unsigned rw_flags, int buf_index, __u64 user_data)
{
	return queue_rw(qd, nvme_cmd_read, slba, buf, len, rw_flags,
			buf_index, user_data);
}

int ngio_queue_write(struct ngio_qdev *qd, __u64 slba, const void *buf,
		     __u32 len, unsigned rw_flags, int buf_index,
		     __u64 user_data)
{
	return queue_rw(qd, nvme_cmd_write, slba, buf, len, rw_flags,
			buf_index, user_data);
}

/* SQEs taken since the last submit: what the next one hands over. */
static inline unsigned unflushed(const struct ngio_queue *q)
{
	return q->ring.sq.sqe_tail - q->ring.sq.sqe_head;
}

static inline unsigned kflags(const struct ngio_queue *q)
{
	return IO_URING_READ_ONCE(*q->ring.sq.kflags);
}

/*
 * Submit what is queued.  Without SQPOLL that is a system call; with it,
 * liburing enters only to wake a sleeping thread, or on an IOPOLL ring,
 * which is what st.enters counts.
 */
static int ring_submit(struct ngio_queue *q)
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

int ngio_queue_submit(struct ngio_queue *q)
{
	int n;

	if (q->engine == NGIO_ENGINE_IOCTL) {
		n = q->unsubmitted;
		q->unsubmitted = 0;
		q->st.submitted += n;
		return n;
	}
	return ring_submit(q);
}

static unsigned ioctl_reap(struct ngio_queue *q, struct ngio_cqe *cqes,
			   unsigned max)
{
	unsigned n = 0;

	while (n < max && q->done_head != q->done_tail)
		cqes[n++] = q->done[q->done_head++ % q->depth];
	q->st.submitted += q->unsubmitted;
	q->unsubmitted = 0;
	return n;
}

/* Move up to max completions out of the ring. */
static unsigned copy_cqes(struct ngio_queue *q, struct ngio_cqe *cqes,
			  unsigned max)
{
	struct io_uring_cqe *cqe;
	unsigned head, n = 0;

	if (q->engine == NGIO_ENGINE_BLOCK) {
		unsigned seen = 0;

		/* A command of several requests completes with its last. */
		io_uring_for_each_cqe(&q->ring, head, cqe) {
			if (n == max)
				break;
			seen++;
			n += block_complete(q, cqe, &cqes[n]);
		}
		io_uring_cq_advance(&q->ring, seen);
		return n;
	} else {
		io_uring_for_each_cqe(&q->ring, head, cqe) {
			if (n == max)
				break;
			cqes[n].user_data = cqe->user_data;
			cqes[n].res = cqe->res;
			cqes[n].result = ngio_cqe_result(cqe);
			n++;
		}
	}
	io_uring_cq_advance(&q->ring, n);
	return n;
}

/*
 * Submit what is queued, then collect completions, waiting for wait_nr
 * of them, in one system call in the usual case and none when SQPOLL
 * submits and enough completions are already in the ring.  Three kernel
 * rules shape it: an IOPOLL enter returns at once while completions are
 * pending, so it waits only on an emptied ring; IOPOLL completions appear
 * only when someone polls, and DEFER_TASKRUN (or flagged task-work) ones
 * only when the task asks, so a non-waiting reap that finds nothing
 * enters once for them.
 */
int ngio_queue_reap(struct ngio_queue *q, struct ngio_cqe *cqes,
		    unsigned max, unsigned wait_nr)
{
	bool polled = (q->flags & (NGIO_Q_IOPOLL | NGIO_Q_SQPOLL)) ==
		      NGIO_Q_IOPOLL;
	bool entered = false;
	struct io_uring_cqe *cqe;
	unsigned n, ready;
	int ret;

	if (wait_nr > max || wait_nr > q->inflight)
		return -EINVAL;
	if (q->engine == NGIO_ENGINE_IOCTL) {
		n = ioctl_reap(q, cqes, max);
		q->inflight -= n;
		q->st.completed += n;
		return n;
	}
	ready = io_uring_cq_ready(&q->ring);
	if (unflushed(q)) {
		if (q->flags & NGIO_Q_SQPOLL) {
			ret = ring_submit(q);
		} else {
			unsigned todo = unflushed(q);

			if (wait_nr > ready && !(polled && ready))
				ret = io_uring_submit_and_wait(&q->ring,
							       wait_nr);
			else if (!ready && (polled || q->flags &
					    NGIO_Q_DEFER_TASKRUN))
				ret = io_uring_submit_and_get_events(&q->ring);
			else
				ret = io_uring_submit(&q->ring);
			if (ret >= 0) {
				q->st.submitted += todo;
				q->st.enters++;
				entered = true;
			}
		}
		if (ret < 0)
			return ret;
	}
	n = copy_cqes(q, cqes, max);
	while (n < wait_nr) {
		/* The ring is empty now: wait for the rest. */
		q->st.enters++;
		ret = io_uring_wait_cqe_nr(&q->ring, &cqe, wait_nr - n);
		if (ret < 0) {
			if (n)
				break;
			return ret;
		}
		n += copy_cqes(q, cqes + n, max - n);
	}
	if (!n && !wait_nr && !entered && q->inflight &&
	    (polled || q->flags & NGIO_Q_DEFER_TASKRUN ||
	     kflags(q) & (IORING_SQ_TASKRUN | IORING_SQ_CQ_OVERFLOW))) {
		q->st.enters++;
		ret = io_uring_get_events(&q->ring);
		if (ret < 0)
			return ret;
		n = copy_cqes(q, cqes, max);
	}
	q->inflight -= n;
	q->st.completed += n;
	return n;
}

void ngio_queue_stats(const struct ngio_queue *q,
		      struct ngio_queue_stats *st)
{
	*st = q->st;
}

int ngio_queue_run(struct ngio_queue *q, unsigned wait_nr)
{
	struct ngio_cqe cqes[32];
	int total = 0, n;

	do {
		unsigned w = wait_nr > 32 ? 32 : wait_nr;

		if (w > q->inflight)
			w = q->inflight;
		n = ngio_queue_reap(q, cqes, 32, w);
		if (n < 0)
			return n;
		for (int i = 0; i < n; i++) {
			struct ngio_req *req =
				(struct ngio_req *)(uintptr_t)cqes[i].user_data;

			req->done(req, &cqes[i]);
		}
		total += n;
		wait_nr = wait_nr > (unsigned)n ? wait_nr - n : 0;
	} while (n == 32 || (wait_nr && q->inflight));
	return total;
}

/* ---------------------------------------------------- registered buffers */

static int buf_slot(struct ngio_queue *q)
{
	if (q->engine == NGIO_ENGINE_IOCTL)
		return -EOPNOTSUPP;
	if (!q->buf_tab) {
		int ret = io_uring_register_buffers_sparse(&q->ring,
							   NGIO_MAX_BUFS);
		if (ret)
			return ret == -EINVAL ? -EOPNOTSUPP : ret;
		q->buf_tab = calloc(NGIO_MAX_BUFS, sizeof(*q->buf_tab));
		if (!q->buf_tab) {
			io_uring_unregister_buffers(&q->ring);
			return -ENOMEM;
		}
	}
	for (int i = 0; i < NGIO_MAX_BUFS; i++)
		if (!q->buf_tab[i].used)
			return i;
	return -ENOSPC;
}

static int buf_set(struct ngio_queue *q, int i, void *base, size_t len)
{
	struct iovec iov = { .iov_base = base, .iov_len = len };
	__u64 tag = 0;
	int ret;

	ret = io_uring_register_buffers_update_tag(&q->ring, i, &iov, &tag, 1);
	return ret == 1 ? 0 : ret < 0 ? ret : -EIO;
}

int ngio_buf_register(struct ngio_queue *q, void *buf, size_t len)
{
	int i, ret;

	if (!buf || !len)
		return -EINVAL;
	i = buf_slot(q);
	if (i < 0)
		return i;
	ret = buf_set(q, i, buf, len);
	if (ret)
		return ret;
	q->buf_tab[i] = (struct ngio_buf){ buf, len, false, true };
	return i;
}

int ngio_buf_alloc(struct ngio_queue *q, size_t len, void **bufp)
{
	void *p;
	int i, ret;

	if (!len || !bufp)
		return -EINVAL;
	i = buf_slot(q);
	if (i < 0)
		return i;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	ret = buf_set(q, i, p, len);
	if (ret) {
		munmap(p, len);
		return ret;
	}
	q->buf_tab[i] = (struct ngio_buf){ p, len, true, true };
	*bufp = p;
	return i;
}

int ngio_buf_unregister(struct ngio_queue *q, int index)
{
	struct ngio_buf *b;
	int ret;

	if (!q->buf_tab || index < 0 || index >= NGIO_MAX_BUFS ||
	    !q->buf_tab[index].used)
		return -EINVAL;
	b = &q->buf_tab[index];
	/* An empty iovec clears the slot. */
	ret = buf_set(q, index, NULL, 0);
	if (ret)
		return ret;
	if (b->owned)
		munmap(b->base, b->len);
	memset(b, 0, sizeof(*b));
	return 0;
}
