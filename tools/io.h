/* SPDX-License-Identifier: MIT */
/* What the I/O subcommands (io.c, nvm.c, passthru.c) share. */
#ifndef NGIO_TOOLS_IO_H
#define NGIO_TOOLS_IO_H

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
 * Like report(), for a command split in pieces: when done of total
 * blocks were already verb ("written") before ret, say so on the same
 * line, so that nothing partial goes unmentioned.
 */
int report_part(const struct cli *c, int ret, uint64_t done, uint64_t total,
		const char *verb);

/* Read exactly len bytes of path (or say it is short: exit 1). */
int load_file(const struct cli *c, const char *path, const char *what,
	      void *buf, size_t len);
/* Write all of buf to fd; 0 or -errno. */
int write_all(int fd, const void *buf, size_t len);

/*
 * An output file opens before the device, so that a bad path fails
 * first, but keeps its old contents until out_write() replaces them
 * with buf (a regular file is then cut to len): a failed command leaves
 * it as it was.  out_open returns 0 or an exit status; out_write 0 or
 * -errno.
 */
int out_open(const struct cli *c, const char *path, int *fd);
int out_write(int fd, const void *buf, size_t len);

/* The block count one command may carry for data-less range commands. */
#define IO_MAX_NLB	65536U

#endif
