// SPDX-License-Identifier: MIT
/*
 * log: Get Log Page.  Named pages are decoded (smart, error, fw, effects);
 * any other page comes by number, --len bytes at --offset.  The smart
 * page's JSON follows `nvme smart-log -o json` (nvme-cli 2.3): same keys,
 * same order, 128-bit counters as decimal strings.
 */
#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "ngio.h"
#include "args.h"
#include "cli.h"
#include "names.h"

enum {
	OPT_PAGE = CLI_EXTRA,
	OPT_LEN,
	OPT_OFFSET,
};

struct log_opts {
	uint8_t lid;
	bool named, has_page, has_len, has_offset;
	uint64_t len, offset;
};

static int log_opt(struct cli *c, int val, const char *arg, void *ctx)
{
	struct log_opts *o = ctx;

	switch (val) {
	case OPT_PAGE:
		if (parse_log_page(arg, &o->lid, &o->named))
			return cli_usage(c, "--page: '%s' is neither error, "
					 "smart, fw, effects nor a log page "
					 "number 0-255", arg);
		o->has_page = true;
		return 0;
	case OPT_LEN:
		o->has_len = true;
		return cli_num(c, "len", arg, NGIO_MAX_ADMIN_XFER, &o->len);
	case OPT_OFFSET:
		o->has_offset = true;
		return cli_num(c, "offset", arg, UINT64_MAX, &o->offset);
	}
	return cli_usage(c, "unknown option");
}

#define ADD_U(o, k, v) json_object_object_add(o, k, json_object_new_uint64(v))
#define ADD_S(o, k, v) json_object_object_add(o, k, json_object_new_string(v))

/* ---- smart / health (02h) ---------------------------------------- */

static const char *const crit_bits[] = {
	"available spare below threshold",
	"temperature threshold reached",
	"reliability degraded",
	"read-only",
	"volatile memory backup failed",
	"persistent memory region read-only",
};

static const char *const egcw_bits[] = {
	[0] = "available spare below threshold",
	[2] = "reliability degraded",
	[3] = "read-only",
};

/* "0 (none)" or "0x5 (a, b)": the flags named, for people. */
static void flags_str(unsigned v, const char *const *names, size_t n,
		      char *buf, size_t len)
{
	const char *sep = "";
	size_t off;

	if (!v) {
		snprintf(buf, len, "0 (none)");
		return;
	}
	off = snprintf(buf, len, "%#x (", v);
	for (unsigned b = 0; b < 8 && off < len; b++) {
		if (!(v & (1U << b)))
			continue;
		off += snprintf(buf + off, len - off, "%s%s", sep,
				b < n && names[b] ? names[b] : "reserved bit");
		sep = ", ";
	}
	if (off < len)
		snprintf(buf + off, len - off, ")");
}

/* The 128-bit counters, in nvme-cli's order with its JSON keys. */
static const struct {
	const char *key;
	size_t off;
	const char *unit;	/* for people */
} smart_ctrs[] = {
	{ "data_units_read", offsetof(struct nvme_smart_log, data_units_read),
	  "du" },
	{ "data_units_written",
	  offsetof(struct nvme_smart_log, data_units_written), "du" },
	{ "host_read_commands", offsetof(struct nvme_smart_log, host_reads),
	  NULL },
	{ "host_write_commands",
	  offsetof(struct nvme_smart_log, host_writes), NULL },
	{ "controller_busy_time",
	  offsetof(struct nvme_smart_log, ctrl_busy_time), "minutes" },
	{ "power_cycles", offsetof(struct nvme_smart_log, power_cycles),
	  NULL },
	{ "power_on_hours", offsetof(struct nvme_smart_log, power_on_hours),
	  "hours" },
	{ "unsafe_shutdowns",
	  offsetof(struct nvme_smart_log, unsafe_shutdowns), NULL },
	{ "media_errors", offsetof(struct nvme_smart_log, media_errors),
	  NULL },
	{ "num_err_log_entries",
	  offsetof(struct nvme_smart_log, num_err_log_entries), NULL },
};

