// SPDX-License-Identifier: MIT
/*
 * zone: the zones of a zoned namespace (ZNS).  report lists them; open,
 * close, finish, reset and offline move one zone, or all of them, between
 * states; append writes a file at a zone's write pointer and says where
 * it went; desc sets a zone's descriptor extension; zrwa-flush commits a
 * zone random write area up to an LBA.  Everything is checked against the
 * namespace's zone geometry before a command is sent.
 *
 * report's JSON follows `nvme zns report-zones -o json` (nvme-cli 2.3):
 * nr_zones counts every zone of the namespace in the state asked for,
 * whatever --zone and --count select, as nvme-cli's does.  Each zone also
 * carries attrs_info, as nvme-cli 2.4 and later print it: 2.3 writes the
 * attributes information byte over "attrs".  With --ext, ext_data is
 * nvme-cli's too (the extension as 16-character lines, bytes outside
 * '!'..'~' shown as '.', or "Not valid"); ext_hex has every byte.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "args.h"
#include "cli.h"

enum zone_act {
	ZA_REPORT, ZA_OPEN, ZA_CLOSE, ZA_FINISH, ZA_RESET, ZA_OFFLINE,
	ZA_APPEND, ZA_DESC, ZA_ZRWA_FLUSH,
};

enum { X_ZONE = CLI_EXTRA, X_ALL, X_STATE, X_COUNT, X_ZRWA, X_EXT };

/* --state names, in the order of the report's state filter (1-7). */
static const char *const state_opt[] = {
	[NVME_ZNS_ZRAS_REPORT_EMPTY] = "empty",
	[NVME_ZNS_ZRAS_REPORT_IMPL_OPENED] = "imp-open",
	[NVME_ZNS_ZRAS_REPORT_EXPL_OPENED] = "exp-open",
	[NVME_ZNS_ZRAS_REPORT_CLOSED] = "closed",
	[NVME_ZNS_ZRAS_REPORT_FULL] = "full",
	[NVME_ZNS_ZRAS_REPORT_READ_ONLY] = "read-only",
	[NVME_ZNS_ZRAS_REPORT_OFFLINE] = "offline",
	NULL,
};
/* The same from 0, for the table and its messages. */
#define state_values	(state_opt + 1)

/* The actions' options: each action is a command of its own. */
#define ZONE_OPT(fl)	{ "zone", "SLBA", X_ZONE, fl, 0,		\
			  "the zone, by its first LBA", NULL }
#define ALL_OPT		{ "all", NULL, X_ALL, CLI_ALT, 0,			\
			  "every zone", NULL }
/* --all is taken only to refuse it by name. */
#define ALL_REFUSED	{ "all", NULL, X_ALL, CLI_UNSHOWN, 0,			\
			  "(refused: one zone only)", NULL }

static const struct cli_opt report_opts[] = {
	ZONE_OPT(0),
	{ "state", "S", X_STATE, 0, 0, "only the zones in this state",
	  state_values },
	{ "count", "N", X_COUNT, 0, 0, "at most N zones", NULL },
	{ "ext", NULL, X_EXT, 0, 0, "with the zone descriptor extensions",
	  NULL },
	CLI_O_JSON,
	{ NULL },
};

static const struct cli_opt open_opts[] = {
	ZONE_OPT(CLI_REQUIRED),
	ALL_OPT,
	{ "zrwa", NULL, X_ZRWA, 0, 0, "allocate a zone random write area",
	  NULL },
	{ NULL },
};

static const struct cli_opt send_opts[] = {
	ZONE_OPT(CLI_REQUIRED),
	ALL_OPT,
	{ NULL },
};

static const struct cli_opt append_opts[] = {
	ZONE_OPT(CLI_REQUIRED),
	ALL_REFUSED,
	CLI_O_DATA(CLI_REQUIRED, "the data, whole blocks"),
	CLI_O_JSON,
	{ NULL },
};

static const struct cli_opt desc_opts[] = {
	ZONE_OPT(CLI_REQUIRED),
	ALL_REFUSED,
	CLI_O_DATA(CLI_REQUIRED, "the descriptor extension"),
	{ NULL },
};

static const struct cli_opt flush_opts[] = {
	{ "lba", "LBA", CLI_V_LBA, CLI_REQUIRED, 0,
	  "commit the area up to this LBA", NULL },
	{ NULL },
};

