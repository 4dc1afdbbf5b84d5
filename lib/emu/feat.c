// SPDX-License-Identifier: MIT
/*
 * The emulated controller's features: Get Features and Set Features, the
 * current, saved and default values (NVMe Base 2.0 5.27).
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include <nvme/types.h>

#include "emu-int.h"

enum {
	FEAT_SAVE = 1,		/* saveable */
	FEAT_NS = 2,		/* namespace specific */
	FEAT_CHANGE = 4,	/* changeable */
};

/* The features this controller has, and their capabilities. */
static unsigned feat_caps(const struct emu_ctrl *c, __u8 fid)
{
	switch (fid) {
	case NVME_FEAT_FID_ARBITRATION:
	case NVME_FEAT_FID_POWER_MGMT:
	case NVME_FEAT_FID_TEMP_THRESH:
	case NVME_FEAT_FID_IRQ_COALESCE:
	case NVME_FEAT_FID_WRITE_ATOMIC:
	case NVME_FEAT_FID_ASYNC_EVENT:
	case NVME_FEAT_FID_AUTO_PST:
		return FEAT_SAVE | FEAT_CHANGE;
	case NVME_FEAT_FID_ERR_RECOVERY:
		return FEAT_SAVE | FEAT_NS | FEAT_CHANGE;
	case NVME_FEAT_FID_VOLATILE_WC:
		return c->vwc ? FEAT_SAVE | FEAT_CHANGE : 0;
	case NVME_FEAT_FID_NUM_QUEUES:
	case NVME_FEAT_FID_IRQ_CONFIG:
	case NVME_FEAT_FID_TIMESTAMP:
		return FEAT_CHANGE;
	}
	return 0;
}

void emu_feat_defaults(struct emu_ctrl *c)
{
	struct emu_feat *f = c->feat;

	/* Arbitration: burst 7 (no limit), weights 0's based. */
	f[NVME_FEAT_FID_ARBITRATION].def = 7;
	f[NVME_FEAT_FID_NUM_QUEUES].def = (EMU_NR_Q - 1) |
					  (EMU_NR_Q - 1) << 16;
	f[NVME_FEAT_FID_VOLATILE_WC].def = c->vwc;
	f[NVME_FEAT_FID_ASYNC_EVENT].def = 0;
	for (unsigned i = 0; i < 256; i++)
		f[i].cur = f[i].saved = f[i].def;
	c->vwc_on = c->vwc;
	c->temp_th[0] = c->temp_th_saved[0] = EMU_TEMP + 30;
	c->temp_th[1] = c->temp_th_saved[1] = 0;
	for (unsigned i = 0; i < c->nr_ns; i++)
		c->ns[i].err_rec = c->ns[i].err_rec_saved = 0;
}

__u64 emu_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ULL + ts.tv_nsec / 1000000;
}

static int feat_data(const struct nvme_uring_cmd *cmd, bool vec,
		     struct emu_buf *b, size_t need)
{
	int ret = emu_buf_init(b, vec, cmd->addr, cmd->data_len);

	if (ret)
		return ret;
	if (!b->len)
		return EMU_INVALID_FIELD;
	return b->len < need ? EMU_SGL_LEN : 0;
}

/* ------------------------------------------------------------------- get */

static int get_temp_th(const struct emu_ctrl *c, __u8 sel,
		       const struct nvme_uring_cmd *cmd, __u64 *result)
{
	unsigned tmpsel = (cmd->cdw11 >> 16) & 0xf;
	unsigned thsel = (cmd->cdw11 >> 20) & 3;
	__u32 v;

	if (tmpsel || thsel > 1)
		return EMU_INVALID_FIELD;
	v = sel == 0 ? c->temp_th[thsel] :
	    sel == 2 ? c->temp_th_saved[thsel] :
	    thsel ? 0 : EMU_TEMP + 30;
	*result = v | tmpsel << 16 | thsel << 20;
	return 0;
}

static int get_apst(const struct emu_ctrl *c, __u8 sel, bool vec,
		    const struct nvme_uring_cmd *cmd, __u64 *result)
{
	__u8 fid = NVME_FEAT_FID_AUTO_PST;
	struct emu_buf b;
	int ret;

	ret = feat_data(cmd, vec, &b, 256);
	if (ret)
		return ret;
	if (sel == 1) {
		static const __u8 zero[256];

		emu_buf_out(&b, 0, zero, 256);
		*result = 0;
	} else {
		emu_buf_out(&b, 0, sel ? c->apst_saved : c->apst, 256);
		*result = c->feat[fid].cur;
		if (sel)
			*result = c->feat[fid].saved;
	}
	return 0;
}

