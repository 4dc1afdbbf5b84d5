// SPDX-License-Identifier: MIT
/*
 * list: every NVMe namespace the kernel made a generic char device for
 * (/sys/class/nvme-generic/ng*).  What identify says where ngio may open
 * the namespace; what sysfs says otherwise (and a line on stderr saying
 * so).  JSON uses `nvme list -o json`'s keys (nvme-cli 2.3) for the facts
 * both print, and keys of ngio's own for the rest.
 */
#include <dirent.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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

#define NG_CLASS "/sys/class/nvme-generic"

struct ns_entry {
	char name[32];		/* ng0n1 */
	unsigned key[3];	/* the name's numbers: ng<0>[c<1>]n<2> */
	char blk[48];		/* "" when the kernel made no block node */
	char ctrl[32];		/* nvme0, "" when unknown */
	char model[48], serial[32], fw[16];
	bool identified;	/* else sysfs only */
	bool has_nsid, has_ms, has_nuse;
	int csi;		/* -1 when unknown */
	__u32 nsid, ds, ms;	/* ds 0 when unknown */
	__u64 nsze, nuse;
};

/* A sysfs attribute, surrounding blanks dropped; "" when unreadable. */
static void sysfs_attr(const char *dir, const char *attr, char *buf,
		       size_t len)
{
	char path[PATH_MAX];
	size_t s = 0, n;
	ssize_t got;
	int fd;

	buf[0] = '\0';
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, attr) >=
	    sizeof(path))
		return;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	got = read(fd, buf, len - 1);
	close(fd);
	if (got <= 0) {
		buf[0] = '\0';
		return;
	}
	n = got;
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		n--;
	while (s < n && buf[s] == ' ')
		s++;
	memmove(buf, buf + s, n - s);
	buf[n - s] = '\0';
}

static bool parse_ng_name(const char *name, unsigned key[3])
{
	char tail;

	key[1] = 0;
	if (sscanf(name, "ng%un%u%c", &key[0], &key[2], &tail) == 2)
		return true;
	return sscanf(name, "ng%uc%un%u%c", &key[0], &key[1], &key[2],
		      &tail) == 3;
}

/* What sysfs alone tells: the block node's attributes. */
static void from_sysfs(struct ns_entry *e)
{
	char dir[PATH_MAX], val[64];
	unsigned long long sectors;

	if (!e->blk[0])
		return;
	snprintf(dir, sizeof(dir), "/sys/block/%s", e->blk + 5);
	sysfs_attr(dir, "nsid", val, sizeof(val));
	if (val[0]) {
		e->nsid = strtoul(val, NULL, 10);
		e->has_nsid = true;
	}
	sysfs_attr(dir, "queue/logical_block_size", val, sizeof(val));
	e->ds = strtoul(val, NULL, 10);
	sysfs_attr(dir, "size", val, sizeof(val));
	sectors = strtoull(val, NULL, 10);
	/* size counts 512-byte sectors whatever the block size. */
	if (e->ds)
		e->nsze = sectors * 512 / e->ds;
	/* Only zoned namespaces have a block node that says what they are. */
	sysfs_attr(dir, "queue/zoned", val, sizeof(val));
	if (!strcmp(val, "host-managed"))
		e->csi = NVME_CSI_ZNS;
	else if (val[0])
		e->csi = NVME_CSI_NVM;
}

static void from_identify(struct ns_entry *e, struct ngio_dev *dev)
{
	const struct ngio_geometry *g = ngio_dev_geometry(dev);
	const char *ctrl = ngio_dev_ctrl_path(dev);
	const char *blk = ngio_dev_blk_path(dev);

	e->identified = true;
	e->has_nsid = e->has_ms = e->has_nuse = true;
	e->nsid = g->nsid;
	e->csi = g->csi;
	e->ds = g->lba_size;
	e->ms = g->ms;
	e->nsze = g->nsze;
	e->nuse = le64toh(ngio_dev_id_ns(dev)->nuse);
	if (ctrl && !strncmp(ctrl, "/dev/", 5))
		snprintf(e->ctrl, sizeof(e->ctrl), "%s", ctrl + 5);
	if (blk)
		snprintf(e->blk, sizeof(e->blk), "%s", blk);
}

/* A multipath head's controller, the subsystem's lowest nvme<i>. */
static void subsys_ctrl(const char *dir, char *ctrl, size_t len)
{
	unsigned i, best = UINT_MAX;
	struct dirent *d;
	char tail;
	DIR *sub;

	sub = opendir(dir);
	if (!sub)
		return;
	while ((d = readdir(sub)))
		if (sscanf(d->d_name, "nvme%u%c", &i, &tail) == 1 && i < best)
			best = i;
	closedir(sub);
	if (best != UINT_MAX)
		snprintf(ctrl, len, "nvme%u", best);
}

