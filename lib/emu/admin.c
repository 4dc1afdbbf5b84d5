// SPDX-License-Identifier: MIT
/*
 * The emulated controller's admin commands: Identify, Get Log Page, the
 * error log, and their dispatch with Get and Set Features (feat.c).
 */
#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nvme/types.h>

#include "emu-int.h"

#define EMU_SERIAL	"NGIOEMU0001"
#define EMU_MODEL	"ngio emulated controller"
#define EMU_FW		"1.0"

/* --------------------------------------------------------------- identify */

static void pad(char *dst, const char *src, size_t len)
{
	size_t n = strlen(src);

	memset(dst, ' ', len);
	memcpy(dst, src, n < len ? n : len);
}

static void id_ctrl(const struct emu_ctrl *c, void *buf)
{
	struct nvme_id_ctrl *id = buf;

	id->vid = htole16(0xffff);	/* no PCI vendor: not a PCI device */
	id->ssvid = htole16(0xffff);
	pad(id->sn, EMU_SERIAL, sizeof(id->sn));
	pad(id->mn, EMU_MODEL, sizeof(id->mn));
	pad(id->fr, EMU_FW, sizeof(id->fr));
	id->rab = 6;
	id->mdts = c->mdts;
	id->cntlid = htole16(1);
	id->ver = htole32(0x00020000);
	/* Extended LBA formats (the 64b guard's): CTRATT bit 15. */
	id->ctratt = htole32(NVME_CTRL_CTRATT_ELBAS);
	id->cntrltype = 1;	/* I/O controller */
	id->oacs = 0;		/* no optional admin command */
	id->acl = 3;
	id->aerl = 3;
	id->frmw = 1 | 1 << 1;	/* slot 1, read only */
	/* SMART per namespace, commands effects, extended data. */
	id->lpa = NVME_CTRL_LPA_SMART_PER_NS | NVME_CTRL_LPA_CMD_EFFECTS |
		  NVME_CTRL_LPA_EXTENDED;
	id->elpe = EMU_NR_ERR - 1;
	id->npss = 0;
	id->apsta = 1;
	id->wctemp = htole16(EMU_TEMP + 30);
	id->cctemp = htole16(EMU_TEMP + 60);
	id->sqes = 6 << 4 | 6;
	id->cqes = 4 << 4 | 4;
	id->nn = htole32(c->nr_ns);
	id->oncs = htole16(NVME_CTRL_ONCS_COMPARE |
			   NVME_CTRL_ONCS_WRITE_UNCORRECTABLE |
			   NVME_CTRL_ONCS_DSM |
			   NVME_CTRL_ONCS_WRITE_ZEROES |
			   NVME_CTRL_ONCS_SAVE_FEATURES |
			   NVME_CTRL_ONCS_TIMESTAMP |
			   NVME_CTRL_ONCS_VERIFY |
			   NVME_CTRL_ONCS_COPY);
	/* Present, and Flush with NSID FFFFFFFFh supported (bits 2:1). */
	id->vwc = c->vwc ? 1 | 3 << 1 : 0;
	id->ocfs = htole16(3);	/* copy descriptor formats 0 and 1 */
	id->sgls = 0;
	snprintf(id->subnqn, sizeof(id->subnqn),
		 "nqn.2026-01.io.ngio:emu:%s", EMU_SERIAL);
	id->psd[0].mp = htole16(100);	/* 1 W, in centiwatts */
}

static __u8 pi_dpc(void)
{
	/* Types 1-3, first or last in the metadata. */
	return 1 | 1 << 1 | 1 << 2 | 1 << 3 | 1 << 4;
}