#define ACT(n, s, o)	{ "zone " n, s, 0, o, cmd_zone, NULL }
static const struct cli_cmd act_cmds[] = {
	[ZA_REPORT] = ACT("report", "list the zones", report_opts),
	[ZA_OPEN] = ACT("open", "open a zone, or all", open_opts),
	[ZA_CLOSE] = ACT("close", "close a zone, or all", send_opts),
	[ZA_FINISH] = ACT("finish", "make a zone full, or all", send_opts),
	[ZA_RESET] = ACT("reset", "empty a zone, or all", send_opts),
	[ZA_OFFLINE] = ACT("offline", "take a zone offline, or all",
			   send_opts),
	[ZA_APPEND] = ACT("append", "write FILE at the zone's write "
			  "pointer; prints the LBA", append_opts),
	[ZA_DESC] = ACT("desc", "set the zone's descriptor extension",
			desc_opts),
	[ZA_ZRWA_FLUSH] = ACT("zrwa-flush", "commit a zone random write "
			      "area up to LBA", flush_opts),
};

static const struct cli_cmd *const act_list[] = {
	&act_cmds[ZA_REPORT], &act_cmds[ZA_OPEN], &act_cmds[ZA_CLOSE],
	&act_cmds[ZA_FINISH], &act_cmds[ZA_RESET], &act_cmds[ZA_OFFLINE],
	&act_cmds[ZA_APPEND], &act_cmds[ZA_DESC], &act_cmds[ZA_ZRWA_FLUSH],
	NULL,
};

const struct cli_cmd cli_zone_cmd = {
	"zone", "zoned namespaces: report zones, change their state, append",
	0, NULL, cmd_zone, act_list,
};

static const struct {
	const char *name;
	enum nvme_zns_send_action zsa;	/* open..offline, desc */
} acts[] = {
	[ZA_REPORT] = { "report", 0 },
	[ZA_OPEN] = { "open", NVME_ZNS_ZSA_OPEN },
	[ZA_CLOSE] = { "close", NVME_ZNS_ZSA_CLOSE },
	[ZA_FINISH] = { "finish", NVME_ZNS_ZSA_FINISH },
	[ZA_RESET] = { "reset", NVME_ZNS_ZSA_RESET },
	[ZA_OFFLINE] = { "offline", NVME_ZNS_ZSA_OFFLINE },
	[ZA_APPEND] = { "append", 0 },
	[ZA_DESC] = { "desc", NVME_ZNS_ZSA_SET_DESC_EXT },
	[ZA_ZRWA_FLUSH] = { "zrwa-flush", NVME_ZNS_ZSA_ZRWA_FLUSH },
};

struct zone_args {
	enum zone_act act;
	char what[24];		/* "zone reset": messages after parsing */
	uint64_t slba, count;
	bool has_zone, all, zrwa, ext;
	enum nvme_zns_report_options state;
};

static int zone_opt(struct cli *c, int val, const char *arg, void *ctx)
{
	struct zone_args *a = ctx;

	switch (val) {
	case X_ZONE:
		a->has_zone = true;
		return cli_num(c, "zone", arg, UINT64_MAX, &a->slba);
	case X_ALL:
		a->all = true;
		return 0;
	case X_ZRWA:
		a->zrwa = true;
		return 0;
	case X_EXT:
		a->ext = true;
		return 0;
	case X_COUNT:
		if (cli_num(c, "count", arg, UINT32_MAX, &a->count))
			return NGIO_EXIT_USAGE;
		if (!a->count)
			return cli_usage(c, "--count must be at least 1");
		return 0;
	case X_STATE:
	{
		char buf[96];
		int i = cli_value_index(state_values, arg);

		if (i >= 0) {
			a->state = i + 1;
			return 0;
		}
		return cli_usage(c, "--state: '%s' is not %s", arg,
				 cli_values_str(state_values, buf,
						sizeof(buf)));
	}
	}
	return cli_usage(c, "unknown option");
}

/*
 * --zone must name the first LBA of a zone of the namespace: a command
 * for another LBA would be refused by the device, or worse, for report,
 * mean a zone the user did not think of.
 */
static int check_zone(const struct cli *c, const struct zone_args *a,
		      const struct ngio_zoned *z, bool any_lba)
{
	unsigned long long zsze = z->zone_size, nr = z->nr_zones;

	if (a->slba / zsze >= nr)
		return cli_refuse(a->what, c->dev, "--zone %llu: past the end "
				  "of the namespace (%llu zones of %llu "
				  "blocks; the last starts at LBA %llu)",
				  (unsigned long long)a->slba, nr, zsze,
				  (nr - 1) * zsze);
	if (!any_lba && a->slba % zsze)
		return cli_refuse(a->what, c->dev, "--zone %llu: not the "
				  "start of a zone (zones are %llu blocks; "
				  "this LBA is in the zone at %llu)",
				  (unsigned long long)a->slba, zsze,
				  (unsigned long long)(a->slba / zsze * zsze));
	return 0;
}

