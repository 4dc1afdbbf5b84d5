// SPDX-License-Identifier: MIT
/*
 * ngio bench: options, one job or the --matrix of jobs, fio beside ngio
 * (--compare-fio), and the report: text, JSON, a PNG.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <json-c/json.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "args.h"
#include "bench.h"
#include "cli.h"

const double bench_pct[BENCH_NR_PCT] = { 50, 90, 99, 99.9, 99.99 };
const char *const bench_pct_name[BENCH_NR_PCT] = {
	"50", "90", "99", "99.9", "99.99"
};

/* NULL-terminated: the option table and its messages list them. */
static const char *const engine_names[BENCH_NR_ENGINES + 1] = {
	[BENCH_PT] = "pt", [BENCH_BLOCK] = "block", [BENCH_IOCTL] = "ioctl",
	[BENCH_NOP] = "nop", [BENCH_NOP_RAW] = "nop-raw",
};

static const char *const rw_names[BENCH_NR_RW + 1] = {
	[BENCH_READ] = "read", [BENCH_WRITE] = "write",
	[BENCH_RANDREAD] = "randread", [BENCH_RANDWRITE] = "randwrite",
	[BENCH_RANDRW] = "randrw", [BENCH_APPEND] = "append",
	[BENCH_ZWRITE] = "zwrite",
};

const char *bench_engine_name(enum bench_engine e)
{
	return e < BENCH_NR_ENGINES ? engine_names[e] : "?";
}

const char *bench_rw_name(enum bench_rw rw)
{
	return rw < BENCH_NR_RW ? rw_names[rw] : "?";
}

bool bench_rw_reads(enum bench_rw rw)
{
	return rw == BENCH_READ || rw == BENCH_RANDREAD || rw == BENCH_RANDRW;
}

bool bench_rw_writes(enum bench_rw rw)
{
	return rw != BENCH_READ && rw != BENCH_RANDREAD;
}

#define MAX_LIST	8
#define MAX_CELLS	(MAX_LIST * 2 * MAX_LIST)

/* What the command line asked for, beyond one job's options. */
struct args {
	struct bench_opts o;
	bool json, matrix, compare_fio, verbose;
	bool only_poll, only_irq;
	bool has_time, has_ios, has_ramp, has_bs, has_engine, has_qd;
	bool has_reps;
	const char *plot, *save;
	unsigned reps;
	unsigned qds[MAX_LIST], nr_qds;
	enum bench_engine engines[MAX_LIST];
	unsigned nr_engines;
};

