#!/bin/bash
# Admin subcommands: list, id-ns --cs, id-ns-list, log, get-feature,
# set-feature and --raw, checked against what QEMU was given and against
# nvme-cli 2.3 on the same controller.
. "$(dirname "$0")/lib.sh"

as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"; }
# The system's python, not a version manager's shim on PATH: in the VM a
# pyenv shim costs half a minute a call.
# json FILE EXPR: a Python expression over the JSON in FILE (as d) is true.
json() { $PY -c "import json, sys; d = json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$1"; }
# jval FILE KEY: a top-level number of pretty-printed JSON (FILE - for
# stdin: the VM has no /dev/stdin).
jval() { sed -nE "s/^  \"$2\":([0-9]+),?\$/\1/p" "$1"; }
size() { stat -c %s "$1"; }

# ---- list ------------------------------------------------------------
# Rows come in node order, which is scan order: compare them by NSID.
nodes_py=$(for ((i = 1; i <= LAYOUT_NNS; i++)); do
	printf "('%s', '%s', %d, '%s', 'identify'), " \
		"${LAYOUT_NG[i]}" "${LAYOUT_BLK[i]}" "$i" "${CTRL#/dev/}"
done)
by_nsid="sorted(d['Devices'], key=lambda e: e['NameSpace'])"
"$NGIO" list --json >"$TMP/list.json" 2>"$TMP/list.err"
nvme list -o json >"$TMP/list-nvme.json" 2>&1
check "list --json: the nine namespaces, nodes, nsid, controller" json "$TMP/list.json" "
[(e['GenericPath'], e['DevicePath'], e['NameSpace'], e['Controller'], e['Source'])
 for e in $by_nsid] == [$nodes_py]"
check "list --json: LBA formats and sizes as QEMU was given" json "$TMP/list.json" "
[(e['LBAFormat'], e['SectorSize'], e['MetadataSize'], e['MaximumLBA'], e['PhysicalSize'], e['CommandSet'])
 for e in $by_nsid] ==
[('${NS1[2]}+${NS1[4]}', ${NS1[2]}, ${NS1[4]}, ${NS1[3]}, ${NS1[2]} * ${NS1[3]}, 'NVM'),
 ('${NS2[2]}+${NS2[4]}', ${NS2[2]}, ${NS2[4]}, ${NS2[3]}, ${NS2[2]} * ${NS2[3]}, 'NVM'),
 ('${NS3[2]}+${NS3[4]}', ${NS3[2]}, ${NS3[4]}, ${NS3[3]}, ${NS3[2]} * ${NS3[3]}, 'NVM'),
 ('4096+0', 4096, 0, ${ZNS1[2]} * ${ZNS1[4]}, 4096 * ${ZNS1[2]} * ${ZNS1[4]}, 'ZNS'),
 ('4096+0', 4096, 0, ${ZNS2[2]} * ${ZNS2[4]}, 4096 * ${ZNS2[2]} * ${ZNS2[4]}, 'ZNS'),
 ('4096+${PI1[3]}', 4096, ${PI1[3]}, $PI_NSZE, 4096 * $PI_NSZE, 'NVM'),
 ('4096+${PI3[3]}', 4096, ${PI3[3]}, $PI_NSZE, 4096 * $PI_NSZE, 'NVM'),
 ('4096+${PI64[3]}', 4096, ${PI64[3]}, $PI_NSZE, 4096 * $PI_NSZE, 'NVM'),
 ('4096+${PIF[3]}', 4096, ${PIF[3]}, $PI_NSZE, 4096 * $PI_NSZE, 'NVM')]"
check "list --json: model, serial, firmware from sysfs, padding trimmed" json "$TMP/list.json" "
all(e['ModelNumber'] == '$LAYOUT_MODEL' and e['SerialNumber'] == '$LAYOUT_SERIAL'
    and e['Firmware'] and e['Firmware'] == e['Firmware'].strip() for e in d['Devices'])"
check "list --json agrees with nvme list -o json on every common key" $PY -c "
import json, sys
ours = {e['DevicePath']: e for e in json.load(open('$TMP/list.json'))['Devices']}
theirs = json.load(open('$TMP/list-nvme.json'))['Devices']
bad = [(t['DevicePath'], k, ours.get(t['DevicePath'], {}).get(k), v)
       for t in theirs for k, v in t.items()
       if ours.get(t['DevicePath'], {}).get(k) != v]
