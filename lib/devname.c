// SPDX-License-Identifier: MIT
/*
 * Namespace names: "nvmeC:NSID", a namespace by its controller and NSID.
 * Unlike /dev/ngXnY they do not depend on the order Linux's scan finished
 * in.  Only the syntax is here; dev.c finds the node.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "ngio.h"

/* The highest NSID: FFFFFFFFh means every namespace. */
#define NSID_MAX	0xfffffffeU

/*
 * The decimal number in [s, end): digits only, at least one, no leading
 * zero (010: octal or decimal?), at most max.  false when it is not one.
 */
static bool parse_dec(const char *s, const char *end, unsigned long long max,
		      unsigned long long *out)
{
	unsigned long long v = 0;

	if (s == end || (*s == '0' && end - s > 1))
		return false;
	for (; s < end; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (unsigned)(*s - '0');
		if (v > max)
			return false;
	}
	*out = v;
	return true;
}

int ngio_dev_parse_name(const char *name, unsigned *ctrl, __u32 *nsid)
{
	unsigned long long c, n;
	const char *s, *colon;

	if (!name)
		return -EINVAL;
	s = strncmp(name, "/dev/", 5) ? name : name + 5;
	colon = strchr(s, ':');
	/* Anything else is a path: nvme0n1, /dev/disk/by-id/nvme-... */
	if (strncmp(s, "nvme", 4) || !colon || strchr(s, '/'))
		return 0;
	if (!parse_dec(s + 4, colon, INT_MAX, &c) ||
	    !parse_dec(colon + 1, colon + strlen(colon), NSID_MAX, &n) ||
	    !n)
		return -EINVAL;
	if (ctrl)
		*ctrl = c;
	if (nsid)
		*nsid = n;
	return 1;
}
