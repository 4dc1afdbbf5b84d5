// SPDX-License-Identifier: MIT
/*
 * own-ring-socket: ngio commands on a ring the program owns, side by side
 * with ordinary io_uring requests.  One end of a socketpair sends random
 * bytes; when the other end's receive completes, the received buffer is
 * written to the namespace, read back into another buffer and compared
 * with what was sent.  An admin Get Features (Number of Queues) rides
 * along to show a command result coming back in the big CQE.
 *
 *   own-ring-socket DEV [LBA]
 *
 * Exit status: 0 the data verified, 1 usage, 2 system error (-errno),
 * 3 an NVMe status, 4 data mismatch.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include <ngio.h>

#define EXIT_USAGE	1
#define EXIT_SYSTEM	2
#define EXIT_STATUS	3
#define EXIT_MISMATCH	4

/* What each request is, in its user_data. */
enum tag {
	TAG_SEND, TAG_RECV, TAG_FEATURES, TAG_WRITE, TAG_READ, TAG_CANCEL
};

struct state {
	struct io_uring ring;
	struct ngio_dev *dev;
	int sock[2];
	uint64_t lba;
	size_t len;
	unsigned char *sent, *received, *readback;
	size_t nsent, nreceived;
	unsigned pending;	/* requests not yet completed */
	bool verified;
	uint32_t queues;	/* Get Features result, Dword 0 */
};

static int fail(const char *what, int ret)
{
	char msg[128];

	fprintf(stderr, "own-ring-socket: %s: %s\n", what,
		ngio_status_str(ret, msg, sizeof(msg)));
	return ret > 0 ? EXIT_STATUS : EXIT_SYSTEM;
}

/*
 * The ring has room: at most three requests are ever outstanding.
 * user_data is set after each prep, since ngio_prep_*() clears the SQE.
 */
static struct io_uring_sqe *get_sqe(struct state *st)
{
	st->pending++;
	return io_uring_get_sqe(&st->ring);
}

static void queue_send(struct state *st)
{
	struct io_uring_sqe *sqe = get_sqe(st);

	io_uring_prep_send(sqe, st->sock[0], st->sent + st->nsent,
			   st->len - st->nsent, 0);
	io_uring_sqe_set_data64(sqe, TAG_SEND);
}

static void queue_recv(struct state *st)
{
	struct io_uring_sqe *sqe = get_sqe(st);

	io_uring_prep_recv(sqe, st->sock[1], st->received + st->nreceived,
			   st->len - st->nreceived, MSG_WAITALL);
	io_uring_sqe_set_data64(sqe, TAG_RECV);
}

/* ngio_prep_read/write build the NVMe command right in the SQE. */
static int queue_nvme_rw(struct state *st, enum tag tag)
{
	struct io_uring_sqe *sqe = get_sqe(st);
	int ret;

	if (tag == TAG_WRITE)
		ret = ngio_prep_write(sqe, st->dev, st->lba, st->received,
				      st->len, 0);
	else
		ret = ngio_prep_read(sqe, st->dev, st->lba, st->readback,
				     st->len, 0);
	io_uring_sqe_set_data64(sqe, tag);
	/* On error the SQE is a NOP: it still completes, harmlessly. */
	return ret;
}

static int queue_features(struct state *st)
{
	struct nvme_uring_cmd cmd;
	struct io_uring_sqe *sqe;
	int ret;

	ret = ngio_cmd_get_features(&cmd, NVME_FEAT_FID_NUM_QUEUES, 0, 0, 0,
				    NULL, 0);
	if (ret)
		return ret;
	sqe = get_sqe(st);
	ret = ngio_prep_cmd(sqe, st->dev, &cmd, NGIO_CMD_ADMIN, -1);
	io_uring_sqe_set_data64(sqe, TAG_FEATURES);
	return ret;
}

/*
 * One completion.  Socket requests report bytes or -errno in cqe->res;
 * NVMe ones 0, -errno, or a positive NVMe status, with the command's
 * result in the CQE's second half.
 */
static int complete(struct state *st, const struct io_uring_cqe *cqe)
{
	int res = cqe->res;

	st->pending--;
	switch ((enum tag)io_uring_cqe_get_data64(cqe)) {
	case TAG_SEND:
		if (res < 0)
			return fail("send", res);
		st->nsent += res;
		/* A stream socket may take part of it; send the rest. */
		if (st->nsent < st->len)
			queue_send(st);
		return 0;
	case TAG_RECV:
		if (res <= 0)
			return fail("recv", res ? res : -ECONNRESET);
		st->nreceived += res;
		if (st->nreceived < st->len) {
			queue_recv(st);
			return 0;
		}
		/* All here: straight from the receive buffer to the disk. */
		res = queue_nvme_rw(st, TAG_WRITE);
		return res ? fail("preparing the write", res) : 0;
	case TAG_WRITE:
		if (res)
			return fail("NVMe write", res);
		res = queue_nvme_rw(st, TAG_READ);
		return res ? fail("preparing the read", res) : 0;
	case TAG_READ:
		if (res)
			return fail("NVMe read", res);
		if (memcmp(st->readback, st->sent, st->len)) {
			fprintf(stderr, "own-ring-socket: the data read back "
				"differs from the data sent\n");
			return EXIT_MISMATCH;
		}
		st->verified = true;
		return 0;
	case TAG_FEATURES:
		if (res)
			return fail("Get Features", res);
		st->queues = (uint32_t)ngio_cqe_result(cqe);
		return 0;
	case TAG_CANCEL:
		return 0;
	}
	fprintf(stderr, "own-ring-socket: unexpected completion\n");
	return EXIT_SYSTEM;
}