static int bad(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int bad(const char *fmt, ...)
{
	char why[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return cli_usage_cmd(&cli_bench_cmd, "bench", "%s", why);
}

/*
 * A whole decimal number and a unit: "10" or "10s", "500ms", "250us",
 * "2m", "1h"; nanoseconds.  No fractions, exponents or hex: a duration
 * reads one way only.
 */
static int parse_time(const char *opt, const char *s, uint64_t *ns)
{
	static const struct { const char *sfx; uint64_t mul; } u[] = {
		{ "", 1000000000ULL }, { "s", 1000000000ULL },
		{ "ms", 1000000ULL }, { "us", 1000ULL },
		{ "m", 60000000000ULL }, { "h", 3600000000000ULL },
	};
	size_t n = strspn(s, "0123456789");
	char num[24];
	uint64_t v;

	if (!n || n >= sizeof(num) || (s[0] == '0' && n > 1))
		goto out;
	memcpy(num, s, n);
	num[n] = 0;
	for (size_t i = 0; i < ARRAY_SIZE(u); i++)
		if (!strcmp(s + n, u[i].sfx) &&
		    !parse_u64(num, UINT64_MAX / u[i].mul, &v)) {
			*ns = v * u[i].mul;
			return 0;
		}
out:
	return bad("--%s: '%s' is not a duration: a whole number and a unit "
		   "us, ms, s (the default), m or h, e.g. 10, 500ms, 2m", opt,
		   s);
}

/* "512", "4k", "4K", "4KiB", "1m": bytes. */
static int parse_size(const char *opt, const char *s, uint64_t max,
		      uint64_t *out)
{
	char num[32];
	size_t n = strspn(s, "0123456789xXabcdefABCDEF");
	const char *sfx;
	uint64_t v, mul = 1;

	/* A hex number eats b, d, e, f: take suffixes from the decimal
	 * prefix unless it says 0x. */
	if (strncmp(s, "0x", 2) && strncmp(s, "0X", 2))
		n = strspn(s, "0123456789");
	if (!n || n >= sizeof(num))
		goto out;
	memcpy(num, s, n);
	num[n] = 0;
	sfx = s + n;
	if (!*sfx || !strcmp(sfx, "b") || !strcmp(sfx, "B"))
		mul = 1;
	else if (!strcasecmp(sfx, "k") || !strcmp(sfx, "KiB"))
		mul = 1024;
	else if (!strcasecmp(sfx, "m") || !strcmp(sfx, "MiB"))
		mul = 1024 * 1024;
	else
		goto out;
	if (parse_u64(num, max / mul, &v) || !v)
		goto out;
	*out = v * mul;
	return 0;
out:
	return bad("--%s: '%s' is not a size from 1 to %llu bytes (512, 4k, "
		   "1m)", opt, s, (unsigned long long)max);
}

static int num(const char *opt, const char *s, uint64_t min, uint64_t max,
	       uint64_t *out)
{
	int ret = parse_u64(s, max, out);

	if (ret || *out < min)
		return bad("--%s: '%s' is not a number from %llu to %llu", opt,
			   s, (unsigned long long)min,
			   (unsigned long long)max);
	return 0;
}

static int parse_engine(const char *s, enum bench_engine *e)
{
	int i = cli_value_index(engine_names, s);

	if (i < 0)
		return -EINVAL;
	*e = i;
	return 0;
}

static int bad_engine(const char *s)
{
	char buf[96];

	return bad("--engine: '%s' is not %s", s,
		   cli_values_str(engine_names, buf, sizeof(buf)));
}

/* A comma list: --qd 8,64,256 and --engine block,pt for --matrix. */
static int parse_list(const char *opt, const char *s, struct args *a)
{
	char buf[256], *tok, *save = NULL;
	bool qd = !strcmp(opt, "qd");

	if (strlen(s) >= sizeof(buf))
		return bad("--%s: '%s' is too long", opt, s);
	strcpy(buf, s);
	if (qd)
		a->nr_qds = 0;
	else
		a->nr_engines = 0;
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if ((qd ? a->nr_qds : a->nr_engines) == MAX_LIST)
			return bad("--%s: at most %d values", opt, MAX_LIST);
		if (qd) {
			uint64_t v;
			int ret = num(opt, tok, 1, 4096, &v);

			if (ret)
				return ret;
			a->qds[a->nr_qds++] = v;
		} else if (parse_engine(tok, &a->engines[a->nr_engines++])) {
			return bad_engine(tok);
		}
	}
	if (!(qd ? a->nr_qds : a->nr_engines))
		return bad("--%s: '%s' names nothing", opt, s);
	return 0;
}

/* --pi-check guard,apptag,reftag: the PRCHK bits, parsed as --prinfo's
 * (args.c), whose guard, apptag and reftag bits are NGIO_PI_CHECK_*. */
static int parse_pi_check(const char *s, struct bench_opts *o)
{
	const char *tok;
	size_t len;

	o->pi_check_set = true;
	if (parse_pi_list(s, true, &o->pi_check, &tok, &len))
		return bad("--pi-check: '%.*s' is not guard, apptag or "
			   "reftag", (int)len, tok);
	if (!o->pi_check)
		return bad("--pi-check: '%s' names nothing", s);
	return 0;
}

enum {
	OPT_ENGINE = 256, OPT_RW, OPT_MIX, OPT_BS, OPT_QD, OPT_BATCH_SUBMIT,
	OPT_BATCH_COMPLETE, OPT_POLL, OPT_IRQ, OPT_SQPOLL, OPT_FIXED,
	OPT_VECTORED, OPT_THREADS, OPT_TIME, OPT_IOS, OPT_RAMP, OPT_RANGE,
	OPT_SEED, OPT_VERIFY, OPT_JSON, OPT_MATRIX, OPT_COMPARE_FIO,
	OPT_PLOT, OPT_SAVE, OPT_REPS, OPT_VERBOSE, OPT_ZONES, OPT_MD,
	OPT_PI_ACT, OPT_PI_CHECK, OPT_PI_HOST, OPT_HYBRID_POLL,
};

static const char *const pi_check_values[] = {
	"guard", "apptag", "reftag", NULL,
};

/* The options of ngio bench, in the order of its usage. */
static const struct cli_opt bench_opts[] = {
	{ "engine", "E", OPT_ENGINE, CLI_SHOWV, 0,
	  "the engine; a comma list for --matrix", engine_names },
	{ "rw", "RW", OPT_RW, CLI_SHOWV, 0, "the workload (default randread)",
	  rw_names },
	{ "mix", "PCT", OPT_MIX, 0, 0, "randrw: percent of reads (50)",
	  NULL },
	{ "zones", "N", OPT_ZONES, 0, CLI_K_ZONED,
	  "append, zwrite: zones written at once", NULL },
	{ "bs", "SIZE", OPT_BS, 0, 0, "block size: 512, 4k, 1m (default the "
	  "LBA size)", NULL },
	{ "qd", "N", OPT_QD, 0, 0, "queue depth (64); a comma list for "
	  "--matrix", NULL },
	{ "batch-submit", "N", OPT_BATCH_SUBMIT, 0, 0,
	  "I/Os submitted at once", NULL },
	{ "batch-complete", "N", OPT_BATCH_COMPLETE, 0, 0,
	  "completions reaped at once", NULL },
	{ "poll", NULL, OPT_POLL, 0, 0, "polled completions", NULL },
	{ "hybrid-poll", NULL, OPT_HYBRID_POLL, CLI_ALT, 0,
	  "hybrid polling (sleep, then poll)", NULL },
	{ "sqpoll", "CPU", OPT_SQPOLL, CLI_OPTARG, 0,
	  "a kernel thread submits (on CPU)", NULL },
	{ "fixed", NULL, OPT_FIXED, 0, 0, "registered buffers", NULL },
	{ "vectored", NULL, OPT_VECTORED, 0, 0, "vectored I/O", NULL },
	{ "threads", "N", OPT_THREADS, 0, 0, "threads, each with its ring",
	  NULL },
	{ "time", "T", OPT_TIME, 0, 0, "run for T: 10, 500ms, 2m (10 s)",
	  NULL },
	{ "ios", "N", OPT_IOS, CLI_ALT, 0, "run N I/Os", NULL },
	{ "ramp", "T", OPT_RAMP, 0, 0, "warm up for T first", NULL },
	{ "range", "LBA:BLOCKS", OPT_RANGE, 0, 0, "the blocks used", NULL },
	{ "seed", "N", OPT_SEED, 0, 0, "the random offsets' seed", NULL },
	{ "verify", NULL, OPT_VERIFY, 0, 0,
	  "check every block read (a mismatch exits 4)", NULL },
	{ "md", NULL, OPT_MD, 0, CLI_K_MD, "move the metadata too", NULL },
	{ "pi-act", NULL, OPT_PI_ACT, 0, CLI_K_PI,
	  "PRACT: the controller makes and strips the PI", NULL },
	{ "pi-host", NULL, OPT_PI_HOST, CLI_ALT, CLI_K_PI,
	  "the host makes and checks the PI", NULL },
	{ "pi-check", "LIST", OPT_PI_CHECK, CLI_LIST, CLI_K_PI,
	  "PRCHK: the fields the controller checks", pi_check_values },
	{ "json", NULL, OPT_JSON, 0, 0, "JSON output", NULL },
	{ "save", "FILE", OPT_SAVE, 0, 0, "save the results as JSON", NULL },
	{ "matrix", NULL, OPT_MATRIX, 0, 0,
	  "the passthru vs block table", NULL },
	{ "irq", NULL, OPT_IRQ, CLI_SUB, 0, "only the interrupt cells",
	  NULL },
	{ "plot", "FILE.png", OPT_PLOT, CLI_SUB, 0, "draw it (gnuplot)",
	  NULL },
	{ "compare-fio", NULL, OPT_COMPARE_FIO, 0, 0,
	  "run fio with the same job beside", NULL },
	{ "verbose", NULL, OPT_VERBOSE, CLI_SUB, 0, "show fio's command",
	  NULL },
	{ "reps", "N", OPT_REPS, 0, 0, "runs per cell, the median kept "
	  "(1-3)", NULL },
	{ NULL },
};

const struct cli_cmd cli_bench_cmd = {
	"bench", "measure IOPS, latency and CPU per I/O; --matrix: the "
	"passthru vs block table", CLI_DEV_OPT, bench_opts, cmd_bench, NULL,
};

/* The options that only switch something on. */
static bool *flag(struct args *a, int ch)
{
	switch (ch) {
	case OPT_FIXED:
		return &a->o.fixed;
	case OPT_VECTORED:
		return &a->o.vectored;
	case OPT_VERIFY:
		return &a->o.verify;
	case OPT_JSON:
		return &a->json;
	case OPT_MATRIX:
		return &a->matrix;
	case OPT_COMPARE_FIO:
		return &a->compare_fio;
	case OPT_VERBOSE:
		return &a->verbose;
	case OPT_MD:
		return &a->o.md;
	case OPT_PI_ACT:
		return &a->o.pi_act;
	case OPT_PI_HOST:
		return &a->o.pi_host;
	}
	return NULL;
}

/* One case per option, each a few lines: long, and best read as a list. */
static int parse_opt(struct args *a, int ch, const char *arg)
{
	struct bench_opts *o = &a->o;
	struct lba_range range;
	bool *on = flag(a, ch);
	const char *why;
	uint64_t v;
	int ret = 0;

	if (on) {
		*on = true;
		return 0;
	}
	switch (ch) {
	case OPT_ENGINE:
		a->has_engine = true;
		if (strchr(arg, ','))
			return parse_list("engine", arg, a);
		if (parse_engine(arg, &o->engine))
			return bad_engine(arg);
		a->engines[0] = o->engine;
		a->nr_engines = 1;
		return 0;
	case OPT_RW:
	{
		/* The message lists what the table has: all of it. */
		char buf[128];
		int i = cli_value_index(rw_names, arg);

		if (i >= 0) {
			o->rw = i;
			return 0;
		}
		return bad("--rw: '%s' is not %s", arg,
			   cli_values_str(rw_names, buf, sizeof(buf)));
	}
	case OPT_MIX:
		ret = num("mix", arg, 0, 100, &v);
		o->mix = v;
		return ret;
	case OPT_BS:
		a->has_bs = true;
		ret = parse_size("bs", arg, 16U << 20, &v);
		o->bs = v;
		return ret;
	case OPT_QD:
		a->has_qd = true;
		if (strchr(arg, ','))
			return parse_list("qd", arg, a);
		ret = num("qd", arg, 1, 4096, &v);
		o->qd = v;
		a->qds[0] = v;
		a->nr_qds = 1;
		return ret;
	case OPT_BATCH_SUBMIT:
		ret = num("batch-submit", arg, 1, 4096, &v);
		o->batch_submit = v;
		return ret;
	case OPT_BATCH_COMPLETE:
		ret = num("batch-complete", arg, 1, 4096, &v);
		o->batch_complete = v;
		return ret;
	case OPT_POLL:
		o->poll = a->only_poll = true;
		return 0;
	case OPT_HYBRID_POLL:
		o->poll = o->hybrid = a->only_poll = true;
		return 0;
	case OPT_IRQ:
		a->only_irq = true;
		return 0;
	case OPT_SQPOLL:
		o->sqpoll = true;
		if (arg) {
			ret = num("sqpoll", arg, 0, 4095, &v);
			o->sqpoll_cpu = v;
		}
		return ret;
	case OPT_THREADS:
		ret = num("threads", arg, 1, 256, &v);
		o->threads = v;
		return ret;
	case OPT_TIME:
		a->has_time = true;
		ret = parse_time("time", arg, &o->time_ns);
		if (!ret && !o->time_ns)
			return bad("--time must be more than 0");
		/* Below that, timer and start-up swamp the run. */
		if (!ret && o->time_ns < 1000000)
			return bad("--time %s: too short to measure: at least "
				   "1ms", arg);
		return ret;
	case OPT_IOS:
		a->has_ios = true;
		return num("ios", arg, 1, UINT64_MAX, &o->ios);
	case OPT_RAMP:
		a->has_ramp = true;
		return parse_time("ramp", arg, &o->ramp_ns);
	case OPT_RANGE:
		if (parse_lba_range(arg, UINT64_MAX, &range, &why))
			return bad("--range: '%s': %s (LBA:BLOCKS)", arg, why);
		o->range_lba = range.lba;
		o->range_blocks = range.blocks;
		return 0;
	case OPT_SEED:
		return num("seed", arg, 0, UINT64_MAX, &o->seed);
	case OPT_PLOT:
		a->plot = arg;
		return 0;
	case OPT_SAVE:
		a->save = arg;
		return 0;
	case OPT_ZONES:
		ret = num("zones", arg, 1, 4096, &v);
		o->zones = v;
		return ret;
	case OPT_PI_CHECK:
		return parse_pi_check(arg, o);
	case OPT_REPS:
		a->has_reps = true;
		/* Each cell keeps three runs (bench.h): their median. */
		if (!parse_u64(arg, UINT64_MAX, &v) && v > 3)
			return bad("--reps %s: at most 3 runs a cell are kept "
				   "(the median of them is reported)", arg);
		ret = num("reps", arg, 1, 3, &v);
		a->reps = v;
		return ret;
	}
	return bad("unknown option");
}

static bool is_nop(enum bench_engine e)
{
	return e == BENCH_NOP || e == BENCH_NOP_RAW;
}

static bool md_opts(const struct bench_opts *o)
{
	return o->md || o->pi_act || o->pi_host || o->pi_check_set;
}

/* The first metadata or PI option given, to name in a refusal. */
static const char *md_opt_name(const struct bench_opts *o)
{
	return o->pi_act ? "--pi-act" : o->pi_host ? "--pi-host" :
	       o->pi_check_set ? "--pi-check" : "--md";
}

/* Metadata and PI: options first, then who can carry them. */
static int check_md_args(struct args *a)
{
	struct bench_opts *o = &a->o;
	const char *how;

	if (o->pi_act && o->pi_host)
		return bad("--pi-act and --pi-host exclude each other (with "
			   "--pi-act the controller makes and strips the PI)");
	if (o->pi_check_set && !o->pi_act && !o->pi_host &&
	    bench_rw_writes(o->rw))
		return bad("--pi-check on writes needs valid tuples: --pi-act "
			   "(the controller makes them) or --pi-host (the "
			   "host does)");
	/* The host's tuples travel as metadata. */
	if (o->pi_host)
		o->md = true;
	if (!md_opts(o))
		return 0;
	how = md_opt_name(o);
	if (a->compare_fio)
		return bad("--compare-fio and %s exclude each other: "
			   "Debian's fio 3.33 has no metadata or PI "
			   "options (md_per_io_size, pi_act, pi_chk "
			   "came in fio 3.36)", how);
	if (a->matrix)
		return bad("--matrix and %s exclude each other: its "
			   "block cells cannot carry metadata or PI",
			   how);
	if (o->rw == BENCH_APPEND || o->rw == BENCH_ZWRITE)
		return bad("--rw %s and %s exclude each other: the "
			   "zoned workloads move data only",
			   rw_names[o->rw], how);
	/* The block engine carries separate metadata and the
	 * checks (io_uring's PI attribute, judged against the
	 * device in check_dev()), but has no PRACT. */
	if (a->engines[0] == BENCH_BLOCK && o->pi_act)
		return bad("--engine block and --pi-act exclude each "
			   "other: only passthrough (pt, ioctl) has "
			   "PRACT, the controller making and "
			   "stripping the tuples");
	if (a->engines[0] != BENCH_PT && a->engines[0] != BENCH_IOCTL &&
	    a->engines[0] != BENCH_BLOCK)
		return bad("--engine %s and %s exclude each other: "
			   "only passthrough (pt, ioctl) and block "
			   "carry metadata and PI fields",
			   engine_names[a->engines[0]], how);
	return 0;
}

/* What engine e of the --engine list allows with the other options. */
static int check_engine(const struct args *a, enum bench_engine e)
{
	const struct bench_opts *o = &a->o;

	if (is_nop(e) && (o->verify || o->fixed || o->vectored || o->poll))
		return bad("--engine %s: NOPs move no data: no "
			   "--verify, --fixed, --vectored or --poll",
			   engine_names[e]);
	if (e == BENCH_IOCTL && (o->poll || o->sqpoll || o->fixed))
		return bad("--engine ioctl is synchronous: no --poll, "
			   "--sqpoll or --fixed");
	if (e == BENCH_IOCTL && o->qd * o->threads > 1024)
		return bad("--engine ioctl runs a thread per I/O: "
			   "--qd x --threads at most 1024");
	if (a->compare_fio && e != BENCH_PT && e != BENCH_BLOCK)
		return bad("--compare-fio compares the pt and block "
			   "engines");
	if (a->matrix && e != BENCH_PT && e != BENCH_BLOCK)
		return bad("--matrix compares the pt and block "
			   "engines");
	return 0;
}

/* Option combinations, checked once all are known. */
static int check_args(struct args *a)
{
	struct bench_opts *o = &a->o;
	bool dev_needed = false;
	int ret;

	if (a->has_time && a->has_ios)
		return bad("--time and --ios exclude each other");
	if (a->has_ios)
		o->time_ns = 0;
	if (o->rw != BENCH_RANDRW && o->mix != 50)
		return bad("--mix applies to --rw randrw only");
	if (o->zones && o->rw != BENCH_APPEND && o->rw != BENCH_ZWRITE)
		return bad("--zones applies to --rw append and zwrite");
	if ((o->rw == BENCH_APPEND || o->rw == BENCH_ZWRITE) &&
	    (a->matrix || a->compare_fio || o->vectored ||
	     a->engines[0] != BENCH_PT))
		return bad("--rw %s: the pt engine, without --matrix, "
			   "--compare-fio or --vectored", rw_names[o->rw]);
	ret = check_md_args(a);
	if (ret)
		return ret;
	if (o->batch_submit > o->qd || o->batch_complete > o->qd)
		return bad("--batch-submit and --batch-complete are at most "
			   "--qd (%u)", o->qd);
	if (o->sqpoll_cpu >= sysconf(_SC_NPROCESSORS_ONLN))
		return bad("--sqpoll=%d: no such CPU online (%ld)",
			   o->sqpoll_cpu, sysconf(_SC_NPROCESSORS_ONLN));
	if (a->only_irq && a->only_poll)
		return bad("--poll and --irq exclude each other");
	if (o->hybrid && a->compare_fio)
		return bad("--hybrid-poll: fio has no hybrid polling to "
			   "compare with");
	if (a->only_irq && !a->matrix)
		return bad("--irq selects --matrix cells; a single job is "
			   "interrupt-driven unless --poll");
	if (a->plot && !a->matrix)
		return bad("--plot draws the --matrix");
	if (!a->matrix && (a->nr_qds > 1 || a->nr_engines > 1))
		return bad("lists of --qd or --engine are for --matrix");
	if (a->has_reps && !a->matrix && !a->compare_fio)
		return bad("--reps repeats --matrix or --compare-fio runs");
	for (unsigned i = 0; i < a->nr_engines; i++) {
		if (!is_nop(a->engines[i]))
			dev_needed = true;
		ret = check_engine(a, a->engines[i]);
		if (ret)
			return ret;
	}
	if (a->compare_fio && o->verify)
		return bad("--compare-fio and --verify exclude each other "
			   "(fio would not know ngio's block format)");
	if (dev_needed && !o->dev)
		return bad("DEV is missing");
	if (!dev_needed && o->dev)
		return bad("--engine %s takes no DEV",
			   engine_names[a->engines[0]]);
	if (o->verify && o->ios == 0 && o->time_ns == 0)
		return bad("--verify needs --time or --ios");
	return 0;
}

static int bench_opt(struct cli *c, int val, const char *arg, void *ctx)
{
	(void)c;
	return parse_opt(ctx, val, arg);
}

static int parse(struct args *a, int argc, char **argv)
{
	struct cli_extra x = { bench_opt, a };
	struct cli c;
	int ret;

	memset(a, 0, sizeof(*a));
	a->o = (struct bench_opts){
		.engine = BENCH_PT, .rw = BENCH_RANDREAD, .mix = 50,
		.qd = 64, .threads = 1, .time_ns = 10000000000ULL,
		.sqpoll_cpu = -1, .seed = 1,
	};
	a->engines[0] = BENCH_PT;
	a->nr_engines = 1;
	a->qds[0] = 64;
	a->nr_qds = 1;
	ret = cli_parse(&c, &cli_bench_cmd, argc, argv, &x);
	if (ret)
		return ret;
	if (c.help)
		return -1;
	a->o.dev = c.dev;
	if (a->matrix) {
		/* The proposal's table unless told otherwise. */
		if (!a->has_engine) {
			a->engines[0] = BENCH_BLOCK;
			a->engines[1] = BENCH_PT;
			a->nr_engines = 2;
		}
		if (!a->has_qd) {
			static const unsigned q[] = { 8, 64, 256 };

			for (unsigned i = 0; i < 3; i++)
				a->qds[i] = q[i];
			a->nr_qds = 3;
		}
		if (!a->has_time && !a->has_ios)
			a->o.time_ns = 5000000000ULL;
		if (!a->has_ramp)
			a->o.ramp_ns = 1000000000ULL;
	}
	if (!a->o.batch_submit)
		a->o.batch_submit = a->matrix ? 0 : a->o.qd;
	if (!a->o.batch_complete)
		a->o.batch_complete = 1;
	if (a->matrix) {
		/* Each cell's depth bounds its batches. */
		unsigned min_qd = 4096;

		for (unsigned i = 0; i < a->nr_qds; i++)
			if (a->qds[i] < min_qd)
				min_qd = a->qds[i];
		a->o.qd = min_qd;
	}
	if (!a->reps)
		a->reps = a->matrix || a->compare_fio ? 3 : 1;
	a->o.progress = isatty(STDERR_FILENO) && !a->matrix;
	return check_args(a);
}

/* ------------------------------------------------------------ output */

static void print_ns(const char *label, double ns)
{
	if (ns >= 1e9)
		printf("%s %.2f s", label, ns / 1e9);
	else if (ns >= 1e6)
		printf("%s %.2f ms", label, ns / 1e6);
	else if (ns >= 1e3)
		printf("%s %.1f us", label, ns / 1e3);
	else
		printf("%s %.0f ns", label, ns);
}

static const char *si(double v, char *buf, size_t len)
{
	if (v >= 1e9)
		snprintf(buf, len, "%.2fG", v / 1e9);
	else if (v >= 1e6)
		snprintf(buf, len, "%.2fM", v / 1e6);
	else if (v >= 1e3)
		snprintf(buf, len, "%.1fk", v / 1e3);
	else
		snprintf(buf, len, "%.0f", v);
	return buf;
}

/* "guard,apptag,reftag", or "none". */
static const char *pi_check_str(unsigned check, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s%s",
		 check & NGIO_PI_CHECK_GUARD ? ",guard" : "",
		 check & NGIO_PI_CHECK_APPTAG ? ",apptag" : "",
		 check & NGIO_PI_CHECK_REFTAG ? ",reftag" : "",
		 check ? "" : ",none");
	return buf + 1;
}

