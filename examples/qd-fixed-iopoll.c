// SPDX-License-Identifier: MIT
/*
 * qd-fixed-iopoll: keep N commands in flight on one namespace, with polled
 * completions (IORING_SETUP_IOPOLL) and registered buffers
 * (IORING_URING_CMD_FIXED), the fastest path io_uring passthrough has.
 *
 *   qd-fixed-iopoll DEV [--qd N] [--ios N] [--bs BYTES] [--range BYTES]
 *                   [--no-poll] [--no-fixed]
 *
 * First writes a pattern over the first --range bytes of the namespace,
 * then does --ios random reads of --bs bytes there, refilling the queue as
 * completions are reaped, and checks every byte read.  The pattern is
 * salted per run, so stale data from an earlier run cannot pass.
 *
 * Exit status: 0 all verified, 1 usage, 2 system error (-errno), 3 an
 * NVMe status, 4 data mismatch.
 *
 * The loop between the two clock_gettime() calls is what a profiler should
 * see: no allocation, no locking, no output per I/O.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <ngio.h>

#define EXIT_USAGE	1
#define EXIT_SYSTEM	2
#define EXIT_STATUS	3
#define EXIT_MISMATCH	4

struct slot {
	uint64_t *buf;
	int buf_index;		/* -1: not registered */
	uint64_t unit;		/* which --bs sized unit of the range */
};

struct job {
	struct ngio_queue *q;
	struct ngio_qdev *qd;
	struct slot *slots;
	unsigned *free_slots;	/* stack of idle slot numbers */
	struct ngio_cqe *cqes;
	unsigned depth;
	uint32_t bs;
	uint64_t units;		/* range / bs */
	uint64_t lbas_per_unit;
	uint64_t salt;
	uint64_t rng;

	/* First failure, reported once after the loop. */
	int err;		/* -errno or NVMe status */
	const char *err_what;	/* "write", "read" or "reap" */
	uint64_t err_unit;
	uint64_t mismatches;
	uint64_t bad_unit;
	size_t bad_off;
};

/* xorshift64*: cheap, and good enough to scatter LBAs. */
static inline uint64_t next_rand(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dULL;
}

/* Every 8-byte word names its own byte offset in the range. */
static inline void fill(const struct job *j, struct slot *s)
{
	uint64_t base = s->unit * j->bs;

	for (size_t i = 0; i < j->bs / 8; i++)
		s->buf[i] = j->salt ^ (base + i * 8);
}

/* Returns the word index of the first bad word, or bs / 8. */
static inline size_t check(const struct job *j, const struct slot *s)
{
	uint64_t base = s->unit * j->bs;
	size_t i;

	for (i = 0; i < j->bs / 8; i++)
		if (s->buf[i] != (j->salt ^ (base + i * 8)))
			break;
	return i;
}

static int queue_io(struct job *j, bool write, unsigned n)
{
	struct slot *s = &j->slots[n];
	uint64_t slba = s->unit * j->lbas_per_unit;

	if (write)
		return ngio_queue_write(j->qd, slba, s->buf, j->bs, 0,
					s->buf_index, n);
	return ngio_queue_read(j->qd, slba, s->buf, j->bs, 0, s->buf_index,
			       n);
}

/*
 * nr I/Os with the queue kept full.  Writes go through the range in
 * order; reads pick units at random.  Stops issuing at the first error
 * but reaps everything in flight, so the queue ends empty.
 */