print(bad)
sys.exit(1 if bad or len(theirs) != $LAYOUT_NNS else 0)"
check "list: nothing on stderr when identify works" test ! -s "$TMP/list.err"

"$NGIO" list >"$TMP/list.txt" 2>&1
check "list: a header and one row per namespace, the NSID first" \
	test "$(grep -Ec '^[0-9]+ +/dev/ng[0-9]+n[0-9]+ ' "$TMP/list.txt")" = "$LAYOUT_NNS"
check "list: the rows show format, size in units and bytes" grep -Eq \
	"^3 +${NS3[0]} +${NS3[1]} +${CTRL#/dev/} +NVM +${NS3[2]}\+${NS3[4]} +$((NS3[2] * NS3[3] >> 20))\.00 MiB +$((NS3[2] * NS3[3])) +$LAYOUT_MODEL +$LAYOUT_SERIAL " \
	"$TMP/list.txt"
check "list: the 4 KiB namespace" grep -Eq \
	"^2 +${NS2[0]} +${NS2[1]} +${CTRL#/dev/} +NVM +${NS2[2]}\+0 +$((NS2[2] * NS2[3] >> 20))\.00 MiB +$((NS2[2] * NS2[3])) " "$TMP/list.txt"

# Without permission on the nodes: what sysfs tells, and a word saying so.
rc=0
as_nobody "$NGIO" list --json >"$TMP/list-nobody.json" 2>"$TMP/list-nobody.err" || rc=$?
check "list as nobody: exit 0" test $rc = 0
check "list as nobody: stderr says sysfs only, once per namespace" \
	test "$(grep -c 'Permission denied.*sysfs' "$TMP/list-nobody.err")" = "$LAYOUT_NNS"
check "list as nobody: sizes from sysfs, metadata unknown" json "$TMP/list-nobody.json" "
[(e['Source'], e['LBAFormat'], e['PhysicalSize'], e['NameSpace'], 'MetadataSize' in e)
 for e in $by_nsid] ==
[('sysfs', '${NS1[2]}+?', ${NS1[2]} * ${NS1[3]}, 1, False),
 ('sysfs', '${NS2[2]}+?', ${NS2[2]} * ${NS2[3]}, 2, False),
 ('sysfs', '${NS3[2]}+?', ${NS3[2]} * ${NS3[3]}, 3, False),
 ('sysfs', '4096+?', 4096 * ${ZNS1[2]} * ${ZNS1[4]}, 4, False),
 ('sysfs', '4096+?', 4096 * ${ZNS2[2]} * ${ZNS2[4]}, 5, False),
 ('sysfs', '4096+?', 4096 * $PI_NSZE, 6, False), ('sysfs', '4096+?', 4096 * $PI_NSZE, 7, False),
 ('sysfs', '4096+?', 4096 * $PI_NSZE, 8, False), ('sysfs', '4096+?', 4096 * $PI_NSZE, 9, False)]"
expect_exit 1 "unexpected argument" "list takes no DEV, exit 1" "$NGIO" list "${NS1[0]}"

# ---- id-ns --cs, id-ns-list ------------------------------------------
for ns in NS1 NS2 NS3; do
	declare -n n=$ns
	"$NGIO" id-ns "${n[0]}" --cs --json >"$TMP/nvm.json" 2>"$TMP/err"
	nvme nvm-id-ns "${n[1]}" -o json >"$TMP/nvm-nvme.json" 2>>"$TMP/err"
	check "${n[0]} id-ns --cs --json agrees with nvme nvm-id-ns" \
		$PY "$TESTS_DIR/jsoncmp.py" "$TMP/nvm.json" "$TMP/nvm-nvme.json" "lbstm=0"
done
"$NGIO" id-ns "${NS3[0]}" --cs >"$TMP/nvm.txt" 2>&1
check "id-ns --cs human: lbstm, pic and the in-use extended format" \
	grep -Eq '^elbaf +[0-9]+ : sts:0 +pif:0 \(16b Guard\) \(in use\)$' "$TMP/nvm.txt"
"$NGIO" id-ns "${NS1[0]}" --cs --raw >"$TMP/nvm.bin" 2>"$TMP/err"
check "id-ns --cs --raw: 4096 bytes" test "$(size "$TMP/nvm.bin")" = 4096

