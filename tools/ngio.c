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
	/* Information and admin commands (tools/id.c, list.c, log.c,
	 * feature.c). */
	{ "list", cmd_list, "[--json]",
	  "list every NVMe namespace: nodes, format, size, model" },
	{ "caps", cmd_caps, "DEV [--json]",
	  "what the kernel and controller offer for DEV, and why not" },
	{ "id-ctrl", cmd_id_ctrl, "DEV [--json | --raw]",
	  "identify the controller" },
	{ "id-ns", cmd_id_ns, "DEV [--cs] [--json | --raw]",
	  "identify the namespace (--cs: its command set's structure)" },
	{ "id-ns-list", cmd_id_ns_list, "DEV [--json]",
	  "the controller's active namespace IDs" },
	{ "log", cmd_log,
	  "DEV --page error|smart|fw|effects|ID [--len N] [--offset N] "
	  "[--json | --raw]",
	  "read a log page (by number: --len required)" },
	{ "get-feature", cmd_get_feature,
	  "DEV --fid ID [--sel current|default|saved|supported] "
	  "[--cdw11 N] [--data-len N] [--nsid N] [--json]",
	  "read a feature's value, decoded" },
	{ "set-feature", cmd_set_feature,
	  "DEV --fid ID --value N [--cdw12 N] [--save] [--data FILE] "
	  "[--nsid N]",
	  "set a feature" },
	/* I/O commands (tools/io.c, tools/nvm.c, tools/passthru.c); each
	 * also takes [--engine pt|ioctl|block]. */
	{ "read", cmd_read,
	  "DEV --lba N --blocks N [--data FILE] [--metadata FILE] "
	  "[--prinfo LIST] [--apptag N [--apptag-mask N]] [--reftag N] "
	  "[--pi-verify]",
	  "read blocks to FILE, or to stdout (a hex dump on a terminal); "
	  "--pi-verify: a bad PI tuple exits 4" },
	{ "write", cmd_write,
	  "DEV --lba N --blocks N --data FILE [--metadata FILE] [--fua] "
	  "[--prinfo LIST] [--apptag N [--apptag-mask N]] [--reftag N] "
	  "[--pi-generate]",
	  "write blocks from FILE" },
	{ "compare", cmd_compare,
	  "DEV --lba N --blocks N --data FILE [--metadata FILE] [--fua] "
	  "[--prinfo LIST] [--apptag N [--apptag-mask N]] [--reftag N] "
	  "[--pi-generate]",
	  "compare blocks with FILE (a miscompare exits 3)" },
	{ "verify", cmd_verify,
	  "DEV --lba N --blocks N [--prinfo LIST] [--apptag N "
	  "[--apptag-mask N]] [--reftag N]",
	  "have the device check that blocks read back" },
	{ "flush", cmd_flush, "DEV",
	  "commit the volatile write cache" },
	{ "write-zeroes", cmd_write_zeroes,
	  "DEV --lba N --blocks N [--deallocate]",
	  "zero blocks (and deallocate them if asked)" },
	{ "write-uncor", cmd_write_uncor, "DEV --lba N --blocks N",
	  "mark blocks uncorrectable" },
	{ "dsm", cmd_dsm,
	  "DEV --range LBA:BLOCKS [--range ...] [--deallocate] [--idr] "
	  "[--idw]",
	  "dataset management over up to 256 ranges" },
	{ "trim", cmd_trim,
	  "DEV --range LBA:BLOCKS [--range ...] [--idr] [--idw]",
	  "deallocate ranges (dsm --deallocate)" },
	{ "copy", cmd_copy,
	  "DEV --to LBA --from LBA:BLOCKS [--from ...]",
	  "copy up to 256 ranges (each <= 65536 blocks) to LBA" },
	{ "passthru", cmd_passthru,
	  "DEV --opcode N [--cdw2|--cdw3|--cdw10..--cdw15 N] [--nsid N] "
	  "[--data FILE] [--data-len N] [--read | --write] "
	  "[--metadata FILE [--metadata-len N]] [--admin] [--timeout MS] "
	  "[--json]",
	  "send any command; --admin goes to DEV's controller" },
	/* Zoned namespaces (tools/zone.c). */
	{ "zone", cmd_zone,
	  "report|open|close|finish|reset|offline|append|desc|zrwa-flush "
	  "DEV [--zone SLBA | --all] [--state S] [--count N] [--ext] "
	  "[--zrwa] [--lba LBA] [--data FILE] [--json]",
	  "zoned namespaces: report zones, change their state, append" },
	/* Benchmark (tools/bench/). */
	{ "bench", cmd_bench,
	  "[DEV] [--engine pt|block|ioctl|nop|nop-raw] "
	  "[--rw read|write|randread|randwrite|randrw|append|zwrite] "
	  "[--mix PCT] [--zones N] "
	  "[--bs SIZE] [--qd N] [--batch-submit N] [--batch-complete N] "
	  "[--poll | --hybrid-poll] [--sqpoll[=CPU]] [--fixed] [--vectored] "
	  "[--threads N] "
	  "[--time T | --ios N] [--ramp T] [--range LBA:BLOCKS] [--seed N] "
	  "[--verify] [--md] [--pi-act | --pi-host] "
	  "[--pi-check guard,apptag,reftag] "
	  "[--json] [--save FILE] [--matrix [--irq | --poll] "
	  "[--plot FILE.png]] [--compare-fio [--verbose]] [--reps N]",
	  "measure IOPS, latency and CPU per I/O; --matrix: the passthru "
	  "vs block table" },
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
	fprintf(fp, "usage: ngio COMMAND [DEV] [OPTIONS]\n\n"
		"DEV is a namespace's generic char device (/dev/ngXnY) or its\n"
		"block device (/dev/nvmeXnY); commands that need no namespace\n"
		"also take the controller (/dev/nvmeX).  Commands:\n\n");
	for (size_t i = 0; i < ARRAY_SIZE(subcmds); i++)
		fprintf(fp, "  %-13s %s\n  %13s   %s %s\n", subcmds[i].name,
			subcmds[i].help, "", subcmds[i].name, subcmds[i].args);
	fprintf(fp, "\nExit status: 0 ok, 1 usage, 2 system error, "
		"3 NVMe status,\n"
		"4 data mismatch (bench --verify, read --pi-verify).\n"
		"`ngio COMMAND --help` for one command; ngio(1) for all.\n");
}

static void usage_one(FILE *fp, const char *cmd)
{
	const struct subcmd *s = find(cmd);
	/* The I/O section, read to passthru, takes --engine (tools/cli.c). */
	bool io = s >= find("read") && s <= find("passthru");

	fprintf(fp, "usage: ngio %s %s%s\n  %s\n", s->name, s->args,
		io ? " [--engine pt|ioctl|block]" : "", s->help);
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
