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
	g.lba_shift = 3;
	g.max_xfer = 0;
	assert_int_equal(ngio_cmd_read(&cmd, &g, 0, big, 65536 * 8, 0), 0);
	assert_int_equal(cmd.cdw12, 0xffff);
	assert_int_equal(ngio_cmd_read(&cmd, &g, 0, big, 65537 * 8, 0),
			 -EINVAL);
}

/* A Key Value namespace has no read or write: 02h is its Retrieve. */
static void rw_refused_on_kv(void **state)
{
	struct ngio_geometry g = g512;
	struct nvme_uring_cmd cmd;
	static char buf[4096] __attribute__((aligned(4096)));

	(void)state;
	g.csi = NVME_CSI_KV;
	assert_int_equal(ngio_cmd_read(&cmd, &g, 0, buf, 512, 0), -EINVAL);
	assert_int_equal(ngio_cmd_write(&cmd, &g, 0, buf, 512, 0), -EINVAL);
	g.csi = NVME_CSI_ZNS;
	assert_int_equal(ngio_cmd_read(&cmd, &g, 0, buf, 512, 0), 0);
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

static void compare_and_vectored(void **state)
{
	struct nvme_uring_cmd cmd;
	struct iovec iov[3] = {
		{ buf, 512 }, { buf + 4096, 1024 }, { buf + 8192, 512 },
	};

	(void)state;
	assert_int_equal(ngio_cmd_compare(&cmd, &g512, 10, buf, 1024,
					  NGIO_RW_FUA), 0);
	assert_int_equal(cmd.opcode, 0x05);
	assert_int_equal(cmd.cdw10, 10);
	assert_int_equal(cmd.cdw12, (1U << 30) | 1);
	assert_int_equal(cmd.data_len, 1024);

	assert_int_equal(ngio_cmd_readv(&cmd, &g512, 3, iov, 3, 0), 0);
	assert_int_equal(cmd.opcode, 0x02);
	assert_ptr_equal((void *)(uintptr_t)cmd.addr, iov);
	assert_int_equal(cmd.data_len, 3);	/* vec_cnt */
	assert_int_equal(cmd.cdw12, 3);		/* 2048 bytes, 0's based */
	assert_int_equal(ngio_cmd_writev(&cmd, &g512, 3, iov, 3, 0), 0);
	assert_int_equal(cmd.opcode, 0x01);
	iov[1].iov_len = 1000;
	assert_int_equal(ngio_cmd_writev(&cmd, &g512, 3, iov, 3, 0), -EINVAL);
	iov[1].iov_len = 1024;
	iov[2].iov_base = buf + 2;
	assert_int_equal(ngio_cmd_readv(&cmd, &g512, 3, iov, 3, 0), -EINVAL);
	assert_int_equal(ngio_cmd_readv(&cmd, &g512, 3, iov, 0, 0), -EINVAL);
	assert_int_equal(ngio_cmd_readv(&cmd, &g512, 3, NULL, 1, 0), -EFAULT);
}

static void range_commands(void **state)
{
	struct nvme_uring_cmd cmd;

	(void)state;
	assert_int_equal(ngio_cmd_write_zeroes(&cmd, &g512, 1ULL << 33, 16,
					       NGIO_WZ_DEAC | NGIO_RW_FUA), 0);
	assert_int_equal(cmd.opcode, 0x08);
	assert_int_equal(cmd.cdw10, 0);
	assert_int_equal(cmd.cdw11, 2);
	assert_int_equal(cmd.cdw12, 15 | (1U << 25) | (1U << 30));
	assert_int_equal(cmd.addr, 0);
	assert_int_equal(cmd.data_len, 0);

	assert_int_equal(ngio_cmd_write_uncor(&cmd, &g512, 4, 65536), 0);
	assert_int_equal(cmd.opcode, 0x04);
	assert_int_equal(cmd.cdw12, 0xffff);
	assert_int_equal(ngio_cmd_write_uncor(&cmd, &g512, 4, 65537), -EINVAL);
	assert_int_equal(ngio_cmd_write_uncor(&cmd, &g512, 4, 0), -EINVAL);

	assert_int_equal(ngio_cmd_verify(&cmd, &g512, 99, 8, NGIO_RW_LR), 0);
	assert_int_equal(cmd.opcode, 0x0c);
	assert_int_equal(cmd.cdw10, 99);
	assert_int_equal(cmd.cdw12, 7 | (1U << 31));
	/* Deallocate is for write zeroes only. */
	assert_int_equal(ngio_cmd_verify(&cmd, &g512, 99, 8, NGIO_WZ_DEAC),
			 -EINVAL);

	assert_int_equal(ngio_cmd_flush(&cmd, &g512), 0);
	assert_int_equal(cmd.opcode, 0x00);
	assert_int_equal(cmd.nsid, 1);
	assert_int_equal(cmd.cdw10 | cmd.cdw12 | cmd.data_len, 0);
}

static void dsm_ranges(void **state)
{
	static struct nvme_dsm_range r[257] __attribute__((aligned(16)));
	struct nvme_uring_cmd cmd;
	unsigned char *b = (unsigned char *)r;

	(void)state;
	ngio_dsm_range(&r[0], 0x0102030405060708ULL, 0x11223344, 0xa0b0c0d0);
	/* Little-endian on the wire: cattr, nlb, slba. */
	assert_int_equal(b[0], 0xd0);
	assert_int_equal(b[4], 0x44);
	assert_int_equal(b[8], 0x08);
	assert_int_equal(b[15], 0x01);
	ngio_dsm_range(&r[1], 100, 8, 0);
	assert_int_equal(ngio_cmd_dsm(&cmd, &g512, r, 2, NVME_DSMGMT_AD), 0);
	assert_int_equal(cmd.opcode, 0x09);
	assert_int_equal(cmd.cdw10, 1);
	assert_int_equal(cmd.cdw11, 4);
	assert_int_equal(cmd.data_len, 32);
	assert_ptr_equal((void *)(uintptr_t)cmd.addr, r);
	assert_int_equal(ngio_cmd_dsm(&cmd, &g512, r, 256, 0), 0);
	assert_int_equal(cmd.cdw10, 255);
	assert_int_equal(ngio_cmd_dsm(&cmd, &g512, r, 257, 0), -EINVAL);
	assert_int_equal(ngio_cmd_dsm(&cmd, &g512, r, 0, 0), -EINVAL);
	assert_int_equal(ngio_cmd_dsm(&cmd, &g512, r, 1, 8), -EINVAL);
	assert_int_equal(ngio_cmd_dsm(&cmd, &g512, NULL, 1, 0), -EFAULT);
}

static void copy_ranges(void **state)
{
	static struct nvme_copy_range r[2] __attribute__((aligned(16)));
	struct nvme_uring_cmd cmd;
	unsigned char *b = (unsigned char *)r;

	(void)state;
	assert_int_equal(sizeof(r[0]), 32);
	assert_int_equal(ngio_copy_range(&r[0], 0x1122334455ULL, 16), 0);
	assert_int_equal(b[8], 0x55);		/* SLBA at bytes 8-15 */
	assert_int_equal(b[12], 0x11);
	assert_int_equal(b[16], 15);		/* NLB 0's based at 16-17 */
	assert_int_equal(b[17], 0);
	assert_int_equal(ngio_copy_range(&r[1], 0, 0), -EINVAL);
	assert_int_equal(ngio_copy_range(&r[1], 0, 65537), -EINVAL);
	assert_int_equal(ngio_copy_range(&r[1], 7, 65536), 0);
	assert_int_equal(ngio_cmd_copy(&cmd, &g512, 5000, r, 2, NGIO_RW_FUA),
			 0);
	assert_int_equal(cmd.opcode, 0x19);
	assert_int_equal(cmd.cdw10, 5000);
	assert_int_equal(cmd.cdw12, 1 | (1U << 30));	/* NR 0's based */
	assert_int_equal(cmd.data_len, 64);
	assert_int_equal(ngio_cmd_copy(&cmd, &g512, 0, r, 0, 0), -EINVAL);
}

static void metadata_buffers(void **state)
{
	struct ngio_geometry md = g512;
	struct nvme_uring_cmd cmd;
	static char mdbuf[64] __attribute__((aligned(8)));

	(void)state;
	md.ms = 8;
	assert_int_equal(ngio_cmd_write(&cmd, &md, 0, buf, 4 * 512, 0), 0);
	assert_int_equal(ngio_cmd_metadata(&cmd, &md, mdbuf, 32), 0);
	assert_ptr_equal((void *)(uintptr_t)cmd.metadata, mdbuf);
	assert_int_equal(cmd.metadata_len, 32);
	assert_int_equal(ngio_cmd_metadata(&cmd, &md, mdbuf, 31), -EINVAL);
	assert_int_equal(ngio_cmd_metadata(&cmd, &md, NULL, 32), -EFAULT);
	/* No metadata in the format, or interleaved: refused. */
	assert_int_equal(ngio_cmd_write(&cmd, &g512, 0, buf, 512, 0), 0);
	assert_int_equal(ngio_cmd_metadata(&cmd, &g512, mdbuf, 8), -EINVAL);
	assert_int_equal(ngio_cmd_read(&cmd, &g4k_ext, 0, buf, 4104, 0), 0);
	assert_int_equal(ngio_cmd_metadata(&cmd, &g4k_ext, mdbuf, 8), -EINVAL);
	/* Only data-moving commands carry it. */
	assert_int_equal(ngio_cmd_flush(&cmd, &md), 0);
	assert_int_equal(ngio_cmd_metadata(&cmd, &md, mdbuf, 8), -EINVAL);
}

static void log_page_encoding(void **state)
{
	struct ngio_log_args a = {
		.lid = NVME_LOG_LID_SMART, .lsp = 0x7f, .lsi = 0xbeef,
		.nsid = NVME_NSID_ALL, .offset = 0x100000004ULL, .rae = true,
		.csi = NVME_CSI_ZNS, .uuidx = 3,
	};
	struct nvme_uring_cmd cmd;

	(void)state;
	/* 512 KiB = 131072 dwords: NUMD 0x1ffff splits across dwords. */
	assert_int_equal(ngio_cmd_get_log(&cmd, &a, buf, 512 * 1024), 0);
	assert_int_equal(cmd.opcode, 0x02);
	assert_int_equal(cmd.nsid, 0xffffffff);
	assert_int_equal(cmd.cdw10, 0x02 | (0x7f << 8) | (1U << 15) |
			 (0xffffU << 16));
	assert_int_equal(cmd.cdw11, 0x1 | (0xbeefU << 16));
	assert_int_equal(cmd.cdw12, 4);
	assert_int_equal(cmd.cdw13, 1);
	assert_int_equal(cmd.cdw14, 3 | (2U << 24));
	assert_int_equal(cmd.data_len, 512 * 1024);
	a.offset = 2;
	assert_int_equal(ngio_cmd_get_log(&cmd, &a, buf, 512), -EINVAL);
	a.offset = 0;
	a.lsp = 0x80;
	assert_int_equal(ngio_cmd_get_log(&cmd, &a, buf, 512), -EINVAL);
	a.lsp = 0;
	assert_int_equal(ngio_cmd_get_log(&cmd, &a, buf, 510), -EINVAL);
	assert_int_equal(ngio_cmd_get_log(&cmd, &a, buf, 4), 0);
	assert_int_equal(cmd.cdw10 >> 16, 0);
}

static void features_encoding(void **state)
{
	struct nvme_uring_cmd cmd;

	(void)state;
	assert_int_equal(ngio_cmd_get_features(&cmd, NVME_FEAT_FID_NUM_QUEUES,
					       0, 3, 0, NULL, 0), 0);
	assert_int_equal(cmd.opcode, 0x0a);
	assert_int_equal(cmd.cdw10, 0x07 | (3 << 8));
	assert_int_equal(cmd.addr, 0);
	assert_int_equal(cmd.data_len, 0);
	assert_int_equal(ngio_cmd_get_features(&cmd, 7, 0, 4, 0, NULL, 0),
			 -EINVAL);
	assert_int_equal(ngio_cmd_get_features(&cmd, 7, 0, 0, 0, NULL, 8),
			 -EFAULT);
	assert_int_equal(ngio_cmd_set_features(&cmd, NVME_FEAT_FID_ARBITRATION,
					       0, 0x3, 0x55, true, NULL, 0), 0);
	assert_int_equal(cmd.opcode, 0x09);
	assert_int_equal(cmd.cdw10, 0x01 | (1U << 31));
	assert_int_equal(cmd.cdw11, 3);
	assert_int_equal(cmd.cdw12, 0x55);
	assert_int_equal(ngio_cmd_set_features(&cmd, 0x0e, 1, 0, 0, false,
					       buf, 8), 0);
	assert_int_equal(cmd.nsid, 1);
	assert_int_equal(cmd.data_len, 8);
}

static const struct ngio_geometry gzns = {
	.nsid = 4, .lba_size = 4096, .lba_shift = 12, .nsze = 8192,
	.csi = NVME_CSI_ZNS, .max_xfer = 64 * 1024, .max_segments = 127,
	.page_size = 4096,
};

/* Everything but the fields a test sets must be zero. */
static void assert_rest_zero(const struct nvme_uring_cmd *cmd)
{
	assert_int_equal(cmd->flags, 0);
	assert_int_equal(cmd->cdw2, 0);
	assert_int_equal(cmd->cdw3, 0);
	assert_int_equal(cmd->metadata, 0);
	assert_int_equal(cmd->metadata_len, 0);
	assert_int_equal(cmd->cdw14, 0);
	assert_int_equal(cmd->cdw15, 0);
	assert_int_equal(cmd->timeout_ms, 0);
}

static void zone_mgmt_send_encoding(void **state)
{
	static const enum nvme_zns_send_action acts[] = {
		NVME_ZNS_ZSA_CLOSE, NVME_ZNS_ZSA_FINISH, NVME_ZNS_ZSA_OPEN,
		NVME_ZNS_ZSA_RESET, NVME_ZNS_ZSA_OFFLINE,
	};
	struct nvme_uring_cmd cmd;

	(void)state;
	for (size_t i = 0; i < sizeof(acts) / sizeof(acts[0]); i++) {
		memset(&cmd, 0xa5, sizeof(cmd));
		assert_int_equal(ngio_cmd_zone_mgmt_send(&cmd, &gzns,
				0x123456789abULL, acts[i], 0, NULL, 0), 0);
		assert_int_equal(cmd.opcode, 0x79);
		assert_int_equal(cmd.nsid, 4);
		assert_int_equal(cmd.addr, 0);
		assert_int_equal(cmd.data_len, 0);
		assert_int_equal(cmd.cdw10, 0x456789ab);
		assert_int_equal(cmd.cdw11, 0x123);
		assert_int_equal(cmd.cdw12, 0);
		assert_int_equal(cmd.cdw13, acts[i]);
		assert_rest_zero(&cmd);
	}
	/* Select All: bit 8, no SLBA. */
	assert_int_equal(ngio_cmd_zone_mgmt_send(&cmd, &gzns, 512,
			NVME_ZNS_ZSA_RESET, NGIO_ZONE_ALL, NULL, 0), 0);
	assert_int_equal(cmd.cdw13, 0x104);
	assert_int_equal(cmd.cdw10, 0);
	assert_int_equal(cmd.cdw11, 0);
	/* ZRWA allocation on open: bit 9. */
	assert_int_equal(ngio_cmd_zone_mgmt_send(&cmd, &gzns, 512,
			NVME_ZNS_ZSA_OPEN, NGIO_ZONE_ZRWA, NULL, 0), 0);
	assert_int_equal(cmd.cdw13, 0x203);
	assert_int_equal(cmd.cdw10, 512);
	/* ZRWA flush names an LBA inside the zone. */
	assert_int_equal(ngio_cmd_zone_mgmt_send(&cmd, &gzns, 515,
			NVME_ZNS_ZSA_ZRWA_FLUSH, 0, NULL, 0), 0);
	assert_int_equal(cmd.cdw13, 0x11);
	assert_int_equal(cmd.cdw10, 515);
	/* Set Zone Descriptor Extension carries the extension. */
	memset(&cmd, 0xa5, sizeof(cmd));
	assert_int_equal(ngio_cmd_zone_mgmt_send(&cmd, &gzns, 1024,
			NVME_ZNS_ZSA_SET_DESC_EXT, 0, buf, 128), 0);
	assert_int_equal(cmd.cdw13, 0x10);
	assert_ptr_equal((void *)(uintptr_t)cmd.addr, buf);
	assert_int_equal(cmd.data_len, 128);
	assert_int_equal(cmd.cdw10, 1024);
	assert_int_equal(cmd.cdw12, 0);
	assert_rest_zero(&cmd);
}

static void zone_mgmt_send_refusals(void **state)
{
	struct nvme_uring_cmd cmd;
	struct ngio_geometry ctrl = { 0 };

	(void)state;
	assert_int_equal(ngio_cmd_zone_mgmt_send(&cmd, &ctrl, 0,
			NVME_ZNS_ZSA_RESET, 0, NULL, 0), -EINVAL);
	/* Unknown actions and flags. */
	assert_int_equal(ngio_cmd_zone_mgmt_send(&cmd, &gzns, 0, 0, 0,
						 NULL, 0), -EINVAL);
	assert_int_equal(ngio_cmd_zone_mgmt_send(&cmd, &gzns, 0, 0x6, 0,
						 NULL, 0), -EINVAL);
	assert_int_equal(ngio_cmd_zone_mgmt_send(&cmd, &gzns, 0, 0x12, 0,
						 NULL, 0), -EINVAL);
	assert_int_equal(ngio_cmd_zone_mgmt_send(&cmd, &gzns, 0,
			NVME_ZNS_ZSA_RESET, NGIO_ZONE_PARTIAL, NULL, 0),
			 -EINVAL);
	/* Select All is not for one-zone actions; ZRWA only opens one. */
	assert_int_equal(ngio_cmd_zone_mgmt_send(&cmd, &gzns, 0,
			NVME_ZNS_ZSA_SET_DESC_EXT, NGIO_ZONE_ALL, buf, 64),
			 -EINVAL);
	assert_int_equal(ngio_cmd_zone_mgmt_send(&cmd, &gzns, 0,
			NVME_ZNS_ZSA_ZRWA_FLUSH, NGIO_ZONE_ALL, NULL, 0),
			 -EINVAL);
	assert_int_equal(ngio_cmd_zone_mgmt_send(&cmd, &gzns, 0,
			NVME_ZNS_ZSA_RESET, NGIO_ZONE_ZRWA, NULL, 0), -EINVAL);
	assert_int_equal(ngio_cmd_zone_mgmt_send(&cmd, &gzns, 0,
			NVME_ZNS_ZSA_OPEN, NGIO_ZONE_ZRWA | NGIO_ZONE_ALL,
			NULL, 0), -EINVAL);
	/* Data only for the extension, and then whole 64-byte units. */
	assert_int_equal(ngio_cmd_zone_mgmt_send(&cmd, &gzns, 0,
			NVME_ZNS_ZSA_RESET, 0, buf, 64), -EINVAL);
	assert_int_equal(ngio_cmd_zone_mgmt_send(&cmd, &gzns, 0,
			NVME_ZNS_ZSA_RESET, 0, NULL, 64), -EINVAL);
	assert_int_equal(ngio_cmd_zone_mgmt_send(&cmd, &gzns, 0,
			NVME_ZNS_ZSA_SET_DESC_EXT, 0, NULL, 64), -EFAULT);
	assert_int_equal(ngio_cmd_zone_mgmt_send(&cmd, &gzns, 0,
			NVME_ZNS_ZSA_SET_DESC_EXT, 0, buf, 0), -EINVAL);
	assert_int_equal(ngio_cmd_zone_mgmt_send(&cmd, &gzns, 0,
			NVME_ZNS_ZSA_SET_DESC_EXT, 0, buf, 100), -EINVAL);
	assert_int_equal(ngio_cmd_zone_mgmt_send(&cmd, &gzns, 0,
			NVME_ZNS_ZSA_SET_DESC_EXT, 0, buf + 2, 64), -EINVAL);
	assert_int_equal(ngio_cmd_zone_mgmt_send(&cmd, &gzns, 0,
			NVME_ZNS_ZSA_SET_DESC_EXT, 0, buf, 128 * 1024),
			 -EINVAL);
}

static void zone_mgmt_recv_encoding(void **state)
{
	struct nvme_uring_cmd cmd;

	(void)state;
	memset(&cmd, 0xa5, sizeof(cmd));
	assert_int_equal(ngio_cmd_zone_mgmt_recv(&cmd, &gzns,
			0x123456789abULL, NVME_ZNS_ZRAS_REPORT_ALL, 0, buf,
			4096), 0);
	assert_int_equal(cmd.opcode, 0x7a);
	assert_int_equal(cmd.nsid, 4);
	assert_ptr_equal((void *)(uintptr_t)cmd.addr, buf);
	assert_int_equal(cmd.data_len, 4096);
	assert_int_equal(cmd.cdw10, 0x456789ab);
	assert_int_equal(cmd.cdw11, 0x123);
	assert_int_equal(cmd.cdw12, 1023);	/* NUMD, 0's based */
	assert_int_equal(cmd.cdw13, 0);
	assert_rest_zero(&cmd);
	/* ZRA bits 7:0, ZRASF bits 15:8, Partial Report bit 16. */
	assert_int_equal(ngio_cmd_zone_mgmt_recv(&cmd, &gzns, 0,
			NVME_ZNS_ZRAS_REPORT_OFFLINE,
			NGIO_ZONE_PARTIAL | NGIO_ZONE_EXT, buf, 128), 0);
	assert_int_equal(cmd.cdw12, 31);
	assert_int_equal(cmd.cdw13, 0x10701);
	assert_int_equal(ngio_cmd_zone_mgmt_recv(&cmd, &gzns, 0,
			NVME_ZNS_ZRAS_REPORT_FULL, NGIO_ZONE_PARTIAL, buf,
			64 * 1024), 0);
	assert_int_equal(cmd.cdw12, 16383);
	assert_int_equal(cmd.cdw13, 0x10500);
}

static void zone_mgmt_recv_refusals(void **state)
{
	struct nvme_uring_cmd cmd;
	struct ngio_geometry ctrl = { 0 };

	(void)state;
	assert_int_equal(ngio_cmd_zone_mgmt_recv(&cmd, &ctrl, 0, 0, 0, buf,
						 4096), -EINVAL);
	assert_int_equal(ngio_cmd_zone_mgmt_recv(&cmd, &gzns, 0, 0, 0, NULL,
						 4096), -EFAULT);
	/* A header at least, in dwords, aligned. */
	assert_int_equal(ngio_cmd_zone_mgmt_recv(&cmd, &gzns, 0, 0, 0, buf,
						 0), -EINVAL);
	assert_int_equal(ngio_cmd_zone_mgmt_recv(&cmd, &gzns, 0, 0, 0, buf,
						 60), -EINVAL);
	assert_int_equal(ngio_cmd_zone_mgmt_recv(&cmd, &gzns, 0, 0, 0, buf,
						 64), 0);
	assert_int_equal(cmd.cdw12, 15);
	assert_int_equal(ngio_cmd_zone_mgmt_recv(&cmd, &gzns, 0, 0, 0, buf,
						 130), -EINVAL);
	assert_int_equal(ngio_cmd_zone_mgmt_recv(&cmd, &gzns, 0, 0, 0,
						 buf + 2, 128), -EINVAL);
	/* Within the transfer limit. */
	assert_int_equal(ngio_cmd_zone_mgmt_recv(&cmd, &gzns, 0, 0, 0, buf,
						 64 * 1024 + 4), -EINVAL);
	/* Unknown state filter and flags. */
	assert_int_equal(ngio_cmd_zone_mgmt_recv(&cmd, &gzns, 0, 8, 0, buf,
						 128), -EINVAL);
	assert_int_equal(ngio_cmd_zone_mgmt_recv(&cmd, &gzns, 0, 0,
			NGIO_ZONE_ALL, buf, 128), -EINVAL);
}

static void zone_append_encoding(void **state)
{
	struct ngio_geometry md = gzns;
	struct nvme_uring_cmd cmd;

	(void)state;
	memset(&cmd, 0xa5, sizeof(cmd));
	assert_int_equal(ngio_cmd_zone_append(&cmd, &gzns, 0x10000000200ULL,
					      buf, 3 * 4096, 0), 0);
	assert_int_equal(cmd.opcode, 0x7d);
	assert_int_equal(cmd.nsid, 4);
	assert_ptr_equal((void *)(uintptr_t)cmd.addr, buf);
	assert_int_equal(cmd.data_len, 3 * 4096);
	assert_int_equal(cmd.cdw10, 0x200);
	assert_int_equal(cmd.cdw11, 0x100);
	assert_int_equal(cmd.cdw12, 2);		/* NLB, 0's based */
	assert_int_equal(cmd.cdw13, 0);
	assert_rest_zero(&cmd);
	assert_int_equal(ngio_cmd_zone_append(&cmd, &gzns, 0, buf, 4096,
					      NGIO_RW_FUA | NGIO_RW_LR), 0);
	assert_int_equal(cmd.cdw12, (1U << 31) | (1U << 30));
	/* Refusals as for a write. */
	assert_int_equal(ngio_cmd_zone_append(&cmd, &gzns, 0, NULL, 4096, 0),
			 -EFAULT);
	assert_int_equal(ngio_cmd_zone_append(&cmd, &gzns, 0, buf, 0, 0),
			 -EINVAL);
	assert_int_equal(ngio_cmd_zone_append(&cmd, &gzns, 0, buf, 512, 0),
			 -EINVAL);
	assert_int_equal(ngio_cmd_zone_append(&cmd, &gzns, 0, buf + 2, 4096,
					      0), -EINVAL);
	assert_int_equal(ngio_cmd_zone_append(&cmd, &gzns, 0, buf,
					      68 * 1024, 0), -EINVAL);
	assert_int_equal(ngio_cmd_zone_append(&cmd, &gzns, 0, buf, 4096,
					      NGIO_WZ_DEAC), -EINVAL);
	/* Separate metadata attaches to an append as to a write. */
	md.ms = 8;
	assert_int_equal(ngio_cmd_zone_append(&cmd, &md, 0, buf, 2 * 4096,
					      0), 0);
	assert_int_equal(ngio_cmd_metadata(&cmd, &md, buf + 65536, 16), 0);
	assert_int_equal(cmd.metadata_len, 16);
}

static void nvm_commands_need_a_namespace(void **state)
{
	struct ngio_geometry ctrl = { 0 };
	struct nvme_uring_cmd cmd;

	(void)state;
	assert_int_equal(ngio_cmd_flush(&cmd, &ctrl), -EINVAL);
	assert_int_equal(ngio_cmd_verify(&cmd, &ctrl, 0, 1, 0), -EINVAL);
	assert_int_equal(ngio_cmd_write_zeroes(&cmd, &ctrl, 0, 1, 0), -EINVAL);
}

/* ------------------------------------------------ protection information */

static const struct ngio_geometry gpi1_ext = {	/* 4096+8 extended, type 1 */
	.nsid = 2, .lba_size = 4096, .lba_shift = 12, .ms = 8,
	.extended = true, .pi_type = 1, .nsze = 1 << 20,
};

static const struct ngio_geometry gpi64 = {	/* 4096+64 separate, 64b, type 2 */
	.nsid = 3, .lba_size = 4096, .lba_shift = 12, .ms = 64,
	.pi_type = 2, .pi_format = NGIO_PI_GUARD64, .nsze = 1ULL << 40,
};

static const struct ngio_geometry gpi3 = {	/* 4096+8 separate, type 3 */
	.nsid = 4, .lba_size = 4096, .lba_shift = 12, .ms = 8,
	.pi_type = 3, .nsze = 1 << 20,
};

static void pract_is_a_builder_flag(void **state)
{
	struct nvme_uring_cmd cmd;

	(void)state;
	assert_int_equal(ngio_pi_size(&g512), 0);
	assert_int_equal(ngio_pi_size(&gpi1_ext), 8);
	assert_int_equal(ngio_pi_size(&gpi64), 16);
	assert_int_equal(ngio_pi_checks(&g512), 0);
	assert_int_equal(ngio_pi_checks(&gpi1_ext), 7);
	assert_int_equal(ngio_pi_checks(&gpi3), 6);
	/* Only PRACT on a tuple-only format leaves data alone. */
	assert_false(ngio_pract_strips(&gpi1_ext, 0));
	assert_true(ngio_pract_strips(&gpi1_ext, NGIO_RW_PRACT));
	assert_false(ngio_pract_strips(&gpi64, NGIO_RW_PRACT));
	assert_false(ngio_pract_strips(&g512, NGIO_RW_PRACT));
	assert_int_equal(ngio_xfer_block_bytes(&gpi1_ext, 0), 4104);
	assert_int_equal(ngio_xfer_block_bytes(&gpi1_ext, NGIO_RW_PRACT),
			 4096);
	assert_int_equal(ngio_xfer_block_bytes(&gpi64, NGIO_RW_PRACT), 4096);
	assert_int_equal(ngio_xfer_block_bytes(&g4k_ext, NGIO_RW_PRACT), 4104);
	/* Extended, metadata = the tuple: PRACT leaves data only. */
	assert_int_equal(ngio_cmd_write(&cmd, &gpi1_ext, 9, buf, 2 * 4096,
					NGIO_RW_PRACT), 0);
	assert_int_equal(cmd.cdw12, (1U << 29) | 1);
	assert_int_equal(cmd.data_len, 2 * 4096);
	/* Without PRACT the buffer holds data and tuples. */
	assert_int_equal(ngio_cmd_write(&cmd, &gpi1_ext, 9, buf, 2 * 4096, 0),
			 -EINVAL);
	assert_int_equal(ngio_cmd_read(&cmd, &gpi1_ext, 9, buf, 2 * 4104, 0),
			 0);
	assert_int_equal(cmd.cdw12, 1);
	/* Metadata larger than the tuple still moves with PRACT. */
	assert_int_equal(ngio_cmd_read(&cmd, &gpi64, 9, buf, 4096,
				       NGIO_RW_PRACT | NGIO_RW_FUA), 0);
	assert_int_equal(cmd.cdw12, (1U << 29) | (1U << 30));
	assert_int_equal(ngio_cmd_metadata(&cmd, &gpi64, buf + 4096, 64), 0);
	assert_int_equal(cmd.metadata_len, 64);
	/* Separate metadata = the tuple: no metadata buffer with PRACT. */
	assert_int_equal(ngio_cmd_read(&cmd, &gpi3, 1, buf, 4096,
				       NGIO_RW_PRACT), 0);
	assert_int_equal(ngio_cmd_metadata(&cmd, &gpi3, buf + 4096, 8),
			 -EINVAL);
	/* Vectored follows the same rule. */
	{
		struct iovec iov[2] = { { buf, 4096 }, { buf + 4096, 4096 } };

		assert_int_equal(ngio_cmd_writev(&cmd, &gpi1_ext, 0, iov, 2,
						 NGIO_RW_PRACT), 0);
		assert_int_equal(cmd.cdw12, (1U << 29) | 1);
		assert_int_equal(ngio_cmd_writev(&cmd, &gpi1_ext, 0, iov, 2, 0),
				 -EINVAL);
	}
	/* Write zeroes takes PRACT, verify does not; no PI, no PRACT. */
	assert_int_equal(ngio_cmd_write_zeroes(&cmd, &gpi3, 0, 4,
					       NGIO_RW_PRACT), 0);
	assert_int_equal(cmd.cdw12, (1U << 29) | 3);
	assert_int_equal(ngio_cmd_verify(&cmd, &gpi3, 0, 4, NGIO_RW_PRACT),
			 -EINVAL);
	assert_int_equal(ngio_cmd_read(&cmd, &g512, 0, buf, 512,
				       NGIO_RW_PRACT), -EINVAL);
	assert_int_equal(ngio_cmd_write_zeroes(&cmd, &g512, 0, 1,
					       NGIO_RW_PRACT), -EINVAL);
}

static void pi_fields_encoding(void **state)
{
	struct ngio_pi_tags t = { .reftag = 0x1234, .apptag = 0xbeef,
				  .apptag_mask = 0xff00 };
	struct nvme_uring_cmd cmd;

	(void)state;
	/* Type 1, 16b guard: checked reference tag = the LBA's low bits. */
	assert_int_equal(ngio_cmd_write(&cmd, &gpi1_ext, 0x500001234ULL, buf,
					4104, NGIO_RW_FUA), 0);
	t.reftag = ngio_pi_reftag(&gpi1_ext, 0x500001234ULL);
	assert_int_equal(t.reftag, 0x1234);
	assert_int_equal(ngio_cmd_pi(&cmd, &gpi1_ext, NGIO_PI_CHECK_GUARD |
				     NGIO_PI_CHECK_APPTAG |
				     NGIO_PI_CHECK_REFTAG, &t), 0);
	assert_int_equal(cmd.cdw12, (1U << 30) | (7U << 26));
	assert_int_equal(cmd.cdw14, 0x1234);
	assert_int_equal(cmd.cdw3, 0);
	assert_int_equal(cmd.cdw2, 0);
	assert_int_equal(cmd.cdw15, 0xff00beef);
	/* Another reference tag checked on type 1: refused. */
	t.reftag = 0x1235;
	assert_int_equal(ngio_cmd_pi(&cmd, &gpi1_ext, NGIO_PI_CHECK_REFTAG,
				     &t), -EINVAL);
	/* Unchecked it is only the seed PRACT would use. */
	assert_int_equal(ngio_cmd_pi(&cmd, &gpi1_ext, NGIO_PI_CHECK_GUARD, &t),
			 0);
	assert_int_equal(cmd.cdw12, (1U << 30) | (4U << 26));
	/* Re-applying replaces the checks, it does not add to them. */
	assert_int_equal(ngio_cmd_pi(&cmd, &gpi1_ext, NGIO_PI_CHECK_APPTAG,
				     &t), 0);
	assert_int_equal(cmd.cdw12, (1U << 30) | (2U << 26));
	/* 64b guard: a 48-bit reference tag, bits 47:32 in CDW3. */
	assert_int_equal(ngio_cmd_read(&cmd, &gpi64, 7, buf, 4096, 0), 0);
	t.reftag = 0xabcd12345678ULL;
	assert_int_equal(ngio_cmd_pi(&cmd, &gpi64, NGIO_PI_CHECK_REFTAG, &t),
			 0);
	assert_int_equal(cmd.cdw14, 0x12345678);
	assert_int_equal(cmd.cdw3, 0xabcd);
	assert_int_equal(cmd.cdw12, 1U << 26);
	t.reftag = 1ULL << 48;
	assert_int_equal(ngio_cmd_pi(&cmd, &gpi64, 0, &t), -EINVAL);
	t.reftag = 1ULL << 32;
	assert_int_equal(ngio_cmd_write(&cmd, &gpi1_ext, 0, buf, 4104, 0), 0);
	assert_int_equal(ngio_cmd_pi(&cmd, &gpi1_ext, 0, &t), -EINVAL);
	/* NULL tags: zeros. */
	assert_int_equal(ngio_cmd_pi(&cmd, &gpi1_ext, NGIO_PI_CHECK_GUARD,
				     NULL), 0);
	assert_int_equal(cmd.cdw14 | cmd.cdw15 | cmd.cdw3, 0);
}

static void pract_seeds_the_reference_tag(void **state)
{
	struct ngio_geometry g32 = gpi1_ext;
	struct nvme_copy_range r;
	struct nvme_uring_cmd cmd;

	(void)state;
	/* Types 1 and 2: the LBA's low bits, as Linux's block path checks. */
	assert_int_equal(ngio_cmd_write(&cmd, &gpi1_ext, 0x100000009ULL, buf,
					4096, NGIO_RW_PRACT), 0);
	assert_int_equal(cmd.cdw14, 9);
	assert_int_equal(cmd.cdw3, 0);
	assert_int_equal(ngio_cmd_read(&cmd, &gpi64, 0x123456789abcULL, buf,
				       4096, NGIO_RW_PRACT), 0);
	assert_int_equal(cmd.cdw14, 0x56789abc);
	assert_int_equal(cmd.cdw3, 0x1234);
	assert_int_equal(ngio_cmd_write_zeroes(&cmd, &gpi64, 77, 8,
					       NGIO_RW_PRACT), 0);
	assert_int_equal(cmd.cdw14, 77);
	/* Without PRACT, and on type 3, nothing. */
	assert_int_equal(ngio_cmd_read(&cmd, &gpi64, 77, buf, 4096 + 64 * 0,
				       0), 0);
	assert_int_equal(cmd.cdw14 | cmd.cdw3, 0);
	assert_int_equal(ngio_cmd_read(&cmd, &gpi3, 77, buf, 4096,
				       NGIO_RW_PRACT), 0);
	assert_int_equal(cmd.cdw14 | cmd.cdw3, 0);
	/* Copy takes no PRACT; a 32b guard format none of it. */
	assert_int_equal(ngio_copy_range(&r, 0, 1), 0);
	assert_int_equal(ngio_cmd_copy(&cmd, &gpi3, 8, &r, 1, NGIO_RW_PRACT),
			 -EINVAL);
	g32.pi_format = 1;
	assert_int_equal(ngio_pi_size(&g32), 0);
	assert_int_equal(ngio_cmd_read(&cmd, &g32, 0, buf, 4096,
				       NGIO_RW_PRACT), -EINVAL);
	assert_int_equal(ngio_cmd_read(&cmd, &g32, 0, buf, 4104, 0), 0);
	assert_int_equal(ngio_cmd_pi(&cmd, &g32, 0, NULL), -EINVAL);
}

static void pi_refusals(void **state)
{
	struct ngio_pi_tags t = { 0 };
	struct ngio_geometry sts = gpi3;
	struct nvme_uring_cmd cmd;

	(void)state;
	assert_int_equal(ngio_cmd_read(&cmd, &g512, 0, buf, 512, 0), 0);
	assert_int_equal(ngio_cmd_pi(&cmd, &g512, 0, &t), -EINVAL);
	assert_int_equal(ngio_cmd_read(&cmd, &gpi3, 0, buf, 4096, 0), 0);
	/* Type 3 has no reference tag to check. */
	assert_int_equal(ngio_cmd_pi(&cmd, &gpi3, NGIO_PI_CHECK_REFTAG, &t),
			 -EINVAL);
	assert_int_equal(ngio_cmd_pi(&cmd, &gpi3, 8, &t), -EINVAL);
	assert_int_equal(ngio_cmd_pi(&cmd, &gpi3, NGIO_PI_CHECK_GUARD |
				     NGIO_PI_CHECK_APPTAG, &t), 0);
	sts.sts = 16;
	assert_int_equal(ngio_cmd_pi(&cmd, &sts, 0, &t), -EINVAL);
	/* Write zeroes: tags yes, checks no. */
	assert_int_equal(ngio_cmd_write_zeroes(&cmd, &gpi3, 0, 8,
					       NGIO_RW_PRACT), 0);
	assert_int_equal(ngio_cmd_pi(&cmd, &gpi3, NGIO_PI_CHECK_GUARD, &t),
			 -EINVAL);
	t.apptag = 0x77;
	assert_int_equal(ngio_cmd_pi(&cmd, &gpi3, 0, &t), 0);
	assert_int_equal(cmd.cdw15, 0x77);
	/* Commands PI does not apply to. */
	assert_int_equal(ngio_cmd_flush(&cmd, &gpi3), 0);
	assert_int_equal(ngio_cmd_pi(&cmd, &gpi3, 0, &t), -EINVAL);
	assert_int_equal(ngio_cmd_write_uncor(&cmd, &gpi3, 0, 1), 0);
	assert_int_equal(ngio_cmd_pi(&cmd, &gpi3, 0, &t), -EINVAL);
}

/* Commands that move no data leave addr and data_len 0: Linux 6.15+ maps
 * a nonzero data_len, and a stray addr is a bug waiting for it. */
static void no_data_no_addr(void **state)
{
	struct nvme_uring_cmd c[8];
	static char page[4096] __attribute__((aligned(4096)));
	unsigned n = 0;

	(void)state;
	assert_int_equal(ngio_cmd_flush(&c[n++], &g512), 0);
	assert_int_equal(ngio_cmd_write_zeroes(&c[n++], &g512, 8, 8, 0), 0);
	assert_int_equal(ngio_cmd_write_uncor(&c[n++], &g512, 8, 8), 0);
	assert_int_equal(ngio_cmd_verify(&c[n++], &g512, 8, 8, 0), 0);
	assert_int_equal(ngio_cmd_zone_mgmt_send(&c[n++], &gzns, 0,
						 NVME_ZNS_ZSA_RESET, 0, NULL,
						 0), 0);
	assert_int_equal(ngio_cmd_set_features(&c[n++], 0x07, 0, 0x10001, 0,
					       false, NULL, 0), 0);
	assert_int_equal(ngio_cmd_get_features(&c[n++], 0x07, 0, 0, 0, NULL,
					       0), 0);
	/* A buffer pointer with no length is refused, not sent. */
	assert_int_equal(ngio_cmd_set_features(&c[n], 0x07, 0, 0x10001, 0,
					       false, page, 0), -EINVAL);
	for (unsigned i = 0; i < n; i++) {
		assert_int_equal(c[i].addr, 0);
		assert_int_equal(c[i].data_len, 0);
		assert_int_equal(c[i].metadata, 0);
		assert_int_equal(c[i].metadata_len, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(read_encodes_every_field),
		cmocka_unit_test(no_data_no_addr),
		cmocka_unit_test(pract_is_a_builder_flag),
		cmocka_unit_test(pi_fields_encoding),
		cmocka_unit_test(pract_seeds_the_reference_tag),
		cmocka_unit_test(pi_refusals),
		cmocka_unit_test(write_sets_fua_and_lr),
		cmocka_unit_test(extended_lba_counts_metadata),
		cmocka_unit_test(rw_refuses_bad_buffers_and_lengths),
		cmocka_unit_test(rw_respects_segment_limit),
		cmocka_unit_test(rw_nlb_is_16_bits),
		cmocka_unit_test(rw_refused_on_kv),
		cmocka_unit_test(identify_encoding),
		cmocka_unit_test(prep_makes_a_uring_cmd_sqe),
		cmocka_unit_test(compare_and_vectored),
		cmocka_unit_test(range_commands),
		cmocka_unit_test(dsm_ranges),
		cmocka_unit_test(copy_ranges),
		cmocka_unit_test(metadata_buffers),
		cmocka_unit_test(log_page_encoding),
		cmocka_unit_test(features_encoding),
		cmocka_unit_test(nvm_commands_need_a_namespace),
		cmocka_unit_test(zone_mgmt_send_encoding),
		cmocka_unit_test(zone_mgmt_send_refusals),
		cmocka_unit_test(zone_mgmt_recv_encoding),
		cmocka_unit_test(zone_mgmt_recv_refusals),
		cmocka_unit_test(zone_append_encoding),
	};

	return cmocka_run_group_tests_name("cmd", tests, NULL, NULL);
}
