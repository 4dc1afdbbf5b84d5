// SPDX-License-Identifier: MIT
/*
 * Guard CRC and protection information throughput: CRC16 T10-DIF
 * (ISA-L), CRC64 NVMe by folding and by tables, and ngio_pi_generate /
 * ngio_pi_verify over 4 KiB blocks with 8 and 16 bytes of metadata.
 * Each runs over one buffer of the given size (256 MiB unless told),
 * best of three passes.
 * usage: crc-speed [MiB]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ngio.h"
#include "crc64.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Keep results alive so the compiler cannot drop the work. */
static volatile __u64 sink;

enum kind { CRC16, CRC64_CLMUL, CRC64_TABLE, PI_GEN, PI_VERIFY };

static double run(enum kind k, unsigned char *buf, size_t len,
		  const struct ngio_geometry *g, __u32 nlb)
{
	struct ngio_pi_tags t = { .reftag = 0, .apptag = 0x1234,
				  .apptag_mask = 0xffff };
	const unsigned check = NGIO_PI_CHECK_GUARD | NGIO_PI_CHECK_APPTAG |
			       NGIO_PI_CHECK_REFTAG;
	double best = 0, t0, dt;
	int pass, ret = 0;

	for (pass = 0; pass < 3; pass++) {
		t0 = now();
		switch (k) {
		case CRC16:
			sink = ngio_crc16_t10dif(0, buf, len);
			break;
		case CRC64_CLMUL:
			sink = crc64_nvme_clmul(~0ULL, buf, len);
			break;
		case CRC64_TABLE:
			sink = crc64_nvme_table(~0ULL, buf, len);
			break;
		case PI_GEN:
			ret = ngio_pi_generate(g, buf, NULL, nlb, &t);
			break;
		case PI_VERIFY:
			ret = ngio_pi_verify(g, buf, NULL, nlb, &t, check,
					     NULL);
			break;
		}
		dt = now() - t0;
		if (ret) {
			fprintf(stderr, "crc-speed: %s\n", strerror(-ret));
			exit(1);
		}
		if (!best || dt < best)
			best = dt;
	}
	return len / best / 1e9;
}

int main(int argc, char **argv)
{
	size_t mib = argc > 1 ? strtoul(argv[1], NULL, 0) : 256;
	size_t len = mib << 20, i;
	struct ngio_geometry g = {
		.lba_size = 4096, .lba_shift = 12, .extended = true,
		.pi_type = 1,
	};
	unsigned char *buf;

	if (!mib) {
		fprintf(stderr, "usage: crc-speed [MiB]\n");
		return 2;
	}
	buf = aligned_alloc(4096, len);
	if (!buf) {
		perror("crc-speed");
		return 1;
	}
	for (i = 0; i < len; i++)
		buf[i] = i * 7 + (i >> 12);

	printf("%zu MiB, GB/s (10^9 bytes of buffer per second)\n", mib);
	printf("crc16 t10dif (ISA-L)         %6.2f\n", run(CRC16, buf, len,
							   NULL, 0));
	if (crc64_nvme_have_clmul())
		printf("crc64 nvme (PCLMULQDQ)       %6.2f\n",
		       run(CRC64_CLMUL, buf, len, NULL, 0));
	else
		printf("crc64 nvme (PCLMULQDQ)       n/a\n");
	printf("crc64 nvme (slice-by-8)      %6.2f\n",
	       run(CRC64_TABLE, buf, len, NULL, 0));

	g.ms = 8;
	g.pi_format = NGIO_PI_GUARD16;
	printf("pi generate 4096+8  (16b)    %6.2f\n",
	       run(PI_GEN, buf, len, &g, len / 4104));
	printf("pi verify   4096+8  (16b)    %6.2f\n",
	       run(PI_VERIFY, buf, len, &g, len / 4104));
	g.ms = 16;
	g.pi_format = NGIO_PI_GUARD64;
	printf("pi generate 4096+16 (64b)    %6.2f\n",
	       run(PI_GEN, buf, len, &g, len / 4112));
	printf("pi verify   4096+16 (64b)    %6.2f\n",
	       run(PI_VERIFY, buf, len, &g, len / 4112));
	free(buf);
	return 0;
}
