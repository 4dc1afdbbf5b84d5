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
		cmocka_unit_test(exit_statuses),
		cmocka_unit_test(sizes_for_people),
	};

	return cmocka_run_group_tests_name("args", tests, NULL, NULL);
}
