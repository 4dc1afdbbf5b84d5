/* SPDX-License-Identifier: MIT */
/*
 * Names and numbers of the admin subcommands: log pages, feature
 * selectors and fields, command sets, opcodes, 128-bit counters.  Pure
 * (no I/O), unit-tested.
 */
#ifndef NGIO_TOOLS_NAMES_H
#define NGIO_TOOLS_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Log pages ngio knows by name. */
enum {
	LOG_ERROR = 0x01,
	LOG_SMART = 0x02,
	LOG_FW = 0x03,
	LOG_EFFECTS = 0x05,
};

/*
 * --page: a name (error, smart, fw, effects) or a log identifier 0-255,
 * decimal or 0x hex.  *named tells which.  0, -EINVAL or -ERANGE.
 */
int parse_log_page(const char *s, uint8_t *lid, bool *named);
/* "smart" for 2, ...; NULL for a page without a name. */
const char *log_page_name(uint8_t lid);

/* --sel: current, default, saved, supported, or 0-3.  0 or -EINVAL. */
int parse_feature_sel(const char *s, uint8_t *sel);
const char *feature_sel_name(uint8_t sel);

/* "Temperature Threshold" for 4, ...; NULL when ngio has no name. */
const char *feature_name(uint8_t fid);

/*
 * Which NSID a feature takes: a namespace-specific one that namespace's
 * (or FFFFFFFFh, all of them, to set), any other 0 (their controller,
 * NVM set, endurance group or subsystem is implied, or in CDW11).
 */
enum feat_scope {
	FS_UNKNOWN,	/* vendor-specific, or unknown to ngio */
	FS_CTRL,
	FS_NS,
	FS_NVM_SET,
	FS_ENDGRP,
	FS_SUBSYS,
};
enum feat_scope feature_scope(uint8_t fid);
/* "controller-wide", "namespace-specific", ... */
const char *feat_scope_str(enum feat_scope s);

/*
 * Bytes of data Get Features (get, with selector sel) or Set Features
 * moves for fid, given its CDW11; 0 for none, -1 when ngio does not know
 * the feature.
 */
long feature_data_len(uint8_t fid, bool get, uint8_t sel, uint32_t cdw11);

/* How a field of a feature's value reads. */
enum feat_kind {
	FK_NUM,		/* as it is */
	FK_ZB,		/* zero-based: the value plus one */
	FK_KELVIN,	/* a temperature in Kelvin */
	FK_100MS,	/* in 100 ms units */
	FK_100US,	/* in 100 us units */
	FK_BOOL,	/* a flag: enabled or disabled */
	FK_BURST,	/* arbitration burst: 2^n, 7 = no limit */
	FK_TMPSEL,	/* threshold temperature select */
	FK_THSEL,	/* threshold type select */
	FK_HEX,
};

struct feat_field {
	const char *key;	/* the spec's acronym, lowercase, for JSON */
	const char *desc;	/* for people */
	uint8_t shift, width;
	uint8_t kind;		/* enum feat_kind */
};

/* The fields ngio decodes of feature fid's value; NULL and 0 if none. */
const struct feat_field *feature_fields(uint8_t fid, size_t *n);
uint32_t feat_field_val(const struct feat_field *f, uint32_t value);
/* The field in words: "343 K (70 °C)", "enabled", "64" (zero-based 63). */
char *feat_field_str(const struct feat_field *f, uint32_t value, char *buf,
		     size_t len);

/* "NVM", "KV", "ZNS"; NULL for another command set identifier. */
const char *csi_name(uint8_t csi);

/* An LBA format for people: "512+8" (data + metadata bytes). */
char *lba_format_str(uint32_t ds, uint32_t ms, char *buf, size_t len);

/* Opcode names for the effects log; NULL when ngio has none. */
const char *admin_opcode_name(uint8_t opc);
const char *io_opcode_name(uint8_t opc);

/* 128-bit little-endian counters (SMART): the value, its decimal text. */
unsigned __int128 le128(const uint8_t *p);
char *u128_dec(unsigned __int128 v, char *buf, size_t len);

/* A little-endian integer of 1-8 bytes. */
uint64_t le_num(const uint8_t *p, unsigned size);

#endif
