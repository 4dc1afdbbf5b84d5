// SPDX-License-Identifier: MIT
/* The bench latency histogram: buckets, percentiles, merging. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hist.h"
#include "rnd.h"

/* A fixed generator so a failure reproduces. */
static uint64_t rnd_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
	return rnd_next(&rnd_state);
}

static void bucket_holds(uint64_t v)
{
	unsigned i = hist_index(v);

	assert_in_range(i, 0, HIST_NR_BUCKETS - 1);
	if (hist_bucket_lo(i) > v || v > hist_bucket_hi(i))
		fail_msg("%llu went to bucket %u, [%llu, %llu]",
			 (unsigned long long)v, i,
			 (unsigned long long)hist_bucket_lo(i),
			 (unsigned long long)hist_bucket_hi(i));
}

static void values_fall_in_their_bucket(void **state)
{
	static const uint64_t edges[] = {
		0, 1, 2, 31, 32, 33, 63, 64, 65, 95, 96, 127, 128, 1000,
		UINT64_MAX - 1, UINT64_MAX,
	};

	(void)state;
	for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
		bucket_holds(edges[i]);
	for (int b = 0; b < 64; b++) {
		uint64_t p = 1ULL << b;

		bucket_holds(p - 1);
		bucket_holds(p);
		bucket_holds(p + 1);
		bucket_holds(p | (p - 1));
	}
	for (int i = 0; i < 100000; i++)
		bucket_holds(rnd() >> (rnd() % 64));
	assert_int_equal(hist_index(UINT64_MAX), HIST_NR_BUCKETS - 1);
	/* Below HIST_SUB, one value a bucket. */
	for (uint64_t v = 0; v < HIST_SUB; v++) {
		assert_int_equal(hist_index(v), v);
		assert_true(hist_bucket_lo(v) == v && hist_bucket_hi(v) == v);
	}
}

