// SPDX-License-Identifier: MIT
/*
 * The zoned namespace model (NVMe Zoned Namespace Command Set 1.1): zone
 * states, write pointers, open and active resources, descriptor
 * extensions and zone random write areas.  It moves no data; nvm.c does,
 * between a check (no state changes) and a commit.
 *
 * Choices the specification leaves open:
 * - An implicit or explicit open that finds every open resource in use
 *   closes the zone that was implicitly opened longest ago (as QEMU's
 *   auto_transition_zones does); only with no implicitly opened zone to
 *   close does it fail with Too Many Open Zones.
 * - Open with Select All opens every closed zone or none: without open
 *   resources for all of them it fails with Too Many Open Zones and
 *   closes no implicitly opened zone to make room.
 * - MAX_OPEN 0 with MAX_ACTIVE set reports and enforces MOR = MAR.
 * - Every failure carries DNR, as QEMU's model does.
 * - Full, read only and offline zones report a write pointer of all ones.
 * - A state loaded from a file is a power cycle: opened zones come back
 *   closed, or empty when nothing was written and nothing is attached.
 *
 * ZRWA: allocated by Open with ZRWAA on an empty zone, released when the
 * zone becomes full, empty, read only or offline.  Writes may land
 * anywhere from the write pointer up to twice ZRWASZ past it; blocks past
 * the ZRWA flush it implicitly, in ZRWAFG units; Flush Explicit ZRWA
 * Range moves the write pointer to the LBA after the one it names.
 * Not modelled: Zone Append to a zone with a ZRWA (refused), ZRWA data
 * held apart from the media (the caller stores writes at once), zone
 * attribute FZR/RZR/ZFC reporting, finish or reset recommendations, and
 * the zone descriptor changed log and its events.
 */
#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zones-int.h"

/* Every state change goes here: it keeps the resource counts. */
void emu_zone_set(struct emu_zones *z, struct zone *zn, __u8 st)
{
	z->nr_open += is_open(st) - is_open(zn->state);
	z->nr_active += is_active(st) - is_active(zn->state);
	z->nr_impl += (st == NVME_ZNS_ZS_IMPL_OPEN) -
		      (zn->state == NVME_ZNS_ZS_IMPL_OPEN);
	if (st == NVME_ZNS_ZS_IMPL_OPEN && zn->state != st)
		zn->seq = ++z->seq;
	if (!is_active(st) && (zn->attrs & NVME_ZNS_ZA_ZRWAV)) {
		zn->attrs &= ~NVME_ZNS_ZA_ZRWAV;
		z->nr_zrwa_used--;
	}
	if (st == NVME_ZNS_ZS_FULL)
		zn->wp = zend(z, zn);
	zn->state = st;
}

/*
 * Whether zn may become open: an empty zone takes an active resource, a
 * zone not open an open one, which closing an implicitly opened zone
 * may free (make_room()).
 */
static int open_room(const struct emu_zones *z, const struct zone *zn)
{
	if (zn->state == NVME_ZNS_ZS_EMPTY && z->max_active &&
	    z->nr_active >= z->max_active)
		return ZNS_ERR(TOO_MANY_ACTIVE);
	if (!is_open(zn->state) && z->max_open && z->nr_open >= z->max_open &&
	    !z->nr_impl)
		return ZNS_ERR(TOO_MANY_OPENS);
	return 0;
}

static void make_room(struct emu_zones *z, const struct zone *zn)
{
	struct zone *old = NULL;

	if (is_open(zn->state) || !z->max_open || z->nr_open < z->max_open)
		return;
	for (__u32 i = 0; i < z->nr; i++)
		if (z->z[i].state == NVME_ZNS_ZS_IMPL_OPEN &&
		    (!old || z->z[i].seq < old->seq))
			old = &z->z[i];
	if (old)
		emu_zone_set(z, old, NVME_ZNS_ZS_CLOSED);
}

