// SPDX-License-Identifier: MIT
/*
 * What a device can do on this kernel (ngio_dev_has): tried for real where
 * trying is safe, judged by the kernel's version where trying can crash
 * or wedge it, from the controller's identify data for its commands.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "internal.h"

static void set_cap(struct ngio_dev *dev, enum ngio_cap cap, bool has,
		    const char *why)
{
	dev->caps[cap] = has;
	dev->why[cap] = has ? NULL : why;
}

static bool kernel_at_least(unsigned major, unsigned minor)
{
	struct utsname u;
	unsigned a = 0, b = 0;

	if (uname(&u) || sscanf(u.release, "%u.%u", &a, &b) != 2)
		return false;
	return a > major || (a == major && b >= minor);
}

/* One admin command on a probe ring: cqe res, or -errno. */
static int ring_try(struct io_uring *ring, int fd, void *buf, bool fixed)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
	struct io_uring_cqe *cqe;
	int ret;

	if (!sqe)
		return -EBUSY;
	memset(sqe, 0, 2 * sizeof(*sqe));
	sqe->opcode = IORING_OP_URING_CMD;
	sqe->fd = fd;
	sqe->cmd_op = NVME_URING_CMD_ADMIN;
	if (fixed) {
		sqe->uring_cmd_flags = IORING_URING_CMD_FIXED;
		sqe->buf_index = 0;
	}
	ngio_cmd_identify((struct nvme_uring_cmd *)sqe->cmd,
			  NVME_IDENTIFY_CNS_CTRL, 0, 0, 0, buf, 4096);
	ret = io_uring_submit_and_wait(ring, 1);
	if (ret < 0)
		return ret;
	ret = io_uring_peek_cqe(ring, &cqe);
	if (ret)
		return ret;
	ret = cqe->res;
	io_uring_cqe_seen(ring, cqe);
	return ret;
}

/*
 * io_uring passthrough and registered buffers with it, tried for real on
 * a ring of the probe's own (two entries, one buffer): identify the
 * controller into the registered buffer and compare with what the ioctl
 * read; without the flag, if that fails, for passthrough alone.
 */
static void probe_ring(struct ngio_dev *dev)
{
	struct io_uring ring;
	struct iovec iov;
	bool fixed = false;
	void *buf;
	int ret;

	set_cap(dev, NGIO_CAP_URING_CMD, false, "the kernel has no io_uring "
		"NVMe passthrough (needs Linux 5.19), or io_uring is disabled");
	set_cap(dev, NGIO_CAP_FIXED_BUFS, false,
		"no io_uring passthrough to use them with");
	buf = aligned_alloc(4096, 4096);
	if (!buf)
		return;
	if (io_uring_queue_init(2, &ring, IORING_SETUP_SQE128 |
				IORING_SETUP_CQE32)) {
		free(buf);
		return;
	}
	iov = (struct iovec){ .iov_base = buf, .iov_len = 4096 };
	if (!io_uring_register_buffers(&ring, &iov, 1)) {
		fixed = true;
		ret = ring_try(&ring, dev->ctrl_fd, buf, true);
		if (!ret && !memcmp(buf, &dev->id_ctrl, 4096)) {
			set_cap(dev, NGIO_CAP_URING_CMD, true, NULL);
			set_cap(dev, NGIO_CAP_FIXED_BUFS, true, NULL);
		}
	}
	if (!dev->caps[NGIO_CAP_URING_CMD] &&
	    !ring_try(&ring, dev->ctrl_fd, buf, false) &&
	    !memcmp(buf, &dev->id_ctrl, 4096)) {
		set_cap(dev, NGIO_CAP_URING_CMD, true, NULL);
		dev->why[NGIO_CAP_FIXED_BUFS] = fixed ? "the kernel lacks "
			"IORING_URING_CMD_FIXED for NVMe (needs Linux 6.1)" :
			"the kernel cannot register buffers (needs Linux 5.19)";
	}
	io_uring_queue_exit(&ring);
	free(buf);
}

/*
 * Vectored passthrough on registered buffers: not probed by trying, 6.1
 * WARNs on it and leaks the request's tag, so a few tries starve the
 * admin queue for good.
 */
static void probe_vec_fixed(struct ngio_dev *dev)
{
	if (dev->caps[NGIO_CAP_FIXED_BUFS] && kernel_at_least(6, 16))
		set_cap(dev, NGIO_CAP_VEC_FIXED, true, NULL);
	else
		set_cap(dev, NGIO_CAP_VEC_FIXED, false,
			!dev->caps[NGIO_CAP_FIXED_BUFS] ?
			dev->why[NGIO_CAP_FIXED_BUFS] : "the kernel cannot "
			"combine vectored passthrough with registered buffers "
			"(needs Linux 6.16)");
}

/*
 * An emulated device: the model answers everything the queue can send,
 * polled or not; there is no block node and no kernel to refuse.
 */
static void probe_emu(struct ngio_dev *dev)
{
	static const char no_blk[] = "an emulated device has no block node";

	for (unsigned c = 0; c < NGIO_CAP_NR; c++)
		set_cap(dev, c, true, NULL);
	set_cap(dev, NGIO_CAP_URING_CMD, false, "an emulated device: its "
		"queues use the emu engine, not the kernel's passthrough");
	set_cap(dev, NGIO_CAP_BLOCK_DISCARD, false, no_blk);
	set_cap(dev, NGIO_CAP_BLOCK_PI, false, no_blk);
}