static void id_ns(const struct emu_ns *ns, void *buf)
{
	struct nvme_id_ns *id = buf;

	id->nsze = htole64(ns->nsze);
	id->ncap = htole64(ns->nsze);
	id->nuse = htole64(emu_ns_nuse(ns));
	id->nsfeat = 1;		/* thin: NUSE counts allocated blocks */
	id->nlbaf = 0;		/* the one format it was made with */
	id->flbas = ns->p.ext ? NVME_NS_FLBAS_META_EXT : 0;
	id->mc = ns->p.ms ? 1 | 1 << 1 : 0;
	id->dpc = pi_dpc();
	id->dps = ns->p.pi | (ns->p.pi && ns->p.pil ? NVME_NS_DPS_PI_FIRST : 0);
	/* Deallocated blocks read zeroes, guard FFFFh (NVM 1.0 4.1.5.1). */
	id->dlfeat = 1;
	id->noiob = 0;
	id->mssrl = htole16(EMU_MSSRL);
	id->mcl = htole32(EMU_MCL);
	id->msrc = EMU_MSRC - 1;
	memset(id->nguid, 0, sizeof(id->nguid));
	id->lbaf[0].ms = htole16(ns->p.ms);
	id->lbaf[0].ds = ns->lba_shift;
	id->lbaf[0].rp = 0;
}

static void ns_ids(const struct emu_ns *ns, __u8 *eui, __u8 *nguid,
		   __u8 *uuid)
{
	/* Stable per NSID: a locally administered EUI-64. */
	static const __u8 base[8] = { 0x02, 'n', 'g', 'i', 'o', 'e', 0, 0 };

	memcpy(eui, base, 8);
	eui[6] = ns->nsid >> 8;
	eui[7] = ns->nsid;
	memcpy(nguid, "ngio-emu-nguid", 14);
	nguid[14] = ns->nsid >> 8;
	nguid[15] = ns->nsid;
	memcpy(uuid, "ngio-emu-uuid-", 14);
	uuid[6] = (uuid[6] & 0x0f) | 0x40;	/* version 4 */
	uuid[8] = (uuid[8] & 0x3f) | 0x80;	/* variant 10b */
	uuid[14] = ns->nsid >> 8;
	uuid[15] = ns->nsid;
}

/* One Namespace Identification Descriptor at off: the next one's offset. */
static size_t put_nid(__u8 *buf, size_t off, __u8 type, const void *id,
		      __u8 len)
{
	buf[off] = type;
	buf[off + 1] = len;
	memcpy(buf + off + 4, id, len);
	return off + 4 + len;
}

static void id_desc_list(const struct emu_ns *ns, __u8 *buf)
{
	__u8 eui[8], nguid[16], uuid[16];
	size_t off = 0;

	ns_ids(ns, eui, nguid, uuid);
	off = put_nid(buf, off, NVME_NIDT_EUI64, eui, sizeof(eui));
	off = put_nid(buf, off, NVME_NIDT_NGUID, nguid, sizeof(nguid));
	off = put_nid(buf, off, NVME_NIDT_UUID, uuid, sizeof(uuid));
	put_nid(buf, off, NVME_NIDT_CSI, &ns->p.csi, 1);
}

static void id_nvm_ns(const struct emu_ns *ns, void *buf)
{
	struct nvme_nvm_id_ns *id = buf;

	/* The guard format of LBA format 0: PIF bits 8:7, STS 0. */
	id->elbaf[0] = htole32(ns->p.pi && ns->p.pif == 2 ? 2U << 7 : 0);
	/* 16b and 64b guard formats supported (PIC bits 0, 1 not needed). */
	id->pic = 0;
}

static void id_indep_ns(const struct emu_ns *ns, void *buf)
{
	struct nvme_id_independent_id_ns *id = buf;

	(void)ns;
	id->nsfeat = 1;
	id->nstat = 1;		/* ready */
}

