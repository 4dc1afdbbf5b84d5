#!/bin/bash
# Namespaces named by controller and NSID (nvme0:3) and through symlinks
# to their block nodes (udev's /dev/disk/by-id names), as the library and
# every command take them; ngio list's NSID column and order.
. "$(dirname "$0")/lib.sh"

as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"; }
c=${CTRL#/dev/}		# nvme0
ci=${c#nvme}		# 0

# ---- every namespace by name: the same one as its node --------------
# same DESC NAME NODE CMD [ARGS]: ngio CMD gives the same JSON, and
# succeeds, for NAME and NODE.
same() {
	local desc=$1 name=$2 node=$3
	shift 3
	if "$NGIO" "$1" "$name" "${@:2}" --json >"$TMP/name.json" 2>"$TMP/err" &&
		"$NGIO" "$1" "$node" "${@:2}" --json >"$TMP/node.json" 2>>"$TMP/err" &&
		cmp -s "$TMP/name.json" "$TMP/node.json"; then
		ok "$desc"
	else
		not_ok "$desc"
		diag "$TMP/err"
	fi
}
for ((i = 1; i <= LAYOUT_NNS; i++)); do
	same "id-ns $c:$i --json equals id-ns ${LAYOUT_NG[i]}" \
		"$c:$i" "${LAYOUT_NG[i]}" id-ns
done
same "/dev/$c:3 is ${LAYOUT_NG[3]}" "/dev/$c:3" "${LAYOUT_NG[3]}" id-ns
same "id-ns --cs: $c:4 is ${LAYOUT_NG[4]}" "$c:4" "${LAYOUT_NG[4]}" id-ns --cs
same "id-ctrl $c:2: the controller's identify" "$c:2" "$CTRL" id-ctrl

# The library resolves the name to the nodes (ctypes: no test binary).
check "ngio_dev_open($c:N): ng, block and controller paths, NSID" $PY -c "
import ctypes, sys
lib = ctypes.CDLL('$BUILD/lib/libngio.so')
lib.ngio_dev_ng_path.restype = ctypes.c_char_p
lib.ngio_dev_blk_path.restype = ctypes.c_char_p
lib.ngio_dev_ctrl_path.restype = ctypes.c_char_p
lib.ngio_dev_geometry.restype = ctypes.POINTER(ctypes.c_uint32)
ng = '${LAYOUT_NG[*]}'.split(); blk = '${LAYOUT_BLK[*]}'.split()
bad = []
for i in range(1, $LAYOUT_NNS + 1):
    dev = ctypes.c_void_p()
    ret = lib.ngio_dev_open(b'$c:%d' % i, 0, ctypes.byref(dev))
    if ret:
        bad.append((i, ret))
        continue
    got = (lib.ngio_dev_ng_path(dev).decode(), lib.ngio_dev_blk_path(dev).decode(),
           lib.ngio_dev_ctrl_path(dev).decode(), lib.ngio_dev_geometry(dev)[0])
    if got != (ng[i], blk[i], '$CTRL', i):
        bad.append((i, got))
    lib.ngio_dev_close(dev)
print(bad)
sys.exit(1 if bad else 0)"

# ---- data through the name lands on the namespace -------------------
lbs=${NS1[2]}
rand "$TMP/pat" $((8 * lbs))
check "write 8 blocks through $c:1" "$NGIO" write "$c:1" --lba 4096 \
	--blocks 8 --data "$TMP/pat"
check "read back through ${NS1[0]}" "$NGIO" read "${NS1[0]}" --lba 4096 \
	--blocks 8 --data "$TMP/back"
check "... the same data" cmp "$TMP/pat" "$TMP/back"
dd if="${NS1[1]}" of="$TMP/blk" bs="$lbs" skip=4096 count=8 iflag=direct \
	status=none
check "... and on its block node ${NS1[1]}" cmp "$TMP/pat" "$TMP/blk"
check "read through $c:1 gives it too" "$NGIO" read "$c:1" --lba 4096 \
	--blocks 8 --data "$TMP/back2"
check "... the same data" cmp "$TMP/pat" "$TMP/back2"
check "bench takes $c:1" "$NGIO" bench "$c:1" --ios 64 --qd 4
check "bench --engine block takes $c:1 (its block node)" \
	"$NGIO" bench "$c:1" --engine block --ios 64 --qd 4

# ---- names that are not a namespace: one line, non-zero -------------
expect_exit 2 "^ngio: id-ns: $c:99: no namespace with NSID 99 on $c\$" \
	"$c:99: no such NSID, exit 2" "$NGIO" id-ns "$c:99"
expect_exit 2 "^ngio: read: $c:4294967294: no namespace with NSID 4294967294 on $c\$" \
	"$c:4294967294: the highest NSID, absent" \
	"$NGIO" read "$c:4294967294" --lba 0 --blocks 1 --data "$TMP/x"
expect_exit 2 "^ngio: id-ctrl: nvme$((ci + 57)):1: no controller nvme$((ci + 57))\$" \
	"nvme$((ci + 57)):1: no such controller, exit 2" \
	"$NGIO" id-ctrl "nvme$((ci + 57)):1"
expect_exit 2 "^ngio: bench: $c:99: no namespace with NSID 99 on $c\$" \
	"bench $c:99: the same line" "$NGIO" bench "$c:99" --ios 8
for bad in "$c:" "$c:0" "$c:-1" "$c:4294967295" "nvmex:1" "$c:3x" \
	"$c:03" "/dev/$c:"; do
	expect_exit 1 "^ngio: id-ns: $bad: not a namespace name \(want nvmeC:NSID" \
		"'$bad' is refused as malformed, exit 1" "$NGIO" id-ns "$bad"
	check "'$bad': one line on stderr" test "$(wc -l <"$TMP/err")" = 1
done
# Without permission: the name is found (sysfs), the node refused.
expect_exit 2 "^ngio: id-ns: $c:1: Permission denied" \
	"$c:1 as nobody: permission is missing, said as such" \
	as_nobody "$NGIO" id-ns "$c:1"

# ---- a by-id style symlink to a block node --------------------------
# No udev in the VM: make the link udev would.
mkdir -p "$TMP/by-id"
link=$TMP/by-id/nvme-${LAYOUT_MODEL// /_}_${LAYOUT_SERIAL}_5
ln -s "${LAYOUT_BLK[5]}" "$link"
same "by-id link to ${LAYOUT_BLK[5]}: id-ns as the block node" \
	"$link" "${LAYOUT_BLK[5]}" id-ns
same "... and as its ng node ${LAYOUT_NG[5]}, NSID 5" \
	"$link" "${LAYOUT_NG[5]}" id-ns
same "... and as $c:5" "$link" "$c:5" id-ns
ln -s "${LAYOUT_BLK[1]}" "$TMP/by-id/ns1"
check "write through a by-id link" "$NGIO" write "$TMP/by-id/ns1" \
	--lba 8192 --blocks 8 --data "$TMP/pat"
check "read back through $c:1" "$NGIO" read "$c:1" --lba 8192 --blocks 8 \
	--data "$TMP/back3"
check "... the same data" cmp "$TMP/pat" "$TMP/back3"
ln -s "${LAYOUT_NG[2]}" "$TMP/by-id/ng2"
same "a link to an ng node works too" "$TMP/by-id/ng2" "$c:2" id-ns
ln -s /dev/null "$TMP/by-id/null"
expect_exit 2 "not an NVMe device" "a link to /dev/null: not NVMe" \
	"$NGIO" id-ns "$TMP/by-id/null"

# ---- ngio list: NSID first, by controller then NSID -----------------
"$NGIO" list >"$TMP/list.txt" 2>&1
check "list: the header starts with NSID" \
	grep -Eq '^NSID +Generic +Block +Ctrl +CS ' "$TMP/list.txt"
want=$(for ((i = 1; i <= LAYOUT_NNS; i++)); do
	echo "$i ${LAYOUT_NG[i]} ${LAYOUT_BLK[i]} $c"
done)
got=$(awk 'NR > 1 && $4 == "'"$c"'" { print $1, $2, $3, $4 }' "$TMP/list.txt")
if [ "$got" = "$want" ]; then
	ok "list: rows are NSID 1..$LAYOUT_NNS in order, each with its nodes"
else
	not_ok "list: rows are NSID 1..$LAYOUT_NNS in order, each with its nodes"
	diag "$TMP/list.txt"
fi
check "list: rows sorted by controller, then NSID" $PY -c "
import sys
rows = [l.split() for l in open('$TMP/list.txt').read().splitlines()[1:]]
key = [(int(r[3][4:]) if r[3] != '-' else 1 << 40,
        int(r[0]) if r[0] != '-' else 1 << 40) for r in rows]
sys.exit(0 if rows and key == sorted(key) else 1)"
"$NGIO" list --json >"$TMP/list.json" 2>"$TMP/err"
check "list --json: Devices by controller, then NSID, nvme-cli's keys" $PY -c "
import json, sys
d = json.load(open('$TMP/list.json'))['Devices']
ours = [(e['NameSpace'], e['GenericPath']) for e in d if e.get('Controller') == '$c']
key = [(int(e['Controller'][4:]), e['NameSpace']) for e in d]
sys.exit(0 if ours == [(i, '${LAYOUT_NG[*]}'.split()[i]) for i in range(1, $LAYOUT_NNS + 1)]
         and key == sorted(key)
         and all('NameSpace' in e and 'DevicePath' in e for e in d) else 1)"
as_nobody "$NGIO" list >"$TMP/list-nobody.txt" 2>/dev/null
got=$(awk 'NR > 1 && $4 == "'"$c"'" { print $1, $2, $3, $4 }' "$TMP/list-nobody.txt")
if [ "$got" = "$want" ]; then
	ok "list as nobody (sysfs): the same NSIDs, order and nodes"
else
	not_ok "list as nobody (sysfs): the same NSIDs, order and nodes"
	diag "$TMP/list-nobody.txt"
fi
done_testing
