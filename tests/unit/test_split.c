// SPDX-License-Identifier: MIT
/* The transfer splitter, the opcode classifier, status names by CSI. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ngio.h"
#include "nvm.h"

static char buf[1 << 22] __attribute__((aligned(4096)));
static char mdbuf[1 << 16] __attribute__((aligned(4096)));

static const struct ngio_geometry g512 = {
	.nsid = 1, .lba_size = 512, .lba_shift = 9, .nsze = 1 << 20,
	.max_xfer = 128 * 1024,
};

/* Every chunk of x on g into c[] (at most max); the count. */
static int chunks(const struct ngio_geometry *g, const struct ngio_xfer *x,
		  struct ngio_chunk *c, int max)
{
	struct ngio_split s;
	int n = 0, ret;

	assert_int_equal(ngio_split_init(&s, g, x), 0);
	while ((ret = ngio_split_next(&s, &c[n])) > 0) {
		n++;
		assert_true(n < max);
	}
	assert_int_equal(ret, 0);
	/* Done stays done. */
	assert_int_equal(ngio_split_next(&s, &c[n]), 0);
	return n;
}

static void splits_at_mdts(void **state)
{
	struct ngio_xfer x = { .slba = 10, .nlb = 1000, .data = buf };
	struct ngio_chunk c[8];

	(void)state;
	assert_int_equal(chunks(&g512, &x, c, 8), 4);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(c[i].off, 256 * i);
		assert_int_equal(c[i].slba, 10 + 256 * i);
		assert_int_equal(c[i].nlb, 256);
		assert_ptr_equal(c[i].data, buf + 128 * 1024 * i);
		assert_int_equal(c[i].data_len, 128 * 1024);
		assert_null(c[i].md);
		assert_int_equal(c[i].md_len, 0);
		assert_int_equal(c[i].tags.reftag, 0);
	}
	/* The last, short chunk. */
	assert_int_equal(c[3].slba, 10 + 768);
	assert_int_equal(c[3].nlb, 232);
	assert_int_equal(c[3].data_len, 232 * 512);
}

static void splits_at_segments_unaligned(void **state)
{
	struct ngio_geometry g = g512;
	struct ngio_xfer x = { .nlb = 100, .data = buf + 512 };
	struct ngio_chunk c[64];
	struct nvme_uring_cmd cmd;
	__u64 sum = 0;
	int n;

	(void)state;
	g.max_xfer = 0;
	g.page_size = 4096;
	g.max_segments = 4;
	/* 512 bytes into a page: 4 pages hold 31 blocks, then 32 each. */
	assert_int_equal(chunks(&g, &x, c, 64), 4);
	assert_int_equal(c[0].nlb, 31);
	assert_int_equal(c[1].nlb, 32);
	assert_ptr_equal(c[1].data, buf + 16384);
	assert_int_equal(c[2].nlb, 32);
	assert_int_equal(c[3].nlb, 5);
	for (int i = 0; i < 4; i++)
		assert_int_equal(ngio_cmd_read(&cmd, &g, c[i].slba, c[i].data,
					       c[i].data_len, 0), 0);

	/* Extended 520-byte blocks start anywhere in a page: every chunk
	 * is as large as the builder takes, and it takes each. */
	g.lba_size = 512;
	g.ms = 8;
	g.extended = true;
	g.max_xfer = 8192;
	g.max_segments = 2;
	x.data = buf + 4;
	x.nlb = 300;
	n = chunks(&g, &x, c, 64);

	for (int i = 0; i < n; i++) {
		assert_int_equal(c[i].data_len, c[i].nlb * 520);
		assert_true(c[i].data_len <= 8192);
		assert_int_equal(ngio_cmd_read(&cmd, &g, c[i].slba, c[i].data,
					       c[i].data_len, 0), 0);
		/* One block more would not fit (unless it is the last). */
		if (i < n - 1)
			assert_int_not_equal(ngio_cmd_read(&cmd, &g, c[i].slba,
					     c[i].data, c[i].data_len + 520,
					     0), 0);
		sum += c[i].nlb;
	}
	assert_int_equal(sum, 300);
	/* 8188 bytes to the second page's end: 15 blocks; the next
	 * starts 3708 bytes into a page: 4484 bytes, 8 blocks. */
	assert_int_equal(c[0].nlb, 15);
	assert_int_equal(c[1].nlb, 8);
}

