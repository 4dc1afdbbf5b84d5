// SPDX-License-Identifier: MIT
/*
 * The emulated NVMe controller: its opening and closing, the namespaces
 * in memory or in a file, the host's buffers and the dispatch of each
 * command.  The name is parsed in spec.c, the admin commands are admin.c
 * and feat.c, the I/O commands nvm.c, copy.c, cache.c and prot.c.  NVMe
 * Base 2.0, NVM and ZNS command set specifications; sections are named
 * where a choice was made.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nvme/types.h>

#include "emu-int.h"

#define EMU_MAGIC	"NGIOEMU1"
#define EMU_HDR		4096

int emu_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* ------------------------------------------------------------ host buffers */

int emu_buf_init(struct emu_buf *b, bool vec, __u64 addr, __u32 len)
{
	const struct iovec *iov = (const struct iovec *)(uintptr_t)addr;
	int i;

	memset(b, 0, sizeof(*b));
	if (!vec) {
		if (!addr && len)
			return -EFAULT;
		b->one.iov_base = (void *)(uintptr_t)addr;
		b->one.iov_len = len;
		b->iov = &b->one;
		b->cnt = 1;
		b->len = len;
		return 0;
	}
	/* As Linux's import_iovec: no more than UIO_MAXIOV entries. */
	if (len > EMU_MAX_IOV)
		return -EINVAL;
	if (!iov && len)
		return -EFAULT;
	b->iov = iov;
	b->cnt = len;
	for (i = 0; i < b->cnt; i++) {
		if (!iov[i].iov_base && iov[i].iov_len)
			return -EFAULT;
		if (iov[i].iov_len > (size_t)0x7ffff000 - b->len)
			return -EINVAL;
		b->len += iov[i].iov_len;
	}
	return 0;
}

/* Copy between the host's buffer at off and ours (out: to the host). */
static void buf_copy(const struct emu_buf *b, size_t off, void *p, size_t n,
		     bool out)
{
	unsigned char *q = p;
	int i;

	for (i = 0; i < b->cnt && n; i++) {
		size_t l = b->iov[i].iov_len, k;

		if (off >= l) {
			off -= l;
			continue;
		}
		k = l - off < n ? l - off : n;
		if (out)
			memcpy((char *)b->iov[i].iov_base + off, q, k);
		else
			memcpy(q, (char *)b->iov[i].iov_base + off, k);
		q += k;
		n -= k;
		off = 0;
	}
}

void emu_buf_out(const struct emu_buf *b, size_t off, const void *src,
		 size_t n)
{
	buf_copy(b, off, (void *)src, n, true);
}

void emu_buf_in(const struct emu_buf *b, size_t off, void *dst, size_t n)
{
	buf_copy(b, off, dst, n, false);
}

/* ------------------------------------------------------ namespace memory */

static size_t align_up(size_t n)
{
	return (n + 4095) & ~(size_t)4095;
}

/* The sections of an image, after an optional header. */
struct layout {
	size_t data, md, mapped, uncor, zstate, end;
};

static void ns_layout(const struct emu_ns *ns, size_t hdr, size_t zlen,
		      struct layout *l)
{
	size_t bm = emu_bitmap_bytes(ns->nsze);

	l->data = hdr;
	l->md = l->data + align_up(ns->nsze * ns->p.lba_size);
	l->mapped = l->md + align_up(ns->nsze * ns->p.ms);
	l->uncor = l->mapped + align_up(bm);
	l->zstate = l->uncor + align_up(bm);
	l->end = l->zstate + align_up(zlen);
}

static void img_set(struct emu_img *img, unsigned char *base,
		    const struct layout *l)
{
	img->data = base + l->data;
	img->md = base + l->md;
	img->mapped = (unsigned long *)(base + l->mapped);
	img->uncor = (unsigned long *)(base + l->uncor);
}

