#!/bin/bash
# ngio zone: report agrees with `nvme zns report-zones -o json`, each
# action moves its zone to the expected state, append lands where it says,
# and bad input is refused with the right exit status, changing no zone.
. "$(dirname "$0")/lib.sh"

ng=${ZNS1[0]} blk=${ZNS1[1]} zsze=${ZNS1[2]} zcap=${ZNS1[3]} nz=${ZNS1[4]}
bs=4096
# nvme-cli takes the block node; the ng node where the kernel made none.
[ -e "$blk" ] || blk=$ng

# zstate SLBA: "STATE WP" of the zone starting at SLBA, from ngio's report.
zstate() {
	"$NGIO" zone report "$ng" --zone "$1" --count 1 --json 2>&1 |
		python3 -c 'import json, sys
z = json.load(sys.stdin)["zone_list"][0]
print(z["state"], z["wp"])' 2>/dev/null
}

# expect_state DESC SLBA STATE [WP]
expect_state() {
	local desc=$1 slba=$2 want=$3 wp=${4:-} got
	got=$(zstate "$slba")
	if [ "${got% *}" = "$want" ] && { [ -z "$wp" ] || [ "${got#* }" = "$wp" ]; }; then
		ok "$desc: zone $slba $want${wp:+ wp $wp}"
	else
		not_ok "$desc: zone $slba is '$got', want $want${wp:+ wp $wp}"
	fi
}

# expect_all_empty DESC: every zone of ZNS1 is Empty, by its report.
expect_all_empty() {
	local n
	n=$("$NGIO" zone report "$ng" --state empty --json 2>&1 |
		$PY -c 'import json, sys; print(json.load(sys.stdin)["nr_zones"])')
	if [ "$n" = "$nz" ]; then
		ok "$1"
	else
		not_ok "after reset --all: '$n' empty zones, want $nz"
	fi
}

# zcmp DESC NGIO-OPTIONS NVME-OPTIONS [DEV BLK]: ngio's report JSON and
# nvme-cli's agree on every zone and field.  nvme-cli 2.3 prints the
# attributes information byte under "attrs" (it sets the key twice);
# 2.4 and later print attrs and attrs_info, as ngio does.
zcmp() {
	local desc=$1 ours=$2 theirs=$3 dev=${4:-$ng} nblk=${5:-$blk}
	# shellcheck disable=SC2086
	"$NGIO" zone report "$dev" $ours --json >"$TMP/z-ngio.json" 2>"$TMP/err"
	# shellcheck disable=SC2086
	nvme zns report-zones "$nblk" $theirs -o json >"$TMP/z-nvme.json" \
		2>>"$TMP/err"
	check "report ${ours:-(all)} agrees with nvme-cli ${theirs:-(all)} ($desc)" \
		python3 - \
		"$TMP/z-ngio.json" "$TMP/z-nvme.json" <<'EOF'
import json, sys
a = json.load(open(sys.argv[1]))
b = json.load(open(sys.argv[2]))
bad = []
if list(a) != list(b):
    bad.append(f"top-level keys: ngio {list(a)}, nvme-cli {list(b)}")
if a.get("nr_zones") != b.get("nr_zones"):
    bad.append(f"nr_zones: ngio {a.get('nr_zones')}, "
               f"nvme-cli {b.get('nr_zones')}")
za, zb = a.get("zone_list", []), b.get("zone_list", [])
if len(za) != len(zb):
    bad.append(f"zones listed: ngio {len(za)}, nvme-cli {len(zb)}")
for i, (x, y) in enumerate(zip(za, zb)):
    want = dict(x)
    if "attrs_info" not in y:
        want["attrs"] = x.get("attrs_info")
    for k in y:
        if k not in want:
            bad.append(f"zone {i}: {k} only in nvme-cli")
        elif want[k] != y[k]:
            bad.append(f"zone {i} {k}: ngio {want[k]!r}, nvme-cli {y[k]!r}")
    if [k for k in x if k in y] != [k for k in y if k in x]:
        bad.append(f"zone {i}: key order differs")
for m in bad[:10]:
    print(m)
print(f"{len(za)} zones, nr_zones {a.get('nr_zones')}")
sys.exit(1 if bad else 0)
EOF
}

