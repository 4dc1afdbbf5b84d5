// SPDX-License-Identifier: MIT
/*
 * The Zoned Namespace command set: its builders (zone management send
 * and receive, zone append), zone reports, zone management, and a
 * write-pointer table for writers that keep many zones busy at once.
 */
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

/* Report header and descriptor: 64 bytes each (an extension follows
 * each descriptor in an extended report). */
#define ZONE_HDR	64U
#define ZONE_DESC	64U

/* The set's own I/O commands (ngio_op_kind() adds NVM's). */
enum ngio_op zns_op_kind(__u8 opcode)
{
	switch (opcode) {
	case nvme_zns_cmd_mgmt_send:
		return NGIO_OP_ZONE_SEND;
	case nvme_zns_cmd_mgmt_recv:
		return NGIO_OP_ZONE_RECV;
	case nvme_zns_cmd_append:
		return NGIO_OP_APPEND;
	}
	return NGIO_OP_UNKNOWN;
}

/* ----------------------------------------------------------- builders */

int ngio_cmd_zone_mgmt_send(struct nvme_uring_cmd *cmd,
			    const struct ngio_geometry *g, __u64 slba,
			    enum nvme_zns_send_action zsa, unsigned flags,
			    void *buf, __u32 len)
{
	bool data = zsa == NVME_ZNS_ZSA_SET_DESC_EXT;
	int ret;

	ret = io_cmd_init(cmd, nvme_zns_cmd_mgmt_send, g);
	if (ret)
		return ret;
	switch (zsa) {
	case NVME_ZNS_ZSA_CLOSE:
	case NVME_ZNS_ZSA_FINISH:
	case NVME_ZNS_ZSA_OPEN:
	case NVME_ZNS_ZSA_RESET:
	case NVME_ZNS_ZSA_OFFLINE:
		break;
	case NVME_ZNS_ZSA_SET_DESC_EXT:
	case NVME_ZNS_ZSA_ZRWA_FLUSH:
		/* Both name one zone (an LBA in it, for a flush). */
		if (flags & NGIO_ZONE_ALL)
			return -EINVAL;
		break;
	default:
		return -EINVAL;
	}
	if (flags & ~(NGIO_ZONE_ALL | NGIO_ZONE_ZRWA))
		return -EINVAL;
	/* A ZRWA is allocated by opening one empty zone. */
	if (flags & NGIO_ZONE_ZRWA &&
	    (zsa != NVME_ZNS_ZSA_OPEN || flags & NGIO_ZONE_ALL))
		return -EINVAL;
	if (data) {
		/* The extension is ZDES x 64 bytes: the device knows ZDES. */
		ret = io_check_buf(g, buf, len);
		if (ret)
			return ret;
		if (len % 64)
			return -EINVAL;
		cmd->addr = (__u64)(uintptr_t)buf;
		cmd->data_len = len;
	} else if (buf || len) {
		return -EINVAL;
	}
	if (!(flags & NGIO_ZONE_ALL))
		io_set_slba(cmd, slba);
	cmd->cdw13 = FLD_SET(ZSA, zsa) |
		     (flags & NGIO_ZONE_ALL ? ZSA_SELECT_ALL : 0) |
		     (flags & NGIO_ZONE_ZRWA ? ZSA_ZRWAA : 0);
	return 0;
}

int ngio_cmd_zone_mgmt_recv(struct nvme_uring_cmd *cmd,
			    const struct ngio_geometry *g, __u64 slba,
			    enum nvme_zns_report_options state, unsigned flags,
			    void *buf, __u32 len)
{
	int ret;

	ret = io_cmd_init(cmd, nvme_zns_cmd_mgmt_recv, g);
	if (!ret)
		ret = io_check_buf(g, buf, len);
	if (ret)
		return ret;
	/* The header alone (without partial reports) counts the zones in
	 * a state: the smallest report. */
	if ((unsigned)state > NVME_ZNS_ZRAS_REPORT_OFFLINE ||
	    (flags & ~(NGIO_ZONE_PARTIAL | NGIO_ZONE_EXT)) ||
	    len & 3 || len < ZONE_HDR)
		return -EINVAL;
	io_set_slba(cmd, slba);
	cmd->addr = (__u64)(uintptr_t)buf;
	cmd->data_len = len;
	cmd->cdw12 = len / 4 - 1;	/* NUMD, 0's based */
	cmd->cdw13 = FLD_SET(ZRA, flags & NGIO_ZONE_EXT ?
			     NVME_ZNS_ZRA_EXTENDED_REPORT_ZONES :
			     NVME_ZNS_ZRA_REPORT_ZONES) |
		     FLD_SET(ZRASF, state) |
		     (flags & NGIO_ZONE_PARTIAL ? ZRA_PARTIAL : 0);
	return 0;
}