static int get_timestamp(const struct emu_ctrl *c, bool vec,
			 const struct nvme_uring_cmd *cmd, __u64 *result)
{
	__u8 ts[8] = { 0 };
	__u64 t = emu_now_ms() - c->ts_at;
	struct emu_buf b;
	int ret;

	ret = feat_data(cmd, vec, &b, 8);
	if (ret)
		return ret;
	/* Since the host set it (origin 001b), else since reset. */
	if (c->ts_set)
		t += c->ts_host;
	for (int i = 0; i < 6; i++)
		ts[i] = t >> (8 * i);
	ts[6] = c->ts_set ? 1 << 1 : 0;
	emu_buf_out(&b, 0, ts, 8);
	*result = 0;
	return 0;
}

int emu_get_features(struct emu_ctrl *c, bool vec,
		     const struct nvme_uring_cmd *cmd, __u64 *result)
{
	__u8 fid = cmd->cdw10 & 0xff, sel = (cmd->cdw10 >> 8) & 7;
	unsigned caps = feat_caps(c, fid);
	struct emu_ns *ns = NULL;

	if (!caps || sel > 3)
		return EMU_INVALID_FIELD;
	if (caps & FEAT_NS) {
		ns = emu_ns_get(c, cmd->nsid);
		if (!ns)
			return EMU_INVALID_NS;
	}
	if (sel == 3) {
		*result = caps & 7;
		return 0;
	}
	/* Without a saved value the default is reported (Base 2.0 5.27.1). */
	if (sel == 2 && !(caps & FEAT_SAVE))
		sel = 1;
	switch (fid) {
	case NVME_FEAT_FID_TEMP_THRESH:
		return get_temp_th(c, sel, cmd, result);
	case NVME_FEAT_FID_ERR_RECOVERY:
		*result = sel == 0 ? ns->err_rec :
			  sel == 2 ? ns->err_rec_saved : 0;
		return 0;
	case NVME_FEAT_FID_IRQ_CONFIG: {
		__u32 iv = cmd->cdw11 & 0xffff;

		if (iv >= EMU_NR_IV)
			return EMU_INVALID_FIELD;
		*result = iv;
		if (sel == 0 && (c->iv_cd[iv / 32] >> (iv % 32) & 1))
			*result |= 1U << 16;
		return 0;
	}
	case NVME_FEAT_FID_AUTO_PST:
		return get_apst(c, sel, vec, cmd, result);
	case NVME_FEAT_FID_TIMESTAMP:
		return get_timestamp(c, vec, cmd, result);
	}
	*result = sel == 0 ? c->feat[fid].cur :
		  sel == 2 ? c->feat[fid].saved : c->feat[fid].def;
	return 0;
}

/* ------------------------------------------------------------------- set */

/* The Set Features that answer in full, without the common store. */

static int set_temp_th(struct emu_ctrl *c, bool save, __u32 v)
{
	unsigned tmpsel = (v >> 16) & 0xf, thsel = (v >> 20) & 3;

	/* Only the composite temperature (0h) or all sensors (Fh). */
	if ((tmpsel && tmpsel != 0xf) || thsel > 1)
		return EMU_INVALID_FIELD;
	c->temp_th[thsel] = v & 0xffff;
	if (save)
		c->temp_th_saved[thsel] = v & 0xffff;
	return 0;
}

static int set_err_rec(struct emu_ctrl *c, bool save, __u32 nsid, __u32 v)
{
	unsigned i;

	/* DULBE needs NSFEAT bit 2, which no namespace here has. */
	if (v & ~0xffffU)
		return EMU_INVALID_FIELD;
	for (i = 0; i < c->nr_ns; i++) {
		if (nsid != 0xffffffff && i + 1 != nsid)
			continue;
		c->ns[i].err_rec = v;
		if (save)
			c->ns[i].err_rec_saved = v;
	}
	return 0;
}

static int set_num_queues(struct emu_ctrl *c, __u32 v, __u64 *result)
{
	struct emu_feat *f = &c->feat[NVME_FEAT_FID_NUM_QUEUES];
	__u32 nsq = v & 0xffff, ncq = v >> 16;

	if (nsq == 0xffff || ncq == 0xffff)
		return EMU_INVALID_FIELD;
	nsq = nsq < EMU_NR_Q - 1 ? nsq : EMU_NR_Q - 1;
	ncq = ncq < EMU_NR_Q - 1 ? ncq : EMU_NR_Q - 1;
	f->cur = nsq | ncq << 16;
	*result = f->cur;
	return 0;
}