/* The write pointer moves n blocks; at the capacity the zone is full. */
static void advance(struct emu_zones *z, struct zone *zn, __u64 n)
{
	__u64 end = zend(z, zn);

	zn->wp = n > end - zn->wp ? end : zn->wp + n;
	if (zn->wp == end)
		emu_zone_set(z, zn, NVME_ZNS_ZS_FULL);
}

/* ------------------------------------------------------------- setup */

static int bad(char *err, size_t errlen, const char *why)
{
	snprintf(err, errlen, "%s", why);
	return -EINVAL;
}

static int set_geometry(struct emu_zones *z, const struct emu_zones_params *p,
			char *err, size_t errlen)
{
	__u64 n;

	if (!p->nsze || !p->lba_size)
		return bad(err, errlen, "zoned namespace: no blocks");
	z->zsze = p->zone_size;
	if (!z->zsze) {
		/* QEMU's default: 128 MiB of blocks, at most the namespace. */
		z->zsze = DEF_ZONE_BYTES / p->lba_size;
		if (!z->zsze)
			z->zsze = 1;
		if (z->zsze > p->nsze)
			z->zsze = p->nsze;
	}
	if (z->zsze > p->nsze)
		return bad(err, errlen, "zone_size is over the namespace size");
	z->zcap = p->zone_cap ? p->zone_cap : z->zsze;
	if (z->zcap > z->zsze)
		return bad(err, errlen, "zone_cap is over zone_size");
	n = p->nsze / z->zsze;
	if (n > 0xffffffffULL)
		return bad(err, errlen, "more than 2^32-1 zones");
	z->nr = n;
	z->nsze = n * z->zsze;
	return 0;
}

static int set_limits(struct emu_zones *z, const struct emu_zones_params *p,
		      char *err, size_t errlen)
{
	if (p->max_active && p->max_open > p->max_active)
		return bad(err, errlen, "max_open is over max_active");
	z->max_active = p->max_active;
	/* MOR is at most MAR. */
	z->max_open = p->max_open ? p->max_open : p->max_active;
	if (p->zde_size % 64 || p->zde_size > 255 * 64)
		return bad(err, errlen, "zde: a multiple of 64 up to 16320");
	z->zdes = p->zde_size;
	return 0;
}

static int set_zrwa(struct emu_zones *z, const struct emu_zones_params *p,
		    char *err, size_t errlen)
{
	__u64 sz, fg;

	if (!p->zrwa_size) {
		if (p->zrwa_fg || p->nr_zrwa)
			return bad(err, errlen, "zrwafg and numzrwa need zrwa");
		return 0;
	}
	fg = p->zrwa_fg ? p->zrwa_fg : p->lba_size;
	if (p->zrwa_size % p->lba_size || fg % p->lba_size)
		return bad(err, errlen, "zrwa and zrwafg: whole blocks");
	sz = p->zrwa_size / p->lba_size;
	fg /= p->lba_size;
	/* ZRWASZ and ZRWAFG are 16-bit counts of blocks. */
	if (sz > 0xffff || fg > 0xffff || sz % fg)
		return bad(err, errlen, "zrwa: a multiple of zrwafg, at most "
			   "65535 blocks");
	if (sz > z->zcap)
		return bad(err, errlen, "zrwa is over zone_cap");
	if (p->nr_zrwa > z->nr)
		return bad(err, errlen, "numzrwa is over the number of zones");
	z->zrwas = sz;
	z->zrwafg = fg;
	z->nr_zrwa = p->nr_zrwa ? p->nr_zrwa : z->nr;
	return 0;
}