/*
 * After an error: cancel what can be cancelled (the socket requests) and
 * wait for the rest (NVMe commands run to completion), so that nothing in
 * flight still points at the buffers when they are freed.
 */
static void drain(struct state *st)
{
	struct io_uring_cqe *cqe;
	struct io_uring_sqe *sqe;
	int ret;

	sqe = io_uring_get_sqe(&st->ring);
	if (sqe) {
		io_uring_prep_cancel64(sqe, 0, IORING_ASYNC_CANCEL_ANY);
		io_uring_sqe_set_data64(sqe, TAG_CANCEL);
		st->pending++;
	}
	while (st->pending) {
		ret = io_uring_submit_and_wait(&st->ring, 1);
		if (ret < 0 && ret != -EINTR)
			return;
		while (!io_uring_peek_cqe(&st->ring, &cqe)) {
			st->pending--;
			io_uring_cqe_seen(&st->ring, cqe);
		}
	}
}

static int run(struct state *st)
{
	struct io_uring_cqe *cqe;
	int ret;

	if (getrandom(st->sent, st->len, 0) != (ssize_t)st->len)
		return fail("getrandom", -errno);
	queue_send(st);
	queue_recv(st);
	ret = queue_features(st);
	if (ret)
		return fail("Get Features", ret);
	while (st->pending) {
		ret = io_uring_submit_and_wait(&st->ring, 1);
		if (ret == -EINTR)
			continue;
		if (ret < 0)
			return fail("io_uring_submit_and_wait", ret);
		/* Handle all that is ready before entering again. */
		while (!io_uring_peek_cqe(&st->ring, &cqe)) {
			ret = complete(st, cqe);
			io_uring_cqe_seen(&st->ring, cqe);
			if (ret)
				return ret;
		}
	}
	return st->verified ? 0 : EXIT_SYSTEM;
}

int main(int argc, char **argv)
{
	struct io_uring_params p = {
		/* What NVMe passthrough needs: 80 bytes of command in the
		 * SQE, the 64-bit result in the CQE. */
		.flags = IORING_SETUP_SQE128 | IORING_SETUP_CQE32,
	};
	struct state st = { .sock = { -1, -1 } };
	const struct ngio_geometry *g;
	char *end;
	int ret;

	if (argc < 2 || argc > 3 ||
	    (argc == 3 && (argv[2][0] < '0' || argv[2][0] > '9'))) {
		fprintf(stderr, "usage: own-ring-socket DEV [LBA]\n");
		return EXIT_USAGE;
	}
	if (argc == 3) {
		errno = 0;
		st.lba = strtoull(argv[2], &end, 10);
		if (errno || *end) {
			fprintf(stderr, "own-ring-socket: bad LBA '%s'\n",
				argv[2]);
			return EXIT_USAGE;
		}
	}
	ret = ngio_dev_open(argv[1], 0, &st.dev);
	if (ret)
		return fail(argv[1], ret);
	g = ngio_dev_geometry(st.dev);
	ret = EXIT_USAGE;
	if (!ngio_dev_is_ns(st.dev)) {
		fprintf(stderr, "own-ring-socket: %s is a controller; give a "
			"namespace\n", argv[1]);
		goto close_dev;
	}
	/* Without a metadata buffer the controller would move it at bus
	 * address 0. */
	if (g->ms && !g->extended) {
		fprintf(stderr, "own-ring-socket: %s: the format has separate "
			"metadata, which this program does not handle\n",
			argv[1]);
		goto close_dev;
	}
	/* 16 KiB of data, or one block if that is bigger. */
	st.len = (g->lba_size < 16384 ? 16384 / g->lba_size : 1) *
		 ngio_block_bytes(g);

	ret = io_uring_queue_init_params(8, &st.ring, &p);
	if (ret) {
		ret = fail("io_uring_queue_init_params", ret);
		goto close_dev;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, st.sock)) {
		ret = fail("socketpair", -errno);
		goto exit_ring;
	}
	/* Page aligned: NVMe wants dwords, the kernel maps pages. */
	if (posix_memalign((void **)&st.sent, 4096, st.len) ||
	    posix_memalign((void **)&st.received, 4096, st.len) ||
	    posix_memalign((void **)&st.readback, 4096, st.len)) {
		ret = fail("buffers", -ENOMEM);
		goto free_bufs;
	}
	memset(st.readback, 0, st.len);

	ret = run(&st);
	if (ret)
		drain(&st);
	else
		printf("own-ring-socket: %s: OK: %zu bytes sent over a "
		       "socketpair, written at LBA %" PRIu64 " from the "
		       "receive buffer, read back identical; controller "
		       "grants %u I/O SQs, %u CQs\n", argv[1], st.len, st.lba,
		       (st.queues & 0xffff) + 1, (st.queues >> 16) + 1);
free_bufs:
	free(st.sent);
	free(st.received);
	free(st.readback);
	close(st.sock[0]);
	close(st.sock[1]);
exit_ring:
	io_uring_queue_exit(&st.ring);
close_dev:
	ngio_dev_close(st.dev);
	return ret;
}