static void smart_json(const struct nvme_smart_log *s)
{
	struct json_object *root = json_object_new_object();
	char buf[64];

	ADD_U(root, "critical_warning", s->critical_warning);
	ADD_U(root, "temperature", le_num(s->temperature, 2));
	ADD_U(root, "avail_spare", s->avail_spare);
	ADD_U(root, "spare_thresh", s->spare_thresh);
	ADD_U(root, "percent_used", s->percent_used);
	ADD_U(root, "endurance_grp_critical_warning_summary",
	      s->endu_grp_crit_warn_sumry);
	for (size_t i = 0; i < ARRAY_SIZE(smart_ctrs); i++)
		ADD_S(root, smart_ctrs[i].key,
		      u128_dec(le128((const uint8_t *)s + smart_ctrs[i].off),
			       buf, sizeof(buf)));
	ADD_U(root, "warning_temp_time", le32toh(s->warning_temp_time));
	ADD_U(root, "critical_comp_time", le32toh(s->critical_comp_time));
	for (unsigned i = 0; i < 8; i++) {
		if (!s->temp_sensor[i])
			continue;
		snprintf(buf, sizeof(buf), "temperature_sensor_%u", i + 1);
		ADD_U(root, buf, le16toh(s->temp_sensor[i]));
	}
	ADD_U(root, "thm_temp1_trans_count",
	      le32toh(s->thm_temp1_trans_count));
	ADD_U(root, "thm_temp2_trans_count",
	      le32toh(s->thm_temp2_trans_count));
	ADD_U(root, "thm_temp1_total_time", le32toh(s->thm_temp1_total_time));
	ADD_U(root, "thm_temp2_total_time", le32toh(s->thm_temp2_total_time));
	json_print(root);
}

#define SMART_FMT "%-38s: "

static void print_kelvin(const char *key, unsigned k)
{
	printf(SMART_FMT "%u K (%d °C)\n", key, k, (int)k - 273);
}

static void smart_human(const struct nvme_smart_log *s)
{
	char buf[160], sz[32];

	flags_str(s->critical_warning, crit_bits, ARRAY_SIZE(crit_bits), buf,
		  sizeof(buf));
	printf(SMART_FMT "%s\n", "critical_warning", buf);
	print_kelvin("temperature", le_num(s->temperature, 2));
	printf(SMART_FMT "%u%%\n", "avail_spare", s->avail_spare);
	printf(SMART_FMT "%u%%\n", "spare_thresh", s->spare_thresh);
	printf(SMART_FMT "%u%%\n", "percent_used", s->percent_used);
	flags_str(s->endu_grp_crit_warn_sumry, egcw_bits,
		  ARRAY_SIZE(egcw_bits), buf, sizeof(buf));
	printf(SMART_FMT "%s\n", "endurance_grp_critical_warning_summary",
	       buf);
	for (size_t i = 0; i < ARRAY_SIZE(smart_ctrs); i++) {
		unsigned __int128 v =
			le128((const uint8_t *)s + smart_ctrs[i].off);
		const char *unit = smart_ctrs[i].unit;

		printf(SMART_FMT "%s", smart_ctrs[i].key,
		       u128_dec(v, buf, sizeof(buf)));
		if (unit && !strcmp(unit, "du")) {
			/* A data unit is 1000 512-byte units. */
			unsigned __int128 bytes = v * 512000;

			printf(" (%s bytes", u128_dec(bytes, buf, sizeof(buf)));
			if (bytes >> 64 == 0 && bytes >= 1024)
				printf(", %s", human_size((uint64_t)bytes, sz,
							  sizeof(sz)));
			printf(")");
		} else if (unit) {
			printf(" %s", unit);
		}
		printf("\n");
	}
	printf(SMART_FMT "%u minutes\n", "warning_temp_time",
	       le32toh(s->warning_temp_time));
	printf(SMART_FMT "%u minutes\n", "critical_comp_time",
	       le32toh(s->critical_comp_time));
	for (unsigned i = 0; i < 8; i++) {
		if (!s->temp_sensor[i])
			continue;
		snprintf(buf, sizeof(buf), "temperature_sensor_%u", i + 1);
		print_kelvin(buf, le16toh(s->temp_sensor[i]));
	}
	printf(SMART_FMT "%u\n", "thm_temp1_trans_count",
	       le32toh(s->thm_temp1_trans_count));
	printf(SMART_FMT "%u\n", "thm_temp2_trans_count",
	       le32toh(s->thm_temp2_trans_count));
	printf(SMART_FMT "%u seconds\n", "thm_temp1_total_time",
	       le32toh(s->thm_temp1_total_time));
	printf(SMART_FMT "%u seconds\n", "thm_temp2_total_time",
	       le32toh(s->thm_temp2_total_time));
}

/* ---- error information (01h) ------------------------------------- */

