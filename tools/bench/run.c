// SPDX-License-Identifier: MIT
/*
 * ngio bench's engines.  Every engine runs the same loop on a worker
 * thread pinned to a CPU: fill the free slots, submit in batches, reap,
 * stamp latencies.  pt and block use an ngio queue each (ngio_queue_read/
 * write/reap: the library's hot path is what is measured), ioctl a
 * depth-1 queue per outstanding I/O, nop ngio's queue with NOPs and
 * nop-raw bare liburing.  The main thread only keeps time: it moves the
 * workers from ramp to run to stop and prints the progress line.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "args.h"
#include "bench.h"
#include "rnd.h"
#include "verify.h"
#include "worker.h"


static void sleep_ns(uint64_t ns)
{
	struct timespec ts = { ns / 1000000000ULL, ns % 1000000000ULL };

	nanosleep(&ts, NULL);
}


/* A uniform pick below n without a division. */
static inline uint64_t rnd_below(uint64_t *s, uint64_t n)
{
	return (uint64_t)(((unsigned __int128)rnd_next(s) * n) >> 64);
}

static uint64_t seed_for(uint64_t seed, unsigned id)
{
	/* splitmix64 of (seed, id): distinct non-zero states per worker. */
	uint64_t z = seed + (id + 1) * 0x9e3779b97f4a7c15ULL;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	return z ? z : 1;
}

static bool is_nop(const struct bench_opts *o)
{
	return o->engine == BENCH_NOP || o->engine == BENCH_NOP_RAW;
}

/* Choose slot s's LBA and direction; false if every pick was in flight. */
static inline bool pick(struct worker *w, struct slot *s)
{
	const struct bench_opts *o = w->o;
	uint64_t unit = 0;
	int tries;

	for (tries = 0; tries < 8; tries++) {
		if (o->rw == BENCH_READ || o->rw == BENCH_WRITE) {
			unit = w->next_unit;
			if (++w->next_unit == w->units)
				w->next_unit = 0;
		} else {
			unit = rnd_below(&w->rnd, w->units);
		}
		if (!w->busy || !w->busy[unit])
			break;
	}
	if (tries == 8)
		return false;
	if (w->busy)
		w->busy[unit] = 1;
	s->lba = w->lba0 + unit * w->nlb;
	switch (o->rw) {
	case BENCH_WRITE:
	case BENCH_RANDWRITE:
		s->write = true;
		break;
	case BENCH_RANDRW:
		s->write = rnd_below(&w->rnd, 100) >= o->mix;
		break;
	default:
		s->write = false;
	}
	return true;
}

/* The tags every PI I/O carries: reference tags count from the LBA
 * (type 3 keeps it, unchecked), a fixed application tag ("ng"). */
#define BENCH_APPTAG	0x6e67

static inline struct ngio_pi_tags pi_tags(const struct worker *w,
					  uint64_t lba)
{
	return (struct ngio_pi_tags){
		.reftag = ngio_pi_reftag(w->g, lba),
		.apptag = BENCH_APPTAG,
		.apptag_mask = 0xffff,
	};
}

/*
 * A read or write that moves metadata or carries PI: built with the
 * command builders, then queued (copied).  Before a write, --pi-host
 * generates its tuples; without it, a format's metadata is written as all
 * ones, on a PI format the escape tuple, so that a later checked read
 * skips blocks this run filled with no valid PI.
 */
static int issue_md(struct worker *w, struct slot *s, unsigned idx)
{
	const struct bench_opts *o = w->o;
	const struct ngio_geometry *g = w->g;
	struct ngio_pi_tags t = pi_tags(w, s->lba);
	struct nvme_uring_cmd cmd;
	int ret;

	if (s->write && w->md_escape) {
		if (w->md_len)
			memset(s->md, 0xff, w->md_len);
		else
			for (uint32_t i = 0; i < w->nlb; i++)
				memset((char *)s->buf + (size_t)i * w->stride +
				       w->lba_size, 0xff, g->ms);
	}
	if (s->write && o->pi_host) {
		uint64_t t0 = now_ns();

		ret = ngio_pi_generate(g, s->buf, s->md, w->nlb, &t);
		if (w->phase == PH_RUN) {
			w->pi_gen_ns += now_ns() - t0;
			w->pi_gen_n++;
		}
		if (ret)
			return ret;
	}
	if (o->vectored)
		ret = s->write ?
			ngio_cmd_writev(&cmd, g, s->lba, &s->iov, 1,
					w->rw_flags) :
			ngio_cmd_readv(&cmd, g, s->lba, &s->iov, 1,
				       w->rw_flags);
	else
		ret = s->write ?
			ngio_cmd_write(&cmd, g, s->lba, s->buf, w->xfer,
				       w->rw_flags) :
			ngio_cmd_read(&cmd, g, s->lba, s->buf, w->xfer,
				      w->rw_flags);
	if (!ret && w->md_len)
		ret = ngio_cmd_metadata(&cmd, g, s->md, w->md_len);
	if (!ret && (o->pi_act || o->pi_host || o->pi_check))
		ret = ngio_cmd_pi(&cmd, g, o->pi_check, &t);
	return ret ? ret : ngio_queue_cmd(w->qd, &cmd,
					  o->vectored ? NGIO_CMD_VEC : 0,
					  s->buf_index, idx);
}

static inline int issue(struct worker *w, struct slot *s, unsigned idx)
{
	const struct bench_opts *o = w->o;
	struct io_uring_sqe *sqe;
	struct nvme_uring_cmd cmd;
	int ret;

	switch (o->engine) {
	case BENCH_NOP_RAW:
		return raw_nop(&w->raw, idx);
	case BENCH_NOP:
		sqe = ngio_queue_get_sqe(w->q);
		if (!sqe)
			return -EBUSY;
		io_uring_prep_nop(sqe);
		sqe->user_data = idx;
		return 0;
	default:
		break;
	}
	if (w->z)
		return zoned_issue(w, s, idx);
	if (!pick(w, s))
		return -EAGAIN;
	if (s->write && o->verify) {
		/* The table keeps the counter, 0 meaning never written. */
		if (!(uint32_t)++w->seq)
			++w->seq;
		s->seq = (uint64_t)w->ctl->run << 32 | (uint32_t)w->seq;
		/* The data part of each block: extended formats put the
		 * metadata between. */
		for (uint32_t i = 0; i < w->nlb; i++)
			verify_fill((char *)s->buf + (size_t)i * w->stride,
				    w->lba_size, s->lba + i, 1, s->seq);
	} else if (s->write) {
		/* Every write's data differs: nothing to dedupe. */
		for (uint32_t i = 0; i < w->nlb; i++) {
			uint64_t v = rnd_next(&w->rnd);

			memcpy((char *)s->buf + (size_t)i * w->stride, &v, 8);
		}
	}
	if (w->pi_cmd)
		return issue_md(w, s, idx);
	if (!o->vectored)
		return s->write ?
			ngio_queue_write(w->qd, s->lba, s->buf, w->bs, 0,
					 s->buf_index, idx) :
			ngio_queue_read(w->qd, s->lba, s->buf, w->bs, 0,
					s->buf_index, idx);
	ret = s->write ?
		ngio_cmd_writev(&cmd, ngio_qdev_geometry(w->qd), s->lba,
				&s->iov, 1, 0) :
		ngio_cmd_readv(&cmd, ngio_qdev_geometry(w->qd), s->lba,
			       &s->iov, 1, 0);
	return ret ? ret : ngio_queue_cmd(w->qd, &cmd, NGIO_CMD_VEC,
					  s->buf_index, idx);
}

