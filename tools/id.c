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
#include "names.h"

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
		u128_dec(le128(p), buf, len);
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

/* The NVM command set's Identify Namespace (CNS 5, CSI 0). */
static const struct field nvm_ns_fields[] = {
	F(struct nvme_nvm_id_ns, lbstm, K_HEXNUM),
	F(struct nvme_nvm_id_ns, pic, K_HEXNUM),
};

/* PIC bits, NVM Command Set spec. */
static const char *const pic_bits[] = {
	"16BPISTS (16b Guard PI with storage tag)",
	"16BPISTM (16b Guard PI storage tag mask)",
	"STCRS (storage tag check read)",
};

static const char *pif_name(unsigned pif)
{
	static const char *const names[] = {
		"16b Guard", "32b Guard", "64b Guard", "reserved",
	};

	return names[pif & 3];
}

static void print_nvm_id_ns(const struct nvme_nvm_id_ns *nvm,
			    const struct nvme_id_ns *ns, unsigned in_use,
			    bool json)
{
	if (json) {
		struct json_object *root = json_object_new_object();
		struct json_object *arr = json_object_new_array();

		fields_json(root, nvm_ns_fields, ARRAY_SIZE(nvm_ns_fields),
			    nvm);
		for (unsigned i = 0; i <= ns->nlbaf && i < 64; i++) {
			struct json_object *o = json_object_new_object();
			__u32 e = le32toh(nvm->elbaf[i]);

			ADD_U(o, "sts", e & 0x7f);
			ADD_U(o, "pif", (e >> 7) & 0x3);
			json_object_array_add(arr, o);
		}
		json_object_object_add(root, "elbafs", arr);
		json_print(root);
		return;
	}
	fields_human(nvm_ns_fields, ARRAY_SIZE(nvm_ns_fields), nvm);
	for (unsigned b = 0; b < ARRAY_SIZE(pic_bits); b++)
		if (nvm->pic & (1U << b))
			printf("  pic bit %u: %s\n", b, pic_bits[b]);
	for (unsigned i = 0; i <= ns->nlbaf && i < 64; i++) {
		__u32 e = le32toh(nvm->elbaf[i]);

		printf("elbaf %2u : sts:%-2u pif:%u (%s)%s\n", i, e & 0x7f,
		       (e >> 7) & 0x3, pif_name(e >> 7),
		       i == in_use ? " (in use)" : "");
	}
}

#define Z(name, k) F(struct nvme_zns_id_ns, name, k)

/* The Zoned Namespace command set's Identify Namespace (CNS 5, CSI 2). */
static const struct field zns_ns_fields[] = {
	Z(zoc, K_HEXNUM), Z(ozcs, K_HEXNUM), Z(mar, K_NUM), Z(mor, K_NUM),
	Z(rrl, K_NUM), Z(frl, K_NUM), Z(rrl1, K_NUM), Z(rrl2, K_NUM),
	Z(rrl3, K_NUM), Z(frl1, K_NUM), Z(frl2, K_NUM), Z(frl3, K_NUM),
	Z(numzrwa, K_NUM), Z(zrwafg, K_NUM), Z(zrwasz, K_NUM),
	Z(zrwacap, K_HEXNUM),
};