/* ----------------------------------------------------------- report */

static const char *zone_type_name(uint8_t type)
{
	return type == NVME_ZONE_TYPE_SEQWRITE_REQ ? "SEQWRITE_REQ" : "Unknown";
}

/* The attribute bits for people: "-" or e.g. "ext,rzr". */
static char *attrs_str(uint8_t za, char *buf, size_t len)
{
	static const struct { uint8_t bit; const char *name; } names[] = {
		{ NVME_ZNS_ZA_ZFC, "zfc" },	/* finished by controller */
		{ NVME_ZNS_ZA_FZR, "fzr" },	/* finish recommended */
		{ NVME_ZNS_ZA_RZR, "rzr" },	/* reset recommended */
		{ NVME_ZNS_ZA_ZRWAV, "zrwa" },	/* ZRWA valid */
		{ NVME_ZNS_ZA_ZDEV, "ext" },	/* extension valid */
	};
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(names) && n < len; i++)
		if (za & names[i].bit)
			n += snprintf(buf + n, len - n, "%s%s", n ? "," : "",
				      names[i].name);
	if (!n)
		snprintf(buf, len, "-");
	return buf;
}

/*
 * The write pointer for people: "-" where it has no meaning (full, read
 * only and offline zones; QEMU reports all ones there), which would
 * otherwise print as a 20-digit number.
 */
static char *wp_str(const struct ngio_zone *z, char *buf, size_t len)
{
	if (z->state == NVME_ZNS_ZS_FULL || z->state == NVME_ZNS_ZS_READ_ONLY ||
	    z->state == NVME_ZNS_ZS_OFFLINE || z->wp == UINT64_MAX)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%llu", (unsigned long long)z->wp);
	return buf;
}

/* ext_data as nvme-cli prints it: lines of 16 characters. */
static struct json_object *ext_lines(const unsigned char *ext, unsigned len)
{
	struct json_object *a = json_object_new_array();
	char line[17];

	for (unsigned i = 0; i < len; i += 16) {
		unsigned n = len - i < 16 ? len - i : 16;

		for (unsigned k = 0; k < n; k++)
			line[k] = ext[i + k] >= '!' && ext[i + k] <= '~' ?
				  (char)ext[i + k] : '.';
		line[n] = '\0';
		json_object_array_add(a, json_object_new_string(line));
	}
	return a;
}

static char *hex_str(const unsigned char *p, unsigned len, char *buf)
{
	for (unsigned i = 0; i < len; i++)
		sprintf(buf + 2 * i, "%02x", p[i]);
	buf[2 * len] = '\0';
	return buf;
}

/* ext: zde bytes a zone, or NULL for a plain report. */
static void report_json(const struct ngio_zone *zones,
			const unsigned char *ext, unsigned zde, unsigned nr,
			unsigned total)
{
	struct json_object *root = json_object_new_object();
	struct json_object *list = json_object_new_array();
	char *hex = ext ? malloc(2 * zde + 1) : NULL;

	for (unsigned i = 0; i < nr; i++) {
		const struct ngio_zone *z = &zones[i];
		const unsigned char *e = ext ? ext + (size_t)i * zde : NULL;
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "slba",
				       json_object_new_uint64(z->start));
		json_object_object_add(o, "wp", json_object_new_uint64(z->wp));
		json_object_object_add(o, "cap",
				       json_object_new_uint64(z->cap));
		json_object_object_add(o, "state", json_object_new_string(
				       ngio_zone_state_name(z->state)));
		json_object_object_add(o, "type", json_object_new_string(
				       zone_type_name(z->type)));
		json_object_object_add(o, "attrs",
				       json_object_new_uint64(z->attrs));
		json_object_object_add(o, "attrs_info",
				       json_object_new_uint64(z->attrs_info));
		if (e && z->attrs & NVME_ZNS_ZA_ZDEV) {
			json_object_object_add(o, "ext_data",
					       ext_lines(e, zde));
			if (hex)
				json_object_object_add(o, "ext_hex",
					json_object_new_string(
						hex_str(e, zde, hex)));
		} else if (e) {
			json_object_object_add(o, "ext_data",
				json_object_new_string("Not valid"));
		}
		json_object_array_add(list, o);
	}
	free(hex);
	json_object_object_add(root, "nr_zones", json_object_new_uint64(total));
	json_object_object_add(root, "zone_list", list);
	json_print(root);
}

