// SPDX-License-Identifier: MIT
/* Linux's passthrough permission rules, as perm_why() words them. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"

/* An unprivileged caller on 6.12 with the ng node open read-write. */
static struct perm_facts user(void)
{
	return (struct perm_facts){ .major = 6, .minor = 12,
				    .writable = true, .effects_log = true,
				    .csi = NVME_CSI_NVM };
}

static const char *why(const struct perm_facts *f, __u8 opcode,
		       __u32 cdw10, bool admin)
{
	static char buf[320];
	struct nvme_uring_cmd cmd = { .opcode = opcode, .cdw10 = cdw10 };

	return perm_why(f, &cmd, admin, buf, sizeof(buf));
}

#define assert_has(s, sub) do {						\
	const char *s_ = (s);						\
	assert_non_null(s_);						\
	if (!strstr(s_, (sub)))						\
		fail_msg("\"%s\" lacks \"%s\"", s_, (sub));		\
} while (0)

static void identify_subset_allowed(void **state)
{
	struct perm_facts f = user();
	static const __u8 ok[] = { 0x00, 0x01, 0x05, 0x06, 0x08 };

	(void)state;
	for (size_t i = 0; i < sizeof(ok); i++)
		assert_null(why(&f, nvme_admin_identify, ok[i], true));
	/* Even on a read-only node: Identify needs no write access. */
	f.writable = false;
	assert_null(why(&f, nvme_admin_identify, 0x01, true));
	/* Not CNS 02h (active list), 03h (descriptors), 07h... */
	assert_has(why(&f, nvme_admin_identify, 0x03, true),
		   "admin command Identify CNS 03h: only root (CAP_SYS_ADMIN) "
		   "may send it; without it Linux allows only Identify (CNS "
		   "00h/01h/05h/06h/08h)");
	assert_has(why(&f, nvme_admin_identify, 0x02, true),
		   "Identify CNS 02h");
}

static void other_admin_refused(void **state)
{
	struct perm_facts f = user();

	(void)state;
	assert_has(why(&f, nvme_admin_get_log_page, 0x02, true),
		   "admin command Get Log Page: only root (CAP_SYS_ADMIN) may "
		   "send it");
	assert_has(why(&f, nvme_admin_get_features, 0x04, true),
		   "admin command Get Features:");
	assert_has(why(&f, nvme_admin_set_features, 0x04, true),
		   "admin command Set Features:");
	/* >= 0x80 is Format NVM, Sanitize, ... for admin: the admin rule. */
	assert_has(why(&f, nvme_admin_format_nvm, 0, true),
		   "admin command Format NVM:");
	assert_has(why(&f, 0x3f, 0, true), "admin command opcode 0x3f:");
	/* An I/O opcode number sent as admin is judged as admin. */
	assert_has(why(&f, nvme_cmd_read, 0, true),
		   "admin command Get Log Page");
}

static void vendor_and_fabrics(void **state)
{
	struct perm_facts f = user();

	(void)state;
	assert_has(why(&f, 0x81, 0, false),
		   "opcode 0x81: vendor-specific commands need CAP_SYS_ADMIN");
	assert_has(why(&f, 0xff, 0, false), "opcode 0xff: vendor-specific");
	assert_has(why(&f, 0x7f, 0, false),
		   "opcode 0x7f: fabrics commands need CAP_SYS_ADMIN");
	assert_has(why(&f, 0x7f, 0, true), "fabrics commands");
}

static void before_6_2_nothing(void **state)
{
	struct perm_facts f = user();

	(void)state;
	f.minor = 1;
	assert_has(why(&f, nvme_admin_identify, 0x01, true),
		   "Linux 6.1 allows passthrough only to CAP_SYS_ADMIN (6.2+ "
		   "allows some commands to other users)");
	assert_has(why(&f, nvme_cmd_read, 0, false), "Linux 6.1 allows");
	f.major = 5;
	f.minor = 19;
	assert_has(why(&f, nvme_cmd_read, 0, false), "Linux 5.19 allows");
	f.major = 6;
	f.minor = 2;
	assert_null(why(&f, nvme_admin_identify, 0x00, true));
	f.major = 7;
	f.minor = 0;
	assert_null(why(&f, nvme_admin_identify, 0x00, true));
}

