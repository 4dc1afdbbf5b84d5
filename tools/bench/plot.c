// SPDX-License-Identifier: MIT
/*
 * --plot: the matrix as a grouped bar chart, drawn by gnuplot from a
 * script and a data file in a private temporary directory.
 */
#include <errno.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "args.h"
#include "bench.h"

extern char **environ;

/* The bars of a queue depth group, in this order when present. */
static const struct {
	enum bench_engine engine;
	bool poll;
	const char *name;
	const char *colour;	/* fio's bar: the same, lighter */
} series[] = {
	{ BENCH_BLOCK, false, "block", "#4c72b0" },
	{ BENCH_PT, false, "pt", "#dd8452" },
	{ BENCH_BLOCK, true, "block poll", "#55a868" },
	{ BENCH_PT, true, "pt poll", "#c44e52" },
};
#define NR_SERIES (sizeof(series) / sizeof(series[0]))

static const struct bench_cell *find_cell(const struct bench_cell *cells,
					  unsigned n, unsigned qd,
					  unsigned s)
{
	for (unsigned i = 0; i < n; i++)
		if (cells[i].qd == qd && cells[i].engine == series[s].engine &&
		    cells[i].poll == series[s].poll)
			return &cells[i];
	return NULL;
}

/* "950", "12.3k", "812k", "1.25M": short enough for a bar. */
static void iops_label(double iops, char *buf, size_t len)
{
	if (iops < 1e3)
		snprintf(buf, len, "%.0f", iops);
	else if (iops < 1e4)
		snprintf(buf, len, "%.2fk", iops / 1e3);
	else if (iops < 1e5)
		snprintf(buf, len, "%.1fk", iops / 1e3);
	else if (iops < 1e6)
		snprintf(buf, len, "%.0fk", iops / 1e3);
	else
		snprintf(buf, len, "%.2fM", iops / 1e6);
}

/* A gnuplot single-quoted string: '' stands for a quote. */
static void put_string(FILE *f, const char *s)
{
	fputc('\'', f);
	for (; *s; s++) {
		if (*s == '\'')
			fputc('\'', f);
		fputc(*s == '\n' ? ' ' : *s, f);
	}
	fputc('\'', f);
}

/*
 * One row per queue depth: the label, then for each bar its IOPS in
 * thousands and its text ("?" and "" where the matrix has no cell).
 */
static int write_data(const char *path, const struct bench_cell *cells,
		      unsigned n, const unsigned *qds, unsigned nr_qd,
		      const unsigned *bars, unsigned nr_bars, double *max)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -errno;
	*max = 0;
	for (unsigned q = 0; q < nr_qd; q++) {
		fprintf(f, "\"QD %u\"", qds[q]);
		for (unsigned b = 0; b < nr_bars; b++) {
			const struct bench_cell *c;
			bool fio = bars[b] & 1;
			double v;
			char text[32];

			c = find_cell(cells, n, qds[q], bars[b] >> 1);
			v = c ? (fio ? c->fio_iops : c->ngio_iops) : 0;
			if (!c || v <= 0) {
				fprintf(f, " ? \"\"");
				continue;
			}
			iops_label(v, text, sizeof(text));
			fprintf(f, " %.6g \"%s\"", v / 1e3, text);
			if (v / 1e3 > *max)
				*max = v / 1e3;
		}
		fputc('\n', f);
	}
	if (fclose(f))
		return -errno;
	return 0;
}

static int write_script(const char *path, const char *data, const char *png,
			const char *title, unsigned nr_qd, const unsigned *bars,
			unsigned nr_bars, bool has_fio, double max)
{
	FILE *f = fopen(path, "w");
	/* Bars of a group are 1/(nr_bars + gap) wide around its centre. */
	const unsigned gap = 1;

	if (!f)
		return -errno;
	fputs("if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {\n"
	      "\tset terminal pngcairo size 1200,700 font 'Sans,10' "
	      "noenhanced\n"
	      "} else {\n"
	      "\tset terminal png size 1200,700 noenhanced\n"
	      "}\n", f);
	fputs("set output ", f);
	put_string(f, png);
	fputs("\nset title ", f);
	put_string(f, title ? title : "ngio bench");
	fputs(" font ',13'\n", f);
	fprintf(f, "set style data histograms\n"
		"set style histogram clustered gap %u\n"
		"set boxwidth 1 relative\n"
		"set datafile missing '?'\n"
		"set ylabel 'IOPS (thousands)'\n"
		"set xlabel 'queue depth'\n"
		/* Room above the tallest bar for its upright label. */
		"set yrange [0:%.6g]\n"
		"set xrange [-0.6:%u - 0.4]\n"
		"set grid ytics lc rgb '#d0d0d0'\n"
		"set xtics nomirror scale 0\n"
		"set ytics nomirror\n"
		"set border 3\n"
		"set key outside right top vertical Left reverse noautotitle\n"
		"plot \\\n", gap, max > 0 ? max * 1.2 : 1, nr_qd);
	for (unsigned b = 0; b < nr_bars; b++) {
		unsigned s = bars[b] >> 1;
		bool fio = bars[b] & 1;

		fputc('\t', f);
		put_string(f, data);
		fprintf(f, " using %u%s title '%s%s' lc rgb '%s' fs %s border "
			"lc rgb '%s', \\\n", 2 + 2 * b, b ? "" : ":xtic(1)",
			series[s].name,
			fio ? " (fio)" : has_fio ? " (ngio)" : "",
			series[s].colour,
			fio ? "pattern 4" : "solid 0.9", series[s].colour);
	}
	/* The values, upright above each bar's centre. */
	for (unsigned b = 0; b < nr_bars; b++) {
		fputc('\t', f);
		put_string(f, data);
		fprintf(f, " using ($0 + (%u - %g) / %u.0):%u:%u with labels "
			"rotate by 90 left offset 0,0.4 font ',9' notitle%s\n",
			b, (nr_bars - 1) / 2.0, nr_bars + gap, 2 + 2 * b,
			3 + 2 * b, b + 1 < nr_bars ? ", \\" : "");
	}
	if (fclose(f))
		return -errno;
	return 0;
}

