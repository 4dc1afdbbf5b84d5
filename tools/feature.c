// SPDX-License-Identifier: MIT
/*
 * get-feature and set-feature: the value in hex and, for the common
 * features, field by field in words.  A feature is sent with the NSID its
 * scope takes (names.c), whatever node names the device: a controller-wide
 * one with 0 (a device answers a namespace's NSID there with Feature Not
 * Namespace Specific), a namespace-specific one with the namespace's.  A
 * feature whose data size the spec fixes moves exactly that many bytes,
 * so that the device never reads or writes past the buffer.
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
	OPT_NSID,
};

struct feat_opts {
	uint64_t fid, cdw11, cdw12, data_len, nsid;
	uint8_t sel;
	bool has_fid, has_value, has_data_len, has_nsid, save;
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
		o->has_data_len = true;
		return cli_num(c, "data-len", arg, NGIO_MAX_ADMIN_XFER,
			       &o->data_len);
	case OPT_NSID:
		o->has_nsid = true;
		return cli_num(c, "nsid", arg, UINT32_MAX, &o->nsid);
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

/*
 * The NSID to send fid with: --nsid, else the one its scope takes (0, or
 * the namespace DEV names), else for a feature ngio does not know DEV's.
 * An NSID the scope excludes is refused, saying what the scope is.
 */
static int feat_nsid(const struct cli *c, const struct feat_opts *o,
		     const struct ngio_dev *dev, bool get, __u32 *nsid)
{
	enum feat_scope scope = feature_scope(o->fid);
	bool ns = ngio_dev_is_ns(dev);
	char title[80];

	feat_title(o->fid, title, sizeof(title));
	if (scope == FS_UNKNOWN) {
		*nsid = o->has_nsid ? o->nsid :
			ns ? ngio_dev_geometry(dev)->nsid : 0;
		return 0;
	}
	if (scope != FS_NS) {
		/* FFFFFFFFh (all namespaces) is allowed everywhere. */
		if (o->has_nsid && o->nsid && o->nsid != NVME_NSID_ALL)
			return cli_refuse(c->what, c->dev, "--nsid %llu: %s is "
					  "%s: it takes NSID 0",
					  (unsigned long long)o->nsid, title,
					  feat_scope_str(scope));
		*nsid = o->has_nsid ? o->nsid : 0;
		return 0;
	}
	if (o->has_nsid && !o->nsid)
		return cli_refuse(c->what, c->dev, "--nsid 0: %s is %s: give "
				  "a namespace's NSID", title,
				  feat_scope_str(scope));
	if (o->has_nsid && o->nsid == NVME_NSID_ALL && get)
		return cli_refuse(c->what, c->dev, "--nsid 0xffffffff: %s is "
				  "%s: get it from one namespace (all of them "
				  "is for set-feature)", title,
				  feat_scope_str(scope));
	if (!o->has_nsid && !ns)
		return cli_refuse(c->what, c->dev, "%s is %s: give a "
				  "namespace node (/dev/ngXnY) or --nsid",
				  title, feat_scope_str(scope));
	*nsid = o->has_nsid ? o->nsid : ngio_dev_geometry(dev)->nsid;
	return 0;
}

static const char *const sel_values[] = {
	"current", "default", "saved", "supported", NULL,
};

#define FID_OPT		{ "fid", "ID", OPT_FID, CLI_REQUIRED, 0,	\
			  "the feature identifier (0-255)", NULL }
#define NSID_OPT	{ "nsid", "N", OPT_NSID, 0, 0,			\
			  "the NSID, where the feature's scope allows", NULL }

static const struct cli_opt get_opts[] = {
	FID_OPT,
	{ "sel", "S", OPT_SEL, CLI_SHOWV, 0, "which value", sel_values },
	{ "cdw11", "N", OPT_CDW11, 0, 0, "CDW11, for the features that use "
	  "it", NULL },
	{ "data-len", "N", OPT_DATA_LEN, 0, 0, "bytes of data the feature "
	  "returns", NULL },
	NSID_OPT,
	CLI_O_JSON,
	{ NULL },
};

static const struct cli_opt set_opts[] = {
	FID_OPT,
	{ "value", "N", OPT_VALUE, CLI_REQUIRED, 0, "the value (CDW11)",
	  NULL },
	{ "cdw12", "N", OPT_CDW12, 0, 0, "CDW12, for the features that use "
	  "it", NULL },
	{ "save", NULL, OPT_SAVE, 0, 0, "persist across resets", NULL },
	CLI_O_DATA(0, "the feature's data, of the size it takes"),
	NSID_OPT,
	{ NULL },
};

const struct cli_cmd cli_get_feature_cmd = {
	"get-feature", "read a feature's value, decoded", 0, get_opts,
	cmd_get_feature, NULL,
};
const struct cli_cmd cli_set_feature_cmd = {
	"set-feature", "set a feature", 0, set_opts, cmd_set_feature, NULL,
};

