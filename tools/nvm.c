// SPDX-License-Identifier: MIT
/*
 * The NVM commands that move no user data through the host: verify,
 * flush, write-zeroes, write-uncor, dsm (and trim) and copy.  Every range
 * is checked against the namespace (and a copy against the namespace's
 * copy limits) before anything is sent: a device may act on the first
 * ranges of a command before it refuses a later one.  Whether a command
 * is supported is left to the device, so that its own status comes back.
 */
#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "io.h"

enum range_op { RG_VERIFY, RG_WRITE_ZEROES, RG_WRITE_UNCOR };

/* What a failure in the middle leaves behind (verify changes nothing). */
static const char *const rg_done[] = {
	[RG_VERIFY] = NULL,
	[RG_WRITE_ZEROES] = "zeroed",
	[RG_WRITE_UNCOR] = "marked uncorrectable",
};

struct range_cmd {
	enum range_op op;
	unsigned flags;
	uint64_t lba;		/* where the range starts (--lba) */
	struct pi_opts pi;	/* verify's */
};

/* One command of the split range: the chunk's blocks and PI tags. */
static int range_one(struct ngio_dev *dev, const struct range_cmd *r,
		     const struct ngio_chunk *ch)
{
	const struct ngio_geometry *g = ngio_dev_geometry(dev);
	struct nvme_uring_cmd cmd;
	int ret;

	if (r->op == RG_WRITE_ZEROES)
		ret = ngio_cmd_write_zeroes(&cmd, g, ch->slba, ch->nlb,
					    r->flags);
	else if (r->op == RG_WRITE_UNCOR)
		ret = ngio_cmd_write_uncor(&cmd, g, ch->slba, ch->nlb);
	else
		ret = ngio_cmd_verify(&cmd, g, ch->slba, ch->nlb, r->flags);
	if (!ret && r->pi.any)
		ret = ngio_cmd_pi(&cmd, g, r->pi.check, &ch->tags);
	return ret ? ret : ngio_submit_sync(dev, false, &cmd, NULL);
}

/* CTRATT bit 16, MDTS and Size Limits Exclude Metadata (NVMe 2.1); newer
 * than libnvme 1.3. */
#define CTRATT_MEM	(1U << 16)

/*
 * Blocks one command may cover: 65536 (the NLB field), or fewer where the
 * controller's NVM command set Identify Controller structure (CNS 06h)
 * limits the command: VSL, WZSL, WUSL, each 2^n units of the minimum
 * page size (4 KiB, as Linux assumes for MDTS), 0 for no limit.  QEMU
 * 7.2 has VSL 7: verify takes 512 KiB a command.  A controller without
 * the structure (before NVMe 2.0) refuses the identify: no limit then.
 */
static uint32_t range_chunk(struct ngio_dev *dev, enum range_op op)
{
	static struct nvme_id_ctrl_nvm id __attribute__((aligned(4096)));
	const struct ngio_geometry *g = ngio_dev_geometry(dev);
	uint64_t blocks;
	unsigned n;

	if (ngio_identify(dev, NVME_IDENTIFY_CNS_CSI_CTRL, 0, NVME_CSI_NVM,
			  &id, sizeof(id)))
		return IO_MAX_NLB;
	n = op == RG_VERIFY ? id.vsl : op == RG_WRITE_ZEROES ? id.wzsl :
	    id.wusl;
	if (!n || n > 40)
		return IO_MAX_NLB;
	/* Unless the controller says its limits exclude metadata (CTRATT
	 * MEM), an extended LBA's interleaved metadata counts too: QEMU 8+
	 * refuses a 128-block verify of 4096+8 blocks under VSL 7. */
	if (g->extended && !(le32toh(ngio_dev_id_ctrl(dev)->ctratt) &
			     CTRATT_MEM))
		blocks = (4096ULL << n) / ngio_block_bytes(g);
	else
		blocks = (4096ULL << n) >> g->lba_shift;
	if (blocks > IO_MAX_NLB)
		return IO_MAX_NLB;
	return blocks ? blocks : 1;
}

