/* SPDX-License-Identifier: MIT */
/* The zone model's state, shared by zones.c and zreport.c only. */
#ifndef NGIO_EMU_ZONES_INT_H
#define NGIO_EMU_ZONES_INT_H

#include <stdbool.h>
#include <linux/types.h>
#include <nvme/types.h>

#include "emu-int.h"
#include "zones.h"

#define ZONE_HDR	64U
#define ZONE_DESC	64U
#define DEF_ZONE_BYTES	(128ULL << 20)

/* Zone Management Send CDW13; Receive CDW13. */
#define ZSA_ALL		(1U << 8)
#define ZSA_ZRWAA	(1U << 9)
#define ZRA_PARTIAL	(1U << 16)

/* OZCS bits 0 and 1; ZRWACAP bit 0. */
#define OZCS_RAZB	(1U << 0)
#define OZCS_ZRWASUP	(1U << 1)
#define ZRWACAP_EXPFLUSH	(1U << 0)

#define ZNS_ERR(sc)	(EMU_SC(NVME_SCT_CMD_SPECIFIC, NVME_SC_ZNS_##sc) | \
			 EMU_DNR)

/* The state file: its header, then a record per zone, then extensions. */
#define STATE_MAGIC	0x535a474eU	/* "NGZS" */
#define STATE_VERSION	1U
#define STATE_HDR	64U
#define STATE_ZONE	16U

struct zone {
	__u64 wp;
	__u64 seq;		/* when it was implicitly opened */
	__u8 state;
	__u8 attrs;		/* NVME_ZNS_ZA_ZDEV, NVME_ZNS_ZA_ZRWAV */
};

struct emu_zones {
	__u64 nsze;		/* whole zones */
	__u64 zsze, zcap;
	__u32 nr;
	__u32 max_open, max_active;	/* 0: no limit */
	__u32 zdes;		/* extension bytes */
	__u32 zrwas, zrwafg;	/* blocks; zrwas 0: no ZRWA */
	__u32 nr_zrwa;
	__u32 nr_open, nr_impl, nr_active, nr_zrwa_used;
	__u64 seq;
	bool read_across;
	struct zone *z;
	unsigned char *zde;	/* nr * zdes */
};

static inline bool is_open(__u8 st)
{
	return st == NVME_ZNS_ZS_IMPL_OPEN || st == NVME_ZNS_ZS_EXPL_OPEN;
}

static inline bool is_active(__u8 st)
{
	return is_open(st) || st == NVME_ZNS_ZS_CLOSED;
}

static inline __u64 zslba(const struct emu_zones *z, const struct zone *zn)
{
	return (__u64)(zn - z->z) * z->zsze;
}

static inline __u64 zend(const struct emu_zones *z, const struct zone *zn)
{
	return zslba(z, zn) + z->zcap;
}

static inline struct zone *zone_at(struct emu_zones *z, __u64 lba)
{
	return &z->z[lba / z->zsze];
}

/* Every state change goes through here (zones.c): it keeps the counts. */
void emu_zone_set(struct emu_zones *z, struct zone *zn, __u8 st);

#endif