static int set_irq_config(struct emu_ctrl *c, __u32 v)
{
	__u32 iv = v & 0xffff;

	if (iv >= EMU_NR_IV || v >> 17)
		return EMU_INVALID_FIELD;
	if (v >> 16 & 1)
		c->iv_cd[iv / 32] |= 1U << (iv % 32);
	else
		c->iv_cd[iv / 32] &= ~(1U << (iv % 32));
	return 0;
}

static int set_timestamp(struct emu_ctrl *c, bool vec,
			 const struct nvme_uring_cmd *cmd)
{
	struct emu_buf b;
	__u8 ts[8];
	int ret;

	ret = feat_data(cmd, vec, &b, 8);
	if (ret)
		return ret;
	emu_buf_in(&b, 0, ts, 8);
	c->ts_host = 0;
	for (unsigned i = 0; i < 6; i++)
		c->ts_host |= (__u64)ts[i] << (8 * i);
	c->ts_at = emu_now_ms();
	c->ts_set = true;
	return 0;
}

/*
 * The features whose value is stored as given, masked: the value to store
 * in *v, or a status.
 */
static int set_value(struct emu_ctrl *c, __u8 fid, bool save, bool vec,
		     const struct nvme_uring_cmd *cmd, __u32 *v)
{
	struct emu_buf b;
	unsigned i;
	int ret;

	switch (fid) {
	case NVME_FEAT_FID_VOLATILE_WC:
		*v &= 1;
		/* Turning the cache off makes what it holds durable first. */
		if (!*v && c->vwc_on)
			for (i = 0; i < c->nr_ns; i++)
				emu_flush_ns(c, &c->ns[i]);
		c->vwc_on = *v;
		break;
	case NVME_FEAT_FID_ARBITRATION:
		*v &= 0xffffff07;
		break;
	case NVME_FEAT_FID_POWER_MGMT:
		/* NPSS 0: power state 0 only. */
		if (*v & 0x1f)
			return EMU_INVALID_FIELD;
		*v &= 0xe0;
		break;
	case NVME_FEAT_FID_IRQ_COALESCE:
		*v &= 0xffff;
		break;
	case NVME_FEAT_FID_WRITE_ATOMIC:
		*v &= 1;
		break;
	case NVME_FEAT_FID_ASYNC_EVENT:
		/* The notices this controller could send. */
		*v &= 0x31f;
		break;
	case NVME_FEAT_FID_AUTO_PST:
		ret = feat_data(cmd, vec, &b, 256);
		if (ret)
			return ret;
		emu_buf_in(&b, 0, c->apst, 256);
		if (save)
			memcpy(c->apst_saved, c->apst, 256);
		*v &= 1;
		break;
	}
	return 0;
}

int emu_set_features(struct emu_ctrl *c, bool vec,
		     const struct nvme_uring_cmd *cmd, __u64 *result)
{
	__u8 fid = cmd->cdw10 & 0xff;
	bool save = cmd->cdw10 >> 31;
	unsigned caps = feat_caps(c, fid);
	struct emu_feat *f = &c->feat[fid];
	__u32 v = cmd->cdw11;
	int ret;

	if (!caps)
		return EMU_INVALID_FIELD;
	if (save && !(caps & FEAT_SAVE))
		return EMU_NOT_SAVEABLE;
	if (caps & FEAT_NS) {
		if (cmd->nsid != 0xffffffff && !emu_ns_get(c, cmd->nsid))
			return EMU_INVALID_NS;
	} else if (cmd->nsid && cmd->nsid != 0xffffffff) {
		return EMU_NOT_NS_SPECIFIC;
	}
	*result = 0;
	switch (fid) {
	case NVME_FEAT_FID_TEMP_THRESH:
		return set_temp_th(c, save, v);
	case NVME_FEAT_FID_ERR_RECOVERY:
		return set_err_rec(c, save, cmd->nsid, v);
	case NVME_FEAT_FID_NUM_QUEUES:
		return set_num_queues(c, v, result);
	case NVME_FEAT_FID_IRQ_CONFIG:
		return set_irq_config(c, v);
	case NVME_FEAT_FID_TIMESTAMP:
		return set_timestamp(c, vec, cmd);
	}
	ret = set_value(c, fid, save, vec, cmd, &v);
	if (ret)
		return ret;
	f->cur = v;
	if (save)
		f->saved = v;
	return 0;
}