/*
 * --blocks in commands of at most range_chunk() blocks, the range checked
 * whole first: split, a range past the end would change its first part.
 */
static int range_run(const struct cli *c, struct ngio_dev *dev,
		     const struct range_cmd *r)
{
	const struct ngio_geometry *g = ngio_dev_geometry(dev);
	struct ngio_xfer x = {
		.slba = c->lba,
		.nlb = c->blocks,
		.flags = r->flags,
		.tags = r->pi.any ? &r->pi.tags : NULL,
	};
	struct ngio_split s;
	struct ngio_chunk ch;
	int ret;

	ret = check_range(c, g, NULL, x.slba, x.nlb);
	if (ret)
		return ret;
	/* No data moves: the library splits by blocks alone. */
	x.max_nlb = range_chunk(dev, r->op);
	ret = ngio_split_init(&s, g, &x);
	while (!ret && (ret = ngio_split_next(&s, &ch)) > 0) {
		ret = range_one(dev, r, &ch);
		if (ret)
			return rg_done[r->op] ?
			       report_part(c, ret, ch.off, x.nlb,
					   rg_done[r->op]) :
			       report(c->what, c->dev, ret);
	}
	return report(c->what, c->dev, ret);
}

/* The options of write-zeroes, dsm and copy beyond the common ones. */
enum { X_DEALLOCATE = CLI_EXTRA, X_IDR, X_IDW, X_RANGE, X_TO, X_FROM };

static int wz_opt(struct cli *c, int val, const char *arg, void *ctx)
{
	struct range_cmd *r = ctx;

	(void)c;
	(void)arg;
	if (val == X_DEALLOCATE)
		r->flags |= NGIO_WZ_DEAC;
	return 0;
}

/* The commands below are not reads or writes: no block engine for them
 * (dsm and trim, which it turns into discards, aside). */
static int open_nvm(const struct cli *c, struct ngio_dev **dev)
{
	int ret = refuse_block_engine(c, NULL);

	return ret ? ret : cli_open(c, dev, true);
}

/* The options' tables of the commands of this file. */
#define RANGE_OPTS							\
	CLI_O_LBA(CLI_REQUIRED, "the first logical block"),		\
	CLI_O_BLOCKS(CLI_REQUIRED, "how many blocks (a count, >= 1)")

static const struct cli_opt verify_opts[] = {
	RANGE_OPTS,
	PI_OPTS,
	CLI_O_ENGINE,
	{ NULL },
};

static const struct cli_opt wz_opts[] = {
	RANGE_OPTS,
	{ "deallocate", NULL, X_DEALLOCATE, 0, 0,
	  "deallocate the blocks too", NULL },
	CLI_O_ENGINE,
	{ NULL },
};

static const struct cli_opt uncor_opts[] = {
	RANGE_OPTS,
	CLI_O_ENGINE,
	{ NULL },
};

static const struct cli_opt flush_opts[] = {
	CLI_O_ENGINE,
	{ NULL },
};

#define DSM_RANGE							\
	{ "range", "LBA:BLOCKS", X_RANGE, CLI_REQUIRED | CLI_REPEAT, 0,	\
	  "a range, up to 256 of them", NULL }
#define DSM_HINTS							\
	{ "idr", NULL, X_IDR, 0, 0, "hint: integral dataset for read",	\
	  NULL },							\
	{ "idw", NULL, X_IDW, 0, 0, "hint: integral dataset for write",	\
	  NULL }

static const struct cli_opt dsm_opts[] = {
	DSM_RANGE,
	{ "deallocate", NULL, X_DEALLOCATE, 0, 0, "deallocate the ranges",
	  NULL },
	DSM_HINTS,
	CLI_O_ENGINE,
	{ NULL },
};

static const struct cli_opt trim_opts[] = {
	DSM_RANGE,
	DSM_HINTS,
	CLI_O_ENGINE,
	{ NULL },
};

