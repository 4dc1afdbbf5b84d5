// SPDX-License-Identifier: MIT
/*
 * The zone model's reports (Zone Management Receive), its Identify data
 * (ZNS 1.1 4.1.5.1) and its state as bytes, for a namespace kept in a
 * file.  The model itself is zones.c.
 */
#include <endian.h>
#include <errno.h>
#include <string.h>

#include "zones-int.h"

static bool report_selects(__u8 zrasf, __u8 st)
{
	switch (zrasf) {
	case NVME_ZNS_ZRAS_REPORT_ALL:
		return true;
	case NVME_ZNS_ZRAS_REPORT_EMPTY:
		return st == NVME_ZNS_ZS_EMPTY;
	case NVME_ZNS_ZRAS_REPORT_IMPL_OPENED:
		return st == NVME_ZNS_ZS_IMPL_OPEN;
	case NVME_ZNS_ZRAS_REPORT_EXPL_OPENED:
		return st == NVME_ZNS_ZS_EXPL_OPEN;
	case NVME_ZNS_ZRAS_REPORT_CLOSED:
		return st == NVME_ZNS_ZS_CLOSED;
	case NVME_ZNS_ZRAS_REPORT_FULL:
		return st == NVME_ZNS_ZS_FULL;
	case NVME_ZNS_ZRAS_REPORT_READ_ONLY:
		return st == NVME_ZNS_ZS_READ_ONLY;
	case NVME_ZNS_ZRAS_REPORT_OFFLINE:
		return st == NVME_ZNS_ZS_OFFLINE;
	}
	return false;
}

static void put_desc(const struct emu_zones *z, const struct zone *zn,
		     unsigned char *p, bool ext)
{
	struct nvme_zns_desc d;
	bool wp_valid = zn->state != NVME_ZNS_ZS_FULL &&
			zn->state != NVME_ZNS_ZS_READ_ONLY &&
			zn->state != NVME_ZNS_ZS_OFFLINE;

	memset(&d, 0, sizeof(d));
	d.zt = NVME_ZONE_TYPE_SEQWRITE_REQ;
	d.zs = zn->state << 4;
	d.za = zn->attrs;
	d.zcap = htole64(z->zcap);
	d.zslba = htole64(zslba(z, zn));
	d.wp = htole64(wp_valid ? zn->wp : ~0ULL);
	memcpy(p, &d, sizeof(d));
	/* An extension not set reads as zeroes. */
	if (ext && (zn->attrs & NVME_ZNS_ZA_ZDEV))
		memcpy(p + ZONE_DESC, z->zde + (size_t)(zn - z->z) * z->zdes,
		       z->zdes);
}

int emu_zones_mgmt_recv(struct emu_zones *z, const struct nvme_uring_cmd *cmd,
			void *buf, size_t len)
{
	__u64 slba = cmd->cdw10 | (__u64)cmd->cdw11 << 32, n = 0;
	__u8 zra = cmd->cdw13 & 0xff, zrasf = (cmd->cdw13 >> 8) & 0xff;
	bool partial = cmd->cdw13 & ZRA_PARTIAL;
	bool ext = zra == NVME_ZNS_ZRA_EXTENDED_REPORT_ZONES;
	size_t numd = ((size_t)cmd->cdw12 + 1) * 4, desc, fit;
	__le64 nr;

	if (slba >= z->nsze)
		return EMU_LBA_RANGE;
	if ((zra != NVME_ZNS_ZRA_REPORT_ZONES && !ext) || (ext && !z->zdes) ||
	    zrasf > NVME_ZNS_ZRAS_REPORT_OFFLINE)
		return EMU_INVALID_FIELD;
	if (numd < len)
		len = numd;
	if (len < ZONE_HDR)
		return EMU_INVALID_FIELD;
	memset(buf, 0, len);
	desc = ZONE_DESC + (ext ? z->zdes : 0);
	fit = (len - ZONE_HDR) / desc;
	for (__u32 i = slba / z->zsze; i < z->nr; i++) {
		if (!report_selects(zrasf, z->z[i].state))
			continue;
		/* Partial: the count is of the descriptors returned. */
		if (partial && n == fit)
			break;
		if (n < fit)
			put_desc(z, &z->z[i], (unsigned char *)buf + ZONE_HDR +
				 n * desc, ext);
		n++;
	}
	nr = htole64(n);
	memcpy(buf, &nr, sizeof(nr));
	return 0;
}

/* ---------------------------------------------------------- identify */

void emu_zones_id_ns(const struct emu_zones *z, void *buf)
{
	struct nvme_zns_id_ns id;

	_Static_assert(sizeof(id) == 4096, "ZNS identify is 4 KiB");
	memset(&id, 0, sizeof(id));
	/* ZOC 0: fixed capacity, no zone active excursions. */
	id.ozcs = htole16((z->read_across ? OZCS_RAZB : 0) |
			  (z->zrwas ? OZCS_ZRWASUP : 0));
	/* 0's based, all ones: no limit. */
	id.mar = htole32(z->max_active ? z->max_active - 1 : 0xffffffff);
	id.mor = htole32(z->max_open ? z->max_open - 1 : 0xffffffff);
	if (z->zrwas) {
		id.numzrwa = htole32(z->nr_zrwa - 1);
		id.zrwafg = htole16(z->zrwafg);
		id.zrwasz = htole16(z->zrwas);
		id.zrwacap = ZRWACAP_EXPFLUSH;
	}
	/* The namespace's one LBA format. */
	id.lbafe[0].zsze = htole64(z->zsze);
	id.lbafe[0].zdes = z->zdes / 64;
	memcpy(buf, &id, sizeof(id));
}

