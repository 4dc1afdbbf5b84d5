/* SPDX-License-Identifier: MIT */
/*
 * TAP lines for the C device tests: "ok - NAME[: SUB]: what", "not ok ..."
 * with the failing condition, "... # SKIP why".  tests/run counts them.
 */
#ifndef NGIO_TESTS_TAP_H
#define NGIO_TESTS_TAP_H

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "ngio.h"

static int tap_failed;
static int tap_count;		/* results printed: the plan at the end */
static const char *tap_name;	/* the test program */
static const char *tap_sub;	/* optional: the namespace under test */

static inline void tap_head(const char *word)
{
	printf("%s - %s: ", word, tap_name);
	if (tap_sub)
		printf("%s: ", tap_sub);
}

#define CHECK(cond, ...) do {						\
	bool ok_ = (cond);						\
	tap_count++;							\
	tap_head(ok_ ? "ok" : "not ok");				\
	printf(__VA_ARGS__);						\
	if (!ok_) {							\
		tap_failed++;						\
		printf(" # %s:%d: %s", __FILE__, __LINE__, #cond);	\
	}								\
	printf("\n");							\
	fflush(stdout);							\
} while (0)

#define SKIP(why, ...) do {						\
	tap_count++;							\
	tap_head("ok");							\
	printf(__VA_ARGS__);						\
	printf(" # SKIP %s\n", (why) ? (why) : "not supported");	\
	fflush(stdout);							\
} while (0)

#define DIAG(...) do {							\
	printf("# ");							\
	if (tap_sub)							\
		printf("%s: ", tap_sub);				\
	printf(__VA_ARGS__);						\
	printf("\n");							\
} while (0)

/*
 * The name a device's results go under: the node's basename, or for an
 * emulated device ("emu:SPEC@N") "emu@N", not the whole spec.
 */
static inline const char *tap_dev_name(const char *path)
{
	static char emu[32];
	const char *at = strrchr(path, '@'), *slash = strrchr(path, '/');

	if (!strncmp(path, "emu:", 4)) {
		snprintf(emu, sizeof(emu), "emu@%s", at ? at + 1 : "1");
		return emu;
	}
	return slash ? slash + 1 : path;
}

/*
 * The end of main: the plan, printed after the results so that a test
 * that crashes or exits early has none (tests/tap.sh fails it), and the
 * exit status.
 */
static inline int tap_done(void)
{
	printf("1..%d\n", tap_count);
	fflush(stdout);
	return tap_failed ? 1 : 0;
}

/*
 * The emulator's major version, from the rig (vm/ngio-vm exports
 * NGIO_VM_QEMU, e.g. "10.0.2"); 0 when unknown (not in the rig).  Tests
 * use it only to name a known emulator bug, never to skip a check.
 */
static inline unsigned tap_qemu_major(void)
{
	const char *v = getenv("NGIO_VM_QEMU");

	return v ? (unsigned)strtoul(v, NULL, 10) : 0;
}

/*
 * Is the running kernel at least major.minor?  The tests hold their own
 * copy of the kernel facts (the versions in ngio_dev_has(3)) and check
 * the library's probe against them both ways.
 */
static inline bool tap_kernel_at_least(unsigned major, unsigned minor)
{
	struct utsname u;
	unsigned a = 0, b = 0;

	if (uname(&u) || sscanf(u.release, "%u.%u", &a, &b) != 2)
		return false;
	return a > major || (a == major && b >= minor);
}

/* An emulated device ("emu:" names, ngio-emu(7)): no node, no kernel. */
static inline bool tap_emu(const struct ngio_dev *dev)
{
	return dev && ngio_dev_engine(dev) == NGIO_ENGINE_EMU;
}

/*
 * Is dev QEMU's emulated controller?  Where QEMU departs from the spec the
 * tests expect what QEMU does of QEMU, and the spec of everything else.
 */
static inline bool tap_is_qemu(const struct ngio_dev *dev)
{
	return !strncmp(ngio_dev_id_ctrl(dev)->mn, "QEMU NVMe Ctrl", 14);
}

/*
 * Does the path to dev have what Linux major.minor added?  The model
 * stands in for the newest kernel: it has everything.
 */
static inline bool tap_kernel_has(const struct ngio_dev *dev, unsigned major,
				  unsigned minor)
{
	return tap_emu(dev) || tap_kernel_at_least(major, minor);
}

/*
 * The passthrough engine for dev: the kernel's, or for an emulated device
 * ("emu:" names, tests/emu/run) the model's own queue, which stands in
 * for it.  Tests that name another engine keep it: the model has no
 * ioctl or block path, and says so.
 */
static inline enum ngio_engine tap_pt(const struct ngio_dev *dev)
{
	return tap_emu(dev) ? NGIO_ENGINE_EMU : NGIO_ENGINE_PT;
}

/* ngio_queue_init() for commands on dev: AUTO, or the model's queue. */
static inline int tap_queue_init(const struct ngio_dev *dev,
				 struct ngio_queue **q, unsigned depth,
				 unsigned flags)
{
	struct ngio_queue_params p = { .depth = depth, .flags = flags };

	if (tap_pt(dev) == NGIO_ENGINE_EMU)
		p.engine = NGIO_ENGINE_EMU;
	return ngio_queue_init_params(q, &p);
}

/* Helpers the API tests share: zeroed page-aligned memory (exit 2 when
 * there is none), a byte check, an exact NVMe status. */
static inline void *zalloc(size_t len)
{
	void *p = aligned_alloc(4096, (len + 4095) & ~(size_t)4095);

	if (!p) {
		perror("aligned_alloc");
		exit(2);
	}
	memset(p, 0, len);
	return p;
}

static inline bool all_bytes(const void *p, size_t len, unsigned char v)
{
	const unsigned char *c = p;

	for (size_t i = 0; i < len; i++)
		if (c[i] != v)
			return false;
	return true;
}

static inline bool is_status(int res, unsigned sct, unsigned sc)
{
	return res > 0 && ngio_status_sct(res) == sct &&
	       ngio_status_sc(res) == sc;
}

/* Queue one command on qd and wait: its res, or the queue's -errno. */
static inline int tap_queue_run(struct ngio_queue *q, struct ngio_qdev *qd,
				const struct nvme_uring_cmd *cmd,
				unsigned cmd_flags, __u64 *result)
{
	struct ngio_cqe cqe;
	int ret;

	ret = ngio_queue_cmd(qd, cmd, cmd_flags, -1, 0xc0ffee);
	if (ret)
		return ret;
	ret = ngio_queue_reap(q, &cqe, 1, 1);
	if (ret != 1)
		return ret < 0 ? ret : -EIO;
	if (cqe.user_data != 0xc0ffee)
		return -EBADMSG;
	if (result)
		*result = cqe.result;
	return cqe.res;
}

#endif
