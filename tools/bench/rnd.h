/* SPDX-License-Identifier: MIT */
/* xorshift64*: fast, and good enough to spread LBAs and fill buffers. */
#ifndef NGIO_TOOLS_BENCH_RND_H
#define NGIO_TOOLS_BENCH_RND_H

#include <stdint.h>

/* *s must not be 0. */
static inline uint64_t rnd_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dULL;
}

#endif