static void describe_job(const struct bench_opts *o, char *buf, size_t len)
{
	size_t n;

	n = snprintf(buf, len, "%s %s%s", engine_names[o->engine],
		     is_nop(o->engine) ? "" : rw_names[o->rw],
		     o->verify ? " verify" : "");
	if (o->rw == BENCH_RANDRW)
		n += snprintf(buf + n, len - n, " mix=%u", o->mix);
	if (o->zones)
		n += snprintf(buf + n, len - n, " zones=%u", o->zones);
	if (!is_nop(o->engine))
		n += snprintf(buf + n, len - n, " bs=%u", o->bs);
	/* --bs counts data; the metadata moved besides. */
	if (o->md_bytes)
		n += snprintf(buf + n, len - n, "+%u md", o->md_bytes);
	else if (o->md)
		n += snprintf(buf + n, len - n, " md");
	if (o->pi_act || o->pi_host || o->pi_check) {
		char chk[32];

		n += snprintf(buf + n, len - n, "%s%s check=%s",
			      o->pi_act ? " pi-act" : "",
			      o->pi_host ? " pi-host" : "",
			      pi_check_str(o->pi_check, chk, sizeof(chk)));
	}
	n += snprintf(buf + n, len - n, " qd=%u batch=%u/%u threads=%u%s%s%s%s",
		      o->qd, o->batch_submit, o->batch_complete, o->threads,
		      o->poll ? " poll" : "", o->sqpoll ? " sqpoll" : "",
		      o->fixed ? " fixed" : "", o->vectored ? " vectored" : "");
	if (o->time_ns)
		snprintf(buf + n, len - n, ", %.3g s", o->time_ns / 1e9);
	else
		snprintf(buf + n, len - n, ", %llu I/Os",
			 (unsigned long long)o->ios);
}

