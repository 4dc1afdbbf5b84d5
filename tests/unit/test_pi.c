// SPDX-License-Identifier: MIT
/*
 * Protection information: the guard CRCs against published test vectors
 * and a bit-by-bit reference, and tuples generated and verified in every
 * layout the NVM Command Set allows.  crc64.c is built into this test so
 * that both of its implementations can be compared directly.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ngio.h"
#include "crc64.h"

/* Bit at a time, straight from the definitions: the references. */
static __u16 ref_crc16(__u16 crc, const unsigned char *p, size_t len)
{
	int i;

	while (len--) {
		crc ^= (__u16)(*p++ << 8);
		for (i = 0; i < 8; i++)
			crc = (crc & 0x8000) ? (crc << 1) ^ 0x8bb7 : crc << 1;
	}
	return crc;
}

static __u64 ref_crc64(__u64 crc, const unsigned char *p, size_t len)
{
	int i;

	crc = ~crc;
	while (len--) {
		crc ^= *p++;
		for (i = 0; i < 8; i++)
			crc = (crc >> 1) ^ ((crc & 1) ? 0x9a6c9329ac4bc9b5ULL : 0);
	}
	return ~crc;
}

/* A fixed generator, so that a failure can be reproduced. */
static __u32 rnd_state = 12345;

static __u32 rnd(void)
{
	rnd_state = rnd_state * 1103515245 + 12345;
	return rnd_state >> 8;
}

static void fill_rnd(unsigned char *p, size_t len)
{
	while (len--)
		*p++ = rnd();
}

/*
 * CRC-16/T10-DIF vectors.  The 32-byte codewords are those of T10/03-176
 * ("Simplified End-to-End Data Protection", section 4.5.6), where the NVM
 * Command Set specification sends the 16b guard's definition;
 * "123456789" is the check value of the CRC RevEng catalogue's
 * CRC-16/T10-DIF entry.  The 4 KiB patterns are the ones the
 * specification gives for the 64b guard, here with the values Linux's
 * own crc_t10dif gives them (api_pi's kernel test reads them back from
 * the device).
 */
static void crc16_vectors(void **state)
{
	unsigned char b[32];
	int i;

	(void)state;
	memset(b, 0, sizeof(b));
	assert_int_equal(ngio_crc16_t10dif(0, b, 32), 0x0000);
	memset(b, 0xff, sizeof(b));
	assert_int_equal(ngio_crc16_t10dif(0, b, 32), 0xa293);
	for (i = 0; i < 32; i++)
		b[i] = i;
	assert_int_equal(ngio_crc16_t10dif(0, b, 32), 0x0224);
	memset(b, 0, sizeof(b));
	b[0] = b[1] = 0xff;
	assert_int_equal(ngio_crc16_t10dif(0, b, 32), 0x21b8);
	for (i = 0; i < 32; i++)
		b[i] = 0xff - i;
	assert_int_equal(ngio_crc16_t10dif(0, b, 32), 0xa0b7);
	assert_int_equal(ngio_crc16_t10dif(0, "123456789", 9), 0xd0db);
	{
		static unsigned char k[4096];

		memset(k, 0, sizeof(k));
		assert_int_equal(ngio_crc16_t10dif(0, k, 4096), 0x0000);
		memset(k, 0xff, sizeof(k));
		assert_int_equal(ngio_crc16_t10dif(0, k, 4096), 0x8b5d);
		for (i = 0; i < 4096; i++)
			k[i] = i;
		assert_int_equal(ngio_crc16_t10dif(0, k, 4096), 0x8f6d);
		for (i = 0; i < 4096; i++)
			k[i] = 0xff - i;
		assert_int_equal(ngio_crc16_t10dif(0, k, 4096), 0x0430);
	}
	assert_int_equal(ngio_crc16_t10dif(0x1234, b, 0), 0x1234);
}

/*
 * CRC-64/NVME vectors: 4 KiB buffers from the NVM Command Set
 * specification 1.0a, section 5.2.1.3.5 "64b CRC Test Cases" (also
 * Linux's crc64 NVMe tests); "123456789" from the CRC RevEng catalogue's
 * CRC-64/NVME entry.
 */
