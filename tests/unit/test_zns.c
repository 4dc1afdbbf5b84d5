// SPDX-License-Identifier: MIT
/* Zone descriptors decoded, and zone states named as nvme-cli names them. */
#include <endian.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ngio.h"

static void decode_every_field(void **state)
{
	struct nvme_zns_desc d;
	struct ngio_zone z;

	(void)state;
	memset(&d, 0xff, sizeof(d));
	/* Reserved bits set: ZT 3:0 and ZS 7:4 are all that count. */
	d.zt = 0xf2;
	d.zs = 0x3f;
	d.za = 0x89;
	d.zai = 0x5a;
	d.zcap = htole64(0x180);
	d.zslba = htole64(0x1122334455667788ULL);
	d.wp = htole64(0x1122334455667790ULL);
	ngio_zone_decode(&d, &z);
	assert_int_equal(z.type, NVME_ZONE_TYPE_SEQWRITE_REQ);
	assert_int_equal(z.state, NVME_ZNS_ZS_EXPL_OPEN);
	assert_int_equal(z.attrs, NVME_ZNS_ZA_ZDEV | NVME_ZNS_ZA_ZRWAV |
			 NVME_ZNS_ZA_ZFC);
	assert_int_equal(z.attrs_info, 0x5a);
	assert_int_equal(z.cap, 0x180);
	assert_int_equal(z.start, 0x1122334455667788ULL);
	assert_int_equal(z.wp, 0x1122334455667790ULL);
}

/* Bytes as a device sends them, independent of host byte order. */
static void decode_wire_bytes(void **state)
{
	unsigned char raw[64] = {
		0x02, 0xe0, 0x00, 0x00, 0, 0, 0, 0,
		0x80, 0x01, 0, 0, 0, 0, 0, 0,		/* ZCAP 384 */
		0x00, 0x02, 0, 0, 0, 0, 0, 0,		/* ZSLBA 512 */
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,	/* WP */
	};
	struct nvme_zns_desc d;
	struct ngio_zone z;

	(void)state;
	memcpy(&d, raw, sizeof(d));
	ngio_zone_decode(&d, &z);
	assert_int_equal(z.state, NVME_ZNS_ZS_FULL);
	assert_string_equal(ngio_zone_state_name(z.state), "FULL");
	assert_int_equal(z.cap, 384);
	assert_int_equal(z.start, 512);
	assert_int_equal(z.wp, UINT64_MAX);
}

static void state_names(void **state)
{
	(void)state;
	assert_string_equal(ngio_zone_state_name(NVME_ZNS_ZS_EMPTY), "EMPTY");
	assert_string_equal(ngio_zone_state_name(NVME_ZNS_ZS_IMPL_OPEN),
			    "IMP_OPENED");
	assert_string_equal(ngio_zone_state_name(NVME_ZNS_ZS_EXPL_OPEN),
			    "EXP_OPENED");
	assert_string_equal(ngio_zone_state_name(NVME_ZNS_ZS_CLOSED),
			    "CLOSED");
	assert_string_equal(ngio_zone_state_name(NVME_ZNS_ZS_READ_ONLY),
			    "READONLY");
	assert_string_equal(ngio_zone_state_name(NVME_ZNS_ZS_FULL), "FULL");
	assert_string_equal(ngio_zone_state_name(NVME_ZNS_ZS_OFFLINE),
			    "OFFLINE");
	assert_string_equal(ngio_zone_state_name(0), "Unknown State");
	assert_string_equal(ngio_zone_state_name(5), "Unknown State");
	assert_string_equal(ngio_zone_state_name(0xe0), "Unknown State");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decode_every_field),
		cmocka_unit_test(decode_wire_bytes),
		cmocka_unit_test(state_names),
	};

	return cmocka_run_group_tests_name("zns", tests, NULL, NULL);
}
