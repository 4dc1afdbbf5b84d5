// SPDX-License-Identifier: MIT
/*
 * The Key Value command set (CSI 01h), as far as ngio knows it: which
 * command an opcode is, and the statuses the set defines.  Its opcodes
 * reuse NVM's numbers for other commands (01h Store, 02h Retrieve), so
 * nothing NVM assumes of an opcode may hold on a KV namespace.
 */
#include "internal.h"

/* Opcodes (NVMe Key Value Command Set 1.0). */
#define KV_CMD_STORE	0x01
#define KV_CMD_RETRIEVE	0x02
#define KV_CMD_LIST	0x06
#define KV_CMD_DELETE	0x10
#define KV_CMD_EXIST	0x14

enum ngio_op kv_op_kind(__u8 opcode)
{
	switch (opcode) {
	case KV_CMD_STORE:
		return NGIO_OP_KV_STORE;
	case KV_CMD_RETRIEVE:
		return NGIO_OP_KV_RETRIEVE;
	case KV_CMD_LIST:
		return NGIO_OP_KV_LIST;
	case KV_CMD_DELETE:
		return NGIO_OP_KV_DELETE;
	case KV_CMD_EXIST:
		return NGIO_OP_KV_EXIST;
	}
	return NGIO_OP_UNKNOWN;
}

/* Command specific statuses (SCT 1) of the set, in libnvme's form:
 * the name, a colon, an explanation. */
const char *kv_status_name(unsigned sct, unsigned sc)
{
	if (sct != NVME_SCT_CMD_SPECIFIC)
		return NULL;
	switch (sc) {
	case 0x85:
		return "Invalid Value Size: the value is larger than the "
		       "namespace takes";
	case 0x86:
		return "Invalid Key Size: the key is empty or longer than the "
		       "namespace takes";
	case 0x87:
		return "KV Key Does Not Exist: no value is stored under the key";
	case 0x88:
		return "Unrecovered Error: the value could not be read back";
	case 0x89:
		return "Key Exists: a value is stored under the key already";
	}
	return NULL;
}