static void crc64_vectors(void **state)
{
	static unsigned char b[4096];
	int i;

	(void)state;
	memset(b, 0, sizeof(b));
	assert_int_equal(ngio_crc64_nvme(0, b, 4096), 0x6482d367eb22b64eULL);
	memset(b, 0xff, sizeof(b));
	assert_int_equal(ngio_crc64_nvme(0, b, 4096), 0xc0ddba7302eca3acULL);
	for (i = 0; i < 4096; i++)
		b[i] = i;
	assert_int_equal(ngio_crc64_nvme(0, b, 4096), 0x3e729f5f6750449cULL);
	for (i = 0; i < 4096; i++)
		b[i] = 0xff - (i & 0xff);
	assert_int_equal(ngio_crc64_nvme(0, b, 4096), 0x9a2df64b8e9e517eULL);
	assert_int_equal(ngio_crc64_nvme(0, "123456789", 9),
			 0xae8b14860a799888ULL);
	assert_int_equal(ngio_crc64_nvme(0x1234, b, 0), 0x1234);
	/* The implementations themselves, on the raw register. */
	for (i = 0; i < 4096; i++)
		b[i] = i;
	assert_int_equal(~crc64_nvme_table(~0ULL, b, 4096),
			 0x3e729f5f6750449cULL);
	if (crc64_nvme_have_clmul())
		assert_int_equal(~crc64_nvme_clmul(~0ULL, b, 4096),
				 0x3e729f5f6750449cULL);
}

/* Split anywhere, twice: the same CRC as in one go. */
static void chaining(void **state)
{
	unsigned char b[700];
	size_t i, j, n = sizeof(b);
	__u16 c16, w16;
	__u64 c64, w64;

	(void)state;
	fill_rnd(b, n);
	w16 = ngio_crc16_t10dif(0, b, n);
	w64 = ngio_crc64_nvme(0, b, n);
	assert_int_equal(w16, ref_crc16(0, b, n));
	assert_int_equal(w64, ref_crc64(0, b, n));
	for (i = 0; i <= n; i++) {
		c16 = ngio_crc16_t10dif(0, b, i);
		assert_int_equal(ngio_crc16_t10dif(c16, b + i, n - i), w16);
		c64 = ngio_crc64_nvme(0, b, i);
		assert_int_equal(ngio_crc64_nvme(c64, b + i, n - i), w64);
	}
	for (i = 0; i <= n; i += 37) {
		for (j = i; j <= n; j += 11) {
			c16 = ngio_crc16_t10dif(0, b, i);
			c16 = ngio_crc16_t10dif(c16, b + i, j - i);
			assert_int_equal(ngio_crc16_t10dif(c16, b + j, n - j),
					 w16);
			c64 = ngio_crc64_nvme(0, b, i);
			c64 = ngio_crc64_nvme(c64, b + i, j - i);
			assert_int_equal(ngio_crc64_nvme(c64, b + j, n - j),
					 w64);
		}
	}
}

/* Every implementation agrees with the references, at any length and
 * alignment, from any starting value. */
static void paths_agree(void **state)
{
	enum { MAXLEN = 5000, ROUNDS = 3000 };
	unsigned char *buf = malloc(MAXLEN + 64);
	bool clmul = crc64_nvme_have_clmul();
	unsigned char *p;
	size_t len;
	__u64 seed, want;
	__u16 s16;
	int r;

	(void)state;
	assert_non_null(buf);
	if (!clmul)
		print_message("no PCLMULQDQ: the folding path is not tested\n");
	for (r = 0; r < ROUNDS; r++) {
		/* Every short length, then random ones. */
		len = r < 300 ? (size_t)r : rnd() % (MAXLEN + 1);
		p = buf + rnd() % 64;
		fill_rnd(p, len);
		seed = r & 1 ? ((__u64)rnd() << 40 ^ rnd()) : 0;
		want = ref_crc64(seed, p, len);
		assert_int_equal(~crc64_nvme_table(~seed, p, len), want);
		if (clmul)
			assert_int_equal(~crc64_nvme_clmul(~seed, p, len),
					 want);
		assert_int_equal(ngio_crc64_nvme(seed, p, len), want);
		s16 = seed;
		assert_int_equal(ngio_crc16_t10dif(s16, p, len),
				 ref_crc16(s16, p, len));
	}
	free(buf);
}

/* ---------------------------------------------------------------- */

enum { NLB = 6, LBA = 512 };

/* One layout under test, with its buffers. */
struct lay {
	struct ngio_geometry g;
	unsigned tsize;
	unsigned char *data, *md;
};

