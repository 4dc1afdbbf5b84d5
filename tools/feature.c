// SPDX-License-Identifier: MIT
/*
 * get-feature and set-feature: the value in hex and, for the common
 * features, field by field in words.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "ngio.h"
#include "args.h"
#include "cli.h"
#include "names.h"

enum {
	OPT_FID = CLI_EXTRA,
	OPT_SEL,
	OPT_CDW11,
	OPT_DATA_LEN,
	OPT_VALUE,
	OPT_CDW12,
	OPT_SAVE,
};

struct feat_opts {
	uint64_t fid, cdw11, cdw12, data_len;
	uint8_t sel;
	bool has_fid, has_value, save;
};

static int feat_opt(struct cli *c, int val, const char *arg, void *ctx)
{
	struct feat_opts *o = ctx;

	switch (val) {
	case OPT_FID:
		o->has_fid = true;
		return cli_num(c, "fid", arg, 255, &o->fid);
	case OPT_SEL:
		if (parse_feature_sel(arg, &o->sel))
			return cli_usage(c, "--sel: '%s' is not current, "
					 "default, saved or supported", arg);
		return 0;
	case OPT_CDW11:
		return cli_num(c, "cdw11", arg, UINT32_MAX, &o->cdw11);
	case OPT_VALUE:
		o->has_value = true;
		return cli_num(c, "value", arg, UINT32_MAX, &o->cdw11);
	case OPT_CDW12:
		return cli_num(c, "cdw12", arg, UINT32_MAX, &o->cdw12);
	case OPT_DATA_LEN:
		return cli_num(c, "data-len", arg, NGIO_MAX_ADMIN_XFER,
			       &o->data_len);
	case OPT_SAVE:
		o->save = true;
		return 0;
	}
	return cli_usage(c, "unknown option");
}

static void feat_title(uint8_t fid, char *buf, size_t len)
{
	const char *name = feature_name(fid);

	if (name)
		snprintf(buf, len, "%s (fid %#04x)", name, fid);
	else
		snprintf(buf, len, "Feature %#04x", fid);
}

/* The fields of value, one a line, for people. */
static void fields_human(uint8_t fid, uint32_t value)
{
	const struct feat_field *f;
	char buf[96];
	size_t n;

	f = feature_fields(fid, &n);
	for (size_t i = 0; i < n; i++, f++)
		printf("  %-8s %-40s: %s\n", f->key, f->desc,
		       feat_field_str(f, value, buf, sizeof(buf)));
}

static struct json_object *fields_json(uint8_t fid, uint32_t value)
{
	struct json_object *o = json_object_new_object();
	const struct feat_field *f;
	size_t n;

	f = feature_fields(fid, &n);
	for (size_t i = 0; i < n; i++, f++)
		json_object_object_add(o, f->key, json_object_new_uint64(
					       feat_field_val(f, value)));
	return o;
}

/* Supported capabilities (SEL 3): bits 0-2 of the value. */
static const char *const cap_keys[] = {
	"saveable", "namespace_specific", "changeable",
};

static void get_print(const struct feat_opts *o, uint32_t value,
		      const void *data, size_t len, bool json)
{
	bool caps = o->sel == 3;
	char title[80];

	if (json) {
		struct json_object *root = json_object_new_object();
		const char *name = feature_name(o->fid);

		json_object_object_add(root, "fid",
				       json_object_new_uint64(o->fid));
		if (name)
			json_object_object_add(root, "name",
					       json_object_new_string(name));
		json_object_object_add(root, "sel", json_object_new_string(
					       feature_sel_name(o->sel)));
		json_object_object_add(root, "value",
				       json_object_new_uint64(value));
		for (unsigned b = 0; caps && b < ARRAY_SIZE(cap_keys); b++)
			json_object_object_add(root, cap_keys[b],
				json_object_new_boolean(value & (1U << b)));
		if (!caps && feature_fields(o->fid, &(size_t){ 0 }))
			json_object_object_add(root, "fields",
					       fields_json(o->fid, value));
		if (len) {
			char *hex = malloc(2 * len + 1);

			for (size_t i = 0; hex && i < len; i++)
				snprintf(hex + 2 * i, 3, "%02x",
					 ((const unsigned char *)data)[i]);
			if (hex)
				json_object_object_add(root, "data",
					json_object_new_string(hex));
			free(hex);
		}
		json_print(root);
		return;
	}
	feat_title(o->fid, title, sizeof(title));
	printf("%s, %s: 0x%08x\n", title,
	       caps ? "supported capabilities" : feature_sel_name(o->sel),
	       value);
	if (caps) {
		printf("  saveable           : %s\n", value & 1 ? "yes" : "no");
		printf("  namespace specific : %s\n", value & 2 ? "yes" : "no");
		printf("  changeable         : %s\n", value & 4 ? "yes" : "no");
	} else {
		fields_human(o->fid, value);
	}
	if (len) {
		printf("data (%zu bytes):\n", len);
		hexdump(data, len, 0, stdout);
	}
}

