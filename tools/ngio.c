// SPDX-License-Identifier: MIT
/* ngio: NVMe commands over io_uring passthrough, from the shell. */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "cli.h"

/*
 * Every command, in the order of ngio --help; each table is in its
 * command's file (tools/id.c, list.c, log.c, feature.c, io.c, nvm.c,
 * passthru.c, zone.c, bench/main.c).
 */
static const struct cli_cmd *const cmds[] = {
	&cli_list_cmd, &cli_caps_cmd, &cli_id_ctrl_cmd, &cli_id_ns_cmd,
	&cli_id_ns_list_cmd, &cli_log_cmd, &cli_get_feature_cmd,
	&cli_set_feature_cmd,
	&cli_read_cmd, &cli_write_cmd, &cli_compare_cmd, &cli_verify_cmd,
	&cli_flush_cmd, &cli_write_zeroes_cmd, &cli_write_uncor_cmd,
	&cli_dsm_cmd, &cli_trim_cmd, &cli_copy_cmd, &cli_passthru_cmd,
	&cli_zone_cmd, &cli_bench_cmd,
	NULL,
};

static const struct cli_cmd *find(const char *name)
{
	for (size_t i = 0; cmds[i]; i++)
		if (!strcmp(cmds[i]->name, name))
			return cmds[i];
	return NULL;
}

static void usage_all(FILE *fp)
{
	fprintf(fp, "usage: ngio COMMAND [DEV] [OPTIONS]\n\n"
		"DEV is a namespace's generic char device (/dev/ngXnY) or its\n"
		"block device (/dev/nvmeXnY); commands that need no namespace\n"
		"also take the controller (/dev/nvmeX).  Commands:\n\n");
	for (size_t i = 0; cmds[i]; i++)
		if (!(cmds[i]->flags & CLI_HIDDEN))
			fprintf(fp, "  %-13s %s\n", cmds[i]->name,
				cmds[i]->summary);
	fprintf(fp, "\nExit status: 0 ok, 1 usage, 2 system error, "
		"3 NVMe status,\n"
		"4 data mismatch (bench --verify, read --pi-verify).\n"
		"`ngio COMMAND --help` for one command; ngio(1) for all.\n");
}

int main(int argc, char **argv)
{
	const struct cli_cmd *s;

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
	/* For the bash completion and tests/check-man.sh: the tables. */
	if (!strcmp(argv[1], "__options")) {
		cli_print_options(stdout, cmds);
		return NGIO_EXIT_OK;
	}
	if (!strcmp(argv[1], "__man")) {
		cli_print_man(stdout, cmds);
		return NGIO_EXIT_OK;
	}
	s = find(argv[1]);
	if (!s)
		return cli_err(NGIO_EXIT_USAGE, NULL, NULL, "unknown command "
			       "'%s'; see 'ngio --help'", argv[1]);
	return s->fn(argc - 1, argv + 1);
}
