// SPDX-License-Identifier: MIT
/*
 * Why Linux refused a passthrough command with -EACCES, in words: the
 * rules of nvme_cmd_allowed() (drivers/nvme/host/ioctl.c) for a caller
 * without CAP_SYS_ADMIN, and the Set Features the driver keeps to itself.
 * The one place ngio knows them; the CLI and ngio_why_denied(3) use it.
 *
 * Linux 6.2+ without CAP_SYS_ADMIN, checked in this order:
 *  - never on a partition (ngio opens no partitions);
 *  - no opcode >= 0x80 (vendor specific; for admin commands Format NVM,
 *    Sanitize, Security Send/Receive... alike), nor 0x7f (fabrics);
 *  - admin commands (to the controller, as ngio sends them): Identify
 *    with CNS 00h, 01h, 05h, 06h or 08h only;
 *  - I/O commands: only when the controller's Commands Supported and
 *    Effects log (the namespace's command set's; none: all zero but the
 *    LBCC Linux adds to Write, Write Zeroes and Write Uncorrectable)
 *    marks the opcode CSUPP with no effects beyond LBCC, UUID selection
 *    and scope (CSE is masked off for I/O), and, when it moves data to
 *    the device (opcode bit 0) or has LBCC, only on a file opened for
 *    writing.
 * Linux before 6.2 wants CAP_SYS_ADMIN for every passthrough command.
 * Newer kernels (seen on Debian's 6.12.117 and 7.3.4, not on 6.1.0-57;
 * when it came upstream is not pinned down) refuse
 * Set Features of Number of Queues, Autonomous Power State Transition,
 * Host Memory Buffer, Host Behavior Support and, off fabrics, Keep Alive
 * Timer to everyone.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <linux/capability.h>

#include "internal.h"

/* Effects Linux lets an unprivileged I/O command have (CSE masked). */
#define PERM_IO_EFFECTS	(NVME_CMD_EFFECTS_CSUPP | NVME_CMD_EFFECTS_LBCC | \
			 NVME_CMD_EFFECTS_CSE_MASK | NVME_CMD_EFFECTS_UUID_SEL | \
			 0xfff00000U /* scope */)

static const char *admin_name(__u8 opcode)
{
	switch (opcode) {
	case nvme_admin_delete_sq: return "Delete I/O Submission Queue";
	case nvme_admin_create_sq: return "Create I/O Submission Queue";
	case nvme_admin_get_log_page: return "Get Log Page";
	case nvme_admin_delete_cq: return "Delete I/O Completion Queue";
	case nvme_admin_create_cq: return "Create I/O Completion Queue";
	case nvme_admin_identify: return "Identify";
	case nvme_admin_abort_cmd: return "Abort";
	case nvme_admin_set_features: return "Set Features";
	case nvme_admin_get_features: return "Get Features";
	case nvme_admin_async_event: return "Asynchronous Event Request";
	case nvme_admin_ns_mgmt: return "Namespace Management";
	case nvme_admin_fw_commit: return "Firmware Commit";
	case nvme_admin_fw_download: return "Firmware Image Download";
	case nvme_admin_dev_self_test: return "Device Self-test";
	case nvme_admin_ns_attach: return "Namespace Attachment";
	case nvme_admin_keep_alive: return "Keep Alive";
	case nvme_admin_directive_send: return "Directive Send";
	case nvme_admin_directive_recv: return "Directive Receive";
	case nvme_admin_virtual_mgmt: return "Virtualization Management";
	case nvme_admin_nvme_mi_send: return "NVMe-MI Send";
	case nvme_admin_nvme_mi_recv: return "NVMe-MI Receive";
	case nvme_admin_dbbuf: return "Doorbell Buffer Config";
	case nvme_admin_format_nvm: return "Format NVM";
	case nvme_admin_security_send: return "Security Send";
	case nvme_admin_security_recv: return "Security Receive";
	case nvme_admin_sanitize_nvm: return "Sanitize";
	case nvme_admin_get_lba_status: return "Get LBA Status";
	}
	return NULL;
}