/* A write whose LBA the device picks: the same CDW10-12 as a write. */
int ngio_cmd_zone_append(struct nvme_uring_cmd *cmd,
			 const struct ngio_geometry *g, __u64 zslba,
			 const void *buf, __u32 len, unsigned flags)
{
	return nvm_xfer(cmd, nvme_zns_cmd_append, g, zslba, buf, len, flags);
}

/* ------------------------------------------------------------ reports */

void ngio_zone_decode(const struct nvme_zns_desc *d, struct ngio_zone *z)
{
	z->start = le64toh(d->zslba);
	z->cap = le64toh(d->zcap);
	z->wp = le64toh(d->wp);
	/* ZS is bits 7:4 of its byte, ZT bits 3:0 of its own. */
	z->state = d->zs >> 4;
	z->type = d->zt & 0xf;
	z->attrs = d->za;
	z->attrs_info = d->zai;
}

const char *ngio_zone_state_name(__u8 state)
{
	switch (state) {
	case NVME_ZNS_ZS_EMPTY:
		return "EMPTY";
	case NVME_ZNS_ZS_IMPL_OPEN:
		return "IMP_OPENED";
	case NVME_ZNS_ZS_EXPL_OPEN:
		return "EXP_OPENED";
	case NVME_ZNS_ZS_CLOSED:
		return "CLOSED";
	case NVME_ZNS_ZS_READ_ONLY:
		return "READONLY";
	case NVME_ZNS_ZS_FULL:
		return "FULL";
	case NVME_ZNS_ZS_OFFLINE:
		return "OFFLINE";
	default:
		return "Unknown State";
	}
}

/*
 * Bytes of one report command for up to max zones of desc bytes each
 * (a descriptor and its extension): whole descriptors, within the
 * transfer limit and, the buffer being page aligned, within max_segments
 * pages.
 */
static __u32 report_len(const struct ngio_geometry *g, unsigned max,
			__u32 desc)
{
	__u64 want = ZONE_HDR + (__u64)max * desc;
	__u64 lim = NGIO_MAX_ADMIN_XFER;

	if (g->max_xfer && g->max_xfer < lim)
		lim = g->max_xfer;
	if (g->max_segments && g->page_size &&
	    (__u64)g->max_segments * g->page_size < lim)
		lim = (__u64)g->max_segments * g->page_size;
	if (want < lim)
		lim = want;
	return (__u32)(lim - (lim - ZONE_HDR) % desc);
}

/* Report zones, with each zone's extension copied to ext when it is set. */
static int report(struct ngio_dev *dev, __u64 slba,
		  enum nvme_zns_report_options state,
		  struct ngio_zone *zones, unsigned char *ext, unsigned max,
		  unsigned *nr)
{
	const struct ngio_geometry *g = &dev->geom;
	__u32 zde = ext ? dev->zone.zde_size : 0;
	__u32 desc = ZONE_DESC + zde;
	unsigned char *rep;
	unsigned got = 0;
	size_t align;
	__u32 len, fit;
	int ret = 0;

	if (!nr)
		return -EFAULT;
	*nr = 0;
	if (!dev->zoned)
		return -EINVAL;
	if (!max)
		return 0;
	if (!zones)
		return -EFAULT;
	len = report_len(g, max, desc);
	if (len < ZONE_HDR + desc)
		return -EINVAL;
	fit = (len - ZONE_HDR) / desc;
	align = g->page_size ? g->page_size : 4096;
	rep = aligned_alloc(align, (len + align - 1) / align * align);
	if (!rep)
		return -ENOMEM;

	for (;;) {
		struct nvme_uring_cmd cmd;
		__u64 n, next;

		/* Partial: the header counts only what fits in this buffer. */
		ret = ngio_cmd_zone_mgmt_recv(&cmd, g, slba, state,
					      NGIO_ZONE_PARTIAL |
					      (ext ? NGIO_ZONE_EXT : 0),
					      rep, len);
		if (!ret)
			ret = ngio_submit_sync(dev, false, &cmd, NULL);
		if (ret)
			break;
		n = le64toh(((struct nvme_zone_report *)rep)->nr_zones);
		if (n > fit)
			n = fit;
		for (__u64 i = 0; i < n && got < max; i++, got++) {
			const unsigned char *d = rep + ZONE_HDR + i * desc;

			ngio_zone_decode((const void *)d, &zones[got]);
			if (ext)
				memcpy(ext + (size_t)got * zde, d + ZONE_DESC,
				       zde);
		}
		if (n < fit || got == max)
			break;
		/* More may follow: go on after the last zone reported. */
		next = zones[got - 1].start + dev->zone.zone_size;
		if (next <= slba || next >= g->nsze)
			break;
		slba = next;
	}
	free(rep);
	*nr = got;
	return ret;
}

