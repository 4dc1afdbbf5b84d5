// SPDX-License-Identifier: MIT
/*
 * Synchronous helpers: one command at a time on the device's own queue,
 * built on first use (opening a device builds none) on the engine
 * ngio_dev_set_engine() chose.
 */
#include <errno.h>

#include "internal.h"

/* Depth of a device's own queue for the synchronous helpers. */
#define SYNC_QUEUE_DEPTH	4

/* The engine a device's helpers use unless told: its model for an
 * emulated device, passthrough where the kernel has it, else ioctl. */
static enum ngio_engine default_engine(const struct ngio_dev *dev)
{
	if (dev->emu)
		return NGIO_ENGINE_EMU;
	return ngio_dev_has(dev, NGIO_CAP_URING_CMD, NULL) ? NGIO_ENGINE_PT :
	       NGIO_ENGINE_IOCTL;
}

/* A queue on engine serving dev; the old one goes only once it stands. */
static int sync_queue(struct ngio_dev *dev, enum ngio_engine engine)
{
	struct ngio_queue_params p = { .depth = SYNC_QUEUE_DEPTH,
				       .engine = engine };
	struct ngio_queue *q;
	struct ngio_qdev *qd;
	int ret;

	ret = ngio_queue_init_params(&q, &p);
	if (ret)
		return ret;
	ret = ngio_queue_add_dev(q, dev, &qd);
	if (ret) {
		ngio_queue_exit(q);
		return ret;
	}
	ngio_queue_exit(dev->sync_q);
	dev->sync_q = q;
	dev->sync_qd = qd;
	dev->sync_exit = ngio_queue_exit;
	return 0;
}

int ngio_dev_set_engine(struct ngio_dev *dev, enum ngio_engine engine)
{
	if ((unsigned)engine > NGIO_ENGINE_EMU)
		return -EINVAL;
	if (engine == NGIO_ENGINE_AUTO)
		engine = default_engine(dev);
	return sync_queue(dev, engine);
}

enum ngio_engine ngio_dev_engine(const struct ngio_dev *dev)
{
	return dev->sync_q ? ngio_queue_engine(dev->sync_q) :
	       default_engine(dev);
}

int ngio_submit_sync(struct ngio_dev *dev, bool admin,
		     const struct nvme_uring_cmd *cmd, __u64 *result)
{
	struct ngio_cqe cqe;
	int ret;

	if (!dev->sync_q) {
		ret = sync_queue(dev, default_engine(dev));
		if (ret)
			return ret;
	}
	ret = ngio_queue_cmd(dev->sync_qd, cmd, admin ? NGIO_CMD_ADMIN : 0,
			     -1, 0);
	if (ret)
		return ret;
	do {
		ret = ngio_queue_reap(dev->sync_q, &cqe, 1, 1);
	} while (ret == -EINTR);
	if (ret < 0)
		return ret;
	if (result)
		*result = cqe.result;
	return cqe.res;
}

int ngio_identify(struct ngio_dev *dev, __u8 cns, __u32 nsid, __u8 csi,
		  void *buf, __u32 len)
{
	struct nvme_uring_cmd cmd;
	int ret;

	ret = ngio_cmd_identify(&cmd, cns, nsid, 0, csi, buf, len);
	if (ret)
		return ret;
	return ngio_submit_sync(dev, true, &cmd, NULL);
}

int ngio_get_log(struct ngio_dev *dev, const struct ngio_log_args *a,
		 void *buf, __u32 len)
{
	struct ngio_log_args part = *a;
	__u32 chunk = dev->geom.max_xfer ? dev->geom.max_xfer : 4096;
	int ret;

	if (!len)
		return -EINVAL;
	/* Big pages in pieces: MDTS holds for admin commands too. */
	if (chunk > NGIO_MAX_ADMIN_XFER)
		chunk = NGIO_MAX_ADMIN_XFER;
	for (__u32 off = 0; off < len; off += chunk) {
		struct nvme_uring_cmd cmd;
		__u32 n = len - off < chunk ? len - off : chunk;

		part.offset = a->offset + off;
		/* Retain the event until the last piece is read. */
		part.rae = a->rae || off + n < len;
		ret = ngio_cmd_get_log(&cmd, &part, (char *)buf + off, n);
		if (!ret)
			ret = ngio_submit_sync(dev, true, &cmd, NULL);
		if (ret)
			return ret;
	}
	return 0;
}

int ngio_get_features(struct ngio_dev *dev, __u8 fid, __u32 nsid, __u8 sel,
		      __u32 cdw11, void *buf, __u32 len, __u32 *value)
{
	struct nvme_uring_cmd cmd;
	__u64 result;
	int ret;

	ret = ngio_cmd_get_features(&cmd, fid, nsid, sel, cdw11, buf, len);
	if (!ret)
		ret = ngio_submit_sync(dev, true, &cmd, &result);
	if (!ret && value)
		*value = (__u32)result;
	return ret;
}

