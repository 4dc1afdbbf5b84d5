// SPDX-License-Identifier: MIT
/* Names of the admin subcommands: log pages, --sel, feature fields. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "names.h"

static void log_pages_by_name_and_number(void **state)
{
	static const struct {
		const char *s;
		uint8_t lid;
		bool named;
	} good[] = {
		{ "error", 1, true }, { "smart", 2, true }, { "fw", 3, true },
		{ "effects", 5, true }, { "2", 2, false }, { "0", 0, false },
		{ "0xc0", 0xc0, false }, { "255", 255, false },
	};
	uint8_t lid;
	bool named;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(parse_log_page(good[i].s, &lid, &named), 0);
		assert_int_equal(lid, good[i].lid);
		assert_int_equal(named, good[i].named);
	}
	assert_string_equal(log_page_name(2), "smart");
	assert_string_equal(log_page_name(5), "effects");
	assert_null(log_page_name(4));
}

static void bad_log_pages_refused(void **state)
{
	static const char *const bad[] = {
		"", "SMART", "smart-log", "-1", "2x", "health", " 2",
	};
	uint8_t lid = 77;
	bool named = false;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(parse_log_page(bad[i], &lid, &named), -EINVAL);
	assert_int_equal(parse_log_page("256", &lid, &named), -ERANGE);
	assert_int_equal(parse_log_page(NULL, &lid, &named), -EINVAL);
	assert_int_equal(lid, 77);
}

static void feature_selectors(void **state)
{
	static const char *const names[] = {
		"current", "default", "saved", "supported",
	};
	uint8_t sel = 9;

	(void)state;
	for (uint8_t i = 0; i < 4; i++) {
		assert_int_equal(parse_feature_sel(names[i], &sel), 0);
		assert_int_equal(sel, i);
		assert_string_equal(feature_sel_name(i), names[i]);
	}
	assert_int_equal(parse_feature_sel("3", &sel), 0);
	assert_int_equal(sel, 3);
	sel = 9;
	assert_int_equal(parse_feature_sel("4", &sel), -EINVAL);
	assert_int_equal(parse_feature_sel("Current", &sel), -EINVAL);
	assert_int_equal(parse_feature_sel("", &sel), -EINVAL);
	assert_int_equal(sel, 9);
	assert_null(feature_sel_name(4));
}

/* The field of fid named key. */
static const struct feat_field *field(uint8_t fid, const char *key)
{
	const struct feat_field *f;
	size_t n;

	f = feature_fields(fid, &n);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(f[i].key, key))
			return &f[i];
	fail_msg("fid %#x has no field %s", fid, key);
	return NULL;
}

static void feature_values_decoded(void **state)
{
	char buf[96];
	size_t n;

	(void)state;
	/* Temperature threshold 0x157: 343 K, composite, over. */
	assert_int_equal(feat_field_val(field(4, "tmpth"), 0x157), 343);
	assert_string_equal(feat_field_str(field(4, "tmpth"), 0x157, buf,
					   sizeof(buf)), "343 K (70 °C)");
	assert_string_equal(feat_field_str(field(4, "thsel"), 0x100157, buf,
					   sizeof(buf)),
			    "1 (Under Temperature Threshold)");
	assert_string_equal(feat_field_str(field(4, "tmpsel"), 0x20000, buf,
					   sizeof(buf)),
			    "2 (Temperature Sensor 2)");
	/* Below 0 °C stays signed. */
	assert_string_equal(feat_field_str(field(4, "tmpth"), 263, buf,
					   sizeof(buf)), "263 K (-10 °C)");
	/* Number of queues: zero-based, both halves. */
	assert_string_equal(feat_field_str(field(7, "nsqa"), 0x003f0007, buf,
					   sizeof(buf)), "8");
	assert_string_equal(feat_field_str(field(7, "ncqa"), 0x003f0007, buf,
					   sizeof(buf)), "64");
	assert_string_equal(feat_field_str(field(6, "wce"), 1, buf,
					   sizeof(buf)), "enabled");
	assert_string_equal(feat_field_str(field(1, "ab"), 7, buf,
					   sizeof(buf)), "7 (no limit)");
	assert_string_equal(feat_field_str(field(1, "ab"), 3, buf,
					   sizeof(buf)), "3 (8 commands)");
	assert_string_equal(feat_field_str(field(5, "tler"), 30, buf,
					   sizeof(buf)), "30 (3000 ms)");
	assert_int_equal(feat_field_val(field(0xb, "dlpcn"), 0x80000000), 1);
	assert_string_equal(feature_name(4), "Temperature Threshold");
	assert_string_equal(feature_name(0x7e), "Controller Metadata");
	assert_null(feature_name(0x70));
	assert_null(feature_fields(0x0e, &n));
	assert_int_equal(n, 0);
}