static inline int do_submit(struct worker *w)
{
	if (w->o->engine == BENCH_NOP_RAW)
		return raw_submit(&w->raw);
	return ngio_queue_submit(w->q);
}

static inline int do_reap(struct worker *w, struct ngio_cqe *cqes,
			  unsigned wait_nr)
{
	if (w->o->engine == BENCH_NOP_RAW)
		return raw_reap(&w->raw, cqes, w->depth, wait_nr);
	return ngio_queue_reap(w->q, cqes, w->depth, wait_nr);
}

static uint64_t enters(struct worker *w)
{
	struct ngio_queue_stats st;

	if (w->o->engine == BENCH_NOP_RAW)
		return w->raw.enters;
	ngio_queue_stats(w->q, &st);
	return st.enters;
}

static void set_phase(struct worker *w, int phase, uint64_t now)
{
	if (phase == PH_RUN) {
		w->t0 = now;
		getrusage(RUSAGE_THREAD, &w->ru0);
		w->enters0 = enters(w);
		hist_init(&w->hist);
		w->ios = w->reads = w->writes = w->bytes = 0;
	} else if (w->phase == PH_RUN) {
		w->t1 = now;
		getrusage(RUSAGE_THREAD, &w->ru1);
		w->enters1 = enters(w);
	} else {
		/* Stopped during the ramp: nothing measured. */
		w->t0 = w->t1 = now;
		w->ru1 = w->ru0;
	}
	w->phase = phase;
}

static void stop_all(struct worker *w)
{
	atomic_store_explicit(&w->ctl->phase, PH_STOP, memory_order_relaxed);
}

static void fail(struct worker *w, int err, const struct slot *s)
{
	/* Without a slot, keep what the caller said of the failure (the
	 * zoned read-back names its LBA). */
	if (!w->err) {
		w->err = err;
		if (s) {
			w->err_lba = s->lba;
			w->err_op = s->mgmt ? "zone management" :
				    !s->write ? "read" :
				    w->o->rw == BENCH_APPEND ? "append" :
				    "write";
		}
	}
	stop_all(w);
}

/*
 * A read-only run checks every block: the range must have been written by
 * an earlier --verify run.  A run that writes checks what it wrote, and
 * any other block that carries a header; a block it has not written yet
 * and that no verify run ever wrote is not checked.
 */
static void complete_verify(struct worker *w, struct slot *s)
{
	uint32_t *tab = w->seq_tab + (s->lba - w->o->range_lba);
	bool writes = bench_rw_writes(w->o->rw);
	struct verify_error e;

	w->busy[(s->lba - w->lba0) / w->nlb] = 0;
	if (s->write) {
		for (uint32_t i = 0; i < w->nlb; i++)
			tab[i] = (uint32_t)s->seq;
		return;
	}
	for (uint32_t i = 0; i < w->nlb; i++) {
		const char *blk = (const char *)s->buf + (size_t)i * w->stride;

		if (!verify_check_run(blk, w->lba_size, s->lba + i, 1, &tab[i],
				      w->ctl->run, &e)) {
			w->verified++;
			continue;
		}
		if (writes && !tab[i] && e.fault == VERIFY_NO_HEADER)
			continue;
		w->verified++;
		w->mismatches++;
		if (w->nverr < MAX_VERR)
			w->verr[w->nverr++] = e;
	}
}

/*
 * --pi-host: check a read's tuples against what its writes carried, every
 * field the type has, whatever --pi-check asked of the controller, every
 * block: past a mismatch the check goes on from the next block.  Timed
 * once per I/O.
 */
static void complete_pi(struct worker *w, struct slot *s)
{
	const struct ngio_geometry *g = w->g;
	uint64_t t0 = now_ns();
	uint32_t b = 0;

	while (b < w->nlb) {
		struct ngio_pi_tags t = pi_tags(w, s->lba + b);
		struct ngio_pi_error e;
		int ret;

		ret = ngio_pi_verify(g, (const char *)s->buf +
				     (size_t)b * w->stride,
				     s->md ? (const char *)s->md +
				     (size_t)b * g->ms : NULL,
				     w->nlb - b, &t, ngio_pi_checks(g), &e);
		if (!ret)
			break;
		if (ret != -EBADMSG) {
			fail(w, ret, s);
			return;
		}
		w->pi_mismatches++;
		if (w->npierr < MAX_VERR)
			w->pierr[w->npierr++] = (struct pi_bad){
				.lba = s->lba + b + e.block, .field = e.field,
				.want = e.want, .got = e.got,
			};
		b += e.block + 1;
	}
	w->pi_checked += w->nlb;
	if (w->phase == PH_RUN) {
		w->pi_ver_ns += now_ns() - t0;
		w->pi_ver_n++;
	}
}

/* Completions of the measured phase: all of them when running for a
 * time, only those issued after the ramp when counting --ios exactly. */
static inline void complete(struct worker *w, struct slot *s, uint64_t now)
{
	if (s->measured)
		w->run_inflight--;
	if (w->phase != PH_RUN || (w->limit && !s->measured))
		return;
	hist_add(&w->hist, now - s->t);
	w->ios++;
	if (s->write)
		w->writes++;
	else
		w->reads++;
}

static inline bool limit_reached(const struct worker *w)
{
	return w->limit && w->phase == PH_RUN &&
	       w->ios + w->run_inflight >= w->limit;
}

