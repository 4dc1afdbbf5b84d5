/* SPDX-License-Identifier: MIT */
/*
 * The emulated controller's private structures and functions, shared by
 * its files: ctrl.c (open, close, namespace memory, dispatch), spec.c (the
 * name), admin.c and feat.c (admin commands), nvm.c and copy.c (I/O
 * commands), cache.c (blocks and the write cache), prot.c (protection
 * information) and zones.c (the zone model).
 */
#ifndef NGIO_EMU_INT_H
#define NGIO_EMU_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/uio.h>
#include <linux/types.h>
#include <linux/nvme_ioctl.h>

#include "emu.h"
#include "zones.h"

#define EMU_MAX_NS	32
#define EMU_MAX_IOV	1024	/* UIO_MAXIOV: what Linux accepts */
#define EMU_NR_ERR	4	/* error log entries (ELPE + 1) */
#define EMU_NR_IV	64	/* interrupt vectors, for feature 09h */
#define EMU_NR_Q	64	/* I/O queues the controller offers */
#define EMU_TEMP	313	/* Kelvin: 40 C */

/* Copy limits (Identify Namespace MSSRL, MCL, MSRC + 1). */
#define EMU_MSSRL	128
#define EMU_MCL		1024
#define EMU_MSRC	16

/* Status: SC | SCT << 8, DNR at bit 14. */
#define EMU_DNR			(1 << 14)
#define EMU_SC(sct, sc)		((sct) << 8 | (sc))
#define EMU_INVALID_OPCODE	(EMU_SC(0, 0x01) | EMU_DNR)
#define EMU_INVALID_FIELD	(EMU_SC(0, 0x02) | EMU_DNR)
#define EMU_INVALID_NS		(EMU_SC(0, 0x0b) | EMU_DNR)
#define EMU_SGL_LEN		(EMU_SC(0, 0x0f) | EMU_DNR)
#define EMU_MD_SGL_LEN		(EMU_SC(0, 0x10) | EMU_DNR)
#define EMU_LBA_RANGE		(EMU_SC(0, 0x80) | EMU_DNR)
#define EMU_INVALID_LOG		(EMU_SC(1, 0x09) | EMU_DNR)
#define EMU_INVALID_FORMAT	(EMU_SC(1, 0x0a) | EMU_DNR)
#define EMU_NOT_SAVEABLE	(EMU_SC(1, 0x0d) | EMU_DNR)
#define EMU_NOT_NS_SPECIFIC	(EMU_SC(1, 0x0f) | EMU_DNR)
#define EMU_INVALID_PI		(EMU_SC(1, 0x81) | EMU_DNR)
#define EMU_SIZE_LIMIT		(EMU_SC(1, 0x83) | EMU_DNR)
#define EMU_UNRECOVERED		(EMU_SC(2, 0x81) | EMU_DNR)
#define EMU_GUARD_ERR		(EMU_SC(2, 0x82) | EMU_DNR)
#define EMU_APPTAG_ERR		(EMU_SC(2, 0x83) | EMU_DNR)
#define EMU_REFTAG_ERR		(EMU_SC(2, 0x84) | EMU_DNR)
#define EMU_COMPARE_FAIL	(EMU_SC(2, 0x85) | EMU_DNR)

/* CDW12 of the read/write family. */
#define CDW12_DEAC	(1U << 25)
#define CDW12_FUA	(1U << 30)
#define PRINFO(cdw)	(((cdw) >> 26) & 0xf)
#define PR_PRACT	8
#define PR_GUARD	4
#define PR_APP		2
#define PR_REF		1

/* The host's data buffer: one buffer or an iovec array. */
struct emu_buf {
	const struct iovec *iov;
	int cnt;
	struct iovec one;
	size_t len;		/* total bytes */
};

/*
 * One image of a namespace: data, metadata and the per-block state.  A
 * block not mapped reads as deallocated (zeroes, PI all ones).
 */
struct emu_img {
	unsigned char *data;
	unsigned char *md;
	unsigned long *mapped;
	unsigned long *uncor;
};

struct emu_ns_params {
	__u8 csi;		/* NVME_CSI_NVM or NVME_CSI_ZNS */
	__u64 size;		/* bytes */
	__u32 lba_size;
	__u32 ms;
	bool ext;		/* mset=1 */
	__u8 pi, pif, pil;
	bool cross_read;	/* zns: reads may cross zones (OZCS bit 0) */
	struct emu_zones_params zp;	/* zone_size/cap in bytes until open */
	char *file;
};

struct emu_ns {
	__u32 nsid;
	bool ready;		/* opened whole: its state may be saved */
	struct emu_ns_params p;
	__u64 nsze;
	__u32 lba_shift;
	__u32 pi_size;		/* tuple bytes, 0 without PI */
	__u32 pi_off;		/* the tuple's offset in the metadata */
	struct emu_img dur;	/* durable: the file or anonymous memory */
	struct emu_img cache;	/* the volatile write cache */
	unsigned long *dirty;	/* blocks whose newest copy is in the cache */
	__u64 nr_dirty;
	struct emu_zones *zones;
	/* The file mapping (or anonymous) and where zone state goes. */
	void *map;
	size_t map_len;
	size_t zstate_off;
	int fd;
	/* SMART, per namespace. */
	__u64 bytes_read, bytes_written, host_reads, host_writes;
	__u32 err_rec;		/* feature 05h, current */
	__u32 err_rec_saved;
};

/* What a command asks of the protection information. */
struct emu_pi {
	__u8 prinfo;
	__u64 ilbrt;		/* initial reference tag */
	__u16 lbat, lbatm;
};

