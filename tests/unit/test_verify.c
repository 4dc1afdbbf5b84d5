// SPDX-License-Identifier: MIT
/* bench --verify: CRC32C and the block header, each fault classified. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rnd.h"
#include "verify.h"

/* A fixed generator so a failure reproduces. */
static uint64_t rnd_state = 0x2545f4914f6cdd1dULL;

static uint64_t rnd(void)
{
	return rnd_next(&rnd_state);
}

static void fill_random(void *buf, size_t len)
{
	unsigned char *p = buf;

	while (len--)
		*p++ = rnd();
}

/* RFC 3720 B.4 and the usual check value. */
static void crc32c_vectors(void **state)
{
	uint32_t (*const fn[])(uint32_t, const void *, size_t) = {
		crc32c, crc32c_sw,
	};
	unsigned char buf[32];

	(void)state;
	for (size_t f = 0; f < sizeof(fn) / sizeof(fn[0]); f++) {
		assert_int_equal(fn[f](0, "123456789", 9), 0xe3069283);
		assert_int_equal(fn[f](0, "", 0), 0);
		memset(buf, 0, sizeof(buf));
		assert_int_equal(fn[f](0, buf, sizeof(buf)), 0x8a9136aa);
		memset(buf, 0xff, sizeof(buf));
		assert_int_equal(fn[f](0, buf, sizeof(buf)), 0x62a8ab43);
		for (int i = 0; i < 32; i++)
			buf[i] = i;
		assert_int_equal(fn[f](0, buf, sizeof(buf)), 0x46dd794e);
		for (int i = 0; i < 32; i++)
			buf[i] = 31 - i;
		assert_int_equal(fn[f](0, buf, sizeof(buf)), 0x113fdb5c);
	}
}

static void crc32c_continues(void **state)
{
	unsigned char buf[1000];
	uint32_t whole, whole_sw;

	(void)state;
	fill_random(buf, sizeof(buf));
	whole = crc32c(0, buf, sizeof(buf));
	whole_sw = crc32c_sw(0, buf, sizeof(buf));
	assert_int_equal(whole, whole_sw);
	for (size_t n = 0; n <= sizeof(buf); n += 7) {
		assert_int_equal(crc32c(crc32c(0, buf, n), buf + n,
					sizeof(buf) - n), whole);
		assert_int_equal(crc32c_sw(crc32c_sw(0, buf, n), buf + n,
					   sizeof(buf) - n), whole);
		/* Either path may carry on from the other. */
		assert_int_equal(crc32c_sw(crc32c(0, buf, n), buf + n,
					   sizeof(buf) - n), whole);
	}
	assert_int_equal(crc32c(crc32c(0, "1234", 4), "56789", 5),
			 0xe3069283);
}

/* Every length up to a few words, at every alignment, then long ones. */
static void crc32c_paths_agree(void **state)
{
	static unsigned char buf[70000];

	(void)state;
	fill_random(buf, sizeof(buf));
	for (size_t off = 0; off < 16; off++)
		for (size_t len = 0; len < 300; len++)
			assert_int_equal(crc32c(0, buf + off, len),
					 crc32c_sw(0, buf + off, len));
	for (int i = 0; i < 200; i++) {
		size_t off = rnd() % 64;
		size_t len = rnd() % (sizeof(buf) - off);
		uint32_t seed = rnd();

		assert_int_equal(crc32c(seed, buf + off, len),
				 crc32c_sw(seed, buf + off, len));
	}
}

#define NBLOCKS 8

static unsigned char *blocks_new(uint32_t lba_size, unsigned n)
{
	void *buf = NULL;

	/* Aligned as an I/O buffer would be. */
	assert_int_equal(posix_memalign(&buf, 4096, (size_t)lba_size * n), 0);
	return buf;
}

static void round_trip(void **state)
{
	static const uint32_t sizes[] = { 512, 4096 };
	static const uint64_t slbas[] = { 0, 1000, UINT64_MAX - NBLOCKS };
	uint32_t seqs[NBLOCKS];
	struct verify_error err;

	(void)state;
	for (size_t s = 0; s < 2; s++) {
		uint32_t bs = sizes[s];
		unsigned char *buf = blocks_new(bs, NBLOCKS);

		for (size_t l = 0; l < 3; l++) {
			uint64_t slba = slbas[l];

			memset(&err, 0xa5, sizeof(err));
			verify_fill(buf, bs, slba, NBLOCKS, 3);
			assert_int_equal(verify_check(buf, bs, slba, NBLOCKS,
						      NULL, &err), 0);
			assert_int_equal(err.fault, VERIFY_OK);
			assert_true(err.lba == 0);
			for (int i = 0; i < NBLOCKS; i++)
				seqs[i] = 3;
			assert_int_equal(verify_check(buf, bs, slba, NBLOCKS,
						      seqs, &err), 0);
			/* 0: not written in this run, anything intact goes. */
			memset(seqs, 0, sizeof(seqs));
			assert_int_equal(verify_check(buf, bs, slba, NBLOCKS,
						      seqs, NULL), 0);
			/* Each block checks on its own, too. */
			assert_int_equal(verify_check(buf + 2 * bs, bs,
						      slba + 2, 1, NULL, NULL),
					 0);
		}
		free(buf);
	}
}

