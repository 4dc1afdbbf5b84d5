// SPDX-License-Identifier: MIT
#include <endian.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <nmmintrin.h>
#endif

#include "verify.h"

#define CRC32C_POLY	0x82f63b78U	/* Castagnoli, bit-reflected */

/* Header field offsets; see verify.h. */
#define HDR_MAGIC	0
#define HDR_LBA		8
#define HDR_SEQ		16
#define HDR_CRC		24
#define HDR_SIZE	28

/*
 * Slicing-by-8: crc_table[k][b] is the CRC of byte b followed by k zero
 * bytes, so eight bytes fold in with eight independent lookups.
 */
static uint32_t crc_table[8][256];
static pthread_once_t crc_table_once = PTHREAD_ONCE_INIT;

static void crc_table_init(void)
{
	for (unsigned b = 0; b < 256; b++) {
		uint32_t c = b;

		for (int i = 0; i < 8; i++)
			c = (c >> 1) ^ (CRC32C_POLY & -(c & 1));
		crc_table[0][b] = c;
	}
	for (unsigned b = 0; b < 256; b++)
		for (int k = 1; k < 8; k++)
			crc_table[k][b] = (crc_table[k - 1][b] >> 8) ^
				crc_table[0][crc_table[k - 1][b] & 0xff];
}

static inline uint64_t load_le64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return le64toh(v);
}

static inline uint32_t load_le32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return le32toh(v);
}

static inline void store_le64(unsigned char *p, uint64_t v)
{
	v = htole64(v);
	memcpy(p, &v, sizeof(v));
}

static inline void store_le32(unsigned char *p, uint32_t v)
{
	v = htole32(v);
	memcpy(p, &v, sizeof(v));
}

uint32_t crc32c_sw(uint32_t crc, const void *buf, size_t len)
{
	const unsigned char *p = buf;

	pthread_once(&crc_table_once, crc_table_init);
	crc = ~crc;
	for (; len >= 8; len -= 8, p += 8) {
		/* The reflected CRC takes the low-order byte first, which
		 * a little-endian load puts in the low bits. */
		uint64_t v = load_le64(p) ^ crc;

		crc = crc_table[7][v & 0xff] ^
		      crc_table[6][(v >> 8) & 0xff] ^
		      crc_table[5][(v >> 16) & 0xff] ^
		      crc_table[4][(v >> 24) & 0xff] ^
		      crc_table[3][(v >> 32) & 0xff] ^
		      crc_table[2][(v >> 40) & 0xff] ^
		      crc_table[1][(v >> 48) & 0xff] ^
		      crc_table[0][v >> 56];
	}
	while (len--)
		crc = (crc >> 8) ^ crc_table[0][(crc ^ *p++) & 0xff];
	return ~crc;
}

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("sse4.2")))
static uint32_t crc32c_sse42(uint32_t crc, const void *buf, size_t len)
{
	const unsigned char *p = buf;
#ifdef __x86_64__
	uint64_t c = ~crc;

	/* Unaligned loads cost next to nothing on CPUs with SSE4.2. */
	for (; len >= 8; len -= 8, p += 8) {
		uint64_t v;

		memcpy(&v, p, sizeof(v));
		c = _mm_crc32_u64(c, v);
	}
	crc = c;
#else
	crc = ~crc;
	for (; len >= 4; len -= 4, p += 4) {
		uint32_t v;

		memcpy(&v, p, sizeof(v));
		crc = _mm_crc32_u32(crc, v);
	}
#endif
	while (len--)
		crc = _mm_crc32_u8(crc, *p++);
	return ~crc;
}
#endif

uint32_t crc32c(uint32_t crc, const void *buf, size_t len)
{
#if defined(__x86_64__) || defined(__i386__)
	/* Reads a word libgcc fills in before main: cheap, no state here. */
	if (__builtin_cpu_supports("sse4.2"))
		return crc32c_sse42(crc, buf, len);
#endif
	return crc32c_sw(crc, buf, len);
}

/* splitmix64's output function: a good 64-bit mixer. */
static inline uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