static void print_result(const char *who, const struct bench_result *r,
			 bool data)
{
	char a[32], b[32];

	printf("%-5s IOPS %s", who, si(r->iops, a, sizeof(a)));
	if (data)
		printf(", %s/s (%.1f MiB/s)", si(r->bw, b, sizeof(b)),
		       r->bw / 1048576);
	printf(", %llu I/Os in %.2f s\n", (unsigned long long)r->ios,
	       r->runtime_ns / 1e9);
	print_ns("      latency: avg", r->lat_mean);
	print_ns(", min", r->lat_min);
	print_ns(", max", r->lat_max);
	printf("\n      percentiles:");
	for (int i = 0; i < BENCH_NR_PCT; i++) {
		char label[16];

		snprintf(label, sizeof(label), "%sp%s", i ? ", " : " ",
			 bench_pct_name[i]);
		print_ns(label, r->lat_pct[i]);
	}
	printf("\n");
	printf("      CPU per I/O: user %.0f ns, system %.0f ns "
	       "(user %.0f%%, system %.0f%% of a CPU)\n",
	       r->usr_ns_per_io, r->sys_ns_per_io, r->usr_pct, r->sys_pct);
	if (r->syscalls > 0)
		printf("      I/Os per system call: %.1f (%lld calls)\n",
		       r->ios_per_syscall, (long long)r->syscalls);
	else if (!r->syscalls && r->ios)
		printf("      system calls: none (an in-process device)\n");
	if (r->verified || r->mismatches)
		printf("      verify: %llu blocks checked, %llu mismatches\n",
		       (unsigned long long)r->verified,
		       (unsigned long long)r->mismatches);
	if (r->zone_resets || r->zone_finishes)
		printf("      zones: %llu reset, %llu finished as they "
		       "filled\n", (unsigned long long)r->zone_resets,
		       (unsigned long long)r->zone_finishes);
	/* What checking PI on the host costs: fio's could not be
	 * turned off, so it was never seen apart. */
	if (r->pi_host)
		printf("      host PI: generate %.2f us/IO, verify %.2f us/IO, "
		       "%.1f%% of the run's CPU time; %llu blocks checked, "
		       "%llu mismatches\n", r->pi_gen_ns_per_io / 1e3,
		       r->pi_verify_ns_per_io / 1e3, r->pi_cpu_pct,
		       (unsigned long long)r->pi_checked,
		       (unsigned long long)r->pi_mismatches);
}