/* Issue into the free slots, a submission every batch_submit. */
static void fill(struct worker *w, uint64_t *now, bool *draining)
{
	unsigned queued = 0;

	while (!*draining && w->nfree) {
		unsigned idx = w->free[w->nfree - 1];
		struct slot *s = &w->slots[idx];
		int ret = issue(w, s, idx);

		/* All picks in flight, or (SQPOLL) the SQ not yet
		 * consumed: reap first. */
		if ((ret == -EAGAIN || ret == -EBUSY) && w->inflight)
			break;
		if (ret) {
			fail(w, ret, s);
			*draining = true;
			break;
		}
		s->t = *now;
		s->measured = w->phase == PH_RUN && !s->mgmt;
		w->run_inflight += s->measured;
		w->nfree--;
		w->inflight++;
		/* The last batch goes with the reap's wait. */
		if (++queued == w->batch_submit && w->nfree) {
			ret = do_submit(w);
			if (ret < 0) {
				fail(w, ret, NULL);
				break;
			}
			queued = 0;
			*now = now_ns();
		}
		if (limit_reached(w))
			break;
	}
}

/* The n completions reaped: their slots freed, each checked, counted. */
static void reaped(struct worker *w, struct ngio_cqe *cqes, int n,
		   uint64_t now)
{
	const struct bench_opts *o = w->o;

	for (int i = 0; i < n; i++) {
		unsigned idx = cqes[i].user_data;
		struct slot *s = &w->slots[idx];

		w->free[w->nfree++] = idx;
		w->inflight--;
		if (cqes[i].res) {
			fail(w, cqes[i].res, s);
			continue;
		}
		if (o->pi_host && !s->write)
			complete_pi(w, s);
		/* Zone management is not an I/O: not counted. */
		if (w->z) {
			if (!zoned_complete(w, s, &cqes[i]))
				continue;
		} else if (o->verify) {
			complete_verify(w, s);
		}
		complete(w, s, now);
	}
	w->done += n;
	atomic_store_explicit(&w->live_ios, w->done, memory_order_relaxed);
}

static void run_loop(struct worker *w)
{
	const struct bench_opts *o = w->o;
	struct ngio_cqe cqes[MAX_DEPTH];
	uint64_t now = now_ns();
	bool draining = false;

	for (;;) {
		int phase = atomic_load_explicit(&w->ctl->phase,
						 memory_order_relaxed);
		unsigned wait_nr;
		int n;

		if (phase != w->phase && w->phase != PH_STOP)
			set_phase(w, phase, now);
		if (w->phase == PH_STOP || w->err || limit_reached(w))
			draining = true;
		if (draining && !w->inflight)
			break;
		fill(w, &now, &draining);
		if (!w->inflight)
			continue;
		/* With SQPOLL nothing needs a system call: poll the ring,
		 * as fio does. */
		wait_nr = o->sqpoll ? 0 : w->batch_complete < w->inflight ?
			w->batch_complete : w->inflight;
		n = do_reap(w, cqes, wait_nr);
		if (n < 0) {
			if (n == -EINTR)
				continue;
			fail(w, n, NULL);
			/* Nothing more will complete that we can wait for. */
			break;
		}
		now = now_ns();
		reaped(w, cqes, n, now);
	}
	if (w->phase == PH_RUN)
		set_phase(w, PH_STOP, now);
	w->bytes = is_nop(o) ? 0 : w->ios * w->bs;
}

static int setup_worker(struct worker *w, struct ngio_dev *dev);

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct ctl *ctl = w->ctl;
	int ret;

	/* The ring is set up, and used, by this thread alone: it may be a
	 * SINGLE_ISSUER ring.  Pin only afterwards: an SQPOLL thread takes
	 * its creator's CPUs, and must not share our one CPU. */
	ret = setup_worker(w, ctl->dev);
	if (!ret && w->cpu >= 0) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(w->cpu, &set);
		ret = -pthread_setaffinity_np(pthread_self(), sizeof(set),
					      &set);
	}
	if (ret) {
		w->setup_err = ret;
		atomic_fetch_add(&ctl->failed, 1);
		atomic_fetch_sub(&ctl->running, 1);
		return NULL;
	}
	atomic_fetch_add(&ctl->ready, 1);
	while (atomic_load(&ctl->phase) == PH_INIT)
		sleep_ns(100000);
	run_loop(w);
	/* Zoned: every block written, read back and checked. */
	if (w->z && w->o->verify && !w->err && !w->inflight) {
		ret = zoned_readback(w);
		if (ret)
			fail(w, ret, NULL);
	}
	atomic_fetch_sub(&ctl->running, 1);
	return NULL;
}

/* ------------------------------------------------------------ set-up */

/* The worker's queue, set up as fio's would be, with the device on it. */
static int setup_queue(struct worker *w, struct ngio_dev *dev)
{
	const struct bench_opts *o = w->o;
	struct ngio_queue_params p = {
		.depth = w->depth,
		.engine = o->engine == BENCH_BLOCK ? NGIO_ENGINE_BLOCK :
			  o->engine == BENCH_IOCTL ? NGIO_ENGINE_IOCTL :
			  NGIO_ENGINE_PT,
	};
	int ret;

	/* An emulated device's passthrough is its model's queue. */
	if (o->engine == BENCH_PT && dev &&
	    ngio_dev_engine(dev) == NGIO_ENGINE_EMU)
		p.engine = NGIO_ENGINE_EMU;
	/* What fio sets up too; ngio drops what the kernel refuses. */
	p.flags = NGIO_Q_SINGLE_ISSUER | NGIO_Q_DEFER_TASKRUN |
		  NGIO_Q_COOP_TASKRUN;
	if (o->poll)
		p.flags |= NGIO_Q_IOPOLL;
	/* Checked against the probe before: granted, or the run fails. */
	if (o->hybrid)
		p.flags |= NGIO_Q_HYBRID_IOPOLL;
	if (o->sqpoll) {
		p.flags |= NGIO_Q_SQPOLL;
		if (o->sqpoll_cpu >= 0) {
			p.flags |= NGIO_Q_SQ_AFF;
			p.sq_thread_cpu = o->sqpoll_cpu;
		}
	}
	ret = ngio_queue_init_params(&w->q, &p);
	if (!ret && o->hybrid &&
	    !(ngio_queue_flags(w->q) & NGIO_Q_HYBRID_IOPOLL))
		ret = -EOPNOTSUPP;
	if (ret || is_nop(o))
		return ret;
	return ngio_queue_add_dev(w->q, dev, &w->qd);
}

