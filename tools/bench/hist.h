/* SPDX-License-Identifier: MIT */
/*
 * A log-linear latency histogram: values below 2^HIST_SUB_BITS each get a
 * bucket, every power of two above is cut into 2^HIST_SUB_BITS equal
 * buckets, so a bucket is at most 1/32 (3.1%) of its values wide.  Fixed
 * size, no allocation: hist_add() is a few instructions on the hot path.
 */
#ifndef NGIO_TOOLS_BENCH_HIST_H
#define NGIO_TOOLS_BENCH_HIST_H

#include <stdint.h>

#define HIST_SUB_BITS	5
#define HIST_SUB	(1U << HIST_SUB_BITS)
/* Values up to 2^64 - 1: a group per power of two from HIST_SUB_BITS. */
#define HIST_NR_BUCKETS	((64 - HIST_SUB_BITS + 1) * HIST_SUB)

struct hist {
	uint64_t count;
	uint64_t sum;		/* for the mean; wraps after 584 years */
	uint64_t min, max;
	uint64_t bucket[HIST_NR_BUCKETS];
};

void hist_init(struct hist *h);

static inline unsigned hist_index(uint64_t v)
{
	unsigned shift;

	if (v < HIST_SUB)
		return v;
	/* The group is the position of the top bit; the sub-bucket the
	 * HIST_SUB_BITS bits below it. */
	shift = 63 - __builtin_clzll(v) - HIST_SUB_BITS;
	return (shift + 1) * HIST_SUB + ((v >> shift) - HIST_SUB);
}

static inline void hist_add(struct hist *h, uint64_t v)
{
	h->bucket[hist_index(v)]++;
	h->count++;
	h->sum += v;
	if (v < h->min)
		h->min = v;
	if (v > h->max)
		h->max = v;
}

/* The smallest and largest value that falls into bucket i. */
uint64_t hist_bucket_lo(unsigned i);
uint64_t hist_bucket_hi(unsigned i);

void hist_merge(struct hist *dst, const struct hist *src);

/*
 * The value below or at which pct percent of the values lie: the upper
 * edge of the bucket the pct-th value falls in, clamped to [min, max].
 * 0 for an empty histogram.
 */
uint64_t hist_percentile(const struct hist *h, double pct);
double hist_mean(const struct hist *h);

#endif