static struct json_object *j_u64(uint64_t v)
{
	return json_object_new_uint64(v);
}

static struct json_object *j_dbl(double v)
{
	/* Two decimals are plenty and keep the file readable. */
	return json_object_new_double(round(v * 100) / 100);
}

static struct json_object *json_opts(const struct bench_opts *o)
{
	struct json_object *j = json_object_new_object();

	json_object_object_add(j, "device",
			       o->dev ? json_object_new_string(o->dev) : NULL);
	json_object_object_add(j, "engine",
			       json_object_new_string(engine_names[o->engine]));
	json_object_object_add(j, "rw",
			       json_object_new_string(rw_names[o->rw]));
	json_object_object_add(j, "mix", json_object_new_int(o->mix));
	json_object_object_add(j, "zones", j_u64(o->zones));
	json_object_object_add(j, "bs", j_u64(o->bs));
	json_object_object_add(j, "qd", j_u64(o->qd));
	json_object_object_add(j, "batch_submit", j_u64(o->batch_submit));
	json_object_object_add(j, "batch_complete", j_u64(o->batch_complete));
	json_object_object_add(j, "poll", json_object_new_boolean(o->poll));
	json_object_object_add(j, "hybrid_poll",
			       json_object_new_boolean(o->hybrid));
	json_object_object_add(j, "sqpoll", json_object_new_boolean(o->sqpoll));
	json_object_object_add(j, "sqpoll_cpu",
			       json_object_new_int(o->sqpoll_cpu));
	json_object_object_add(j, "fixed", json_object_new_boolean(o->fixed));
	json_object_object_add(j, "vectored",
			       json_object_new_boolean(o->vectored));
	json_object_object_add(j, "threads", j_u64(o->threads));
	json_object_object_add(j, "time_ns", j_u64(o->time_ns));
	json_object_object_add(j, "ios", j_u64(o->ios));
	json_object_object_add(j, "ramp_ns", j_u64(o->ramp_ns));
	json_object_object_add(j, "range_lba", j_u64(o->range_lba));
	json_object_object_add(j, "range_blocks", j_u64(o->range_blocks));
	json_object_object_add(j, "seed", j_u64(o->seed));
	json_object_object_add(j, "verify", json_object_new_boolean(o->verify));
	json_object_object_add(j, "md", json_object_new_boolean(o->md));
	json_object_object_add(j, "md_bytes", j_u64(o->md_bytes));
	json_object_object_add(j, "pi_act", json_object_new_boolean(o->pi_act));
	json_object_object_add(j, "pi_host",
			       json_object_new_boolean(o->pi_host));
	if (o->pi_act || o->pi_host || o->pi_check) {
		char chk[32];

		json_object_object_add(j, "pi_check", json_object_new_string(
			pi_check_str(o->pi_check, chk, sizeof(chk))));
	} else {
		json_object_object_add(j, "pi_check", NULL);
	}
	return j;
}