#define GOLDEN_GAMMA	0x9e3779b97f4a7c15ULL

/*
 * The pattern: a Weyl sequence through a one-multiply mixer.  Not a
 * statistical generator, but no drive compresses or dedupes it, and it
 * is cheap enough to keep up with the CRC instruction.
 */
static inline uint64_t pattern_word(uint64_t *s)
{
	uint64_t z = *s += GOLDEN_GAMMA;

	z = (z ^ (z >> 32)) * 0xd6e8feb86659fd93ULL;
	return z ^ (z >> 32);
}

#if defined(__x86_64__) || defined(__i386__)
/* Fill and checksum in one pass, each word CRCed from its register. */
__attribute__((target("sse4.2")))
static uint32_t fill_pattern_sse42(unsigned char *blk, uint32_t lba_size,
				   uint64_t s)
{
	uint32_t crc = crc32c_sse42(0, blk, VERIFY_HDR_LEN);
#ifdef __x86_64__
	uint64_t c = ~crc;

	for (uint32_t off = VERIFY_HDR_LEN; off < lba_size; off += 8) {
		uint64_t v = pattern_word(&s);

		memcpy(blk + off, &v, sizeof(v));
		c = _mm_crc32_u64(c, v);
	}
	return ~(uint32_t)c;
#else
	crc = ~crc;
	for (uint32_t off = VERIFY_HDR_LEN; off < lba_size; off += 8) {
		uint64_t v = pattern_word(&s);

		memcpy(blk + off, &v, sizeof(v));
		crc = _mm_crc32_u32(crc, v);
		crc = _mm_crc32_u32(crc, v >> 32);
	}
	return ~crc;
#endif
}
#endif

/* Fill a block past its header from s; returns the block's CRC32C. */
static uint32_t fill_pattern(unsigned char *blk, uint32_t lba_size,
			     uint64_t s)
{
#if defined(__x86_64__) || defined(__i386__)
	if (__builtin_cpu_supports("sse4.2"))
		return fill_pattern_sse42(blk, lba_size, s);
#endif
	for (uint32_t off = VERIFY_HDR_LEN; off < lba_size; off += 8)
		store_le64(blk + off, pattern_word(&s));
	return crc32c_sw(0, blk, lba_size);
}

void verify_fill(void *buf, uint32_t lba_size, uint64_t slba,
		 uint32_t nblocks, uint64_t seq)
{
	unsigned char *blk = buf;

	for (uint32_t i = 0; i < nblocks; i++, blk += lba_size) {
		uint64_t lba = slba + i;
		/* Mixed, so that neighbouring LBAs or writes do not start
		 * their Weyl sequences a step apart: shifted copies. */
		uint64_t s = mix64(lba ^ mix64(seq + GOLDEN_GAMMA));

		store_le64(blk + HDR_MAGIC, VERIFY_MAGIC);
		store_le64(blk + HDR_LBA, lba);
		store_le64(blk + HDR_SEQ, seq);
		store_le32(blk + HDR_CRC, 0);
		store_le32(blk + HDR_SIZE, lba_size);
		store_le32(blk + HDR_CRC, fill_pattern(blk, lba_size, s));
	}
}

/* The CRC of a block with its crc field read as 0. */
static uint32_t block_crc(const unsigned char *blk, uint32_t lba_size)
{
	static const unsigned char zero[4];
	uint32_t crc;

	crc = crc32c(0, blk, HDR_CRC);
	crc = crc32c(crc, zero, sizeof(zero));
	return crc32c(crc, blk + HDR_CRC + 4, lba_size - HDR_CRC - 4);
}

