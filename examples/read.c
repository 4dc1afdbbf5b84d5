// SPDX-License-Identifier: MIT
/*
 * read: the smallest complete ngio program.  Opens a namespace, reads
 * BLOCKS logical blocks at LBA with the synchronous helper, and writes the
 * bytes to standard output.
 *
 *   read DEV LBA BLOCKS > out
 *
 * Exit status: 0 success, 1 usage, 2 system error (-errno), 3 the device
 * completed the read with an NVMe status.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ngio.h>

static int parse_u64(const char *s, uint64_t *v)
{
	char *end;

	/* strtoull takes "-1" as a huge number: refuse signs outright. */
	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return errno || *end ? -1 : 0;
}

/* Exit status for a library return value, saying what happened. */
static int fail(const char *what, int ret)
{
	char msg[128];

	fprintf(stderr, "read: %s: %s\n", what,
		ngio_status_str(ret, msg, sizeof(msg)));
	return ret > 0 ? 3 : 2;
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		len -= n;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const struct ngio_geometry *g;
	struct ngio_dev *dev;
	uint64_t lba, blocks;
	size_t len;
	void *buf;
	int ret;

	if (argc != 4 || parse_u64(argv[2], &lba) ||
	    parse_u64(argv[3], &blocks) || !blocks) {
		fprintf(stderr, "usage: read DEV LBA BLOCKS > FILE\n");
		return 1;
	}
	ret = ngio_dev_open(argv[1], 0, &dev);
	if (ret)
		return fail(argv[1], ret);
	if (!ngio_dev_is_ns(dev)) {
		fprintf(stderr, "read: %s: a controller; give a namespace "
			"such as /dev/ng0n1\n", argv[1]);
		ngio_dev_close(dev);
		return 1;
	}
	g = ngio_dev_geometry(dev);
	/* ngio_read() takes no metadata buffer, so it refuses these. */
	if (g->ms && !g->extended) {
		fprintf(stderr, "read: %s: the format has separate metadata; "
			"ngio_read cannot read it\n", argv[1]);
		ngio_dev_close(dev);
		return 1;
	}

	/* Extended-LBA formats carry metadata in the buffer too. */
	if (blocks > SIZE_MAX / ngio_block_bytes(g)) {
		fprintf(stderr, "read: %s blocks do not fit in memory\n",
			argv[3]);
		ngio_dev_close(dev);
		return 1;
	}
	len = blocks * ngio_block_bytes(g);
	/* NVMe needs only dword alignment; a page keeps the kernel from
	 * bouncing or splitting the buffer. */
	ret = posix_memalign(&buf, 4096, len);
	if (ret) {
		ngio_dev_close(dev);
		return fail("buffer", -ret);
	}
	/* Splits into as many commands as the device needs. */
	ret = ngio_read(dev, lba, buf, len, 0);
	if (ret)
		ret = fail(argv[1], ret);
	else if ((ret = write_all(STDOUT_FILENO, buf, len)))
		ret = fail("stdout", ret);
	free(buf);
	ngio_dev_close(dev);
	return ret;
}