"$NGIO" id-ns-list "$CTRL" >"$TMP/nslist.txt" 2>&1
check "id-ns-list on the controller: 1 to 9" test "$(echo $(cat "$TMP/nslist.txt"))" = "1 2 3 4 5 6 7 8 9"
"$NGIO" id-ns-list "${NS2[0]}" --json >"$TMP/nslist.json" 2>&1
nvme list-ns "$CTRL" -o json >"$TMP/nslist-nvme.json" 2>&1
check "id-ns-list --json from a namespace node agrees with nvme list-ns" \
	$PY "$TESTS_DIR/jsoncmp.py" "$TMP/nslist.json" "$TMP/nslist-nvme.json"

# ---- log: smart ------------------------------------------------------
# Counters move on their own between two reads (power_on_hours with the
# clock; host_read_commands and data_units_read if anything reads), so
# ngio reads, then nvme-cli, then ngio again: a value nvme-cli shows must
# equal ngio's, or lie between ngio's two reads if those differ.  Nothing
# else does I/O in the VM, so in practice all are equal.
"$NGIO" log "$CTRL" --page smart --json >"$TMP/smart1.json" 2>"$TMP/err"
nvme smart-log "$CTRL" -o json >"$TMP/smart-nvme.json" 2>>"$TMP/err"
"$NGIO" log "$CTRL" --page smart --json >"$TMP/smart2.json" 2>>"$TMP/err"
check "log --page smart --json agrees with nvme smart-log on every key, in order" \
	$PY "$TESTS_DIR/jsoncmp.py" "$TMP/smart1.json" "$TMP/smart-nvme.json" \
	--then "$TMP/smart2.json"
check "smart --json: 128-bit counters are decimal strings, temperature in Kelvin" \
	json "$TMP/smart1.json" "isinstance(d['data_units_read'], str) and
	d['data_units_read'].isdigit() and 250 < d['temperature'] < 400 and
	list(d)[:2] == ['critical_warning', 'temperature']"
kelvin=$(jval "$TMP/smart1.json" temperature)
"$NGIO" log "$CTRL" --page smart >"$TMP/smart.txt" 2>&1
check "smart human: temperature in Kelvin and °C" grep -aEq \
	"^temperature +: $kelvin K \($((kelvin - 273)) °C\)$" "$TMP/smart.txt"
check "smart human: data units also in bytes" grep -aEq \
	'^data_units_read +: [0-9]+ \([0-9]+ bytes' "$TMP/smart.txt"
check "smart human: percentages" grep -aEq '^avail_spare +: [0-9]+%$' "$TMP/smart.txt"
"$NGIO" log "${NS1[0]}" --page smart --raw >"$TMP/smart.bin" 2>"$TMP/err"
check "smart --raw: 512 bytes, temperature at bytes 1-2" $PY -c "
import sys
b = open('$TMP/smart.bin', 'rb').read()
sys.exit(0 if len(b) == 512 and b[1] | b[2] << 8 == $kelvin else 1)"

# ---- log: error, effects, fw -----------------------------------------
"$NGIO" log "$CTRL" --page error --json >"$TMP/error.json" 2>"$TMP/err"
nvme error-log "$CTRL" -o json >"$TMP/error-nvme.json" 2>>"$TMP/err"
elpe=$(nvme id-ctrl "$CTRL" -o json | jval - elpe)
check "log --page error --json: ELPE+1 = $((elpe + 1)) entries, as nvme error-log" \
	$PY -c "
import json, sys
o = json.load(open('$TMP/error.json'))['errors']
t = json.load(open('$TMP/error-nvme.json'))['errors']
sys.exit(0 if len(o) == $elpe + 1 and o[:len(t)] == t else 1)"
"$NGIO" log "$CTRL" --page error >"$TMP/error.txt" 2>&1
check "error human: entries counted" grep -Eq "^Error information log: $((elpe + 1)) entr" "$TMP/error.txt"

"$NGIO" log "${NS1[0]}" --page effects >"$TMP/effects.txt" 2>&1
check "log --page effects: Read supported, no effects" \
	grep -Eq '^  0x02  Read +CSUPP$' "$TMP/effects.txt"
check "log --page effects: Write supported, changes block content" \
	grep -Eq '^  0x01  Write +CSUPP LBCC$' "$TMP/effects.txt"
check "log --page effects: Identify among the admin commands" \
	grep -Eq '^  0x06  Identify +CSUPP$' "$TMP/effects.txt"
