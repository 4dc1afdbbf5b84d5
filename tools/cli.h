/* SPDX-License-Identifier: MIT */
/* The ngio command: subcommands and their shared plumbing. */
#ifndef NGIO_TOOLS_CLI_H
#define NGIO_TOOLS_CLI_H

#include <stdbool.h>

#include "ngio.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Print the subcommand's usage to stdout; NGIO_EXIT_OK. */
int usage_ok(const char *cmd);
/* Print why (if given) and the usage to stderr; NGIO_EXIT_USAGE. */
int usage_err(const char *cmd, const char *why);

int cmd_id_ctrl(int argc, char **argv);
int cmd_id_ns(int argc, char **argv);
int cmd_read(int argc, char **argv);
int cmd_write(int argc, char **argv);

void print_id_ctrl(const struct nvme_id_ctrl *c, bool json);
void print_id_ns(const struct nvme_id_ns *ns, unsigned in_use, bool json);

#endif
