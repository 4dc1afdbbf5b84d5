// SPDX-License-Identifier: MIT
/*
 * Zoned namespaces through libngio on the real kernel path: the zone
 * limits read at open, every zone state transition the device allows and
 * the exact status of the ones it refuses, write pointer rules, zone
 * append at queue depth 64 with every block accounted for and read back,
 * the write-pointer table, reset and what reads of reset blocks return,
 * reports (paging, state filter, partial, extended), select-all, and
 * zone random write areas (writes in any order inside one, explicit and
 * implicit commits, resources, the statuses of what they refuse).
 *
 * Synchronous calls (ngio_zone_report, ngio_zone_mgmt) and the builders
 * on a queue (ngio_cmd_zone_*) are both used; the state machine runs once
 * each way.  Every test resets the zones it uses first.  Where QEMU 7.2
 * does something the ZNS spec leaves open, or differs from it, the
 * assertion is what QEMU does and a comment says so.
 *
 * usage: api_zns NG_NODE BLK_NODE ZONE_SIZE ZONE_CAP ZONES MAX_OPEN
 *                MAX_ACTIVE ZRWA_SIZE ZRWA_FG NUM_ZRWA [NON_ZONED_NG]
 *                (prints TAP)
 * Sizes in blocks, limits 0 for none (ZRWA 0 0 0: no zone random write
 * areas): the zoned rows of layout.sh.
 */
#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ngio.h"
#include "tap.h"

#define QDEPTH		64
#define MAX_ZONES	64

/* Zones the tests use (each resets its own first). */
enum {
	Z_SYNC = 0,	/* state machine, synchronous calls */
	Z_QUEUE = 1,	/* state machine, builders on the queue */
	Z_APPEND = 2,	/* append at QD 64 into one zone */
	Z_MULTI = 3,	/* 3..6: append into several zones at once */
	Z_ERR = 8,	/* write errors */
	Z_ERR2 = 9,
	Z_RESET = 10,	/* reset and reads */
	Z_LIM = 11,	/* 11..15: open and active limits */
	Z_ZRWA = 12,	/* 12..14: zone random write areas */
};

struct t {
	struct ngio_dev *dev;
	const struct ngio_geometry *g;
	const struct ngio_zoned *z;
	struct ngio_queue *q;
	struct ngio_qdev *qd;
	__u32 bs;
	__u64 zsze, zcap, nz;
	unsigned mo, ma;
	unsigned zrwas, zrwafg, nzrwa;	/* ZRWA size, flush unit, resources */
	__u64 run;		/* per run, in every stamp */
	unsigned char *buf;	/* scratch, one zone's capacity */
};

/* ------------------------------------------------------------ helpers */


static bool is_zns(int res, unsigned sc)
{
	return is_status(res, NVME_SCT_CMD_SPECIFIC, sc);
}

static const char *st(int res)
{
	static char bufs[4][96];
	static unsigned n;
	char *b = bufs[n++ % 4];

	return ngio_status_str(res, b, sizeof(bufs[0]));
}

/* One block's stamp: every 8-byte word derived from tag and its index. */
static void stamp(void *blk, __u32 bs, __u64 tag)
{
	__u64 *w = blk;

	for (__u32 k = 0; k < bs / 8; k++)
		w[k] = tag * 0x9e3779b97f4a7c15ULL + k;
}

static bool stamped(const void *blk, __u32 bs, __u64 tag)
{
	const __u64 *w = blk;

	for (__u32 k = 0; k < bs / 8; k++)
		if (w[k] != tag * 0x9e3779b97f4a7c15ULL + k)
			return false;
	return true;
}

static __u64 zslba(const struct t *t, __u64 idx)
{
	return idx * t->zsze;
}

/* Queue one command and wait: its res, or the queue's -errno. */
static int q_run(struct t *t, const struct nvme_uring_cmd *cmd,
		 __u64 *result)
{
	return tap_queue_run(t->q, t->qd, cmd, 0, result);
}

/* Zone Management Send on zone idx, synchronous or on the queue. */
static int zmgmt(struct t *t, bool queue, __u64 idx,
		 enum nvme_zns_send_action zsa, unsigned flags)
{
	struct nvme_uring_cmd cmd;
	int ret;

	if (!queue)
		return ngio_zone_mgmt(t->dev, zslba(t, idx), zsa, flags,
				      NULL, 0);
	ret = ngio_cmd_zone_mgmt_send(&cmd, t->g, zslba(t, idx), zsa, flags,
				      NULL, 0);
	return ret ? ret : q_run(t, &cmd, NULL);
}

/* Zone idx as the device reports it (one descriptor). */
static int zget(struct t *t, __u64 idx, struct ngio_zone *z)
{
	unsigned nr = 0;
	int ret;

	memset(z, 0xa5, sizeof(*z));
	ret = ngio_zone_report(t->dev, zslba(t, idx),
			       NVME_ZNS_ZRAS_REPORT_ALL, z, 1, &nr);
	if (ret)
		return ret;
	if (nr != 1 || z->start != zslba(t, idx))
		return -EBADMSG;
	return 0;
}

/*
 * Zone idx is in state, with its write pointer wpoff blocks past its
 * start (not checked for FULL, READ ONLY and OFFLINE, where the spec
 * says the write pointer is not valid; QEMU reports all ones there).
 * desc gets the state and write pointer for the TAP line.
 */
static bool zis(struct t *t, __u64 idx, __u8 state, __u64 wpoff,
		char *desc, size_t len)
{
	struct ngio_zone z;
	int ret = zget(t, idx, &z);
	bool wp_valid = state != NVME_ZNS_ZS_FULL &&
			state != NVME_ZNS_ZS_READ_ONLY &&
			state != NVME_ZNS_ZS_OFFLINE;

	if (ret) {
		snprintf(desc, len, "report: %s", st(ret));
		return false;
	}
	if (wp_valid)
		snprintf(desc, len, "%s, wp +%lld",
			 ngio_zone_state_name(z.state),
			 (long long)(z.wp - z.start));
	else
		snprintf(desc, len, "%s, wp %#llx",
			 ngio_zone_state_name(z.state),
			 (unsigned long long)z.wp);
	return z.state == state && (!wp_valid || z.wp == z.start + wpoff);
}

/* Write or append nlb stamped blocks (tags tag..tag+nlb-1) on the queue. */
static int zwrite(struct t *t, bool append, __u64 lba, __u32 nlb,
		  __u64 tag, __u64 *result)
{
	struct nvme_uring_cmd cmd;
	int ret;

	for (__u32 i = 0; i < nlb; i++)
		stamp(t->buf + (size_t)i * t->bs, t->bs, tag + i);
	if (append)
		ret = ngio_cmd_zone_append(&cmd, t->g, lba, t->buf,
					   nlb * t->bs, 0);
	else
		ret = ngio_cmd_write(&cmd, t->g, lba, t->buf, nlb * t->bs, 0);
	return ret ? ret : q_run(t, &cmd, result);
}

/* Write zeroes over nlb blocks at lba: moves the write pointer, no data. */
static int zfill(struct t *t, __u64 lba, __u32 nlb)
{
	struct nvme_uring_cmd cmd;
	int ret = ngio_cmd_write_zeroes(&cmd, t->g, lba, nlb, 0);

	return ret ? ret : q_run(t, &cmd, NULL);
}

static int reset_all(struct t *t)
{
	return ngio_zone_mgmt(t->dev, 0, NVME_ZNS_ZSA_RESET, NGIO_ZONE_ALL,
			      NULL, 0);
}

/* ------------------------------------------------------------- limits */

static void t_limits(struct t *t, const char *plain)
{
	struct ngio_zone zones[MAX_ZONES + 1];
	struct ngio_dev *nd;
	unsigned nr = 0;
	bool good;
	int ret;

	CHECK(t->z && t->z->zone_size == t->zsze && t->z->nr_zones == t->nz,
	      "ngio_dev_zoned: %llu zones of %llu blocks",
	      t->z ? (unsigned long long)t->z->nr_zones : 0,
	      t->z ? (unsigned long long)t->z->zone_size : 0);
	if (!t->z)
		return;
	CHECK(t->z->max_open == t->mo && t->z->max_active == t->ma,
	      "ngio_dev_zoned: max open %u, max active %u (0: no limit)",
	      t->z->max_open, t->z->max_active);
	CHECK(t->g->csi == NVME_CSI_ZNS, "geometry: command set is ZNS (%u)",
	      t->g->csi);
	/* QEMU's ZASL is 0: the limit is MDTS (7: 512 KiB of 4 KiB pages). */
	CHECK(t->z->zasl >= t->bs && t->z->zasl % t->bs == 0 &&
	      t->z->zasl <= t->g->max_xfer,
	      "zone append size limit %u bytes, whole blocks, within "
	      "max_xfer %u", t->z->zasl, t->g->max_xfer);
	CHECK(!t->z->variable_cap, "fixed zone capacity (QEMU's)");
	if (t->zrwas)
		CHECK(t->z->zrwa && t->z->zrwa_size == t->zrwas &&
		      t->z->zrwa_flush == t->zrwafg &&
		      t->z->zrwa_explicit_flush,
		      "zone random write areas: %u blocks, flushed in units "
		      "of %u, explicit flush supported (as configured)",
		      t->z->zrwa_size, t->z->zrwa_flush);
	else
		CHECK(!t->z->zrwa && !t->z->zrwa_size && !t->z->zrwa_flush &&
		      !t->z->zrwa_explicit_flush,
		      "no zone random write areas (as configured)");
	DIAG("zde_size %u, zasl %u, zrwa %d", t->z->zde_size, t->z->zasl,
	     t->z->zrwa);

	ret = ngio_zone_report(t->dev, 0, NVME_ZNS_ZRAS_REPORT_ALL, zones,
			       MAX_ZONES + 1, &nr);
	good = ret == 0 && nr == t->nz;
	for (unsigned i = 0; good && i < nr; i++)
		good = zones[i].start == zslba(t, i) &&
		       zones[i].cap == t->zcap &&
		       zones[i].type == NVME_ZONE_TYPE_SEQWRITE_REQ;
	CHECK(good, "report of every zone: %u zones, start i x %llu, "
	      "capacity %llu, sequential write required (%s)", nr,
	      (unsigned long long)t->zsze, (unsigned long long)t->zcap,
	      st(ret));

	CHECK(!strcmp(ngio_zone_state_name(NVME_ZNS_ZS_EMPTY), "EMPTY") &&
	      !strcmp(ngio_zone_state_name(NVME_ZNS_ZS_IMPL_OPEN),
		      "IMP_OPENED") &&
	      !strcmp(ngio_zone_state_name(NVME_ZNS_ZS_EXPL_OPEN),
		      "EXP_OPENED") &&
	      !strcmp(ngio_zone_state_name(NVME_ZNS_ZS_CLOSED), "CLOSED") &&
	      !strcmp(ngio_zone_state_name(NVME_ZNS_ZS_READ_ONLY),
		      "READONLY") &&
	      !strcmp(ngio_zone_state_name(NVME_ZNS_ZS_FULL), "FULL") &&
	      !strcmp(ngio_zone_state_name(NVME_ZNS_ZS_OFFLINE), "OFFLINE"),
	      "ngio_zone_state_name: nvme-cli's names");

	if (!plain) {
		SKIP("no non-zoned namespace given",
		     "ngio_dev_zoned of a non-zoned namespace");
		return;
	}
	ret = ngio_dev_open(plain, 0, &nd);
	CHECK(ret == 0, "open non-zoned %s (%s)", plain, st(ret));
	if (ret)
		return;
	CHECK(ngio_dev_zoned(nd) == NULL,
	      "ngio_dev_zoned of a non-zoned namespace is NULL");
	ret = ngio_zone_report(nd, 0, NVME_ZNS_ZRAS_REPORT_ALL, zones, 1, &nr);
	CHECK(ret == -EINVAL, "ngio_zone_report on it is -EINVAL (%s)",
	      st(ret));
	ret = ngio_zone_mgmt(nd, 0, NVME_ZNS_ZSA_RESET, NGIO_ZONE_ALL, NULL,
			     0);
	/* Sent as it is: the device refuses the ZNS opcode. */
	CHECK(is_status(ret, NVME_SCT_GENERIC, NVME_SC_INVALID_OPCODE),
	      "ngio_zone_mgmt on it: the device answers Invalid Command "
	      "Opcode (%s)", st(ret));
	ngio_dev_close(nd);
}

