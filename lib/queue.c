// SPDX-License-Identifier: MIT
/*
 * Queues: what every engine shares.  A queue checks what it is given,
 * counts what is in flight and hands commands to its engine (engine.h,
 * one file each); the hot path, ngio_queue_read/write/cmd and
 * ngio_queue_reap, does no allocation, takes no lock and makes no system
 * call of its own.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "engine.h"

/* The dispatch: the only place an engine is chosen by its number. */
static const struct ngio_engine_ops *const engines[] = {
	[NGIO_ENGINE_PT] = &ngio_pt_engine,
	[NGIO_ENGINE_IOCTL] = &ngio_ioctl_engine,
	[NGIO_ENGINE_BLOCK] = &ngio_block_engine,
	[NGIO_ENGINE_EMU] = &ngio_emu_engine,
};

static const unsigned known_flags = NGIO_Q_SINGLE_ISSUER |
	NGIO_Q_DEFER_TASKRUN | NGIO_Q_COOP_TASKRUN | NGIO_Q_IOPOLL |
	NGIO_Q_SQPOLL | NGIO_Q_SQ_AFF | NGIO_Q_STRICT | NGIO_Q_HYBRID_IOPOLL;

static int queue_new(struct ngio_queue **qp, const struct ngio_queue_params *p,
		     enum ngio_engine engine)
{
	struct ngio_queue *q = calloc(1, sizeof(*q));
	int ret;

	if (!q)
		return -ENOMEM;
	q->depth = p->depth;
	q->engine = engine;
	q->ops = engines[engine];
	ret = q->ops->init(q, p);
	if (ret) {
		free(q);
		return ret;
	}
	*qp = q;
	return 0;
}

int ngio_queue_init_params(struct ngio_queue **qp,
			   const struct ngio_queue_params *p)
{
	int ret;

	if (!p || !p->depth || p->depth > 32768 ||
	    (p->flags & ~known_flags) ||
	    (p->flags & NGIO_Q_SQ_AFF && !(p->flags & NGIO_Q_SQPOLL)) ||
	    (p->flags & NGIO_Q_HYBRID_IOPOLL && !(p->flags & NGIO_Q_IOPOLL)) ||
	    p->engine > NGIO_ENGINE_EMU)
		return -EINVAL;
	if (p->engine != NGIO_ENGINE_AUTO)
		return queue_new(qp, p, p->engine);
	ret = queue_new(qp, p, NGIO_ENGINE_PT);
	/* A kernel without SQE128/CQE32 has no passthrough either. */
	if (ret == -EINVAL && !(p->flags & (NGIO_Q_IOPOLL | NGIO_Q_SQPOLL)))
		ret = queue_new(qp, p, NGIO_ENGINE_IOCTL);
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
		if (q->ops->del_dev)
			q->ops->del_dev(q->qdevs[i]);
		free(q->qdevs[i]);
	}
	q->ops->exit(q);
	if (q->buf_tab) {
		for (unsigned i = 0; i < NGIO_MAX_BUFS; i++)
			if (q->buf_tab[i].owned)
				munmap(q->buf_tab[i].base, q->buf_tab[i].len);
		free(q->buf_tab);
	}
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
	return q->ops->ring ? &q->ring : NULL;
}

unsigned ngio_queue_inflight(const struct ngio_queue *q)
{
	return q->inflight;
}

const struct ngio_geometry *ngio_qdev_geometry(const struct ngio_qdev *qd)
{
	return qd->g;
}

int ngio_queue_add_dev(struct ngio_queue *q, struct ngio_dev *dev,
		       struct ngio_qdev **qdp)
{
	struct ngio_qdev *qd;
	int ret;

	if (q->nr_qdevs == NGIO_MAX_QDEVS)
		return -ENOSPC;
	qd = calloc(1, sizeof(*qd));
	if (!qd)
		return -ENOMEM;
	qd->q = q;
	qd->dev = dev;
	qd->g = &dev->geom;
	qd->blk_fd = -1;
	ret = q->ops->add_dev(qd);
	if (ret) {
		free(qd);
		return ret;
	}
	q->qdevs[q->nr_qdevs++] = qd;
	*qdp = qd;
	return 0;
}