/* The data structure the command's CNS selects, into buf: 0 or a status. */
static int id_data(const struct emu_ctrl *c, const struct emu_ns *ns,
		   const struct nvme_uring_cmd *cmd, __u8 *buf)
{
	__u8 cns = cmd->cdw10 & 0xff, csi = cmd->cdw11 >> 24;
	__u64 *combo;
	unsigned i, n;

	switch (cns) {
	case NVME_IDENTIFY_CNS_NS:
		id_ns(ns, buf);
		break;
	case NVME_IDENTIFY_CNS_CTRL:
		id_ctrl(c, buf);
		break;
	case NVME_IDENTIFY_CNS_NS_ACTIVE_LIST:
		if (cmd->nsid >= 0xfffffffe)
			return EMU_INVALID_NS;
		for (i = cmd->nsid, n = 0; i < c->nr_ns; i++, n++)
			((__le32 *)buf)[n] = htole32(i + 1);
		break;
	case NVME_IDENTIFY_CNS_NS_DESC_LIST:
		id_desc_list(ns, buf);
		break;
	case NVME_IDENTIFY_CNS_CSI_NS:
		if (csi == NVME_CSI_NVM)
			id_nvm_ns(ns, buf);
		else if (csi == NVME_CSI_ZNS && ns->zones)
			emu_zones_id_ns(ns->zones, buf);
		else
			return EMU_INVALID_FIELD;
		break;
	case NVME_IDENTIFY_CNS_CSI_CTRL:
		if (csi == NVME_CSI_ZNS)
			buf[0] = c->zasl;
		else if (csi != NVME_CSI_NVM)
			return EMU_INVALID_FIELD;
		break;
	case NVME_IDENTIFY_CNS_CSI_INDEPENDENT_ID_NS:
		id_indep_ns(ns, buf);
		break;
	case NVME_IDENTIFY_CNS_COMMAND_SET_STRUCTURE:
		/* One combination: NVM and ZNS. */
		combo = (__u64 *)buf;
		combo[0] = htole64(1 << NVME_CSI_NVM | 1 << NVME_CSI_ZNS);
		break;
	default:
		return EMU_INVALID_FIELD;
	}
	return 0;
}

static int identify(struct emu_ctrl *c, bool vec,
		    const struct nvme_uring_cmd *cmd)
{
	__u8 cns = cmd->cdw10 & 0xff;
	struct emu_ns *ns = emu_ns_get(c, cmd->nsid);
	__u8 *buf = calloc(1, NVME_IDENTIFY_DATA_SIZE);
	struct emu_buf b;
	int ret;

	if (!buf)
		return -ENOMEM;
	ret = emu_buf_init(&b, vec, cmd->addr, cmd->data_len);
	if (ret)
		goto out;
	switch (cns) {
	case NVME_IDENTIFY_CNS_NS:
	case NVME_IDENTIFY_CNS_NS_DESC_LIST:
	case NVME_IDENTIFY_CNS_CSI_NS:
	case NVME_IDENTIFY_CNS_CSI_INDEPENDENT_ID_NS:
		/* Namespace management is not supported: FFFFFFFFh is not
		 * a namespace here (Base 2.0 5.17.2.1). */
		if (!ns) {
			ret = EMU_INVALID_NS;
			goto out;
		}
		break;
	}
	if (!b.len) {
		ret = EMU_INVALID_FIELD;
		goto out;
	}
	if (b.len < NVME_IDENTIFY_DATA_SIZE) {
		ret = EMU_SGL_LEN;
		goto out;
	}
	ret = id_data(c, ns, cmd, buf);
	if (!ret)
		emu_buf_out(&b, 0, buf, NVME_IDENTIFY_DATA_SIZE);
out:
	free(buf);
	return ret;
}

/* ---------------------------------------------------------------- logs */

static void put128(__u8 *dst, __u64 v)
{
	memset(dst, 0, 16);
	for (int i = 0; i < 8; i++)
		dst[i] = v >> (8 * i);
}

/* Data units: thousands of 512-byte units, rounded up. */
static __u64 data_units(__u64 bytes)
{
	return (bytes / 512 + 999) / 1000;
}