enum emu_store { EMU_STORE_DATA, EMU_STORE_UNCOR };

struct emu_feat {
	__u32 cur, saved, def;
};

struct emu_ctrl {
	struct emu_ns ns[EMU_MAX_NS];
	unsigned nr_ns;
	__u32 mdts;		/* 2^mdts pages of 4 KiB, 0: no limit */
	__u32 zasl;
	bool vwc;		/* present */
	bool vwc_on;		/* enabled (feature 06h, current) */
	struct emu_feat feat[256];	/* dword features by FID */
	__u16 temp_th[2];	/* composite over/under thresholds */
	__u16 temp_th_saved[2];
	__u32 iv_cd[EMU_NR_IV / 32];	/* feature 09h CD bits */
	__u8 apst[256], apst_saved[256];
	__u64 ts_host;		/* timestamp the host set, ms */
	__u64 ts_at;		/* our clock then, ms */
	bool ts_set;
	/* Error log: a ring of the newest entries. */
	__u64 err_count;
	struct {
		__u64 count, lba;
		__u32 nsid;
		__u16 sqid, status;
	} err[EMU_NR_ERR];
	__u64 power_cycles, unsafe_shutdowns, media_errors;
	unsigned char *bounce;	/* one block and its metadata, twice */
	size_t bounce_len;
};

/* Bitmaps over blocks. */
static inline bool emu_bit(const unsigned long *m, __u64 i)
{
	return m[i / (8 * sizeof(long))] >> (i % (8 * sizeof(long))) & 1;
}

static inline void emu_bit_set(unsigned long *m, __u64 i, bool v)
{
	unsigned long b = 1UL << (i % (8 * sizeof(long)));

	if (v)
		m[i / (8 * sizeof(long))] |= b;
	else
		m[i / (8 * sizeof(long))] &= ~b;
}

static inline size_t emu_bitmap_bytes(__u64 n)
{
	return (n + 8 * sizeof(long) - 1) / (8 * sizeof(long)) * sizeof(long);
}

static inline int emu_lba_range(const struct emu_ns *ns, __u64 slba,
				__u64 nlb)
{
	/* Written so that slba + nlb cannot wrap. */
	if (slba >= ns->nsze || nlb > ns->nsze - slba)
		return EMU_LBA_RANGE;
	return 0;
}

/* The 64b guard's tuple (PIF 2), else the 16b guard's. */
static inline bool emu_pi_g64(const struct emu_ns *ns)
{
	return ns->pi_size == 16;
}

/* ctrl.c */
int emu_fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
struct emu_ns *emu_ns_get(struct emu_ctrl *c, __u32 nsid);
int emu_buf_init(struct emu_buf *b, bool vec, __u64 addr, __u32 len);
void emu_buf_out(const struct emu_buf *b, size_t off, const void *src,
		 size_t n);
void emu_buf_in(const struct emu_buf *b, size_t off, void *dst, size_t n);

/* spec.c: -EINVAL with the reason in err, or -ENOMEM. */
int emu_parse_spec(struct emu_ctrl *c, const char *spec, __u32 *nsid,
		   char *err, size_t errlen);

/* admin.c */
int emu_admin_exec(struct emu_ctrl *c, bool vec,
		   const struct nvme_uring_cmd *cmd, __u64 *result);
void emu_log_error(struct emu_ctrl *c, bool admin, __u32 nsid, __u64 lba,
		   int status);

/* feat.c */
void emu_feat_defaults(struct emu_ctrl *c);
int emu_get_features(struct emu_ctrl *c, bool vec,
		     const struct nvme_uring_cmd *cmd, __u64 *result);
int emu_set_features(struct emu_ctrl *c, bool vec,
		     const struct nvme_uring_cmd *cmd, __u64 *result);
__u64 emu_now_ms(void);

/* nvm.c */
int emu_io(struct emu_ctrl *c, bool vec, const struct nvme_uring_cmd *cmd,
	   __u64 *result);

/* copy.c */
int emu_copy(struct emu_ctrl *c, struct emu_ns *ns, bool vec,
	     const struct nvme_uring_cmd *cmd);

/* cache.c */
bool emu_blk_load(const struct emu_ns *ns, __u64 lba, unsigned char *d,
		  unsigned char *m);
void emu_blk_store(struct emu_ctrl *c, struct emu_ns *ns, __u64 lba,
		   const unsigned char *d, const unsigned char *m, bool fua,
		   enum emu_store kind);
int emu_flush_ns(struct emu_ctrl *c, struct emu_ns *ns);
void emu_ns_drop_cache(struct emu_ns *ns);
void emu_ns_dealloc(struct emu_ns *ns, __u64 slba, __u64 nlb);
__u64 emu_ns_nuse(const struct emu_ns *ns);
void emu_zone_state_save(struct emu_ns *ns);

/* prot.c */
void emu_pi_args(const struct emu_ns *ns, const struct nvme_uring_cmd *cmd,
		 __u8 prinfo, struct emu_pi *a);
void emu_pi_gen(const struct emu_ns *ns, const struct emu_pi *a, __u32 i,
		const unsigned char *d, unsigned char *m);
int emu_pi_check(const struct emu_ns *ns, const struct emu_pi *a, __u32 i,
		 const unsigned char *d, const unsigned char *m);
int emu_pi_type1_ilbrt(const struct emu_ns *ns, const struct emu_pi *a,
		       __u64 slba);

#endif /* NGIO_EMU_INT_H */
