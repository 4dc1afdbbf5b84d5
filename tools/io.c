// SPDX-License-Identifier: MIT
/*
 * read, write and compare: every argument, file and size is checked before
 * any I/O.  The library's ngio_rw_ext() splits the transfer, metadata and
 * PI tags included.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "args.h"
#include "cli.h"
#include "io.h"

/*
 * Blocks per command with metadata or PI options (each command with PI
 * options gets its own reference tag): QEMU 7.2 mishandles the metadata
 * of larger commands that are not a multiple of 64 blocks, and small
 * commands cost nothing here.
 */
#define MD_CHUNK	64U

enum xfer_op { OP_READ, OP_WRITE, OP_COMPARE };

struct xfer {
	struct cli c;
	enum xfer_op op;
	struct ngio_dev *dev;
	const struct ngio_geometry *g;
	void *buf, *md;
	size_t len, md_len;
	uint32_t bb;		/* bytes a block takes in buf */
	unsigned flags;
	struct pi_opts pi;
};

int need_range(const struct cli *c)
{
	if (!c->has_lba)
		return cli_usage(c, "--lba is required");
	if (!c->has_blocks)
		return cli_usage(c, "--blocks is required");
	return 0;
}

int refuse_block_engine(const struct cli *c, const char *what)
{
	if (c->engine != NGIO_ENGINE_BLOCK)
		return 0;
	return cli_err(NGIO_EXIT_USAGE, c->what, NULL, "--engine block: the "
		       "block engine only reads and writes%s",
		       what ? what : "");
}

int check_range(const struct cli *c, const struct ngio_geometry *g,
		const char *opt, uint64_t lba, uint64_t blocks)
{
	unsigned long long l = lba, n = blocks, last = g->nsze - 1;
	char where[80];

	if (ngio_range_ok(g, lba, blocks))
		return 0;
	if (blocks && blocks - 1 > UINT64_MAX - lba)
		snprintf(where, sizeof(where), "LBA %llu + %llu blocks runs "
			 "past LBA 2^64-1", l, n);
	else if (blocks == 1)
		snprintf(where, sizeof(where), "LBA %llu is past the end", l);
	else
		snprintf(where, sizeof(where), "LBAs %llu-%llu are past the "
			 "end", l, l + n - 1);
	return cli_refuse(c->what, c->dev, "%s%s%s: the namespace has %llu "
			  "blocks (LBAs 0-%llu); nothing was sent",
			  opt ? opt : "", opt ? ": " : "", where,
			  (unsigned long long)g->nsze, last);
}

int report_part(const struct cli *c, int ret, uint64_t done, uint64_t total,
		const char *verb)
{
	char buf[160];

	if (!ret || !done)
		return report(c->what, c->dev, ret);
	return cli_err(ret > 0 ? NGIO_EXIT_NVME : NGIO_EXIT_SYS, c->what,
		       c->dev, "%s (after %llu of %llu blocks were %s)",
		       ngio_status_str(ret, buf, sizeof(buf)),
		       (unsigned long long)done, (unsigned long long)total,
		       verb);
}

int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= n;
	}
	return 0;
}

static int short_file(const struct cli *c, const char *path,
		      const char *what, uint64_t got, uint64_t len)
{
	char blocks[40] = "";

	if (c->blocks)
		snprintf(blocks, sizeof(blocks), " (%llu blocks)",
			 (unsigned long long)c->blocks);
	return cli_err(NGIO_EXIT_USAGE, c->what, path, "short %s file: %llu "
		       "bytes, need %llu%s", what, (unsigned long long)got,
		       (unsigned long long)len, blocks);
}

int load_upto(const struct cli *c, const char *path, void *buf,
	      size_t len, size_t *got)
{
	int fd, ret = 0;

	*got = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return report(c->what, path, -errno);
	while (*got < len) {
		ssize_t n = read(fd, (char *)buf + *got, len - *got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = report(c->what, path, -errno);
			break;
		}
		if (!n)
			break;
		*got += n;
	}
	close(fd);
	return ret;
}

int load_file(const struct cli *c, const char *path, const char *what,
	      void *buf, size_t len)
{
	size_t got;
	int ret = load_upto(c, path, buf, len, &got);

	if (!ret && got < len)
		ret = short_file(c, path, what, got, len);
	return ret;
}

int check_file_size(const struct cli *c, const char *path,
		    const char *what, size_t len)
{
	struct stat st;

	if (stat(path, &st))
		return report(c->what, path, -errno);
	if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size >= len)
		return 0;
	return short_file(c, path, what, st.st_size, len);
}