static void metadata_pointers_advance(void **state)
{
	struct ngio_geometry g = g512;
	struct ngio_xfer x = {
		.slba = 7, .nlb = 200, .data = buf, .md = mdbuf, .max_nlb = 64,
	};
	struct ngio_chunk c[8];

	(void)state;
	g.ms = 8;
	assert_int_equal(chunks(&g, &x, c, 8), 4);
	for (int i = 0; i < 4; i++) {
		assert_ptr_equal(c[i].md, mdbuf + 64 * 8 * i);
		assert_int_equal(c[i].md_len, c[i].nlb * 8);
		assert_ptr_equal(c[i].data, buf + 64 * 512 * i);
	}
	assert_int_equal(c[3].nlb, 8);
	/* PRACT on a tuple-only format: no metadata moves, none taken. */
	g.pi_type = 1;
	x.flags = NGIO_RW_PRACT;
	assert_int_equal(ngio_split_init(&(struct ngio_split){ 0 }, &g, &x),
			 -EINVAL);
	x.md = NULL;
	assert_int_equal(chunks(&g, &x, c, 8), 4);
	assert_null(c[0].md);
	assert_int_equal(c[1].data_len, 64 * 512);
}

static void reftags_advance_by_type(void **state)
{
	struct ngio_geometry g = g512;
	struct ngio_pi_tags t = {
		.reftag = 0xfffffff0, .apptag = 0xbeef, .apptag_mask = 0xff00,
	};
	struct ngio_xfer x = {
		.slba = 100, .nlb = 20, .tags = &t, .max_nlb = 8,
	};
	struct ngio_chunk c[8];

	(void)state;
	g.ms = 8;
	g.extended = true;
	/* Type 1: counts on, wrapping at 32 bits. */
	g.pi_type = 1;
	assert_int_equal(chunks(&g, &x, c, 8), 3);
	assert_int_equal(c[0].tags.reftag, 0xfffffff0);
	assert_int_equal(c[1].tags.reftag, 0xfffffff8);
	assert_int_equal(c[2].tags.reftag, 0);
	assert_int_equal(c[2].nlb, 4);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(c[i].tags.apptag, 0xbeef);
		assert_int_equal(c[i].tags.apptag_mask, 0xff00);
	}
	/* Type 2: the same count from any start. */
	g.pi_type = 2;
	t.reftag = 0x1234;
	assert_int_equal(chunks(&g, &x, c, 8), 3);
	assert_int_equal(c[1].tags.reftag, 0x123c);
	assert_int_equal(c[2].tags.reftag, 0x1244);
	/* Type 3: one value throughout. */
	g.pi_type = 3;
	assert_int_equal(chunks(&g, &x, c, 8), 3);
	assert_int_equal(c[2].tags.reftag, 0x1234);
	/* 64b guard: 48-bit reference tags. */
	g.pi_type = 1;
	g.pi_format = NGIO_PI_GUARD64;
	g.ms = 16;
	t.reftag = 0xfffffffffff8ULL;
	assert_int_equal(chunks(&g, &x, c, 8), 3);
	assert_int_equal(c[0].tags.reftag, 0xfffffffffff8ULL);
	assert_int_equal(c[1].tags.reftag, 0);
	assert_int_equal(c[2].tags.reftag, 8);
	/* Without tags, none. */
	x.tags = NULL;
	assert_int_equal(chunks(&g, &x, c, 8), 3);
	assert_int_equal(c[1].tags.reftag, 0);
	assert_int_equal(c[1].tags.apptag, 0);
}