static const struct cli_opt copy_opts[] = {
	{ "to", "LBA", X_TO, CLI_REQUIRED, 0, "where the copy goes", NULL },
	{ "from", "LBA:BLOCKS", X_FROM, CLI_REQUIRED | CLI_REPEAT, 0,
	  "a source range (<= 65536 blocks), up to 256 of them", NULL },
	CLI_O_ENGINE,
	{ NULL },
};

const struct cli_cmd cli_verify_cmd = {
	"verify", "have the device check that blocks read back", 0,
	verify_opts, cmd_verify, NULL,
};
const struct cli_cmd cli_flush_cmd = {
	"flush", "commit the volatile write cache", 0, flush_opts, cmd_flush,
	NULL,
};
const struct cli_cmd cli_write_zeroes_cmd = {
	"write-zeroes", "zero blocks (and deallocate them if asked)", 0,
	wz_opts, cmd_write_zeroes, NULL,
};
const struct cli_cmd cli_write_uncor_cmd = {
	"write-uncor", "mark blocks uncorrectable", 0, uncor_opts,
	cmd_write_uncor, NULL,
};
const struct cli_cmd cli_dsm_cmd = {
	"dsm", "dataset management over up to 256 ranges", 0, dsm_opts,
	cmd_dsm, NULL,
};
const struct cli_cmd cli_trim_cmd = {
	"trim", "deallocate ranges (dsm --deallocate)", 0, trim_opts,
	cmd_trim, NULL,
};
const struct cli_cmd cli_copy_cmd = {
	"copy", "copy up to 256 ranges (each <= 65536 blocks) to LBA", 0,
	copy_opts, cmd_copy, NULL,
};

static int range_main(int argc, char **argv, enum range_op op)
{
	struct range_cmd r = { .op = op };
	struct cli_extra x = { wz_opt, &r };
	struct cli_extra pe = pi_extra(PI_VERIFY, &r.pi);
	struct ngio_dev *dev;
	struct cli c;
	int ret;

	ret = cli_parse(&c, op == RG_WRITE_ZEROES ? &cli_write_zeroes_cmd :
			op == RG_VERIFY ? &cli_verify_cmd :
			&cli_write_uncor_cmd, argc, argv,
			op == RG_WRITE_ZEROES ? &x :
			op == RG_VERIFY ? &pe : NULL);
	if (ret || c.help)
		return ret;
	ret = need_range(&c);
	if (!ret)
		ret = pi_check_args(&c, &r.pi);
	if (!ret)
		ret = open_nvm(&c, &dev);
	if (ret)
		return ret;
	r.lba = c.lba;
	ret = pi_resolve(&c, ngio_dev_geometry(dev), &r.pi);
	if (!ret)
		ret = range_run(&c, dev, &r);
	ngio_dev_close(dev);
	return ret;
}

int cmd_verify(int argc, char **argv)
{
	return range_main(argc, argv, RG_VERIFY);
}

int cmd_write_zeroes(int argc, char **argv)
{
	return range_main(argc, argv, RG_WRITE_ZEROES);
}

int cmd_write_uncor(int argc, char **argv)
{
	return range_main(argc, argv, RG_WRITE_UNCOR);
}

int cmd_flush(int argc, char **argv)
{
	struct ngio_dev *dev;
	struct cli c;
	int ret;

	ret = cli_parse(&c, &cli_flush_cmd, argc, argv, NULL);
	if (ret || c.help)
		return ret;
	ret = open_nvm(&c, &dev);
	if (ret)
		return ret;
	ret = report(c.what, c.dev, ngio_flush(dev));
	ngio_dev_close(dev);
	return ret;
}

/* ----------------------------------------------------------- dsm, trim */

struct dsm_args {
	struct nvme_dsm_range ranges[NGIO_MAX_DSM_RANGES];
	struct lba_range r[NGIO_MAX_DSM_RANGES];
	unsigned nr;
	unsigned attrs;
};

/* Each of nr ranges inside the namespace, or a refusal naming it. */
static int check_ranges(const struct cli *c, const struct ngio_geometry *g,
			const char *opt, const struct lba_range *r,
			unsigned nr)
{
	char what[96];

	for (unsigned i = 0; i < nr; i++) {
		if (ngio_range_ok(g, r[i].lba, r[i].blocks))
			continue;
		snprintf(what, sizeof(what), "--%s %llu:%llu", opt,
			 (unsigned long long)r[i].lba,
			 (unsigned long long)r[i].blocks);
		return check_range(c, g, what, r[i].lba, r[i].blocks);
	}
	return 0;
}

