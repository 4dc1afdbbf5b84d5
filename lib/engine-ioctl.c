// SPDX-License-Identifier: MIT
/*
 * The ioctl engine: NVME_IOCTL_IO64_CMD / ADMIN64_CMD, synchronous.  For
 * kernels without io_uring passthrough, and as the baseline the proposal
 * measured against.  Commands run when queued; completions wait in a small
 * ring for ngio_queue_reap() like any other engine's.
 */
#include <errno.h>
#include <stdlib.h>

#include "engine.h"

struct ioctl_state {
	struct ngio_cqe *done;	/* depth entries */
	unsigned head, tail;	/* completions not yet reaped */
	unsigned unsubmitted;	/* run, not yet "submitted" */
};

static int ioctl_init(struct ngio_queue *q, const struct ngio_queue_params *p)
{
	struct ioctl_state *s;

	/* Polling and submission threads are io_uring's. */
	if (p->flags & (NGIO_Q_IOPOLL | NGIO_Q_SQPOLL))
		return -EOPNOTSUPP;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->done = calloc(q->depth, sizeof(*s->done));
	if (!s->done) {
		free(s);
		return -ENOMEM;
	}
	q->priv = s;
	return 0;
}

static void ioctl_exit(struct ngio_queue *q)
{
	struct ioctl_state *s = q->priv;

	free(s->done);
	free(s);
}

static int ioctl_add_dev(struct ngio_qdev *qd)
{
	if (qd->dev->emu)
		return -EOPNOTSUPP;
	qd->fd = qd->dev->fd;
	qd->ctrl_fd = qd->dev->ctrl_fd;
	return 0;
}

static int ioctl_cmd(struct ngio_qdev *qd, const struct nvme_uring_cmd *cmd,
		     unsigned cmd_flags, int buf_index, __u64 user_data)
{
	struct ngio_queue *q = qd->q;
	struct ioctl_state *s = q->priv;
	bool admin = cmd_flags & NGIO_CMD_ADMIN;
	struct ngio_cqe *c;
	int fd = admin ? qd->ctrl_fd : qd->fd;

	/* Registered buffers are io_uring's. */
	if (fd < 0 || buf_index >= 0)
		return -EINVAL;
	c = &s->done[s->tail % q->depth];
	c->user_data = user_data;
	c->result = 0;
	c->res = ioctl_run(fd, admin, cmd_flags & NGIO_CMD_VEC, cmd,
			   &c->result);
	s->tail++;
	s->unsubmitted++;
	q->st.enters++;
	return 0;
}

static int ioctl_submit(struct ngio_queue *q)
{
	struct ioctl_state *s = q->priv;
	int n = s->unsubmitted;

	s->unsubmitted = 0;
	q->st.submitted += n;
	return n;
}

static int ioctl_reap(struct ngio_queue *q, struct ngio_cqe *cqes,
		      unsigned max, unsigned wait_nr)
{
	struct ioctl_state *s = q->priv;
	unsigned n = 0;

	(void)wait_nr;	/* every queued command has completed */
	while (n < max && s->head != s->tail)
		cqes[n++] = s->done[s->head++ % q->depth];
	ioctl_submit(q);
	return n;
}

const struct ngio_engine_ops ngio_ioctl_engine = {
	.name = "ioctl",
	.init = ioctl_init,
	.exit = ioctl_exit,
	.add_dev = ioctl_add_dev,
	.cmd = ioctl_cmd,
	.submit = ioctl_submit,
	.reap = ioctl_reap,
};
