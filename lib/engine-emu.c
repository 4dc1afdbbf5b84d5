// SPDX-License-Identifier: MIT
/*
 * The emu engine: a queue on the in-process emulated controller of an
 * "emu:" device (lib/emu/, ngio-emu(7)).  Commands wait in the queue until
 * submitted, then run on the model in order; their completions look as
 * the kernel would give them: cqe res 0, NVMe status or -errno, and the
 * 64-bit result.  What Linux itself refuses of a passthrough command (a
 * fixed buffer that does not cover the data, a foreign NSID, flags) comes
 * back as the kernel's errno, so code tested here behaves alike there.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/uio.h>

#include "engine.h"
#include "emu/emu.h"

/* The kernel's limit on a vectored passthrough (UIO_MAXIOV). */
#define EMU_MAX_IOV	1024

struct emu_pending {
	struct nvme_uring_cmd cmd;
	struct ngio_qdev *qd;
	__u64 user_data;
	int buf_index;
	unsigned flags;
};

struct emu_state {
	struct emu_pending *sq;	/* depth entries: queued, not submitted */
	struct ngio_cqe *cq;	/* depth entries: completed, not reaped */
	unsigned sq_head, sq_tail, cq_head, cq_tail;
};

static int emu_init(struct ngio_queue *q, const struct ngio_queue_params *p)
{
	struct emu_state *s = calloc(1, sizeof(*s));

	if (!s)
		return -ENOMEM;
	s->sq = calloc(q->depth, sizeof(*s->sq));
	s->cq = calloc(q->depth, sizeof(*s->cq));
	if (!s->sq || !s->cq) {
		free(s->sq);
		free(s->cq);
		free(s);
		return -ENOMEM;
	}
	/* Polling and submission threads change nothing on a model. */
	q->flags = p->flags & ~NGIO_Q_STRICT;
	q->priv = s;
	return 0;
}

static void emu_exit(struct ngio_queue *q)
{
	struct emu_state *s = q->priv;

	free(s->sq);
	free(s->cq);
	free(s);
}

static int emu_add_dev(struct ngio_qdev *qd)
{
	if (!qd->dev->emu)
		return -EOPNOTSUPP;
	qd->fd = -1;
	qd->ctrl_fd = -1;
	return 0;
}

static int emu_cmd(struct ngio_qdev *qd, const struct nvme_uring_cmd *cmd,
		   unsigned cmd_flags, int buf_index, __u64 user_data)
{
	struct emu_state *s = qd->q->priv;
	struct emu_pending *p;

	/* As pt and ioctl: a controller's handle has no namespace node for
	 * I/O, refused before anything is queued. */
	if (!(cmd_flags & NGIO_CMD_ADMIN) && !qd->g->nsid)
		return -EINVAL;
	/* queue.c keeps inflight <= depth: a slot is free. */
	p = &s->sq[s->sq_tail++ % qd->q->depth];
	p->cmd = *cmd;
	p->qd = qd;
	p->user_data = user_data;
	p->buf_index = buf_index;
	p->flags = cmd_flags;
	return 0;
}

/* Does the registered buffer cover every byte the command names? */
static bool fixed_ok(const struct ngio_queue *q, const struct emu_pending *p)
{
	const struct nvme_uring_cmd *c = &p->cmd;
	const struct iovec *iov;

	if (!(p->flags & NGIO_CMD_VEC))
		return !c->data_len ||
		       buf_covers(q, p->buf_index, c->addr, c->data_len);
	iov = (const struct iovec *)(uintptr_t)c->addr;
	for (__u32 i = 0; i < c->data_len; i++)
		if (!buf_covers(q, p->buf_index,
				(__u64)(uintptr_t)iov[i].iov_base,
				iov[i].iov_len))
			return false;
	return true;
}

/* What Linux checks before a passthrough command reaches the device. */
static int kernel_check(const struct ngio_queue *q, const struct emu_pending *p)
{
	const struct nvme_uring_cmd *c = &p->cmd;
	bool admin = p->flags & NGIO_CMD_ADMIN;

	if (c->flags)
		return -EINVAL;
	/* An I/O command names the namespace of the node it is sent on. */
	if (!admin && (!p->qd->g->nsid || c->nsid != p->qd->g->nsid))
		return -EINVAL;
	if (p->flags & NGIO_CMD_VEC && (c->data_len > EMU_MAX_IOV || !c->addr))
		return -EINVAL;
	if (p->buf_index >= 0 && !fixed_ok(q, p))
		return -EFAULT;
	return 0;
}

static int emu_submit(struct ngio_queue *q)
{
	struct emu_state *s = q->priv;
	int n = 0;

	while (s->sq_head != s->sq_tail) {
		struct emu_pending *p = &s->sq[s->sq_head++ % q->depth];
		struct ngio_cqe *c = &s->cq[s->cq_tail++ % q->depth];

		c->user_data = p->user_data;
		c->result = 0;
		c->res = kernel_check(q, p);
		if (!c->res)
			c->res = emu_exec(p->qd->dev->emu,
					  p->flags & NGIO_CMD_ADMIN,
					  p->flags & NGIO_CMD_VEC, &p->cmd,
					  &c->result);
		n++;
	}
	/* No system call: enters stays 0. */
	q->st.submitted += n;
	return n;
}

static int emu_reap(struct ngio_queue *q, struct ngio_cqe *cqes, unsigned max,
		    unsigned wait_nr)
{
	struct emu_state *s = q->priv;
	unsigned n = 0;

	/* Every submitted command has completed: wait_nr is always met. */
	(void)wait_nr;
	emu_submit(q);
	while (n < max && s->cq_head != s->cq_tail)
		cqes[n++] = s->cq[s->cq_head++ % q->depth];
	return n;
}

/* The table lives in queue.c; the model reads host memory directly. */
static int emu_buf_set(struct ngio_queue *q, int i, void *base, size_t len)
{
	(void)q;
	(void)i;
	(void)base;
	(void)len;
	return 0;
}

const struct ngio_engine_ops ngio_emu_engine = {
	.name = "emu",
	.init = emu_init,
	.exit = emu_exit,
	.add_dev = emu_add_dev,
	.cmd = emu_cmd,
	.submit = emu_submit,
	.reap = emu_reap,
	.buf_set = emu_buf_set,
};