int out_file_open(const struct cli *c, const char *path, struct out_file *o)
{
	o->path = path;
	o->created = false;
	o->fd = open(path, O_WRONLY | O_CLOEXEC);
	if (o->fd < 0 && errno == ENOENT) {
		/* Made here, so removed again if the command fails. */
		o->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
			     0644);
		o->created = o->fd >= 0;
	}
	return o->fd < 0 ? report(c->what, path, -errno) : 0;
}

int out_file_close(const struct cli *c, struct out_file *o, int ret)
{
	if (o->fd < 0)
		return ret;
	if (close(o->fd) && !ret)
		ret = report(c->what, o->path, -errno);
	if (ret && o->created)
		unlink(o->path);
	o->fd = -1;
	return ret;
}

int out_write(int fd, const void *buf, size_t len)
{
	struct stat st;
	int ret = write_all(fd, buf, len);

	if (!ret && !fstat(fd, &st) && S_ISREG(st.st_mode) &&
	    ftruncate(fd, len))
		ret = -errno;
	return ret;
}

static void xfer_free(struct xfer *x)
{
	free(x->buf);
	free(x->md);
	ngio_dev_close(x->dev);
}

static int no_memory(const struct cli *c, size_t len)
{
	char size[32];

	return cli_refuse(c->what, c->dev, "cannot allocate the %s this "
			  "transfer needs: give fewer --blocks",
			  human_size(len, size, sizeof(size)));
}

/*
 * What the block engine carries of metadata and PI: separate metadata
 * with protection information, as io_uring's PI attribute (Linux 6.14),
 * and of the PI fields what the block layer can say (the library refuses
 * the rest too, in fewer words).
 */
static int block_md_check(const struct xfer *x)
{
	const struct cli *c = &x->c;
	const struct ngio_geometry *g = x->g;
	const struct pi_opts *p = &x->pi;
	const char *why;

	if (c->engine != NGIO_ENGINE_BLOCK || (!g->ms && !p->any))
		return 0;
	if (p->pract)
		return cli_refuse(c->what, c->dev, "--engine block: --prinfo "
				  "pract: the block engine has no PRACT (the "
				  "block layer cannot ask the controller to "
				  "make or strip the tuples)");
	if (g->extended)
		return cli_refuse(c->what, c->dev, "--engine block: the "
				  "format interleaves %u bytes of metadata with "
				  "each block (extended LBA), which the block "
				  "layer does not move", g->ms);
	if (!g->pi_type)
		return cli_refuse(c->what, c->dev, "--engine block: the block "
				  "layer moves metadata only as protection "
				  "information, and this format has none");
	if (!ngio_dev_has(x->dev, NGIO_CAP_BLOCK_PI, &why))
		return cli_refuse(c->what, c->dev, "--engine block: %s; "
				  "nothing was sent", why);
	if (p->check & NGIO_PI_CHECK_APPTAG && p->tags.apptag_mask &&
	    p->tags.apptag_mask != 0xffff)
		return cli_refuse(c->what, c->dev, "--engine block: "
				  "--apptag-mask 0x%x: the block layer compares "
				  "every bit of the application tag or none",
				  p->tags.apptag_mask);
	if (p->check & NGIO_PI_CHECK_REFTAG &&
	    p->tags.reftag != ngio_pi_reftag(g, c->lba))
		return cli_refuse(c->what, c->dev, "--engine block: --reftag "
				  "0x%llx: the block layer checks the reference "
				  "tags against the LBAs, from 0x%llx",
				  (unsigned long long)p->tags.reftag,
				  (unsigned long long)ngio_pi_reftag(g, c->lba));
	return 0;
}

/*
 * The PI options' device-free checks.  The block engine's metadata and
 * PI are judged against the device and kernel, by block_md_check().
 */
static int pi_args(const struct cli *c, const struct pi_opts *p)
{
	struct cli any = *c;

	any.engine = NGIO_ENGINE_AUTO;
	return pi_check_args(&any, p);
}

/* --metadata against the format; *separate: metadata travels apart. */
static int check_metadata(const struct xfer *x, bool *separate)
{
	const struct cli *c = &x->c;
	const struct ngio_geometry *g = x->g;
	bool host_pi;

	if (c->metadata && g->ms && x->pi.strip)
		return cli_usage(c, "--metadata: with --prinfo pract no "
				 "metadata moves: %s's %u bytes a block are "
				 "the PI tuple alone, which the controller "
				 "adds and strips", c->dev, g->ms);
	*separate = g->ms && !g->extended && !x->pi.strip;
	/* The host makes or checks the tuples: metadata may stay here. */
	host_pi = x->pi.generate || x->pi.verify;
	if (c->metadata && !*separate) {
		if (g->ms)
			return cli_usage(c, "--metadata: %s interleaves %u "
					 "bytes of metadata with each block "
					 "(extended LBA): it travels in --data",
					 c->dev, g->ms);
		return cli_usage(c, "--metadata: %s has no metadata "
				 "(%u-byte blocks)", c->dev, g->lba_size);
	}
	if (!c->metadata && *separate && !host_pi)
		return cli_err(NGIO_EXIT_USAGE, c->what, c->dev, "the "
			       "namespace keeps %u bytes of separate metadata "
			       "per block: give --metadata FILE (%llu bytes)",
			       g->ms, (unsigned long long)c->blocks * g->ms);
	return 0;
}

