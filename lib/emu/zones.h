/* SPDX-License-Identifier: MIT */
#ifndef NGIO_EMU_ZONES_H
#define NGIO_EMU_ZONES_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>
#include <linux/nvme_ioctl.h>

/* The zoned namespace model of one namespace: zone states, write
 * pointers, limits, ZRWA; it moves no data (the caller does). */
struct emu_zones;
struct emu_zones_params {
	__u64 nsze;		/* namespace size in blocks */
	__u32 lba_size;		/* data bytes per block */
	__u64 zone_size;	/* blocks; 0: default (zsze as QEMU: 128 MiB, clipped) */
	__u64 zone_cap;		/* blocks; 0: = zone_size */
	__u32 max_open;		/* 0: no limit */
	__u32 max_active;	/* 0: no limit */
	__u32 zde_size;		/* zone descriptor extension bytes, multiple of 64, 0: none */
	__u64 zrwa_size;	/* zone random write area, bytes; 0: none */
	__u64 zrwa_fg;		/* its flush granularity, bytes; 0: one block */
	__u32 nr_zrwa;		/* ZRWA resources; 0: one per zone */
};
int emu_zones_new(const struct emu_zones_params *p, struct emu_zones **zp,
		  char *err, size_t errlen);	/* 0 or -EINVAL with a one-line reason in err */
void emu_zones_free(struct emu_zones *z);
/* Before a write, write zeroes, copy destination or (append=true) zone append of nlb blocks at *slba:
 * 0 or the NVMe status the ZNS spec requires (with DNR where it says). For an append *slba is the zone's
 * start on entry (must be a zone start) and the write pointer on return. Changes no state. */
int emu_zones_write_check(struct emu_zones *z, __u64 *slba, __u32 nlb, bool append);
/* After the data moved: the write pointer advances, implicit open, full at capacity (ZRWA rules apply). */
void emu_zones_write_commit(struct emu_zones *z, __u64 slba, __u32 nlb);
/* Before a read / compare / verify: 0 or status (zone boundary, offline zone, ...). */
int emu_zones_read_check(struct emu_zones *z, __u64 slba, __u32 nlb);
/* Zone Management Send (cdw10-13 of cmd; data/len: the host's buffer for Set Zone Descriptor Extension,
 * already copied in). zero(ctx, slba, nlb) deallocates blocks (reset, offline): the caller zeroes its data
 * and metadata. Returns 0 or status. */
int emu_zones_mgmt_send(struct emu_zones *z, const struct nvme_uring_cmd *cmd,
			const void *data, size_t len,
			void (*zero)(void *ctx, __u64 slba, __u64 nlb), void *ctx);
/* Zone Management Receive: the report (or extended report) the command asks for, written into buf
 * (len = the command's transfer length). 0 or status. */
int emu_zones_mgmt_recv(struct emu_zones *z, const struct nvme_uring_cmd *cmd,
			void *buf, size_t len);
/* Identify CNS 05h CSI 02h (ZNS namespace data structure) into a 4096-byte buffer. */
void emu_zones_id_ns(const struct emu_zones *z, void *buf);
/* Persistence for a file-backed namespace: the state as bytes, and back (0 or -EINVAL when the bytes
 * do not match these params). */
size_t emu_zones_state_size(const struct emu_zones *z);
void emu_zones_state_save(const struct emu_zones *z, void *buf);
int emu_zones_state_load(struct emu_zones *z, const void *buf, size_t len);

/* Added by the ZNS helper.  The namespace is a whole number of zones:
 * report this NSZE/NCAP/NUSE (nsze rounded down to whole zones). */
__u64 emu_zones_nsze(const struct emu_zones *z);
__u64 emu_zones_zone_size(const struct emu_zones *z);
__u32 emu_zones_nr_zones(const struct emu_zones *z);
/* Controller-initiated transition of the zone at zslba to Read Only
 * (NVME_ZNS_ZS_READ_ONLY) or Offline (NVME_ZNS_ZS_OFFLINE), as media
 * failures do: 0 or -EINVAL. */
int emu_zones_set_state(struct emu_zones *z, __u64 zslba, __u8 state);
/* Read Across Zone Boundaries (OZCS bit 0); the "emu:" name's cross_read=,
 * off by default as in QEMU (ctrl.c sets it at open). */
void emu_zones_set_read_across(struct emu_zones *z, bool on);

#endif