static void print_zns_id_ns(const struct nvme_zns_id_ns *z,
			    const struct nvme_id_ns *ns, unsigned in_use,
			    bool json)
{
	char sz[32];

	if (json) {
		struct json_object *root = json_object_new_object();
		struct json_object *arr = json_object_new_array();

		fields_json(root, zns_ns_fields, ARRAY_SIZE(zns_ns_fields), z);
		for (unsigned i = 0; i <= ns->nlbaf && i < 64; i++) {
			struct json_object *o = json_object_new_object();

			ADD_U(o, "zsze", le64toh(z->lbafe[i].zsze));
			ADD_U(o, "zdes", z->lbafe[i].zdes);
			json_object_array_add(arr, o);
		}
		json_object_object_add(root, "lbafe", arr);
		json_print(root);
		return;
	}
	fields_human(zns_ns_fields, ARRAY_SIZE(zns_ns_fields), z);
	/* MAR and MOR are zero-based; all ones means no limit. */
	if (le32toh(z->mar) == 0xffffffff)
		printf("  active resources: no limit\n");
	else
		printf("  active resources: %llu\n",
		       (unsigned long long)le32toh(z->mar) + 1);
	if (le32toh(z->mor) == 0xffffffff)
		printf("  open resources: no limit\n");
	else
		printf("  open resources: %llu\n",
		       (unsigned long long)le32toh(z->mor) + 1);
	if (le16toh(z->zoc) & 1)
		printf("  zoc bit 0: variable zone capacity\n");
	if (le16toh(z->zoc) & 2)
		printf("  zoc bit 1: zone active excursions\n");
	if (le16toh(z->ozcs) & 1)
		printf("  ozcs bit 0: reads across zone boundaries\n");
	if (le16toh(z->ozcs) & 2)
		printf("  ozcs bit 1: zone random write area\n");
	for (unsigned i = 0; i <= ns->nlbaf && i < 64; i++) {
		__u64 zsze = le64toh(z->lbafe[i].zsze);

		printf("lbafe %2u : zsze:%llu blocks (%s) zdes:%u%s\n", i,
		       (unsigned long long)zsze,
		       human_size(zsze << ns->lbaf[i].ds, sz, sizeof(sz)),
		       z->lbafe[i].zdes * 64, i == in_use ? " (in use)" : "");
	}
}

/* id-ns --cs: Identify Namespace of the namespace's own command set. */
static int id_ns_cs(const struct cli *c, struct ngio_dev *dev)
{
	static __u8 buf[NVME_IDENTIFY_DATA_SIZE] __attribute__((aligned(4096)));
	const struct ngio_geometry *g = ngio_dev_geometry(dev);
	const struct nvme_id_ns *ns = ngio_dev_id_ns(dev);
	int ret;

	ret = ngio_identify(dev, NVME_IDENTIFY_CNS_CSI_NS, g->nsid, g->csi,
			    buf, sizeof(buf));
	if (ret)
		return report(c->what, c->dev, ret);
	if (c->raw)
		return cli_raw(c, buf, sizeof(buf));
	switch (g->csi) {
	case NVME_CSI_NVM:
		print_nvm_id_ns((const void *)buf, ns, g->lbaf, c->json);
		break;
	case NVME_CSI_ZNS:
		print_zns_id_ns((const void *)buf, ns, g->lbaf, c->json);
		break;
	default:
		/* A command set ngio cannot decode: the bytes as they are. */
		if (c->json) {
			struct json_object *root = json_object_new_object();
			char hex[2 * sizeof(buf) + 1];

			for (size_t i = 0; i < sizeof(buf); i++)
				snprintf(hex + 2 * i, 3, "%02x", buf[i]);
			ADD_U(root, "csi", g->csi);
			json_object_object_add(root, "data",
					       json_object_new_string(hex));
			json_print(root);
		} else {
			printf("command set %u: not decoded by ngio\n", g->csi);
			hexdump(buf, sizeof(buf), 0, stdout);
		}
	}
	return NGIO_EXIT_OK;
}

static int id_ns_opt(struct cli *c, int val, const char *arg, void *ctx)
{
	(void)c;
	(void)val;
	(void)arg;
	*(bool *)ctx = true;
	return 0;
}

static const struct cli_opt id_ctrl_opts[] = {
	CLI_O_JSON,
	CLI_O_RAW,
	{ NULL },
};

static const struct cli_opt id_ns_opts[] = {
	{ "cs", NULL, CLI_EXTRA, 0, 0,
	  "the structure of the namespace's command set (NVM, ZNS)", NULL },
	CLI_O_JSON,
	CLI_O_RAW,
	{ NULL },
};

