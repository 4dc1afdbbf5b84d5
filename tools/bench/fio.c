// SPDX-License-Identifier: MIT
/*
 * The same job run by fio, for --compare-fio: fio's io_uring engine on the
 * block node against ngio's block engine, io_uring_cmd on the ng node
 * against ngio's passthrough engine, every knob mapped to its fio option.
 *
 * What fio 3.33 (engines/io_uring.c) does by default, which decides the
 * "nonvectored" we pass: the option defaults to -1, and at ring setup the
 * engine probes the kernel; when IORING_OP_READ and IORING_OP_WRITE are
 * supported (Linux 5.6+) it becomes 1.  So on any kernel with passthrough
 * both engines are non-vectored by default: io_uring issues READ/WRITE
 * (READV/WRITEV when nonvectored=0), io_uring_cmd issues NVME_URING_CMD_IO
 * (NVME_URING_CMD_IO_VEC, a one-entry iovec, when nonvectored=0).  With
 * fixedbufs io_uring always issues READ_FIXED/WRITE_FIXED whatever
 * nonvectored says, while io_uring_cmd keeps the cmd_op and adds
 * IORING_URING_CMD_FIXED.  We always pass nonvectored explicitly.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <sched.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <json-c/json.h>

#include "ngio.h"
#include "args.h"
#include "bench.h"

extern char **environ;

#define FIO_MAX_ARGS	48

/* An argv whose words live in text: no allocation, nothing to free. */
struct fio_cmd {
	unsigned argc;
	char *argv[FIO_MAX_ARGS + 1];
	char text[8192];
	size_t used;
	bool overflow;
};

__attribute__((format(printf, 2, 3)))
static void add_arg(struct fio_cmd *c, const char *fmt, ...)
{
	size_t room = sizeof(c->text) - c->used;
	va_list ap;
	int n;

	if (c->overflow || c->argc >= FIO_MAX_ARGS) {
		c->overflow = true;
		return;
	}
	va_start(ap, fmt);
	n = vsnprintf(c->text + c->used, room, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= room) {
		c->overflow = true;
		return;
	}
	c->argv[c->argc++] = c->text + c->used;
	c->argv[c->argc] = NULL;
	c->used += n + 1;
}

/*
 * The LBA size (fio takes ranges in bytes), and whether the kernel takes
 * what fio would send: fio 3.33 does not check that vectored passthrough
 * works with registered buffers, and Linux 6.1 WARNs and loses a tag.
 */
static int dev_check(const struct bench_opts *o, const char *path,
		     uint32_t *lba_size)
{
	struct ngio_dev *dev;
	const char *why;
	char err[128];
	int ret;

	ret = ngio_dev_open(path, 0, &dev);
	if (ret) {
		cli_err(0, "bench", NULL, "fio: %s: %s", path,
			ngio_status_str(ret, err, sizeof(err)));
		return ret > 0 ? NGIO_EXIT_NVME : NGIO_EXIT_SYS;
	}
	*lba_size = ngio_dev_geometry(dev)->lba_size;
	ret = 0;
	if (o->engine == BENCH_PT && o->vectored && o->fixed &&
	    !ngio_dev_has(dev, NGIO_CAP_VEC_FIXED, &why)) {
		cli_err(0, "bench", NULL, "fio: vectored with fixed "
			"buffers: %s", why);
		ret = NGIO_EXIT_USAGE;
	}
	ngio_dev_close(dev);
	return ret;
}

/* fio splits filename at colons (by-path names have them): escape. */
static void add_filename(struct fio_cmd *c, const char *path)
{
	char esc[2 * PATH_MAX];
	size_t j = 0;

	for (; *path && j + 2 < sizeof(esc); path++) {
		if (*path == ':')
			esc[j++] = '\\';
		esc[j++] = *path;
	}
	esc[j] = '\0';
	if (*path)
		c->overflow = true;
	else
		add_arg(c, "--filename=%s", esc);
}

/* Microseconds for fio's time options, which take a "us" suffix. */
static uint64_t ns_to_us(uint64_t ns)
{
	uint64_t us = (ns + 999) / 1000;

	return us ? us : 1;
}

