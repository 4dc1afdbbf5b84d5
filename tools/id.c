// SPDX-License-Identifier: MIT
/*
 * id-ctrl and id-ns.  One table per structure drives both the human and the
 * JSON output; JSON keys, order and value formats follow nvme-cli 2.3's
 * `-o json` (json-c, pretty, 2-space indent) so scripts can switch tools.
 * One deliberate difference: 32-bit fields print unsigned (nvme-cli prints
 * values >= 2^31 as negative numbers).
 */
#include <endian.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "ngio.h"
#include "args.h"
#include "cli.h"

enum kind {
	K_NUM,		/* little-endian integer of 1, 2, 4 or 8 bytes */
	K_HEXNUM,	/* the same, shown in hex to people */
	K_STR,		/* space-padded ASCII */
	K_U128,		/* 128-bit little-endian, a decimal string */
	K_UUID,		/* 16 bytes, 8-4-4-4-12 */
	K_HEXSTR,	/* bytes as lowercase hex */
	K_IEEE,		/* 3-byte OUI, least significant byte first */
};

enum cond {
	C_ALWAYS,
	C_NONEMPTY,	/* only when the string is not empty */
	C_OPTPERF,	/* only when NSFEAT says the optimal-I/O fields are valid */
};

struct field {
	const char *key;
	unsigned short off;
	unsigned short size;
	unsigned char kind;
	unsigned char cond;
};

