/* SPDX-License-Identifier: MIT */
/*
 * The NVMe 64-bit guard CRC's two implementations, for ngio_crc64_nvme()
 * and for the tests and benchmark that compare them.  Both work on the
 * raw shift register: no initial or final inversion.
 */
#ifndef NGIO_CRC64_H
#define NGIO_CRC64_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Slice-by-8 tables: any CPU. */
uint64_t crc64_nvme_table(uint64_t reg, const void *buf, size_t len);

/* Carry-less multiply folding: only where crc64_nvme_have_clmul(). */
uint64_t crc64_nvme_clmul(uint64_t reg, const void *buf, size_t len);
bool crc64_nvme_have_clmul(void);

#endif /* NGIO_CRC64_H */