/* The slots' data and metadata buffers, the data random. */
static int setup_bufs(struct worker *w)
{
	const struct bench_opts *o = w->o;
	size_t stride, md_stride;
	int ret;

	/* A buffer per slot, each its own registration where --fixed (one
	 * large one would trip Linux 6.1's max_segments count). */
	stride = (w->xfer + 4095) & ~(size_t)4095;
	if (!o->fixed) {
		w->bufs = aligned_alloc(4096, stride * w->depth);
		if (!w->bufs)
			return -ENOMEM;
	}
	/* Separate metadata: a plain buffer per slot, never registered
	 * (passthrough maps it apart from the data). */
	md_stride = (w->md_len + 63) & ~(size_t)63;
	if (w->md_len) {
		w->mds = aligned_alloc(64, md_stride * w->depth);
		if (!w->mds)
			return -ENOMEM;
		memset(w->mds, 0xff, md_stride * w->depth);
	}
	for (unsigned i = 0; i < w->depth; i++) {
		struct slot *s = &w->slots[i];
		uint64_t r = w->rnd;

		if (o->fixed) {
			ret = ngio_buf_alloc(w->q, stride, &s->buf);
			if (ret < 0)
				return ret;
			s->buf_index = ret;
		} else {
			s->buf = (char *)w->bufs + i * stride;
		}
		if (w->md_len)
			s->md = (char *)w->mds + i * md_stride;
		/* Written data that no device could compress or dedupe. */
		for (size_t j = 0; j < w->xfer; j += 8) {
			uint64_t v = rnd_next(&r);

			memcpy((char *)s->buf + j, &v, 8);
		}
		w->rnd = r;
		s->iov.iov_base = s->buf;
		s->iov.iov_len = w->xfer;
	}
	return 0;
}

static int setup_worker(struct worker *w, struct ngio_dev *dev)
{
	const struct bench_opts *o = w->o;
	int ret;

	w->slots = calloc(w->depth, sizeof(*w->slots));
	w->free = calloc(w->depth, sizeof(*w->free));
	if (!w->slots || !w->free)
		return -ENOMEM;
	for (unsigned i = 0; i < w->depth; i++) {
		w->free[i] = w->depth - 1 - i;
		w->slots[i].buf_index = -1;
	}
	w->nfree = w->depth;
	hist_init(&w->hist);

	if (o->engine == BENCH_NOP_RAW) {
		ret = raw_init(&w->raw, w->depth, o->sqpoll, o->sqpoll_cpu);
		w->raw_up = !ret;
		return ret;
	}
	ret = setup_queue(w, dev);
	if (ret || is_nop(o))
		return ret;
	ret = setup_bufs(w);
	if (ret)
		return ret;
	if (zoned_rw(o->rw))
		return zoned_setup(w, dev, &w->ctl->dev_lock);
	return 0;
}

static void free_worker(struct worker *w)
{
	zoned_free(w);
	if (w->q)
		ngio_queue_exit(w->q);
	if (w->raw_up)
		raw_exit(&w->raw);
	/* Abandoned I/O may still DMA into them: never hand them back. */
	if (!w->inflight) {
		free(w->bufs);
		free(w->mds);
	}
	free(w->slots);
	free(w->free);
}

/* The CPUs we may run on, to pin workers to in turn. */
static unsigned allowed_cpus(int *cpus, unsigned max)
{
	cpu_set_t set;
	unsigned n = 0;

	if (sched_getaffinity(0, sizeof(set), &set))
		return 0;
	for (int c = 0; c < CPU_SETSIZE && n < max; c++)
		if (CPU_ISSET(c, &set))
			cpus[n++] = c;
	return n;
}

/*
 * Keep the submitting threads off the SQPOLL thread's CPU: sharing it,
 * the two take turns and a run goes at a fraction of its speed.  When
 * that CPU is the only one allowed, say so.  Returns the CPUs left.
 */
static unsigned spare_sqpoll_cpu(int *cpus, unsigned n, int sq_cpu)
{
	unsigned k = 0;

	for (unsigned i = 0; i < n; i++)
		if (cpus[i] != sq_cpu)
			cpus[k++] = cpus[i];
	if (k)
		return k;
	cli_err(0, "bench", NULL, "warning: --sqpoll=%d is the only CPU this "
		"process may use: the submitting threads share it with the "
		"SQPOLL thread and run far slower", sq_cpu);
	return n;
}

/* A usage error, said in one line. */
#define usage(...) bench_say(NGIO_EXIT_USAGE, __VA_ARGS__)

/* A number from a sysfs file, or 0. */
static unsigned long sysfs_num(const char *path)
{
	unsigned long v = 0;
	FILE *f = fopen(path, "r");

	if (f) {
		if (fscanf(f, "%lu", &v) != 1)
			v = 0;
		fclose(f);
	}
	return v;
}

/*
 * Linux 6.1 takes a general protection fault in bio_poll, called from
 * nvme_ns_chr_uring_cmd_iopoll, when polled passthrough rings outnumber
 * the poll queues or their commands outnumber the queues' tags
 * (docs/performance.md has the reproducer and the runs): 4 rings x QD
 * 1024 over 2 poll queues crashed, and 2 rings x QD 64 over 1 wedged the
 * VM.  Before 6.5 the poll cookie is the bio, which another ring's poll
 * can complete and free; 6.5 polls the request.  Refuse both shapes on
 * 6.1 to 6.4.
 */
static int poll_depth_check(const struct bench_opts *o)
{
	unsigned long pq, depth, tags, want;
	unsigned major, minor;
	struct utsname u;
	bool crash;

	if (!o->poll || o->engine != BENCH_PT || uname(&u) ||
	    sscanf(u.release, "%u.%u", &major, &minor) != 2 ||
	    major != 6 || minor >= 14)
		return 0;
	crash = minor < 5;
	pq = sysfs_num("/sys/module/nvme/parameters/poll_queues");
	depth = sysfs_num("/sys/module/nvme/parameters/io_queue_depth");
	if (!pq || depth < 2)
		return 0;
	tags = pq * (depth - 1);
	want = (unsigned long)o->threads * o->qd;
	if (crash && o->threads > pq)
		return usage("--poll with %u threads: more polling rings than "
			     "the %lu poll queues; Linux %s can crash (a GPF "
			     "in bio_poll): use at most %lu threads",
			     o->threads, pq, u.release, pq);
	/*
	 * Past the tags io_uring retries the commands from its workers;
	 * before 6.14 a passthrough command retried so may read its SQE
	 * after ngio reused the slot (6.12.117 failed reads with EFAULT,
	 * 7.3.4 ran it).
	 */
	if (want > tags)
		return usage("--poll with %u threads x --qd %u: %lu polled "
			     "commands in flight, more than the %lu tags of "
			     "the %lu poll queues; Linux %s %s: use a lower "
			     "--qd", o->threads, o->qd, want, tags, pq,
			     u.release, crash ? "can crash (a GPF in "
			     "bio_poll)" : "fails retried passthrough reads "
			     "(EFAULT)");
	return 0;
}

