// SPDX-License-Identifier: MIT
/*
 * passthru: one arbitrary NVMe command, built here field by field and sent
 * with ngio_submit_sync().  CDW4-9 are not ours to set: the kernel fills
 * them with the metadata and data pointers.  The kernel moves the data in
 * the direction bit 0 of the opcode gives (1: to the device), so --read
 * and --write must agree with it; without either, it decides.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "args.h"
#include "cli.h"
#include "io.h"

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

static const struct option pt_opts[] = {
	{ "opcode", required_argument, NULL, X_OPCODE },
	{ "nsid", required_argument, NULL, X_NSID },
	{ "data-len", required_argument, NULL, X_DATA_LEN },
	{ "metadata-len", required_argument, NULL, X_MD_LEN },
	{ "read", no_argument, NULL, X_READ },
	{ "write", no_argument, NULL, X_WRITE },
	{ "admin", no_argument, NULL, X_ADMIN },
	{ "timeout", required_argument, NULL, X_TIMEOUT },
	{ "cdw2", required_argument, NULL, X_CDW2 },
	{ "cdw3", required_argument, NULL, X_CDW3 },
	{ "cdw10", required_argument, NULL, X_CDW10 },
	{ "cdw11", required_argument, NULL, X_CDW10 + 1 },
	{ "cdw12", required_argument, NULL, X_CDW10 + 2 },
	{ "cdw13", required_argument, NULL, X_CDW10 + 3 },
	{ "cdw14", required_argument, NULL, X_CDW10 + 4 },
	{ "cdw15", required_argument, NULL, X_CDW10 + 5 },
	{ 0 },
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
	for (const struct option *o = pt_opts; o->name; o++) {
		if (o->val != val)
			continue;
		ret = cli_num(c, o->name, arg, UINT32_MAX, &v);
		if (ret)
			return ret;
		a->cdw[val == X_CDW2 ? 2 : val == X_CDW3 ? 3 :
		       10 + val - X_CDW10] = v;
		return 0;
	}
	return cli_usage(c, "unknown option");
}

/* The size of a file to send, for --data-len and --metadata-len. */
static int file_size(const struct cli *c, const char *path, uint64_t *size)
{
	struct stat st;

	if (stat(path, &st))
		return report(c->what, path, -errno);
	if (!S_ISREG(st.st_mode)) {
		fprintf(stderr, "ngio: %s: %s: not a regular file: give its "
			"length (--data-len, --metadata-len)\n", c->what, path);
		return NGIO_EXIT_USAGE;
	}
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
	kernel = a->opcode & 1 ? DIR_WRITE : DIR_READ;
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

/* What the device takes in one command, checked once it is open. */
static int check_dev(const struct cli *c, struct ngio_dev *dev,
		     const struct pt_args *a)
{
	const struct ngio_geometry *g = ngio_dev_geometry(dev);
	__u8 mdts = ngio_dev_id_ctrl(dev)->mdts;
	uint64_t max = g->max_xfer, pages;

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
	if (c->metadata && (!g->ms || g->extended)) {
		fprintf(stderr, "ngio: %s: %s: --metadata: the namespace keeps "
			"no separate metadata (%s)\n", c->what, c->dev,
			g->ms ? "it is interleaved with the data" :
			"its format has none");
		return NGIO_EXIT_USAGE;
	}
	/* Without a metadata buffer the device would use address 0. */
	if (!a->admin && g->ms && !g->extended && !c->metadata &&
	    (a->opcode == nvme_cmd_read || a->opcode == nvme_cmd_write ||
	     a->opcode == nvme_cmd_compare)) {
		fprintf(stderr, "ngio: %s: %s: the namespace keeps %u bytes of "
			"separate metadata per block: give --metadata FILE and "
			"--metadata-len N\n", c->what, c->dev, g->ms);
		return NGIO_EXIT_USAGE;
	}
	return 0;
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
		fprintf(stderr, "ngio: %s: %s: NVMe status: %s result: 0x%llx\n",
			c->what, c->dev, ngio_status_str(ret, buf, sizeof(buf)),
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
	int out, md_out;
};

static int alloc_zeroed(const struct cli *c, void **p, uint64_t len)
{
	int ret = posix_memalign(p, 4096, len);

	if (ret) {
		*p = NULL;
		return report(c->what, c->dev, -ret);
	}
	memset(*p, 0, len);
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
		ret = load_file(c, c->data, "data", b->data, a->data_len);
	if (!ret && a->dir == DIR_WRITE && c->metadata)
		ret = load_file(c, c->metadata, "metadata", b->md, a->md_len);
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
				     out_write(b->out, b->data, a->data_len));
		}
		if (!ret && c->metadata)
			ret = report(c->what, c->metadata,
				     out_write(b->md_out, b->md, a->md_len));
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
	struct pt_bufs b = { .out = STDOUT_FILENO, .md_out = -1 };
	static struct pt_args a;
	struct cli_extra x = { pt_opts, pt_opt, &a };
	struct cli c;
	int ret;

	memset(&a, 0, sizeof(a));
	ret = cli_parse(&c, argc, argv, CLI_DATA | CLI_METADATA | CLI_JSON |
			CLI_ENGINE, &x);
	if (ret || c.help)
		return ret;
	ret = check_args(&c, &a);
	if (ret)
		return ret;
	/* Outputs open before the device: a bad path fails first. */
	if (a.dir == DIR_READ && c.data) {
		ret = out_open(&c, c.data, &b.out);
		if (ret)
			return ret;
	}
	if (a.dir == DIR_READ && c.metadata) {
		ret = out_open(&c, c.metadata, &b.md_out);
		if (ret)
			goto close;
	}
	ret = run(&c, &a, &b);
close:
	free(b.data);
	free(b.md);
	if (b.out != STDOUT_FILENO && close(b.out) && !ret)
		ret = report(c.what, c.data, -errno);
	if (b.md_out >= 0 && close(b.md_out) && !ret)
		ret = report(c.what, c.metadata, -errno);
	return ret;
}