/* The sizes, the files checked against them, and the buffers. */
static int alloc_bufs(struct xfer *x, bool separate)
{
	const struct cli *c = &x->c;
	const struct ngio_geometry *g = x->g;
	int ret;

	x->bb = ngio_xfer_block_bytes(g, x->flags);
	x->len = c->blocks * x->bb;
	x->md_len = separate ? c->blocks * g->ms : 0;
	/* A short file is told as such, not as a buffer too big to get. */
	if (x->op != OP_READ) {
		ret = check_file_size(c, c->data, "data", x->len);
		if (!ret && c->metadata)
			ret = check_file_size(c, c->metadata, "metadata",
					      x->md_len);
		if (ret)
			return ret;
	}
	ret = posix_memalign(&x->buf, 4096, x->len);
	if (ret) {
		x->buf = NULL;
		return no_memory(c, x->len);
	}
	if (separate) {
		ret = posix_memalign(&x->md, 4096, x->md_len);
		if (ret) {
			x->md = NULL;
			return no_memory(c, x->md_len);
		}
		/* --pi-generate without FILE: zeros around the tuples. */
		memset(x->md, 0, x->md_len);
	}
	return 0;
}

/*
 * Open the device, check that --metadata fits its format, and allocate
 * the buffers (aligned for DMA).  On error nothing is left open.
 */
static int setup(struct xfer *x)
{
	const struct cli *c = &x->c;
	const struct ngio_geometry *g;
	bool separate = false;
	int ret;

	ret = cli_open(c, &x->dev, true);
	if (ret)
		return ret;
	x->g = g = ngio_dev_geometry(x->dev);
	/* First, so that nothing is sized or sent for a range that is not
	 * there (the split would wrap or move the part before the end). */
	ret = check_range(c, g, NULL, c->lba, c->blocks);
	if (!ret)
		ret = pi_resolve(c, g, &x->pi);
	if (ret)
		goto fail;
	if (!ret)
		ret = block_md_check(x);
	if (ret)
		goto fail;
	if (x->pi.pract)
		x->flags |= NGIO_RW_PRACT;
	ret = check_metadata(x, &separate);
	if (!ret)
		ret = alloc_bufs(x, separate);
	if (!ret)
		return 0;
fail:
	xfer_free(x);
	x->dev = NULL;
	x->buf = x->md = NULL;
	return ret;
}

/*
 * The transfer (setup() has checked the range is inside the namespace),
 * split by the library: with separate metadata or PI options in commands
 * of at most MD_CHUNK blocks, each with its part of the metadata and its
 * own reference tag.
 */
static int do_xfer(struct xfer *x)
{
	static const __u8 opcodes[] = {
		[OP_READ] = nvme_cmd_read,
		[OP_WRITE] = nvme_cmd_write,
		[OP_COMPARE] = nvme_cmd_compare,
	};
	struct ngio_xfer t = {
		.slba = x->c.lba,
		.nlb = x->c.blocks,
		.data = x->buf,
		.md = x->md,
		.flags = x->flags,
		.tags = x->pi.any ? &x->pi.tags : NULL,
		.max_nlb = x->md || x->pi.any ? MD_CHUNK : 0,
	};
	__u64 done;
	int ret;

	ret = ngio_rw_ext(x->dev, opcodes[x->op], &t, x->pi.check, &done);
	if (x->op == OP_WRITE)
		return report_part(&x->c, ret, done, x->c.blocks, "written");
	return report(x->c.what, x->c.dev, ret);
}

/* The options' tables of read, write and compare. */
#define RANGE_OPTS							\
	CLI_O_LBA(CLI_REQUIRED, "the first logical block"),		\
	CLI_O_BLOCKS(CLI_REQUIRED, "how many blocks (a count, >= 1)")

static const struct cli_opt read_opts[] = {
	RANGE_OPTS,
	CLI_O_DATA(0, "where the blocks go (default stdout; a hex dump on "
		   "a terminal)"),
	CLI_O_METADATA(0, "where separate metadata goes"),
	PI_OPTS,
	PI_VERIFY_OPT,
	CLI_O_ENGINE,
	{ NULL },
};