static void writes_need_write_open(void **state)
{
	struct perm_facts f = user();

	(void)state;
	f.writable = false;
	/* Opcode bit 0: data to the device (Write, Compare, DSM, Copy...). */
	assert_has(why(&f, nvme_cmd_write, 0, false),
		   "Write (opcode 0x01) needs the node opened for writing "
		   "(Linux lets users without CAP_SYS_ADMIN send a command that "
		   "moves data to the device only then)");
	assert_has(why(&f, nvme_cmd_compare, 0, false),
		   "Compare (opcode 0x05) needs the node opened for writing");
	assert_has(why(&f, nvme_zns_cmd_append, 0, false),
		   "Zone Append (opcode 0x7d) needs the node opened");
	/* The LBCC Linux gives Write Zeroes and Write Uncorrectable. */
	assert_has(why(&f, nvme_cmd_write_zeroes, 0, false),
		   "Write Zeroes (opcode 0x08) needs the node opened for "
		   "writing (Linux lets users without CAP_SYS_ADMIN send a "
		   "command that changes logical blocks only then)");
	assert_has(why(&f, nvme_cmd_write_uncor, 0, false),
		   "changes logical blocks");
	/* ... for NVM only: a ZNS namespace has its own log. */
	f.csi = NVME_CSI_ZNS;
	assert_has(why(&f, nvme_cmd_write_zeroes, 0, false),
		   "needs CAP_SYS_ADMIN if the controller's");
}

static void effects_unknown_said_so(void **state)
{
	struct perm_facts f = user();

	(void)state;
	assert_has(why(&f, nvme_cmd_read, 0, false),
		   "Read (opcode 0x02) needs CAP_SYS_ADMIN if the controller's "
		   "Commands Supported and Effects log does not mark it as "
		   "supported without side effects");
	assert_null(strstr(why(&f, nvme_cmd_read, 0, false), "read-only"));
	f.writable = false;
	/* Flush may have LBCC (QEMU's has): the log decides that too. */
	assert_has(why(&f, nvme_cmd_flush, 0, false),
		   "Flush (opcode 0x00) needs CAP_SYS_ADMIN if the "
		   "controller's Commands Supported and Effects log does not "
		   "mark it as supported without side effects, or (the node "
		   "being open read-only) says it changes logical blocks");
	assert_has(why(&f, 0x33, 0, false), "the command (opcode 0x33)");
}

static void no_effects_log(void **state)
{
	struct perm_facts f = user();

	(void)state;
	f.effects_log = false;
	assert_has(why(&f, nvme_cmd_read, 0, false),
		   "the controller has no Commands Supported and Effects log, "
		   "and without one Linux lets only CAP_SYS_ADMIN send I/O "
		   "commands (Read, opcode 0x02)");
	/* Admin Identify does not depend on it. */
	assert_null(why(&f, nvme_admin_identify, 0x00, true));
}

static void effects_known(void **state)
{
	struct perm_facts f = user();
	__le32 log[256] = { 0 };

	(void)state;
	log[nvme_cmd_read] = htole32(NVME_CMD_EFFECTS_CSUPP);
	log[nvme_cmd_write] = htole32(NVME_CMD_EFFECTS_CSUPP |
				      NVME_CMD_EFFECTS_LBCC);
	log[nvme_cmd_flush] = htole32(NVME_CMD_EFFECTS_CSUPP |
				      NVME_CMD_EFFECTS_LBCC);
	log[nvme_cmd_verify] = htole32(NVME_CMD_EFFECTS_CSUPP |
				       NVME_CMD_EFFECTS_UUID_SEL |
				       (1U << 20) /* scope */ |
				       (1U << 16) /* CSE, masked for I/O */);
	log[nvme_cmd_dsm] = htole32(NVME_CMD_EFFECTS_CSUPP |
				    NVME_CMD_EFFECTS_NCC);
	/* The controller's log without Linux's own LBCC on Write Zeroes. */
	log[nvme_cmd_write_zeroes] = htole32(NVME_CMD_EFFECTS_CSUPP);
	f.effects = log;
	assert_null(why(&f, nvme_cmd_read, 0, false));
	assert_null(why(&f, nvme_cmd_write, 0, false));
	assert_null(why(&f, nvme_cmd_flush, 0, false));
	assert_null(why(&f, nvme_cmd_verify, 0, false));
	assert_has(why(&f, nvme_cmd_compare, 0, false),
		   "the controller's Commands Supported and Effects log does "
		   "not mark Compare (opcode 0x05) as supported, and Linux "
		   "lets only CAP_SYS_ADMIN send such commands");
	assert_has(why(&f, nvme_cmd_dsm, 0, false),
		   "gives Dataset Management (opcode 0x09) effects beyond "
		   "changing logical blocks (0x00000005)");
	f.writable = false;
	assert_null(why(&f, nvme_cmd_read, 0, false));
	assert_null(why(&f, nvme_cmd_verify, 0, false));
	assert_has(why(&f, nvme_cmd_write, 0, false),
		   "moves data to the device only then");
	assert_has(why(&f, nvme_cmd_flush, 0, false),
		   "Flush (opcode 0x00) needs the node opened for writing "
		   "(Linux lets users without CAP_SYS_ADMIN send a command that "
		   "changes logical blocks only then)");
	assert_has(why(&f, nvme_cmd_write_zeroes, 0, false),
		   "changes logical blocks only then");
	/* Unsupported beats read-only: the kernel checks CSUPP first. */
	assert_has(why(&f, nvme_cmd_compare, 0, false), "does not mark");
}