head -c $((8 * bs)) /dev/urandom >"$TMP/d8"
head -c $((1 * bs)) /dev/urandom >"$TMP/d1"

# ---- a known start: every zone of both namespaces empty
check "reset --all (ZNS1)" "$NGIO" zone reset "$ng" --all
check "reset --all (ZNS2)" "$NGIO" zone reset "${ZNS2[0]}" --all
expect_all_empty "after reset --all: $nz empty zones"
expect_state "after reset" 0 EMPTY 0
"$NGIO" zone report "$ng" >"$TMP/human" 2>&1
check "human report: header with zone count and size" \
	grep -Eq "^$ng: $nz zones of $zsze blocks, $nz listed\$" "$TMP/human"
check "human report: one line per zone with start, wp, cap, state" \
	grep -Eq "^ +$zsze +$zsze +$zcap +EMPTY +SEQWRITE_REQ +-\$" "$TMP/human"

# ---- zones in every state a command can reach
check "write 8 blocks at LBA 0 (implicit open)" \
	"$NGIO" write "$ng" --lba 0 --blocks 8 --data "$TMP/d8"
expect_state "a write opens implicitly" 0 IMP_OPENED 8
check "open --zone $zsze" "$NGIO" zone open "$ng" --zone "$zsze"
expect_state "open" "$zsze" EXP_OPENED "$zsze"
z2=$((2 * zsze)) z3=$((3 * zsze)) z4=$((4 * zsze)) z5=$((5 * zsze))
check "append 1 block to zone $z2" \
	"$NGIO" zone append "$ng" --zone "$z2" --data "$TMP/d1"
check "close --zone $z2" "$NGIO" zone close "$ng" --zone "$z2"
expect_state "close" "$z2" CLOSED $((z2 + 1))
check "finish --zone $z3 (empty)" "$NGIO" zone finish "$ng" --zone "$z3"
expect_state "finish" "$z3" FULL

# ---- append: where it lands, and that it reads back
"$NGIO" zone append "$ng" --zone "$z4" --data "$TMP/d8" >"$TMP/app.txt" 2>&1
check "append to an empty zone prints its start" \
	grep -qx "appended 8 blocks at LBA $z4" "$TMP/app.txt"
"$NGIO" zone append "$ng" --zone "$z4" --data "$TMP/d8" --json \
	>"$TMP/app.json" 2>&1