static void probe(struct ns_entry *e)
{
	char dir[PATH_MAX], ng[64], path[PATH_MAX + 16], why[160];
	struct ngio_dev *dev;
	struct stat st;
	const char *base;
	int ret;

	e->csi = -1;
	/* The parent: a controller, or a multipath head's subsystem; both
	 * carry model, serial and firmware_rev. */
	snprintf(path, sizeof(path), NG_CLASS "/%s/device", e->name);
	if (realpath(path, dir)) {
		base = strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir;
		if (!strncmp(base, "nvme", 4) && !strchr(base, '-') &&
		    strlen(base) < sizeof(e->ctrl))
			strcpy(e->ctrl, base);
		else if (!strncmp(base, "nvme-subsys", 11))
			subsys_ctrl(dir, e->ctrl, sizeof(e->ctrl));
		sysfs_attr(dir, "model", e->model, sizeof(e->model));
		sysfs_attr(dir, "serial", e->serial, sizeof(e->serial));
		sysfs_attr(dir, "firmware_rev", e->fw, sizeof(e->fw));
	}
	/* ngN...nM and its block node nvmeN...nM share the numbers. */
	snprintf(path, sizeof(path), "/sys/block/nvme%s", e->name + 2);
	if (!stat(path, &st))
		snprintf(e->blk, sizeof(e->blk), "/dev/nvme%s", e->name + 2);

	snprintf(ng, sizeof(ng), "/dev/%s", e->name);
	ret = ngio_dev_open(ng, 0, &dev);
	if (!ret) {
		from_identify(e, dev);
		ngio_dev_close(dev);
		return;
	}
	from_sysfs(e);
	cli_err(0, "list", ng, "identify failed (%s): showing what sysfs "
		"tells", ngio_status_str(ret, why, sizeof(why)));
}

/* The controller's instance, nvme<i>; unknown ones last. */
static unsigned ctrl_key(const struct ns_entry *e)
{
	unsigned i;
	char tail;

	return sscanf(e->ctrl, "nvme%u%c", &i, &tail) == 1 ? i : UINT_MAX;
}

/*
 * By controller, then NSID: node names follow the order the kernel's
 * scan finished in, not the NSIDs.  Unknown NSIDs last, by name.
 */
static int entry_cmp(const void *a, const void *b)
{
	const struct ns_entry *x = a, *y = b;
	unsigned long long kx[5] = { ctrl_key(x),
		x->has_nsid ? x->nsid : 1ULL << 32, x->key[0], x->key[1],
		x->key[2] };
	unsigned long long ky[5] = { ctrl_key(y),
		y->has_nsid ? y->nsid : 1ULL << 32, y->key[0], y->key[1],
		y->key[2] };

	for (int i = 0; i < 5; i++)
		if (kx[i] != ky[i])
			return kx[i] < ky[i] ? -1 : 1;
	return 0;
}

/* Every ng node in sysfs; *n of them.  0 or -errno. */
static int scan(struct ns_entry **out, size_t *n)
{
	struct ns_entry *v = NULL, *t;
	size_t cap = 0;
	struct dirent *d;
	DIR *dir;

	*n = 0;
	dir = opendir(NG_CLASS);
	if (!dir)
		return errno == ENOENT ? 0 : -errno;
	while ((d = readdir(dir))) {
		unsigned key[3];

		if (!parse_ng_name(d->d_name, key) ||
		    strlen(d->d_name) >= sizeof(v->name))
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			t = realloc(v, cap * sizeof(*v));
			if (!t) {
				free(v);
				closedir(dir);
				return -ENOMEM;
			}
			v = t;
		}
		memset(&v[*n], 0, sizeof(v[*n]));
		strcpy(v[*n].name, d->d_name);
		memcpy(v[*n].key, key, sizeof(key));
		(*n)++;
	}
	closedir(dir);
	*out = v;
	return 0;
}

static const char *cs_str(const struct ns_entry *e, char *buf, size_t len)
{
	if (e->csi < 0)
		return "-";
	if (csi_name(e->csi))
		return csi_name(e->csi);
	snprintf(buf, len, "%d", e->csi);
	return buf;
}

static void format_str(const struct ns_entry *e, char *buf, size_t len)
{
	if (!e->ds)
		snprintf(buf, len, "-");
	else if (!e->has_ms)
		snprintf(buf, len, "%u+?", e->ds);
	else
		lba_format_str(e->ds, e->ms, buf, len);
}

#define ADD_U(o, k, v) json_object_object_add(o, k, json_object_new_uint64(v))
#define ADD_S(o, k, v) json_object_object_add(o, k, json_object_new_string(v))