/* ------------------------------------------------------ state machine */

/*
 * Every transition the spec allows between Empty, Implicitly Opened,
 * Explicitly Opened, Closed and Full, each checked by a report; via the
 * synchronous calls or the builders on the queue.
 */
static void t_states(struct t *t, bool queue, __u64 idx)
{
	const char *how = queue ? "queue" : "sync";
	__u64 s = zslba(t, idx);
	char d[96];
	int ret;

	ret = zmgmt(t, queue, idx, NVME_ZNS_ZSA_RESET, 0);
	CHECK(ret == 0 && zis(t, idx, NVME_ZNS_ZS_EMPTY, 0, d, sizeof(d)),
	      "%s: reset: Empty, wp at the zone start (%s; %s)", how, d,
	      st(ret));
	ret = zwrite(t, false, s, 1, 1, NULL);
	CHECK(ret == 0 && zis(t, idx, NVME_ZNS_ZS_IMPL_OPEN, 1, d, sizeof(d)),
	      "%s: Empty -> Implicitly Opened by a write (%s; %s)", how, d,
	      st(ret));
	ret = zmgmt(t, queue, idx, NVME_ZNS_ZSA_CLOSE, 0);
	CHECK(ret == 0 && zis(t, idx, NVME_ZNS_ZS_CLOSED, 1, d, sizeof(d)),
	      "%s: Implicitly Opened -> Closed by close (%s; %s)", how, d,
	      st(ret));
	ret = zmgmt(t, queue, idx, NVME_ZNS_ZSA_CLOSE, 0);
	CHECK(ret == 0 && zis(t, idx, NVME_ZNS_ZS_CLOSED, 1, d, sizeof(d)),
	      "%s: close of a Closed zone succeeds, stays Closed (%s; %s)",
	      how, d, st(ret));
	ret = zwrite(t, false, s + 1, 2, 2, NULL);
	CHECK(ret == 0 && zis(t, idx, NVME_ZNS_ZS_IMPL_OPEN, 3, d, sizeof(d)),
	      "%s: Closed -> Implicitly Opened by a write (%s; %s)", how, d,
	      st(ret));
	ret = zmgmt(t, queue, idx, NVME_ZNS_ZSA_OPEN, 0);
	CHECK(ret == 0 && zis(t, idx, NVME_ZNS_ZS_EXPL_OPEN, 3, d, sizeof(d)),
	      "%s: Implicitly -> Explicitly Opened by open (%s; %s)", how, d,
	      st(ret));
	ret = zmgmt(t, queue, idx, NVME_ZNS_ZSA_OPEN, 0);
	CHECK(ret == 0 && zis(t, idx, NVME_ZNS_ZS_EXPL_OPEN, 3, d, sizeof(d)),
	      "%s: open of an Explicitly Opened zone succeeds, no change "
	      "(%s; %s)", how, d, st(ret));
	ret = zwrite(t, false, s + 3, 1, 4, NULL);
	CHECK(ret == 0 && zis(t, idx, NVME_ZNS_ZS_EXPL_OPEN, 4, d, sizeof(d)),
	      "%s: a write keeps it Explicitly Opened (%s; %s)", how, d,
	      st(ret));
	ret = zmgmt(t, queue, idx, NVME_ZNS_ZSA_CLOSE, 0);
	CHECK(ret == 0 && zis(t, idx, NVME_ZNS_ZS_CLOSED, 4, d, sizeof(d)),
	      "%s: Explicitly Opened -> Closed by close (%s; %s)", how, d,
	      st(ret));
	ret = zmgmt(t, queue, idx, NVME_ZNS_ZSA_OPEN, 0);
	CHECK(ret == 0 && zis(t, idx, NVME_ZNS_ZS_EXPL_OPEN, 4, d, sizeof(d)),
	      "%s: Closed -> Explicitly Opened by open (%s; %s)", how, d,
	      st(ret));
	ret = zmgmt(t, queue, idx, NVME_ZNS_ZSA_FINISH, 0);
	CHECK(ret == 0 && zis(t, idx, NVME_ZNS_ZS_FULL, 0, d, sizeof(d)),
	      "%s: Explicitly Opened -> Full by finish (%s; %s)", how, d,
	      st(ret));
	ret = zmgmt(t, queue, idx, NVME_ZNS_ZSA_FINISH, 0);
	CHECK(ret == 0 && zis(t, idx, NVME_ZNS_ZS_FULL, 0, d, sizeof(d)),
	      "%s: finish of a Full zone succeeds, stays Full (%s; %s)", how,
	      d, st(ret));
	ret = zmgmt(t, queue, idx, NVME_ZNS_ZSA_RESET, 0);
	CHECK(ret == 0 && zis(t, idx, NVME_ZNS_ZS_EMPTY, 0, d, sizeof(d)),
	      "%s: Full -> Empty by reset (%s; %s)", how, d, st(ret));
	ret = zmgmt(t, queue, idx, NVME_ZNS_ZSA_RESET, 0);
	CHECK(ret == 0 && zis(t, idx, NVME_ZNS_ZS_EMPTY, 0, d, sizeof(d)),
	      "%s: reset of an Empty zone succeeds, stays Empty (%s; %s)",
	      how, d, st(ret));
	ret = zmgmt(t, queue, idx, NVME_ZNS_ZSA_OPEN, 0);
	CHECK(ret == 0 && zis(t, idx, NVME_ZNS_ZS_EXPL_OPEN, 0, d, sizeof(d)),
	      "%s: Empty -> Explicitly Opened by open (%s; %s)", how, d,
	      st(ret));
	/*
	 * Closing an opened zone whose write pointer is still at its start:
	 * QEMU 7.2 makes it Closed (and keeps it active).  ZBC, and Linux's
	 * null_blk after it, make such a zone Empty; asserted as QEMU does.
	 */
	ret = zmgmt(t, queue, idx, NVME_ZNS_ZSA_CLOSE, 0);
	CHECK(ret == 0 && zis(t, idx, NVME_ZNS_ZS_CLOSED, 0, d, sizeof(d)),
	      "%s: close of an unwritten Explicitly Opened zone: Closed "
	      "(QEMU) (%s; %s)", how, d, st(ret));
	ret = zmgmt(t, queue, idx, NVME_ZNS_ZSA_FINISH, 0);
	CHECK(ret == 0 && zis(t, idx, NVME_ZNS_ZS_FULL, 0, d, sizeof(d)),
	      "%s: Closed -> Full by finish (%s; %s)", how, d, st(ret));
	ret = zmgmt(t, queue, idx, NVME_ZNS_ZSA_RESET, 0);
	ret = ret ? ret : zwrite(t, false, s, 1, 5, NULL);
	ret = ret ? ret : zmgmt(t, queue, idx, NVME_ZNS_ZSA_FINISH, 0);
	CHECK(ret == 0 && zis(t, idx, NVME_ZNS_ZS_FULL, 0, d, sizeof(d)),
	      "%s: Implicitly Opened -> Full by finish (%s; %s)", how, d,
	      st(ret));
	ret = zmgmt(t, queue, idx, NVME_ZNS_ZSA_RESET, 0);
	ret = ret ? ret : zmgmt(t, queue, idx, NVME_ZNS_ZSA_FINISH, 0);
	CHECK(ret == 0 && zis(t, idx, NVME_ZNS_ZS_FULL, 0, d, sizeof(d)),
	      "%s: Empty -> Full by finish (%s; %s)", how, d, st(ret));
	ret = zmgmt(t, queue, idx, NVME_ZNS_ZSA_RESET, 0);
	ret = ret ? ret : zwrite(t, false, s, 2, 6, NULL);
	ret = ret ? ret : zmgmt(t, queue, idx, NVME_ZNS_ZSA_RESET, 0);
	CHECK(ret == 0 && zis(t, idx, NVME_ZNS_ZS_EMPTY, 0, d, sizeof(d)),
	      "%s: Implicitly Opened -> Empty by reset (%s; %s)", how, d,
	      st(ret));
	ret = zwrite(t, false, s, 2, 7, NULL);
	ret = ret ? ret : zmgmt(t, queue, idx, NVME_ZNS_ZSA_CLOSE, 0);
	ret = ret ? ret : zmgmt(t, queue, idx, NVME_ZNS_ZSA_RESET, 0);
	CHECK(ret == 0 && zis(t, idx, NVME_ZNS_ZS_EMPTY, 0, d, sizeof(d)),
	      "%s: Closed -> Empty by reset (%s; %s)", how, d, st(ret));
	ret = zmgmt(t, queue, idx, NVME_ZNS_ZSA_OPEN, 0);
	ret = ret ? ret : zmgmt(t, queue, idx, NVME_ZNS_ZSA_RESET, 0);
	CHECK(ret == 0 && zis(t, idx, NVME_ZNS_ZS_EMPTY, 0, d, sizeof(d)),
	      "%s: Explicitly Opened -> Empty by reset (%s; %s)", how, d,
	      st(ret));
	/* Writing the zone's whole capacity makes it Full by itself. */
	ret = zfill(t, s, t->zcap);
	CHECK(ret == 0 && zis(t, idx, NVME_ZNS_ZS_FULL, 0, d, sizeof(d)),
	      "%s: writing the whole capacity makes it Full (%s; %s)", how, d,
	      st(ret));
	zmgmt(t, queue, idx, NVME_ZNS_ZSA_RESET, 0);
}