lba=$(python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
assert list(d) == ["lba", "blocks"] and d["blocks"] == 8
print(d["lba"])' "$TMP/app.json" 2>/dev/null)
if [ -n "$lba" ] && [ "$lba" -ge "$z4" ] && [ "$lba" -lt $((z4 + zcap)) ]; then
	ok "append --json: {\"lba\":$lba,\"blocks\":8}, inside the zone"
else
	not_ok "append --json: '$(cat "$TMP/app.json")'"
fi
if [ "$lba" = $((z4 + 8)) ]; then
	ok "second append follows the first"
else
	not_ok "second append at '$lba', want $((z4 + 8))"
fi
"$NGIO" read "$ng" --lba "${lba:-0}" --blocks 8 --data "$TMP/back" 2>&1 |
	diag
check "the appended data reads back at the LBA printed" \
	cmp "$TMP/d8" "$TMP/back"
expect_state "two appends of 8" "$z4" IMP_OPENED $((z4 + 16))
check "finish --zone $z4" "$NGIO" zone finish "$ng" --zone "$z4"

# ---- report against nvme-cli, all zones and filtered
zcmp "all zones" "" ""
zcmp "limited" "--count 3" "-d 3"
zcmp "limited to 1" "--count 1" "-d 1"
zcmp "from a later zone" "--zone $z2" "-s $z2"
zcmp "from a later zone, limited" "--zone $z2 --count 2" "-s $z2 -d 2"
s=1
for st in empty imp-open exp-open closed full read-only offline; do
	zcmp "state $st" "--state $st" "-S $s"
	s=$((s + 1))
done
zcmp "2 empty zones" "--state empty --count 2" "-S 1 -d 2"
zcmp "2 full zones" "--state full --count 1" "-S 5 -d 1"
check "ZNS2 finish --zone 256" "$NGIO" zone finish "${ZNS2[0]}" --zone 256
b2=${ZNS2[1]}
[ -e "$b2" ] || b2=${ZNS2[0]}
zcmp "ZNS2, zone size = capacity" "" "" "${ZNS2[0]}" "$b2"
"$NGIO" zone report "$ng" --state full >"$TMP/human" 2>&1
check "human report --state full: the count in words" \
	grep -Eq "^$ng: $nz zones of $zsze blocks, 2 full, 2 listed\$" \
	"$TMP/human"
check "human report: a full zone's write pointer shows as -" \
	grep -Eq "^ +$z3 +- +$zcap +FULL +SEQWRITE_REQ +-\$" "$TMP/human"

# ---- bad input: exit status and message, and no zone changes
"$NGIO" zone report "$ng" --json >"$TMP/before.json"
expect_exit 1 "not a zoned namespace" "non-zoned namespace" \
	"$NGIO" zone report "${NS1[0]}"
expect_exit 1 "not a zoned namespace" "non-zoned namespace (reset)" \
	"$NGIO" zone reset "${NS1[0]}" --all
expect_exit 1 "not the start of a zone .*zone at $zsze" "--zone inside a zone" \
	"$NGIO" zone reset "$ng" --zone $((zsze + 100))
expect_exit 1 "past the end of the namespace \($nz zones of $zsze" \
	"--zone past the end" "$NGIO" zone finish "$ng" --zone $((nz * zsze))
expect_exit 1 "past the end" "report --zone past the end" \
	"$NGIO" zone report "$ng" --zone $((nz * zsze))
expect_exit 1 "one of them" "--zone and --all together" \
	"$NGIO" zone reset "$ng" --zone 0 --all
expect_exit 1 "one of them" "neither --zone nor --all" \
	"$NGIO" zone close "$ng"
expect_exit 1 "not --all" "append --all" \
	"$NGIO" zone append "$ng" --all --data "$TMP/d1"
expect_exit 1 "--data FILE is required" "append without --data" \
	"$NGIO" zone append "$ng" --zone "$z5"
expect_exit 1 "unknown action 'shrink'" "unknown action" \
	"$NGIO" zone shrink "$ng"
expect_exit 1 "--state: 'open' is not" "unknown --state" \
	"$NGIO" zone report "$ng" --state open
expect_exit 1 "--count must be at least 1" "--count 0" \
	"$NGIO" zone report "$ng" --count 0
: >"$TMP/empty"
expect_exit 1 "empty: nothing to append" "append of an empty file" \
	"$NGIO" zone append "$ng" --zone "$z5" --data "$TMP/empty"
head -c $((bs + 1)) /dev/urandom >"$TMP/odd"
expect_exit 1 "4097 bytes is not whole 4096-byte blocks" \
	"append of part of a block" \
	"$NGIO" zone append "$ng" --zone "$z5" --data "$TMP/odd"
head -c $((16 << 20)) /dev/zero >"$TMP/big"
expect_exit 1 "more than the zone append size limit of [0-9]+ bytes \([0-9]+ blocks\)" \
	"append over the zone append size limit" \
	"$NGIO" zone append "$ng" --zone "$z5" --data "$TMP/big"
expect_exit 2 "$TMP/missing: No such file" "append of a missing file" \
	"$NGIO" zone append "$ng" --zone "$z5" --data "$TMP/missing"
expect_exit 1 "no zone descriptor extension" "desc without extensions" \
	"$NGIO" zone desc "$ng" --zone "$z5" --data "$TMP/d1"
expect_exit 1 "no zone random write areas" "open --zrwa without ZRWA" \
	"$NGIO" zone open "$ng" --zone "$z5" --zrwa
expect_exit 3 "Invalid Zone State Transition \(SCT 0x1 SC 0xbf, DNR\)" \
	"offline an empty zone" "$NGIO" zone offline "$ng" --zone "$z5"
expect_exit 3 "Zone Is Full \(SCT 0x1 SC 0xb9, DNR\)" "append to a full zone" \
	"$NGIO" zone append "$ng" --zone "$z3" --data "$TMP/d1"
"$NGIO" zone report "$ng" --json >"$TMP/after.json"
check "no zone changed after the refusals" cmp "$TMP/before.json" \
	"$TMP/after.json"

# ---- select all, and the open limit
check "open --all (opens the closed zones)" "$NGIO" zone open "$ng" --all
expect_state "open --all" "$z2" EXP_OPENED
check "close --all" "$NGIO" zone close "$ng" --all
expect_state "close --all" 0 CLOSED 8
expect_state "close --all" "$z2" CLOSED
check "finish --all" "$NGIO" zone finish "$ng" --all
expect_state "finish --all" 0 FULL
expect_state "finish --all" "$zsze" FULL
for z in 5 6 7; do
	check "open --zone $((z * zsze))" "$NGIO" zone open "$ng" \
		--zone $((z * zsze))
done
expect_exit 3 "Too Many Open Zones \(SCT 0x1 SC 0xbe, DNR\)" \
	"a fourth explicit open (max open ${ZNS1[5]})" \
	"$NGIO" zone open "$ng" --zone $((8 * zsze))
expect_state "refused open" $((8 * zsze)) EMPTY $((8 * zsze))
check "reset --zone 0" "$NGIO" zone reset "$ng" --zone 0
expect_state "reset" 0 EMPTY 0
check "reset --all" "$NGIO" zone reset "$ng" --all
expect_all_empty "reset --all empties every zone"
check "ZNS2 reset --all" "$NGIO" zone reset "${ZNS2[0]}" --all

# Zone descriptor extension (ZNS2 has 64-byte ones): a wrong size is
# refused, the right one is set and the zone leaves Empty for Closed.
head -c 64 /dev/urandom >"$TMP/ext64"
head -c 65 /dev/urandom >"$TMP/ext65"
expect_exit 1 "64 bytes" "desc with a 65-byte file" \
	"$NGIO" zone desc "${ZNS2[0]}" --zone 0 --data "$TMP/ext65"
check "desc sets a 64-byte extension" \
	"$NGIO" zone desc "${ZNS2[0]}" --zone 0 --data "$TMP/ext64"
if "$NGIO" zone report "${ZNS2[0]}" --count 1 --json 2>/dev/null |
	grep -q '"state":"CLOSED"'; then
	ok "desc: the zone is Closed with its extension"
else
	not_ok "desc: zone 0 of ${ZNS2[0]} is not Closed"
fi

# Extended report: the extension comes back, as nvme-cli shows it too.
zcmp "extended, ZNS2" "--ext" "--extended" "${ZNS2[0]}" "$b2"
"$NGIO" zone report "${ZNS2[0]}" --ext --count 2 --json >"$TMP/ext.json" \
	2>"$TMP/err"
check "report --ext: zone 0's ext_hex is the 64 bytes set, zone 1's \
ext_data 'Not valid'" python3 -c '
import json, sys
z = json.load(open(sys.argv[1]))["zone_list"]
want = open(sys.argv[2], "rb").read().hex()
sys.exit(0 if z[0]["ext_hex"] == want and z[1]["ext_data"] == "Not valid"
         and "ext_hex" not in z[1] else 1)' "$TMP/ext.json" "$TMP/ext64"
"$NGIO" zone report "${ZNS2[0]}" --ext --count 1 >"$TMP/ext.txt" 2>&1
hex=$(od -An -tx1 -v "$TMP/ext64" | tr -d ' \n')
if grep -q "ext ${hex:0:64}\$" "$TMP/ext.txt" &&
	grep -q "^ *${hex:64:64}\$" "$TMP/ext.txt"; then
	ok "report --ext prints the extension in hex under its zone"
else
	not_ok "report --ext text"
	diag "$TMP/ext.txt"
fi
expect_exit 1 "no zone descriptor extensions" \
	"report --ext on a namespace without extensions" \
	"$NGIO" zone report "$ng" --ext
"$NGIO" zone reset "${ZNS2[0]}" --all

# Zone random write areas (ZNS2: 8 blocks, flushed 2 at a time): writes
# in the area leave the write pointer; zrwa-flush moves it.
zn2=${ZNS2[0]} zr=$((2 * ${ZNS2[2]}))
zn2wp() {
	"$NGIO" zone report "$zn2" --zone "$zr" --count 1 --json 2>/dev/null |
		python3 -c 'import json, sys
z = json.load(sys.stdin)["zone_list"][0]
wp = "-" if z["state"] == "FULL" else z["wp"] - z["slba"]
print(z["state"], wp, z["attrs"])'
}
# expect_zn2 DESC "STATE WP-OFFSET ATTRS"
expect_zn2() {
	local got
	got=$(zn2wp)
	if [ "$got" = "$2" ]; then
		ok "$1: $got"
	else
		not_ok "$1: zone $zr is '$got', want '$2'"
	fi
}
check "open --zrwa" "$NGIO" zone open "$zn2" --zone "$zr" --zrwa
expect_zn2 "open --zrwa: explicitly opened, ZRWAV (8)" "EXP_OPENED 0 8"
check "write 1 block ahead of the write pointer, inside the ZRWA" \
	"$NGIO" write "$zn2" --lba $((zr + 1)) --blocks 1 --data "$TMP/d1"
expect_zn2 "the write pointer has not moved" "EXP_OPENED 0 8"
check "zrwa-flush --lba zone+1 (one flush unit)" \
	"$NGIO" zone zrwa-flush "$zn2" --lba $((zr + 1))
expect_zn2 "zrwa-flush moved the write pointer 2 blocks" "EXP_OPENED 2 8"
"$NGIO" read "$zn2" --lba $((zr + 1)) --blocks 1 --data "$TMP/r1" 2>"$TMP/err"
if cmp -s "$TMP/r1" "$TMP/d1"; then
	ok "the block written in the ZRWA reads back"
else
	not_ok "the block written in the ZRWA reads back"
fi
expect_exit 3 "Invalid Field in Command" \
	"zrwa-flush of 1 block (not a flush unit)" \
	"$NGIO" zone zrwa-flush "$zn2" --lba $((zr + 2))
expect_exit 3 "Boundary Error" "zrwa-flush below the write pointer" \
	"$NGIO" zone zrwa-flush "$zn2" --lba "$zr"
expect_exit 3 "Invalid Zone Operation Request" "append to a ZRWA zone" \
	"$NGIO" zone append "$zn2" --zone "$zr" --data "$TMP/d1"
expect_zn2 "the refused commands left the zone" "EXP_OPENED 2 8"
expect_exit 1 "--lba LBA" "zrwa-flush without --lba" \
	"$NGIO" zone zrwa-flush "$zn2"
expect_exit 1 "past the end" "zrwa-flush --lba past the end" \
	"$NGIO" zone zrwa-flush "$zn2" --lba $((${ZNS2[2]} * ${ZNS2[4]}))
expect_exit 1 "no zone random write areas" "zrwa-flush on ZNS1 (none)" \
	"$NGIO" zone zrwa-flush "$ng" --lba 0
expect_exit 1 "no zone random write areas" "open --zrwa on ZNS1 (none)" \
	"$NGIO" zone open "$ng" --zone 0 --zrwa
check "finish the ZRWA zone" "$NGIO" zone finish "$zn2" --zone "$zr"
expect_zn2 "finished: full, ZRWA released" "FULL - 0"
"$NGIO" zone reset "${ZNS2[0]}" --all
done_testing