static void header_layout(void **state)
{
	unsigned char *buf = blocks_new(512, 2);
	static const unsigned char magic[8] = "NGIOBNCH";
	uint32_t crc;

	(void)state;
	verify_fill(buf, 512, 0x0102030405060708ULL, 2, 0x1122334455667788ULL);
	assert_memory_equal(buf, magic, 8);
	assert_int_equal(buf[8], 0x08);
	assert_int_equal(buf[15], 0x01);
	assert_int_equal(buf[16], 0x88);
	assert_int_equal(buf[23], 0x11);
	assert_int_equal(buf[28] | buf[29] << 8 | buf[30] << 16 | buf[31] << 24,
			 512);
	assert_int_equal(buf[512 + 8], 0x09);
	/* The CRC is of the block with the crc field zeroed. */
	crc = buf[24] | buf[25] << 8 | buf[26] << 16 | (uint32_t)buf[27] << 24;
	memset(buf + 24, 0, 4);
	assert_int_equal(crc32c(0, buf, 512), crc);
	assert_int_equal(crc32c_sw(0, buf, 512), crc);
	free(buf);
}

/* No two writes look alike: other LBA, other seq, other bytes. */
static void patterns_differ(void **state)
{
	unsigned char *a = blocks_new(4096, 2), *b = blocks_new(4096, 1);

	(void)state;
	verify_fill(a, 4096, 10, 2, 1);
	verify_fill(b, 4096, 10, 1, 2);
	assert_memory_not_equal(a + 32, b + 32, 4096 - 32);
	assert_memory_not_equal(a + 32, a + 4096 + 32, 4096 - 32);
	/* Neither is its neighbour shifted by a word. */
	assert_memory_not_equal(a + 40, a + 4096 + 32, 4096 - 40);
	assert_memory_not_equal(a + 32, a + 4096 + 40, 4096 - 40);
	/* And the same write is the same. */
	verify_fill(b, 4096, 11, 1, 1);
	assert_memory_equal(a + 4096, b, 4096);
	free(a);
	free(b);
}

static void bit_flip_is_bad_crc(void **state)
{
	static const uint32_t sizes[] = { 512, 4096 };
	struct verify_error err;

	(void)state;
	for (size_t s = 0; s < 2; s++) {
		uint32_t bs = sizes[s];
		unsigned char *buf = blocks_new(bs, NBLOCKS);

		verify_fill(buf, bs, 500, NBLOCKS, 1);
		buf[3 * bs + bs / 2] ^= 0x10;
		assert_int_equal(verify_check(buf, bs, 500, NBLOCKS, NULL,
					      &err), 1);
		assert_int_equal(err.fault, VERIFY_BAD_CRC);
		assert_true(err.lba == 503);
		assert_true(err.found != err.expected);
		buf[3 * bs + bs / 2] ^= 0x10;
		assert_true(err.found == (buf[3 * bs + 24] |
					  buf[3 * bs + 25] << 8 |
					  buf[3 * bs + 26] << 16 |
					  (uint32_t)buf[3 * bs + 27] << 24));
		/* A flip in the last byte, and in the crc field itself. */
		buf[4 * bs - 1] ^= 1;
		buf[5 * bs + 25] ^= 0x80;
		assert_int_equal(verify_check(buf, bs, 500, NBLOCKS, NULL,
					      &err), 2);
		assert_int_equal(err.fault, VERIFY_BAD_CRC);
		assert_true(err.lba == 503);
		free(buf);
	}
}

