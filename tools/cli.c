// SPDX-License-Identifier: MIT
/* Option parsing and device opening shared by every subcommand. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "cli.h"

const char *const cli_engine_values[] = {
	"pt", "ioctl", "block", "emu", NULL,
};
static const enum ngio_engine engine_of[] = {
	NGIO_ENGINE_PT, NGIO_ENGINE_IOCTL, NGIO_ENGINE_BLOCK, NGIO_ENGINE_EMU,
};

const char *cli_values_str(const char *const *v, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = 0;
	for (size_t i = 0; v[i] && n < len; i++)
		n += snprintf(buf + n, len - n, "%s%s", !i ? "" :
			      v[i + 1] ? ", " : " or ", v[i]);
	return buf;
}

int cli_value_index(const char *const *v, const char *s)
{
	for (int i = 0; v[i]; i++)
		if (!strcmp(v[i], s))
			return i;
	return -1;
}

int cli_usage_cmd(const struct cli_cmd *cmd, const char *what,
		  const char *fmt, ...)
{
	va_list ap;

	if (fmt) {
		va_start(ap, fmt);
		cli_verr(NGIO_EXIT_USAGE, what, NULL, fmt, ap);
		va_end(ap);
	}
	cli_print_usage(stderr, cmd, false);
	return NGIO_EXIT_USAGE;
}

int cli_usage(const struct cli *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_verr(NGIO_EXIT_USAGE, c->what, NULL, fmt, ap);
	va_end(ap);
	if (c->cmd)
		cli_print_usage(stderr, c->cmd, false);
	return NGIO_EXIT_USAGE;
}

int cli_refuse(const char *what, const char *path, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_verr(NGIO_EXIT_USAGE, what, path, fmt, ap);
	va_end(ap);
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
	int i = cli_value_index(cli_engine_values, arg);
	char buf[64];

	if (i < 0)
		return cli_usage(c, "--engine: '%s' is not %s", arg,
				 cli_values_str(cli_engine_values, buf,
						sizeof(buf)));
	c->engine = engine_of[i];
	return 0;
}

/* getopt_long's val for entry i of a table; above what it returns for
 * itself (1, ':', '?'). */
#define OPT_BASE	0x1000
#define MAX_OPTS	64

static size_t nr_opts(const struct cli_cmd *cmd)
{
	size_t n = 0;

	while (cmd->opts && cmd->opts[n].name)
		n++;
	return n;
}

/* A common option; the others go to x. */
static int common_opt(struct cli *c, const struct cli_opt *o,
		      const char *arg, const struct cli_extra *x)
{
	int ret;

	switch (o->val) {
	case CLI_V_LBA:
		c->has_lba = true;
		return cli_num(c, "lba", arg, UINT64_MAX, &c->lba);
	case CLI_V_BLOCKS:
		/* One command moves 65536 blocks; the helpers split, so
		 * allow what fits 32 bits. */
		c->has_blocks = true;
		ret = cli_num(c, "blocks", arg, UINT32_MAX, &c->blocks);
		if (!ret && !c->blocks)
			ret = cli_usage(c, "--blocks must be at least 1");
		return ret;
	case CLI_V_DATA:
		c->data = arg;
		return 0;
	case CLI_V_METADATA:
		c->metadata = arg;
		return 0;
	case CLI_V_FUA:
		c->fua = true;
		return 0;
	case CLI_V_JSON:
		c->json = true;
		return 0;
	case CLI_V_RAW:
		c->raw = true;
		return 0;
	case CLI_V_ENGINE:
		return parse_engine(c, arg);
	}
	if (o->val >= CLI_EXTRA && x && x->cb)
		return x->cb(c, o->val, arg, x->ctx);
	return cli_usage(c, "unknown option '--%s'", o->name);
}

/* DEV, or an argument too many. */
static int positional(struct cli *c, const char *arg)
{
	if (c->dev || c->cmd->flags & CLI_NO_DEV)
		return cli_usage(c, "unexpected argument '%s'", arg);
	c->dev = arg;
	return 0;
}