/* The namespace DEV names, or 0 for a controller-wide feature. */
static __u32 dev_nsid(const struct ngio_dev *dev)
{
	return ngio_dev_is_ns(dev) ? ngio_dev_geometry(dev)->nsid : 0;
}

int cmd_get_feature(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "fid", required_argument, NULL, OPT_FID },
		{ "sel", required_argument, NULL, OPT_SEL },
		{ "cdw11", required_argument, NULL, OPT_CDW11 },
		{ "data-len", required_argument, NULL, OPT_DATA_LEN },
		{ 0 },
	};
	struct feat_opts o = { 0 };
	const struct cli_extra x = { opts, feat_opt, &o };
	struct ngio_dev *dev;
	void *buf = NULL;
	__u32 value = 0;
	size_t xfer;
	struct cli c;
	int ret;

	ret = cli_parse(&c, argc, argv, CLI_JSON, &x);
	if (ret || c.help)
		return ret;
	if (!o.has_fid)
		return cli_usage(&c, "--fid is required");
	ret = cli_open(&c, &dev, false);
	if (ret)
		return ret;
	/* The command moves whole dwords. */
	xfer = (o.data_len + 3) & ~(size_t)3;
	if (xfer) {
		buf = aligned_alloc(4096, (xfer + 4095) & ~(size_t)4095);
		if (!buf) {
			ngio_dev_close(dev);
			return report(c.what, c.dev, -ENOMEM);
		}
		memset(buf, 0, xfer);
	}
	ret = ngio_get_features(dev, o.fid, dev_nsid(dev), o.sel, o.cdw11,
				buf, xfer, &value);
	if (ret)
		ret = report(c.what, c.dev, ret);
	else
		get_print(&o, value, buf, o.data_len, c.json);
	free(buf);
	ngio_dev_close(dev);
	return ret;
}

/* The whole of path, padded to dwords, in a buffer fit for DMA. */
static int read_data(const struct cli *c, void **bufp, size_t *lenp)
{
	struct stat st;
	size_t len, got = 0;
	char *buf;
	int fd, ret;

	fd = open(c->data, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return report(c->what, c->data, -errno);
	if (fstat(fd, &st)) {
		ret = report(c->what, c->data, -errno);
		close(fd);
		return ret;
	}
	if (!st.st_size || st.st_size > NGIO_MAX_ADMIN_XFER) {
		close(fd);
		return cli_usage(c, "--data: %s must hold 1 to %u bytes",
				 c->data, NGIO_MAX_ADMIN_XFER);
	}
	len = st.st_size;
	buf = aligned_alloc(4096, (len + 4095) & ~(size_t)4095);
	if (!buf) {
		close(fd);
		return report(c->what, c->data, -ENOMEM);
	}
	memset(buf, 0, (len + 4095) & ~(size_t)4095);
	while (got < len) {
		ssize_t n = read(fd, buf + got, len - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			ret = n ? -errno : -EIO;
			free(buf);
			close(fd);
			return report(c->what, c->data, ret);
		}
		got += n;
	}
	close(fd);
	*bufp = buf;
	*lenp = (len + 3) & ~(size_t)3;
	return 0;
}

int cmd_set_feature(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "fid", required_argument, NULL, OPT_FID },
		{ "value", required_argument, NULL, OPT_VALUE },
		{ "cdw12", required_argument, NULL, OPT_CDW12 },
		{ "save", no_argument, NULL, OPT_SAVE },
		{ 0 },
	};
	struct feat_opts o = { 0 };
	const struct cli_extra x = { opts, feat_opt, &o };
	struct ngio_dev *dev;
	char title[80];
	void *buf = NULL;
	size_t len = 0;
	__u32 result = 0;
	struct cli c;
	int ret;

	ret = cli_parse(&c, argc, argv, CLI_DATA, &x);
	if (ret || c.help)
		return ret;
	if (!o.has_fid)
		return cli_usage(&c, "--fid is required");
	if (!o.has_value)
		return cli_usage(&c, "--value is required");
	if (c.data) {
		ret = read_data(&c, &buf, &len);
		if (ret)
			return ret;
	}
	ret = cli_open(&c, &dev, false);
	if (ret) {
		free(buf);
		return ret;
	}
	ret = ngio_set_features(dev, o.fid, dev_nsid(dev), o.cdw11, o.cdw12,
				o.save, buf, len, &result);
	if (ret) {
		ret = report(c.what, c.dev, ret);
	} else {
		feat_title(o.fid, title, sizeof(title));
		printf("%s: set to 0x%08llx%s\n", title,
		       (unsigned long long)o.cdw11, o.save ? " (saved)" : "");
		fields_human(o.fid, o.cdw11);
		/* Some features answer (Number of Queues: what was granted). */
		if (result)
			printf("result: 0x%08x\n", result);
	}
	free(buf);
	ngio_dev_close(dev);
	return ret;
}
