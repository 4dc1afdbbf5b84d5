// SPDX-License-Identifier: MIT
/*
 * ngio's hot path, measured: the same QD passthrough read loop as
 * raw-pt-loop.c, through ngio_queue_read() and ngio_queue_reap().
 *
 * usage: ngio-pt-loop NG_DEV QD NR_IOS
 */
#include <stdio.h>
#include <stdlib.h>

#include "ngio.h"

int main(int argc, char **argv)
{
	struct ngio_cqe cqes[256];
	struct ngio_dev *dev;
	struct ngio_queue *q;
	struct ngio_qdev *qd;
	unsigned depth, nr, done = 0, issued = 0;
	unsigned long long rnd = 88172645463325252ULL;
	__u32 bs;
	char *bufs;

	if (argc != 4 || ngio_dev_open(argv[1], 0, &dev))
		return 2;
	depth = atoi(argv[2]);
	nr = atoi(argv[3]);
	if (depth > 256 || ngio_queue_init(&q, depth, 0) ||
	    ngio_queue_add_dev(q, dev, &qd))
		return 1;
	bs = ngio_dev_geometry(dev)->lba_size;
	bufs = aligned_alloc(4096, (size_t)depth * bs);

	while (done < nr) {
		int n;

		while (issued < nr && issued - done < depth) {
			unsigned slot = issued % depth;

			rnd ^= rnd << 13;
			rnd ^= rnd >> 7;
			rnd ^= rnd << 17;
			if (ngio_queue_read(qd, rnd % 65536,
					    bufs + (size_t)slot * bs, bs, 0, -1,
					    slot))
				return 1;
			issued++;
		}
		n = ngio_queue_reap(q, cqes, 256, 1);
		if (n < 0)
			return 1;
		for (int i = 0; i < n; i++)
			if (cqes[i].res)
				return 1;
		done += n;
	}
	printf("%u reads at QD %u\n", done, depth);
	ngio_queue_exit(q);
	ngio_dev_close(dev);
	return 0;
}