static struct json_object *json_result(const struct bench_result *r)
{
	struct json_object *j = json_object_new_object();
	struct json_object *lat = json_object_new_object();
	struct json_object *pct = json_object_new_object();
	struct json_object *cpu = json_object_new_object();
	struct json_object *ver = json_object_new_object();
	struct json_object *pi = json_object_new_object();

	json_object_object_add(j, "ios", j_u64(r->ios));
	json_object_object_add(j, "reads", j_u64(r->reads));
	json_object_object_add(j, "writes", j_u64(r->writes));
	json_object_object_add(j, "bytes", j_u64(r->bytes));
	json_object_object_add(j, "runtime_ns", j_u64(r->runtime_ns));
	json_object_object_add(j, "iops", j_dbl(r->iops));
	json_object_object_add(j, "bw_bytes", j_dbl(r->bw));
	json_object_object_add(lat, "min", j_u64(r->lat_min));
	json_object_object_add(lat, "max", j_u64(r->lat_max));
	json_object_object_add(lat, "mean", j_dbl(r->lat_mean));
	for (int i = 0; i < BENCH_NR_PCT; i++)
		json_object_object_add(pct, bench_pct_name[i],
				       j_u64(r->lat_pct[i]));
	json_object_object_add(lat, "percentiles", pct);
	json_object_object_add(j, "lat_ns", lat);
	json_object_object_add(cpu, "usr_ns_per_io", j_dbl(r->usr_ns_per_io));
	json_object_object_add(cpu, "sys_ns_per_io", j_dbl(r->sys_ns_per_io));
	json_object_object_add(cpu, "usr_pct", j_dbl(r->usr_pct));
	json_object_object_add(cpu, "sys_pct", j_dbl(r->sys_pct));
	json_object_object_add(j, "cpu", cpu);
	json_object_object_add(j, "syscalls", r->syscalls >= 0 ?
			       json_object_new_int64(r->syscalls) : NULL);
	json_object_object_add(j, "ios_per_syscall", r->ios_per_syscall >= 0 ?
			       j_dbl(r->ios_per_syscall) : NULL);
	json_object_object_add(ver, "blocks_checked", j_u64(r->verified));
	json_object_object_add(ver, "mismatches", j_u64(r->mismatches));
	json_object_object_add(j, "verify", ver);
	json_object_object_add(j, "zone_resets", j_u64(r->zone_resets));
	json_object_object_add(j, "zone_finishes", j_u64(r->zone_finishes));
	json_object_object_add(pi, "generate_ns_per_io", r->pi_host ?
			       j_dbl(r->pi_gen_ns_per_io) : NULL);
	json_object_object_add(pi, "verify_ns_per_io", r->pi_host ?
			       j_dbl(r->pi_verify_ns_per_io) : NULL);
	json_object_object_add(pi, "cpu_pct", r->pi_host ?
			       j_dbl(r->pi_cpu_pct) : NULL);
	json_object_object_add(pi, "blocks_checked", j_u64(r->pi_checked));
	json_object_object_add(pi, "mismatches", j_u64(r->pi_mismatches));
	json_object_object_add(j, "pi_host", pi);
	return j;
}

static struct json_object *json_head(const char *fio)
{
	struct json_object *j = json_object_new_object();
	struct utsname u;

	json_object_object_add(j, "ngio_version",
			       json_object_new_string(NGIO_VERSION_STRING));
	if (!uname(&u))
		json_object_object_add(j, "kernel",
				       json_object_new_string(u.release));
	json_object_object_add(j, "fio_version",
			       fio ? json_object_new_string(fio) : NULL);
	return j;
}