static void lay_init(struct lay *l, __u8 fmt, bool first, __u32 ms,
		     bool ext, __u8 type)
{
	memset(l, 0, sizeof(*l));
	l->g.lba_size = LBA;
	l->g.lba_shift = 9;
	l->g.ms = ms;
	l->g.extended = ext;
	l->g.pi_type = type;
	l->g.pi_format = fmt;
	l->g.pi_first = first;
	l->tsize = fmt == NGIO_PI_GUARD64 ? 16 : 8;
	l->data = malloc(NLB * (LBA + (ext ? ms : 0)));
	l->md = ext ? NULL : malloc(NLB * ms);
	assert_non_null(l->data);
	fill_rnd(l->data, NLB * (LBA + (ext ? ms : 0)));
	if (!ext) {
		assert_non_null(l->md);
		fill_rnd(l->md, NLB * ms);
	}
}

static void lay_free(struct lay *l)
{
	free(l->data);
	free(l->md);
}

static unsigned char *blk_data(struct lay *l, unsigned i)
{
	return l->data + i * (LBA + (l->g.extended ? l->g.ms : 0));
}

static unsigned char *blk_md(struct lay *l, unsigned i)
{
	return l->g.extended ? blk_data(l, i) + LBA : l->md + i * l->g.ms;
}

static unsigned char *blk_tuple(struct lay *l, unsigned i)
{
	return blk_md(l, i) + (l->g.pi_first ? 0 : l->g.ms - l->tsize);
}

static __u64 be(const unsigned char *p, unsigned n)
{
	__u64 v = 0;

	while (n--)
		v = v << 8 | *p++;
	return v;
}

/* The guard block i should have, from the spec's rule, by reference. */
static __u64 want_guard(struct lay *l, unsigned i)
{
	unsigned pre = l->g.pi_first ? 0 : l->g.ms - l->tsize;

	if (l->tsize == 16)
		return ref_crc64(ref_crc64(0, blk_data(l, i), LBA),
				 blk_md(l, i), pre);
	return ref_crc16(ref_crc16(0, blk_data(l, i), LBA), blk_md(l, i),
			 pre);
}

static __u64 tuple_guard(struct lay *l, unsigned i)
{
	return be(blk_tuple(l, i), l->tsize == 16 ? 8 : 2);
}

static __u64 tuple_apptag(struct lay *l, unsigned i)
{
	return be(blk_tuple(l, i) + (l->tsize == 16 ? 8 : 2), 2);
}

static __u64 tuple_reftag(struct lay *l, unsigned i)
{
	return l->tsize == 16 ? be(blk_tuple(l, i) + 10, 6) :
				be(blk_tuple(l, i) + 4, 4);
}

static __u64 want_reftag(struct lay *l, const struct ngio_pi_tags *t,
			 unsigned i)
{
	__u64 mask = l->tsize == 16 ? 0xffffffffffffULL : 0xffffffffULL;

	return (t->reftag + (l->g.pi_type == 3 ? 0 : i)) & mask;
}

#define CHECK_ALL (NGIO_PI_CHECK_GUARD | NGIO_PI_CHECK_APPTAG | \
		   NGIO_PI_CHECK_REFTAG)

static int verify(struct lay *l, const struct ngio_pi_tags *t,
		  unsigned check, struct ngio_pi_error *e)
{
	return ngio_pi_verify(&l->g, l->data, l->md, NLB, t, check, e);
}

/* Flip a bit of block i's field, check it is caught as it should be. */
static void corrupt_one(struct lay *l, const struct ngio_pi_tags *t,
			unsigned i, unsigned field)
{
	struct ngio_pi_error e;
	unsigned char *tp = blk_tuple(l, i);
	unsigned gsz = l->tsize == 16 ? 8 : 2;
	__u64 want, got;
	unsigned char *p;
	int ret;

	switch (field) {
	case NGIO_PI_CHECK_GUARD:
		p = tp + gsz - 1;
		break;
	case NGIO_PI_CHECK_APPTAG:
		p = tp + gsz + 1;
		break;
	default:
		p = tp + l->tsize - 1;
		break;
	}
	*p ^= 0x10;
	memset(&e, 0xa5, sizeof(e));
	ret = verify(l, t, CHECK_ALL, &e);
	if (field == NGIO_PI_CHECK_REFTAG && l->g.pi_type == 3) {
		/* Type 3 reference tags are not checked. */
		assert_int_equal(ret, 0);
	} else {
		assert_int_equal(ret, -EBADMSG);
		assert_int_equal(e.block, i);
		assert_int_equal(e.field, field);
		if (field == NGIO_PI_CHECK_GUARD) {
			want = want_guard(l, i);
			got = tuple_guard(l, i);
		} else if (field == NGIO_PI_CHECK_APPTAG) {
			want = t->apptag;
			got = tuple_apptag(l, i);
		} else {
			want = want_reftag(l, t, i);
			got = tuple_reftag(l, i);
		}
		assert_int_equal(e.want, want);
		assert_int_equal(e.got, got);
		assert_int_not_equal(e.want, e.got);
		/* Not checking that field lets it through. */
		assert_int_equal(verify(l, t, CHECK_ALL & ~field, NULL), 0);
	}
	*p ^= 0x10;
	assert_int_equal(verify(l, t, CHECK_ALL, NULL), 0);
}

