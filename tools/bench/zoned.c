// SPDX-License-Identifier: MIT
/*
 * ngio bench on zoned namespaces: --rw append (Zone Append at any depth,
 * the device choosing each LBA) and --rw zwrite (writes at the write
 * pointer, one in flight per zone).  A worker writes --zones zones at
 * once, one "lane" each.  A lane whose zone is full moves to a zone of
 * the worker's share not yet written (finishing the old one first if
 * blocks are left) or, when there is none, resets its zone and goes on:
 * zone management goes through the same queue as the I/O.
 *
 * Every append's LBA is checked against the lane's zone and the blocks
 * reserved for it (ngio_wp_appended()); with --verify every block is read
 * back after the run.  An append's blocks carry zone start + their index
 * in the append as their "LBA", since the device picks the real one.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "rnd.h"
#include "worker.h"

enum lane_state {
	LANE_WRITE,	/* taking I/O */
	LANE_FULL,	/* no room for the next I/O: draining */
	LANE_MGMT,	/* a finish or reset in flight */
};

struct lane {
	uint64_t zone;		/* zone index */
	uint64_t next;		/* after a finish: the zone to move to */
	enum lane_state state;
	unsigned inflight;
	enum nvme_zns_send_action action;
};

struct zoned {
	struct ngio_wp *wp;
	const struct ngio_zoned *zi;
	uint64_t first, count;	/* the worker's zones: indexes */
	uint64_t fresh;		/* next of them not yet written */
	struct lane *lanes;
	unsigned nlanes, next_lane;
};

bool zoned_rw(enum bench_rw rw)
{
	return rw == BENCH_APPEND || rw == BENCH_ZWRITE;
}

/* A usage error about the zoned workload, said in one line. */
#define say(...) bench_say(NGIO_EXIT_USAGE, __VA_ARGS__)

/* Whole zones of the span, and what each worker may hold open. */
static void span_zones(const struct bench_opts *o,
		       const struct ngio_zoned *zi, uint64_t *first,
		       uint64_t *count)
{
	uint64_t end = o->range_lba + o->range_blocks;

	*first = (o->range_lba + zi->zone_size - 1) / zi->zone_size;
	*count = end / zi->zone_size > *first ?
		end / zi->zone_size - *first : 0;
}

/* Zones not in first..first+count-1 that are open or closed. */
/*
 * Zones outside first..first+count-1 that are open (explicitly: the
 * device cannot close those to open ours) or open or closed (active),
 * and the least capacity of a zone inside, and whether one inside is
 * offline or read-only.
 */
struct span_state {
	uint64_t open_outside, active_outside;
	uint64_t min_cap;
	bool dead;
};

static int span_state(struct ngio_dev *dev, uint64_t first, uint64_t count,
		      struct span_state *st)
{
	const struct ngio_zoned *zi = ngio_dev_zoned(dev);
	const struct ngio_geometry *g = ngio_dev_geometry(dev);
	struct ngio_zone zones[64];
	uint64_t slba = 0;
	unsigned got;

	*st = (struct span_state){ .min_cap = UINT64_MAX };
	do {
		int ret = ngio_zone_report(dev, slba, NVME_ZNS_ZRAS_REPORT_ALL,
					   zones, 64, &got);

		if (ret)
			return ret;
		for (unsigned k = 0; k < got; k++) {
			const struct ngio_zone *zd = &zones[k];
			uint64_t z = zd->start / zi->zone_size;
			bool in = z >= first && z < first + count;
			bool open = zd->state == NVME_ZNS_ZS_IMPL_OPEN ||
				    zd->state == NVME_ZNS_ZS_EXPL_OPEN;

			if (!in) {
				st->open_outside +=
					zd->state == NVME_ZNS_ZS_EXPL_OPEN;
				st->active_outside += open ||
					zd->state == NVME_ZNS_ZS_CLOSED;
				continue;
			}
			if (zd->state == NVME_ZNS_ZS_READ_ONLY ||
			    zd->state == NVME_ZNS_ZS_OFFLINE)
				st->dead = true;
			else if (zd->cap < st->min_cap)
				st->min_cap = zd->cap;
		}
		if (got)
			slba = zones[got - 1].start + zi->zone_size;
	} while (got == 64 && slba < g->nsze);
	return 0;
}

