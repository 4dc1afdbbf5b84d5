// SPDX-License-Identifier: MIT
/*
 * passthru: one arbitrary NVMe command, built here field by field and sent
 * with ngio_submit_sync().  CDW4-9 are not ours to set: the kernel fills
 * them with the metadata and data pointers.  The kernel moves the data in
 * the direction bit 0 of the opcode gives (1: to the device), so --read
 * and --write must agree with it; without either, it decides.
 *
 * The device, not the kernel, decides how many bytes it moves: the kernel
 * maps whole pages of the buffer and a device moving more than
 * --data-len would read or overwrite whatever lies past it.  So for the
 * commands whose transfer the spec fixes (expect()), --data-len and
 * --metadata-len must be exactly that size; every buffer is whole zeroed
 * pages, and a data file shorter than --data-len is sent zero-padded,
 * so that for any other opcode nothing but the user's bytes and zeroes
 * is ever sent, and nothing of ngio's is overwritten.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "args.h"
#include "cli.h"
#include "io.h"
#include "names.h"

enum {
	X_OPCODE = CLI_EXTRA,
	X_NSID,
	X_DATA_LEN,
	X_MD_LEN,
	X_READ,
	X_WRITE,
	X_ADMIN,
	X_TIMEOUT,
	X_CDW2,
	X_CDW3,
	X_CDW10,	/* to X_CDW10 + 5, CDW15 */
};

enum dir { DIR_NONE, DIR_READ, DIR_WRITE };

struct pt_args {
	uint64_t opcode, nsid, data_len, md_len, timeout;
	bool has_opcode, has_nsid, has_data_len, has_md_len;
	uint32_t cdw[16];
	enum dir dir;
	bool admin;
};

