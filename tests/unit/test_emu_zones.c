// SPDX-License-Identifier: MIT
/* The emulated controller's zone model: states, limits, reports, ZRWA. */
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

/* libngio exports its API only (libngio.map): the model is built into
 * the test (unit_test_sources in meson.build). */
#include "emu/zones.h"

/* What the model must return: SC | SCT << 8 | DNR, spelled out here. */
#define DNR		0x4000
#define GEN(sc)		(DNR | (sc))
#define ZNS(sc)		(DNR | 1 << 8 | (sc))

#define ZSZE	64
#define ZCAP	48
#define NZ	8

struct zero_log {
	int calls;
	__u64 slba, nlb;
};

static void zero_cb(void *ctx, __u64 slba, __u64 nlb)
{
	struct zero_log *l = ctx;

	l->calls++;
	l->slba = slba;
	l->nlb = nlb;
}

static struct emu_zones_params base(void)
{
	return (struct emu_zones_params){
		.nsze = NZ * ZSZE, .lba_size = 4096,
		.zone_size = ZSZE, .zone_cap = ZCAP,
	};
}

static struct emu_zones *mk(const struct emu_zones_params *p)
{
	struct emu_zones *z = NULL;
	char err[128] = "";

	assert_int_equal(emu_zones_new(p, &z, err, sizeof(err)), 0);
	assert_non_null(z);
	return z;
}

static struct emu_zones *mk_base(void)
{
	struct emu_zones_params p = base();

	return mk(&p);
}

static int wr(struct emu_zones *z, __u64 slba, __u32 nlb)
{
	int ret = emu_zones_write_check(z, &slba, nlb, false);

	if (!ret)
		emu_zones_write_commit(z, slba, nlb);
	return ret;
}

static int app(struct emu_zones *z, __u64 zslba, __u32 nlb, __u64 *at)
{
	int ret = emu_zones_write_check(z, &zslba, nlb, true);

	if (!ret) {
		emu_zones_write_commit(z, zslba, nlb);
		*at = zslba;
	}
	return ret;
}

static int sendz(struct emu_zones *z, __u8 zsa, __u64 slba, __u32 flags,
		 struct zero_log *log)
{
	struct nvme_uring_cmd cmd = {
		.opcode = nvme_zns_cmd_mgmt_send,
		.cdw10 = (__u32)slba, .cdw11 = (__u32)(slba >> 32),
		.cdw13 = zsa | flags,
	};
	struct zero_log none = { 0 };

	return emu_zones_mgmt_send(z, &cmd, NULL, 0, zero_cb, log ? log : &none);
}

static int send(struct emu_zones *z, __u8 zsa, __u64 slba, __u32 flags)
{
	return sendz(z, zsa, slba, flags, NULL);
}

static int set_zde(struct emu_zones *z, __u64 slba, const void *d, size_t len)
{
	struct nvme_uring_cmd cmd = {
		.opcode = nvme_zns_cmd_mgmt_send,
		.cdw10 = (__u32)slba, .cdw11 = (__u32)(slba >> 32),
		.cdw13 = NVME_ZNS_ZSA_SET_DESC_EXT,
	};

	return emu_zones_mgmt_send(z, &cmd, d, len, NULL, NULL);
}

static int recv(struct emu_zones *z, __u64 slba, __u8 zra, __u8 zrasf,
		bool partial, void *buf, size_t len)
{
	struct nvme_uring_cmd cmd = {
		.opcode = nvme_zns_cmd_mgmt_recv,
		.cdw10 = (__u32)slba, .cdw11 = (__u32)(slba >> 32),
		.cdw12 = len / 4 - 1,
		.cdw13 = zra | zrasf << 8 | (partial ? 1U << 16 : 0),
	};

	return emu_zones_mgmt_recv(z, &cmd, buf, len);
}

static __u64 rep_nr(const unsigned char *buf)
{
	return le64toh(((const struct nvme_zone_report *)buf)->nr_zones);
}

static const struct nvme_zns_desc *rep_desc(const unsigned char *buf,
					    unsigned i, size_t stride)
{
	return (const void *)(buf + 64 + i * stride);
}

/* One zone's descriptor, through a report of it alone. */
static struct nvme_zns_desc desc_of(struct emu_zones *z, unsigned i)
{
	unsigned char buf[128] = { 0 };
	struct nvme_zns_desc d;

	assert_int_equal(recv(z, (__u64)i * ZSZE, NVME_ZNS_ZRA_REPORT_ZONES,
			      NVME_ZNS_ZRAS_REPORT_ALL, true, buf,
			      sizeof(buf)), 0);
	assert_int_equal(rep_nr(buf), 1);
	memcpy(&d, rep_desc(buf, 0, 64), sizeof(d));
	assert_int_equal(le64toh(d.zslba), (__u64)i * ZSZE);
	return d;
}

static __u8 zs(struct emu_zones *z, unsigned i)
{
	return desc_of(z, i).zs >> 4;
}

static __u64 zwp(struct emu_zones *z, unsigned i)
{
	return le64toh(desc_of(z, i).wp);
}

static __u8 za(struct emu_zones *z, unsigned i)
{
	return desc_of(z, i).za;
}

/* Zones 0..5: implicitly open, explicitly open, closed, full, read only,
 * offline; 6 and 7 empty. */
static struct emu_zones *mk_states(void)
{
	struct emu_zones *z = mk_base();

	assert_int_equal(wr(z, 0, 1), 0);
	assert_int_equal(send(z, NVME_ZNS_ZSA_OPEN, 1 * ZSZE, 0), 0);
	assert_int_equal(wr(z, 2 * ZSZE, 1), 0);
	assert_int_equal(send(z, NVME_ZNS_ZSA_CLOSE, 2 * ZSZE, 0), 0);
	assert_int_equal(send(z, NVME_ZNS_ZSA_FINISH, 3 * ZSZE, 0), 0);
	assert_int_equal(emu_zones_set_state(z, 4 * ZSZE,
					     NVME_ZNS_ZS_READ_ONLY), 0);
	assert_int_equal(emu_zones_set_state(z, 5 * ZSZE,
					     NVME_ZNS_ZS_OFFLINE), 0);
	return z;
}

/* ------------------------------------------------------------ tests */

static void status_encoding(void **state)
{
	(void)state;
	/* SCT 1 in bits 10:8, DNR bit 14, the libnvme codes. */
	assert_int_equal(ZNS(NVME_SC_ZNS_INVALID_WRITE), 0x41bc);
	assert_int_equal(ZNS(NVME_SC_ZNS_TOO_MANY_ACTIVE), 0x41bd);
	assert_int_equal(ZNS(NVME_SC_ZNS_TOO_MANY_OPENS), 0x41be);
	assert_int_equal(ZNS(NVME_SC_ZNS_INVAL_TRANSITION), 0x41bf);
	assert_int_equal(GEN(NVME_SC_LBA_RANGE), 0x4080);
}