static const char *io_name(__u8 opcode)
{
	switch (opcode) {
	case nvme_cmd_flush: return "Flush";
	case nvme_cmd_write: return "Write";
	case nvme_cmd_read: return "Read";
	case nvme_cmd_write_uncor: return "Write Uncorrectable";
	case nvme_cmd_compare: return "Compare";
	case nvme_cmd_write_zeroes: return "Write Zeroes";
	case nvme_cmd_dsm: return "Dataset Management";
	case nvme_cmd_verify: return "Verify";
	case nvme_cmd_resv_register: return "Reservation Register";
	case nvme_cmd_resv_report: return "Reservation Report";
	case nvme_cmd_resv_acquire: return "Reservation Acquire";
	case nvme_cmd_resv_release: return "Reservation Release";
	case nvme_cmd_copy: return "Copy";
	case nvme_zns_cmd_mgmt_send: return "Zone Management Send";
	case nvme_zns_cmd_mgmt_recv: return "Zone Management Receive";
	case nvme_zns_cmd_append: return "Zone Append";
	}
	return "the command";
}

/* The Set Features the driver manages; NULL for the others. */
static const char *managed_feature(__u8 fid, bool fabrics)
{
	switch (fid) {
	case NVME_FEAT_FID_NUM_QUEUES: return "Number of Queues";
	case NVME_FEAT_FID_AUTO_PST:
		return "Autonomous Power State Transition";
	case NVME_FEAT_FID_HOST_MEM_BUF: return "Host Memory Buffer";
	case NVME_FEAT_FID_HOST_BEHAVIOR: return "Host Behavior Support";
	case NVME_FEAT_FID_KATO: return fabrics ? NULL : "Keep Alive Timer";
	}
	return NULL;
}

/* The LBCC Linux itself gives NVM commands, log or no log. */
static bool kernel_lbcc(__u8 csi, __u8 opcode)
{
	return csi == NVME_CSI_NVM && (opcode == nvme_cmd_write ||
				       opcode == nvme_cmd_write_zeroes ||
				       opcode == nvme_cmd_write_uncor);
}

/* Why a user without CAP_SYS_ADMIN may not send admin command cmd. */
static const char *why_admin(const struct nvme_uring_cmd *cmd, char *buf,
			     size_t len)
{
	__u8 op = cmd->opcode, cns = cmd->cdw10 & 0xff;
	const char *name;
	char what[64];

	if (op == nvme_admin_identify) {
		switch (cns) {
		case NVME_IDENTIFY_CNS_NS:
		case NVME_IDENTIFY_CNS_CTRL:
		case NVME_IDENTIFY_CNS_CSI_NS:
		case NVME_IDENTIFY_CNS_CSI_CTRL:
		case NVME_IDENTIFY_CNS_CSI_INDEPENDENT_ID_NS:
			return NULL;
		}
		snprintf(what, sizeof(what), "Identify CNS %02xh", cns);
	} else if ((name = admin_name(op))) {
		snprintf(what, sizeof(what), "%s", name);
	} else {
		snprintf(what, sizeof(what), "opcode 0x%02x", op);
	}
	snprintf(buf, len, "admin command %s: only root (CAP_SYS_ADMIN) "
		 "may send it; without it Linux allows only Identify "
		 "(CNS 00h/01h/05h/06h/08h)", what);
	return buf;
}

/* The same for I/O command op, by the effects log as Linux reads it. */
static const char *why_io(const struct perm_facts *f, __u8 op, char *buf,
			  size_t len)
{
	static const char only_then[] = "(Linux lets users without "
		"CAP_SYS_ADMIN send a command that %s only then)";
	const char *name = io_name(op);
	bool writes, lbcc;
	__u32 e;

	if (!f->effects_log) {
		snprintf(buf, len, "the controller has no Commands Supported "
			 "and Effects log, and without one Linux lets only "
			 "CAP_SYS_ADMIN send I/O commands (%s, opcode 0x%02x)",
			 name, op);
		return buf;
	}
	writes = op & 1;	/* nvme_is_write(): data to the device */
	if (f->effects) {
		e = le32toh(f->effects[op]);
		if (!(e & NVME_CMD_EFFECTS_CSUPP)) {
			snprintf(buf, len, "the controller's Commands Supported "
				 "and Effects log does not mark %s (opcode "
				 "0x%02x) as supported, and Linux lets only "
				 "CAP_SYS_ADMIN send such commands", name, op);
			return buf;
		}
		if (e & ~PERM_IO_EFFECTS) {
			snprintf(buf, len, "the controller's Commands Supported "
				 "and Effects log gives %s (opcode 0x%02x) "
				 "effects beyond changing logical blocks "
				 "(0x%08x), and Linux lets only CAP_SYS_ADMIN "
				 "send such commands", name, op, e);
			return buf;
		}
		lbcc = (e & NVME_CMD_EFFECTS_LBCC) || kernel_lbcc(f->csi, op);
	} else {
		lbcc = kernel_lbcc(f->csi, op);
	}
	if ((writes || lbcc) && !f->writable) {
		int n = snprintf(buf, len, "%s (opcode 0x%02x) needs the node "
				 "opened for writing ", name, op);

		if (n > 0 && (size_t)n < len)
			snprintf(buf + n, len - n, only_then, writes ?
				 "moves data to the device" :
				 "changes logical blocks");
		return buf;
	}
	if (f->effects)
		return NULL;
	/* Unprivileged, ngio cannot read the log: say what it decides. */
	snprintf(buf, len, "%s (opcode 0x%02x) needs CAP_SYS_ADMIN if the "
		 "controller's Commands Supported and Effects log does not "
		 "mark it as supported without side effects%s", name, op,
		 f->writable ? "" : ", or (the node being open read-only) "
		 "says it changes logical blocks");
	return buf;
}