/* Parse one LBA:BLOCKS of option opt, up to max ranges in all. */
static int range_arg(const struct cli *c, const char *opt, const char *arg,
		     uint64_t max_blocks, unsigned nr, unsigned max,
		     struct lba_range *r)
{
	const char *why;

	if (nr == max)
		return cli_usage(c, "at most %u --%s (one command takes %u)",
				 max, opt, max);
	if (parse_lba_range(arg, max_blocks, r, &why))
		return cli_usage(c, "--%s: '%s': %s (want LBA:BLOCKS, BLOCKS "
				 "1-%llu)", opt, arg, why,
				 (unsigned long long)max_blocks);
	return 0;
}

static int dsm_opt(struct cli *c, int val, const char *arg, void *ctx)
{
	struct dsm_args *d = ctx;
	struct lba_range r;
	int ret;

	switch (val) {
	case X_DEALLOCATE:
		d->attrs |= NVME_DSMGMT_AD;
		break;
	case X_IDR:
		d->attrs |= NVME_DSMGMT_IDR;
		break;
	case X_IDW:
		d->attrs |= NVME_DSMGMT_IDW;
		break;
	case X_RANGE:
		/* A range's NLB is 32 bits wide, and a count. */
		ret = range_arg(c, "range", arg, UINT32_MAX, d->nr,
				NGIO_MAX_DSM_RANGES, &r);
		if (ret)
			return ret;
		d->r[d->nr] = r;
		ngio_dsm_range(&d->ranges[d->nr++], r.lba, r.blocks, 0);
		break;
	}
	return 0;
}

static int dsm_main(int argc, char **argv, unsigned attrs)
{
	static struct dsm_args d;
	struct cli_extra x = { dsm_opt, &d };
	struct nvme_uring_cmd cmd;
	struct ngio_dev *dev;
	const char *why;
	struct cli c;
	int ret;

	d.nr = 0;
	d.attrs = attrs;
	/* trim is dsm with the deallocate attribute set */
	ret = cli_parse(&c, attrs ? &cli_trim_cmd : &cli_dsm_cmd, argc, argv,
			&x);
	if (ret || c.help)
		return ret;
	if (!d.nr)
		return cli_usage(&c, "--range LBA:BLOCKS is required");
	/* The block engine deallocates, a discard per range, and has no
	 * form for hints. */
	if (c.engine == NGIO_ENGINE_BLOCK && d.attrs != NVME_DSMGMT_AD)
		return cli_refuse(c.what, c.dev, "--engine block: the block "
				  "layer only deallocates (--deallocate, a "
				  "discard per range): %s", d.attrs &
				  NVME_DSMGMT_AD ? "--idr and --idw are hints "
				  "it has no form for" : "give --deallocate");
	ret = cli_open(&c, &dev, true);
	if (ret)
		return ret;
	if (c.engine == NGIO_ENGINE_BLOCK &&
	    !ngio_dev_has(dev, NGIO_CAP_BLOCK_DISCARD, &why)) {
		ret = cli_refuse(c.what, c.dev, "--engine block: %s; nothing "
				 "was sent", why);
		goto out;
	}
	ret = check_ranges(&c, ngio_dev_geometry(dev), "range", d.r, d.nr);
	if (ret)
		goto out;
	ret = ngio_cmd_dsm(&cmd, ngio_dev_geometry(dev), d.ranges, d.nr,
			   d.attrs);
	if (!ret)
		ret = ngio_submit_sync(dev, false, &cmd, NULL);
	ret = report(c.what, c.dev, ret);
out:
	ngio_dev_close(dev);
	return ret;
}

int cmd_dsm(int argc, char **argv)
{
	return dsm_main(argc, argv, 0);
}

