// SPDX-License-Identifier: MIT
/* Names and numbers of the admin subcommands (pure, unit-tested). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "names.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *name;
	uint8_t lid;
} log_pages[] = {
	{ "error", LOG_ERROR },
	{ "smart", LOG_SMART },
	{ "fw", LOG_FW },
	{ "effects", LOG_EFFECTS },
};

int parse_log_page(const char *s, uint8_t *lid, bool *named)
{
	uint64_t v;
	int ret;

	if (!s)
		return -EINVAL;
	for (size_t i = 0; i < N_ELEMS(log_pages); i++) {
		if (!strcmp(s, log_pages[i].name)) {
			*lid = log_pages[i].lid;
			*named = true;
			return 0;
		}
	}
	ret = parse_u64(s, 255, &v);
	if (ret)
		return ret;
	*lid = v;
	*named = false;
	return 0;
}

const char *log_page_name(uint8_t lid)
{
	for (size_t i = 0; i < N_ELEMS(log_pages); i++)
		if (log_pages[i].lid == lid)
			return log_pages[i].name;
	return NULL;
}

static const char *const sel_names[] = {
	"current", "default", "saved", "supported",
};

int parse_feature_sel(const char *s, uint8_t *sel)
{
	uint64_t v;

	if (!s)
		return -EINVAL;
	for (size_t i = 0; i < N_ELEMS(sel_names); i++) {
		if (!strcmp(s, sel_names[i])) {
			*sel = i;
			return 0;
		}
	}
	if (parse_u64(s, 3, &v))
		return -EINVAL;
	*sel = v;
	return 0;
}

const char *feature_sel_name(uint8_t sel)
{
	return sel < N_ELEMS(sel_names) ? sel_names[sel] : NULL;
}

/*
 * The scope column of the base specification's Feature Identifiers table
 * (NVMe 2.0): which NSID the feature takes.  Error Recovery was
 * controller-wide before 1.4 made it namespace-specific (DULBE); 1.4's
 * reading is taken, as devices answer it with a namespace.  Data sizes:
 * the bytes Get (get) and Set Features (set) move, FD_NONE for none,
 * FD_CALC where the command's dwords decide.
 */
#define FD_NONE		0
#define FD_CALC		(-1)
static const struct {
	uint8_t fid;
	uint8_t scope;		/* enum feat_scope */
	int16_t get, set;	/* data bytes, FD_NONE or FD_CALC */
	const char *name;
} feat_names[] = {
	{ 0x01, FS_CTRL, 0, 0, "Arbitration" },
	{ 0x02, FS_CTRL, 0, 0, "Power Management" },
	{ 0x03, FS_NS, 4096, FD_CALC, "LBA Range Type" },
	{ 0x04, FS_CTRL, 0, 0, "Temperature Threshold" },
	{ 0x05, FS_NS, 0, 0, "Error Recovery" },
	{ 0x06, FS_CTRL, 0, 0, "Volatile Write Cache" },
	{ 0x07, FS_CTRL, 0, 0, "Number of Queues" },
	{ 0x08, FS_CTRL, 0, 0, "Interrupt Coalescing" },
	{ 0x09, FS_CTRL, 0, 0, "Interrupt Vector Configuration" },
	{ 0x0a, FS_CTRL, 0, 0, "Write Atomicity Normal" },
	{ 0x0b, FS_CTRL, 0, 0, "Asynchronous Event Configuration" },
	{ 0x0c, FS_CTRL, 256, 256, "Autonomous Power State Transition" },
	/* Get: the attributes structure; set: the buffer's address is in
	 * the dwords, not the data pointer. */
	{ 0x0d, FS_CTRL, 4096, 0, "Host Memory Buffer" },
	{ 0x0e, FS_CTRL, 8, 8, "Timestamp" },
	{ 0x0f, FS_CTRL, 0, 0, "Keep Alive Timer" },
	{ 0x10, FS_CTRL, 0, 0, "Host Controlled Thermal Management" },
	{ 0x11, FS_CTRL, 0, 0, "Non-Operational Power State Config" },
	{ 0x12, FS_NVM_SET, 0, 0, "Read Recovery Level Config" },
	{ 0x13, FS_NVM_SET, 512, 512, "Predictable Latency Mode Config" },
	{ 0x14, FS_NVM_SET, 0, 0, "Predictable Latency Mode Window" },
	{ 0x15, FS_CTRL, 0, 0, "LBA Status Information Report Interval" },
	{ 0x16, FS_CTRL, 512, 512, "Host Behavior Support" },
	{ 0x17, FS_SUBSYS, 0, 0, "Sanitize Config" },
	{ 0x18, FS_ENDGRP, 0, 0, "Endurance Group Event Configuration" },
	{ 0x19, FS_CTRL, 0, 0, "I/O Command Set Profile" },
	{ 0x1a, FS_SUBSYS, 0, 0, "Spinup Control" },
	{ 0x7d, FS_CTRL, 4096, 4096, "Enhanced Controller Metadata" },
	{ 0x7e, FS_CTRL, 4096, 4096, "Controller Metadata" },
	{ 0x7f, FS_NS, 4096, 4096, "Namespace Metadata" },
	{ 0x80, FS_CTRL, 0, 0, "Software Progress Marker" },
	/* 8 bytes, or 16 with EXHID (CDW11 bit 0). */
	{ 0x81, FS_CTRL, FD_CALC, FD_CALC, "Host Identifier" },
	{ 0x82, FS_NS, 0, 0, "Reservation Notification Mask" },
	{ 0x83, FS_NS, 0, 0, "Reservation Persistence" },
	{ 0x84, FS_NS, 0, 0, "Namespace Write Protection Config" },
};

