// SPDX-License-Identifier: MIT
/*
 * Completion values in words: libnvme has the spec's status strings,
 * without regard to the command set; a set whose codes differ names its
 * own (kv.c), by the namespace's CSI.
 */
#include <stdio.h>
#include <string.h>

#include <nvme/util.h>

#include "internal.h"

const char *ngio_status_name(int status)
{
	/* Only SCT and SC: CRD, More and DNR are reported apart. */
	return nvme_status_to_string((ngio_status_sct(status) << 8) |
				     ngio_status_sc(status), false);
}

const char *ngio_status_name_csi(int status, __u8 csi)
{
	const char *name = NULL;

	if (csi == NVME_CSI_KV)
		name = kv_status_name(ngio_status_sct(status),
				      ngio_status_sc(status));
	return name ? name : ngio_status_name(status);
}

/* res for people, an NVMe status by name (its text up to the colon). */
static char *status_str(int res, const char *name, char *buf, size_t len)
{
	size_t n;

	if (res < 0) {
		snprintf(buf, len, "%s", strerror(-res));
		return buf;
	}
	if (!res) {
		snprintf(buf, len, "Success");
		return buf;
	}
	n = strcspn(name, ":");
	snprintf(buf, len, "%.*s (SCT 0x%x SC 0x%02x%s%s)", (int)n, name,
		 ngio_status_sct(res), ngio_status_sc(res),
		 ngio_status_more(res) ? ", More" : "",
		 ngio_status_dnr(res) ? ", DNR" : "");
	return buf;
}

char *ngio_status_str(int res, char *buf, size_t len)
{
	return status_str(res, res > 0 ? ngio_status_name(res) : NULL, buf,
			  len);
}

char *ngio_status_str_csi(int res, __u8 csi, char *buf, size_t len)
{
	return status_str(res, res > 0 ? ngio_status_name_csi(res, csi) :
			  NULL, buf, len);
}
