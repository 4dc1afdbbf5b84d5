/* SPDX-License-Identifier: MIT */
/*
 * Command dword fields by name: every encoder builds CDW10-15 from these
 * shifts and masks (libnvme 1.3 does not export its own).  A field is a
 * shift and an unshifted mask; a one-bit flag is its shifted bit.  The
 * spec's bit ranges are given beside each.
 */
#ifndef NGIO_FIELDS_H
#define NGIO_FIELDS_H

#include <linux/types.h>

/* v placed in the field (bits beyond the mask dropped), and read back. */
#define FLD_SET(f, v)	(((__u32)(v) & f##_MASK) << f##_SHIFT)
#define FLD_GET(f, dw)	(((__u32)(dw) >> f##_SHIFT) & f##_MASK)

/* ------------------------------------------------- NVM I/O: CDW12, 13 */

/* NLB, 0's based, bits 15:0 (the maximum, NGIO_MAX_NLB, is in ngio.h). */
#define NLB_SHIFT	0
#define NLB_MASK	0xffffU
#define CDW12_DTYPE_SHIFT	20	/* directive type, 23:20 */
#define CDW12_DTYPE_MASK	0xfU
#define CDW12_STC	(1U << 24)	/* storage tag check */
#define CDW12_DEAC	(1U << 25)	/* write zeroes: deallocate */
/* PRINFO is bits 29:26: PRACT its top bit, PRCHK the three below. */
#define CDW12_PRINFO_SHIFT	26
#define CDW12_PRINFO_MASK	0xfU
#define CDW12_PRACT	(1U << 29)
#define CDW12_PRCHK_SHIFT	26
#define CDW12_PRCHK_MASK	0x7U
#define CDW12_PRCHK	(CDW12_PRCHK_MASK << CDW12_PRCHK_SHIFT)
#define CDW12_FUA	(1U << 30)
#define CDW12_LR	(1U << 31)
#define CDW13_DSM_SHIFT		0	/* dataset management, 7:0 */
#define CDW13_DSM_MASK		0xffU
#define CDW13_DSPEC_SHIFT	16	/* directive specific, 31:16 */
#define CDW13_DSPEC_MASK	0xffffU
/* LBAT and LBATM in CDW15. */
#define CDW15_LBAT_SHIFT	0
#define CDW15_LBAT_MASK		0xffffU
#define CDW15_LBATM_SHIFT	16
#define CDW15_LBATM_MASK	0xffffU

/* Dataset Management: NR (0's based) in CDW10 7:0, attributes in CDW11. */
#define DSM_NR_SHIFT	0
#define DSM_NR_MASK	0xffU
#define DSM_ATTR_IDR	(1U << 0)
#define DSM_ATTR_IDW	(1U << 1)
#define DSM_ATTR_AD	(1U << 2)

/* Copy CDW12: NR (0's based) 7:0, descriptor format 11:8, PRINFOR
 * 15:12; STCW, PRINFOW, FUA and LR as in a write. */
#define COPY_NR_SHIFT		0
#define COPY_NR_MASK		0xffU
#define COPY_FMT_SHIFT		8
#define COPY_FMT_MASK		0xfU
#define COPY_PRINFOR_SHIFT	12
#define COPY_PRINFOR_MASK	0xfU
/* Descriptor formats 1 and 3 carry storage tags: 40 bytes, else 32. */
#define COPY_FMT_STAG	(1U << 0)

/* -------------------------------------------------------- ZNS: CDW13 */

/* Zone Management Send: ZSA 7:0, Select All 8, ZRWA Allocation 9. */
#define ZSA_SHIFT	0
#define ZSA_MASK	0xffU
#define ZSA_SELECT_ALL	(1U << 8)
#define ZSA_ZRWAA	(1U << 9)
/* Zone Management Receive: ZRA 7:0, ZRASF 15:8, Partial Report 16;
 * NUMD (0's based dwords) is all of CDW12. */
#define ZRA_SHIFT	0
#define ZRA_MASK	0xffU
#define ZRASF_SHIFT	8
#define ZRASF_MASK	0xffU
#define ZRA_PARTIAL	(1U << 16)

/* ------------------------------------------------------------- admin */

/* Identify: CNS 7:0 and CNTID 31:16 of CDW10, CSI 31:24 of CDW11. */
#define ID_CNS_SHIFT	0
#define ID_CNS_MASK	0xffU
#define ID_CNTID_SHIFT	16
#define ID_CNTID_MASK	0xffffU
#define ID_CSI_SHIFT	24
#define ID_CSI_MASK	0xffU

/* Get Log Page: CDW10 LID 7:0, LSP 14:8, RAE 15, NUMDL 31:16; CDW11
 * NUMDU 15:0, LSI 31:16; CDW12-13 the offset; CDW14 UUID index 6:0, OT
 * 23, CSI 31:24.  NUMD is 0's based dwords, split in two halves. */
#define LOG_LID_SHIFT	0
#define LOG_LID_MASK	0xffU
#define LOG_LSP_SHIFT	8
#define LOG_LSP_MASK	0x7fU
#define LOG_RAE		(1U << 15)
#define LOG_NUMDL_SHIFT	16
#define LOG_NUMDL_MASK	0xffffU
#define LOG_NUMDU_SHIFT	0
#define LOG_NUMDU_MASK	0xffffU
#define LOG_LSI_SHIFT	16
#define LOG_LSI_MASK	0xffffU
#define LOG_UUID_SHIFT	0
#define LOG_UUID_MASK	0x7fU
#define LOG_OT		(1U << 23)
#define LOG_CSI_SHIFT	24
#define LOG_CSI_MASK	0xffU

/* Get and Set Features CDW10: FID 7:0, SEL 10:8 (get), SV 31 (set). */
#define FEAT_FID_SHIFT	0
#define FEAT_FID_MASK	0xffU
#define FEAT_SEL_SHIFT	8
#define FEAT_SEL_MASK	0x7U
#define FEAT_SV		(1U << 31)

#endif
