// SPDX-License-Identifier: MIT
/*
 * cli_parse() from a command's table, linked with libngiocli alone (no
 * tools/ngio.c): repeated options, "--", numbers, --opt=value, the
 * generated usage, and the PI name parser the CLI and the bench share.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli.h"

/* The first line the last parse wrote to stderr, without "ngio: t: ". */
static char last_why[4096];
static char last_err[4096];
static char last_out[4096];	/* stdout: --help */

enum { X_ONE = CLI_EXTRA, X_MANY, X_FLAG };

static int extra_cb(struct cli *c, int val, const char *arg, void *ctx)
{
	unsigned *n = ctx;

	(void)arg;
	assert_true(val == X_ONE || val == X_MANY || val == X_FLAG);
	/* The entry being parsed is at hand, for its name. */
	assert_non_null(c->opt);
	assert_int_equal(c->opt->val, val);
	n[val - CLI_EXTRA]++;
	return 0;
}

static const char *const colours[] = { "red", "green", "blue", NULL };

static const struct cli_opt t_opts[] = {
	CLI_O_LBA(CLI_REQUIRED, "first"),
	CLI_O_BLOCKS(0, "count"),
	{ "many", "N", X_MANY, CLI_REPEAT, 0, "repeatable", NULL },
	CLI_O_DATA(0, "file"),
	{ "one", "C", X_ONE, CLI_SHOWV, 0, "once", colours },
	{ "flag", NULL, X_FLAG, CLI_SUB, 0, "a flag", NULL },
	CLI_O_JSON,
	CLI_O_RAW,
	CLI_O_ENGINE,
	{ NULL },
};

static const struct cli_cmd t_cmd = {
	"t", "a test command", 0, t_opts, NULL, NULL,
};

/* Catch what fd writes (to FILE fp) while running; end() reads it. */
struct catch {
	FILE *fp, *tmp;
	int fd, saved;
};

static void catch_start(struct catch *k, FILE *fp, int fd)
{
	k->fp = fp;
	k->fd = fd;
	k->tmp = tmpfile();
	assert_non_null(k->tmp);
	fflush(fp);
	k->saved = dup(fd);
	dup2(fileno(k->tmp), fd);
}

static void catch_end(struct catch *k, char *buf, size_t len)
{
	size_t n;

	fflush(k->fp);
	dup2(k->saved, k->fd);
	close(k->saved);
	rewind(k->tmp);
	n = fread(buf, 1, len - 1, k->tmp);
	buf[n] = 0;
	fclose(k->tmp);
}

/* Run cli_parse with stderr caught into last_err, stdout last_out. */
static int run_parse(struct cli *c, const struct cli_cmd *cmd, int argc,
		     char **argv, unsigned *counts)
{
	struct cli_extra x = { extra_cb, counts };
	struct catch e, o;
	int ret;

	catch_start(&e, stderr, STDERR_FILENO);
	catch_start(&o, stdout, STDOUT_FILENO);
	ret = cli_parse(c, cmd, argc, argv, &x);
	catch_end(&o, last_out, sizeof(last_out));
	catch_end(&e, last_err, sizeof(last_err));
	last_why[0] = 0;
	if (!strncmp(last_err, "ngio: t: ", 9)) {
		snprintf(last_why, sizeof(last_why), "%s", last_err + 9);
		last_why[strcspn(last_why, "\n")] = 0;
	}
	return ret;
}