static void nlb_limits(void **state)
{
	struct ngio_geometry g = g512;
	struct ngio_xfer x = { .nlb = NGIO_MAX_NLB, .data = buf };
	struct ngio_chunk c[4];

	(void)state;
	g.max_xfer = 0;
	/* Exactly the NLB field's limit: one command. */
	assert_int_equal(chunks(&g, &x, c, 4), 1);
	assert_int_equal(c[0].nlb, NGIO_MAX_NLB);
	assert_int_equal(c[0].data_len, NGIO_MAX_NLB * 512);
	x.nlb++;
	assert_int_equal(chunks(&g, &x, c, 4), 2);
	assert_int_equal(c[1].nlb, 1);
	assert_int_equal(c[1].slba, NGIO_MAX_NLB);
	/* Exactly max_nlb, and max_nlb past the field: the field. */
	x.nlb = 64;
	x.max_nlb = 64;
	assert_int_equal(chunks(&g, &x, c, 4), 1);
	x.nlb = NGIO_MAX_NLB + 1;
	x.max_nlb = 1U << 20;
	assert_int_equal(chunks(&g, &x, c, 4), 2);
	assert_int_equal(c[0].nlb, NGIO_MAX_NLB);
	/* Exactly MDTS. */
	x.nlb = 256;
	x.max_nlb = 0;
	assert_int_equal(chunks(&g512, &x, c, 4), 1);
	assert_int_equal(c[0].data_len, 128 * 1024);
}

/* Commands without data split by blocks alone: MDTS is for data. */
static void no_data_ranges(void **state)
{
	struct ngio_xfer x = {
		.slba = 5, .nlb = 3000, .max_nlb = 1024,
		.flags = NGIO_WZ_DEAC,
	};
	struct ngio_chunk c[8];

	(void)state;
	assert_int_equal(chunks(&g512, &x, c, 8), 3);
	assert_null(c[0].data);
	assert_int_equal(c[0].data_len, 0);
	assert_int_equal(c[0].nlb, 1024);
	assert_int_equal(c[2].nlb, 952);
	assert_int_equal(c[2].slba, 5 + 2048);
}

static void refuses_bad_input(void **state)
{
	struct ngio_geometry g = g512, sep = g512, pi = g512;
	struct ngio_pi_tags t = { 0 };
	struct ngio_xfer x = { .nlb = 8, .data = buf };
	struct ngio_split s;
	struct ngio_chunk c;

	(void)state;
	sep.ms = 8;
	pi.ms = 8;
	pi.extended = true;
	pi.pi_type = 1;
	assert_int_equal(ngio_split_init(NULL, &g, &x), -EFAULT);
	assert_int_equal(ngio_split_init(&s, NULL, &x), -EFAULT);
	assert_int_equal(ngio_split_init(&s, &g, NULL), -EFAULT);
	g.nsid = 0;
	assert_int_equal(ngio_split_init(&s, &g, &x), -EINVAL);
	g = g512;
	x.nlb = 0;
	assert_int_equal(ngio_split_init(&s, &g, &x), -EINVAL);
	x.nlb = 8;
	x.flags = 1U << 7;
	assert_int_equal(ngio_split_init(&s, &g, &x), -EINVAL);
	x.flags = NGIO_RW_PRACT;	/* no PI */
	assert_int_equal(ngio_split_init(&s, &g, &x), -EINVAL);
	x.flags = 0;
	x.data = buf + 2;
	assert_int_equal(ngio_split_init(&s, &g, &x), -EINVAL);
	x.data = buf;
	/* Metadata where the format takes none, or without data. */
	x.md = mdbuf;
	assert_int_equal(ngio_split_init(&s, &g, &x), -EINVAL);
	assert_int_equal(ngio_split_init(&s, &pi, &x), -EINVAL);
	x.data = NULL;
	assert_int_equal(ngio_split_init(&s, &sep, &x), -EINVAL);
	x.data = buf;
	x.md = mdbuf + 2;
	assert_int_equal(ngio_split_init(&s, &sep, &x), -EINVAL);
	/* Separate metadata with data needs its buffer. */
	x.md = NULL;
	assert_int_equal(ngio_split_init(&s, &sep, &x), -EINVAL);
	/* Tags without PI, and a reference tag past 32 bits. */
	x.tags = &t;
	assert_int_equal(ngio_split_init(&s, &g, &x), -EINVAL);
	t.reftag = 1ULL << 32;
	assert_int_equal(ngio_split_init(&s, &pi, &x), -EINVAL);
	t.reftag = 0xffffffff;
	assert_int_equal(ngio_split_init(&s, &pi, &x), 0);
	x.tags = NULL;
	/* Past the end, and wrapping past 2^64-1: -ERANGE. */
	x.slba = g.nsze - 4;
	assert_int_equal(ngio_split_init(&s, &g, &x), -ERANGE);
	x.slba = UINT64_MAX - 2;
	assert_int_equal(ngio_split_init(&s, &g, &x), -ERANGE);
	x.slba = g.nsze - 8;
	assert_int_equal(ngio_split_init(&s, &g, &x), 0);
	/* A segment limit no block fits in. */
	g.lba_size = 4096;
	g.lba_shift = 12;
	g.ms = 8;
	g.extended = true;
	g.page_size = 4096;
	g.max_segments = 1;
	g.max_xfer = 0;
	x.slba = 0;
	assert_int_equal(ngio_split_init(&s, &g, &x), 0);
	assert_int_equal(ngio_split_next(&s, &c), -EINVAL);
}

