/* SPDX-License-Identifier: MIT */
/* Command-line helpers shared by the ngio subcommands (pure, unit-tested). */
#ifndef NGIO_TOOLS_ARGS_H
#define NGIO_TOOLS_ARGS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Exit statuses, the same for every subcommand. */
enum {
	NGIO_EXIT_OK = 0,
	NGIO_EXIT_USAGE = 1,	/* bad arguments or input */
	NGIO_EXIT_SYS = 2,	/* an errno */
	NGIO_EXIT_NVME = 3,	/* the device answered with an NVMe status */
	NGIO_EXIT_MISMATCH = 4,	/* data read back is not as expected */
};

/*
 * Parse an unsigned number, decimal or 0x-prefixed hex, the whole string,
 * at most max.  Returns 0, -EINVAL (empty, sign, junk), -ERANGE, or
 * -EDOM for a leading zero ("010": octal to C, decimal to people).
 */
int parse_u64(const char *s, uint64_t max, uint64_t *out);

/*
 * Why parse_u64() returned err for s, to follow "'s' ": "is not in
 * range", or for -EDOM the number's decimal (and octal) readings in
 * decimal and hex, written into buf (len bytes, 160 is plenty).
 */
#define NUM_WHY_LEN	160
const char *num_why(const char *s, int err, char *buf, size_t len);

/* The PRINFO field of an I/O command: PRACT and the PRCHK bits. */
#define PRINFO_PRACT	8U
#define PRINFO_GUARD	4U
#define PRINFO_APPTAG	2U
#define PRINFO_REFTAG	1U
/* Not a PRINFO bit: "prchk", every field the format can check. */
#define PRINFO_PRCHK	16U

/*
 * Parse a PRINFO value: comma-separated names among pract, prchk (the
 * checks the format has: PRINFO_PRCHK), guard, apptag and reftag, in any
 * case (the spec writes PRACT, PRCHK), or a number 0-15 (nvme-cli's
 * --prinfo).  Returns 0, or
 * -EINVAL with *why (if not NULL) a static reason; *out is only written
 * on success.
 */
/* An NGIO_PI_CHECK_* field for people: "guard", "application tag", ... */
const char *pi_field_name(unsigned field);

int parse_prinfo(const char *s, unsigned *out, const char **why);

/*
 * The one parser of PI names (parse_prinfo() and bench --pi-check): the
 * comma-separated names of s in any case into *out, PRINFO_* bits (whose
 * PRCHK bits are the NGIO_PI_CHECK_* ones).  fields: only guard, apptag
 * and reftag, empty names skipped (*out may be 0); else pract and prchk
 * too, and an empty name is refused.  0, or -EINVAL with *tok and
 * *toklen the first name not taken.
 */
int parse_pi_list(const char *s, bool fields, unsigned *out,
		  const char **tok, size_t *toklen);

/* A run of logical blocks: blocks (a count, >= 1) from lba. */
struct lba_range {
	uint64_t lba;
	uint64_t blocks;
};

/*
 * Parse "LBA:BLOCKS", both numbers as parse_u64() takes them, BLOCKS a
 * count from 1 to max_blocks, the last LBA within 64 bits.  Returns 0, or
 * -EINVAL with *why (if not NULL) a static reason such as "BLOCKS is
 * empty"; *r is only written on success.
 */
int parse_lba_range(const char *s, uint64_t max_blocks, struct lba_range *r,
		    const char **why);

/*
 * The CLI's one error printer: "ngio: WHAT: [PATH: ]message" and a
 * newline on stderr (what and path may be NULL).  Returns status, the
 * exit status it goes with.
 */
int cli_err(int status, const char *what, const char *path,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
int cli_verr(int status, const char *what, const char *path,
	     const char *fmt, va_list ap);

/*
 * Map a return value to an exit status and print why to stderr:
 * "ngio: WHAT: PATH: reason".  0 -> NGIO_EXIT_OK and nothing printed.
 */
int report(const char *what, const char *path, int ret);

/*
 * -EACCES from cmd (admin: to the controller) on dev, said with the rule
 * of Linux's that refused it (ngio_why_denied()): "ngio: WHAT: PATH:
 * Permission denied: admin command Get Log Page: only root ...".  For
 * callers that hold the command; report() knows only the subcommand.
 * NGIO_EXIT_SYS.
 */
struct ngio_dev;
struct nvme_uring_cmd;
int report_denied(const char *what, const char *path,
		  const struct ngio_dev *dev, const struct nvme_uring_cmd *cmd,
		  bool admin);

/*
 * report() for ngio_dev_open(dev) failing: for a namespace name
 * (nvmeC:NSID) whose controller or namespace is missing, or which is
 * malformed, a line saying so instead of the errno's text.
 */
int report_dev(const char *what, const char *dev, int ret);

/* Hex dump like `xxd`/`hexdump -C` for terminals. */
void hexdump(const void *buf, size_t len, uint64_t base, void *fp);

/* "64.0 MiB" */
char *human_size(uint64_t bytes, char *buf, size_t len);

#endif
