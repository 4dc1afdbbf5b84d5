// SPDX-License-Identifier: MIT
/* Completion values in words: libnvme has the spec's status strings. */
#include <stdio.h>
#include <string.h>

#include <nvme/util.h>

#include "ngio.h"

const char *ngio_status_name(int status)
{
	/* Only SCT and SC: CRD, More and DNR are reported apart. */
	return nvme_status_to_string((ngio_status_sct(status) << 8) |
				     ngio_status_sc(status), false);
}

char *ngio_status_str(int res, char *buf, size_t len)
{
	const char *name;
	size_t n;

	if (res < 0) {
		snprintf(buf, len, "%s", strerror(-res));
		return buf;
	}
	if (!res) {
		snprintf(buf, len, "Success");
		return buf;
	}
	/* libnvme says "Name: explanation"; people want the name. */
	name = ngio_status_name(res);
	n = strcspn(name, ":");
	snprintf(buf, len, "%.*s (SCT 0x%x SC 0x%02x%s%s)", (int)n, name,
		 ngio_status_sct(res), ngio_status_sc(res),
		 ngio_status_more(res) ? ", More" : "",
		 ngio_status_dnr(res) ? ", DNR" : "");
	return buf;
}
