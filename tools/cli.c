// SPDX-License-Identifier: MIT
/* Option parsing and device opening shared by every subcommand. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "cli.h"

static const struct option common[] = {
	{ "lba", required_argument, NULL, 'l' },
	{ "blocks", required_argument, NULL, 'b' },
	{ "data", required_argument, NULL, 'd' },
	{ "metadata", required_argument, NULL, 'M' },
	{ "fua", no_argument, NULL, 'f' },
	{ "json", no_argument, NULL, 'j' },
	{ "raw", no_argument, NULL, 'r' },
	{ "engine", required_argument, NULL, 'E' },
};
/* The CLI_* bit of each entry above, in order. */
static const unsigned common_bit[] = {
	CLI_LBA, CLI_BLOCKS, CLI_DATA, CLI_METADATA, CLI_FUA, CLI_JSON,
	CLI_RAW, CLI_ENGINE,
};

int cli_usage(const struct cli *c, const char *fmt, ...)
{
	char why[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return usage_err(c->what, why);
}

int cli_refuse(const char *what, const char *path, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "ngio: %s: ", what);
	if (path)
		fprintf(stderr, "%s: ", path);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return NGIO_EXIT_USAGE;
}

int cli_num(const struct cli *c, const char *opt, const char *arg,
	    uint64_t max, uint64_t *out)
{
	char why[NUM_WHY_LEN];
	int ret = parse_u64(arg, max, out);

	if (ret)
		return cli_usage(c, "--%s: '%s' %s", opt, arg,
				 num_why(arg, ret, why, sizeof(why)));
	return 0;
}

static int parse_engine(struct cli *c, const char *arg)
{
	if (!strcmp(arg, "pt"))
		c->engine = NGIO_ENGINE_PT;
	else if (!strcmp(arg, "ioctl"))
		c->engine = NGIO_ENGINE_IOCTL;
	else if (!strcmp(arg, "block"))
		c->engine = NGIO_ENGINE_BLOCK;
	else
		return cli_usage(c, "--engine: '%s' is not pt, ioctl or block",
				 arg);
	return 0;
}

int cli_parse(struct cli *c, int argc, char **argv, unsigned accept,
	      const struct cli_extra *x)
{
	struct option opts[ARRAY_SIZE(common) + 32];
	bool seen[ARRAY_SIZE(opts)] = { false };
	size_t n = 0;
	int ch, idx, ret = 0;

	memset(c, 0, sizeof(*c));
	c->what = argv[0];
	c->engine = NGIO_ENGINE_AUTO;
	for (size_t i = 0; i < ARRAY_SIZE(common); i++)
		if (accept & common_bit[i])
			opts[n++] = common[i];
	for (const struct option *o = x ? x->opts : NULL; o && o->name; o++)
		if (n < ARRAY_SIZE(opts) - 2)
			opts[n++] = *o;
	opts[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	opts[n] = (struct option){ 0 };

	/* Long options only: "-1" stays a value, never an option.  The
	 * messages are ours ("-:" makes getopt quiet and in order). */
	opterr = 0;
	optind = 0;	/* glibc: start afresh, so a second parse works */
	while ((idx = -1,
		ch = getopt_long(argc, argv, "-:h", opts, &idx)) != -1) {
		/* A value given twice is a mistake either way it is read. */
		if (idx >= 0 && opts[idx].has_arg != no_argument &&
		    !(ch & CLI_REPEAT)) {
			if (seen[idx])
				return cli_usage(c, "--%s is given more than "
						 "once", opts[idx].name);
			seen[idx] = true;
		}
		ch &= ~CLI_REPEAT;
		switch (ch) {
		case 1:		/* a positional argument, in order */
			if (c->dev || accept & CLI_NO_DEV)
				return cli_usage(c, "unexpected argument '%s'",
						 optarg);
			c->dev = optarg;
			break;
		case 'l':
			ret = cli_num(c, "lba", optarg, UINT64_MAX, &c->lba);
			c->has_lba = true;
			break;
		case 'b':
			/* One command moves 65536 blocks; the helpers split,
			 * so allow what fits 32 bits. */
			ret = cli_num(c, "blocks", optarg, UINT32_MAX,
				      &c->blocks);
			if (!ret && !c->blocks)
				ret = cli_usage(c, "--blocks must be at least 1");
			c->has_blocks = true;
			break;
		case 'd':
			c->data = optarg;
			break;
		case 'M':
			c->metadata = optarg;
			break;
		case 'f':
			c->fua = true;
			break;
		case 'j':
			c->json = true;
			break;
		case 'r':
			c->raw = true;
			break;
		case 'E':
			ret = parse_engine(c, optarg);
			break;
		case 'h':
			c->help = true;
			return usage_ok(c->what);
		case ':':
			return cli_usage(c, "%s needs a value", argv[optind - 1]);
		case '?':
			return cli_usage(c, "unknown option '%s'",
					 argv[optind - 1]);
		default:
			if (ch >= CLI_EXTRA && x && x->cb) {
				ret = x->cb(c, ch, optarg, x->ctx);
				break;
			}
			return cli_usage(c, "unknown option '%s'",
					 argv[optind - 1]);
		}
		if (ret)
			return ret;
	}
	/* After "--" everything is an argument: DEV, or one too many. */
	for (; optind < argc; optind++) {
		if (c->dev || accept & CLI_NO_DEV)
			return cli_usage(c, "unexpected argument '%s'",
					 argv[optind]);
		c->dev = argv[optind];
	}
	if (!c->dev && !(accept & CLI_NO_DEV))
		return cli_usage(c, "DEV is missing");
	if (c->json && c->raw)
		return cli_usage(c, "--json and --raw exclude each other");
	return 0;
}

int cli_open(const struct cli *c, struct ngio_dev **dev, bool need_ns)
{
	int ret = ngio_dev_open(c->dev, 0, dev);

	if (ret)
		return report_dev(c->what, c->dev, ret);
	if (need_ns && !ngio_dev_is_ns(*dev)) {
		ngio_dev_close(*dev);
		return cli_usage(c, "%s is a controller; give a namespace "
				 "(e.g. /dev/ng0n1)", c->dev);
	}
	if (c->engine != NGIO_ENGINE_AUTO) {
		ret = ngio_dev_set_engine(*dev, c->engine);
		if (ret) {
			ngio_dev_close(*dev);
			return report(c->what, c->dev, ret);
		}
	}
	return 0;
}

int cli_raw(const struct cli *c, const void *buf, size_t len)
{
	const char *p = buf;

	if (isatty(STDOUT_FILENO)) {
		fprintf(stderr, "ngio: %s: --raw writes binary data; redirect "
			"stdout to a file or a pipe\n", c->what);
		return NGIO_EXIT_USAGE;
	}
	while (len) {
		ssize_t n = write(STDOUT_FILENO, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return report(c->what, "stdout", -errno);
		p += n;
		len -= n;
	}
	return NGIO_EXIT_OK;
}

void json_print(struct json_object *root)
{
	printf("%s\n", json_object_to_json_string_ext(root,
		JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
}