/* The CPUs we may run on as fio's cpus_allowed list, "0-3,6": ngio pins
 * its workers to the same ones in the same order. */
static const char *cpu_list(char *buf, size_t len)
{
	cpu_set_t set;
	size_t n = 0;
	int c = 0;

	buf[0] = 0;
	if (sched_getaffinity(0, sizeof(set), &set))
		return "0";
	while (c < CPU_SETSIZE && n < len) {
		int first;

		if (!CPU_ISSET(c, &set)) {
			c++;
			continue;
		}
		first = c;
		while (c + 1 < CPU_SETSIZE && CPU_ISSET(c + 1, &set))
			c++;
		n += snprintf(buf + n, len - n, first == c ? "%s%d" :
			      "%s%d-%d", n ? "," : "", first, c);
		c++;
	}
	return n && n < len ? buf : "0";
}

/* What fio cannot run, said here rather than by fio: 0 or an exit code. */
static int fio_usable(const struct bench_opts *o, const char *path)
{
	if (o->engine != BENCH_PT && o->engine != BENCH_BLOCK) {
		return cli_err(NGIO_EXIT_USAGE, "bench", NULL, "fio: only the "
			       "pt and block engines have a fio counterpart, "
			       "not %s", bench_engine_name(o->engine));
	}
	if (o->verify) {
		return cli_err(NGIO_EXIT_USAGE, "bench", NULL, "fio: --verify "
			       "is ngio's own; fio would check other data");
	}
	if (!path || !*path) {
		return cli_err(NGIO_EXIT_USAGE, "bench", NULL,
			       "fio: no %s node for %s",
			       o->engine == BENCH_PT ? "ng" : "block", o->dev);
	}
	/* fio would blame a missing node on the size it cannot find. */
	if (access(path, F_OK)) {
		return cli_err(NGIO_EXIT_SYS, "bench", NULL, "fio: %s: %s",
			       path, strerror(errno));
	}
	return 0;
}

/* The I/O and the ring: pattern, size, depth, batches, polling. */
static void add_io_args(struct fio_cmd *c, const struct bench_opts *o)
{
	add_arg(c, "--rw=%s", bench_rw_name(o->rw));
	if (o->rw == BENCH_RANDRW)
		add_arg(c, "--rwmixread=%u", o->mix);
	add_arg(c, "--bs=%" PRIu32, o->bs);
	add_arg(c, "--iodepth=%u", o->qd);
	if (o->batch_submit)
		add_arg(c, "--iodepth_batch_submit=%u", o->batch_submit);
	if (o->batch_complete)
		add_arg(c, "--iodepth_batch_complete_min=%u",
			o->batch_complete);
	add_arg(c, "--iodepth_batch_complete_max=%u", o->qd);
	if (o->poll)
		add_arg(c, "--hipri=1");
	if (o->sqpoll) {
		add_arg(c, "--sqthread_poll=1");
		if (o->sqpoll_cpu >= 0)
			add_arg(c, "--sqthread_poll_cpu=%d", o->sqpoll_cpu);
	}
	if (o->fixed)
		add_arg(c, "--fixedbufs=1");
	/* ngio registers its files: the same for fio, for fairness. */
	add_arg(c, "--registerfiles=1");
	add_arg(c, "--nonvectored=%d", !o->vectored);
}