int bench_say(int ret, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_verr(ret, "bench", NULL, fmt, ap);
	va_end(ap);
	return ret;
}

/* PRACT on a format whose metadata is the PI tuple alone: no metadata
 * moves, the controller inserts and strips the tuples. */
static bool pi_strip(const struct bench_opts *o,
		     const struct ngio_geometry *g)
{
	return ngio_pract_strips(g, o->pi_act ? NGIO_RW_PRACT : 0);
}

/* Bytes a block takes in an I/O's data buffer. */
static uint32_t block_xfer(const struct bench_opts *o,
			   const struct ngio_geometry *g)
{
	return ngio_xfer_block_bytes(g, o->pi_act ? NGIO_RW_PRACT : 0);
}

/* Bytes of separate metadata a block moves. */
static uint32_t block_md(const struct bench_opts *o,
			 const struct ngio_geometry *g)
{
	return g->extended || pi_strip(o, g) ? 0 : g->ms;
}

/* --md and the PI options against the namespace's format. */
static int check_md(const struct bench_opts *o,
		    const struct ngio_geometry *g)
{
	bool pi = o->pi_act || o->pi_host || o->pi_check;

	if (pi && !g->pi_type)
		return usage("%s: a format without protection information: "
			     "no --pi-act, --pi-check or --pi-host", o->dev);
	if (!g->ms && o->md)
		return usage("--md: %s has no metadata (%u-byte blocks, "
			     "nothing else)", o->dev, g->lba_size);
	if (pi && g->sts)
		return usage("%s: a format with storage tags: bench does not "
			     "make them", o->dev);
	if (o->pi_check & NGIO_PI_CHECK_REFTAG && g->pi_type == 3)
		return usage("--pi-check reftag: %s has type 3 protection "
			     "information, which has no reference tag to "
			     "check", o->dev);
	if (g->ms && !o->md && !pi_strip(o, g)) {
		if (o->pi_act)
			return usage("%s: --pi-act: %u bytes of metadata per "
				     "block, %u of them the PI tuple: the rest "
				     "moves, add --md", o->dev, g->ms,
				     ngio_pi_size(g));
		return usage("%s: a format with %u bytes of metadata per "
			     "block: --md moves it with the data%s", o->dev,
			     g->ms, g->pi_type ? " (--pi-act: the controller "
			     "adds and strips the PI)" : "");
	}
	return 0;
}

/* Refuse what the device or kernel cannot do, in words, before a run. */
static int check_dev(const struct bench_opts *o, struct ngio_dev *dev,
		     const struct ngio_geometry *g)
{
	uint32_t xfer = o->bs / g->lba_size * block_xfer(o, g);
	const char *why = NULL;
	int ret;

	if (!ngio_dev_is_ns(dev))
		return usage("%s: a controller: give a "
			   "namespace (/dev/ngXnY)", o->dev);
	ret = check_md(o, g);
	if (ret)
		return ret;
	if (o->engine == BENCH_BLOCK && !ngio_dev_blk_path(dev))
		return usage("%s: the kernel made no block "
			   "device for it: no block engine", o->dev);
	/* Metadata on the block engine: separate, with PI, as io_uring's
	 * PI attribute (Linux 6.14). */
	if (o->engine == BENCH_BLOCK && (o->md || o->pi_check)) {
		if (g->extended)
			return usage("%s: --engine block: the format "
				     "interleaves metadata with the data "
				     "(extended LBA), which the block layer "
				     "does not move", o->dev);
		if (!g->pi_type)
			return usage("%s: --engine block moves metadata only "
				     "as protection information, and this "
				     "format has none", o->dev);
		if (!ngio_dev_has(dev, NGIO_CAP_BLOCK_PI, &why))
			goto nocap;
	}
	if (o->engine == BENCH_PT && ngio_dev_engine(dev) != NGIO_ENGINE_EMU &&
	    !ngio_dev_has(dev, NGIO_CAP_URING_CMD, &why))
		goto nocap;
	if (o->poll && !ngio_dev_has(dev, NGIO_CAP_IOPOLL, &why))
		goto nocap;
	if (o->hybrid && !ngio_dev_has(dev, NGIO_CAP_HYBRID_IOPOLL, &why))
		goto nocap;
	ret = poll_depth_check(o);
	if (ret)
		return ret;
	if (o->fixed && !ngio_dev_has(dev, NGIO_CAP_FIXED_BUFS, &why))
		goto nocap;
	if (o->fixed && o->vectored && o->engine == BENCH_PT &&
	    !ngio_dev_has(dev, NGIO_CAP_VEC_FIXED, &why))
		goto nocap;
	if (o->fixed && o->vectored && o->engine == BENCH_BLOCK)
		return usage("--fixed --vectored: io_uring has "
			   "no vectored read/write of registered buffers");
	if (o->fixed && o->qd > NGIO_MAX_BUFS)
		return usage("--fixed registers a buffer per "
			   "slot: --qd at most %d", NGIO_MAX_BUFS);
	if (bench_rw_writes(o->rw) &&
	    !ngio_dev_has(dev, NGIO_CAP_WRITE, &why))
		goto nocap;
	if (o->bs % g->lba_size)
		return usage("--bs %u is not a multiple of "
			   "the %u-byte block", o->bs, g->lba_size);
	if (xfer > g->max_xfer)
		return usage("--bs %u (%u bytes with the metadata) is over the "
			   "device's largest transfer, %u bytes", o->bs, xfer,
			   g->max_xfer);
	/* Buffers are page-aligned: xfer bytes span this many pages. */
	if (g->max_segments && g->page_size &&
	    (xfer + g->page_size - 1) / g->page_size > g->max_segments)
		return usage("--bs %u (%u bytes with the metadata) spans more "
			   "than the %u pages the kernel maps for one command "
			   "(max_segments)", o->bs, xfer, g->max_segments);
	return 0;
nocap:
	return usage("%s: %s", o->dev,
		   why ? why : "not supported");
}