/* The zones the workers share out: whole zones of the span, the same
 * number each. */
static void worker_zones(const struct bench_opts *o,
			 const struct ngio_zoned *zi, unsigned nw,
			 uint64_t *first, uint64_t *count)
{
	span_zones(o, zi, first, count);
	*count = *count / nw * nw;
}

void zoned_defaults(struct bench_opts *o, struct ngio_dev *dev,
		    unsigned nw)
{
	const struct ngio_zoned *zi = ngio_dev_zoned(dev);
	uint64_t first, count, limit = o->qd;

	if (o->zones || !zi)
		return;
	if (o->rw == BENCH_APPEND) {
		o->zones = 1;
		return;
	}
	/* zwrite: as many as the depth asks, the span holds and the
	 * namespace keeps open. */
	worker_zones(o, zi, nw, &first, &count);
	if (count / nw < limit)
		limit = count / nw;
	if (zi->max_open && zi->max_open / nw < limit)
		limit = zi->max_open / nw;
	if (zi->max_active && zi->max_active / nw < limit)
		limit = zi->max_active / nw;
	o->zones = limit ? limit : 1;
}

int zoned_check(const struct bench_opts *o, struct ngio_dev *dev,
		unsigned nworkers)
{
	const struct ngio_zoned *zi = ngio_dev_zoned(dev);
	const struct ngio_geometry *g = ngio_dev_geometry(dev);
	uint64_t first, count, lanes, nlb = o->bs / g->lba_size;
	struct span_state st;
	const char *why = NULL;
	unsigned limit = 0;
	int ret;

	if (!zi)
		return say("%s: --rw %s: not a zoned namespace", o->dev,
			   bench_rw_name(o->rw));
	if (o->engine != BENCH_PT)
		return say("--rw %s runs on the pt engine",
			   bench_rw_name(o->rw));
	if (o->poll && !ngio_dev_has(dev, NGIO_CAP_POLL_ZONE, &why))
		return say("%s: --poll with --rw %s: %s", o->dev,
			   bench_rw_name(o->rw), why);
	if (o->rw == BENCH_APPEND && o->bs > zi->zasl)
		return say("--bs %u is over the zone append size limit, %u "
			   "bytes", o->bs, zi->zasl);
	worker_zones(o, zi, nworkers, &first, &count);
	lanes = (uint64_t)o->zones * nworkers;
	if (count < lanes) {
		uint64_t span;

		/* Say the span's own count, not the share rounded down. */
		span_zones(o, zi, &first, &span);
		return say("--range holds %llu whole zones: fewer than "
			   "--zones %u x %u threads (each thread writes "
			   "zones of its own)", (unsigned long long)span,
			   o->zones, nworkers);
	}
	if (zi->max_open)
		limit = zi->max_open;
	if (zi->max_active && (!limit || zi->max_active < limit))
		limit = zi->max_active;
	if (limit && lanes > limit)
		return say("--zones %u x %u threads is over the %u zones the "
			   "namespace keeps open at once", o->zones, nworkers,
			   limit);
	ret = span_state(dev, first, count, &st);
	if (ret)
		return report("bench", o->dev, ret);
	if (st.dead)
		return say("%s: a zone of --range is read-only or offline",
			   o->dev);
	if (nlb > st.min_cap)
		return say("--bs %u is more than a zone of --range can take "
			   "(%llu blocks)", o->bs,
			   (unsigned long long)st.min_cap);
	if ((zi->max_active && st.active_outside + lanes > zi->max_active) ||
	    (zi->max_open && st.open_outside + lanes > zi->max_open))
		return say("%s: %llu zones outside --range are open or "
			   "closed, and the namespace keeps %u open and %u "
			   "active: finish or reset them (ngio zone reset %s "
			   "--all)", o->dev,
			   (unsigned long long)st.active_outside, zi->max_open,
			   zi->max_active, o->dev);
	return 0;
}