static void report_text(const struct cli *c, const struct zone_args *a,
			const struct ngio_zoned *zd,
			const struct ngio_zone *zones,
			const unsigned char *ext, unsigned nr, unsigned total)
{
	char attrs[40], wp[24];
	unsigned zde = zd->zde_size;

	printf("%s: %llu zones of %llu blocks", c->dev,
	       (unsigned long long)zd->nr_zones,
	       (unsigned long long)zd->zone_size);
	if (a->state)
		printf(", %u %s", total, state_opt[a->state]);
	printf(", %u listed\n", nr);
	if (!nr)
		return;
	printf("%12s %12s %8s  %-10s  %-12s  %s\n", "SLBA", "WP", "Cap",
	       "State", "Type", "Attrs");
	for (unsigned i = 0; i < nr; i++) {
		const struct ngio_zone *z = &zones[i];

		printf("%12llu %12s %8llu  %-10s  %-12s  %s\n",
		       (unsigned long long)z->start, wp_str(z, wp, sizeof(wp)),
		       (unsigned long long)z->cap,
		       ngio_zone_state_name(z->state), zone_type_name(z->type),
		       attrs_str(z->attrs, attrs, sizeof(attrs)));
		if (!ext || !(z->attrs & NVME_ZNS_ZA_ZDEV))
			continue;
		/* The extension in hex, 32 bytes a line. */
		for (unsigned k = 0; k < zde; k += 32) {
			char hex[65];

			printf("%12s %s\n", k ? "" : "ext",
			       hex_str(ext + (size_t)i * zde + k,
				       zde - k < 32 ? zde - k : 32, hex));
		}
	}
}

static int zone_report(const struct cli *c, const struct zone_args *a,
		       struct ngio_dev *dev, const struct ngio_zoned *zd)
{
	unsigned char *ext = NULL;
	struct ngio_zone *zones;
	unsigned total, first = 0, nr;
	int ret;

	ret = check_zone(c, a, zd, true);
	if (ret)
		return ret;
	if (a->ext && !zd->zde_size)
		return cli_refuse(a->what, c->dev, "--ext: the namespace has "
				  "no zone descriptor extensions");
	zones = calloc(zd->nr_zones, sizeof(*zones));
	if (a->ext)
		ext = calloc(zd->nr_zones, zd->zde_size);
	if (!zones || (a->ext && !ext)) {
		free(zones);
		free(ext);
		return report(a->what, c->dev, -ENOMEM);
	}
	/* Every zone in the state from LBA 0: nr_zones counts them all. */
	if (a->ext)
		ret = ngio_zone_report_ext(dev, 0, a->state, zones, ext,
					   zd->nr_zones, &total);
	else
		ret = ngio_zone_report(dev, 0, a->state, zones, zd->nr_zones,
				       &total);
	if (ret) {
		free(zones);
		free(ext);
		return report(a->what, c->dev, ret);
	}
	/* List from the zone holding --zone on. */
	while (first < total &&
	       zones[first].start + zd->zone_size <= a->slba)
		first++;
	nr = total - first;
	if (a->count && a->count < nr)
		nr = a->count;
	if (c->json)
		report_json(zones + first,
			    ext ? ext + (size_t)first * zd->zde_size : NULL,
			    zd->zde_size, nr, total);
	else
		report_text(c, a, zd, zones + first,
			    ext ? ext + (size_t)first * zd->zde_size : NULL,
			    nr, total);
	free(zones);
	free(ext);
	return 0;
}

/* ------------------------------------------------------- append, desc */

/*
 * Read all of fd into a 4 KiB-aligned buffer, refusing more than max
 * bytes (reading stops just past it, so a pipe works too).
 */
static int read_data(const struct cli *c, const struct zone_args *a, int fd,
		     size_t max, void **bufp, size_t *lenp)
{
	size_t got = 0, cap = max + 1;
	void *buf;
	int ret;

	ret = posix_memalign(&buf, 4096, (cap + 4095) & ~(size_t)4095);
	if (ret)
		return report(a->what, c->data, -ret);
	while (got < cap) {
		ssize_t n = read(fd, (char *)buf + got, cap - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = report(a->what, c->data, -errno);
			free(buf);
			return ret;
		}
		if (!n)
			break;
		got += n;
	}
	*bufp = buf;
	*lenp = got;
	return 0;
}