int ngio_zone_report(struct ngio_dev *dev, __u64 slba,
		     enum nvme_zns_report_options state,
		     struct ngio_zone *zones, unsigned max, unsigned *nr)
{
	return report(dev, slba, state, zones, NULL, max, nr);
}

int ngio_zone_report_ext(struct ngio_dev *dev, __u64 slba,
			 enum nvme_zns_report_options state,
			 struct ngio_zone *zones, void *ext, unsigned max,
			 unsigned *nr)
{
	if (nr)
		*nr = 0;
	if (dev->zoned && !dev->zone.zde_size)
		return -EINVAL;
	if (!ext && max)
		return -EFAULT;
	return report(dev, slba, state, zones, ext, max, nr);
}

int ngio_zone_mgmt(struct ngio_dev *dev, __u64 slba,
		   enum nvme_zns_send_action zsa, unsigned flags, void *buf,
		   __u32 len)
{
	struct nvme_uring_cmd cmd;
	int ret;

	/* The device reads a whole extension: the buffer must hold one. */
	if (zsa == NVME_ZNS_ZSA_SET_DESC_EXT && dev->zoned && buf &&
	    len < dev->zone.zde_size)
		return -EINVAL;
	ret = ngio_cmd_zone_mgmt_send(&cmd, &dev->geom, slba, zsa, flags, buf,
				      len);
	return ret ? ret : ngio_submit_sync(dev, false, &cmd, NULL);
}

/* ------------------------------------------------------- write pointers */

/*
 * Appends complete in any order, so each zone tracks the blocks appends
 * returned: all of them below done (relative to start), and those above
 * it in a bitmap of cap bits, allocated on the zone's first append that
 * lands out of order and freed when the zone is reset or returned whole.
 */
struct wp_zone {
	__u64 start;
	__u64 cap;
	__u64 wp;		/* reserved up to here (an LBA) */
	__u64 done;		/* blocks from start all returned */
	__u64 *bits;		/* returned blocks at and above done */
	__u8 state;
	__u8 type;
};

struct ngio_wp {
	struct ngio_dev *dev;
	__u64 nr;
	struct wp_zone *z;
};

static void zone_set(struct wp_zone *z, const struct ngio_zone *r)
{
	__u64 wp = r->wp;

	free(z->bits);
	z->bits = NULL;
	z->start = r->start;
	z->cap = r->cap;
	z->state = r->state;
	z->type = r->type;
	/* Full, read-only and offline zones have no valid write pointer. */
	if (r->state == NVME_ZNS_ZS_FULL || r->state == NVME_ZNS_ZS_READ_ONLY ||
	    r->state == NVME_ZNS_ZS_OFFLINE || wp > r->start + r->cap)
		wp = r->start + r->cap;
	if (wp < r->start)
		wp = r->start;
	z->wp = wp;
	/* What was written before counts as returned. */
	z->done = wp - r->start;
}

int ngio_wp_load(struct ngio_wp *wp)
{
	const struct ngio_zoned *zi = &wp->dev->zone;
	struct ngio_zone *zones;
	unsigned n = 0;
	int ret;

	if (wp->nr > UINT_MAX)
		return -EOVERFLOW;
	zones = calloc(wp->nr, sizeof(*zones));
	if (!zones)
		return -ENOMEM;
	ret = ngio_zone_report(wp->dev, 0, NVME_ZNS_ZRAS_REPORT_ALL, zones,
			       wp->nr, &n);
	if (!ret) {
		/* Zones the report left out take no writes. */
		for (__u64 i = 0; i < wp->nr; i++) {
			struct ngio_zone none = {
				.start = i * zi->zone_size,
				.state = NVME_ZNS_ZS_OFFLINE,
			};

			zone_set(&wp->z[i], &none);
		}
		for (unsigned i = 0; i < n; i++) {
			__u64 idx = zones[i].start / zi->zone_size;

			if (idx < wp->nr)
				zone_set(&wp->z[idx], &zones[i]);
		}
	}
	free(zones);
	return ret;
}