const char *perm_why(const struct perm_facts *f,
		     const struct nvme_uring_cmd *cmd, bool admin, char *buf,
		     size_t len)
{
	__u8 op = cmd->opcode, fid = cmd->cdw10 & 0xff;
	const char *feat;

	feat = admin && op == nvme_admin_set_features ?
	       managed_feature(fid, f->fabrics) : NULL;
	if (f->sys_admin) {
		/* Only the rule that binds root too can have refused it. */
		if (!feat)
			return NULL;
		snprintf(buf, len, "Linux %u.%u refuses Set Features of FID "
			 "0x%02x (%s) to every user, root too: the kernel's "
			 "driver manages that feature itself", f->major,
			 f->minor, fid, feat);
		return buf;
	}
	if (f->major < 6 || (f->major == 6 && f->minor < 2)) {
		snprintf(buf, len, "Linux %u.%u allows passthrough only to "
			 "CAP_SYS_ADMIN (6.2+ allows some commands to other "
			 "users)", f->major, f->minor);
		return buf;
	}
	if (op == nvme_admin_fabrics) {
		snprintf(buf, len, "opcode 0x%02x: fabrics commands need "
			 "CAP_SYS_ADMIN", op);
		return buf;
	}
	if (!admin && op >= 0x80) {
		snprintf(buf, len, "opcode 0x%02x: vendor-specific commands "
			 "need CAP_SYS_ADMIN", op);
		return buf;
	}
	if (admin)
		return why_admin(cmd, buf, len);
	return why_io(f, op, buf, len);
}

/* CAP_SYS_ADMIN in the effective set (of this user namespace). */
static bool has_sys_admin(void)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];

	if (syscall(SYS_capget, &h, d))
		return false;
	return d[CAP_SYS_ADMIN / 32].effective & (1U << (CAP_SYS_ADMIN % 32));
}

/* A fabrics controller: its sysfs transport is not "pcie". */
static bool on_fabrics(const struct ngio_dev *dev)
{
	char path[PATH_MAX + 64], val[16] = "";
	const char *name = strrchr(dev->ctrl_path, '/');
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/sys/class/nvme/%s/transport",
		 name ? name + 1 : dev->ctrl_path);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, val, sizeof(val) - 1);
	close(fd);
	if (n <= 0)
		return false;
	val[n] = '\0';
	return strncmp(val, "pcie", 4) != 0;
}

const char *ngio_why_denied(const struct ngio_dev *dev,
			    const struct nvme_uring_cmd *cmd, bool admin)
{
	static __thread char buf[320];
	struct perm_facts f = {
		.writable = true,
		.effects_log = true,
		.csi = NVME_CSI_NVM,
	};
	struct utsname u;
	int fl;

	/* An emulated device has no kernel between it and the caller. */
	if (!cmd || (dev && dev->emu))
		return NULL;
	if (!uname(&u))
		sscanf(u.release, "%u.%u", &f.major, &f.minor);
	f.sys_admin = has_sys_admin();
	if (dev) {
		/* The ng node's own mode: I/O commands go there. */
		fl = dev->fd >= 0 ? fcntl(dev->fd, F_GETFL) : -1;
		f.writable = fl >= 0 && (fl & O_ACCMODE) == O_RDWR;
		f.effects_log = dev->id_ctrl.lpa & NVME_CTRL_LPA_CMD_EFFECTS;
		f.csi = dev->geom.csi;
		f.fabrics = on_fabrics(dev);
	}
	return perm_why(&f, cmd, admin, buf, sizeof(buf));
}