int cmd_trim(int argc, char **argv)
{
	return dsm_main(argc, argv, NVME_DSMGMT_AD);
}

/* ----------------------------------------------------------------- copy */

struct copy_args {
	struct nvme_copy_range ranges[NGIO_MAX_COPY_RANGES];
	struct lba_range r[NGIO_MAX_COPY_RANGES];
	unsigned nr;
	uint64_t to;
	bool has_to;
};

/*
 * Every source range and the destination inside the namespace, and the
 * copy within its Identify Namespace limits: MSRC (source ranges, 0's
 * based), MSSRL (blocks a range), MCL (blocks in all); QEMU copies the
 * ranges before a bad one.  MSSRL or MCL 0 reports no limit (the device
 * decides); MSRC, a count from 1, holds where MSSRL says copy is there.
 */
static int copy_check(const struct cli *c, struct ngio_dev *dev,
		      const struct copy_args *a)
{
	const struct ngio_geometry *g = ngio_dev_geometry(dev);
	const struct nvme_id_ns *ns = ngio_dev_id_ns(dev);
	uint64_t total = 0, mssrl = le16toh(ns->mssrl), mcl = le32toh(ns->mcl);
	int ret;

	ret = check_ranges(c, g, "from", a->r, a->nr);
	if (ret)
		return ret;
	for (unsigned i = 0; i < a->nr; i++) {
		total += a->r[i].blocks;
		if (mssrl && a->r[i].blocks > mssrl)
			return cli_refuse(c->what, c->dev, "--from %llu:%llu: "
					  "a source range takes at most %llu "
					  "blocks here (MSSRL)",
					  (unsigned long long)a->r[i].lba,
					  (unsigned long long)a->r[i].blocks,
					  (unsigned long long)mssrl);
	}
	if (ns->mssrl && a->nr > ns->msrc + 1U)
		return cli_refuse(c->what, c->dev, "%u --from ranges: a copy "
				  "takes at most %u here (MSRC)", a->nr,
				  ns->msrc + 1U);
	if (mcl && total > mcl)
		return cli_refuse(c->what, c->dev, "%llu blocks: a copy moves "
				  "at most %llu here (MCL)",
				  (unsigned long long)total,
				  (unsigned long long)mcl);
	return check_range(c, g, "--to", a->to, total);
}

static int copy_opt(struct cli *c, int val, const char *arg, void *ctx)
{
	struct copy_args *a = ctx;
	struct lba_range r;
	int ret;

	switch (val) {
	case X_TO:
		a->has_to = true;
		return cli_num(c, "to", arg, UINT64_MAX, &a->to);
	case X_FROM:
		ret = range_arg(c, "from", arg, IO_MAX_NLB, a->nr,
				NGIO_MAX_COPY_RANGES, &r);
		if (ret)
			return ret;
		/* Cannot fail: BLOCKS is 1-65536. */
		a->r[a->nr] = r;
		ngio_copy_range(&a->ranges[a->nr++], r.lba, r.blocks);
		return 0;
	}
	return 0;
}

int cmd_copy(int argc, char **argv)
{
	static struct copy_args a;
	struct cli_extra x = { copy_opt, &a };
	struct nvme_uring_cmd cmd;
	struct ngio_dev *dev;
	struct cli c;
	int ret;

	memset(&a, 0, sizeof(a));
	ret = cli_parse(&c, &cli_copy_cmd, argc, argv, &x);
	if (ret || c.help)
		return ret;
	if (!a.has_to)
		return cli_usage(&c, "--to LBA is required");
	if (!a.nr)
		return cli_usage(&c, "--from LBA:BLOCKS is required");
	ret = open_nvm(&c, &dev);
	if (ret)
		return ret;
	ret = copy_check(&c, dev, &a);
	if (ret)
		goto out;
	ret = ngio_cmd_copy(&cmd, ngio_dev_geometry(dev), a.to, a.ranges,
			    a.nr, 0);
	if (!ret)
		ret = ngio_submit_sync(dev, false, &cmd, NULL);
	ret = report(c.what, c.dev, ret);
out:
	ngio_dev_close(dev);
	return ret;
}