static void one_layout(__u8 fmt, bool first, __u32 ms, bool ext, __u8 type)
{
	struct ngio_pi_tags t = {
		.reftag = 0x123456789aULL,
		.apptag = 0xbeef,
		.apptag_mask = 0xffff,
	};
	struct ngio_pi_error e;
	unsigned char *p;
	struct lay l;
	unsigned i;

	lay_init(&l, fmt, first, ms, ext, type);
	assert_int_equal(ngio_pi_generate(&l.g, l.data, l.md, NLB, &t), 0);
	/* The tuples, read back by hand, hold what the spec says. */
	for (i = 0; i < NLB; i++) {
		assert_int_equal(tuple_guard(&l, i), want_guard(&l, i));
		assert_int_equal(tuple_apptag(&l, i), t.apptag);
		assert_int_equal(tuple_reftag(&l, i), want_reftag(&l, &t, i));
	}
	assert_int_equal(verify(&l, &t, CHECK_ALL, &e), 0);

	for (i = 0; i < NLB; i += NLB - 3) {
		corrupt_one(&l, &t, i, NGIO_PI_CHECK_GUARD);
		corrupt_one(&l, &t, i, NGIO_PI_CHECK_APPTAG);
		corrupt_one(&l, &t, i, NGIO_PI_CHECK_REFTAG);
	}

	/* A data byte of block 4: a guard error there. */
	blk_data(&l, 4)[100] ^= 1;
	assert_int_equal(verify(&l, &t, CHECK_ALL, &e), -EBADMSG);
	assert_int_equal(e.block, 4);
	assert_int_equal(e.field, NGIO_PI_CHECK_GUARD);
	blk_data(&l, 4)[100] ^= 1;

	/* Metadata outside the tuple: covered only before a last tuple. */
	if (ms > l.tsize) {
		p = first ? blk_md(&l, 2) + ms - 1 : blk_md(&l, 2);
		*p ^= 0x80;
		if (first) {
			assert_int_equal(verify(&l, &t, CHECK_ALL, &e), 0);
		} else {
			assert_int_equal(verify(&l, &t, CHECK_ALL, &e),
					 -EBADMSG);
			assert_int_equal(e.block, 2);
			assert_int_equal(e.field, NGIO_PI_CHECK_GUARD);
		}
		*p ^= 0x80;
	}

	/* Different tags expected: the first block is the one reported. */
	t.apptag = 0xbeee;
	assert_int_equal(verify(&l, &t, CHECK_ALL, &e), -EBADMSG);
	assert_true(e.block == 0 && e.field == NGIO_PI_CHECK_APPTAG);
	assert_int_equal(e.want, 0xbeee);
	assert_int_equal(e.got, 0xbeef);
	t.apptag = 0xbeef;
	t.reftag++;
	if (type == 3) {
		assert_int_equal(verify(&l, &t, CHECK_ALL, &e), 0);
	} else {
		assert_int_equal(verify(&l, &t, CHECK_ALL, &e), -EBADMSG);
		assert_true(e.block == 0 && e.field == NGIO_PI_CHECK_REFTAG);
	}
	lay_free(&l);
}

/* {16b, 64b} x {first, last} x {ms = tuple, 64} x {extended, separate}
 * x {type 1, 2, 3}. */
