// SPDX-License-Identifier: MIT
/* CLI argument helpers: numbers and exit statuses. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "args.h"

static void numbers_parse(void **state)
{
	uint64_t v = 0;

	(void)state;
	assert_int_equal(parse_u64("0", 10, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(parse_u64("4096", UINT64_MAX, &v), 0);
	assert_int_equal(v, 4096);
	assert_int_equal(parse_u64("0x1f", UINT64_MAX, &v), 0);
	assert_int_equal(v, 31);
	assert_int_equal(parse_u64("18446744073709551615", UINT64_MAX, &v), 0);
	assert_true(v == UINT64_MAX);
}

static void bad_numbers_refused(void **state)
{
	static const char *const bad[] = {
		"", "-1", "+1", " 1", "1 ", "1k", "abc", "0x", "1.5", "--",
	};
	uint64_t v = 77;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse_u64(bad[i], UINT64_MAX, &v), -EINVAL);
		assert_int_equal(v, 77);
	}
	assert_int_equal(parse_u64(NULL, 1, &v), -EINVAL);
	assert_int_equal(parse_u64("18446744073709551616", UINT64_MAX, &v),
			 -ERANGE);
	assert_int_equal(parse_u64("11", 10, &v), -ERANGE);
	assert_int_equal(v, 77);
}

/* "010" is octal to strtoull and ten to people: refused, both told. */
static void leading_zeros_refused(void **state)
{
	static const char *const bad[] = { "00", "010", "09", "0123", "007x" };
	char buf[NUM_WHY_LEN];
	uint64_t v = 77;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse_u64(bad[i], UINT64_MAX, &v), -EDOM);
		assert_int_equal(v, 77);
	}
	assert_string_equal(num_why("010", -EDOM, buf, sizeof(buf)),
			    "has a leading zero, which may mean octal: write "
			    "10 (0xa) for decimal, 8 (0x8) for octal");
	assert_string_equal(num_why("09", -EDOM, buf, sizeof(buf)),
			    "has a leading zero, which may mean octal: write "
			    "9 (0x9) for decimal");
	assert_string_equal(num_why("007x", -EDOM, buf, sizeof(buf)),
			    "has a leading zero, which may mean octal: write "
			    "the number without it, or in hex with 0x");
	assert_string_equal(num_why("1", -ERANGE, buf, sizeof(buf)),
			    "is not in range");
	assert_string_equal(num_why("x", -EINVAL, buf, sizeof(buf)),
			    "is not a non-negative number");
	/* Zero itself and hex with zeros after 0x are not ambiguous. */
	assert_int_equal(parse_u64("0", 1, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(parse_u64("0x010", UINT64_MAX, &v), 0);
	assert_int_equal(v, 16);
}

static void ranges_parse(void **state)
{
	struct lba_range r = { 0 };
	const char *why = NULL;

	(void)state;
	assert_int_equal(parse_lba_range("0:1", 65536, &r, &why), 0);
	assert_true(r.lba == 0 && r.blocks == 1);
	assert_int_equal(parse_lba_range("1001:7", 65536, &r, &why), 0);
	assert_true(r.lba == 1001 && r.blocks == 7);
	assert_int_equal(parse_lba_range("0x10:0x20", 65536, &r, NULL), 0);
	assert_true(r.lba == 16 && r.blocks == 32);
	assert_int_equal(parse_lba_range("5:65536", 65536, &r, &why), 0);
	assert_true(r.blocks == 65536);
	/* The last LBA there is: whether it is inside the namespace is
	 * the device-side check's (ngio_range_ok). */
	assert_int_equal(parse_lba_range("18446744073709551615:1", UINT64_MAX,
					 &r, &why), 0);
	assert_true(r.lba == UINT64_MAX && r.blocks == 1);
	assert_int_equal(parse_lba_range("0:18446744073709551615", UINT64_MAX,
					 &r, &why), 0);
	assert_true(r.blocks == UINT64_MAX);
}

static void bad_ranges_refused(void **state)
{
	static const struct {
		const char *s;
		const char *why;
	} bad[] = {
		{ "", "not LBA:BLOCKS (no ':')" },
		{ "12", "not LBA:BLOCKS (no ':')" },
		{ ":", "LBA is empty" },
		{ ":8", "LBA is empty" },
		{ "8:", "BLOCKS is empty" },
		{ "-1:8", "LBA is not a non-negative number" },
		{ "+1:8", "LBA is not a non-negative number" },
		{ " 1:8", "LBA is not a non-negative number" },
		{ "1x:8", "LBA is not a non-negative number" },
		{ "1:-8", "BLOCKS is not a non-negative number" },
		{ "1:+8", "BLOCKS is not a non-negative number" },
		{ "1:8 ", "BLOCKS is not a non-negative number" },
		{ "1:8:9", "BLOCKS is not a non-negative number" },
		{ "1:8k", "BLOCKS is not a non-negative number" },
		{ "1::8", "BLOCKS is not a non-negative number" },
		{ "1:0", "BLOCKS must be at least 1" },
		{ "1:0x0", "BLOCKS must be at least 1" },
		{ "1:65537", "BLOCKS is too large" },
		{ "18446744073709551616:1", "LBA is out of range" },
		{ "1:18446744073709551616", "BLOCKS is too large" },
		{ "18446744073709551615:2", "the range runs past LBA 2^64-1" },
		{ "18446744073709551000:65536",
		  "the range runs past LBA 2^64-1" },
	};
	struct lba_range r = { 77, 77 };

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *why = NULL;

		assert_int_equal(parse_lba_range(bad[i].s, 65536, &r, &why),
				 -EINVAL);
		assert_non_null(why);
		assert_string_equal(why, bad[i].why);
		assert_true(r.lba == 77 && r.blocks == 77);
	}
	assert_int_equal(parse_lba_range(NULL, 65536, &r, NULL), -EINVAL);
	assert_int_equal(parse_lba_range("2:18446744073709551615", UINT64_MAX,
					 &r, NULL), -EINVAL);
}

