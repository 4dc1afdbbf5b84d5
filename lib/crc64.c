// SPDX-License-Identifier: MIT
/*
 * CRC-64/NVME, the guard of the NVM Command Set's 64b guard protection
 * information: polynomial 0xad93d23594c93659, reflected.  ISA-L 2.30 has
 * no such CRC, so here are two: slice-by-8 tables for any CPU, and
 * carry-less multiply folding (PCLMULQDQ) for x86 CPUs that have it.
 * Tables and folding constants come from crc64-gen.c at build time; the
 * derivation of the constants is explained there.
 */
#include <endian.h>
#include <string.h>

#include "crc64.h"
#include "crc64-tables.h"

#if defined(__x86_64__)	/* the 64-bit SSE moves exist there only */
#define HAVE_CLMUL 1
#include <immintrin.h>
#endif

static inline uint64_t load_le64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return le64toh(v);
}

uint64_t crc64_nvme_table(uint64_t reg, const void *buf, size_t len)
{
	const unsigned char *p = buf;

	for (; len >= 8; len -= 8, p += 8) {
		reg ^= load_le64(p);
		reg = crc64_table[7][reg & 0xff] ^
		      crc64_table[6][(reg >> 8) & 0xff] ^
		      crc64_table[5][(reg >> 16) & 0xff] ^
		      crc64_table[4][(reg >> 24) & 0xff] ^
		      crc64_table[3][(reg >> 32) & 0xff] ^
		      crc64_table[2][(reg >> 40) & 0xff] ^
		      crc64_table[1][(reg >> 48) & 0xff] ^
		      crc64_table[0][reg >> 56];
	}
	while (len--)
		reg = crc64_table[0][(reg ^ *p++) & 0xff] ^ (reg >> 8);
	return reg;
}

#ifdef HAVE_CLMUL

#define CLMUL __attribute__((target("pclmul,sse4.1")))

/* Constants for a fold over d = 128 * (i + 1) bits. */
static inline CLMUL __m128i fold_k(unsigned i)
{
	return _mm_set_epi64x((long long)crc64_fold[i][1],
			      (long long)crc64_fold[i][0]);
}

/* a, moved forward by the fold k stands for, plus the data there. */
static inline CLMUL __m128i fold(__m128i a, __m128i k, __m128i data)
{
	__m128i lo = _mm_clmulepi64_si128(a, k, 0x00);
	__m128i hi = _mm_clmulepi64_si128(a, k, 0x11);

	return _mm_xor_si128(_mm_xor_si128(lo, hi), data);
}

/*
 * The shift register after the 16 bytes of a: a * x^64 mod P.  First
 * the first half is folded onto the second (a * x^64 = H x^128 +
 * L x^64, H x^128 == H * (x^127 mod P) * x); what remains, W = Wh x^64
 * + Wl, is reduced by Barrett: q = floor(Wh x^64 / P) = Wh + floor(Wh
 * mu' / x^64) with mu = x^64 + mu' = floor(x^128 / P), and Wh x^64 mod
 * P is the low 64 coefficients of q * P.  The shifts undo the extra x
 * of each carry-less product.
 */
static inline CLMUL uint64_t reduce(__m128i a)
{
	__m128i w, t;
	uint64_t wh, wl, q;

	w = _mm_clmulepi64_si128(a, fold_k(0), 0x10);
	w = _mm_xor_si128(w, _mm_srli_si128(a, 8));
	wh = (uint64_t)_mm_cvtsi128_si64(w);
	wl = (uint64_t)_mm_extract_epi64(w, 1);

	t = _mm_clmulepi64_si128(_mm_cvtsi64_si128((long long)wh),
				 _mm_cvtsi64_si128((long long)CRC64_MU), 0x00);
	q = wh ^ ((uint64_t)_mm_cvtsi128_si64(t) << 1);
	t = _mm_clmulepi64_si128(_mm_cvtsi64_si128((long long)q),
				 _mm_cvtsi64_si128((long long)CRC64_RPOLY),
				 0x00);
	return (((uint64_t)_mm_extract_epi64(t, 1) << 1) |
		((uint64_t)_mm_cvtsi128_si64(t) >> 63)) ^ wl;
}

static inline CLMUL __m128i load(const unsigned char *p)
{
	return _mm_loadu_si128((const __m128i *)p);
}

CLMUL uint64_t crc64_nvme_clmul(uint64_t reg, const void *buf, size_t len)
{
	const unsigned char *p = buf;
	__m128i x[8], k, a;
	int i;

	if (len < 16)
		return crc64_nvme_table(reg, p, len);

	if (len >= 128) {
		/* Eight lanes 128 bytes apart hide the multiply latency. */
		for (i = 0; i < 8; i++)
			x[i] = load(p + 16 * i);
		x[0] = _mm_xor_si128(x[0], _mm_cvtsi64_si128((long long)reg));
		p += 128;
		len -= 128;
		k = fold_k(7);
		for (; len >= 128; len -= 128, p += 128)
			for (i = 0; i < 8; i++)
				x[i] = fold(x[i], k, load(p + 16 * i));
		a = x[7];
		for (i = 0; i < 7; i++)
			a = fold(x[i], fold_k(6 - i), a);
	} else {
		a = _mm_xor_si128(load(p), _mm_cvtsi64_si128((long long)reg));
		p += 16;
		len -= 16;
	}
	k = fold_k(0);
	for (; len >= 16; len -= 16, p += 16)
		a = fold(a, k, load(p));
	return crc64_nvme_table(reduce(a), p, len);
}

bool crc64_nvme_have_clmul(void)
{
	return __builtin_cpu_supports("pclmul") &&
	       __builtin_cpu_supports("sse4.1");
}

#else /* !HAVE_CLMUL */

uint64_t crc64_nvme_clmul(uint64_t reg, const void *buf, size_t len)
{
	return crc64_nvme_table(reg, buf, len);
}

bool crc64_nvme_have_clmul(void)
{
	return false;
}

#endif