/*
 * The transitions the spec forbids, each with its exact status: Invalid
 * Zone State Transition, SCT 1 SC 0xbf (QEMU sets DNR).  Offline is
 * allowed only from Read Only, which QEMU 7.2 has no way to produce.
 */
static void t_forbidden(struct t *t, bool queue, __u64 idx)
{
	const char *how = queue ? "queue" : "sync";
	char d[96];
	int ret;

	zmgmt(t, queue, idx, NVME_ZNS_ZSA_RESET, 0);
	ret = zmgmt(t, queue, idx, NVME_ZNS_ZSA_CLOSE, 0);
	CHECK(is_zns(ret, NVME_SC_ZNS_INVAL_TRANSITION) &&
	      zis(t, idx, NVME_ZNS_ZS_EMPTY, 0, d, sizeof(d)),
	      "%s: close of an Empty zone: Invalid Zone State Transition, "
	      "stays Empty (%s; %s)", how, st(ret), d);
	ret = zmgmt(t, queue, idx, NVME_ZNS_ZSA_OFFLINE, 0);
	CHECK(is_zns(ret, NVME_SC_ZNS_INVAL_TRANSITION) &&
	      zis(t, idx, NVME_ZNS_ZS_EMPTY, 0, d, sizeof(d)),
	      "%s: offline of an Empty zone: Invalid Zone State Transition "
	      "(%s; %s)", how, st(ret), d);
	ret = zmgmt(t, queue, idx, NVME_ZNS_ZSA_OPEN, 0);
	ret = ret ? ret : zmgmt(t, queue, idx, NVME_ZNS_ZSA_OFFLINE, 0);
	CHECK(is_zns(ret, NVME_SC_ZNS_INVAL_TRANSITION) &&
	      zis(t, idx, NVME_ZNS_ZS_EXPL_OPEN, 0, d, sizeof(d)),
	      "%s: offline of an Explicitly Opened zone: Invalid Zone State "
	      "Transition (%s; %s)", how, st(ret), d);
	ret = zmgmt(t, queue, idx, NVME_ZNS_ZSA_FINISH, 0);
	CHECK(ret == 0, "%s: finish (%s)", how, st(ret));
	ret = zmgmt(t, queue, idx, NVME_ZNS_ZSA_OPEN, 0);
	CHECK(is_zns(ret, NVME_SC_ZNS_INVAL_TRANSITION) &&
	      ngio_status_dnr(ret) &&
	      zis(t, idx, NVME_ZNS_ZS_FULL, 0, d, sizeof(d)),
	      "%s: open of a Full zone: Invalid Zone State Transition, DNR, "
	      "stays Full (%s; %s)", how, st(ret), d);
	ret = zmgmt(t, queue, idx, NVME_ZNS_ZSA_CLOSE, 0);
	CHECK(is_zns(ret, NVME_SC_ZNS_INVAL_TRANSITION) &&
	      zis(t, idx, NVME_ZNS_ZS_FULL, 0, d, sizeof(d)),
	      "%s: close of a Full zone: Invalid Zone State Transition "
	      "(%s; %s)", how, st(ret), d);
	ret = zmgmt(t, queue, idx, NVME_ZNS_ZSA_OFFLINE, 0);
	CHECK(is_zns(ret, NVME_SC_ZNS_INVAL_TRANSITION) &&
	      zis(t, idx, NVME_ZNS_ZS_FULL, 0, d, sizeof(d)),
	      "%s: offline of a Full zone: Invalid Zone State Transition "
	      "(%s; %s)", how, st(ret), d);
	SKIP("QEMU 7.2 cannot make a zone Read Only",
	     "%s: Read Only -> Offline by offline", how);
	/* The zone's start LBA, nothing else: Invalid Field in Command. */
	if (!queue) {
		ret = ngio_zone_mgmt(t->dev, zslba(t, idx) + 1,
				     NVME_ZNS_ZSA_RESET, 0, NULL, 0);
		CHECK(is_status(ret, NVME_SCT_GENERIC, NVME_SC_INVALID_FIELD) &&
		      zis(t, idx, NVME_ZNS_ZS_FULL, 0, d, sizeof(d)),
		      "%s: reset at an LBA that is not a zone start: Invalid "
		      "Field in Command, nothing reset (%s; %s)", how, st(ret),
		      d);
	}
	zmgmt(t, queue, idx, NVME_ZNS_ZSA_RESET, 0);
}

/* ------------------------------------------------------- write errors */

static void t_write_errors(struct t *t)
{
	__u64 s = zslba(t, Z_ERR), s2 = zslba(t, Z_ERR2), res = 0;
	char d[96];
	int ret;

	zmgmt(t, false, Z_ERR, NVME_ZNS_ZSA_RESET, 0);
	zmgmt(t, false, Z_ERR2, NVME_ZNS_ZSA_RESET, 0);
	ret = zwrite(t, false, s + 5, 1, 1, NULL);
	CHECK(is_zns(ret, NVME_SC_ZNS_INVALID_WRITE) &&
	      zis(t, Z_ERR, NVME_ZNS_ZS_EMPTY, 0, d, sizeof(d)),
	      "write ahead of the write pointer: Zone Invalid Write, zone "
	      "untouched (%s; %s)", st(ret), d);
	ret = zwrite(t, false, s, 4, 1, NULL);
	CHECK(ret == 0, "write 4 blocks at the write pointer (%s)", st(ret));
	ret = zwrite(t, false, s + 2, 1, 1, NULL);
	CHECK(is_zns(ret, NVME_SC_ZNS_INVALID_WRITE) &&
	      zis(t, Z_ERR, NVME_ZNS_ZS_IMPL_OPEN, 4, d, sizeof(d)),
	      "write behind the write pointer: Zone Invalid Write (%s; %s)",
	      st(ret), d);
	ret = zwrite(t, false, s + 5, 1, 1, NULL);
	CHECK(is_zns(ret, NVME_SC_ZNS_INVALID_WRITE),
	      "write one block past the write pointer: Zone Invalid Write "
	      "(%s)", st(ret));

	/* The last block of the capacity: one fits, two cross it. */
	ret = zfill(t, s + 4, t->zcap - 5);
	CHECK(ret == 0 &&
	      zis(t, Z_ERR, NVME_ZNS_ZS_IMPL_OPEN, t->zcap - 1, d, sizeof(d)),
	      "write zeroes up to one block before the capacity (%s; %s)",
	      st(ret), d);
	ret = zwrite(t, false, s + t->zcap - 1, 2, 1, NULL);
	CHECK(is_zns(ret, NVME_SC_ZNS_BOUNDARY_ERROR),
	      "write of 2 blocks at the last writable block, crossing the "
	      "zone's capacity%s: Zone Boundary Error (%s)",
	      t->zcap == t->zsze ? " and the zone boundary" : "", st(ret));
	/* QEMU answers an append that does not fit like such a write. */
	ret = zwrite(t, true, s, 2, 1, NULL);
	CHECK(is_zns(ret, NVME_SC_ZNS_BOUNDARY_ERROR) &&
	      zis(t, Z_ERR, NVME_ZNS_ZS_IMPL_OPEN, t->zcap - 1, d, sizeof(d)),
	      "append of 2 blocks with 1 left: Zone Boundary Error, nothing "
	      "written (%s; %s)", st(ret), d);
	ret = zwrite(t, true, s, 1, 0x77, &res);
	CHECK(ret == 0 && res == s + t->zcap - 1 &&
	      zis(t, Z_ERR, NVME_ZNS_ZS_FULL, 0, d, sizeof(d)),
	      "append of the last block returns LBA +%lld and fills the zone "
	      "(%s; %s)", (long long)(res - s), st(ret), d);
	ret = zwrite(t, true, s, 1, 1, NULL);
	CHECK(is_zns(ret, NVME_SC_ZNS_FULL),
	      "append to a Full zone: Zone Is Full (%s)", st(ret));
	ret = zwrite(t, false, s + t->zcap - 1, 1, 1, NULL);
	CHECK(is_zns(ret, NVME_SC_ZNS_FULL),
	      "write to a Full zone: Zone Is Full (%s)", st(ret));
	memset(t->buf, 0, t->bs);
	ret = ngio_read(t->dev, s + t->zcap - 1, t->buf, t->bs, 0);
	CHECK(ret == 0 && stamped(t->buf, t->bs, 0x77),
	      "the refused writes left the appended block as it was (%s)",
	      st(ret));

	/* A zone append names the zone's first LBA, nothing else. */
	ret = zwrite(t, true, s2 + 1, 1, 1, NULL);
	CHECK(is_status(ret, NVME_SCT_GENERIC, NVME_SC_INVALID_FIELD) &&
	      zis(t, Z_ERR2, NVME_ZNS_ZS_EMPTY, 0, d, sizeof(d)),
	      "append to an LBA that is not a zone start: Invalid Field in "
	      "Command (%s; %s)", st(ret), d);
	/* Reads do not cross zones (QEMU: no cross-zone reads, RAZB 0). */
	ret = ngio_read(t->dev, s2 - 1, t->buf, 2 * t->bs, 0);
	CHECK(is_zns(ret, NVME_SC_ZNS_BOUNDARY_ERROR),
	      "read of 2 blocks across a zone boundary: Zone Boundary Error "
	      "(%s)", st(ret));
	if (t->zcap < t->zsze) {
		/* Between capacity and zone size: QEMU reads zeroes. */
		memset(t->buf, 0xee, t->bs);
		ret = ngio_read(t->dev, s2 - 1, t->buf, t->bs, 0);
		CHECK(ret == 0 && all_bytes(t->buf, t->bs, 0),
		      "read of a block past the capacity, inside the zone: "
		      "zeroes (%s)", st(ret));
	}
	zmgmt(t, false, Z_ERR, NVME_ZNS_ZSA_RESET, 0);
	zmgmt(t, false, Z_ERR2, NVME_ZNS_ZSA_RESET, 0);
}

/* --------------------------------------------- open and active limits */

