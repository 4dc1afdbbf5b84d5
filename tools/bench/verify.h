/* SPDX-License-Identifier: MIT */
/*
 * --verify: every logical block a bench writes starts with a header that
 * names it (its LBA), when it was written (a sequence number) and what it
 * holds (a CRC32C of the whole block), so a read can tell a good block
 * from a lost, misplaced, stale or corrupted one.  The rest of the block
 * is a pattern drawn from (lba, seq), so no two writes look alike.
 *
 * Header, little-endian, at offset 0 of each logical block:
 *   0  u64  magic  VERIFY_MAGIC
 *   8  u64  lba
 *  16  u64  seq    per-run write sequence number, >= 1
 *  24  u32  crc    CRC32C of the block with this field taken as 0
 *  28  u32  size   the logical block size
 */
#ifndef NGIO_TOOLS_BENCH_VERIFY_H
#define NGIO_TOOLS_BENCH_VERIFY_H

#include <stddef.h>
#include <stdint.h>

#define VERIFY_MAGIC	0x48434e424f49474eULL	/* "NGIOBNCH" */
#define VERIFY_HDR_LEN	32

/* CRC32C (Castagnoli, as iSCSI and NVMe use), continuing from crc (0 to
 * start); SSE4.2 where the CPU has it. */
uint32_t crc32c(uint32_t crc, const void *buf, size_t len);
/* The table-driven CRC32C crc32c() falls back to; for tests. */
uint32_t crc32c_sw(uint32_t crc, const void *buf, size_t len);

/* Fill nblocks blocks of lba_size bytes at buf for LBAs slba... with seq. */
void verify_fill(void *buf, uint32_t lba_size, uint64_t slba,
		 uint32_t nblocks, uint64_t seq);

enum verify_fault {
	VERIFY_OK,
	VERIFY_NO_HEADER,	/* no magic: never written by a verify run */
	VERIFY_BAD_SIZE,	/* written with another block size */
	VERIFY_BAD_CRC,		/* corrupted */
	VERIFY_WRONG_LBA,	/* intact, but another block's data */
	VERIFY_STALE,		/* not the last write made to it */
};

/*
 * found is what the block holds, expected what it should:
 *   NO_HEADER  its first 8 bytes        VERIFY_MAGIC
 *   BAD_SIZE   its size field           lba_size
 *   BAD_CRC    its crc field            the CRC32C of its data
 *   WRONG_LBA  its lba field            the LBA read
 *   STALE      its seq field            expect_seq[i]
 */
struct verify_error {
	enum verify_fault fault;
	uint64_t lba;		/* the block that failed */
	uint64_t found;
	uint64_t expected;
};

/*
 * Check nblocks blocks read at slba.  A run numbers its writes run << 32
 * | counter, run being drawn at random per run so that an identical
 * rerun's blocks differ from the last one's, and keeps each block's
 * counter: expect_seq, if not NULL, holds per block the counter of the
 * last write this run made to it (0: none, so any intact block passes),
 * and a block with another sequence number is stale.  The checks go in
 * the order of enum verify_fault, the first that fails names the fault.  Returns the number of bad
 * blocks; *err (if not NULL) describes the first, or has fault VERIFY_OK
 * and lba 0.
 */
unsigned verify_check_run(const void *buf, uint32_t lba_size, uint64_t slba,
			  uint32_t nblocks, const uint32_t *expect_seq,
			  uint32_t run, struct verify_error *err);

/* The same for sequence numbers of run 0 (the high half zero). */
static inline unsigned verify_check(const void *buf, uint32_t lba_size,
				    uint64_t slba, uint32_t nblocks,
				    const uint32_t *expect_seq,
				    struct verify_error *err)
{
	return verify_check_run(buf, lba_size, slba, nblocks, expect_seq, 0,
				err);
}

/* One line, "LBA 1234: holds LBA 999's data", into buf; returns buf. */
const char *verify_describe(const struct verify_error *err, char *buf,
			    size_t len);

#endif