static void list_json(const struct ns_entry *v, size_t n)
{
	struct json_object *root = json_object_new_object();
	struct json_object *arr = json_object_new_array();
	char buf[64], path[64];

	for (size_t i = 0; i < n; i++) {
		const struct ns_entry *e = &v[i];
		struct json_object *o = json_object_new_object();

		if (e->has_nsid)
			ADD_U(o, "NameSpace", e->nsid);
		if (e->blk[0])
			ADD_S(o, "DevicePath", e->blk);
		snprintf(path, sizeof(path), "/dev/%s", e->name);
		ADD_S(o, "GenericPath", path);
		if (e->ctrl[0])
			ADD_S(o, "Controller", e->ctrl);
		ADD_S(o, "Firmware", e->fw);
		ADD_S(o, "ModelNumber", e->model);
		ADD_S(o, "SerialNumber", e->serial);
		if (e->has_nuse)
			ADD_U(o, "UsedBytes", e->nuse * e->ds);
		if (e->ds) {
			ADD_U(o, "MaximumLBA", e->nsze);
			ADD_U(o, "PhysicalSize", e->nsze * e->ds);
			ADD_U(o, "SectorSize", e->ds);
		}
		if (e->has_ms)
			ADD_U(o, "MetadataSize", e->ms);
		if (e->ds) {
			format_str(e, buf, sizeof(buf));
			ADD_S(o, "LBAFormat", buf);
		}
		if (e->csi >= 0)
			ADD_S(o, "CommandSet", cs_str(e, buf, sizeof(buf)));
		if (e->ds)
			ADD_S(o, "HumanSize", human_size(e->nsze * e->ds, buf,
							 sizeof(buf)));
		ADD_S(o, "Source", e->identified ? "identify" : "sysfs");
		json_object_array_add(arr, o);
	}
	json_object_object_add(root, "Devices", arr);
	json_print(root);
}

/* The NSID first: it names the namespace (nvme0:3), the nodes may not. */
enum { COL_NSID, COL_NG, COL_BLK, COL_CTRL, COL_CS, COL_FMT, COL_SIZE,
       COL_BYTES, COL_MODEL, COL_SERIAL, COL_FW, NCOLS };

static const char *const col_head[NCOLS] = {
	"NSID", "Generic", "Block", "Ctrl", "CS", "Format", "Size", "Bytes",
	"Model", "Serial", "FW",
};

static void row_cells(const struct ns_entry *e, char cell[NCOLS][64])
{
	snprintf(cell[COL_NG], 64, "/dev/%s", e->name);
	snprintf(cell[COL_BLK], 64, "%s", e->blk[0] ? e->blk : "-");
	snprintf(cell[COL_CTRL], 64, "%s", e->ctrl[0] ? e->ctrl : "-");
	if (e->has_nsid)
		snprintf(cell[COL_NSID], 64, "%u", e->nsid);
	else
		snprintf(cell[COL_NSID], 64, "-");
	char cs[16];

	snprintf(cell[COL_CS], 64, "%s", cs_str(e, cs, sizeof(cs)));
	format_str(e, cell[COL_FMT], 64);
	if (e->ds) {
		human_size(e->nsze * e->ds, cell[COL_SIZE], 64);
		snprintf(cell[COL_BYTES], 64, "%llu",
			 (unsigned long long)(e->nsze * e->ds));
	} else {
		snprintf(cell[COL_SIZE], 64, "-");
		snprintf(cell[COL_BYTES], 64, "-");
	}
	snprintf(cell[COL_MODEL], 64, "%s", e->model[0] ? e->model : "-");
	snprintf(cell[COL_SERIAL], 64, "%s", e->serial[0] ? e->serial : "-");
	snprintf(cell[COL_FW], 64, "%s", e->fw[0] ? e->fw : "-");
}

static void print_row(char cell[NCOLS][64], const int *w)
{
	/* The last column unpadded: no trailing blanks. */
	for (int i = 0; i < NCOLS - 1; i++)
		printf("%-*s  ", w[i], cell[i]);
	printf("%s\n", cell[NCOLS - 1]);
}

static void list_human(const struct ns_entry *v, size_t n)
{
	char (*cells)[NCOLS][64] = calloc(n + 1, sizeof(*cells));
	int w[NCOLS] = { 0 };

	if (!cells)
		return;
	for (int i = 0; i < NCOLS; i++)
		snprintf(cells[0][i], 64, "%s", col_head[i]);
	for (size_t r = 0; r < n; r++)
		row_cells(&v[r], cells[r + 1]);
	for (size_t r = 0; r <= n; r++)
		for (int i = 0; i < NCOLS; i++)
			if ((int)strlen(cells[r][i]) > w[i])
				w[i] = strlen(cells[r][i]);
	for (size_t r = 0; r <= n; r++)
		print_row(cells[r], w);
	free(cells);
}

static const struct cli_opt list_opts[] = {
	CLI_O_JSON,
	{ NULL },
};

const struct cli_cmd cli_list_cmd = {
	"list", "list every NVMe namespace: nodes, format, size, model",
	CLI_NO_DEV, list_opts, cmd_list, NULL,
};

int cmd_list(int argc, char **argv)
{
	struct ns_entry *v = NULL;
	struct cli c;
	size_t n;
	int ret;

	ret = cli_parse(&c, &cli_list_cmd, argc, argv, NULL);
	if (ret || c.help)
		return ret;
	ret = scan(&v, &n);
	if (ret)
		return report(c.what, NG_CLASS, ret);
	for (size_t i = 0; i < n; i++)
		probe(&v[i]);
	if (n)
		qsort(v, n, sizeof(*v), entry_cmp);
	if (c.json)
		list_json(v, n);
	else if (n)
		list_human(v, n);
	else
		printf("no NVMe namespaces (nothing in " NG_CLASS ")\n");
	free(v);
	return NGIO_EXIT_OK;
}