static void params_checked(void **state)
{
	struct emu_zones_params p = base();
	struct emu_zones *z = NULL;
	char err[128] = "";

	(void)state;
	p.zone_cap = ZSZE + 1;
	assert_int_equal(emu_zones_new(&p, &z, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "zone_cap is over zone_size");
	p = base();
	p.zone_size = p.nsze + 1;
	assert_int_equal(emu_zones_new(&p, &z, err, sizeof(err)), -EINVAL);
	p = base();
	p.max_open = 4;
	p.max_active = 3;
	assert_int_equal(emu_zones_new(&p, &z, err, sizeof(err)), -EINVAL);
	p = base();
	p.zde_size = 65;
	assert_int_equal(emu_zones_new(&p, &z, err, sizeof(err)), -EINVAL);
	p = base();
	p.zrwa_size = 3 * 4096;
	p.zrwa_fg = 2 * 4096;
	assert_int_equal(emu_zones_new(&p, &z, err, sizeof(err)), -EINVAL);
	assert_null(z);
}

static void geometry(void **state)
{
	struct emu_zones_params p = base();
	struct emu_zones *z;

	(void)state;
	/* The namespace is whole zones. */
	p.nsze = NZ * ZSZE + 10;
	z = mk(&p);
	assert_int_equal(emu_zones_nsze(z), NZ * ZSZE);
	assert_int_equal(emu_zones_nr_zones(z), NZ);
	assert_int_equal(wr(z, NZ * ZSZE, 1), GEN(NVME_SC_LBA_RANGE));
	assert_int_equal(emu_zones_read_check(z, NZ * ZSZE - 1, 2),
			 GEN(NVME_SC_LBA_RANGE));
	emu_zones_free(z);
	/* Default: 128 MiB of blocks, clipped to the namespace. */
	p = (struct emu_zones_params){ .nsze = 1 << 20, .lba_size = 4096 };
	z = mk(&p);
	assert_int_equal(emu_zones_zone_size(z), 32768);
	assert_int_equal(emu_zones_nr_zones(z), 32);
	emu_zones_free(z);
	p.nsze = 1000;
	z = mk(&p);
	assert_int_equal(emu_zones_zone_size(z), 1000);
	assert_int_equal(emu_zones_nr_zones(z), 1);
	emu_zones_free(z);
}

static void implicit_open_wp(void **state)
{
	struct emu_zones *z = mk_base();
	__u64 slba = ZSZE;

	(void)state;
	assert_int_equal(zs(z, 1), NVME_ZNS_ZS_EMPTY);
	assert_int_equal(zwp(z, 1), ZSZE);
	/* The check alone changes nothing. */
	assert_int_equal(emu_zones_write_check(z, &slba, 4, false), 0);
	assert_int_equal(zs(z, 1), NVME_ZNS_ZS_EMPTY);
	emu_zones_write_commit(z, slba, 4);
	assert_int_equal(zs(z, 1), NVME_ZNS_ZS_IMPL_OPEN);
	assert_int_equal(zwp(z, 1), ZSZE + 4);
	assert_int_equal(wr(z, ZSZE + 4, 3), 0);
	assert_int_equal(zwp(z, 1), ZSZE + 7);
	/* A closed zone written opens implicitly again. */
	assert_int_equal(send(z, NVME_ZNS_ZSA_CLOSE, ZSZE, 0), 0);
	assert_int_equal(zs(z, 1), NVME_ZNS_ZS_CLOSED);
	assert_int_equal(wr(z, ZSZE + 7, 1), 0);
	assert_int_equal(zs(z, 1), NVME_ZNS_ZS_IMPL_OPEN);
	emu_zones_free(z);
}

static void fill_to_full(void **state)
{
	struct emu_zones *z = mk_base();
	struct nvme_zns_desc d;

	(void)state;
	assert_int_equal(wr(z, 0, ZCAP - 1), 0);
	assert_int_equal(zs(z, 0), NVME_ZNS_ZS_IMPL_OPEN);
	assert_int_equal(wr(z, ZCAP - 1, 1), 0);
	d = desc_of(z, 0);
	assert_int_equal(d.zs >> 4, NVME_ZNS_ZS_FULL);
	assert_int_equal(d.zt, NVME_ZONE_TYPE_SEQWRITE_REQ);
	assert_int_equal(le64toh(d.zcap), ZCAP);
	/* A full zone's write pointer is not valid. */
	assert_int_equal(le64toh(d.wp), UINT64_MAX);
	assert_int_equal(wr(z, ZCAP, 1), ZNS(NVME_SC_ZNS_FULL));
	assert_int_equal(wr(z, 0, 1), ZNS(NVME_SC_ZNS_FULL));
	emu_zones_free(z);
}

static void write_not_at_wp(void **state)
{
	struct emu_zones *z = mk_base();

	(void)state;
	assert_int_equal(wr(z, 1, 1), ZNS(NVME_SC_ZNS_INVALID_WRITE));
	assert_int_equal(wr(z, 0, 2), 0);
	assert_int_equal(wr(z, 1, 1), ZNS(NVME_SC_ZNS_INVALID_WRITE));
	assert_int_equal(wr(z, 3, 1), ZNS(NVME_SC_ZNS_INVALID_WRITE));
	assert_int_equal(zwp(z, 0), 2);
	emu_zones_free(z);
}

static void boundary(void **state)
{
	struct emu_zones *z = mk_base();

	(void)state;
	/* Past the capacity, and into the next zone. */
	assert_int_equal(wr(z, 0, ZCAP + 1), ZNS(NVME_SC_ZNS_BOUNDARY_ERROR));
	assert_int_equal(wr(z, 0, ZSZE + 1), ZNS(NVME_SC_ZNS_BOUNDARY_ERROR));
	assert_int_equal(zs(z, 0), NVME_ZNS_ZS_EMPTY);
	assert_int_equal(wr(z, 0, 40), 0);
	assert_int_equal(wr(z, 40, 9), ZNS(NVME_SC_ZNS_BOUNDARY_ERROR));
	assert_int_equal(zwp(z, 0), 40);
	emu_zones_free(z);
}

static void append_returns_wp(void **state)
{
	struct emu_zones *z = mk_base();
	__u64 at = 0;

	(void)state;
	assert_int_equal(app(z, 2 * ZSZE, 5, &at), 0);
	assert_int_equal(at, 2 * ZSZE);
	assert_int_equal(app(z, 2 * ZSZE, 3, &at), 0);
	assert_int_equal(at, 2 * ZSZE + 5);
	assert_int_equal(zwp(z, 2), 2 * ZSZE + 8);
	assert_int_equal(zs(z, 2), NVME_ZNS_ZS_IMPL_OPEN);
	emu_zones_free(z);
}

static void append_errors(void **state)
{
	struct emu_zones *z = mk_base();
	__u64 at = 0;

	(void)state;
	assert_int_equal(app(z, 1, 1, &at), GEN(NVME_SC_INVALID_FIELD));
	assert_int_equal(app(z, ZSZE + 3, 1, &at), GEN(NVME_SC_INVALID_FIELD));
	assert_int_equal(app(z, 0, 40, &at), 0);
	/* 40 + 9 is over the capacity of 48. */
	assert_int_equal(app(z, 0, 9, &at), ZNS(NVME_SC_ZNS_BOUNDARY_ERROR));
	assert_int_equal(app(z, 0, 8, &at), 0);
	assert_int_equal(at, 40);
	assert_int_equal(zs(z, 0), NVME_ZNS_ZS_FULL);
	assert_int_equal(app(z, 0, 1, &at), ZNS(NVME_SC_ZNS_FULL));
	emu_zones_free(z);
}

static void open_active_limits(void **state)
{
	struct emu_zones_params p = base();
	struct emu_zones *z;

	(void)state;
	p.max_open = 2;
	p.max_active = 3;
	z = mk(&p);
	assert_int_equal(send(z, NVME_ZNS_ZSA_OPEN, 0, 0), 0);
	assert_int_equal(send(z, NVME_ZNS_ZSA_OPEN, ZSZE, 0), 0);
	/* Both open resources explicitly held: nothing may be closed. */
	assert_int_equal(wr(z, 2 * ZSZE, 1), ZNS(NVME_SC_ZNS_TOO_MANY_OPENS));
	assert_int_equal(send(z, NVME_ZNS_ZSA_OPEN, 2 * ZSZE, 0),
			 ZNS(NVME_SC_ZNS_TOO_MANY_OPENS));
	assert_int_equal(zs(z, 2), NVME_ZNS_ZS_EMPTY);
	assert_int_equal(send(z, NVME_ZNS_ZSA_CLOSE, ZSZE, 0), 0);
	assert_int_equal(wr(z, 2 * ZSZE, 1), 0);
	/* Zones 0, 1, 2 active: a fourth is refused, open or written. */
	assert_int_equal(wr(z, 3 * ZSZE, 1), ZNS(NVME_SC_ZNS_TOO_MANY_ACTIVE));
	assert_int_equal(send(z, NVME_ZNS_ZSA_OPEN, 3 * ZSZE, 0),
			 ZNS(NVME_SC_ZNS_TOO_MANY_ACTIVE));
	/* Finishing one frees both kinds. */
	assert_int_equal(send(z, NVME_ZNS_ZSA_FINISH, 0, 0), 0);
	assert_int_equal(wr(z, 3 * ZSZE, 1), 0);
	emu_zones_free(z);
}

static void implicit_close_oldest(void **state)
{
	struct emu_zones_params p = base();
	struct emu_zones *z;

	(void)state;
	p.max_open = 2;
	z = mk(&p);
	assert_int_equal(wr(z, 1 * ZSZE, 1), 0);
	assert_int_equal(wr(z, 0 * ZSZE, 1), 0);
	/* Zone 1 was opened first: it makes room for zone 2. */
	assert_int_equal(wr(z, 2 * ZSZE, 1), 0);
	assert_int_equal(zs(z, 1), NVME_ZNS_ZS_CLOSED);
	assert_int_equal(zs(z, 0), NVME_ZNS_ZS_IMPL_OPEN);
	assert_int_equal(zs(z, 2), NVME_ZNS_ZS_IMPL_OPEN);
	/* An explicit open may close an implicitly opened zone too. */
	assert_int_equal(send(z, NVME_ZNS_ZSA_OPEN, 3 * ZSZE, 0), 0);
	assert_int_equal(zs(z, 0), NVME_ZNS_ZS_CLOSED);
	assert_int_equal(zs(z, 3), NVME_ZNS_ZS_EXPL_OPEN);
	emu_zones_free(z);
}

static void mgmt_close(void **state)
{
	struct emu_zones *z = mk_states();

	(void)state;
	assert_int_equal(send(z, NVME_ZNS_ZSA_CLOSE, 0, 0), 0);
	assert_int_equal(zs(z, 0), NVME_ZNS_ZS_CLOSED);
	assert_int_equal(send(z, NVME_ZNS_ZSA_CLOSE, ZSZE, 0), 0);
	assert_int_equal(zs(z, 1), NVME_ZNS_ZS_CLOSED);
	assert_int_equal(send(z, NVME_ZNS_ZSA_CLOSE, 2 * ZSZE, 0), 0);
	assert_int_equal(zs(z, 2), NVME_ZNS_ZS_CLOSED);
	for (unsigned i = 3; i < 7; i++)
		assert_int_equal(send(z, NVME_ZNS_ZSA_CLOSE, i * ZSZE, 0),
				 ZNS(NVME_SC_ZNS_INVAL_TRANSITION));
	assert_int_equal(zs(z, 6), NVME_ZNS_ZS_EMPTY);
	emu_zones_free(z);
}

static void mgmt_finish(void **state)
{
	struct emu_zones *z = mk_states();

	(void)state;
	for (unsigned i = 0; i < 4; i++) {
		assert_int_equal(send(z, NVME_ZNS_ZSA_FINISH, i * ZSZE, 0), 0);
		assert_int_equal(zs(z, i), NVME_ZNS_ZS_FULL);
	}
	assert_int_equal(send(z, NVME_ZNS_ZSA_FINISH, 4 * ZSZE, 0),
			 ZNS(NVME_SC_ZNS_INVAL_TRANSITION));
	assert_int_equal(send(z, NVME_ZNS_ZSA_FINISH, 5 * ZSZE, 0),
			 ZNS(NVME_SC_ZNS_INVAL_TRANSITION));
	/* Empty to full directly. */
	assert_int_equal(send(z, NVME_ZNS_ZSA_FINISH, 6 * ZSZE, 0), 0);
	assert_int_equal(zs(z, 6), NVME_ZNS_ZS_FULL);
	emu_zones_free(z);
}

static void mgmt_open(void **state)
{
	struct emu_zones *z = mk_states();

	(void)state;
	assert_int_equal(send(z, NVME_ZNS_ZSA_OPEN, 0, 0), 0);
	assert_int_equal(zs(z, 0), NVME_ZNS_ZS_EXPL_OPEN);
	assert_int_equal(send(z, NVME_ZNS_ZSA_OPEN, ZSZE, 0), 0);
	assert_int_equal(zs(z, 1), NVME_ZNS_ZS_EXPL_OPEN);
	assert_int_equal(send(z, NVME_ZNS_ZSA_OPEN, 2 * ZSZE, 0), 0);
	assert_int_equal(zs(z, 2), NVME_ZNS_ZS_EXPL_OPEN);
	assert_int_equal(zwp(z, 2), 2 * ZSZE + 1);
	for (unsigned i = 3; i < 6; i++)
		assert_int_equal(send(z, NVME_ZNS_ZSA_OPEN, i * ZSZE, 0),
				 ZNS(NVME_SC_ZNS_INVAL_TRANSITION));
	assert_int_equal(send(z, NVME_ZNS_ZSA_OPEN, 6 * ZSZE, 0), 0);
	assert_int_equal(zs(z, 6), NVME_ZNS_ZS_EXPL_OPEN);
	/* An explicitly opened zone stays so when written. */
	assert_int_equal(wr(z, 6 * ZSZE, 1), 0);
	assert_int_equal(zs(z, 6), NVME_ZNS_ZS_EXPL_OPEN);
	emu_zones_free(z);
}

static void mgmt_reset(void **state)
{
	struct emu_zones *z = mk_states();
	struct zero_log log = { 0 };

	(void)state;
	for (unsigned i = 0; i < 4; i++) {
		memset(&log, 0, sizeof(log));
		assert_int_equal(sendz(z, NVME_ZNS_ZSA_RESET, i * ZSZE, 0,
				       &log), 0);
		assert_int_equal(zs(z, i), NVME_ZNS_ZS_EMPTY);
		assert_int_equal(zwp(z, i), i * ZSZE);
		assert_int_equal(log.calls, 1);
		assert_int_equal(log.slba, i * ZSZE);
		assert_int_equal(log.nlb, ZSZE);
	}
	memset(&log, 0, sizeof(log));
	assert_int_equal(sendz(z, NVME_ZNS_ZSA_RESET, 6 * ZSZE, 0, &log), 0);
	assert_int_equal(log.calls, 0);
	assert_int_equal(sendz(z, NVME_ZNS_ZSA_RESET, 4 * ZSZE, 0, &log),
			 ZNS(NVME_SC_ZNS_INVAL_TRANSITION));
	assert_int_equal(sendz(z, NVME_ZNS_ZSA_RESET, 5 * ZSZE, 0, &log),
			 ZNS(NVME_SC_ZNS_INVAL_TRANSITION));
	assert_int_equal(log.calls, 0);
	/* The resources came back: the zone takes writes at its start. */
	assert_int_equal(wr(z, 0, 1), 0);
	emu_zones_free(z);
}

static void mgmt_offline(void **state)
{
	struct emu_zones *z = mk_states();
	struct zero_log log = { 0 };

	(void)state;
	for (unsigned i = 0; i < 4; i++)
		assert_int_equal(send(z, NVME_ZNS_ZSA_OFFLINE, i * ZSZE, 0),
				 ZNS(NVME_SC_ZNS_INVAL_TRANSITION));
	assert_int_equal(send(z, NVME_ZNS_ZSA_OFFLINE, 6 * ZSZE, 0),
			 ZNS(NVME_SC_ZNS_INVAL_TRANSITION));
	assert_int_equal(sendz(z, NVME_ZNS_ZSA_OFFLINE, 4 * ZSZE, 0, &log), 0);
	assert_int_equal(zs(z, 4), NVME_ZNS_ZS_OFFLINE);
	assert_int_equal(log.calls, 1);
	assert_int_equal(log.slba, 4 * ZSZE);
	assert_int_equal(send(z, NVME_ZNS_ZSA_OFFLINE, 5 * ZSZE, 0), 0);
	emu_zones_free(z);
}

static void mgmt_bad_fields(void **state)
{
	struct emu_zones *z = mk_base();

	(void)state;
	assert_int_equal(send(z, NVME_ZNS_ZSA_OPEN, 1, 0),
			 GEN(NVME_SC_INVALID_FIELD));
	assert_int_equal(send(z, NVME_ZNS_ZSA_OPEN, NZ * ZSZE, 0),
			 GEN(NVME_SC_LBA_RANGE));
	assert_int_equal(send(z, 0x06, 0, 0), GEN(NVME_SC_INVALID_FIELD));
	assert_int_equal(send(z, 0x00, 0, 0), GEN(NVME_SC_INVALID_FIELD));
	/* ZRWAA is for Open only. */
	assert_int_equal(send(z, NVME_ZNS_ZSA_CLOSE, 0, 1U << 9),
			 GEN(NVME_SC_INVALID_FIELD));
	/* ZRWA flush and extensions name one zone. */
	assert_int_equal(send(z, NVME_ZNS_ZSA_ZRWA_FLUSH, 0, 1U << 8),
			 GEN(NVME_SC_INVALID_FIELD));
	assert_int_equal(send(z, NVME_ZNS_ZSA_SET_DESC_EXT, 0, 1U << 8),
			 GEN(NVME_SC_INVALID_FIELD));
	emu_zones_free(z);
}

static void select_all(void **state)
{
	struct emu_zones *z = mk_states();
	struct zero_log log = { 0 };

	(void)state;
	/* The SLBA is ignored. */
	assert_int_equal(send(z, NVME_ZNS_ZSA_CLOSE, ~0ULL, 1U << 8), 0);
	assert_int_equal(zs(z, 0), NVME_ZNS_ZS_CLOSED);
	assert_int_equal(zs(z, 1), NVME_ZNS_ZS_CLOSED);
	assert_int_equal(zs(z, 3), NVME_ZNS_ZS_FULL);
	assert_int_equal(zs(z, 6), NVME_ZNS_ZS_EMPTY);
	assert_int_equal(send(z, NVME_ZNS_ZSA_OPEN, 0, 1U << 8), 0);
	for (unsigned i = 0; i < 3; i++)
		assert_int_equal(zs(z, i), NVME_ZNS_ZS_EXPL_OPEN);
	assert_int_equal(zs(z, 6), NVME_ZNS_ZS_EMPTY);
	assert_int_equal(send(z, NVME_ZNS_ZSA_FINISH, 0, 1U << 8), 0);
	for (unsigned i = 0; i < 4; i++)
		assert_int_equal(zs(z, i), NVME_ZNS_ZS_FULL);
	assert_int_equal(zs(z, 7), NVME_ZNS_ZS_EMPTY);
	assert_int_equal(sendz(z, NVME_ZNS_ZSA_RESET, 0, 1U << 8, &log), 0);
	assert_int_equal(log.calls, 4);
	for (unsigned i = 0; i < 4; i++)
		assert_int_equal(zs(z, i), NVME_ZNS_ZS_EMPTY);
	assert_int_equal(zs(z, 4), NVME_ZNS_ZS_READ_ONLY);
	assert_int_equal(send(z, NVME_ZNS_ZSA_OFFLINE, 0, 1U << 8), 0);
	assert_int_equal(zs(z, 4), NVME_ZNS_ZS_OFFLINE);
	assert_int_equal(zs(z, 0), NVME_ZNS_ZS_EMPTY);
	emu_zones_free(z);
}

static void select_all_open_limit(void **state)
{
	struct emu_zones_params p = base();
	struct emu_zones *z;

	(void)state;
	p.max_open = 2;
	z = mk(&p);
	for (unsigned i = 0; i < 3; i++) {
		assert_int_equal(wr(z, i * ZSZE, 1), 0);
		assert_int_equal(send(z, NVME_ZNS_ZSA_CLOSE, i * ZSZE, 0), 0);
	}
	/* Three closed, two open resources: none is opened. */
	assert_int_equal(send(z, NVME_ZNS_ZSA_OPEN, 0, 1U << 8),
			 ZNS(NVME_SC_ZNS_TOO_MANY_OPENS));
	for (unsigned i = 0; i < 3; i++)
		assert_int_equal(zs(z, i), NVME_ZNS_ZS_CLOSED);
	assert_int_equal(send(z, NVME_ZNS_ZSA_FINISH, 0, 0), 0);
	assert_int_equal(send(z, NVME_ZNS_ZSA_OPEN, 0, 1U << 8), 0);
	assert_int_equal(zs(z, 1), NVME_ZNS_ZS_EXPL_OPEN);
	assert_int_equal(zs(z, 2), NVME_ZNS_ZS_EXPL_OPEN);
	emu_zones_free(z);
}

static void report_filters(void **state)
{
	static const struct {
		__u8 zrasf;
		unsigned first, nr;
	} f[] = {
		{ NVME_ZNS_ZRAS_REPORT_EMPTY, 6, 2 },
		{ NVME_ZNS_ZRAS_REPORT_IMPL_OPENED, 0, 1 },
		{ NVME_ZNS_ZRAS_REPORT_EXPL_OPENED, 1, 1 },
		{ NVME_ZNS_ZRAS_REPORT_CLOSED, 2, 1 },
		{ NVME_ZNS_ZRAS_REPORT_FULL, 3, 1 },
		{ NVME_ZNS_ZRAS_REPORT_READ_ONLY, 4, 1 },
		{ NVME_ZNS_ZRAS_REPORT_OFFLINE, 5, 1 },
		{ NVME_ZNS_ZRAS_REPORT_ALL, 0, NZ },
	};
	struct emu_zones *z = mk_states();
	unsigned char buf[64 + NZ * 64];

	(void)state;
	for (size_t k = 0; k < sizeof(f) / sizeof(f[0]); k++) {
		memset(buf, 0xaa, sizeof(buf));
		assert_int_equal(recv(z, 0, NVME_ZNS_ZRA_REPORT_ZONES,
				      f[k].zrasf, false, buf, sizeof(buf)), 0);
		assert_int_equal(rep_nr(buf), f[k].nr);
		for (unsigned i = 0; i < f[k].nr; i++)
			assert_int_equal(le64toh(rep_desc(buf, i, 64)->zslba),
					 (f[k].first + i) * ZSZE);
		/* What no descriptor fills is zeroes. */
		for (size_t i = 64 + f[k].nr * 64; i < sizeof(buf); i++)
			assert_int_equal(buf[i], 0);
	}
	/* The write pointers: valid in open, closed and empty zones only. */
	assert_int_equal(le64toh(rep_desc(buf, 0, 64)->wp), 1);
	assert_int_equal(le64toh(rep_desc(buf, 1, 64)->wp), ZSZE);
	assert_int_equal(le64toh(rep_desc(buf, 2, 64)->wp), 2 * ZSZE + 1);
	assert_int_equal(le64toh(rep_desc(buf, 3, 64)->wp), UINT64_MAX);
	assert_int_equal(le64toh(rep_desc(buf, 4, 64)->wp), UINT64_MAX);
	assert_int_equal(le64toh(rep_desc(buf, 5, 64)->wp), UINT64_MAX);
	assert_int_equal(le64toh(rep_desc(buf, 6, 64)->wp), 6 * ZSZE);
	assert_int_equal(recv(z, 0, NVME_ZNS_ZRA_REPORT_ZONES, 8, false, buf,
			      sizeof(buf)), GEN(NVME_SC_INVALID_FIELD));
	assert_int_equal(recv(z, 0, 2, 0, false, buf, sizeof(buf)),
			 GEN(NVME_SC_INVALID_FIELD));
	assert_int_equal(recv(z, NZ * ZSZE, NVME_ZNS_ZRA_REPORT_ZONES, 0,
			      false, buf, sizeof(buf)), GEN(NVME_SC_LBA_RANGE));
	emu_zones_free(z);
}

static void report_partial(void **state)
{
	struct emu_zones *z = mk_states();
	unsigned char buf[64 + 3 * 64];

	(void)state;
	/* From the zone holding the SLBA, three descriptors fit. */
	memset(buf, 0xaa, sizeof(buf));
	assert_int_equal(recv(z, 2 * ZSZE + 5, NVME_ZNS_ZRA_REPORT_ZONES,
			      NVME_ZNS_ZRAS_REPORT_ALL, false, buf,
			      sizeof(buf)), 0);
	/* Not partial: every zone that matches, from zone 2 on. */
	assert_int_equal(rep_nr(buf), NZ - 2);
	assert_int_equal(le64toh(rep_desc(buf, 0, 64)->zslba), 2 * ZSZE);
	assert_int_equal(le64toh(rep_desc(buf, 2, 64)->zslba), 4 * ZSZE);
	assert_int_equal(recv(z, 2 * ZSZE + 5, NVME_ZNS_ZRA_REPORT_ZONES,
			      NVME_ZNS_ZRAS_REPORT_ALL, true, buf,
			      sizeof(buf)), 0);
	assert_int_equal(rep_nr(buf), 3);
	/* Fewer match than fit: the same count either way. */
	assert_int_equal(recv(z, 0, NVME_ZNS_ZRA_REPORT_ZONES,
			      NVME_ZNS_ZRAS_REPORT_EMPTY, true, buf,
			      sizeof(buf)), 0);
	assert_int_equal(rep_nr(buf), 2);
	assert_int_equal(le64toh(rep_desc(buf, 1, 64)->zslba), 7 * ZSZE);
	emu_zones_free(z);
}

static void report_small_buffer(void **state)
{
	struct emu_zones *z = mk_states();
	unsigned char buf[64 + 64 + 60];

	(void)state;
	/* The header alone counts; partial, it counts none. */
	assert_int_equal(recv(z, 0, NVME_ZNS_ZRA_REPORT_ZONES,
			      NVME_ZNS_ZRAS_REPORT_ALL, false, buf, 64), 0);
	assert_int_equal(rep_nr(buf), NZ);
	assert_int_equal(recv(z, 0, NVME_ZNS_ZRA_REPORT_ZONES,
			      NVME_ZNS_ZRAS_REPORT_ALL, true, buf, 64), 0);
	assert_int_equal(rep_nr(buf), 0);
	/* One whole descriptor and part of one: only the whole one. */
	memset(buf, 0xaa, sizeof(buf));
	assert_int_equal(recv(z, 0, NVME_ZNS_ZRA_REPORT_ZONES,
			      NVME_ZNS_ZRAS_REPORT_ALL, true, buf,
			      sizeof(buf)), 0);
	assert_int_equal(rep_nr(buf), 1);
	for (size_t i = 128; i < sizeof(buf); i++)
		assert_int_equal(buf[i], 0);
	assert_int_equal(recv(z, 0, NVME_ZNS_ZRA_REPORT_ZONES,
			      NVME_ZNS_ZRAS_REPORT_ALL, false, buf, 60),
			 GEN(NVME_SC_INVALID_FIELD));
	emu_zones_free(z);
}

static void extended_report(void **state)
{
	struct emu_zones_params p = base();
	unsigned char ext[128], buf[64 + 3 * 192];
	struct emu_zones *z;

	(void)state;
	z = mk_base();
	assert_int_equal(recv(z, 0, NVME_ZNS_ZRA_EXTENDED_REPORT_ZONES, 0,
			      false, buf, sizeof(buf)),
			 GEN(NVME_SC_INVALID_FIELD));
	assert_int_equal(set_zde(z, 0, ext, 64), GEN(NVME_SC_INVALID_FIELD));
	emu_zones_free(z);
	p.zde_size = 128;
	p.max_active = 1;
	z = mk(&p);
	for (size_t i = 0; i < sizeof(ext); i++)
		ext[i] = i + 1;
	/* Data SGL Length Invalid: less than one extension sent. */
	assert_int_equal(set_zde(z, ZSZE, ext, 64), GEN(0x0f));
	assert_int_equal(set_zde(z, ZSZE, ext, sizeof(ext)), 0);
	/* An extension makes the empty zone active: closed. */
	assert_int_equal(zs(z, 1), NVME_ZNS_ZS_CLOSED);
	assert_int_equal(za(z, 1), NVME_ZNS_ZA_ZDEV);
	assert_int_equal(set_zde(z, ZSZE, ext, sizeof(ext)),
			 ZNS(NVME_SC_ZNS_INVAL_TRANSITION));
	assert_int_equal(set_zde(z, 2 * ZSZE, ext, sizeof(ext)),
			 ZNS(NVME_SC_ZNS_TOO_MANY_ACTIVE));
	memset(buf, 0xaa, sizeof(buf));
	assert_int_equal(recv(z, 0, NVME_ZNS_ZRA_EXTENDED_REPORT_ZONES, 0,
			      false, buf, sizeof(buf)), 0);
	assert_int_equal(rep_nr(buf), NZ);
	assert_int_equal(le64toh(rep_desc(buf, 1, 192)->zslba), ZSZE);
	assert_memory_equal(buf + 64 + 192 + 64, ext, sizeof(ext));
	for (size_t i = 0; i < 128; i++)
		assert_int_equal(buf[64 + 64 + i], 0);
	assert_int_equal(send(z, NVME_ZNS_ZSA_RESET, ZSZE, 0), 0);
	assert_int_equal(za(z, 1), 0);
	assert_int_equal(recv(z, 0, NVME_ZNS_ZRA_EXTENDED_REPORT_ZONES, 0,
			      false, buf, sizeof(buf)), 0);
	for (size_t i = 0; i < 128; i++)
		assert_int_equal(buf[64 + 192 + 64 + i], 0);
	emu_zones_free(z);
}

static struct emu_zones *mk_zrwa(__u32 nr_zrwa)
{
	struct emu_zones_params p = base();

	p.zrwa_size = 8 * 4096;
	p.zrwa_fg = 2 * 4096;
	p.nr_zrwa = nr_zrwa;
	return mk(&p);
}

static void zrwa_writes_and_flush(void **state)
{
	struct emu_zones *z = mk_zrwa(0);
	__u64 at = 0;

	(void)state;
	assert_int_equal(send(z, NVME_ZNS_ZSA_OPEN, 0, 1U << 9), 0);
	assert_int_equal(zs(z, 0), NVME_ZNS_ZS_EXPL_OPEN);
	assert_int_equal(za(z, 0), NVME_ZNS_ZA_ZRWAV);
	/* Anywhere in the ZRWA, again and again: the pointer stays. */
	assert_int_equal(wr(z, 4, 2), 0);
	assert_int_equal(wr(z, 0, 8), 0);
	assert_int_equal(wr(z, 4, 2), 0);
	assert_int_equal(zwp(z, 0), 0);
	/* Blocks 8, 9 are past it: one granule flushes implicitly. */
	assert_int_equal(wr(z, 6, 4), 0);
	assert_int_equal(zwp(z, 0), 2);
	/* Past the implicit flush range, or below the pointer. */
	assert_int_equal(wr(z, 2 + 16, 1), ZNS(NVME_SC_ZNS_INVALID_WRITE));
	assert_int_equal(wr(z, 1, 1), ZNS(NVME_SC_ZNS_INVALID_WRITE));
	assert_int_equal(app(z, 0, 1, &at), ZNS(NVME_SC_ZNS_INVALID_OP_REQUEST));
	/* Explicit flush: through LBA 5, whole granules, within the ZRWA. */
	assert_int_equal(send(z, NVME_ZNS_ZSA_ZRWA_FLUSH, 4, 0),
			 GEN(NVME_SC_INVALID_FIELD));
	assert_int_equal(send(z, NVME_ZNS_ZSA_ZRWA_FLUSH, 10, 0),
			 ZNS(NVME_SC_ZNS_BOUNDARY_ERROR));
	assert_int_equal(send(z, NVME_ZNS_ZSA_ZRWA_FLUSH, 1, 0),
			 ZNS(NVME_SC_ZNS_BOUNDARY_ERROR));
	assert_int_equal(send(z, NVME_ZNS_ZSA_ZRWA_FLUSH, 5, 0), 0);
	assert_int_equal(zwp(z, 0), 6);
	assert_int_equal(send(z, NVME_ZNS_ZSA_ZRWA_FLUSH, 13, 0), 0);
	assert_int_equal(zwp(z, 0), 14);
	/* Flushed to the capacity: full, the ZRWA released. */
	for (__u64 wp = 14; wp < ZCAP; wp += 2)
		assert_int_equal(send(z, NVME_ZNS_ZSA_ZRWA_FLUSH, wp + 1, 0),
				 0);
	assert_int_equal(zs(z, 0), NVME_ZNS_ZS_FULL);
	assert_int_equal(za(z, 0), 0);
	/* A zone without one. */
	assert_int_equal(send(z, NVME_ZNS_ZSA_ZRWA_FLUSH, ZSZE, 0),
			 ZNS(NVME_SC_ZNS_INVALID_OP_REQUEST));
	emu_zones_free(z);
}

static void zrwa_allocation(void **state)
{
	struct emu_zones *z = mk_zrwa(1);
	unsigned char id[4096];
	const struct nvme_zns_id_ns *ns = (const void *)id;

	(void)state;
	assert_int_equal(wr(z, ZSZE, 1), 0);
	/* Only an empty zone gets one. */
	assert_int_equal(send(z, NVME_ZNS_ZSA_OPEN, ZSZE, 1U << 9),
			 ZNS(NVME_SC_ZNS_INVALID_OP_REQUEST));
	assert_int_equal(send(z, NVME_ZNS_ZSA_OPEN, 0, 1U << 9), 0);
	assert_int_equal(send(z, NVME_ZNS_ZSA_OPEN, 2 * ZSZE, 1U << 9),
			 ZNS(NVME_SC_ZNS_ZRWA_RESOURCES_UNAVAILABLE));
	assert_int_equal(zs(z, 2), NVME_ZNS_ZS_EMPTY);
	/* Closed, it keeps the ZRWA; reset gives it back. */
	assert_int_equal(send(z, NVME_ZNS_ZSA_CLOSE, 0, 0), 0);
	assert_int_equal(za(z, 0), NVME_ZNS_ZA_ZRWAV);
	assert_int_equal(wr(z, 3, 1), 0);
	assert_int_equal(zs(z, 0), NVME_ZNS_ZS_IMPL_OPEN);
	assert_int_equal(send(z, NVME_ZNS_ZSA_RESET, 0, 0), 0);
	assert_int_equal(za(z, 0), 0);
	assert_int_equal(send(z, NVME_ZNS_ZSA_OPEN, 2 * ZSZE, 1U << 9), 0);
	emu_zones_id_ns(z, id);
	assert_int_equal(le16toh(ns->ozcs), 3);
	assert_int_equal(le32toh(ns->numzrwa), 0);
	assert_int_equal(le16toh(ns->zrwafg), 2);
	assert_int_equal(le16toh(ns->zrwasz), 8);
	assert_int_equal(ns->zrwacap, 1);
	emu_zones_free(z);
	/* Without ZRWA support. */
	z = mk_base();
	assert_int_equal(send(z, NVME_ZNS_ZSA_OPEN, 0, 1U << 9),
			 ZNS(NVME_SC_ZNS_INVALID_OP_REQUEST));
	assert_int_equal(send(z, NVME_ZNS_ZSA_ZRWA_FLUSH, 0, 0),
			 ZNS(NVME_SC_ZNS_INVALID_OP_REQUEST));
	emu_zones_free(z);
}

static void identify(void **state)
{
	struct emu_zones_params p = base();
	unsigned char id[4096];
	const struct nvme_zns_id_ns *ns = (const void *)id;
	struct emu_zones *z;

	(void)state;
	p.max_open = 3;
	p.max_active = 5;
	p.zde_size = 128;
	z = mk(&p);
	memset(id, 0xaa, sizeof(id));
	emu_zones_id_ns(z, id);
	assert_int_equal(le16toh(ns->zoc), 0);
	assert_int_equal(le16toh(ns->ozcs), 1);
	assert_int_equal(le32toh(ns->mor), 2);
	assert_int_equal(le32toh(ns->mar), 4);
	assert_int_equal(le64toh(ns->lbafe[0].zsze), ZSZE);
	assert_int_equal(ns->lbafe[0].zdes, 2);
	assert_int_equal(id[4095], 0);
	emu_zones_set_read_across(z, false);
	emu_zones_id_ns(z, id);
	assert_int_equal(le16toh(ns->ozcs), 0);
	emu_zones_free(z);
	z = mk_base();
	emu_zones_id_ns(z, id);
	assert_int_equal(le32toh(ns->mor), 0xffffffff);
	assert_int_equal(le32toh(ns->mar), 0xffffffff);
	assert_int_equal(ns->lbafe[0].zdes, 0);
	emu_zones_free(z);
}

static void injected_states(void **state)
{
	struct emu_zones *z = mk_base();

	(void)state;
	assert_int_equal(wr(z, 0, 4), 0);
	assert_int_equal(emu_zones_set_state(z, 0, NVME_ZNS_ZS_READ_ONLY), 0);
	assert_int_equal(zs(z, 0), NVME_ZNS_ZS_READ_ONLY);
	assert_int_equal(wr(z, 4, 1), ZNS(NVME_SC_ZNS_READ_ONLY));
	assert_int_equal(emu_zones_read_check(z, 0, 4), 0);
	assert_int_equal(emu_zones_set_state(z, 0, NVME_ZNS_ZS_OFFLINE), 0);
	assert_int_equal(wr(z, 4, 1), ZNS(NVME_SC_ZNS_OFFLINE));
	assert_int_equal(emu_zones_read_check(z, 0, 4),
			 ZNS(NVME_SC_ZNS_OFFLINE));
	/* Offline is final; only those two states; zone starts only. */
	assert_int_equal(emu_zones_set_state(z, 0, NVME_ZNS_ZS_READ_ONLY),
			 -EINVAL);
	assert_int_equal(emu_zones_set_state(z, ZSZE, NVME_ZNS_ZS_FULL),
			 -EINVAL);
	assert_int_equal(emu_zones_set_state(z, ZSZE + 1,
					     NVME_ZNS_ZS_OFFLINE), -EINVAL);
	assert_int_equal(emu_zones_set_state(z, NZ * ZSZE,
					     NVME_ZNS_ZS_OFFLINE), -EINVAL);
	emu_zones_free(z);
}

static void read_across(void **state)
{
	struct emu_zones *z = mk_base();

	(void)state;
	/* Reads past the write pointer and the capacity are fine. */
	assert_int_equal(emu_zones_read_check(z, 40, 20), 0);
	assert_int_equal(emu_zones_read_check(z, ZSZE - 2, 4), 0);
	assert_int_equal(emu_zones_set_state(z, 2 * ZSZE,
					     NVME_ZNS_ZS_OFFLINE), 0);
	assert_int_equal(emu_zones_read_check(z, ZSZE, ZSZE + 1),
			 ZNS(NVME_SC_ZNS_OFFLINE));
	emu_zones_set_read_across(z, false);
	assert_int_equal(emu_zones_read_check(z, ZSZE - 2, 4),
			 ZNS(NVME_SC_ZNS_BOUNDARY_ERROR));
	assert_int_equal(emu_zones_read_check(z, 0, ZSZE), 0);
	emu_zones_free(z);
}

static void state_round_trip(void **state)
{
	struct emu_zones_params p = base();
	unsigned char ext[64], *img;
	struct emu_zones *z, *y;
	size_t n;

	(void)state;
	p.zde_size = 64;
	z = mk(&p);
	memset(ext, 0x5c, sizeof(ext));
	assert_int_equal(wr(z, 0, 5), 0);			/* impl open */
	assert_int_equal(send(z, NVME_ZNS_ZSA_OPEN, ZSZE, 0), 0);
	assert_int_equal(wr(z, 2 * ZSZE, 3), 0);
	assert_int_equal(send(z, NVME_ZNS_ZSA_CLOSE, 2 * ZSZE, 0), 0);
	assert_int_equal(send(z, NVME_ZNS_ZSA_FINISH, 3 * ZSZE, 0), 0);
	assert_int_equal(set_zde(z, 4 * ZSZE, ext, sizeof(ext)), 0);
	assert_int_equal(emu_zones_set_state(z, 5 * ZSZE,
					     NVME_ZNS_ZS_READ_ONLY), 0);
	n = emu_zones_state_size(z);
	assert_int_equal(n, 64 + NZ * (16 + 64));
	img = malloc(n);
	assert_non_null(img);
	emu_zones_state_save(z, img);
	assert_memory_equal(img, "NGZS", 4);
	y = mk(&p);
	assert_int_equal(emu_zones_state_load(y, img, n), 0);
	/* A power cycle: opened zones come back closed, or empty. */
	assert_int_equal(zs(y, 0), NVME_ZNS_ZS_CLOSED);
	assert_int_equal(zwp(y, 0), 5);
	assert_int_equal(zs(y, 1), NVME_ZNS_ZS_EMPTY);
	assert_int_equal(zs(y, 2), NVME_ZNS_ZS_CLOSED);
	assert_int_equal(zwp(y, 2), 2 * ZSZE + 3);
	assert_int_equal(zs(y, 3), NVME_ZNS_ZS_FULL);
	assert_int_equal(zs(y, 4), NVME_ZNS_ZS_CLOSED);
	assert_int_equal(za(y, 4), NVME_ZNS_ZA_ZDEV);
	assert_int_equal(zs(y, 5), NVME_ZNS_ZS_READ_ONLY);
	assert_int_equal(wr(y, 5, 1), 0);
	assert_int_equal(zs(y, 0), NVME_ZNS_ZS_IMPL_OPEN);
	emu_zones_free(y);
	free(img);
	emu_zones_free(z);
}

static void state_mismatch(void **state)
{
	struct emu_zones_params p = base();
	struct emu_zones *z, *y;
	unsigned char *img;
	size_t n;

	(void)state;
	z = mk(&p);
	assert_int_equal(wr(z, 0, 5), 0);
	n = emu_zones_state_size(z);
	img = malloc(n);
	assert_non_null(img);
	emu_zones_state_save(z, img);
	assert_int_equal(emu_zones_state_load(z, img, n - 1), -EINVAL);
	p.zone_cap = ZCAP - 8;
	y = mk(&p);
	assert_int_equal(emu_zones_state_load(y, img, n), -EINVAL);
	emu_zones_free(y);
	img[0] ^= 1;
	assert_int_equal(emu_zones_state_load(z, img, n), -EINVAL);
	img[0] ^= 1;
	/* A zone record no model makes: state 7, then a wp outside. */
	img[64 + 16 + 8] = 7;
	assert_int_equal(emu_zones_state_load(z, img, n), -EINVAL);
	img[64 + 16 + 8] = NVME_ZNS_ZS_EMPTY;
	img[64 + 16] = 1;
	assert_int_equal(emu_zones_state_load(z, img, n), -EINVAL);
	/* A failed load changed nothing. */
	assert_int_equal(zs(z, 0), NVME_ZNS_ZS_IMPL_OPEN);
	assert_int_equal(zwp(z, 0), 5);
	free(img);
	emu_zones_free(z);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(status_encoding),
		cmocka_unit_test(params_checked),
		cmocka_unit_test(geometry),
		cmocka_unit_test(implicit_open_wp),
		cmocka_unit_test(fill_to_full),
		cmocka_unit_test(write_not_at_wp),
		cmocka_unit_test(boundary),
		cmocka_unit_test(append_returns_wp),
		cmocka_unit_test(append_errors),
		cmocka_unit_test(open_active_limits),
		cmocka_unit_test(implicit_close_oldest),
		cmocka_unit_test(mgmt_close),
		cmocka_unit_test(mgmt_finish),
		cmocka_unit_test(mgmt_open),
		cmocka_unit_test(mgmt_reset),
		cmocka_unit_test(mgmt_offline),
		cmocka_unit_test(mgmt_bad_fields),
		cmocka_unit_test(select_all),
		cmocka_unit_test(select_all_open_limit),
		cmocka_unit_test(report_filters),
		cmocka_unit_test(report_partial),
		cmocka_unit_test(report_small_buffer),
		cmocka_unit_test(extended_report),
		cmocka_unit_test(zrwa_writes_and_flush),
		cmocka_unit_test(zrwa_allocation),
		cmocka_unit_test(identify),
		cmocka_unit_test(injected_states),
		cmocka_unit_test(read_across),
		cmocka_unit_test(state_round_trip),
		cmocka_unit_test(state_mismatch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