static const struct cli_opt write_opts[] = {
	RANGE_OPTS,
	CLI_O_DATA(CLI_REQUIRED, "the data, blocks x block size bytes"),
	CLI_O_METADATA(0, "separate metadata, blocks x metadata size bytes"),
	CLI_O_FUA,
	PI_OPTS,
	PI_GENERATE_OPT,
	CLI_O_ENGINE,
	{ NULL },
};

const struct cli_cmd cli_read_cmd = {
	"read", "read blocks to FILE, or to stdout (a hex dump on a "
	"terminal); --pi-verify: a bad PI tuple exits 4", 0, read_opts,
	cmd_read, NULL,
};
const struct cli_cmd cli_write_cmd = {
	"write", "write blocks from FILE", 0, write_opts, cmd_write, NULL,
};
const struct cli_cmd cli_compare_cmd = {
	"compare", "compare blocks with FILE (a miscompare exits 3)", 0,
	write_opts, cmd_compare, NULL,
};

int cmd_read(int argc, char **argv)
{
	struct xfer x = { .op = OP_READ };
	struct cli_extra pe = pi_extra(PI_READ, &x.pi);
	struct cli *c = &x.c;
	struct out_file out = { .fd = STDOUT_FILENO }, md_out = { .fd = -1 };
	int ret, bad = 0;
	struct ngio_pi_error err;

	ret = cli_parse(c, &cli_read_cmd, argc, argv, &pe);
	if (ret || c->help)
		return ret;
	ret = need_range(c);
	if (!ret)
		ret = pi_args(c, &x.pi);
	if (ret)
		return ret;
	if (c->data) {
		ret = out_file_open(c, c->data, &out);
		if (ret)
			return ret;
	}
	if (c->metadata) {
		ret = out_file_open(c, c->metadata, &md_out);
		if (ret)
			goto close_out;
	}
	ret = setup(&x);
	if (ret)
		goto close_out;
	ret = do_xfer(&x);
	if (!ret && x.pi.verify) {
		/* Checked now, said after the data is out as usual. */
		bad = ngio_pi_verify(x.g, x.buf, x.md, c->blocks, &x.pi.tags,
				     ngio_pi_checks(x.g), &err);
		if (bad && bad != -EBADMSG)
			ret = report(c->what, c->dev, bad);
	}
	if (ret) {
		/* Nothing is written out of a failed read. */
	} else if (!c->data && isatty(STDOUT_FILENO)) {
		/* Never spray binary at a terminal. */
		hexdump(x.buf, x.len, c->lba * x.bb, stdout);
	} else {
		ret = report(c->what, c->data ? c->data : "stdout",
			     out_write(out.fd, x.buf, x.len));
	}
	if (!ret && c->metadata)
		ret = report(c->what, c->metadata,
			     out_write(md_out.fd, x.md, x.md_len));
	if (!ret && bad)
		ret = pi_report(c, &err);
	xfer_free(&x);
close_out:
	/* A file this command made goes again if the command failed. */
	if (c->data)
		ret = out_file_close(c, &out, ret);
	ret = out_file_close(c, &md_out, ret);
	return ret;
}

/* write and compare: the device's blocks against FILE (and metadata). */
static int data_in(int argc, char **argv, enum xfer_op op)
{
	struct xfer x = { .op = op };
	struct cli_extra pe = pi_extra(PI_WRITE, &x.pi);
	struct cli *c = &x.c;
	int ret;

	ret = cli_parse(c, op == OP_COMPARE ? &cli_compare_cmd :
			&cli_write_cmd, argc, argv, &pe);
	if (ret || c->help)
		return ret;
	ret = need_range(c);
	if (!ret && op == OP_COMPARE)
		ret = refuse_block_engine(c, NULL);
	if (!ret)
		ret = pi_args(c, &x.pi);
	if (!ret && !c->data)
		ret = cli_usage(c, "--data FILE is required");
	if (ret)
		return ret;
	x.flags = c->fua ? NGIO_RW_FUA : 0;
	ret = setup(&x);
	if (ret)
		return ret;
	ret = load_file(c, c->data, "data", x.buf, x.len);
	if (!ret && x.md && c->metadata)
		ret = load_file(c, c->metadata, "metadata", x.md, x.md_len);
	if (!ret && x.pi.generate)
		ret = report(c->what, c->dev,
			     ngio_pi_generate(x.g, x.buf, x.md, c->blocks,
					      &x.pi.tags));
	if (!ret)
		ret = do_xfer(&x);
	xfer_free(&x);
	return ret;
}

int cmd_write(int argc, char **argv)
{
	return data_in(argc, argv, OP_WRITE);
}

int cmd_compare(int argc, char **argv)
{
	return data_in(argc, argv, OP_COMPARE);
}