static int zone_append(const struct cli *c, const struct zone_args *a,
		       struct ngio_dev *dev, const struct ngio_zoned *zd,
		       int fd)
{
	const struct ngio_geometry *g = ngio_dev_geometry(dev);
	uint32_t bs = ngio_block_bytes(g);
	size_t zasl = zd->zasl ? zd->zasl : g->max_xfer, max = zasl, len;
	size_t pages = (size_t)g->max_segments * g->page_size;
	char why[96] = "";
	struct nvme_uring_cmd cmd;
	__u64 lba;
	void *buf;
	int ret;

	/*
	 * The kernel maps the (page-aligned) buffer a page a segment, at
	 * most max_segments of them: below ZASL that is the true limit
	 * (127 pages on Linux's PCIe driver, under QEMU's 512 KiB ZASL).
	 */
	if (pages && pages < max) {
		max = pages;
		snprintf(why, sizeof(why), "; ZASL is %zu bytes, but the "
			 "kernel maps at most %u pages of %u bytes", zasl,
			 g->max_segments, g->page_size);
	}
	max -= max % bs;
	if (g->ms && !g->extended)
		return cli_refuse(a->what, c->dev, "append takes no separate "
				  "metadata (%u bytes a block here)", g->ms);
	ret = read_data(c, a, fd, max, &buf, &len);
	if (ret)
		return ret;
	/* One command, so the data lands in one piece: no splitting. */
	if (!len)
		ret = cli_refuse(a->what, c->data, "empty: nothing to append");
	else if (len > max)
		ret = cli_refuse(a->what, c->data, "more than the zone append "
				 "size limit of %zu bytes (%zu blocks): one "
				 "append must carry it all%s", max, max / bs,
				 why);
	else if (len % bs)
		ret = cli_refuse(a->what, c->data, "%zu bytes is not whole "
				 "%u-byte blocks", len, bs);
	if (ret)
		goto out;
	ret = ngio_cmd_zone_append(&cmd, g, a->slba, buf, len, 0);
	if (!ret)
		ret = ngio_submit_sync(dev, false, &cmd, &lba);
	if (ret) {
		ret = report(a->what, c->dev, ret);
		goto out;
	}
	if (c->json) {
		struct json_object *root = json_object_new_object();

		json_object_object_add(root, "lba",
				       json_object_new_uint64(lba));
		json_object_object_add(root, "blocks",
				       json_object_new_uint64(len / bs));
		json_print(root);
	} else {
		printf("appended %zu blocks at LBA %llu\n", len / bs,
		       (unsigned long long)lba);
	}
out:
	free(buf);
	return ret;
}

static int zone_desc(const struct cli *c, const struct zone_args *a,
		     struct ngio_dev *dev, const struct ngio_zoned *zd, int fd)
{
	size_t len;
	void *buf;
	int ret;

	if (!zd->zde_size)
		return cli_refuse(a->what, c->dev, "the namespace has no "
				  "zone descriptor extension (its size is 0)");
	ret = read_data(c, a, fd, zd->zde_size, &buf, &len);
	if (ret)
		return ret;
	if (len != zd->zde_size)
		ret = cli_refuse(a->what, c->data, "%zu bytes: the zone "
				 "descriptor extension is exactly %u bytes",
				 len, zd->zde_size);
	else
		ret = report(a->what, c->dev,
			     ngio_zone_mgmt(dev, a->slba, acts[a->act].zsa, 0,
					    buf, len));
	free(buf);
	return ret;
}

/*
 * Commit a zone random write area up to --lba: the write pointer moves
 * past it.  The device checks the rest (the zone has a ZRWA, the LBA is
 * within it, the count is whole flush units) and says which.
 */
static int zone_zrwa_flush(const struct cli *c, const struct zone_args *a,
			   struct ngio_dev *dev, const struct ngio_zoned *zd)
{
	const struct ngio_geometry *g = ngio_dev_geometry(dev);

	if (!zd->zrwa)
		return cli_refuse(a->what, c->dev, "the namespace has no "
				  "zone random write areas");
	if (!zd->zrwa_explicit_flush)
		return cli_refuse(a->what, c->dev, "the namespace does not "
				  "support explicit ZRWA flushes");
	if (c->lba >= g->nsze)
		return cli_refuse(a->what, c->dev, "--lba %llu: past the end "
				  "of the namespace (%llu blocks)",
				  (unsigned long long)c->lba,
				  (unsigned long long)g->nsze);
	return report(a->what, c->dev,
		      ngio_zone_mgmt(dev, c->lba, NVME_ZNS_ZSA_ZRWA_FLUSH, 0,
				     NULL, 0));
}

