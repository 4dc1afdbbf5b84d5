/* SPDX-License-Identifier: MIT */
/*
 * ngio bench: the passthrough-vs-block table, measured.  One job is a
 * struct bench_opts; running it (ngio's engines in run.c, fio in fio.c)
 * fills a struct bench_result; main.c parses, prints and drives --matrix.
 */
#ifndef NGIO_TOOLS_BENCH_H
#define NGIO_TOOLS_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hist.h"

enum bench_engine {
	BENCH_PT,	/* io_uring passthrough on the ng node */
	BENCH_BLOCK,	/* io_uring read/write, O_DIRECT, block node */
	BENCH_IOCTL,	/* synchronous passthrough, a thread per I/O */
	BENCH_NOP,	/* IORING_OP_NOP through ngio's queue */
	BENCH_NOP_RAW,	/* the same with bare liburing: the baseline */
	BENCH_NR_ENGINES
};

enum bench_rw {
	BENCH_READ,
	BENCH_WRITE,
	BENCH_RANDREAD,
	BENCH_RANDWRITE,
	BENCH_RANDRW,
	BENCH_APPEND,	/* zone append, zones round-robin */
	BENCH_ZWRITE,	/* sequential writes, one in flight per zone */
	BENCH_NR_RW
};

/* One job.  Sizes in bytes, times in nanoseconds. */
struct bench_opts {
	const char *dev;		/* as given; NULL for nop engines */
	enum bench_engine engine;
	enum bench_rw rw;
	unsigned mix;			/* randrw: percent reads */
	unsigned zones;			/* append, zwrite: zones per thread */
	uint32_t bs;
	unsigned qd;
	unsigned batch_submit;		/* submit once this many are queued */
	unsigned batch_complete;	/* wait for this many completions */
	bool poll;			/* IORING_SETUP_IOPOLL */
	bool hybrid;			/* + IORING_SETUP_HYBRID_IOPOLL */
	bool sqpoll;
	int sqpoll_cpu;			/* -1: not pinned */
	bool fixed;			/* registered buffers */
	bool vectored;			/* NVME_URING_CMD_IO_VEC / READV */
	unsigned threads;		/* one ring each, pinned */
	uint64_t time_ns;		/* 0: run ios I/Os */
	uint64_t ios;			/* 0: run time_ns */
	uint64_t ramp_ns;		/* not measured */
	uint64_t range_lba;		/* first LBA of the span */
	uint64_t range_blocks;		/* 0: to the end of the namespace */
	uint64_t seed;
	bool verify;
	bool progress;			/* a live line on stderr */
	/* Metadata and protection information (pt and ioctl engines). */
	bool md;			/* move the format's metadata */
	bool pi_act;			/* PRACT: the controller makes the PI */
	bool pi_host;			/* the host makes and checks the PI */
	bool pi_check_set;		/* --pi-check given */
	unsigned pi_check;		/* NGIO_PI_CHECK_* on every I/O */
	uint32_t md_bytes;		/* set by the run: metadata per I/O */
};

/* Latency percentiles every result reports, in this order. */
#define BENCH_NR_PCT 5
extern const double bench_pct[BENCH_NR_PCT];	/* 50 90 99 99.9 99.99 */
extern const char *const bench_pct_name[BENCH_NR_PCT]; /* "50", ... */

struct bench_result {
	uint64_t ios, reads, writes;	/* completed in the measured time */
	uint64_t bytes;
	uint64_t runtime_ns;		/* measured time (after the ramp) */
	double iops;
	double bw;			/* bytes per second */
	/* Latency, submission to completion, ns.  lat_min/max/mean are 0
	 * and lat_pct[] 0 when nothing completed. */
	uint64_t lat_min, lat_max;
	double lat_mean;
	uint64_t lat_pct[BENCH_NR_PCT];
	/* CPU time of the submitting threads per I/O (getrusage), ns, and
	 * as a share of the run's wall time summed over threads (%). */
	double usr_ns_per_io, sys_ns_per_io;
	double usr_pct, sys_pct;
	/* System calls entering io_uring (or ioctl); < 0: not known (fio). */
	int64_t syscalls;
	double ios_per_syscall;		/* < 0: not known */
	/* --verify */
	uint64_t verified;		/* blocks whose contents were checked */
	uint64_t mismatches;
	/* append, zwrite */
	uint64_t zone_resets, zone_finishes;
	/* --pi-host: time in ngio_pi_generate() per write and in
	 * ngio_pi_verify() per read, ns, and their share of the threads'
	 * CPU time (%); blocks whose tuples were checked, and failed. */
	bool pi_host;
	double pi_gen_ns_per_io, pi_verify_ns_per_io, pi_cpu_pct;
	uint64_t pi_checked, pi_mismatches;
};

/* engine, rw names as the command line spells them: "pt", "randread" */
const char *bench_engine_name(enum bench_engine e);
const char *bench_rw_name(enum bench_rw rw);
bool bench_rw_reads(enum bench_rw rw);
bool bench_rw_writes(enum bench_rw rw);

/*
 * Run job o on the ngio engines (run.c).  Device paths are resolved from
 * o->dev; a zero o->bs becomes the LBA size and a zero o->range_blocks
 * the rest of the namespace.  Returns 0 or an exit status (NGIO_EXIT_*,
 * NGIO_EXIT_MISMATCH when r->mismatches), having printed why.
 */
int bench_run(struct bench_opts *o, struct bench_result *r);

/*
 * The same job with Debian's fio (fio.c): io_uring on the block node for
 * BENCH_BLOCK, io_uring_cmd on the ng node for BENCH_PT; the same depth,
 * batches, poll, sqpoll, fixed buffers, registered files, vectored,
 * threads, time, ramp, range and seed.  fio's JSON fills r (syscalls -1).
 * Returns 0 or an exit status, having said why.
 */
int bench_fio_run(const struct bench_opts *o, const char *ng_path,
		  const char *blk_path, struct bench_result *r);
/*
 * The fio command line bench_fio_run() would run for o, the words joined
 * by spaces and quoted for a shell, into buf (for --verbose).  Returns 0
 * or an exit status, having said why (too long for len is one).
 */
int bench_fio_cmdline(const struct bench_opts *o, const char *ng_path,
		      const char *blk_path, char *buf, size_t len);
/* fio's version ("fio-3.33") into buf; false when fio is not installed. */
bool bench_fio_version(char *buf, size_t len);

/* One --matrix cell: medians over the repetitions, per tool. */
struct bench_cell {
	unsigned qd;
	enum bench_engine engine;	/* BENCH_BLOCK or BENCH_PT */
	bool poll;
	unsigned reps;
	struct bench_result ngio[3];	/* every repetition, in run order */
	struct bench_result fio[3];	/* empty without --compare-fio */
	double ngio_iops, fio_iops;	/* medians; fio_iops 0 without fio */
	double ratio;			/* ngio_iops / fio_iops, or 0 */
};

/*
 * Draw cells as a grouped bar chart (IOPS by queue depth, a bar per
 * engine x interrupt/poll, fio's bars beside ngio's when has_fio) into
 * png with gnuplot.  Returns 0 or an exit status, having said why
 * (gnuplot missing is one).
 */
int bench_plot(const char *png, const struct bench_cell *cells, unsigned n,
	       bool has_fio, const char *title);

#endif