static int feat_index(uint8_t fid)
{
	for (size_t i = 0; i < N_ELEMS(feat_names); i++)
		if (feat_names[i].fid == fid)
			return i;
	return -1;
}

enum feat_scope feature_scope(uint8_t fid)
{
	int i = feat_index(fid);

	return i < 0 ? FS_UNKNOWN : feat_names[i].scope;
}

const char *feat_scope_str(enum feat_scope s)
{
	switch (s) {
	case FS_CTRL:
		return "controller-wide";
	case FS_NS:
		return "namespace-specific";
	case FS_NVM_SET:
		return "NVM set-wide (CDW11 names the set)";
	case FS_ENDGRP:
		return "endurance group-wide (CDW11 names the group)";
	case FS_SUBSYS:
		return "NVM subsystem-wide";
	default:
		return "of unknown scope";
	}
}

long feature_data_len(uint8_t fid, bool get, uint8_t sel, uint32_t cdw11)
{
	int i = feat_index(fid);
	int len;

	if (i < 0)
		return -1;
	/* Supported capabilities come back in the result alone. */
	if (get && sel == 3)
		return 0;
	len = get ? feat_names[i].get : feat_names[i].set;
	if (len != FD_CALC)
		return len;
	if (fid == 0x03)	/* NUM, 0's based, 64-byte entries */
		return ((cdw11 & 0x3f) + 1) * 64L;
	return cdw11 & 1 ? 16 : 8;	/* 0x81: EXHID */
}

const char *feature_name(uint8_t fid)
{
	int i = feat_index(fid);

	return i < 0 ? NULL : feat_names[i].name;
}