static void t_open_limits(struct t *t)
{
	char d[96];
	bool good;
	int ret;

	reset_all(t);
	if (!t->mo || !t->ma) {
		/* No limits: more zones open at once than ZNS1 allows. */
		good = true;
		for (unsigned i = 0; i < 5; i++) {
			ret = zmgmt(t, false, Z_LIM + i, NVME_ZNS_ZSA_OPEN, 0);
			good = good && ret == 0 &&
			       zis(t, Z_LIM + i, NVME_ZNS_ZS_EXPL_OPEN, 0, d,
				   sizeof(d));
		}
		CHECK(good, "no open limit: 5 zones explicitly opened (%s)",
		      st(ret));
		SKIP("the namespace has no open or active limit",
		     "Too Many Open / Too Many Active Zones");
		reset_all(t);
		return;
	}
	/* Below: ZNS1 of layout.sh, max open 3 < max active 4. */
	good = true;
	for (unsigned i = 0; i < t->mo; i++)
		good = good && !zmgmt(t, false, Z_LIM + i, NVME_ZNS_ZSA_OPEN,
				      0);
	CHECK(good, "%u zones explicitly opened", t->mo);
	ret = zmgmt(t, false, Z_LIM + t->mo, NVME_ZNS_ZSA_OPEN, 0);
	CHECK(is_zns(ret, NVME_SC_ZNS_TOO_MANY_OPENS) &&
	      zis(t, Z_LIM + t->mo, NVME_ZNS_ZS_EMPTY, 0, d, sizeof(d)),
	      "opening one more: Too Many Open Zones (open limit %u reached "
	      "before active %u) (%s; %s)", t->mo, t->ma, st(ret), d);
	ret = zwrite(t, false, zslba(t, Z_LIM + t->mo), 1, 1, NULL);
	CHECK(is_zns(ret, NVME_SC_ZNS_TOO_MANY_OPENS),
	      "a write to another Empty zone: Too Many Open Zones (%s)",
	      st(ret));
	/* Close one: it stays active; the next open makes 4 active. */
	ret = zmgmt(t, false, Z_LIM + t->mo - 1, NVME_ZNS_ZSA_CLOSE, 0);
	ret = ret ? ret : zmgmt(t, false, Z_LIM + t->mo, NVME_ZNS_ZSA_OPEN, 0);
	CHECK(ret == 0, "close one, open another: %u open, %u active (%s)",
	      t->mo, t->mo + 1, st(ret));
	ret = zmgmt(t, false, Z_LIM + t->mo + 1, NVME_ZNS_ZSA_OPEN, 0);
	CHECK(is_zns(ret, NVME_SC_ZNS_TOO_MANY_ACTIVE) &&
	      zis(t, Z_LIM + t->mo + 1, NVME_ZNS_ZS_EMPTY, 0, d, sizeof(d)),
	      "opening one more: Too Many Active Zones (%s; %s)", st(ret), d);
	ret = zwrite(t, false, zslba(t, Z_LIM + t->mo + 1), 1, 1, NULL);
	CHECK(is_zns(ret, NVME_SC_ZNS_TOO_MANY_ACTIVE),
	      "a write to another Empty zone: Too Many Active Zones (%s)",
	      st(ret));
	/* Finishing one frees both an open and an active resource. */
	ret = zmgmt(t, false, Z_LIM, NVME_ZNS_ZSA_FINISH, 0);
	ret = ret ? ret : zmgmt(t, false, Z_LIM + t->mo + 1,
				NVME_ZNS_ZSA_OPEN, 0);
	CHECK(ret == 0, "after finishing one, the open succeeds (%s)",
	      st(ret));

	/*
	 * Implicitly opened zones: at the open limit, a write to another
	 * zone makes the controller close the oldest implicitly opened one
	 * (QEMU's auto transition; the spec lets the controller do so).
	 */
	reset_all(t);
	good = true;
	for (unsigned i = 0; i < t->mo; i++)
		good = good && !zwrite(t, false, zslba(t, Z_LIM + i), 1, 1,
				       NULL);
	ret = zwrite(t, false, zslba(t, Z_LIM + t->mo), 1, 1, NULL);
	CHECK(good && ret == 0 &&
	      zis(t, Z_LIM, NVME_ZNS_ZS_CLOSED, 1, d, sizeof(d)),
	      "%u implicitly opened, a write to one more succeeds and the "
	      "first is Closed (%s; %s)", t->mo, st(ret), d);
	reset_all(t);
}

/* -------------------------------------------------------- zone append */

struct slot {
	__u64 cmd;		/* the append's number, in its stamps */
	__u64 zone;
	__u64 reserved;		/* what ngio_wp_reserve handed out */
	__u32 nlb;
	unsigned char *buf;
};

/*
 * Fill zones first..first+n-1 to capacity with appends of 1 or 2
 * stamped blocks, QDEPTH in flight across them (round robin), blocks
 * reserved in a write-pointer table first and checked there on
 * completion.  Then every LBA returned must lie in its zone, every block
 * of every zone be returned exactly once, and read back as the append
 * that returned it wrote.
 */
static void t_append(struct t *t, __u64 first, unsigned n)
{
	const __u64 cap = t->zcap;
	struct slot slots[QDEPTH];
	struct ngio_cqe cqes[QDEPTH];
	__s64 *owner = calloc(n * cap, sizeof(*owner));
	unsigned char *rd = zalloc(cap * t->bs);
	unsigned free_slot[QDEPTH], nfree = QDEPTH, zone_rr = 0;
	unsigned bad_res = 0, outside = 0, twice = 0, wp_bad = 0, qerr = 0;
	unsigned gaps = 0, data_bad = 0, full = 0, maxq = 0;
	bool zone_done[MAX_ZONES] = { false };
	unsigned zones_left = n;
	struct ngio_wp *wp = NULL;
	__u64 cmds = 0, reserved;
	char name[48];
	int ret;

	snprintf(name, sizeof(name), "append x%u zone%s", n, n > 1 ? "s" : "");
	for (unsigned i = 0; i < n; i++)
		zmgmt(t, false, first + i, NVME_ZNS_ZSA_RESET, 0);
	ret = ngio_wp_new(t->dev, &wp);
	CHECK(ret == 0, "%s: write-pointer table from the device (%s)", name,
	      st(ret));
	if (ret)
		goto out;
	for (unsigned i = 0; i < QDEPTH; i++) {
		slots[i].buf = zalloc(2 * t->bs);
		free_slot[i] = i;
	}
	for (unsigned i = 0; i < n * cap; i++)
		owner[i] = -1;

	while (zones_left || ngio_queue_inflight(t->q)) {
		/* Queue until QDEPTH are in flight or every zone is full. */
		while (nfree && zones_left) {
			unsigned tries = 0;
			__u64 zi, lba;
			__u32 nlb = 1 + (cmds % 2);
			struct nvme_uring_cmd cmd;
			struct slot *s;

			while (zone_done[zone_rr % n] && tries++ < n)
				zone_rr++;
			zi = zone_rr++ % n;
			ret = ngio_wp_reserve(wp, first + zi, nlb, &lba);
			if (ret == -ENOSPC && nlb > 1) {
				nlb = 1;
				ret = ngio_wp_reserve(wp, first + zi, nlb,
						      &lba);
			}
			if (ret == -ENOSPC) {
				zone_done[zi] = true;
				zones_left--;
				full++;
				continue;
			}
			if (ret) {
				qerr++;
				zones_left = 0;
				break;
			}
			s = &slots[free_slot[--nfree]];
			s->cmd = cmds++;
			s->zone = zi;
			s->reserved = lba;
			s->nlb = nlb;
			for (__u32 b = 0; b < nlb; b++)
				stamp(s->buf + b * t->bs, t->bs,
				      t->run << 40 | s->cmd << 1 | b);
			ret = ngio_cmd_zone_append(&cmd, t->g,
						   zslba(t, first + zi), s->buf,
						   nlb * t->bs, 0);
			if (!ret)
				ret = ngio_queue_cmd(t->qd, &cmd, 0, -1,
						     s - slots);
			if (ret) {
				qerr++;
				free_slot[nfree++] = s - slots;
				zones_left = 0;
				break;
			}
		}
		if (ngio_queue_inflight(t->q) > maxq)
			maxq = ngio_queue_inflight(t->q);
		if (!ngio_queue_inflight(t->q))
			break;
		ret = ngio_queue_reap(t->q, cqes, QDEPTH, 1);
		if (ret < 0) {
			qerr++;
			break;
		}
		for (int c = 0; c < ret; c++) {
			struct slot *s = &slots[cqes[c].user_data];
			__u64 zs = zslba(t, first + s->zone);
			__u64 lba = cqes[c].result;

			free_slot[nfree++] = s - slots;
			if (cqes[c].res) {
				if (bad_res++ < 3)
					DIAG("append %llu: %s",
					     (unsigned long long)s->cmd,
					     st(cqes[c].res));
				continue;
			}
			if (lba < zs || lba + s->nlb > zs + cap) {
				if (outside++ < 3)
					DIAG("append %llu returned LBA %llu, "
					     "outside zone %llu",
					     (unsigned long long)s->cmd,
					     (unsigned long long)lba,
					     (unsigned long long)(first +
								  s->zone));
				continue;
			}
			if (ngio_wp_appended(wp, first + s->zone, lba, s->nlb))
				wp_bad++;
			for (__u32 b = 0; b < s->nlb; b++) {
				__s64 *o = &owner[s->zone * cap + lba - zs + b];

				if (*o >= 0)
					twice++;
				*o = (__s64)(s->cmd << 1 | b);
			}
		}
	}
	CHECK(!qerr && bad_res == 0 && full == n,
	      "%s: %llu appends of 1-2 blocks fill %u zone%s, all status 0, "
	      "until ngio_wp_reserve says -ENOSPC", name,
	      (unsigned long long)cmds, n, n > 1 ? "s" : "");
	CHECK(maxq == QDEPTH, "%s: %u appends in flight at once", name, maxq);
	CHECK(outside == 0, "%s: every returned LBA lies in its zone's "
	      "capacity", name);
	CHECK(twice == 0, "%s: no block returned twice", name);
	for (unsigned i = 0; i < n * cap; i++)
		gaps += owner[i] < 0;
	CHECK(gaps == 0, "%s: no gap: the LBAs returned are exactly "
	      "zslba..zslba+cap-1 of every zone (%u missing)", name, gaps);
	CHECK(wp_bad == 0, "%s: ngio_wp_appended accepts every returned "
	      "range (%u refused)", name, wp_bad);

	for (unsigned i = 0; i < n; i++) {
		char d[96];

		ret = ngio_read(t->dev, zslba(t, first + i), rd,
				cap * t->bs, 0);
		if (ret) {
			data_bad++;
			DIAG("read zone %llu: %s",
			     (unsigned long long)(first + i), st(ret));
			continue;
		}
		for (__u64 b = 0; b < cap; b++) {
			__s64 o = owner[i * cap + b];

			if (o < 0 || !stamped(rd + b * t->bs, t->bs,
					      t->run << 40 | (__u64)o)) {
				if (data_bad++ < 3)
					DIAG("zone %llu block %llu does not "
					     "hold what its append wrote",
					     (unsigned long long)(first + i),
					     (unsigned long long)b);
			}
		}
		if (!zis(t, first + i, NVME_ZNS_ZS_FULL, 0, d, sizeof(d)))
			data_bad++;
	}
	CHECK(data_bad == 0, "%s: every block reads back as the append that "
	      "returned its LBA wrote; every zone Full", name);

	/* The table refuses forged completions. */
	ret = ngio_wp_reserve(wp, first, 1, &reserved);
	CHECK(ret == -ENOSPC, "%s: ngio_wp_reserve on a full zone: -ENOSPC "
	      "(%s)", name, st(ret));
	ret = ngio_wp_appended(wp, first, zslba(t, first) + 5, 1);
	CHECK(ret == -ERANGE, "%s: ngio_wp_appended of an LBA returned "
	      "before: -ERANGE (%s)", name, st(ret));
	ret = ngio_wp_appended(wp, first, zslba(t, first + 1), 1);
	CHECK(ret == -ERANGE, "%s: ngio_wp_appended of an LBA outside the "
	      "zone: -ERANGE (%s)", name, st(ret));
	ret = ngio_wp_reserve(wp, t->nz, 1, &reserved);
	CHECK(ret == -EINVAL, "%s: ngio_wp_reserve of zone %llu (past the "
	      "last): -EINVAL (%s)", name, (unsigned long long)t->nz,
	      st(ret));

	for (unsigned i = 0; i < QDEPTH; i++)
		free(slots[i].buf);
out:
	for (unsigned i = 0; i < n; i++)
		zmgmt(t, false, first + i, NVME_ZNS_ZSA_RESET, 0);
	ngio_wp_free(wp);
	free(owner);
	free(rd);
}

