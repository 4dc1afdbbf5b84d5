// SPDX-License-Identifier: MIT
/* Namespace names: nvmeC:NSID, told from paths, malformed ones refused. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ngio.h"

static void good_names(void **state)
{
	static const struct {
		const char *s;
		unsigned ctrl;
		__u32 nsid;
	} good[] = {
		{ "nvme0:3", 0, 3 }, { "/dev/nvme12:1", 12, 1 },
		{ "nvme0:1", 0, 1 }, { "nvme7:10", 7, 10 },
		{ "nvme0:4294967294", 0, 0xfffffffe },
		{ "/dev/nvme2147483647:9", 2147483647, 9 },
	};
	unsigned ctrl;
	__u32 nsid;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		ctrl = 99;
		nsid = 99;
		assert_int_equal(ngio_dev_parse_name(good[i].s, &ctrl, &nsid),
				 1);
		assert_int_equal(ctrl, good[i].ctrl);
		assert_int_equal(nsid, good[i].nsid);
	}
	/* Either result may be left out. */
	assert_int_equal(ngio_dev_parse_name("nvme0:3", NULL, NULL), 1);
	assert_int_equal(ngio_dev_parse_name("nvme0:3", &ctrl, NULL), 1);
	assert_int_equal(ctrl, 0);
	assert_int_equal(ngio_dev_parse_name("nvme1:5", NULL, &nsid), 1);
	assert_int_equal(nsid, 5);
}

static void bad_names_refused(void **state)
{
	static const char *const bad[] = {
		"nvme0:", "nvme0:0", "nvme0:-1", "nvme0:4294967295",
		"nvme0:99999999999999999999", "nvmex:1", "nvme0:3x",
		"nvme0:03", "nvme00:3", "nvme:3", "nvme-1:3", "nvme+1:3",
		"nvme0: 3", "nvme0:+3", "nvme 0:3", "nvme0n1:3", "nvme0:3:4",
		"nvme0:0x3", "/dev/nvme0:", "nvme2147483648:1", "nvme0:00",
	};
	unsigned ctrl = 77;
	__u32 nsid = 77;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (ngio_dev_parse_name(bad[i], &ctrl, &nsid) != -EINVAL)
			fail_msg("'%s' not refused", bad[i]);
	}
	/* Nothing written on failure. */
	assert_int_equal(ctrl, 77);
	assert_int_equal(nsid, 77);
	assert_int_equal(ngio_dev_parse_name(NULL, &ctrl, &nsid), -EINVAL);
}

static void paths_are_not_names(void **state)
{
	static const char *const paths[] = {
		"/dev/ng0n1", "/dev/nvme0n1", "/dev/nvme0", "nvme0", "ng0n1",
		"/dev/disk/by-id/nvme-QEMU_NVMe_Ctrl_ngio0000_1",
		"/dev/disk/by-path/pci-0000:00:05.0-nvme-1", "./nvme0:3",
		"/tmp/nvme0:3", "nvme0:3/x", "/dev//nvme0:3", "dev/nvme0:3",
		"ng0:3", "", "/dev/", "NVME0:3",
	};
	unsigned ctrl = 77;
	__u32 nsid = 77;

	(void)state;
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		if (ngio_dev_parse_name(paths[i], &ctrl, &nsid) != 0)
			fail_msg("'%s' taken for a name", paths[i]);
	}
	assert_int_equal(ctrl, 77);
	assert_int_equal(nsid, 77);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(good_names),
		cmocka_unit_test(bad_names_refused),
		cmocka_unit_test(paths_are_not_names),
	};

	return cmocka_run_group_tests_name("devname", tests, NULL, NULL);
}