static const struct cli_opt id_ns_list_opts[] = {
	CLI_O_JSON,
	{ NULL },
};

const struct cli_cmd cli_id_ctrl_cmd = {
	"id-ctrl", "identify the controller", 0, id_ctrl_opts, cmd_id_ctrl,
	NULL,
};
const struct cli_cmd cli_id_ns_cmd = {
	"id-ns", "identify the namespace (--cs: its command set's structure)",
	0, id_ns_opts, cmd_id_ns, NULL,
};
const struct cli_cmd cli_id_ns_list_cmd = {
	"id-ns-list", "the controller's active namespace IDs", 0,
	id_ns_list_opts, cmd_id_ns_list, NULL,
};

static int cmd_id(int argc, char **argv, bool ctrl)
{
	bool cs = false;
	const struct cli_extra x = { id_ns_opt, &cs };
	struct ngio_dev *dev;
	struct cli c;
	int ret;

	ret = cli_parse(&c, ctrl ? &cli_id_ctrl_cmd : &cli_id_ns_cmd, argc,
			argv, ctrl ? NULL : &x);
	if (ret || c.help)
		return ret;
	ret = cli_open(&c, &dev, !ctrl);
	if (ret)
		return ret;
	if (cs)
		ret = id_ns_cs(&c, dev);
	else if (c.raw && ctrl)
		ret = cli_raw(&c, ngio_dev_id_ctrl(dev),
			      sizeof(struct nvme_id_ctrl));
	else if (c.raw)
		ret = cli_raw(&c, ngio_dev_id_ns(dev),
			      sizeof(struct nvme_id_ns));
	else if (ctrl)
		print_id_ctrl(ngio_dev_id_ctrl(dev), c.json);
	else
		print_id_ns(ngio_dev_id_ns(dev), ngio_dev_geometry(dev)->lbaf,
			    c.json);
	ngio_dev_close(dev);
	return ret;
}

int cmd_id_ctrl(int argc, char **argv)
{
	return cmd_id(argc, argv, true);
}

int cmd_id_ns(int argc, char **argv)
{
	return cmd_id(argc, argv, false);
}

/* The active namespace list (CNS 2), 1024 IDs a page. */
int cmd_id_ns_list(int argc, char **argv)
{
	static __le32 list[1024] __attribute__((aligned(4096)));
	struct json_object *root = NULL, *arr = NULL;
	struct ngio_dev *dev;
	__u32 nsid = 0;
	struct cli c;
	int ret;

	ret = cli_parse(&c, &cli_id_ns_list_cmd, argc, argv, NULL);
	if (ret || c.help)
		return ret;
	ret = cli_open(&c, &dev, false);
	if (ret)
		return ret;
	if (c.json) {
		root = json_object_new_object();
		arr = json_object_new_array();
		json_object_object_add(root, "nsid_list", arr);
	}
	for (;;) {
		unsigned i;

		/* IDs greater than nsid: a full page means ask again. */
		ret = ngio_identify(dev, NVME_IDENTIFY_CNS_NS_ACTIVE_LIST,
				    nsid, 0, list, sizeof(list));
		if (ret)
			break;
		for (i = 0; i < ARRAY_SIZE(list) && list[i]; i++) {
			nsid = le32toh(list[i]);
			if (arr) {
				struct json_object *o;

				o = json_object_new_object();
				ADD_U(o, "nsid", nsid);
				json_object_array_add(arr, o);
			} else {
				printf("%u\n", nsid);
			}
		}
		if (i < ARRAY_SIZE(list) || nsid >= NVME_NSID_ALL - 1)
			break;
	}
	ngio_dev_close(dev);
	if (ret) {
		json_object_put(root);
		return report(c.what, c.dev, ret);
	}
	if (root)
		json_print(root);
	return NGIO_EXIT_OK;
}