/* The write-pointer table on its own: reserve, reset, reload. */
static void t_wp_table(struct t *t)
{
	struct ngio_zone z;
	struct ngio_wp *wp;
	__u64 lba = 0, a, b;
	int ret;

	zmgmt(t, false, Z_APPEND, NVME_ZNS_ZSA_RESET, 0);
	ret = zwrite(t, false, zslba(t, Z_APPEND), 3, 1, NULL);
	ret = ret ? ret : ngio_wp_new(t->dev, &wp);
	CHECK(ret == 0, "wp table: 3 blocks written, table loaded (%s)",
	      st(ret));
	if (ret)
		return;
	ret = ngio_wp_zone(wp, Z_APPEND, &z);
	CHECK(ret == 0 && z.start == zslba(t, Z_APPEND) &&
	      z.wp == z.start + 3 && z.cap == t->zcap,
	      "wp table: the zone's start, write pointer +3, capacity (%s)",
	      st(ret));
	ret = ngio_wp_reserve(wp, Z_APPEND, 4, &a);
	ret = ret ? ret : ngio_wp_reserve(wp, Z_APPEND, 2, &b);
	CHECK(ret == 0 && a == z.start + 3 && b == a + 4,
	      "wp table: reserves hand out consecutive blocks at the write "
	      "pointer (+%lld, +%lld)", (long long)(a - z.start),
	      (long long)(b - z.start));
	ret = zwrite(t, false, a, 4, 1, NULL);
	ret = ret ? ret : zwrite(t, false, b, 2, 1, NULL);
	CHECK(ret == 0, "wp table: writes at the reserved LBAs succeed (%s)",
	      st(ret));
	ret = ngio_wp_reserve(wp, Z_APPEND, t->zcap, &lba);
	CHECK(ret == -ENOSPC, "wp table: more than the capacity left: "
	      "-ENOSPC (%s)", st(ret));
	ret = ngio_wp_reserve(wp, Z_APPEND, 0, &lba);
	CHECK(ret == -EINVAL, "wp table: 0 blocks: -EINVAL (%s)", st(ret));
	ret = ngio_wp_appended(wp, Z_APPEND, b + 2, 1);
	CHECK(ret == -ERANGE, "wp table: an append result beyond the "
	      "reserved write pointer: -ERANGE (%s)", st(ret));
	zmgmt(t, false, Z_APPEND, NVME_ZNS_ZSA_RESET, 0);
	ngio_wp_reset(wp, Z_APPEND);
	ret = ngio_wp_zone(wp, Z_APPEND, &z);
	CHECK(ret == 0 && z.wp == z.start, "wp table: after ngio_wp_reset "
	      "the write pointer is the zone start (%s)", st(ret));
	ret = zwrite(t, false, zslba(t, Z_APPEND), 5, 1, NULL);
	ret = ret ? ret : ngio_wp_load(wp);
	ret = ret ? ret : ngio_wp_zone(wp, Z_APPEND, &z);
	CHECK(ret == 0 && z.wp == z.start + 5, "wp table: ngio_wp_load "
	      "reads the device's write pointer (+%lld) (%s)",
	      (long long)(z.wp - z.start), st(ret));
	ret = ngio_wp_zone(wp, t->nz, &z);
	CHECK(ret == -EINVAL, "wp table: zone %llu (past the last): -EINVAL "
	      "(%s)", (unsigned long long)t->nz, st(ret));
	ngio_wp_free(wp);
	zmgmt(t, false, Z_APPEND, NVME_ZNS_ZSA_RESET, 0);
}

/* -------------------------------------------------------------- reset */

static void t_reset(struct t *t)
{
	const __u32 nlb = 8;
	__u64 s = zslba(t, Z_RESET);
	__u8 dlfeat = ngio_dev_id_ns(t->dev)->dlfeat;
	bool good = true;
	char d[96];
	int ret;

	zmgmt(t, false, Z_RESET, NVME_ZNS_ZSA_RESET, 0);
	ret = zwrite(t, false, s, nlb, t->run << 8, NULL);
	ret = ret ? ret : ngio_read(t->dev, s, t->buf, nlb * t->bs, 0);
	for (__u32 i = 0; !ret && i < nlb; i++)
		good = good && stamped(t->buf + i * t->bs, t->bs,
				       (t->run << 8) + i);
	CHECK(ret == 0 && good, "reset: %u blocks written read back (%s)",
	      nlb, st(ret));
	ret = zmgmt(t, true, Z_RESET, NVME_ZNS_ZSA_RESET, 0);
	CHECK(ret == 0 && zis(t, Z_RESET, NVME_ZNS_ZS_EMPTY, 0, d, sizeof(d)),
	      "reset (queue): Empty, write pointer back at the zone start "
	      "(%s; %s)", st(ret), d);
	memset(t->buf, 0xee, nlb * t->bs);
	ret = ngio_read(t->dev, s, t->buf, nlb * t->bs, 0);
	DIAG("DLFEAT %#x", dlfeat);
	if ((dlfeat & 7) == 1)
		CHECK(ret == 0 && all_bytes(t->buf, nlb * t->bs, 0),
		      "reads of the reset blocks return zeroes (DLFEAT %u) "
		      "(%s)", dlfeat & 7, st(ret));
	else if ((dlfeat & 7) == 2)
		CHECK(ret == 0 && all_bytes(t->buf, nlb * t->bs, 0xff),
		      "reads of the reset blocks return 0xff (DLFEAT %u) "
		      "(%s)", dlfeat & 7, st(ret));
	else
		SKIP("DLFEAT does not say what deallocated blocks read as",
		     "data of the reset blocks (read: %s)", st(ret));
	ret = zwrite(t, false, s, 1, 9, NULL);
	CHECK(ret == 0, "the reset zone takes a write at its start again "
	      "(%s)", st(ret));
	zmgmt(t, false, Z_RESET, NVME_ZNS_ZSA_RESET, 0);
}

/* ------------------------------------------------------------ reports */

/* Zones in known states for the report tests: 1 and 3 Full, 4 Closed,
 * 5 Explicitly Opened, 6 Implicitly Opened, the rest Empty. */
/*
 * Every zone by ngio_zone_report_ext, in pages of 3 zones and in one
 * call: only zone idx has its extension valid, and it reads as ext.
 */
static int ext_report_all(struct t *t, __u64 idx, const unsigned char *ext)
{
	const __u32 zde = t->z->zde_size;
	struct ngio_zone zones[MAX_ZONES];
	unsigned char *buf = zalloc((size_t)MAX_ZONES * zde);
	unsigned nr = 0, got = 0;
	int ret = 0;

	/* Pages of 3, each starting after the last zone of the one before. */
	while (!ret && got < t->nz) {
		ret = ngio_zone_report_ext(t->dev, zslba(t, got),
					   NVME_ZNS_ZRAS_REPORT_ALL,
					   zones + got, buf + (size_t)got * zde,
					   3, &nr);
		if (!ret && !nr)
			ret = -EBADMSG;
		got += nr;
	}
	if (!ret) {
		memset(buf, 0, (size_t)MAX_ZONES * zde);
		ret = ngio_zone_report_ext(t->dev, 0, NVME_ZNS_ZRAS_REPORT_ALL,
					   zones, buf, MAX_ZONES, &nr);
	}
	if (!ret && (got != t->nz || nr != t->nz))
		ret = -EBADMSG;
	for (unsigned i = 0; !ret && i < nr; i++) {
		bool zdev = zones[i].attrs & NVME_ZNS_ZA_ZDEV;

		if (zones[i].start != zslba(t, i) || zdev != (i == idx) ||
		    (zdev && memcmp(buf + (size_t)i * zde, ext, zde)))
			ret = -EBADMSG;
	}
	free(buf);
	return ret;
}

static int report_setup(struct t *t)
{
	int ret = reset_all(t);

	ret = ret ? ret : zmgmt(t, false, 1, NVME_ZNS_ZSA_FINISH, 0);
	ret = ret ? ret : zmgmt(t, false, 3, NVME_ZNS_ZSA_FINISH, 0);
	ret = ret ? ret : zwrite(t, false, zslba(t, 4), 1, 1, NULL);
	ret = ret ? ret : zmgmt(t, false, 4, NVME_ZNS_ZSA_CLOSE, 0);
	ret = ret ? ret : zmgmt(t, false, 5, NVME_ZNS_ZSA_OPEN, 0);
	ret = ret ? ret : zwrite(t, false, zslba(t, 6), 2, 1, NULL);
	return ret;
}

/* Zone Management Receive through the builder on the queue. */
static int zrecv(struct t *t, __u64 slba, enum nvme_zns_report_options so,
		 unsigned flags, void *buf, __u32 len)
{
	struct nvme_uring_cmd cmd;
	int ret;

	memset(buf, 0xa5, len);
	ret = ngio_cmd_zone_mgmt_recv(&cmd, t->g, slba, so, flags, buf, len);
	return ret ? ret : q_run(t, &cmd, NULL);
}