int ngio_wp_new(struct ngio_dev *dev, struct ngio_wp **wpp)
{
	const struct ngio_zoned *zi = ngio_dev_zoned(dev);
	struct ngio_wp *wp;
	int ret;

	if (!wpp)
		return -EFAULT;
	if (!zi || !zi->nr_zones)
		return -EINVAL;
	wp = calloc(1, sizeof(*wp));
	if (!wp)
		return -ENOMEM;
	wp->dev = dev;
	wp->nr = zi->nr_zones;
	wp->z = calloc(wp->nr, sizeof(*wp->z));
	ret = wp->z ? ngio_wp_load(wp) : -ENOMEM;
	if (ret) {
		ngio_wp_free(wp);
		return ret;
	}
	*wpp = wp;
	return 0;
}

void ngio_wp_free(struct ngio_wp *wp)
{
	if (!wp)
		return;
	for (__u64 i = 0; wp->z && i < wp->nr; i++)
		free(wp->z[i].bits);
	free(wp->z);
	free(wp);
}

int ngio_wp_reserve(struct ngio_wp *wp, __u64 index, __u32 nlb,
		    __u64 *slba)
{
	struct wp_zone *z;

	if (index >= wp->nr || !nlb)
		return -EINVAL;
	z = &wp->z[index];
	if (nlb > z->start + z->cap - z->wp)
		return -ENOSPC;
	*slba = z->wp;
	z->wp += nlb;
	if (z->wp == z->start + z->cap)
		z->state = NVME_ZNS_ZS_FULL;
	else if (z->state == NVME_ZNS_ZS_EMPTY ||
		 z->state == NVME_ZNS_ZS_CLOSED)
		z->state = NVME_ZNS_ZS_IMPL_OPEN;
	return 0;
}

/* Mask of bits from..from+n-1 of one word (0 < n, from + n <= 64). */
static __u64 word_mask(unsigned from, unsigned n)
{
	return (n == 64 ? ~0ULL : ((1ULL << n) - 1)) << from;
}

/* Whether any of n bits from bit is set; with set, set them. */
static bool bits_range(__u64 *bits, __u64 bit, __u64 n, bool set)
{
	while (n) {
		unsigned off = bit % 64;
		unsigned k = n < 64 - off ? n : 64 - off;
		__u64 m = word_mask(off, k);

		if (set)
			bits[bit / 64] |= m;
		else if (bits[bit / 64] & m)
			return true;
		bit += k;
		n -= k;
	}
	return false;
}

int ngio_wp_appended(struct ngio_wp *wp, __u64 index, __u64 lba, __u32 nlb)
{
	struct wp_zone *z;
	__u64 rel, limit;

	if (index >= wp->nr || !nlb)
		return -EINVAL;
	z = &wp->z[index];
	/* Inside the zone, below what was reserved, above what returned. */
	if (lba < z->start || lba > z->wp || nlb > z->wp - lba)
		return -ERANGE;
	rel = lba - z->start;
	if (rel < z->done)
		return -ERANGE;
	if (rel == z->done && !z->bits) {
		/* In order, the usual case: no bitmap needed. */
		z->done += nlb;
		return 0;
	}
	if (!z->bits) {
		z->bits = calloc((z->cap + 63) / 64, sizeof(*z->bits));
		if (!z->bits)
			return -ENOMEM;
	}
	if (bits_range(z->bits, rel, nlb, false))
		return -ERANGE;
	bits_range(z->bits, rel, nlb, true);

	/* Move done over the run of returned blocks it now reaches. */
	limit = z->wp - z->start;
	while (z->done < limit) {
		unsigned off = z->done % 64;
		__u64 w = z->bits[z->done / 64] >> off;

		if (!(w & 1))
			break;
		z->done += ~w ? (unsigned)__builtin_ctzll(~w) : 64 - off;
	}
	/* Kept while the zone takes appends: a queue drains often. */
	if (z->done >= z->cap) {
		free(z->bits);
		z->bits = NULL;
	}
	return 0;
}

void ngio_wp_reset(struct ngio_wp *wp, __u64 index)
{
	struct wp_zone *z;

	if (index >= wp->nr)
		return;
	z = &wp->z[index];
	free(z->bits);
	z->bits = NULL;
	z->wp = z->start;
	z->done = 0;
	z->state = NVME_ZNS_ZS_EMPTY;
}

int ngio_wp_zone(const struct ngio_wp *wp, __u64 index, struct ngio_zone *z)
{
	const struct wp_zone *t;

	if (index >= wp->nr)
		return -EINVAL;
	t = &wp->z[index];
	z->start = t->start;
	z->cap = t->cap;
	z->wp = t->wp;
	z->state = t->state;
	z->type = t->type;
	z->attrs = 0;
	z->attrs_info = 0;
	return 0;
}
