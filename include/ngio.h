/* SPDX-License-Identifier: MIT */
/*
 * ngio - NVMe commands over io_uring passthrough (IORING_OP_URING_CMD on the
 * NVMe generic char devices /dev/ngXnY and /dev/nvmeX).
 *
 * Layers, bottom up:
 *   ngio_cmd_*()   fill a struct nvme_uring_cmd; pure, no I/O
 *   ngio_prep_*()  fill an SQE of a SQE128/CQE32 ring, yours or ngio's
 *   ngio_dev_*()   open a namespace or controller, identify, geometry
 *   ngio_queue_*() an SQE128/CQE32 ring with completions decoded
 *   ngio_<cmd>()   synchronous helpers for simple programs
 *
 * Return convention, everywhere: 0 on success, a negative errno on a system
 * error, and for functions that run an NVMe command a positive value is the
 * NVMe status field (SC bits 0-7, SCT 8-10, CRD 11-12, More 13, DNR 14),
 * exactly as the kernel reports it in cqe->res.
 *
 * Use this header instead of <linux/nvme_ioctl.h>: the spec structures and
 * struct nvme_uring_cmd come from libnvme's headers, which conflict with it.
 * Like <liburing.h>, it needs the GNU/POSIX names (-std=gnu11, or
 * _GNU_SOURCE with -std=c11).
 */
#ifndef NGIO_H
#define NGIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>
#include <liburing.h>
#include <nvme/types.h>
#include <nvme/ioctl.h>