static void run(struct job *j, bool write, uint64_t nr)
{
	uint64_t issued = 0, done = 0;
	unsigned nfree = j->depth;

	for (unsigned i = 0; i < j->depth; i++)
		j->free_slots[i] = i;
	while (done < issued || (issued < nr && !j->err)) {
		int n;

		while (nfree && issued < nr && !j->err) {
			unsigned k = j->free_slots[--nfree];
			struct slot *s = &j->slots[k];
			int ret;

			s->unit = write ? issued : next_rand(&j->rng) % j->units;
			if (write)
				fill(j, s);
			ret = queue_io(j, write, k);
			if (ret) {
				j->err = ret;
				j->err_what = write ? "write" : "read";
				j->err_unit = s->unit;
				nfree++;
				break;
			}
			issued++;
		}
		if (done == issued)
			break;
		/* Sends what was queued and waits for at least one. */
		n = ngio_queue_reap(j->q, j->cqes, j->depth, 1);
		if (n == -EINTR)
			continue;
		if (n < 0) {
			/* Nothing can be reaped any more: give up. */
			j->err = n;
			j->err_what = "reap";
			return;
		}
		for (int i = 0; i < n; i++) {
			unsigned k = j->cqes[i].user_data;
			struct slot *s = &j->slots[k];

			if (j->cqes[i].res) {
				if (!j->err) {
					j->err = j->cqes[i].res;
					j->err_what = write ? "write" : "read";
					j->err_unit = s->unit;
				}
			} else if (!write) {
				size_t w = check(j, s);

				if (w != j->bs / 8 && !j->mismatches++) {
					j->bad_unit = s->unit;
					j->bad_off = w * 8;
				}
			}
			j->free_slots[nfree++] = k;
		}
		done += n;
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void rate(const char *what, uint64_t nr, uint32_t bs, double secs)
{
	if (secs <= 0)
		secs = 1e-9;
	printf("%-5s %" PRIu64 " x %u B: %.0f IOPS, %.1f MiB/s, %.3f s\n",
	       what, nr, bs, nr / secs, nr * (double)bs / secs / (1 << 20),
	       secs);
}

/* A size in bytes, with an optional K, M or G suffix (powers of 2). */
static int parse_size(const char *s, uint64_t max, uint64_t *v)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 10);
	if (errno)
		return -1;
	switch (*end) {
	case 'G': case 'g':
		*v = *v > UINT64_MAX >> 10 ? 0 : *v << 10;
		/* fall through */
	case 'M': case 'm':
		*v = *v > UINT64_MAX >> 10 ? 0 : *v << 10;
		/* fall through */
	case 'K': case 'k':
		*v = *v > UINT64_MAX >> 10 ? 0 : *v << 10;
		end++;
	}
	return *end || !*v || *v > max ? -1 : 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: qd-fixed-iopoll DEV [--qd N] [--ios N] "
		"[--bs BYTES] [--range BYTES]\n"
		"                       [--no-poll] [--no-fixed]\n"
		"  --qd N         commands in flight (1-%u, default 32)\n"
		"  --ios N        random reads (default 65536)\n"
		"  --bs BYTES     bytes per command, whole blocks "
		"(default 4K)\n"
		"  --range BYTES  bytes at LBA 0 written, then read "
		"(default 64M, at most the namespace)\n"
		"  --no-poll      interrupts instead of IORING_SETUP_IOPOLL\n"
		"  --no-fixed     plain buffers instead of registered ones\n",
		NGIO_MAX_BUFS);
}

/* Exit status for a library return value, saying what happened. */
static int fail(const char *what, int ret)
{
	char msg[128];

	fprintf(stderr, "qd-fixed-iopoll: %s: %s\n", what,
		ngio_status_str(ret, msg, sizeof(msg)));
	return ret > 0 ? EXIT_STATUS : EXIT_SYSTEM;
}