/* The jobs, how long they run and where, and what fio reports. */
static void add_job_args(struct fio_cmd *c, const struct bench_opts *o,
			 uint32_t lba_size)
{
	char cpus[1024];

	/* Threads pinned as ngio pins them: job i on the i-th CPU we may
	 * run on, in turn. */
	add_arg(c, "--thread=1");
	add_arg(c, "--numjobs=%u", o->threads ? o->threads : 1);
	add_arg(c, "--group_reporting=1");
	add_arg(c, "--cpus_allowed=%s", cpu_list(cpus, sizeof(cpus)));
	add_arg(c, "--cpus_allowed_policy=split");
	if (o->time_ns) {
		add_arg(c, "--time_based=1");
		add_arg(c, "--runtime=%" PRIu64 "us", ns_to_us(o->time_ns));
	} else if (o->ios) {
		/* o->ios is the total; fio counts per job, so round up.
		 * No io_size: fio would count the ramp's I/Os against it
		 * (3.33 never resets its issued bytes), and the region's
		 * size does not end a random job that has number_ios. */
		unsigned jobs = o->threads ? o->threads : 1;
		uint64_t per_job = (o->ios + jobs - 1) / jobs;

		add_arg(c, "--number_ios=%" PRIu64, per_job);
	}
	if (o->ramp_ns)
		add_arg(c, "--ramp_time=%" PRIu64 "us", ns_to_us(o->ramp_ns));
	if (o->range_lba)
		add_arg(c, "--offset=%" PRIu64, o->range_lba * lba_size);
	if (o->range_blocks)
		add_arg(c, "--size=%" PRIu64, o->range_blocks * lba_size);
	add_arg(c, "--randseed=%" PRIu64, o->seed);
	add_arg(c, "--randrepeat=0");
	add_arg(c, "--norandommap=1");
	/* "mixed" sums reads and writes, latency histograms included, so
	 * randrw gets percentiles over every I/O as ngio computes them. */
	add_arg(c, "--unified_rw_reporting=both");
	/* Total latency, submission to completion, as ngio measures it. */
	add_arg(c, "--lat_percentiles=1");
	add_arg(c, "--percentile_list=%g:%g:%g:%g:%g", bench_pct[0],
		bench_pct[1], bench_pct[2], bench_pct[3], bench_pct[4]);
	add_arg(c, "--verify_state_save=0");
}

static int fio_build(struct fio_cmd *c, const struct bench_opts *o,
		     const char *ng_path, const char *blk_path)
{
	const char *path = o->engine == BENCH_PT ? ng_path : blk_path;
	uint32_t lba_size = 0;
	int ret;

	c->argc = 0;
	c->argv[0] = NULL;
	c->used = 0;
	c->overflow = false;
	ret = fio_usable(o, path);
	if (ret)
		return ret;
	if (o->range_lba || o->range_blocks ||
	    (o->engine == BENCH_PT && o->vectored && o->fixed)) {
		ret = dev_check(o, ng_path && *ng_path ? ng_path : blk_path,
				&lba_size);
		if (ret)
			return ret;
	}

	add_arg(c, "fio");
	add_arg(c, "--output-format=json");
	add_arg(c, "--eta=never");	/* ETA lines would go to stdout */
	add_arg(c, "--name=ngio-bench");
	if (o->engine == BENCH_PT) {
		add_arg(c, "--ioengine=io_uring_cmd");
		add_arg(c, "--cmd_type=nvme");
	} else {
		add_arg(c, "--ioengine=io_uring");
		add_arg(c, "--direct=1");
	}
	add_filename(c, path);
	/* A mistyped node must not become a regular file in /dev. */
	add_arg(c, "--allow_file_create=0");
	add_io_args(c, o);
	add_job_args(c, o, lba_size);
	if (c->overflow) {
		return cli_err(NGIO_EXIT_USAGE, "bench", NULL,
			       "fio: command line too long");
	}
	return 0;
}

/* A NUL-terminated string filling buf, noting when it did not fit. */
struct strbuf {
	char *buf;
	size_t len, used;
	bool full;
};

static void sb_putc(struct strbuf *sb, char ch)
{
	if (sb->used + 1 >= sb->len) {
		sb->full = true;
		return;
	}
	sb->buf[sb->used++] = ch;
	sb->buf[sb->used] = '\0';
}

/* As a shell reads it back: single quotes unless every byte is safe. */
static void sb_put_word(struct strbuf *sb, const char *w)
{
	static const char safe[] = "abcdefghijklmnopqrstuvwxyz"
		"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:=,+%@";
	bool plain = *w && strspn(w, safe) == strlen(w);

	if (!plain)
		sb_putc(sb, '\'');
	for (; *w; w++) {
		if (*w == '\'') {
			/* close, an escaped quote, reopen */
			sb_putc(sb, '\'');
			sb_putc(sb, '\\');
			sb_putc(sb, '\'');
		}
		sb_putc(sb, *w);
	}
	if (!plain)
		sb_putc(sb, '\'');
}