/* Parse a NULL-terminated argument list (argv[0] "t"). */
static int parse(struct cli *c, unsigned *counts, ...)
{
	char *argv[16] = { "t" };
	int argc = 1;
	va_list ap;

	va_start(ap, counts);
	while (argc < 15 && (argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	argv[argc] = NULL;
	return run_parse(c, &t_cmd, argc, argv, counts);
}

static void repeated_value_refused(void **state)
{
	unsigned n[3] = { 0 };
	struct cli c;

	(void)state;
	assert_int_equal(parse(&c, n, "/dev/x", "--lba", "40", "--lba", "41",
			       NULL), NGIO_EXIT_USAGE);
	assert_string_equal(last_why, "--lba is given more than once");
	/* The usage follows the reason. */
	assert_non_null(strstr(last_err, "\nusage: ngio t DEV --lba N"));
	assert_int_equal(parse(&c, n, "--data", "a", "/dev/x", "--data=b",
			       NULL), NGIO_EXIT_USAGE);
	assert_string_equal(last_why, "--data is given more than once");
	assert_int_equal(parse(&c, n, "/dev/x", "--one", "red", "--one",
			       "blue", NULL), NGIO_EXIT_USAGE);
	assert_string_equal(last_why, "--one is given more than once");
	/* An abbreviation is the same option. */
	assert_int_equal(parse(&c, n, "/dev/x", "--blocks", "1", "--blo",
			       "2", NULL), NGIO_EXIT_USAGE);
	assert_string_equal(last_why, "--blocks is given more than once");
	assert_int_equal(parse(&c, n, "/dev/x", "--engine", "pt", "--engine",
			       "pt", NULL), NGIO_EXIT_USAGE);
	assert_string_equal(last_why, "--engine is given more than once");
}

static void repeatable_and_flags_taken(void **state)
{
	unsigned n[3] = { 0 };
	struct cli c;

	(void)state;
	assert_int_equal(parse(&c, n, "/dev/x", "--many", "1", "--many", "2",
			       "--many", "3", "--flag", "--flag", NULL), 0);
	assert_int_equal(n[X_MANY - CLI_EXTRA], 3);
	assert_int_equal(n[X_FLAG - CLI_EXTRA], 2);
	assert_string_equal(c.dev, "/dev/x");
	assert_string_equal(last_err, "");
	/* A second parse starts afresh (getopt's state is reset). */
	assert_int_equal(parse(&c, n, "--lba", "7", "/dev/y", NULL), 0);
	assert_true(c.has_lba && c.lba == 7);
	assert_string_equal(c.dev, "/dev/y");
}

static void after_double_dash(void **state)
{
	unsigned n[3] = { 0 };
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
	unsigned n[3] = { 0 };
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

static void bad_numbers(void **state)
{
	unsigned n[3] = { 0 };
	struct cli c;

	(void)state;
	assert_int_equal(parse(&c, n, "/dev/x", "--lba", "ten", NULL),
			 NGIO_EXIT_USAGE);
	assert_string_equal(last_why, "--lba: 'ten' is not a non-negative "
			    "number");
	assert_int_equal(parse(&c, n, "/dev/x", "--blocks", "-8", NULL),
			 NGIO_EXIT_USAGE);
	assert_string_equal(last_why, "--blocks: '-8' is not a non-negative "
			    "number");
	assert_int_equal(parse(&c, n, "/dev/x", "--lba",
			       "18446744073709551616", NULL),
			 NGIO_EXIT_USAGE);
	assert_string_equal(last_why, "--lba: '18446744073709551616' is not "
			    "in range");
	/* --blocks fits 32 bits and counts from 1. */
	assert_int_equal(parse(&c, n, "/dev/x", "--blocks", "4294967296",
			       NULL), NGIO_EXIT_USAGE);
	assert_string_equal(last_why, "--blocks: '4294967296' is not in "
			    "range");
	assert_int_equal(parse(&c, n, "/dev/x", "--blocks", "0", NULL),
			 NGIO_EXIT_USAGE);
	assert_string_equal(last_why, "--blocks must be at least 1");
	assert_int_equal(parse(&c, n, "/dev/x", "--lba", "", NULL),
			 NGIO_EXIT_USAGE);
	assert_string_equal(last_why, "--lba: '' is not a non-negative "
			    "number");
	assert_int_equal(parse(&c, n, "/dev/x", "--lba", " 5", NULL),
			 NGIO_EXIT_USAGE);
}

static void trailing_garbage(void **state)
{
	unsigned n[3] = { 0 };
	struct cli c;

	(void)state;
	assert_int_equal(parse(&c, n, "/dev/x", "--lba", "12abc", NULL),
			 NGIO_EXIT_USAGE);
	assert_string_equal(last_why, "--lba: '12abc' is not a non-negative "
			    "number");
	assert_int_equal(parse(&c, n, "/dev/x", "--lba", "0x1g", NULL),
			 NGIO_EXIT_USAGE);
	assert_int_equal(parse(&c, n, "/dev/x", "--blocks", "8 ", NULL),
			 NGIO_EXIT_USAGE);
	assert_int_equal(parse(&c, n, "/dev/x", "--lba", "1e3", NULL),
			 NGIO_EXIT_USAGE);
	assert_int_equal(parse(&c, n, "/dev/x", "--lba", "0x", NULL),
			 NGIO_EXIT_USAGE);
}

static void opt_equals_value(void **state)
{
	unsigned n[3] = { 0 };
	struct cli c;

	(void)state;
	assert_int_equal(parse(&c, n, "/dev/x", "--lba=5", "--blocks=0x10",
			       "--data=f", "--engine=ioctl", NULL), 0);
	assert_true(c.has_lba && c.lba == 5);
	assert_true(c.has_blocks && c.blocks == 16);
	assert_string_equal(c.data, "f");
	assert_int_equal(c.engine, NGIO_ENGINE_IOCTL);
	/* "--data=" is an empty value, not a missing one. */
	assert_int_equal(parse(&c, n, "/dev/x", "--data=", NULL), 0);
	assert_string_equal(c.data, "");
	assert_int_equal(parse(&c, n, "/dev/x", "--lba=", NULL),
			 NGIO_EXIT_USAGE);
	/* A flag takes no value. */
	assert_int_equal(parse(&c, n, "/dev/x", "--json=1", NULL),
			 NGIO_EXIT_USAGE);
	assert_string_equal(last_why, "--json takes no value");
	assert_int_equal(parse(&c, n, "/dev/x", "--lba=1", "--lba", "2",
			       NULL), NGIO_EXIT_USAGE);
	assert_string_equal(last_why, "--lba is given more than once");
}

static void missing_and_unknown(void **state)
{
	unsigned n[3] = { 0 };
	struct cli c;

	(void)state;
	assert_int_equal(parse(&c, n, "/dev/x", "--data", NULL),
			 NGIO_EXIT_USAGE);
	assert_string_equal(last_why, "--data needs a value");
	assert_int_equal(parse(&c, n, "/dev/x", "--frob", NULL),
			 NGIO_EXIT_USAGE);
	assert_string_equal(last_why, "unknown option '--frob'");
	assert_int_equal(parse(&c, n, "/dev/x", "--frob=1", NULL),
			 NGIO_EXIT_USAGE);
	assert_string_equal(last_why, "unknown option '--frob=1'");
	/* Short options are not taken: "-l" is unknown. */
	assert_int_equal(parse(&c, n, "/dev/x", "-l", "1", NULL),
			 NGIO_EXIT_USAGE);
	assert_string_equal(last_why, "unknown option '-l'");
	assert_int_equal(parse(&c, n, "/dev/x", "--engine", "spdk", NULL),
			 NGIO_EXIT_USAGE);
	assert_string_equal(last_why, "--engine: 'spdk' is not pt, ioctl, "
			    "block or emu");
	assert_int_equal(parse(&c, n, "/dev/x", "--json", "--raw", NULL),
			 NGIO_EXIT_USAGE);
	assert_string_equal(last_why, "--json and --raw exclude each other");
}

static void engines(void **state)
{
	unsigned n[3] = { 0 };
	struct cli c;

	(void)state;
	assert_int_equal(parse(&c, n, "/dev/x", NULL), 0);
	assert_int_equal(c.engine, NGIO_ENGINE_AUTO);
	assert_int_equal(parse(&c, n, "/dev/x", "--engine", "emu", NULL), 0);
	assert_int_equal(c.engine, NGIO_ENGINE_EMU);
	assert_int_equal(parse(&c, n, "/dev/x", "--engine", "block", NULL),
			 0);
	assert_int_equal(c.engine, NGIO_ENGINE_BLOCK);
}

static void help_from_table(void **state)
{
	unsigned n[3] = { 0 };
	char syn[512];
	struct cli c;

	(void)state;
	assert_int_equal(parse(&c, n, "--help", NULL), NGIO_EXIT_OK);
	assert_true(c.help);
	assert_string_equal(last_err, "");
	/* The usage, the summary, each option with its help. */
	assert_int_equal(strncmp(last_out, "usage: ngio t DEV --lba N", 25), 0);
	assert_non_null(strstr(last_out, "\n  a test command\n"));
	assert_non_null(strstr(last_out, "\n  --many N ...  "));
	assert_non_null(strstr(last_out, "\n  --one red|green|blue  "));
	assert_non_null(strstr(last_out, "\n  --help  "));
	cli_synopsis(&t_cmd, syn, sizeof(syn));
	assert_string_equal(syn, "DEV --lba N [--blocks N] [--many N ...] "
			    "[--data FILE] [--one red|green|blue [--flag]] "
			    "[--json | --raw] [--engine pt|ioctl|block|emu]");
}

static void no_dev_and_optional_dev(void **state)
{
	static const struct cli_opt none[] = { CLI_O_JSON, { NULL } };
	static const struct cli_cmd nodev = { "t", "x", CLI_NO_DEV, none,
					      NULL, NULL };
	static const struct cli_cmd optdev = { "t", "x", CLI_DEV_OPT, none,
					       NULL, NULL };
	char *a1[] = { "t", "--json", NULL }, *a2[] = { "t", "dev", NULL };
	unsigned n[3] = { 0 };
	char syn[64];
	struct cli c;

	(void)state;
	assert_int_equal(run_parse(&c, &nodev, 2, a1, n), 0);
	assert_true(c.json);
	assert_int_equal(run_parse(&c, &nodev, 2, a2, n), NGIO_EXIT_USAGE);
	assert_string_equal(last_why, "unexpected argument 'dev'");
	assert_int_equal(run_parse(&c, &optdev, 2, a1, n), 0);
	assert_null(c.dev);
	assert_int_equal(run_parse(&c, &optdev, 2, a2, n), 0);
	assert_string_equal(c.dev, "dev");
	cli_synopsis(&optdev, syn, sizeof(syn));
	assert_string_equal(syn, "[DEV] [--json]");
}

/* The one PI name parser: --prinfo's names, bench --pi-check's fields. */
static void pi_names(void **state)
{
	const char *tok = NULL;
	size_t len = 0;
	unsigned v = 99;

	(void)state;
	assert_int_equal(parse_pi_list("guard,reftag", true, &v, &tok, &len),
			 0);
	assert_int_equal(v, NGIO_PI_CHECK_GUARD | NGIO_PI_CHECK_REFTAG);
	assert_int_equal(parse_pi_list("APPTAG", true, &v, &tok, &len), 0);
	assert_int_equal(v, NGIO_PI_CHECK_APPTAG);
	/* Fields only: no pract or prchk; empty names skipped. */
	assert_int_equal(parse_pi_list("guard,crc", true, &v, &tok, &len),
			 -EINVAL);
	assert_int_equal(len, 3);
	assert_memory_equal(tok, "crc", 3);
	assert_int_equal(parse_pi_list("pract", true, &v, &tok, &len),
			 -EINVAL);
	assert_int_equal(parse_pi_list(",", true, &v, &tok, &len), 0);
	assert_int_equal(v, 0);
	/* PRINFO: pract and prchk too, an empty name refused. */
	assert_int_equal(parse_pi_list("pract,prchk", false, &v, &tok, &len),
			 0);
	assert_int_equal(v, PRINFO_PRACT | PRINFO_PRCHK);
	assert_int_equal(parse_pi_list("guard,", false, &v, &tok, &len),
			 -EINVAL);
	assert_int_equal(len, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(repeated_value_refused),
		cmocka_unit_test(repeatable_and_flags_taken),
		cmocka_unit_test(after_double_dash),
		cmocka_unit_test(leading_zero_named),
		cmocka_unit_test(bad_numbers),
		cmocka_unit_test(trailing_garbage),
		cmocka_unit_test(opt_equals_value),
		cmocka_unit_test(missing_and_unknown),
		cmocka_unit_test(engines),
		cmocka_unit_test(help_from_table),
		cmocka_unit_test(no_dev_and_optional_dev),
		cmocka_unit_test(pi_names),
	};

	return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
