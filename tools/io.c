// SPDX-License-Identifier: MIT
/* read and write: every argument, file and size is checked before any I/O. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "args.h"
#include "cli.h"

struct io_args {
	const char *what;
	const char *dev;
	const char *data;
	uint64_t lba;
	uint64_t blocks;
	bool have_lba, have_blocks;
	bool help;		/* --help was printed: exit 0 */
};

static int parse_io(int argc, char **argv, struct io_args *a, bool write)
{
	static const struct option opts[] = {
		{ "lba", required_argument, NULL, 'l' },
		{ "blocks", required_argument, NULL, 'b' },
		{ "data", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	char why[128];
	int c, ret;

	memset(a, 0, sizeof(*a));
	a->what = argv[0];
	while ((c = getopt_long(argc, argv, "l:b:d:h", opts, NULL)) != -1) {
		switch (c) {
		case 'l':
			ret = parse_u64(optarg, UINT64_MAX, &a->lba);
			if (ret)
				goto bad_num;
			a->have_lba = true;
			break;
		case 'b':
			/* NLB is 16 bits per command; the sync path splits,
			 * so allow what fits in 32 bits of blocks. */
			ret = parse_u64(optarg, UINT32_MAX, &a->blocks);
			if (ret)
				goto bad_num;
			if (!a->blocks)
				return usage_err(a->what, "--blocks must be at "
						 "least 1");
			a->have_blocks = true;
			break;
		case 'd':
			a->data = optarg;
			break;
		case 'h':
			a->help = true;
			return usage_ok(a->what);
		default:
			return usage_err(a->what, NULL);
		}
	}
	if (optind == argc)
		return usage_err(a->what, "DEV is missing");
	if (optind + 1 != argc) {
		snprintf(why, sizeof(why), "unexpected argument '%s'",
			 argv[optind + 1]);
		return usage_err(a->what, why);
	}
	a->dev = argv[optind];
	if (!a->have_lba)
		return usage_err(a->what, "--lba is required");
	if (!a->have_blocks)
		return usage_err(a->what, "--blocks is required");
	if (write && !a->data)
		return usage_err(a->what, "--data FILE is required");
	return 0;
bad_num:
	snprintf(why, sizeof(why), "'%s' is not %s", optarg,
		 ret == -ERANGE ? "in range" : "a non-negative number");
	return usage_err(a->what, why);
}

/* Open the device and size the transfer; the buffer is aligned for DMA. */
static int setup(struct io_args *a, struct ngio_dev **dev, void **buf,
		 size_t *len)
{
	const struct ngio_geometry *g;
	int ret;

	ret = ngio_dev_open(a->dev, 0, dev);
	if (ret)
		return report(a->what, a->dev, ret);
	if (!ngio_dev_is_ns(*dev)) {
		ngio_dev_close(*dev);
		return usage_err(a->what, "DEV is a controller; give a "
				 "namespace (e.g. /dev/ng0n1)");
	}
	g = ngio_dev_geometry(*dev);
	if (g->ms && !g->extended) {
		fprintf(stderr, "ngio: %s: %s: the namespace keeps %u bytes of "
			"separate metadata per block, and this command takes "
			"no metadata buffer yet\n", a->what, a->dev, g->ms);
		ngio_dev_close(*dev);
		return NGIO_EXIT_USAGE;
	}
	*len = a->blocks * ngio_block_bytes(g);
	ret = posix_memalign(buf, 4096, *len);
	if (ret) {
		ngio_dev_close(*dev);
		return report(a->what, a->dev, -ret);
	}
	return 0;
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= n;
	}
	return 0;
}

int cmd_read(int argc, char **argv)
{
	struct ngio_dev *dev;
	struct io_args a;
	int out = STDOUT_FILENO, ret;
	size_t len;
	void *buf;

	ret = parse_io(argc, argv, &a, false);
	if (ret || a.help)
		return ret;
	/* Open the output first: a bad path must fail before the device. */
	if (a.data) {
		out = open(a.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
			   0644);
		if (out < 0)
			return report(a.what, a.data, -errno);
	}
	ret = setup(&a, &dev, &buf, &len);
	if (ret)
		goto close_out;
	ret = ngio_read(dev, a.lba, buf, len, 0);
	if (ret) {
		ret = report(a.what, a.dev, ret);
	} else if (out == STDOUT_FILENO && isatty(out)) {
		/* Never spray binary at a terminal. */
		hexdump(buf, len,
			a.lba * ngio_block_bytes(ngio_dev_geometry(dev)),
			stdout);
	} else {
		ret = report(a.what, a.data ? a.data : "stdout",
			     write_all(out, buf, len));
	}
	free(buf);
	ngio_dev_close(dev);
close_out:
	if (out != STDOUT_FILENO && close(out) && !ret)
		ret = report(a.what, a.data, -errno);
	return ret;
}

/* Read exactly len bytes of path into buf, or say why not. */
static int load_data(const struct io_args *a, void *buf, size_t len)
{
	size_t got = 0;
	int fd, ret = 0;

	fd = open(a->data, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return report(a->what, a->data, -errno);
	while (got < len) {
		ssize_t n = read(fd, (char *)buf + got, len - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = report(a->what, a->data, -errno);
			break;
		}
		if (!n) {
			fprintf(stderr, "ngio: %s: %s: short data file: %zu "
				"bytes, need %zu (%llu blocks)\n", a->what,
				a->data, got, len,
				(unsigned long long)a->blocks);
			ret = NGIO_EXIT_USAGE;
			break;
		}
		got += n;
	}
	close(fd);
	return ret;
}

int cmd_write(int argc, char **argv)
{
	struct ngio_dev *dev;
	struct io_args a;
	size_t len;
	void *buf;
	int ret;

	ret = parse_io(argc, argv, &a, true);
	if (ret || a.help)
		return ret;
	ret = setup(&a, &dev, &buf, &len);
	if (ret)
		return ret;
	ret = load_data(&a, buf, len);
	if (!ret)
		ret = report(a.what, a.dev, ngio_write(dev, a.lba, buf, len, 0));
	free(buf);
	ngio_dev_close(dev);
	return ret;
}