static void random_block_has_no_header(void **state)
{
	unsigned char *buf = blocks_new(512, NBLOCKS);
	struct verify_error err;

	(void)state;
	verify_fill(buf, 512, 0, NBLOCKS, 1);
	fill_random(buf + 6 * 512, 512);
	assert_int_equal(verify_check(buf, 512, 0, NBLOCKS, NULL, &err), 1);
	assert_int_equal(err.fault, VERIFY_NO_HEADER);
	assert_true(err.lba == 6);
	assert_true(err.expected == VERIFY_MAGIC);
	/* Deallocated blocks read back as zeroes. */
	memset(buf, 0, 512);
	assert_int_equal(verify_check(buf, 512, 0, NBLOCKS, NULL, &err), 2);
	assert_int_equal(err.fault, VERIFY_NO_HEADER);
	assert_true(err.lba == 0);
	assert_true(err.found == 0);
	free(buf);
}

static void swapped_blocks_are_wrong_lba(void **state)
{
	unsigned char *buf = blocks_new(4096, NBLOCKS);
	unsigned char tmp[4096];
	struct verify_error err;

	(void)state;
	verify_fill(buf, 4096, 100, NBLOCKS, 1);
	memcpy(tmp, buf + 2 * 4096, 4096);
	memcpy(buf + 2 * 4096, buf + 5 * 4096, 4096);
	memcpy(buf + 5 * 4096, tmp, 4096);
	assert_int_equal(verify_check(buf, 4096, 100, NBLOCKS, NULL, &err), 2);
	assert_int_equal(err.fault, VERIFY_WRONG_LBA);
	assert_true(err.lba == 102);
	assert_true(err.found == 105);
	assert_true(err.expected == 102);
	/* The whole range written one LBA off. */
	verify_fill(buf, 4096, 101, NBLOCKS, 1);
	assert_int_equal(verify_check(buf, 4096, 100, NBLOCKS, NULL, &err),
			 NBLOCKS);
	assert_int_equal(err.fault, VERIFY_WRONG_LBA);
	assert_true(err.lba == 100 && err.found == 101);
	free(buf);
}

static void older_write_is_stale(void **state)
{
	unsigned char *buf = blocks_new(512, NBLOCKS);
	uint32_t seqs[NBLOCKS] = { 0 };
	struct verify_error err;

	(void)state;
	verify_fill(buf, 512, 40, NBLOCKS, 5);
	seqs[4] = 7;
	assert_int_equal(verify_check(buf, 512, 40, NBLOCKS, seqs, &err), 1);
	assert_int_equal(err.fault, VERIFY_STALE);
	assert_true(err.lba == 44);
	assert_true(err.found == 5 && err.expected == 7);
	seqs[4] = 5;
	seqs[7] = 7;
	for (int i = 0; i < 7; i++)
		seqs[i] = 5;
	assert_int_equal(verify_check(buf, 512, 40, NBLOCKS, seqs, &err), 1);
	assert_true(err.fault == VERIFY_STALE && err.lba == 47);
	/* Without expectations the same blocks pass. */
	assert_int_equal(verify_check(buf, 512, 40, NBLOCKS, NULL, &err), 0);
	/* The high half is the run: the same counter from another run (an
	 * identical rerun whose write was lost) is stale too. */
	verify_fill(buf, 512, 40, 1, (7ULL << 32) + 9);
	seqs[0] = 9;
	assert_int_equal(verify_check_run(buf, 512, 40, 1, seqs, 7, &err), 0);
	assert_int_equal(verify_check_run(buf, 512, 40, 1, seqs, 8, &err), 1);
	assert_true(err.fault == VERIFY_STALE &&
		    err.found == (7ULL << 32) + 9 &&
		    err.expected == (8ULL << 32) + 9);
	assert_int_equal(verify_check(buf, 512, 40, 1, seqs, &err), 1);
	free(buf);
}

static void other_block_size_is_bad_size(void **state)
{
	unsigned char *buf = blocks_new(4096, 2);
	struct verify_error err;

	(void)state;
	/* 4 KiB blocks read back as 512-byte ones: the first of each eight
	 * has a header of the wrong size, the rest none. */
	verify_fill(buf, 4096, 10, 2, 1);
	assert_int_equal(verify_check(buf, 512, 80, 16, NULL, &err), 16);
	assert_int_equal(err.fault, VERIFY_BAD_SIZE);
	assert_true(err.lba == 80);
	assert_true(err.found == 4096 && err.expected == 512);
	assert_int_equal(verify_check(buf + 512, 512, 81, 7, NULL, &err), 7);
	assert_int_equal(err.fault, VERIFY_NO_HEADER);
	/* And the other way round. */
	verify_fill(buf, 512, 80, 16, 1);
	assert_int_equal(verify_check(buf, 4096, 10, 2, NULL, &err), 2);
	assert_int_equal(err.fault, VERIFY_BAD_SIZE);
	assert_true(err.lba == 10);
	assert_true(err.found == 512 && err.expected == 4096);
	free(buf);
}