static void layouts(void **state)
{
	static const __u8 fmts[] = { NGIO_PI_GUARD16, NGIO_PI_GUARD64 };
	unsigned f, first, m, ext, type;

	(void)state;
	for (f = 0; f < 2; f++)
		for (first = 0; first < 2; first++)
			for (m = 0; m < 2; m++)
				for (ext = 0; ext < 2; ext++)
					for (type = 1; type <= 3; type++)
						one_layout(fmts[f], first,
							   m ? 64 : (f ? 16 : 8),
							   ext, type);
}

/* A 4 KiB + 16 extended layout, where the folding path carries the
 * guard, against the reference. */
static void big_blocks(void **state)
{
	struct ngio_pi_tags t = { .reftag = 7, .apptag = 1,
				  .apptag_mask = 0xffff };
	struct ngio_geometry g = {
		.lba_size = 4096, .lba_shift = 12, .ms = 16,
		.extended = true, .pi_type = 1,
		.pi_format = NGIO_PI_GUARD64,
	};
	unsigned char *b = malloc(3 * (4096 + 16));
	unsigned i;

	(void)state;
	assert_non_null(b);
	fill_rnd(b, 3 * (4096 + 16));
	assert_int_equal(ngio_pi_generate(&g, b, NULL, 3, &t), 0);
	for (i = 0; i < 3; i++)
		assert_int_equal(be(b + i * 4112 + 4096, 8),
				 ref_crc64(0, b + i * 4112, 4096));
	assert_int_equal(ngio_pi_verify(&g, b, NULL, 3, &t, CHECK_ALL, NULL),
			 0);
	free(b);
}

static void escapes(void **state)
{
	struct ngio_pi_tags t = { .reftag = 100, .apptag = 0x1111,
				  .apptag_mask = 0xffff };
	struct ngio_pi_error e;
	unsigned f, type;
	struct lay l;
	unsigned char *tp;

	(void)state;
	for (f = 0; f < 2; f++) {
		for (type = 1; type <= 3; type++) {
			lay_init(&l, f ? NGIO_PI_GUARD64 : NGIO_PI_GUARD16,
				 false, 64, f, type);
			assert_int_equal(ngio_pi_generate(&l.g, l.data, l.md,
							  NLB, &t), 0);
			/* Block 1: application tag all ones, guard and
			 * reference tag garbage. */
			tp = blk_tuple(&l, 1);
			memset(tp, 0x5a, l.tsize);
			memset(tp + (f ? 8 : 2), 0xff, 2);
			if (type == 3) {
				/* Needs the reference tag all ones too. */
				assert_int_equal(verify(&l, &t, CHECK_ALL,
							&e), -EBADMSG);
				assert_int_equal(e.block, 1);
				memset(tp + (f ? 10 : 4), 0xff, f ? 6 : 4);
			}
			assert_int_equal(verify(&l, &t, CHECK_ALL, &e), 0);
			/* Reference tag all ones alone is no escape. */
			memset(tp + (f ? 8 : 2), 0x11, 2);
			memset(tp + (f ? 10 : 4), 0xff, f ? 6 : 4);
			assert_int_equal(verify(&l, &t, CHECK_ALL, &e),
					 -EBADMSG);
			assert_int_equal(e.block, 1);
			assert_int_equal(e.field, NGIO_PI_CHECK_GUARD);
			lay_free(&l);
		}
	}
}

static void apptag_mask(void **state)
{
	struct ngio_pi_tags t = { .reftag = 0, .apptag = 0x12ab,
				  .apptag_mask = 0xffff };
	struct ngio_pi_error e;
	struct lay l;

	(void)state;
	lay_init(&l, NGIO_PI_GUARD16, true, 8, false, 1);
	assert_int_equal(ngio_pi_generate(&l.g, l.data, l.md, NLB, &t), 0);
	t.apptag = 0x12cd;
	t.apptag_mask = 0xff00;
	assert_int_equal(verify(&l, &t, CHECK_ALL, &e), 0);
	t.apptag_mask = 0xff20;
	assert_int_equal(verify(&l, &t, CHECK_ALL, &e), -EBADMSG);
	assert_int_equal(e.field, NGIO_PI_CHECK_APPTAG);
	assert_int_equal(e.want, 0x12cd);
	assert_int_equal(e.got, 0x12ab);
	t.apptag_mask = 0;
	assert_int_equal(verify(&l, &t, CHECK_ALL, &e), 0);
	/* No checks at all: anything goes. */
	memset(l.md, 0, NLB * 8);
	t.apptag_mask = 0xffff;
	assert_int_equal(verify(&l, &t, 0, &e), 0);
	assert_int_equal(verify(&l, &t, NGIO_PI_CHECK_GUARD, NULL), -EBADMSG);
	lay_free(&l);
}