static void error_json(const struct nvme_error_log_page *e, unsigned n)
{
	struct json_object *root = json_object_new_object();
	struct json_object *arr = json_object_new_array();

	for (unsigned i = 0; i < n; i++, e++) {
		struct json_object *o = json_object_new_object();
		__u16 sf = le16toh(e->status_field);

		ADD_U(o, "error_count", le64toh(e->error_count));
		ADD_U(o, "sqid", le16toh(e->sqid));
		ADD_U(o, "cmdid", le16toh(e->cmdid));
		/* Bit 0 is the phase tag, bits 15:1 the status. */
		ADD_U(o, "status_field", sf >> 1);
		ADD_U(o, "phase_tag", sf & 1);
		ADD_U(o, "parm_error_location",
		      le16toh(e->parm_error_location));
		ADD_U(o, "lba", le64toh(e->lba));
		ADD_U(o, "nsid", le32toh(e->nsid));
		ADD_U(o, "vs", e->vs);
		ADD_U(o, "trtype", e->trtype);
		ADD_U(o, "cs", le64toh(e->cs));
		ADD_U(o, "trtype_spec_info", le16toh(e->trtype_spec_info));
		json_object_array_add(arr, o);
	}
	json_object_object_add(root, "errors", arr);
	json_print(root);
}

static void error_human(const struct nvme_error_log_page *e, unsigned n)
{
	unsigned used = 0;
	char st[160];

	for (unsigned i = 0; i < n; i++)
		used += e[i].error_count != 0;
	printf("Error information log: %u entr%s, %u in use\n", n,
	       n == 1 ? "y" : "ies", used);
	for (unsigned i = 0; i < n; i++, e++) {
		__u16 sf = le16toh(e->status_field);
		__u16 pel = le16toh(e->parm_error_location);

		if (!e->error_count)
			continue;
		printf("entry %u: error_count %llu\n", i,
		       (unsigned long long)le64toh(e->error_count));
		printf("  status    : %s\n", ngio_status_str(sf >> 1, st,
							  sizeof(st)));
		printf("  sqid      : %u\n  cmdid     : %#x\n",
		       le16toh(e->sqid), le16toh(e->cmdid));
		if (pel == 0xffff)
			printf("  parameter : not given\n");
		else
			printf("  parameter : byte %u bit %u of the command\n",
			       pel & 0xff, (pel >> 8) & 0x7);
		printf("  lba       : %llu\n  nsid      : %u\n",
		       (unsigned long long)le64toh(e->lba), le32toh(e->nsid));
		printf("  vs        : %u\n  trtype    : %u\n  cs        : "
		       "%#llx\n", e->vs, e->trtype,
		       (unsigned long long)le64toh(e->cs));
	}
}

/* ---- firmware slot information (03h) ----------------------------- */

/* Slot i's revision, padding dropped; "" for an empty slot. */
static void frs_str(const struct nvme_firmware_slot *fw, unsigned i,
		    char *buf)
{
	size_t n = strnlen(fw->frs[i], 8);

	memcpy(buf, fw->frs[i], n);
	while (n && (buf[n - 1] == ' ' || buf[n - 1] == '\0'))
		n--;
	buf[n] = '\0';
}

static void fw_print(const struct nvme_firmware_slot *fw,
		     const struct nvme_id_ctrl *id, bool json)
{
	unsigned active = fw->afi & 0x7, next = (fw->afi >> 4) & 0x7;
	/* FRMW bits 3:1 count the slots; 0 from an old controller. */
	unsigned slots = (id->frmw >> 1) & 0x7;
	struct json_object *root = NULL, *arr = NULL;
	char rev[9];

	if (!slots)
		slots = 7;
	if (json) {
		root = json_object_new_object();
		arr = json_object_new_array();
		ADD_U(root, "afi", fw->afi);
		ADD_U(root, "active_slot", active);
		ADD_U(root, "next_slot", next);
		ADD_U(root, "slots", slots);
		json_object_object_add(root, "slot1_read_only",
				       json_object_new_boolean(id->frmw & 1));
	} else {
		printf("%-16s: %#x\n", "afi", fw->afi);
		printf("%-16s: %u\n", "active slot", active);
		if (next)
			printf("%-16s: %u\n", "next reset slot", next);
		else
			printf("%-16s: not set (the active slot stays)\n",
			       "next reset slot");
		printf("%-16s: %u%s\n", "slots", slots,
		       id->frmw & 1 ? " (slot 1 read-only)" : "");
	}
	for (unsigned i = 0; i < 7; i++) {
		frs_str(fw, i, rev);
		if (!rev[0])
			continue;
		if (arr) {
			struct json_object *o = json_object_new_object();

			ADD_U(o, "slot", i + 1);
			ADD_S(o, "revision", rev);
			json_object_array_add(arr, o);
		} else {
			printf("frs%u%12s: %s%s\n", i + 1, "", rev,
			       i + 1 == active ? " (active)" : "");
		}
	}
	if (root) {
		json_object_object_add(root, "frs", arr);
		json_print(root);
	}
}

