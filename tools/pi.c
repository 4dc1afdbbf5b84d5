// SPDX-License-Identifier: MIT
/*
 * End-to-end data protection options of read, write, compare and verify.
 * Everything a format cannot take is refused here with its own message
 * before any I/O; ngio_cmd_pi()'s -EINVAL only backs this up.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "io.h"

const char *const pi_prinfo_values[] = {
	"pract", "prchk", "guard", "apptag", "reftag", NULL,
};

/* A tag's value, its width said when it is too wide. */
static int tag_num(const struct cli *c, const char *opt, const char *arg,
		   unsigned bits, uint64_t *out)
{
	int ret = parse_u64(arg, (1ULL << bits) - 1, out);

	if (ret == -ERANGE)
		return cli_usage(c, "--%s: '%s' does not fit %u bits", opt,
				 arg, bits);
	return ret ? cli_num(c, opt, arg, UINT64_MAX, out) : 0;
}

static int pi_opt(struct cli *c, int val, const char *arg, void *ctx)
{
	struct pi_opts *p = ctx;
	const char *why;

	p->any = true;
	switch (val) {
	case P_PRINFO:
		if (parse_prinfo(arg, &p->prinfo, &why))
			return cli_usage(c, "--prinfo: '%s': %s", arg, why);
		return 0;
	case P_APPTAG:
		p->has_apptag = true;
		return tag_num(c, "apptag", arg, 16, &p->apptag);
	case P_MASK:
		p->has_mask = true;
		return tag_num(c, "apptag-mask", arg, 16, &p->mask);
	case P_REFTAG:
		p->has_reftag = true;
		return tag_num(c, "reftag", arg, 48, &p->reftag);
	case P_GENERATE:
		p->generate = true;
		return 0;
	case P_VERIFY:
		p->verify = true;
		return 0;
	}
	return 0;
}

struct cli_extra pi_extra(enum pi_use use, struct pi_opts *p)
{
	memset(p, 0, sizeof(*p));
	p->use = use;
	return (struct cli_extra){ pi_opt, p };
}

int pi_check_args(const struct cli *c, const struct pi_opts *p)
{
	if (!p->any)
		return 0;
	if (p->has_mask && !p->has_apptag)
		return cli_usage(c, "--apptag-mask needs --apptag (the tag "
				 "its bits select)");
	if (p->generate && p->prinfo & PRINFO_PRACT)
		return cli_usage(c, "--pi-generate and --prinfo pract exclude "
				 "each other: with PRACT the controller "
				 "generates the tuples");
	/* Verify moves nothing for the controller to add or strip. */
	if (p->use == PI_VERIFY && p->prinfo & PRINFO_PRACT)
		return cli_usage(c, "--prinfo pract: verify takes checks only "
				 "(no data moves for PRACT to act on)");
	return refuse_block_engine(c, " data, without protection "
				   "information options");
}

int pi_resolve(const struct cli *c, const struct ngio_geometry *g,
	       struct pi_opts *p)
{
	bool wide = g->pi_format == NGIO_PI_GUARD64;
	unsigned bits = wide ? 48 : 32;
	uint64_t want;

	if (!p->any)
		return 0;
	if (!g->pi_type)
		return cli_refuse(c->what, NULL, "PI options: %s has no "
				  "protection information", c->dev);
	if (g->sts)
		return cli_refuse(c->what, NULL, "PI options: %s's format has "
				  "a %u-bit storage tag, which ngio does not "
				  "handle", c->dev, g->sts);
	p->pract = p->prinfo & PRINFO_PRACT;
	p->check = p->prinfo & (NGIO_PI_CHECK_GUARD | NGIO_PI_CHECK_APPTAG |
				NGIO_PI_CHECK_REFTAG);
	if (p->prinfo & PRINFO_PRCHK)
		p->check |= ngio_pi_checks(g);
	if (p->check & NGIO_PI_CHECK_REFTAG &&
	    g->pi_type == NVME_NS_DPS_PI_TYPE3)
		return cli_refuse(c->what, NULL, "--prinfo reftag: %s has "
				  "type 3 protection information, which has "
				  "no reference tag to check", c->dev);
	if (p->has_reftag && p->reftag >> bits)
		return cli_refuse(c->what, NULL, "--reftag 0x%llx: %s's "
				  "reference tags are %u bits (%s guard)",
				  (unsigned long long)p->reftag, c->dev, bits,
				  wide ? "64b" : "16b");
	want = ngio_pi_reftag(g, c->lba);
	if (!p->has_reftag)
		p->reftag = g->pi_type == NVME_NS_DPS_PI_TYPE3 ? 0 : want;
	if (p->check & NGIO_PI_CHECK_REFTAG &&
	    g->pi_type == NVME_NS_DPS_PI_TYPE1 && p->reftag != want)
		return cli_refuse(c->what, NULL, "--reftag 0x%llx: %s is type "
				  "1, whose reference tag check wants LBA "
				  "%llu's low %u bits, 0x%llx",
				  (unsigned long long)p->reftag, c->dev,
				  (unsigned long long)c->lba, bits,
				  (unsigned long long)want);
	p->strip = ngio_pract_strips(g, p->pract ? NGIO_RW_PRACT : 0);
	if (p->verify && p->strip)
		return cli_refuse(c->what, NULL, "--pi-verify: with --prinfo "
				  "pract %s returns no metadata (its %u bytes "
				  "a block are the PI tuple alone): nothing "
				  "to verify", c->dev, g->ms);
	p->tags.reftag = p->reftag;
	p->tags.apptag = p->apptag;
	p->tags.apptag_mask = p->has_mask ? p->mask :
			      p->has_apptag ? 0xffff : 0;
	return 0;
}

struct ngio_pi_tags pi_tags_at(const struct ngio_geometry *g,
			       const struct pi_opts *p, uint64_t off)
{
	struct ngio_pi_tags t = p->tags;

	/* Types 1 and 2 count the reference tag up block by block. */
	if (g->pi_type != NVME_NS_DPS_PI_TYPE3)
		t.reftag = ngio_pi_reftag(g, t.reftag + off);
	return t;
}

int pi_report(const struct cli *c, const struct ngio_pi_error *e)
{
	return cli_err(NGIO_EXIT_MISMATCH, c->what, c->dev, "--pi-verify: "
		       "LBA %llu: %s mismatch: want 0x%llx, got 0x%llx",
		       (unsigned long long)(c->lba + e->block),
		       pi_field_name(e->field), (unsigned long long)e->want,
		       (unsigned long long)e->got);
}