static void t_reports(struct t *t)
{
	static const struct {
		enum nvme_zns_report_options so;
		__u8 state;
		const char *name;
		unsigned zones[2];	/* 0: none */
	} filt[] = {
		{ NVME_ZNS_ZRAS_REPORT_FULL, NVME_ZNS_ZS_FULL, "Full",
		  { 1, 3 } },
		{ NVME_ZNS_ZRAS_REPORT_CLOSED, NVME_ZNS_ZS_CLOSED, "Closed",
		  { 4 } },
		{ NVME_ZNS_ZRAS_REPORT_EXPL_OPENED, NVME_ZNS_ZS_EXPL_OPEN,
		  "Explicitly Opened", { 5 } },
		{ NVME_ZNS_ZRAS_REPORT_IMPL_OPENED, NVME_ZNS_ZS_IMPL_OPEN,
		  "Implicitly Opened", { 6 } },
		{ NVME_ZNS_ZRAS_REPORT_READ_ONLY, 0, "Read Only", { 0 } },
		{ NVME_ZNS_ZRAS_REPORT_OFFLINE, 0, "Offline", { 0 } },
	};
	struct ngio_zone zones[MAX_ZONES + 1], page[5];
	unsigned char *rbuf = zalloc(4096);
	struct nvme_zone_report *rep = (void *)rbuf;
	const __u32 two = sizeof(*rep) + 2 * sizeof(struct nvme_zns_desc);
	unsigned nr = 0, total = 0, cmds = 0;
	struct ngio_zone z0, z1;
	__u64 slba = 0;
	bool good;
	int ret;

	ret = report_setup(t);
	CHECK(ret == 0, "reports: zones 1,3 Full, 4 Closed, 5 Explicitly, 6 "
	      "Implicitly Opened (%s)", st(ret));

	/* Paging: 5 at a time, each page from the zone after the last. */
	good = true;
	do {
		ret = ngio_zone_report(t->dev, slba, NVME_ZNS_ZRAS_REPORT_ALL,
				       page, 5, &nr);
		if (ret || nr > 5)
			break;
		for (unsigned i = 0; i < nr; i++)
			good = good && page[i].start == zslba(t, total + i);
		total += nr;
		cmds++;
		if (nr)
			slba = page[nr - 1].start + t->zsze;
	} while (nr == 5 && slba < t->g->nsze);
	CHECK(ret == 0 && good && total == t->nz && cmds == (t->nz + 4) / 5,
	      "paging 5 at a time: %u zones in order in %u calls (%s)", total,
	      cmds, st(ret));
	ret = ngio_zone_report(t->dev, zslba(t, 2) + 7,
			       NVME_ZNS_ZRAS_REPORT_ALL, page, 2, &nr);
	CHECK(ret == 0 && nr == 2 && page[0].start == zslba(t, 2) &&
	      page[1].start == zslba(t, 3),
	      "a report from an LBA inside zone 2 starts with zone 2 (%s)",
	      st(ret));
	ret = ngio_zone_report(t->dev, zslba(t, t->nz - 2),
			       NVME_ZNS_ZRAS_REPORT_ALL, page, 5, &nr);
	CHECK(ret == 0 && nr == 2, "5 asked from the second last zone: 2 "
	      "reported (%u) (%s)", nr, st(ret));
	ret = ngio_zone_report(t->dev, t->g->nsze, NVME_ZNS_ZRAS_REPORT_ALL,
			       page, 1, &nr);
	CHECK(is_status(ret, NVME_SCT_GENERIC, NVME_SC_LBA_RANGE),
	      "a report from past the namespace: LBA Out of Range (%s)",
	      st(ret));

	/* State filter: exactly the zones in that state. */
	for (unsigned f = 0; f < sizeof(filt) / sizeof(filt[0]); f++) {
		unsigned want = !!filt[f].zones[0] + !!filt[f].zones[1];

		ret = ngio_zone_report(t->dev, 0, filt[f].so, zones,
				       MAX_ZONES + 1, &nr);
		good = ret == 0 && nr == want;
		for (unsigned i = 0; good && i < nr; i++)
			good = zones[i].start == zslba(t, filt[f].zones[i]) &&
			       zones[i].state == filt[f].state;
		CHECK(good, "filter %s: %u zone%s (%u) (%s)", filt[f].name,
		      want, want == 1 ? "" : "s", nr, st(ret));
	}
	ret = ngio_zone_report(t->dev, 0, NVME_ZNS_ZRAS_REPORT_EMPTY, zones,
			       MAX_ZONES + 1, &nr);
	good = ret == 0 && nr == t->nz - 5;
	for (unsigned i = 0; good && i < nr; i++)
		good = zones[i].state == NVME_ZNS_ZS_EMPTY &&
		       zones[i].wp == zones[i].start;
	CHECK(good, "filter Empty: the other %llu zones (%u) (%s)",
	      (unsigned long long)t->nz - 5, nr, st(ret));
	ret = ngio_zone_report(t->dev, zslba(t, 2), NVME_ZNS_ZRAS_REPORT_FULL,
			       zones, MAX_ZONES + 1, &nr);
	CHECK(ret == 0 && nr == 1 && zones[0].start == zslba(t, 3),
	      "filter Full from zone 2 on: zone 3 only (%s)", st(ret));

	/* The builder, a buffer of two descriptors: partial or not. */
	ret = zrecv(t, 0, NVME_ZNS_ZRAS_REPORT_ALL, 0, rbuf, two);
	ngio_zone_decode(&rep->entries[0], &z0);
	ngio_zone_decode(&rep->entries[1], &z1);
	CHECK(ret == 0 && le64toh(rep->nr_zones) == t->nz &&
	      z0.start == 0 && z0.state == NVME_ZNS_ZS_EMPTY &&
	      z1.start == zslba(t, 1) && z1.state == NVME_ZNS_ZS_FULL &&
	      z0.cap == t->zcap,
	      "builder, 2-descriptor buffer, not partial: header counts all "
	      "%llu zones (%llu), 2 descriptors filled (%s)",
	      (unsigned long long)t->nz,
	      (unsigned long long)le64toh(rep->nr_zones), st(ret));
	ret = zrecv(t, 0, NVME_ZNS_ZRAS_REPORT_ALL, NGIO_ZONE_PARTIAL, rbuf,
		    two);
	CHECK(ret == 0 && le64toh(rep->nr_zones) == 2,
	      "builder, partial: header counts the 2 that fit (%llu) (%s)",
	      (unsigned long long)le64toh(rep->nr_zones), st(ret));
	ret = zrecv(t, 0, NVME_ZNS_ZRAS_REPORT_EMPTY, 0, rbuf, two);
	CHECK(ret == 0 && le64toh(rep->nr_zones) == t->nz - 5,
	      "builder, filter Empty, not partial: %llu (%llu) (%s)",
	      (unsigned long long)t->nz - 5,
	      (unsigned long long)le64toh(rep->nr_zones), st(ret));
	memset(rbuf, 0xa5, sizeof(*rep) + 64);
	ret = zrecv(t, 0, NVME_ZNS_ZRAS_REPORT_FULL, 0, rbuf, sizeof(*rep));
	CHECK(ret == 0 && le64toh(rep->nr_zones) == 2 &&
	      all_bytes(rbuf + sizeof(*rep), 64, 0xa5),
	      "builder, the 64-byte header alone counts the Full zones (%llu), "
	      "nothing past it written (%s)",
	      (unsigned long long)le64toh(rep->nr_zones), st(ret));
	ret = zrecv(t, 0, NVME_ZNS_ZRAS_REPORT_FULL, NGIO_ZONE_PARTIAL, rbuf,
		    4096);
	ngio_zone_decode(&rep->entries[0], &z0);
	ngio_zone_decode(&rep->entries[1], &z1);
	CHECK(ret == 0 && le64toh(rep->nr_zones) == 2 &&
	      z0.start == zslba(t, 1) && z1.start == zslba(t, 3) &&
	      z0.state == NVME_ZNS_ZS_FULL,
	      "builder, filter Full, 4 KiB, partial: zones 1 and 3 (%s)",
	      st(ret));
	ret = zrecv(t, zslba(t, 4), NVME_ZNS_ZRAS_REPORT_ALL,
		    NGIO_ZONE_PARTIAL, rbuf, sizeof(*rep) +
		    sizeof(struct nvme_zns_desc));
	ngio_zone_decode(&rep->entries[0], &z0);
	CHECK(ret == 0 && le64toh(rep->nr_zones) == 1 &&
	      z0.start == zslba(t, 4) && z0.state == NVME_ZNS_ZS_CLOSED &&
	      z0.wp == z0.start + 1,
	      "builder, one descriptor from zone 4: Closed, wp +1 (%s)",
	      st(ret));

	/* Zone descriptor extensions. */
	if (!t->z->zde_size) {
		ret = zrecv(t, 0, NVME_ZNS_ZRAS_REPORT_ALL, NGIO_ZONE_EXT, rbuf,
			    4096);
		CHECK(is_status(ret, NVME_SCT_GENERIC, NVME_SC_INVALID_FIELD),
		      "no descriptor extensions: an extended report is Invalid "
		      "Field in Command (%s)", st(ret));
		memset(rbuf, 0x3c, 64);
		zmgmt(t, false, 7, NVME_ZNS_ZSA_RESET, 0);
		ret = ngio_zone_mgmt(t->dev, zslba(t, 7),
				     NVME_ZNS_ZSA_SET_DESC_EXT, 0, rbuf, 64);
		CHECK(is_status(ret, NVME_SCT_GENERIC, NVME_SC_INVALID_FIELD),
		      "no descriptor extensions: Set Zone Descriptor Extension "
		      "is Invalid Field in Command (%s)", st(ret));
		ret = ngio_zone_report_ext(t->dev, 0, NVME_ZNS_ZRAS_REPORT_ALL,
					   &z0, rbuf, 1, &nr);
		CHECK(ret == -EINVAL && nr == 0,
		      "no descriptor extensions: ngio_zone_report_ext is "
		      "-EINVAL (%s)", st(ret));
		SKIP("zde_size 0: the VM rig sets no zoned.descr_ext_size",
		     "zone descriptor extension round trip");
	} else {
		const __u32 zde = t->z->zde_size;
		const __u32 ent = sizeof(struct nvme_zns_desc) + zde;
		unsigned char *ext = zalloc(zde);
		char d[96];

		for (__u32 i = 0; i < zde; i++)
			ext[i] = (unsigned char)(i * 7 + t->run);
		zmgmt(t, false, 7, NVME_ZNS_ZSA_RESET, 0);
		ret = ngio_zone_mgmt(t->dev, zslba(t, 7),
				     NVME_ZNS_ZSA_SET_DESC_EXT, 0, ext, zde);
		CHECK(ret == 0 &&
		      zis(t, 7, NVME_ZNS_ZS_CLOSED, 0, d, sizeof(d)),
		      "set descriptor extension: Empty -> Closed (%s; %s)",
		      st(ret), d);
		ret = zrecv(t, zslba(t, 7), NVME_ZNS_ZRAS_REPORT_ALL,
			    NGIO_ZONE_EXT | NGIO_ZONE_PARTIAL, rbuf,
			    sizeof(*rep) + ent);
		ngio_zone_decode((void *)(rbuf + sizeof(*rep)), &z0);
		CHECK(ret == 0 && le64toh(rep->nr_zones) == 1 &&
		      z0.start == zslba(t, 7) &&
		      (z0.attrs & NVME_ZNS_ZA_ZDEV) &&
		      !memcmp(rbuf + sizeof(*rep) + 64, ext, zde),
		      "extended report: ZDEV set, the extension reads back "
		      "(%s)", st(ret));
		ret = ext_report_all(t, 7, ext);
		CHECK(ret == 0, "ngio_zone_report_ext of every zone: only zone "
		      "7 has ZDEV, its extension as set (%s)", st(ret));
		zmgmt(t, false, 7, NVME_ZNS_ZSA_RESET, 0);
		free(ext);
	}
	reset_all(t);
	free(rbuf);
}

