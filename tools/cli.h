/* SPDX-License-Identifier: MIT */
/* The ngio command: subcommands and the plumbing they share. */
#ifndef NGIO_TOOLS_CLI_H
#define NGIO_TOOLS_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "ngio.h"
#include "args.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * One option of a command's table.  The table is all there is: parsing,
 * --help, the usage line, `ngio __options` (the bash completion) and the
 * man page's synopsis (tests/check-man.sh) come from it.
 */
struct cli_opt {
	const char *name;	/* without "--" */
	const char *arg;	/* the value's name ("N", "FILE"), or NULL */
	int val;		/* CLI_V_* (common), else >= CLI_EXTRA */
	unsigned flags;		/* CLI_REPEAT, ... */
	unsigned kinds;		/* CLI_K_*: where it applies (0: all) */
	const char *help;
	/* The values it takes, NULL-terminated: --help, the completion
	 * and the messages list them.  NULL: any. */
	const char *const *values;
};

/* cli_opt.flags */
#define CLI_REPEAT	(1U << 0)	/* may be given more than once */
#define CLI_REQUIRED	(1U << 1)	/* shown bare; the cmd checks */
#define CLI_OPTARG	(1U << 2)	/* --name[=ARG] */
#define CLI_ALT		(1U << 3)	/* usage: "[--prev | --this]" */
#define CLI_LIST	(1U << 4)	/* values joined with commas */
#define CLI_SUB		(1U << 5)	/* usage: "[--prev [--this]]" */
#define CLI_SHOWV	(1U << 6)	/* the usage lists the values */
#define CLI_UNSHOWN	(1U << 7)	/* parsed (to refuse), not shown */

/* cli_opt.kinds: the namespaces or engines an option is for. */
#define CLI_K_NVM	(1U << 0)
#define CLI_K_ZONED	(1U << 1)
#define CLI_K_PI	(1U << 2)	/* a format with protection info */
#define CLI_K_MD	(1U << 3)	/* a format with metadata */
#define CLI_K_PT	(1U << 4)	/* the pt and ioctl engines */

/* The common options' values, handled by cli_parse itself (never 1, ':'
 * or '?', which getopt_long returns for itself). */
enum {
	CLI_V_LBA = 2, CLI_V_BLOCKS, CLI_V_DATA, CLI_V_METADATA, CLI_V_FUA,
	CLI_V_JSON, CLI_V_RAW, CLI_V_ENGINE, CLI_V_HELP,
};
#define CLI_EXTRA	256

extern const char *const cli_engine_values[];

/* Table entries for the common options, with a command's own help. */
#define CLI_O_LBA(fl, h)	{ "lba", "N", CLI_V_LBA, fl, 0, h, NULL }
#define CLI_O_BLOCKS(fl, h)						\
	{ "blocks", "N", CLI_V_BLOCKS, fl, 0, h, NULL }
#define CLI_O_DATA(fl, h)	{ "data", "FILE", CLI_V_DATA, fl, 0, h, NULL }
#define CLI_O_METADATA(fl, h)						\
	{ "metadata", "FILE", CLI_V_METADATA, fl, CLI_K_MD, h, NULL }
#define CLI_O_FUA	{ "fua", NULL, CLI_V_FUA, 0, 0, "force unit access", \
			  NULL }
#define CLI_O_JSON	{ "json", NULL, CLI_V_JSON, 0, 0,		\
			  "JSON output, nvme-cli's keys", NULL }
#define CLI_O_RAW	{ "raw", NULL, CLI_V_RAW, CLI_ALT, 0,		\
			  "the binary structure, to a file or pipe", NULL }
#define CLI_O_ENGINE							\
	{ "engine", "E", CLI_V_ENGINE, CLI_SHOWV, 0,			\
	  "how I/O reaches the device", cli_engine_values }

/* cli_cmd.flags */
#define CLI_NO_DEV	(1U << 0)	/* takes no DEV (ngio list) */
#define CLI_DEV_OPT	(1U << 1)	/* DEV may be missing (bench) */
#define CLI_HIDDEN	(1U << 2)	/* not in ngio --help */

/* A command: its name as typed, what it does, its options. */
struct cli_cmd {
	const char *name;	/* "read", "zone report" */
	const char *summary;
	unsigned flags;		/* CLI_NO_DEV, ... */
	const struct cli_opt *opts;	/* ends with { NULL } */
	int (*fn)(int argc, char **argv);
	/* A command of actions (zone): their tables, NULL-terminated. */
	const struct cli_cmd *const *subs;
};

struct cli {
	const char *what;	/* the subcommand, for messages */
	const struct cli_cmd *cmd;	/* its table, for the usage */
	const struct cli_opt *opt;	/* the option being parsed */
	const char *dev;	/* DEV, the one positional argument */
	uint64_t lba, blocks;
	bool has_lba, has_blocks;
	const char *data, *metadata;
	bool fua, json, raw;
	enum ngio_engine engine;
	bool help;		/* --help was printed: exit 0 */
};