static void buckets_tile_the_range(void **state)
{
	(void)state;
	assert_true(hist_bucket_lo(0) == 0);
	assert_true(hist_bucket_hi(HIST_NR_BUCKETS - 1) == UINT64_MAX);
	for (unsigned i = 0; i < HIST_NR_BUCKETS; i++) {
		uint64_t lo = hist_bucket_lo(i), hi = hist_bucket_hi(i);

		assert_true(lo <= hi);
		assert_int_equal(hist_index(lo), i);
		assert_int_equal(hist_index(hi), i);
		if (i + 1 < HIST_NR_BUCKETS)
			assert_true(hi + 1 == hist_bucket_lo(i + 1));
		/* At most 1/32 of its values wide. */
		if (lo >= HIST_SUB)
			assert_true((hi - lo + 1) * HIST_SUB <= lo);
	}
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

static const double pcts[] = {
	0, 1, 10, 25, 50, 75, 90, 99, 99.5, 99.9, 99.99, 99.999, 100,
};

/* The exact pct-th value of n sorted ones: rank ceil(pct% of n). */
static uint64_t exact_percentile(const uint64_t *sorted, size_t n,
				 double pct)
{
	double x = pct / 100.0 * (double)n;
	size_t rank = (size_t)x;

	if ((double)rank < x)
		rank++;
	if (rank < 1)
		rank = 1;
	return sorted[rank - 1];
}

/*
 * Build a histogram of v[0..n) and check every percentile of pcts[] lies
 * in the bucket of the exact value or next to it.  Sorts v.
 */
static void check_percentiles(uint64_t *v, size_t n)
{
	struct hist *h = malloc(sizeof(*h));
	uint64_t sum = 0;

	assert_non_null(h);
	hist_init(h);
	for (size_t i = 0; i < n; i++) {
		hist_add(h, v[i]);
		sum += v[i];
	}
	qsort(v, n, sizeof(*v), cmp_u64);
	assert_true(h->count == n);
	assert_true(h->sum == sum);
	assert_true(h->min == v[0] && h->max == v[n - 1]);
	for (size_t i = 0; i < sizeof(pcts) / sizeof(pcts[0]); i++) {
		uint64_t exact = exact_percentile(v, n, pcts[i]);
		uint64_t got = hist_percentile(h, pcts[i]);
		int d = (int)hist_index(got) - (int)hist_index(exact);

		if (d < -1 || d > 1)
			fail_msg("p%g: %llu, exact %llu (%d buckets off)",
				 pcts[i], (unsigned long long)got,
				 (unsigned long long)exact, d);
	}
	assert_true(hist_percentile(h, 0) == v[0]);
	assert_true(hist_percentile(h, 100) == v[n - 1]);
	free(h);
}

static void uniform_percentiles(void **state)
{
	size_t n = 1000000;
	uint64_t *v = malloc(n * sizeof(*v));

	(void)state;
	assert_non_null(v);
	/* Shuffled order: the histogram must not care. */
	for (size_t i = 0; i < n; i++)
		v[i] = (i * 7919) % n + 1;
	check_percentiles(v, n);
	/* A stride over a wider span. */
	for (size_t i = 0; i < n; i++)
		v[i] = 1000 + i * 4999;
	check_percentiles(v, n);
	free(v);
}

/*
 * Like latencies: 8 us plus an exponential-like tail, each further 5 us
 * half as likely (geometric whole part from the trailing zeros of a
 * random word, uniform fraction).
 */
static uint64_t exp_like(void)
{
	uint64_t k = __builtin_ctzll(rnd() | 1ULL << 40);
	uint64_t frac = rnd() & 0xfffff;

	return 8000 + (((k << 20) + frac) * 5000 >> 20);
}

static void exponential_percentiles(void **state)
{
	size_t n = 200000;
	uint64_t *v = malloc(n * sizeof(*v));

	(void)state;
	assert_non_null(v);
	for (size_t i = 0; i < n; i++)
		v[i] = exp_like();
	check_percentiles(v, n);
	free(v);
}

static void bimodal_percentiles(void **state)
{
	size_t n = 100000;
	uint64_t *v = malloc(n * sizeof(*v));
	struct hist *h = malloc(sizeof(*h));

	(void)state;
	assert_non_null(v);
	assert_non_null(h);
	hist_init(h);
	/* 99% around 10 us, exactly 1% around 5 ms. */
	for (size_t i = 0; i < n; i++) {
		if (i % 100 == 99)
			v[i] = 4750000 + rnd() % 500000;
		else
			v[i] = 9500 + rnd() % 1000;
		hist_add(h, v[i]);
	}
	assert_in_range(hist_percentile(h, 50), 9500, 10500 + 10500 / 32);
	assert_in_range(hist_percentile(h, 99), 9500, 10500 + 10500 / 32);
	assert_in_range(hist_percentile(h, 99.9), 4750000, 5250000);
	assert_in_range(hist_percentile(h, 99.99), 4750000, 5250000);
	check_percentiles(v, n);
	free(h);
	free(v);
}

/* Below HIST_SUB every bucket is one value: percentiles are exact. */
static void small_values_exact(void **state)
{
	uint64_t v[HIST_SUB * 10];
	struct hist h;

	(void)state;
	hist_init(&h);
	for (size_t i = 0; i < HIST_SUB * 10; i++) {
		v[i] = i % HIST_SUB;
		hist_add(&h, v[i]);
	}
	qsort(v, HIST_SUB * 10, sizeof(v[0]), cmp_u64);
	for (size_t i = 0; i < sizeof(pcts) / sizeof(pcts[0]); i++)
		assert_true(hist_percentile(&h, pcts[i]) ==
			    exact_percentile(v, HIST_SUB * 10, pcts[i]));
}

static void single_value(void **state)
{
	static const uint64_t vals[] = { 0, 1, 12345, 1ULL << 40, UINT64_MAX };
	struct hist h;

	(void)state;
	for (size_t j = 0; j < sizeof(vals) / sizeof(vals[0]); j++) {
		int times = vals[j] == UINT64_MAX ? 1 : 1000;

		hist_init(&h);
		for (int i = 0; i < times; i++)
			hist_add(&h, vals[j]);
		for (size_t i = 0; i < sizeof(pcts) / sizeof(pcts[0]); i++)
			assert_true(hist_percentile(&h, pcts[i]) == vals[j]);
		assert_true(h.min == vals[j] && h.max == vals[j]);
		assert_true(hist_mean(&h) == (double)vals[j]);
	}
}

static void empty(void **state)
{
	struct hist h, other;

	(void)state;
	hist_init(&h);
	assert_true(h.count == 0);
	for (size_t i = 0; i < sizeof(pcts) / sizeof(pcts[0]); i++)
		assert_true(hist_percentile(&h, pcts[i]) == 0);
	assert_true(hist_mean(&h) == 0);
	/* Merging nothing changes nothing, either way round. */
	hist_init(&other);
	hist_add(&other, 500);
	hist_merge(&other, &h);
	assert_true(other.count == 1 && other.min == 500 && other.max == 500);
	hist_merge(&h, &other);
	assert_memory_equal(&h, &other, sizeof(h));
}

static void merge_equals_whole(void **state)
{
	size_t n = 100000;
	struct hist *whole = malloc(sizeof(*whole));
	struct hist *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
	uint64_t sum = 0;

	(void)state;
	assert_true(whole && a && b);
	hist_init(whole);
	hist_init(a);
	hist_init(b);
	for (size_t i = 0; i < n; i++) {
		/* Halves of different shape: min and max from each. */
		uint64_t v = i < n / 2 ? exp_like() : 100 + rnd() % 1000000;

		hist_add(whole, v);
		hist_add(i < n / 2 ? a : b, v);
		sum += v;
	}
	hist_merge(a, b);
	assert_true(a->count == whole->count);
	assert_true(a->sum == whole->sum);
	assert_true(a->min == whole->min);
	assert_true(a->max == whole->max);
	assert_memory_equal(a->bucket, whole->bucket, sizeof(a->bucket));
	assert_true(hist_mean(a) == (double)sum / (double)n);
	for (size_t i = 0; i < sizeof(pcts) / sizeof(pcts[0]); i++)
		assert_true(hist_percentile(a, pcts[i]) ==
			    hist_percentile(whole, pcts[i]));
	free(whole);
	free(a);
	free(b);
}

static void mean(void **state)
{
	struct hist h;

	(void)state;
	hist_init(&h);
	for (uint64_t v = 1; v <= 1000; v++)
		hist_add(&h, v);
	assert_true(hist_mean(&h) == 500.5);
	assert_true(h.sum == 500500);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(values_fall_in_their_bucket),
		cmocka_unit_test(buckets_tile_the_range),
		cmocka_unit_test(uniform_percentiles),
		cmocka_unit_test(exponential_percentiles),
		cmocka_unit_test(bimodal_percentiles),
		cmocka_unit_test(small_values_exact),
		cmocka_unit_test(single_value),
		cmocka_unit_test(empty),
		cmocka_unit_test(merge_equals_whole),
		cmocka_unit_test(mean),
	};

	return cmocka_run_group_tests_name("hist", tests, NULL, NULL);
}
