// SPDX-License-Identifier: MIT
/*
 * A namespace's blocks: the durable image, the volatile write cache over
 * it, and what moves between them on a flush, a deallocation or a power
 * loss.
 */
#include <string.h>
#include <sys/mman.h>

#include "emu-int.h"

static const struct emu_img *img_of(const struct emu_ns *ns, __u64 lba)
{
	return ns->dirty && emu_bit(ns->dirty, lba) ? &ns->cache : &ns->dur;
}

/* A block's newest copy: data, metadata and whether it reads at all. */
bool emu_blk_load(const struct emu_ns *ns, __u64 lba, unsigned char *d,
		  unsigned char *m)
{
	const struct emu_img *img = img_of(ns, lba);
	__u32 ms = ns->p.ms, bs = ns->p.lba_size;

	if (emu_bit(img->mapped, lba)) {
		memcpy(d, img->data + lba * bs, bs);
		memcpy(m, img->md + lba * ms, ms);
	} else {
		/* Deallocated: zeroes, PI all ones, so that every check
		 * is escaped (DLFEAT 001b, guard FFFFh). */
		memset(d, 0, bs);
		memset(m, 0, ms);
		if (ns->pi_size)
			memset(m + ns->pi_off, 0xff, ns->pi_size);
	}
	return !emu_bit(img->uncor, lba);
}

void emu_blk_store(struct emu_ctrl *c, struct emu_ns *ns, __u64 lba,
		   const unsigned char *d, const unsigned char *m, bool fua,
		   enum emu_store kind)
{
	bool cached = c->vwc_on && ns->dirty && !fua;
	struct emu_img *img = cached ? &ns->cache : &ns->dur;
	__u32 ms = ns->p.ms, bs = ns->p.lba_size;

	if (kind == EMU_STORE_DATA) {
		memcpy(img->data + lba * bs, d, bs);
		memcpy(img->md + lba * ms, m, ms);
	}
	emu_bit_set(img->mapped, lba, true);
	emu_bit_set(img->uncor, lba, kind == EMU_STORE_UNCOR);
	if (!ns->dirty)
		return;
	if (cached && !emu_bit(ns->dirty, lba)) {
		emu_bit_set(ns->dirty, lba, true);
		ns->nr_dirty++;
	} else if (!cached && emu_bit(ns->dirty, lba)) {
		/* FUA or no cache: this copy supersedes the cached one. */
		emu_bit_set(ns->dirty, lba, false);
		ns->nr_dirty--;
	}
}

/* Deallocation is made durable at once, cached copies dropped. */
void emu_ns_dealloc(struct emu_ns *ns, __u64 slba, __u64 nlb)
{
	for (__u64 lba = slba; lba < slba + nlb; lba++) {
		emu_bit_set(ns->dur.mapped, lba, false);
		emu_bit_set(ns->dur.uncor, lba, false);
		if (ns->dirty && emu_bit(ns->dirty, lba)) {
			emu_bit_set(ns->dirty, lba, false);
			ns->nr_dirty--;
		}
	}
}

/* A file-backed zoned namespace's zone state, kept with its blocks (every
 * change is saved: a process that dies loses none of it). */
void emu_zone_state_save(struct emu_ns *ns)
{
	if (ns->zones && ns->p.file)
		emu_zones_state_save(ns->zones,
				     (char *)ns->map + ns->zstate_off);
}

int emu_flush_ns(struct emu_ctrl *c, struct emu_ns *ns)
{
	const size_t bpl = 8 * sizeof(long);
	__u32 ms = ns->p.ms, bs = ns->p.lba_size;
	__u64 w, nw = (ns->nsze + bpl - 1) / bpl;

	(void)c;
	for (w = 0; ns->dirty && ns->nr_dirty && w < nw; w++) {
		unsigned long bits = ns->dirty[w];

		while (bits) {
			__u64 lba = w * bpl + __builtin_ctzl(bits);
			bool mapped = emu_bit(ns->cache.mapped, lba);

			bits &= bits - 1;
			if (mapped) {
				memcpy(ns->dur.data + lba * bs,
				       ns->cache.data + lba * bs, bs);
				memcpy(ns->dur.md + lba * ms,
				       ns->cache.md + lba * ms, ms);
			}
			emu_bit_set(ns->dur.mapped, lba, mapped);
			emu_bit_set(ns->dur.uncor, lba,
				    emu_bit(ns->cache.uncor, lba));
		}
		ns->dirty[w] = 0;
	}
	ns->nr_dirty = 0;
	emu_zone_state_save(ns);
	return 0;
}

void emu_ns_drop_cache(struct emu_ns *ns)
{
	if (!ns->dirty)
		return;
	memset(ns->dirty, 0, emu_bitmap_bytes(ns->nsze));
	ns->nr_dirty = 0;
	/* What the cache held is gone: give the memory back too. */
	madvise(ns->cache.data, (unsigned char *)ns->cache.uncor -
		ns->cache.data + emu_bitmap_bytes(ns->nsze), MADV_DONTNEED);
}

__u64 emu_ns_nuse(const struct emu_ns *ns)
{
	const size_t bpl = 8 * sizeof(long);
	__u64 w, n = 0, nw = (ns->nsze + bpl - 1) / bpl;

	for (w = 0; w < nw; w++) {
		unsigned long m = ns->dur.mapped[w];

		if (ns->dirty)
			m = (m & ~ns->dirty[w]) |
			    (ns->cache.mapped[w] & ns->dirty[w]);
		n += __builtin_popcountl(m);
	}
	return n;
}