static const struct feat_field f_arb[] = {
	{ "ab", "Arbitration Burst", 0, 3, FK_BURST },
	{ "lpw", "Low Priority Weight", 8, 8, FK_ZB },
	{ "mpw", "Medium Priority Weight", 16, 8, FK_ZB },
	{ "hpw", "High Priority Weight", 24, 8, FK_ZB },
};
static const struct feat_field f_pm[] = {
	{ "ps", "Power State", 0, 5, FK_NUM },
	{ "wh", "Workload Hint", 5, 3, FK_NUM },
};
static const struct feat_field f_temp[] = {
	{ "tmpth", "Temperature Threshold", 0, 16, FK_KELVIN },
	{ "tmpsel", "Threshold Temperature Select", 16, 4, FK_TMPSEL },
	{ "thsel", "Threshold Type Select", 20, 2, FK_THSEL },
};
static const struct feat_field f_err[] = {
	{ "tler", "Time Limited Error Recovery", 0, 16, FK_100MS },
	{ "dulbe", "Deallocated or Unwritten Logical Block Error", 16, 1,
	  FK_BOOL },
};
static const struct feat_field f_vwc[] = {
	{ "wce", "Volatile Write Cache", 0, 1, FK_BOOL },
};
/* Zero-based counts: the controller allocates the value plus one. */
static const struct feat_field f_queues[] = {
	{ "nsqa", "I/O Submission Queues", 0, 16, FK_ZB },
	{ "ncqa", "I/O Completion Queues", 16, 16, FK_ZB },
};
static const struct feat_field f_coal[] = {
	{ "thr", "Aggregation Threshold", 0, 8, FK_ZB },
	{ "time", "Aggregation Time", 8, 8, FK_100US },
};
static const struct feat_field f_atom[] = {
	{ "dn", "Disable Normal", 0, 1, FK_BOOL },
};
static const struct feat_field f_aen[] = {
	{ "shcw", "SMART / Health Critical Warnings", 0, 8, FK_HEX },
	{ "nan", "Namespace Attribute Notices", 8, 1, FK_BOOL },
	{ "fan", "Firmware Activation Notices", 9, 1, FK_BOOL },
	{ "tln", "Telemetry Log Notices", 10, 1, FK_BOOL },
	{ "anacn", "ANA Change Notices", 11, 1, FK_BOOL },
	{ "plealcn", "Predictable Latency Event Aggregate Log Change "
	  "Notices", 12, 1, FK_BOOL },
	{ "lsian", "LBA Status Information Alert Notices", 13, 1, FK_BOOL },
	{ "egealcn", "Endurance Group Event Aggregate Log Change Notices",
	  14, 1, FK_BOOL },
	{ "dlpcn", "Discovery Log Page Change Notices", 31, 1, FK_BOOL },
};

static const struct {
	uint8_t fid;
	const struct feat_field *f;
	size_t n;
} feat_decoders[] = {
	{ 0x01, f_arb, N_ELEMS(f_arb) },
	{ 0x02, f_pm, N_ELEMS(f_pm) },
	{ 0x04, f_temp, N_ELEMS(f_temp) },
	{ 0x05, f_err, N_ELEMS(f_err) },
	{ 0x06, f_vwc, N_ELEMS(f_vwc) },
	{ 0x07, f_queues, N_ELEMS(f_queues) },
	{ 0x08, f_coal, N_ELEMS(f_coal) },
	{ 0x0a, f_atom, N_ELEMS(f_atom) },
	{ 0x0b, f_aen, N_ELEMS(f_aen) },
};

const struct feat_field *feature_fields(uint8_t fid, size_t *n)
{
	for (size_t i = 0; i < N_ELEMS(feat_decoders); i++) {
		if (feat_decoders[i].fid == fid) {
			*n = feat_decoders[i].n;
			return feat_decoders[i].f;
		}
	}
	*n = 0;
	return NULL;
}

uint32_t feat_field_val(const struct feat_field *f, uint32_t value)
{
	uint32_t mask = f->width >= 32 ? ~0U : (1U << f->width) - 1;

	return (value >> f->shift) & mask;
}

char *feat_field_str(const struct feat_field *f, uint32_t value, char *buf,
		     size_t len)
{
	uint32_t v = feat_field_val(f, value);

	switch (f->kind) {
	case FK_ZB:
		snprintf(buf, len, "%llu", (unsigned long long)v + 1);
		break;
	case FK_KELVIN:
		snprintf(buf, len, "%u K (%d °C)", v, (int)v - 273);
		break;
	case FK_100MS:
		snprintf(buf, len, "%u (%llu ms)", v,
			 (unsigned long long)v * 100);
		break;
	case FK_100US:
		snprintf(buf, len, "%u (%llu us)", v,
			 (unsigned long long)v * 100);
		break;
	case FK_BOOL:
		snprintf(buf, len, "%s", v ? "enabled" : "disabled");
		break;
	case FK_BURST:
		if (v == 7)
			snprintf(buf, len, "7 (no limit)");
		else
			snprintf(buf, len, "%u (%u commands)", v, 1U << v);
		break;
	case FK_TMPSEL:
		if (!v)
			snprintf(buf, len, "0 (Composite Temperature)");
		else if (v <= 8)
			snprintf(buf, len, "%u (Temperature Sensor %u)", v, v);
		else if (v == 0xf)
			snprintf(buf, len, "15 (All Temperature Sensors)");
		else
			snprintf(buf, len, "%u (reserved)", v);
		break;
	case FK_THSEL:
		snprintf(buf, len, "%u (%s)", v,
			 v == 0 ? "Over Temperature Threshold" :
			 v == 1 ? "Under Temperature Threshold" : "reserved");
		break;
	case FK_HEX:
		snprintf(buf, len, "%#x", v);
		break;
	default:
		snprintf(buf, len, "%u", v);
	}
	return buf;
}