static void formats_and_counters(void **state)
{
	uint8_t le[16] = { 0 };
	char buf[48];

	(void)state;
	assert_string_equal(lba_format_str(512, 8, buf, sizeof(buf)), "512+8");
	assert_string_equal(lba_format_str(4096, 0, buf, sizeof(buf)),
			    "4096+0");
	assert_string_equal(csi_name(0), "NVM");
	assert_string_equal(csi_name(2), "ZNS");
	assert_null(csi_name(3));
	assert_string_equal(io_opcode_name(0x02), "Read");
	assert_string_equal(io_opcode_name(0x01), "Write");
	assert_string_equal(admin_opcode_name(0x06), "Identify");
	assert_null(admin_opcode_name(0x03));

	assert_string_equal(u128_dec(le128(le), buf, sizeof(buf)), "0");
	le[0] = 0x39;
	le[1] = 0x30;	/* 12345 */
	assert_string_equal(u128_dec(le128(le), buf, sizeof(buf)), "12345");
	memset(le, 0xff, sizeof(le));	/* 2^128 - 1 */
	assert_string_equal(u128_dec(le128(le), buf, sizeof(buf)),
			    "340282366920938463463374607431768211455");
	le[0] = 0x57;
	le[1] = 0x01;
	assert_int_equal(le_num(le, 2), 0x157);
}

/* Which NSID a feature takes, and the data it moves (base spec). */
static void feature_scopes_and_sizes(void **state)
{
	(void)state;
	assert_int_equal(feature_scope(0x04), FS_CTRL);
	assert_int_equal(feature_scope(0x03), FS_NS);
	assert_int_equal(feature_scope(0x05), FS_NS);
	assert_int_equal(feature_scope(0x12), FS_NVM_SET);
	assert_int_equal(feature_scope(0x18), FS_ENDGRP);
	assert_int_equal(feature_scope(0x17), FS_SUBSYS);
	assert_int_equal(feature_scope(0xc0), FS_UNKNOWN);
	assert_string_equal(feat_scope_str(FS_CTRL), "controller-wide");
	/* No data, fixed sizes, and those CDW11 sizes. */
	assert_int_equal(feature_data_len(0x04, true, 0, 0), 0);
	assert_int_equal(feature_data_len(0x0e, true, 0, 0), 8);
	assert_int_equal(feature_data_len(0x0c, false, 0, 0), 256);
	assert_int_equal(feature_data_len(0x03, false, 0, 2), 3 * 64);
	assert_int_equal(feature_data_len(0x81, true, 0, 1), 16);
	assert_int_equal(feature_data_len(0x81, true, 0, 0), 8);
	/* Supported capabilities: in the result alone. */
	assert_int_equal(feature_data_len(0x0e, true, 3, 0), 0);
	assert_int_equal(feature_data_len(0xc0, true, 0, 0), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(log_pages_by_name_and_number),
		cmocka_unit_test(bad_log_pages_refused),
		cmocka_unit_test(feature_selectors),
		cmocka_unit_test(feature_values_decoded),
		cmocka_unit_test(feature_scopes_and_sizes),
		cmocka_unit_test(formats_and_counters),
	};

	return cmocka_run_group_tests_name("names", tests, NULL, NULL);
}