/* Send one zone management command on the worker's queue and wait. */
static int mgmt_sync(struct worker *w, uint64_t zone,
		     enum nvme_zns_send_action action)
{
	struct nvme_uring_cmd cmd;
	struct ngio_cqe cqe;
	int ret;

	ret = ngio_cmd_zone_mgmt_send(&cmd, ngio_qdev_geometry(w->qd),
				      zone * w->z->zi->zone_size, action, 0,
				      NULL, 0);
	if (!ret)
		ret = ngio_queue_cmd(w->qd, &cmd, 0, -1, 0);
	if (!ret)
		do
			ret = ngio_queue_reap(w->q, &cqe, 1, 1);
		while (ret == -EINTR);
	return ret < 0 ? ret : cqe.res;
}

int zoned_setup(struct worker *w, struct ngio_dev *dev,
		pthread_mutex_t *dev_lock)
{
	const struct bench_opts *o = w->o;
	unsigned nw = o->threads;
	struct zoned *z;
	uint64_t first, count, per;
	int ret;

	z = calloc(1, sizeof(*z));
	if (!z)
		return -ENOMEM;
	w->z = z;
	z->zi = ngio_dev_zoned(dev);
	worker_zones(o, z->zi, nw, &first, &count);
	per = count / nw;
	z->first = first + w->id * per;
	z->count = per;
	z->nlanes = o->zones;
	z->lanes = calloc(z->nlanes, sizeof(*z->lanes));
	if (!z->lanes)
		return -ENOMEM;
	pthread_mutex_lock(dev_lock);
	ret = ngio_wp_new(dev, &z->wp);
	pthread_mutex_unlock(dev_lock);
	if (ret)
		return ret;
	/* Start from empty zones: what is written is then all ours. */
	for (uint64_t i = 0; i < z->count; i++) {
		struct ngio_zone zone;

		ret = ngio_wp_zone(z->wp, z->first + i, &zone);
		if (ret)
			return ret;
		if (zone.state == NVME_ZNS_ZS_EMPTY && zone.wp == zone.start)
			continue;
		ret = mgmt_sync(w, z->first + i, NVME_ZNS_ZSA_RESET);
		if (ret)
			return ret;
		ngio_wp_reset(z->wp, z->first + i);
	}
	for (unsigned i = 0; i < z->nlanes; i++)
		z->lanes[i].zone = z->first + i;
	z->fresh = z->nlanes;
	return 0;
}

void zoned_free(struct worker *w)
{
	if (!w->z)
		return;
	if (w->z->wp)
		ngio_wp_free(w->z->wp);
	free(w->z->lanes);
	free(w->z);
	w->z = NULL;
}

/* The verify table's entries for zone index's blocks. */
static uint32_t *zone_seqs(struct worker *w, uint64_t zone)
{
	return w->seq_tab + (zone * w->z->zi->zone_size - w->o->range_lba);
}

/*
 * A full lane with nothing in flight: move it to a zone not yet written
 * (finishing the old one if blocks are left, so it stops counting as
 * open), or reset its zone.  Returns 1 if a command went out in slot s,
 * 0 if the lane could move at once, or -errno.
 */
static int lane_next(struct worker *w, struct lane *l, struct slot *s,
		     unsigned idx)
{
	struct zoned *z = w->z;
	struct nvme_uring_cmd cmd;
	enum nvme_zns_send_action action;
	struct ngio_zone zone;
	bool fresh = z->fresh < z->count;
	int ret;

	ret = ngio_wp_zone(z->wp, l->zone, &zone);
	if (ret)
		return ret;
	if (fresh && zone.wp == zone.start + zone.cap) {
		l->zone = z->first + z->fresh++;
		l->state = LANE_WRITE;
		return 0;
	}
	action = fresh ? NVME_ZNS_ZSA_FINISH : NVME_ZNS_ZSA_RESET;
	ret = ngio_cmd_zone_mgmt_send(&cmd, ngio_qdev_geometry(w->qd),
				      zone.start, action, 0, NULL, 0);
	if (!ret)
		ret = ngio_queue_cmd(w->qd, &cmd, 0, -1, idx);
	if (ret)
		return ret;
	/* Queued: only now is the fresh zone taken. */
	if (fresh)
		l->next = z->first + z->fresh++;
	l->action = action;
	s->mgmt = true;
	s->lane = l - z->lanes;
	s->lba = zone.start;
	s->write = false;
	l->state = LANE_MGMT;
	return 1;
}