static void root(void **state)
{
	struct perm_facts f = user();

	(void)state;
	f.sys_admin = true;
	f.writable = false;
	f.effects_log = false;
	assert_null(why(&f, nvme_admin_get_log_page, 0x02, true));
	assert_null(why(&f, 0x81, 0, false));
	assert_null(why(&f, nvme_cmd_write, 0, false));
	f.minor = 1;
	assert_null(why(&f, nvme_cmd_read, 0, false));
	assert_null(why(&f, nvme_admin_set_features, 0x04, true));
	/* Set Features the driver manages: refused to root too (7.3). */
	f.major = 7;
	f.minor = 3;
	assert_has(why(&f, nvme_admin_set_features, 0x0c, true),
		   "Linux 7.3 refuses Set Features of FID 0x0c (Autonomous "
		   "Power State Transition) to every user, root too");
	assert_has(why(&f, nvme_admin_set_features, 0x07, true),
		   "Number of Queues");
	assert_has(why(&f, nvme_admin_set_features, 0x0d, true),
		   "Host Memory Buffer");
	assert_has(why(&f, nvme_admin_set_features, 0x16, true),
		   "Host Behavior Support");
	/* SV (bit 31) does not change the FID. */
	assert_has(why(&f, nvme_admin_set_features, 0x80000016, true),
		   "FID 0x16");
	assert_has(why(&f, nvme_admin_set_features, 0x0f, true),
		   "Keep Alive Timer");
	f.fabrics = true;
	assert_null(why(&f, nvme_admin_set_features, 0x0f, true));
	/* Get Features of them is fine; so is an I/O opcode 0x09 (DSM). */
	assert_null(why(&f, nvme_admin_get_features, 0x0c, true));
	assert_null(why(&f, nvme_cmd_dsm, 0x0c, false));
	/* Without CAP_SYS_ADMIN, the admin rule says it. */
	f.sys_admin = false;
	assert_has(why(&f, nvme_admin_set_features, 0x0c, true),
		   "admin command Set Features: only root");
}

static void public_wrapper(void **state)
{
	struct nvme_uring_cmd cmd = { .opcode = nvme_admin_identify,
				      .cdw10 = NVME_IDENTIFY_CNS_NS };

	(void)state;
	/* No device, no command: nothing to say; Identify NS passes on
	 * 6.2+ and as root, and is refused before 6.2 without it. */
	assert_null(ngio_why_denied(NULL, NULL, true));
	if (ngio_why_denied(NULL, &cmd, true))
		assert_has(ngio_why_denied(NULL, &cmd, true),
			   "allows passthrough only to CAP_SYS_ADMIN");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(identify_subset_allowed),
		cmocka_unit_test(other_admin_refused),
		cmocka_unit_test(vendor_and_fabrics),
		cmocka_unit_test(before_6_2_nothing),
		cmocka_unit_test(writes_need_write_open),
		cmocka_unit_test(effects_unknown_said_so),
		cmocka_unit_test(no_effects_log),
		cmocka_unit_test(effects_known),
		cmocka_unit_test(root),
		cmocka_unit_test(public_wrapper),
	};

	return cmocka_run_group_tests_name("perm", tests, NULL, NULL);
}