static void classifier_by_csi(void **state)
{
	(void)state;
	assert_int_equal(ngio_op_kind(NVME_CSI_NVM, 0x01), NGIO_OP_WRITE);
	assert_int_equal(ngio_op_kind(NVME_CSI_NVM, 0x02), NGIO_OP_READ);
	assert_int_equal(ngio_op_kind(NVME_CSI_NVM, 0x05), NGIO_OP_COMPARE);
	assert_int_equal(ngio_op_kind(NVME_CSI_NVM, 0x19), NGIO_OP_COPY);
	/* Zone commands only on a zoned namespace. */
	assert_int_equal(ngio_op_kind(NVME_CSI_NVM, 0x7d), NGIO_OP_UNKNOWN);
	assert_int_equal(ngio_op_kind(NVME_CSI_ZNS, 0x7d), NGIO_OP_APPEND);
	assert_int_equal(ngio_op_kind(NVME_CSI_ZNS, 0x79), NGIO_OP_ZONE_SEND);
	assert_int_equal(ngio_op_kind(NVME_CSI_ZNS, 0x7a), NGIO_OP_ZONE_RECV);
	assert_int_equal(ngio_op_kind(NVME_CSI_ZNS, 0x01), NGIO_OP_WRITE);
	/* Key Value: 01h and 02h are Store and Retrieve, not Write and
	 * Read; NVM's other opcodes mean nothing there. */
	assert_int_equal(ngio_op_kind(NVME_CSI_KV, 0x01), NGIO_OP_KV_STORE);
	assert_int_equal(ngio_op_kind(NVME_CSI_KV, 0x02),
			 NGIO_OP_KV_RETRIEVE);
	assert_int_equal(ngio_op_kind(NVME_CSI_KV, 0x10), NGIO_OP_KV_DELETE);
	assert_int_equal(ngio_op_kind(NVME_CSI_KV, 0x14), NGIO_OP_KV_EXIST);
	assert_int_equal(ngio_op_kind(NVME_CSI_KV, 0x06), NGIO_OP_KV_LIST);
	assert_int_equal(ngio_op_kind(NVME_CSI_KV, 0x05), NGIO_OP_UNKNOWN);
	assert_false(ngio_op_moves_lbas(ngio_op_kind(NVME_CSI_KV, 0x01)));
	assert_false(ngio_op_moves_lbas(ngio_op_kind(NVME_CSI_KV, 0x02)));
	assert_true(ngio_op_moves_lbas(ngio_op_kind(NVME_CSI_NVM, 0x01)));
	assert_true(ngio_op_moves_lbas(ngio_op_kind(NVME_CSI_ZNS, 0x7d)));
	/* Every set has Flush and the reservation commands. */
	assert_int_equal(ngio_op_kind(NVME_CSI_KV, 0x00), NGIO_OP_FLUSH);
	assert_int_equal(ngio_op_kind(NVME_CSI_KV, 0x0d),
			 NGIO_OP_RESV_REGISTER);
	assert_int_equal(ngio_op_kind(3, 0x00), NGIO_OP_FLUSH);
	assert_int_equal(ngio_op_kind(3, 0x01), NGIO_OP_UNKNOWN);
}