int cmd_get_feature(int argc, char **argv)
{
	struct feat_opts o = { 0 };
	const struct cli_extra x = { feat_opt, &o };
	struct ngio_dev *dev;
	void *buf = NULL;
	__u32 value = 0, nsid;
	char title[80];
	size_t xfer;
	long want;
	struct cli c;
	int ret;

	ret = cli_parse(&c, &cli_get_feature_cmd, argc, argv, &x);
	if (ret || c.help)
		return ret;
	if (!o.has_fid)
		return cli_usage(&c, "--fid is required");
	/* Without a buffer the device would write the data to address 0. */
	want = feature_data_len(o.fid, true, o.sel, o.cdw11);
	feat_title(o.fid, title, sizeof(title));
	if (want > 0 && !o.has_data_len)
		o.data_len = want;
	else if (!want && o.has_data_len)
		return cli_refuse(c.what, c.dev, "--data-len %llu: %s returns "
				  "no data (drop --data-len)",
				  (unsigned long long)o.data_len, title);
	else if (want > 0 && o.has_data_len && o.data_len != (uint64_t)want)
		return cli_refuse(c.what, c.dev, "--data-len %llu: %s returns "
				  "%ld bytes of data",
				  (unsigned long long)o.data_len, title, want);
	ret = cli_open(&c, &dev, false);
	if (ret)
		return ret;
	ret = feat_nsid(&c, &o, dev, true, &nsid);
	if (ret) {
		ngio_dev_close(dev);
		return ret;
	}
	/* The command moves whole dwords. */
	xfer = (o.data_len + 3) & ~(size_t)3;
	if (xfer) {
		buf = aligned_alloc(4096, (xfer + 4095) & ~(size_t)4095);
		if (!buf) {
			ngio_dev_close(dev);
			return report(c.what, c.dev, -ENOMEM);
		}
		memset(buf, 0, (xfer + 4095) & ~(size_t)4095);
	}
	ret = ngio_get_features(dev, o.fid, nsid, o.sel, o.cdw11,
				buf, xfer, &value);
	if (ret)
		ret = report(c.what, c.dev, ret);
	else
		get_print(&o, value, buf, o.data_len, c.json);
	free(buf);
	ngio_dev_close(dev);
	return ret;
}

/*
 * The whole of path, padded to dwords with zeroes, in a buffer of whole
 * zeroed pages fit for DMA; *sizep is the file's size.
 */
static int read_data(const struct cli *c, void **bufp, size_t *lenp,
		     size_t *sizep)
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
	*sizep = len;
	return 0;
}

int cmd_set_feature(int argc, char **argv)
{
	struct feat_opts o = { 0 };
	const struct cli_extra x = { feat_opt, &o };
	struct ngio_dev *dev;
	char title[80];
	void *buf = NULL;
	size_t len = 0, size = 0;
	__u32 result = 0, nsid;
	long want;
	struct cli c;
	int ret;

	ret = cli_parse(&c, &cli_set_feature_cmd, argc, argv, &x);
	if (ret || c.help)
		return ret;
	if (!o.has_fid)
		return cli_usage(&c, "--fid is required");
	if (!o.has_value)
		return cli_usage(&c, "--value is required");
	want = feature_data_len(o.fid, false, 0, o.cdw11);
	feat_title(o.fid, title, sizeof(title));
	/* Without a buffer the device would read the data at address 0. */
	if (want > 0 && !c.data)
		return cli_refuse(c.what, c.dev, "%s takes %ld bytes of data: "
				  "give --data FILE", title, want);
	if (!want && c.data)
		return cli_refuse(c.what, c.data, "--data: %s takes no data",
				  title);
	if (c.data) {
		ret = read_data(&c, &buf, &len, &size);
		if (ret)
			return ret;
	}
	if (want > 0 && size != (size_t)want) {
		free(buf);
		return cli_refuse(c.what, c.data, "--data: %zu bytes; %s takes "
				  "exactly %ld", size, title, want);
	}
	ret = cli_open(&c, &dev, false);
	if (ret) {
		free(buf);
		return ret;
	}
	ret = feat_nsid(&c, &o, dev, false, &nsid);
	if (ret)
		goto out;
	ret = ngio_set_features(dev, o.fid, nsid, o.cdw11, o.cdw12, o.save,
				buf, len, &result);
	if (ret == -EACCES) {
		struct nvme_uring_cmd cmd;

		/* Which rule: the command itself says (the fid matters). */
		ngio_cmd_set_features(&cmd, o.fid, nsid, o.cdw11, o.cdw12,
				      o.save, buf, len);
		ret = report_denied(c.what, c.dev, dev, &cmd, true);
	} else if (ret) {
		ret = report(c.what, c.dev, ret);
	} else {
		printf("%s: set to 0x%08llx%s\n", title,
		       (unsigned long long)o.cdw11, o.save ? " (saved)" : "");
		fields_human(o.fid, o.cdw11);
		/* Some features answer (Number of Queues: what was granted). */
		if (result)
			printf("result: 0x%08x\n", result);
	}
out:
	free(buf);
	ngio_dev_close(dev);
	return ret;
}
