// SPDX-License-Identifier: MIT
/* Command builders: every field of every command, and every refusal. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ngio.h"

static const struct ngio_geometry g512 = {
	.nsid = 1, .lba_size = 512, .lba_shift = 9, .nsze = 1 << 20,
	.max_xfer = 128 * 1024,
};

static const struct ngio_geometry g4k_ext = {
	.nsid = 7, .lba_size = 4096, .lba_shift = 12, .ms = 8,
	.extended = true, .nsze = 1 << 20, .max_xfer = 0,
};

static char buf[1 << 20] __attribute__((aligned(4096)));

static void read_encodes_every_field(void **state)
{
	struct nvme_uring_cmd cmd;

	(void)state;
	memset(&cmd, 0xa5, sizeof(cmd));
	assert_int_equal(ngio_cmd_read(&cmd, &g512, 0x123456789abULL, buf,
				       8 * 512, 0), 0);
	assert_int_equal(cmd.opcode, 0x02);
	assert_int_equal(cmd.flags, 0);
	assert_int_equal(cmd.nsid, 1);
	assert_int_equal(cmd.cdw2, 0);
	assert_int_equal(cmd.cdw3, 0);
	assert_int_equal(cmd.metadata, 0);
	assert_int_equal(cmd.metadata_len, 0);
	assert_ptr_equal((void *)(uintptr_t)cmd.addr, buf);
	assert_int_equal(cmd.data_len, 4096);
	assert_int_equal(cmd.cdw10, 0x456789ab);
	assert_int_equal(cmd.cdw11, 0x123);
	assert_int_equal(cmd.cdw12, 7);		/* 0's based */
	assert_int_equal(cmd.cdw13, 0);
	assert_int_equal(cmd.cdw14, 0);
	assert_int_equal(cmd.cdw15, 0);
	assert_int_equal(cmd.timeout_ms, 0);
}

static void write_sets_fua_and_lr(void **state)
{
	struct nvme_uring_cmd cmd;

	(void)state;
	assert_int_equal(ngio_cmd_write(&cmd, &g512, 5, buf, 512,
					NGIO_RW_FUA), 0);
	assert_int_equal(cmd.opcode, 0x01);
	assert_int_equal(cmd.cdw12, 1U << 30);
	assert_int_equal(ngio_cmd_write(&cmd, &g512, 5, buf, 1024,
					NGIO_RW_FUA | NGIO_RW_LR), 0);
	assert_int_equal(cmd.cdw12, (1U << 31) | (1U << 30) | 1);
	assert_int_equal(ngio_cmd_write(&cmd, &g512, 5, buf, 512, 1U << 7),
			 -EINVAL);
}

static void extended_lba_counts_metadata(void **state)
{
	struct nvme_uring_cmd cmd;

	(void)state;
	assert_int_equal(ngio_block_bytes(&g4k_ext), 4104);
	assert_int_equal(ngio_cmd_read(&cmd, &g4k_ext, 0, buf, 2 * 4104, 0),
			 0);
	assert_int_equal(cmd.nsid, 7);
	assert_int_equal(cmd.cdw12, 1);
	assert_int_equal(cmd.data_len, 2 * 4104);
	assert_int_equal(ngio_cmd_read(&cmd, &g4k_ext, 0, buf, 2 * 4096, 0),
			 -EINVAL);
}

static void rw_refuses_bad_buffers_and_lengths(void **state)
{
	struct nvme_uring_cmd cmd;
	struct ngio_geometry ctrl = { 0 };

	(void)state;
	assert_int_equal(ngio_cmd_read(&cmd, &g512, 0, NULL, 512, 0), -EFAULT);
	assert_int_equal(ngio_cmd_read(&cmd, &g512, 0, buf + 2, 512, 0),
			 -EINVAL);
	assert_int_equal(ngio_cmd_read(&cmd, &g512, 0, buf, 0, 0), -EINVAL);
	assert_int_equal(ngio_cmd_read(&cmd, &g512, 0, buf, 511, 0), -EINVAL);
	assert_int_equal(ngio_cmd_read(&cmd, &g512, 0, buf, 513, 0), -EINVAL);
	/* Over max_xfer (MDTS). */
	assert_int_equal(ngio_cmd_read(&cmd, &g512, 0, buf, 128 * 1024, 0), 0);
	assert_int_equal(ngio_cmd_read(&cmd, &g512, 0, buf,
				       128 * 1024 + 512, 0), -EINVAL);
	/* A controller has no namespace to read. */
	assert_int_equal(ngio_cmd_read(&cmd, &ctrl, 0, buf, 512, 0), -EINVAL);
}

