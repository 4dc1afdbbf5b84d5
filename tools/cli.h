/* SPDX-License-Identifier: MIT */
/* The ngio command: subcommands and the plumbing they share. */
#ifndef NGIO_TOOLS_CLI_H
#define NGIO_TOOLS_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>

#include "ngio.h"
#include "args.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Options every subcommand spells the same way; each takes a subset. */
enum {
	CLI_LBA		= 1 << 0,	/* --lba N */
	CLI_BLOCKS	= 1 << 1,	/* --blocks N (a count, >= 1) */
	CLI_DATA	= 1 << 2,	/* --data FILE */
	CLI_METADATA	= 1 << 3,	/* --metadata FILE */
	CLI_FUA		= 1 << 4,	/* --fua */
	CLI_JSON	= 1 << 5,	/* --json */
	CLI_RAW		= 1 << 6,	/* --raw: the binary structure */
	CLI_ENGINE	= 1 << 7,	/* --engine pt|ioctl|block */
	CLI_NO_DEV	= 1 << 8,	/* takes no DEV (ngio list) */
};

struct cli {
	const char *what;	/* the subcommand */
	const char *dev;	/* DEV, the one positional argument */
	uint64_t lba, blocks;
	bool has_lba, has_blocks;
	const char *data, *metadata;
	bool fua, json, raw;
	enum ngio_engine engine;
	bool help;		/* --help was printed: exit 0 */
};

/*
 * Options of one subcommand beyond the common ones: getopt_long entries
 * whose val is >= CLI_EXTRA, handed to cb (which returns 0 or an exit
 * status, having said why).  An option with a value may be given once,
 * unless its entry's val has CLI_REPEAT added (cb sees it without).
 */
#define CLI_EXTRA	256
#define CLI_REPEAT	0x10000
struct cli_extra {
	const struct option *opts;
	int (*cb)(struct cli *c, int val, const char *arg, void *ctx);
	void *ctx;
};

/*
 * Parse argv (argv[0] is the subcommand) accepting the CLI_* options in
 * accept and those in x (may be NULL).  Exactly one DEV is required (it
 * may follow "--"); an option with a value given twice, or any other
 * argument, is refused.  Returns 0 or an exit status (usage printed);
 * c->help after --help.
 */
int cli_parse(struct cli *c, int argc, char **argv, unsigned accept,
	      const struct cli_extra *x);

/* A usage error about c's subcommand: the reason, the usage; exit 1. */
int cli_usage(const struct cli *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* What the device or a file cannot take: "ngio: WHAT: [PATH: ]reason",
 * one line without the usage; exit 1. */
int cli_refuse(const char *what, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

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

/* Print the subcommand's usage to stdout; NGIO_EXIT_OK. */
int usage_ok(const char *cmd);
/* Print why (if given) and the usage to stderr; NGIO_EXIT_USAGE. */
int usage_err(const char *cmd, const char *why);

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

void print_id_ctrl(const struct nvme_id_ctrl *c, bool json);
void print_id_ns(const struct nvme_id_ns *ns, unsigned in_use, bool json);

#endif
