/* SPDX-License-Identifier: MIT */
/*
 * Engines: how a queue's commands reach a device.  queue.c validates,
 * counts what is in flight and dispatches through the engine's ops; each
 * engine keeps its own state (q->priv) in its own file.  pt and block
 * share an io_uring (q->ring and the helpers of ring.c).
 */
#ifndef NGIO_ENGINE_H
#define NGIO_ENGINE_H

#include "internal.h"

struct ngio_engine_ops {
	const char *name;
	bool ring;		/* q->ring is an io_uring (ngio_queue_ring) */
	/* Set up q->priv (and the ring); q->depth is set.  0 or -errno. */
	int (*init)(struct ngio_queue *q, const struct ngio_queue_params *p);
	void (*exit)(struct ngio_queue *q);
	/* Can this engine serve qd->dev?  Fill qd's descriptors. */
	int (*add_dev)(struct ngio_qdev *qd);
	void (*del_dev)(struct ngio_qdev *qd);
	/* Queue a command (validated by queue.c); 0 or -errno. */
	int (*cmd)(struct ngio_qdev *qd, const struct nvme_uring_cmd *cmd,
		   unsigned cmd_flags, int buf_index, __u64 user_data);
	/* A read or write built in place; NULL: encoded, then cmd(). */
	int (*rw)(struct ngio_qdev *qd, __u8 opcode, __u64 slba,
		  const void *buf, __u32 len, __u32 cdw12, int buf_index,
		  __u64 user_data);
	/* Hand over what is queued: commands submitted, or -errno. */
	int (*submit)(struct ngio_queue *q);
	/* Submit, then up to max completions, waiting for wait_nr. */
	int (*reap)(struct ngio_queue *q, struct ngio_cqe *cqes,
		    unsigned max, unsigned wait_nr);
	/* An SQE for the caller to fill (ngio_queue_get_sqe); may be NULL. */
	struct io_uring_sqe *(*get_sqe)(struct ngio_queue *q);
	/* Registered buffers: the table set up once, then a slot set or
	 * (base NULL) cleared.  buf_set NULL: the engine has none. */
	int (*buf_init)(struct ngio_queue *q);
	int (*buf_set)(struct ngio_queue *q, int i, void *base, size_t len);
};

extern const struct ngio_engine_ops ngio_pt_engine;
extern const struct ngio_engine_ops ngio_ioctl_engine;
extern const struct ngio_engine_ops ngio_block_engine;
extern const struct ngio_engine_ops ngio_emu_engine;

/* ring.c: the io_uring the pt and block engines share. */
int ring_init(struct ngio_queue *q, const struct ngio_queue_params *p);
void ring_exit(struct ngio_queue *q);
/* Register fd in the next free file slot: the slot (and *sqe_flags
 * IOSQE_FIXED_FILE), or fd itself when none is left. */
int ring_add_file(struct ngio_queue *q, int fd, __u8 *sqe_flags);
int ring_submit(struct ngio_queue *q);
/* The completions of ring CQEs: the engine's conversion, up to max
 * (ring_reap() and the rest of the hot path are in ring.h). */
typedef unsigned (*ring_copy_fn)(struct ngio_queue *q, struct ngio_cqe *cqes,
				 unsigned max);
int ring_buf_init(struct ngio_queue *q);
int ring_buf_set(struct ngio_queue *q, int i, void *base, size_t len);

/* Is [addr, addr + len) inside registered buffer index?  The kernel's
 * rule for a fixed-buffer command (else -EFAULT). */
static inline bool buf_covers(const struct ngio_queue *q, int index,
			      __u64 addr, __u64 len)
{
	const struct ngio_buf *b;
	__u64 base;

	if (!q->buf_tab || index < 0 || index >= NGIO_MAX_BUFS)
		return false;
	b = &q->buf_tab[index];
	base = (__u64)(uintptr_t)b->base;
	return b->used && addr >= base && len <= b->len &&
	       addr - base <= b->len - len;
}

#endif
