// SPDX-License-Identifier: MIT
/* read and write: every argument, file and size is checked before any I/O. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "args.h"
#include "cli.h"

/* Open the device and size the transfer; the buffer is aligned for DMA. */
static int setup(const struct cli *c, struct ngio_dev **dev, void **buf,
		 size_t *len)
{
	const struct ngio_geometry *g;
	int ret;

	ret = cli_open(c, dev, true);
	if (ret)
		return ret;
	g = ngio_dev_geometry(*dev);
	if (g->ms && !g->extended) {
		fprintf(stderr, "ngio: %s: %s: the namespace keeps %u bytes of "
			"separate metadata per block, and this command takes "
			"no metadata buffer yet\n", c->what, c->dev, g->ms);
		ngio_dev_close(*dev);
		return NGIO_EXIT_USAGE;
	}
	*len = c->blocks * ngio_block_bytes(g);
	ret = posix_memalign(buf, 4096, *len);
	if (ret) {
		ngio_dev_close(*dev);
		return report(c->what, c->dev, -ret);
	}
	return 0;
}

/* --lba and --blocks are required by every data-moving command. */
static int need_range(const struct cli *c)
{
	if (!c->has_lba)
		return cli_usage(c, "--lba is required");
	if (!c->has_blocks)
		return cli_usage(c, "--blocks is required");
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
	struct cli c;
	int out = STDOUT_FILENO, ret;
	size_t len;
	void *buf;

	ret = cli_parse(&c, argc, argv, CLI_LBA | CLI_BLOCKS | CLI_DATA |
			CLI_ENGINE, NULL);
	if (ret || c.help)
		return ret;
	ret = need_range(&c);
	if (ret)
		return ret;
	/* Open the output first: a bad path must fail before the device. */
	if (c.data) {
		out = open(c.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
			   0644);
		if (out < 0)
			return report(c.what, c.data, -errno);
	}
	ret = setup(&c, &dev, &buf, &len);
	if (ret)
		goto close_out;
	ret = ngio_read(dev, c.lba, buf, len, 0);
	if (ret) {
		ret = report(c.what, c.dev, ret);
	} else if (out == STDOUT_FILENO && isatty(out)) {
		/* Never spray binary at a terminal. */
		hexdump(buf, len,
			c.lba * ngio_block_bytes(ngio_dev_geometry(dev)),
			stdout);
	} else {
		ret = report(c.what, c.data ? c.data : "stdout",
			     write_all(out, buf, len));
	}
	free(buf);
	ngio_dev_close(dev);
close_out:
	if (out != STDOUT_FILENO && close(out) && !ret)
		ret = report(c.what, c.data, -errno);
	return ret;
}

/* Read exactly len bytes of path into buf, or say why not. */
static int load_data(const struct cli *a, void *buf, size_t len)
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
	struct cli c;
	size_t len;
	void *buf;
	int ret;

	ret = cli_parse(&c, argc, argv, CLI_LBA | CLI_BLOCKS | CLI_DATA |
			CLI_ENGINE, NULL);
	if (ret || c.help)
		return ret;
	ret = need_range(&c);
	if (!ret && !c.data)
		ret = cli_usage(&c, "--data FILE is required");
	if (ret)
		return ret;
	ret = setup(&c, &dev, &buf, &len);
	if (ret)
		return ret;
	ret = load_data(&c, buf, len);
	if (!ret)
		ret = report(c.what, c.dev, ngio_write(dev, c.lba, buf, len, 0));
	free(buf);
	ngio_dev_close(dev);
	return ret;
}
