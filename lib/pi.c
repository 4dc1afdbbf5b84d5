// SPDX-License-Identifier: MIT
/*
 * End-to-end data protection on the host: the guard CRCs, and protection
 * information tuples generated and checked as the NVM Command Set
 * specification lays them out (16b and 64b guard formats, types 1-3).
 */
#include <errno.h>
#include <isa-l/crc.h>

#include "ngio.h"
#include "crc64.h"

/* ISA-L takes the previous CRC as its seed with no inversion, which is
 * exactly the chaining ngio promises. */
__u16 ngio_crc16_t10dif(__u16 crc, const void *buf, size_t len)
{
	return crc16_t10dif(crc, buf, len);
}

__u64 ngio_crc64_nvme(__u64 crc, const void *buf, size_t len)
{
	/* As Linux's crc64_rocksoft: the register is the inverted CRC. */
	if (crc64_nvme_have_clmul())
		return ~crc64_nvme_clmul(~crc, buf, len);
	return ~crc64_nvme_table(~crc, buf, len);
}

/* Where one block's pieces are, and what its tuple should hold. */
struct pi_fmt {
	bool g64;		/* 64b guard, else 16b */
	__u32 tsize;		/* tuple bytes */
	__u32 lba_size, ms;
	__u32 stride;		/* data buffer bytes per block */
	__u32 pi_off;		/* tuple's offset in the metadata */
	bool extended;
	__u8 type;
	__u64 ref_mask;		/* the reference tag's bits */
};

static int pi_fmt_init(struct pi_fmt *f, const struct ngio_geometry *g,
		       const void *data, const void *md,
		       const struct ngio_pi_tags *t)
{
	if (!g || !data || !t)
		return -EINVAL;
	if (g->pi_type < 1 || g->pi_type > 3 || !g->lba_size)
		return -EINVAL;
	/* The tuple size and reference tag width from the one place that
	 * knows the formats: 0 for a guard format ngio does not handle. */
	f->tsize = ngio_pi_size(g);
	if (!f->tsize)
		return -EINVAL;
	f->g64 = g->pi_format == NGIO_PI_GUARD64;
	f->ref_mask = ngio_pi_reftag(g, ~0ULL);
	/* A storage tag would need a value and a check of its own. */
	if (g->sts)
		return -EINVAL;
	if (g->ms < f->tsize)
		return -EINVAL;
	/* Extended LBAs carry metadata in data: a second buffer is a
	 * caller's mistake, as is none for separate metadata. */
	if (g->extended ? md != NULL : md == NULL)
		return -EINVAL;
	f->lba_size = g->lba_size;
	f->ms = g->ms;
	f->extended = g->extended;
	f->stride = g->lba_size + (g->extended ? g->ms : 0);
	f->pi_off = g->pi_first ? 0 : g->ms - f->tsize;
	f->type = g->pi_type;
	return 0;
}

/* Block i's data and metadata. */
static void pi_block(const struct pi_fmt *f, const unsigned char *data,
		     const unsigned char *md, __u32 i,
		     const unsigned char **d, const unsigned char **m)
{
	*d = data + (size_t)i * f->stride;
	*m = f->extended ? *d + f->lba_size : md + (size_t)i * f->ms;
}

/* The guard: the data, and the metadata before a tuple that is last. */
static __u64 pi_guard(const struct pi_fmt *f, const unsigned char *d,
		      const unsigned char *m)
{
	/* Extended: data and metadata are one run, one CRC call. */
	if (f->extended) {
		if (f->g64)
			return ngio_crc64_nvme(0, d, f->lba_size + f->pi_off);
		return ngio_crc16_t10dif(0, d, f->lba_size + f->pi_off);
	}
	if (f->g64)
		return ngio_crc64_nvme(ngio_crc64_nvme(0, d, f->lba_size),
				       m, f->pi_off);
	return ngio_crc16_t10dif(ngio_crc16_t10dif(0, d, f->lba_size),
				 m, f->pi_off);
}

static __u64 pi_reftag(const struct pi_fmt *f, const struct ngio_pi_tags *t,
		       __u32 i)
{
	/* Type 3 has no per-block reference tag: the same value throughout. */
	if (f->type == 3)
		return t->reftag & f->ref_mask;
	return (t->reftag + i) & f->ref_mask;
}

static void put_be(unsigned char *p, __u64 v, unsigned n)
{
	while (n--) {
		p[n] = v & 0xff;
		v >>= 8;
	}
}