/* What a file must have been made with to be reused. */
static void ns_desc(const struct emu_ns *ns, char *buf, size_t len)
{
	const struct emu_ns_params *p = &ns->p;

	snprintf(buf, len, "%s size=%llu lba=%u ms=%u mset=%u pi=%u pif=%u "
		 "pil=%u zone_size=%llu zone_cap=%llu max_open=%u "
		 "max_active=%u zde=%u zrwa=%llu zrwafg=%llu numzrwa=%u",
		 p->csi == NVME_CSI_ZNS ? "zns" : "nvm",
		 (unsigned long long)p->size, p->lba_size, p->ms, p->ext,
		 p->pi, p->pif, p->pil,
		 (unsigned long long)p->zp.zone_size,
		 (unsigned long long)p->zp.zone_cap, p->zp.max_open,
		 p->zp.max_active, p->zp.zde_size,
		 (unsigned long long)p->zp.zrwa_size,
		 (unsigned long long)p->zp.zrwa_fg, p->zp.nr_zrwa);
}

static int ns_map_file(struct emu_ns *ns, const struct layout *l, char *err,
		       size_t errlen)
{
	char want[512];
	struct stat st;
	bool fresh;
	int ret;

	ns_desc(ns, want, sizeof(want));
	ns->fd = open(ns->p.file, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (ns->fd < 0) {
		ret = -errno;
		snprintf(err, errlen, "file=%s: %s", ns->p.file,
			 strerror(-ret));
		return ret;
	}
	/* One controller per file at a time: two would each cache writes
	 * and zone state over the other's. */
	if (flock(ns->fd, LOCK_EX | LOCK_NB)) {
		ret = errno == EWOULDBLOCK ? -EBUSY : -errno;
		snprintf(err, errlen, "file=%s: %s", ns->p.file,
			 ret == -EBUSY ? "in use by another emu: open" :
			 strerror(-ret));
		return ret;
	}
	if (fstat(ns->fd, &st)) {
		ret = -errno;
		snprintf(err, errlen, "file=%s: %s", ns->p.file,
			 strerror(-ret));
		return ret;
	}
	fresh = st.st_size == 0;
	if (!fresh && (size_t)st.st_size != l->end) {
		return emu_fail(err, errlen, "file=%s: %lld bytes, not a "
				"namespace of these parameters (%zu bytes)",
				ns->p.file, (long long)st.st_size, l->end);
	}
	if (fresh && ftruncate(ns->fd, l->end)) {
		ret = -errno;
		snprintf(err, errlen, "file=%s: %s", ns->p.file,
			 strerror(-ret));
		return ret;
	}
	ns->map = mmap(NULL, l->end, PROT_READ | PROT_WRITE, MAP_SHARED,
		       ns->fd, 0);
	if (ns->map == MAP_FAILED) {
		ns->map = NULL;
		ret = -errno;
		snprintf(err, errlen, "file=%s: mmap: %s", ns->p.file,
			 strerror(-ret));
		return ret;
	}
	ns->map_len = l->end;
	if (fresh) {
		memcpy(ns->map, EMU_MAGIC, 8);
		snprintf((char *)ns->map + 8, EMU_HDR - 8, "%s", want);
		return 0;
	}
	if (memcmp(ns->map, EMU_MAGIC, 8))
		return emu_fail(err, errlen, "file=%s: not an ngio emulator "
				"file", ns->p.file);
	if (strncmp((char *)ns->map + 8, want, EMU_HDR - 8)) {
		char have[EMU_HDR];

		snprintf(have, sizeof(have), "%s", (char *)ns->map + 8);
		return emu_fail(err, errlen, "file=%s: made as '%s', not '%s'",
				ns->p.file, have, want);
	}
	return 1;	/* reused */
}

static void *anon(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static int ns_open(struct emu_ctrl *c, struct emu_ns *ns, __u32 nsid,
		   char *err, size_t errlen)
{
	struct layout l, lc;
	size_t zlen = 0;
	int ret, reused = 0;

	ns->nsid = nsid;
	ns->fd = -1;
	ns->nsze = ns->p.size / ns->p.lba_size;
	ns->lba_shift = __builtin_ctz(ns->p.lba_size);
	if (ns->p.pi) {
		ns->pi_size = ns->p.pif == 2 ? 16 : 8;
		ns->pi_off = ns->p.pil ? 0 : ns->p.ms - ns->pi_size;
	}
	if (ns->p.csi == NVME_CSI_ZNS) {
		char zerr[200] = "";

		ret = emu_zones_new(&ns->p.zp, &ns->zones, zerr, sizeof(zerr));
		if (ret) {
			if (ret == -EINVAL)
				snprintf(err, errlen, "namespace %u: %s", nsid,
					 zerr);
			return ret;
		}
		/* A whole number of zones: the blocks past the last one
		 * are not the namespace's. */
		ns->nsze = emu_zones_nsze(ns->zones);
		emu_zones_set_read_across(ns->zones, ns->p.cross_read);
		zlen = emu_zones_state_size(ns->zones);
	}
	if (ns->p.file) {
		ns_layout(ns, EMU_HDR, zlen, &l);
		ret = reused = ns_map_file(ns, &l, err, errlen);
		if (ret < 0)
			return ret;
	} else {
		ns_layout(ns, 0, zlen, &l);
		ns->map = anon(l.end);
		if (!ns->map)
			return -ENOMEM;
		ns->map_len = l.end;
	}
	img_set(&ns->dur, ns->map, &l);
	ns->zstate_off = l.zstate;
	if (reused && ns->zones &&
	    emu_zones_state_load(ns->zones, (char *)ns->map + l.zstate, zlen))
		return emu_fail(err, errlen, "file=%s: its zone state does "
				"not match these parameters", ns->p.file);
	/*
	 * The cache: the same sections, no header, no zone state.  A zoned
	 * namespace writes through: its write pointers and its blocks are
	 * durable together, so a power loss never leaves a write pointer
	 * past blocks that were lost.
	 */
	ns_layout(ns, 0, 0, &lc);
	if (c->vwc && !ns->zones) {
		unsigned char *m = anon(lc.end);

		if (!m)
			return -ENOMEM;
		img_set(&ns->cache, m, &lc);
		ns->dirty = calloc(1, emu_bitmap_bytes(ns->nsze));
		if (!ns->dirty)
			return -ENOMEM;
	}
	ns->ready = true;
	return 0;
}

static void ns_close(struct emu_ns *ns)
{
	struct layout lc;

	if (ns->ready && ns->zones && ns->p.file)
		emu_zone_state_save(ns);
	if (ns->map)
		munmap(ns->map, ns->map_len);
	if (ns->cache.data) {
		ns_layout(ns, 0, 0, &lc);
		munmap(ns->cache.data, lc.end);
	}
	if (ns->nsid && ns->fd >= 0)
		close(ns->fd);
	free(ns->dirty);
	emu_zones_free(ns->zones);
	free(ns->p.file);
}

struct emu_ns *emu_ns_get(struct emu_ctrl *c, __u32 nsid)
{
	if (!nsid || nsid > c->nr_ns)
		return NULL;
	return &c->ns[nsid - 1];
}

/* ------------------------------------------------------------------ entry */

int emu_open(const char *spec, struct emu_ctrl **cp, __u32 *nsid, char *err,
	     size_t errlen)
{
	struct emu_ctrl *c;
	__u32 sel = 1;
	unsigned i;
	int ret;

	if (err && errlen)
		err[0] = '\0';
	*cp = NULL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	ret = emu_parse_spec(c, spec, &sel, err, errlen);
	for (i = 0; !ret && i < c->nr_ns; i++)
		ret = ns_open(c, &c->ns[i], i + 1, err, errlen);
	if (!ret) {
		size_t bl = 0;

		for (i = 0; i < c->nr_ns; i++) {
			size_t n = c->ns[i].p.lba_size + c->ns[i].p.ms;

			bl = n > bl ? n : bl;
		}
		c->bounce_len = bl;
		c->bounce = malloc(2 * bl);
		if (!c->bounce)
			ret = -ENOMEM;
	}
	if (ret) {
		emu_close(c);
		return ret;
	}
	emu_feat_defaults(c);
	c->ts_at = emu_now_ms();
	*nsid = sel;
	*cp = c;
	return 0;
}

int emu_check(const char *spec, char *err, size_t errlen)
{
	struct emu_ctrl *c = calloc(1, sizeof(*c));
	__u32 sel;
	unsigned i;
	int ret;

	if (!c)
		return -ENOMEM;
	if (err && errlen)
		err[0] = '\0';
	ret = emu_parse_spec(c, spec, &sel, err, errlen);
	/* The zone model checks its own parameters. */
	for (i = 0; !ret && i < c->nr_ns; i++) {
		struct emu_ns *ns = &c->ns[i];
		char zerr[200] = "";

		if (ns->p.csi != NVME_CSI_ZNS)
			continue;
		ret = emu_zones_new(&ns->p.zp, &ns->zones, zerr, sizeof(zerr));
		if (ret == -EINVAL)
			snprintf(err, errlen, "namespace %u: %s", i + 1, zerr);
		emu_zones_free(ns->zones);
		ns->zones = NULL;
	}
	for (i = 0; i < c->nr_ns; i++)
		free(c->ns[i].p.file);
	free(c);
	return ret;
}

void emu_close(struct emu_ctrl *c)
{
	unsigned i;

	if (!c)
		return;
	/* A clean shutdown: the cache is written back. */
	for (i = 0; i < c->nr_ns; i++)
		if (c->ns[i].ready)
			emu_flush_ns(c, &c->ns[i]);
	for (i = 0; i < c->nr_ns; i++)
		ns_close(&c->ns[i]);
	free(c->bounce);
	free(c);
}

void emu_power_loss(struct emu_ctrl *c)
{
	unsigned i;

	for (i = 0; i < c->nr_ns; i++) {
		emu_ns_drop_cache(&c->ns[i]);
		if (c->ns[i].zones && c->ns[i].p.file)
			emu_zone_state_save(&c->ns[i]);
	}
	/* The controller comes back with saved features (Base 2.0 5.27.1). */
	for (i = 0; i < 256; i++)
		c->feat[i].cur = c->feat[i].saved;
	c->feat[NVME_FEAT_FID_NUM_QUEUES].cur =
		c->feat[NVME_FEAT_FID_NUM_QUEUES].def;
	c->vwc_on = c->vwc && c->feat[NVME_FEAT_FID_VOLATILE_WC].saved;
	memcpy(c->temp_th, c->temp_th_saved, sizeof(c->temp_th));
	memcpy(c->apst, c->apst_saved, sizeof(c->apst));
	memset(c->iv_cd, 0, sizeof(c->iv_cd));
	for (i = 0; i < c->nr_ns; i++)
		c->ns[i].err_rec = c->ns[i].err_rec_saved;
	c->ts_set = false;
	c->ts_at = emu_now_ms();
	c->power_cycles++;
	c->unsafe_shutdowns++;
}

int emu_exec(struct emu_ctrl *c, bool admin, bool vec,
	     const struct nvme_uring_cmd *cmd, __u64 *result)
{
	__u64 res = 0;
	int ret;

	if (!c || !cmd)
		return -EINVAL;
	/* Fused operations and SGLs (PSDT): Linux refuses a passthrough
	 * command with flags before it reaches a device. */
	if (cmd->flags)
		return -EINVAL;
	if (admin)
		ret = emu_admin_exec(c, vec, cmd, &res);
	else
		ret = emu_io(c, vec, cmd, &res);
	if (ret > 0) {
		emu_log_error(c, admin, cmd->nsid,
			      cmd->cdw10 | (__u64)cmd->cdw11 << 32, ret);
		res = 0;
	}
	if (result)
		*result = res;
	return ret;
}