int ngio_set_features(struct ngio_dev *dev, __u8 fid, __u32 nsid,
		      __u32 cdw11, __u32 cdw12, bool save, void *buf,
		      __u32 len, __u32 *value)
{
	struct nvme_uring_cmd cmd;
	__u64 result;
	int ret;

	ret = ngio_cmd_set_features(&cmd, fid, nsid, cdw11, cdw12, save, buf,
				    len);
	if (!ret)
		ret = ngio_submit_sync(dev, true, &cmd, &result);
	if (!ret && value)
		*value = (__u32)result;
	return ret;
}

int ngio_flush(struct ngio_dev *dev)
{
	struct nvme_uring_cmd cmd;
	int ret = ngio_cmd_flush(&cmd, &dev->geom);

	return ret ? ret : ngio_submit_sync(dev, false, &cmd, NULL);
}

/* One chunk of a split read, write or compare: built, given its
 * metadata and PI, and run. */
static int rw_chunk(struct ngio_dev *dev, enum ngio_op kind,
		    const struct ngio_chunk *c, unsigned flags,
		    const struct ngio_pi_tags *tags, unsigned check)
{
	const struct ngio_geometry *g = &dev->geom;
	struct nvme_uring_cmd cmd;
	int ret;

	if (kind == NGIO_OP_WRITE)
		ret = ngio_cmd_write(&cmd, g, c->slba, c->data, c->data_len,
				     flags);
	else if (kind == NGIO_OP_COMPARE)
		ret = ngio_cmd_compare(&cmd, g, c->slba, c->data, c->data_len,
				       flags);
	else
		ret = ngio_cmd_read(&cmd, g, c->slba, c->data, c->data_len,
				    flags);
	if (!ret && c->md)
		ret = ngio_cmd_metadata(&cmd, g, c->md, c->md_len);
	if (!ret && tags)
		ret = ngio_cmd_pi(&cmd, g, check, &c->tags);
	if (ret)
		return ret;
	return ngio_submit_sync(dev, false, &cmd, NULL);
}

int ngio_rw_ext(struct ngio_dev *dev, __u8 opcode, const struct ngio_xfer *x,
		unsigned check, __u64 *done)
{
	enum ngio_op kind = ngio_op_kind(dev->geom.csi, opcode);
	struct ngio_split s;
	struct ngio_chunk c;
	int ret;

	if (done)
		*done = 0;
	/* By the namespace's command set: 01h on KV is Store, no write. */
	if (kind != NGIO_OP_READ && kind != NGIO_OP_WRITE &&
	    kind != NGIO_OP_COMPARE)
		return -EINVAL;
	if (!x)
		return -EFAULT;
	if (!x->data)
		return -EFAULT;
	/* Everything is checked before the first command goes. */
	ret = ngio_split_init(&s, &dev->geom, x);
	if (ret)
		return ret;
	while ((ret = ngio_split_next(&s, &c)) > 0) {
		ret = rw_chunk(dev, kind, &c, x->flags, x->tags, check);
		if (ret)
			return ret;
		if (done)
			*done = c.off + c.nlb;
	}
	return ret;
}

int ngio_rw(struct ngio_dev *dev, __u8 opcode, __u64 slba, void *buf,
	    size_t len, unsigned flags, size_t *done)
{
	const struct ngio_geometry *g = &dev->geom;
	__u32 bb = ngio_xfer_block_bytes(g, flags);
	struct ngio_xfer x = {
		.slba = slba, .data = buf, .flags = flags,
	};
	__u64 blocks = 0;
	int ret;

	if (done)
		*done = 0;
	if (!g->nsid || !bb)
		return -EINVAL;
	if (!len || len % bb)
		return -EINVAL;
	/* Separate metadata needs a buffer: ngio_rw_ext() takes one. */
	x.nlb = len / bb;
	ret = ngio_rw_ext(dev, opcode, &x, 0, &blocks);
	if (done)
		*done = blocks * bb;
	return ret;
}

int ngio_read(struct ngio_dev *dev, __u64 slba, void *buf, size_t len,
	      unsigned flags)
{
	return ngio_rw(dev, nvme_cmd_read, slba, buf, len, flags, NULL);
}

int ngio_write(struct ngio_dev *dev, __u64 slba, const void *buf, size_t len,
	       unsigned flags)
{
	return ngio_rw(dev, nvme_cmd_write, slba, (void *)buf, len, flags,
		       NULL);
}

int ngio_compare(struct ngio_dev *dev, __u64 slba, const void *buf,
		 size_t len, unsigned flags)
{
	return ngio_rw(dev, nvme_cmd_compare, slba, (void *)buf, len, flags,
		       NULL);
}
