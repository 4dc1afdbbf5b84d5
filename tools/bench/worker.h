/* SPDX-License-Identifier: MIT */
/*
 * ngio bench's workers, shared by the loop (run.c) and the zoned
 * workloads (zoned.c).  Private to tools/bench.
 */
#ifndef NGIO_TOOLS_BENCH_WORKER_H
#define NGIO_TOOLS_BENCH_WORKER_H

#include <pthread.h>
#include <stdatomic.h>
#include <sys/resource.h>
#include <sys/uio.h>
#include <time.h>

#include "bench.h"
#include "nopraw.h"
#include "verify.h"

enum phase { PH_INIT, PH_RAMP, PH_RUN, PH_STOP };

/* --verify keeps a sequence number per block. */
#define VERIFY_MAX_BLOCKS	(1ULL << 28)
#define MAX_VERR		8
#define MAX_DEPTH		4096

struct ctl {
	_Atomic int phase;
	_Atomic unsigned running;	/* workers not yet done */
	_Atomic unsigned ready;		/* workers set up */
	_Atomic unsigned failed;	/* workers whose set-up failed */
	uint32_t run;			/* --verify: this run's number */
	struct ngio_dev *dev;
	/* The device's own (synchronous) queue serves one thread at once. */
	pthread_mutex_t dev_lock;
};

struct slot {
	void *buf;
	void *md;		/* separate metadata, or NULL */
	uint64_t t;		/* when it was queued */
	uint64_t lba;
	uint64_t seq;		/* --verify: of the write */
	struct iovec iov;	/* --vectored */
	int buf_index;		/* registered buffer, or -1 */
	bool write;
	bool measured;		/* issued after the ramp */
	bool mgmt;		/* zoned: a zone management command */
	unsigned lane;		/* zoned: the lane it was issued for */
};

struct worker {
	const struct bench_opts *o;
	struct ctl *ctl;
	unsigned id;
	int cpu;
	pthread_t tid;
	bool started;

	struct ngio_queue *q;
	struct ngio_qdev *qd;
	struct raw_ring raw;
	bool raw_up;
	unsigned depth, batch_submit, batch_complete;

	/* Workload: units of nlb blocks from lba0. */
	uint32_t lba_size, nlb, bs;
	/* Each I/O's data buffer holds xfer bytes, a block every stride
	 * (lba_size, plus the metadata of an extended format); md_len
	 * bytes of separate metadata go with it. */
	uint32_t xfer, stride, md_len;
	const struct ngio_geometry *g;
	bool pi_cmd;			/* built with ngio_cmd_*(): md, PI */
	bool md_escape;			/* writes' metadata all ones */
	unsigned rw_flags;		/* NGIO_RW_PRACT */
	void *mds;
	uint64_t lba0, units, next_unit, rnd;
	uint64_t limit;			/* I/Os to measure, 0: by time */
	uint32_t *seq_tab;		/* --verify: per block from lba0 */
	uint8_t *busy;			/* --verify: per unit, in flight */
	uint64_t seq;

	struct slot *slots;
	unsigned *free;
	unsigned nfree, inflight;
	unsigned run_inflight;		/* of them, issued after the ramp */
	void *bufs;
	int setup_err;

	/* Every completion, read by the progress line. */
	uint64_t done;
	_Atomic uint64_t live_ios;

	/* The measured phase. */
	int phase;
	uint64_t t0, t1;
	struct rusage ru0, ru1;
	uint64_t enters0, enters1;
	struct hist hist;
	uint64_t ios, reads, writes, bytes, verified, mismatches;
	int err;			/* first: -errno or NVMe status */
	uint64_t err_lba;
	const char *err_op;		/* "read", "write", "append", ... */
	struct verify_error verr[MAX_VERR];
	unsigned nverr;
	/* --pi-host, measured phase: ns in generate / verify, and calls. */
	uint64_t pi_gen_ns, pi_gen_n, pi_ver_ns, pi_ver_n;
	uint64_t pi_checked, pi_mismatches;
	struct pi_bad {
		uint64_t lba;
		unsigned field;		/* NGIO_PI_CHECK_* */
		uint64_t want, got;
	} pierr[MAX_VERR];
	unsigned npierr;

	/* --rw append and zwrite (zoned.c). */
	struct zoned *z;
	uint64_t zone_resets, zone_finishes;
	/* Appends whose LBA was not in their zone's reserved, unreturned
	 * blocks: [LBA returned, zone start]. */
	uint64_t bad_appends;
	uint64_t bad_append[MAX_VERR][2];
};

static inline uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

struct zoned;

/* "ngio: bench: ..." and a newline on stderr; returns ret. */
int bench_say(int ret, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* zoned.c: --rw append and zwrite. */
bool zoned_rw(enum bench_rw rw);
/* --zones when not given; then whether the namespace can run it. */
void zoned_defaults(struct bench_opts *o, struct ngio_dev *dev,
		    unsigned nworkers);
int zoned_check(const struct bench_opts *o, struct ngio_dev *dev,
		unsigned nworkers);
int zoned_setup(struct worker *w, struct ngio_dev *dev,
		pthread_mutex_t *dev_lock);
void zoned_free(struct worker *w);
/* Queue the next zoned I/O (or zone management) in slot idx; -EAGAIN
 * when every lane waits. */
int zoned_issue(struct worker *w, struct slot *s, unsigned idx);
/* A completion of slot s; false if it was zone management (not an I/O). */
bool zoned_complete(struct worker *w, struct slot *s,
		    const struct ngio_cqe *cqe);
/* After the run: read back every block written and check it. */
int zoned_readback(struct worker *w);

#endif