"$NGIO" log "$CTRL" --page effects --json >"$TMP/effects.json" 2>&1
nvme effects-log "$CTRL" --csi 0 -o json >"$TMP/effects-nvme.json" 2>&1
check "effects --json agrees with nvme effects-log --csi 0 on every opcode" $PY -c "
import json, re, sys
o = json.load(open('$TMP/effects.json'))
t = json.load(open('$TMP/effects-nvme.json'))[0]
def theirs(s): return {int(re.search(r'_(\d+)', k).group(1)): v for k, v in s.items() if v}
def ours(l): return {e['opcode']: e['effects'] for e in l}
sys.exit(0 if theirs(t['admin_cmd_set']) == ours(o['acs']) and
         theirs(t['io_cmd_set']) == ours(o['iocs']) and len(o['iocs']) >= 2 else 1)"

"$NGIO" log "$CTRL" --page fw --json >"$TMP/fw.json" 2>&1
nvme fw-log "$CTRL" -o json >"$TMP/fw-nvme.json" 2>&1
check "log --page fw: active slot and revision as nvme fw-log" $PY -c "
import json, sys
o = json.load(open('$TMP/fw.json'))
t = json.load(open('$TMP/fw-nvme.json'))['${CTRL#/dev/}']
afi = t['Active Firmware Slot (afi)']
rev = t['Firmware Rev Slot %d' % (afi & 7)].split('(')[1].rstrip(')').rstrip('.')
slot = [s for s in o['frs'] if s['slot'] == afi & 7]
sys.exit(0 if o['afi'] == afi and o['active_slot'] == afi & 7 and
         slot and slot[0]['revision'] == rev else 1)"
"$NGIO" log "$CTRL" --page fw >"$TMP/fw.txt" 2>&1
check "fw human: the active slot's revision marked" grep -Eq '^frs1 +: .+ \(active\)$' "$TMP/fw.txt"

# ---- log: pages by number --------------------------------------------
"$NGIO" log "$CTRL" --page 0x2 --len 8 --offset 4 --raw >"$TMP/part.bin" 2>"$TMP/err"
# Files, not process substitution: the VM has no /dev/fd.
dd if="$TMP/smart.bin" bs=1 skip=4 count=8 status=none >"$TMP/want.bin"
check "--page 0x2 --len 8 --offset 4: bytes 4-11 of the smart page" \
	cmp "$TMP/part.bin" "$TMP/want.bin"
"$NGIO" log "$CTRL" --page 2 --len 6 --raw >"$TMP/part6.bin" 2>"$TMP/err"
head -c 6 "$TMP/smart.bin" >"$TMP/want.bin"
check "--len 6 (not dwords): exactly 6 bytes, the page's first" \
	cmp "$TMP/part6.bin" "$TMP/want.bin"
"$NGIO" log "$CTRL" --page 2 --len 16 --offset 4 >"$TMP/part.txt" 2>&1
check "a numbered page for people: a hex dump at the offset" \
	grep -Eq '^00000004  ' "$TMP/part.txt"

# ---- log: errors -----------------------------------------------------
expect_exit 1 "neither error, smart, fw, effects" "--page with an unknown name, exit 1" \
	"$NGIO" log "$CTRL" --page bogus
expect_exit 1 "--len is required" "a page number without --len, exit 1" \
	"$NGIO" log "$CTRL" --page 0xc0
expect_exit 1 "dword aligned" "--offset not dword aligned, exit 1" \
	"$NGIO" log "$CTRL" --page 2 --len 8 --offset 2
expect_exit 1 "--page is required" "no --page, exit 1" "$NGIO" log "$CTRL"
expect_exit 1 "for pages given by number" "--len with a named page, exit 1" \
	"$NGIO" log "$CTRL" --page smart --len 8
expect_exit 1 "exclude each other" "--json with --raw, exit 1" \
	"$NGIO" log "$CTRL" --page smart --json --raw
expect_exit 2 "No such file or directory" "log on a nonexistent path, exit 2" \
	"$NGIO" log /dev/ng9n9 --page smart

# ---- get-feature, set-feature ----------------------------------------
nvme_feat() {	# FID [SEL]: nvme-cli's value, as a number
	nvme get-feature "$CTRL" -f "$1" ${2:+-s "$2"} 2>&1 |
		sed -nE 's/.*value:(0x[0-9a-f]+).*/\1/p'
}
feat() {	# FID [--sel S]...: ngio's value from --json
	"$NGIO" get-feature "$CTRL" --fid "$@" --json | jval - value
}
for fid in 1 4 7 0xb; do
	check "get-feature --fid $fid: the value nvme-cli reads" \
		test "$(feat $fid)" = "$(($(nvme_feat $fid)))"