/* Write root to --save FILE (if given) and, with --json, to stdout. */
static int emit_json(const struct args *a, struct json_object *root)
{
	const char *s = json_object_to_json_string_ext(root,
		JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	int ret = 0;

	if (a->save) {
		FILE *f = fopen(a->save, "w");
		bool ok = f && fprintf(f, "%s\n", s) >= 0;

		if (f && fclose(f))
			ok = false;
		if (!ok)
			ret = report("bench", a->save, -errno);
		else if (!a->json)
			printf("saved: %s\n", a->save);
	}
	if (a->json)
		printf("%s\n", s);
	json_object_put(root);
	return ret;
}

static int cmp_iops(const void *x, const void *y)
{
	const struct bench_result *a = *(const struct bench_result *const *)x;
	const struct bench_result *b = *(const struct bench_result *const *)y;

	return (a->iops > b->iops) - (a->iops < b->iops);
}

/* The run with the median IOPS (the lower middle of an even count). */
static const struct bench_result *median(const struct bench_result *r,
					 unsigned n)
{
	const struct bench_result *by[3];

	for (unsigned i = 0; i < n; i++)
		by[i] = &r[i];
	qsort(by, n, sizeof(by[0]), cmp_iops);
	return by[(n - 1) / 2];
}

/* --------------------------------------------------------- one job */

static int fio_job(const struct args *a, const struct bench_opts *o,
		   const char *ng, const char *blk, struct bench_result *r)
{
	char cmd[4096];

	if (a->verbose &&
	    !bench_fio_cmdline(o, ng, blk, cmd, sizeof(cmd)))
		cli_err(0, "bench", NULL, "%s", cmd);
	return bench_fio_run(o, ng, blk, r);
}

static int fio_paths(const struct bench_opts *o, char *ng, char *blk,
		     size_t len)
{
	struct ngio_dev *dev;
	int ret = ngio_dev_open(o->dev, 0, &dev);

	if (ret)
		return report_dev("bench", o->dev, ret);
	snprintf(ng, len, "%s", ngio_dev_ng_path(dev) ?
		 ngio_dev_ng_path(dev) : "");
	snprintf(blk, len, "%s", ngio_dev_blk_path(dev) ?
		 ngio_dev_blk_path(dev) : "");
	ngio_dev_close(dev);
	return 0;
}

/* A job's JSON: its median (mn; mf fio's, or NULL) and its runs. */
static int job_json(struct args *a, const struct bench_result *ngio,
		    const struct bench_result *fio,
		    const struct bench_result *mn,
		    const struct bench_result *mf, const char *fv)
{
	struct json_object *root, *runs;

	root = json_head(a->compare_fio ? fv : NULL);
	json_object_object_add(root, "job", json_opts(&a->o));
	json_object_object_add(root, "result", json_result(mn));
	runs = NULL;
	if (mf) {
		runs = json_object_new_array();
		for (unsigned i = 0; i < a->reps; i++)
			json_object_array_add(runs, json_result(&ngio[i]));
	}
	json_object_object_add(root, "runs", runs);
	if (mf) {
		struct json_object *f = json_object_new_object();

		runs = json_object_new_array();
		for (unsigned i = 0; i < a->reps; i++)
			json_object_array_add(runs, json_result(&fio[i]));
		json_object_object_add(f, "result", json_result(mf));
		json_object_object_add(f, "runs", runs);
		json_object_object_add(root, "fio", f);
		json_object_object_add(root, "ratio", mf->iops > 0 ?
				       j_dbl(mn->iops / mf->iops) : NULL);
	} else {
		json_object_object_add(root, "fio", NULL);
		json_object_object_add(root, "ratio", NULL);
	}
	return emit_json(a, root);
}

static int one_job(struct args *a)
{
	struct bench_opts *o = &a->o;
	struct bench_result ngio[3], fio[3];
	const struct bench_result *mn, *mf = NULL;
	char desc[256], fv[64] = "", ng[256], blk[256];
	int ret = 0, status = 0;

	if (a->compare_fio) {
		if (!bench_fio_version(fv, sizeof(fv))) {
			return cli_err(NGIO_EXIT_SYS, "bench", NULL,
				       "--compare-fio: fio is not installed "
				       "(apt-get install fio)");
		}
		ret = fio_paths(o, ng, blk, sizeof(ng));
		if (ret)
			return ret;
	}
	for (unsigned i = 0; i < a->reps; i++) {
		/* Alternate who goes first: neither always gets the
		 * device fresh. */
		for (int k = 0; k < 2; k++) {
			bool run_fio = (k == 1) != (i % 2 == 1);

			if (run_fio && !a->compare_fio)
				continue;
			ret = run_fio ? fio_job(a, o, ng, blk, &fio[i]) :
				bench_run(o, &ngio[i]);
			/* A verify mismatch still gets its report. */
			if (ret == NGIO_EXIT_MISMATCH && !run_fio)
				status = ret;
			else if (ret)
				return ret;
		}
	}
	mn = median(ngio, a->reps);
	if (a->compare_fio)
		mf = median(fio, a->reps);
	if (!a->json) {
		describe_job(o, desc, sizeof(desc));
		printf("ngio bench: %s: %s%s\n", o->dev ? o->dev : "no device",
		       desc, a->reps > 1 ? "; the median of the runs" : "");
		print_result("ngio", mn, !is_nop(o->engine));
		if (mf) {
			print_result(fv, mf, true);
			printf("ngio/fio: %.2f (IOPS", mf->iops > 0 ?
			       mn->iops / mf->iops : 0);
			for (unsigned i = 0; i < a->reps; i++)
				printf("%s %.0f/%.0f", i ? "," : ":",
				       ngio[i].iops, fio[i].iops);
			printf(")\n");
		}
	}
	if (!a->json && !a->save)
		return status;
	ret = job_json(a, ngio, fio, mn, mf, fv);
	return status ? status : ret;
}

/* ---------------------------------------------------------- matrix */

static const char *cell_name(const struct bench_cell *c)
{
	if (c->engine == BENCH_BLOCK)
		return c->poll ? "uring-poll" : "uring";
	return c->poll ? "pt-poll" : "pt";
}

static void cell_opts(const struct args *a, const struct bench_cell *c,
		      struct bench_opts *o)
{
	*o = a->o;
	o->engine = c->engine;
	o->poll = c->poll;
	o->qd = c->qd;
	o->batch_submit = a->o.batch_submit ? a->o.batch_submit : c->qd;
	o->progress = false;
}

static double med_iops(const struct bench_result *r, unsigned n)
{
	return n ? median(r, n)->iops : 0;
}

static void print_matrix(const struct args *a, const struct bench_cell *c,
			 unsigned n, const char *dev, const char *fv)
{
	unsigned cols = 0, per_qd;
	struct bench_opts o;

	per_qd = n / a->nr_qds;
	cell_opts(a, &c[0], &o);
	printf("\nngio bench --matrix on %s: %u B %s, %u thread%s, KIOPS, the "
	       "median of %u run%s\n", dev, o.bs, rw_names[o.rw], o.threads,
	       o.threads > 1 ? "s" : "", a->reps, a->reps > 1 ? "s" : "");
	if (fv[0])
		printf("%s beside ngio in the same run, cells interleaved; "
		       "x = ngio / fio\n", fv);
	printf("%4s", "QD");
	for (unsigned i = 0; i < per_qd; i++) {
		if (fv[0])
			printf("  %-22s", cell_name(&c[i]));
		else
			printf("  %10s", cell_name(&c[i]));
		cols++;
	}
	printf("\n");
	if (fv[0]) {
		printf("%4s", "");
		for (unsigned i = 0; i < cols; i++)
			printf("  %7s %7s %6s", "ngio", "fio", "x");
		printf("\n");
	}
	for (unsigned q = 0; q < a->nr_qds; q++) {
		printf("%4u", c[q * per_qd].qd);
		for (unsigned i = 0; i < per_qd; i++) {
			const struct bench_cell *x = &c[q * per_qd + i];

			if (fv[0])
				printf("  %7.1f %7.1f %6.2f", x->ngio_iops / 1e3,
				       x->fio_iops / 1e3, x->ratio);
			else
				printf("  %10.1f", x->ngio_iops / 1e3);
		}
		printf("\n");
	}
	/* The proposal's claims, through ngio. */
	for (unsigned q = 0; q < a->nr_qds; q++) {
		const struct bench_cell *row = &c[q * per_qd];
		double blk[2] = { 0, 0 }, pt[2] = { 0, 0 };

		for (unsigned i = 0; i < per_qd; i++)
			(row[i].engine == BENCH_PT ? pt : blk)[row[i].poll] =
				row[i].ngio_iops;
		if (q == 0)
			printf("passthrough / block (ngio):");
		printf("%s QD %u", q ? ";" : "", row[0].qd);
		if (blk[0] && pt[0])
			printf(" %.2f", pt[0] / blk[0]);
		if (blk[1] && pt[1])
			printf(" poll %.2f", pt[1] / blk[1]);
	}
	printf("\n");
}

static struct json_object *json_cell(const struct bench_cell *c,
				     bool has_fio)
{
	struct json_object *j = json_object_new_object();
	struct json_object *ng = json_object_new_object();
	struct json_object *runs = json_object_new_array();

	json_object_object_add(j, "name", json_object_new_string(cell_name(c)));
	json_object_object_add(j, "qd", j_u64(c->qd));
	json_object_object_add(j, "engine",
			       json_object_new_string(engine_names[c->engine]));
	json_object_object_add(j, "poll", json_object_new_boolean(c->poll));
	json_object_object_add(ng, "iops", j_dbl(c->ngio_iops));
	for (unsigned i = 0; i < c->reps; i++)
		json_object_array_add(runs, json_result(&c->ngio[i]));
	json_object_object_add(ng, "runs", runs);
	json_object_object_add(j, "ngio", ng);
	if (has_fio) {
		struct json_object *f = json_object_new_object();

		runs = json_object_new_array();
		json_object_object_add(f, "iops", j_dbl(c->fio_iops));
		for (unsigned i = 0; i < c->reps; i++)
			json_object_array_add(runs, json_result(&c->fio[i]));
		json_object_object_add(f, "runs", runs);
		json_object_object_add(j, "fio", f);
		json_object_object_add(j, "ratio", c->ratio > 0 ?
				       j_dbl(c->ratio) : NULL);
	} else {
		json_object_object_add(j, "fio", NULL);
		json_object_object_add(j, "ratio", NULL);
	}
	return j;
}

static bool in_path(const char *prog)
{
	const char *path = getenv("PATH");
	char buf[4096];

	for (const char *p = path ? path : "/usr/bin:/bin"; *p;) {
		size_t n = strcspn(p, ":");

		if (n && n + strlen(prog) + 2 <= sizeof(buf)) {
			snprintf(buf, sizeof(buf), "%.*s/%s", (int)n, p, prog);
			if (!access(buf, X_OK))
				return true;
		}
		p += n + (p[n] == ':');
	}
	return false;
}

/*
 * What the whole matrix needs of the device, checked before any cell
 * runs: polling for the poll cells; and the default block size, 512 B as
 * in the proposal, or the LBA size if larger.
 */
static int matrix_dev(struct args *a)
{
	struct ngio_dev *dev;
	const char *why = NULL;
	int ret = ngio_dev_open(a->o.dev, 0, &dev);

	if (ret)
		return report_dev("bench", a->o.dev, ret);
	if (!a->only_irq && !ngio_dev_has(dev, NGIO_CAP_IOPOLL, &why)) {
		ret = cli_err(NGIO_EXIT_USAGE, "bench", a->o.dev, "%s; --irq "
			      "runs the interrupt cells only", why);
	}
	if (!a->has_bs) {
		a->o.bs = 512;
		if (ngio_dev_geometry(dev)->lba_size > 512)
			a->o.bs = ngio_dev_geometry(dev)->lba_size;
	}
	ngio_dev_close(dev);
	return ret;
}

/* The cells, rows by depth, columns as the proposal: engines, then polled. */
static unsigned matrix_cells(const struct args *a, struct bench_cell *cells)
{
	unsigned n = 0;

	for (unsigned q = 0; q < a->nr_qds; q++)
		for (int poll = 0; poll < 2; poll++) {
			if ((poll && a->only_irq) || (!poll && a->only_poll))
				continue;
			for (unsigned e = 0; e < a->nr_engines; e++) {
				if (n == MAX_CELLS)
					break;
				cells[n] = (struct bench_cell){
					.qd = a->qds[q], .poll = poll,
					.engine = a->engines[e],
				};
				n++;
			}
		}
	return n;
}

/* Every run of every cell, --reps times round: 0 or the first failure. */
static int matrix_runs(struct args *a, struct bench_cell *cells, unsigned n,
		       const char *ng, const char *blk)
{
	unsigned total, done = 0;
	struct bench_opts o;
	int ret = 0;

	total = n * a->reps * (a->compare_fio ? 2 : 1);
	cli_err(0, "bench", NULL, "%u cells x %u runs%s, %.3g s each", n,
		a->reps, a->compare_fio ? " x {ngio, fio}" : "",
		(a->o.time_ns + a->o.ramp_ns) / 1e9);
	for (unsigned r = 0; r < a->reps && !ret; r++)
		for (unsigned i = 0; i < n && !ret; i++) {
			struct bench_cell *c = &cells[i];

			cell_opts(a, c, &o);
			for (int k = 0; k < 2 && !ret; k++) {
				/* Alternate who goes first, run to run. */
				bool run_fio = (k == 1) != (r % 2 == 1);
				struct bench_result *res;

				if (run_fio && !a->compare_fio)
					continue;
				res = run_fio ? &c->fio[r] : &c->ngio[r];
				ret = run_fio ? fio_job(a, &o, ng, blk, res) :
					bench_run(&o, res);
				done++;
				if (!ret)
					fprintf(stderr, "[%u/%u] QD %u %-10s "
						"%-4s %.1fk IOPS\n", done,
						total, c->qd, cell_name(c),
						run_fio ? "fio" : "ngio",
						res->iops / 1e3);
			}
			c->reps = r + 1;
		}
	return ret;
}

static int matrix(struct args *a)
{
	struct bench_cell *cells;
	struct bench_opts o;
	char fv[64] = "", ng[256] = "", blk[256] = "", title[256];
	struct json_object *root, *arr;
	unsigned n;
	int ret;

	if (a->compare_fio && !bench_fio_version(fv, sizeof(fv))) {
		return cli_err(NGIO_EXIT_SYS, "bench", NULL, "--compare-fio: "
			       "fio is not installed (apt-get install fio)");
	}
	if (a->plot && !in_path("gnuplot")) {
		return cli_err(NGIO_EXIT_SYS, "bench", NULL, "--plot: gnuplot "
			       "not found (apt-get install gnuplot-nox)");
	}
	ret = fio_paths(&a->o, ng, blk, sizeof(ng));
	if (!ret)
		ret = matrix_dev(a);
	if (ret)
		return ret;
	cells = calloc(MAX_CELLS, sizeof(*cells));
	if (!cells)
		return report("bench", "matrix", -ENOMEM);
	n = matrix_cells(a, cells);
	ret = matrix_runs(a, cells, n, ng, blk);
	if (ret)
		goto out;
	for (unsigned i = 0; i < n; i++) {
		struct bench_cell *c = &cells[i];

		c->ngio_iops = med_iops(c->ngio, c->reps);
		c->fio_iops = a->compare_fio ? med_iops(c->fio, c->reps) : 0;
		c->ratio = c->fio_iops ? c->ngio_iops / c->fio_iops : 0;
	}
	if (!a->json)
		print_matrix(a, cells, n, a->o.dev, fv);

	cell_opts(a, &cells[0], &o);
	root = json_head(a->compare_fio ? fv : NULL);
	json_object_object_add(root, "job", json_opts(&o));
	json_object_object_add(root, "reps", j_u64(a->reps));
	arr = json_object_new_array();
	for (unsigned i = 0; i < n; i++)
		json_object_array_add(arr, json_cell(&cells[i],
						     a->compare_fio));
	json_object_object_add(root, "cells", arr);
	ret = emit_json(a, root);
	if (!ret && a->plot) {
		snprintf(title, sizeof(title), "%s %u B %s, ngio%s (median of "
			 "%u)", a->o.dev, o.bs, rw_names[o.rw],
			 a->compare_fio ? " vs fio" : "", a->reps);
		ret = bench_plot(a->plot, cells, n, a->compare_fio, title);
		if (!ret && !a->json)
			printf("plot: %s\n", a->plot);
	}
out:
	free(cells);
	return ret;
}

/*
 * Find out now whether --save can be written, not after minutes of
 * measuring: open it as it will be (an existing file is not changed
 * yet; one made here is removed again).
 */
static int check_save(const char *path)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	bool made = false;

	if (fd < 0 && errno == ENOENT) {
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		made = fd >= 0;
	}
	if (fd < 0)
		return report("bench", path, -errno);
	close(fd);
	if (made)
		unlink(path);
	return 0;
}

int cmd_bench(int argc, char **argv)
{
	struct args a;
	int ret = parse(&a, argc, argv);

	if (ret)
		return ret < 0 ? NGIO_EXIT_OK : ret;
	if (a.matrix && !a.save)
		a.save = "ngio-bench.json";
	if (a.save) {
		ret = check_save(a.save);
		if (ret)
			return ret;
	}
	return a.matrix ? matrix(&a) : one_job(&a);
}