int cli_parse(struct cli *c, const struct cli_cmd *cmd, int argc,
	      char **argv, const struct cli_extra *x)
{
	struct option opts[MAX_OPTS + 2];
	bool seen[MAX_OPTS] = { false };
	size_t n = nr_opts(cmd);
	int ch, ret = 0;

	memset(c, 0, sizeof(*c));
	c->what = argv[0];
	c->cmd = cmd;
	c->engine = NGIO_ENGINE_AUTO;
	if (n > MAX_OPTS)
		return cli_err(NGIO_EXIT_USAGE, c->what, NULL, "%zu options: "
			       "at most %d", n, MAX_OPTS);
	for (size_t i = 0; i < n; i++) {
		const struct cli_opt *o = &cmd->opts[i];

		opts[i] = (struct option){
			o->name, !o->arg ? no_argument :
			o->flags & CLI_OPTARG ? optional_argument :
			required_argument, NULL, OPT_BASE + (int)i,
		};
	}
	opts[n] = (struct option){ "help", no_argument, NULL, 'h' };
	opts[n + 1] = (struct option){ 0 };

	/* Long options only: "-1" stays a value, never an option.  The
	 * messages are ours ("-:" makes getopt quiet and in order). */
	opterr = 0;
	optind = 0;	/* glibc: start afresh, so a second parse works */
	while ((ch = getopt_long(argc, argv, "-:h", opts, NULL)) != -1) {
		const struct cli_opt *o;
		size_t i;

		if (ch == 1) {
			ret = positional(c, optarg);
		} else if (ch == 'h') {
			c->help = true;
			cli_print_usage(stdout, cmd, true);
			return NGIO_EXIT_OK;
		} else if (ch == ':') {
			return cli_usage(c, "%s needs a value",
					 argv[optind - 1]);
		} else if (ch == '?' && optopt >= OPT_BASE) {
			/* "--fua=1": a flag given a value. */
			return cli_usage(c, "--%s takes no value",
					 cmd->opts[optopt - OPT_BASE].name);
		} else if (ch < OPT_BASE || ch >= OPT_BASE + (int)n) {
			return cli_usage(c, "unknown option '%s'",
					 argv[optind - 1]);
		} else {
			i = ch - OPT_BASE;
			o = &cmd->opts[i];
			/* A value given twice is a mistake either way it is
			 * read (abbreviated or with '=' too). */
			if (o->arg && !(o->flags & CLI_REPEAT)) {
				if (seen[i])
					return cli_usage(c, "--%s is given "
							 "more than once",
							 o->name);
				seen[i] = true;
			}
			c->opt = o;
			ret = common_opt(c, o, optarg, x);
			c->opt = NULL;
		}
		if (ret)
			return ret;
	}
	/* After "--" everything is an argument: DEV, or one too many. */
	for (; optind < argc; optind++) {
		ret = positional(c, argv[optind]);
		if (ret)
			return ret;
	}
	if (!c->dev && !(cmd->flags & (CLI_NO_DEV | CLI_DEV_OPT)))
		return cli_usage(c, "DEV is missing");
	if (c->json && c->raw)
		return cli_usage(c, "--json and --raw exclude each other");
	return 0;
}

/* ------------------------------------------------- usage, generated */

/* Output with roff markup (the man page) or without (--help). */
struct out {
	char *buf;
	size_t len, n;
	bool roff;
};

static void put(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int r;

	if (o->n >= o->len)
		return;
	va_start(ap, fmt);
	r = vsnprintf(o->buf + o->n, o->len - o->n, fmt, ap);
	va_end(ap);
	o->n = r < 0 ? o->len : o->n + r;
	if (o->n >= o->len)
		o->n = o->len - 1;
}

/* s with '-' as roff's \- when o->roff. */
static void put_word(struct out *o, const char *font, const char *s)
{
	if (!o->roff) {
		put(o, "%s", s);
		return;
	}
	put(o, "\\f%s", font);
	for (; *s; s++)
		put(o, *s == '-' ? "\\-" : "%c", *s);
	put(o, "\\fR");
}

/* An ARG: "LBA:BLOCKS" in roff is each name in italics. */
static void put_arg(struct out *o, const struct cli_opt *opt)
{
	if (opt->flags & CLI_SHOWV && opt->values) {
		for (size_t i = 0; opt->values[i]; i++) {
			if (i)
				put(o, "|");
			put_word(o, "B", opt->values[i]);
		}
		return;
	}
	if (!o->roff) {
		put(o, "%s", opt->arg);
		return;
	}
	for (const char *p = opt->arg; *p; ) {
		size_t w = strcspn(p, ":|,.");
		char part[64];

		snprintf(part, sizeof(part), "%.*s", (int)w, p);
		if (w)
			put_word(o, "I", part);
		p += w;
		if (*p)
			put(o, "%c", *p++);
	}
}

