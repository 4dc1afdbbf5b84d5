// SPDX-License-Identifier: MIT
/*
 * The baseline for ngio's hot path: the least a program can do to keep
 * QD passthrough reads in flight with plain liburing: fill the SQE by
 * hand, submit and reap in batches.  Same workload as ngio-pt-loop.c.
 *
 * usage: raw-pt-loop NG_DEV NSID LBA_SHIFT QD NR_IOS
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "ngio.h"	/* only for struct nvme_uring_cmd and the ioctl op */

int main(int argc, char **argv)
{
	struct io_uring ring;
	struct io_uring_cqe *cqe;
	unsigned nsid, shift, qd, nr, done = 0, issued = 0, head, seen;
	unsigned long long rnd = 88172645463325252ULL;
	char *bufs;
	int fd;

	if (argc != 6)
		return 2;
	nsid = atoi(argv[2]);
	shift = atoi(argv[3]);
	qd = atoi(argv[4]);
	nr = atoi(argv[5]);
	fd = open(argv[1], O_RDONLY);
	if (fd < 0 || io_uring_queue_init(qd, &ring, IORING_SETUP_SQE128 |
					  IORING_SETUP_CQE32))
		return 1;
	bufs = aligned_alloc(4096, (size_t)qd << shift);

	while (done < nr) {
		while (issued < nr && issued - done < qd) {
			struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
			struct nvme_uring_cmd *cmd = (void *)sqe->cmd;
			unsigned slot = issued % qd;

			rnd ^= rnd << 13;
			rnd ^= rnd >> 7;
			rnd ^= rnd << 17;
			memset(sqe, 0, 2 * sizeof(*sqe));
			sqe->opcode = IORING_OP_URING_CMD;
			sqe->fd = fd;
			sqe->cmd_op = NVME_URING_CMD_IO;
			sqe->user_data = slot;
			cmd->opcode = 2;
			cmd->nsid = nsid;
			cmd->addr = (__u64)(uintptr_t)(bufs + ((size_t)slot << shift));
			cmd->data_len = 1U << shift;
			cmd->cdw10 = rnd % 65536;
			issued++;
		}
		io_uring_submit_and_wait(&ring, 1);
		seen = 0;
		io_uring_for_each_cqe(&ring, head, cqe) {
			if (cqe->res)
				return 1;
			seen++;
		}
		io_uring_cq_advance(&ring, seen);
		done += seen;
	}
	printf("%u reads at QD %u\n", done, qd);
	return 0;
}