int emu_zones_new(const struct emu_zones_params *p, struct emu_zones **zp,
		  char *err, size_t errlen)
{
	struct emu_zones *z = calloc(1, sizeof(*z));
	int ret;

	if (!z) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	ret = set_geometry(z, p, err, errlen);
	if (!ret)
		ret = set_limits(z, p, err, errlen);
	if (!ret)
		ret = set_zrwa(z, p, err, errlen);
	if (ret) {
		free(z);
		return ret;
	}
	z->read_across = true;
	z->z = calloc(z->nr, sizeof(*z->z));
	if (z->z && z->zdes)
		z->zde = calloc(z->nr, z->zdes);
	if (!z->z || (z->zdes && !z->zde)) {
		emu_zones_free(z);
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	for (__u32 i = 0; i < z->nr; i++) {
		z->z[i].state = NVME_ZNS_ZS_EMPTY;
		z->z[i].wp = (__u64)i * z->zsze;
	}
	*zp = z;
	return 0;
}

void emu_zones_free(struct emu_zones *z)
{
	if (!z)
		return;
	free(z->zde);
	free(z->z);
	free(z);
}

__u64 emu_zones_nsze(const struct emu_zones *z)
{
	return z->nsze;
}

__u64 emu_zones_zone_size(const struct emu_zones *z)
{
	return z->zsze;
}

__u32 emu_zones_nr_zones(const struct emu_zones *z)
{
	return z->nr;
}

void emu_zones_set_read_across(struct emu_zones *z, bool on)
{
	z->read_across = on;
}

int emu_zones_set_state(struct emu_zones *z, __u64 zslba_, __u8 state)
{
	struct zone *zn;

	if (zslba_ >= z->nsze || zslba_ % z->zsze)
		return -EINVAL;
	zn = zone_at(z, zslba_);
	switch (state) {
	case NVME_ZNS_ZS_READ_ONLY:
		/* Offline is the end: nothing comes back from it. */
		if (zn->state == NVME_ZNS_ZS_OFFLINE)
			return -EINVAL;
		break;
	case NVME_ZNS_ZS_OFFLINE:
		zn->attrs &= ~NVME_ZNS_ZA_ZDEV;
		break;
	default:
		return -EINVAL;
	}
	emu_zone_set(z, zn, state);
	return 0;
}

/* ------------------------------------------------------------ writes */

static int write_state(__u8 st)
{
	switch (st) {
	case NVME_ZNS_ZS_FULL:
		return ZNS_ERR(FULL);
	case NVME_ZNS_ZS_READ_ONLY:
		return ZNS_ERR(READ_ONLY);
	case NVME_ZNS_ZS_OFFLINE:
		return ZNS_ERR(OFFLINE);
	}
	return 0;
}

int emu_zones_write_check(struct emu_zones *z, __u64 *slba, __u32 nlb,
			  bool append)
{
	struct zone *zn;
	__u64 lba = *slba;
	int ret;

	if (lba >= z->nsze || nlb > z->nsze - lba)
		return EMU_LBA_RANGE;
	zn = zone_at(z, lba);
	if (append) {
		if (lba != zslba(z, zn))
			return EMU_INVALID_FIELD;
		/* A ZRWA takes writes at chosen LBAs, not appends. */
		if (zn->attrs & NVME_ZNS_ZA_ZRWAV)
			return ZNS_ERR(INVALID_OP_REQUEST);
	}
	ret = write_state(zn->state);
	if (ret)
		return ret;
	if (append) {
		lba = zn->wp;
	} else if (zn->attrs & NVME_ZNS_ZA_ZRWAV) {
		/* The ZRWA and the implicit flush range after it. */
		if (lba < zn->wp || lba + nlb > zn->wp + 2ULL * z->zrwas)
			return ZNS_ERR(INVALID_WRITE);
	} else if (lba != zn->wp) {
		return ZNS_ERR(INVALID_WRITE);
	}
	if (lba + nlb > zend(z, zn))
		return ZNS_ERR(BOUNDARY_ERROR);
	ret = open_room(z, zn);
	if (ret)
		return ret;
	*slba = lba;
	return 0;
}

void emu_zones_write_commit(struct emu_zones *z, __u64 slba, __u32 nlb)
{
	struct zone *zn;
	__u64 end, lim, n;

	if (!nlb || slba >= z->nsze)
		return;
	zn = zone_at(z, slba);
	if (write_state(zn->state))
		return;
	if (!is_open(zn->state)) {
		make_room(z, zn);
		emu_zone_set(z, zn, NVME_ZNS_ZS_IMPL_OPEN);
	}
	end = slba + nlb;
	if (!(zn->attrs & NVME_ZNS_ZA_ZRWAV)) {
		if (end > zn->wp)
			advance(z, zn, end - zn->wp);
		return;
	}
	/* Past the ZRWA: flush whole granules so that the write fits. */
	lim = zn->wp + z->zrwas;
	if (end > lim) {
		n = (end - lim + z->zrwafg - 1) / z->zrwafg * z->zrwafg;
		advance(z, zn, n);
	}
}

int emu_zones_read_check(struct emu_zones *z, __u64 slba, __u32 nlb)
{
	__u64 first, last;

	if (slba >= z->nsze || nlb > z->nsze - slba)
		return EMU_LBA_RANGE;
	first = slba / z->zsze;
	last = nlb ? (slba + nlb - 1) / z->zsze : first;
	if (z->z[first].state == NVME_ZNS_ZS_OFFLINE)
		return ZNS_ERR(OFFLINE);
	if (first != last && !z->read_across)
		return ZNS_ERR(BOUNDARY_ERROR);
	for (__u64 i = first + 1; i <= last; i++)
		if (z->z[i].state == NVME_ZNS_ZS_OFFLINE)
			return ZNS_ERR(OFFLINE);
	return 0;
}

/* ------------------------------------------------ zone management send */

static int do_close(struct emu_zones *z, struct zone *zn)
{
	if (is_open(zn->state))
		emu_zone_set(z, zn, NVME_ZNS_ZS_CLOSED);
	else if (zn->state != NVME_ZNS_ZS_CLOSED)
		return ZNS_ERR(INVAL_TRANSITION);
	return 0;
}

static int do_finish(struct emu_zones *z, struct zone *zn)
{
	if (zn->state == NVME_ZNS_ZS_EMPTY || is_active(zn->state))
		emu_zone_set(z, zn, NVME_ZNS_ZS_FULL);
	else if (zn->state != NVME_ZNS_ZS_FULL)
		return ZNS_ERR(INVAL_TRANSITION);
	return 0;
}

static int do_open(struct emu_zones *z, struct zone *zn, bool zrwaa)
{
	int ret;

	if (zrwaa) {
		if (!z->zrwas)
			return ZNS_ERR(INVALID_OP_REQUEST);
		/* A ZRWA is allocated to an empty zone only. */
		if (zn->state != NVME_ZNS_ZS_EMPTY)
			return ZNS_ERR(INVALID_OP_REQUEST);
		if (z->nr_zrwa_used >= z->nr_zrwa)
			return ZNS_ERR(ZRWA_RESOURCES_UNAVAILABLE);
	}
	if (zn->state == NVME_ZNS_ZS_EXPL_OPEN)
		return 0;
	if (zn->state != NVME_ZNS_ZS_EMPTY && !is_active(zn->state))
		return ZNS_ERR(INVAL_TRANSITION);
	ret = open_room(z, zn);
	if (ret)
		return ret;
	make_room(z, zn);
	emu_zone_set(z, zn, NVME_ZNS_ZS_EXPL_OPEN);
	if (zrwaa) {
		zn->attrs |= NVME_ZNS_ZA_ZRWAV;
		z->nr_zrwa_used++;
	}
	return 0;
}

/* Reset and offline: the zone's blocks are deallocated, its extension
 * dropped. */
static void wipe(struct emu_zones *z, struct zone *zn,
		 void (*zero)(void *, __u64, __u64), void *ctx)
{
	__u64 s = zslba(z, zn);

	if (zero)
		zero(ctx, s, z->zsze);
	zn->attrs &= ~NVME_ZNS_ZA_ZDEV;
	if (z->zdes)
		memset(z->zde + (size_t)(zn - z->z) * z->zdes, 0, z->zdes);
	zn->wp = s;
}

static int do_reset(struct emu_zones *z, struct zone *zn,
		    void (*zero)(void *, __u64, __u64), void *ctx)
{
	if (zn->state == NVME_ZNS_ZS_EMPTY)
		return 0;
	if (!is_active(zn->state) && zn->state != NVME_ZNS_ZS_FULL)
		return ZNS_ERR(INVAL_TRANSITION);
	emu_zone_set(z, zn, NVME_ZNS_ZS_EMPTY);
	wipe(z, zn, zero, ctx);
	return 0;
}

static int do_offline(struct emu_zones *z, struct zone *zn,
		      void (*zero)(void *, __u64, __u64), void *ctx)
{
	if (zn->state == NVME_ZNS_ZS_OFFLINE)
		return 0;
	if (zn->state != NVME_ZNS_ZS_READ_ONLY)
		return ZNS_ERR(INVAL_TRANSITION);
	emu_zone_set(z, zn, NVME_ZNS_ZS_OFFLINE);
	wipe(z, zn, zero, ctx);
	return 0;
}

/* An empty zone with an extension is active: closed, until reset. */
static int do_set_zde(struct emu_zones *z, struct zone *zn, const void *data,
		      size_t len)
{
	if (!z->zdes || !data || !len)
		return EMU_INVALID_FIELD;
	if (len < z->zdes)
		return EMU_SGL_LEN;
	if (zn->state != NVME_ZNS_ZS_EMPTY)
		return ZNS_ERR(INVAL_TRANSITION);
	if (z->max_active && z->nr_active >= z->max_active)
		return ZNS_ERR(TOO_MANY_ACTIVE);
	memcpy(z->zde + (size_t)(zn - z->z) * z->zdes, data, z->zdes);
	zn->attrs |= NVME_ZNS_ZA_ZDEV;
	emu_zone_set(z, zn, NVME_ZNS_ZS_CLOSED);
	return 0;
}

/* elba: the last LBA to flush; the write pointer moves past it. */
static int do_zrwa_flush(struct emu_zones *z, struct zone *zn, __u64 elba)
{
	__u64 n, end = zend(z, zn);
	int ret;

	if (!(zn->attrs & NVME_ZNS_ZA_ZRWAV))
		return ZNS_ERR(INVALID_OP_REQUEST);
	if (elba < zn->wp || elba - zn->wp >= z->zrwas || elba >= end)
		return ZNS_ERR(BOUNDARY_ERROR);
	n = elba - zn->wp + 1;
	/* Whole granules, but for the last one before the capacity. */
	if (n % z->zrwafg && elba + 1 != end)
		return EMU_INVALID_FIELD;
	/* Committing blocks of a closed zone opens it, as a write does. */
	ret = open_room(z, zn);
	if (ret)
		return ret;
	if (!is_open(zn->state)) {
		make_room(z, zn);
		emu_zone_set(z, zn, NVME_ZNS_ZS_IMPL_OPEN);
	}
	advance(z, zn, n);
	return 0;
}

/* Open with Select All: every closed zone, or none. */
static int open_all(struct emu_zones *z)
{
	__u32 closed = z->nr_active - z->nr_open;

	if (z->max_open && z->nr_open + closed > z->max_open)
		return ZNS_ERR(TOO_MANY_OPENS);
	for (__u32 i = 0; i < z->nr; i++)
		if (z->z[i].state == NVME_ZNS_ZS_CLOSED)
			emu_zone_set(z, &z->z[i], NVME_ZNS_ZS_EXPL_OPEN);
	return 0;
}

/* Whether Select All applies zsa to a zone in state st. */
static bool all_selects(__u8 zsa, __u8 st)
{
	switch (zsa) {
	case NVME_ZNS_ZSA_CLOSE:
		return is_open(st);
	case NVME_ZNS_ZSA_FINISH:
		return is_active(st);
	case NVME_ZNS_ZSA_RESET:
		return is_active(st) || st == NVME_ZNS_ZS_FULL;
	case NVME_ZNS_ZSA_OFFLINE:
		return st == NVME_ZNS_ZS_READ_ONLY;
	}
	return false;
}

static int one_zone(struct emu_zones *z, struct zone *zn, __u8 zsa,
		    bool zrwaa, void (*zero)(void *, __u64, __u64), void *ctx)
{
	switch (zsa) {
	case NVME_ZNS_ZSA_CLOSE:
		return do_close(z, zn);
	case NVME_ZNS_ZSA_FINISH:
		return do_finish(z, zn);
	case NVME_ZNS_ZSA_OPEN:
		return do_open(z, zn, zrwaa);
	case NVME_ZNS_ZSA_RESET:
		return do_reset(z, zn, zero, ctx);
	case NVME_ZNS_ZSA_OFFLINE:
		return do_offline(z, zn, zero, ctx);
	}
	return EMU_INVALID_FIELD;
}

static int send_all(struct emu_zones *z, __u8 zsa,
		    void (*zero)(void *, __u64, __u64), void *ctx)
{
	if (zsa == NVME_ZNS_ZSA_OPEN)
		return open_all(z);
	/* Close, finish, reset and offline of a selected zone cannot fail. */
	for (__u32 i = 0; i < z->nr; i++)
		if (all_selects(zsa, z->z[i].state))
			one_zone(z, &z->z[i], zsa, false, zero, ctx);
	return 0;
}

int emu_zones_mgmt_send(struct emu_zones *z, const struct nvme_uring_cmd *cmd,
			const void *data, size_t len,
			void (*zero)(void *ctx, __u64 slba, __u64 nlb),
			void *ctx)
{
	__u64 slba = cmd->cdw10 | (__u64)cmd->cdw11 << 32;
	__u8 zsa = cmd->cdw13 & 0xff;
	bool all = cmd->cdw13 & ZSA_ALL, zrwaa = cmd->cdw13 & ZSA_ZRWAA;
	struct zone *zn;

	switch (zsa) {
	case NVME_ZNS_ZSA_CLOSE:
	case NVME_ZNS_ZSA_FINISH:
	case NVME_ZNS_ZSA_OPEN:
	case NVME_ZNS_ZSA_RESET:
	case NVME_ZNS_ZSA_OFFLINE:
		break;
	case NVME_ZNS_ZSA_SET_DESC_EXT:
	case NVME_ZNS_ZSA_ZRWA_FLUSH:
		/* Each names one zone. */
		if (all)
			return EMU_INVALID_FIELD;
		break;
	default:
		return EMU_INVALID_FIELD;
	}
	/* ZRWAA allocates for one zone being opened. */
	if (zrwaa && (zsa != NVME_ZNS_ZSA_OPEN || all))
		return EMU_INVALID_FIELD;
	if (all)
		return send_all(z, zsa, zero, ctx);
	if (slba >= z->nsze)
		return EMU_LBA_RANGE;
	zn = zone_at(z, slba);
	if (zsa == NVME_ZNS_ZSA_ZRWA_FLUSH)
		return z->zrwas ? do_zrwa_flush(z, zn, slba)
				: ZNS_ERR(INVALID_OP_REQUEST);
	if (slba != zslba(z, zn))
		return EMU_INVALID_FIELD;
	if (zsa == NVME_ZNS_ZSA_SET_DESC_EXT)
		return do_set_zde(z, zn, data, len);
	return one_zone(z, zn, zsa, zrwaa, zero, ctx);
}

/* --------------------------------------------- zone management receive */