/* With several faults, the first block's is the one described. */
static void first_fault_reported(void **state)
{
	unsigned char *buf = blocks_new(512, NBLOCKS);
	uint32_t seqs[NBLOCKS] = { 0 };
	struct verify_error err;

	(void)state;
	verify_fill(buf, 512, 0, NBLOCKS, 2);
	seqs[1] = 3;				/* stale */
	buf[3 * 512 + 100] ^= 4;		/* corrupted */
	memset(buf + 5 * 512, 0, 512);		/* never written */
	assert_int_equal(verify_check(buf, 512, 0, NBLOCKS, seqs, &err), 3);
	assert_true(err.fault == VERIFY_STALE && err.lba == 1);
	seqs[1] = 0;
	assert_int_equal(verify_check(buf, 512, 0, NBLOCKS, seqs, &err), 2);
	assert_true(err.fault == VERIFY_BAD_CRC && err.lba == 3);
	/* Corrupt and stale at once: the CRC is checked first. */
	seqs[3] = 3;
	assert_int_equal(verify_check(buf, 512, 0, 4, seqs, &err), 1);
	assert_true(err.fault == VERIFY_BAD_CRC && err.lba == 3);
	free(buf);
}

static void descriptions(void **state)
{
	static const struct {
		struct verify_error err;
		const char *text;
	} cases[] = {
		{ { VERIFY_NO_HEADER, 1234, 0, VERIFY_MAGIC },
		  "LBA 1234: no bench header (not written by a --verify run)" },
		{ { VERIFY_BAD_SIZE, 1234, 4096, 512 },
		  "LBA 1234: written with 4096-byte blocks, not 512" },
		{ { VERIFY_WRONG_LBA, 1234, 999, 1234 },
		  "LBA 1234: holds LBA 999's data" },
		{ { VERIFY_BAD_CRC, 1234, 0x1234abcd, 0x89abcdef },
		  "LBA 1234: CRC32C 0x1234abcd but the data's is 0x89abcdef (corrupted)" },
		{ { VERIFY_BAD_CRC, 7, 0xab, 0 },
		  "LBA 7: CRC32C 0x000000ab but the data's is 0x00000000 (corrupted)" },
		{ { VERIFY_STALE, 1234, 5, 7 },
		  "LBA 1234: holds write #5, but #7 was the last (stale or lost write)" },
		{ { VERIFY_STALE, UINT64_MAX, 5, 7 },
		  "LBA 18446744073709551615: holds write #5, but #7 was the last (stale or lost write)" },
		{ { VERIFY_OK, 0, 0, 0 }, "no bad blocks" },
	};
	char buf[160], small[12];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_ptr_equal(verify_describe(&cases[i].err, buf,
						 sizeof(buf)), buf);
		assert_string_equal(buf, cases[i].text);
	}
	/* Cut short, still a string. */
	verify_describe(&cases[0].err, small, sizeof(small));
	assert_string_equal(small, "LBA 1234: n");
}

/* What verify_check() finds, verify_describe() names by its LBA. */
static void described_check(void **state)
{
	unsigned char *buf = blocks_new(512, NBLOCKS);
	struct verify_error err;
	char text[160];

	(void)state;
	verify_fill(buf, 512, 77000, NBLOCKS, 1);
	buf[6 * 512 + 300] ^= 1;
	assert_int_equal(verify_check(buf, 512, 77000, NBLOCKS, NULL, &err), 1);
	verify_describe(&err, text, sizeof(text));
	assert_non_null(strstr(text, "LBA 77006: "));
	assert_non_null(strstr(text, "(corrupted)"));
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(crc32c_vectors),
		cmocka_unit_test(crc32c_continues),
		cmocka_unit_test(crc32c_paths_agree),
		cmocka_unit_test(round_trip),
		cmocka_unit_test(header_layout),
		cmocka_unit_test(patterns_differ),
		cmocka_unit_test(bit_flip_is_bad_crc),
		cmocka_unit_test(random_block_has_no_header),
		cmocka_unit_test(swapped_blocks_are_wrong_lba),
		cmocka_unit_test(older_write_is_stale),
		cmocka_unit_test(other_block_size_is_bad_size),
		cmocka_unit_test(first_fault_reported),
		cmocka_unit_test(descriptions),
		cmocka_unit_test(described_check),
	};

	return cmocka_run_group_tests_name("verify", tests, NULL, NULL);
}