/* --------------------------------------------------------- select all */

static bool all_in(struct t *t, const __u8 *want, char *desc, size_t len)
{
	struct ngio_zone zones[MAX_ZONES + 1];
	unsigned nr = 0;
	int ret;

	ret = ngio_zone_report(t->dev, 0, NVME_ZNS_ZRAS_REPORT_ALL, zones,
			       MAX_ZONES + 1, &nr);
	if (ret || nr != t->nz) {
		snprintf(desc, len, "report: %u zones, %s", nr, st(ret));
		return false;
	}
	for (unsigned i = 0; i < nr; i++) {
		__u8 w = want ? want[i] : NVME_ZNS_ZS_EMPTY;

		if (zones[i].state != w ||
		    (w == NVME_ZNS_ZS_EMPTY && zones[i].wp != zones[i].start)) {
			snprintf(desc, len, "zone %u %s", i,
				 ngio_zone_state_name(zones[i].state));
			return false;
		}
	}
	snprintf(desc, len, "as expected");
	return true;
}

static void t_select_all(struct t *t)
{
	__u8 want[MAX_ZONES];
	char d[96];
	int ret;

	/* Zone 1 Implicitly, 2 Explicitly Opened, 3 Closed, 4 Full. */
	ret = reset_all(t);
	ret = ret ? ret : zwrite(t, false, zslba(t, 1), 1, 1, NULL);
	ret = ret ? ret : zmgmt(t, false, 2, NVME_ZNS_ZSA_OPEN, 0);
	ret = ret ? ret : zwrite(t, false, zslba(t, 3), 1, 1, NULL);
	ret = ret ? ret : zmgmt(t, false, 3, NVME_ZNS_ZSA_CLOSE, 0);
	ret = ret ? ret : zmgmt(t, false, 4, NVME_ZNS_ZSA_FINISH, 0);
	CHECK(ret == 0, "select all: zones in four states (%s)", st(ret));
	for (unsigned i = 0; i < t->nz; i++)
		want[i] = NVME_ZNS_ZS_EMPTY;
	want[1] = want[2] = want[3] = NVME_ZNS_ZS_CLOSED;
	want[4] = NVME_ZNS_ZS_FULL;
	ret = zmgmt(t, true, 0, NVME_ZNS_ZSA_CLOSE, NGIO_ZONE_ALL);
	CHECK(ret == 0 && all_in(t, want, d, sizeof(d)),
	      "close all: the opened zones are Closed, no other changes "
	      "(%s; %s)", st(ret), d);
	want[1] = want[2] = want[3] = NVME_ZNS_ZS_EXPL_OPEN;
	ret = zmgmt(t, true, 0, NVME_ZNS_ZSA_OPEN, NGIO_ZONE_ALL);
	CHECK(ret == 0 && all_in(t, want, d, sizeof(d)),
	      "open all: the Closed zones are Explicitly Opened, Empty ones "
	      "stay Empty (%s; %s)", st(ret), d);
	want[1] = want[2] = want[3] = NVME_ZNS_ZS_FULL;
	ret = zmgmt(t, true, 0, NVME_ZNS_ZSA_FINISH, NGIO_ZONE_ALL);
	CHECK(ret == 0 && all_in(t, want, d, sizeof(d)),
	      "finish all: the opened zones are Full, Empty ones stay Empty "
	      "(%s; %s)", st(ret), d);
	ret = zmgmt(t, true, 0, NVME_ZNS_ZSA_RESET, NGIO_ZONE_ALL);
	CHECK(ret == 0 && all_in(t, NULL, d, sizeof(d)),
	      "reset all (queue): every zone Empty, wp at its start (%s; %s)",
	      st(ret), d);

	/* Every zone in use, then the synchronous reset of all. */
	ret = 0;
	for (unsigned i = 0; !ret && i < t->nz; i++) {
		if (i % 2)
			ret = zmgmt(t, false, i, NVME_ZNS_ZSA_FINISH, 0);
		else if (i < 2 * (t->ma ? t->ma : t->nz))
			ret = zwrite(t, false, zslba(t, i), 1, 1, NULL);
	}
	ret = ret ? ret : reset_all(t);
	CHECK(ret == 0 && all_in(t, NULL, d, sizeof(d)),
	      "reset all (sync) with every zone Full or written: every zone "
	      "Empty (%s; %s)", st(ret), d);

	/*
	 * Open all with more Closed zones than the open limit: QEMU 7.2
	 * answers Too Many Open Zones, having opened some of them (the
	 * spec wants the command aborted as a whole); only the status is
	 * asserted.
	 */
	if (t->mo && t->ma > t->mo) {
		ret = 0;
		for (unsigned i = 0; !ret && i < t->ma; i++) {
			ret = zwrite(t, false, zslba(t, Z_LIM + i), 1, 1, NULL);
			ret = ret ? ret : zmgmt(t, false, Z_LIM + i,
						NVME_ZNS_ZSA_CLOSE, 0);
		}
		ret = ret ? ret : zmgmt(t, false, 0, NVME_ZNS_ZSA_OPEN,
					NGIO_ZONE_ALL);
		CHECK(is_zns(ret, NVME_SC_ZNS_TOO_MANY_OPENS),
		      "open all with %u Closed zones and max open %u: Too "
		      "Many Open Zones (%s)", t->ma, t->mo, st(ret));
		reset_all(t);
	}
}

/* ------------------------------------------------ zone random write areas */

/* ZRWA Flush up to lba (the last block committed), synchronous or queued. */
static int zrwa_flush(struct t *t, bool queue, __u64 lba)
{
	struct nvme_uring_cmd cmd;
	int ret;

	if (!queue)
		return ngio_zone_mgmt(t->dev, lba, NVME_ZNS_ZSA_ZRWA_FLUSH, 0,
				      NULL, 0);
	ret = ngio_cmd_zone_mgmt_send(&cmd, t->g, lba, NVME_ZNS_ZSA_ZRWA_FLUSH,
				      0, NULL, 0);
	return ret ? ret : q_run(t, &cmd, NULL);
}

/* Zone idx has (or has not) a ZRWA, per its descriptor's ZRWAV. */
static bool has_zrwa(struct t *t, __u64 idx)
{
	struct ngio_zone z;

	return !zget(t, idx, &z) && z.attrs & NVME_ZNS_ZA_ZRWAV;
}

/* Blocks lba.. hold tags tags[0..n-1]. */
static bool holds(struct t *t, __u64 lba, const __u64 *tags, unsigned n)
{
	if (ngio_read(t->dev, lba, t->buf, (size_t)n * t->bs, 0))
		return false;
	for (unsigned i = 0; i < n; i++)
		if (!stamped(t->buf + (size_t)i * t->bs, t->bs, tags[i]))
			return false;
	return true;
}

/*
 * Zones opened with a ZRWA take writes anywhere from the write pointer
 * to twice the ZRWA size past it (the area and its implicit flush
 * region), in any order and more than once; the write pointer moves only
 * when the area is committed, by ZRWA Flush or by a write into the
 * implicit flush region, in units of the flush granularity.
 */