/* One buffer per slot, registered unless told otherwise or unable. */
static int alloc_slots(struct job *j, bool *fixed)
{
	for (unsigned i = 0; i < j->depth; i++) {
		struct slot *s = &j->slots[i];
		void *p;
		int ret;

		s->buf_index = -1;
		if (*fixed) {
			ret = ngio_buf_alloc(j->q, j->bs, &p);
			if (ret >= 0) {
				s->buf_index = ret;
				s->buf = p;
				continue;
			}
			if (ret != -EOPNOTSUPP || i)
				return fail("registering buffers", ret);
			fprintf(stderr, "qd-fixed-iopoll: the queue cannot "
				"register buffers; using plain ones\n");
			*fixed = false;
		}
		ret = posix_memalign(&p, 4096, j->bs);
		if (ret)
			return fail("buffer", -ret);
		s->buf = p;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "qd", required_argument, NULL, 'q' },
		{ "ios", required_argument, NULL, 'n' },
		{ "bs", required_argument, NULL, 'b' },
		{ "range", required_argument, NULL, 'r' },
		{ "no-poll", no_argument, NULL, 'P' },
		{ "no-fixed", no_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct ngio_queue_params qp = {
		/* Dropped by the library where the kernel lacks them. */
		.flags = NGIO_Q_SINGLE_ISSUER | NGIO_Q_DEFER_TASKRUN,
	};
	uint64_t depth = 32, ios = 65536, bs = 4096, range = 64 << 20;
	bool poll = true, fixed = true;
	const struct ngio_geometry *g;
	const char *why, *path;
	struct ngio_dev *dev;
	struct job j = { 0 };
	double t0, t1, t2;
	uint64_t ns_bytes;
	int c, ret;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'q':
			if (parse_size(optarg, NGIO_MAX_BUFS, &depth))
				goto bad;
			break;
		case 'n':
			if (parse_size(optarg, UINT64_MAX, &ios))
				goto bad;
			break;
		case 'b':
			if (parse_size(optarg, UINT32_MAX, &bs))
				goto bad;
			break;
		case 'r':
			if (parse_size(optarg, UINT64_MAX, &range))
				goto bad;
			break;
		case 'P':
			poll = false;
			break;
		case 'F':
			fixed = false;
			break;
		case 'h':
			usage();
			return 0;
		default:
			usage();
			return EXIT_USAGE;
		}
	}
	if (optind + 1 != argc) {
		usage();
		return EXIT_USAGE;
	}
	path = argv[optind];

	ret = ngio_dev_open(path, 0, &dev);
	if (ret)
		return fail(path, ret);
	g = ngio_dev_geometry(dev);
	ret = EXIT_USAGE;
	if (!ngio_dev_is_ns(dev)) {
		fprintf(stderr, "qd-fixed-iopoll: %s is a controller; give a "
			"namespace\n", path);
		goto close_dev;
	}
	if (!ngio_dev_has(dev, NGIO_CAP_WRITE, &why)) {
		fprintf(stderr, "qd-fixed-iopoll: %s: %s\n", path, why);
		ret = EXIT_SYSTEM;
		goto close_dev;
	}
	/* Without a metadata buffer the controller would move it at bus
	 * address 0. */
	if (g->ms && !g->extended) {
		fprintf(stderr, "qd-fixed-iopoll: %s: the format has separate "
			"metadata, which this program does not handle\n", path);
		goto close_dev;
	}
	/* Words of the pattern must tile the buffer, blocks the command. */
	if (bs % ngio_block_bytes(g) || bs % 8 ||
	    (g->max_xfer && bs > g->max_xfer)) {
		fprintf(stderr, "qd-fixed-iopoll: --bs %" PRIu64 " must be "
			"whole %u-byte blocks, at most %u bytes\n", bs,
			ngio_block_bytes(g), g->max_xfer);
		goto close_dev;
	}
	ns_bytes = g->nsze * ngio_block_bytes(g);
	if (range > ns_bytes)
		range = ns_bytes;
	if (range < bs) {
		fprintf(stderr, "qd-fixed-iopoll: --range must hold one "
			"--bs\n");
		goto close_dev;
	}
	if (poll && !ngio_dev_has(dev, NGIO_CAP_IOPOLL, &why)) {
		fprintf(stderr, "qd-fixed-iopoll: no polling (%s); using "
			"interrupts\n", why);
		poll = false;
	}
	if (fixed && !ngio_dev_has(dev, NGIO_CAP_FIXED_BUFS, &why)) {
		fprintf(stderr, "qd-fixed-iopoll: no registered buffers "
			"(%s); using plain ones\n", why);
		fixed = false;
	}

	j.depth = depth;
	j.bs = bs;
	j.units = range / bs;
	j.lbas_per_unit = bs / ngio_block_bytes(g);
	j.salt = (uint64_t)time(NULL) << 32 ^ (uint64_t)getpid() << 16;
	j.rng = j.salt | 1;
	j.slots = calloc(depth, sizeof(*j.slots));
	j.free_slots = calloc(depth, sizeof(*j.free_slots));
	j.cqes = calloc(depth, sizeof(*j.cqes));
	if (!j.slots || !j.free_slots || !j.cqes) {
		ret = fail("memory", -ENOMEM);
		goto free_job;
	}

	qp.depth = depth;
	if (poll)
		qp.flags |= NGIO_Q_IOPOLL;
	ret = ngio_queue_init_params(&j.q, &qp);
	if (ret) {
		ret = fail("queue", ret);
		goto free_job;
	}
	ret = ngio_queue_add_dev(j.q, dev, &j.qd);
	if (ret) {
		ret = fail(path, ret);
		goto exit_queue;
	}
	ret = alloc_slots(&j, &fixed);
	if (ret)
		goto exit_queue;

	t0 = now();
	run(&j, true, j.units);
	t1 = now();
	if (!j.err)
		run(&j, false, ios);
	t2 = now();

	if (j.err) {
		char what[64];

		if (strcmp(j.err_what, "reap"))
			snprintf(what, sizeof(what), "%s at LBA %" PRIu64,
				 j.err_what, j.err_unit * j.lbas_per_unit);
		else
			snprintf(what, sizeof(what), "reaping completions");
		ret = fail(what, j.err);
		goto exit_queue;
	}
	rate("write", j.units, j.bs, t1 - t0);
	rate("read", ios, j.bs, t2 - t1);
	if (j.mismatches) {
		fprintf(stderr, "qd-fixed-iopoll: %" PRIu64 " of %" PRIu64
			" reads differ; first at LBA %" PRIu64 " + byte %zu\n",
			j.mismatches, ios, j.bad_unit * j.lbas_per_unit,
			j.bad_off);
		ret = EXIT_MISMATCH;
		goto exit_queue;
	}
	printf("qd-fixed-iopoll: %s: OK: qd %u, bs %u, %" PRIu64 " MiB, %"
	       PRIu64 " writes + %" PRIu64 " verified reads, %s, %s, %.0f "
	       "read IOPS\n", path, j.depth, j.bs, range >> 20, j.units, ios,
	       ngio_queue_flags(j.q) & NGIO_Q_IOPOLL ? "polled" : "irq",
	       fixed ? "fixed bufs" : "plain bufs",
	       ios / (t2 - t1 > 0 ? t2 - t1 : 1e-9));
	ret = 0;

exit_queue:
	/* Frees ngio_buf_alloc()'s buffers too. */
	ngio_queue_exit(j.q);
	if (!fixed && j.slots)
		for (unsigned i = 0; i < j.depth; i++)
			free(j.slots[i].buf);
free_job:
	free(j.slots);
	free(j.free_slots);
	free(j.cqes);
close_dev:
	ngio_dev_close(dev);
	return ret;
bad:
	fprintf(stderr, "qd-fixed-iopoll: bad value '%s'\n", optarg);
	usage();
	return EXIT_USAGE;
}
