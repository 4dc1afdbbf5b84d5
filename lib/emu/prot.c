// SPDX-License-Identifier: MIT
/*
 * The emulated controller's end-to-end protection information: the
 * tuples of types 1 to 3 with the 16b and 64b guards (NVM Command Set
 * Specification 1.0 5.2).
 *
 * This is written from the specification on its own; it shares only the
 * CRC primitives with the host side (lib/pi.c), so that a mistake on one
 * side cannot hide one on the other.
 */
#include <isa-l/crc.h>

#include "emu-int.h"
#include "crc64.h"

static __u64 get_be(const unsigned char *p, unsigned n)
{
	__u64 v = 0;

	while (n--)
		v = v << 8 | *p++;
	return v;
}

static void put_be(unsigned char *p, __u64 v, unsigned n)
{
	while (n--) {
		p[n] = v;
		v >>= 8;
	}
}

static __u64 ref_mask(const struct emu_ns *ns)
{
	return emu_pi_g64(ns) ? 0xffffffffffffULL : 0xffffffffULL;
}

/* The guard: over the data and the metadata bytes before the tuple. */
static __u64 pi_guard(const struct emu_ns *ns, const unsigned char *d,
		      const unsigned char *m)
{
	__u64 r;

	if (!emu_pi_g64(ns))
		return crc16_t10dif(crc16_t10dif(0, d, ns->p.lba_size), m,
				    ns->pi_off);
	/* CRC-64/NVME: all-ones initial register, inverted at the end. */
	r = crc64_nvme_table(~0ULL, d, ns->p.lba_size);
	r = crc64_nvme_table(r, m, ns->pi_off);
	return ~r;
}

/* The reference tag block i of the command carries. */
static __u64 pi_reftag(const struct emu_ns *ns, const struct emu_pi *a,
		       __u32 i)
{
	/* Type 3 does not count (NVM 1.0 5.2.1.3): the tag is opaque. */
	if (ns->p.pi == 3)
		return a->ilbrt & ref_mask(ns);
	return (a->ilbrt + i) & ref_mask(ns);
}

void emu_pi_gen(const struct emu_ns *ns, const struct emu_pi *a, __u32 i,
		const unsigned char *d, unsigned char *m)
{
	unsigned char *t = m + ns->pi_off;
	unsigned gl = emu_pi_g64(ns) ? 8 : 2;

	put_be(t, pi_guard(ns, d, m), gl);
	put_be(t + gl, a->lbat, 2);
	put_be(t + gl + 2, pi_reftag(ns, a, i), emu_pi_g64(ns) ? 6 : 4);
}

int emu_pi_check(const struct emu_ns *ns, const struct emu_pi *a, __u32 i,
		 const unsigned char *d, const unsigned char *m)
{
	const unsigned char *t = m + ns->pi_off;
	unsigned gl = emu_pi_g64(ns) ? 8 : 2;
	__u64 guard = get_be(t, gl);
	__u64 ref = get_be(t + gl + 2, emu_pi_g64(ns) ? 6 : 4);
	__u16 app = get_be(t + gl, 2);

	/* The escapes (NVM 1.0 5.2.1.4): apptag FFFFh disables the checks
	 * of types 1 and 2; type 3 needs the reference tag all ones too. */
	if (app == 0xffff && (ns->p.pi != 3 || ref == ref_mask(ns)))
		return 0;
	if ((a->prinfo & PR_GUARD) && guard != pi_guard(ns, d, m))
		return EMU_GUARD_ERR;
	if ((a->prinfo & PR_APP) && (app & a->lbatm) != (a->lbat & a->lbatm))
		return EMU_APPTAG_ERR;
	/* Type 3's reference tag is not checked (NVM 1.0 5.2.1.3; QEMU
	 * compares it to ILBRT). */
	if ((a->prinfo & PR_REF) && ns->p.pi != 3 &&
	    ref != pi_reftag(ns, a, i))
		return EMU_REFTAG_ERR;
	return 0;
}

void emu_pi_args(const struct emu_ns *ns, const struct nvme_uring_cmd *cmd,
		 __u8 prinfo, struct emu_pi *a)
{
	a->prinfo = ns->p.pi ? prinfo : 0;
	a->ilbrt = cmd->cdw14;
	/* The 64b guard's 48-bit tag: bits 47:32 in CDW3 (EILBRT). */
	if (emu_pi_g64(ns))
		a->ilbrt |= (__u64)(cmd->cdw3 & 0xffff) << 32;
	a->lbat = cmd->cdw15 & 0xffff;
	a->lbatm = cmd->cdw15 >> 16;
}

/* Type 1 tags count from the SLBA's low bits (NVM 1.0 5.2.1.3). */
int emu_pi_type1_ilbrt(const struct emu_ns *ns, const struct emu_pi *a,
		       __u64 slba)
{
	if (ns->p.pi == 1 && (a->prinfo & PR_REF) &&
	    a->ilbrt != (slba & ref_mask(ns)))
		return EMU_INVALID_PI;
	return 0;
}