/* ---- commands supported and effects (05h) ------------------------ */

static const char *const effect_bits[] = {
	"CSUPP", "LBCC", "NCC", "NIC", "CCC",
};

static void effects_flags(__u32 e, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	for (unsigned b = 0; b < ARRAY_SIZE(effect_bits); b++)
		if (e & (1U << b))
			off += snprintf(buf + off, len - off, "%s%s",
					off ? " " : "", effect_bits[b]);
	if ((e >> 16) & 0x7)
		off += snprintf(buf + off, len - off, " CSE=%u",
				(e >> 16) & 0x7);
	if (e & NVME_CMD_EFFECTS_UUID_SEL)
		snprintf(buf + off, len - off, " UUIDSS");
}

static const char *opcode_name(bool admin, unsigned opc)
{
	const char *n = admin ? admin_opcode_name(opc) : io_opcode_name(opc);

	if (n)
		return n;
	if (opc >= (admin ? 0xc0U : 0x80U))
		return "(vendor specific)";
	return "(unknown)";
}

static struct json_object *effects_list(const __le32 *ops, bool admin)
{
	struct json_object *arr = json_object_new_array();
	char flags[96];

	for (unsigned opc = 0; opc < 256; opc++) {
		__u32 e = le32toh(ops[opc]);
		struct json_object *o, *fa;

		if (!(e & NVME_CMD_EFFECTS_CSUPP))
			continue;
		o = json_object_new_object();
		fa = json_object_new_array();
		ADD_U(o, "opcode", opc);
		ADD_S(o, "name", opcode_name(admin, opc));
		ADD_U(o, "effects", e);
		effects_flags(e, flags, sizeof(flags));
		for (char *t = strtok(flags, " "); t; t = strtok(NULL, " "))
			json_object_array_add(fa, json_object_new_string(t));
		json_object_object_add(o, "flags", fa);
		json_object_array_add(arr, o);
	}
	return arr;
}

static void effects_human_list(const __le32 *ops, bool admin)
{
	char flags[96];

	for (unsigned opc = 0; opc < 256; opc++) {
		__u32 e = le32toh(ops[opc]);

		if (!(e & NVME_CMD_EFFECTS_CSUPP))
			continue;
		effects_flags(e, flags, sizeof(flags));
		printf("  0x%02x  %-34s %s\n", opc, opcode_name(admin, opc),
		       flags);
	}
}

static void effects_print(const struct nvme_cmd_effects_log *l, __u8 csi,
			  bool json)
{
	const char *cs = csi_name(csi);

	if (json) {
		struct json_object *root = json_object_new_object();

		ADD_U(root, "csi", csi);
		json_object_object_add(root, "acs", effects_list(l->acs, true));
		json_object_object_add(root, "iocs",
				       effects_list(l->iocs, false));
		json_print(root);
		return;
	}
	printf("Admin commands supported (ACS):\n");
	effects_human_list(l->acs, true);
	if (cs)
		printf("I/O commands supported (IOCS, %s command set):\n", cs);
	else
		printf("I/O commands supported (IOCS, command set %u):\n", csi);
	effects_human_list(l->iocs, false);
	printf("\nCSUPP supported, LBCC logical block content change, NCC "
	       "namespace capability\nchange, NIC namespace inventory change, "
	       "CCC controller capability change,\nCSE=1 one at a time per "
	       "namespace, CSE=2 one at a time in the subsystem,\nUUIDSS UUID "
	       "selection supported.\n");
}

/* ---- pages by number --------------------------------------------- */

static void numbered_print(const struct log_opts *o, const void *buf,
			   size_t len, bool json)
{
	if (json) {
		struct json_object *root = json_object_new_object();
		const unsigned char *p = buf;
		char *hex = malloc(2 * len + 1);

		ADD_U(root, "lid", o->lid);
		ADD_U(root, "offset", o->offset);
		ADD_U(root, "length", len);
		if (hex) {
			for (size_t i = 0; i < len; i++)
				snprintf(hex + 2 * i, 3, "%02x", p[i]);
			hex[2 * len] = '\0';
			ADD_S(root, "data", hex);
			free(hex);
		}
		json_print(root);
		return;
	}
	printf("log page %#04x: %zu bytes at offset %llu\n", o->lid, len,
	       (unsigned long long)o->offset);
	hexdump(buf, len, o->offset, stdout);
}