static int range_check(struct bench_opts *o, const struct ngio_geometry *g,
		       unsigned nworkers)
{
	uint64_t nlb = o->bs / g->lba_size, units;

	if (o->range_lba >= g->nsze) {
		return usage("--range starts at LBA %llu, past the end (%llu "
			     "blocks)", (unsigned long long)o->range_lba,
			     (unsigned long long)g->nsze);
	}
	if (!o->range_blocks)
		o->range_blocks = g->nsze - o->range_lba;
	if (o->range_blocks > g->nsze - o->range_lba) {
		return usage("--range %llu:%llu runs past the end of the "
			     "namespace (%llu blocks)",
			     (unsigned long long)o->range_lba,
			     (unsigned long long)o->range_blocks,
			     (unsigned long long)g->nsze);
	}
	units = o->range_blocks / nlb;
	if (units < (o->verify ? nworkers : 1)) {
		return usage("--range of %llu blocks holds fewer than %u I/Os "
			     "of --bs %u", (unsigned long long)o->range_blocks,
			     o->verify ? nworkers : 1, o->bs);
	}
	if (o->verify && o->range_blocks > VERIFY_MAX_BLOCKS) {
		return usage("--verify keeps 4 bytes per block: use --range of "
			     "at most %llu blocks",
			     (unsigned long long)VERIFY_MAX_BLOCKS);
	}
	return 0;
}

static void progress(const struct bench_opts *o, struct worker *w,
		     unsigned nw, uint64_t *last_ios, uint64_t *last_t,
		     uint64_t start, uint64_t now, int phase)
{
	uint64_t ios = 0;
	double secs = (now - *last_t) / 1e9, iops;
	double el = (now - start) / 1e9;
	char total[32] = "";

	for (unsigned i = 0; i < nw; i++)
		ios += atomic_load_explicit(&w[i].live_ios,
					    memory_order_relaxed);
	if (ios < *last_ios)
		*last_ios = 0;
	iops = secs > 0 ? (ios - *last_ios) / secs : 0;
	if (o->time_ns)
		snprintf(total, sizeof(total), "/%.0f",
			 (o->ramp_ns + o->time_ns) / 1e9);
	fprintf(stderr, "\r\033[K[%s] %.1fk IOPS, %.1f MB/s, %.0f%s s",
		phase == PH_RAMP ? "ramp" : "run", iops / 1e3,
		is_nop(o) ? 0 : iops * o->bs / 1e6, el, total);
	fflush(stderr);
	*last_ios = ios;
	*last_t = now;
}

static void sleep_until(uint64_t t)
{
	struct timespec ts = { t / 1000000000ULL, t % 1000000000ULL };

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) ==
	       EINTR)
		;
}

/* Keep time: ramp, run, stop; a progress line once a second. */
static void keep_time(const struct bench_opts *o, struct ctl *ctl,
		      struct worker *w, unsigned nw)
{
	uint64_t start = now_ns(), last_t = start, last_ios = 0;
	uint64_t run_at = start + o->ramp_ns;
	uint64_t stop_at = o->time_ns ? run_at + o->time_ns : UINT64_MAX;
	bool shown = false;

	for (;;) {
		uint64_t now = now_ns(), next;
		int phase = atomic_load(&ctl->phase);

		if (!atomic_load(&ctl->running))
			break;
		/* Never over a worker's PH_STOP (an error stops all). */
		if (phase == PH_RAMP && now >= run_at &&
		    atomic_compare_exchange_strong(&ctl->phase, &phase,
						   PH_RUN))
			phase = PH_RUN;
		if (phase == PH_RUN && now >= stop_at &&
		    atomic_compare_exchange_strong(&ctl->phase, &phase,
						   PH_STOP))
			phase = PH_STOP;
		if (o->progress && now - last_t >= 1000000000ULL &&
		    phase != PH_STOP) {
			progress(o, w, nw, &last_ios, &last_t, start, now,
				 phase);
			shown = true;
		}
		/* Wake for the next event, and often enough to notice an
		 * --ios run ending. */
		next = now + 50000000ULL;
		if (phase == PH_RAMP && run_at < next)
			next = run_at;
		if (phase == PH_RUN && stop_at < next)
			next = stop_at;
		sleep_until(next);
	}
	if (shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
}

static double tv_ns(const struct timeval *a, const struct timeval *b)
{
	return (b->tv_sec - a->tv_sec) * 1e9 + (b->tv_usec - a->tv_usec) * 1e3;
}

static void sum_up(struct worker *w, unsigned nw, struct bench_result *r,
		   struct hist *h)
{
	uint64_t t0 = UINT64_MAX, t1 = 0;
	uint64_t gen_ns = 0, gen_n = 0, ver_ns = 0, ver_n = 0;
	double usr = 0, sys = 0;
	int64_t sc = 0;

