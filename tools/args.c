// SPDX-License-Identifier: MIT
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/stat.h>

#include "ngio.h"
#include "args.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

int parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	unsigned long long v;
	char *end;

	/* strtoull accepts "-1" and leading blanks; we do not. */
	if (!s || !isdigit((unsigned char)s[0]))
		return -EINVAL;
	/* "010" is 8 to strtoull and 10 to most people: take neither. */
	if (s[0] == '0' && isdigit((unsigned char)s[1]))
		return -EDOM;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno == ERANGE)
		return -ERANGE;
	if (errno || end == s || *end)
		return -EINVAL;
	if (v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

const char *num_why(const char *s, int err, char *buf, size_t len)
{
	unsigned long long dec, oct;
	size_t digits;
	int n;

	if (err == -ERANGE)
		return "is not in range";
	if (err != -EDOM)
		return "is not a non-negative number";
	digits = strspn(s, "0123456789");
	errno = 0;
	dec = strtoull(s, NULL, 10);
	if (s[digits] || errno)
		return "has a leading zero, which may mean octal: write the "
		       "number without it, or in hex with 0x";
	n = snprintf(buf, len, "has a leading zero, which may mean octal: "
		     "write %llu (0x%llx) for decimal", dec, dec);
	if (strspn(s, "01234567") == digits && n > 0 && (size_t)n < len) {
		oct = strtoull(s, NULL, 8);
		snprintf(buf + n, len - n, ", %llu (0x%llx) for octal", oct,
			 oct);
	}
	return buf;
}

const char *pi_field_name(unsigned field)
{
	return field == NGIO_PI_CHECK_GUARD ? "guard" :
	       field == NGIO_PI_CHECK_APPTAG ? "application tag" :
	       "reference tag";
}

/* One number of a range: its reason names the part when it is bad. */
static int range_part(const char *s, uint64_t max, uint64_t *out,
		      const char *empty, const char *nan, const char *big,
		      const char *zero, const char **why)
{
	int ret;

	if (!*s) {
		*why = empty;
		return -EINVAL;
	}
	ret = parse_u64(s, max, out);
	if (ret)
		*why = ret == -ERANGE ? big : ret == -EDOM ? zero : nan;
	return ret ? -EINVAL : 0;
}

int parse_lba_range(const char *s, uint64_t max_blocks, struct lba_range *r,
		    const char **why)
{
	const char *colon, *reason = NULL;
	uint64_t lba = 0, blocks = 0;
	char *head;
	int ret;

	if (!why)
		why = &reason;
	colon = s ? strchr(s, ':') : NULL;
	if (!colon) {
		*why = "not LBA:BLOCKS (no ':')";
		return -EINVAL;
	}
	head = strndup(s, colon - s);
	if (!head) {
		*why = "out of memory";
		return -EINVAL;
	}
	ret = range_part(head, UINT64_MAX, &lba, "LBA is empty",
			 "LBA is not a non-negative number",
			 "LBA is out of range", "LBA has a leading zero, which "
			 "may mean octal: write it without, or in hex with 0x",
			 why);
	free(head);
	if (ret)
		return ret;
	ret = range_part(colon + 1, max_blocks, &blocks, "BLOCKS is empty",
			 "BLOCKS is not a non-negative number",
			 "BLOCKS is too large", "BLOCKS has a leading zero, "
			 "which may mean octal: write it without, or in hex "
			 "with 0x", why);
	if (ret)
		return ret;
	if (!blocks) {
		*why = "BLOCKS must be at least 1";
		return -EINVAL;
	}
	/* The last LBA, LBA + BLOCKS - 1, must exist. */
	if (blocks - 1 > UINT64_MAX - lba) {
		*why = "the range runs past LBA 2^64-1";
		return -EINVAL;
	}
	r->lba = lba;
	r->blocks = blocks;
	return 0;
}

/* The PRINFO names; the PI fields (NGIO_PI_CHECK_* bits) last. */
static const struct {
	const char *name;
	unsigned bit;
} pi_names[] = {
	{ "pract", PRINFO_PRACT },
	{ "prchk", PRINFO_PRCHK },
	{ "guard", PRINFO_GUARD },
	{ "apptag", PRINFO_APPTAG },
	{ "reftag", PRINFO_REFTAG },
};
#define PI_FIELDS_FROM	2

_Static_assert(PRINFO_GUARD == NGIO_PI_CHECK_GUARD &&
	       PRINFO_APPTAG == NGIO_PI_CHECK_APPTAG &&
	       PRINFO_REFTAG == NGIO_PI_CHECK_REFTAG,
	       "PRCHK bits are the library's check bits");

int parse_pi_list(const char *s, bool fields, unsigned *out,
		  const char **tok, size_t *toklen)
{
	size_t first = fields ? PI_FIELDS_FROM : 0, n = ARRAY_LEN(pi_names);
	const char *p, *end;
	unsigned v = 0;

	for (p = s; ; p = end + 1) {
		size_t len, i;

		end = strchr(p, ',');
		if (!end)
			end = p + strlen(p);
		len = end - p;
		for (i = first; i < n; i++)
			/* The spec writes PRACT and PRCHK. */
			if (strlen(pi_names[i].name) == len &&
			    !strncasecmp(p, pi_names[i].name, len))
				break;
		if (i < n)
			v |= pi_names[i].bit;
		else if (len || !fields) {
			*tok = p;
			*toklen = len;
			return -EINVAL;
		}
		if (!*end)
			break;
	}
	*out = v;
	return 0;
}

int parse_prinfo(const char *s, unsigned *out, const char **why)
{
	const char *reason = NULL, *tok;
	size_t toklen;
	unsigned v = 0;
	uint64_t n;

	if (!why)
		why = &reason;
	if (!s || !*s) {
		*why = "empty";
		return -EINVAL;
	}
	if (isdigit((unsigned char)s[0])) {
		if (parse_u64(s, 15, &n)) {
			*why = "not a number 0-15";
			return -EINVAL;
		}
		*out = n;
		return 0;
	}
	if (parse_pi_list(s, false, &v, &tok, &toklen)) {
		*why = toklen ? "names pract, prchk, guard, apptag, reftag, "
				"or a number 0-15" : "an empty name";
		return -EINVAL;
	}
	*out = v;
	return 0;
}

int cli_verr(int status, const char *what, const char *path,
	     const char *fmt, va_list ap)
{
	/* One locked stream: lines of parallel threads stay whole. */
	flockfile(stderr);
	fputs("ngio: ", stderr);
	if (what)
		fprintf(stderr, "%s: ", what);
	if (path)
		fprintf(stderr, "%s: ", path);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	funlockfile(stderr);
	return status;
}

int cli_err(int status, const char *what, const char *path,
	    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_verr(status, what, path, fmt, ap);
	va_end(ap);
	return status;
}

/* The command each subcommand sends, to say why Linux refused it. */
static const struct {
	const char *what;
	bool admin;
	__u8 opcode;
	__u8 cdw10;	/* CNS of an Identify */
} sub_cmds[] = {
	{ "caps", true, nvme_admin_identify, NVME_IDENTIFY_CNS_CTRL },
	{ "id-ctrl", true, nvme_admin_identify, NVME_IDENTIFY_CNS_CTRL },
	{ "id-ns", true, nvme_admin_identify, NVME_IDENTIFY_CNS_NS },
	{ "id-ns-list", true, nvme_admin_identify,
	  NVME_IDENTIFY_CNS_NS_ACTIVE_LIST },
	{ "log", true, nvme_admin_get_log_page, 0 },
	{ "get-feature", true, nvme_admin_get_features, 0 },
	{ "set-feature", true, nvme_admin_set_features, 0 },
	{ "read", false, nvme_cmd_read, 0 },
	{ "write", false, nvme_cmd_write, 0 },
	{ "compare", false, nvme_cmd_compare, 0 },
	{ "verify", false, nvme_cmd_verify, 0 },
	{ "flush", false, nvme_cmd_flush, 0 },
	{ "write-zeroes", false, nvme_cmd_write_zeroes, 0 },
	{ "write-uncor", false, nvme_cmd_write_uncor, 0 },
	{ "dsm", false, nvme_cmd_dsm, 0 },
	{ "trim", false, nvme_cmd_dsm, 0 },
	{ "copy", false, nvme_cmd_copy, 0 },
	{ "zone report", false, nvme_zns_cmd_mgmt_recv, 0 },
	{ "zone append", false, nvme_zns_cmd_append, 0 },
};

int report_denied(const char *what, const char *path,
		  const struct ngio_dev *dev, const struct nvme_uring_cmd *cmd,
		  bool admin)
{
	const char *why = ngio_why_denied(dev, cmd, admin);

	if (!why)
		return report(what, path, -EACCES);
	cli_err(0, what, path, "%s: %s", strerror(EACCES),
		why);
	return NGIO_EXIT_SYS;
}

/*
 * Which of Linux's rules refused what's command to path with -EACCES, or
 * NULL when that is not the question (the node's mode refused the open)
 * or no rule says.  Only report() knows no more than the subcommand, so
 * the device is opened again here, on this error path: its mode and
 * identify data are what the rules look at.  If that open is refused
 * too, it was the Identify Controller every open sends.
 */
static const char *denied_why(const char *what, const char *path)
{
	struct nvme_uring_cmd cmd = { .opcode = nvme_admin_identify,
				      .cdw10 = NVME_IDENTIFY_CNS_CTRL };
	struct ngio_dev *dev;
	const char *why = NULL;
	struct stat st;
	bool chr;
	size_t i;
	int fd, ret;

	if (stat(path, &st)) {
		/* "nvme0:3" names a namespace; other paths are not ours. */
		if (ngio_dev_parse_name(path, NULL, NULL) <= 0)
			return NULL;
		st.st_mode = 0;
	}
	/* A char node is what the library opens: if the open(2) is refused
	 * it is the mode; for other names it cannot be told apart. */
	chr = S_ISCHR(st.st_mode);
	if (chr) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return NULL;
		close(fd);
	}
	ret = ngio_dev_open(path, 0, &dev);
	if (ret == -EACCES)
		return chr ? ngio_why_denied(NULL, &cmd, true) : NULL;
	if (ret)
		return NULL;
	for (i = 0; i < sizeof(sub_cmds) / sizeof(sub_cmds[0]); i++)
		if (!strcmp(what, sub_cmds[i].what))
			break;
	if (i < sizeof(sub_cmds) / sizeof(sub_cmds[0])) {
		cmd.opcode = sub_cmds[i].opcode;
		cmd.cdw10 = sub_cmds[i].cdw10;
		why = ngio_why_denied(dev, &cmd, sub_cmds[i].admin);
	} else if (!strncmp(what, "zone ", 5)) {
		/* reset, open, close, finish, offline... */
		cmd.opcode = nvme_zns_cmd_mgmt_send;
		cmd.cdw10 = 0;
		why = ngio_why_denied(dev, &cmd, false);
	}
	/* passthru: its opcode is not known here (report_denied()). */
	ngio_dev_close(dev);
	return why;
}

