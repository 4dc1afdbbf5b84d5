// SPDX-License-Identifier: MIT
/*
 * caps: what the kernel and the controller offer for one device, as
 * ngio_dev_has() probed it at open, with the reason for each "no".  The
 * test matrix records its JSON per kernel; scripts/kernel-table makes the
 * README's "what works on which kernel" table from it.
 */
#include <stdio.h>
#include <sys/utsname.h>

#include <json-c/json.h>

#include "ngio.h"
#include "args.h"
#include "cli.h"

/* Names as the JSON and the README's table use them, in enum order. */
static const struct {
	enum ngio_cap cap;
	const char *name;
} caps[] = {
	{ NGIO_CAP_URING_CMD, "uring-cmd" },
	{ NGIO_CAP_IOPOLL, "iopoll" },
	{ NGIO_CAP_FIXED_BUFS, "fixed-bufs" },
	{ NGIO_CAP_VEC_FIXED, "vec-fixed" },
	{ NGIO_CAP_WRITE, "write" },
	{ NGIO_CAP_COMPARE, "compare" },
	{ NGIO_CAP_WRITE_UNCOR, "write-uncor" },
	{ NGIO_CAP_DSM, "dsm" },
	{ NGIO_CAP_WRITE_ZEROES, "write-zeroes" },
	{ NGIO_CAP_VERIFY, "verify" },
	{ NGIO_CAP_COPY, "copy" },
	{ NGIO_CAP_POLL_ZONE, "poll-zone" },
	{ NGIO_CAP_UNPRIV, "unpriv" },
	{ NGIO_CAP_HYBRID_IOPOLL, "hybrid-iopoll" },
	{ NGIO_CAP_ADMIN_IOPOLL, "admin-iopoll" },
	{ NGIO_CAP_BLOCK_DISCARD, "block-discard" },
	{ NGIO_CAP_BLOCK_PI, "block-pi" },
};

_Static_assert(sizeof(caps) / sizeof(caps[0]) == NGIO_CAP_NR,
	       "every capability has a name");

static const struct cli_opt caps_opts[] = {
	CLI_O_JSON,
	{ NULL },
};

const struct cli_cmd cli_caps_cmd = {
	"caps", "what the kernel and controller offer for DEV, and why not",
	0, caps_opts, cmd_caps, NULL,
};

int cmd_caps(int argc, char **argv)
{
	struct json_object *root = NULL, *o = NULL;
	struct ngio_dev *dev;
	struct utsname u;
	struct cli c;
	int ret;

	ret = cli_parse(&c, &cli_caps_cmd, argc, argv, NULL);
	if (ret || c.help)
		return ret;
	ret = cli_open(&c, &dev, false);
	if (ret)
		return ret;
	if (c.json) {
		root = json_object_new_object();
		json_object_object_add(root, "device",
				       json_object_new_string(c.dev));
		if (!uname(&u))
			json_object_object_add(root, "kernel",
					       json_object_new_string(u.release));
		o = json_object_new_object();
		json_object_object_add(root, "caps", o);
	}
	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
		const char *why = NULL;
		bool has = ngio_dev_has(dev, caps[i].cap, &why);

		if (o) {
			struct json_object *e = json_object_new_object();

			json_object_object_add(e, "has",
					       json_object_new_boolean(has));
			if (!has && why)
				json_object_object_add(e, "why",
						json_object_new_string(why));
			json_object_object_add(o, caps[i].name, e);
		} else {
			printf("%-14s %-3s%s%s\n", caps[i].name,
			       has ? "yes" : "no", has || !why ? "" : "  ",
			       has || !why ? "" : why);
		}
	}
	ngio_dev_close(dev);
	if (root)
		json_print(root);
	return NGIO_EXIT_OK;
}