static void put_opt(struct out *o, const struct cli_opt *opt)
{
	char name[64];

	snprintf(name, sizeof(name), "--%s", opt->name);
	put_word(o, "B", name);
	if (!opt->arg)
		return;
	if (opt->flags & CLI_OPTARG) {
		put(o, "[=");
		put_arg(o, opt);
		put(o, "]");
	} else {
		put(o, " ");
		put_arg(o, opt);
	}
	if (opt->flags & CLI_REPEAT)
		put(o, " ...");
}

/*
 * The synopsis as groups, each one option with its alternatives
 * (CLI_ALT) and nested ones (CLI_SUB): "[--json | --raw]".  Returns how
 * many; group i is buf[off[i]..] (NUL-terminated).
 */
static size_t groups(const struct cli_cmd *cmd, bool roff, char *buf,
		     size_t len, size_t *off, size_t max)
{
	struct out o = { buf, len, 0, roff };
	size_t n = 0, nr = nr_opts(cmd);

	if (!(cmd->flags & CLI_NO_DEV) && n < max) {
		off[n++] = o.n;
		if (cmd->flags & CLI_DEV_OPT)
			put(&o, "[");
		put_word(&o, "I", "DEV");
		if (cmd->flags & CLI_DEV_OPT)
			put(&o, "]");
		put(&o, "%c", 0);
	}
	for (size_t i = 0; i < nr && n < max; ) {
		const struct cli_opt *first = &cmd->opts[i];
		bool req = first->flags & CLI_REQUIRED;

		if (first->flags & CLI_UNSHOWN) {
			i++;
			continue;
		}
		off[n++] = o.n;
		if (!req)
			put(&o, "[");
		put_opt(&o, &cmd->opts[i++]);
		for (; i < nr && cmd->opts[i].flags & (CLI_ALT | CLI_SUB);
		     i++) {
			if (cmd->opts[i].flags & CLI_ALT) {
				put(&o, " | ");
				put_opt(&o, &cmd->opts[i]);
			} else {
				put(&o, " [");
				put_opt(&o, &cmd->opts[i]);
				put(&o, "]");
			}
		}
		if (!req)
			put(&o, "]");
		put(&o, "%c", 0);
	}
	return n;
}

#define SYN_LEN		4096
#define SYN_MAX		96

size_t cli_synopsis(const struct cli_cmd *cmd, char *buf, size_t len)
{
	char g[SYN_LEN];
	size_t off[SYN_MAX], n = groups(cmd, false, g, sizeof(g), off, SYN_MAX);
	struct out o = { buf, len, 0, false };

	buf[0] = 0;
	for (size_t i = 0; i < n; i++)
		put(&o, "%s%s", i ? " " : "", g + off[i]);
	return o.n;
}

/* "usage: ngio NAME SYNOPSIS", wrapped at 79 columns under its start. */
static void usage_line(FILE *fp, const char *lead, const struct cli_cmd *cmd)
{
	char g[SYN_LEN];
	size_t off[SYN_MAX], n = groups(cmd, false, g, sizeof(g), off, SYN_MAX);
	int indent = fprintf(fp, "%s%s", lead, cmd->name), col = indent;

	for (size_t i = 0; i < n; i++) {
		int w = strlen(g + off[i]);

		if (col + 1 + w > 79 && col > indent) {
			fprintf(fp, "\n%*s", indent, "");
			col = indent;
		}
		col += fprintf(fp, " %s", g + off[i]);
	}
	fputc('\n', fp);
}

static const char *kind_names(unsigned k, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s%s%s", k & CLI_K_NVM ? ", nvm" : "",
		 k & CLI_K_ZONED ? ", zoned" : "", k & CLI_K_PI ? ", pi" : "",
		 k & CLI_K_MD ? ", metadata" : "",
		 k & CLI_K_PT ? ", pt/ioctl" : "");
	return k ? buf + 2 : "";
}

/* text from column col (padded to indent), wrapped at 79 columns under
 * column indent. */
static void wrap(FILE *fp, const char *text, int col, int indent)
{
	bool first = true;

	if (col < indent) {
		fprintf(fp, "%*s", indent - col, "");
		col = indent;
	}
	while (*text) {
		int w = strcspn(text, " ");

		if (!first && col + 1 + w > 79) {
			fprintf(fp, "\n%*s", indent, "");
			col = indent;
		} else if (!first) {
			fputc(' ', fp);
			col++;
		}
		first = false;
		col += fprintf(fp, "%.*s", w, text);
		text += w;
		text += strspn(text, " ");
	}
	fputc('\n', fp);
}

#define HELP_COL	28