static int log_check(const struct cli *c, const struct log_opts *o)
{
	if (!o->has_page)
		return cli_usage(c, "--page is required");
	if (o->named && (o->has_len || o->has_offset))
		return cli_usage(c, "--len and --offset are for pages given by "
				 "number; '%s' reads the whole page",
				 log_page_name(o->lid));
	if (!o->named && !o->has_len)
		return cli_usage(c, "--len is required with a page number");
	if (o->has_len && !o->len)
		return cli_usage(c, "--len must be at least 1");
	if (o->offset & 3)
		return cli_usage(c, "--offset must be dword aligned (a "
				 "multiple of 4)");
	return 0;
}

static const char *const page_values[] = {
	"error", "smart", "fw", "effects", NULL,
};

static const struct cli_opt log_opts[] = {
	{ "page", "NAME|ID", OPT_PAGE, CLI_REQUIRED, 0,
	  "a page by name, or any by number (0-255, with --len)",
	  page_values },
	{ "len", "N", OPT_LEN, 0, 0, "bytes of a page given by number",
	  NULL },
	{ "offset", "N", OPT_OFFSET, 0, 0,
	  "from this byte of it (dword aligned)", NULL },
	CLI_O_JSON,
	CLI_O_RAW,
	{ NULL },
};

const struct cli_cmd cli_log_cmd = {
	"log", "read a log page (by number: --len required)", 0, log_opts,
	cmd_log, NULL,
};

int cmd_log(int argc, char **argv)
{
	struct log_opts o = { 0 };
	const struct cli_extra x = { log_opt, &o };
	struct ngio_log_args a = { .nsid = NVME_NSID_ALL };
	struct ngio_dev *dev;
	size_t len, xfer;
	struct cli c;
	void *buf;
	int ret;

	ret = cli_parse(&c, &cli_log_cmd, argc, argv, &x);
	if (ret || c.help)
		return ret;
	ret = log_check(&c, &o);
	if (ret)
		return ret;
	ret = cli_open(&c, &dev, false);
	if (ret)
		return ret;

	a.lid = o.lid;
	a.offset = o.offset;
	switch (o.named ? o.lid : 0x100) {
	case LOG_SMART:
		len = sizeof(struct nvme_smart_log);
		break;
	case LOG_ERROR:
		/* ELPE is zero-based: that many entries plus one. */
		len = (ngio_dev_id_ctrl(dev)->elpe + 1U) *
		      sizeof(struct nvme_error_log_page);
		break;
	case LOG_FW:
		len = sizeof(struct nvme_firmware_slot);
		break;
	case LOG_EFFECTS:
		len = sizeof(struct nvme_cmd_effects_log);
		/* Per command set (NVMe 2.0): the namespace's, else NVM. */
		a.csi = ngio_dev_geometry(dev)->csi;
		break;
	default:
		len = o.len;
	}
	/* The command moves whole dwords; we show len bytes of them. */
	xfer = (len + 3) & ~(size_t)3;
	buf = aligned_alloc(4096, (xfer + 4095) & ~(size_t)4095);
	if (!buf) {
		ngio_dev_close(dev);
		return report(c.what, c.dev, -ENOMEM);
	}
	memset(buf, 0, xfer);
	ret = ngio_get_log(dev, &a, buf, xfer);
	if (ret) {
		ret = report(c.what, c.dev, ret);
	} else if (c.raw) {
		ret = cli_raw(&c, buf, len);
	} else if (!o.named) {
		numbered_print(&o, buf, len, c.json);
	} else if (o.lid == LOG_SMART) {
		if (c.json)
			smart_json(buf);
		else
			smart_human(buf);
	} else if (o.lid == LOG_ERROR) {
		unsigned n = len / sizeof(struct nvme_error_log_page);

		if (c.json)
			error_json(buf, n);
		else
			error_human(buf, n);
	} else if (o.lid == LOG_FW) {
		fw_print(buf, ngio_dev_id_ctrl(dev), c.json);
	} else {
		effects_print(buf, a.csi, c.json);
	}
	free(buf);
	ngio_dev_close(dev);
	return ret;
}