static enum verify_fault check_block(const unsigned char *blk,
				     uint32_t lba_size, uint64_t lba,
				     uint32_t expect_seq, uint32_t run,
				     uint64_t *found, uint64_t *expected)
{
	uint64_t v;
	uint32_t crc, stored;

	v = load_le64(blk + HDR_MAGIC);
	if (v != VERIFY_MAGIC) {
		*found = v;
		*expected = VERIFY_MAGIC;
		return VERIFY_NO_HEADER;
	}
	v = load_le32(blk + HDR_SIZE);
	if (v != lba_size) {
		*found = v;
		*expected = lba_size;
		return VERIFY_BAD_SIZE;
	}
	stored = load_le32(blk + HDR_CRC);
	crc = block_crc(blk, lba_size);
	if (stored != crc) {
		*found = stored;
		*expected = crc;
		return VERIFY_BAD_CRC;
	}
	/* Intact, so a wrong LBA is a misplaced write, not a bit flip. */
	v = load_le64(blk + HDR_LBA);
	if (v != lba) {
		*found = v;
		*expected = lba;
		return VERIFY_WRONG_LBA;
	}
	v = load_le64(blk + HDR_SEQ);
	/* A run writes seq = run << 32 | counter and keeps the counter. */
	if (expect_seq && v != ((uint64_t)run << 32 | expect_seq)) {
		*found = v;
		*expected = (uint64_t)run << 32 | expect_seq;
		return VERIFY_STALE;
	}
	return VERIFY_OK;
}

unsigned verify_check_run(const void *buf, uint32_t lba_size, uint64_t slba,
			  uint32_t nblocks, const uint32_t *expect_seq,
			  uint32_t run, struct verify_error *err)
{
	const unsigned char *blk = buf;
	unsigned bad = 0;

	if (err)
		*err = (struct verify_error){ .fault = VERIFY_OK };
	for (uint32_t i = 0; i < nblocks; i++, blk += lba_size) {
		uint64_t found = 0, expected = 0;
		enum verify_fault f;

		f = check_block(blk, lba_size, slba + i,
				expect_seq ? expect_seq[i] : 0, run,
				&found, &expected);
		if (f == VERIFY_OK)
			continue;
		if (!bad++ && err)
			*err = (struct verify_error){
				.fault = f,
				.lba = slba + i,
				.found = found,
				.expected = expected,
			};
	}
	return bad;
}

const char *verify_describe(const struct verify_error *err, char *buf,
			    size_t len)
{
	uint64_t lba = err->lba;

	switch (err->fault) {
	case VERIFY_OK:
		snprintf(buf, len, "no bad blocks");
		break;
	case VERIFY_NO_HEADER:
		snprintf(buf, len,
			 "LBA %" PRIu64 ": no bench header (not written by a --verify run)",
			 lba);
		break;
	case VERIFY_BAD_SIZE:
		snprintf(buf, len,
			 "LBA %" PRIu64 ": written with %" PRIu64 "-byte blocks, not %" PRIu64,
			 lba, err->found, err->expected);
		break;
	case VERIFY_WRONG_LBA:
		snprintf(buf, len, "LBA %" PRIu64 ": holds LBA %" PRIu64 "'s data",
			 lba, err->found);
		break;
	case VERIFY_BAD_CRC:
		snprintf(buf, len, "LBA %" PRIu64 ": CRC32C 0x%08" PRIx64
			 " but the data's is 0x%08" PRIx64 " (corrupted)",
			 lba, err->found, err->expected);
		break;
	case VERIFY_STALE:
		if (!(err->found >> 32) && !(err->expected >> 32)) {
			snprintf(buf, len, "LBA %" PRIu64 ": holds write #%"
				 PRIu64 ", but #%" PRIu64 " was the last "
				 "(stale or lost write)", lba, err->found,
				 err->expected);
			break;
		}
		/* Sequence numbers are run << 32 | counter. */
		snprintf(buf, len, "LBA %" PRIu64 ": holds write #%" PRIu32
			 " of run %08" PRIx32 ", but #%" PRIu32 " of run %08"
			 PRIx32 " was the last (stale or lost write)", lba,
			 (uint32_t)err->found, (uint32_t)(err->found >> 32),
			 (uint32_t)err->expected,
			 (uint32_t)(err->expected >> 32));
		break;
	default:
		snprintf(buf, len, "LBA %" PRIu64 ": unknown fault %d", lba,
			 (int)err->fault);
		break;
	}
	return buf;
}
