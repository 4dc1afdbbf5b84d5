// SPDX-License-Identifier: MIT
/*
 * The emulated controller's simulated power loss (emu_power_loss(), the
 * model's own entry point, which a network target will call): what the
 * write cache held is gone, whole blocks; flushed and FUA writes stay;
 * the controller comes back with its saved features, and SMART counts
 * the power cycle and the unsafe shutdown.  The model is built into the
 * test (libngio exports its API only); commands are ngio's builders.
 */
#include <endian.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <nvme/types.h>

#include "ngio.h"
#include "emu/emu.h"

#define BS	512

static const struct ngio_geometry g = {
	.nsid = 1, .lba_size = BS, .lba_shift = 9, .csi = NVME_CSI_NVM,
};

static int run(struct emu_ctrl *c, bool admin,
	       const struct nvme_uring_cmd *cmd, __u64 *result)
{
	__u64 r;

	return emu_exec(c, admin, false, cmd, result ? result : &r);
}

static int put(struct emu_ctrl *c, __u64 lba, unsigned char v,
	       unsigned flags)
{
	static unsigned char b[BS] __attribute__((aligned(4096)));
	struct nvme_uring_cmd cmd;

	memset(b, v, BS);
	assert_int_equal(ngio_cmd_write(&cmd, &g, lba, b, BS, flags), 0);
	return run(c, false, &cmd, NULL);
}

/* The byte block lba holds throughout (or -1 when it is mixed). */
static int get(struct emu_ctrl *c, __u64 lba)
{
	static unsigned char b[BS] __attribute__((aligned(4096)));
	struct nvme_uring_cmd cmd;

	assert_int_equal(ngio_cmd_read(&cmd, &g, lba, b, BS, 0), 0);
	assert_int_equal(run(c, false, &cmd, NULL), 0);
	for (unsigned i = 1; i < BS; i++)
		if (b[i] != b[0])
			return -1;
	return b[0];
}

static struct emu_ctrl *open_ctrl(const char *spec)
{
	struct emu_ctrl *c;
	char err[200];
	__u32 nsid;

	assert_int_equal(emu_open(spec, &c, &nsid, err, sizeof(err)), 0);
	assert_int_equal(nsid, 1);
	return c;
}

static void t_cache_lost_flushed_kept(void **state)
{
	struct emu_ctrl *c = open_ctrl("nvm,size=1M,vwc=1");
	struct nvme_uring_cmd cmd;

	(void)state;
	assert_int_equal(put(c, 0, 0xa1, 0), 0);
	assert_int_equal(put(c, 1, 0xa1, 0), 0);
	assert_int_equal(ngio_cmd_flush(&cmd, &g), 0);
	assert_int_equal(run(c, false, &cmd, NULL), 0);
	assert_int_equal(put(c, 0, 0xb2, 0), 0);		/* cached */
	assert_int_equal(put(c, 1, 0xc3, NGIO_RW_FUA), 0);	/* durable */
	assert_int_equal(put(c, 2, 0xd4, 0), 0);		/* cached */
	assert_int_equal(get(c, 0), 0xb2);	/* the cache answers reads */
	emu_power_loss(c);
	assert_int_equal(get(c, 0), 0xa1);
	assert_int_equal(get(c, 1), 0xc3);
	assert_int_equal(get(c, 2), 0);	/* never durable: deallocated */
	emu_close(c);
}

static void t_no_cache_nothing_lost(void **state)
{
	struct emu_ctrl *c = open_ctrl("nvm,size=1M,vwc=0");

	(void)state;
	assert_int_equal(put(c, 0, 0xb2, 0), 0);
	emu_power_loss(c);
	assert_int_equal(get(c, 0), 0xb2);
	emu_close(c);
}

static __u32 vwc_now(struct emu_ctrl *c)
{
	struct nvme_uring_cmd cmd;
	__u64 r = ~0ULL;

	assert_int_equal(ngio_cmd_get_features(&cmd, NVME_FEAT_FID_VOLATILE_WC,
					       0, 0, 0, NULL, 0), 0);
	assert_int_equal(run(c, true, &cmd, &r), 0);
	return (__u32)r;
}

static void set_vwc(struct emu_ctrl *c, __u32 v, bool save)
{
	struct nvme_uring_cmd cmd;

	assert_int_equal(ngio_cmd_set_features(&cmd, NVME_FEAT_FID_VOLATILE_WC,
					       0, v, 0, save, NULL, 0), 0);
	assert_int_equal(run(c, true, &cmd, NULL), 0);
}

/* Base 2.0 5.27.1: after a power cycle a feature is its saved value. */
static void t_features_come_back_saved(void **state)
{
	struct emu_ctrl *c = open_ctrl("nvm,size=1M,vwc=1");

	(void)state;
	assert_int_equal(vwc_now(c), 1);
	set_vwc(c, 0, false);
	assert_int_equal(vwc_now(c), 0);
	emu_power_loss(c);
	assert_int_equal(vwc_now(c), 1);	/* not saved: the default */
	set_vwc(c, 0, true);
	emu_power_loss(c);
	assert_int_equal(vwc_now(c), 0);	/* saved */
	/* With the cache off a plain write is durable at once. */
	assert_int_equal(put(c, 5, 0xe5, 0), 0);
	emu_power_loss(c);
	assert_int_equal(get(c, 5), 0xe5);
	emu_close(c);
}

static __u64 le128_low(const __u8 *p)
{
	__u64 v;

	memcpy(&v, p, sizeof(v));
	return le64toh(v);
}

static void t_smart_counts_the_cycle(void **state)
{
	static struct nvme_smart_log s __attribute__((aligned(4096)));
	struct ngio_log_args a = { .lid = NVME_LOG_LID_SMART,
				   .nsid = NVME_NSID_ALL };
	struct emu_ctrl *c = open_ctrl("nvm,size=1M");
	struct nvme_uring_cmd cmd;
	__u64 cycles, unsafe;

	(void)state;
	assert_int_equal(ngio_cmd_get_log(&cmd, &a, &s, sizeof(s)), 0);
	assert_int_equal(run(c, true, &cmd, NULL), 0);
	cycles = le128_low(s.power_cycles);
	unsafe = le128_low(s.unsafe_shutdowns);
	emu_power_loss(c);
	assert_int_equal(run(c, true, &cmd, NULL), 0);
	assert_int_equal(le128_low(s.power_cycles), cycles + 1);
	assert_int_equal(le128_low(s.unsafe_shutdowns), unsafe + 1);
	emu_close(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_cache_lost_flushed_kept),
		cmocka_unit_test(t_no_cache_nothing_lost),
		cmocka_unit_test(t_features_come_back_saved),
		cmocka_unit_test(t_smart_counts_the_cycle),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