/*
 * A command's own options (val >= CLI_EXTRA) go to cb, which returns 0
 * or an exit status, having said why; c->opt is the option's entry.
 */
struct cli_extra {
	int (*cb)(struct cli *c, int val, const char *arg, void *ctx);
	void *ctx;
};

/*
 * Parse argv (argv[0] is the subcommand) by cmd's table, handing its own
 * options to x (may be NULL).  Exactly one DEV is required (it may follow
 * "--") unless CLI_NO_DEV or CLI_DEV_OPT; an option with a value given
 * twice (unless CLI_REPEAT), or any other argument, is refused.  Returns
 * 0 or an exit status (usage printed); c->help after --help.
 */
int cli_parse(struct cli *c, const struct cli_cmd *cmd, int argc,
	      char **argv, const struct cli_extra *x);

/* A usage error about c's subcommand: the reason, the usage; exit 1. */
int cli_usage(const struct cli *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The same for cmd, said as what's ("ngio: WHAT: why"); why may be NULL. */
int cli_usage_cmd(const struct cli_cmd *cmd, const char *what,
		  const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* What the device or a file cannot take: "ngio: WHAT: [PATH: ]reason",
 * one line without the usage; exit 1. */
int cli_refuse(const char *what, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * cmd's usage line (wrapped), its summary, and with all its options and
 * their help; for a command of actions each action's usage.
 */
void cli_print_usage(FILE *fp, const struct cli_cmd *cmd, bool all);
/* The usage's synopsis: "DEV --lba N [--fua] ...", into buf. */
size_t cli_synopsis(const struct cli_cmd *cmd, char *buf, size_t len);

/*
 * The tables for tools: `ngio __options` prints a line per option,
 * "COMMAND<TAB>--NAME<TAB>ARG|-<TAB>FLAGS<TAB>VALUES" (FLAGS: "list",
 * "repeat" or "-"); `ngio __man` the man page's synopsis line of each.
 */
void cli_print_options(FILE *fp, const struct cli_cmd *const *cmds);
void cli_print_man(FILE *fp, const struct cli_cmd *const *cmds);

/* "a, b, c or d": a value list for messages, in buf. */
const char *cli_values_str(const char *const *v, char *buf, size_t len);
/* v's index of s, or -1. */
int cli_value_index(const char *const *v, const char *s);

/* Parse a number option's value, or say which option was bad. */
int cli_num(const struct cli *c, const char *opt, const char *arg,
	    uint64_t max, uint64_t *out);

/*
 * Open c->dev with c->engine; need_ns refuses a controller node.  0, or
 * an exit status having said why.
 */
int cli_open(const struct cli *c, struct ngio_dev **dev, bool need_ns);

/*
 * --raw: write len bytes of a binary structure to stdout.  A terminal is
 * refused (exit 1): binary would garble it.  0 or an exit status.
 */
int cli_raw(const struct cli *c, const void *buf, size_t len);

/* JSON the way nvme-cli prints it (pretty, 2 spaces, no slash escapes). */
struct json_object;
void json_print(struct json_object *root);

int cmd_caps(int argc, char **argv);
int cmd_id_ctrl(int argc, char **argv);
int cmd_id_ns(int argc, char **argv);
int cmd_id_ns_list(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_log(int argc, char **argv);
int cmd_get_feature(int argc, char **argv);
int cmd_set_feature(int argc, char **argv);
int cmd_read(int argc, char **argv);
int cmd_write(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_flush(int argc, char **argv);
int cmd_write_zeroes(int argc, char **argv);
int cmd_write_uncor(int argc, char **argv);
int cmd_dsm(int argc, char **argv);
int cmd_trim(int argc, char **argv);
int cmd_copy(int argc, char **argv);
int cmd_passthru(int argc, char **argv);
int cmd_zone(int argc, char **argv);
int cmd_bench(int argc, char **argv);

/* Each command's table, in the command's file; ngio.c lists them. */
extern const struct cli_cmd cli_list_cmd, cli_caps_cmd, cli_id_ctrl_cmd,
	cli_id_ns_cmd, cli_id_ns_list_cmd, cli_log_cmd, cli_get_feature_cmd,
	cli_set_feature_cmd, cli_read_cmd, cli_write_cmd, cli_compare_cmd,
	cli_verify_cmd, cli_flush_cmd, cli_write_zeroes_cmd,
	cli_write_uncor_cmd, cli_dsm_cmd, cli_trim_cmd, cli_copy_cmd,
	cli_passthru_cmd, cli_zone_cmd, cli_bench_cmd;

void print_id_ctrl(const struct nvme_id_ctrl *c, bool json);
void print_id_ns(const struct nvme_id_ns *ns, unsigned in_use, bool json);

#endif