/* Reference tags wrap at the field's width; higher bits are dropped. */
static void reftag_wrap(void **state)
{
	struct ngio_pi_tags t = { .reftag = 0xabfffffffeULL };
	struct lay l;

	(void)state;
	lay_init(&l, NGIO_PI_GUARD16, false, 8, true, 2);
	assert_int_equal(ngio_pi_generate(&l.g, l.data, l.md, NLB, &t), 0);
	assert_int_equal(tuple_reftag(&l, 0), 0xfffffffe);
	assert_int_equal(tuple_reftag(&l, 1), 0xffffffff);
	assert_int_equal(tuple_reftag(&l, 2), 0);
	assert_int_equal(tuple_reftag(&l, 5), 3);
	assert_int_equal(verify(&l, &t, CHECK_ALL, NULL), 0);
	lay_free(&l);

	t.reftag = 0xcdffffffffffffULL;
	lay_init(&l, NGIO_PI_GUARD64, true, 16, false, 1);
	assert_int_equal(ngio_pi_generate(&l.g, l.data, l.md, NLB, &t), 0);
	assert_int_equal(tuple_reftag(&l, 0), 0xffffffffffffULL);
	assert_int_equal(tuple_reftag(&l, 1), 0);
	assert_int_equal(verify(&l, &t, CHECK_ALL, NULL), 0);
	lay_free(&l);
}

static void invalid(void **state)
{
	struct ngio_pi_tags t = { 0 };
	struct ngio_geometry g;
	struct lay l;

	(void)state;
	lay_init(&l, NGIO_PI_GUARD16, false, 8, false, 1);
	g = l.g;
#define BOTH(gp, d, m) do { \
	assert_int_equal(ngio_pi_generate(gp, d, m, NLB, &t), -EINVAL); \
	assert_int_equal(ngio_pi_verify(gp, d, m, NLB, &t, CHECK_ALL, \
					NULL), -EINVAL); \
} while (0)
	assert_int_equal(ngio_pi_generate(&g, l.data, l.md, NLB, &t), 0);
	BOTH(NULL, l.data, l.md);
	BOTH(&g, NULL, l.md);
	BOTH(&g, l.data, NULL);			/* separate md missing */
	assert_int_equal(ngio_pi_generate(&g, l.data, l.md, NLB, NULL),
			 -EINVAL);
	g.pi_type = 0;
	BOTH(&g, l.data, l.md);
	g.pi_type = 4;
	BOTH(&g, l.data, l.md);
	g.pi_type = 1;
	g.pi_format = 1;			/* 32b guard: not supported */
	BOTH(&g, l.data, l.md);
	g.pi_format = 3;
	BOTH(&g, l.data, l.md);
	g.pi_format = NGIO_PI_GUARD64;		/* 16 bytes in 8 */
	BOTH(&g, l.data, l.md);
	g.pi_format = NGIO_PI_GUARD16;
	g.ms = 7;
	BOTH(&g, l.data, l.md);
	g.ms = 8;
	g.sts = 8;
	BOTH(&g, l.data, l.md);
	g.sts = 0;
	g.lba_size = 0;
	BOTH(&g, l.data, l.md);
	g.lba_size = LBA;
	g.extended = true;			/* md given with extended */
	BOTH(&g, l.data, l.md);
	g.extended = false;
	assert_int_equal(ngio_pi_verify(&g, l.data, l.md, NLB, &t, 8, NULL),
			 -EINVAL);
	assert_int_equal(ngio_pi_verify(&g, l.data, l.md, NLB, &t, CHECK_ALL,
					NULL), 0);
#undef BOTH
	lay_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(crc16_vectors),
		cmocka_unit_test(crc64_vectors),
		cmocka_unit_test(chaining),
		cmocka_unit_test(paths_agree),
		cmocka_unit_test(layouts),
		cmocka_unit_test(big_blocks),
		cmocka_unit_test(escapes),
		cmocka_unit_test(apptag_mask),
		cmocka_unit_test(reftag_wrap),
		cmocka_unit_test(invalid),
	};

	return cmocka_run_group_tests_name("pi", tests, NULL, NULL);
}