struct io_uring_sqe *ngio_queue_get_sqe(struct ngio_queue *q)
{
	struct io_uring_sqe *sqe;

	if (q->inflight >= q->depth || !q->ops->get_sqe)
		return NULL;
	sqe = q->ops->get_sqe(q);
	if (sqe)
		q->inflight++;
	return sqe;
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
	if (md_check_cmd(qd->g, cmd_flags & NGIO_CMD_ADMIN, cmd))
		return -EINVAL;
	/* By opcode, whatever the namespace's set: the kernel's trouble
	 * with polled zone commands does not look at the set either. */
	if (q->flags & NGIO_Q_IOPOLL && !(cmd_flags & NGIO_CMD_ADMIN) &&
	    (cmd->opcode == nvme_zns_cmd_append ||
	     cmd->opcode == nvme_zns_cmd_mgmt_send ||
	     cmd->opcode == nvme_zns_cmd_mgmt_recv) &&
	    !ngio_dev_has(qd->dev, NGIO_CAP_POLL_ZONE, NULL))
		return -EOPNOTSUPP;
	ret = q->ops->cmd(qd, cmd, cmd_flags, buf_index, user_data);
	if (!ret)
		q->inflight++;
	return ret;
}

/*
 * Read and write: an engine that can builds the command in place (pt in
 * its SQE), after validation, so nothing is copied and no SQE is wasted
 * on an error.
 */
static int queue_rw(struct ngio_qdev *qd, __u8 opcode, __u64 slba,
		    const void *buf, __u32 len, unsigned rw_flags,
		    int buf_index, __u64 user_data)
{
	struct ngio_queue *q = qd->q;
	struct nvme_uring_cmd cmd;
	__u32 cdw12;
	int ret;

	ret = rw_check(qd->g, buf, len, rw_flags, &cdw12);
	if (ret)
		return ret;
	if (md_check(qd->g, opcode, cdw12, 0, 0))
		return -EINVAL;
	if (!q->ops->rw) {
		rw_encode(&cmd, opcode, qd->g, slba, buf, len, cdw12);
		return ngio_queue_cmd(qd, &cmd, 0, buf_index, user_data);
	}
	if (q->inflight >= q->depth)
		return -EBUSY;
	if (buf_index >= NGIO_MAX_BUFS)
		return -EINVAL;
	ret = q->ops->rw(qd, opcode, slba, buf, len, cdw12, buf_index,
			 user_data);
	if (!ret)
		q->inflight++;
	return ret;
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

int ngio_queue_submit(struct ngio_queue *q)
{
	return q->ops->submit(q);
}

int ngio_queue_reap(struct ngio_queue *q, struct ngio_cqe *cqes,
		    unsigned max, unsigned wait_nr)
{
	int n;

	if (wait_nr > max || wait_nr > q->inflight)
		return -EINVAL;
	n = q->ops->reap(q, cqes, max, wait_nr);
	if (n > 0) {
		q->inflight -= n;
		q->st.completed += n;
	}
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
	if (!q->ops->buf_set)
		return -EOPNOTSUPP;
	if (!q->buf_tab) {
		struct ngio_buf *tab = calloc(NGIO_MAX_BUFS, sizeof(*tab));
		int ret;

		if (!tab)
			return -ENOMEM;
		ret = q->ops->buf_init ? q->ops->buf_init(q) : 0;
		if (ret) {
			free(tab);
			return ret;
		}
		q->buf_tab = tab;
	}
	for (int i = 0; i < NGIO_MAX_BUFS; i++)
		if (!q->buf_tab[i].used)
			return i;
	return -ENOSPC;
}

static int buf_set(struct ngio_queue *q, int i, void *base, size_t len)
{
	return q->ops->buf_set(q, i, base, len);
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