#ifdef __cplusplus
extern "C" {
#endif

/* libnvme 1.3's <nvme/ioctl.h> predates the admin uring commands (5.19). */
#ifndef NVME_URING_CMD_ADMIN
#define NVME_URING_CMD_ADMIN	_IOWR('N', 0x82, struct nvme_uring_cmd)
#endif
#ifndef NVME_URING_CMD_ADMIN_VEC
#define NVME_URING_CMD_ADMIN_VEC _IOWR('N', 0x83, struct nvme_uring_cmd)
#endif

#define NGIO_VERSION_MAJOR 0
#define NGIO_VERSION_MINOR 1

/* ------------------------------------------------------------------ */
/* NVMe status decoding (cqe->res > 0)                                  */
/* ------------------------------------------------------------------ */

static inline unsigned ngio_status_sc(int status)
{
	return status & 0xff;
}

static inline unsigned ngio_status_sct(int status)
{
	return (status >> 8) & 0x7;
}

static inline unsigned ngio_status_crd(int status)
{
	return (status >> 11) & 0x3;
}

static inline bool ngio_status_more(int status)
{
	return (status >> 13) & 0x1;
}

static inline bool ngio_status_dnr(int status)
{
	return (status >> 14) & 0x1;
}

/*
 * libnvme's text for an NVMe status's SCT and SC: the name, a colon and an
 * explanation, e.g. "LBA Out of Range: The command references an LBA
 * that ..."; static, never NULL.
 */
const char *ngio_status_name(int status);

/*
 * Format a completion value for people: "LBA Out of Range (SCT 0x0 SC 0x80,
 * DNR)" for an NVMe status, strerror() text for a negative errno, "Success"
 * for 0.  Returns buf.
 */
char *ngio_status_str(int res, char *buf, size_t len);

/*
 * The same by the namespace's command set (csi, enum nvme_csi): a set
 * whose status codes differ from NVM's (Key Value's command specific
 * ones) has its own names; elsewhere as above.
 */
const char *ngio_status_name_csi(int status, __u8 csi);
char *ngio_status_str_csi(int res, __u8 csi, char *buf, size_t len);

/* ------------------------------------------------------------------ */
/* Namespace geometry: what the command builders need to know          */
/* ------------------------------------------------------------------ */

struct ngio_geometry {
	__u32 nsid;		/* 0 when the device is a controller */
	__u32 lba_size;		/* data bytes per logical block */
	__u32 lba_shift;	/* log2(lba_size) */
	__u32 ms;		/* metadata bytes per logical block */
	bool extended;		/* metadata interleaved with data */
	__u8 pi_type;		/* 0 none, 1-3 protection information type */
	__u8 pi_format;		/* guard: NGIO_PI_GUARD16 or NGIO_PI_GUARD64 */
	bool pi_first;		/* PI in the first bytes of metadata, not last */
	__u8 sts;		/* storage tag bits in the reference tag field */
	__u8 csi;		/* command set (enum nvme_csi) */
	__u8 lbaf;		/* index of the LBA format in use */
	__u64 nsze;		/* namespace size in logical blocks */
	__u64 ncap;		/* namespace capacity in logical blocks */
	__u32 max_xfer;		/* bytes one command may move (MDTS, kernel) */
	/*
	 * The kernel maps a buffer page by page and takes at most
	 * max_segments of them in one command (0: no limit), so a buffer
	 * spanning more pages of page_size bytes is refused, however
	 * small max_xfer says the transfer is.
	 */
	__u32 max_segments;
	__u32 page_size;
};

/* Protection information formats (the PIF of the extended LBA format). */
#define NGIO_PI_GUARD16		0	/* 8-byte tuple, CRC16 T10-DIF guard */
#define NGIO_PI_GUARD64		2	/* 16-byte tuple, CRC64 NVMe guard */

/* Fields to check: PRCHK's bits (CDW12 bits 28:26) shifted down by 26. */
#define NGIO_PI_CHECK_GUARD	(1U << 2)
#define NGIO_PI_CHECK_APPTAG	(1U << 1)
#define NGIO_PI_CHECK_REFTAG	(1U << 0)

/* Bytes one logical block occupies in the data buffer. */
static inline __u32 ngio_block_bytes(const struct ngio_geometry *g)
{
	return g->lba_size + (g->extended ? g->ms : 0);
}

/*
 * Whether nlb (>= 1) blocks from slba all lie inside g's namespace: the
 * check of a range before anything is sent, in a form no sum can wrap.
 */
static inline bool ngio_range_ok(const struct ngio_geometry *g, __u64 slba,
				 __u64 nlb)
{
	return nlb && slba < g->nsze && nlb <= g->nsze - slba;
}

/* Bytes of g's PI tuple: 8 (16b guard), 16 (64b guard), 0 without PI
 * or with a guard format ngio does not handle (the 32b guard). */
static inline __u32 ngio_pi_size(const struct ngio_geometry *g)
{
	if (!g->pi_type)
		return 0;
	if (g->pi_format == NGIO_PI_GUARD16)
		return 8;
	return g->pi_format == NGIO_PI_GUARD64 ? 16 : 0;
}

/* ------------------------------------------------------------------ */
/* Command builders: fill a struct nvme_uring_cmd, no I/O              */
/* ------------------------------------------------------------------ */

/* Flags for the commands over an LBA range. */
#define NGIO_RW_FUA		(1U << 0)	/* force unit access */
#define NGIO_RW_LR		(1U << 1)	/* limited retry */
#define NGIO_WZ_DEAC		(1U << 2)	/* write zeroes: deallocate */
#define NGIO_RW_PRACT		(1U << 3)	/* PI: the controller adds/strips */

/* NGIO_RW_PRACT on a format whose metadata is the PI tuple alone: the
 * controller adds or strips it, and no metadata moves. */
static inline bool ngio_pract_strips(const struct ngio_geometry *g,
				     unsigned flags)
{
	return flags & NGIO_RW_PRACT && ngio_pi_size(g) &&
	       g->ms == ngio_pi_size(g);
}

/* Bytes one block occupies in the data buffer of a command built with
 * flags: ngio_block_bytes(), or lba_size where PRACT strips the tuples. */
static inline __u32 ngio_xfer_block_bytes(const struct ngio_geometry *g,
					  unsigned flags)
{
	return ngio_pract_strips(g, flags) ? g->lba_size : ngio_block_bytes(g);
}

/* Every field g's PI type lets the controller (or the host) check: the
 * NGIO_PI_CHECK_* bits, the reference tag not on type 3; 0 without PI. */
static inline unsigned ngio_pi_checks(const struct ngio_geometry *g)
{
	if (!ngio_pi_size(g))
		return 0;
	return NGIO_PI_CHECK_GUARD | NGIO_PI_CHECK_APPTAG |
	       (g->pi_type == NVME_NS_DPS_PI_TYPE3 ? 0 : NGIO_PI_CHECK_REFTAG);
}

/*
 * Command sets: what an I/O opcode is depends on the namespace's command
 * set (g->csi), e.g. 01h is Write in NVM and ZNS but Store in Key Value.
 * ngio_op_kind() tells which command csi's opcode is: NGIO_OP_UNKNOWN
 * for one ngio does not know in that set (or an unknown set).  Flush and
 * the reservation commands belong to every I/O command set; ZNS adds its
 * three to NVM's.
 */
enum ngio_op {
	NGIO_OP_UNKNOWN,
	NGIO_OP_FLUSH,
	NGIO_OP_WRITE,
	NGIO_OP_READ,
	NGIO_OP_WRITE_UNCOR,
	NGIO_OP_COMPARE,
	NGIO_OP_WRITE_ZEROES,
	NGIO_OP_DSM,
	NGIO_OP_VERIFY,
	NGIO_OP_COPY,
	NGIO_OP_RESV_REGISTER,
	NGIO_OP_RESV_REPORT,
	NGIO_OP_RESV_ACQUIRE,
	NGIO_OP_RESV_RELEASE,
	NGIO_OP_ZONE_SEND,	/* ZNS Zone Management Send */
	NGIO_OP_ZONE_RECV,	/* ZNS Zone Management Receive */
	NGIO_OP_APPEND,		/* ZNS Zone Append */
	NGIO_OP_KV_STORE,
	NGIO_OP_KV_RETRIEVE,
	NGIO_OP_KV_LIST,
	NGIO_OP_KV_DELETE,
	NGIO_OP_KV_EXIST,
};
enum ngio_op ngio_op_kind(__u8 csi, __u8 opcode);

/* The commands that move logical blocks (NLB in CDW12, with metadata
 * as the format says): read, write, compare, zone append. */
static inline bool ngio_op_moves_lbas(enum ngio_op k)
{
	return k == NGIO_OP_READ || k == NGIO_OP_WRITE ||
	       k == NGIO_OP_COMPARE || k == NGIO_OP_APPEND;
}

#define NGIO_MAX_NLB		65536U	/* blocks of one command (NLB) */
#define NGIO_MAX_IOVECS		1024	/* UIO_MAXIOV */
#define NGIO_MAX_DSM_RANGES	256
#define NGIO_MAX_COPY_RANGES	256
#define NGIO_MAX_ADMIN_XFER	(1U << 20)

/*
 * On a format with separate metadata (g->ms and not g->extended), a
 * read, write, compare or zone append must carry a metadata buffer
 * (ngio_cmd_metadata): without one the controller would move metadata at
 * bus address 0, so the queue, prep and synchronous layers refuse it with
 * -EINVAL.
 *
 * All builders return 0, or -EINVAL (a malformed argument: zero or too
 * many blocks or ranges, unknown flags, a misaligned buffer, a length
 * that is not whole blocks, over g->max_xfer or g->max_segments, or g
 * naming no namespace) or -EFAULT (a NULL buffer).  They leave LBA ranges
 * and device limits (copy lengths, write zeroes size) to the device, so
 * that such commands get the device's own status.  Buffers must stay
 * valid until the command completes.
 */

/* ---------------------------------------------- NVM command set */

/*
 * Read, write or compare len bytes at slba.  len must be a non-zero
 * multiple of ngio_block_bytes(g), at most g->max_xfer and 65536 blocks,
 * and buf..buf+len may touch at most g->max_segments pages; buf must be
 * 4-byte aligned (the NVMe DMA rule).  flags: NGIO_RW_FUA, NGIO_RW_LR,
 * NGIO_RW_PRACT (protection information action, namespaces with PI
 * only: the controller generates the PI of a write and checks and strips
 * that of a read).  With NGIO_RW_PRACT on a format whose metadata is the
 * PI tuple alone (g->ms == ngio_pi_size(g)) no metadata moves: an
 * extended format's buffer then holds g->lba_size bytes a block, and a
 * separate format takes no metadata buffer.
 */
int ngio_cmd_read(struct nvme_uring_cmd *cmd, const struct ngio_geometry *g,
		  __u64 slba, void *buf, __u32 len, unsigned flags);
int ngio_cmd_write(struct nvme_uring_cmd *cmd, const struct ngio_geometry *g,
		   __u64 slba, const void *buf, __u32 len, unsigned flags);
int ngio_cmd_compare(struct nvme_uring_cmd *cmd,
		     const struct ngio_geometry *g, __u64 slba,
		     const void *buf, __u32 len, unsigned flags);

/*
 * Vectored read and write: send with NVME_URING_CMD_IO_VEC.  The iovec
 * array (at most NGIO_MAX_IOVECS) must stay valid until completion: the
 * kernel reads it when it issues the command, which with SQPOLL or a
 * retry from an io-wq worker comes after io_uring_submit() returns.
 */
int ngio_cmd_readv(struct nvme_uring_cmd *cmd, const struct ngio_geometry *g,
		   __u64 slba, const struct iovec *iov, unsigned iovcnt,
		   unsigned flags);
int ngio_cmd_writev(struct nvme_uring_cmd *cmd,
		    const struct ngio_geometry *g, __u64 slba,
		    const struct iovec *iov, unsigned iovcnt, unsigned flags);

/* nlb blocks (1-65536) at slba; no data moves.  Verify takes NGIO_RW_FUA
 * and NGIO_RW_LR, write zeroes NGIO_RW_PRACT and NGIO_WZ_DEAC too. */
int ngio_cmd_write_zeroes(struct nvme_uring_cmd *cmd,
			  const struct ngio_geometry *g, __u64 slba,
			  __u32 nlb, unsigned flags);
int ngio_cmd_write_uncor(struct nvme_uring_cmd *cmd,
			 const struct ngio_geometry *g, __u64 slba,
			 __u32 nlb);
int ngio_cmd_verify(struct nvme_uring_cmd *cmd, const struct ngio_geometry *g,
		    __u64 slba, __u32 nlb, unsigned flags);
int ngio_cmd_flush(struct nvme_uring_cmd *cmd, const struct ngio_geometry *g);

/*
 * Dataset management over nr (1-256) ranges; attrs: NVME_DSMGMT_IDR,
 * NVME_DSMGMT_IDW, NVME_DSMGMT_AD (deallocate).  ngio_dsm_range() fills one
 * range (nlb counts blocks, 1-based; cattr the context attributes).
 */
void ngio_dsm_range(struct nvme_dsm_range *r, __u64 slba, __u32 nlb,
		    __u32 cattr);
int ngio_cmd_dsm(struct nvme_uring_cmd *cmd, const struct ngio_geometry *g,
		 const struct nvme_dsm_range *ranges, unsigned nr,
		 unsigned attrs);

/*
 * Copy nr (1-256) source ranges (descriptor format 0) to sdlba, within
 * the namespace.  ngio_copy_range() fills one range: nlb blocks (1-65536)
 * at slba; it returns -EINVAL for a bad nlb.
 */
int ngio_copy_range(struct nvme_copy_range *r, __u64 slba, __u32 nlb);
int ngio_cmd_copy(struct nvme_uring_cmd *cmd, const struct ngio_geometry *g,
		  __u64 sdlba, const struct nvme_copy_range *ranges,
		  unsigned nr, unsigned flags);

/*
 * Attach a separate metadata buffer to a read, write, compare or zone
 * append built here: md_len must cover NLB x g->ms bytes.  -EINVAL when
 * the format has no metadata, or interleaves it with the data (extended
 * LBA), or when NGIO_RW_PRACT leaves no metadata to move.
 */
int ngio_cmd_metadata(struct nvme_uring_cmd *cmd,
		      const struct ngio_geometry *g, void *md, __u32 md_len);

/*
 * End-to-end protection of a read, write, compare, verify, write zeroes
 * or zone append built here (or by ngio_prep_*() in an SQE): the fields
 * the controller checks (check: NGIO_PI_CHECK_GUARD, _APPTAG, _REFTAG,
 * the PRCHK bits), the first block's reference tag (ILBRT; with the 64b
 * guard 48 bits, the upper 16 in CDW3), the application tag and its mask
 * (LBAT, LBATM).  NGIO_RW_PRACT is a builder flag; with it alone,
 * types 1 and 2 seed the reference tags from the LBA.  Refused with -EINVAL
 * before anything is sent: a namespace without PI, a storage tag format
 * (g->sts), another opcode, checks on write zeroes, unknown check bits, a
 * reference tag wider than the format's, a reference tag check on type 3
 * (which has none), and on type 1 a checked reference tag other than the
 * starting LBA's low bits (ngio_pi_reftag()).  t NULL: all tags zero.
 */
/* What the tuples of an I/O should hold / be checked against. */
struct ngio_pi_tags {
	__u64 reftag;		/* first block's reference tag (ILBRT / EILBRT) */
	__u16 apptag;		/* application tag */
	__u16 apptag_mask;	/* bits of apptag checked (LBATM) */
};
int ngio_cmd_pi(struct nvme_uring_cmd *cmd, const struct ngio_geometry *g,
		unsigned check, const struct ngio_pi_tags *t);

/* The reference tag type 1 requires of a command at slba (types 1 and 2
 * count from it by default): its low 32 bits, 48 with the 64b guard. */
static inline __u64 ngio_pi_reftag(const struct ngio_geometry *g, __u64 slba)
{
	return slba & (g->pi_format == NGIO_PI_GUARD64 ? 0xffffffffffffULL :
						       0xffffffffULL);
}

/*
 * Transfer splitting: a range of nlb blocks at slba, with its data
 * buffer (NULL for commands that move none, such as verify), its
 * separate metadata buffer (md, nlb x g->ms bytes, only on a format
 * keeping metadata apart and not stripped by NGIO_RW_PRACT in flags) and
 * its PI tags (tags: the first block's; NULL for none), cut into
 * commands that each fit: at most max_nlb blocks (0 or more than
 * NGIO_MAX_NLB: NGIO_MAX_NLB) and, with data, at most g->max_xfer bytes
 * touching at most g->max_segments pages from where the chunk starts in
 * its page.  Each chunk's reference tag counts on from tags->reftag by
 * the blocks before it (types 1 and 2, wrapping at the format's width;
 * type 3 keeps it), the application tag and mask as given.
 *
 * ngio_split_init() checks everything before the first chunk: 0, -EFAULT
 * (s, g or x NULL), -EINVAL (g naming no namespace, nlb 0, unknown
 * flags, PRACT or tags without PI, a reference tag wider than the
 * format's, a buffer not 4-byte aligned, md with no data or on a format
 * that takes none, data on a separate metadata format without md) or
 * -ERANGE (the range not inside the namespace, ngio_range_ok()).
 * ngio_split_next() fills *c with the next chunk and returns 1, 0 after
 * the last, or -EINVAL where not one block fits the segment limit.
 */
struct ngio_xfer {
	__u64 slba;
	__u64 nlb;
	void *data;
	void *md;
	unsigned flags;			/* NGIO_RW_*: PRACT sizes the blocks */
	const struct ngio_pi_tags *tags;
	__u32 max_nlb;
};

struct ngio_chunk {
	__u64 off;			/* blocks of the range before it */
	__u64 slba;
	__u32 nlb;
	void *data;			/* NULL, 0 without data */
	__u32 data_len;
	void *md;			/* NULL, 0 without metadata */
	__u32 md_len;
	struct ngio_pi_tags tags;	/* its first block's; 0 without */
};

/* An iterator's state: ngio_split_init() fills it, opaque otherwise. */
struct ngio_split {
	const struct ngio_geometry *g;
	__u64 slba, nlb, off;
	char *data, *md;
	__u32 bb, mb, max_nlb;
	bool has_tags;
	struct ngio_pi_tags tags;
};

int ngio_split_init(struct ngio_split *s, const struct ngio_geometry *g,
		    const struct ngio_xfer *x);
int ngio_split_next(struct ngio_split *s, struct ngio_chunk *c);

/* -------------------------------------------------- Admin commands */

/*
 * Identify (admin): cns selects the structure (NVME_IDENTIFY_CNS_*), nsid,
 * cntid and csi as the CNS value needs.  buf receives len bytes (at most
 * NVME_IDENTIFY_DATA_SIZE, 4096).
 */
int ngio_cmd_identify(struct nvme_uring_cmd *cmd, __u8 cns, __u32 nsid,
		      __u16 cntid, __u8 csi, void *buf, __u32 len);

/* Get Log Page arguments beyond the buffer. */
struct ngio_log_args {
	__u8 lid;	/* log page identifier (enum nvme_cmd_get_log_lid) */
	__u8 lsp;	/* log specific field, 7 bits */
	__u16 lsi;	/* log specific identifier */
	__u32 nsid;	/* NVME_NSID_ALL for controller-wide pages */
	__u64 offset;	/* byte offset into the page, dword aligned */
	bool rae;	/* retain asynchronous event */
	__u8 csi;	/* command set of command-set-specific pages */
	__u8 uuidx;	/* UUID index, 7 bits */
};

/* Get Log Page: len bytes (a multiple of 4, at most 1 MiB). */
int ngio_cmd_get_log(struct nvme_uring_cmd *cmd,
		     const struct ngio_log_args *a, void *buf, __u32 len);

/*
 * Get and Set Features: fid (enum nvme_features_id), sel (get: 0 current,
 * 1 default, 2 saved, 3 supported capabilities), save (set: SV), the
 * feature's dwords, and an optional data buffer (NULL and 0 for none).
 * The value comes back as the command result.
 */
int ngio_cmd_get_features(struct nvme_uring_cmd *cmd, __u8 fid, __u32 nsid,
			  __u8 sel, __u32 cdw11, void *buf, __u32 len);
int ngio_cmd_set_features(struct nvme_uring_cmd *cmd, __u8 fid, __u32 nsid,
			  __u32 cdw11, __u32 cdw12, bool save, void *buf,
			  __u32 len);

/* ---------------------------------------------- ZNS command set */

/*
 * Zoned namespaces (ZNS command set).  Zone Management Send performs zsa
 * (enum nvme_zns_send_action: NVME_ZNS_ZSA_CLOSE, _FINISH, _OPEN, _RESET,
 * _OFFLINE, _SET_DESC_EXT, _ZRWA_FLUSH) on the zone that starts at slba,
 * or with NGIO_ZONE_ALL on every zone the action applies to (slba
 * ignored; not for SET_DESC_EXT or ZRWA_FLUSH).  SET_DESC_EXT sends len
 * bytes of buf, the zone's descriptor extension (len a non-zero multiple
 * of 64); the other actions move no data (buf NULL, len 0).  For
 * ZRWA_FLUSH slba is the last LBA to commit.  NGIO_ZONE_ZRWA with OPEN
 * of one zone (not NGIO_ZONE_ALL) allocates a zone random write area.
 */
#define NGIO_ZONE_ALL		(1U << 0)	/* select all */
#define NGIO_ZONE_ZRWA		(1U << 1)	/* open: allocate a ZRWA */
int ngio_cmd_zone_mgmt_send(struct nvme_uring_cmd *cmd,
			    const struct ngio_geometry *g, __u64 slba,
			    enum nvme_zns_send_action zsa, unsigned flags,
			    void *buf, __u32 len);

/*
 * Zone Management Receive: a report of the zones from the one holding
 * slba on, into len bytes of buf (a multiple of 4, at least the 64-byte
 * header, which alone counts the zones in a state).  state (enum nvme_zns_report_options)
 * filters by zone state; NGIO_ZONE_PARTIAL makes the header count only
 * the zones that fit in buf (else every matching zone from slba on);
 * NGIO_ZONE_EXT asks for extended descriptors (each followed by its
 * descriptor extension of ngio_zoned.zde_size bytes).
 */
#define NGIO_ZONE_PARTIAL	(1U << 2)
#define NGIO_ZONE_EXT		(1U << 3)
int ngio_cmd_zone_mgmt_recv(struct nvme_uring_cmd *cmd,
			    const struct ngio_geometry *g, __u64 slba,
			    enum nvme_zns_report_options state, unsigned flags,
			    void *buf, __u32 len);

/*
 * Zone Append: len bytes (whole blocks, at most the zone append size
 * limit, ngio_zoned.zasl) to the zone that starts at zslba.  The device
 * picks the LBA and returns it as the command result (ngio_cqe_result(),
 * struct ngio_cqe's result).  flags: NGIO_RW_FUA, NGIO_RW_LR.
 */
int ngio_cmd_zone_append(struct nvme_uring_cmd *cmd,
			 const struct ngio_geometry *g, __u64 zslba,
			 const void *buf, __u32 len, unsigned flags);

/* ------------------------------------------------------------------ */
/* Devices                                                              */
/* ------------------------------------------------------------------ */

struct ngio_dev;

/*
 * Open an NVMe namespace or controller.  path may be a namespace generic
 * char device (/dev/ng0n1), its block device (/dev/nvme0n1, mapped to the
 * ng node; also through a symlink such as /dev/disk/by-id/nvme-...), a
 * controller char device (/dev/nvme0, admin only), or a namespace by
 * controller and NSID, "nvme0:3" or "/dev/nvme0:3" (node numbers follow
 * the order Linux's scan finished in, so /dev/ng0n1 need not be NSID 1).
 * The controller and namespace are identified, and the kernel's
 * capabilities probed, before this returns.  Without write permission on
 * the node the device is opened read-only (Linux 6.2+ lets such users
 * read).  flags must be 0.
 *
 * Errors: -ENOENT and other errno from stat/open as they are (-EACCES and
 * -EPERM mean permission is missing, not support); -ENOTTY when path is
 * not an NVMe device (a regular file, /dev/null, another driver's disk);
 * for "nvmeC:NSID", -EINVAL when malformed, -ENODEV when there is no
 * controller nvmeC, -ENOENT when it has no namespace NSID; a positive
 * NVMe status if identify failed.
 */
int ngio_dev_open(const char *path, unsigned flags, struct ngio_dev **devp);
/*
 * Whether name is a namespace by controller and NSID: "nvmeC:NSID" or
 * "/dev/nvmeC:NSID", both numbers decimal without a leading zero, NSID
 * from 1 to 0xfffffffe.  1 and *ctrl, *nsid set (either may be NULL); 0
 * when name is not of that form (a path); -EINVAL when it starts as one
 * ("nvme...:") but is malformed.  Pure syntax: nothing is looked up.
 */
int ngio_dev_parse_name(const char *name, unsigned *ctrl, __u32 *nsid);
/*
 * Whether name is a well-formed "emu:" name (ngio-emu(7)): 0, or -EINVAL
 * with a one-line reason in why (len bytes).  Nothing is made and no
 * file is opened: what ngio_dev_open() refuses of a valid name (a file
 * made with other parameters, say) it does not know.
 */
int ngio_emu_check(const char *name, char *why, size_t len);
void ngio_dev_close(struct ngio_dev *dev);

/* File descriptors: the ng node (-1 for a controller) and the controller. */
int ngio_dev_fd(const struct ngio_dev *dev);
int ngio_dev_ctrl_fd(const struct ngio_dev *dev);
bool ngio_dev_is_ns(const struct ngio_dev *dev);
const struct ngio_geometry *ngio_dev_geometry(const struct ngio_dev *dev);
/* Paths of the ng node (NULL for a controller), block node (NULL if the
 * kernel made none), and controller char device. */
const char *ngio_dev_ng_path(const struct ngio_dev *dev);
const char *ngio_dev_blk_path(const struct ngio_dev *dev);
const char *ngio_dev_ctrl_path(const struct ngio_dev *dev);
/* Identify data read at open (id_ns is all zero for a controller). */
const struct nvme_id_ctrl *ngio_dev_id_ctrl(const struct ngio_dev *dev);
const struct nvme_id_ns *ngio_dev_id_ns(const struct ngio_dev *dev);

/* What the kernel and the controller offer, probed once at open. */
enum ngio_cap {
	NGIO_CAP_URING_CMD,	/* io_uring passthrough (Linux 5.19+) */
	NGIO_CAP_IOPOLL,	/* polled completions: needs nvme poll queues */
	NGIO_CAP_FIXED_BUFS,	/* registered buffers (Linux 6.1+) */
	NGIO_CAP_VEC_FIXED,	/* vectored I/O with registered buffers */
	NGIO_CAP_WRITE,		/* opened read-write */
	/* Optional NVM commands the controller supports (ONCS). */
	NGIO_CAP_COMPARE,
	NGIO_CAP_WRITE_UNCOR,
	NGIO_CAP_DSM,
	NGIO_CAP_WRITE_ZEROES,
	NGIO_CAP_VERIFY,
	NGIO_CAP_COPY,
	/*
	 * Zone management and other commands without data on an IOPOLL
	 * queue: Linux 6.5+ polls them safely (6.1-6.4 can crash).
	 */
	NGIO_CAP_POLL_ZONE,
	/* Passthrough without CAP_SYS_ADMIN, within the kernel's rules
	 * (Linux 6.2+; see ngio_dev_has(3)). */
	NGIO_CAP_UNPRIV,
	NGIO_CAP_HYBRID_IOPOLL,	/* hybrid IOPOLL of passthrough (6.15+) */
	NGIO_CAP_ADMIN_IOPOLL,	/* admin commands on an IOPOLL queue (7.1+) */
	NGIO_CAP_BLOCK_DISCARD,	/* block engine DSM: BLOCK_URING_CMD_DISCARD
				 * (Linux 6.12+) */
	NGIO_CAP_BLOCK_PI,	/* block engine PI: io_uring PI attributes
				 * (Linux 6.14+) on a PI format */
	NGIO_CAP_NR,
};

/*
 * Whether dev has cap; when it does not and why is not NULL, *why says so
 * in words ("no poll queues: load nvme with poll_queues=N", ...).
 */
bool ngio_dev_has(const struct ngio_dev *dev, enum ngio_cap cap,
		  const char **why);

/*
 * Why Linux would refuse cmd (to the controller with admin true, else to
 * dev's namespace) with -EACCES: which of its passthrough rules for users
 * without CAP_SYS_ADMIN (Linux 6.2+; before, no passthrough at all) or
 * for everyone it breaks, as a sentence ("admin command Get Log Page:
 * only root (CAP_SYS_ADMIN) may send it; ..."), valid until the next call
 * in the same thread.  NULL when the rules let cmd through.  The effects
 * log needs CAP_SYS_ADMIN to read, so for an I/O command that passes the
 * other rules the sentence says what the log decides.  dev may be NULL
 * (not opened: the node taken as writable).  See ngio_why_denied(3).
 */
const char *ngio_why_denied(const struct ngio_dev *dev,
			    const struct nvme_uring_cmd *cmd, bool admin);

/* ------------------------------------------------------------------ */
/* SQE preparation, for ngio's queue or a ring you own                 */
/* ------------------------------------------------------------------ */

/* How a command goes out. */
#define NGIO_CMD_ADMIN		(1U << 0)	/* to the controller */
#define NGIO_CMD_VEC		(1U << 1)	/* addr is an iovec array */

/*
 * Make sqe an IORING_OP_URING_CMD carrying cmd to fd.  The ring must have
 * been set up with IORING_SETUP_SQE128 | IORING_SETUP_CQE32.  cmd_op is
 * NVME_URING_CMD_IO (namespace fd) or NVME_URING_CMD_ADMIN (controller fd).
 * sqe->user_data is left for the caller.
 */
void ngio_prep_uring_cmd(struct io_uring_sqe *sqe, int fd, __u32 cmd_op,
			 const struct nvme_uring_cmd *cmd);

/*
 * Make sqe carry cmd to dev: the namespace, or with NGIO_CMD_ADMIN the
 * controller; NGIO_CMD_VEC for an iovec command.  buf_index >= 0 names a
 * buffer registered with the ring (IORING_URING_CMD_FIXED): cmd's buffer
 * must lie inside it.  Returns 0 or -EINVAL (no namespace for an I/O
 * command); on error the SQE is made a NOP, since liburing cannot take
 * an SQE back.
 */
int ngio_prep_cmd(struct io_uring_sqe *sqe, const struct ngio_dev *dev,
		  const struct nvme_uring_cmd *cmd, unsigned cmd_flags,
		  int buf_index);

/* Read and write on dev's namespace; arguments and errors as ngio_cmd_*,
 * and as ngio_prep_cmd an error leaves a NOP. */
int ngio_prep_read(struct io_uring_sqe *sqe, const struct ngio_dev *dev,
		   __u64 slba, void *buf, __u32 len, unsigned flags);
int ngio_prep_write(struct io_uring_sqe *sqe, const struct ngio_dev *dev,
		    __u64 slba, const void *buf, __u32 len, unsigned flags);

/* The 64-bit command result of a CQE32 completion (Dword 0 and 1). */
static inline __u64 ngio_cqe_result(const struct io_uring_cqe *cqe)
{
	return cqe->big_cqe[0];
}

/* ------------------------------------------------------------------ */
/* Queues                                                               */
/* ------------------------------------------------------------------ */

struct ngio_queue;
struct ngio_qdev;

/* How a queue's commands reach the device. */
enum ngio_engine {
	NGIO_ENGINE_AUTO,	/* pt where the kernel has it, else ioctl */
	NGIO_ENGINE_PT,		/* io_uring passthrough on /dev/ngXnY */
	NGIO_ENGINE_IOCTL,	/* synchronous NVME_IOCTL_IO64_CMD / ADMIN64 */
	NGIO_ENGINE_BLOCK,	/* io_uring read/write, O_DIRECT, block node */
	NGIO_ENGINE_EMU,	/* the in-process emulated controller of an
				 * "emu:" device (ngio-emu(7)) */
};

/* Queue set-up flags. */
#define NGIO_Q_IOPOLL		(1U << 0)	/* poll for completions */
#define NGIO_Q_SQPOLL		(1U << 1)	/* kernel thread submits */
#define NGIO_Q_SQ_AFF		(1U << 2)	/* pin it to sq_thread_cpu */
#define NGIO_Q_SINGLE_ISSUER	(1U << 3)	/* one task submits */
#define NGIO_Q_DEFER_TASKRUN	(1U << 4)	/* + SINGLE_ISSUER */
#define NGIO_Q_COOP_TASKRUN	(1U << 5)
#define NGIO_Q_STRICT		(1U << 6)	/* refuse, not drop, flags
						 * the kernel lacks */
#define NGIO_Q_HYBRID_IOPOLL	(1U << 7)	/* + IOPOLL: sleep, then poll
						 * (Linux 6.13+) */

struct ngio_queue_params {
	unsigned depth;			/* commands in flight at most */
	unsigned flags;			/* NGIO_Q_* */
	enum ngio_engine engine;
	unsigned sq_thread_cpu;		/* NGIO_Q_SQ_AFF */
	unsigned sq_thread_idle;	/* ms before the SQPOLL thread sleeps */
};

/* A completion: res is 0, -errno or an NVMe status; result is CQE32's. */
struct ngio_cqe {
	__u64 user_data;
	__u64 result;
	__s32 res;
};

/*
 * Set up a queue.  The tuning flags DEFER_TASKRUN, SINGLE_ISSUER and
 * COOP_TASKRUN are dropped when the kernel refuses them, unless
 * NGIO_Q_STRICT; IOPOLL and SQPOLL never are.  ngio_queue_flags() tells
 * what was granted.  Errors: -EINVAL (bad params), -ENOMEM, and the
 * kernel's for the ring (-EPERM: io_uring disabled or SQPOLL not allowed).
 */
int ngio_queue_init_params(struct ngio_queue **qp,
			   const struct ngio_queue_params *p);
/* The same with default engine and no tuning: flags are NGIO_Q_*. */
int ngio_queue_init(struct ngio_queue **qp, unsigned depth, unsigned flags);
void ngio_queue_exit(struct ngio_queue *q);
unsigned ngio_queue_flags(const struct ngio_queue *q);
enum ngio_engine ngio_queue_engine(const struct ngio_queue *q);
/* The ring itself (NULL for the ioctl engine), for io_uring_register_*(). */
struct io_uring *ngio_queue_ring(struct ngio_queue *q);

/*
 * Add dev to q: any number of devices may share a queue.  Its files are
 * registered with the ring where the kernel allows (fewer lookups per
 * I/O); the block engine opens the block node O_DIRECT here.  The handle
 * lives until ngio_queue_exit().  Errors: -EOPNOTSUPP when the engine
 * cannot serve dev (pt without uring_cmd, IOPOLL without poll queues,
 * block without a block node), -ENOSPC (too many devices), -errno.
 */
int ngio_queue_add_dev(struct ngio_queue *q, struct ngio_dev *dev,
		       struct ngio_qdev **qdp);
const struct ngio_geometry *ngio_qdev_geometry(const struct ngio_qdev *qd);

/*
 * Queue a command built with ngio_cmd_*() (copied; its buffers must live
 * until completion) for qd, to be sent by the next ngio_queue_submit() or
 * ngio_queue_reap().  cmd_flags: NGIO_CMD_ADMIN, NGIO_CMD_VEC; buf_index
 * >= 0 for a registered buffer.  Returns 0, or without queueing anything
 * -EBUSY (depth commands in flight), -EINVAL, -EOPNOTSUPP (the engine or
 * the kernel cannot: an admin command on an IOPOLL queue before Linux
 * 7.1, on the block engine anything but read, write and DSM deallocate,
 * vectored with registered buffers before the kernel had it).  The ioctl engine runs the command right here.
 */
int ngio_queue_cmd(struct ngio_qdev *qd, const struct nvme_uring_cmd *cmd,
		   unsigned cmd_flags, int buf_index, __u64 user_data);

/* Read and write: ngio_cmd_read/write + ngio_queue_cmd in one step. */
int ngio_queue_read(struct ngio_qdev *qd, __u64 slba, void *buf, __u32 len,
		    unsigned rw_flags, int buf_index, __u64 user_data);
int ngio_queue_write(struct ngio_qdev *qd, __u64 slba, const void *buf,
		     __u32 len, unsigned rw_flags, int buf_index,
		     __u64 user_data);

/*
 * The next free SQE of q's ring, for ngio_prep_*() or any io_uring
 * command of your own; NULL when depth commands are in flight, or for the
 * ioctl and block engines.  It counts as in flight until reaped.
 */
struct io_uring_sqe *ngio_queue_get_sqe(struct ngio_queue *q);

/* Submit what was queued; returns the number submitted or -errno. */
int ngio_queue_submit(struct ngio_queue *q);

/*
 * Copy up to max completions into cqes, first submitting what is queued
 * and waiting until at least wait_nr are available (0: never block).
 * Returns the number copied, at least wait_nr unless a signal cut the
 * wait short (then what had arrived, or -EINTR if nothing had), or -errno
 * (-EINVAL if wait_nr exceeds max or what is in flight).  It enters the
 * kernel once in the usual case, and not at all when the completions are
 * already there and nothing needs submitting (or SQPOLL submits).
 */
int ngio_queue_reap(struct ngio_queue *q, struct ngio_cqe *cqes,
		    unsigned max, unsigned wait_nr);

/*
 * Completion callbacks: queue commands with user_data set to a struct
 * ngio_req * (embed it in your own request) and let ngio_queue_run() call
 * each one's done() as it completes, after waiting for at least wait_nr.
 * Returns the number of callbacks run or -errno.  Use either this or
 * ngio_queue_reap() on a queue, not both.
 */
struct ngio_req {
	void (*done)(struct ngio_req *req, const struct ngio_cqe *cqe);
};
int ngio_queue_run(struct ngio_queue *q, unsigned wait_nr);

/* Commands queued or in flight. */
unsigned ngio_queue_inflight(const struct ngio_queue *q);

/*
 * Counters since the queue was set up, for benchmarks: commands submitted
 * (SQEs: a DSM of N ranges on the block engine is N discards) and
 * completions reaped, and system calls made for them (io_uring_enter,
 * or an ioctl per command on the ioctl engine; with SQPOLL only those that
 * woke the kernel thread or waited).
 */
struct ngio_queue_stats {
	__u64 submitted;
	__u64 completed;
	__u64 enters;
};
void ngio_queue_stats(const struct ngio_queue *q,
		      struct ngio_queue_stats *st);

/*
 * Registered buffers (IORING_URING_CMD_FIXED): the kernel pins them once
 * instead of on every I/O.  ngio_buf_register() registers the caller's
 * memory, ngio_buf_alloc() page-aligned memory ngio owns (freed when
 * unregistered or at exit).  Both return the buffer index for
 * ngio_queue_cmd() and friends, or -ENOSPC (NGIO_MAX_BUFS in use),
 * -EOPNOTSUPP (engine or kernel without them), -errno.
 *
 * Register one buffer per I/O slot rather than one large region: Linux
 * 6.1 counts a registered buffer's pages from the I/O's address to the
 * buffer's end against the device's max_segments (127 pages on many
 * drives), so passthrough I/O early in a larger buffer fails -EINVAL.
 */
#define NGIO_MAX_BUFS	1024
int ngio_buf_register(struct ngio_queue *q, void *buf, size_t len);
int ngio_buf_alloc(struct ngio_queue *q, size_t len, void **bufp);
int ngio_buf_unregister(struct ngio_queue *q, int index);

/* ------------------------------------------------------------------ */
/* Synchronous helpers (on the device's own small queue)               */
/* ------------------------------------------------------------------ */

/*
 * The engine the synchronous helpers use: passthrough by default (ioctl
 * where the kernel lacks it).  ngio_dev_set_engine() switches, e.g. to
 * compare paths; on error (-EOPNOTSUPP: the engine cannot serve dev) the
 * old engine stays.  The block engine reads and writes (with PI from
 * Linux 6.14) and deallocates (DSM, from 6.12), nothing else.
 */
int ngio_dev_set_engine(struct ngio_dev *dev, enum ngio_engine engine);
enum ngio_engine ngio_dev_engine(const struct ngio_dev *dev);

/*
 * Run one command to completion: to the namespace, or with admin true to
 * the controller.  *result (if not NULL) gets the command result.
 * Returns 0, -errno, or the NVMe status.
 */
int ngio_submit_sync(struct ngio_dev *dev, bool admin,
		     const struct nvme_uring_cmd *cmd, __u64 *result);

int ngio_identify(struct ngio_dev *dev, __u8 cns, __u32 nsid, __u8 csi,
		  void *buf, __u32 len);
int ngio_get_log(struct ngio_dev *dev, const struct ngio_log_args *a,
		 void *buf, __u32 len);
int ngio_get_features(struct ngio_dev *dev, __u8 fid, __u32 nsid, __u8 sel,
		      __u32 cdw11, void *buf, __u32 len, __u32 *value);
int ngio_set_features(struct ngio_dev *dev, __u8 fid, __u32 nsid,
		      __u32 cdw11, __u32 cdw12, bool save, void *buf,
		      __u32 len, __u32 *value);
int ngio_flush(struct ngio_dev *dev);

/*
 * Read, write or compare len bytes at slba, split into commands that fit
 * max_xfer and max_segments.  A range that is not inside the namespace
 * (ngio_range_ok()) is refused with -ERANGE before anything is sent.
 * Larger than one command, a write is not atomic.  -EINVAL on a format
 * with separate metadata (g->ms, not extended): use ngio_cmd_*() with
 * ngio_cmd_metadata() there.
 */
int ngio_read(struct ngio_dev *dev, __u64 slba, void *buf, size_t len,
	      unsigned flags);
int ngio_write(struct ngio_dev *dev, __u64 slba, const void *buf, size_t len,
	       unsigned flags);
int ngio_compare(struct ngio_dev *dev, __u64 slba, const void *buf,
		 size_t len, unsigned flags);
/*
 * Any of the three by opcode (nvme_cmd_read, _write, _compare), saying in
 * *done (may be NULL) how many bytes the commands before a failing one
 * moved: what a failed split write left on the device.
 */
int ngio_rw(struct ngio_dev *dev, __u8 opcode, __u64 slba, void *buf,
	    size_t len, unsigned flags, size_t *done);

/*
 * The same with separate metadata and PI: x's range split as
 * ngio_split_init() says (its errors too, before anything is sent), each
 * command given its part of x->md (ngio_cmd_metadata()) and, with
 * x->tags, its tags and the check bits (ngio_cmd_pi(): NGIO_PI_CHECK_*).
 * *done (may be NULL) gets the blocks the commands before a failing one
 * moved.  -EINVAL also for an opcode other than read, write and compare
 * in the namespace's command set (on Key Value, 01h and 02h are Store
 * and Retrieve), -EFAULT for no data.
 */
int ngio_rw_ext(struct ngio_dev *dev, __u8 opcode, const struct ngio_xfer *x,
		unsigned check, __u64 *done);

/* ------------------------------------------------------------------ */
/* Zoned namespaces                                                     */
/* ------------------------------------------------------------------ */

/* A zoned namespace's limits, read at open from its ZNS identify data. */
struct ngio_zoned {
	__u64 zone_size;	/* blocks per zone (ZSZE of the format) */
	__u64 nr_zones;		/* zones in the namespace */
	__u32 max_open;		/* open zones at once, 0: no limit */
	__u32 max_active;	/* open or closed zones at once, 0: no limit */
	__u32 zde_size;		/* bytes of descriptor extension, 0: none */
	__u32 zasl;		/* bytes one zone append may move */
	bool variable_cap;	/* zone capacity may change on reset */
	bool zrwa;		/* zone random write areas supported */
	__u32 zrwa_size;	/* blocks in a ZRWA (ZRWAS) */
	__u32 zrwa_flush;	/* flush granularity, blocks (ZRWAFG) */
	bool zrwa_explicit_flush;	/* ZRWA Flush action supported */
};

/* dev's zone limits; NULL unless dev is a zoned namespace. */
const struct ngio_zoned *ngio_dev_zoned(const struct ngio_dev *dev);

/* One zone, decoded from a report's descriptor. */
struct ngio_zone {
	__u64 start;		/* first LBA (ZSLBA) */
	__u64 cap;		/* writable blocks from start (ZCAP) */
	__u64 wp;		/* write pointer */
	__u8 state;		/* enum nvme_zns_zs, e.g. NVME_ZNS_ZS_EMPTY */
	__u8 type;		/* enum nvme_zns_zt: NVME_ZONE_TYPE_SEQWRITE_REQ */
	__u8 attrs;		/* zone attributes, enum nvme_zns_za bits */
	__u8 attrs_info;	/* zone attributes information */
};

/* Decode descriptor d of a report (little-endian on the wire). */
void ngio_zone_decode(const struct nvme_zns_desc *d, struct ngio_zone *z);

/* The zone state's name as nvme-cli prints it: "EMPTY", "IMP_OPENED",
 * "EXP_OPENED", "CLOSED", "READONLY", "FULL", "OFFLINE"; else
 * "Unknown State". */
const char *ngio_zone_state_name(__u8 state);

/*
 * Report zones (synchronous): up to max zones, from the one holding slba
 * on, in state (NVME_ZNS_ZRAS_REPORT_ALL for every zone), into zones;
 * *nr gets how many.  As many commands as the count needs are sent (each
 * a partial report within the transfer limit), so there is no cap on the
 * zones one call reports.  Returns 0, -errno (-EINVAL: dev not zoned) or
 * the NVMe status.
 */
int ngio_zone_report(struct ngio_dev *dev, __u64 slba,
		     enum nvme_zns_report_options state,
		     struct ngio_zone *zones, unsigned max, unsigned *nr);

/*
 * The same with extended descriptors: ext gets max x zde_size bytes,
 * zone i's descriptor extension at i x zde_size (meaningful where its
 * attrs have NVME_ZNS_ZA_ZDEV).  -EINVAL on a namespace without
 * descriptor extensions (ngio_zoned.zde_size 0).
 */
int ngio_zone_report_ext(struct ngio_dev *dev, __u64 slba,
			 enum nvme_zns_report_options state,
			 struct ngio_zone *zones, void *ext, unsigned max,
			 unsigned *nr);

/* Zone Management Send (synchronous), as ngio_cmd_zone_mgmt_send(). */
int ngio_zone_mgmt(struct ngio_dev *dev, __u64 slba,
		   enum nvme_zns_send_action zsa, unsigned flags, void *buf,
		   __u32 len);

/*
 * Write pointers for sequential writers: a table of every zone's write
 * pointer and capacity, loaded from a report, advanced by the writer as
 * it queues writes, so that many zones can be written at once without a
 * report per write.  ngio_wp_reserve() hands out nlb blocks at zone
 * index's write pointer and advances it: 0 and *slba, or -ENOSPC when
 * they do not fit in the zone's capacity (finish or reset it), -EINVAL
 * for a bad zone or nlb.  Zone appends reserve their blocks the same way
 * before they are queued; ngio_wp_appended() then checks the LBA one
 * returned: 0 when lba..lba+nlb-1 lies inside zone index, below its
 * reserved write pointer, and overlaps no block an earlier append
 * returned (it records them), else -ERANGE.  ngio_wp_reset() sets a zone back
 * to empty after a reset, ngio_wp_load() reloads every zone from the
 * device.  Not thread-safe: one table per writer thread, or a lock;
 * ngio_wp_new() and ngio_wp_load() report zones on dev's synchronous
 * queue, so serialize them with other synchronous calls on dev.
 */
struct ngio_wp;
int ngio_wp_new(struct ngio_dev *dev, struct ngio_wp **wpp);
void ngio_wp_free(struct ngio_wp *wp);
int ngio_wp_load(struct ngio_wp *wp);
int ngio_wp_reserve(struct ngio_wp *wp, __u64 index, __u32 nlb,
		    __u64 *slba);
int ngio_wp_appended(struct ngio_wp *wp, __u64 index, __u64 lba,
		     __u32 nlb);
void ngio_wp_reset(struct ngio_wp *wp, __u64 index);
/* Zone index's state as the table knows it: its start, write pointer,
 * capacity (ngio_zone fields), or -EINVAL. */
int ngio_wp_zone(const struct ngio_wp *wp, __u64 index, struct ngio_zone *z);

/* ------------------------------------------------------------------ */
/* Protection information                                               */
/* ------------------------------------------------------------------ */

/*
 * The guard CRCs of end-to-end data protection, chainable: start with 0
 * and pass each call the previous result to continue over more bytes.
 * ngio_crc16_t10dif(): CRC-16/T10-DIF (polynomial 0x8bb7, initial 0, not
 * reflected), the 16b guard.  ngio_crc64_nvme(): CRC-64/NVME (polynomial
 * 0xad93d23594c93659, reflected, inverted in and out), the 64b guard.
 */
__u16 ngio_crc16_t10dif(__u16 crc, const void *buf, size_t len);
__u64 ngio_crc64_nvme(__u64 crc, const void *buf, size_t len);

/* The first tuple that failed a check. */
struct ngio_pi_error {
	__u32 block;		/* index in the I/O, from 0 */
	unsigned field;		/* NGIO_PI_CHECK_* bit that failed */
	__u64 want, got;
};

/*
 * Host-side protection information for nlb blocks laid out as g says:
 * with g->extended the metadata follows each block's data in data (md
 * NULL), else md holds nlb * g->ms bytes.  The tuple (8 bytes for the
 * 16b guard, 16 for the 64b) sits in the first or the last bytes of each
 * block's metadata (g->pi_first); its guard covers the block's data and,
 * when the tuple is last, the metadata bytes before it.  Reference tags
 * count up from t->reftag for types 1 and 2 and stay t->reftag for type
 * 3.  ngio_pi_generate() writes every tuple.  ngio_pi_verify() checks
 * the check fields (NGIO_PI_CHECK_*; the reference tag only for types 1
 * and 2, the application tag under t->apptag_mask), skipping blocks
 * whose application tag is 0xffff (type 3: and reference tag all ones);
 * on the first mismatch it fills *err (if not NULL) and returns
 * -EBADMSG.  -EINVAL: no protection information in g, a tuple larger
 * than the metadata, a storage tag (g->sts), an unknown guard format or
 * check bit, or md missing (or given with extended LBAs).
 */
int ngio_pi_generate(const struct ngio_geometry *g, void *data, void *md,
		     __u32 nlb, const struct ngio_pi_tags *t);
int ngio_pi_verify(const struct ngio_geometry *g, const void *data,
		   const void *md, __u32 nlb, const struct ngio_pi_tags *t,
		   unsigned check, struct ngio_pi_error *err);

#ifdef __cplusplus
}
#endif

#endif /* NGIO_H */