static void option_help(FILE *fp, const struct cli_cmd *cmd)
{
	char left[128], vals[256], kinds[64], text[768];
	struct out o = { left, sizeof(left), 0, false };

	fprintf(fp, "options:\n");
	for (size_t i = 0; i < nr_opts(cmd); i++) {
		const struct cli_opt *opt = &cmd->opts[i];
		int col;

		if (opt->flags & CLI_UNSHOWN)
			continue;
		o.n = 0;
		put_opt(&o, opt);
		snprintf(text, sizeof(text), "%s%s%s%s%s%s",
			 opt->help ? opt->help : "",
			 opt->values && !(opt->flags & CLI_SHOWV) ? ": " : "",
			 opt->values && !(opt->flags & CLI_SHOWV) ?
			 cli_values_str(opt->values, vals, sizeof(vals)) : "",
			 opt->kinds ? " (" : "",
			 kind_names(opt->kinds, kinds, sizeof(kinds)),
			 opt->kinds ? ")" : "");
		col = fprintf(fp, "  %s", left);
		if (col >= HELP_COL - 1) {
			fprintf(fp, "\n");
			col = 0;
		}
		wrap(fp, text, col, HELP_COL);
	}
	fprintf(fp, "  %-*s%s\n", HELP_COL - 2, "--help", "this help");
}

void cli_print_usage(FILE *fp, const struct cli_cmd *cmd, bool all)
{
	if (cmd->subs) {
		fprintf(fp, "usage: ngio %s ACTION DEV [OPTIONS]\n",
			cmd->name);
		wrap(fp, cmd->summary, 0, 2);
		fprintf(fp, "actions (`ngio %s ACTION --help` for each):\n",
			cmd->name);
		for (size_t i = 0; cmd->subs[i]; i++) {
			usage_line(fp, "  ngio ", cmd->subs[i]);
			if (all)
				wrap(fp, cmd->subs[i]->summary, 0, 4);
		}
		return;
	}
	usage_line(fp, "usage: ngio ", cmd);
	wrap(fp, cmd->summary, 0, 2);
	if (all)
		option_help(fp, cmd);
}

static void options_of(FILE *fp, const struct cli_cmd *cmd)
{
	for (size_t i = 0; i < nr_opts(cmd); i++) {
		const struct cli_opt *o = &cmd->opts[i];

		if (o->flags & CLI_UNSHOWN)
			continue;
		fprintf(fp, "%s\t--%s\t%s\t%s\t", cmd->name, o->name,
			o->arg ? o->arg : "-",
			o->flags & CLI_LIST ?
			(o->flags & CLI_REPEAT ? "list,repeat" : "list") :
			o->flags & CLI_REPEAT ? "repeat" : "-");
		for (size_t v = 0; o->values && o->values[v]; v++)
			fprintf(fp, "%s%s", v ? " " : "", o->values[v]);
		fputc('\n', fp);
	}
	fprintf(fp, "%s\t--help\t-\t-\t\n", cmd->name);
}

void cli_print_options(FILE *fp, const struct cli_cmd *const *cmds)
{
	for (size_t i = 0; cmds[i]; i++) {
		options_of(fp, cmds[i]);
		for (size_t j = 0; cmds[i]->subs && cmds[i]->subs[j]; j++)
			options_of(fp, cmds[i]->subs[j]);
	}
}

static void man_of(FILE *fp, const struct cli_cmd *cmd)
{
	char g[SYN_LEN];
	size_t off[SYN_MAX], n = groups(cmd, true, g, sizeof(g), off, SYN_MAX);

	/* ".B zone zrwa\-flush \fIDEV\fR ...": the name in bold. */
	fprintf(fp, ".B ");
	for (const char *p = cmd->name; *p; p++)
		fprintf(fp, *p == '-' ? "\\-" : "%c", *p);
	/* A bracket after the name is roman, not bold: "\fR[". */
	for (size_t i = 0; i < n; i++)
		fprintf(fp, " %s%s", !i && g[off[i]] == '[' ? "\\fR" : "",
			g + off[i]);
	fputc('\n', fp);
}

void cli_print_man(FILE *fp, const struct cli_cmd *const *cmds)
{
	for (size_t i = 0; cmds[i]; i++) {
		if (cmds[i]->flags & CLI_HIDDEN)
			continue;
		if (!cmds[i]->subs)
			man_of(fp, cmds[i]);
		for (size_t j = 0; cmds[i]->subs && cmds[i]->subs[j]; j++)
			man_of(fp, cmds[i]->subs[j]);
	}
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

	if (isatty(STDOUT_FILENO))
		return cli_err(NGIO_EXIT_USAGE, c->what, NULL, "--raw writes "
			       "binary data; redirect stdout to a file or a "
			       "pipe");
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