/* Data for a write: stamped for --verify, else every block different. */
static void fill(struct worker *w, struct slot *s)
{
	if (w->o->verify) {
		if (!(uint32_t)++w->seq)
			++w->seq;
		s->seq = (uint64_t)w->ctl->run << 32 | (uint32_t)w->seq;
		verify_fill(s->buf, w->lba_size, s->lba, w->nlb, s->seq);
		return;
	}
	for (uint32_t i = 0; i < w->nlb; i++) {
		uint64_t v = rnd_next(&w->rnd);

		memcpy((char *)s->buf + (size_t)i * w->lba_size, &v, 8);
	}
}

int zoned_issue(struct worker *w, struct slot *s, unsigned idx)
{
	const struct bench_opts *o = w->o;
	struct zoned *z = w->z;
	bool append = o->rw == BENCH_APPEND;

	for (unsigned tries = 0; tries < z->nlanes; tries++) {
		struct lane *l = &z->lanes[z->next_lane];
		struct nvme_uring_cmd cmd;
		struct ngio_zone zone;
		__u64 slba;
		int ret;

		if (++z->next_lane == z->nlanes)
			z->next_lane = 0;
again:
		if (l->state == LANE_FULL && !l->inflight) {
			ret = lane_next(w, l, s, idx);
			if (ret)
				return ret < 0 ? ret : 0;
		}
		if (l->state != LANE_WRITE || (!append && l->inflight))
			continue;
		ret = ngio_wp_zone(z->wp, l->zone, &zone);
		if (ret)
			return ret;
		if (zone.wp + w->nlb > zone.start + zone.cap) {
			/* With nothing in flight, move on right away. */
			l->state = LANE_FULL;
			if (!l->inflight)
				goto again;
			continue;
		}
		s->mgmt = false;
		s->lane = l - z->lanes;
		s->write = true;
		/* For an append, where it lands is known at completion. */
		s->lba = append ? zone.start : zone.wp;
		fill(w, s);
		if (append) {
			ret = ngio_cmd_zone_append(&cmd,
						   ngio_qdev_geometry(w->qd),
						   zone.start, s->buf, w->bs, 0);
			if (!ret)
				ret = ngio_queue_cmd(w->qd, &cmd, 0,
						     s->buf_index, idx);
		} else {
			ret = ngio_queue_write(w->qd, zone.wp, s->buf, w->bs,
					       0, s->buf_index, idx);
		}
		if (ret)
			return ret;
		/* Reserved only once queued: a full SQ (-EBUSY) retries. */
		ret = ngio_wp_reserve(z->wp, l->zone, w->nlb, &slba);
		if (ret)
			return ret;
		l->inflight++;
		return 0;
	}
	return -EAGAIN;
}

bool zoned_complete(struct worker *w, struct slot *s,
		    const struct ngio_cqe *cqe)
{
	struct zoned *z = w->z;
	struct lane *l = &z->lanes[s->lane];

	if (s->mgmt) {
		if (l->action == NVME_ZNS_ZSA_RESET) {
			ngio_wp_reset(z->wp, l->zone);
			if (w->seq_tab)
				memset(zone_seqs(w, l->zone), 0,
				       z->zi->zone_size * sizeof(uint32_t));
			w->zone_resets++;
		} else {
			l->zone = l->next;
			w->zone_finishes++;
		}
		l->state = LANE_WRITE;
		return false;
	}
	l->inflight--;
	if (w->o->rw == BENCH_APPEND) {
		uint64_t lba = cqe->result;

		/* Inside the lane's zone, below what was reserved there,
		 * and over no block another append was given. */
		if (ngio_wp_appended(z->wp, l->zone, lba, w->nlb)) {
			w->mismatches++;
			if (w->bad_appends++ < MAX_VERR) {
				w->bad_append[w->bad_appends - 1][0] = lba;
				w->bad_append[w->bad_appends - 1][1] = s->lba;
			}
			return true;
		}
		s->lba = lba;
	}
	if (w->seq_tab) {
		uint32_t *tab = w->seq_tab + (s->lba - w->o->range_lba);

		for (uint32_t i = 0; i < w->nlb; i++)
			tab[i] = (uint32_t)s->seq;
	}
	return true;
}