#define CDW(n, val)							\
	{ "cdw" #n, "N", val, 0, 0, "command dword " #n, NULL }

static const struct cli_opt pt_opts[] = {
	{ "opcode", "N", X_OPCODE, CLI_REQUIRED, 0, "the opcode (0-255)",
	  NULL },
	CDW(2, X_CDW2),
	CDW(3, X_CDW3),
	CDW(10, X_CDW10),
	CDW(11, X_CDW10 + 1),
	CDW(12, X_CDW10 + 2),
	CDW(13, X_CDW10 + 3),
	CDW(14, X_CDW10 + 4),
	CDW(15, X_CDW10 + 5),
	{ "nsid", "N", X_NSID, 0, 0, "the NSID (default DEV's)", NULL },
	CLI_O_DATA(0, "data to send, or where received data goes"),
	{ "data-len", "N", X_DATA_LEN, 0, 0, "bytes of data", NULL },
	{ "read", NULL, X_READ, 0, 0, "data moves from the device", NULL },
	{ "write", NULL, X_WRITE, CLI_ALT, 0, "data moves to the device",
	  NULL },
	CLI_O_METADATA(0, "separate metadata to send or receive"),
	{ "metadata-len", "N", X_MD_LEN, CLI_SUB, CLI_K_MD,
	  "bytes of metadata", NULL },
	{ "admin", NULL, X_ADMIN, 0, 0, "an admin command, to DEV's "
	  "controller", NULL },
	{ "timeout", "MS", X_TIMEOUT, 0, 0, "the kernel's timeout, in "
	  "milliseconds", NULL },
	CLI_O_JSON,
	CLI_O_ENGINE,
	{ NULL },
};

const struct cli_cmd cli_passthru_cmd = {
	"passthru", "send any command; --admin goes to DEV's controller", 0,
	pt_opts, cmd_passthru, NULL,
};

static int pt_opt(struct cli *c, int val, const char *arg, void *ctx)
{
	struct pt_args *a = ctx;
	uint64_t v;
	int ret;

	switch (val) {
	case X_OPCODE:
		a->has_opcode = true;
		return cli_num(c, "opcode", arg, 0xff, &a->opcode);
	case X_NSID:
		a->has_nsid = true;
		return cli_num(c, "nsid", arg, UINT32_MAX, &a->nsid);
	case X_DATA_LEN:
		a->has_data_len = true;
		return cli_num(c, "data-len", arg, UINT32_MAX, &a->data_len);
	case X_MD_LEN:
		a->has_md_len = true;
		return cli_num(c, "metadata-len", arg, UINT32_MAX, &a->md_len);
	case X_READ:
	case X_WRITE:
		if (a->dir != DIR_NONE &&
		    a->dir != (val == X_READ ? DIR_READ : DIR_WRITE))
			return cli_usage(c, "--read and --write exclude each "
					 "other");
		a->dir = val == X_READ ? DIR_READ : DIR_WRITE;
		return 0;
	case X_ADMIN:
		a->admin = true;
		return 0;
	case X_TIMEOUT:
		return cli_num(c, "timeout", arg, UINT32_MAX, &a->timeout);
	}
	/* --cdwN: the option's own name for the message. */
	ret = cli_num(c, c->opt->name, arg, UINT32_MAX, &v);
	if (ret)
		return ret;
	a->cdw[val == X_CDW2 ? 2 : val == X_CDW3 ? 3 : 10 + val - X_CDW10] = v;
	return 0;
}

/* The way the kernel moves the data: bit 0 of the opcode. */
static enum dir kernel_dir(const struct pt_args *a)
{
	return a->opcode & 1 ? DIR_WRITE : DIR_READ;
}

/* The size of a file to send, for --data-len and --metadata-len. */
static int file_size(const struct cli *c, const char *path, uint64_t *size)
{
	struct stat st;

	if (stat(path, &st))
		return report(c->what, path, -errno);
	if (!S_ISREG(st.st_mode))
		return cli_err(NGIO_EXIT_USAGE, c->what, path, "not a regular "
			       "file: give its length (--data-len, "
			       "--metadata-len)");
	*size = st.st_size;
	return 0;
}

/* Everything that can be checked before the device is opened. */
static int check_args(const struct cli *c, struct pt_args *a)
{
	enum dir kernel;
	int ret;

	if (!a->has_opcode)
		return cli_usage(c, "--opcode is required");
	kernel = kernel_dir(a);
	if (a->dir != DIR_NONE && a->dir != kernel)
		return cli_usage(c, "--%s: opcode 0x%02llx moves data %s (bit "
				 "0 of the opcode), use --%s", a->dir ==
				 DIR_READ ? "read" : "write",
				 (unsigned long long)a->opcode,
				 kernel == DIR_WRITE ? "to the device" :
				 "from the device", kernel == DIR_WRITE ?
				 "write" : "read");
	if (a->dir == DIR_NONE && (c->data || a->has_data_len ||
				   c->metadata || a->has_md_len))
		a->dir = kernel;
	if (a->has_md_len && !c->metadata)
		return cli_usage(c, "--metadata-len needs --metadata FILE");
	if (c->metadata && a->admin)
		return cli_usage(c, "--metadata: admin commands carry no "
				 "metadata buffer");
	if (a->dir == DIR_WRITE) {
		if (!c->data)
			return cli_usage(c, "--data FILE is required to send "
					 "data");
		if (!a->has_data_len) {
			ret = file_size(c, c->data, &a->data_len);
			if (ret)
				return ret;
			if (a->data_len > UINT32_MAX)
				return cli_usage(c, "--data: %s is over 4 GiB",
						 c->data);
		}
		if (c->metadata && !a->has_md_len) {
			ret = file_size(c, c->metadata, &a->md_len);
			if (ret)
				return ret;
			if (a->md_len > UINT32_MAX)
				return cli_usage(c, "--metadata: %s is over "
						 "4 GiB", c->metadata);
		}
	} else if (a->dir == DIR_READ) {
		if (!a->has_data_len)
			return cli_usage(c, "--data-len is required to "
					 "receive data");
		if (c->metadata && !a->has_md_len)
			return cli_usage(c, "--metadata-len is required to "
					 "receive metadata");
		if (c->json && !c->data)
			return cli_usage(c, "--json needs --data FILE for the "
					 "data read");
	}
	if (a->dir != DIR_NONE && (!a->data_len || a->data_len % 4))
		return cli_usage(c, "--data-len %llu is not a non-zero multiple "
				 "of 4 (NVMe moves dwords)",
				 (unsigned long long)a->data_len);
	if (c->metadata && !a->md_len)
		return cli_usage(c, "--metadata-len must be at least 1");
	return refuse_block_engine(c, NULL);
}

/* What a command moves, where the spec fixes it. */
struct xfer {
	bool known;		/* false: ngio cannot tell */
	uint64_t data, md;	/* bytes of data, of separate metadata */
	char what[96];		/* "a Read of 8 blocks", for messages */
};

static void xfer_set(struct xfer *x, uint64_t data, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void xfer_set(struct xfer *x, uint64_t data, const char *fmt, ...)
{
	va_list ap;

	x->known = true;
	x->data = data;
	va_start(ap, fmt);
	vsnprintf(x->what, sizeof(x->what), fmt, ap);
	va_end(ap);
}

/* A dword count in the command, 0's based: its bytes. */
static uint64_t numd_bytes(uint64_t numd)
{
	return (numd + 1) * 4;
}

/*
 * Read, write, compare and zone append: NLB+1 blocks of the format's
 * size (interleaved metadata included unless PRACT strips it), and
 * separate metadata of ms bytes a block.
 */
static void expect_rw(const struct ngio_geometry *g, uint32_t cdw12,
		      const char *name, struct xfer *x)
{
	/* PRACT: CDW12 bit 29. */
	unsigned flags = cdw12 & (1U << 29) ? NGIO_RW_PRACT : 0;
	uint64_t nlb = (cdw12 & 0xffff) + 1;
	uint32_t bb = ngio_xfer_block_bytes(g, flags);

	xfer_set(x, nlb * bb, "a %s of %llu block%s (NLB %llu in CDW12, "
		 "%u bytes a block)", name, (unsigned long long)nlb,
		 nlb == 1 ? "" : "s", (unsigned long long)nlb - 1, bb);
	if (g->ms && !g->extended && !ngio_pract_strips(g, flags))
		x->md = nlb * g->ms;
}

/*
 * I/O commands by what the opcode is in the namespace's command set
 * (ngio_op_kind(): ZNS adds three to NVM's; on Key Value 01h and 02h are
 * Store and Retrieve, which ngio cannot size).
 */
static void expect_io(const struct pt_args *a, const struct ngio_geometry *g,
		      const struct ngio_zoned *z, struct xfer *x)
{
	enum ngio_op kind = ngio_op_kind(g->csi, a->opcode);
	const uint32_t *d = a->cdw;
	unsigned n;

	if (!g->nsid || (ngio_op_moves_lbas(kind) && !g->lba_size))
		return;
	switch (kind) {
	case NGIO_OP_FLUSH:
		return xfer_set(x, 0, "a Flush");
	case NGIO_OP_WRITE_UNCOR:
		return xfer_set(x, 0, "a Write Uncorrectable");
	case NGIO_OP_WRITE_ZEROES:
		return xfer_set(x, 0, "a Write Zeroes");
	case NGIO_OP_VERIFY:
		return xfer_set(x, 0, "a Verify");
	case NGIO_OP_READ:
		return expect_rw(g, d[12], "Read", x);
	case NGIO_OP_WRITE:
		return expect_rw(g, d[12], "Write", x);
	case NGIO_OP_COMPARE:
		return expect_rw(g, d[12], "Compare", x);
	case NGIO_OP_DSM:
		n = (d[10] & 0xff) + 1;
		return xfer_set(x, n * 16ULL, "a Dataset Management of %u "
				"range%s (NR %u in CDW10, 16 bytes each)", n,
				n == 1 ? "" : "s", n - 1);
	case NGIO_OP_COPY:
		/* Source range descriptors: formats 0 and 2 32 bytes,
		 * 1 and 3 (with storage tags) 40. */
		if (((d[12] >> 8) & 0xf) > 3)
			return;
		n = (d[12] & 0xff) + 1;
		return xfer_set(x, n * (d[12] & 0x100 ? 40ULL : 32ULL),
				"a Copy of %u range%s (NR %u in CDW12, "
				"descriptor format %u)", n, n == 1 ? "" : "s",
				n - 1, (d[12] >> 8) & 0xf);
	case NGIO_OP_RESV_REGISTER:
		return xfer_set(x, 16, "a Reservation Register (CRKEY, NRKEY)");
	case NGIO_OP_RESV_ACQUIRE:
		return xfer_set(x, 16, "a Reservation Acquire (CRKEY, PRKEY)");
	case NGIO_OP_RESV_RELEASE:
		return xfer_set(x, 8, "a Reservation Release (CRKEY)");
	case NGIO_OP_RESV_REPORT:
		return xfer_set(x, numd_bytes(d[10]), "a Reservation Report "
				"of NUMD %u (CDW10, dwords, 0's based)", d[10]);
	case NGIO_OP_APPEND:
		return expect_rw(g, d[12], "Zone Append", x);
	case NGIO_OP_ZONE_RECV:
		return xfer_set(x, numd_bytes(d[12]), "a Zone Management "
				"Receive of NUMD %u (CDW12, dwords, 0's based)",
				d[12]);
	case NGIO_OP_ZONE_SEND:
		if ((d[13] & 0xff) != NVME_ZNS_ZSA_SET_DESC_EXT)
			return xfer_set(x, 0, "a Zone Management Send of "
					"action %#x", d[13] & 0xff);
		if (z)
			xfer_set(x, z->zde_size, "a Set Zone Descriptor "
				 "Extension (the namespace's extension size)");
		return;
	default:
		/* Unknown here, or a Key Value command: not sized. */
		return;
	}
}

static void expect_admin(const struct pt_args *a, struct xfer *x)
{
	const uint32_t *d = a->cdw;
	const char *name;
	uint64_t numd;
	long len;
	bool get;

	switch (a->opcode) {
	case nvme_admin_delete_sq:
	case nvme_admin_delete_cq:
	case nvme_admin_abort_cmd:
	case nvme_admin_fw_commit:
	case nvme_admin_dev_self_test:
	case nvme_admin_keep_alive:
	case nvme_admin_format_nvm:
	case nvme_admin_sanitize_nvm:
		return xfer_set(x, 0, "admin opcode 0x%02llx",
				(unsigned long long)a->opcode);
	case nvme_admin_identify:
		return xfer_set(x, NVME_IDENTIFY_DATA_SIZE, "an Identify");
	case nvme_admin_get_log_page:
		numd = (uint64_t)(d[11] & 0xffff) << 16 | d[10] >> 16;
		return xfer_set(x, numd_bytes(numd), "a Get Log Page of NUMD "
				"%llu (NUMDU in CDW11, NUMDL in CDW10, 0's "
				"based)", (unsigned long long)numd);
	case nvme_admin_get_features:
	case nvme_admin_set_features:
		get = a->opcode == nvme_admin_get_features;
		len = feature_data_len(d[10] & 0xff, get, (d[10] >> 8) & 7,
				       d[11]);
		name = feature_name(d[10] & 0xff);
		if (len >= 0)
			xfer_set(x, len, "a %s Features of FID 0x%02x%s%s%s",
				 get ? "Get" : "Set", d[10] & 0xff,
				 name ? " (" : "", name ? name : "",
				 name ? ")" : "");
		return;
	case nvme_admin_ns_mgmt:
		if ((d[10] & 0xf) == NVME_NS_MGMT_SEL_CREATE)
			return xfer_set(x, NVME_IDENTIFY_DATA_SIZE, "a "
					"Namespace Management create");
		if ((d[10] & 0xf) == NVME_NS_MGMT_SEL_DELETE)
			return xfer_set(x, 0, "a Namespace Management delete");
		return;
	case nvme_admin_ns_attach:
		return xfer_set(x, NVME_IDENTIFY_DATA_SIZE, "a Namespace "
				"Attachment (a controller list)");
	case nvme_admin_fw_download:
		return xfer_set(x, numd_bytes(d[10]), "a Firmware Image "
				"Download of NUMD %u (CDW10, 0's based)",
				d[10]);
	case nvme_admin_directive_send:
	case nvme_admin_directive_recv:
		return xfer_set(x, numd_bytes(d[10]), "a Directive %s of NUMD "
				"%u (CDW10, 0's based)", a->opcode ==
				nvme_admin_directive_send ? "Send" : "Receive",
				d[10]);
	case nvme_admin_security_send:
	case nvme_admin_security_recv:
		return xfer_set(x, d[11], "a Security %s of %u bytes (CDW11)",
				a->opcode == nvme_admin_security_send ?
				"Send" : "Receive", d[11]);
	case nvme_admin_get_lba_status:
		return xfer_set(x, numd_bytes(d[12]), "a Get LBA Status of "
				"MNDW %u (CDW12, dwords, 0's based)", d[12]);
	}
}

/*
 * Refuse sizes other than those the command moves, each in one line
 * naming the size wanted.  Nothing is checked for a command ngio cannot
 * size: its buffers are whole zeroed pages.
 */
static int check_xfer(const struct cli *c, const struct pt_args *a,
		      const struct xfer *x)
{
	unsigned long long want = x->data, len = a->data_len;

	if (!x->known)
		return 0;
	if (!want && a->dir != DIR_NONE)
		return cli_refuse(c->what, c->dev, "%s moves no data: drop "
				  "--data and --data-len", x->what);
	if (want && a->dir == DIR_NONE)
		return cli_refuse(c->what, c->dev, "%s moves %llu bytes: give "
				  "%s", x->what, want, kernel_dir(a) ==
				  DIR_WRITE ? "--data FILE" : "--data-len");
	if (want != len && !a->has_data_len)
		return cli_refuse(c->what, c->data, "--data: %llu bytes, but "
				  "%s moves %llu", len, x->what, want);
	if (want != len)
		return cli_refuse(c->what, c->dev, "--data-len %llu, but %s "
				  "moves %llu bytes", len, x->what, want);
	want = x->md;
	len = c->metadata ? a->md_len : 0;
	if (!want && c->metadata)
		return cli_refuse(c->what, c->dev, "%s moves no separate "
				  "metadata: drop --metadata", x->what);
	if (want && !c->metadata)
		return cli_refuse(c->what, c->dev, "%s moves %llu bytes of "
				  "separate metadata: give --metadata FILE and "
				  "--metadata-len %llu", x->what, want, want);
	if (want != len && !a->has_md_len)
		return cli_refuse(c->what, c->metadata, "--metadata: %llu "
				  "bytes, but %s moves %llu of metadata", len,
				  x->what, want);
	if (want != len)
		return cli_refuse(c->what, c->dev, "--metadata-len %llu, but "
				  "%s moves %llu bytes of metadata", len,
				  x->what, want);
	return 0;
}

/* What the device takes in one command, checked once it is open. */
static int check_dev(const struct cli *c, struct ngio_dev *dev,
		     const struct pt_args *a)
{
	const struct ngio_geometry *g = ngio_dev_geometry(dev);
	__u8 mdts = ngio_dev_id_ctrl(dev)->mdts;
	uint64_t max = g->max_xfer, pages;
	struct xfer x = { 0 };

	/* A controller node has no queue limits: MDTS alone (4 KiB pages). */
	if (!max && mdts && mdts < 20)
		max = 4096ULL << mdts;
	if (a->dir != DIR_NONE && max && a->data_len > max)
		return cli_usage(c, "--data-len %llu is over the %llu bytes one "
				 "command may move (MDTS and the kernel's "
				 "limit)", (unsigned long long)a->data_len,
				 (unsigned long long)max);
	pages = g->page_size ? (a->data_len + g->page_size - 1) /
				g->page_size : 0;
	if (a->dir != DIR_NONE && g->max_segments && pages > g->max_segments)
		return cli_usage(c, "--data-len %llu spans %llu pages; the "
				 "kernel maps at most %u in one command",
				 (unsigned long long)a->data_len,
				 (unsigned long long)pages, g->max_segments);
	/* Linux 6.1 refuses metadata elsewhere, and loses the request. */
	if (c->metadata && (!g->ms || g->extended))
		return cli_err(NGIO_EXIT_USAGE, c->what, c->dev, "--metadata: "
			       "the namespace keeps no separate metadata (%s)",
			       g->ms ? "it is interleaved with the data" :
			       "its format has none");
	/*
	 * Sizes the command fixes: without a buffer the device would move
	 * data at address 0, with a smaller one past its end.
	 */
	if (a->admin)
		expect_admin(a, &x);
	else
		expect_io(a, g, ngio_dev_zoned(dev), &x);
	return check_xfer(c, a, &x);
}

static void print_status(const struct cli *c, int ret, __u64 result,
			 bool data_on_stdout)
{
	char buf[160];

	if (c->json) {
		struct json_object *root = json_object_new_object();

		json_object_object_add(root, "status",
				       json_object_new_int64(ret));
		json_object_object_add(root, "result",
				       json_object_new_uint64(result));
		json_print(root);
	}
	if (ret) {
		cli_err(0, c->what, c->dev, "NVMe status: %s result: 0x%llx",
			ngio_status_str(ret, buf, sizeof(buf)),
			(unsigned long long)result);
	} else if (!c->json) {
		fprintf(data_on_stdout ? stderr : stdout,
			"NVMe status: %s result: 0x%llx\n",
			ngio_status_str(ret, buf, sizeof(buf)),
			(unsigned long long)result);
	}
}

struct pt_bufs {
	void *data, *md;
	struct out_file out, md_out;
};

/*
 * Whole zeroed pages: the device may move more than len (an opcode ngio
 * cannot size), and the kernel maps whole pages; past len it finds
 * zeroes and overwrites nothing of ngio's.
 */
static int alloc_zeroed(const struct cli *c, void **p, uint64_t len)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t size;
	int ret;

	if (page < 4096)
		page = 4096;
	size = (len + page - 1) / page * page;
	ret = posix_memalign(p, page, size);
	if (ret) {
		*p = NULL;
		return report(c->what, c->dev, -ret);
	}
	memset(*p, 0, size);
	return 0;
}

static int run(const struct cli *c, const struct pt_args *a,
	       struct pt_bufs *b)
{
	bool data_on_stdout = a->dir == DIR_READ && !c->data;
	const struct ngio_geometry *g;
	struct nvme_uring_cmd cmd;
	struct ngio_dev *dev;
	__u64 result = 0;
	size_t got;	/* a shorter file is sent zero-padded */
	int ret;

	ret = cli_open(c, &dev, !a->admin);
	if (ret)
		return ret;
	g = ngio_dev_geometry(dev);
	ret = check_dev(c, dev, a);
	if (!ret && a->dir != DIR_NONE)
		ret = alloc_zeroed(c, &b->data, a->data_len);
	if (!ret && c->metadata)
		ret = alloc_zeroed(c, &b->md, a->md_len);
	if (!ret && a->dir == DIR_WRITE)
		ret = load_upto(c, c->data, b->data, a->data_len, &got);
	if (!ret && a->dir == DIR_WRITE && c->metadata)
		ret = load_upto(c, c->metadata, b->md, a->md_len, &got);
	if (ret)
		goto out;

	memset(&cmd, 0, sizeof(cmd));
	cmd.opcode = a->opcode;
	cmd.nsid = a->has_nsid ? a->nsid : a->admin ? 0 : g->nsid;
	cmd.cdw2 = a->cdw[2];
	cmd.cdw3 = a->cdw[3];
	cmd.cdw10 = a->cdw[10];
	cmd.cdw11 = a->cdw[11];
	cmd.cdw12 = a->cdw[12];
	cmd.cdw13 = a->cdw[13];
	cmd.cdw14 = a->cdw[14];
	cmd.cdw15 = a->cdw[15];
	cmd.timeout_ms = a->timeout;
	if (b->data) {
		cmd.addr = (__u64)(uintptr_t)b->data;
		cmd.data_len = a->data_len;
	}
	if (b->md) {
		cmd.metadata = (__u64)(uintptr_t)b->md;
		cmd.metadata_len = a->md_len;
	}
	ret = ngio_submit_sync(dev, a->admin, &cmd, &result);
	if (ret < 0) {
		ret = report(c->what, c->dev, ret);
		goto out;
	}
	if (!ret && a->dir == DIR_READ) {
		if (data_on_stdout && isatty(STDOUT_FILENO)) {
			hexdump(b->data, a->data_len, 0, stdout);
			data_on_stdout = false;
		} else {
			ret = report(c->what, c->data ? c->data : "stdout",
				     out_write(c->data ? b->out.fd :
					       STDOUT_FILENO, b->data,
					       a->data_len));
		}
		if (!ret && c->metadata)
			ret = report(c->what, c->metadata,
				     out_write(b->md_out.fd, b->md, a->md_len));
		if (ret)
			goto out;
	}
	print_status(c, ret, result, data_on_stdout);
	ret = ret ? NGIO_EXIT_NVME : NGIO_EXIT_OK;
out:
	ngio_dev_close(dev);
	return ret;
}

int cmd_passthru(int argc, char **argv)
{
	struct pt_bufs b = { .out = { .fd = -1 }, .md_out = { .fd = -1 } };
	static struct pt_args a;
	struct cli_extra x = { pt_opt, &a };
	struct cli c;
	int ret;

	memset(&a, 0, sizeof(a));
	ret = cli_parse(&c, &cli_passthru_cmd, argc, argv, &x);
	if (ret || c.help)
		return ret;
	ret = check_args(&c, &a);
	if (ret)
		return ret;
	/* Outputs open before the device: a bad path fails first. */
	if (a.dir == DIR_READ && c.data) {
		ret = out_file_open(&c, c.data, &b.out);
		if (ret)
			return ret;
	}
	if (a.dir == DIR_READ && c.metadata) {
		ret = out_file_open(&c, c.metadata, &b.md_out);
		if (ret)
			goto close;
	}
	ret = run(&c, &a, &b);
close:
	free(b.data);
	free(b.md);
	/* An output file made here goes again if the command failed. */
	ret = out_file_close(&c, &b.out, ret);
	return out_file_close(&c, &b.md_out, ret);
}