const char *csi_name(uint8_t csi)
{
	switch (csi) {
	case 0:
		return "NVM";
	case 1:
		return "KV";
	case 2:
		return "ZNS";
	}
	return NULL;
}

char *lba_format_str(uint32_t ds, uint32_t ms, char *buf, size_t len)
{
	snprintf(buf, len, "%u+%u", ds, ms);
	return buf;
}

static const char *const admin_ops[256] = {
	[0x00] = "Delete I/O Submission Queue",
	[0x01] = "Create I/O Submission Queue",
	[0x02] = "Get Log Page",
	[0x04] = "Delete I/O Completion Queue",
	[0x05] = "Create I/O Completion Queue",
	[0x06] = "Identify",
	[0x08] = "Abort",
	[0x09] = "Set Features",
	[0x0a] = "Get Features",
	[0x0c] = "Asynchronous Event Request",
	[0x0d] = "Namespace Management",
	[0x10] = "Firmware Commit",
	[0x11] = "Firmware Image Download",
	[0x14] = "Device Self-test",
	[0x15] = "Namespace Attachment",
	[0x18] = "Keep Alive",
	[0x19] = "Directive Send",
	[0x1a] = "Directive Receive",
	[0x1c] = "Virtualization Management",
	[0x1d] = "NVMe-MI Send",
	[0x1e] = "NVMe-MI Receive",
	[0x20] = "Capacity Management",
	[0x24] = "Lockdown",
	[0x7c] = "Doorbell Buffer Config",
	[0x7f] = "Fabrics Commands",
	[0x80] = "Format NVM",
	[0x81] = "Security Send",
	[0x82] = "Security Receive",
	[0x84] = "Sanitize",
	[0x86] = "Get LBA Status",
};

/* NVM and Zoned Namespace command sets: their opcodes do not collide. */
static const char *const io_ops[256] = {
	[0x00] = "Flush",
	[0x01] = "Write",
	[0x02] = "Read",
	[0x04] = "Write Uncorrectable",
	[0x05] = "Compare",
	[0x08] = "Write Zeroes",
	[0x09] = "Dataset Management",
	[0x0c] = "Verify",
	[0x0d] = "Reservation Register",
	[0x0e] = "Reservation Report",
	[0x11] = "Reservation Acquire",
	[0x15] = "Reservation Release",
	[0x19] = "Copy",
	[0x79] = "Zone Management Send",
	[0x7a] = "Zone Management Receive",
	[0x7d] = "Zone Append",
};

const char *admin_opcode_name(uint8_t opc)
{
	return admin_ops[opc];
}

const char *io_opcode_name(uint8_t opc)
{
	return io_ops[opc];
}

unsigned __int128 le128(const uint8_t *p)
{
	unsigned __int128 v = 0;

	for (int i = 15; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

char *u128_dec(unsigned __int128 v, char *buf, size_t len)
{
	char tmp[48];
	int i = sizeof(tmp) - 1;

	tmp[i] = '\0';
	do {
		tmp[--i] = '0' + (int)(v % 10);
		v /= 10;
	} while (v);
	snprintf(buf, len, "%s", tmp + i);
	return buf;
}

uint64_t le_num(const uint8_t *p, unsigned size)
{
	uint64_t v = 0;

	for (unsigned i = size; i-- > 0;)
		v = (v << 8) | p[i];
	return v;
}