/*
 * Check the blocks of zone index from its start to what was written:
 * each holds the write the table says, and an append's block is the
 * i-th of the run of blocks that append was given.
 */
static void check_zone_blocks(struct worker *w, const char *buf,
			      uint64_t lba, uint32_t n, uint64_t zslba)
{
	bool append = w->o->rw == BENCH_APPEND;

	for (uint32_t i = 0; i < n; i++, lba++) {
		uint32_t *seq = &w->seq_tab[lba - w->o->range_lba];
		uint64_t start = lba, tag;
		struct verify_error e;

		/* Zones start empty and every append is nlb blocks:
		 * the first block of this one's append is a multiple. */
		if (append)
			start = zslba + (lba - zslba) / w->nlb * w->nlb;
		tag = append ? zslba + (lba - start) : lba;
		w->verified++;
		if (!verify_check_run(buf + (size_t)i * w->lba_size,
				      w->lba_size, tag, 1, seq, w->ctl->run,
				      &e))
			continue;
		e.lba = lba;
		w->mismatches++;
		if (w->nverr < MAX_VERR)
			w->verr[w->nverr++] = e;
	}
}

/* A read-back failure: the read's LBA named, and what is still in flight
 * left to the device (its buffers are never freed). */
static int readback_fail(struct worker *w, int err, uint64_t lba,
			 unsigned inflight)
{
	w->inflight = inflight;
	w->err_op = "read-back";
	w->err_lba = lba;
	return err;
}

int zoned_readback(struct worker *w)
{
	struct zoned *z = w->z;
	struct ngio_cqe cqes[MAX_DEPTH];
	uint64_t zone = z->first, end = z->first + z->fresh;
	uint64_t next_lba = 0, stop = 0;
	unsigned inflight = 0;
	bool have = false;

	/* Up to depth reads of nlb blocks in flight over the zones
	 * written, in order. */
	for (;;) {
		int n;

		while (inflight < w->depth) {
			struct ngio_zone zd;
			unsigned idx = w->free[w->nfree - 1];
			struct slot *s = &w->slots[idx];
			int ret;

			if (!have || next_lba >= stop) {
				if (zone >= end)
					break;
				ret = ngio_wp_zone(z->wp, zone++, &zd);
				if (ret)
					return readback_fail(w, ret, 0,
							     inflight);
				next_lba = zd.start;
				stop = zd.wp;
				have = true;
				continue;
			}
			ret = ngio_queue_read(w->qd, next_lba, s->buf, w->bs,
					      0, s->buf_index, idx);
			if (ret)
				return readback_fail(w, ret, next_lba,
						     inflight);
			s->lba = next_lba;
			/* Not a write: seq carries the zone's start here. */
			s->seq = (zone - 1) * z->zi->zone_size;
			next_lba += w->nlb;
			w->nfree--;
			inflight++;
		}
		if (!inflight)
			return 0;
		n = ngio_queue_reap(w->q, cqes, w->depth, 1);
		if (n == -EINTR)
			continue;
		if (n < 0)
			return readback_fail(w, n, 0, inflight);
		for (int i = 0; i < n; i++) {
			unsigned idx = cqes[i].user_data;
			struct slot *s = &w->slots[idx];

			w->free[w->nfree++] = idx;
			inflight--;
			if (cqes[i].res)
				return readback_fail(w, cqes[i].res, s->lba,
						     inflight);
			check_zone_blocks(w, s->buf, s->lba, w->nlb, s->seq);
		}
	}
}