/* ------------------------------------------------------------- main */

/* The arguments each action needs, before anything is opened. */
static int check_args(const struct cli *c, const struct zone_args *a)
{
	switch (a->act) {
	case ZA_REPORT:
		return 0;
	case ZA_ZRWA_FLUSH:
		if (!c->has_lba)
			return cli_usage(c, "zrwa-flush: --lba LBA (the last "
					 "block to commit) is required");
		return 0;
	case ZA_APPEND:
	case ZA_DESC:
		if (a->all)
			return cli_usage(c, "%s: one zone at a time: --zone "
					 "SLBA, not --all", acts[a->act].name);
		if (!a->has_zone)
			return cli_usage(c, "%s: --zone SLBA is required",
					 acts[a->act].name);
		if (!c->data)
			return cli_usage(c, "%s: --data FILE is required",
					 acts[a->act].name);
		return 0;
	default:
		if (a->has_zone == a->all)
			return cli_usage(c, "%s: give --zone SLBA or --all "
					 "(one of them)", acts[a->act].name);
		if (a->zrwa && (a->act != ZA_OPEN || a->all))
			return cli_usage(c, "--zrwa: with open of one zone "
					 "(--zone SLBA), not --all");
		return 0;
	}
}

static int zone_run(const struct cli *c, struct zone_args *a, int fd)
{
	const struct ngio_zoned *zd;
	struct ngio_dev *dev;
	unsigned flags;
	int ret;

	ret = cli_open(c, &dev, true);
	if (ret)
		return ret;
	zd = ngio_dev_zoned(dev);
	if (!zd) {
		ret = cli_refuse(a->what, c->dev, "not a zoned namespace");
		goto out;
	}
	if (a->act == ZA_REPORT) {
		ret = zone_report(c, a, dev, zd);
		goto out;
	}
	if (a->act == ZA_ZRWA_FLUSH) {
		ret = zone_zrwa_flush(c, a, dev, zd);
		goto out;
	}
	if (a->has_zone) {
		ret = check_zone(c, a, zd, false);
		if (ret)
			goto out;
	}
	if (a->act == ZA_APPEND) {
		ret = zone_append(c, a, dev, zd, fd);
	} else if (a->act == ZA_DESC) {
		ret = zone_desc(c, a, dev, zd, fd);
	} else if (a->zrwa && !zd->zrwa) {
		ret = cli_refuse(a->what, c->dev, "--zrwa: the namespace has "
				 "no zone random write areas");
	} else {
		flags = (a->all ? NGIO_ZONE_ALL : 0) |
			(a->zrwa ? NGIO_ZONE_ZRWA : 0);
		ret = report(a->what, c->dev,
			     ngio_zone_mgmt(dev, a->all ? 0 : a->slba,
					    acts[a->act].zsa, flags, NULL, 0));
	}
out:
	ngio_dev_close(dev);
	return ret;
}

int cmd_zone(int argc, char **argv)
{
	struct zone_args a = { 0 };
	struct cli_extra x = { zone_opt, &a };
	int fd = -1, ret;
	struct cli c;
	size_t i;

	if (argc < 2)
		return cli_usage_cmd(&cli_zone_cmd, argv[0],
				     "ACTION is missing");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		cli_print_usage(stdout, &cli_zone_cmd, true);
		return NGIO_EXIT_OK;
	}
	for (i = 0; i < ARRAY_SIZE(acts); i++)
		if (!strcmp(argv[1], acts[i].name))
			break;
	if (i == ARRAY_SIZE(acts))
		return cli_usage_cmd(&cli_zone_cmd, argv[0], "unknown action "
				     "'%s'", argv[1]);
	a.act = i;
	snprintf(a.what, sizeof(a.what), "%s %s", argv[0], acts[i].name);
	/* Drop the action: cli_parse sees "zone DEV [OPTIONS]". */
	argv[1] = argv[0];
	ret = cli_parse(&c, &act_cmds[i], argc - 1, argv + 1, &x);
	if (ret || c.help)
		return ret;
	ret = check_args(&c, &a);
	if (ret)
		return ret;
	/* A missing file fails before the device is touched. */
	if (c.data) {
		fd = open(c.data, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return report(a.what, c.data, -errno);
	}
	ret = zone_run(&c, &a, fd);
	if (fd >= 0)
		close(fd);
	return ret;
}