#define F(type, name, k) \
	{ #name, offsetof(type, name), sizeof(((type *)0)->name), k, C_ALWAYS }
#define FC(type, name, k, c) \
	{ #name, offsetof(type, name), sizeof(((type *)0)->name), k, c }
#define C(name, k) F(struct nvme_id_ctrl, name, k)
#define N(name, k) F(struct nvme_id_ns, name, k)
#define NO(name) FC(struct nvme_id_ns, name, K_NUM, C_OPTPERF)

static const struct field ctrl_fields[] = {
	C(vid, K_HEXNUM), C(ssvid, K_HEXNUM), C(sn, K_STR), C(mn, K_STR),
	C(fr, K_STR), C(rab, K_NUM), C(ieee, K_IEEE), C(cmic, K_HEXNUM),
	C(mdts, K_NUM), C(cntlid, K_HEXNUM), C(ver, K_HEXNUM),
	C(rtd3r, K_HEXNUM), C(rtd3e, K_HEXNUM), C(oaes, K_HEXNUM),
	C(ctratt, K_HEXNUM), C(rrls, K_HEXNUM), C(cntrltype, K_NUM),
	C(fguid, K_UUID), C(crdt1, K_NUM), C(crdt2, K_NUM), C(crdt3, K_NUM),
	C(nvmsr, K_NUM), C(vwci, K_NUM), C(mec, K_NUM), C(oacs, K_HEXNUM),
	C(acl, K_NUM), C(aerl, K_NUM), C(frmw, K_HEXNUM), C(lpa, K_HEXNUM),
	C(elpe, K_NUM), C(npss, K_NUM), C(avscc, K_HEXNUM),
	C(apsta, K_HEXNUM), C(wctemp, K_NUM), C(cctemp, K_NUM),
	C(mtfa, K_NUM), C(hmpre, K_NUM), C(hmmin, K_NUM),
	C(tnvmcap, K_U128), C(unvmcap, K_U128), C(rpmbs, K_NUM),
	C(edstt, K_NUM), C(dsto, K_NUM), C(fwug, K_NUM), C(kas, K_NUM),
	C(hctma, K_HEXNUM), C(mntmt, K_NUM), C(mxtmt, K_NUM),
	C(sanicap, K_HEXNUM), C(hmminds, K_NUM), C(hmmaxd, K_NUM),
	C(nsetidmax, K_NUM), C(endgidmax, K_NUM), C(anatt, K_NUM),
	C(anacap, K_HEXNUM), C(anagrpmax, K_NUM), C(nanagrpid, K_NUM),
	C(pels, K_NUM), C(domainid, K_NUM), C(megcap, K_U128),
	C(sqes, K_HEXNUM), C(cqes, K_HEXNUM), C(maxcmd, K_NUM), C(nn, K_NUM),
	C(oncs, K_HEXNUM), C(fuses, K_HEXNUM), C(fna, K_HEXNUM),
	C(vwc, K_HEXNUM), C(awun, K_NUM), C(awupf, K_NUM),
	C(icsvscc, K_NUM), C(nwpc, K_NUM), C(acwu, K_NUM), C(ocfs, K_HEXNUM),
	C(sgls, K_HEXNUM), C(mnan, K_NUM), C(maxdna, K_U128),
	C(maxcna, K_NUM),
	FC(struct nvme_id_ctrl, subnqn, K_STR, C_NONEMPTY),
	C(ioccsz, K_NUM), C(iorcsz, K_NUM), C(icdoff, K_NUM),
	C(fcatt, K_HEXNUM), C(msdbd, K_NUM), C(ofcs, K_HEXNUM),
};

static const struct field ns_fields[] = {
	N(nsze, K_NUM), N(ncap, K_NUM), N(nuse, K_NUM), N(nsfeat, K_HEXNUM),
	N(nlbaf, K_NUM), N(flbas, K_HEXNUM), N(mc, K_HEXNUM),
	N(dpc, K_HEXNUM), N(dps, K_HEXNUM), N(nmic, K_HEXNUM),
	N(rescap, K_HEXNUM), N(fpi, K_HEXNUM), N(dlfeat, K_HEXNUM),
	N(nawun, K_NUM), N(nawupf, K_NUM), N(nacwu, K_NUM), N(nabsn, K_NUM),
	N(nabo, K_NUM), N(nabspf, K_NUM), N(noiob, K_NUM),
	N(nvmcap, K_U128), N(nsattr, K_HEXNUM), N(nvmsetid, K_NUM),
	NO(npwg), NO(npwa), NO(npdg), NO(npda), NO(nows),
	N(mssrl, K_NUM), N(mcl, K_NUM), N(msrc, K_NUM), N(nulbaf, K_NUM),
	N(anagrpid, K_NUM), N(endgid, K_NUM), N(eui64, K_HEXSTR),
	N(nguid, K_HEXSTR),
};

static uint64_t le_num(const unsigned char *p, unsigned size)
{
	uint64_t v = 0;

	for (unsigned i = size; i-- > 0;)
		v = (v << 8) | p[i];
	return v;
}

static void u128_str(const unsigned char *p, char *buf, size_t len)
{
	unsigned __int128 v = 0;
	char tmp[48];
	int i = sizeof(tmp) - 1;

	for (int b = 15; b >= 0; b--)
		v = (v << 8) | p[b];
	tmp[i] = '\0';
	do {
		tmp[--i] = '0' + (int)(v % 10);
		v /= 10;
	} while (v);
	snprintf(buf, len, "%s", tmp + i);
}

/* The field as text; trim drops the padding of K_STR for people. */
static void field_str(const struct field *f, const void *base, bool trim,
		      char *buf, size_t len)
{
	const unsigned char *p = (const unsigned char *)base + f->off;
	size_t n;

	switch (f->kind) {
	case K_NUM:
		snprintf(buf, len, "%llu",
			 (unsigned long long)le_num(p, f->size));
		break;
	case K_HEXNUM:
		snprintf(buf, len, "%#llx",
			 (unsigned long long)le_num(p, f->size));
		break;
	case K_STR:
		n = strnlen((const char *)p, f->size);
		while (trim && n && p[n - 1] == ' ')
			n--;
		snprintf(buf, len, "%.*s", (int)n, (const char *)p);
		break;
	case K_U128:
		u128_str(p, buf, len);
		break;
	case K_UUID:
		snprintf(buf, len, "%02x%02x%02x%02x-%02x%02x-%02x%02x-"
			 "%02x%02x-%02x%02x%02x%02x%02x%02x", p[0], p[1], p[2],
			 p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10],
			 p[11], p[12], p[13], p[14], p[15]);
		break;
	case K_HEXSTR:
		buf[0] = '\0';
		for (unsigned i = 0; i < f->size && 2 * i + 2 < len; i++)
			snprintf(buf + 2 * i, 3, "%02x", p[i]);
		break;
	case K_IEEE:
		snprintf(buf, len, "%llu",
			 (unsigned long long)le_num(p, f->size));
		break;
	}
}

static bool field_shown(const struct field *f, const void *base)
{
	const unsigned char *p = (const unsigned char *)base + f->off;

	switch (f->cond) {
	case C_NONEMPTY:
		return strnlen((const char *)p, f->size) != 0;
	case C_OPTPERF:
		return ((const struct nvme_id_ns *)base)->nsfeat & 0x10;
	}
	return true;
}

static void fields_json(struct json_object *o, const struct field *f,
			size_t n, const void *base)
{
	char buf[64];

	for (size_t i = 0; i < n; i++, f++) {
		struct json_object *v;

		if (!field_shown(f, base))
			continue;
		field_str(f, base, false, buf, sizeof(buf));
		if (f->kind == K_NUM || f->kind == K_HEXNUM ||
		    f->kind == K_IEEE)
			v = json_object_new_uint64(
				le_num((const unsigned char *)base + f->off,
				       f->size));
		else
			v = json_object_new_string(buf);
		json_object_object_add(o, f->key, v);
	}
}

static void fields_human(const struct field *f, size_t n, const void *base)
{
	char buf[300];

	for (size_t i = 0; i < n; i++, f++) {
		if (!field_shown(f, base))
			continue;
		field_str(f, base, true, buf, sizeof(buf));
		printf("%-10s: %s\n", f->key, buf);
	}
}

#define ADD_U(o, k, v) json_object_object_add(o, k, json_object_new_uint64(v))

static void psd_json(struct json_object *root, const struct nvme_id_ctrl *c)
{
	struct json_object *arr = json_object_new_array();

	for (unsigned i = 0; i <= c->npss && i < 32; i++) {
		const struct nvme_id_psd *p = &c->psd[i];
		struct json_object *o = json_object_new_object();

		ADD_U(o, "max_power", le16toh(p->mp));
		ADD_U(o, "flags", p->flags);
		ADD_U(o, "entry_lat", le32toh(p->enlat));
		ADD_U(o, "exit_lat", le32toh(p->exlat));
		ADD_U(o, "read_tput", p->rrt);
		ADD_U(o, "read_lat", p->rrl);
		ADD_U(o, "write_tput", p->rwt);
		ADD_U(o, "write_lat", p->rwl);
		ADD_U(o, "idle_power", le16toh(p->idlp));
		ADD_U(o, "idle_scale", p->ips >> 6);
		ADD_U(o, "active_power", le16toh(p->actp));
		ADD_U(o, "active_power_work", p->apws & 0x7);
		ADD_U(o, "active_scale", p->apws >> 6);
		json_object_array_add(arr, o);
	}
	json_object_object_add(root, "psds", arr);
}

static void lbaf_json(struct json_object *root, const struct nvme_id_ns *ns)
{
	struct json_object *arr = json_object_new_array();

	for (unsigned i = 0; i <= ns->nlbaf && i < 64; i++) {
		struct json_object *o = json_object_new_object();

		ADD_U(o, "ms", le16toh(ns->lbaf[i].ms));
		ADD_U(o, "ds", ns->lbaf[i].ds);
		ADD_U(o, "rp", ns->lbaf[i].rp);
		json_object_array_add(arr, o);
	}
	json_object_object_add(root, "lbafs", arr);
}

void print_id_ctrl(const struct nvme_id_ctrl *c, bool json)
{
	if (json) {
		struct json_object *root = json_object_new_object();

		fields_json(root, ctrl_fields, ARRAY_SIZE(ctrl_fields), c);
		psd_json(root, c);
		json_print(root);
		return;
	}
	fields_human(ctrl_fields, ARRAY_SIZE(ctrl_fields), c);
	for (unsigned i = 0; i <= c->npss && i < 32; i++) {
		const struct nvme_id_psd *p = &c->psd[i];

		printf("ps %4u : mp:%u %s enlat:%u exlat:%u rrt:%u rrl:%u "
		       "rwt:%u rwl:%u\n", i, le16toh(p->mp),
		       p->flags & 1 ? "(x0.0001 W)" : "(x0.01 W)",
		       le32toh(p->enlat), le32toh(p->exlat), p->rrt, p->rrl,
		       p->rwt, p->rwl);
	}
}

void print_id_ns(const struct nvme_id_ns *ns, unsigned in_use, bool json)
{
	if (json) {
		struct json_object *root = json_object_new_object();

		fields_json(root, ns_fields, ARRAY_SIZE(ns_fields), ns);
		lbaf_json(root, ns);
		json_print(root);
		return;
	}
	fields_human(ns_fields, ARRAY_SIZE(ns_fields), ns);
	for (unsigned i = 0; i <= ns->nlbaf && i < 64; i++)
		printf("lbaf %2u : ms:%-3u lbads:%-2u rp:0x%x%s\n", i,
		       le16toh(ns->lbaf[i].ms), ns->lbaf[i].ds,
		       ns->lbaf[i].rp, i == in_use ? " (in use)" : "");
}

static int cmd_id(int argc, char **argv, bool ctrl)
{
	struct ngio_dev *dev;
	struct cli c;
	int ret;

	ret = cli_parse(&c, argc, argv, CLI_JSON, NULL);
	if (ret || c.help)
		return ret;
	ret = cli_open(&c, &dev, !ctrl);
	if (ret)
		return ret;
	if (ctrl)
		print_id_ctrl(ngio_dev_id_ctrl(dev), c.json);
	else
		print_id_ns(ngio_dev_id_ns(dev), ngio_dev_geometry(dev)->lbaf,
			    c.json);
	ngio_dev_close(dev);
	return NGIO_EXIT_OK;
}

int cmd_id_ctrl(int argc, char **argv)
{
	return cmd_id(argc, argv, true);
}

int cmd_id_ns(int argc, char **argv)
{
	return cmd_id(argc, argv, false);
}
