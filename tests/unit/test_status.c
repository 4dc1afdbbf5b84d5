// SPDX-License-Identifier: MIT
/* NVMe status decoding and wording. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ngio.h"

static void fields_decode(void **state)
{
	/* DNR, More, CRD 2, SCT 2 (media), SC 0x81 */
	int st = (1 << 14) | (1 << 13) | (2 << 11) | (2 << 8) | 0x81;

	(void)state;
	assert_int_equal(ngio_status_sc(st), 0x81);
	assert_int_equal(ngio_status_sct(st), 2);
	assert_int_equal(ngio_status_crd(st), 2);
	assert_true(ngio_status_more(st));
	assert_true(ngio_status_dnr(st));
	assert_int_equal(ngio_status_sc(0x80), 0x80);
	assert_int_equal(ngio_status_sct(0x80), 0);
	assert_false(ngio_status_dnr(0x80));
	assert_false(ngio_status_more(0x80));
}

static void strings_name_the_status(void **state)
{
	char buf[128];

	(void)state;
	assert_string_equal(ngio_status_str(0x4080, buf, sizeof(buf)),
			    "LBA Out of Range (SCT 0x0 SC 0x80, DNR)");
	assert_string_equal(ngio_status_str(0x0001, buf, sizeof(buf)),
			    "Invalid Command Opcode (SCT 0x0 SC 0x01)");
	assert_string_equal(ngio_status_str(0x6281, buf, sizeof(buf)),
			    "Unrecovered Read Error (SCT 0x2 SC 0x81, More, "
			    "DNR)");
	assert_string_equal(ngio_status_str(0x400b, buf, sizeof(buf)),
			    "Invalid Namespace or Format (SCT 0x0 SC 0x0b, DNR)");
	/* CRD/More/DNR must not change the name. */
	assert_string_equal(ngio_status_name(0x7885),
			    ngio_status_name(0x0085));
	assert_string_equal(ngio_status_str(0, buf, sizeof(buf)), "Success");
	assert_string_equal(ngio_status_str(-ENOENT, buf, sizeof(buf)),
			    strerror(ENOENT));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fields_decode),
		cmocka_unit_test(strings_name_the_status),
	};

	return cmocka_run_group_tests_name("status", tests, NULL, NULL);
}