static void log_smart(const struct emu_ctrl *c, const struct emu_ns *only,
		      struct nvme_smart_log *s)
{
	__u64 rd = 0, wr = 0, hr = 0, hw = 0;

	for (unsigned i = 0; i < c->nr_ns; i++) {
		const struct emu_ns *ns = &c->ns[i];

		if (only && only != ns)
			continue;
		rd += ns->bytes_read;
		wr += ns->bytes_written;
		hr += ns->host_reads;
		hw += ns->host_writes;
	}
	s->temperature[0] = EMU_TEMP & 0xff;
	s->temperature[1] = EMU_TEMP >> 8;
	s->avail_spare = 100;
	s->spare_thresh = 10;
	put128(s->data_units_read, data_units(rd));
	put128(s->data_units_written, data_units(wr));
	put128(s->host_reads, hr);
	put128(s->host_writes, hw);
	put128(s->power_cycles, c->power_cycles + 1);
	put128(s->unsafe_shutdowns, c->unsafe_shutdowns);
	put128(s->media_errors, c->media_errors);
	put128(s->num_err_log_entries, c->err_count);
}

static void log_errors(const struct emu_ctrl *c, struct nvme_error_log_page *e)
{
	/* Newest first, as many as there are. */
	for (unsigned i = 0; i < EMU_NR_ERR && i < c->err_count; i++) {
		unsigned k = (c->err_count - 1 - i) % EMU_NR_ERR;

		e[i].error_count = htole64(c->err[k].count);
		e[i].sqid = htole16(c->err[k].sqid);
		e[i].cmdid = htole16(0xffff);
		e[i].status_field = htole16(c->err[k].status << 1);
		e[i].parm_error_location = htole16(0xffff);
		e[i].lba = htole64(c->err[k].lba);
		e[i].nsid = htole32(c->err[k].nsid);
	}
}

/* Commands supported and effects: CSUPP, and LBCC for what writes. */
static void log_effects(struct nvme_cmd_effects_log *l, __u8 csi)
{
	static const __u8 admin[] = { 0x02, 0x06, 0x09, 0x0a };
	static const __u8 rd[] = { 0x02, 0x05, 0x0c };
	static const __u8 wr[] = { 0x00, 0x01, 0x04, 0x08, 0x09, 0x19 };
	const __u32 csupp = 1, lbcc = 2;
	size_t i;

	for (i = 0; i < sizeof(admin); i++)
		l->acs[admin[i]] = htole32(csupp);
	for (i = 0; i < sizeof(rd); i++)
		l->iocs[rd[i]] = htole32(csupp);
	for (i = 0; i < sizeof(wr); i++)
		l->iocs[wr[i]] = htole32(csupp | lbcc);
	if (csi == NVME_CSI_ZNS) {
		l->iocs[nvme_zns_cmd_mgmt_send] = htole32(csupp | lbcc);
		l->iocs[nvme_zns_cmd_mgmt_recv] = htole32(csupp);
		l->iocs[nvme_zns_cmd_append] = htole32(csupp | lbcc);
	}
}