static void t_zrwa(struct t *t)
{
	const __u64 a = Z_ZRWA, b = Z_ZRWA + 1, c = Z_ZRWA + 2;
	const __u64 s = zslba(t, a), zs = t->zrwas, fg = t->zrwafg;
	__u64 tags[64], tag = t->run << 8 | 0xa0;
	char d[96];
	int ret;

	for (__u64 i = a; i <= c; i++)
		zmgmt(t, false, i, NVME_ZNS_ZSA_RESET, 0);
	if (!t->zrwas) {
		ret = zmgmt(t, false, a, NVME_ZNS_ZSA_OPEN, NGIO_ZONE_ZRWA);
		CHECK(is_zns(ret, NVME_SC_ZNS_INVALID_OP_REQUEST) &&
		      zis(t, a, NVME_ZNS_ZS_EMPTY, 0, d, sizeof(d)),
		      "no ZRWAs: open with a ZRWA is an Invalid Zone "
		      "Operation Request, zone untouched (%s; %s)", st(ret), d);
		ret = zrwa_flush(t, false, s);
		CHECK(is_zns(ret, NVME_SC_ZNS_INVALID_OP_REQUEST),
		      "no ZRWAs: ZRWA Flush is an Invalid Zone Operation "
		      "Request (%s)", st(ret));
		return;
	}
	if (zs < 4 || zs > 64 || fg < 2 || zs % fg || 2 * zs + 2 > t->zcap) {
		SKIP("this ZRWA geometry (size 4..64, granularity >= 2)",
		     "zone random write area tests");
		return;
	}

	ret = zmgmt(t, true, a, NVME_ZNS_ZSA_OPEN, NGIO_ZONE_ZRWA);
	CHECK(ret == 0 && zis(t, a, NVME_ZNS_ZS_EXPL_OPEN, 0, d, sizeof(d)) &&
	      has_zrwa(t, a),
	      "open with a ZRWA (queued): Explicitly Opened, ZRWAV set "
	      "(%s; %s)", st(ret), d);

	/* The area in three writes, last part first, then one rewritten. */
	for (unsigned i = 0; i < zs; i++)
		tags[i] = tag + i;
	ret = zwrite(t, false, s + zs / 2, zs / 2, tag + zs / 2, NULL);
	CHECK(ret == 0, "write the second half of the ZRWA first, ahead of "
	      "the write pointer (%s)", st(ret));
	ret = zwrite(t, false, s, zs / 2, tag, NULL);
	CHECK(ret == 0 && zis(t, a, NVME_ZNS_ZS_EXPL_OPEN, 0, d, sizeof(d)),
	      "then the first half: the write pointer has not moved (%s; %s)",
	      st(ret), d);
	tags[1] = tag + 0x55;
	ret = zwrite(t, false, s + 1, 1, tags[1], NULL);
	CHECK(ret == 0 && holds(t, s, tags, zs),
	      "rewrite block 1 in the ZRWA: all %llu blocks read back, the "
	      "rewrite's data in block 1 (%s)", (unsigned long long)zs,
	      st(ret));

	ret = zwrite(t, false, s + 2 * zs, 1, tag, NULL);
	CHECK(is_zns(ret, NVME_SC_ZNS_INVALID_WRITE),
	      "write at twice the ZRWA size past the write pointer: Zone "
	      "Invalid Write (%s)", st(ret));
	ret = zwrite(t, false, s + 2 * zs - 1, 2, tag, NULL);
	CHECK(is_zns(ret, NVME_SC_ZNS_INVALID_WRITE) &&
	      zis(t, a, NVME_ZNS_ZS_EXPL_OPEN, 0, d, sizeof(d)),
	      "write ending past it: Zone Invalid Write, nothing committed "
	      "(%s; %s)", st(ret), d);
	ret = zwrite(t, true, s, 1, tag, NULL);
	CHECK(is_zns(ret, NVME_SC_ZNS_INVALID_OP_REQUEST),
	      "zone append to a zone with a ZRWA: Invalid Zone Operation "
	      "Request (%s)", st(ret));

	/* Explicit commits: whole flush units from the write pointer. */
	ret = zrwa_flush(t, true, s + fg - 1);
	CHECK(ret == 0 && zis(t, a, NVME_ZNS_ZS_EXPL_OPEN, fg, d, sizeof(d)),
	      "ZRWA Flush of one flush unit (%llu blocks, queued): write "
	      "pointer +%llu (%s; %s)", (unsigned long long)fg,
	      (unsigned long long)fg, st(ret), d);
	ret = zrwa_flush(t, false, s + fg);
	CHECK(is_status(ret, NVME_SCT_GENERIC, NVME_SC_INVALID_FIELD) &&
	      zis(t, a, NVME_ZNS_ZS_EXPL_OPEN, fg, d, sizeof(d)),
	      "ZRWA Flush of 1 block, not a whole flush unit: Invalid Field "
	      "in Command, nothing committed (%s; %s)", st(ret), d);
	ret = zrwa_flush(t, false, s + fg - 1);
	CHECK(is_zns(ret, NVME_SC_ZNS_BOUNDARY_ERROR),
	      "ZRWA Flush below the write pointer: Zone Boundary Error (%s)",
	      st(ret));
	ret = zrwa_flush(t, false, s + fg + zs + fg - 1);
	CHECK(is_zns(ret, NVME_SC_ZNS_BOUNDARY_ERROR),
	      "ZRWA Flush past the area: Zone Boundary Error (%s)", st(ret));
	ret = zwrite(t, false, s, 1, tag, NULL);
	CHECK(is_zns(ret, NVME_SC_ZNS_INVALID_WRITE),
	      "write below the committed write pointer: Zone Invalid Write "
	      "(%s)", st(ret));
	ret = zrwa_flush(t, false, s + zs - 1);
	CHECK(ret == 0 && zis(t, a, NVME_ZNS_ZS_EXPL_OPEN, zs, d, sizeof(d)),
	      "ZRWA Flush of the rest of the area: write pointer +%llu "
	      "(%s; %s)", (unsigned long long)zs, st(ret), d);

	/*
	 * Implicit commit: a write one block into the implicit flush region
	 * (past wp + ZRWA size - 1) commits as many flush units as it takes
	 * to bring its last block into the area.
	 */
	ret = zwrite(t, false, s + 2 * zs, 1, tag + 0x66, NULL);
	CHECK(ret == 0 &&
	      zis(t, a, NVME_ZNS_ZS_EXPL_OPEN, zs + fg, d, sizeof(d)),
	      "write one block into the implicit flush region: one flush unit "
	      "committed, write pointer +%llu (%s; %s)",
	      (unsigned long long)(zs + fg), st(ret), d);
	tags[0] = tag + 0x66;
	CHECK(holds(t, s + 2 * zs, tags, 1),
	      "the block written there reads back");

	/* Resources: the rig gives nzrwa ZRWAs; finish and reset free one. */
	for (__u64 i = 1; i < t->nzrwa && b + i - 1 < c; i++) {
		ret = zmgmt(t, false, b + i - 1, NVME_ZNS_ZSA_OPEN,
			    NGIO_ZONE_ZRWA);
		CHECK(ret == 0 && has_zrwa(t, b + i - 1),
		      "open zone %llu with ZRWA %llu of %u (%s)",
		      (unsigned long long)(b + i - 1),
		      (unsigned long long)(i + 1), t->nzrwa, st(ret));
	}
	if (t->nzrwa == 2) {
		ret = zmgmt(t, false, c, NVME_ZNS_ZSA_OPEN, NGIO_ZONE_ZRWA);
		CHECK(is_zns(ret, NVME_SC_ZNS_ZRWA_RESOURCES_UNAVAILABLE) &&
		      zis(t, c, NVME_ZNS_ZS_EMPTY, 0, d, sizeof(d)),
		      "a third ZRWA with 2 in use: ZRWA Resources Unavailable, "
		      "zone untouched (%s; %s)", st(ret), d);
		ret = zmgmt(t, true, a, NVME_ZNS_ZSA_FINISH, 0);
		CHECK(ret == 0 && zis(t, a, NVME_ZNS_ZS_FULL, 0, d, sizeof(d)) &&
		      !has_zrwa(t, a),
		      "finish the first: Full, ZRWAV clear (%s; %s)", st(ret),
		      d);
		ret = zmgmt(t, false, c, NVME_ZNS_ZSA_OPEN, NGIO_ZONE_ZRWA);
		CHECK(ret == 0 && has_zrwa(t, c),
		      "now the third opens with a ZRWA (%s)", st(ret));
		ret = zmgmt(t, false, b, NVME_ZNS_ZSA_RESET, 0);
		CHECK(ret == 0 && zis(t, b, NVME_ZNS_ZS_EMPTY, 0, d, sizeof(d)) &&
		      !has_zrwa(t, b),
		      "reset the second: Empty, ZRWAV clear (%s; %s)", st(ret),
		      d);
		ret = zmgmt(t, false, b, NVME_ZNS_ZSA_OPEN, NGIO_ZONE_ZRWA);
		CHECK(ret == 0 && has_zrwa(t, b),
		      "its ZRWA is free again: it reopens with one (%s)",
		      st(ret));
	} else {
		SKIP("the resource checks are written for 2 ZRWAs",
		     "ZRWA resources");
	}

	/*
	 * A zone without a ZRWA has nothing to flush: Invalid Zone Operation
	 * Request (ZNS 1.1's status for an invalid Flush Explicit ZRWA Range).
	 * QEMU (7.2 to 10) answers Invalid Field: a known deviation.
	 */
	zmgmt(t, false, c, NVME_ZNS_ZSA_RESET, 0);
	ret = zmgmt(t, false, c, NVME_ZNS_ZSA_OPEN, 0);
	if (!ret)
		ret = zrwa_flush(t, false, zslba(t, c) + fg - 1);
	CHECK((tap_is_qemu(t->dev) ?
	       is_status(ret, NVME_SCT_GENERIC, NVME_SC_INVALID_FIELD) :
	       is_zns(ret, NVME_SC_ZNS_INVALID_OP_REQUEST)) &&
	      zis(t, c, NVME_ZNS_ZS_EXPL_OPEN, 0, d, sizeof(d)),
	      "ZRWA Flush on an open zone without a ZRWA: %s (%s; %s)",
	      tap_is_qemu(t->dev) ? "Invalid Field in Command (QEMU)" :
	      "Invalid Zone Operation Request", st(ret), d);
	ret = ngio_zone_mgmt(t->dev, 0, NVME_ZNS_ZSA_ZRWA_FLUSH, NGIO_ZONE_ALL,
			     NULL, 0);
	CHECK(ret == -EINVAL, "ZRWA Flush with select-all: -EINVAL, nothing "
	      "sent (%s)", st(ret));
	for (__u64 i = a; i <= c; i++)
		zmgmt(t, false, i, NVME_ZNS_ZSA_RESET, 0);
}

/* --------------------------------------------------------------- main */

int main(int argc, char **argv)
{
	struct t t = { 0 };
	unsigned multi;
	int ret;

	tap_name = "api_zns";
	if (argc != 11 && argc != 12) {
		fprintf(stderr, "usage: %s NG_NODE BLK_NODE ZONE_SIZE ZONE_CAP "
			"ZONES MAX_OPEN MAX_ACTIVE ZRWA_SIZE ZRWA_FG NUM_ZRWA "
			"[NON_ZONED_NG]\n", argv[0]);
		return 2;
	}
	tap_sub = tap_dev_name(argv[1]);
	setvbuf(stdout, NULL, _IOLBF, 0);
	t.zsze = strtoull(argv[3], NULL, 0);
	t.zcap = strtoull(argv[4], NULL, 0);
	t.nz = strtoull(argv[5], NULL, 0);
	t.mo = strtoul(argv[6], NULL, 0);
	t.ma = strtoul(argv[7], NULL, 0);
	t.zrwas = strtoul(argv[8], NULL, 0);
	t.zrwafg = strtoul(argv[9], NULL, 0);
	t.nzrwa = strtoul(argv[10], NULL, 0);
	if (t.nz < 16 || t.nz > MAX_ZONES || !t.zcap || t.zcap > t.zsze) {
		fprintf(stderr, "%s: need 16 to %d zones, 0 < cap <= size\n",
			argv[0], MAX_ZONES);
		return 2;
	}

	ret = ngio_dev_open(argv[1], 0, &t.dev);
	CHECK(ret == 0, "open %s (%s)", argv[1], st(ret));
	if (ret)
		return 1;
	t.g = ngio_dev_geometry(t.dev);
	t.z = ngio_dev_zoned(t.dev);
	t.bs = ngio_block_bytes(t.g);
	ret = tap_queue_init(t.dev, &t.q, QDEPTH, 0);
	if (!ret)
		ret = ngio_queue_add_dev(t.q, t.dev, &t.qd);
	CHECK(ret == 0, "queue of depth %d with the device (%s)", QDEPTH,
	      st(ret));
	if (ret)
		return 1;
	t.buf = zalloc(t.zcap * t.bs);
	t.run = ((__u64)time(NULL) ^ (__u64)getpid() << 16) & 0xffffff;
	DIAG("run stamp %#llx", (unsigned long long)t.run);

	t_limits(&t, argc == 12 ? argv[11] : NULL);
	if (!t.z || t.z->zone_size != t.zsze || t.z->nr_zones != t.nz)
		return 1;
	t_states(&t, false, Z_SYNC);
	t_states(&t, true, Z_QUEUE);
	t_forbidden(&t, false, Z_SYNC);
	t_forbidden(&t, true, Z_QUEUE);
	t_write_errors(&t);
	t_open_limits(&t);
	t_append(&t, Z_APPEND, 1);
	/* Four zones at once; with an open limit, no more than it. */
	multi = t.mo && t.mo < 4 ? t.mo : 4;
	reset_all(&t);
	t_append(&t, Z_MULTI, multi);
	t_wp_table(&t);
	t_reset(&t);
	t_reports(&t);
	t_select_all(&t);
	t_zrwa(&t);

	reset_all(&t);
	free(t.buf);
	ngio_queue_exit(t.q);
	ngio_dev_close(t.dev);
	return tap_done();
}