	memset(r, 0, sizeof(*r));
	hist_init(h);
	for (unsigned i = 0; i < nw; i++) {
		if (!w[i].started)
			continue;
		r->ios += w[i].ios;
		r->reads += w[i].reads;
		r->writes += w[i].writes;
		r->bytes += w[i].bytes;
		r->verified += w[i].verified;
		r->mismatches += w[i].mismatches;
		r->zone_resets += w[i].zone_resets;
		r->zone_finishes += w[i].zone_finishes;
		r->pi_checked += w[i].pi_checked;
		r->pi_mismatches += w[i].pi_mismatches;
		gen_ns += w[i].pi_gen_ns;
		gen_n += w[i].pi_gen_n;
		ver_ns += w[i].pi_ver_ns;
		ver_n += w[i].pi_ver_n;
		if (w[i].t0 < t0)
			t0 = w[i].t0;
		if (w[i].t1 > t1)
			t1 = w[i].t1;
		usr += tv_ns(&w[i].ru0.ru_utime, &w[i].ru1.ru_utime);
		sys += tv_ns(&w[i].ru0.ru_stime, &w[i].ru1.ru_stime);
		sc += w[i].enters1 - w[i].enters0;
		hist_merge(h, &w[i].hist);
	}
	r->runtime_ns = t1 > t0 ? t1 - t0 : 0;
	if (r->runtime_ns) {
		r->iops = r->ios * 1e9 / r->runtime_ns;
		r->bw = r->bytes * 1e9 / r->runtime_ns;
		r->usr_pct = usr * 100 / r->runtime_ns;
		r->sys_pct = sys * 100 / r->runtime_ns;
	}
	if (r->ios) {
		r->usr_ns_per_io = usr / r->ios;
		r->sys_ns_per_io = sys / r->ios;
	}
	r->lat_min = h->count ? h->min : 0;
	r->lat_max = h->max;
	r->lat_mean = hist_mean(h);
	for (int i = 0; i < BENCH_NR_PCT; i++)
		r->lat_pct[i] = hist_percentile(h, bench_pct[i]);
	r->syscalls = sc;
	r->ios_per_syscall = sc ? (double)r->ios / sc : 0;
	r->pi_host = nw && w[0].o->pi_host;
	r->pi_gen_ns_per_io = gen_n ? (double)gen_ns / gen_n : 0;
	r->pi_verify_ns_per_io = ver_n ? (double)ver_ns / ver_n : 0;
	r->pi_cpu_pct = usr + sys > 0 ? (gen_ns + ver_ns) * 100 / (usr + sys) :
			0;
}

/* --pi-host: the tuples that failed the host's check. */
static void report_pi(struct worker *w, unsigned nw,
		      const struct bench_result *r)
{
	unsigned shown = 0;

	for (unsigned i = 0; i < nw; i++)
		for (unsigned j = 0; j < w[i].npierr && shown < MAX_VERR;
		     j++, shown++) {
			const struct pi_bad *b = &w[i].pierr[j];

			cli_err(0, "bench", NULL, "PI: LBA %llu: %s 0x%llx, "
				"want 0x%llx (host check)",
				(unsigned long long)b->lba,
				pi_field_name(b->field),
				(unsigned long long)b->got,
				(unsigned long long)b->want);
		}
	if (r->pi_mismatches)
		cli_err(0, "bench", NULL, "PI: %llu of %llu blocks failed "
			"the host check",
			(unsigned long long)r->pi_mismatches,
			(unsigned long long)r->pi_checked);
}

/* Say what went wrong in the workers: the first error, every mismatch. */
static int report_workers(const struct bench_opts *o, struct worker *w,
			  unsigned nw, const struct bench_result *r)
{
	uint64_t bad_appends = 0;
	char buf[160];
	unsigned shown = 0;

	for (unsigned i = 0; i < nw; i++) {
		char at[64] = "";

		if (!w[i].err)
			continue;
		if (w[i].err_op)
			snprintf(at, sizeof(at), "%s at LBA %llu: ",
				 w[i].err_op, (unsigned long long)w[i].err_lba);
		cli_err(0, "bench",
			o->dev ? o->dev : bench_engine_name(o->engine), "%s%s",
			at, ngio_status_str(w[i].err, buf, sizeof(buf)));
		return w[i].err > 0 ? NGIO_EXIT_NVME : NGIO_EXIT_SYS;
	}
	if (!r->mismatches && !r->pi_mismatches)
		return 0;
	report_pi(w, nw, r);
	for (unsigned i = 0; i < nw; i++) {
		bad_appends += w[i].bad_appends;
		for (uint64_t j = 0; j < w[i].bad_appends && j < MAX_VERR &&
		     shown < MAX_VERR; j++, shown++)
			cli_err(0, "bench", NULL, "verify: an append to the "
				"zone at LBA %llu was placed at LBA %llu: "
				"outside the zone, past its reserved blocks or "
				"over an earlier append's",
				(unsigned long long)w[i].bad_append[j][1],
				(unsigned long long)w[i].bad_append[j][0]);
	}
	for (unsigned i = 0; i < nw; i++)
		for (unsigned j = 0; j < w[i].nverr && shown < MAX_VERR; j++) {
			cli_err(0, "bench", NULL, "verify: %s",
				verify_describe(&w[i].verr[j], buf,
						sizeof(buf)));
			shown++;
		}
	if (bad_appends)
		cli_err(0, "bench", NULL, "verify: %llu appends placed wrong",
			(unsigned long long)bad_appends);
	if (r->mismatches > bad_appends)
		cli_err(0, "bench", NULL, "verify: %llu of %llu blocks read "
			"back wrong",
			(unsigned long long)(r->mismatches - bad_appends),
			(unsigned long long)r->verified);
	return NGIO_EXIT_MISMATCH;
}

/* Open the device and check the options against it, completing them. */
static int open_dev(struct bench_opts *o, unsigned nw, struct ngio_dev **devp,
		    const struct ngio_geometry **gp)
{
	const struct ngio_geometry *g;
	struct ngio_dev *dev;
	int ret;

	ret = ngio_dev_open(o->dev, 0, &dev);
	if (ret)
		return report_dev("bench", o->dev, ret);
	*devp = dev;
	g = *gp = ngio_dev_geometry(dev);
	if (!o->bs)
		o->bs = g->lba_size;
	/* The checks the PI type allows, unless told. */
	if (!o->pi_check_set && (o->pi_act || o->pi_host))
		o->pi_check = ngio_pi_checks(g);
	ret = check_dev(o, dev, g);
	if (!ret)
		ret = range_check(o, g, nw);
	if (!ret && zoned_rw(o->rw)) {
		zoned_defaults(o, dev, nw);
		ret = zoned_check(o, dev, nw);
	}
	return ret;
}

static void init_ctl(struct ctl *ctl, struct ngio_dev *dev)
{
	pthread_mutex_init(&ctl->dev_lock, NULL);
	atomic_init(&ctl->phase, PH_INIT);
	atomic_init(&ctl->running, 0);
	atomic_init(&ctl->ready, 0);
	atomic_init(&ctl->failed, 0);
	ctl->dev = dev;
	/* A new number every run: a rerun's blocks differ from the last's,
	 * so a write the device drops shows as stale. */
	if (getrandom(&ctl->run, sizeof(ctl->run), 0) != sizeof(ctl->run))
		ctl->run = (uint32_t)now_ns() ^ (uint32_t)getpid();
}

/* Worker i of nw: its blocks on the device and how it moves them. */
static void init_worker_dev(struct worker *x, unsigned i, unsigned nw,
			    const struct bench_opts *o,
			    const struct ngio_geometry *g, uint32_t *seq_tab,
			    uint8_t *busy)
{
	uint64_t units;

	x->lba_size = g->lba_size;
	x->bs = o->bs;
	x->nlb = o->bs / g->lba_size;
	x->g = g;
	x->stride = block_xfer(o, g);
	x->xfer = x->nlb * x->stride;
	x->md_len = x->nlb * block_md(o, g);
	x->pi_cmd = o->md || o->pi_act || o->pi_host || o->pi_check;
	x->md_escape = !o->pi_host && (x->md_len || x->stride > g->lba_size);
	x->rw_flags = o->pi_act ? NGIO_RW_PRACT : 0;
	units = o->range_blocks / x->nlb;
	x->lba0 = o->range_lba;
	x->units = units;
	if (o->verify) {
		/* Disjoint spans: no two workers race on a block, so each
		 * knows its last write. */
		uint64_t per = units / nw;

		x->lba0 = o->range_lba + i * per * x->nlb;
		x->units = per;
		x->seq_tab = seq_tab;
		x->busy = busy + i * per;
	}
}

/* per_job workers to a job (--threads), the jobs pinned to CPUs in turn. */
static void init_workers(struct worker *w, unsigned nw, unsigned per_job,
			 const struct bench_opts *o, struct ctl *ctl,
			 const struct ngio_geometry *g, uint32_t *seq_tab,
			 uint8_t *busy)
{
	int cpus[CPU_SETSIZE];
	unsigned ncpu;

	ncpu = allowed_cpus(cpus, CPU_SETSIZE);
	if (o->sqpoll && o->sqpoll_cpu >= 0)
		ncpu = spare_sqpoll_cpu(cpus, ncpu, o->sqpoll_cpu);
	for (unsigned i = 0; i < nw; i++) {
		struct worker *x = &w[i];
		unsigned job = i / per_job;

		x->o = o;
		x->ctl = ctl;
		x->id = i;
		x->cpu = ncpu ? cpus[job % ncpu] : -1;
		x->depth = o->engine == BENCH_IOCTL ? 1 : o->qd;
		x->batch_submit = o->batch_submit < x->depth ?
			o->batch_submit : x->depth;
		x->batch_complete = o->batch_complete < x->depth ?
			o->batch_complete : x->depth;
		x->rnd = seed_for(o->seed, i);
		x->phase = PH_INIT;
		if (o->ios)
			x->limit = o->ios / nw + (i < o->ios % nw);
		if (g)
			init_worker_dev(x, i, nw, o, g, seq_tab, busy);
	}
}

/* Start the workers, keep the time, and join them: 0 or an exit code. */
static int run_workers(const struct bench_opts *o, struct ctl *ctl,
		       struct worker *w, unsigned nw)
{
	unsigned started = 0;
	int ret = 0;

