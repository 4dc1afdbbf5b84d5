// SPDX-License-Identifier: MIT
/* Synchronous helpers: one command at a time on the device's own queue. */
#include <errno.h>

#include "internal.h"

int ngio_submit_sync(struct ngio_dev *dev, bool admin,
		     const struct nvme_uring_cmd *cmd, __u64 *result)
{
	struct ngio_cqe cqe;
	int ret;

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

static int rw_chunk(struct ngio_dev *dev, __u8 opcode, __u64 slba,
		    char *buf, __u32 len, unsigned flags)
{
	struct nvme_uring_cmd cmd;
	int ret;

	if (opcode == nvme_cmd_write)
		ret = ngio_cmd_write(&cmd, &dev->geom, slba, buf, len, flags);
	else if (opcode == nvme_cmd_compare)
		ret = ngio_cmd_compare(&cmd, &dev->geom, slba, buf, len, flags);
	else
		ret = ngio_cmd_read(&cmd, &dev->geom, slba, buf, len, flags);
	if (ret)
		return ret;
	return ngio_submit_sync(dev, false, &cmd, NULL);
}

int ngio_rw(struct ngio_dev *dev, __u8 opcode, __u64 slba, void *buf,
	    size_t len, unsigned flags, size_t *done)
{
	const struct ngio_geometry *g = &dev->geom;
	/* PRACT may leave only data to move (no metadata at all). */
	__u32 pract = flags & NGIO_RW_PRACT ? CDW12_PRACT : 0;
	__u32 bb = ngio_xfer_block_bytes(g, flags), chunk;
	char *p = buf;
	int ret;

	if (done)
		*done = 0;
	if (opcode != nvme_cmd_read && opcode != nvme_cmd_write &&
	    opcode != nvme_cmd_compare)
		return -EINVAL;
	if (!g->nsid || !bb)
		return -EINVAL;
	if (!len || len % bb)
		return -EINVAL;
	/* Separate metadata needs a buffer these helpers do not take. */
	if (md_check(g, nvme_cmd_read, pract, 0, 0))
		return -EINVAL;
	/* The whole range or nothing: the pieces' LBAs must not wrap or
	 * run past the end, where a device would take the first ones. */
	if (!ngio_range_ok(g, slba, len / bb))
		return -ERANGE;
	/*
	 * Whole blocks, within MDTS and the 16-bit NLB field, and within
	 * max_segments pages wherever in a page the chunk starts.
	 */
	chunk = g->max_xfer ? g->max_xfer : 65536U * bb;
	if (chunk / bb > 65536U)
		chunk = 65536U * bb;
	if (g->max_segments > 1 && g->page_size &&
	    chunk > (g->max_segments - 1) * g->page_size)
		chunk = (g->max_segments - 1) * g->page_size;
	if (chunk < bb)
		return -EINVAL;
	chunk -= chunk % bb;
	for (size_t off = 0; off < len; off += chunk) {
		__u32 n = len - off < chunk ? len - off : chunk;

		ret = rw_chunk(dev, opcode, slba + off / bb, p + off, n, flags);
		if (ret)
			return ret;
		if (done)
			*done = off + n;
	}
	return 0;
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
