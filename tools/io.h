/* SPDX-License-Identifier: MIT */
/* What the I/O subcommands (io.c, nvm.c, passthru.c) share. */
#ifndef NGIO_TOOLS_IO_H
#define NGIO_TOOLS_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli.h"

/* --lba and --blocks, both required. */
int need_range(const struct cli *c);

/*
 * The block engine only moves data: refuse it up front (usage, exit 1)
 * for a command it cannot carry, before anything is opened.
 */
int refuse_block_engine(const struct cli *c, const char *what);

/*
 * Refuse (one line, exit 1) a range of blocks that is not wholly inside
 * the namespace, before anything is sent: "[OPT: ]LBAs A-B are past the
 * end: the namespace has N blocks".  opt may be NULL.
 */
int check_range(const struct cli *c, const struct ngio_geometry *g,
		const char *opt, uint64_t lba, uint64_t blocks);

/*
 * Like report(), for a command split in pieces: when done of total
 * blocks were already verb ("written") before ret, say so on the same
 * line, so that nothing partial goes unmentioned.
 */
int report_part(const struct cli *c, int ret, uint64_t done, uint64_t total,
		const char *verb);

/* Read up to len bytes of path into buf, *got of them; 0 or an exit
 * status. */
int load_upto(const struct cli *c, const char *path, void *buf,
	      size_t len, size_t *got);
/* Read exactly len bytes of path (or say it is short: exit 1). */
int load_file(const struct cli *c, const char *path, const char *what,
	      void *buf, size_t len);
/* A regular file at path shorter than len: say so (exit 1), else 0. */
int check_file_size(const struct cli *c, const char *path,
		    const char *what, size_t len);
/* Write all of buf to fd; 0 or -errno. */
int write_all(int fd, const void *buf, size_t len);

/*
 * Output files open before the device, so that a bad path fails first.
 * out_file_open() opens an existing file without truncating it, or
 * creates it; out_write() replaces its contents with buf (a regular
 * file is then cut to len), so a failed command leaves an existing file
 * as it was; out_file_close(c, o, ret) closes it, removes a file it
 * created when ret (the command's exit status) is not 0, and returns ret
 * or the close error.  out_file_open returns 0 or an exit status,
 * out_write 0 or -errno.
 */
struct out_file {
	int fd;
	bool created;
	const char *path;
};
int out_file_open(const struct cli *c, const char *path, struct out_file *o);
int out_write(int fd, const void *buf, size_t len);
int out_file_close(const struct cli *c, struct out_file *o, int ret);

/* The block count one command may carry for data-less range commands. */
#define IO_MAX_NLB	NGIO_MAX_NLB

/*
 * End-to-end protection options (tools/pi.c): --prinfo, --apptag,
 * --apptag-mask, --reftag on read, write, compare and verify;
 * --pi-generate on write and compare, --pi-verify on read.
 */
enum pi_use { PI_READ, PI_WRITE, PI_VERIFY };

struct pi_opts {
	enum pi_use use;
	bool any;			/* any PI option given */
	unsigned prinfo;		/* PRINFO_* */
	bool has_apptag, has_mask, has_reftag;
	uint64_t apptag, mask, reftag;
	bool generate, verify;		/* host-side tuples */
	/* Filled by pi_resolve() from the options and the format: */
	unsigned check;			/* PRCHK: NGIO_PI_CHECK_* */
	bool pract;
	bool strip;			/* PRACT moves no metadata */
	struct ngio_pi_tags tags;	/* the first block's */
};

/* The PI options' table entries (values beyond the commands' own). */
enum {
	P_PRINFO = CLI_EXTRA + 64, P_APPTAG, P_MASK, P_REFTAG, P_GENERATE,
	P_VERIFY,
};
extern const char *const pi_prinfo_values[];
#define PI_OPTS								\
	{ "prinfo", "LIST", P_PRINFO, CLI_LIST, CLI_K_PI,		\
	  "PRINFO: comma-separated names, or nvme-cli's number 0-15",	\
	  pi_prinfo_values },						\
	{ "apptag", "N", P_APPTAG, 0, CLI_K_PI,				\
	  "the application tag (16 bits)", NULL },			\
	{ "apptag-mask", "N", P_MASK, CLI_SUB, CLI_K_PI,		\
	  "the --apptag bits checked (default 0xffff)", NULL },		\
	{ "reftag", "N", P_REFTAG, 0, CLI_K_PI,				\
	  "the first block's reference tag", NULL }
#define PI_GENERATE_OPT							\
	{ "pi-generate", NULL, P_GENERATE, 0, CLI_K_PI,			\
	  "the host makes the PI tuples", NULL }
#define PI_VERIFY_OPT							\
	{ "pi-verify", NULL, P_VERIFY, 0, CLI_K_PI,			\
	  "the host checks the PI tuples (a bad one exits 4)", NULL }

/* The cli_extra of a subcommand taking the PI options into p. */
struct cli_extra pi_extra(enum pi_use use, struct pi_opts *p);

/* What needs no device: option combinations (usage, exit 1). */
int pi_check_args(const struct cli *c, const struct pi_opts *p);

/*
 * With the device open: refuse what its format cannot take, each with
 * its own message (exit 1), and fill p's resolved fields.  0 when no PI
 * option was given.
 */
int pi_resolve(const struct cli *c, const struct ngio_geometry *g,
	       struct pi_opts *p);

/* The tags of the command starting off blocks into the transfer. */
struct ngio_pi_tags pi_tags_at(const struct ngio_geometry *g,
			       const struct pi_opts *p, uint64_t off);

/* Report a host-side check failure: one line; NGIO_EXIT_MISMATCH. */
int pi_report(const struct cli *c, const struct ngio_pi_error *e);

#endif