int report(const char *what, const char *path, int ret)
{
	const char *why;
	char buf[160];

	if (!ret)
		return NGIO_EXIT_OK;
	if (ret > 0) {
		cli_err(0, what, path, "%s",
			ngio_status_str(ret, buf, sizeof(buf)));
		return NGIO_EXIT_NVME;
	}
	switch (ret) {
	case -ENOTTY:
		cli_err(0, what, path, "not an NVMe device (want "
			"/dev/ngXnY, /dev/nvmeXnY, /dev/nvmeX or nvmeC:NSID)");
		break;
	case -EACCES:
		why = denied_why(what, path);
		if (why) {
			cli_err(0, what, path, "%s: %s",
				strerror(EACCES), why);
			break;
		}
		/* fall through */
	case -EPERM:
		cli_err(0, what, path, "%s: permission is missing, not "
			"support (run as root or get read-write access to the "
			"device)", strerror(-ret));
		break;
	default:
		cli_err(0, what, path, "%s",
			strerror(-ret));
	}
	return NGIO_EXIT_SYS;
}

int report_dev(const char *what, const char *dev, int ret)
{
	unsigned ctrl = 0;
	__u32 nsid = 0;
	int name = ngio_dev_parse_name(dev, &ctrl, &nsid);
	char why[200];

	if (ret == -EINVAL && !strncmp(dev, "emu:", 4) &&
	    ngio_emu_check(dev, why, sizeof(why))) {
		cli_err(0, what, NULL, "%s: %s", dev, why);
		return NGIO_EXIT_USAGE;
	}
	if (name < 0 && ret == -EINVAL) {
		cli_err(0, what, dev, "not a namespace name (want "
			"nvmeC:NSID, decimal numbers without a leading zero, "
			"NSID 1 to 4294967294)");
		return NGIO_EXIT_USAGE;
	}
	if (name <= 0 || (ret != -ENOENT && ret != -ENODEV))
		return report(what, dev, ret);
	if (ret == -ENODEV)
		cli_err(0, what, dev, "no controller nvme%u", ctrl);
	else
		cli_err(0, what, dev, "no namespace with NSID %u on "
			"nvme%u", nsid, ctrl);
	return NGIO_EXIT_SYS;
}

void hexdump(const void *buf, size_t len, uint64_t base, void *fp)
{
	const unsigned char *p = buf;

	for (size_t off = 0; off < len; off += 16) {
		size_t n = len - off < 16 ? len - off : 16;

		fprintf(fp, "%08llx  ", (unsigned long long)(base + off));
		for (size_t i = 0; i < 16; i++) {
			if (i < n)
				fprintf(fp, "%02x ", p[off + i]);
			else
				fputs("   ", fp);
			if (i == 7)
				fputc(' ', fp);
		}
		fputs(" |", fp);
		for (size_t i = 0; i < n; i++)
			fputc(isprint(p[off + i]) ? p[off + i] : '.', fp);
		fputs("|\n", fp);
	}
}

char *human_size(uint64_t bytes, char *buf, size_t len)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB",
					    "PiB", "EiB" };
	double v = bytes;
	unsigned u = 0;

	while (v >= 1024 && u < 6) {
		v /= 1024;
		u++;
	}
	if (!u)
		snprintf(buf, len, "%llu B", (unsigned long long)bytes);
	else
		snprintf(buf, len, "%.2f %s", v, unit[u]);
	return buf;
}
