// SPDX-License-Identifier: MIT
/*
 * The emulated controller's name: the text after "emu:", one group per
 * namespace (KIND[,KEY=VALUE...]) joined by '+', then an optional @NSID.
 * See man/ngio-emu.7.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <nvme/types.h>

#include "emu-int.h"

static int parse_num(const char *v, __u64 *out, bool suffix)
{
	char *end;
	__u64 n, m = 1;

	if (!*v || *v < '0' || *v > '9')
		return -1;
	errno = 0;
	n = strtoull(v, &end, 10);
	if (errno)
		return -1;
	if (suffix && *end) {
		switch (*end++) {
		case 'K': case 'k': m = 1ULL << 10; break;
		case 'M': case 'm': m = 1ULL << 20; break;
		case 'G': case 'g': m = 1ULL << 30; break;
		case 'T': case 't': m = 1ULL << 40; break;
		default: return -1;
		}
	}
	if (*end || (n && m > ~0ULL / n))
		return -1;
	*out = n * m;
	return 0;
}

/* The controller's keys, which any group may carry. */
struct spec_ctrl {
	__u64 mdts, vwc, zasl;
	bool has_zasl;
};

/* The numeric keys; key_store() knows them by their index here. */
static const struct {
	const char *key;
	bool suffix, zns;
	__u64 max;
} keys[] = {
	{ "size", true, false, ~0ULL },
	{ "lba", false, false, 65536 },
	{ "ms", false, false, 65535 },
	{ "mset", false, false, 1 },
	{ "pi", false, false, 3 },
	{ "pif", false, false, 2 },
	{ "pil", false, false, 1 },
	{ "zone_size", true, true, ~0ULL },
	{ "zone_cap", true, true, ~0ULL },
	{ "max_open", false, true, 0xffffffff },
	{ "max_active", false, true, 0xffffffff },
	{ "zde", false, true, 255 * 64 },
	{ "zrwa", true, true, ~0ULL },
	{ "zrwafg", true, true, ~0ULL },
	{ "numzrwa", false, true, 0xffffffff },
	{ "mdts", false, false, 19 },
	{ "vwc", false, false, 1 },
	{ "zasl", false, false, 19 },
	{ "cross_read", false, true, 1 },
};

/* Key i of keys[], its value n (val as given) in range. */
static int key_store(struct emu_ns_params *p, struct spec_ctrl *sc, size_t i,
		     __u64 n, const char *val, char *err, size_t errlen)
{
	switch (i) {
	case 0: p->size = n; break;
	case 1:
		if (n < 512 || (n & (n - 1)))
			return emu_fail(err, errlen, "lba=%s: a power of two "
					"from 512 to 65536", val);
		p->lba_size = n;
		break;
	case 2: p->ms = n; break;
	case 3: p->ext = n; break;
	case 4: p->pi = n; break;
	case 5:
		if (n == 1)
			return emu_fail(err, errlen, "pif=1: only 0 (16b "
					"guard) or 2 (64b guard)");
		p->pif = n;
		break;
	case 6: p->pil = n; break;
	case 7: p->zp.zone_size = n; break;
	case 8: p->zp.zone_cap = n; break;
	case 9: p->zp.max_open = n; break;
	case 10: p->zp.max_active = n; break;
	case 11:
		if (n % 64)
			return emu_fail(err, errlen, "zde=%s: a multiple of 64",
					val);
		p->zp.zde_size = n;
		break;
	case 12: p->zp.zrwa_size = n; break;
	case 13: p->zp.zrwa_fg = n; break;
	case 14: p->zp.nr_zrwa = n; break;
	case 15: sc->mdts = n; break;
	case 16: sc->vwc = n; break;
	case 17: sc->zasl = n; sc->has_zasl = true; break;
	case 18: p->cross_read = n; break;
	}
	return 0;
}

static int parse_key(struct emu_ns_params *p, struct spec_ctrl *sc, char *kv,
		     char *err, size_t errlen)
{
	char *val = strchr(kv, '=');
	__u64 n;
	size_t i;

	if (!val)
		return emu_fail(err, errlen, "'%s': expected KEY=VALUE", kv);
	*val++ = '\0';
	if (!strcmp(kv, "file")) {
		if (!*val)
			return emu_fail(err, errlen, "file=: empty path");
		if (p->file)
			return emu_fail(err, errlen, "file= given twice");
		p->file = strdup(val);
		return p->file ? 0 : -ENOMEM;
	}
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strcmp(kv, keys[i].key))
			break;
	if (i == sizeof(keys) / sizeof(keys[0]))
		return emu_fail(err, errlen, "unknown key '%s'", kv);
	if (parse_num(val, &n, keys[i].suffix) || n > keys[i].max)
		return emu_fail(err, errlen, "%s=%s: bad value", kv, val);
	if (keys[i].zns && p->csi != NVME_CSI_ZNS)
		return emu_fail(err, errlen, "%s= is for zns namespaces", kv);
	return key_store(p, sc, i, n, val, err, errlen);
}