void dev_probe_caps(struct ngio_dev *dev)
{
	static const struct {
		enum ngio_cap cap;
		unsigned bit;
		const char *why;
	} oncs[] = {
		{ NGIO_CAP_COMPARE, 0, "the controller has no Compare" },
		{ NGIO_CAP_WRITE_UNCOR, 1,
		  "the controller has no Write Uncorrectable" },
		{ NGIO_CAP_DSM, 2, "the controller has no Dataset Management" },
		{ NGIO_CAP_WRITE_ZEROES, 3, "the controller has no Write Zeroes" },
		{ NGIO_CAP_VERIFY, 7, "the controller has no Verify" },
		{ NGIO_CAP_COPY, 8, "the controller has no Copy" },
	};
	__u16 bits = le16toh(dev->id_ctrl.oncs);
	bool blk;

	if (dev->emu) {
		probe_emu(dev);
		dev->ring_probed = true;
	}
	set_cap(dev, NGIO_CAP_WRITE, dev->writable,
		"opened read-only: no write permission on the device node");
	for (size_t i = 0; i < sizeof(oncs) / sizeof(oncs[0]); i++)
		set_cap(dev, oncs[i].cap, bits & (1U << oncs[i].bit),
			oncs[i].why);
	if (dev->emu)
		return;
	if (!dev->blk_path[0])
		set_cap(dev, NGIO_CAP_IOPOLL, false,
			"no block node to learn whether poll queues exist");
	else
		set_cap(dev, NGIO_CAP_IOPOLL, sysfs_queue_limit(dev, "io_poll") == 1,
			"no poll queues: load nvme with poll_queues=N");
	/*
	 * Not probed by trying, it crashes: before Linux 6.5 a polled
	 * passthrough command's poll cookie is its bio, which completion
	 * frees; a command without data (zone management) completes through
	 * task work whose pointer shares that storage, and bio_poll() then
	 * follows garbage.  6.5 ("nvme: improved uring polling") polls the
	 * request instead.
	 */
	if (dev->caps[NGIO_CAP_IOPOLL] && kernel_at_least(6, 5))
		set_cap(dev, NGIO_CAP_POLL_ZONE, true, NULL);
	else
		set_cap(dev, NGIO_CAP_POLL_ZONE, false,
			dev->caps[NGIO_CAP_IOPOLL] ? "Linux before 6.5 can "
			"crash polling zone commands: use an interrupt-driven "
			"queue" : dev->why[NGIO_CAP_IOPOLL]);
	set_cap(dev, NGIO_CAP_UNPRIV, kernel_at_least(6, 2),
		"passthrough needs CAP_SYS_ADMIN before Linux 6.2");
	/*
	 * Judged by version: the flag came in 6.13, but a hybrid-polled
	 * passthrough command could hang until 6.15 (63166b815dc1, "fix
	 * hybrid polling initialization issue"); ngio_queue_init_params() refuses or
	 * drops the flag on kernels that do not know it.
	 */
	set_cap(dev, NGIO_CAP_HYBRID_IOPOLL,
		dev->caps[NGIO_CAP_IOPOLL] && kernel_at_least(6, 15),
		dev->caps[NGIO_CAP_IOPOLL] ? "hybrid polling of passthrough "
		"needs Linux 6.15 (6.13 and 6.14 can hang)" :
		dev->why[NGIO_CAP_IOPOLL]);
	set_cap(dev, NGIO_CAP_ADMIN_IOPOLL, kernel_at_least(7, 1),
		"before Linux 7.1 the controller node cannot take commands "
		"from an IOPOLL ring: use an interrupt-driven queue");
	blk = dev->blk_path[0];
	set_cap(dev, NGIO_CAP_BLOCK_DISCARD, blk && kernel_at_least(6, 12),
		!blk ? "no block node for the block engine" :
		"the block engine's discard (BLOCK_URING_CMD_DISCARD) needs "
		"Linux 6.12");
	set_cap(dev, NGIO_CAP_BLOCK_PI, blk && dev->geom.pi_type &&
		kernel_at_least(6, 14),
		!blk ? "no block node for the block engine" :
		!dev->geom.pi_type ? "the namespace's format has no protection "
		"information" : "PI on the block engine (io_uring PI "
		"attributes) needs Linux 6.14");
}

/*
 * The ring probe costs a ring and a command: an open that never asks
 * (ngio list, say) does not pay it.  Once per device, whichever thread
 * asks first; the results are published with the flag.
 */
static void probe_ring_once(const struct ngio_dev *cdev)
{
	struct ngio_dev *dev = (struct ngio_dev *)cdev;

	if (__atomic_load_n(&dev->ring_probed, __ATOMIC_ACQUIRE))
		return;
	pthread_mutex_lock(&dev->probe_lock);
	if (!dev->ring_probed) {
		probe_ring(dev);
		probe_vec_fixed(dev);
		__atomic_store_n(&dev->ring_probed, true, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&dev->probe_lock);
}

bool ngio_dev_has(const struct ngio_dev *dev, enum ngio_cap cap,
		  const char **why)
{
	if ((unsigned)cap >= NGIO_CAP_NR) {
		if (why)
			*why = "unknown capability";
		return false;
	}
	if (cap == NGIO_CAP_URING_CMD || cap == NGIO_CAP_FIXED_BUFS ||
	    cap == NGIO_CAP_VEC_FIXED)
		probe_ring_once(dev);
	if (why)
		*why = dev->why[cap];
	return dev->caps[cap];
}