static int run_gnuplot(const char *script)
{
	char *argv[] = { "gnuplot", (char *)script, NULL };
	pid_t pid;
	int ret, status;

	ret = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ);
	if (ret == ENOENT) {
		return cli_err(NGIO_EXIT_SYS, "bench", NULL, "gnuplot not "
			       "found: apt-get install gnuplot-nox");
	}
	if (ret) {
		return cli_err(NGIO_EXIT_SYS, "bench", NULL, "gnuplot: %s",
			       strerror(ret));
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			return cli_err(NGIO_EXIT_SYS, "bench", NULL,
				       "gnuplot: %s", strerror(errno));
		}
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		return cli_err(NGIO_EXIT_SYS, "bench", NULL,
			       "gnuplot failed (%s %d)",
			       WIFEXITED(status) ? "exit status" : "signal",
			       WIFEXITED(status) ? WEXITSTATUS(status) :
			       WTERMSIG(status));
	}
	return 0;
}

int bench_plot(const char *png, const struct bench_cell *cells, unsigned n,
	       bool has_fio, const char *title)
{
	/* A bar is series index << 1 | is_fio. */
	unsigned bars[2 * NR_SERIES], nr_bars = 0, *qds, nr_qd = 0;
	char dir[PATH_MAX], data[PATH_MAX + 8], script[PATH_MAX + 8];
	const char *tmp = getenv("TMPDIR");
	double max = 0;
	int ret;

	/* A bar for each tool and series with a result: gnuplot warns of
	 * columns with nothing in them. */
	for (unsigned s = 0; s < NR_SERIES; s++) {
		bool ngio = false, fio = false;

		for (unsigned i = 0; i < n; i++) {
			if (cells[i].engine != series[s].engine ||
			    cells[i].poll != series[s].poll)
				continue;
			ngio |= cells[i].ngio_iops > 0;
			fio |= has_fio && cells[i].fio_iops > 0;
		}
		if (ngio)
			bars[nr_bars++] = s << 1;
		if (fio)
			bars[nr_bars++] = s << 1 | 1;
	}
	if (!nr_bars) {
		return cli_err(NGIO_EXIT_USAGE, "bench", NULL, "--plot: no "
			       "block or pt results to draw");
	}
	/* The groups: distinct depths, in the order the matrix ran them. */
	qds = malloc(n * sizeof(*qds));
	if (!qds) {
		return cli_err(NGIO_EXIT_SYS, "bench", NULL, "--plot: %s",
			       strerror(ENOMEM));
	}
	for (unsigned i = 0; i < n; i++) {
		unsigned q = 0;

		while (q < nr_qd && qds[q] != cells[i].qd)
			q++;
		if (q == nr_qd)
			qds[nr_qd++] = cells[i].qd;
	}

	snprintf(dir, sizeof(dir), "%s/ngio-plot.XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		cli_err(0, "bench", NULL, "--plot: %s: %s", dir,
			strerror(errno));
		free(qds);
		return NGIO_EXIT_SYS;
	}
	snprintf(data, sizeof(data), "%s/data", dir);
	snprintf(script, sizeof(script), "%s/plot.gp", dir);

	ret = write_data(data, cells, n, qds, nr_qd, bars, nr_bars, &max);
	if (!ret)
		ret = write_script(script, data, png, title, nr_qd, bars,
				   nr_bars, has_fio, max);
	if (ret) {
		ret = cli_err(NGIO_EXIT_SYS, "bench", NULL, "--plot: %s: %s",
			      dir, strerror(-ret));
	} else {
		ret = run_gnuplot(script);
	}

	unlink(data);
	unlink(script);
	rmdir(dir);
	free(qds);
	return ret;
}