static int check_ns(struct emu_ns_params *p, unsigned idx, char *err,
		    size_t errlen)
{
	__u32 tsize = p->pif == 2 ? 16 : 8;

	if (!p->size || p->size % p->lba_size)
		return emu_fail(err, errlen, "namespace %u: size=%llu is not "
				"a nonzero multiple of the block size %u", idx,
				(unsigned long long)p->size, p->lba_size);
	if (p->pif && !p->pi)
		return emu_fail(err, errlen, "namespace %u: pif=%u needs "
				"pi=1|2|3", idx, p->pif);
	if (p->pi && p->ms < tsize)
		return emu_fail(err, errlen, "namespace %u: pi=%u%s needs "
				"ms >= %u", idx, p->pi, p->pif ? " pif=2" : "",
				tsize);
	if (p->csi != NVME_CSI_ZNS)
		return 0;
	if (p->zp.zone_size % p->lba_size || p->zp.zone_cap % p->lba_size)
		return emu_fail(err, errlen, "namespace %u: zone_size and "
				"zone_cap must be multiples of the block size",
				idx);
	if (p->zp.zrwa_size % p->lba_size || p->zp.zrwa_fg % p->lba_size)
		return emu_fail(err, errlen, "namespace %u: zrwa and zrwafg "
				"must be multiples of the block size", idx);
	/* The zone model takes blocks for these. */
	p->zp.zone_size /= p->lba_size;
	p->zp.zone_cap /= p->lba_size;
	p->zp.nsze = p->size / p->lba_size;
	p->zp.lba_size = p->lba_size;
	return 0;
}

/* One namespace's group, KIND[,KEY=VALUE...], cut out of the copy. */
static int parse_group(struct emu_ctrl *c, struct spec_ctrl *sc, char *grp,
		       char *err, size_t errlen)
{
	char *comma = strchr(grp, ','), *kv, *ksave;
	struct emu_ns_params *p;
	int ret;

	if (c->nr_ns == EMU_MAX_NS)
		return emu_fail(err, errlen, "more than %d namespaces",
				EMU_MAX_NS);
	p = &c->ns[c->nr_ns++].p;
	if (comma)
		*comma++ = '\0';
	if (!strcmp(grp, "nvm")) {
		p->csi = NVME_CSI_NVM;
		p->lba_size = 512;
	} else if (!strcmp(grp, "zns")) {
		p->csi = NVME_CSI_ZNS;
		p->lba_size = 4096;
	} else {
		return emu_fail(err, errlen, "'%s': the kind is nvm or zns",
				grp);
	}
	p->size = 64ULL << 20;
	for (kv = comma ? strtok_r(comma, ",", &ksave) : NULL; kv;
	     kv = strtok_r(NULL, ",", &ksave)) {
		ret = parse_key(p, sc, kv, err, errlen);
		if (ret)
			return ret;
	}
	return 0;
}

int emu_parse_spec(struct emu_ctrl *c, const char *spec, __u32 *nsid,
		   char *err, size_t errlen)
{
	struct spec_ctrl sc = { .mdts = 7, .vwc = 1 };
	char *s, *at, *grp, *gsave;
	unsigned i;
	int ret = 0;

	if (!spec || !*spec)
		return emu_fail(err, errlen, "empty emulator spec: emu:nvm or "
				"emu:zns,...");
	s = strdup(spec);
	if (!s)
		return -ENOMEM;
	*nsid = 1;
	at = strrchr(s, '@');
	if (at) {
		__u64 n;

		*at++ = '\0';
		if (parse_num(at, &n, false) || n > EMU_MAX_NS) {
			ret = emu_fail(err, errlen, "@%s: not a namespace "
				       "number", at);
			goto out;
		}
		*nsid = n;
	}
	for (grp = strtok_r(s, "+", &gsave); grp;
	     grp = strtok_r(NULL, "+", &gsave)) {
		ret = parse_group(c, &sc, grp, err, errlen);
		if (ret)
			goto out;
	}
	if (!c->nr_ns) {
		ret = emu_fail(err, errlen, "no namespace: emu:nvm or "
			       "emu:zns,...");
		goto out;
	}
	for (i = 0; i < c->nr_ns; i++) {
		ret = check_ns(&c->ns[i].p, i + 1, err, errlen);
		if (ret)
			goto out;
	}
	if (*nsid > c->nr_ns) {
		ret = emu_fail(err, errlen, "@%u: there are %u namespaces",
			       *nsid, c->nr_ns);
		goto out;
	}
	/* ZNS 1.1 3.1.1: ZASL is at most MDTS. */
	if (sc.has_zasl && sc.mdts && sc.zasl > sc.mdts) {
		ret = emu_fail(err, errlen, "zasl=%llu is over mdts=%llu",
			       (unsigned long long)sc.zasl,
			       (unsigned long long)sc.mdts);
		goto out;
	}
	c->mdts = sc.mdts;
	c->vwc = sc.vwc;
	c->zasl = sc.zasl;
out:
	free(s);
	return ret;
}
