// SPDX-License-Identifier: MIT
/* ngio: NVMe commands over io_uring passthrough, from the shell. */
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "cli.h"

struct subcmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *args;
	const char *help;
};

static const struct subcmd subcmds[] = {
	/* Information and admin commands (tools/id.c, tools/admin.c). */
	{ "id-ctrl", cmd_id_ctrl, "DEV [--json]",
	  "identify the controller" },
	{ "id-ns", cmd_id_ns, "DEV [--json]",
	  "identify the namespace" },
	/* I/O commands (tools/io.c, tools/passthru.c). */
	{ "read", cmd_read, "DEV --lba N --blocks N [--data FILE]",
	  "read blocks to FILE, or to stdout (a hex dump on a terminal)" },
	{ "write", cmd_write, "DEV --lba N --blocks N --data FILE",
	  "write blocks from FILE" },
};

static const struct subcmd *find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(subcmds); i++)
		if (!strcmp(subcmds[i].name, name))
			return &subcmds[i];
	return NULL;
}

static void usage_all(FILE *fp)
{
	fprintf(fp, "usage: ngio COMMAND [ARGS]\n\n"
		"DEV is a namespace's generic char device (/dev/ngXnY), its\n"
		"block device (/dev/nvmeXnY) or, for id-ctrl, the controller\n"
		"(/dev/nvmeX).  Commands:\n");
	for (size_t i = 0; i < ARRAY_SIZE(subcmds); i++)
		fprintf(fp, "  %-8s %-38s %s\n", subcmds[i].name,
			subcmds[i].args, subcmds[i].help);
	fprintf(fp, "\nExit status: 0 ok, 1 usage, 2 system error, "
		"3 NVMe status.\n`ngio COMMAND --help` for one command; "
		"ngio(1) for all.\n");
}

static void usage_one(FILE *fp, const char *cmd)
{
	const struct subcmd *s = find(cmd);

	fprintf(fp, "usage: ngio %s %s\n  %s\n", s->name, s->args, s->help);
}

int usage_ok(const char *cmd)
{
	usage_one(stdout, cmd);
	return NGIO_EXIT_OK;
}

int usage_err(const char *cmd, const char *why)
{
	if (why)
		fprintf(stderr, "ngio: %s: %s\n", cmd, why);
	usage_one(stderr, cmd);
	return NGIO_EXIT_USAGE;
}

int main(int argc, char **argv)
{
	const struct subcmd *s;

	/* Numbers in output must not depend on the locale. */
	setlocale(LC_ALL, "C");
	if (argc < 2) {
		usage_all(stderr);
		return NGIO_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		usage_all(stdout);
		return NGIO_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("ngio %s\n", NGIO_VERSION_STRING);
		return NGIO_EXIT_OK;
	}
	s = find(argv[1]);
	if (!s) {
		fprintf(stderr, "ngio: unknown command '%s'\n", argv[1]);
		usage_all(stderr);
		return NGIO_EXIT_USAGE;
	}
		optind = 1;
	return s->fn(argc - 1, argv + 1);
}