/* md_check() by the namespace's command set. */
static void metadata_rules_follow_csi(void **state)
{
	struct ngio_geometry nvm = g512, kv;
	struct nvme_uring_cmd cmd;

	(void)state;
	nvm.ms = 8;
	kv = nvm;
	kv.csi = NVME_CSI_KV;
	/* A write with no metadata buffer on separate metadata: refused;
	 * a Store with the same opcode is none of md_check()'s business. */
	assert_int_equal(md_check(&nvm, 0x01, 7, 0, 0), -EINVAL);
	assert_int_equal(md_check(&kv, 0x01, 7, 0, 0), 0);
	assert_int_equal(md_check(&kv, 0x02, 7, 0, 0), 0);
	assert_int_equal(md_check(&nvm, 0x01, 7, 0x1000, 64), 0);
	assert_int_equal(md_check(&nvm, 0x01, 7, 0x1000, 63), -EINVAL);
	/* Append only where zones are. */
	assert_int_equal(md_check(&nvm, 0x7d, 7, 0, 0), 0);
	nvm.csi = NVME_CSI_ZNS;
	assert_int_equal(md_check(&nvm, 0x7d, 7, 0, 0), -EINVAL);
	/* A KV namespace has no NVM write; ngio_cmd_metadata() on a
	 * command with write's opcode there is refused likewise. */
	assert_int_equal(ngio_cmd_write(&cmd, &kv, 0, buf, 4096, 0), -EINVAL);
	assert_int_equal(ngio_cmd_write(&cmd, &nvm, 0, buf, 4096, 0), 0);
	assert_int_equal(ngio_cmd_metadata(&cmd, &kv, mdbuf, 64), -EINVAL);
	assert_int_equal(ngio_cmd_metadata(&cmd, &nvm, mdbuf, 64), 0);
}

/* Status names by command set: KV's codes are its own. */
static void status_names_follow_csi(void **state)
{
	int missing = 0x100 | 0x87;	/* SCT 1, SC 87h, as cqe->res */
	char a[256], b[256];

	(void)state;
	assert_string_equal(ngio_status_str_csi(missing | 0x4000, NVME_CSI_KV,
						a, sizeof(a)),
			    "KV Key Does Not Exist (SCT 0x1 SC 0x87, DNR)");
	assert_non_null(strstr(ngio_status_name_csi(0x189, NVME_CSI_KV),
			       "Key Exists"));
	/* Elsewhere, and for codes KV leaves alone, libnvme's. */
	assert_string_equal(ngio_status_name_csi(missing, NVME_CSI_NVM),
			    ngio_status_name(missing));
	assert_string_equal(ngio_status_name_csi(0x80, NVME_CSI_KV),
			    ngio_status_name(0x80));
	assert_string_equal(ngio_status_str_csi(0x80, NVME_CSI_NVM, a,
						sizeof(a)),
			    ngio_status_str(0x80, b, sizeof(b)));
	assert_string_equal(ngio_status_str_csi(-5, NVME_CSI_KV, a,
						sizeof(a)),
			    ngio_status_str(-5, b, sizeof(b)));
	assert_string_equal(ngio_status_str_csi(0, NVME_CSI_KV, a, sizeof(a)),
			    "Success");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(splits_at_mdts),
		cmocka_unit_test(splits_at_segments_unaligned),
		cmocka_unit_test(metadata_pointers_advance),
		cmocka_unit_test(reftags_advance_by_type),
		cmocka_unit_test(nlb_limits),
		cmocka_unit_test(no_data_ranges),
		cmocka_unit_test(refuses_bad_input),
		cmocka_unit_test(classifier_by_csi),
		cmocka_unit_test(metadata_rules_follow_csi),
		cmocka_unit_test(status_names_follow_csi),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