done
check "get-feature --sel supported: the capabilities nvme-cli reads" \
	test "$(feat 0xb --sel supported)" = "$(($(nvme_feat 0xb 3)))"

orig=$(feat 4)
"$NGIO" get-feature "$CTRL" --fid 4 >"$TMP/temp.txt" 2>&1
check "get-feature temperature threshold: hex, Kelvin and °C" grep -aEq \
	"^  tmpth +Temperature Threshold +: $((orig & 0xffff)) K \($(((orig & 0xffff) - 273)) °C\)$" \
	"$TMP/temp.txt"
check "get-feature temperature threshold: the value in hex" \
	grep -Eq "current: $(printf '0x%08x' "$orig")$" "$TMP/temp.txt"
new=$(((orig & ~0xffff) | 350))
check "set-feature temperature threshold 350 K" \
	"$NGIO" set-feature "$CTRL" --fid 4 --value "$new"
check "get-feature then reads 350 K back" test "$(feat 4)" = "$new"
check "... and so does nvme-cli" test "$(($(nvme_feat 4)))" = "$new"
"$NGIO" get-feature "$CTRL" --fid 4 >"$TMP/temp.txt" 2>&1
check "... shown as 350 K (77 °C)" grep -aq "350 K (77 °C)" "$TMP/temp.txt"
check "set-feature restores the threshold" \
	"$NGIO" set-feature "$CTRL" --fid 4 --value "$orig"
check "... and it reads back" test "$(feat 4)" = "$orig"

"$NGIO" get-feature "$CTRL" --fid 7 >"$TMP/q.txt" 2>&1
check "get-feature number of queues: zero-based counts shown plus one" grep -Eq \
	"^  nsqa +I/O Submission Queues +: $(( ($(feat 7) & 0xffff) + 1 ))$" "$TMP/q.txt"
"$NGIO" get-feature "$CTRL" --fid 4 --sel default --json >"$TMP/def.json" 2>&1
check "get-feature --sel default --json names the selector" json "$TMP/def.json" \
	"d['sel'] == 'default' and d['name'] == 'Temperature Threshold' and 'tmpth' in d['fields']"
check "get-feature of a namespace-specific feature on a namespace node" \
	"$NGIO" get-feature "${NS1[0]}" --fid 5
expect_exit 3 "Invalid Field in Command" "get-feature of FID 0x7e: exit 3, status named" \
	"$NGIO" get-feature "$CTRL" --fid 0x7e
expect_exit 1 "--fid is required" "get-feature without --fid, exit 1" \
	"$NGIO" get-feature "$CTRL"
expect_exit 1 "not current, default, saved or supported" "--sel with an unknown name, exit 1" \
	"$NGIO" get-feature "$CTRL" --fid 4 --sel now
expect_exit 1 "--value is required" "set-feature without --value, exit 1" \
	"$NGIO" set-feature "$CTRL" --fid 4
expect_exit 1 "not in range" "--fid over 255, exit 1" \
	"$NGIO" get-feature "$CTRL" --fid 256

# ---- --raw -----------------------------------------------------------
"$NGIO" id-ctrl "${NS1[0]}" --raw >"$TMP/ctrl.bin" 2>"$TMP/err"
check "id-ctrl --raw: 4096 bytes" test "$(size "$TMP/ctrl.bin")" = 4096
check "id-ctrl --raw: the model at bytes 24-63" \
	test "$(dd if="$TMP/ctrl.bin" bs=1 skip=24 count=40 status=none | sed 's/ *$//')" = "$LAYOUT_MODEL"
check "id-ctrl --raw: the serial at bytes 4-23" \
	test "$(dd if="$TMP/ctrl.bin" bs=1 skip=4 count=20 status=none | sed 's/ *$//')" = "$LAYOUT_SERIAL"
"$NGIO" id-ns "${NS2[0]}" --raw >"$TMP/ns.bin" 2>"$TMP/err"
check "id-ns --raw: 4096 bytes, nsze ${NS2[3]} at bytes 0-7" $PY -c "
import sys
b = open('$TMP/ns.bin', 'rb').read()
sys.exit(0 if len(b) == 4096 and int.from_bytes(b[:8], 'little') == ${NS2[3]} else 1)"
# Refusing a terminal is not tested: the VM gives us none.
done_testing