static int get_log(struct emu_ctrl *c, bool vec,
		   const struct nvme_uring_cmd *cmd)
{
	__u8 lid = cmd->cdw10 & 0xff, csi = cmd->cdw14 >> 24;
	__u64 numd = (cmd->cdw10 >> 16 | (__u64)(cmd->cdw11 & 0xffff) << 16);
	__u64 len = (numd + 1) * 4;
	__u64 lpo = cmd->cdw12 | (__u64)cmd->cdw13 << 32;
	struct emu_ns *ns = NULL;
	size_t size, i;
	struct emu_buf b;
	__u8 *page;
	int ret;

	ret = emu_buf_init(&b, vec, cmd->addr, cmd->data_len);
	if (ret)
		return ret;
	switch (lid) {
	case NVME_LOG_LID_SUPPORTED_LOG_PAGES: size = 1024; break;
	case NVME_LOG_LID_ERROR: size = EMU_NR_ERR * 64; break;
	case NVME_LOG_LID_SMART: size = 512; break;
	case NVME_LOG_LID_FW_SLOT: size = 512; break;
	case NVME_LOG_LID_CMD_EFFECTS: size = 4096; break;
	default:
		/* Base 2.0 5.16: Invalid Log Page (QEMU: Invalid Field). */
		return EMU_INVALID_LOG;
	}
	if (lid == NVME_LOG_LID_SMART && cmd->nsid && cmd->nsid != 0xffffffff) {
		ns = emu_ns_get(c, cmd->nsid);
		if (!ns)
			return EMU_INVALID_NS;
	}
	/* Byte offsets only (no index offset type), dword aligned, inside
	 * the page. */
	if ((cmd->cdw14 >> 23 & 1) || (lpo & 3) || lpo >= size)
		return EMU_INVALID_FIELD;
	if (lid == NVME_LOG_LID_CMD_EFFECTS && csi != NVME_CSI_NVM &&
	    csi != NVME_CSI_ZNS)
		return EMU_INVALID_FIELD;
	if (!b.len)
		return EMU_INVALID_FIELD;
	if (b.len < len)
		return EMU_SGL_LEN;
	page = calloc(1, size);
	if (!page)
		return -ENOMEM;
	switch (lid) {
	case NVME_LOG_LID_SUPPORTED_LOG_PAGES: {
		static const __u8 lids[] = { 0x00, 0x01, 0x02, 0x03, 0x05 };

		for (i = 0; i < sizeof(lids); i++)
			((__le32 *)page)[lids[i]] = htole32(1);
		break;
	}
	case NVME_LOG_LID_ERROR:
		log_errors(c, (struct nvme_error_log_page *)page);
		break;
	case NVME_LOG_LID_SMART:
		log_smart(c, ns, (struct nvme_smart_log *)page);
		break;
	case NVME_LOG_LID_FW_SLOT:
		page[0] = 1;	/* slot 1 active */
		pad((char *)page + 8, EMU_FW, 8);
		break;
	case NVME_LOG_LID_CMD_EFFECTS:
		log_effects((struct nvme_cmd_effects_log *)page, csi);
		break;
	}
	/* Past the page's end the transfer is zeroes. */
	for (i = 0; i < len; i += 4096) {
		static const __u8 zero[4096];
		size_t n = len - i < 4096 ? len - i : 4096;

		emu_buf_out(&b, i, zero, n);
	}
	emu_buf_out(&b, 0, page + lpo, len < size - lpo ? len : size - lpo);
	free(page);
	return 0;
}

/* ----------------------------------------------------------------- errors */

void emu_log_error(struct emu_ctrl *c, bool admin, __u32 nsid, __u64 lba,
		   int status)
{
	unsigned k = c->err_count % EMU_NR_ERR;

	c->err_count++;
	c->err[k].count = c->err_count;
	c->err[k].sqid = admin ? 0 : 1;
	c->err[k].status = status;
	c->err[k].nsid = nsid;
	c->err[k].lba = lba;
	if ((status >> 8 & 7) == 2)
		c->media_errors++;
}

/* --------------------------------------------------------------- dispatch */

int emu_admin_exec(struct emu_ctrl *c, bool vec,
		   const struct nvme_uring_cmd *cmd, __u64 *result)
{
	switch (cmd->opcode) {
	case nvme_admin_identify:
		return identify(c, vec, cmd);
	case nvme_admin_get_log_page:
		return get_log(c, vec, cmd);
	case nvme_admin_get_features:
		return emu_get_features(c, vec, cmd, result);
	case nvme_admin_set_features:
		return emu_set_features(c, vec, cmd, result);
	}
	return EMU_INVALID_OPCODE;
}