int bench_fio_cmdline(const struct bench_opts *o, const char *ng_path,
		      const char *blk_path, char *buf, size_t len)
{
	struct strbuf sb = { .buf = buf, .len = len };
	struct fio_cmd c;
	int ret;

	ret = fio_build(&c, o, ng_path, blk_path);
	if (ret)
		return ret;
	if (len)
		buf[0] = '\0';
	for (unsigned i = 0; i < c.argc; i++) {
		if (i)
			sb_putc(&sb, ' ');
		sb_put_word(&sb, c.argv[i]);
	}
	if (sb.full) {
		return cli_err(NGIO_EXIT_USAGE, "bench", NULL,
			       "fio: command line too long");
	}
	return 0;
}

/*
 * Run argv with its stdout into *out (malloc'd, NUL-terminated) and its
 * stderr on ours.  Returns 0 with *status as waitpid() gives it, or a
 * negative errno (-ENOENT: not installed).
 */
static int spawn_capture(char *const argv[], char **out, int *status)
{
	posix_spawn_file_actions_t fa;
	size_t len = 0, cap = 16384;
	char *buf = NULL;
	int p[2], ret;
	pid_t pid;

	*out = NULL;
	if (pipe2(p, O_CLOEXEC))
		return -errno;
	ret = posix_spawn_file_actions_init(&fa);
	if (!ret)
		ret = posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	if (!ret)
		ret = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(p[1]);
	if (ret) {
		close(p[0]);
		return -ret;
	}

	buf = malloc(cap);
	for (;;) {
		ssize_t n;

		if (buf && len + 1 == cap) {
			char *bigger = realloc(buf, cap * 2);

			if (!bigger) {
				free(buf);
				buf = NULL;
			} else {
				buf = bigger;
				cap *= 2;
			}
		}
		if (!buf) {
			/* Keep draining so the child does not block. */
			char sink[4096];

			n = read(p[0], sink, sizeof(sink));
		} else {
			n = read(p[0], buf + len, cap - 1 - len);
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (buf)
			len += n;
	}
	close(p[0]);
	while (waitpid(pid, status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (!buf)
		return -ENOMEM;
	buf[len] = '\0';
	*out = buf;
	return 0;
}

bool bench_fio_version(char *buf, size_t len)
{
	char *argv[] = { "fio", "--version", NULL };
	char *out;
	int status;

	if (spawn_capture(argv, &out, &status))
		return false;
	if (!WIFEXITED(status) || WEXITSTATUS(status) ||
	    strncmp(out, "fio-", 4)) {
		free(out);
		return false;
	}
	out[strcspn(out, "\r\n")] = '\0';
	snprintf(buf, len, "%s", out);
	free(out);
	return true;
}

static json_object *jfield(json_object *o, const char *key)
{
	json_object *v = NULL;

	if (!o || !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

/* A number, 0 when missing: fio leaves out nothing we read. */
static double jnum(json_object *o, const char *key)
{
	json_object *v = jfield(o, key);

	return v ? json_object_get_double(v) : 0;
}

static uint64_t jcount(json_object *o, const char *key)
{
	json_object *v = jfield(o, key);
	int64_t n = v ? json_object_get_int64(v) : 0;

	return n > 0 ? (uint64_t)n : 0;
}

static int fio_parse(json_object *job, struct bench_result *r)
{
	json_object *mixed = jfield(job, "mixed");
	json_object *lat = jfield(mixed, "lat_ns");
	json_object *pct = jfield(lat, "percentile");
	double job_ms, usr_ns, sys_ns;

	if (!mixed || !lat) {
		return cli_err(NGIO_EXIT_SYS, "bench", NULL, "fio: no "
			       "\"mixed\" statistics in fio's output");
	}
	memset(r, 0, sizeof(*r));
	r->reads = jcount(jfield(job, "read"), "total_ios");
	r->writes = jcount(jfield(job, "write"), "total_ios");
	r->ios = jcount(mixed, "total_ios");
	r->bytes = jcount(mixed, "io_bytes");
	/* Milliseconds: the longest job, which fio's iops and bw use. */
	r->runtime_ns = jcount(mixed, "runtime") * 1000000;
	r->iops = jnum(mixed, "iops");
	r->bw = jnum(mixed, "bw_bytes");
	if (jcount(lat, "N")) {
		r->lat_min = jcount(lat, "min");
		r->lat_max = jcount(lat, "max");
		r->lat_mean = jnum(lat, "mean");
		for (int i = 0; i < BENCH_NR_PCT; i++) {
			char key[32];

			/* fio prints its keys with "%f": "99.900000". */
			snprintf(key, sizeof(key), "%f", bench_pct[i]);
			r->lat_pct[i] = jcount(pct, key);
		}
	}
	/*
	 * fio's usr_cpu is the jobs' summed user time over their summed run
	 * time (job_runtime, ms, after the ramp; per-thread rusage): an
	 * average per thread.  ngio's usr_pct sums over threads (100 = one
	 * CPU), so scale by the summed run time over the wall time.
	 */
	job_ms = jnum(job, "job_runtime");
	usr_ns = jnum(job, "usr_cpu") / 100 * job_ms * 1e6;
	sys_ns = jnum(job, "sys_cpu") / 100 * job_ms * 1e6;
	if (r->runtime_ns) {
		r->usr_pct = usr_ns * 100 / r->runtime_ns;
		r->sys_pct = sys_ns * 100 / r->runtime_ns;
	}
	if (r->ios) {
		r->usr_ns_per_io = usr_ns / r->ios;
		r->sys_ns_per_io = sys_ns / r->ios;
	}
	r->syscalls = -1;
	r->ios_per_syscall = -1;
	return 0;
}

int bench_fio_run(const struct bench_opts *o, const char *ng_path,
		  const char *blk_path, struct bench_result *r)
{
	json_tokener *tok = NULL;
	json_object *root = NULL, *jobs, *job = NULL;
	struct fio_cmd c;
	char *out, *json;
	int ret, status, err = 0;

	ret = fio_build(&c, o, ng_path, blk_path);
	if (ret)
		return ret;
	ret = spawn_capture(c.argv, &out, &status);
	if (ret == -ENOENT) {
		return cli_err(NGIO_EXIT_SYS, "bench", NULL, "fio: not "
			       "installed (apt-get install fio)");
	}
	if (ret) {
		return cli_err(NGIO_EXIT_SYS, "bench", NULL, "fio: %s",
			       strerror(-ret));
	}

	/* Some fio versions print notes before the JSON. */
	json = strchr(out, '{');
	if (json) {
		tok = json_tokener_new();
		if (tok)
			root = json_tokener_parse_ex(tok, json, strlen(json));
	}
	jobs = jfield(root, "jobs");
	if (jobs && json_object_is_type(jobs, json_type_array) &&
	    json_object_array_length(jobs) > 0)
		job = json_object_array_get_idx(jobs, 0);
	if (job)
		err = (int)jnum(job, "error");

	ret = NGIO_EXIT_SYS;
	if (err)
		cli_err(0, "bench", NULL, "fio: the job failed: %s",
			strerror(err));
	else if (!WIFEXITED(status))
		cli_err(0, "bench", NULL, "fio: killed by signal %d",
			WTERMSIG(status));
	else if (WEXITSTATUS(status))
		cli_err(0, "bench", NULL, "fio: exit status %d",
			WEXITSTATUS(status));
	else if (!job)
		cli_err(0, "bench", NULL, "fio: no job results in fio's "
			"output%s", root ? "" : " (not JSON)");
	else
		ret = fio_parse(job, r);

	json_object_put(root);
	if (tok)
		json_tokener_free(tok);
	free(out);
	return ret;
}