static void rw_respects_segment_limit(void **state)
{
	struct ngio_geometry g = g512;
	struct nvme_uring_cmd cmd;

	(void)state;
	g.max_xfer = 0;
	g.max_segments = 4;
	g.page_size = 4096;
	/* 4 pages from a page boundary: fine; from mid-page: 5 pages. */
	assert_int_equal(ngio_cmd_read(&cmd, &g, 0, buf, 16384, 0), 0);
	assert_int_equal(ngio_cmd_read(&cmd, &g, 0, buf + 512, 16384, 0),
			 -EINVAL);
	assert_int_equal(ngio_cmd_read(&cmd, &g, 0, buf + 512, 15872, 0), 0);
	assert_int_equal(ngio_cmd_read(&cmd, &g, 0, buf + 4, 3 * 4096, 0), 0);
}

static void rw_nlb_is_16_bits(void **state)
{
	struct ngio_geometry g = g512;
	struct nvme_uring_cmd cmd;
	static char big[65537 * 8] __attribute__((aligned(4096)));

	(void)state;
	g.lba_size = 8;		/* tiny blocks to reach 65536 cheaply */
	g.max_xfer = 0;
	assert_int_equal(ngio_cmd_read(&cmd, &g, 0, big, 65536 * 8, 0), 0);
	assert_int_equal(cmd.cdw12, 0xffff);
	assert_int_equal(ngio_cmd_read(&cmd, &g, 0, big, 65537 * 8, 0),
			 -EINVAL);
}

static void identify_encoding(void **state)
{
	struct nvme_uring_cmd cmd;

	(void)state;
	assert_int_equal(ngio_cmd_identify(&cmd, NVME_IDENTIFY_CNS_CSI_NS, 3,
					   0x1234, NVME_CSI_ZNS, buf, 4096), 0);
	assert_int_equal(cmd.opcode, 0x06);
	assert_int_equal(cmd.nsid, 3);
	assert_int_equal(cmd.data_len, 4096);
	assert_int_equal(cmd.cdw10, 0x12340005);
	assert_int_equal(cmd.cdw11, 2U << 24);
	assert_int_equal(cmd.cdw12, 0);
	assert_int_equal(ngio_cmd_identify(&cmd, 1, 0, 0, 0, NULL, 4096),
			 -EFAULT);
	assert_int_equal(ngio_cmd_identify(&cmd, 1, 0, 0, 0, buf, 8192),
			 -EINVAL);
}

static void prep_makes_a_uring_cmd_sqe(void **state)
{
	struct io_uring_sqe sqe[2];
	struct nvme_uring_cmd cmd, *in_sqe;

	(void)state;
	memset(sqe, 0xff, sizeof(sqe));
	assert_int_equal(ngio_cmd_read(&cmd, &g512, 9, buf, 512, 0), 0);
	ngio_prep_uring_cmd(sqe, 42, NVME_URING_CMD_IO, &cmd);
	assert_int_equal(sqe->opcode, IORING_OP_URING_CMD);
	assert_int_equal(sqe->fd, 42);
	assert_int_equal(sqe->cmd_op, NVME_URING_CMD_IO);
	assert_int_equal(sqe->flags, 0);
	assert_int_equal(sqe->uring_cmd_flags, 0);
	assert_int_equal(sqe->user_data, 0);
	in_sqe = (struct nvme_uring_cmd *)sqe->cmd;
	assert_memory_equal(in_sqe, &cmd, sizeof(cmd));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(read_encodes_every_field),
		cmocka_unit_test(write_sets_fua_and_lr),
		cmocka_unit_test(extended_lba_counts_metadata),
		cmocka_unit_test(rw_refuses_bad_buffers_and_lengths),
		cmocka_unit_test(rw_respects_segment_limit),
		cmocka_unit_test(rw_nlb_is_16_bits),
		cmocka_unit_test(identify_encoding),
		cmocka_unit_test(prep_makes_a_uring_cmd_sqe),
	};

	return cmocka_run_group_tests_name("cmd", tests, NULL, NULL);
}