static void exit_statuses(void **state)
{
	FILE *saved = stderr;

	(void)state;
	/* Keep the test log clean of the messages report() prints. */
	stderr = fopen("/dev/null", "w");
	assert_int_equal(report("t", "p", 0), NGIO_EXIT_OK);
	assert_int_equal(report("t", "p", -ENOENT), NGIO_EXIT_SYS);
	assert_int_equal(report("t", "p", -EACCES), NGIO_EXIT_SYS);
	assert_int_equal(report("t", "p", -ENOTTY), NGIO_EXIT_SYS);
	assert_int_equal(report("t", "p", 0x4080), NGIO_EXIT_NVME);
	fclose(stderr);
	stderr = saved;
}

/* --prinfo: names in any order, or nvme-cli's number. */
static void prinfo_parse(void **state)
{
	static const char *const bad[] = {
		"", "16", "-1", "guard,", ",guard", "guard,,reftag", "Guar",
		"pract,crc", "0x10", "4x", "08", "prchks",
	};
	const char *why = NULL;
	unsigned v = 99;

	(void)state;
	assert_int_equal(parse_prinfo("pract", &v, NULL), 0);
	assert_int_equal(v, PRINFO_PRACT);
	assert_int_equal(parse_prinfo("reftag,guard,apptag", &v, NULL), 0);
	assert_int_equal(v, PRINFO_GUARD | PRINFO_APPTAG | PRINFO_REFTAG);
	assert_int_equal(parse_prinfo("guard,guard", &v, NULL), 0);
	assert_int_equal(v, PRINFO_GUARD);
	assert_int_equal(parse_prinfo("0", &v, NULL), 0);
	assert_int_equal(v, 0);
	assert_int_equal(parse_prinfo("15", &v, NULL), 0);
	assert_int_equal(v, 15);
	assert_int_equal(parse_prinfo("0xc", &v, NULL), 0);
	assert_int_equal(v, PRINFO_PRACT | PRINFO_GUARD);
	/* The spec's spellings, in any case; PRCHK: the format's checks. */
	assert_int_equal(parse_prinfo("PRACT,PRCHK", &v, NULL), 0);
	assert_int_equal(v, PRINFO_PRACT | PRINFO_PRCHK);
	assert_int_equal(parse_prinfo("Guard,RefTag", &v, NULL), 0);
	assert_int_equal(v, PRINFO_GUARD | PRINFO_REFTAG);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = 99;
		why = NULL;
		assert_int_equal(parse_prinfo(bad[i], &v, &why), -EINVAL);
		assert_non_null(why);
		assert_int_equal(v, 99);
	}
	assert_int_equal(parse_prinfo(NULL, &v, NULL), -EINVAL);
}

static void sizes_for_people(void **state)
{
	char buf[32];

	(void)state;
	assert_string_equal(human_size(512, buf, sizeof(buf)), "512 B");
	assert_string_equal(human_size(64 << 20, buf, sizeof(buf)),
			    "64.00 MiB");
	assert_string_equal(human_size(1536, buf, sizeof(buf)), "1.50 KiB");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(numbers_parse),
		cmocka_unit_test(bad_numbers_refused),
		cmocka_unit_test(leading_zeros_refused),
		cmocka_unit_test(ranges_parse),
		cmocka_unit_test(bad_ranges_refused),
		cmocka_unit_test(exit_statuses),
		cmocka_unit_test(prinfo_parse),
		cmocka_unit_test(sizes_for_people),
	};

	return cmocka_run_group_tests_name("args", tests, NULL, NULL);
}