static __u64 get_be(const unsigned char *p, unsigned n)
{
	__u64 v = 0;

	while (n--)
		v = (v << 8) | *p++;
	return v;
}

/* A tuple's fields, big-endian on the medium. */
struct pi_tuple {
	__u64 guard, reftag;
	__u16 apptag;
};

static void pi_put(const struct pi_fmt *f, unsigned char *p,
		   const struct pi_tuple *tp)
{
	if (f->g64) {
		put_be(p, tp->guard, 8);
		put_be(p + 8, tp->apptag, 2);
		put_be(p + 10, tp->reftag, 6);
	} else {
		put_be(p, tp->guard, 2);
		put_be(p + 2, tp->apptag, 2);
		put_be(p + 4, tp->reftag, 4);
	}
}

static void pi_get(const struct pi_fmt *f, const unsigned char *p,
		   struct pi_tuple *tp)
{
	if (f->g64) {
		tp->guard = get_be(p, 8);
		tp->apptag = get_be(p + 8, 2);
		tp->reftag = get_be(p + 10, 6);
	} else {
		tp->guard = get_be(p, 2);
		tp->apptag = get_be(p + 2, 2);
		tp->reftag = get_be(p + 4, 4);
	}
}

int ngio_pi_generate(const struct ngio_geometry *g, void *data, void *md,
		     __u32 nlb, const struct ngio_pi_tags *t)
{
	const unsigned char *d, *m;
	struct pi_tuple tp;
	struct pi_fmt f;
	__u32 i;
	int ret;

	ret = pi_fmt_init(&f, g, data, md, t);
	if (ret)
		return ret;
	for (i = 0; i < nlb; i++) {
		pi_block(&f, data, md, i, &d, &m);
		tp.guard = pi_guard(&f, d, m);
		tp.apptag = t->apptag;
		tp.reftag = pi_reftag(&f, t, i);
		/* m points into the caller's writable buffer. */
		pi_put(&f, (unsigned char *)m + f.pi_off, &tp);
	}
	return 0;
}

static int pi_fail(struct ngio_pi_error *err, __u32 block, unsigned field,
		   __u64 want, __u64 got)
{
	if (err) {
		err->block = block;
		err->field = field;
		err->want = want;
		err->got = got;
	}
	return -EBADMSG;
}

int ngio_pi_verify(const struct ngio_geometry *g, const void *data,
		   const void *md, __u32 nlb, const struct ngio_pi_tags *t,
		   unsigned check, struct ngio_pi_error *err)
{
	const unsigned check_all = NGIO_PI_CHECK_GUARD | NGIO_PI_CHECK_APPTAG |
				   NGIO_PI_CHECK_REFTAG;
	const unsigned char *d, *m;
	struct pi_tuple tp;
	struct pi_fmt f;
	__u64 want;
	__u32 i;
	int ret;

	ret = pi_fmt_init(&f, g, data, md, t);
	if (ret)
		return ret;
	if (check & ~check_all)
		return -EINVAL;
	/* Type 3 reference tags do not identify the block (Linux and SPDK
	 * do not check them either). */
	if (f.type == 3)
		check &= ~NGIO_PI_CHECK_REFTAG;
	for (i = 0; i < nlb; i++) {
		pi_block(&f, data, md, i, &d, &m);
		pi_get(&f, m + f.pi_off, &tp);
		/* The escape: such blocks are not checked at all. */
		if (tp.apptag == 0xffff &&
		    (f.type != 3 || tp.reftag == f.ref_mask))
			continue;
		if (check & NGIO_PI_CHECK_GUARD) {
			want = pi_guard(&f, d, m);
			if (tp.guard != want)
				return pi_fail(err, i, NGIO_PI_CHECK_GUARD,
					       want, tp.guard);
		}
		if ((check & NGIO_PI_CHECK_APPTAG) &&
		    ((tp.apptag ^ t->apptag) & t->apptag_mask))
			return pi_fail(err, i, NGIO_PI_CHECK_APPTAG,
				       t->apptag, tp.apptag);
		if (check & NGIO_PI_CHECK_REFTAG) {
			want = pi_reftag(&f, t, i);
			if (tp.reftag != want)
				return pi_fail(err, i, NGIO_PI_CHECK_REFTAG,
					       want, tp.reftag);
		}
	}
	return 0;
}