/* ------------------------------------------------------------- state */

static void put32(unsigned char *p, __u32 v)
{
	v = htole32(v);
	memcpy(p, &v, 4);
}

static void put64(unsigned char *p, __u64 v)
{
	v = htole64(v);
	memcpy(p, &v, 8);
}

static __u64 get64(const unsigned char *p)
{
	__u64 v;

	memcpy(&v, p, 8);
	return le64toh(v);
}

size_t emu_zones_state_size(const struct emu_zones *z)
{
	return STATE_HDR + (size_t)z->nr * (STATE_ZONE + z->zdes);
}

/* The header: what the rest was made with. */
static void state_hdr(const struct emu_zones *z, unsigned char *h)
{
	memset(h, 0, STATE_HDR);
	put32(h, STATE_MAGIC);
	put32(h + 4, STATE_VERSION);
	put64(h + 8, z->nsze);
	put64(h + 16, z->zsze);
	put64(h + 24, z->zcap);
	put32(h + 32, z->nr);
	put32(h + 36, z->max_open);
	put32(h + 40, z->max_active);
	put32(h + 44, z->zdes);
	put32(h + 48, z->zrwas);
	put32(h + 52, z->zrwafg);
	put32(h + 56, z->nr_zrwa);
}

void emu_zones_state_save(const struct emu_zones *z, void *buf)
{
	unsigned char *p = buf;

	state_hdr(z, p);
	p += STATE_HDR;
	for (__u32 i = 0; i < z->nr; i++, p += STATE_ZONE) {
		memset(p, 0, STATE_ZONE);
		put64(p, z->z[i].wp);
		p[8] = z->z[i].state;
		p[9] = z->z[i].attrs;
	}
	if (z->zdes)
		memcpy(p, z->zde, (size_t)z->nr * z->zdes);
}

/* One zone's record: whether it is one this model could have made. */
static bool zone_valid(const struct emu_zones *z, __u32 i,
		       const unsigned char *r)
{
	__u64 s = (__u64)i * z->zsze, wp = get64(r);
	__u8 st = r[8], za = r[9];

	if (za & ~(NVME_ZNS_ZA_ZDEV | NVME_ZNS_ZA_ZRWAV))
		return false;
	if ((za & NVME_ZNS_ZA_ZRWAV) && (!is_active(st) || !z->zrwas))
		return false;
	if ((za & NVME_ZNS_ZA_ZDEV) && (!z->zdes || st == NVME_ZNS_ZS_EMPTY ||
					st == NVME_ZNS_ZS_OFFLINE))
		return false;
	if (wp < s || wp > s + z->zcap)
		return false;
	switch (st) {
	case NVME_ZNS_ZS_EMPTY:
		return wp == s;
	case NVME_ZNS_ZS_IMPL_OPEN:
	case NVME_ZNS_ZS_EXPL_OPEN:
	case NVME_ZNS_ZS_CLOSED:
		return wp < s + z->zcap;
	case NVME_ZNS_ZS_FULL:
	case NVME_ZNS_ZS_READ_ONLY:
	case NVME_ZNS_ZS_OFFLINE:
		return true;
	}
	return false;
}

/* After a power cycle an opened zone is closed, or empty if it holds
 * nothing. */
static __u8 loaded_state(const struct emu_zones *z, __u32 i,
			 const unsigned char *r)
{
	__u8 st = r[8];

	if (!is_open(st))
		return st;
	if (get64(r) == (__u64)i * z->zsze && !r[9])
		return NVME_ZNS_ZS_EMPTY;
	return NVME_ZNS_ZS_CLOSED;
}

int emu_zones_state_load(struct emu_zones *z, const void *buf, size_t len)
{
	const unsigned char *p = buf, *r = p + STATE_HDR;
	unsigned char h[STATE_HDR];
	__u32 active = 0, zrwa = 0;

	if (len != emu_zones_state_size(z))
		return -EINVAL;
	state_hdr(z, h);
	if (memcmp(h, p, STATE_HDR))
		return -EINVAL;
	/* Everything checked before anything changes. */
	for (__u32 i = 0; i < z->nr; i++, r += STATE_ZONE) {
		if (!zone_valid(z, i, r))
			return -EINVAL;
		active += is_active(loaded_state(z, i, r));
		zrwa += !!(r[9] & NVME_ZNS_ZA_ZRWAV);
	}
	if ((z->max_active && active > z->max_active) || zrwa > z->nr_zrwa)
		return -EINVAL;
	z->nr_open = z->nr_impl = z->nr_active = z->nr_zrwa_used = 0;
	r = p + STATE_HDR;
	for (__u32 i = 0; i < z->nr; i++, r += STATE_ZONE) {
		struct zone *zn = &z->z[i];

		zn->state = NVME_ZNS_ZS_EMPTY;
		zn->attrs = r[9];
		zn->wp = get64(r);
		emu_zone_set(z, zn, loaded_state(z, i, r));
		z->nr_zrwa_used += !!(zn->attrs & NVME_ZNS_ZA_ZRWAV);
	}
	if (z->zdes)
		memcpy(z->zde, r, (size_t)z->nr * z->zdes);
	return 0;
}
