#!/bin/bash
# Identify: fields match what QEMU was given, and nvme-cli on every field.
. "$(dirname "$0")/lib.sh"

for ns in NS1 NS2; do
	declare -n n=$ns
	ng=${n[0]} blk=${n[1]} lbs=${n[2]} nsze=${n[3]}
	case $lbs in 512) ds=9 ;; 4096) ds=12 ;; esac

	"$NGIO" id-ctrl "$ng" --json >"$TMP/ctrl.json" 2>"$TMP/err"
	nvme id-ctrl "$CTRL" -o json >"$TMP/ctrl-nvme.json" 2>>"$TMP/err"
	check "$ng id-ctrl --json agrees with nvme-cli, mn and sn as the rig set" \
		"$TESTS_DIR/jsoncmp.py" "$TMP/ctrl.json" "$TMP/ctrl-nvme.json" \
		"mn=$LAYOUT_MODEL" "sn=$LAYOUT_SERIAL"

	"$NGIO" id-ns "$ng" --json >"$TMP/ns.json" 2>"$TMP/err"
	nvme id-ns "$blk" -o json >"$TMP/ns-nvme.json" 2>>"$TMP/err"
	check "$ng id-ns --json agrees with nvme-cli, nsze $nsze" \
		"$TESTS_DIR/jsoncmp.py" "$TMP/ns.json" "$TMP/ns-nvme.json" \
		"nsze=$nsze" "ncap=$nsze"
	check "$ng in-use LBA format has ${lbs}-byte blocks" python3 -c "
import json, sys
d = json.load(open('$TMP/ns.json'))
f = d['flbas'] & 0xf
sys.exit(0 if d['lbafs'][f]['ds'] == $ds and d['lbafs'][f]['ms'] == 0 else 1)"

	"$NGIO" id-ns "$ng" >"$TMP/ns.txt" 2>&1
	check "$ng id-ns human output shows nsze and the in-use format" \
		grep -Eq "^nsze +: $nsze\$" "$TMP/ns.txt"
	check "$ng id-ns human output marks the in-use format" \
		grep -Eq "lbads:$ds +rp:0x0 \(in use\)" "$TMP/ns.txt"
done

"$NGIO" id-ctrl "$CTRL" >"$TMP/ctrl.txt" 2>&1
check "id-ctrl on the controller node, human output" \
	grep -Eq "^mn +: $LAYOUT_MODEL\$" "$TMP/ctrl.txt"
"$NGIO" id-ns "${NS1[1]}" --json >"$TMP/ns-blk.json" 2>&1
"$NGIO" id-ns "${NS1[0]}" --json >"$TMP/ns-ng.json" 2>&1
check "the block node resolves to the same namespace as the ng node" \
	cmp "$TMP/ns-blk.json" "$TMP/ns-ng.json"
expect_exit 1 "controller" "id-ns on a controller node is a usage error" \
	"$NGIO" id-ns "$CTRL"
done_testing
