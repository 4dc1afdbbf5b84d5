// SPDX-License-Identifier: MIT
/* cli_parse(): repeated options, "--", stray arguments. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cli.h"

/* ngio.c's, which prints the subcommand's usage: the reason is enough. */
static char last_why[256];

int usage_ok(const char *cmd)
{
	(void)cmd;
	return NGIO_EXIT_OK;
}

int usage_err(const char *cmd, const char *why)
{
	(void)cmd;
	snprintf(last_why, sizeof(last_why), "%s", why ? why : "");
	return NGIO_EXIT_USAGE;
}

enum { X_ONE = CLI_EXTRA, X_MANY };

static int extra_cb(struct cli *c, int val, const char *arg, void *ctx)
{
	unsigned *n = ctx;

	(void)c;
	(void)arg;
	/* The callback sees the value without CLI_REPEAT. */
	assert_true(val == X_ONE || val == X_MANY);
	n[val - CLI_EXTRA]++;
	return 0;
}

static const struct option extra_opts[] = {
	{ "one", required_argument, NULL, X_ONE },
	{ "many", required_argument, NULL, X_MANY | CLI_REPEAT },
	{ "flag", no_argument, NULL, X_ONE },
	{ 0 },
};

/* Parse a NULL-terminated argument list (argv[0] "t"). */
static int parse(struct cli *c, unsigned *counts, ...)
{
	char *argv[16] = { "t" };
	struct cli_extra x = { extra_opts, extra_cb, counts };
	int argc = 1;
	va_list ap;

	va_start(ap, counts);
	while (argc < 15 && (argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	argv[argc] = NULL;
	last_why[0] = 0;
	return cli_parse(c, argc, argv, CLI_LBA | CLI_BLOCKS | CLI_DATA, &x);
}

static void repeated_value_refused(void **state)
{
	unsigned n[2] = { 0 };
	struct cli c;

	(void)state;
	assert_int_equal(parse(&c, n, "/dev/x", "--lba", "40", "--lba", "41",
			       NULL), NGIO_EXIT_USAGE);
	assert_string_equal(last_why, "--lba is given more than once");
	assert_int_equal(parse(&c, n, "--data", "a", "/dev/x", "--data=b",
			       NULL), NGIO_EXIT_USAGE);
	assert_string_equal(last_why, "--data is given more than once");
	assert_int_equal(parse(&c, n, "/dev/x", "--one", "1", "--one", "2",
			       NULL), NGIO_EXIT_USAGE);
	assert_string_equal(last_why, "--one is given more than once");
	/* An abbreviation is the same option. */
	assert_int_equal(parse(&c, n, "/dev/x", "--blocks", "1", "--blo",
			       "2", NULL), NGIO_EXIT_USAGE);
	assert_string_equal(last_why, "--blocks is given more than once");
}

static void repeatable_and_flags_taken(void **state)
{
	unsigned n[2] = { 0 };
	struct cli c;

	(void)state;
	assert_int_equal(parse(&c, n, "/dev/x", "--many", "1", "--many", "2",
			       "--many", "3", "--flag", "--flag", NULL), 0);
	assert_int_equal(n[1], 3);
	assert_int_equal(n[0], 2);
	assert_string_equal(c.dev, "/dev/x");
	/* A second parse starts afresh (getopt's state is reset). */
	assert_int_equal(parse(&c, n, "--lba", "7", "/dev/y", NULL), 0);
	assert_true(c.has_lba && c.lba == 7);
	assert_string_equal(c.dev, "/dev/y");
}

static void after_double_dash(void **state)
{
	unsigned n[2] = { 0 };
	struct cli c;

	(void)state;
	/* After "--" an argument is DEV even if it looks like an option. */
	assert_int_equal(parse(&c, n, "--lba", "1", "--", "--blocks", NULL),
			 0);
	assert_string_equal(c.dev, "--blocks");
	assert_false(c.has_blocks);
	assert_int_equal(parse(&c, n, "/dev/x", "--", "--lba", "2", NULL),
			 NGIO_EXIT_USAGE);
	assert_string_equal(last_why, "unexpected argument '--lba'");
	assert_int_equal(parse(&c, n, "/dev/x", "extra", NULL),
			 NGIO_EXIT_USAGE);
	assert_string_equal(last_why, "unexpected argument 'extra'");
	assert_int_equal(parse(&c, n, "--", NULL), NGIO_EXIT_USAGE);
	assert_string_equal(last_why, "DEV is missing");
}

static void leading_zero_named(void **state)
{
	unsigned n[2] = { 0 };
	struct cli c;

	(void)state;
	assert_int_equal(parse(&c, n, "/dev/x", "--lba", "010", NULL),
			 NGIO_EXIT_USAGE);
	assert_string_equal(last_why, "--lba: '010' has a leading zero, "
			    "which may mean octal: write 10 (0xa) for "
			    "decimal, 8 (0x8) for octal");
	assert_int_equal(parse(&c, n, "/dev/x", "--lba", "0x010", NULL), 0);
	assert_true(c.lba == 16);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(repeated_value_refused),
		cmocka_unit_test(repeatable_and_flags_taken),
		cmocka_unit_test(after_double_dash),
		cmocka_unit_test(leading_zero_named),
	};

	return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