	/* Each worker sets up its own ring; workers with an --ios share of
	 * 0 have nothing to do. */
	for (unsigned i = 0; i < nw && !ret; i++) {
		if (o->ios && !w[i].limit)
			continue;
		atomic_fetch_add(&ctl->running, 1);
		ret = pthread_create(&w[i].tid, NULL, worker_main, &w[i]);
		if (ret) {
			atomic_fetch_sub(&ctl->running, 1);
			ret = cli_err(NGIO_EXIT_SYS, "bench", NULL,
				      "thread: %s", strerror(ret));
			break;
		}
		w[i].started = true;
		started++;
	}
	/* Start the clock once every ring is ready, or stop them all. */
	while (!ret && atomic_load(&ctl->ready) + atomic_load(&ctl->failed) <
	       started)
		sleep_ns(1000000);
	if (ret || atomic_load(&ctl->failed)) {
		atomic_store(&ctl->phase, PH_STOP);
	} else {
		atomic_store(&ctl->phase, o->ramp_ns ? PH_RAMP : PH_RUN);
		keep_time(o, ctl, w, nw);
	}
	for (unsigned i = 0; i < nw; i++)
		if (w[i].started)
			pthread_join(w[i].tid, NULL);
	for (unsigned i = 0; i < nw && !ret; i++)
		if (w[i].setup_err)
			ret = report("bench", o->dev ? o->dev :
				     bench_engine_name(o->engine),
				     w[i].setup_err);
	return ret;
}

int bench_run(struct bench_opts *oin, struct bench_result *r)
{
	struct bench_opts o = *oin;
	struct ngio_dev *dev = NULL;
	const struct ngio_geometry *g = NULL;
	struct ctl ctl;
	struct worker *w = NULL;
	struct hist *h = NULL;
	uint32_t *seq_tab = NULL;
	uint8_t *busy = NULL;
	unsigned nw, per_job = 1;
	int ret;

	nw = o.threads;
	if (o.engine == BENCH_IOCTL) {
		/* Synchronous: a thread per outstanding I/O. */
		per_job = o.qd;
		nw = o.threads * o.qd;
	}
	if (!is_nop(&o)) {
		ret = open_dev(&o, nw, &dev, &g);
		if (ret)
			goto out;
	}

	ret = NGIO_EXIT_SYS;
	w = calloc(nw, sizeof(*w));
	h = malloc(sizeof(*h));
	if (!w || !h)
		goto nomem;
	if (o.verify) {
		seq_tab = calloc(o.range_blocks, sizeof(*seq_tab));
		busy = calloc(o.range_blocks / (o.bs / g->lba_size), 1);
		if (!seq_tab || !busy)
			goto nomem;
	}
	init_ctl(&ctl, dev);
	init_workers(w, nw, per_job, &o, &ctl, g, seq_tab, busy);
	ret = run_workers(&o, &ctl, w, nw);
	oin->bs = o.bs;
	oin->range_blocks = o.range_blocks;
	oin->pi_check = o.pi_check;
	if (g)
		oin->md_bytes = o.bs / g->lba_size *
				(block_xfer(&o, g) - g->lba_size +
				 block_md(&o, g));
	oin->zones = o.zones;
	if (!ret) {
		sum_up(w, nw, r, h);
		ret = report_workers(&o, w, nw, r);
	}
	/* A run that measured nothing has no numbers to give. */
	if (!ret && !r->ios)
		ret = bench_say(NGIO_EXIT_USAGE, "no I/O completed in the %s "
				"measured: give a longer --time",
				o.time_ns ? "time" : "run");
	goto out;
nomem:
	ret = cli_err(NGIO_EXIT_SYS, "bench", NULL, "%s", strerror(ENOMEM));
out:
	if (w)
		for (unsigned i = 0; i < nw; i++)
			free_worker(&w[i]);
	free(w);
	free(h);
	free(seq_tab);
	free(busy);
	if (dev)
		ngio_dev_close(dev);
	return ret;
}
